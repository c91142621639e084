// Worker-thread entry: reads one hash-set file and packs its records for the case's batched
// INSERT, while the importing thread inserts (read-packed.ts). Protocol in read-packed.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { EntryPacker, type PackedEntries } from '../case/entry-pack.js';
import { readHashSet } from './formats/index.js';
import type { ReaderMessage, ReaderRequest } from './read-packed.js';

const port = parentPort!;
const { file, format, window } = workerData as ReaderRequest;

/** Pages posted and not yet taken by the importer; at `window`, the reader waits. */
let unacknowledged = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  unacknowledged--;
  wake?.();
  wake = null;
});

const post = (message: ReaderMessage) => port.postMessage(message);

async function run(): Promise<void> {
  const stream = readHashSet(file, format);
  const packer = new EntryPacker();
  try {
    for await (const batch of stream.batches()) {
      const chunks: PackedEntries[] = [];
      for (const record of batch) {
        const chunk = packer.add(record);
        if (chunk) chunks.push(chunk);
      }
      if (!chunks.length) continue;
      while (unacknowledged >= window) await new Promise<void>((resolve) => (wake = resolve));
      unacknowledged++;
      post({ type: 'page', chunks });
    }
    const tail = packer.take();
    post({ type: 'end', tail, skipped: { count: stream.skipped.count, examples: stream.skipped.examples } });
  } catch (error) {
    const e = error as Error & { file?: string; where?: string; problem?: string; code?: string };
    post({
      type: 'error',
      name: e.name,
      message: e.message ?? String(error),
      file: e.file,
      where: e.where,
      problem: e.problem,
      code: typeof e.code === 'string' ? e.code : undefined,
    });
  }
}

void run();
