// items.dated (migration 010): the date-taken sort counts its dated and undated segments from it
// under a filter on items, so it must follow metadata.taken through the real ingest write path —
// a first result inserts the metadata row, a re-run upserts it (ON CONFLICT DO UPDATE) — and be
// backfilled for a case written before the migration.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../../../electron/engine/ingest/file-result.js';
import { openDatabase, type Db } from '../../../../electron/engine/case/db.js';
import { GalleryPager } from '../../../../electron/engine/case/gallery-paging.js';
import { IngestQueries } from '../../../../electron/engine/case/ingest-queries.js';
import { MIGRATIONS } from '../../../../electron/engine/case/migrations/index.js';
import { scratchDir } from '../../../fixtures/corpus.js';

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

function result(itemId: number, metadata: { taken: string | null } | null): FileResult {
  return {
    itemId,
    status: 'ok',
    error: null,
    notes: [],
    deferred: false,
    size: 10,
    hashes: null,
    mime: 'image/jpeg',
    timestamps: null,
    image: null,
    metadata: metadata && {
      summary: { make: null, model: null, serial: null, lens: null, software: null, taken: metadata.taken, gps: null },
      tags: {},
      warnings: [],
    },
  };
}

const dated = (db: Db) =>
  Object.fromEntries((db.prepare(`SELECT rel_path, dated FROM items ORDER BY id`).all() as { rel_path: string; dated: number }[]).map((r) => [r.rel_path, r.dated]));

/** The segments' sizes as the definition has them: dated items (metadata.taken set), then the rest. */
function expected(db: Db, knownStatus: string[]): number[] {
  const marks = knownStatus.map(() => '?').join(', ');
  const n = (sql: string) => (db.prepare(sql).get(...knownStatus) as { n: number }).n;
  const from = `items LEFT JOIN metadata ON metadata.item_id = items.id WHERE items.known_status IN (${marks})`;
  return [n(`SELECT count(*) AS n FROM ${from} AND metadata.taken IS NOT NULL`), n(`SELECT count(*) AS n FROM ${from} AND metadata.taken IS NULL`)];
}

describe('items.dated', () => {
  it('follows metadata.taken through the ingest write path, insert and upsert', () => {
    const db = openDatabase(path.join(scratchDir('lanterne-dated-'), 'case.sqlite'));
    open.push(db);
    const ingest = new IngestQueries(db);
    const root = ingest.addRoot('/e', '/e');
    const files = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map((relPath) => ({ relPath, size: 10, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0 }));
    ingest.recordWalk(root.id, files, []);
    const ids = (db.prepare(`SELECT id FROM items ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
    expect(dated(db)).toEqual({ 'a.jpg': 0, 'b.jpg': 0, 'c.jpg': 0, 'd.jpg': 0 });

    // First results insert metadata rows: with a date, without one, and none at all.
    ingest.recordResults([result(ids[0]!, { taken: '2021-07-04T13:22:10' }), result(ids[1]!, { taken: null }), result(ids[2]!, null)]);
    expect(dated(db)).toEqual({ 'a.jpg': 1, 'b.jpg': 0, 'c.jpg': 0, 'd.jpg': 0 });

    // A re-run upserts them: a date lost, a date found, a date changed, a first row for d.
    ingest.recordResults([
      result(ids[0]!, { taken: null }),
      result(ids[1]!, { taken: '2020-01-01T00:00:00+02:00' }),
      result(ids[2]!, { taken: '2019-05-05T05:05:05' }),
      result(ids[3]!, { taken: '2018-02-02T02:02:02' }),
    ]);
    expect(dated(db)).toEqual({ 'a.jpg': 0, 'b.jpg': 1, 'c.jpg': 1, 'd.jpg': 1 });
    ingest.recordResults([result(ids[3]!, { taken: '2018-03-03T03:03:03' })]);
    expect(dated(db)).toEqual({ 'a.jpg': 0, 'b.jpg': 1, 'c.jpg': 1, 'd.jpg': 1 });

    // A metadata row gone (no code path deletes one today) leaves its item undated.
    db.prepare(`DELETE FROM metadata WHERE item_id = ?`).run(ids[1]);
    expect(dated(db)['b.jpg']).toBe(0);

    // The gallery's counts by date under a status filter (told from items.dated) agree.
    db.prepare(`UPDATE items SET known_status = 'known' WHERE id IN (?, ?)`).run(ids[0], ids[2]);
    for (const knownStatus of [['known'], ['new'], ['new', 'ignorable'], ['known', 'ignorable']] as const) {
      const total = expected(db, [...knownStatus]).reduce((a, b) => a + b, 0);
      const page = new GalleryPager(db).page({ knownStatus: [...knownStatus] }, 'taken', false, 0, 10);
      expect(page.total).toBe(total);
      const marks = knownStatus.map(() => '?').join(', ');
      const datedIds = db
        .prepare(`SELECT item_id FROM metadata JOIN items ON items.id = item_id WHERE taken IS NOT NULL AND known_status IN (${marks}) ORDER BY taken, item_id`)
        .all(...knownStatus)
        .map((r) => (r as { item_id: number }).item_id);
      expect(page.ids.slice(0, datedIds.length)).toEqual(datedIds);
    }
  });

  it('is backfilled for a case written before migration 010, which is paged without it until then', () => {
    const file = path.join(scratchDir('lanterne-dated-old-'), 'case.sqlite');
    const old = new Database(file);
    for (const migration of MIGRATIONS.filter((m) => m.version < 10)) old.exec(migration.up);
    old.pragma('user_version = 9');
    old.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES ('/e', '/e', 'x')`).run();
    const item = old.prepare(`INSERT INTO items (id, root_id, rel_path, size) VALUES (?, 1, ?, 1)`);
    [1, 2, 3].forEach((id) => item.run(id, `${id}.jpg`));
    old.prepare(`INSERT INTO metadata (item_id, taken) VALUES (1, '2021-07-04T13:22:10'), (2, NULL)`).run();
    old.close();
    // Read-only (lanterne serve), unmigrated: paged by date all the same, without items.dated.
    const reader = openDatabase(file, { readonly: true });
    open.push(reader);
    expect(new GalleryPager(reader).page({ knownStatus: ['new'] }, 'taken', false, 0, 10)).toEqual({ total: 3, ids: [1, 2, 3] });
    const db = openDatabase(file);
    open.push(db);
    expect(dated(db)).toEqual({ '1.jpg': 1, '2.jpg': 0, '3.jpg': 0 });
  });
});
