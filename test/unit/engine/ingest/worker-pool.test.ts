// The pool's promise: a file whose processing hangs or crashes its worker costs that file only —
// recorded with the reason — and the files queued behind it are processed by a fresh worker.
// A FIFO is a real way to hang a reader: opening one for reading blocks until a writer comes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ThumbnailStore } from '../../../../electron/engine/case/thumbnail-store.js';
import { WorkerPool } from '../../../../electron/engine/ingest/worker-pool.js';
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
    expect(hung.error).toMatch(/longer than the 2 s limit/);
    expect(next).toMatchObject({ itemId: 2, status: 'ok', mime: 'image/jpeg' });
    expect(next.image?.width).toBe(640);
    expect(pool!.restarts).toBe(1);
  });

  it('records a worker crash against the file it was on, and the next file is still processed', async () => {
    const { fifo, good } = await setup(60_000);
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
});
