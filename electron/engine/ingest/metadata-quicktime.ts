// Metadata of QuickTime, MP4 and 3GP videos (ISO-BMFF), read without decoding: the device, the
// recording date and the place that phone and camera videos record in their 'moov' box.
//
// Sources, first found wins (each recorded in tags.lanterne.sources):
//   make, model  Apple meta keys com.apple.quicktime.make/.model, else udta ©mak/©mod, else
//                udta manu/modl (Samsung, Canon), else iTunes-style ilst ©mak/©mod
//   serial       udta SNum / slno as recorded; GoPro CAME (a hash of the serial) as 'internal'
//   software     com.apple.quicktime.software, else udta ©swr
//   taken        com.apple.quicktime.creationdate with its offset as written, else udta ©day,
//                else mvhd creation_time: seconds since 1904 in UTC (ISO 14496-12 §8.2.2), so
//                written with "+00:00" — some cameras put local time there; the source says mvhd
//   gps          com.apple.quicktime.location.ISO6709, else udta ©xyz, else ilst ©xyz, else 3GPP loci
//
// The moov box may sit after gigabytes of 'mdat': given a path, only box headers and the moov box
// are read, with read-only ranged reads. Never throws on the file's content: problems are warnings.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { ExifSummary, GpsPosition, SerialNumberRecord } from '../../../shared/model.js';
import { decodeEvidencePath } from './evidence-reader.js';
import { parseOffset } from './metadata-dates.js';
import { buildTagGroups, cameraString, cleanText } from './metadata-json.js';
import type { ImageMetadata } from './metadata.js';

/** A moov larger than this is not read (a phone's is a few hundred KB; a hostile one could be GBs). */
export const MAX_MOOV_BYTES = 64 << 20;
/** Boxes looked at in one file, top level and inside moov together. */
const MAX_BOXES = 50_000;
/** Containers opened inside each other; real files need 6 (moov/udta/meta/ilst/item/data). */
const MAX_DEPTH = 12;
/** Entries kept from a keys box and udta text fields, each. */
const MAX_ENTRIES = 512;
/** Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01. */
const EPOCH_1904 = 2_082_844_800;

export interface VideoInfo {
  /** The first video track's presentation size (tkhd), before its rotation. */
  width: number | null;
  height: number | null;
  /** Seconds (mvhd duration / timescale). */
  duration: number | null;
  /** Degrees clockwise from the tkhd matrix: 0, 90, 180, 270 (or another angle as recorded). */
  rotation: number | null;
}

export type VideoMetadata = ImageMetadata & { video: VideoInfo };

/** Types whose container this module reads. */
export function isQuickTimeType(mime: string | null): boolean {
  return mime === 'video/mp4' || mime === 'video/quicktime' || mime === 'video/3gpp' || mime === 'video/3gpp2';
}

/** Random access to the file: in memory, or ranged read-only reads of the evidence. */
interface ByteSource {
  size: number;
  /** Bytes at [offset, offset+length) clipped to the file; empty when outside it. */
  read(offset: number, length: number): Uint8Array;
}

/** Never throws: a path that cannot be opened gives an empty result with the reason. */
export function extractQuickTimeMetadata(input: Buffer | Uint8Array | string): VideoMetadata {
  const warnings: string[] = [];
  if (typeof input !== 'string') return safely(() => readMovie(bufferSource(input), warnings), warnings);
  let fd: number;
  try {
    fd = openReadOnly(decodeEvidencePath(input));
  } catch (error) {
    warnings.push(`video metadata not read: cannot open file: ${(error as Error).message}`);
    return emptyVideo(warnings);
  }
  try {
    return safely(() => readMovie(fileSource(fd), warnings), warnings);
  } finally {
    closeSync(fd);
  }
}

