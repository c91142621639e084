// Runs one job in its own utility process and forwards its progress. One job at a time: a second
// ingest into the same case would only meet the case lock. An ingest's worker processes are
// started here, in main, on the job host's request (worker-processes.ts).
import type { UtilityProcess } from 'electron';
import type { Job, JobHostMessage, JobOutcome, JobProgress } from './hosts/host-protocol.js';
import { portOf } from './utility-port.js';
import { isWorkerRequest, type JobHostEnd } from './worker-processes.js';

export type ForkJobHost = () => Pick<UtilityProcess, 'on' | 'once' | 'postMessage' | 'kill'>;

/** Serves one job host's requests for worker processes. */
export interface WorkerRequests {
  handle(request: unknown): void;
  killAll(): void;
}

export type ServeWorkers = (jobHost: JobHostEnd) => WorkerRequests;

/** Without a way to start workers, every request is answered "not started" (the ingest then fails each file, and says why). */
const noWorkers: ServeWorkers = (jobHost) => ({
  handle: (request) => {
    const { kind, id } = request as { kind?: string; id?: number };
    if (kind === 'worker-spawn' && typeof id === 'number') jobHost.postMessage({ kind: 'worker-exit', id, code: -1, stderrTail: 'this app starts no worker processes' });
  },
  killAll: () => {},
});

export class JobRunner {
  private running: Job | null = null;

  constructor(
    private readonly fork: ForkJobHost,
    private readonly serveWorkers: ServeWorkers = noWorkers,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  run(job: Job, onProgress: (job: Job, progress: JobProgress) => void): Promise<JobOutcome> {
    if (this.running) return Promise.resolve({ ok: false, error: { code: 'BAD_INPUT', message: `The ${this.running.kind} started earlier is still running in this window; wait for it to finish.` } });
    this.running = job;
    const child = this.fork();
    const port = portOf<JobHostMessage, Job>(child);
    const workers = this.serveWorkers(child);
    return new Promise<JobOutcome>((resolve) => {
      let finished = false;
      const finish = (outcome: JobOutcome) => {
        if (finished) return;
        finished = true;
        this.running = null;
        resolve(outcome);
      };
      port.onMessage((message) => {
        if (isWorkerRequest(message)) workers.handle(message);
        else if (message.kind === 'progress') onProgress(job, message.progress);
        else finish(message.outcome);
      });
      child.once('exit', (code: number) => {
        // No worker outlives its job host.
        workers.killAll();
        finish({ ok: false, error: { code: 'INTERNAL', message: `The ${job.kind} process stopped unexpectedly (exit code ${code}).` } });
      });
      port.postMessage(job);
    });
  }
}
