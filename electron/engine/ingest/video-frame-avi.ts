// The first video frame of an AVI (Microsoft RIFF 'AVI '; OpenDML keeps its first frames in the
// same first RIFF): the stream list (LIST 'hdrl' → LIST 'strl' → 'strh' type and handler, 'strf'
// BITMAPINFOHEADER compression) says which stream is video and its codec; the frame is that
// stream's first non-empty '##dc'/'##db' chunk, found through the 'idx1' index when there is one
// (offsets from the 'movi' tag, or absolute as some writers put them: each is checked against the
// chunk header it points to), else by walking the 'movi' list, as a cut recording needs.
// Little-endian throughout; every size checked, every walk bounded; never throws on content.
import type { ByteSource } from './byte-source.js';
import { frameAt, type NoFrame, type VideoFrame } from './video-frame-jpeg.js';

/** Top-level chunks and chunks inside hdrl looked at. */
const MAX_CHUNKS = 4096;
/** An hdrl bigger than this is not read (a real one is a few KB, with padding). */
const MAX_HDRL_BYTES = 1 << 20;
/** idx1 entries looked at for the first video frame (audio and text chunks may come first). */
const MAX_INDEX_ENTRIES = 65_536;
/** 'movi' chunks walked when there is no usable index. */
const MAX_MOVI_CHUNKS = 100_000;

/** Compression fourccs (upper-cased) whose frames are whole JPEGs. */
const JPEG_CODECS = new Set(['MJPG', 'AVRN', 'AVDJ', 'DMB1', 'JPEG', 'IJPG']);

const u32le = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const tag = (b: Uint8Array, at: number): string => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
const printable = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');

interface Stream {
  type: string;
  handler: string;
  compression: string;
}

interface Span {
  start: number;
  end: number;
}

export function aviFirstFrame(src: ByteSource): VideoFrame | NoFrame {
  const head = src.read(0, 12);
  if (!head || head.length < 12 || tag(head, 0) !== 'RIFF' || tag(head, 8) !== 'AVI ') return { none: 'not an AVI file (no RIFF AVI header)', jpegCodec: false };
  // A recording cut short keeps the size it was given at the start (or 0): the file's end bounds it.
  const riffSize = u32le(head, 4);
  const riffEnd = riffSize > 4 ? Math.min(src.size, 8 + riffSize) : src.size;
  let streams: Stream[] | null = null;
  let movi: Span | null = null;
  let idx1: Span | null = null;
  let at = 12;
  for (let n = 0; n < MAX_CHUNKS && at + 8 <= riffEnd; n++) {
    const chunk = src.read(at, 12);
    if (!chunk || chunk.length < 8) break;
    const id = tag(chunk, 0);
    const size = u32le(chunk, 4);
    const end = Math.min(riffEnd, at + 8 + size);
    if (id === 'LIST' && chunk.length >= 12 && tag(chunk, 8) === 'hdrl') {
      const bytes = src.read(at + 8, Math.min(size, MAX_HDRL_BYTES));
      streams ??= bytes ? readHdrl(bytes) : null;
    } else if (id === 'LIST' && chunk.length >= 12 && tag(chunk, 8) === 'movi') {
      movi ??= { start: at + 8, end };
    } else if (id === 'idx1') {
      idx1 ??= { start: at + 8, end };
    }
    at += 8 + size + (size & 1);
  }
  if (!streams) return { none: 'AVI without a readable stream list (hdrl)', jpegCodec: false };
  const index = streams.findIndex((s) => s.type === 'vids');
  if (index < 0) return { none: 'AVI without a video stream', jpegCodec: false };
  const video = streams[index]!;
  const usable = (fcc: string) => fcc.replace(/[\0 ]/g, '') !== '';
  const codec = printable(usable(video.compression) ? video.compression : video.handler);
  // biCompression says what the frames are; fccHandler names the codec program, so it only stands in.
  if (!JPEG_CODECS.has(codec.toUpperCase())) {
    return { none: `video codec ${codec.trim() || 'unknown'} is not decoded here`, jpegCodec: false };
  }
  if (!movi) return { none: 'Motion-JPEG AVI without a movi list (cut short?)', jpegCodec: true };
  const ids = new Set(['dc', 'db'].map((kind) => `${String(index).padStart(2, '0')}${kind}`));
  const found = (idx1 && fromIndex(src, idx1, movi, ids)) ?? fromMovi(src, movi, ids);
  if (!found) return { none: `no frame of the video stream in the movi list`, jpegCodec: true };
  return frameAt(src, found.offset, found.size, codec, 'Motion-JPEG', `AVI chunk ${found.id} via ${found.via}`);
}

