// Entry of a job utility process: receives one Job, streams progress, reports the outcome, exits.
import type { Job, JobHostMessage } from './host-protocol.js';
import { parentPortOf } from './parent-port.js';
import { runJob } from './run-job.js';

const port = parentPortOf<Job, JobHostMessage>();
let started = false;
port.onMessage((job) => {
  if (started) return; // one job per process
  started = true;
  void runJob(job, (progress) => port.postMessage({ kind: 'progress', progress })).then((outcome) => {
    port.postMessage({ kind: 'done', outcome });
    // Let the message flush before the process goes.
    setTimeout(() => process.exit(0), 50);
  });
});
