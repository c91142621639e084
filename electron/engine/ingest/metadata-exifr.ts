// The one place that talks to exifr (https://github.com/MikeKovarik/exifr, 7.x).
//
// Import form: exifr's package.json has no "exports" map and its "main" is a UMD bundle, which
// Node's ESM loader sees as CommonJS whose named exports it cannot detect; only the default
// import (module.exports) works at run time, so `import { parse } from 'exifr'` would type-check
// and then fail. Options that exifr reads but its index.d.ts does not declare (silentErrors,
// chunked) are passed through a cast.
import exifr from 'exifr';

type ExifrOptions = NonNullable<Parameters<typeof exifr.parse>[1]>;
type Blocks = Record<string, unknown>;

/**
 * One options object for every file: exifr caches its parsed form by identity, which matters at
 * 10^5-10^6 files.
 */
const READ_OPTIONS = {
  tiff: true,
  ifd0: true,
  exif: true,
  gps: true,
  interop: true,
  ifd1: true,
  // XMP is taken as raw text and checked before exifr's regex parser sees it (metadata-xmp.ts);
  // parsed here, exifr would also merge XMP tiff:/exif: values into the EXIF blocks.
  xmp: { parse: false },
  // Only the main XMP packet: "extended XMP" in JPEG holds depth maps and audio (megabytes of base64).
  multiSegment: false,
  iptc: true,
  ihdr: true, // PNG header and tEXt chunks
  jfif: false,
  icc: false,
  makerNote: false, // maker notes are a separate issue
  userComment: true,
  translateKeys: true,
  translateValues: false, // keep numbers as recorded (Orientation 6, not "Rotate 90 CW")
  reviveValues: false, // keep dates as the recorded strings: see metadata-dates.ts
  sanitize: true, // drop IFD pointers
  mergeOutput: false, // one object per block, so provenance is kept
  silentErrors: true, // a broken block becomes an entry in output.errors, the rest is still read
  chunked: false, // the bytes are already in memory
} as unknown as ExifrOptions;

/** For a lone IFD (Canon CR3 boxes): numeric keys, translated by the caller for the right block. */
const RAW_IFD_OPTIONS = {
  tiff: true,
  ifd0: true,
  exif: false,
  gps: false,
  interop: false,
  ifd1: false,
  xmp: false,
  iptc: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  translateKeys: false,
  translateValues: false,
  reviveValues: false,
  sanitize: true,
  mergeOutput: false,
  silentErrors: true,
  chunked: false,
} as unknown as ExifrOptions;

interface ExifrInstance {
  options: unknown;
  file: Record<string, unknown>;
  parsers: Record<string, { errors?: unknown[] }>;
  fileParser?: unknown;
  read(input: Uint8Array): Promise<void>;
  parse(): Promise<Blocks | undefined>;
}
type ExifrClass = new (options: ExifrOptions) => ExifrInstance;
type FileParserClass = new (options: unknown, file: unknown, parsers: unknown) => unknown;
interface SegmentParserClass {
  parse(input: unknown, options: Record<string, unknown>): unknown;
}

// --- hardening exifr's TIFF tag reader ----------------------------------------------------------
//
// exifr reads every value of every tag it meets, with no limit: one IFD of 65,535 entries each
// claiming a 4 MB ASCII string makes it decode 256 GB; and one tag with a bad type or offset
// throws away the whole IFD (exiftool skips just that tag). Its TIFF parser is therefore wrapped
// once, here: values beyond a budget are replaced by a note of their size, and a tag that cannot
// be read is left out with an error that says which.

/** Values read for one tag (BYTE and UNDEFINED data are views over the bytes and cost nothing). */
const MAX_VALUES_PER_TAG = 64 * 1024;
/** Values read for one TIFF structure, all IFDs together. */
const MAX_VALUES_PER_TIFF = 2_000_000;
/**
 * An IFD with more unreadable or oversized entries than this is garbage, usually a wrong offset
 * into other data: it is dropped rather than read entry by entry (up to 65,535 of them).
 */
const MAX_BAD_ENTRIES_PER_IFD = 16;
const TYPE_BYTE = 1;
const TYPE_UNDEFINED = 7;

interface TiffParser {
  chunk: { getUint16(offset: number): number; getUint32(offset: number): number };
  errors: unknown[];
  lanterneValuesRead?: number;
  lanterneBadEntries?: Record<string, number>;
  parseTag(offset: number, tag: number, blockKey: string): unknown;
}

