// Messages between the ingest pool (parent) and its worker processes. The same messages travel
// over a child_process IPC channel (plain Node) or a MessagePort (an Electron utility process,
// worker-link.ts); both carry them structured-cloned.
import type { FileJob, FileResult, HashedNotice } from './file-result.js';

/** The environment variable that carries the WorkerConfig, as JSON, however the worker is started. */
export const WORKER_CONFIG_ENV = 'LANTERNE_WORKER_CONFIG';

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

/**
 * Electron only: what the main process posts on a worker utility process's parentPort, once,
 * with the worker's end of its MessagePort to the pool as the one transferred port.
 */
export type ConnectMessage = { type: 'connect' };