function safely(read: () => VideoMetadata, warnings: string[]): VideoMetadata {
  try {
    return read();
  } catch (error) {
    // An I/O error or a bug we did not foresee: this file has no video metadata, the ingest goes on.
    warnings.push(`video metadata could not be read: ${String((error as Error)?.message ?? error).slice(0, 300)}`);
    return emptyVideo(warnings);
  }
}

// ---- reading the boxes ----

interface Box {
  type: string;
  /** The type as a number: an ilst item of an 'mdta' list is named by its 1-based key index. */
  code: number;
  /** Payload start and end (absolute, within the buffer or file). */
  start: number;
  end: number;
}

interface Walk {
  boxes: number;
  warnings: string[];
  capped: boolean;
}

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const i32 = (b: Uint8Array, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
/** 64-bit big-endian as a number; null beyond 2^53 (no real file is that big). */
const u64 = (b: Uint8Array, at: number): number | null => {
  const high = u32(b, at);
  return high >= 0x200000 ? null : high * 0x1_0000_0000 + u32(b, at + 4);
};
const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/**
 * One box header at `at` inside [at, limit): its payload bounds, or null (with a warning) when the
 * header is cut or its size is impossible. A box larger than its parent is clipped to it and said.
 */
function header(head: Uint8Array, at: number, limit: number, walk: Walk): Box | null {
  if (head.length < 8 || limit - at < 8) {
    if (limit - at > 0) walk.warnings.push(`${limit - at} stray bytes at offset ${at}; ignored`);
    return null;
  }
  const type = printable(fourcc(head, 4));
  let size: number | null = u32(head, 0);
  let start = at + 8;
  if (size === 1) {
    if (head.length < 16 || limit - at < 16) {
      walk.warnings.push(`box '${type}' at offset ${at} is cut inside its 64-bit size`);
      return null;
    }
    size = u64(head, 8);
    start = at + 16;
    if (size === null) size = Number.MAX_SAFE_INTEGER;
  } else if (size === 0) {
    size = limit - at; // ISO 14496-12 §4.2: the box runs to the end of its container (the file)
  }
  if (size < start - at) {
    walk.warnings.push(`box '${type}' at offset ${at} has an impossible size ${size}; the rest of its container is not read`);
    return null;
  }
  let end = at + size;
  if (end > limit) {
    walk.warnings.push(`box '${type}' at offset ${at} claims ${size} bytes, past the end of its container (${limit - at} left): cut there`);
    end = limit;
  }
  return { type, code: u32(head, 4), start, end };
}

/** The child boxes of [start, end) in a buffer, bounded by MAX_BOXES. */
function* children(b: Uint8Array, start: number, end: number, walk: Walk): Generator<Box> {
  let at = start;
  while (at < end) {
    if (++walk.boxes > MAX_BOXES) {
      if (!walk.capped) walk.warnings.push(`more than ${MAX_BOXES} boxes; the rest is not read`);
      walk.capped = true;
      return;
    }
    const box = header(b.subarray(at, Math.min(end, at + 16)), at, end, walk);
    if (!box) return;
    yield box;
    at = box.end;
  }
}

const printable = (text: string): string => text.replace(/[^\x20-\x7e\xa9]/g, '?');

// ---- what the moov box says ----

interface Found {
  brand: string | null;
  mvhd: { created: number | null; modified: number | null; timescale: number; duration: number | null } | null;
  video: VideoInfo & { tracks: number };
  /** udta and ilst items by box type ("©mak", "SNum"...): the first value of each. */
  udta: Map<string, unknown>;
  ilst: Map<string, unknown>;
  /** Apple meta keys/ilst by key name. */
  keys: Map<string, unknown>;
  loci: GpsPosition | null;
}

function readMovie(src: ByteSource, warnings: string[]): VideoMetadata {
  const walk: Walk = { boxes: 0, warnings, capped: false };
  const found: Found = {
    brand: null, mvhd: null, video: { width: null, height: null, duration: null, rotation: null, tracks: 0 },
    udta: new Map(), ilst: new Map(), keys: new Map(), loci: null,
  };
  let at = 0;
  let moov: Box | null = null;
  while (at < src.size && !walk.capped) {
    if (++walk.boxes > MAX_BOXES) {
      warnings.push(`more than ${MAX_BOXES} top-level boxes; the rest is not read`);
      break;
    }
    const box = header(src.read(at, 16), at, src.size, walk);
    if (!box) break;
    if (box.type === 'ftyp' && box.end - box.start >= 4) found.brand = printable(fourcc(src.read(box.start, 4), 0));
    if (box.type === 'moov') {
      moov = box;
      break;
    }
    at = box.end;
  }
  if (!moov) {
    warnings.push('no moov box: the video has no readable metadata (cut short, or still being recorded)');
  } else if (moov.end - moov.start > MAX_MOOV_BYTES) {
    warnings.push(`moov box of ${moov.end - moov.start} bytes is over the ${MAX_MOOV_BYTES >> 20} MB limit; not read`);
  } else {
    const bytes = src.read(moov.start, moov.end - moov.start);
    readMoov(bytes, 0, bytes.length, found, walk);
  }
  return toMetadata(found, warnings);
}

function readMoov(b: Uint8Array, start: number, end: number, found: Found, walk: Walk): void {
  for (const box of children(b, start, end, walk)) {
    if (box.type === 'mvhd') found.mvhd ??= readMvhd(b.subarray(box.start, box.end), walk);
    else if (box.type === 'trak') readTrak(b, box, found, walk);
    else if (box.type === 'udta') readUdta(b, box, found, walk, 2);
    else if (box.type === 'meta') readMeta(b, box, found, walk, 2);
  }
}

function readMvhd(p: Uint8Array, walk: Walk): Found['mvhd'] {
  const v1 = p[0] === 1;
  if (p.length < (v1 ? 32 : 20)) {
    walk.warnings.push('mvhd box is cut short; no recording time or duration');
    return null;
  }
  const created = v1 ? u64(p, 4) : u32(p, 4);
  const modified = v1 ? u64(p, 12) : u32(p, 8);
  const timescale = u32(p, v1 ? 20 : 12);
  const duration = v1 ? u64(p, 24) : u32(p, 16);
  return { created, modified, timescale, duration };
}

function readTrak(b: Uint8Array, trak: Box, found: Found, walk: Walk): void {
  let tkhd: Uint8Array | null = null;
  let handler: string | null = null;
  for (const box of children(b, trak.start, trak.end, walk)) {
    if (box.type === 'tkhd') tkhd = b.subarray(box.start, box.end);
    else if (box.type === 'mdia') {
      for (const inner of children(b, box.start, box.end, walk)) {
        // hdlr: version/flags, pre_defined (QuickTime: component type), handler_type.
        if (inner.type === 'hdlr' && inner.end - inner.start >= 12) handler = fourcc(b, inner.start + 8);
      }
    }
  }
  if (handler !== 'vide') return;
  found.video.tracks++;
  if (found.video.tracks > 1 || !tkhd) return; // the first video track speaks for the file
  const v1 = tkhd[0] === 1;
  const matrixAt = v1 ? 52 : 40;
  if (tkhd.length < matrixAt + 44) {
    walk.warnings.push('tkhd box of the video track is cut short; no frame size');
    return;
  }
  found.video.width = Math.round(u32(tkhd, matrixAt + 36) / 65536);
  found.video.height = Math.round(u32(tkhd, matrixAt + 40) / 65536);
  // Matrix {a b u; c d v; x y w}, a and b 16.16: the display rotation is atan2(b, a).
  const a = i32(tkhd, matrixAt) / 65536;
  const bb = i32(tkhd, matrixAt + 4) / 65536;
  found.video.rotation = a === 0 && bb === 0 ? null : (Math.round((Math.atan2(bb, a) * 180) / Math.PI) + 360) % 360;
}

/** udta: QuickTime user data, one box per field. */
function readUdta(b: Uint8Array, udta: Box, found: Found, walk: Walk, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const box of children(b, udta.start, udta.end, walk)) {
    const p = b.subarray(box.start, box.end);
    if (box.type === 'meta') readMeta(b, box, found, walk, depth + 1);
    else if (box.type === 'loci') found.loci ??= readLoci(p);
    else if (box.type === 'CAME') keep(found.udta, box.type, Buffer.from(p.subarray(0, 64)).toString('hex'), walk);
    else if (box.type.startsWith('©')) keep(found.udta, box.type, quickTimeText(b, box, walk), walk);
    else if (TEXT_FIELDS.has(box.type)) keep(found.udta, box.type, assetText(p), walk);
    else keep(found.udta, box.type, { bytes: p.length }, walk);
  }
}

