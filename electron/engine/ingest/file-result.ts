// What a worker sends back about one file. Plain data: it crosses a process boundary.
import type { EditTraces, ExifSummary } from '../../../shared/model.js';
import type { CameraDepth, Descriptive } from './metadata.js';
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
    /** Serials by source, lens serial, owner, ModifyDate, shutter count (metadata-depth.ts). */
    camera?: CameraDepth;
    /** IPTC/XMP keywords, caption, creator, copyright (metadata-depth.ts). */
    descriptive?: Descriptive;
    /** Editing traces, the thumbnail comparison included (metadata-edits.ts, metadata-thumbnail.ts). */
    edits?: EditTraces;
    /** The file is an XMP sidecar, to be linked to its image by name. */
    sidecar?: boolean;
  } | null;
}

/** Sent as soon as a file is hashed, so a decoder crash afterwards still leaves its hashes on record. */
export interface HashedNotice {
  itemId: number;
  size: number;
  hashes: FileHashes;
  mime: string;
}
