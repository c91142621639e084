// A pool of worker processes, one per core. Processes, not threads: a decoder that segfaults or
// balloons takes down only its own process. Each job has a time limit; a worker that dies or
// overruns is killed and replaced, and its file comes back as failed with the reason — with its
// hashes when it got that far. run() therefore never rejects.
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

interface Slot {
  child: ChildProcess;
  job: { job: FileJob; resolve: (r: FileResult) => void; hashed: HashedNotice | null; timer: NodeJS.Timeout } | null;
  stderrTail: string;
  /** Being killed or already gone: takes no more jobs; replaced on exit. */
  dead: boolean;
}

const here = fileURLToPath(import.meta.url);
// From source (tests), the entry is TypeScript and runs through tsx; built, it is plain JS.
const ENTRY = path.join(path.dirname(here), `worker-entry${path.extname(here)}`);
const EXEC_ARGV = path.extname(here) === '.ts' ? ['--import', 'tsx'] : [];

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { job: FileJob; resolve: (r: FileResult) => void }[] = [];
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

  async close(): Promise<void> {
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
    const slot: Slot = { child, job: null, stderrTail: '', dead: false };
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
      if (slot.dead || slot.job || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      const timer = setTimeout(() => this.onTimeout(slot), this.options.timeoutMs);
      slot.job = { ...next, hashed: null, timer };
      // A send to a process that just died errors here; its 'exit' handler fails the job.
      slot.child.send({ type: 'job', job: next.job } satisfies ParentMessage, () => {});
    }
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (!slot.job) return;
    if (message.type === 'hashed') slot.job.hashed = message.notice;
    if (message.type === 'result') this.finish(slot, message.result);
    if (message.type === 'failed') this.failCurrent(slot, message.reason);
  }

  private finish(slot: Slot, result: FileResult): void {
    const current = slot.job;
    if (!current) return;
    clearTimeout(current.timer);
    slot.job = null;
    current.resolve(result);
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    if (!slot.job) return;
    const seconds = Math.round(this.options.timeoutMs / 1000);
    slot.dead = true;
    this.failCurrent(slot, `processing took longer than the ${seconds} s limit per file (decoder hang?); the worker was stopped`);
    slot.child.kill('SIGKILL');
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    slot.dead = true;
    if (slot.job) {
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
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) {
      this.restarts++;
      this.slots[index] = this.spawn();
      this.dispatch();
    }
  }

  private failCurrent(slot: Slot, reason: string): void {
    const current = slot.job;
    if (!current) return;
    const hashed = current.hashed;
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
