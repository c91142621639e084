// The work done on one evidence file, inside a worker process: read once, hash, sniff, read
// metadata and decode from the same bytes. Never throws: every problem becomes the file's
// recorded reason, and the ingest goes on.
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { readEvidence } from './evidence-reader.js';
import type { FileJob, FileResult, HashedNotice } from './file-result.js';
import type { ImagingLimits } from './imaging.js';
import { isXmpSidecar, XMP_SIDECAR_TYPE } from './metadata-sidecar.js';
import { extractQuickTimeMetadata, isQuickTimeType } from './metadata-quicktime.js';
import { isImageType, sniffType } from './sniff.js';
import { firstVideoFrame, isVideoFrameType, noFrameReason } from './video-frame.js';

// The decoders (sharp, libheif wasm) and exifr load on the first image, not at worker start: a
// hash-only triage never needs them, and every worker starts ~150 ms sooner.
let stages: Promise<{
  DecodeError: typeof import('./imaging.js').DecodeError;
  renderImage: typeof import('./imaging.js').renderImage;
  extractMetadata: typeof import('./metadata.js').extractMetadata;
}> | null = null;
const imageStages = () =>
  (stages ??= (async () => {
    const [{ default: sharp }, { DecodeError, renderImage }, { extractMetadata }] = await Promise.all([
      import('sharp'),
      import('./imaging.js'),
      import('./metadata.js'),
    ]);
    // One libvips thread per worker process: the pool already runs one process per core.
    sharp.concurrency(1);
    sharp.cache(false);
    return { DecodeError, renderImage, extractMetadata };
  })());

export interface ProcessOptions extends ImagingLimits {
  /** Files up to this size are read into memory whole; bigger ones are streamed. */
  inMemoryLimit: number;
  /** Triage mode: hash and sniff only, no metadata and no decoding. */
  hashOnly: boolean;
  thumbs: ThumbnailStore;
}

export async function processFile(
  job: FileJob,
  options: ProcessOptions,
  onHashed: (notice: HashedNotice) => void = () => {},
): Promise<FileResult> {
  const result: FileResult = {
    itemId: job.itemId,
    status: 'ok',
    error: null,
    notes: [],
    deferred: false,
    size: null,
    hashes: null,
    mime: null,
    timestamps: null,
    image: null,
    metadata: null,
  };
  let read: ReturnType<typeof readEvidence>;
  try {
    read = readEvidence(job.absPath, options.inMemoryLimit);
  } catch (error) {
    return { ...result, status: 'failed', error: `cannot read file: ${describeIoError(error)}` };
  }
  result.size = read.size;
  result.hashes = read.hashes;
  result.timestamps = read.timestamps;
  result.mime = sniffType(read.head);
  if (read.sizeChanged) {
    result.notes.push(
      `file changed size while being read (${read.sizeChanged.statSize} bytes at open, ${read.sizeChanged.readSize} read); hashes cover the bytes read`,
    );
  }
  onHashed({ itemId: job.itemId, size: read.size, hashes: read.hashes, mime: result.mime });
  if (!options.hashOnly && read.bytes && isXmpSidecar(job.absPath, read.bytes)) {
    const sidecar = await (await imageStages()).extractMetadata(read.bytes, XMP_SIDECAR_TYPE);
    result.metadata = { summary: sidecar.summary, tags: sidecar.tags, warnings: sidecar.warnings, camera: sidecar.camera, descriptive: sidecar.descriptive, edits: sidecar.edits, sidecar: true };
  }
  if (isVideoFrameType(result.mime)) {
    if (options.hashOnly) return { ...result, deferred: true };
    const input = read.bytes ?? job.absPath;
    if (isQuickTimeType(result.mime)) withVideoMetadata(result, input);
    return withVideoFrame(result, input, options);
  }
  if (!isImageType(result.mime)) return result;
  if (options.hashOnly) return { ...result, deferred: true };

  const { DecodeError, renderImage, extractMetadata } = await imageStages();
  const metadataBytes = read.bytes ?? read.head;
  const metadata = await extractMetadata(metadataBytes, result.mime);
  result.metadata = { summary: metadata.summary, tags: metadata.tags, warnings: metadata.warnings, camera: metadata.camera, descriptive: metadata.descriptive, edits: metadata.edits };
  result.image = { width: null, height: null, orientation: metadata.orientation, thumbnail: false, pdq: null, pdqDihedral: null };
  try {
    const rendered = await renderImage(read.bytes ?? job.absPath, result.mime, metadata.orientation, options);
    options.thumbs.write(read.hashes.sha256, rendered.thumbnail);
    result.image = {
      width: rendered.width,
      height: rendered.height,
      orientation: metadata.orientation,
      thumbnail: true,
      pdq: rendered.pdq,
      pdqDihedral: rendered.pdqDihedral,
    };
    result.notes.push(...rendered.warnings);
    if (metadata.thumbnail) await (await import('./metadata-thumbnail.js')).checkThumbnail(metadata, rendered, result.metadata);
  } catch (error) {
    result.status = 'failed';
    result.error = error instanceof DecodeError ? error.message : `image processing failed: ${describeIoError(error)}`;
  }
  return result;
}

