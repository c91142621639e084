// One decode per image, yielding everything the case needs from the pixels: the stored size, a
// 256 px WebP thumbnail (EXIF orientation applied, as a person expects to see it) and the PDQ hash
// (over the stored pixels, before orientation, as the reference computes it and as partners'
// lists are made). JPEGs decode with shrink-on-load straight to the working size.
import decodeHeic from 'heic-decode';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { DIHEDRAL_NAMES } from './pdq-dct.js';
import { pdqDihedralFromPixels, type PdqResult } from './pdq.js';
import { isRgbProfile, pngWithProfile } from './png-with-profile.js';
import { BmpDecodeError, decodeBmp, decodeIco, type DecodedPixels } from './bmp-decode.js';
import { findRawPreview } from './raw-preview.js';
import { isHeif } from './sniff.js';
import { firstVideoFrame, isVideoFrameType, noFrameReason } from './video-frame.js';

export const THUMBNAIL_SIZE = 256;
/**
 * Longest side of the working image the thumbnail and PDQ come from. At 400, sharp decodes a
 * 12 MP JPEG with 1/8 DCT scaling (as a plain 256 px thumbnail does); at 500 it falls back to
 * 1/4 and the decode costs ~25% more.
 */
const WORKING_SIZE = 400;
/**
 * Meta's pdq-photo-hasher squeezes any image larger than 512 px to 512×512 before hashing, and
 * partners' PDQ lists are made with it. Hashing the working image squeezed the same way brings
 * our hashes closest to the reference (unsqueezed 400 px: 142/173 of the corpus images of quality
 * ≥ 80 within 10 bits; squeezed: 161/173; with the whole decodes and the ICC profile left
 * unapplied, below: 177/179; with the fallback JPEG decoder 178/180, 137 exact — pdq-ingest-path.test.ts).
 * Nearest-neighbour, as the reference: a cubic squeeze scored the same and cost 10 ms a file.
 */
const PDQ_SQUEEZE_ABOVE = 512;
/**
 * Images up to this many pixels decode whole, so PDQ squeezes the stored pixels themselves, as the
 * reference does. Scaled down to the 400 px working size first, a 600×450 photo hashed 12–20 bits
 * from the reference (9 corpus images of quality ≥ 80 over 10 bits); whole, the same squeeze gives
 * the reference's own bits. It costs more where the decode is cheap anyway: a 1 MP file renders in
 * 18.4 ms against 14.7 scaled (at 2 MP, 21.6 against ~14 — hence not there); 12 MP photos keep the
 * 1/8-scale decode, and their hashes stay well inside the match distance of the reference's.
 */
const WHOLE_DECODE_MAX_PIXELS = 1_000_000;
/**
 * Decodes that make every pixel at once stop at this size (3 bytes a pixel: 120 MB): a damaged
 * image's whole decode (larger ones are scaled), the mozjpeg fallback, BMP and icons.
 */
const FULL_DECODE_MAX_PIXELS = 40_000_000;

export interface ImagingLimits {
  /** Decompression-bomb guard: images with more pixels are not decoded. */
  maxPixels: number;
}

export interface ImagingResult {
  width: number;
  height: number;
  thumbnail: Buffer;
  pdq: PdqResult;
  /** The 8 dihedral PDQ variants, 8 × 32 bytes in DIHEDRAL_NAMES order (rotated copies match). */
  pdqDihedral: Buffer;
  /** Decoder complaints that did not stop the decode (a truncated JPEG shown in part). */
  warnings: string[];
}

export class DecodeError extends Error {}

interface Working {
  pixels: Buffer;
  width: number;
  height: number;
  channels: number;
  storedWidth: number;
  storedHeight: number;
  /** Whether the decoder already turned the pixels upright (libheif applies irot/imir). */
  upright: boolean;
  warnings: string[];
  /** PDQ's input taken from the full decode, when the decoder made one anyway (libheif, mozjpeg). */
  pdqInput?: Pixels;
  /** The image's RGB ICC profile, not applied to `pixels`: the thumbnail applies it. */
  icc?: Uint8Array;
}

