// The facts beyond the summary that link images to one camera and one person: every serial
// number (standard EXIF, DNG, maker notes, XMP, PictureInfo), the lens serial, the owner name set
// in the camera, and the descriptive fields people and their tools add (IPTC-IIM and XMP
// keywords, caption, creator, copyright).
//
// Serial sources, in the order `serial` (the best body serial) prefers them:
//   exif.BodySerialNumber (0xa431) · ifd0.CameraSerialNumber (DNG 0xc62f) · the maker note's body
//   serial · xmp exifEX:BodySerialNumber, aux:SerialNumber · PictureInfo "Serial#"
// The standard tags come first because they are what the camera itself exports as "the" serial;
// exiftool's composite SerialNumber prefers them the same way.
import type { SerialNumberRecord } from '../../../shared/model.js';
import type { MakerNoteFacts } from './makernotes/index.js';
import { cameraString, cleanText } from './metadata-json.js';

export interface MetadataDepth {
  serials: SerialNumberRecord[];
  /** Best body serial; else null (internal serials are in `serials`). */
  bodySerial: string | null;
  /** Best serial to link a camera by: the body serial, else an internal serial; null if none. */
  cameraSerial: string | null;
  lensSerial: string | null;
  owner: string | null;
  shutterCount: number | null;
  keywords: string[];
  caption: string | null;
  creator: string | null;
  copyright: string | null;
}

type Block = Record<string, unknown> | undefined;

export interface DepthSources {
  ifd0: Block;
  exif: Block;
  iptc: Block;
  ciff: Block;
  /** XMP as parsed by exifr ("prefix:Name" → value), and the summary fields read as text. */
  xmpTags: Block;
  xmpFields: Record<string, string>;
  makerNote: MakerNoteFacts | null;
  pictureInfo: string | null;
}

const MAX_KEYWORDS = 200;

export function readDepth(s: DepthSources): MetadataDepth {
  const serials: SerialNumberRecord[] = [];
  const add = (kind: SerialNumberRecord['kind'], source: string, value: unknown) => {
    // A numeric 0 is an unset serial (CIFF records of cameras that never had one set).
    const text = typeof value === 'number' && Number.isFinite(value) ? (value === 0 ? null : String(value)) : cameraString(value, 128);
    if (text !== null && !serials.some((r) => r.kind === kind && r.value === text && r.source === source)) serials.push({ kind, value: text, source });
  };
  add('body', 'exif.BodySerialNumber', s.exif?.['SerialNumber']);
  add('body', 'ifd0.CameraSerialNumber', s.ifd0?.['CameraSerialNumber']);
  for (const r of s.makerNote?.serials ?? []) if (r.kind === 'body') add(r.kind, r.source, r.value);
  add('body', 'xmp.exifEX:BodySerialNumber', s.xmpFields['exifEX:BodySerialNumber']);
  add('body', 'xmp.aux:SerialNumber', s.xmpFields['aux:SerialNumber']);
  add('body', 'ciff.SerialNumber', s.ciff?.['SerialNumber']);
  const pictureSerial = s.pictureInfo ? /\bSerial#=([^\r\n]{1,64})/.exec(s.pictureInfo)?.[1] : undefined;
  add('body', 'pictureinfo.Serial#', pictureSerial);
  for (const r of s.makerNote?.serials ?? []) if (r.kind !== 'body') add(r.kind, r.source, r.value);
  add('lens', 'exif.LensSerialNumber', s.exif?.['LensSerialNumber']);
  add('lens', 'xmp.exifEX:LensSerialNumber', s.xmpFields['exifEX:LensSerialNumber']);
  add('lens', 'xmp.aux:LensSerialNumber', s.xmpFields['aux:LensSerialNumber']);

  const iptc = iptcUtf8(s.iptc);
  const body = serials.find((r) => r.kind === 'body') ?? null;
  const internal = serials.find((r) => r.kind === 'internal') ?? null;
  const lens = serials.find((r) => r.kind === 'lens' && !/^0+$/.test(r.value)) ?? null;
  return {
    serials,
    bodySerial: body?.value ?? null,
    cameraSerial: (body ?? internal)?.value ?? null,
    lensSerial: lens?.value ?? null,
    owner: firstText(s.exif?.['OwnerName'], s.makerNote?.owner, s.ciff?.['OwnerName'], xmpText(s.xmpTags?.['exifEX:CameraOwnerName']), xmpText(s.xmpTags?.['aux:OwnerName'])),
    shutterCount: s.makerNote?.shutterCount ?? null,
    keywords: keywordsOf(iptc['Keywords'], s.xmpTags?.['dc:subject']),
    caption: firstText(iptc['Caption'], xmpText(s.xmpTags?.['dc:description']), s.ifd0?.['ImageDescription']),
    creator: firstText(s.ifd0?.['Artist'], iptc['Byline'], xmpText(s.xmpTags?.['dc:creator'])),
    copyright: firstText(s.ifd0?.['Copyright'], iptc['CopyrightNotice'], xmpText(s.xmpTags?.['dc:rights'])),
  };
}

/**
 * Whether a serial can tell one camera from another. Placeholders some firmware writes for every
 * body ("0000000000", "#00000001", "-1") would link unrelated cameras into one.
 */
export function isLinkableSerial(serial: string): boolean {
  const significant = serial.replace(/[^0-9A-Za-z]/g, '').replace(/^0+/, '');
  return significant.length >= 2 && !/^(0+|f+|1234567890?|123456789|12345678)$/i.test(significant);
}

/**
 * exifr reads IPTC-IIM text as Latin-1, but most writers since the 2000s store UTF-8 (declared by
 * dataset 1:90, which exifr does not report): text whose Latin-1 bytes form valid multi-byte
 * UTF-8 is read again as UTF-8 ("Ã³" back to "ó"). Plain ASCII is the same either way.
 */
function iptcUtf8(iptc: Block): Record<string, unknown> {
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (typeof v !== 'string' || !/[\u0080-\u00ff]/.test(v)) return v;
    const utf8 = Buffer.from(v, 'latin1').toString('utf8');
    return utf8.includes('\uFFFD') ? v : utf8;
  };
  const out: Record<string, unknown> = {};
  for (const key of ['Keywords', 'Caption', 'Byline', 'CopyrightNotice']) if (iptc?.[key] !== undefined) out[key] = fix(iptc[key]);
  return out;
}

function firstText(...values: unknown[]): string | null {
  for (const v of values) {
    const text = Array.isArray(v) ? cameraString(v[0], 1024) : cameraString(v, 1024);
    if (text !== null) return text;
  }
  return null;
}

/** XMP values as exifr parses them: a string, a number, a language alternative {lang: text} or a list. */
function xmpText(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return xmpText(value[0]);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return xmpText(v['x-default'] ?? v['value'] ?? Object.values(v)[0]);
  }
  return value;
}

function keywordsOf(...sources: unknown[]): string[] {
  const out: string[] = [];
  const push = (v: unknown) => {
    if (out.length >= MAX_KEYWORDS) return;
    if (Array.isArray(v)) for (const x of v) push(x);
    else if (typeof v === 'number') push(String(v));
    else if (typeof v === 'string') {
      const text = cleanText(v, 256).trim();
      if (text !== '' && !out.includes(text)) out.push(text);
    } else if (v && typeof v === 'object') push(Object.values(v as Record<string, unknown>));
  };
  for (const source of sources) push(source);
  return out;
}
