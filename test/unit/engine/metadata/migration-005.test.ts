// Migration 005 on a case ingested before it: cameras are linked from the serial already recorded
// (metadata.serial); placeholder serials link nothing; the same serial in two roots is one camera.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../electron/engine/case/migrations/index.js';

describe('migration 005-metadata-depth', () => {
  it('links the cameras of an existing case from its recorded serials', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) if (m.version < 5) db.exec(m.up);
    db.exec(`INSERT INTO roots (id, given, real_path, added_at) VALUES (1, '/a', '/a', 'x'), (2, '/b', '/b', 'x')`);
    const item = db.prepare(`INSERT INTO items (id, root_id, rel_path, size, status) VALUES (?, ?, ?, 1, 'ok')`);
    const meta = db.prepare(`INSERT INTO metadata (item_id, make, model, serial) VALUES (?, ?, ?, ?)`);
    const rows: Array<[number, number, string, string | null, string | null]> = [
      [1, 1, 'a.jpg', 'Canon', '600123'],
      [2, 2, 'b.jpg', 'Canon', '600123'],
      [3, 1, 'c.jpg', 'Canon', '0000000000'],
      [4, 1, 'd.jpg', 'Canon', null],
      [5, 2, 'e.jpg', 'NIKON', '600123'],
    ];
    for (const [id, root, rel, make, serial] of rows) {
      item.run(id, root, rel);
      meta.run(id, make, 'Body', serial);
    }
    db.exec(MIGRATIONS.find((m) => m.version === 5)!.up);
    const cameras = db.prepare(`SELECT id, make, serial FROM cameras ORDER BY id`).all() as { id: number; make: string; serial: string }[];
    expect(cameras.map((c) => `${c.make}:${c.serial}`).sort()).toEqual(['Canon:600123', 'NIKON:600123']);
    const links = db.prepare(`SELECT id, camera_id FROM items ORDER BY id`).all() as { id: number; camera_id: number | null }[];
    const canon = cameras.find((c) => c.make === 'Canon')!.id;
    expect(links.map((l) => l.camera_id)).toEqual([canon, canon, null, null, cameras.find((c) => c.make === 'NIKON')!.id]);
  });
});