function hardenTiffParser(): void {
  const Tiff = exifr.segmentParsers.get('tiff') as { prototype: TiffParser } | undefined;
  const inherited = Tiff?.prototype.parseTag;
  // Checked by the hostile-input unit tests; an exifr without this method fails them loudly.
  if (!Tiff || typeof inherited !== 'function') return;
  Tiff.prototype.parseTag = function parseTagWithinLimits(this: TiffParser, offset: number, tag: number, blockKey: string) {
    const name = `${blockKey} tag 0x${tag.toString(16).padStart(4, '0')}`;
    const bad = (reason: string) => {
      const counts = (this.lanterneBadEntries ??= {});
      counts[blockKey] = (counts[blockKey] ?? 0) + 1;
      if (counts[blockKey] > MAX_BAD_ENTRIES_PER_IFD) {
        throw new Error(`${blockKey} IFD dropped: more than ${MAX_BAD_ENTRIES_PER_IFD} unreadable entries`);
      }
      this.errors.push(`${name} not read: ${reason}`);
    };
    let type: number;
    let count: number;
    try {
      type = this.chunk.getUint16(offset + 2);
      count = this.chunk.getUint32(offset + 4);
    } catch (error) {
      bad(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    if (type !== TYPE_BYTE && type !== TYPE_UNDEFINED) {
      const total = (this.lanterneValuesRead ?? 0) + count;
      if (count > MAX_VALUES_PER_TAG || total > MAX_VALUES_PER_TIFF) {
        bad(`${count} values is over the limit`);
        return { omittedValues: count };
      }
      this.lanterneValuesRead = total;
    }
    try {
      return inherited.call(this, offset, tag, blockKey);
    } catch (error) {
      bad(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
}
hardenTiffParser();

// --- reading ------------------------------------------------------------------------------------

/**
 * exifr gives up on a whole file when one embedded segment is malformed (a TIFF whose IPTC tag is
 * typed LONG, as Nikon writes it, throws before IFD0 is read). When a read yields no EXIF block at
 * all, it is retried without IPTC, then with the EXIF blocks alone; the errors of every attempt
 * are returned so the warnings say what was lost.
 */
const RETRY_OPTIONS = [
  { ...(READ_OPTIONS as object), iptc: false },
  { ...(READ_OPTIONS as object), iptc: false, xmp: false, interop: false, ifd1: false, userComment: false },
] as unknown as ExifrOptions[];

/** Reads every block exifr knows from a file (or an embedded TIFF/JPEG); `errors` lists what failed. */
export async function exifrRead(input: Uint8Array, forceHeif = false): Promise<Blocks> {
  const first = await exifrAttempt(input, READ_OPTIONS, forceHeif);
  if (first['errors'] === undefined || hasExif(first)) return first;
  const errors = first['errors'] as unknown[];
  for (const options of RETRY_OPTIONS) {
    const retry = await exifrAttempt(input, options, forceHeif);
    errors.push(...((retry['errors'] as unknown[] | undefined) ?? []));
    if (hasExif(retry)) return { ...first, ...retry, errors };
  }
  return first;
}

const hasExif = (out: Blocks) => out['ifd0'] !== undefined || out['exif'] !== undefined || out['gps'] !== undefined;

/**
 * What exifr.parse() does (new Exifr, read, parse), done here so that the HEIF parser can be
 * chosen for HEIF files whose brands exifr does not recognise (mif1-only files from some
 * Android phones have the same structure), and so that the errors exifr's segment parsers keep
 * to themselves (a broken Exif or GPS IFD is otherwise dropped without a word) are collected.
 */
async function exifrAttempt(input: Uint8Array, options: ExifrOptions, forceHeif: boolean): Promise<Blocks> {
  const reader = new (exifr.Exifr as unknown as ExifrClass)(options);
  await reader.read(input);
  if (forceHeif) {
    const HeifParser = exifr.fileParsers.get('heic') as FileParserClass;
    reader.fileParser = new HeifParser(reader.options, reader.file, reader.parsers);
  }
  const out = (await reader.parse()) ?? {};
  const errors: unknown[] = [out['errors'] ?? []].flat();
  for (const parser of Object.values(reader.parsers)) errors.push(...(parser.errors ?? []));
  delete out['errors'];
  return errors.length > 0 ? { ...out, errors } : out;
}

/** Reads a TIFF structure whose first IFD is `block` (ifd0, exif or gps), tags named for that block. */
export async function exifrReadIfd(tiff: Uint8Array, block: 'ifd0' | 'exif' | 'gps'): Promise<{ tags: Blocks; errors: unknown[] }> {
  const out = await exifrAttempt(tiff, RAW_IFD_OPTIONS, false);
  const names = exifr.tagKeys.get(block);
  const tags: Blocks = {};
  for (const [key, value] of Object.entries((out['ifd0'] as Blocks | undefined) ?? {})) {
    tags[names?.get(Number(key)) ?? key] = value;
  }
  return { tags, errors: Array.isArray(out['errors']) ? out['errors'] : [] };
}

/** exifr's XMP parser on one packet: { namespacePrefix: { Name: value } }. */
export function exifrXmpParse(text: string): Record<string, unknown> | undefined {
  const Xmp = exifr.segmentParsers.get('xmp') as SegmentParserClass;
  return Xmp.parse(text, { parse: true }) as Record<string, unknown> | undefined;
}

/** exifr's IPTC parser on an IPTC-IIM block (from a Photoshop resource). */
export function exifrIptcParse(data: Uint8Array): Record<string, unknown> | undefined {
  const Iptc = exifr.segmentParsers.get('iptc') as SegmentParserClass;
  return Iptc.parse(data, {}) as Record<string, unknown> | undefined;
}
