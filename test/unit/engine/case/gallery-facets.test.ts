// gallery_facets (migration 011): the gallery counts a filter or sort change from it, so it must
// equal a count of items whatever writes them — the walk's inserts, the ingest's updates and
// metadata upserts, the examiner's categories, clusters, deletions — and be built for a case
// written before the migration. A case not yet migrated (read-only: lanterne serve) pages the
// same without it.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemsFilter, ItemsSort } from '../../../../shared/api/schemas.js';
import type { FileResult } from '../../../../electron/engine/ingest/file-result.js';
import { openDatabase, type Db } from '../../../../electron/engine/case/db.js';
import { GalleryPager, refreshClusterSizes } from '../../../../electron/engine/case/gallery-paging.js';
import { IngestQueries } from '../../../../electron/engine/case/ingest-queries.js';
import { MIGRATIONS } from '../../../../electron/engine/case/migrations/index.js';
import { scratchDir } from '../../../fixtures/corpus.js';

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

interface Meta {
  make?: string | null;
  taken?: string | null;
  gps?: boolean;
}

function result(itemId: number, mime: string | null, metadata: Meta | null): FileResult {
  return {
    itemId,
    status: mime ? 'ok' : 'failed',
    error: mime ? null : 'unreadable',
    notes: [],
    deferred: false,
    size: 10,
    hashes: null,
    mime,
    timestamps: null,
    image: null,
    metadata: metadata && {
      summary: {
        make: metadata.make ?? null,
        model: null,
        serial: null,
        lens: null,
        software: null,
        taken: metadata.taken ?? null,
        gps: metadata.gps ? { lat: 50.8, lon: 4.35, alt: null } : null,
      },
      tags: {},
      warnings: [],
    },
  };
}

/** The facets as a count of items would give them (zero rows left out), and the facets table's. */
function facets(db: Db): { counted: Record<string, number>; kept: Record<string, number> } {
  const key = `json_array(known_status, status, mime, examiner_category, located, dated, cluster_id IS NOT NULL, camera_state)`;
  const rows = (sql: string) => Object.fromEntries((db.prepare(sql).all() as { key: string; n: number }[]).map((r) => [r.key, r.n]));
  return { counted: rows(`SELECT ${key} AS key, count(*) AS n FROM items GROUP BY 1`), kept: rows(`SELECT key, n FROM gallery_facets WHERE n <> 0`) };
}

/** items' metadata-derived columns, and what metadata says they should be. */
function derived(db: Db): { stored: unknown[]; wanted: unknown[] } {
  return {
    stored: db.prepare(`SELECT id, dated, located, camera_state FROM items ORDER BY id`).all(),
    wanted: db
      .prepare(
        `SELECT items.id, (m.taken IS NOT NULL) AS dated, (m.gps_lat IS NOT NULL) AS located,
           CASE WHEN m.item_id IS NULL THEN 0 WHEN m.make IS NULL THEN 1 ELSE 2 END AS camera_state
         FROM items LEFT JOIN metadata m ON m.item_id = items.id ORDER BY items.id`,
      )
      .all(),
  };
}