/** udta fields that hold plain text (or 3GPP asset text): maker, model and serial numbers. */
const TEXT_FIELDS = new Set(['manu', 'modl', 'SNum', 'slno', 'auth', 'titl', 'dscp', 'cprt', 'perf', 'gnre', 'FIRM', 'LENS', 'CNMN', 'CNFV']);

function keep(map: Map<string, unknown>, key: string, value: unknown, walk: Walk): void {
  if (value === null || map.has(key)) return;
  if (map.size >= MAX_ENTRIES) {
    if (map.size === MAX_ENTRIES) walk.warnings.push(`more than ${MAX_ENTRIES} metadata fields; the rest is not kept`);
    map.set('…', { omitted: true });
    return;
  }
  map.set(key, value);
}

/**
 * A '©xxx' user-data item: QuickTime text entries (16-bit length, 16-bit language, text), or, as
 * some MP4 writers do, a 'data' box as in an ilst.
 */
function quickTimeText(b: Uint8Array, box: Box, walk: Walk): unknown {
  const p = b.subarray(box.start, box.end);
  if (p.length >= 16 && fourcc(p, 4) === 'data') return itemValue(b, box, walk);
  if (p.length >= 4) {
    const length = u16(p, 0);
    if (length <= p.length - 4) return utf8(p.subarray(4, 4 + length));
  }
  return utf8(p);
}

