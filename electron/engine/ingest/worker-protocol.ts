// Messages between the ingest pool (parent) and its worker processes.
import type { FileJob, FileResult, HashedNotice } from './file-result.js';

export interface WorkerConfig {
  thumbsDir: string;
  maxPixels: number;
  inMemoryLimit: number;
  hashOnly: boolean;
}

export type ParentMessage = { type: 'job'; job: FileJob };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'hashed'; notice: HashedNotice }
  | { type: 'result'; result: FileResult }
  /** processFile threw (a bug): the pool records the file as failed, keeping any hashes it got. */
  | { type: 'failed'; itemId: number; reason: string };
