// Main's half of the ingest workers in the desktop app: on a job host's request it forks the
// worker entry as a utility process (the packaged app's RunAsNode fuse is off, so nothing else can
// run it), joins worker and job host by a MessageChannelMain, relays the worker's exit with its
// stderr tail, kills it on request — outright if it ignores that — and when its job host goes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, WorkerNotice, WorkerRequest } from '../../../electron/main/hosts/host-protocol.js';
import { JobRunner, type ForkJobHost } from '../../../electron/main/jobs.js';
import { MAX_WORKERS_PER_JOB, WorkerProcesses, type WorkerProcessDeps } from '../../../electron/main/worker-processes.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { childParentPortOf, createFakeElectron, type FakeMessagePortMain, type FakeUtilityProcess } from './fake-electron.js';
import { until } from '../../fixtures/until.js';

const scratch = scratchDir('lanterne-workers-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ENTRY = '/app/dist/electron/engine/ingest/worker-entry.js';
const CONFIG = { thumbsDir: '/cases/a/thumbs', maxPixels: 200_000_000, inMemoryLimit: 1 << 28, hashOnly: false };
const job: Job = { kind: 'ingest', caseDir: '/cases/a', roots: ['/evidence'] };
const tick = () => new Promise((r) => setImmediate(r));

type Inside = ReturnType<typeof childParentPortOf>;

/**
 * The app's wiring (app.ts) against the fake electron: a JobRunner whose job host is scripted by
 * the test through its parentPort, and whose worker requests main serves with WorkerProcesses.
 */
function setup() {
  const workers: { child: FakeUtilityProcess; inside: Inside; connect: Promise<{ data: unknown; port: FakeMessagePortMain }> }[] = [];
  let jobHost!: { child: FakeUtilityProcess; inside: Inside };
  const fake = createFakeElectron({
    userData: scratch,
    runUtility: (child) => {
      const inside = childParentPortOf(child);
      if (child.modulePath === ENTRY) {
        const connect = new Promise<{ data: unknown; port: FakeMessagePortMain }>((resolve) => inside.on('message', (e) => resolve({ data: e.data, port: e.ports[0]! })));
        workers.push({ child, inside, connect });
      } else jobHost = { child, inside };
    },
  });
  let served!: WorkerProcesses;
  const deps: WorkerProcessDeps = {
    fork: (entry, args, options) => fake.utilityProcess.fork(entry, args, options as FakeUtilityProcess['options']) as never,
    newChannel: () => new fake.MessageChannelMain() as never,
    entry: ENTRY,
  };
  const runner = new JobRunner((() => fake.utilityProcess.fork('/app/job-host-entry.js', [])) as unknown as ForkJobHost, (host) => (served = new WorkerProcesses(host, deps)));
  const outcome = runner.run(job, () => {});
  // What main tells the job host about its workers, with the ports it transfers.
  const notices: { notice: WorkerNotice; ports: FakeMessagePortMain[] }[] = [];
  jobHost.inside.on('message', (e) => {
    if ((e.data as { kind: string }).kind.startsWith('worker-')) notices.push({ notice: e.data as WorkerNotice, ports: e.ports });
  });
  const ask = (request: WorkerRequest | Record<string, unknown>) => jobHost.inside.postMessage(request);
  return { fake, workers, jobHost, notices, ask, outcome, served: () => served };
}

describe('main serves a job host’s worker processes', () => {
  it('forks the worker entry as a utility process and joins it to the job host by a MessageChannelMain', async () => {
    const { fake, workers, notices, ask } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    await until(() => notices.length === 1, 'the worker-port notice');
    const worker = workers[0]!;
    expect(worker.child.modulePath).toBe(ENTRY);
    expect(worker.child.options.stdio).toEqual(['ignore', 'ignore', 'pipe']);
    expect(JSON.parse(worker.child.options.env!['LANTERNE_WORKER_CONFIG']!)).toEqual(CONFIG);
    expect(fake.forks.map((f) => f.modulePath)).toEqual(['/app/job-host-entry.js', ENTRY]);
    // The worker's parentPort brings 'connect' with one end; the job host gets the other.
    const { data, port: workerPort } = await worker.connect;
    expect(data).toEqual({ type: 'connect' });
    expect(notices[0]!.notice).toEqual({ kind: 'worker-port', id: 1 });
    const jobHostPort = notices[0]!.ports[0]!;
    expect(jobHostPort.other).toBe(workerPort);
    // Jobs and results go straight between them, not through main.
    const atWorker: unknown[] = [];
    const atJobHost: unknown[] = [];
    workerPort.on('message', (e: { data: unknown }) => atWorker.push(e.data));
    jobHostPort.on('message', (e: { data: unknown }) => atJobHost.push(e.data));
    workerPort.start();
    jobHostPort.start();
    jobHostPort.postMessage({ type: 'job', job: { itemId: 7, absPath: '/evidence/a.jpg' } });
    workerPort.postMessage({ type: 'ready' });
    await until(() => atWorker.length === 1 && atJobHost.length === 1, 'the messages across the channel');
    expect(atWorker).toEqual([{ type: 'job', job: { itemId: 7, absPath: '/evidence/a.jpg' } }]);
    expect(atJobHost).toEqual([{ type: 'ready' }]);
  });

  it('relays a worker’s exit code with the tail of its stderr', async () => {
    const { workers, notices, ask } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    await until(() => workers.length === 1, 'the fork');
    const child = workers[0]!.child;
    child.stderr!.write('libheif: corrupt box\n');
    await tick();
    child.exit(139);
    await until(() => notices.length === 2, 'the worker-exit notice');
    expect(notices[1]!.notice).toEqual({ kind: 'worker-exit', id: 1, code: 139, stderrTail: 'libheif: corrupt box\n' });
  });

  it('kills the one worker the job host asks it to kill', async () => {
    const { workers, notices, ask, served } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    ask({ kind: 'worker-spawn', id: 2, config: CONFIG });
    await until(() => workers.length === 2, 'two forks');
    ask({ kind: 'worker-kill', id: 2 });
    await until(() => notices.some((n) => n.notice.kind === 'worker-exit'), 'the exit of the killed worker');
    expect(workers.map((w) => w.child.killed)).toEqual([false, true]);
    expect(notices.find((n) => n.notice.kind === 'worker-exit')!.notice).toMatchObject({ id: 2 });
    expect(served().count).toBe(1);
  });

  it('kills a worker outright when it ignores kill() (stuck in native code)', async () => {
    const { workers, ask } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    await until(() => workers.length === 1, 'the fork');
    // A real process stands behind the fake one and does not go on kill().
    const stubborn = spawn('sleep', ['60'], { stdio: 'ignore' });
    const gone = once(stubborn, 'exit');
    const child = workers[0]!.child;
    child.pid = stubborn.pid;
    child.killImpl = () => {};
    ask({ kind: 'worker-kill', id: 1 });
    const [code, signal] = await gone;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('kills every worker of a job host that goes, and the job ends as an error value', async () => {
    const { workers, jobHost, ask, outcome } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    ask({ kind: 'worker-spawn', id: 2, config: CONFIG });
    await until(() => workers.length === 2, 'two forks');
    jobHost.child.exit(5);
    await expect(outcome).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(workers.every((w) => w.child.killed)).toBe(true);
  });

  it('forks nothing for a request that is not exactly a spawn of the worker with a sane configuration', async () => {
    const { workers, notices, ask } = setup();
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG, entry: '/bin/sh' });
    ask({ kind: 'worker-spawn', id: 2, config: { ...CONFIG, thumbsDir: 42 } });
    ask({ kind: 'worker-spawn', id: 3, config: { ...CONFIG, execArgv: ['--inspect'] } });
    ask({ kind: 'worker-spawn', id: -1, config: CONFIG });
    ask({ kind: 'worker-kill', id: 'all' });
    for (let i = 0; i < 5; i++) await tick();
    expect(workers).toHaveLength(0);
    expect(notices).toHaveLength(0);
  });

  it('refuses a second worker under a live id, and more than its limit at once, with a reason', async () => {
    const { workers, notices, ask } = setup();
    for (let id = 1; id <= MAX_WORKERS_PER_JOB; id++) ask({ kind: 'worker-spawn', id, config: CONFIG });
    ask({ kind: 'worker-spawn', id: 1, config: CONFIG });
    ask({ kind: 'worker-spawn', id: MAX_WORKERS_PER_JOB + 1, config: CONFIG });
    await until(() => notices.filter((n) => n.notice.kind === 'worker-exit').length === 2, 'two refusals');
    expect(workers).toHaveLength(MAX_WORKERS_PER_JOB);
    const refusals = notices.filter((n) => n.notice.kind === 'worker-exit').map((n) => n.notice);
    expect(refusals).toEqual([
      { kind: 'worker-exit', id: 1, code: -1, stderrTail: expect.stringContaining('already running') },
      { kind: 'worker-exit', id: MAX_WORKERS_PER_JOB + 1, code: -1, stderrTail: expect.stringContaining('refused') },
    ]);
  });
});