interface Pixels {
  pixels: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** `input` is the file's bytes, or its path when it was too big to hold in memory. */
export async function renderImage(
  input: Buffer | string,
  mime: string,
  orientation: number | null,
  limits: ImagingLimits,
): Promise<ImagingResult> {
  const working = await decodeWorking(input, mime, limits);
  const pdqInput = working.pdqInput ?? squeezeForPdq(working);
  const dihedral = pdqDihedralFromPixels(pdqInput.pixels, pdqInput.width, pdqInput.height, pdqInput.channels);
  const pdq = { hash: dihedral.hashes.original, quality: dihedral.quality };
  const pdqDihedral = Buffer.concat(DIHEDRAL_NAMES.map((name) => Buffer.from(dihedral.hashes[name], 'hex')));
  const thumbnailOf = (source: Sharp) =>
    orient(source, working.upright ? null : orientation)
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75, effort: 2 })
      .toBuffer();
  const raw = { raw: { width: working.width, height: working.height, channels: working.channels as 1 | 2 | 3 | 4 } };
  let thumbnail: Buffer;
  try {
    thumbnail = await thumbnailOf(
      working.icc ? sharp(pngWithProfile(working.pixels, working.width, working.height, working.channels, working.icc)) : sharp(working.pixels, raw),
    );
  } catch (error) {
    if (!working.icc) throw error;
    // A profile the colour engine refuses costs the thumbnail its colour management, not the thumbnail.
    thumbnail = await thumbnailOf(sharp(working.pixels, raw));
    working.warnings.push(`embedded ICC profile unusable, thumbnail shown without it: ${messageOf(error)}`);
  }
  return { width: working.storedWidth, height: working.storedHeight, thumbnail, pdq, pdqDihedral, warnings: working.warnings };
}

/** The working image, by the decoder the type needs: libvips, libheif, bmp-decode, or a RAW's preview through libvips. */
async function decodeWorking(input: Buffer | string, mime: string, limits: ImagingLimits): Promise<Working> {
  // A RAW's embedded preview or a Motion-JPEG video's first frame stands in for the file.
  const embedded = rawPreviewOf(input, mime) ?? videoFrameOf(input, mime);
  if (embedded) {
    const working = await decodeSharpWorking(embedded.jpeg, limits);
    working.warnings.unshift(embedded.note);
    return working;
  }
  if (BITMAP_TYPES.has(mime)) {
    const decoded = decodeBitmap(input, mime, limits);
    if ('png' in decoded) return decodeSharpWorking(Buffer.from(decoded.png), limits);
    const { warnings, ...full } = decoded;
    return workingFromFull(full, { upright: false, warnings });
  }
  if (isHeif(mime) && typeof input !== 'string') return decodeHeifWorking(input, limits);
  return decodeSharpWorking(input, limits).catch((error: unknown) => {
    throw rawWithoutPreviewError(input, mime, error);
  });
}

/** Types libvips has no loader for in this build, decoded by bmp-decode.ts. */
const BITMAP_TYPES = new Set(['image/bmp', 'image/x-icon']);

/** A BMP's pixels, or an icon's largest image (pixels, or a PNG for libvips). */
function decodeBitmap(input: Buffer | string, mime: string, limits: ImagingLimits): DecodedPixels | { png: Uint8Array } {
  const what = mime === 'image/bmp' ? 'BMP' : 'icon';
  // Over the in-memory limit the file comes as a path; at 3 bytes a pixel that is far past the cap below.
  if (typeof input === 'string') throw new DecodeError(`${what} file too large to decode: hashed and kept, no thumbnail`);
  try {
    const maxPixels = Math.min(limits.maxPixels, FULL_DECODE_MAX_PIXELS);
    return mime === 'image/bmp' ? decodeBmp(input, maxPixels) : decodeIco(input, maxPixels);
  } catch (error) {
    if (error instanceof BmpDecodeError) throw new DecodeError(`cannot decode ${what}: ${error.message}`);
    throw error;
  }
}

/**
 * Nearest-neighbour squeeze to a square, as the reference tool does (cheap: no resampling).
 * Sampling at floor(x·w/size) — libvips' own nearest grid — measured better than pixel centres
 * (161 vs 153 of 173 within 10 bits; a 1%-a-side crop 22 bits away instead of 32).
 */
