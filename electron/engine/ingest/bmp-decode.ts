// BMP and ICO/CUR decoding in plain TypeScript: the prebuilt libvips has no loader for either, and
// seizures hold many (Windows screenshots, old webcam captures, chat-app caches). Every field and
// offset is checked against the buffer before use; a truncated pixel array decodes what is there;
// anything else wrong ends in a BmpDecodeError with a sentence an examiner can read.
// References: Microsoft's BITMAPINFOHEADER/BITMAPV5HEADER documentation ("Bitmap Storage",
// "Bitmap Compression"); the ICO layout from "Icons" (MSDN, 1995).

export interface DecodedPixels {
  /** Top-down rows, `channels` bytes a pixel, no padding. */
  pixels: Buffer;
  width: number;
  height: number;
  /** 4 only when the file carries real transparency (an alpha mask or channel, an icon's AND mask). */
  channels: 3 | 4;
  /** Problems that did not stop the decode (truncated pixel data, a palette cut short). */
  warnings: string[];
}

export class BmpDecodeError extends Error {
  override name = 'BmpDecodeError';
}

/**
 * No writer makes a side longer than this (Windows GDI stops at 32767; ImageMagick's panoramas go
 * a little further), and it keeps row arithmetic small. The pixel limit is the real memory guard.
 */
const MAX_SIDE = 65_535;
const FILE_HEADER_SIZE = 14;

const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_JPEG = 4;
const BI_PNG = 5;
const BI_ALPHABITFIELDS = 6;

interface Dib {
  headerSize: number;
  width: number;
  height: number;
  topDown: boolean;
  bpp: number;
  compression: number;
  /** Red, green, blue, alpha (0 when absent). */
  masks: [number, number, number, number];
  /** Where the palette starts and how many entries the header declares (bpp ≤ 8). */
  paletteStart: number;
  paletteEntrySize: 3 | 4;
  paletteDeclared: number;
}

const le16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const le32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const i32 = (b: Uint8Array, at: number) => le32(b, at) | 0;

/** A BMP file ("BM" + file header + DIB). */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): DecodedPixels {
  if (bytes.length < FILE_HEADER_SIZE + 4) throw new BmpDecodeError(`BMP file too short for its headers (${bytes.length} bytes)`);
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d) {
    const tag = String.fromCharCode(bytes[0]!, bytes[1]!);
    throw new BmpDecodeError(
      ['BA', 'CI', 'CP', 'IC', 'PT'].includes(tag) ? `OS/2 bitmap of type "${tag}" is not supported` : 'not a BMP file (no "BM" signature)',
    );
  }
  const dib = readDib(bytes, FILE_HEADER_SIZE, false);
  return decodeDib(bytes, dib, le32(bytes, 10), maxPixels, false);
}

/**
 * An ICO or CUR file: its largest image (by directory size, then colour depth). A PNG entry comes
 * back as its bytes, for sharp; a DIB entry is decoded here with its AND mask as transparency.
 * When the largest entry is unreadable, the next ones are tried (a few, so a crafted directory of
 * thousands costs little).
 */
export function decodeIco(bytes: Uint8Array, maxPixels: number): DecodedPixels | { png: Uint8Array } {
  if (bytes.length < 6 || le16(bytes, 0) !== 0 || (le16(bytes, 2) !== 1 && le16(bytes, 2) !== 2)) {
    throw new BmpDecodeError('not an ICO/CUR file (bad directory header)');
  }
  const isCursor = le16(bytes, 2) === 2;
  const declared = le16(bytes, 4);
  const fits = Math.min(declared, Math.floor((bytes.length - 6) / 16));
  if (fits === 0) throw new BmpDecodeError(`icon directory lists ${declared} images but the file holds none of its entries`);
  const entries = [];
  for (let i = 0; i < fits; i++) {
    const at = 6 + i * 16;
    entries.push({
      index: i,
      width: bytes[at] || 256,
      height: bytes[at + 1] || 256,
      // In a cursor these two bytes are the hotspot's y, not a colour depth.
      bpp: isCursor ? 0 : le16(bytes, at + 6),
      size: le32(bytes, at + 8),
      offset: le32(bytes, at + 12),
    });
  }
  entries.sort((a, b) => b.width * b.height - a.width * a.height || b.bpp - a.bpp || b.size - a.size || a.index - b.index);
  const failures: string[] = [];
  for (const entry of entries.slice(0, 4)) {
    try {
      const decoded = decodeIcoEntry(bytes, entry.offset, entry.size, maxPixels);
      if (!('png' in decoded)) {
        if (fits < declared) decoded.warnings.push(`icon directory truncated: ${fits} of ${declared} entries present`);
        if (failures.length) decoded.warnings.push(`larger icon images unreadable: ${failures.join('; ')}`);
      }
      return decoded;
    } catch (error) {
      if (!(error instanceof BmpDecodeError)) throw error;
      failures.push(`image ${entry.index + 1}: ${error.message}`);
    }
  }
  throw new BmpDecodeError(failures.length === 1 ? failures[0]!.replace(/^image \d+: /, '') : `no icon image readable (${failures.join('; ')})`);
}

