// What a worker sends back about one file. Plain data: it crosses a process boundary.
import type { ExifSummary } from '../../../shared/model.js';
import type { FileHashes } from './hasher.js';

export interface FileJob {
  itemId: number;
  absPath: string;
}

export interface FileResult {
  itemId: number;
  status: 'ok' | 'failed';
  error: string | null;
  notes: string[];
  /** Image work (metadata, decode) left for a later full run by a hash-only triage run. */
  deferred: boolean;
  size: number | null;
  hashes: FileHashes | null;
  mime: string | null;
  timestamps: { mtimeMs: number; ctimeMs: number; birthtimeMs: number } | null;
  image: {
    width: number | null;
    height: number | null;
    orientation: number | null;
    thumbnail: boolean;
    pdq: { hash: string; quality: number } | null;
    pdqDihedral: Uint8Array | null;
  } | null;
  metadata: {
    summary: ExifSummary;
    tags: Record<string, Record<string, unknown>>;
    warnings: string[];
  } | null;
}

/** Sent as soon as a file is hashed, so a decoder crash afterwards still leaves its hashes on record. */
export interface HashedNotice {
  itemId: number;
  size: number;
  hashes: FileHashes;
  mime: string;
}
