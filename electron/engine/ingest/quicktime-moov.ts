// What a moov box says, read from its bytes: the movie header (mvhd), the first video track's size
// and rotation (tkhd), QuickTime user data (udta), Apple's metadata keys (meta/keys/ilst) and
// iTunes-style items, 3GPP's location (loci). Raw values only; metadata-quicktime.ts picks from them.
import type { GpsPosition } from '../../../shared/model.js';
import { children, fourcc, i32, printable, u16, u32, u64, utf8, type Box, type Walk } from './quicktime-boxes.js';

/** Containers opened inside each other; real files need 6 (moov/udta/meta/ilst/item/data). */
const MAX_DEPTH = 12;
/** Entries kept from a keys box and udta text fields, each. */
const MAX_ENTRIES = 512;

export interface VideoInfo {
  /** The first video track's presentation size (tkhd), before its rotation. */
  width: number | null;
  height: number | null;
  /** Seconds (mvhd duration / timescale). */
  duration: number | null;
  /** Degrees clockwise from the tkhd matrix: 0, 90, 180, 270 (or another angle as recorded). */
  rotation: number | null;
}

export interface Found {
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

/** An empty finding, filled by readMoov. */
export function nothingFound(): Found {
  return { brand: null, mvhd: null, video: { width: null, height: null, duration: null, rotation: null, tracks: 0 }, udta: new Map(), ilst: new Map(), keys: new Map(), loci: null };
}

export function readMoov(b: Uint8Array, start: number, end: number, found: Found, walk: Walk): void {
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
