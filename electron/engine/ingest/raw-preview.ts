// The JPEG preview a camera writes into its RAW files (CR2, NEF, ARW, ORF, RW2, PEF, DNG, RAF,
// CR3), found by each format's own structure. The raw sensor data needs a demosaicking decoder
// this build does not have; the preview is the camera's own rendering of the same exposure,
// often full size, and what the camera's JPEG twin (RAW+JPEG mode) looks like — so it gives the
// examiner a thumbnail, a viewer image and a PDQ hash that matches that twin.
//
// Everything here reads hostile bytes: every offset, length and count is checked against the file
// size before use, IFD and box walks are bounded (visited offsets, counts, depth), nothing is
// allocated from an unchecked length, and garbage gives a reason, never a throw. Evidence is only
// ever read: a path is opened read-only and only the ranges needed are read.
import { bufferSource, withEvidenceSource, type ByteSource } from './byte-source.js';

/** A preview bigger than this is not read (a full-size camera JPEG is 3–25 MB). */
export const MAX_PREVIEW_BYTES = 64 << 20;
const MAX_IFDS = 64;
const MAX_IFD_ENTRIES = 1000;
const MAX_SUB_IFDS = 16;
const MAX_BOXES = 4096;
/** How far into a JPEG its SOF is looked for (EXIF, ICC and maker segments come first). */
const MAX_SOF_SEARCH = 1 << 20;
const CR3_PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';
const CR3_METADATA_UUID = '85c0b687820f11e08111f4ce462b6a48';

export interface RawPreview {
  /** The embedded JPEG, byte for byte as the camera wrote it (clipped at the end of a cut file). */
  jpeg: Buffer;
  /** The JPEG's own pixel size, from its SOF header. */
  width: number;
  height: number;
  /** Where it was found, for the examiner's note ("IFD0 JPEGInterchangeFormat", "RAF header"…). */
  source: string;
  /** The file ended before the preview did: the JPEG path decodes what is there, with a note. */
  truncated: boolean;
}

export interface RawPreviewResult {
  preview: RawPreview | null;
  /** Why there is no preview (null when there is one). */
  reason: string | null;
  /**
   * Whether the file is a camera raw by its structure (a CFA or linear-raw image, a DNG version,
   * a raw-only magic): for a plain 'image/tiff' this decides whether the preview replaces libvips.
   */
  isRaw: boolean;
  /** For TIFF containers: IFD0's pixel count when IFD0 is an ordinary (non-raw) picture libvips can show. */
  ifd0PicturePixels: number;
}

/** The largest usable embedded JPEG of a RAW file. Never throws on the file's content. */
export function findRawPreview(input: Buffer | string): RawPreviewResult {
  if (typeof input !== 'string') return findIn(bufferSource(input));
  try {
    return withEvidenceSource(input, findIn);
  } catch (error) {
    return noPreview(`cannot open or read file: ${(error as Error).message}`, false);
  }
}

const noPreview = (reason: string, isRaw: boolean, ifd0PicturePixels = 0): RawPreviewResult => ({ preview: null, reason, isRaw, ifd0PicturePixels });

interface Candidate {
  offset: number;
  length: number;
  source: string;
}

function findIn(src: ByteSource): RawPreviewResult {
  const head = src.read(0, 16);
  if (!head || head.length < 8) return noPreview('file too short for a RAW header', false);
  if (head.toString('latin1', 0, 15) === 'FUJIFILMCCD-RAW') return pick(src, rafCandidates(src), true, 0);
  if (head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    return brand === 'crx ' ? pick(src, cr3Candidates(src), true, 0) : noPreview('ISO-BMFF file that is not a Canon CR3', false);
  }
  const tiff = tiffCandidates(src);
  if (!tiff) return noPreview('not a RAW container this build reads (TIFF, RAF, CR3)', false);
  return pick(src, tiff.candidates, tiff.isRaw, tiff.ifd0PicturePixels);
}

/** Keeps the candidates that are real baseline/progressive JPEGs; returns the one with most pixels. */
function pick(src: ByteSource, candidates: Candidate[], isRaw: boolean, ifd0PicturePixels: number): RawPreviewResult {
  let best: { c: Candidate; width: number; height: number } | null = null;
  const refused: string[] = [];
  for (const c of candidates) {
    if (!(c.offset > 0 && c.offset < src.size && c.length > 3)) {
      refused.push(`${c.source}: offset ${c.offset}, length ${c.length} outside the file`);
      continue;
    }
    if (c.length > MAX_PREVIEW_BYTES) {
      refused.push(`${c.source}: ${c.length} bytes, over the ${MAX_PREVIEW_BYTES >> 20} MB preview limit`);
      continue;
    }
    const size = jpegSize(src, c.offset, Math.min(c.length, src.size - c.offset));
    if (typeof size === 'string') {
      refused.push(`${c.source}: ${size}`);
      continue;
    }
    const pixels = size.width * size.height;
    if (!best || pixels > best.width * best.height || (pixels === best.width * best.height && c.length > best.c.length)) best = { c, ...size };
  }
  if (!best) {
    const why = candidates.length
      ? `${candidates.length} candidate${candidates.length > 1 ? 's' : ''} refused: ${refused.slice(0, 3).join('; ')}`
      : 'none found in its structure';
    return noPreview(why, isRaw, ifd0PicturePixels);
  }
  const jpeg = src.read(best.c.offset, best.c.length)!;
  return {
    preview: { jpeg, width: best.width, height: best.height, source: best.c.source, truncated: jpeg.length < best.c.length },
    reason: null,
    isRaw,
    ifd0PicturePixels,
  };
}

