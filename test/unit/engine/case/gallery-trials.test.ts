// A page whose matches start late along the order's index (gallery-paging.ts): the first trial
// walk finds too few, a longer one finds them, and the page is still exactly the slice of the
// whole order — in both directions, at every offset.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ItemsSort } from '../../../../shared/api/schemas.js';
import { openDatabase, type Db } from '../../../../electron/engine/case/db.js';
import { GalleryPager } from '../../../../electron/engine/case/gallery-paging.js';
import { scratchDir } from '../../../fixtures/corpus.js';

const N = 1500;
/** Items FIRST…LAST (by id, path and size alike) are the only ones taken from 2021 on. */
const FIRST = 100;
const LAST = 429;

let dir: string;
let db: Db;

beforeAll(() => {
  dir = scratchDir('lanterne-gallery-trials-');
  db = openDatabase(path.join(dir, 'case.sqlite'));
  db.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x')`).run();
  const item = db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status) VALUES (?, 1, ?, ?, 'ok', 'image/jpeg', 'new')`);
  const meta = db.prepare(`INSERT INTO metadata (item_id, taken) VALUES (?, ?)`);
  db.transaction(() => {
    for (let id = 1; id <= N; id++) {
      item.run(id, `d/f${String(id).padStart(5, '0')}.jpg`, 1000 + id);
      meta.run(id, id >= FIRST && id <= LAST ? '2021-03-04T10:00:00' : '2019-05-06T10:00:00');
    }
  })();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('trial walks on matches that start late', () => {
  for (const sort of ['size', 'path'] as const satisfies readonly ItemsSort[]) {
    it(`${sort}: a longer trial finds them, and every page is the slice of the order`, () => {
      const filter = { takenFrom: '2020-06-01' };
      const want = range(FIRST, LAST);
      const trials = vi.spyOn(GalleryPager.prototype as unknown as { trialWalk: () => unknown }, 'trialWalk');
      const first = new GalleryPager(db).page(filter, sort, false, 0, 5);
      expect(first).toEqual({ total: want.length, ids: want.slice(0, 5) });
      // The first trial read too few entries to reach item FIRST; a longer one did.
      expect(trials.mock.calls.length).toBeGreaterThanOrEqual(2);
      trials.mockRestore();
      for (const descending of [false, true]) {
        const order = descending ? [...want].reverse() : want;
        const pager = new GalleryPager(db);
        for (const [offset, limit] of [[0, 5], [3, 7], [120, 53], [order.length - 4, 10], [order.length, 5]] as const) {
          expect(pager.page(filter, sort, descending, offset, limit), `${descending ? 'desc ' : ''}@${offset}`).toEqual({ total: want.length, ids: order.slice(offset, offset + limit) });
        }
      }
    });
  }
});
