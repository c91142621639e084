// Entry point of one ingest worker process. It processes one file at a time for the pool and is
// disposable: if a decoder crashes or hangs in here, the pool kills and replaces this process and
// records only that one file as failed. Started by child_process.fork (plain Node) or, inside the
// desktop app, as an Electron utility process; worker-link.ts hides which.
import { ThumbnailStore } from '../case/thumbnail-store.js';
import type { FileJob } from './file-result.js';
import { processFile } from './process-file.js';
import { linkToPool } from './worker-link.js';
import { WORKER_CONFIG_ENV, type WorkerConfig, type WorkerMessage } from './worker-protocol.js';

const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? 'null') as WorkerConfig | null;
const link = linkToPool();
if (!config || !link) {
  console.error('lanterne worker: started without its configuration or a channel to the pool');
  process.exit(2);
}
const send: (message: WorkerMessage) => void = link.send;
const options = { ...config, thumbs: new ThumbnailStore(config.thumbsDir) };

// The pool queues a file or two ahead; they are processed strictly one after another (the
// evidence reader's buffer is reused from file to file).
const queue: FileJob[] = [];
let busy = false;
link.onMessage((message) => {
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
link.onClose(() => process.exit(0));

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
