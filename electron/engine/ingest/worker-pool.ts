// A pool of worker processes, one per core. Processes, not threads: a decoder that segfaults or
// balloons takes down only its own process. Each job has a time limit; a worker that dies or
// overruns is killed and replaced, and its file comes back as failed with the reason — with its
// hashes when it got that far. Files queued behind it go to another worker. run() never rejects.
// Who starts a worker is injected (worker-channel.ts): a fork in plain Node, a utility process
// obtained from Electron's main process inside the desktop app.
import type { FileJob, FileResult, HashedNotice } from './file-result.js';
import { forkWorker, type WorkerChannel, type WorkerSpawner } from './worker-channel.js';
import type { WorkerConfig, WorkerMessage } from './worker-protocol.js';

export interface PoolOptions extends WorkerConfig {
  size: number;
  /** Per-file time limit. */
  timeoutMs: number;
  /** Starts one worker; a child_process.fork unless the host needs another way (Electron). */
  spawnWorker?: WorkerSpawner;
}

interface Pending {
  job: FileJob;
  resolve: (r: FileResult | null) => void;
}

interface Slot {
  worker: WorkerChannel;
  /** Settles when the worker process has gone. */
  gone: Promise<void>;
  /** Jobs sent to this worker, in the order it works through them; the first is in progress. */
  sent: Pending[];
  /** The in-progress job's hashes, once the worker has them. */
  hashed: HashedNotice | null;
  timer: NodeJS.Timeout | null;
  /** Being killed or already gone: takes no more jobs; replaced on exit. */
  dead: boolean;
  /** Said 'ready': it started, so whatever kills it from now on is charged to its file. */
  ready: boolean;
}

/**
 * Workers that die before saying 'ready' did not fail on a file: they cannot start at all (an
 * entry missing from a broken install, a module that will not load). Their files go back to the
 * queue; after this many such deaths in a row the pool gives up instead of failing every file of
 * the case one by one, and the ingest stops with the reason, its files still pending.
 */
const MAX_START_FAILURES = 3;

export class WorkersCannotStartError extends Error {
  constructor(detail: string) {
    super(`ingest worker processes cannot start (${MAX_START_FAILURES} attempts)${detail ? `: ${detail}` : ''}; nothing was recorded for the files not yet processed, and a later run resumes them`);
    this.name = 'WorkersCannotStartError';
  }
}

/**
 * Jobs queued in each worker. Two: the worker starts its next file the moment it finishes one,
 * instead of waiting for the parent — which, with every core busy decoding, may not be scheduled
 * for milliseconds (measured: hash stage 418 → 470+ MB/s on 2 cores).
 */
