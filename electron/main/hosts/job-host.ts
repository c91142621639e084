// The job host's logic: take one Job from main, run it with progress, report the outcome. Inside
// Electron, the ingest's workers are asked of main (worker-relay.ts): a utility process cannot
// start a Node script itself once the RunAsNode fuse is off. Plain Node: it runs in a utility
// process (job-host-entry.ts) and, in tests, in-process. A 'stop' from main aborts the ingest's
// signal: the files in flight finish, the rest stay pending (run-job.ts says so in the outcome).
import type { JobHostInbound, JobHostMessage } from './host-protocol.js';
import type { PortWithTransfers } from './parent-port.js';
import { runJob } from './run-job.js';
import { createWorkerRelay } from './worker-relay.js';

export interface JobHostOptions {
  /** Ask main for worker processes (in Electron); otherwise the ingest forks its own. */
  workersFromMain: boolean;
  /** Called once the outcome is posted; the entry exits the process. */
  done: () => void;
}

export function serveJob(port: PortWithTransfers<JobHostInbound, JobHostMessage>, options: JobHostOptions): void {
  const relay = options.workersFromMain ? createWorkerRelay((request) => port.postMessage(request)) : null;
  // Made before any job arrives: a stop that comes first is kept (the job then starts already
  // stopped, and says it was interrupted) rather than lost; one after the outcome changes nothing.
  const stop = new AbortController();
  let started = false;
  port.onMessage((message, ports) => {
    if (message.kind === 'worker-port' || message.kind === 'worker-exit') return relay?.deliver(message, ports ?? []);
    if (message.kind === 'stop') return stop.abort();
    if (started) return; // one job per process
    started = true;
    void runJob(message, (progress) => port.postMessage({ kind: 'progress', progress }), stop.signal, relay?.spawnWorker).then((outcome) => {
      port.postMessage({ kind: 'done', outcome });
      options.done();
    });
  });
}
