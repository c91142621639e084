// One Motion-JPEG frame made into a JPEG any decoder reads. Cameras writing MJPEG AVI (and some
// QuickTime writers) leave out the Huffman tables (DHT) and rely on the standard ones of ITU T.81
// Annex K.3, marking such frames with an 'AVI1' APP0. Stock libjpeg and many decoders refuse a scan
// without tables; libjpeg-turbo (libvips' and the mozjpeg fallback's) falls back to them itself,
// but the frame is made a standalone JPEG rather than left to a decoder's leniency: the tables are
// put back in front of the first scan (a test checks the pixels are the original's). Interlaced frames ('mjpa', AVI1 polarity 1 or 2)
// hold two JPEGs, one per field: the first is kept. Reads hostile bytes: every length is checked,
// the marker walk is bounded, garbage gives a reason. frameAt reads the frame for both containers
// (video-frame.ts, video-frame-avi.ts) and words the examiner's note.
import type { ByteSource } from './byte-source.js';

/** Marker segments looked at before the first scan (real frames have < 20). */
const MAX_SEGMENTS = 512;

/** A frame larger than this is not read (a 1080p Photo-JPEG frame is ~1 MB; a hostile size could be GBs). */
export const MAX_FRAME_BYTES = 32 << 20;

export interface VideoFrame {
  /** The first frame as a JPEG a decoder reads (standard Huffman tables added when it had none). */
  jpeg: Buffer;
  /** Where it came from, for the examiner ("'jpeg' track sample 1 (stco/stsz)", "AVI chunk 00dc via idx1"). */
  source: string;
  /** The codec's fourcc as recorded ('jpeg', 'mjpa', 'MJPG'…). */
  codec: string;
  /** The JPEG's own size (one field's, half height, when `fields` is 2). */
  width: number;
  height: number;
  fields: 1 | 2;
  /** The file ended inside the frame: the JPEG path shows what is there. */
  truncated: boolean;
  /** One sentence for the item's notes. */
  note: string;
}

export interface NoFrame {
  none: string;
  /** True when the video is Motion-JPEG but its first frame is unusable: the ingest reports it. */
  jpegCodec: boolean;
}

/**
 * Shared by both containers: reads the frame (clipped to the file), makes a decodable JPEG of it,
 * and words the note. `name` is the codec as the examiner reads it.
 */
export function frameAt(src: ByteSource, offset: number, size: number, codec: string, name: string, source: string): VideoFrame | NoFrame {
  if (size <= 0) return { none: `first frame (${source}) is empty`, jpegCodec: true };
  if (size > MAX_FRAME_BYTES) return { none: `first frame of ${size} bytes is over the ${MAX_FRAME_BYTES >> 20} MB limit`, jpegCodec: true };
  if (!(offset >= 0 && offset < src.size)) return { none: `first frame lies at offset ${offset}, outside the ${src.size}-byte file (cut short?)`, jpegCodec: true };
  const bytes = src.read(offset, size);
  if (!bytes || bytes.length === 0) return { none: `first frame at offset ${offset} could not be read`, jpegCodec: true };
  const truncated = bytes.length < size;
  const frame = jpegOfFrame(Buffer.from(bytes)); // a copy: a file source's buffer is ours, a memory one is the evidence's
  if ('none' in frame) return { none: `${frame.none} (${name} ${source})`, jpegCodec: true };
  const details = [
    `${name}, ${frame.width}×${frame.height}`,
    ...(frame.fields === 2 ? ['first field of an interlaced frame, so half height'] : []),
    ...(frame.dhtInserted ? ['standard Huffman tables added'] : []),
    ...(truncated ? ['cut off by the end of the file'] : []),
  ];
  return {
    jpeg: frame.jpeg, source, codec, width: frame.width, height: frame.height, fields: frame.fields, truncated,
    note: `picture from the video's first frame (${details.join(', ')}); other frames are not decoded`,
  };
}

export interface JpegFrame {
  jpeg: Buffer;
  width: number;
  height: number;
  /** 2 when the sample held two fields and only the first (half height) is kept. */
  fields: 1 | 2;
  /** The standard Huffman tables were inserted (the frame had none). */
  dhtInserted: boolean;
}