describe('gallery_facets', () => {
  it('follows every write path: walk, ingest results and re-runs, categories, clusters, deletions', () => {
    const db = openDatabase(path.join(scratchDir('lanterne-facets-'), 'case.sqlite'));
    open.push(db);
    const ingest = new IngestQueries(db);
    const root = ingest.addRoot('/e', '/e');
    ingest.recordWalk(root.id, Array.from({ length: 12 }, (_, i) => ({ relPath: `f${i}.jpg`, size: 10, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0 })), []);
    const ids = (db.prepare(`SELECT id FROM items ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
    const check = () => {
      const f = facets(db);
      expect(f.kept).toEqual(f.counted);
      const d = derived(db);
      expect(d.stored).toEqual(d.wanted);
    };
    check();

    ingest.recordResults(
      ids.map((id, i) =>
        result(id, i === 11 ? null : i % 3 ? 'image/jpeg' : 'image/heic', i % 4 === 0 ? null : { make: i % 2 ? 'Canon' : null, taken: i % 3 ? '2021-07-04T13:22:10' : null, gps: i % 5 === 1 }),
      ),
    );
    check();
    // A re-run upserts metadata: a location and a make lost, a date and a location found.
    ingest.recordResults([result(ids[1]!, 'image/jpeg', { make: null, taken: '2021-07-04T13:22:10' }), result(ids[2]!, 'image/png', { make: 'Apple', taken: null, gps: true })]);
    check();

    db.prepare(`UPDATE items SET examiner_category = 1, examiner_profile = 'Default' WHERE id IN (?, ?)`).run(ids[3], ids[4]);
    db.prepare(`UPDATE items SET known_status = 'known' WHERE id = ?`).run(ids[5]);
    db.prepare(`UPDATE items SET cluster_id = ? WHERE id IN (?, ?, ?)`).run(ids[6], ids[6], ids[7], ids[8]);
    refreshClusterSizes(db);
    check();
    // Reassigning clusters (as the matcher does): cleared, then set again, some to another cluster.
    db.exec(`UPDATE items SET cluster_id = NULL WHERE cluster_id IS NOT NULL`);
    db.prepare(`UPDATE items SET cluster_id = ? WHERE id IN (?, ?)`).run(ids[7], ids[7], ids[8]);
    check();

    db.prepare(`DELETE FROM metadata WHERE item_id IN (?, ?)`).run(ids[2], ids[9]);
    db.prepare(`DELETE FROM items WHERE id = ?`).run(ids[9]);
    check();
  });

  it('is built for a case written before migration 011, and a case read before it pages the same', () => {
    const file = path.join(scratchDir('lanterne-facets-old-'), 'case.sqlite');
    const old = new Database(file);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 10)) old.exec(migration.up);
    old.pragma('user_version = 10');
    old.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/e', '/e', 'x')`).run();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const item = old.prepare(`INSERT INTO items (id, root_id, rel_path, size, status, mime, known_status, examiner_category, cluster_id) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)`);
    const meta = old.prepare(`INSERT INTO metadata (item_id, make, taken, gps_lat) VALUES (?, ?, ?, ?)`);
    old.transaction(() => {
      for (let id = 1; id <= 600; id++) {
        // HEIC is rare (an image/ type that facets show narrow); located items are the large ones.
        const mime = rnd() < 0.04 ? 'image/heic' : rnd() < 0.85 ? 'image/jpeg' : rnd() < 0.5 ? 'text/plain' : null;
        const located = rnd() < 0.15;
        item.run(id, `d${id % 7}/f${id}`, located ? 5000 + id : id % 50, mime ? 'ok' : 'pending', mime, rnd() < 0.06 ? 'known' : rnd() < 0.05 ? 'ignorable' : 'new', rnd() < 0.05 ? 1 : null, rnd() < 0.2 ? 1 + (id % 9) : null);
        if (located || rnd() < 0.5) meta.run(id, rnd() < 0.5 ? 'Canon' : null, rnd() < 0.7 ? `2021-0${1 + (id % 9)}-01T00:00:00` : null, located ? 50.8 : null);
      }
    })();
    old.exec(`UPDATE items SET cluster_size = (SELECT count(*) FROM items c WHERE c.cluster_id = items.cluster_id) WHERE cluster_id IS NOT NULL`);
    old.close();
    const before = path.join(path.dirname(file), 'before.sqlite');
    copyFileSync(file, before);

    const migrated = openDatabase(file);
    open.push(migrated);
    const f = facets(migrated);
    expect(f.kept).toEqual(f.counted);
    const d = derived(migrated);
    expect(d.stored).toEqual(d.wanted);

    // Paged from facets and located indexes (migrated) and without them (read-only, unmigrated).
    const reader = openDatabase(before, { readonly: true });
    open.push(reader);
    expect(reader.pragma('user_version', { simple: true })).toBe(10);
    const filters: ItemsFilter[] = [
      {},
      { hasGps: true },
      { hasGps: false },
      { knownStatus: ['new'], hasGps: true },
      { knownStatus: ['new'], mimePrefix: 'image/', hasGps: true, examinerCategory: [null] },
      { knownStatus: ['new'], mimePrefix: 'image/heic' },
      { mimePrefix: 'image/heic', examinerCategory: [null] },
      { knownStatus: ['known', 'ignorable'], mimePrefix: 'image/jpeg' },
      { knownStatus: ['known'] },
      { knownStatus: ['ignorable'], mimePrefix: 'image/jpeg', examinerCategory: [null] },
      { hasGps: true, folder: 'd3' },
      { hasGps: true, cameraMake: 'Canon' },
    ];
    for (const sort of ['new-first', 'taken', 'path', 'size', 'cluster', 'camera'] as ItemsSort[]) {
      for (const descending of [false, true]) {
        const fast = new GalleryPager(migrated);
        const plain = new GalleryPager(reader);
        for (const filter of filters) {
          const label = `${sort}${descending ? ' desc' : ''} ${JSON.stringify(filter)}`;
          const want = plain.page(filter, sort, descending, 0, 1000);
          expect(want.total, label).toBe(want.ids.length);
          expect(fast.page(filter, sort, descending, 0, 1000), label).toEqual(want);
          // Pages of 37 from the middle on, as a grid scrolls.
          const got: number[] = [];
          for (let offset = 0; offset < want.total; offset += 37) got.push(...fast.page(filter, sort, descending, offset, 37).ids);
          expect(got, label).toEqual(want.ids);
        }
      }
    }
  });
});
