// A fake worker utility process with the real worker-entry behind it: main (worker-processes.ts)
// forks "a utility process" through the fake electron; here a real Node process runs
// electron/engine/ingest/worker-entry.ts with the configuration main put in its env, and its
// parentPort and transferred MessagePort are tunnelled over the fork IPC channel
// (utility-parent-port-shim.ts). Kill, exit and stderr go back through the fake, as Electron does.
import { fork, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../fixtures/corpus.js';
import { FakePortEnd, type FakeMessagePortMain, type FakeUtilityProcess } from './fake-electron.js';

const ENTRY = path.join(REPO_ROOT, 'electron/engine/ingest/worker-entry.ts');
const SHIM = path.join(REPO_ROOT, 'test/unit/shell/utility-parent-port-shim.ts');

/** Every real process started here, so a test can check none outlives its pool. */
export const realWorkers = new Set<ChildProcess>();

export function runWorkerUtility(child: FakeUtilityProcess): ChildProcess {
  const real = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx', '--import', SHIM],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: child.options.env as NodeJS.ProcessEnv,
  });
  realWorkers.add(real);
  child.pid = real.pid;
  if (child.stderr) real.stderr?.pipe(child.stderr);
  else real.stderr?.resume();
  real.on('error', () => {});
  const send = (message: unknown) => {
    if (real.connected) real.send(message as never, () => {});
  };
  // What main posts on the utility process arrives here, as on its parentPort.
  const inside = new FakePortEnd();
  inside.other = child;
  child.other = inside;
  inside.on('message', (data: unknown, ports: FakeMessagePortMain[]) => {
    // The connect message goes first: what the pool already queued on the port follows it.
    send({ kind: 'parent', data });
    const port = ports[0];
    if (port) {
      port.on('message', (event: { data: unknown }) => send({ kind: 'port', data: event.data }));
      port.on('close', () => send({ kind: 'port-close' }));
      port.start();
      real.on('message', (message) => port.postMessage(message));
    }
  });
  child.killImpl = () => void real.kill('SIGTERM');
  real.once('exit', (code, signal) => {
    realWorkers.delete(real);
    // Electron reports one number; a signal shows as 128 + its number, as a shell would.
    child.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
  });
  return real;
}
