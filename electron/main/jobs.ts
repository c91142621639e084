// Runs one job in its own utility process and forwards its progress. One job at a time: a second
// ingest into the same case would only meet the case lock. An ingest's worker processes are
// started here, in main, on the job host's request (worker-processes.ts). Only an ingest can be
// stopped: it resumes where it stopped, while an import or export is short and ends whole or not
// at all.
import type { UtilityProcess } from 'electron';
import { fail, ok, type ApiResult } from '../../shared/api/result.js';
import type { Job, JobHostMessage, JobOutcome, JobProgress, Port, StopRequest } from './hosts/host-protocol.js';
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

/** A job as the examiner's dialogs name it. */
export const JOB_NAMES: Record<Job['kind'], string> = { ingest: 'ingest', hashset: 'hash-set import', export: 'export' };

/** Told once when the examiner's stop was accepted (the job host has been asked to stop). */
export type OnStopping = (job: Job) => void;

interface Running {
  job: Job;
  port: Port<JobHostMessage, Job | StopRequest>;
  onStopping: OnStopping;
  stopAsked: boolean;
}

export class JobRunner {
  private running: Running | null = null;

  constructor(
    private readonly fork: ForkJobHost,
    private readonly serveWorkers: ServeWorkers = noWorkers,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  run(job: Job, onProgress: (job: Job, progress: JobProgress) => void, onStopping: OnStopping = () => {}): Promise<JobOutcome> {
    if (this.running) return Promise.resolve({ ok: false, error: { code: 'BAD_INPUT', message: `The ${JOB_NAMES[this.running.job.kind]} started earlier is still running in this window; wait for it to finish.` } });
    const child = this.fork();
    const port = portOf<JobHostMessage, Job | StopRequest>(child);
    const running: Running = { job, port, onStopping, stopAsked: false };
    this.running = running;
    const workers = this.serveWorkers(child);
    return new Promise<JobOutcome>((resolve) => {
      let finished = false;
      const finish = (outcome: JobOutcome) => {
        if (finished) return;
        finished = true;
        if (this.running === running) this.running = null;
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
        finish({ ok: false, error: { code: 'INTERNAL', message: `The ${JOB_NAMES[job.kind]} process stopped unexpectedly (exit code ${code}).` } });
      });
      port.postMessage(job);
    });
  }

  /**
   * Asks the running ingest to stop: its job host aborts the ingest's signal, the files in flight
   * finish and the rest stay pending; the outcome then arrives as usual ("Ingest interrupted…").
   * Asking again while it stops changes nothing. An error value, never a throw, when there is
   * nothing to stop.
   */
  stop(): ApiResult<null> {
    const running = this.running;
    if (!running) return fail('BAD_INPUT', 'No ingest is running.');
    if (running.job.kind !== 'ingest') return fail('BAD_INPUT', `An ${running.job.kind === 'hashset' ? 'import' : 'export'} cannot be stopped; it ends whole or not at all.`);
    if (running.stopAsked) return ok(null);
    running.stopAsked = true;
    running.port.postMessage({ kind: 'stop' });
    running.onStopping(running.job);
    return ok(null);
  }
}
