// Wires the shell's case client to a real case host (serveCase) through the fake utility-process
// message pair: what the main process would talk to, minus the process.
import { serveCase } from '../../../electron/main/hosts/case-host.js';
import type { CaseHostMessage, CaseHostRequest, Job, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
import { runJob } from '../../../electron/main/hosts/run-job.js';
import { CASE_HOST_ENTRY, JOB_HOST_ENTRY } from '../../../electron/main/utility-port.js';
import { childPortOf, FakeUtilityProcess } from './fake-electron.js';

/** Runs, in-process, what the real host entries would run in a utility process. */
export function runUtilityInProcess(child: FakeUtilityProcess): void {
  const name = child.modulePath.split(/[\\/]/).pop()!.replace(/\.[jt]s$/, '');
  if (name === 'case-host-entry') {
    const host = serveCase(child.args[0]!, childPortOf<CaseHostRequest, CaseHostMessage>(child));
    child.once('exit', () => host.close());
  } else if (name === 'job-host-entry') {
    const port = childPortOf<Job, JobHostMessage>(child);
    port.onMessage((job) => {
      void runJob(job, (progress) => port.postMessage({ kind: 'progress', progress })).then((outcome) => port.postMessage({ kind: 'done', outcome }));
    });
  } else {
    throw new Error(`unexpected utility entry ${child.modulePath}`);
  }
}

export const HOST_ENTRIES = { caseHostEntry: CASE_HOST_ENTRY, jobHostEntry: JOB_HOST_ENTRY };
