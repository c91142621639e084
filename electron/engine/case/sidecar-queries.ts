// Links XMP sidecar files to their images by base name, in the same folder of the same evidence
// root: "a/IMG_1.xmp" goes with "a/IMG_1.JPG" (and "a/IMG_1.CR2"), "a/IMG_1.jpg.xmp" with
// "a/IMG_1.jpg". Run after an ingest: both files are items by then, whatever order they were
// processed in. Names are compared as recorded (case-sensitive, as the evidence's file system may be).
import { sidecarStem } from '../ingest/metadata-sidecar.js';
import type { Db } from './db.js';

export function linkSidecars(db: Db): number {
  const sidecars = db
    .prepare(`SELECT i.id, i.root_id, i.rel_path FROM items i JOIN metadata m ON m.item_id = i.id WHERE m.is_sidecar = 1`)
    .all() as { id: number; root_id: number; rel_path: string }[];
  // "stem." to "stem/" ('/' follows '.' in code order): the names that continue with one extension.
  const candidates = db.prepare(
    `SELECT id, rel_path FROM items WHERE root_id = ? AND (rel_path = ? OR (rel_path > ? AND rel_path < ?)) AND id <> ? AND mime LIKE 'image/%'`,
  );
  const insert = db.prepare(`INSERT INTO sidecars (item_id, sidecar_item_id) VALUES (?, ?) ON CONFLICT DO NOTHING`);
  let linked = 0;
  db.transaction(() => {
    for (const s of sidecars) {
      const stem = sidecarStem(s.rel_path);
      const rows = candidates.all(s.root_id, stem, `${stem}.`, `${stem}/`, s.id) as { id: number; rel_path: string }[];
      for (const row of rows) {
        const rest = row.rel_path.slice(stem.length);
        if (rest === '' || /^\.[^./]+$/.test(rest)) linked += insert.run(row.id, s.id).changes;
      }
    }
  })();
  return linked;
}

/** The keywords an image carries plus those of its sidecars, in that order, without repeats. */
export function keywordsWithSidecars(db: Db, itemId: number): string[] {
  const rows = db
    .prepare(
      `SELECT keywords_json FROM metadata WHERE item_id = ?
       UNION ALL
       SELECT m.keywords_json FROM sidecars s JOIN metadata m ON m.item_id = s.sidecar_item_id WHERE s.item_id = ?`,
    )
    .pluck()
    .all(itemId, itemId) as (string | null)[];
  const out: string[] = [];
  for (const json of rows) for (const k of json ? (JSON.parse(json) as string[]) : []) if (!out.includes(k)) out.push(k);
  return out;
}
