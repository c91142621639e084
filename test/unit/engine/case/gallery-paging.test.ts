// The gallery's filters and grouping sorts (gallery-paging.ts, migration 007): every filter,
// alone and combined, under every sort and direction, pages exactly like a plain filter and sort
// of the whole case would — across segment boundaries — on a few thousand rows written straight
// into a real case database. And the labels the cards carry for each group.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemsFilter, ItemsSort } from '../../../../shared/api/schemas.js';
import { openDatabase, type Db } from '../../../../electron/engine/case/db.js';
import { GalleryPager, nextDay, refreshClusterSizes } from '../../../../electron/engine/case/gallery-paging.js';
import { GalleryQueries } from '../../../../electron/engine/case/gallery-queries.js';
import { rematchCase } from '../../../../electron/engine/hashsets/matcher.js';
import { scratchDir } from '../../../fixtures/corpus.js';

interface Row {
  id: number;
  root: number;
  path: string;
  size: number;
  mime: string | null;
  status: 'pending' | 'ok' | 'failed';
  known: 'new' | 'known' | 'ignorable';
  category: number | null;
  cluster: number | null;
  clusterSize: number | null;
  /** null: no metadata row at all. */
  meta: { make: string | null; model: string | null; serial: string | null; taken: string | null; gps: boolean } | null;
  tags: string[];
  regions: number;
}

