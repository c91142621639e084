// What exifr does not hand over from a file's EXIF TIFF structure: the maker note (read by
// makernotes/), the IFD1 thumbnail JPEG (compared with the image by edit-traces.ts), and the
// JPEG APP segments that carry other makers' records (Photoshop IRB, Olympus/Epson PictureInfo).
// One bounded walk, no decoding; every offset is checked (makernotes/tiff-reader.ts).
import { readCanon } from './makernotes/canon.js';
import { readMakerNote, type MakerNoteFacts } from './makernotes/index.js';
import { startsWith, TiffReader, type Ifd } from './makernotes/tiff-reader.js';
import { newFacts } from './makernotes/types.js';
import type { MetadataSource } from './metadata-containers.js';

export interface TiffExtras {
  makerNote: MakerNoteFacts | null;
  /** The IFD1 thumbnail JPEG (JPEGInterchangeFormat/Length), when there is one. */
  thumbnail: Uint8Array | null;
  /** JPEG APP13 "Photoshop 3.0" resource block (image resources), when present. */
  photoshop: Uint8Array | null;
  /** "[picture info]" text records (Olympus/Epson/Agfa cameras of the late 1990s). */
  pictureInfo: string | null;
  /** Casio QV cameras' "QVCI" APP segment capture time, "1998.10.24.12.08.57" (exiftool Casio.pm, offset 0x4d). */
  casioDate: string | null;
  warnings: string[];
}

/** A DNG's original maker note is copied into DNGPrivateData; a larger copy is not rebuilt. */
const MAX_DNG_REBASE_BYTES = 32 * 1024 * 1024;
const MAX_JPEG_SEGMENTS = 256;

export function readTiffExtras(bytes: Uint8Array, source: MetadataSource, make: string, model: string): TiffExtras {
  const out: TiffExtras = { makerNote: null, thumbnail: null, photoshop: null, pictureInfo: null, casioDate: null, warnings: [] };
  if (source.canonMakerNote) {
    // Canon CR3: the CMT3 box is the Canon maker-note IFD with a TIFF header of its own.
    const tiff = TiffReader.ofTiff(source.canonMakerNote);
    const first = tiff?.firstIfdOffset();
    if (tiff && first !== null && first !== undefined) {
      const facts = newFacts('Canon');
      readCanon({ tiff, note: first, size: source.canonMakerNote.length - first, make, model }, facts);
      out.makerNote = facts;
    }
  }
  const input = source.exifrInput;
  if (!input) return out;
  let tiffBytes: Uint8Array | null = null;
  if (input[0] === 0xff && input[1] === 0xd8) tiffBytes = scanJpeg(input, out);
  else if (TiffReader.ofTiff(input)) tiffBytes = input;
  if (tiffBytes) walkTiff(tiffBytes, make, model, out, 0);
  return out;
}

/** APP1 Exif → its TIFF structure; APP13 and PictureInfo segments noted on the way. */
function scanJpeg(b: Uint8Array, out: TiffExtras): Uint8Array | null {
  let tiff: Uint8Array | null = null;
  let at = 2;
  for (let n = 0; n < MAX_JPEG_SEGMENTS && at + 4 <= b.length; n++) {
    if (b[at] !== 0xff) break;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (length < 2) break;
    const start = at + 4;
    const end = Math.min(b.length, at + 2 + length);
    if (marker === 0xe1 && !tiff && startsWith(b, start, 'Exif\0')) tiff = b.subarray(start + 6, end);
    else if (marker === 0xed && !out.photoshop && startsWith(b, start, 'Photoshop 3.0\0')) out.photoshop = b.subarray(start + 14, end);
    else if (startsWith(b, start, 'QVCI\0') && end - start >= 0x4d + 19) {
      out.casioDate = String.fromCharCode(...b.subarray(start + 0x4d, start + 0x4d + 19));
    } else if (marker >= 0xe0 && marker <= 0xef && !out.pictureInfo) {
      const text = b.subarray(start, end);
      const i = indexOfAscii(text, '[picture info]');
      if (i !== -1) out.pictureInfo = String.fromCharCode(...text.subarray(i, Math.min(text.length, i + 4096)));
    }
    at = end;
  }
  return tiff;
}

