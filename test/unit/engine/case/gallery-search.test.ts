// A text search's hits listed once into a temp table (gallery-search.ts) page exactly like the
// search by subquery: same totals and ids under every sort, alone and with other filters, on a
// writable and a read-only connection; and they are listed again when another connection
// changes the case.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemsFilter, ItemsSort } from '../../../../shared/api/schemas.js';
import { openDatabase, type Db } from '../../../../electron/engine/case/db.js';
import { GalleryPager } from '../../../../electron/engine/case/gallery-paging.js';
import { SearchHits } from '../../../../electron/engine/case/gallery-search.js';
import { scratchDir } from '../../../fixtures/corpus.js';

const N = 1500;
const WORDS = ['IMG_1', 'img_2', 'batch 1', 'Batch 12', 'DSC', 'Ünï', 'x%y', 'plain'];
const STATUSES = ['new', 'new', 'new', 'known', 'ignorable'] as const;

let dir: string;
let db: Db;
const paths = new Map<number, string>();
const known = new Map<number, string>();

beforeAll(() => {
  dir = scratchDir('lanterne-gallery-search-');
  db = openDatabase(path.join(dir, 'case.sqlite'));
  let seed = 77;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  db.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x')`).run();
  const item = db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status) VALUES (?, 1, ?, ?, 'ok', 'image/jpeg', ?)`);
  db.transaction(() => {
    for (let id = 1; id <= N; id++) {
      const rel = `d${id % 7}/${WORDS[Math.floor(rnd() * WORDS.length)]}${Math.floor(rnd() * 100)}/f${id}.jpg`;
      const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!;
      item.run(id, rel, Math.floor(rnd() * 5000), status);
      paths.set(id, rel);
      known.set(id, status);
    }
  })();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every page of a filter and sort, in pages of `size`. */
function pageAll(pager: GalleryPager, filter: ItemsFilter, sort: ItemsSort, descending: boolean, size: number): { total: number; ids: number[] } {
  const first = pager.page(filter, sort, descending, 0, size);
  const ids = [...first.ids];
  while (ids.length < first.total) ids.push(...pager.page(filter, sort, descending, ids.length, size).ids);
  return { total: first.total, ids };
}

/** The search by subquery, as before gallery-search.ts: a pager whose temp tables cannot be made. */
function subqueryPager(conn: Db): GalleryPager {
  const pager = new GalleryPager(conn);
  (pager as unknown as { search: SearchHits }).search.tableFor = () => undefined;
  return pager;
}

const TEXTS = ['IMG_1', 'img', 'batch 1', 'ünï', 'x%y', '_', 'f1', 'no such text'];
const FILTERS: ItemsFilter[] = TEXTS.flatMap((text) => [{ text }, { text, knownStatus: ['new'] }, { text, knownStatus: ['known', 'ignorable'] }, { text, folder: 'd3' }]);

describe('text search hits listed once', () => {
  it('page like the search by subquery, under every sort, and find what the text says', () => {
    const pager = new GalleryPager(db);
    const plain = subqueryPager(db);
    for (const sort of ['new-first', 'taken', 'path', 'size', 'cluster', 'camera'] as const) {
      for (const filter of FILTERS) {
        const want = pageAll(plain, filter, sort, sort === 'size', 37);
        expect(pageAll(pager, filter, sort, sort === 'size', 37), `${sort} ${JSON.stringify(filter)}`).toEqual(want);
      }
    }
    // ASCII case folds; '%' and '_' are searched for, not obeyed.
    const hits = (text: string) => [...paths].filter(([, p]) => p.toLowerCase().includes(text.toLowerCase())).map(([id]) => id);
    for (const text of ['IMG_1', 'batch 1', 'x%y', '_']) {
      expect(pageAll(pager, { text }, 'new-first', false, 500).ids.sort((a, b) => a - b), text).toEqual(hits(text));
    }
    expect(hits('IMG_1').length).toBeGreaterThan(0);
    // The hits were read from FTS5's content table, not by the slower fallback.
    expect((pager as unknown as { search: { viaContent: boolean } }).search.viaContent).toBe(true);
    pager.dispose();
    expect(db.prepare(`SELECT count(*) AS n FROM temp.sqlite_master WHERE name LIKE 'gallery_search_%'`).get()).toEqual({ n: 0 });
  });

  it('are kept for a few texts only, in temp tables of the connection, and work read-only', () => {
    const reader = openDatabase(path.join(dir, 'case.sqlite'), { readonly: true });
    try {
      const pager = new GalleryPager(reader);
      const plain = subqueryPager(reader);
      for (const filter of FILTERS) expect(pageAll(pager, filter, 'path', false, 101), JSON.stringify(filter)).toEqual(pageAll(plain, filter, 'path', false, 101));
      const tables = reader.prepare(`SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'gallery_search_%'`).get() as { n: number };
      expect(tables.n).toBeGreaterThan(0);
      expect(tables.n).toBeLessThanOrEqual(4);
      pager.dispose();
    } finally {
      reader.close();
    }
  });

  it('are listed again when another connection changes the case', () => {
    const reader = openDatabase(path.join(dir, 'case.sqlite'), { readonly: true });
    try {
      const pager = new GalleryPager(reader);
      const before = pager.page({ text: 'needle' }, 'new-first', false, 0, 10);
      expect(before).toEqual({ total: 0, ids: [] });
      db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status) VALUES (?, 1, 'x/Needle.jpg', 1, 'ok', 'image/jpeg', 'new')`).run(N + 1);
      expect(pager.page({ text: 'needle' }, 'new-first', false, 0, 10)).toEqual({ total: 1, ids: [N + 1] });
      pager.dispose();
    } finally {
      db.prepare(`DELETE FROM items WHERE id = ?`).run(N + 1);
      reader.close();
    }
  });
});
