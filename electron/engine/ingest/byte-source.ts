// Random access to an evidence file's bytes, for readers that need only a few ranges of it: a
// RAW's embedded preview, a video's moov box after gigabytes of media. The file is either already
// in memory (up to the ingest's in-memory limit) or read in ranges through a read-only descriptor.
// Evidence is only ever read.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { decodeEvidencePath, openReadOnly } from './evidence-reader.js';

export interface ByteSource {
  size: number;
  /** The bytes at [offset, offset + length) clipped to the file, or null when offset is outside it. */
  read(offset: number, length: number): Buffer | null;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buffer.length,
    read: (offset, length) => (offset >= 0 && offset < buffer.length && length >= 0 ? buffer.subarray(offset, Math.min(buffer.length, offset + length)) : null),
  };
}

/**
 * Opens an evidence path (as jobs carry it: raw-byte names included) read-only, without touching
 * its access time where the OS allows, gives `use` ranged reads of it, and closes it. Throws when
 * the file cannot be opened; the caller says what that means for its reader.
 */
export function withEvidenceSource<T>(file: string, use: (src: ByteSource) => T): T {
  const fd = openReadOnly(decodeEvidencePath(file));
  try {
    return use(fileSource(fd));
  } finally {
    closeSync(fd);
  }
}

function fileSource(fd: number): ByteSource {
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      if (!(offset >= 0 && offset < size && length >= 0)) return null;
      // Callers bound `length` (a preview's or a moov box's cap) before asking.
      const out = Buffer.allocUnsafe(Math.min(length, size - offset));
      let got = 0;
      while (got < out.length) {
        const n = readSync(fd, out, got, out.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return out.subarray(0, got);
    },
  };
}
