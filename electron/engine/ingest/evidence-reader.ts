// Reads one evidence file, read-only, exactly once. Small files come back whole (for metadata and
// decoding from the same bytes); big ones are streamed through the hasher and only their head is
// kept. O_NOATIME keeps even the access time of the evidence untouched where the OS allows it.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { TripleHasher, type FileHashes } from './hasher.js';

const CHUNK = 1 << 20; // 1 MiB slices keep the three digests working on cache-warm bytes
/**
 * One buffer reused from file to file: a fresh multi-megabyte allocation per file costs its page
 * faults every time (measured: 272 → 305 MB/s for the triple hash of 12 MP JPEGs). A worker reads
 * one file at a time, so `bytes` stays valid until its next readEvidence call. Buffers grown past
 * KEEP_LIMIT for a rare huge file are let go afterwards.
 */
let scratch = Buffer.allocUnsafe(8 << 20);
const KEEP_LIMIT = 64 << 20;
/** For streamed files and for reading past an expected end: contents never outlive one call. */
const chunkBuffer = Buffer.allocUnsafe(CHUNK);
/** The first bytes kept for a streamed file: enough for sniffing and for most metadata blocks. */
const STREAMED_HEAD_BYTES = 4 << 20;

export interface EvidenceRead {
  hashes: FileHashes;
  /** Bytes actually read (the hashes cover exactly these). */
  size: number;
  /** The whole file when it fitted under the in-memory limit, else null. Valid until the next read. */
  bytes: Buffer | null;
  /** The first bytes of the file (all of it when `bytes` is set). */
  head: Buffer;
  /** Set when the file's size changed between stat and the end of the read. */
  sizeChanged: { statSize: number; readSize: number } | null;
  timestamps: { mtimeMs: number; ctimeMs: number; birthtimeMs: number };
}

/** Read-only, without touching the access time where the OS allows. */
export function openReadOnly(file: string | Buffer): number {
  const noAtime = (constants as Record<string, number>)['O_NOATIME'] ?? 0;
  if (noAtime) {
    try {
      return openSync(file, constants.O_RDONLY | noAtime);
    } catch (error) {
      // O_NOATIME needs file ownership or CAP_FOWNER; fall back to a plain read-only open.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
  return openSync(file, constants.O_RDONLY);
}

/**
 * A path whose bytes are not valid UTF-8 cannot be a JS string without losing them, yet jobs carry
 * paths as strings. Such a path travels as NUL + "bytes:" + base64: no real path contains NUL
 * (the kernel ends paths there), so the form cannot be mistaken for one, and readEvidence turns it
 * back into the exact bytes.
 */
const RAW_PATH_PREFIX = '\0bytes:';

export function encodeRawPath(bytes: Uint8Array): string {
  return RAW_PATH_PREFIX + Buffer.from(bytes).toString('base64');
}

export function decodeEvidencePath(file: string): string | Buffer {
  return file.startsWith(RAW_PATH_PREFIX) ? Buffer.from(file.slice(RAW_PATH_PREFIX.length), 'base64') : file;
}

export function readEvidence(file: string, inMemoryLimit: number): EvidenceRead {
  const fd = openReadOnly(decodeEvidencePath(file));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file (never opened for reading)');
    const timestamps = { mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, birthtimeMs: stat.birthtimeMs };
    const hasher = new TripleHasher();
    if (stat.size <= inMemoryLimit) {
      const bytes = readWhole(fd, stat.size, hasher);
      return {
        hashes: hasher.digest(),
        size: bytes.length,
        bytes,
        head: bytes,
        sizeChanged: bytes.length === stat.size ? null : { statSize: stat.size, readSize: bytes.length },
        timestamps,
      };
    }
    const head = Buffer.allocUnsafe(Math.min(STREAMED_HEAD_BYTES, stat.size));
    let headLength = 0;
    const chunk = chunkBuffer;
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      const piece = chunk.subarray(0, n);
      if (headLength < head.length) headLength += piece.copy(head, headLength);
      hasher.update(piece);
    }
    return {
      hashes: hasher.digest(),
      size: hasher.bytes,
      bytes: null,
      head: head.subarray(0, headLength),
      sizeChanged: hasher.bytes === stat.size ? null : { statSize: stat.size, readSize: hasher.bytes },
      timestamps,
    };
  } finally {
    closeSync(fd);
  }
}

/** Reads to end of file. A file that grew past its stat size is read on in chunks; one that shrank ends early. */
function readWhole(fd: number, expected: number, hasher: TripleHasher): Buffer {
  if (scratch.length < expected) scratch = Buffer.allocUnsafe(expected);
  const buffer = scratch;
  if (scratch.length > KEEP_LIMIT) scratch = Buffer.allocUnsafe(8 << 20);
  let length = 0;
  while (length < expected) {
    const n = readSync(fd, buffer, length, Math.min(CHUNK, expected - length), null);
    if (n === 0) break;
    hasher.update(buffer.subarray(length, length + n));
    length += n;
  }
  const extra: Buffer[] = [];
  const probe = chunkBuffer;
  for (;;) {
    const n = readSync(fd, probe, 0, CHUNK, null);
    if (n === 0) break;
    const piece = Buffer.from(probe.subarray(0, n));
    hasher.update(piece);
    extra.push(piece);
  }
  const whole = buffer.subarray(0, length);
  return extra.length ? Buffer.concat([whole, ...extra]) : whole;
}