function squeezeForPdq(w: Working): Pixels {
  return Math.max(w.storedWidth, w.storedHeight) <= PDQ_SQUEEZE_ABOVE ? w : nearestSqueeze(w);
}

/** PDQ's input from every stored pixel: as they are up to 512 px a side, else squeezed. */
function pdqInputOfFull(full: Pixels): Pixels {
  return Math.max(full.width, full.height) <= PDQ_SQUEEZE_ABOVE ? full : nearestSqueeze(full);
}

function nearestSqueeze({ pixels, width, height, channels }: Pixels): Pixels {
  const size = PDQ_SQUEEZE_ABOVE;
  const out = Buffer.allocUnsafe(size * size * channels);
  const columns = new Int32Array(size);
  for (let x = 0; x < size; x++) columns[x] = Math.min(width - 1, Math.floor((x * width) / size)) * channels;
  for (let y = 0, o = 0; y < size; y++) {
    const row = Math.min(height - 1, Math.floor((y * height) / size)) * width * channels;
    for (let x = 0; x < size; x++) {
      const from = row + columns[x]!;
      for (let c = 0; c < channels; c++) out[o++] = pixels[from + c]!;
    }
  }
  return { pixels: out, width: size, height: size, channels };
}

function checkPixels(width: number, height: number, limits: ImagingLimits): void {
  if (!(width > 0 && height > 0)) throw new DecodeError(`image header gives no usable size (${width}×${height})`);
  if (width * height > limits.maxPixels) {
    const mp = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);
    throw new DecodeError(
      `image is ${width}×${height} (${mp(width * height)} MP), over the ${mp(limits.maxPixels)} MP decode limit ` +
        '(decompression-bomb guard); hashed but not decoded',
    );
  }
}

async function decodeSharpWorking(input: Buffer | string, limits: ImagingLimits): Promise<Working> {
  // sharp's own guard backs up ours, so a header that lies about its size still cannot balloon.
  // The embedded ICC profile is not applied: the reference PDQ tool (and so partners' lists)
  // hashes the decoded values as stored, and a profile's transform moved 3 corpus photos 12–14
  // bits away from it (0 without). The thumbnail applies it (renderImage), as a viewer would.
  const options = { limitInputPixels: limits.maxPixels, sequentialRead: true, ignoreIcc: true } as const;
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so sharp's own pixel guard is off here: our check
    // below gives the examiner the image's size and the limit in one sentence.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    if (/unsupported image format/i.test(messageOf(error))) {
      throw new DecodeError(`no decoder for this image type in this build: hashed and kept, no thumbnail`);
    }
    throw new DecodeError(`cannot read image header: ${messageOf(error)}`);
  }
  checkPixels(meta.width ?? 0, meta.height ?? 0, limits);
  const pixels = meta.width! * meta.height!;
  // Small images are kept whole: PDQ hashes (or squeezes) them as stored, as the reference does.
  const decode = (failOn: 'warning' | 'none', whole: boolean) =>
    sharp(input, { ...options, failOn })
      .resize(whole ? null : WORKING_SIZE, whole ? null : WORKING_SIZE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  const warnings: string[] = [];
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await decode('warning', pixels <= WHOLE_DECODE_MAX_PIXELS);
  } catch (strictError) {
    // A damaged file often still shows most of the picture; an examiner wants that, with a note.
    // Whole where memory allows: libjpeg's scaled decode fills the damage its own way (a damaged
    // 8 MP corpus photo hashed 136 bits from the reference that way, 0 decoded whole).
    try {
      out = await decode('none', pixels <= FULL_DECODE_MAX_PIXELS);
      warnings.push(`image data damaged, decoded in part: ${messageOf(strictError)}`);
    } catch (error) {
      const fallback = meta.format === 'jpeg' && typeof input !== 'string' ? await damagedJpegWorking(input, meta, error) : null;
      if (fallback) return fallback;
      throw new DecodeError(`cannot decode image: ${messageOf(error)}`);
    }
  }
  return {
    pixels: out.data,
    width: out.info.width,
    height: out.info.height,
    channels: out.info.channels,
    storedWidth: meta.width!,
    storedHeight: meta.height!,
    upright: false,
    warnings,
    ...(isRgbProfile(meta.icc) && out.info.channels >= 3 && { icc: meta.icc }),
  };
}