/**
 * A video (whose picture, for Motion-JPEG only, is withVideoFrame's) gets its device, date and place, so it
 * sits under its camera, in the date sort and on the map like a photo. Width/height are the video
 * track's (tkhd, before its rotation); duration and rotation stay in tags.quicktime. A file over the
 * in-memory limit is read by path: box headers and the moov box only, with ranged reads. A plain
 * module (no exifr, no sharp): a video-only or hash-only run loads no decoder.
 */
function withVideoMetadata(result: FileResult, input: Buffer | string): FileResult {
  const metadata = extractQuickTimeMetadata(input);
  result.metadata = { summary: metadata.summary, tags: metadata.tags, warnings: metadata.warnings, camera: metadata.camera, descriptive: metadata.descriptive, edits: metadata.edits };
  result.image = { width: metadata.video.width, height: metadata.video.height, orientation: null, thumbnail: false, pdq: null, pdqDihedral: null };
  return result;
}

/**
 * A Motion-JPEG video (old compact cameras, webcams) also gets a picture from its first frame: a
 * thumbnail, a viewer image and a PDQ hash, with a note. Any other codec (H.264, HEVC, DivX…) is
 * left as it was — status ok, metadata only — and loads no decoder: firstVideoFrame reads box or
 * chunk headers and says the codec before anything is decoded. The frame it read is rendered as the
 * JPEG it is, with its note, as renderImage renders a video itself (imaging.ts) — without reading
 * the moov or index and the frame a second time. A Motion-JPEG video whose first frame is unusable
 * is failed with the reason, as a RAW without a preview is. Width/height stay the
 * video track's (tkhd) when the moov gives them — the full frame, where an interlaced 'mjpa'
 * sample decodes to its first, half-height field — else the frame's (AVI).
 */
async function withVideoFrame(result: FileResult, input: Buffer | string, options: ProcessOptions): Promise<FileResult> {
  const frame = firstVideoFrame(input, result.mime!);
  if ('none' in frame) {
    if (!frame.jpegCodec) return result;
    result.status = 'failed';
    result.error = noFrameReason(frame, result.mime!);
    return result;
  }
  const { DecodeError, renderImage } = await imageStages();
  try {
    const rendered = await renderImage(frame.jpeg, 'image/jpeg', null, options);
    rendered.warnings.unshift(frame.note);
    options.thumbs.write(result.hashes!.sha256, rendered.thumbnail);
    result.image = {
      width: result.image?.width ?? rendered.width,
      height: result.image?.height ?? rendered.height,
      orientation: null,
      thumbnail: true,
      pdq: rendered.pdq,
      pdqDihedral: rendered.pdqDihedral,
    };
    result.notes.push(...rendered.warnings);
  } catch (error) {
    result.status = 'failed';
    result.error = error instanceof DecodeError ? error.message : `video frame processing failed: ${describeIoError(error)}`;
  }
  return result;
}

function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'file no longer exists',
    EISDIR: 'is a directory',
    EIO: 'input/output error (damaged medium?)',
    ENOSPC: 'no space left on device',
  };
  const reason = (e.code && reasons[e.code]) ?? e.message ?? String(error);
  return e.code ? `${reason} (${e.code})` : reason;
}
