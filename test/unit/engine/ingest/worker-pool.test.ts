// The pool's promise: a file whose processing hangs or crashes its worker costs that file only —
// recorded with the reason — and the files queued behind it are processed by a fresh worker.
// A FIFO is a real way to hang a reader: opening one for reading blocks until a writer comes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ThumbnailStore } from '../../../../electron/engine/case/thumbnail-store.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { forkEntry } from '../../../../electron/engine/ingest/worker-channel.js';
import { WorkerPool, WorkersCannotStartError } from '../../../../electron/engine/ingest/worker-pool.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function setup(timeoutMs: number) {
  const dir = scratchDir();
  const fifo = path.join(dir, 'hangs');
  execFileSync('mkfifo', [fifo]);
  const good = writeFixture(path.join(dir, 'good.jpg'), await sceneJpeg({ width: 640, height: 480, seed: 5 }));
  pool = new WorkerPool({
    size: 1,
    timeoutMs,
    maxPixels: 1e8,
    inMemoryLimit: 1 << 26,
    hashOnly: false,
    thumbsDir: new ThumbnailStore(path.join(dir, 'thumbs')).dir,
  });
  return { fifo, good };
}

/** Pids of this process's children whose command line names the worker entry. */
function workerPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-entry');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('WorkerPool', () => {
  it('stops a worker that overruns the time limit, records why, and goes on with a new one', async () => {
    const { fifo, good } = await setup(2000);
    const [hung, next] = await Promise.all([pool!.run({ itemId: 1, absPath: fifo }), pool!.run({ itemId: 2, absPath: good })]);
    expect(hung).toMatchObject({ itemId: 1, status: 'failed' });
    expect(hung!.error).toMatch(/longer than the 2 s limit/);
    expect(next).toMatchObject({ itemId: 2, status: 'ok', mime: 'image/jpeg' });
    expect(next!.image?.width).toBe(640);
    expect(pool!.restarts).toBe(1);
  });

  it('records a worker crash against the file it was on, and the next file is still processed', async () => {
    const { fifo, good } = await setup(60_000);
    // A first file makes sure the worker has started ('ready'): only then is a death charged to a file.
    expect(await pool!.run({ itemId: 3, absPath: good })).toMatchObject({ status: 'ok' });
    const hung = pool!.run({ itemId: 1, absPath: fifo });
    const next = pool!.run({ itemId: 2, absPath: good });
    let pids: number[] = [];
    for (let i = 0; i < 100 && pids.length === 0; i++) {
      await sleep(50);
      pids = workerPids();
    }
    expect(pids).toHaveLength(1);
    await sleep(300); // let it reach the blocking open
    process.kill(pids[0]!, 'SIGSEGV');
    expect(await hung).toMatchObject({ itemId: 1, status: 'failed', error: expect.stringMatching(/killed by SIGSEGV/) });
    expect(await next).toMatchObject({ itemId: 2, status: 'ok' });
  });

  it('gives up with the reason when workers cannot start, instead of failing every file one by one', async () => {
    const dir = scratchDir();
    // A worker that dies on loading, as one whose entry is missing from a broken install would.
    const entry = path.join(dir, 'broken-entry.mjs');
    writeFileSync(entry, "console.error('Error: Cannot find module /app/worker-entry.js'); process.exit(1);\n");
    let starts = 0;
    const spawnWorker = (config: Parameters<typeof forkEntry>[2]) => (starts++, forkEntry(entry, [], config));
    const good = writeFixture(path.join(dir, 'a.jpg'), await sceneJpeg({ width: 320, height: 240, seed: 1 }));
    pool = new WorkerPool({ size: 2, timeoutMs: 60_000, maxPixels: 1e8, inMemoryLimit: 1 << 26, hashOnly: false, thumbsDir: dir, spawnWorker });
    const results = await Promise.all([1, 2, 3, 4, 5].map((itemId) => pool!.run({ itemId, absPath: good })));
    expect(results).toEqual([null, null, null, null, null]);
    expect(pool.broken).toBeInstanceOf(WorkersCannotStartError);
    expect(pool.broken!.message).toContain('Cannot find module /app/worker-entry.js');
    expect(starts).toBe(4); // two, then two replacements; the third death ends it
    expect(await pool.run({ itemId: 6, absPath: good })).toBeNull();

    // Through an ingest: the run stops with that error, and every file stays pending for a resume.
    const evidence = path.join(dir, 'evidence');
    mkdirSync(evidence);
    for (let i = 0; i < 5; i++) writeFixture(path.join(evidence, `IMG_${i}.jpg`), await sceneJpeg({ width: 160, height: 120, seed: i }));
    const caseDir = path.join(dir, 'case');
    await expect(ingest({ caseDir, roots: [evidence], spawnWorker })).rejects.toThrow(WorkersCannotStartError);
    const handle = openCase(caseDir);
    try {
      expect(handle.db.prepare(`SELECT status, count(*) AS n FROM items GROUP BY status`).all()).toEqual([{ status: 'pending', n: 5 }]);
    } finally {
      handle.close();
    }
  });
});