async function decodeHeifWorking(bytes: Buffer, limits: ImagingLimits): Promise<Working> {
  let images: Awaited<ReturnType<typeof decodeHeic.all>>;
  try {
    images = await decodeHeic.all({ buffer: bytes });
  } catch (error) {
    throw new DecodeError(`cannot read HEIF container: ${messageOf(error)}`);
  }
  try {
    const primary = images[0];
    if (!primary) throw new DecodeError('HEIF file holds no image');
    checkPixels(primary.width, primary.height, limits);
    const decoded = await primary.decode().catch((error: unknown) => {
      throw new DecodeError(`cannot decode HEIF image: ${messageOf(error)}`);
    });
    const rgba = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
    return await workingFromFull({ pixels: rgba, width: decoded.width, height: decoded.height, channels: 4 }, { upright: true, warnings: [] });
  } finally {
    images.dispose();
  }
}

/**
 * The working image from a decoder that gave every pixel (libheif, mozjpeg): PDQ squeezes those
 * full pixels, as for a whole-decoded JPEG, and the thumbnail comes from a working-size copy.
 */
async function workingFromFull(full: Pixels, extra: Pick<Working, 'upright' | 'warnings' | 'icc'>): Promise<Working> {
  const { data, info } = await sharp(full.pixels, { raw: { width: full.width, height: full.height, channels: full.channels as 1 | 2 | 3 | 4 } })
    .resize(WORKING_SIZE, WORKING_SIZE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    pixels: data,
    width: info.width,
    height: info.height,
    channels: info.channels,
    storedWidth: full.width,
    storedHeight: full.height,
    ...extra,
    pdqInput: pdqInputOfFull(full),
  };
}

/**
 * A JPEG libvips refuses even leniently, decoded by mozjpeg (jpeg-fallback.ts), which goes on past
 * the damage as libjpeg does. Null when that cannot make an image of it either.
 */
async function damagedJpegWorking(bytes: Buffer, meta: Metadata, libvipsError: unknown): Promise<Working | null> {
  if (meta.width! * meta.height! > FULL_DECODE_MAX_PIXELS) return null;
  const { decodeDamagedJpeg } = await import('./jpeg-fallback.js');
  let image: Awaited<ReturnType<typeof decodeDamagedJpeg>>;
  try {
    image = await decodeDamagedJpeg(bytes);
  } catch {
    return null;
  }
  const said = [...new Set(image.warnings)].slice(0, 3).join('; ');
  return workingFromFull(
    { pixels: image.rgba, width: image.width, height: image.height, channels: 4 },
    {
      upright: false,
      warnings: [`image data damaged, decoded in part by the fallback JPEG decoder (libvips: ${messageOf(libvipsError)})${said ? `; libjpeg: ${said}` : ''}`],
      ...(isRgbProfile(meta.icc) && { icc: meta.icc }),
    },
  );
}

/** Types that are camera RAWs whatever else they hold (sniff.ts); a plain TIFF may be one too. */
const RAW_TYPES = new Set(['image/x-canon-cr2', 'image/x-canon-cr3', 'image/x-panasonic-rw2', 'image/x-fuji-raf', 'image/x-olympus-orf']);

/**
 * For a camera RAW, the camera's own embedded JPEG preview, decoded in its place through the JPEG
 * path (damage handling, pixel guard, PDQ and thumbnail as for any JPEG); the raw sensor data needs
 * a demosaicking decoder this build does not have. The recorded width/height are the preview's,
 * and the note says so. A TIFF-magic file (NEF, ARW, PEF, DNG…) counts as a RAW when its structure
 * says so (CFA or linear-raw data, a DNG version, a raw compression) and its preview is bigger than
 * the ordinary picture libvips would show from IFD0 (NEF and DNG keep a 160 px one there).
 * Null: decode the file as it is. Throws DecodeError for a RAW-only type without a usable preview.
 */
