// Opening a maker-note directory: a problem becomes a warning on the facts, never a throw.
import type { Ifd, TiffReader } from './tiff-reader.js';
import type { MakerNoteFacts } from './types.js';

export function openDirectory(tiff: TiffReader, at: number, base: number, facts: MakerNoteFacts, what: string): Ifd | null {
  const ifd = tiff.readIfd(at, base);
  if (typeof ifd === 'string') {
    facts.warnings.push(`${facts.maker} maker note ${what} not read: ${ifd}`);
    return null;
  }
  return ifd;
}

/** Bytes as lowercase hex (Canon lens serials, Ricoh internal serials are printed that way). */
export function hex(bytes: Uint8Array | null): string | null {
  if (!bytes || bytes.length === 0) return null;
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