function walkTiff(bytes: Uint8Array, make: string, model: string, out: TiffExtras, depth: number): void {
  const tiff = TiffReader.ofTiff(bytes);
  const first = tiff?.firstIfdOffset();
  if (!tiff || first === null || first === undefined) return;
  const ifd0 = tiff.readIfd(first, 0);
  if (typeof ifd0 === 'string') {
    out.warnings.push(`EXIF IFD0 not walked: ${ifd0}`);
    return;
  }
  const exifAt = tiff.uint(ifd0.entries.get(0x8769));
  const exif = exifAt ? tiff.readIfd(exifAt, 0) : null;
  const note = exif && typeof exif !== 'string' ? exif.entries.get(0x927c) : undefined;
  if (note && !out.makerNote) out.makerNote = readMakerNote({ tiff, note: note.at, size: note.size, make, model });
  if (!out.makerNote) readDngPrivate(tiff, ifd0, make, model, out);
  if (!out.thumbnail && ifd0.next !== null) out.thumbnail = thumbnailOf(tiff, ifd0.next);
  // Panasonic RW2: the camera's EXIF, maker note included, is in the embedded JpgFromRaw (0x002e).
  const jpgFromRaw = tiff.raw(ifd0.entries.get(0x002e));
  if (!out.makerNote && depth === 0 && jpgFromRaw && jpgFromRaw[0] === 0xff && jpgFromRaw[1] === 0xd8) {
    const inner: TiffExtras = { makerNote: null, thumbnail: null, photoshop: null, pictureInfo: null, casioDate: null, warnings: [] };
    const innerTiff = scanJpeg(jpgFromRaw, inner);
    if (innerTiff) walkTiff(innerTiff, make, model, inner, depth + 1);
    out.makerNote = inner.makerNote;
    out.warnings.push(...inner.warnings);
  }
}

function thumbnailOf(tiff: TiffReader, at: number): Uint8Array | null {
  const ifd1 = tiff.readIfd(at, 0);
  if (typeof ifd1 === 'string') return null;
  const offset = tiff.uint(ifd1.entries.get(0x0201));
  const length = tiff.uint(ifd1.entries.get(0x0202));
  if (!offset || !length || offset + length > tiff.bytes.length) return null;
  const jpeg = tiff.bytes.subarray(offset, offset + length);
  return jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : null;
}

/**
 * DNG 1.x §DNGPrivateData (0xc634): "Adobe\0" "MakN", uint32 BE length, the original byte order,
 * uint32 BE original offset of the note, then the note. Offsets inside count from the original
 * file's TIFF header, so the note is read at its original position.
 */
function readDngPrivate(tiff: TiffReader, ifd0: Ifd, make: string, model: string, out: TiffExtras): void {
  const data = tiff.raw(ifd0.entries.get(0xc634));
  if (!data || !startsWith(data, 0, 'Adobe\0MakN') || data.length < 20) return;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = Math.min(view.getUint32(10), data.length - 20);
  const le = data[14] === 0x49;
  const original = view.getUint32(16);
  const noteBytes = data.subarray(20, 20 + length);
  let rebased: Uint8Array;
  const noteAbs = noteBytes.byteOffset - tiff.bytes.byteOffset;
  if (noteAbs >= original) rebased = tiff.bytes.subarray(noteAbs - original);
  else if (original + length <= MAX_DNG_REBASE_BYTES) {
    rebased = new Uint8Array(original + length);
    rebased.set(noteBytes, original);
  } else {
    out.warnings.push('DNG original maker note is at an offset too large to rebuild; not read');
    return;
  }
  out.makerNote = readMakerNote({ tiff: new TiffReader(rebased, le), note: original, size: length, make, model });
}

/** IPTC-IIM (0x0404) and its digest (0x0425): what captioning tools write, not only Photoshop. */
const CAPTIONING_RESOURCES = new Set([0x0404, 0x0425]);
const MAX_RESOURCES = 1000;

/**
 * Whether a Photoshop image-resource block ("8BIM" records: uint16 id, padded Pascal name, uint32
 * size, data padded to even) holds anything beyond IPTC captioning, such as resolution info,
 * a Photoshop thumbnail or version info: a trace of Photoshop (or a tool that copies its blocks).
 */
export function hasPhotoshopResources(irb: Uint8Array): boolean {
  let at = 0;
  for (let n = 0; n < MAX_RESOURCES && at + 12 <= irb.length; n++) {
    if (!startsWith(irb, at, '8BIM')) return false;
    const id = (irb[at + 4]! << 8) | irb[at + 5]!;
    if (!CAPTIONING_RESOURCES.has(id)) return true;
    const sizeAt = at + 6 + ((irb[at + 6]! + 2) & ~1);
    if (sizeAt + 4 > irb.length) return false;
    const size = ((irb[sizeAt]! << 24) | (irb[sizeAt + 1]! << 16) | (irb[sizeAt + 2]! << 8) | irb[sizeAt + 3]!) >>> 0;
    at = sizeAt + 4 + size + (size & 1);
  }
  return false;
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  const first = text.charCodeAt(0);
  for (let i = bytes.indexOf(first); i !== -1 && i + text.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    if (startsWith(bytes, i, text)) return i;
  }
  return -1;
}