/** The stream headers of LIST 'hdrl' (its payload, from the 'hdrl' tag). */
function readHdrl(b: Buffer): Stream[] {
  const streams: Stream[] = [];
  let count = 0;
  for (let at = 4; at + 12 <= b.length && count < MAX_CHUNKS; count++) {
    const size = u32le(b, at + 4);
    if (tag(b, at) === 'LIST' && tag(b, at + 8) === 'strl') {
      const end = Math.min(b.length, at + 8 + size);
      const stream: Stream = { type: '', handler: '', compression: '' };
      for (let inner = at + 12; inner + 8 <= end && count < MAX_CHUNKS; count++) {
        const innerSize = u32le(b, inner + 4);
        const data = inner + 8;
        const fits = (n: number) => innerSize >= n && data + n <= end;
        // strh: fccType, fccHandler, …; strf for video: BITMAPINFOHEADER, biCompression at 16.
        if (tag(b, inner) === 'strh' && fits(8)) [stream.type, stream.handler] = [tag(b, data), tag(b, data + 4)];
        else if (tag(b, inner) === 'strf' && fits(20)) stream.compression = tag(b, data + 16);
        inner = data + innerSize + (innerSize & 1);
      }
      streams.push(stream);
    }
    at += 8 + size + (size & 1);
  }
  return streams;
}

interface Found {
  id: string;
  offset: number;
  size: number;
  via: string;
}

/** The first non-empty index entry of the video stream whose offset leads to a matching chunk. */
function fromIndex(src: ByteSource, idx1: Span, movi: Span, ids: Set<string>): Found | null {
  const BATCH = 4096;
  for (let first = 0; first < MAX_INDEX_ENTRIES; first += BATCH) {
    const start = idx1.start + first * 16;
    if (start + 16 > idx1.end) return null;
    const bytes = src.read(start, Math.min(BATCH * 16, idx1.end - start));
    if (!bytes) return null;
    for (let at = 0; at + 16 <= bytes.length; at += 16) {
      const id = tag(bytes, at);
      const offset = u32le(bytes, at + 8);
      if (!ids.has(id) || u32le(bytes, at + 12) === 0) continue;
      // Offsets count from the 'movi' tag in most files, from the file's start in some.
      for (const candidate of [movi.start + offset, offset]) {
        const chunk = src.read(candidate, 8);
        if (chunk && chunk.length === 8 && tag(chunk, 0) === id) return { id, offset: candidate + 8, size: u32le(chunk, 4), via: 'idx1' };
      }
      return null; // an index that points nowhere: walk the movi list instead
    }
  }
  return null;
}

/** Walks the movi list (and the LIST 'rec ' groups in it) to the stream's first non-empty frame. */
function fromMovi(src: ByteSource, movi: Span, ids: Set<string>): Found | null {
  let at = movi.start + 4;
  for (let n = 0; n < MAX_MOVI_CHUNKS && at + 8 <= movi.end; n++) {
    const chunk = src.read(at, 8);
    if (!chunk || chunk.length < 8) return null;
    const id = tag(chunk, 0);
    const size = u32le(chunk, 4);
    if (id === 'LIST') {
      at += 12; // into the group: its chunks follow its type
      continue;
    }
    if (ids.has(id) && size > 0) return { id, offset: at + 8, size, via: 'the movi list' };
    at += 8 + size + (size & 1);
  }
  return null;
}
