// Is the embedded EXIF thumbnail a picture of this image? A camera writes both from one exposure;
// many editors re-save the main image and leave the camera's thumbnail as it was, so a thumbnail
// that shows another scene (a PDQ distance over the match threshold) or another framing (a
// different aspect ratio: the image was cropped) is a trace of editing.
//
// Cameras letterbox 3:2 and 16:9 pictures into 160×120 thumbnails with black bars; those bars
// are cut off before comparing when that brings the thumbnail's framing closer to the image's,
// so an untouched 3:2 photo is not taken for a crop (and a night photo, nearly black itself, is
// not cut to pieces).
import sharp, { type OutputInfo } from 'sharp';
import type { EditTraces } from '../../../shared/model.js';
import { hammingDistance, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, pdqFromPixels } from './pdq.js';

/** EXIF thumbnails are a few KB (APP1 holds 64 KB at most); a raw's IFD1 may hold more. */
const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;
const MAX_THUMBNAIL_PIXELS = 4_000_000;
/** |ln(thumbnail aspect / image aspect)| over this is another framing (~8%: 4:3 vs 3:2 is 12%). */
const ASPECT_TOLERANCE = 0.08;
/** Below this the thumbnail is too small to say anything. */
const MIN_SIDE = 32;

export type ThumbnailMismatch = NonNullable<EditTraces['thumbnailMismatch']>;

export interface MainImage {
  width: number;
  height: number;
  pdq: { hash: string; quality: number } | null;
}

/**
 * The mismatch, or null when the thumbnail agrees with the image or cannot be compared. Throws
 * nothing: a thumbnail that does not decode is a warning.
 */
export async function compareThumbnail(thumbnail: Uint8Array, image: MainImage, warnings: string[]): Promise<ThumbnailMismatch | null> {
  if (thumbnail.length > MAX_THUMBNAIL_BYTES || image.width <= 0 || image.height <= 0) return null;
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(thumbnail, { limitInputPixels: MAX_THUMBNAIL_PIXELS, failOn: 'none' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    warnings.push(`EXIF thumbnail not decoded: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  decoded = withoutLetterbox(decoded, image.width / image.height);
  const { width, height, channels } = decoded.info;
  if (width < MIN_SIDE || height < MIN_SIDE) return null;
  const thumbnailAspect = round(width / height);
  const imageAspect = round(image.width / image.height);
  const thumbPdq = pdqFromPixels(decoded.data, width, height, channels);
  const comparable = image.pdq !== null && image.pdq.quality >= PDQ_MIN_QUALITY && thumbPdq.quality >= PDQ_MIN_QUALITY;
  const distance = comparable ? hammingDistance(image.pdq!.hash, thumbPdq.hash) : null;
  if (distance !== null && distance > PDQ_MATCH_DISTANCE) {
    return { reason: `the EXIF thumbnail shows another picture (PDQ distance ${distance} > ${PDQ_MATCH_DISTANCE})`, pdqDistance: distance, thumbnailAspect, imageAspect };
  }
  if (Math.abs(Math.log(thumbnailAspect / imageAspect)) > ASPECT_TOLERANCE) {
    return { reason: `the EXIF thumbnail is framed ${thumbnailAspect}:1, the image ${imageAspect}:1 (cropped?)`, pdqDistance: distance, thumbnailAspect, imageAspect };
  }
  return null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Compares the image's EXIF thumbnail with its render and records a mismatch in the edit traces. */
export async function checkThumbnail(
  metadata: { thumbnail: Uint8Array | null; warnings: string[] },
  rendered: MainImage,
  out: { edits?: EditTraces; warnings: string[] },
): Promise<void> {
  if (!metadata.thumbnail || !out.edits) return;
  const mismatch = await compareThumbnail(metadata.thumbnail, rendered, out.warnings);
  if (mismatch) out.edits = { ...out.edits, thumbnailMismatch: mismatch, possiblyEdited: true };
}

/** A row or column of a letterbox bar: black, give or take JPEG ringing. */
const BAR_MAX = 40;

/** The thumbnail without black bars when the bars explain a framing difference; else as it is. */
function withoutLetterbox(d: { data: Buffer; info: OutputInfo }, imageAspect: number): { data: Buffer; info: OutputInfo } {
  const { width, height, channels } = d.info;
  const dark = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < channels; c++) if (d.data[(y * width + x) * channels + c]! > BAR_MAX) return false;
    return true;
  };
  let top = 0;
  let bottom = height;
  let left = 0;
  let right = width;
  while (top < height / 3 && dark(0, top, width, top + 1)) top++;
  while (bottom > (2 * height) / 3 && dark(0, bottom - 1, width, bottom)) bottom--;
  while (left < width / 3 && dark(left, top, left + 1, bottom)) left++;
  while (right > (2 * width) / 3 && dark(right - 1, top, right, bottom)) right--;
  const w = right - left;
  const h = bottom - top;
  if (w === width && h === height) return d;
  const gain = Math.abs(Math.log(width / height / imageAspect)) - Math.abs(Math.log(w / h / imageAspect));
  if (gain <= 0) return d;
  const data = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++) d.data.copy(data, y * w * channels, ((top + y) * width + left) * channels, ((top + y) * width + right) * channels);
  return { data, info: { ...d.info, width: w, height: h } };
}
