// The SQL of `lanterne redact` (electron/engine/redact/): reading a case a page at a time, and
// writing the redacted copy's rows. Only the columns a presentation needs are read; everything
// that could lead back to the original (paths, hashes, serials, GPS, free text, the source audit
// log, walk notes, ingest runs, reveals, hash-set entries) is never even selected.
import type { Db } from './db.js';

export interface RedactSourceItem {
  id: number;
  root_id: number;
  size: number;
  status: 'pending' | 'ok' | 'failed';
  mime: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  has_thumb: number;
  known_status: 'new' | 'known' | 'ignorable';
  cluster_id: number | null;
  examiner_category: number | null;
  examiner_profile: string | null;
  has_metadata: number;
  make: string | null;
  model: string | null;
  lens: string | null;
  software: string | null;
  taken: string | null;
}

export interface RedactedItem {
  id: number;
  root_id: number;
  rel_path: string;
  size: number;
  status: string;
  error: string | null;
  mime: string | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  has_thumb: number;
  known_status: string;
  cluster_id: number | null;
  examiner_category: number | null;
  examiner_profile: string | null;
  processed_at: string;
}

export class RedactSourceQueries {
  constructor(private readonly db: Db) {}

  roots(): { id: number }[] {
    return this.db.prepare('SELECT id FROM roots ORDER BY id').all() as { id: number }[];
  }

  itemsAfter(afterId: number, limit: number): RedactSourceItem[] {
    return this.db
      .prepare(
        `SELECT items.id, items.root_id, items.size, items.status, items.mime, items.width, items.height, items.orientation,
           items.has_thumb, items.known_status, items.cluster_id, items.examiner_category, items.examiner_profile,
           (metadata.item_id IS NOT NULL) AS has_metadata, metadata.make, metadata.model, metadata.lens, metadata.software, metadata.taken
         FROM items LEFT JOIN metadata ON metadata.item_id = items.id
         WHERE items.id > ? ORDER BY items.id LIMIT ?`,
      )
      .all(afterId, limit) as RedactSourceItem[];
  }

  hashSets(): { id: number; kind: string; format: string; version: string | null; profile: string | null; default_category: number | null; records: number }[] {
    return this.db.prepare('SELECT id, kind, format, version, profile, default_category, records FROM hashsets ORDER BY id').all() as ReturnType<RedactSourceQueries['hashSets']>;
  }

  matches(): { item_id: number; set_id: number; via_item_id: number | null; by: string; distance: number; category: number | null }[] {
    return this.db.prepare('SELECT item_id, set_id, via_item_id, by, distance, category FROM matches ORDER BY item_id, set_id').all() as ReturnType<RedactSourceQueries['matches']>;
  }

  tags(): { id: number }[] {
    return this.db.prepare('SELECT id FROM tags ORDER BY id').all() as { id: number }[];
  }

  itemTags(): { item_id: number; tag_id: number }[] {
    return this.db.prepare('SELECT item_id, tag_id FROM item_tags ORDER BY item_id, tag_id').all() as { item_id: number; tag_id: number }[];
  }

  regions(): { item_id: number; type: string; x: number; y: number; w: number; h: number }[] {
    return this.db.prepare('SELECT item_id, type, x, y, w, h FROM regions ORDER BY id').all() as ReturnType<RedactSourceQueries['regions']>;
  }
}

export class RedactTargetQueries {
  constructor(private readonly db: Db) {}

  insertRoot(id: number, name: string, at: string): void {
    // An absolute place that never exists: the copy has no evidence, so nothing may resolve (not
    // even relative to wherever a presenter runs Lanterne from).
    this.db.prepare('INSERT INTO roots (id, given, real_path, added_at) VALUES (?, ?, ?, ?)').run(id, name, `/lanterne-redacted-copy-has-no-evidence/${name}`, at);
  }

  insertItem(item: RedactedItem): void {
    this.db
      .prepare(
        `INSERT INTO items (id, root_id, rel_path, size, status, error, mime, sha256, width, height, orientation, has_thumb,
           known_status, cluster_id, examiner_category, examiner_profile, processed_at)
         VALUES (@id, @root_id, @rel_path, @size, @status, @error, @mime, @sha256, @width, @height, @orientation, @has_thumb,
           @known_status, @cluster_id, @examiner_category, @examiner_profile, @processed_at)`,
      )
      .run(item);
  }

  insertMetadata(itemId: number, m: { make: string | null; model: string | null; lens: string | null; software: string | null; taken: string | null }): void {
    this.db
      .prepare('INSERT INTO metadata (item_id, make, model, serial, lens, software, taken, gps_lat, gps_lon, gps_alt) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, NULL, NULL)')
      .run(itemId, m.make, m.model, m.lens, m.software, m.taken);
  }

  insertHashSet(id: number, s: { kind: string; format: string; version: string | null; profile: string | null; default_category: number | null; records: number }, at: string): void {
    this.db
      .prepare(
        `INSERT INTO hashsets (id, name, kind, format, version, profile, default_category, source_path, source_sha256, source_size, imported_at, records, skipped)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'redacted', 'redacted', 0, ?, ?, 0)`,
      )
      .run(id, `set-${id}`, s.kind, s.format, s.version, s.profile, s.default_category, at, s.records);
  }

  insertMatch(m: { item_id: number; set_id: number; via_item_id: number | null; by: string; distance: number; category: number | null }): void {
    this.db
      .prepare('INSERT INTO matches (item_id, set_id, entry_id, via_item_id, by, distance, category) VALUES (?, ?, NULL, ?, ?, ?, ?)')
      .run(m.item_id, m.set_id, m.via_item_id, m.by, m.distance, m.category);
  }

  insertTag(id: number): void {
    this.db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)').run(id, `tag-${id}`);
  }

  insertItemTag(itemId: number, tagId: number): void {
    this.db.prepare('INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)').run(itemId, tagId);
  }

  insertRegion(r: { item_id: number; type: string; x: number; y: number; w: number; h: number }, at: string): void {
    this.db
      .prepare(`INSERT INTO regions (item_id, type, x, y, w, h, label, note, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', '', 'redacted', ?, ?)`)
      .run(r.item_id, r.type, r.x, r.y, r.w, r.h, at, at);
  }
}

/** Cluster sizes, when the schema keeps them (migration 007): the gallery sorts by them. */
export function refreshRedactedClusterSizes(db: Db): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('items')`).all() as { name: string }[];
  if (!columns.some((c) => c.name === 'cluster_size')) return;
  db.exec(`UPDATE items SET cluster_size = CASE WHEN cluster_id IS NULL THEN NULL ELSE (SELECT count(*) FROM items AS c WHERE c.cluster_id = items.cluster_id) END`);
}