function decodeIcoEntry(bytes: Uint8Array, offset: number, size: number, maxPixels: number): DecodedPixels | { png: Uint8Array } {
  if (offset >= bytes.length || offset + 16 > bytes.length) throw new BmpDecodeError(`image offset ${offset} is past the end of the file (${bytes.length} bytes)`);
  if (bytes[offset] === 0x89 && bytes[offset + 1] === 0x50 && bytes[offset + 2] === 0x4e && bytes[offset + 3] === 0x47) {
    // A size past the end is the file being short, not a reason to drop what is there.
    return { png: bytes.subarray(offset, size > 0 ? Math.min(bytes.length, offset + size) : bytes.length) };
  }
  const dib = readDib(bytes, offset, true);
  return decodeDib(bytes, dib, null, maxPixels, true);
}

/** The DIB header at `at`: sizes, depth, compression and masks, checked for sense. */
function readDib(bytes: Uint8Array, at: number, inIcon: boolean): Dib {
  if (at + 4 > bytes.length) throw new BmpDecodeError('file ends before the bitmap header');
  const headerSize = le32(bytes, at);
  if (![12, 16, 40, 52, 56, 64, 108, 124].includes(headerSize)) {
    throw new BmpDecodeError(`unknown bitmap header size ${headerSize} (expected 12, 40, 52, 56, 108 or 124)`);
  }
  if (at + headerSize > bytes.length) throw new BmpDecodeError(`file ends inside the ${headerSize}-byte bitmap header`);
  let width: number, rawHeight: number, bpp: number, compression = BI_RGB, colorsUsed = 0;
  if (headerSize === 12) {
    // BITMAPCOREHEADER (OS/2 1.x): unsigned 16-bit sides, always bottom-up, RGB triples.
    width = le16(bytes, at + 4);
    rawHeight = le16(bytes, at + 6);
    bpp = le16(bytes, at + 10);
  } else {
    width = i32(bytes, at + 4);
    rawHeight = i32(bytes, at + 8);
    bpp = le16(bytes, at + 14);
    if (headerSize >= 20) compression = le32(bytes, at + 16);
    if (headerSize >= 36) colorsUsed = le32(bytes, at + 32);
    if (headerSize === 64 && (compression === 3 || compression === 4)) {
      throw new BmpDecodeError(`OS/2 2.x bitmap compression ${compression === 3 ? 'Huffman 1D' : 'RLE24'} is not supported`);
    }
  }
  if (compression === BI_JPEG || compression === BI_PNG) {
    throw new BmpDecodeError(`bitmap holds an embedded ${compression === BI_JPEG ? 'JPEG' : 'PNG'} (BI_${compression === BI_JPEG ? 'JPEG' : 'PNG'}), which is not decoded`);
  }
  if (compression >= 11 && compression <= 13) throw new BmpDecodeError('CMYK bitmaps (BI_CMYK, BI_CMYKRLE8/4) are not supported');
  if (compression > BI_ALPHABITFIELDS) throw new BmpDecodeError(`unknown bitmap compression ${compression}`);
  const topDown = rawHeight < 0 && headerSize !== 12;
  let height = Math.abs(rawHeight);
  if (inIcon) height = height >= 2 && height % 2 === 0 ? height / 2 : height; // XOR image + AND mask
  if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
    throw new BmpDecodeError(`bitmap header gives no usable size (${width}×${rawHeight})`);
  }
  if (![1, 2, 4, 8, 16, 24, 32].includes(bpp)) throw new BmpDecodeError(`unsupported bit depth ${bpp}`);
  if ((compression === BI_RLE8 && bpp !== 8) || (compression === BI_RLE4 && bpp !== 4)) {
    throw new BmpDecodeError(`RLE${compression === BI_RLE8 ? 8 : 4} compression with ${bpp} bits a pixel`);
  }
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  if (bitfields && bpp !== 16 && bpp !== 24 && bpp !== 32) throw new BmpDecodeError(`bit-field masks with ${bpp} bits a pixel`);
  const masks: Dib['masks'] = [0, 0, 0, 0];
  let paletteStart = at + headerSize;
  if (bitfields) {
    // A 40-byte header is followed by the masks; larger ones hold them at the same place inside.
    const maskCount = compression === BI_ALPHABITFIELDS || headerSize >= 56 ? 4 : 3;
    const maskAt = at + 40;
    if (maskAt + maskCount * 4 > bytes.length) throw new BmpDecodeError('file ends inside the bit-field masks');
    for (let i = 0; i < maskCount; i++) masks[i] = le32(bytes, maskAt + i * 4);
    if (headerSize === 40) paletteStart += maskCount * 4;
  }
  const paletteDeclared = bpp <= 8 ? (colorsUsed > 0 && colorsUsed < 1 << bpp ? colorsUsed : 1 << bpp) : 0;
  return {
    headerSize, width, height, topDown, bpp, compression, masks,
    paletteStart, paletteEntrySize: headerSize === 12 ? 3 : 4, paletteDeclared,
  };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    const mp = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);
    throw new BmpDecodeError(
      `image is ${width}×${height} (${mp(width * height)} MP), over the ${mp(maxPixels)} MP decode limit ` +
        '(decompression-bomb guard); hashed but not decoded',
    );
  }
}

