// Content sniffing: the type comes from the first bytes, never from the name. A seized file
// named holiday.jpg may be a PNG, a ZIP or nothing at all.

/** How many leading bytes sniffType needs. */
export const SNIFF_BYTES = 64;

export const UNKNOWN_TYPE = 'application/octet-stream';
export const EMPTY_TYPE = 'application/x-empty';

const ascii = (b: Uint8Array, at: number, text: string): boolean => {
  if (b.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
const bytes = (b: Uint8Array, at: number, seq: readonly number[]): boolean =>
  b.length >= at + seq.length && seq.every((v, i) => b[at + i] === v);

/** ISO-BMFF brands (ftyp) that carry still images. */
const HEIF_BRANDS: Record<string, string> = {
  heic: 'image/heic', heix: 'image/heic', heim: 'image/heic', heis: 'image/heic',
  hevc: 'image/heic-sequence', hevx: 'image/heic-sequence',
  mif1: 'image/heif', msf1: 'image/heif-sequence',
  avif: 'image/avif', avis: 'image/avif',
};

export function sniffType(content: Uint8Array): string {
  if (content.length === 0) return EMPTY_TYPE;
  const head = content.subarray(0, SNIFF_BYTES);
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'image/webp';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return 'video/x-msvideo';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio/wav';
  if (ascii(head, 4, 'ftyp')) return sniffIsoBmff(head);
  // QuickTime movies from before ftyp (older cameras) start straight with one of these boxes.
  if (['moov', 'mdat', 'wide', 'pnot'].some((type) => ascii(head, 4, type)) && plausibleBoxSize(head)) return 'video/quicktime';
  if (bytes(head, 0, [0x49, 0x49, 0x2a, 0x00]) || bytes(head, 0, [0x4d, 0x4d, 0x00, 0x2a])) {
    // Canon CR2 and many raw formats are TIFF containers; CR2 marks itself at byte 8.
    return ascii(head, 8, 'CR') ? 'image/x-canon-cr2' : 'image/tiff';
  }
  if (bytes(head, 0, [0x49, 0x49, 0x2b, 0x00]) || bytes(head, 0, [0x4d, 0x4d, 0x00, 0x2b])) return 'image/tiff'; // BigTIFF
  if (bytes(head, 0, [0x49, 0x49, 0x55, 0x00])) return 'image/x-panasonic-rw2';
  if (ascii(head, 0, 'IIRO') || ascii(head, 0, 'IIRS') || ascii(head, 0, 'MMOR')) return 'image/x-olympus-orf';
  if (ascii(head, 0, 'FUJIFILMCCD-RAW')) return 'image/x-fuji-raf';
  if (ascii(head, 0, 'BM') && head.length >= 14) return 'image/bmp';
  if (bytes(head, 0, [0x00, 0x00, 0x01, 0x00]) && plausibleIconDirectory(head)) return 'image/x-icon';
  if (bytes(head, 0, [0xff, 0x0a]) || bytes(head, 0, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'image/jxl';
  if (bytes(head, 0, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20])) return 'image/jp2';
  if (ascii(head, 0, '8BPS')) return 'image/vnd.adobe.photoshop';
  if (ascii(head, 0, '%PDF-')) return 'application/pdf';
  if (bytes(head, 0, [0x50, 0x4b, 0x03, 0x04]) || bytes(head, 0, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  if (ascii(head, 0, 'SQLite format 3\0')) return 'application/vnd.sqlite3';
  if (bytes(head, 0, [0x1f, 0x8b])) return 'application/gzip';
  if (ascii(head, 0, '7z') && bytes(head, 2, [0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (ascii(head, 0, 'Rar!')) return 'application/vnd.rar';
  if (bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/x-matroska';
  if (ascii(head, 0, 'ID3') || bytes(head, 0, [0xff, 0xfb])) return 'audio/mpeg';
  if (ascii(head, 0, 'OggS')) return 'audio/ogg';
  if (bytes(head, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/x-ole-storage';
  if (bytes(head, 0, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-elf';
  if (ascii(head, 0, 'MZ')) return 'application/x-msdownload';
  if (looksLikeSvg(head)) return 'image/svg+xml';
  if (looksLikeText(head)) return 'text/plain';
  return UNKNOWN_TYPE;
}

function sniffIsoBmff(head: Uint8Array): string {
  const major = String.fromCharCode(...head.subarray(8, 12));
  const byMajor = HEIF_BRANDS[major];
  if (byMajor) return byMajor;
  // Compatible brands follow the minor version; a 'mif1' file may name heic there.
  const boxSize = Math.min(head.length, ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0);
  for (let at = 16; at + 4 <= boxSize; at += 4) {
    const brand = HEIF_BRANDS[String.fromCharCode(...head.subarray(at, at + 4))];
    if (brand) return brand;
  }
  if (major === 'qt  ') return 'video/quicktime';
  if (major.startsWith('3g')) return 'video/3gpp';
  if (major === 'crx ') return 'image/x-canon-cr3';
  return 'video/mp4';
}

/**
 * A first box size of 0 (to the end), 1 (64-bit size follows) or from its 8-byte header up to
 * 512 MB: four printable characters (a text file that says "moov" at byte 4) are more than that.
 */
function plausibleBoxSize(head: Uint8Array): boolean {
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  return size === 0 || size === 1 || (size >= 8 && size < 0x20000000);
}

function looksLikeSvg(head: Uint8Array): boolean {
  const text = String.fromCharCode(...head).trimStart().toLowerCase();
  return text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'));
}

function looksLikeText(head: Uint8Array): boolean {
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  return true;
}

/**
 * 00 00 01 00 starts many binary files: an icon also needs 1–255 images in its directory and a
 * first entry whose reserved byte is 0 and colour planes 0 or 1.
 */
function plausibleIconDirectory(head: Uint8Array): boolean {
  if (head.length < 22) return false;
  const count = head[4]! | (head[5]! << 8);
  return count >= 1 && count <= 255 && head[9] === 0 && head[11] === 0 && head[10]! <= 1;
}

/**
 * Types the imaging stage tries to decode: every image type but SVG (a vector document that may
 * reference other files; never rendered). What the decoder cannot read fails with its reason.
 */
export function isImageType(mime: string): boolean {
  return mime.startsWith('image/') && mime !== 'image/svg+xml';
}

export function isHeif(mime: string): boolean {
  return mime.startsWith('image/heic') || mime.startsWith('image/heif');
}