/**
 * The pixel size from a JPEG's SOF, read marker by marker with small ranged reads. Only the
 * baseline, extended and progressive Huffman SOFs (C0–C2) count: a CR2's or DNG's raw data is
 * itself a lossless JPEG (SOF3), which is not a picture.
 */
function jpegSize(src: ByteSource, offset: number, length: number): { width: number; height: number } | string {
  const start = src.read(offset, 3);
  if (!start || start.length < 3 || start[0] !== 0xff || start[1] !== 0xd8 || start[2] !== 0xff) return 'does not start with a JPEG marker';
  const end = offset + Math.min(length, MAX_SOF_SEARCH);
  let at = offset + 2;
  for (let markers = 0; markers < 512 && at + 4 <= end; markers++) {
    const seg = src.read(at, 4);
    if (!seg || seg.length < 4 || seg[0] !== 0xff) return 'JPEG markers broken before the frame header';
    const marker = seg[1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return 'JPEG without a frame header before its data';
    const segLength = seg.readUInt16BE(2);
    if (segLength < 2) return 'JPEG segment with a broken length';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (marker > 0xc2) return `not a baseline or progressive JPEG (SOF${marker - 0xc0}: lossless or arithmetic, the raw data itself?)`;
      const sof = src.read(at + 4, 5);
      if (!sof || sof.length < 5) return 'JPEG frame header cut off';
      const height = sof.readUInt16BE(1);
      const width = sof.readUInt16BE(3);
      return width > 0 && height > 0 ? { width, height } : `JPEG frame header gives no usable size (${width}×${height})`;
    }
    at += 2 + segLength;
  }
  return 'no JPEG frame header found';
}

// ---- Fuji RAF: a fixed header; the JPEG's offset and length, big-endian, at bytes 84 and 88.

function rafCandidates(src: ByteSource): Candidate[] {
  const h = src.read(84, 8);
  if (!h || h.length < 8) return [];
  return [{ offset: h.readUInt32BE(0), length: h.readUInt32BE(4), source: 'RAF header JPEG' }];
}

// ---- TIFF containers: CR2, NEF, ARW, ORF, RW2, PEF, DNG and other TIFF raws.

const TIFF_MAGICS = new Set([0x002a, 0x0055 /* RW2 'U' */, 0x4f52 /* ORF 'RO' */, 0x5352 /* ORF 'RS' */]);
/** PhotometricInterpretation of sensor data: CFA (TIFF/EP, DNG) and LinearRaw (DNG). */
const RAW_PHOTOMETRICS = new Set([32803, 34892]);
/** Compressions only raw data uses: Nikon NEF, Sony ARW, Pentax PEF, Panasonic, Kodak, Olympus. */
const RAW_COMPRESSIONS = new Set([34713, 32767, 65535, 34316, 65000, 262, 32769, 32770]);
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the value lies: inline in the entry or at the offset it gives. */
  valueAt: number;
}

