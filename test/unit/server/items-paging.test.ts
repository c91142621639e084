// Gallery paging is done in SQL by segments (gallery-paging.ts); this pins that every sort,
// direction and filter pages exactly like a plain sort of the whole case would, across segment
// boundaries, on a synthetic case of a few thousand rows written straight into a real database.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemsPage } from '../../../shared/api/gallery-model.js';
import type { ItemsFilter, ItemsSort } from '../../../shared/api/schemas.js';
import { openDatabase, type Db } from '../../../electron/engine/case/db.js';
import { createHandlers } from '../../../electron/server/handlers.js';
import { scratchDir } from '../../fixtures/corpus.js';

interface Row {
  id: number;
  root: number;
  path: string;
  size: number;
  mime: string;
  status: 'ok' | 'failed';
  known: 'new' | 'known' | 'ignorable';
  make: string | null;
  taken: string | null;
  gps: boolean;
}

let dir: string;
let db: Db;
const rows: Row[] = [];
const N = 3000;

beforeAll(() => {
  dir = scratchDir('lanterne-paging-');
  db = openDatabase(path.join(dir, 'case.sqlite'));
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  db.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x'), ('/b', '/b', 'x')`).run();
  const item = db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const meta = db.prepare(`INSERT INTO metadata (item_id, make, taken, gps_lat, gps_lon) VALUES (?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let id = 1; id <= N; id++) {
      const r = rnd();
      const row: Row = {
        id,
        root: 1 + Math.floor(rnd() * 2),
        path: `d${Math.floor(rnd() * 20)}/f${id}.jpg`,
        size: Math.floor(rnd() * 50), // many ties: the id must break them
        mime: rnd() < 0.8 ? 'image/jpeg' : 'text/plain',
        status: rnd() < 0.95 ? 'ok' : 'failed',
        known: r < 0.1 ? 'known' : r < 0.15 ? 'ignorable' : 'new',
        make: null,
        taken: null,
        gps: false,
      };
      item.run(id, row.root, row.path, row.size, row.status, row.mime, row.known);
      if (rnd() < 0.6) {
        row.make = rnd() < 0.5 ? 'Canon' : null;
        row.taken = rnd() < 0.7 ? `2020-0${1 + Math.floor(rnd() * 9)}-01T00:00:00` : null; // ties too
        row.gps = rnd() < 0.2;
        meta.run(id, row.make, row.taken, row.gps ? 1 : null, row.gps ? 2 : null);
      }
      rows.push(row);
    }
  })();
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RANK = { new: 0, known: 1, ignorable: 2 } as const;
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** The order a plain sort of the whole case gives: what the segments must reproduce. */
function expected(filter: ItemsFilter, sort: ItemsSort, descending: boolean): number[] {
  const d = descending ? -1 : 1;
  const text = filter.text?.trim().toLowerCase();
  return rows
    .filter((r) => !filter.knownStatus || filter.knownStatus.includes(r.known))
    .filter((r) => !filter.mimePrefix || r.mime.startsWith(filter.mimePrefix))
    .filter((r) => filter.cameraMake === undefined || r.make === filter.cameraMake)
    .filter((r) => filter.hasGps === undefined || r.gps === filter.hasGps)
    .filter((r) => !text || r.path.toLowerCase().includes(text))
    .sort((a, b) => {
      switch (sort) {
        case 'new-first':
          return RANK[a.known] - RANK[b.known] || d * (a.id - b.id);
        case 'taken':
          if ((a.taken === null) !== (b.taken === null)) return a.taken === null ? 1 : -1;
          return d * (cmp(a.taken ?? '', b.taken ?? '') || a.id - b.id);
        case 'path':
          return d * (a.root - b.root || cmp(a.path, b.path));
        case 'size':
          return d * (a.size - b.size || a.id - b.id);
        default:
          // The grouping sorts (cluster, camera) are checked in test/unit/engine/case/gallery-paging.test.ts.
          throw new Error(`no oracle here for the ${sort} order`);
      }
    })
    .map((r) => r.id);
}

const filters: ItemsFilter[] = [
  {},
  { knownStatus: ['known', 'ignorable'] },
  { knownStatus: ['ignorable', 'new'] },
  { mimePrefix: 'image/' },
  { cameraMake: 'Canon' },
  { hasGps: true },
  { hasGps: false, knownStatus: ['new'] },
  { text: 'D1' },
  { text: 'd3/', mimePrefix: 'image/jpeg', cameraMake: 'Canon' },
];

describe('items:query pages like a plain sort of the whole case', () => {
  for (const sort of ['new-first', 'taken', 'path', 'size'] as const) {
    for (const descending of [false, true]) {
      it(`${sort}${descending ? ' descending' : ''}, every filter, pages of 97`, async () => {
        const handlers = createHandlers({ dir, db });
        for (const filter of filters) {
          const want = expected(filter, sort, descending);
          const got: number[] = [];
          let total = -1;
          for (let offset = 0; offset < want.length + 97; offset += 97) {
            const page = await handlers['items:query']({ filter, sort, descending, offset, limit: 97 });
            if (!page.ok) throw new Error(page.error.message);
            total = (page.value as ItemsPage).total;
            got.push(...page.value.items.map((i) => i.id));
          }
          expect(total, JSON.stringify(filter)).toBe(want.length);
          expect(got, JSON.stringify(filter)).toEqual(want);
        }
      });
    }
  }

  it('sees rows another connection adds (the count cache follows data_version)', async () => {
    const handlers = createHandlers({ dir, db: openDatabase(path.join(dir, 'case.sqlite'), { readonly: true }) });
    const before = await handlers['items:query']({ filter: {}, sort: 'new-first', descending: false, offset: 0, limit: 1 });
    db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, known_status) VALUES (?, 1, 'late.jpg', 1, 'ok', 'known')`).run(N + 1);
    const after = await handlers['items:query']({ filter: {}, sort: 'new-first', descending: false, offset: 0, limit: 1 });
    expect(before.ok && after.ok && after.value.total - before.value.total).toBe(1);
  });
});