/**
 * Decodes the pixel array. `pixelOffset` is the file header's, or null inside an icon (the pixels
 * follow the palette there).
 */
function decodeDib(bytes: Uint8Array, dib: Dib, pixelOffset: number | null, maxPixels: number, inIcon: boolean): DecodedPixels {
  const { width, height, bpp } = dib;
  checkPixels(width, height, maxPixels);
  const warnings: string[] = [];
  // The palette: as many entries as the header declares and the space before the pixels allows.
  let paletteCount = dib.paletteDeclared;
  if (pixelOffset !== null && pixelOffset >= dib.paletteStart) {
    paletteCount = Math.min(paletteCount, Math.floor((pixelOffset - dib.paletteStart) / dib.paletteEntrySize));
  }
  const palette = new Uint8Array(256 * 3); // indices past the palette's end show black
  const paletteFits = Math.max(0, Math.min(paletteCount, Math.floor((bytes.length - dib.paletteStart) / dib.paletteEntrySize)));
  for (let i = 0; i < paletteFits; i++) {
    const p = dib.paletteStart + i * dib.paletteEntrySize;
    palette[i * 3] = bytes[p + 2]!;
    palette[i * 3 + 1] = bytes[p + 1]!;
    palette[i * 3 + 2] = bytes[p]!;
  }
  if (bpp <= 8 && paletteFits < paletteCount) warnings.push(`palette truncated: ${paletteFits} of ${paletteCount} colours present`);
  const paletteEnd = dib.paletteStart + paletteCount * dib.paletteEntrySize;
  let start = pixelOffset ?? paletteEnd;
  if (pixelOffset !== null && pixelOffset < dib.paletteStart) {
    warnings.push(`pixel data offset ${pixelOffset} points into the headers; read from ${paletteEnd} instead`);
    start = paletteEnd;
  }
  if (start >= bytes.length) {
    throw new BmpDecodeError(`no pixel data: the file (${bytes.length} bytes) ends before the pixel array at byte ${start}`);
  }
  const image: DecodedPixels = { pixels: Buffer.alloc(0), width, height, channels: 3, warnings };
  if (dib.compression === BI_RLE8 || dib.compression === BI_RLE4) {
    image.pixels = allocate(width * height * 3);
    decodeRle(bytes, start, dib, palette, image.pixels, warnings);
    return image;
  }
  const stride = Math.floor((width * bpp + 31) / 32) * 4;
  const rowsPresent = Math.min(height, Math.floor((bytes.length - start) / stride));
  if (rowsPresent < height) warnings.push(`image data truncated: ${rowsPresent} of ${height} rows present`);
  const outRow = (fileRow: number) => (dib.topDown ? fileRow : height - 1 - fileRow);
  if (bpp <= 8) {
    image.pixels = allocate(width * height * 3);
    eachRow(bytes, start, stride, height, bpp, width, (from, count, fileRow) => paletteRow(bytes, from, count, bpp, palette, image.pixels, outRow(fileRow) * width * 3));
  } else {
    const masks = pixelMasks(dib, warnings);
    // Alpha is real where the header says so (a mask) or, in plain 32-bit, where any pixel uses it;
    // without either the pixels go straight to RGB (half the time of a 12 MP decode via RGBA).
    const alphaMask = masks ? masks[3] : bpp === 32 ? 0xff000000 : 0;
    const channels = alphaMask !== 0 && alphaUsed(bytes, start, stride, height, bpp, width, alphaMask) ? 4 : 3;
    const out = allocate(width * height * channels);
    const decodeRow = masks ? maskedRowDecoder(bytes, bpp, masks, channels, width * height)
      : bpp === 24 ? bgr24Row(bytes, channels)
      : bpp === 32 ? (channels === 4 ? bgra32Row(bytes) : bgrx32Row(bytes))
      : maskedRowDecoder(bytes, 16, [0x7c00, 0x03e0, 0x001f, 0], channels, width * height);
    const decodedInRow = new Int32Array(height);
    eachRow(bytes, start, stride, height, bpp, width, (from, count, fileRow) => {
      decodeRow(from, count, out, outRow(fileRow) * width * channels);
      decodedInRow[outRow(fileRow)] = count;
    });
    if (channels === 4) {
      // What the file lacks shows opaque black, not see-through.
      for (let y = 0; y < height; y++) for (let x = decodedInRow[y]!; x < width; x++) out[(y * width + x) * 4 + 3] = 255;
    }
    image.pixels = out;
    image.channels = channels;
  }
  if (inIcon) applyAndMask(bytes, start + stride * height, dib, image);
  return image;
}