function tiffCandidates(src: ByteSource): { candidates: Candidate[]; isRaw: boolean; ifd0PicturePixels: number } | null {
  const h = src.read(0, 10)!;
  const order = h.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const magic = u16(h, 2);
  if (!TIFF_MAGICS.has(magic)) return null;
  let isRaw = magic !== 0x002a || h.toString('latin1', 8, 10) === 'CR';
  let ifd0PicturePixels = 0;
  const candidates: Candidate[] = [];
  const visited = new Set<number>();
  // Breadth-first over IFD0's chain and the SubIFDs each IFD names.
  const queue: Array<{ at: number; name: string }> = [{ at: u32(h, 4), name: 'IFD0' }];
  let chainIndex = 0;
  while (queue.length && visited.size < MAX_IFDS) {
    const { at, name } = queue.shift()!;
    if (visited.has(at) || at < 8 || at + 2 > src.size) continue;
    visited.add(at);
    const countBytes = src.read(at, 2);
    if (!countBytes || countBytes.length < 2) continue;
    const count = Math.min(u16(countBytes, 0), MAX_IFD_ENTRIES);
    const table = src.read(at + 2, count * 12 + 4);
    if (!table) continue;
    const entries: Entry[] = [];
    for (let i = 0; (i + 1) * 12 <= table.length && i < count; i++) {
      const e = i * 12;
      const type = u16(table, e + 2);
      const n = u32(table, e + 4);
      const bytes = (TYPE_SIZES[type] ?? 1) * n;
      entries.push({ tag: u16(table, e), type, count: n, valueAt: bytes <= 4 ? at + 2 + e + 8 : u32(table, e + 8) });
    }
    const tag = (t: number) => entries.find((e) => e.tag === t);
    /** The first value of a SHORT/LONG entry, or null. */
    const first = (t: number): number | null => {
      const e = tag(t);
      if (!e || e.count < 1) return null;
      const b = src.read(e.valueAt, 4);
      if (!b) return null;
      if (e.type === 3 && b.length >= 2) return u16(b, 0);
      if ((e.type === 4 || e.type === 13) && b.length >= 4) return u32(b, 0);
      return null;
    };
    const compression = first(0x0103);
    const photometric = first(0x0106);
    if ((photometric !== null && RAW_PHOTOMETRICS.has(photometric)) || (compression !== null && RAW_COMPRESSIONS.has(compression)) || tag(0xc612)) {
      isRaw = true;
    }
    if (name === 'IFD0') {
      const width = first(0x0100) ?? 0;
      const height = first(0x0101) ?? 0;
      const picture = photometric !== null && !RAW_PHOTOMETRICS.has(photometric) && !(compression !== null && RAW_COMPRESSIONS.has(compression));
      if (picture) ifd0PicturePixels = width * height;
    }
    const jpegAt = first(0x0201);
    const jpegLength = first(0x0202);
    if (jpegAt !== null && jpegLength !== null) candidates.push({ offset: jpegAt, length: jpegLength, source: `${name} JPEGInterchangeFormat` });
    const strips = tag(0x0111);
    const stripCounts = tag(0x0117);
    if ((compression === 6 || compression === 7) && strips?.count === 1 && stripCounts?.count === 1) {
      const offset = first(0x0111);
      const length = first(0x0117);
      if (offset !== null && length !== null) candidates.push({ offset, length, source: `${name} JPEG strip` });
    }
    // Panasonic RW2 (and Leica RWL): the camera's JPEG as an UNDEFINED blob, JpgFromRaw.
    const jpgFromRaw = tag(0x002e);
    if (magic === 0x0055 && jpgFromRaw && (jpgFromRaw.type === 7 || jpgFromRaw.type === 1)) {
      candidates.push({ offset: jpgFromRaw.valueAt, length: jpgFromRaw.count, source: `${name} JpgFromRaw` });
    }
    const subs = tag(0x014a);
    if (subs && (subs.type === 4 || subs.type === 13) && subs.count >= 1) {
      const list = src.read(subs.valueAt, Math.min(subs.count, MAX_SUB_IFDS) * 4);
      for (let i = 0; list && (i + 1) * 4 <= list.length; i++) queue.push({ at: u32(list, i * 4), name: `${name} SubIFD${i}` });
    }
    // The chain continues only from IFD0's chain, not from SubIFDs (as readers of raws do).
    const next = table.length >= count * 12 + 4 ? u32(table, count * 12) : 0;
    if (next && /^IFD\d+$/.test(name)) queue.push({ at: next, name: `IFD${++chainIndex}` });
  }
  return { candidates, isRaw, ifd0PicturePixels };
}

// ---- Canon CR3 (ISO-BMFF): PRVW in the preview uuid box (~1620×1080), THMB in moov's Canon uuid.

function cr3Candidates(src: ByteSource): Candidate[] {
  const candidates: Candidate[] = [];
  let boxes = 0;
  const walk = (from: number, to: number, depth: number): void => {
    let at = from;
    while (at + 8 <= to && boxes++ < MAX_BOXES) {
      const h = src.read(at, 16);
      if (!h || h.length < 8) return;
      let size = h.readUInt32BE(0);
      const type = h.toString('latin1', 4, 8);
      let header = 8;
      if (size === 1) {
        if (h.length < 16) return;
        const big = h.readBigUInt64BE(8);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) return;
        size = Number(big);
        header = 16;
      } else if (size === 0) {
        size = to - at;
      }
      if (size < header) return;
      // A box past its parent's end breaks the walk, but for a cut-off file the preview's own
      // box is read as far as the file goes (the JPEG path shows what is there).
      if (at + size > to && type !== 'PRVW' && type !== 'THMB') return;
      const end = Math.min(at + size, to);
      if (type === 'moov' && depth < 3) walk(at + header, end, depth + 1);
      if (type === 'uuid' && depth < 3) {
        const id = src.read(at + header, 16);
        const uuid = id && id.length === 16 ? id.toString('hex') : '';
        // The preview uuid holds 8 bytes of its own before its PRVW box.
        if (uuid === CR3_PREVIEW_UUID) walk(at + header + 16 + 8, end, depth + 1);
        if (uuid === CR3_METADATA_UUID) walk(at + header + 16, end, depth + 1);
      }
      if (type === 'PRVW' || type === 'THMB') {
        // A few fixed fields (version, size, length) precede the JPEG; its SOI is found within them.
        const fields = src.read(at + header, 32);
        const soi = fields ? fields.indexOf(Buffer.from([0xff, 0xd8, 0xff])) : -1;
        const jpegAt = at + header + (soi >= 0 ? soi : 0);
        candidates.push({ offset: jpegAt, length: end - jpegAt, source: `CR3 ${type}` });
      }
      at = end;
    }
  };
  walk(0, src.size, 0);
  return candidates;
}
