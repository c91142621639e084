// The job host's logic: take one Job from main, run it with progress, report the outcome. Inside
// Electron, the ingest's workers are asked of main (worker-relay.ts): a utility process cannot
// start a Node script itself once the RunAsNode fuse is off. Plain Node: it runs in a utility
// process (job-host-entry.ts) and, in tests, in-process.
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
  let started = false;
  port.onMessage((message, ports) => {
    if (message.kind === 'worker-port' || message.kind === 'worker-exit') return relay?.deliver(message, ports ?? []);
    if (started) return; // one job per process
    started = true;
    void runJob(message, (progress) => port.postMessage({ kind: 'progress', progress }), undefined, relay?.spawnWorker).then((outcome) => {
      port.postMessage({ kind: 'done', outcome });
      options.done();
    });
  });
}