function rawPreviewOf(input: Buffer | string, mime: string): { jpeg: Buffer; note: string } | null {
  const rawType = RAW_TYPES.has(mime);
  if (!rawType && mime !== 'image/tiff') return null;
  const found = findRawPreview(input);
  const preview = found.preview;
  if (!preview) {
    if (rawType) throw new DecodeError(`RAW file without a usable embedded JPEG preview (${found.reason}): hashed and kept, no thumbnail`);
    return null;
  }
  if (!rawType && !(found.isRaw && preview.width * preview.height > found.ifd0PicturePixels)) return null;
  const cut = preview.truncated ? ', cut off by the end of the file' : '';
  return {
    jpeg: preview.jpeg,
    note: `picture from the camera's embedded JPEG preview (${preview.width}×${preview.height}, ${preview.source}${cut}); the raw sensor data is not decoded`,
  };
}

/**
 * For a video, its first frame when the video is Motion-JPEG (video-frame.ts), decoded in its place
 * through the JPEG path like a RAW's preview; the note says so and gives the frame's size. Other
 * codecs need a video decoder this build does not have. Null: not a video. Throws DecodeError for a
 * video without a usable frame (the ingest asks only for Motion-JPEG ones: process-file.ts).
 */
function videoFrameOf(input: Buffer | string, mime: string): { jpeg: Buffer; note: string } | null {
  if (!isVideoFrameType(mime)) return null;
  const frame = firstVideoFrame(input, mime);
  if ('none' in frame) throw new DecodeError(noFrameReason(frame, mime));
  return frame;
}

/** A TIFF-magic RAW libvips could not show either: the examiner is told it is a RAW, and why. */
function rawWithoutPreviewError(input: Buffer | string, mime: string, error: unknown): unknown {
  if (mime !== 'image/tiff' || !(error instanceof DecodeError)) return error;
  const found = findRawPreview(input);
  if (!found.isRaw) return error;
  return new DecodeError(`RAW file without a usable embedded JPEG preview (${found.reason}); as a TIFF: ${error.message}`);
}

/** A viewer-sized WebP of the whole image, upright, from the evidence bytes (one decode). */
export async function renderFullView(input: Buffer | string, mime: string, orientation: number | null, maxSide: number): Promise<Buffer> {
  const raw = rawPreviewOf(input, mime) ?? videoFrameOf(input, mime);
  if (raw) {
    input = raw.jpeg;
    mime = 'image/jpeg';
  }
  if (BITMAP_TYPES.has(mime)) {
    const decoded = decodeBitmap(input, mime, { maxPixels: FULL_DECODE_MAX_PIXELS });
    const image = 'png' in decoded ? sharp(Buffer.from(decoded.png), { failOn: 'none' }) : sharp(decoded.pixels, { raw: { width: decoded.width, height: decoded.height, channels: decoded.channels } });
    return image.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 85 }).toBuffer();
  }
  if (isHeif(mime) && typeof input !== 'string') {
    const images = await decodeHeic.all({ buffer: input });
    try {
      const decoded = await images[0]!.decode();
      const rgba = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
      return sharp(rgba, { raw: { width: decoded.width, height: decoded.height, channels: 4 } })
        .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 85 })
        .toBuffer();
    } finally {
      images.dispose();
    }
  }
  return orient(sharp(input, { failOn: 'none' }), orientation)
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 85 })
    .toBuffer();
}

/**
 * Applies EXIF orientation 2–8 to a pipeline (1, null and nonsense leave it as stored).
 * sharp always mirrors before it rotates, whatever the call order: 5 (transpose) is a mirror
 * then 270°, 7 (transverse) a mirror then 90°.
 */
export function orient(image: Sharp, orientation: number | null): Sharp {
  switch (orientation) {
    case 2: return image.flop();
    case 3: return image.rotate(180);
    case 4: return image.flip();
    case 5: return image.flop().rotate(270);
    case 6: return image.rotate(90);
    case 7: return image.flop().rotate(90);
    case 8: return image.rotate(270);
    default: return image;
  }
}

/** A decoder's message made readable: one line, repeated complaints said once, bounded. */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = [...new Set(text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean))];
  return lines.join('; ').slice(0, 500);
}