/** The frame as a decodable JPEG, or why not. `frame` must already be bounded by the caller's cap. */
export function jpegOfFrame(frame: Buffer): JpegFrame | { none: string } {
  if (frame.length < 4 || frame[0] !== 0xff || frame[1] !== 0xd8 || frame[2] !== 0xff) return { none: 'first frame is not a JPEG (no FF D8 FF start of image)' };
  let at = 2;
  let sof: { marker: number; width: number; height: number } | null = null;
  let hasDht = false;
  for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
    while (at < frame.length && frame[at] === 0xff && frame[at + 1] === 0xff) at++; // fill bytes
    if (at + 4 > frame.length || frame[at] !== 0xff) return { none: `first frame's JPEG markers are broken at byte ${at}` };
    const marker = frame[at + 1]!;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = (frame[at + 2]! << 8) | frame[at + 3]!;
    if (length < 2 || at + 2 + length > frame.length) return { none: `first frame's JPEG segment at byte ${at} runs past the frame` };
    if (marker === 0xc4) hasDht = true;
    else if (isSof(marker) && length >= 8 && !sof) sof = { marker, height: (frame[at + 5]! << 8) | frame[at + 6]!, width: (frame[at + 7]! << 8) | frame[at + 8]! };
    else if (marker === 0xda) return finish(frame, at, sof, hasDht);
    else if (marker === 0xd9) break;
    at += 2 + length;
  }
  return { none: 'first frame has no JPEG scan (SOS) in its first segments' };
}

function finish(frame: Buffer, sosAt: number, sof: { marker: number; width: number; height: number } | null, hasDht: boolean): JpegFrame | { none: string } {
  if (!sof) return { none: 'first frame has no JPEG frame header (SOF) before its scan' };
  if (!(sof.width > 0 && sof.height > 0)) return { none: `first frame's JPEG header gives no usable size (${sof.width}×${sof.height})` };
  const { bytes, fields } = firstField(frame, sosAt);
  // Arithmetic-coded JPEGs (SOF9 and up) have no Huffman tables to miss.
  const needsDht = !hasDht && sof.marker <= 0xc7;
  return {
    jpeg: needsDht ? Buffer.concat([bytes.subarray(0, sosAt), STANDARD_DHT, bytes.subarray(sosAt)]) : bytes,
    width: sof.width,
    height: sof.height,
    fields,
    dhtInserted: needsDht,
  };
}

const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

const EOI = Buffer.from([0xff, 0xd9]);

/**
 * An interlaced sample is two JPEGs back to back (QuickTime 'mjpa'; AVI1 polarity 1/2): the first
 * ends at the first EOI after its scan (entropy-coded data never holds FF D9: T.81 B.1.1.5 stuffs
 * every FF) and a second SOI follows, after padding. Otherwise the frame is kept whole.
 */
function firstField(frame: Buffer, sosAt: number): { bytes: Buffer; fields: 1 | 2 } {
  const eoi = frame.indexOf(EOI, sosAt);
  if (eoi < 0) return { bytes: frame, fields: 1 };
  let next = eoi + 2;
  while (next < frame.length && next < eoi + 4096 && (frame[next] === 0x00 || (frame[next] === 0xff && frame[next + 1] === 0xff))) next++;
  const secondSoi = frame[next] === 0xff && frame[next + 1] === 0xd8;
  return secondSoi ? { bytes: frame.subarray(0, eoi + 2), fields: 2 } : { bytes: frame, fields: 1 };
}

/** A DHT segment: class/id byte, 16 code-length counts, then the values, per table. */
function dhtSegment(tables: Array<[classAndId: number, counts: number[], values: number[]]>): Buffer {
  const body = tables.flatMap(([id, counts, values]) => [id, ...counts, ...values]);
  return Buffer.from([0xff, 0xc4, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
}

const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** ITU T.81 Annex K.3, tables K.5 (luminance AC) and K.6 (chrominance AC), as typical MJPEG encoders use them. */
const AC_LUMA_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
  0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];
const AC_CHROMA_VALUES = [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
  0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
  0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
  0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
  0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
  0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
  0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
  0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
  0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];

/**
 * The four standard tables in one DHT segment (T.81 K.3.1–K.3.2): DC 0 and 1, AC 0 and 1. A test
 * compares it with the tables libjpeg writes when it does not optimise its coding.
 */
export const STANDARD_DHT: Buffer = dhtSegment([
  [0x00, [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], DC_VALUES],
  [0x10, [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d], AC_LUMA_VALUES],
  [0x01, [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], DC_VALUES],
  [0x11, [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], AC_CHROMA_VALUES],
]);
