// The SQL of the exports that go to partners and into reports (issue 6): the examiner's
// categorisation for VICS, clue regions for crops, and the summaries of the HTML case report.
// Read-only. Big result sets are iterated, never collected (a case holds up to 10^6 items).
import type { RegionGeometry } from './review-queries.js';
import type { Db } from './db.js';

export interface VicsExportRow {
  id: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  size: number;
  pdq: string | null;
  pdq_quality: number | null;
  rel_path: string;
  examiner_category: number | null;
  examiner_profile: string | null;
  /** The category of the item's strongest hit in a known set (exact before PDQ), when it has one. */
  set_category: number | null;
  set_profile: string | null;
  /** JSON array of the item's tag names, or null when untagged. */
  tags_json: string | null;
}

export interface CropRegionRow extends RegionGeometry {
  region_id: number;
  item_id: number;
  sha256: string | null;
  abs_path: string;
  mime: string | null;
  orientation: number | null;
  known_status: 'new' | 'known' | 'ignorable';
  has_thumb: number;
}

export interface ReportItemRow {
  id: number;
  root_given: string;
  rel_path: string;
  size: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  mime: string | null;
  known_status: 'new' | 'known' | 'ignorable';
  examiner_category: number | null;
  examiner_profile: string | null;
  tags_json: string | null;
  regions: number;
}

export interface RootSummaryRow {
  id: number;
  given: string;
  added_at: string;
  files: number;
  bytes: number;
  hashed: number;
}

/** The best known-set hit's category: exact hits before PDQ ones, then the closest, then the oldest set. */
const SET_HIT = (column: 'category' | 'profile') =>
  `(SELECT ${column === 'category' ? 'm.category' : 's.profile'} FROM matches m JOIN hashsets s ON s.id = m.set_id
     WHERE m.item_id = items.id AND s.kind = 'known' AND m.category IS NOT NULL
     ORDER BY (m.by = 'pdq'), m.distance, s.id LIMIT 1)`;

const TAGS_JSON = `(SELECT json_group_array(t.name) FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_id = items.id)`;

export class ReportQueries {
  constructor(private readonly db: Db) {}

  /**
   * Items the examiner categorised, and with `withSetHits` also items a known set categorised, in
   * item order. Only items with at least one of MD5/SHA-1 (VICS matches by those).
   */
  vicsItems(withSetHits: boolean): IterableIterator<VicsExportRow> {
    return this.db
      .prepare(
        `SELECT * FROM (
           SELECT items.id, items.md5, items.sha1, items.sha256, items.size, items.pdq, items.pdq_quality, items.rel_path,
             items.examiner_category, items.examiner_profile,
             ${SET_HIT('category')} AS set_category, ${SET_HIT('profile')} AS set_profile,
             CASE WHEN EXISTS (SELECT 1 FROM item_tags WHERE item_id = items.id) THEN ${TAGS_JSON} END AS tags_json
           FROM items
           WHERE (items.md5 IS NOT NULL OR items.sha1 IS NOT NULL)
             AND (items.examiner_category IS NOT NULL OR (? AND items.known_status = 'known'))
         ) WHERE examiner_category IS NOT NULL OR set_category IS NOT NULL
         ORDER BY id`,
      )
      .iterate(withSetHits ? 1 : 0) as IterableIterator<VicsExportRow>;
  }

  /** Every clue region with what a crop needs of its item, in region order. */
  cropRegions(): IterableIterator<CropRegionRow> {
    return this.db
      .prepare(
        `SELECT r.id AS region_id, r.item_id, r.type, r.x, r.y, r.w, r.h, r.label, r.note,
           items.sha256, roots.real_path || '/' || items.rel_path AS abs_path, items.mime, items.orientation,
           items.known_status, items.has_thumb
         FROM regions r JOIN items ON items.id = r.item_id JOIN roots ON roots.id = items.root_id
         ORDER BY r.id`,
      )
      .iterate() as IterableIterator<CropRegionRow>;
  }

  caseInfo(): Record<string, string> {
    const rows = this.db.prepare(`SELECT key, value FROM case_info`).all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  roots(): RootSummaryRow[] {
    return this.db
      .prepare(
        `SELECT roots.id, roots.given, roots.added_at, count(items.id) AS files, coalesce(sum(items.size), 0) AS bytes,
           count(items.sha256) AS hashed
         FROM roots LEFT JOIN items ON items.root_id = roots.id GROUP BY roots.id ORDER BY roots.id`,
      )
      .all() as RootSummaryRow[];
  }

  /** One root's (sha256, path) pairs in path order: the input of its manifest hash. */
  rootManifest(rootId: number): IterableIterator<{ sha256: string | null; rel_path: string }> {
    return this.db
      .prepare(`SELECT sha256, rel_path FROM items WHERE root_id = ? ORDER BY rel_path`)
      .iterate(rootId) as IterableIterator<{ sha256: string | null; rel_path: string }>;
  }

  reviewCounts(): { categorised: number; tagged: number; regions: number; regionItems: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM items WHERE examiner_category IS NOT NULL) AS categorised,
           (SELECT count(DISTINCT item_id) FROM item_tags) AS tagged,
           (SELECT count(*) FROM regions) AS regions,
           (SELECT count(DISTINCT item_id) FROM regions) AS regionItems`,
      )
      .get() as { categorised: number; tagged: number; regions: number; regionItems: number };
  }

  /** Categorised items (and items with regions), examiner category order then item order. */
  reportItems(limit: number): { total: number; rows: ReportItemRow[] } {
    const where = `items.examiner_category IS NOT NULL OR EXISTS (SELECT 1 FROM regions WHERE item_id = items.id)`;
    const total = (this.db.prepare(`SELECT count(*) AS n FROM items WHERE ${where}`).get() as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT items.id, roots.given AS root_given, items.rel_path, items.size, items.md5, items.sha1, items.sha256,
           items.mime, items.known_status, items.examiner_category, items.examiner_profile,
           CASE WHEN EXISTS (SELECT 1 FROM item_tags WHERE item_id = items.id) THEN ${TAGS_JSON} END AS tags_json,
           (SELECT count(*) FROM regions WHERE item_id = items.id) AS regions
         FROM items JOIN roots ON roots.id = items.root_id
         WHERE ${where}
         ORDER BY items.examiner_category IS NULL, items.examiner_category, items.id LIMIT ?`,
      )
      .all(limit) as ReportItemRow[];
    return { total, rows };
  }

  auditActions(): { action: string; entries: number }[] {
    return this.db.prepare(`SELECT action, count(*) AS entries FROM audit GROUP BY action ORDER BY action`).all() as { action: string; entries: number }[];
  }

  auditSpan(): { first: string | null; last: string | null } {
    return this.db.prepare(`SELECT min(at) AS first, max(at) AS last FROM audit`).get() as { first: string | null; last: string | null };
  }

  /** The latest `lanterne verify` recorded in the log, or undefined when the case was never verified. */
  lastVerification(): { id: number; at: string; actor: string; details: string } | undefined {
    return this.db
      .prepare(`SELECT id, at, actor, details FROM audit WHERE action = 'case.verified' ORDER BY id DESC LIMIT 1`)
      .get() as { id: number; at: string; actor: string; details: string } | undefined;
  }
}
