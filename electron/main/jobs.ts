// Runs one job in its own utility process and forwards its progress. One job at a time: a second
// ingest into the same case would only meet the case lock.
import type { UtilityProcess } from 'electron';
import type { Job, JobHostMessage, JobOutcome, JobProgress } from './hosts/host-protocol.js';
import { portOf } from './utility-port.js';

export type ForkJobHost = () => Pick<UtilityProcess, 'on' | 'once' | 'postMessage' | 'kill'>;

export class JobRunner {
  private running: Job | null = null;

  constructor(private readonly fork: ForkJobHost) {}

  get busy(): boolean {
    return this.running !== null;
  }

  run(job: Job, onProgress: (job: Job, progress: JobProgress) => void): Promise<JobOutcome> {
    if (this.running) return Promise.resolve({ ok: false, error: { code: 'BAD_INPUT', message: `The ${this.running.kind} started earlier is still running in this window; wait for it to finish.` } });
    this.running = job;
    const child = this.fork();
    const port = portOf<JobHostMessage, Job>(child);
    return new Promise<JobOutcome>((resolve) => {
      let finished = false;
      const finish = (outcome: JobOutcome) => {
        if (finished) return;
        finished = true;
        this.running = null;
        resolve(outcome);
      };
      port.onMessage((message) => {
        if (message.kind === 'progress') onProgress(job, message.progress);
        else finish(message.outcome);
      });
      child.once('exit', (code: number) => finish({ ok: false, error: { code: 'INTERNAL', message: `The ${job.kind} process stopped unexpectedly (exit code ${code}).` } }));
      port.postMessage(job);
    });
  }
}
