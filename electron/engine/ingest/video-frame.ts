// The first frame of a Motion-JPEG video, as a JPEG: the picture of most compact cameras' and
// webcams' clips of the 2000s and early 2010s. Every frame of such a video is a JPEG, so the first
// one gives the video a thumbnail, a viewer image and a PDQ hash through the ordinary JPEG path.
// H.264, HEVC, MPEG-4 Part 2… need a video decoder this build does not have: those get a reason,
// and `jpegCodec: false` tells the ingest to keep the video as metadata only (no failure).
//
// QuickTime/MP4 (here): the moov's first video trak, its sample description's format, and sample 1
// from the first chunk offset (stco/co64) and the first sample size (stsz). AVI: video-frame-avi.ts.
// Hostile input throughout: sizes and offsets checked, walks bounded, evidence only ever read (a
// path is opened read-only and only box headers, the moov and one frame are read); never throws.
import { bufferSource, withEvidenceSource, type ByteSource } from './byte-source.js';
import { MAX_MOOV_BYTES, isQuickTimeType } from './metadata-quicktime.js';
import { children, fourcc, header, MAX_BOXES, printable, u32, u64, type Box, type Walk } from './quicktime-boxes.js';
import { aviFirstFrame } from './video-frame-avi.js';
import { frameAt, type NoFrame, type VideoFrame } from './video-frame-jpeg.js';

export { MAX_FRAME_BYTES, type NoFrame, type VideoFrame } from './video-frame-jpeg.js';

export const AVI_TYPE = 'video/x-msvideo';

/** Types whose first frame this module looks for. */
export function isVideoFrameType(mime: string | null): boolean {
  return isQuickTimeType(mime) || mime === AVI_TYPE;
}

/** What a video without a usable first frame is recorded with (imaging.ts, process-file.ts). */
export function noFrameReason(frame: NoFrame, mime: string): string {
  return `${frame.none}: ${mime === AVI_TYPE ? 'hashed and kept' : 'metadata only'}, no thumbnail`;
}

/** QuickTime sample-description formats whose samples are whole JPEG files, with a name for the note. */
const QUICKTIME_JPEG_FORMATS: Record<string, string> = {
  jpeg: 'Photo-JPEG',
  mjpa: 'Motion-JPEG A',
  AVDJ: 'Avid Motion-JPEG',
  AVRn: 'Avid Motion-JPEG',
  dmb1: 'Motion-JPEG',
};

/** The first frame of a video, or why there is none. Never throws. */
export function firstVideoFrame(input: Buffer | string, mime: string): VideoFrame | NoFrame {
  const find = (src: ByteSource): VideoFrame | NoFrame => {
    try {
      return mime === AVI_TYPE ? aviFirstFrame(src) : quickTimeFirstFrame(src);
    } catch (error) {
      // An I/O error or a bug we did not foresee: no frame for this file, the ingest goes on.
      return { none: `first frame could not be read: ${String((error as Error)?.message ?? error).slice(0, 300)}`, jpegCodec: false };
    }
  };
  if (typeof input !== 'string') return find(bufferSource(input));
  try {
    return withEvidenceSource(input, find);
  } catch (error) {
    return { none: `cannot open file: ${(error as Error).message}`, jpegCodec: false };
  }
}

const NOTHING = new Uint8Array(0);

function quickTimeFirstFrame(src: ByteSource): VideoFrame | NoFrame {
  const walk: Walk = { boxes: 0, warnings: [], capped: false };
  let moov: Box | null = null;
  for (let at = 0; at < src.size && walk.boxes++ < MAX_BOXES; ) {
    const box = header(src.read(at, 16) ?? NOTHING, at, src.size, walk);
    if (!box) break;
    if (box.type === 'moov') {
      moov = box;
      break;
    }
    at = box.end;
  }
  if (!moov) return { none: 'no moov box, so no sample table to find the first frame in', jpegCodec: false };
  if (moov.end - moov.start > MAX_MOOV_BYTES) return { none: `moov box over the ${MAX_MOOV_BYTES >> 20} MB limit; not read`, jpegCodec: false };
  const b = src.read(moov.start, moov.end - moov.start) ?? NOTHING;
  const table = firstVideoSampleTable(b, walk);
  if (!table) return { none: 'no video track with a sample description', jpegCodec: false };
  const { format, stco, co64, stsz } = table;
  const name = QUICKTIME_JPEG_FORMATS[format];
  if (!name) return { none: `video codec ${format} is not decoded here`, jpegCodec: false };
  const source = `'${format}' track sample 1 (${co64 && !stco ? 'co64' : 'stco'}/stsz)`;
  // Chunk offset tables: version/flags, entry count, then 32-bit (stco) or 64-bit (co64) offsets.
  let offset: number | null = null;
  if (stco && stco.length >= 12 && u32(stco, 4) >= 1) offset = u32(stco, 8);
  else if (co64 && co64.length >= 16 && u32(co64, 4) >= 1) offset = u64(co64, 8);
  if (offset === null) return { none: `${name} track has no chunk offset for its first frame`, jpegCodec: true };
  // stsz: version/flags, sample_size (all samples when non-zero), sample_count, then the sizes.
  if (!stsz || stsz.length < 12) return { none: `${name} track has no sample sizes`, jpegCodec: true };
  const size = u32(stsz, 4) !== 0 ? u32(stsz, 4) : stsz.length >= 16 && u32(stsz, 8) >= 1 ? u32(stsz, 12) : 0;
  return frameAt(src, offset, size, format, name, source);
}

interface SampleTable {
  format: string;
  stco: Uint8Array | null;
  co64: Uint8Array | null;
  stsz: Uint8Array | null;
}

/** The first trak whose handler is 'vide' and whose stsd has an entry: its format and tables. */
function firstVideoSampleTable(b: Uint8Array, walk: Walk): SampleTable | null {
  const inside = (box: Box, type: string): Box | null => {
    for (const child of children(b, box.start, box.end, walk)) if (child.type === type) return child;
    return null;
  };
  for (const trak of children(b, 0, b.length, walk)) {
    if (trak.type !== 'trak') continue;
    const mdia = inside(trak, 'mdia');
    const hdlr = mdia && inside(mdia, 'hdlr');
    // hdlr: version/flags, pre_defined (QuickTime: component type), handler_type.
    if (!hdlr || hdlr.end - hdlr.start < 12 || fourcc(b, hdlr.start + 8) !== 'vide') continue;
    const minf = inside(mdia!, 'minf');
    const stbl = minf && inside(minf, 'stbl');
    if (!stbl) continue;
    const table: SampleTable = { format: '', stco: null, co64: null, stsz: null };
    for (const box of children(b, stbl.start, stbl.end, walk)) {
      const payload = b.subarray(box.start, box.end);
      // stsd: version/flags, entry count, then entries (size, format, …).
      if (box.type === 'stsd' && payload.length >= 16 && u32(payload, 4) >= 1) table.format ||= printable(fourcc(payload, 12));
      else if (box.type === 'stco') table.stco ??= payload;
      else if (box.type === 'co64') table.co64 ??= payload;
      else if (box.type === 'stsz') table.stsz ??= payload;
    }
    if (table.format) return table;
  }
  return null;
}