/** 3GPP asset boxes (TS 26.244 §8) and Canon's manu/modl: version/flags and language, then text. */
function assetText(p: Uint8Array): string {
  return utf8(p.length >= 6 && u32(p, 0) === 0 ? p.subarray(6) : p);
}

/** 3GPP loci (TS 26.244 §8.11): lang, name, role, then longitude, latitude, altitude as 16.16. */
function readLoci(p: Uint8Array): GpsPosition | null {
  if (p.length < 6) return null;
  let at = 6;
  while (at < p.length && p[at] !== 0) at++;
  at += 2; // the name's NUL, the role byte
  if (at + 12 > p.length) return null;
  const lon = i32(p, at) / 65536;
  const lat = i32(p, at + 4) / 65536;
  const alt = i32(p, at + 8) / 65536;
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0) ? { lat, lon, alt } : null;
}

/** meta: a full box in MP4, a plain one in QuickTime; hdlr 'mdta' with keys + ilst, or 'mdir' (iTunes). */
function readMeta(b: Uint8Array, meta: Box, found: Found, walk: Walk, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const fullBox = meta.end - meta.start >= 12 && u32(b, meta.start) === 0 && !['hdlr', 'keys', 'ilst'].includes(fourcc(b, meta.start + 4));
  const start = meta.start + (fullBox ? 4 : 0);
  let keyNames: string[] = [];
  let ilst: Box | null = null;
  for (const box of children(b, start, meta.end, walk)) {
    if (box.type === 'keys') keyNames = readKeys(b.subarray(box.start, box.end), walk);
    else if (box.type === 'ilst') ilst ??= box;
  }
  if (!ilst) return;
  for (const item of children(b, ilst.start, ilst.end, walk)) {
    // mdta items are named by their 1-based index into keys; iTunes ones by a four-character code.
    const index = item.code;
    const value = itemValue(b, item, walk);
    if (index >= 1 && index <= keyNames.length) keep(found.keys, keyNames[index - 1]!, value, walk);
    else keep(found.ilst, item.type, value, walk);
  }
}

