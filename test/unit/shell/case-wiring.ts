// Wires the shell's case client to a real case host (serveCase) through the fake utility-process
// message pair: what the main process would talk to, minus the process.
import type { MessagePortMain } from 'electron';
import { serveCase } from '../../../electron/main/hosts/case-host.js';
import type { CaseHostMessage, CaseHostRequest, JobHostInbound, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
import { serveJob } from '../../../electron/main/hosts/job-host.js';
import { CASE_HOST_ENTRY, JOB_HOST_ENTRY, WORKER_ENTRY } from '../../../electron/main/utility-port.js';
import { childParentPortOf, childPortOf, FakeUtilityProcess } from './fake-electron.js';
import { runWorkerUtility } from './worker-utility.js';

/** Runs, in-process, what the real host entries would run in a utility process. */
export function runUtilityInProcess(child: FakeUtilityProcess): void {
  const name = child.modulePath.split(/[\\/]/).pop()!.replace(/\.[jt]s$/, '');
  if (name === 'case-host-entry') {
    const host = serveCase(child.args[0]!, childPortOf<CaseHostRequest, CaseHostMessage>(child));
    child.once('exit', () => host.close());
  } else if (name === 'job-host-entry') {
    // As in the app: the ingest's workers are asked of main, which forks them (worker-entry below).
    const parentPort = childParentPortOf(child);
    serveJob(
      {
        postMessage: (message: JobHostMessage) => parentPort.postMessage(message),
        onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as JobHostInbound, e.ports as unknown as MessagePortMain[])),
      },
      { workersFromMain: true, done: () => {} },
    );
  } else if (name === 'worker-entry') {
    runWorkerUtility(child);
  } else {
    throw new Error(`unexpected utility entry ${child.modulePath}`);
  }
}

export const HOST_ENTRIES = { caseHostEntry: CASE_HOST_ENTRY, jobHostEntry: JOB_HOST_ENTRY, workerEntry: WORKER_ENTRY };
