// Where the metadata of one file is. exifr reads JPEG, TIFF (and the TIFF-based raws: DNG, CR2,
// NEF, ARW, RW2, ORF, IIQ...), PNG and HEIF/AVIF; for a few more containers seen on seized media
// we find the embedded EXIF/XMP/IPTC blocks here and hand those to exifr. Every read is bounds-
// checked against the buffer: these are hostile bytes.
import { findJpegCiff } from './metadata-ciff.js';

export interface MetadataSource {
  /** Bytes for exifr's own file parsers (JPEG, TIFF, PNG, HEIF), or an embedded TIFF/JPEG. */
  exifrInput?: Uint8Array;
  /** Use exifr's HEIF parser whatever the ftyp brands say. */
  forceHeif?: boolean;
  /** TIFF structures whose first IFD is the named block (Canon CR3 keeps IFD0, Exif and GPS apart). */
  ifds: Array<{ block: 'ifd0' | 'exif' | 'gps'; tiff: Uint8Array }>;
  /** XMP packets found outside exifr's reach. */
  xmp: string[];
  iptc?: Uint8Array;
  /** Canon CR3 maker note (the CMT3 box): a TIFF structure whose first IFD is Canon's. */
  canonMakerNote?: Uint8Array;
  /** A Canon CIFF heap (pre-EXIF PowerShot JPEGs). */
  ciff?: Uint8Array;
  /** Set when nothing could be looked for, with the reason. */
  problem?: string;
}

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (at < 0 || b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const latin1 = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const utf8 = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);

const isTiffHeader = (b: Uint8Array, at = 0) =>
  (b[at] === 0x49 && b[at + 1] === 0x49) || (b[at] === 0x4d && b[at + 1] === 0x4d);

/** Formats without EXIF: nothing to look for, and nothing wrong with that. */
const NO_METADATA_TYPES = new Set(['image/gif', 'image/bmp', 'image/x-icon', 'image/svg+xml']);

export function locateMetadata(bytes: Uint8Array, mime: string): MetadataSource {
  const source: MetadataSource = { ifds: [], xmp: [] };
  if (bytes.length < 8) return { ...source, problem: 'file too short to hold metadata' };
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xd8) {
    const ciff = findJpegCiff(bytes);
    return ciff ? { ...source, exifrInput: bytes, ciff } : { ...source, exifrInput: bytes };
  }
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n')) return { ...source, exifrInput: bytes };
  // Canon CRW raw files are one CIFF heap ("II", header length, "HEAPCCDR"), not a TIFF.
  if (isTiffHeader(bytes) && ascii(bytes, 6, 'HEAP')) return { ...source, ciff: bytes };
  if (isTiffHeader(bytes)) return { ...source, exifrInput: bytes };
  if (ascii(bytes, 4, 'ftyp')) return isoBmff(bytes, source);
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return webp(bytes, source);
  if (ascii(bytes, 0, 'FUJIFILMCCD-RAW')) return raf(bytes, source);
  if (ascii(bytes, 0, '8BPS')) return psd(bytes, source);
  // An XMP sidecar file (metadata-sidecar.ts): the whole file is one packet.
  if (mime === 'application/rdf+xml') return { ...source, xmp: [utf8(bytes)] };
  if (NO_METADATA_TYPES.has(mime)) return source;
  return { ...source, problem: `metadata is not read from ${mime} files` };
}

// --- ISO base media (HEIF, AVIF, Canon CR3) ----------------------------------------------------

interface Box {
  type: string;
  /** Offset of the box header and of its content; end of the box. */
  offset: number;
  start: number;
  end: number;
}

/** The boxes between start and end; stops at the first malformed header. */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end && out.length < 10_000) {
    let size = u32be(b, at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12);
      header = 16;
    } else if (size === 0) {
      size = end - at; // "extends to the end of the file" (ISO/IEC 14496-12 §4.2)
    }
    if (size < header || at + size > end) break;
    const type = latin1(b, at + 4, 4);
    if (type === 'uuid') header += 16;
    out.push({ type, offset: at, start: at + header, end: at + size });
    at += size;
  }
  return out;
}

/**
 * exifr lists the children of 'meta' by walking boxes from there to the end of the file, one
 * object per box: a file of a million 1-byte "64-bit size" boxes would cost it seconds and
 * hundreds of MB. Real files have a few dozen boxes on that walk; its length is checked first.
 */
function exifrSubBoxWalkEnds(b: Uint8Array, from: number): boolean {
  let at = from;
  for (let n = 0; n < 10_000; n++) {
    if (at >= b.length - 4 || at + 8 > b.length) return true;
    let size = u32be(b, at);
    if (size === 1) {
      if (at + 16 > b.length) return true;
      size = u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12);
    }
    if (size === 0) return true;
    at += size;
  }
  return false;
}

const CANON_CR3_UUID = '85c0b687820f11e08111f4ce462b6a48';
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'miaf', 'avif', 'avis']);

