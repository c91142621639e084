// A pool of worker processes, one per core. Processes, not threads: a decoder that segfaults or
// balloons takes down only its own process. Each job has a time limit; a worker that dies or
// overruns is killed and replaced, and its file comes back as failed with the reason — with its
// hashes when it got that far. Files queued behind it go to another worker. run() never rejects.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileJob, FileResult, HashedNotice } from './file-result.js';
import type { ParentMessage, WorkerConfig, WorkerMessage } from './worker-protocol.js';

export interface PoolOptions extends WorkerConfig {
  size: number;
  /** Per-file time limit. */
  timeoutMs: number;
}

interface Pending {
  job: FileJob;
  resolve: (r: FileResult) => void;
}

interface Slot {
  child: ChildProcess;
  /** Jobs sent to this worker, in the order it works through them; the first is in progress. */
  sent: Pending[];
  /** The in-progress job's hashes, once the worker has them. */
  hashed: HashedNotice | null;
  timer: NodeJS.Timeout | null;
  stderrTail: string;
  /** Being killed or already gone: takes no more jobs; replaced on exit. */
  dead: boolean;
}

/**
 * Jobs queued in each worker. Two: the worker starts its next file the moment it finishes one,
 * instead of waiting for the parent — which, with every core busy decoding, may not be scheduled
 * for milliseconds (measured: hash stage 418 → 470+ MB/s on 2 cores).
 */
const PREFETCH = 2;

const here = fileURLToPath(import.meta.url);
// From source (tests), the entry is TypeScript and runs through tsx; built, it is plain JS.
const ENTRY = path.join(path.dirname(here), `worker-entry${path.extname(here)}`);
const EXEC_ARGV = path.extname(here) === '.ts' ? ['--import', 'tsx'] : [];

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;
  /** Workers replaced after a crash or time-out, for the summary. */
  restarts = 0;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  run(job: FileJob): Promise<FileResult> {
    if (this.closed) throw new Error('worker pool is closed');
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
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.child.disconnect();
            setTimeout(() => slot.child.kill('SIGKILL'), 2000).unref();
          }),
      ),
    );
  }

  private spawn(): Slot {
    const { size: _size, timeoutMs: _timeout, ...config } = this.options;
    const child = fork(ENTRY, [], {
      execArgv: EXEC_ARGV,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, LANTERNE_WORKER_CONFIG: JSON.stringify(config satisfies WorkerConfig) },
    });
    const slot: Slot = { child, sent: [], hashed: null, timer: null, stderrTail: '', dead: false };
    // Decoder libraries print warnings on stderr; keep the tail to explain a crash, show nothing else.
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      slot.stderrTail = (slot.stderrTail + text).slice(-2000);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', () => {}); // 'exit' follows and does the accounting
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.dead && slot.sent.length < PREFETCH && this.queue.length > 0) {
        const next = this.queue.shift()!;
        slot.sent.push(next);
        if (slot.sent.length === 1) this.startClock(slot);
        // A send to a process that just died errors here; its 'exit' handler re-queues the job.
        slot.child.send({ type: 'job', job: next.job } satisfies ParentMessage, () => {});
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
    const current = slot.sent[0];
    if (!current || message.type === 'ready') return;
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
    slot.child.kill('SIGKILL');
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const wasDead = slot.dead;
    slot.dead = true;
    if (slot.sent.length && !wasDead) {
      const how = signal
        ? `killed by ${signal}${signal === 'SIGKILL' ? ' (out of memory?)' : ''}`
        : `exited with code ${code}`;
      const tail = slot.stderrTail
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('Node.js v') && !l.startsWith('at '))
        .pop();
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