/** Zeroed pixel memory; a size the pixel limit allowed but the process cannot hold is the file's failure. */
function allocate(size: number): Buffer {
  try {
    return Buffer.alloc(size);
  } catch (error) {
    throw new BmpDecodeError(`cannot allocate ${size} bytes for the pixels: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Calls `row` for every row the data reaches, with how many whole pixels of it are present. */
function eachRow(bytes: Uint8Array, start: number, stride: number, height: number, bpp: number, width: number,
  row: (from: number, count: number, fileRow: number) => void): void {
  for (let r = 0; r < height; r++) {
    const from = start + r * stride;
    if (from >= bytes.length) return;
    const count = Math.min(width, Math.floor(((bytes.length - from) * 8) / bpp));
    if (count > 0) row(from, count, r);
  }
}

function paletteRow(bytes: Uint8Array, from: number, count: number, bpp: number, palette: Uint8Array, out: Buffer, o: number): void {
  const perByte = 8 / bpp;
  const mask = (1 << bpp) - 1;
  for (let x = 0; x < count; x++) {
    const byte = bytes[from + Math.floor(x / perByte)]!;
    const index = bpp === 8 ? byte : (byte >> (8 - bpp * ((x % perByte) + 1))) & mask;
    out[o++] = palette[index * 3]!;
    out[o++] = palette[index * 3 + 1]!;
    out[o++] = palette[index * 3 + 2]!;
  }
}

/** Decodes `count` pixels from `from` into `out` at `o`, 3 or 4 bytes a pixel. */
type RowDecoder = (from: number, count: number, out: Buffer, o: number) => void;

function bgr24Row(bytes: Uint8Array, channels: 3 | 4): RowDecoder {
  return (from, count, out, o) => {
    for (let i = from, end = from + count * 3; i < end; i += 3, o += channels) {
      out[o] = bytes[i + 2]!;
      out[o + 1] = bytes[i + 1]!;
      out[o + 2] = bytes[i]!;
    }
  };
}

function bgrx32Row(bytes: Uint8Array): RowDecoder {
  return (from, count, out, o) => {
    for (let i = from, end = from + count * 4; i < end; i += 4, o += 3) {
      out[o] = bytes[i + 2]!;
      out[o + 1] = bytes[i + 1]!;
      out[o + 2] = bytes[i]!;
    }
  };
}

function bgra32Row(bytes: Uint8Array): RowDecoder {
  return (from, count, out, o) => {
    for (let i = from, end = from + count * 4; i < end; i += 4, o += 4) {
      out[o] = bytes[i + 2]!;
      out[o + 1] = bytes[i + 1]!;
      out[o + 2] = bytes[i]!;
      out[o + 3] = bytes[i + 3]!;
    }
  };
}

/** The masks to apply, or null for the plain layouts (24-bit BGR, 32-bit BGRX, 16-bit 555). */
function pixelMasks(dib: Dib, warnings: string[]): Dib['masks'] | null {
  if (dib.compression !== BI_BITFIELDS && dib.compression !== BI_ALPHABITFIELDS) return null;
  const [r, g, b] = dib.masks;
  if (r === 0 && g === 0 && b === 0) {
    warnings.push('bit-field masks are all zero; read as the default layout');
    return null;
  }
  return dib.masks;
}

/** Each channel: where its mask starts and a table from the masked value to 0–255. */
interface Channel { shift: number; mask: number; scale: (v: number) => number }

function channelOf(mask: number): Channel {
  if (mask === 0) return { shift: 0, mask: 0, scale: () => 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  if (max <= 0xffff) {
    const table = new Uint8Array(max + 1);
    for (let v = 0; v <= max; v++) table[v] = Math.round((v * 255) / max);
    return { shift, mask, scale: (v) => table[v]! };
  }
  const top = 32 - Math.clz32(max) - 8; // wider than 16 bits: keep the top 8
  return { shift, mask, scale: (v) => Math.round(((v >>> top) * 255) / (max >>> top)) };
}

function maskedRowDecoder(bytes: Uint8Array, bpp: number, masks: Dib['masks'], channels: 3 | 4, pixels: number): RowDecoder {
  const [r, g, b, a] = masks.map(channelOf) as [Channel, Channel, Channel, Channel];
  const value = (c: Channel, v: number) => c.scale(((v & c.mask) >>> 0) >>> c.shift);
  if (bpp === 16 && pixels > 65536) {
    // Every 16-bit value's colour, looked up: twice as fast as masking each pixel of a large image.
    const table = new Uint8Array(65536 * channels);
    for (let v = 0, t = 0; v < 65536; v++, t += channels) {
      table[t] = value(r, v);
      table[t + 1] = value(g, v);
      table[t + 2] = value(b, v);
      if (channels === 4) table[t + 3] = value(a, v);
    }
    return (from, count, out, o) => {
      for (let i = from, end = from + count * 2; i < end; i += 2, o += channels) {
        const t = (bytes[i]! | (bytes[i + 1]! << 8)) * channels;
        out[o] = table[t]!;
        out[o + 1] = table[t + 1]!;
        out[o + 2] = table[t + 2]!;
        if (channels === 4) out[o + 3] = table[t + 3]!;
      }
    };
  }
  const step = bpp / 8;
  const read = bpp === 16 ? (i: number) => le16(bytes, i) : bpp === 24 ? (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) : (i: number) => le32(bytes, i);
  return (from, count, out, o) => {
    for (let x = 0, i = from; x < count; x++, i += step, o += channels) {
      const v = read(i);
      out[o] = value(r, v);
      out[o + 1] = value(g, v);
      out[o + 2] = value(b, v);
      if (channels === 4) out[o + 3] = value(a, v);
    }
  };
}

/** Whether any pixel present has a non-zero value under the alpha mask (all zero means unused). */
function alphaUsed(bytes: Uint8Array, start: number, stride: number, height: number, bpp: number, width: number, mask: number): boolean {
  // Byte by byte, only where the mask has bits: a full scan of a 12 MP file costs a few ms.
  const step = bpp / 8;
  const lanes: Array<[offset: number, bits: number]> = [];
  for (let k = 0; k < step; k++) if ((mask >>> (8 * k)) & 0xff) lanes.push([k, (mask >>> (8 * k)) & 0xff]);
  let used = false;
  eachRow(bytes, start, stride, height, bpp, width, (from, count) => {
    for (const [k, bits] of lanes) {
      for (let i = from + k, end = from + count * step; i < end && !used; i += step) used = (bytes[i]! & bits) !== 0;
    }
  });
  return used;
}

/**
 * An icon's 1-bit AND mask (1 = transparent) after its colour image. Ignored when the colour image
 * carries its own alpha, as Windows does; a missing mask leaves the icon opaque.
 */
function applyAndMask(bytes: Uint8Array, at: number, dib: Dib, image: DecodedPixels): void {
  if (image.channels === 4) return;
  const { width, height } = image;
  const stride = Math.floor((width + 31) / 32) * 4;
  if (at + stride * height > bytes.length) {
    if (at < bytes.length) image.warnings.push('icon transparency mask truncated; shown opaque');
    return;
  }
  let transparent = false;
  for (let i = at; i < at + stride * height && !transparent; i++) transparent = bytes[i] !== 0;
  if (!transparent) return;
  const rgba = allocate(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = at + (dib.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3, q = (y * width + x) * 4;
      rgba[q] = image.pixels[p]!;
      rgba[q + 1] = image.pixels[p + 1]!;
      rgba[q + 2] = image.pixels[p + 2]!;
      rgba[q + 3] = (bytes[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
    }
  }
  image.pixels = rgba;
  image.channels = 4;
}

/**
 * RLE8/RLE4: runs of one index (two alternating ones in RLE4), absolute runs, and escapes for end
 * of line, end of bitmap and a (dx, dy) jump. Every step consumes input, so a stream ends; a run
 * past the row's end is clipped, rows past the image end it. Pixels the stream skips stay black.
 */
function decodeRle(bytes: Uint8Array, start: number, dib: Dib, palette: Uint8Array, out: Buffer, warnings: string[]): void {
  const { width, height, topDown } = dib;
  const four = dib.compression === BI_RLE4;
  let x = 0, y = 0, p = start;
  const put = (index: number) => {
    if (x < width) {
      const o = ((topDown ? y : height - 1 - y) * width + x) * 3;
      out[o] = palette[index * 3]!;
      out[o + 1] = palette[index * 3 + 1]!;
      out[o + 2] = palette[index * 3 + 2]!;
    }
    x++;
  };
  let ended = false;
  while (y < height) {
    if (p + 2 > bytes.length) break;
    const count = bytes[p]!, value = bytes[p + 1]!;
    p += 2;
    if (count > 0) {
      const n = Math.min(count, Math.max(0, width - x)); // the rest of a run past the row is dropped
      for (let k = 0; k < n; k++) put(four ? (k & 1 ? value & 15 : value >> 4) : value);
      x += count - n;
    } else if (value === 0) {
      x = 0;
      y++;
    } else if (value === 1) {
      ended = true;
      break;
    } else if (value === 2) {
      if (p + 2 > bytes.length) break;
      x += bytes[p]!;
      y += bytes[p + 1]!;
      p += 2;
    } else {
      const length = four ? Math.ceil(value / 2) : value;
      const available = Math.min(length, bytes.length - p);
      const n = Math.min(value, four ? available * 2 : available, Math.max(0, width - x));
      for (let k = 0; k < n; k++) put(four ? (k & 1 ? bytes[p + (k >> 1)]! & 15 : bytes[p + (k >> 1)]! >> 4) : bytes[p + k]!);
      x += value - n;
      p += length + (length & 1);
      if (available < length) break;
    }
  }
  if (!ended && y < height) warnings.push(`image data truncated: ${y} of ${height} rows present`);
}
