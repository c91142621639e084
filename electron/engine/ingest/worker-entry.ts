// Entry point of one ingest worker process. It processes one file at a time for the pool and is
// disposable: if a decoder crashes or hangs in here, the pool kills and replaces this process and
// records only that one file as failed.
import { ThumbnailStore } from '../case/thumbnail-store.js';
import type { FileJob } from './file-result.js';
import { processFile } from './process-file.js';
import type { ParentMessage, WorkerConfig, WorkerMessage } from './worker-protocol.js';

const config = JSON.parse(process.env['LANTERNE_WORKER_CONFIG'] ?? 'null') as WorkerConfig | null;
if (!config || !process.send) {
  console.error('lanterne worker: started without its configuration or IPC channel');
  process.exit(2);
}
const send = (message: WorkerMessage) => process.send!(message);
const options = { ...config, thumbs: new ThumbnailStore(config.thumbsDir) };

// The pool queues a file or two ahead; they are processed strictly one after another (the
// evidence reader's buffer is reused from file to file).
const queue: FileJob[] = [];
let busy = false;
process.on('message', (message: ParentMessage) => {
  if (message.type !== 'job') return;
  queue.push(message.job);
  void drain();
});

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  while (queue.length) await run(queue.shift()!);
  busy = false;
}
process.on('disconnect', () => process.exit(0));

async function run(job: FileJob): Promise<void> {
  try {
    const result = await processFile(job, options, (notice) => send({ type: 'hashed', notice }));
    send({ type: 'result', result });
  } catch (error) {
    // processFile turns every expected problem into a result; this is a bug, but it costs one
    // file, recorded with what went wrong, not the worker.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    send({ type: 'failed', itemId: job.itemId, reason: `internal error while processing: ${reason.slice(0, 300)}` });
  }
}

send({ type: 'ready' });
