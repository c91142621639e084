// The SQL of the examiner's review work: categories given by the examiner, tags and clue regions
// (migration 004). Writes only; the callers in electron/engine/review/ wrap each change with its
// audit entry in one transaction.
import { REGION_TYPES, type RegionType } from '../../../shared/review.js';
import type { Db } from './db.js';

/** What a region is: its rectangle (fractions of the displayed image) and what it shows. */
export interface RegionGeometry {
  type: RegionType;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  note: string;
}

export interface RegionRow extends RegionGeometry {
  id: number;
  item_id: number;
  actor: string;
  created_at: string;
  updated_at: string;
}

const ids = (list: readonly number[]) => JSON.stringify(list);

export class ReviewQueries {
  constructor(private readonly db: Db) {}

  /** Which of these ids are items of the case. */
  existing(itemIds: readonly number[]): number[] {
    return (this.db.prepare('SELECT id FROM items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(ids(itemIds)) as { id: number }[]).map((r) => r.id);
  }

  setCategory(itemIds: readonly number[], category: number | null, profile: string | null): number {
    return this.db
      .prepare('UPDATE items SET examiner_category = ?, examiner_profile = ? WHERE id IN (SELECT value FROM json_each(?))')
      .run(category, category === null ? null : profile, ids(itemIds)).changes;
  }

  /** The tag's id, creating it when new. Names compare without case ("Car" is "car"). */
  tagId(name: string): number {
    this.db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
    return (this.db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number }).id;
  }

  findTag(name: string): { id: number; name: string } | undefined {
    return this.db.prepare('SELECT id, name FROM tags WHERE name = ?').get(name) as { id: number; name: string } | undefined;
  }

  addTag(itemIds: readonly number[], tagId: number): number {
    return this.db
      .prepare('INSERT OR IGNORE INTO item_tags (item_id, tag_id) SELECT value, ? FROM json_each(?)')
      .run(tagId, ids(itemIds)).changes;
  }

  removeTag(itemIds: readonly number[], tagId: number): number {
    return this.db.prepare('DELETE FROM item_tags WHERE tag_id = ? AND item_id IN (SELECT value FROM json_each(?))').run(tagId, ids(itemIds)).changes;
  }

  /** Every tag with how many items carry it, most used first; unused tags stay listed with 0. */
  tags(): { name: string; items: number }[] {
    return this.db
      .prepare(
        `SELECT tags.name AS name, count(item_tags.item_id) AS items
         FROM tags LEFT JOIN item_tags ON item_tags.tag_id = tags.id
         GROUP BY tags.id ORDER BY items DESC, tags.name COLLATE NOCASE`,
      )
      .all() as { name: string; items: number }[];
  }

  tagsOf(itemId: number): string[] {
    return (this.db
      .prepare('SELECT tags.name FROM item_tags JOIN tags ON tags.id = item_tags.tag_id WHERE item_tags.item_id = ? ORDER BY tags.name COLLATE NOCASE')
      .all(itemId) as { name: string }[]).map((r) => r.name);
  }

  insertRegion(itemId: number, g: RegionGeometry, actor: string, at: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO regions (item_id, type, x, y, w, h, label, note, actor, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(itemId, g.type, g.x, g.y, g.w, g.h, g.label, g.note, actor, at, at).lastInsertRowid,
    );
  }

  updateRegion(id: number, g: RegionGeometry, at: string): number {
    return this.db
      .prepare('UPDATE regions SET type = ?, x = ?, y = ?, w = ?, h = ?, label = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(g.type, g.x, g.y, g.w, g.h, g.label, g.note, at, id).changes;
  }

  deleteRegion(id: number): number {
    return this.db.prepare('DELETE FROM regions WHERE id = ?').run(id).changes;
  }

  region(id: number): RegionRow | undefined {
    return this.db.prepare('SELECT * FROM regions WHERE id = ?').get(id) as RegionRow | undefined;
  }

  regionsOf(itemId: number): RegionRow[] {
    return this.db.prepare('SELECT * FROM regions WHERE item_id = ? ORDER BY id').all(itemId) as RegionRow[];
  }

  /** The clue board: the regions of these types, grouped by type in REGION_TYPES order, oldest first within a type. */
  regionsPage(types: readonly RegionType[], offset: number, limit: number): { total: number; rows: RegionRow[] } {
    // The order is the constant list of types, never caller text: safe to write into the SQL.
    const order = `CASE type ${REGION_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} END`;
    const total = (this.db.prepare('SELECT count(*) AS n FROM regions WHERE type IN (SELECT value FROM json_each(?))').get(JSON.stringify(types)) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM regions WHERE type IN (SELECT value FROM json_each(?)) ORDER BY ${order}, id LIMIT ? OFFSET ?`)
      .all(JSON.stringify(types), limit, offset) as RegionRow[];
    return { total, rows };
  }

  /** The examiner's categories in use, with item counts (served by items_examiner_category). */
  examinerCategories(): { code: number; profile: string | null; items: number }[] {
    return this.db
      .prepare(
        `SELECT examiner_category AS code, examiner_profile AS profile, count(*) AS items FROM items
         WHERE examiner_category IS NOT NULL GROUP BY examiner_category, examiner_profile ORDER BY examiner_category`,
      )
      .all() as { code: number; profile: string | null; items: number }[];
  }

  regionCounts(): { type: RegionType; regions: number }[] {
    return this.db.prepare('SELECT type, count(*) AS regions FROM regions GROUP BY type').all() as { type: RegionType; regions: number }[];
  }
}