const N = 2400;
const CAMERAS = [
  { make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888' },
  { make: 'Canon', model: 'Canon EOS 600D', serial: '999' },
  { make: 'Canon', model: 'Canon EOS 600D', serial: null },
  { make: 'Apple', model: 'iPhone 12', serial: null },
  { make: null, model: 'Mystery', serial: null },
  { make: null, model: null, serial: 'S-ONLY' },
  { make: null, model: null, serial: null },
];
const FOLDERS = ['', 'd1', 'd1/sub', 'd10', 'D1', 'd1x/deep/er', 'DCIM/100CANON', 'Ünï/cödé'];
const TAGS = ['car', 'Kitchen', 'logo'];

let dir: string;
let db: Db;
const rows: Row[] = [];

beforeAll(() => {
  dir = scratchDir('lanterne-gallery-');
  db = openDatabase(path.join(dir, 'case.sqlite'));
  let seed = 4242;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  db.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x'), ('/b', '/b', 'x')`).run();
  const tagIds = TAGS.map((name) => Number(db.prepare(`INSERT INTO tags (name) VALUES (?)`).run(name).lastInsertRowid));
  const item = db.prepare(
    `INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status, examiner_category, cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const meta = db.prepare(`INSERT INTO metadata (item_id, make, model, serial, taken, gps_lat, gps_lon) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const tag = db.prepare(`INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)`);
  const region = db.prepare(
    `INSERT INTO regions (item_id, type, x, y, w, h, actor, created_at, updated_at) VALUES (?, 'object', 0.1, 0.1, 0.2, 0.2, 't', 'x', 'x')`,
  );
  // Clusters of many sizes, several of one size (the cluster id breaks the tie), members spread over the case.
  const clusterOf = new Map<number, number>();
  for (const size of [2, 2, 2, 3, 3, 5, 8, 8, 13, 40]) {
    const members = new Set<number>();
    while (members.size < size) {
      const id = 1 + Math.floor(rnd() * N);
      if (!clusterOf.has(id)) members.add(id);
    }
    const clusterId = Math.min(...members);
    for (const id of members) clusterOf.set(id, clusterId);
  }
  db.transaction(() => {
    for (let id = 1; id <= N; id++) {
      const k = rnd();
      const folder = pick(FOLDERS);
      const row: Row = {
        id,
        root: 1 + Math.floor(rnd() * 2),
        path: `${folder ? `${folder}/` : ''}f${id}.jpg`,
        size: Math.floor(rnd() * 40), // ties: the id must break them
        mime: pick(['image/jpeg', 'image/jpeg', 'image/jpeg', 'image/png', 'image/heic', 'text/plain', 'video/mp4', null]),
        status: pick(['ok', 'ok', 'ok', 'ok', 'failed', 'pending'] as const),
        known: k < 0.1 ? 'known' : k < 0.15 ? 'ignorable' : 'new',
        category: rnd() < 0.2 ? pick([0, 1, 2, 7]) : null,
        cluster: clusterOf.get(id) ?? null,
        clusterSize: null,
        meta: null,
        tags: [],
        regions: 0,
      };
      item.run(id, row.root, row.path, row.size, row.status, row.mime, row.known, row.category, row.cluster);
      if (rnd() < 0.75) {
        const camera = pick(CAMERAS);
        // Dates as cameras record them: with and without an offset, ties, day edges.
        const taken =
          rnd() < 0.8 ? `2021-0${1 + Math.floor(rnd() * 3)}-${pick(['01', '02', '28'])}T${pick(['00:00:00', '23:59:59', '12:00:00+02:00'])}` : null;
        const gps = rnd() < 0.3;
        row.meta = { ...camera, taken, gps };
        meta.run(id, camera.make, camera.model, camera.serial, taken, gps ? 50.8 : null, gps ? 4.35 : null);
      }
      TAGS.forEach((name, i) => {
        if (rnd() < 0.05) {
          row.tags.push(name);
          tag.run(id, tagIds[i]);
        }
      });
      if (rnd() < 0.04) {
        row.regions = 1 + Math.floor(rnd() * 2);
        for (let r = 0; r < row.regions; r++) region.run(id);
      }
      rows.push(row);
    }
    refreshClusterSizes(db);
  })();
  const sizes = new Map<number, number>();
  for (const r of rows) if (r.cluster !== null) sizes.set(r.cluster, (sizes.get(r.cluster) ?? 0) + 1);
  for (const r of rows) r.clusterSize = r.cluster === null ? null : sizes.get(r.cluster)!;
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const RANK = { new: 0, known: 1, ignorable: 2 } as const;
/** SQLite's order for text and NULL: NULL first, then by code unit (BINARY collation). */
const cmp = (a: string | number | null, b: string | number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

function matches(r: Row, f: ItemsFilter): boolean {
  const m = r.meta;
  if (f.knownStatus && !f.knownStatus.includes(r.known)) return false;
  if (f.status && !f.status.includes(r.status)) return false;
  if (f.mimePrefix !== undefined && !r.mime?.startsWith(f.mimePrefix)) return false;
  if (f.hasGps !== undefined && (m?.gps ?? false) !== f.hasGps) return false;
  if (f.cameraMake !== undefined && (m?.make ?? null) !== f.cameraMake) return false;
  if (f.cameraModel !== undefined && (m?.model ?? null) !== f.cameraModel) return false;
  if (f.cameraSerial !== undefined && (m?.serial ?? null) !== f.cameraSerial) return false;
  if (f.takenFrom !== undefined && !(m?.taken && m.taken >= f.takenFrom)) return false;
  if (f.takenTo !== undefined && !(m?.taken && m.taken < nextDay(f.takenTo))) return false;
  if (f.examinerCategory && !f.examinerCategory.includes(r.category)) return false;
  if (f.tag !== undefined && !r.tags.some((t) => t.toLowerCase() === f.tag!.toLowerCase())) return false;
  if (f.folder !== undefined && f.folder !== '' && !r.path.startsWith(`${f.folder}/`)) return false;
  if (f.cluster !== undefined && r.cluster !== f.cluster) return false;
  if (f.hasRegions !== undefined && r.regions > 0 !== f.hasRegions) return false;
  return true;
}

/** The order a plain sort of the whole case gives: what the segments must reproduce. */
function order(a: Row, b: Row, sort: ItemsSort, descending: boolean): number {
  const d = descending ? -1 : 1;
  switch (sort) {
    case 'new-first':
      return RANK[a.known] - RANK[b.known] || d * (a.id - b.id);
    case 'taken': {
      const [x, y] = [a.meta?.taken ?? null, b.meta?.taken ?? null];
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      return d * (cmp(x, y) || a.id - b.id);
    }
    case 'path':
      return d * (a.root - b.root || cmp(a.path, b.path));
    case 'size':
      return d * (a.size - b.size || a.id - b.id);
    case 'cluster':
      if ((a.cluster === null) !== (b.cluster === null)) return a.cluster === null ? 1 : -1;
      if (a.cluster === null) return d * (a.id - b.id);
      return d * (b.clusterSize! - a.clusterSize! || a.cluster - b.cluster! || a.id - b.id);
    case 'camera': {
      // Made cameras, then metadata without a make, then no metadata — in both directions.
      const tier = (r: Row) => (r.meta === null ? 2 : r.meta.make === null ? 1 : 0);
      if (tier(a) !== tier(b)) return tier(a) - tier(b);
      if (!a.meta || !b.meta) return d * (a.id - b.id);
      return d * (cmp(a.meta.make, b.meta.make) || cmp(a.meta.model, b.meta.model) || cmp(a.meta.serial, b.meta.serial) || a.id - b.id);
    }
  }
}

const expected = (filter: ItemsFilter, sort: ItemsSort, descending: boolean) =>
  rows
    .filter((r) => matches(r, filter))
    .sort((a, b) => order(a, b, sort, descending))
    .map((r) => r.id);

function pageAll(pager: GalleryPager, filter: ItemsFilter, sort: ItemsSort, descending: boolean, pageSize: number): { total: number; ids: number[] } {
  const ids: number[] = [];
  let total = 0;
  for (let offset = 0; ; offset += pageSize) {
    const page = pager.page(filter, sort, descending, offset, pageSize);
    total = page.total;
    ids.push(...page.ids);
    if (page.ids.length < pageSize) return { total, ids };
  }
}

const FILTERS: ItemsFilter[] = [
  {},
  { cameraSerial: '123063022888' },
  { cameraSerial: null },
  { cameraSerial: 'S-ONLY' },
  { examinerCategory: [1] },
  { examinerCategory: [null] },
  { examinerCategory: [0, null, 7] },
  { tag: 'car' },
  { tag: 'KITCHEN' }, // tags compare without case
  { tag: 'no such tag' },
  { folder: 'd1' }, // d1/… and d1/sub/…, not d10/, d1x/ or D1/
  { folder: 'D1' },
  { folder: 'd1x' },
  { folder: 'Ünï' },
  { folder: '' },
  { takenFrom: '2021-02-01' },
  { takenTo: '2021-01-28' }, // up to the end of that day, whatever the time or offset
  { takenFrom: '2021-02-02', takenTo: '2021-02-02' },
  { takenFrom: '2021-03-01', takenTo: '2021-01-01' }, // an empty range
  { hasRegions: true },
  { hasRegions: false },
  // Combinations: several filters, on items and metadata at once.
  { cameraMake: 'Canon', cameraSerial: null, takenFrom: '2021-01-02' },
  { folder: 'd1', examinerCategory: [null], hasRegions: false, knownStatus: ['new', 'known'] },
  { tag: 'logo', takenTo: '2021-02-28', cameraModel: 'Canon EOS 600D' },
  { hasRegions: true, folder: 'DCIM', knownStatus: ['known', 'ignorable'] },
  { examinerCategory: [1, 2], cameraMake: null },
  // Broad clauses, counted through their complements (gallery-filter-sql.ts), alone and together.
  { knownStatus: ['new'] },
  { knownStatus: ['new', 'ignorable'] },
  { status: ['ok'] },
  { status: ['ok', 'pending'], knownStatus: ['known'] },
  { mimePrefix: 'image/' },
  { mimePrefix: 'image/jpeg', knownStatus: ['new', 'known'] },
  { mimePrefix: 'video/' },
  { hasGps: true },
  { hasGps: false },
  { hasGps: false, cameraMake: 'Canon' },
  { mimePrefix: 'image/', knownStatus: ['new', 'ignorable'], examinerCategory: [null], hasRegions: false },
  { mimePrefix: 'image/', knownStatus: ['new'], examinerCategory: [null, 2], hasRegions: false, cameraSerial: null, folder: 'd1' }, // more than 4 broad: counted directly
  { cameraSerial: null, hasGps: false, takenFrom: '2021-02-01' },
];

describe('gallery filters and sorts page like a plain filter and sort of the whole case', () => {
  it('the fixture gives every filter something to find, and something to leave out', () => {
    const sizes = FILTERS.map((f) => rows.filter((r) => matches(r, f)).length);
    const empty = FILTERS.filter((_, i) => sizes[i] === 0);
    expect(empty).toEqual([{ tag: 'no such tag' }, { takenFrom: '2021-03-01', takenTo: '2021-01-01' }]);
    expect(FILTERS.filter((f, i) => sizes[i] === N && Object.keys(f).length > 0)).toEqual([{ folder: '' }]);
  });

  for (const sort of ['new-first', 'taken', 'path', 'size', 'cluster', 'camera'] as const) {
    for (const descending of [false, true]) {
      it(`${sort}${descending ? ' descending' : ''}: every filter, pages of 53`, () => {
        const pager = new GalleryPager(db);
        for (const filter of FILTERS) {
          const want = expected(filter, sort, descending);
          const got = pageAll(pager, filter, sort, descending, 53);
          expect(got.total, JSON.stringify(filter)).toBe(want.length);
          expect(got.ids, JSON.stringify(filter)).toEqual(want);
        }
      });
    }
  }

  it('long walks that test broad clauses by id sets page the same', () => {
    // The pager switches to id sets only past 20 000 index steps; this case is far smaller.
    const pager = new GalleryPager(db, 0);
    const broad = FILTERS.filter((f) => ['knownStatus', 'status', 'mimePrefix', 'hasGps', 'examinerCategory', 'hasRegions', 'cameraSerial'].some((k) => k in f));
    for (const sort of ['new-first', 'taken', 'path', 'size', 'cluster', 'camera'] as const) {
      for (const filter of broad) {
        const got = pageAll(pager, filter, sort, true, 97);
        expect(got.ids, `${sort} ${JSON.stringify(filter)}`).toEqual(expected(filter, sort, true));
      }
    }
  });

  it('remembered positions are forgotten when another connection changes the case', () => {
    const reader = openDatabase(path.join(dir, 'case.sqlite'), { readonly: true });
    const moved = rows.find((r) => r.known === 'new' && r.id > N / 2)!;
    try {
      const pager = new GalleryPager(reader);
      // Page down the whole order: the pager remembers positions in the id-ordered segments.
      for (const sort of ['new-first', 'taken', 'cluster', 'camera'] as const) {
        expect(pageAll(pager, { hasRegions: false }, sort, false, 61).ids).toEqual(expected({ hasRegions: false }, sort, false));
      }
      // An item leaves the 'new' segment: every later position in it moves up by one.
      db.prepare(`UPDATE items SET known_status = 'known' WHERE id = ?`).run(moved.id);
      moved.known = 'known';
      for (const sort of ['new-first', 'taken'] as const) {
        const want = expected({ hasRegions: false }, sort, false);
        for (const offset of [N - 300, N - 200, 900, 1500]) {
          expect(pager.page({ hasRegions: false }, sort, false, offset, 61).ids, `${sort} @${offset}`).toEqual(want.slice(offset, offset + 61));
        }
      }
    } finally {
      db.prepare(`UPDATE items SET known_status = 'new' WHERE id = ?`).run(moved.id);
      moved.known = 'new';
      reader.close();
    }
  });

  it('filters on a cluster: its members, largest-first order within it', () => {
    const biggest = rows.reduce((a, b) => ((b.clusterSize ?? 0) > (a.clusterSize ?? 0) ? b : a)).cluster!;
    const pager = new GalleryPager(db);
    for (const sort of ['cluster', 'new-first', 'camera'] as const) {
      const got = pageAll(pager, { cluster: biggest }, sort, false, 7);
      expect(got.ids).toEqual(expected({ cluster: biggest }, sort, false));
      expect(got.total).toBe(40);
    }
  });

  it('every page of a sort is the slice of the whole order, wherever it starts', () => {
    const pager = new GalleryPager(db);
    for (const sort of ['cluster', 'camera', 'taken'] as const) {
      const want = expected({}, sort, false);
      for (const offset of [0, 1, 97, 1234, N - 5, N, N + 10]) {
        expect(pager.page({}, sort, false, offset, 11).ids, `${sort} @${offset}`).toEqual(want.slice(offset, offset + 11));
      }
    }
  });
});

describe('cards carry the label of their group', () => {
  const labels = (sort: ItemsSort, ids: number[]) => new GalleryQueries(db).cards(ids, sort).map((c) => c.group);

  it('cluster: id and size; camera: make model · serial, said once; taken: the day; path: the folder', () => {
    const clustered = rows.find((r) => r.cluster !== null)!;
    const alone = rows.find((r) => r.cluster === null)!;
    expect(labels('cluster', [clustered.id, alone.id])).toEqual([`cluster ${clustered.cluster} · ${clustered.clusterSize} items`, 'no near-duplicates']);

    const byCamera = (make: string | null, model: string | null, serial: string | null) =>
      rows.find((r) => r.meta && r.meta.make === make && r.meta.model === model && r.meta.serial === serial)!.id;
    const noMeta = rows.find((r) => r.meta === null)!.id;
    expect(
      labels('camera', [byCamera('Canon', 'Canon EOS 600D', '999'), byCamera('Apple', 'iPhone 12', null), byCamera(null, 'Mystery', null), byCamera(null, null, 'S-ONLY'), byCamera(null, null, null), noMeta]),
    ).toEqual(['Canon EOS 600D · 999', 'Apple iPhone 12', 'Mystery', 'unknown camera · S-ONLY', 'no camera recorded', 'no camera recorded']);

    const dated = rows.find((r) => r.meta?.taken?.endsWith('+02:00'))!;
    const top = rows.find((r) => !r.path.includes('/'))!;
    const deep = rows.find((r) => r.path.startsWith('d1x/deep/er/'))!;
    expect(labels('taken', [dated.id, noMeta])).toEqual([dated.meta!.taken!.slice(0, 10), 'no date recorded']);
    expect(labels('path', [top.id, deep.id])).toEqual(['(top folder)', 'd1x/deep/er']);
    expect(labels('new-first', [rows.find((r) => r.known === 'known')!.id])).toEqual(['known']);
    expect(labels('size', [top.id])).toEqual([null]);
    // Without a sort (the viewer, the clue board) there is no group.
    expect(new GalleryQueries(db).cards([top.id]).map((c) => c.group)).toEqual([undefined]);
  });

  it('a whole grid in cluster order reads as runs: each label appears in one run only', () => {
    const ids = expected({}, 'cluster', false);
    const runs: string[] = [];
    for (const label of labels('cluster', ids)) if (runs[runs.length - 1] !== label) runs.push(label!);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs[0]).toMatch(/· 40 items$/);
    expect(runs[runs.length - 1]).toBe('no near-duplicates');
  });
});

describe('cluster sizes follow cluster assignments', () => {
  it('the matcher leaves each clustered item its cluster size, and none outside a cluster', () => {
    const scratch = openDatabase(path.join(dir, 'matcher.sqlite'));
    try {
      scratch.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x')`).run();
      const insert = scratch.prepare(`INSERT INTO items (id, root_id, rel_path, size, pdq, pdq_quality) VALUES (?, 1, ?, 1, ?, 100)`);
      // Three near-identical hashes (1 bit apart), two others identical to each other, one alone.
      const a = 'f'.repeat(64);
      const b = `e${'f'.repeat(63)}`;
      const c = '0'.repeat(64);
      const lone = '0f'.repeat(32);
      [a, b, a, c, c, lone].forEach((pdq, i) => insert.run(i + 1, `f${i + 1}`, pdq));
      rematchCase(scratch, { clusters: true });
      const rows = scratch.prepare(`SELECT cluster_id AS c, cluster_size AS s FROM items ORDER BY id`).all() as { c: number | null; s: number | null }[];
      expect(rows).toEqual([
        { c: 1, s: 3 },
        { c: 1, s: 3 },
        { c: 1, s: 3 },
        { c: 4, s: 2 },
        { c: 4, s: 2 },
        { c: null, s: null },
      ]);
    } finally {
      scratch.close();
    }
  });

  it('refreshClusterSizes recounts changed clusters and clears sizes of items that left one', () => {
    const scratch = openDatabase(path.join(dir, 'sizes.sqlite'));
    try {
      scratch.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/a', '/a', 'x')`).run();
      const insert = scratch.prepare(`INSERT INTO items (id, root_id, rel_path, size, cluster_id) VALUES (?, 1, ?, 1, ?)`);
      for (const [id, cluster] of [[1, 1], [2, 1], [3, 1], [4, 4], [5, 4], [6, null]] as const) insert.run(id, `f${id}`, cluster);
      const sizes = () => (scratch.prepare(`SELECT id, cluster_size AS s FROM items ORDER BY id`).all() as { s: number | null }[]).map((r) => r.s);
      refreshClusterSizes(scratch);
      expect(sizes()).toEqual([3, 3, 3, 2, 2, null]);
      scratch.exec(`UPDATE items SET cluster_id = NULL WHERE id = 3; UPDATE items SET cluster_id = 4 WHERE id = 6`);
      refreshClusterSizes(scratch);
      expect(sizes()).toEqual([2, 2, null, 3, 3, 3]);
    } finally {
      scratch.close();
    }
  });
});