/** keys (Apple QuickTime File Format, "Metadata Key Atom"): count, then size, namespace, name. */
function readKeys(p: Uint8Array, walk: Walk): string[] {
  if (p.length < 8) return [];
  const count = u32(p, 4);
  const names: string[] = [];
  let at = 8;
  while (names.length < count && at + 8 <= p.length) {
    const size = u32(p, at);
    if (size < 8 || at + size > p.length) {
      walk.warnings.push(`metadata key ${names.length + 1} of ${count} has an impossible size ${size}; the rest are not read`);
      break;
    }
    if (names.length >= MAX_ENTRIES) {
      walk.warnings.push(`more than ${MAX_ENTRIES} metadata keys; the rest are not read`);
      break;
    }
    names.push(printable(utf8(p.subarray(at + 8, at + size))).slice(0, 128));
    at += size;
  }
  if (names.length < count && names.length < MAX_ENTRIES && at + 8 > p.length) {
    walk.warnings.push(`keys box announces ${count} keys but holds ${names.length}`);
  }
  return names;
}

/** The value of an ilst item: its first 'data' box (type, locale, value). */
function itemValue(b: Uint8Array, item: Box, walk: Walk): unknown {
  for (const box of children(b, item.start, item.end, walk)) {
    if (box.type !== 'data' || box.end - box.start < 8) continue;
    const p = b.subarray(box.start + 8, box.end);
    switch (u32(b, box.start) & 0xffffff) {
      case 1: return utf8(p);
      case 2: return new TextDecoder('utf-16be').decode(p);
      case 21: return p.length === 1 ? (p[0]! << 24) >> 24 : p.length === 2 ? (u16(p, 0) << 16) >> 16 : p.length === 4 ? i32(p, 0) : { bytes: p.length };
      case 22: return p.length === 1 ? p[0]! : p.length === 2 ? u16(p, 0) : p.length === 4 ? u32(p, 0) : { bytes: p.length };
      case 23: return p.length === 4 ? finite(Buffer.from(p).readFloatBE(0)) : { bytes: p.length };
      case 24: return p.length === 8 ? finite(Buffer.from(p).readDoubleBE(0)) : { bytes: p.length };
      default: return { bytes: p.length };
    }
  }
  return null;
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
const utf8 = (p: Uint8Array): string => new TextDecoder('utf-8').decode(p).replace(/\0+$/, '');

// ---- into the case's shape ----

function toMetadata(found: Found, warnings: string[]): VideoMetadata {
  const sources: Record<string, string> = {};
  const apple = (name: string): [string, unknown] => [`quicktime.keys.com.apple.quicktime.${name}`, found.keys.get(`com.apple.quicktime.${name}`)];
  const udta = (type: string): [string, unknown] => [`quicktime.udta.${type}`, found.udta.get(type)];
  const ilst = (type: string): [string, unknown] => [`quicktime.ilst.${type}`, found.ilst.get(type)];
  const pick = (name: string, candidates: Array<[string, unknown]>, read: (value: unknown) => string | null = cameraString): string | null => {
    for (const [from, value] of candidates) {
      const text = read(value);
      if (text !== null) {
        sources[name] = from;
        return text;
      }
    }
    return null;
  };
  const summary: ExifSummary = {
    make: pick('make', [apple('make'), udta('©mak'), udta('manu'), ilst('©mak'), ['quicktime.keys.com.android.manufacturer', found.keys.get('com.android.manufacturer')]]),
    model: pick('model', [apple('model'), udta('©mod'), udta('modl'), udta('CNMN'), ilst('©mod'), ['quicktime.keys.com.android.model', found.keys.get('com.android.model')]]),
    serial: null,
    lens: null,
    software: pick('software', [apple('software'), udta('©swr'), ilst('©swr'), ilst('©too')]),
    taken: null,
    gps: null,
  };
  const serials: SerialNumberRecord[] = [];
  for (const type of ['SNum', 'slno']) {
    const value = cameraString(found.udta.get(type));
    if (value !== null) serials.push({ kind: 'body', value, source: `quicktime.udta.${type}` });
  }
  const came = found.udta.get('CAME');
  if (typeof came === 'string' && /[1-9a-f]/.test(came)) serials.push({ kind: 'internal', value: came, source: 'quicktime.udta.CAME' });
  const body = serials.find((s) => s.kind === 'body');
  if (body) {
    summary.serial = body.value;
    sources['serial'] = body.source;
  }

  const recorded = (value: unknown): string | null => (typeof value === 'string' ? recordedDate(value, warnings) : null);
  summary.taken = pick('taken', [apple('creationdate'), udta('©day'), ilst('©day')], recorded);
  const mvhdCreated = found.mvhd ? quickTimeTime(found.mvhd.created) : null;
  if (summary.taken === null && mvhdCreated !== null) {
    summary.taken = mvhdCreated;
    sources['taken'] = 'quicktime.mvhd.CreateTime';
  }
  for (const [from, value] of [apple('location.ISO6709'), udta('©xyz'), ilst('©xyz')]) {
    if (typeof value !== 'string') continue;
    const gps = parseIso6709(value);
    if (gps) {
      summary.gps = gps;
      sources['gps'] = from;
      break;
    }
    warnings.push(`${from} "${cleanText(value, 40)}" is not an ISO 6709 position; ignored`);
  }
  if (!summary.gps && found.loci) {
    summary.gps = found.loci;
    sources['gps'] = 'quicktime.udta.loci';
  }

  const mvhd = found.mvhd;
  const video: VideoInfo = {
    width: found.video.width,
    height: found.video.height,
    duration: mvhd && mvhd.timescale > 0 && mvhd.duration !== null ? Math.round((mvhd.duration / mvhd.timescale) * 1000) / 1000 : null,
    rotation: found.video.rotation,
  };
  const block: Record<string, unknown> = {
    MajorBrand: found.brand,
    CreateTime: mvhdCreated,
    ModifyTime: mvhd ? quickTimeTime(mvhd.modified) : null,
    Duration: video.duration,
    ImageWidth: video.width,
    ImageHeight: video.height,
    Rotation: video.rotation,
    VideoTracks: found.video.tracks,
  };
  for (const [key, value] of found.udta) block[`udta.${key}`] = value;
  for (const [key, value] of found.ilst) block[`ilst.${key}`] = value;
  for (const [key, value] of found.keys) block[`keys.${key}`] = value;
  if (found.loci) block['udta.loci'] = found.loci;
  for (const key of Object.keys(block)) if (block[key] === null) delete block[key];
  const tags = buildTagGroups([['quicktime', block]], warnings);
  if (Object.keys(sources).length > 0) tags['lanterne'] = { ...tags['lanterne'], sources };
  return {
    summary, orientation: null, tags, warnings, video,
    camera: { serials, lensSerial: null, owner: null, modified: null, shutterCount: null },
    descriptive: { keywords: [], caption: null, creator: null, copyright: null },
    edits: { thumbnailMismatch: null, software: null, history: [], dates: [], photoshop: false, possiblyEdited: false },
    thumbnail: null,
  };
}

/** mvhd seconds since 1904 in UTC; 0 (1904-01-01) and the Unix epoch (what muxers write when unset) are "not set". */
function quickTimeTime(seconds: number | null): string | null {
  if (seconds === null || seconds === 0 || seconds === EPOCH_1904) return null;
  const date = new Date((seconds - EPOCH_1904) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return null;
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/**
 * A recorded date as written ("2021-07-04T13:22:10+0200", "2021-07-04T13:22:10Z", "2021-07-04
 * 13:22:10"): re-punctuated, fractions dropped (as metadata-dates.ts does), never converted.
 */
export function recordedDate(raw: string, warnings: string[]): string | null {
  const text = raw.trim();
  if (text === '') return null;
  const m = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const valid = m && validDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!m || !valid) {
    warnings.push(`video date "${cleanText(text, 40)}" is not a valid date; ignored`);
    return null;
  }
  let offset = '';
  if (m[7] !== undefined) {
    const parsed = parseOffset(m[7]);
    if (parsed === null) warnings.push('time-zone offset of the video date is not valid; left out');
    else offset = parsed;
  }
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
}

function validDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * ISO 6709 as video writers use it: "+50.8466+004.3528+012.000/", altitude optional, "CRSWGS_84"
 * before the slash from some writers; degrees-minutes(-seconds) forms (+5050.796+00421.168/) too.
 */
export function parseIso6709(raw: string): GpsPosition | null {
  const m = /^\s*([+-])(\d+(?:\.\d*)?)([+-])(\d+(?:\.\d*)?)(?:([+-])(\d+(?:\.\d*)?))?\s*(?:CRS[A-Za-z0-9_]*)?\s*\/?\s*$/.exec(raw.replace(/\0+$/, ''));
  if (!m) return null;
  const lat = sexagesimal(m[2]!, 2);
  const lon = sexagesimal(m[4]!, 3);
  if (lat === null || lon === null || lat > 90 || lon > 180) return null;
  const alt = m[6] === undefined ? null : Number(m[6]) * (m[5] === '-' ? -1 : 1);
  return { lat: m[1] === '-' ? -lat : lat, lon: m[3] === '-' ? -lon : lon, alt: alt !== null && Number.isFinite(alt) ? alt : null };
}

/** Degrees from D, DM or DMS digits: the integer part's length tells which (2 or 3 digits of degrees). */
function sexagesimal(text: string, degreeDigits: number): number | null {
  const whole = text.split('.')[0]!;
  const fraction = text.slice(whole.length);
  let value: number;
  if (whole.length <= degreeDigits) value = Number(text);
  else if (whole.length === degreeDigits + 2) value = Number(whole.slice(0, degreeDigits)) + Number(whole.slice(degreeDigits) + fraction) / 60;
  else if (whole.length === degreeDigits + 4) {
    value = Number(whole.slice(0, degreeDigits)) + Number(whole.slice(degreeDigits, degreeDigits + 2)) / 60 + Number(whole.slice(degreeDigits + 2) + fraction) / 3600;
  } else return null;
  return Number.isFinite(value) ? value : null;
}

// ---- sources of bytes ----

function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + Math.max(0, length))) };
}

function fileSource(fd: number): ByteSource {
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      if (!(offset >= 0 && offset < size && length > 0)) return new Uint8Array(0);
      const out = Buffer.allocUnsafe(Math.min(length, size - offset)); // callers cap length (MAX_MOOV_BYTES)
      let got = 0;
      while (got < out.length) {
        const n = readSync(fd, out, got, out.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return out.subarray(0, got);
    },
  };
}

/** Read-only, without touching the access time where the OS allows (as evidence-reader.ts). */
function openReadOnly(file: string | Buffer): number {
  const noAtime = (constants as Record<string, number>)['O_NOATIME'] ?? 0;
  if (noAtime) {
    try {
      return openSync(file, constants.O_RDONLY | noAtime);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
  return openSync(file, constants.O_RDONLY);
}

function emptyVideo(warnings: string[]): VideoMetadata {
  return toMetadata(
    { brand: null, mvhd: null, video: { width: null, height: null, duration: null, rotation: null, tracks: 0 }, udta: new Map(), ilst: new Map(), keys: new Map(), loci: null },
    warnings,
  );
}
