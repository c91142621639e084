// Entry of a job utility process: receives one Job, streams progress, reports the outcome, exits.
import type { JobHostInbound, JobHostMessage } from './host-protocol.js';
import { serveJob } from './job-host.js';
import { parentPortWithTransfers } from './parent-port.js';

serveJob(parentPortWithTransfers<JobHostInbound, JobHostMessage>(), {
  // Under Electron the workers must come from main; run under plain Node (the host-process
  // tests), the ingest forks them itself.
  workersFromMain: 'electron' in process.versions,
  // Let the outcome flush before the process goes.
  done: () => setTimeout(() => process.exit(0), 50),
});