const PREFETCH = 2;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;
  /** Workers replaced after a crash or time-out, for the summary. */
  restarts = 0;
  /** Set once workers cannot start: every job still waiting, and every later one, resolves to null. */
  broken: WorkersCannotStartError | null = null;
  private startFailures = 0;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** The file's result; null when it was not processed because the workers cannot start (see `broken`). */
  run(job: FileJob): Promise<FileResult | null> {
    if (this.closed) throw new Error('worker pool is closed');
    if (this.broken) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  private closing: Promise<void> | null = null;

  /** Stops every worker; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.stopAll();
    return this.closing;
  }

  private async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.map((slot) => {
        slot.worker.close();
        // A worker stuck in a decoder never reads its channel closing.
        const force = setTimeout(() => slot.worker.kill(), 2000);
        force.unref();
        return slot.gone.finally(() => clearTimeout(force));
      }),
    );
  }

  private spawn(): Slot {
    const { size: _size, timeoutMs: _timeout, spawnWorker = forkWorker, ...config } = this.options;
    const worker = spawnWorker(config satisfies WorkerConfig);
    let markGone!: () => void;
    const gone = new Promise<void>((resolve) => (markGone = resolve));
    const slot: Slot = { worker, gone, sent: [], hashed: null, timer: null, dead: false, ready: false };
    worker.onMessage((message: WorkerMessage) => this.onMessage(slot, message));
    worker.onExit((code, signal) => {
      markGone();
      this.onExit(slot, code, signal);
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.dead && slot.sent.length < PREFETCH && this.queue.length > 0) {
        const next = this.queue.shift()!;
        slot.sent.push(next);
        if (slot.sent.length === 1) this.startClock(slot);
        // A send to a process that just died is lost; its exit handling re-queues the job.
        slot.worker.send({ type: 'job', job: next.job });
      }
    }
  }

  /** The time limit runs for the job the worker is on, from when it could start it. */
  private startClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.hashed = null;
    slot.timer = slot.sent.length ? setTimeout(() => this.onTimeout(slot), this.options.timeoutMs) : null;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      return;
    }
    const current = slot.sent[0];
    if (!current) return;
    const itemId = message.type === 'hashed' ? message.notice.itemId : message.type === 'result' ? message.result.itemId : message.itemId;
    if (itemId !== current.job.itemId) return; // a late message from a job already written off
    if (message.type === 'hashed') slot.hashed = message.notice;
    if (message.type === 'result') this.finish(slot, message.result);
    if (message.type === 'failed') this.failCurrent(slot, message.reason);
  }

  private finish(slot: Slot, result: FileResult): void {
    const current = slot.sent.shift();
    if (!current) return;
    this.startClock(slot);
    current.resolve(result);
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    if (!slot.sent.length) return;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    slot.dead = true;
    this.failCurrent(slot, `processing took longer than the ${seconds} s limit per file (decoder hang?); the worker was stopped`);
    slot.worker.kill();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const wasDead = slot.dead;
    slot.dead = true;
    if (!slot.ready && !wasDead && !this.closed && ++this.startFailures >= MAX_START_FAILURES) {
      this.giveUp(slot);
      return;
    }
    if (slot.sent.length && !wasDead && slot.ready) {
      const how = signal
        ? `killed by ${signal}${signal === 'SIGKILL' ? ' (out of memory?)' : ''}`
        : `exited with code ${code}`;
      const tail = lastLine(slot.worker.stderrTail());
      this.failCurrent(slot, `worker process ${how} while processing this file${tail ? `: ${tail.slice(0, 300)}` : ''}`);
    }
    if (slot.timer) clearTimeout(slot.timer);
    // Files queued behind the failed one never started: another worker takes them.
    this.queue.unshift(...slot.sent.splice(0));
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) {
      this.restarts++;
      this.slots[index] = this.spawn();
      this.dispatch();
    }
  }

  /** Workers cannot start: every waiting job comes back unprocessed, and no worker is started again. */
  private giveUp(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    this.broken = new WorkersCannotStartError(lastLine(slot.worker.stderrTail()).slice(0, 300));
    for (const other of this.slots) if (other.timer) clearTimeout(other.timer);
    const waiting = [...this.slots.flatMap((s) => s.sent.splice(0)), ...this.queue.splice(0)];
    for (const pending of waiting) pending.resolve(null);
  }

  /** Records the in-progress job as failed, keeping the hashes the worker reported for it. */
  private failCurrent(slot: Slot, reason: string): void {
    const current = slot.sent[0];
    if (!current) return;
    const hashed = slot.hashed;
    this.finish(slot, {
      itemId: current.job.itemId,
      status: 'failed',
      error: reason,
      notes: [],
      deferred: false,
      size: hashed?.size ?? null,
      hashes: hashed?.hashes ?? null,
      mime: hashed?.mime ?? null,
      timestamps: null,
      image: null,
      metadata: null,
    });
  }
}

/** The last telling line a dying worker wrote on stderr (not Node's version banner or a stack frame). */
function lastLine(stderr: string): string {
  return (
    stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('Node.js v') && !l.startsWith('at '))
      .pop() ?? ''
  );
}
