// A hash-set file read and packed on a worker thread while the caller inserts: on a 2-core
// laptop, parsing (JSON, CSV, a partner's SQLite) and inserting into the case each take about half
// of an import's CPU, and done one after the other they leave a core idle.
//
// Flow control keeps memory flat: the reader runs at most WINDOW pages ahead of the importer.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PackedEntries } from '../case/entry-pack.js';
import { HashSetFormatError, type HashSetFormat } from './formats/index.js';

export interface ReaderRequest {
  file: string;
  format: HashSetFormat;
  window: number;
}

export type ReaderMessage =
  | { type: 'page'; chunks: PackedEntries[] }
  | { type: 'end'; tail: PackedEntries | null; skipped: { count: number; examples: string[] } }
  | { type: 'error'; name: string; message: string; file?: string; where?: string; problem?: string; code?: string };

/** Pages (one reader batch each, ~10 statements of 100 rows) the reader may run ahead. */
const WINDOW = 8;

export interface PackedSetReader {
  /** Every chunk of the file, in file order. Throws the reader's error (a HashSetFormatError for a bad record). */
  chunks(): AsyncGenerator<PackedEntries, void, undefined>;
  /** Known once chunks() has finished. */
  skipped: { count: number; examples: string[] };
}

export function readPackedInWorker(file: string, format: HashSetFormat): PackedSetReader {
  const reader: PackedSetReader = {
    skipped: { count: 0, examples: [] },
    async *chunks() {
      const worker = startWorker({ file, format, window: WINDOW });
      const inbox: ReaderMessage[] = [];
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      const notify = () => {
        wake?.();
        wake = null;
      };
      worker.on('message', (message: ReaderMessage) => {
        inbox.push(message);
        notify();
      });
      worker.on('error', (error) => {
        failure ??= error;
        notify();
      });
      worker.on('exit', (code) => {
        failure ??= new Error(`hash-set reader thread stopped unexpectedly (exit code ${code})`);
        notify();
      });
      try {
        for (;;) {
          const message = inbox.shift();
          if (!message) {
            if (failure) throw failure;
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          if (message.type === 'error') throw errorFrom(message);
          if (message.type === 'end') {
            reader.skipped = message.skipped;
            if (message.tail) yield message.tail;
            return;
          }
          worker.postMessage('ack'); // the page is taken: the reader may post another
          yield* message.chunks;
        }
      } finally {
        // Done, failed, or the importer stopped early (a full disk): the thread goes either way.
        await worker.terminate();
      }
    },
  };
  return reader;
}

function errorFrom(message: Extract<ReaderMessage, { type: 'error' }>): Error {
  if (message.name === 'HashSetFormatError' && message.file !== undefined) {
    return new HashSetFormatError(message.file, message.where ?? '', message.problem ?? message.message);
  }
  const error = new Error(message.message) as Error & { code?: string };
  if (message.code) error.code = message.code;
  return error;
}

const here = fileURLToPath(import.meta.url);
const ENTRY = path.join(path.dirname(here), `set-reader-worker${path.extname(here)}`);

function startWorker(request: ReaderRequest): Worker {
  if (path.extname(ENTRY) !== '.ts') return new Worker(ENTRY, { workerData: request });
  // From source (tests), the entry is TypeScript: a thread does not take `--import tsx` the way a
  // child process does, so it registers tsx itself before importing the entry.
  // (A bare specifier in eval'd code resolves from the working directory: the checkout, in tests.)
  const tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(pathToFileURL(ENTRY).href)}))`;
  return new Worker(boot, { eval: true, workerData: request });
}