function isoBmff(b: Uint8Array, source: MetadataSource): MetadataSource {
  const ftypSize = u32be(b, 0);
  const brands = new Set<string>();
  for (let at = 8; at + 4 <= Math.min(ftypSize, b.length, 256); at += 4) if (at !== 12) brands.add(latin1(b, at, 4));
  if (brands.has('crx ')) return cr3(b, source);
  if (![...brands].some((brand) => HEIF_BRANDS.has(brand))) {
    return { ...source, problem: `metadata is not read from ISO media files of brand '${latin1(b, 8, 4).trim()}'` };
  }
  // exifr walks the top-level boxes until 'meta' and never ends on a box of size 0: check first.
  const top = boxes(b, 0, b.length);
  const meta = top.find((box) => box.type === 'meta');
  if (!meta || top.slice(0, top.indexOf(meta)).some((box) => u32be(b, box.offset) === 0)) {
    return { ...source, problem: 'HEIF file has no readable metadata box' };
  }
  if (!exifrSubBoxWalkEnds(b, meta.start + 4)) return { ...source, problem: 'HEIF metadata box structure is not plausible' };
  // exifr picks its HEIF parser only when the compatible brands name heic or avif; mif1-only HEIF
  // (some Android phones) has the same structure, so the parser is chosen here instead.
  return { ...source, exifrInput: b, forceHeif: true };
}

/**
 * Canon CR3: moov/uuid(85c0b687-…) holds CMT1 (IFD0), CMT2 (Exif IFD), CMT3 (maker notes, read
 * by makernotes/canon.ts) and CMT4 (GPS IFD), each a TIFF structure of its own.
 * https://github.com/lclevy/canon_cr3
 */
function cr3(b: Uint8Array, source: MetadataSource): MetadataSource {
  const moov = boxes(b, 0, b.length).find((box) => box.type === 'moov');
  const canon = moov && boxes(b, moov.start, moov.end).find(
    (box) => box.type === 'uuid' && Buffer.from(b.subarray(box.offset + 8, box.offset + 24)).toString('hex') === CANON_CR3_UUID,
  );
  if (!canon) return { ...source, problem: 'Canon CR3 file without its metadata box' };
  const blocks = { CMT1: 'ifd0', CMT2: 'exif', CMT4: 'gps' } as const;
  for (const box of boxes(b, canon.start, canon.end)) {
    const block = blocks[box.type as keyof typeof blocks];
    if (block && isTiffHeader(b, box.start)) source.ifds.push({ block, tiff: b.subarray(box.start, box.end) });
    else if (box.type === 'CMT3' && isTiffHeader(b, box.start)) source.canonMakerNote = b.subarray(box.start, box.end);
  }
  return source;
}

// --- RIFF WebP ----------------------------------------------------------------------------------

/** https://developers.google.com/speed/webp/docs/riff_container: EXIF and 'XMP ' chunks. */
function webp(b: Uint8Array, source: MetadataSource): MetadataSource {
  const end = Math.min(b.length, 8 + u32le(b, 4));
  for (let at = 12; at + 8 <= end; ) {
    const type = latin1(b, at, 4);
    const size = u32le(b, at + 4);
    const start = at + 8;
    if (start + size > end) break;
    const data = b.subarray(start, start + size);
    if (type === 'EXIF') {
      // Some writers keep the JPEG APP1 "Exif\0\0" prefix.
      const tiff = ascii(data, 0, 'Exif\0\0') ? data.subarray(6) : data;
      if (isTiffHeader(tiff)) source.exifrInput = tiff;
    } else if (type === 'XMP ') {
      source.xmp.push(utf8(data));
    }
    at = start + size + (size & 1);
  }
  return source;
}

// --- Fujifilm RAF -------------------------------------------------------------------------------

/** The RAF header points at a full JPEG preview carrying the camera's EXIF (offset 84, length 88). */
function raf(b: Uint8Array, source: MetadataSource): MetadataSource {
  if (b.length < 92) return { ...source, problem: 'Fujifilm RAF header truncated' };
  const offset = u32be(b, 84);
  const length = u32be(b, 88);
  if (offset + length > b.length || b[offset] !== 0xff || b[offset + 1] !== 0xd8) {
    return { ...source, problem: 'Fujifilm RAF preview JPEG not found' };
  }
  return { ...source, exifrInput: b.subarray(offset, offset + length) };
}

// --- Photoshop PSD/PSB --------------------------------------------------------------------------

/**
 * Image resources (https://www.adobe.com/devnet-apps/photoshop/fileformatashtml/): 0x0422 EXIF
 * (a TIFF structure), 0x0424 XMP, 0x0404 IPTC.
 */
function psd(b: Uint8Array, source: MetadataSource): MetadataSource {
  if (b.length < 34) return { ...source, problem: 'Photoshop header truncated' };
  const colourModeEnd = 30 + u32be(b, 26);
  if (colourModeEnd + 4 > b.length) return { ...source, problem: 'Photoshop header truncated' };
  const end = Math.min(b.length, colourModeEnd + 4 + u32be(b, colourModeEnd));
  for (let at = colourModeEnd + 4; at + 12 <= end; ) {
    if (!/^(8BIM|MeSa|AgHg|PHUT|DCSR)$/.test(latin1(b, at, 4))) break;
    const id = u16be(b, at + 4);
    const nameLength = b[at + 6]!;
    const sizeAt = at + 6 + ((nameLength + 2) & ~1); // Pascal string padded to even length
    if (sizeAt + 4 > end) break;
    const size = u32be(b, sizeAt);
    const start = sizeAt + 4;
    if (start + size > end) break;
    const data = b.subarray(start, start + size);
    if (id === 0x0422 && isTiffHeader(data)) source.exifrInput = data;
    else if (id === 0x0424) source.xmp.push(utf8(data));
    else if (id === 0x0404) source.iptc = data;
    at = start + size + (size & 1);
  }
  return source;
}
