// The ingest's WorkerPool as the desktop app runs it: the real pool in the job host, its workers
// asked of main through the real relay (hosts/worker-relay.ts), forked by the real
// WorkerProcesses as (fake) utility processes behind which the real worker-entry runs in a real
// Node process on its Electron branch (process.parentPort + a transferred port, tunnelled by
// worker-utility.ts). A result, a hang past the time limit and a crash each cost what they cost
// with child_process.fork (test/unit/engine/ingest/worker-pool.test.ts), and nothing outlives the pool.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessagePortMain } from 'electron';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ThumbnailStore } from '../../../electron/engine/case/thumbnail-store.js';
import { WorkerPool } from '../../../electron/engine/ingest/worker-pool.js';
import type { WorkerNotice } from '../../../electron/main/hosts/host-protocol.js';
import { createWorkerRelay } from '../../../electron/main/hosts/worker-relay.js';
import { WorkerProcesses } from '../../../electron/main/worker-processes.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';
import { childParentPortOf, FakeMessageChannelMain, FakeUtilityProcess } from './fake-electron.js';
import { realWorkers, runWorkerUtility } from './worker-utility.js';

const ENTRY = '/app/dist/electron/engine/ingest/worker-entry.js';
const dirs: string[] = [];
let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});
afterAll(() => {
  for (const real of realWorkers) real.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function setup(timeoutMs: number) {
  const dir = scratchDir('lanterne-relay-');
  dirs.push(dir);
  const fifo = path.join(dir, 'hangs');
  execFileSync('mkfifo', [fifo]);
  const good = writeFixture(path.join(dir, 'good.jpg'), await sceneJpeg({ width: 640, height: 480, seed: 5 }));
  // The job host as a utility process: main holds `jobHost`, the relay runs "inside" it.
  const jobHost = new FakeUtilityProcess('/app/job-host-entry.js', []);
  const inside = childParentPortOf(jobHost);
  const relay = createWorkerRelay((request) => inside.postMessage(request));
  inside.on('message', (e) => relay.deliver(e.data as WorkerNotice, e.ports as unknown as MessagePortMain[]));
  const workerForks: FakeUtilityProcess[] = [];
  const main = new WorkerProcesses(jobHost as never, {
    fork: (entry, args, options) => {
      const child = new FakeUtilityProcess(entry, args, options as FakeUtilityProcess['options']);
      workerForks.push(child);
      runWorkerUtility(child);
      return child as never;
    },
    newChannel: () => new FakeMessageChannelMain() as never,
    entry: ENTRY,
  });
  jobHost.on('message', (request: unknown) => main.handle(request));
  pool = new WorkerPool({
    size: 1,
    timeoutMs,
    maxPixels: 1e8,
    inMemoryLimit: 1 << 26,
    hashOnly: false,
    thumbsDir: new ThumbnailStore(path.join(dir, 'thumbs')).dir,
    spawnWorker: relay.spawnWorker,
  });
  return { fifo, good, main, workerForks };
}

describe('WorkerPool with workers from the main process (Electron)', () => {
  it('processes a file in a worker utility process forked by main', async () => {
    const { good, main, workerForks } = await setup(60_000);
    const result = await pool!.run({ itemId: 1, absPath: good });
    expect(result).toMatchObject({ itemId: 1, status: 'ok', mime: 'image/jpeg', image: { width: 640, height: 480, thumbnail: true } });
    expect(result!.hashes?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(workerForks.map((f) => f.modulePath)).toEqual([ENTRY]);
    expect(workerForks[0]!.pid).not.toBe(process.pid);
    // Closing the pool closes the port; the worker exits by itself and main forgets it.
    await pool!.close();
    expect(workerForks[0]!.exited && !workerForks[0]!.killed).toBe(true);
    expect(main.count).toBe(0);
    expect(realWorkers.size).toBe(0);
  });

  it('stops a worker that overruns the time limit through main, records why, and goes on with a new one', async () => {
    const { fifo, good, workerForks } = await setup(2000);
    const [hung, next] = await Promise.all([pool!.run({ itemId: 1, absPath: fifo }), pool!.run({ itemId: 2, absPath: good })]);
    expect(hung).toMatchObject({ itemId: 1, status: 'failed' });
    expect(hung!.error).toMatch(/longer than the 2 s limit/);
    expect(next).toMatchObject({ itemId: 2, status: 'ok', mime: 'image/jpeg' });
    expect(pool!.restarts).toBe(1);
    expect(workerForks).toHaveLength(2);
    expect(workerForks[0]!.killed && workerForks[0]!.exited).toBe(true);
  });

  it('records a worker crash against its file, with the worker’s last stderr line, and goes on', async () => {
    const { fifo, good, workerForks } = await setup(60_000);
    // A first file makes sure the worker has started: a worker dying before it says 'ready' is
    // not charged to a file (it cannot start; worker-pool.ts).
    expect(await pool!.run({ itemId: 3, absPath: good })).toMatchObject({ status: 'ok' });
    const hung = pool!.run({ itemId: 1, absPath: fifo });
    const next = pool!.run({ itemId: 2, absPath: good });
    await sleep(800); // let it reach the blocking open
    // What a decoder would print just before dying, on the stderr main keeps the tail of.
    workerForks[0]!.stderr!.write('vips: out of order marker\n');
    await sleep(50);
    process.kill(workerForks[0]!.pid!, 'SIGSEGV');
    expect(await hung).toMatchObject({ itemId: 1, status: 'failed', error: expect.stringMatching(/exited with code 139 while processing this file: vips: out of order marker/) });
    expect(await next).toMatchObject({ itemId: 2, status: 'ok' });
    expect(pool!.restarts).toBe(1);
  });
});
