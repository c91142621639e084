// The SQL of the review UI: the case overview, gallery cards and item detail. Read-only. The
// order and paging of the gallery are in gallery-paging.ts; the cards of a page are read here,
// for that page's ids only.
import type { Db } from './db.js';
import type { MetadataColumns } from './export-queries.js';
import type { ItemsSort } from '../../../shared/api/schemas.js';
import type { KnownStatus } from './gallery-paging.js';

export interface CardRow {
  id: number;
  rel_path: string;
  mime: string | null;
  status: 'pending' | 'ok' | 'failed';
  known_status: KnownStatus;
  width: number | null;
  height: number | null;
  size: number;
  has_thumb: number;
  sha256: string | null;
  cluster_id: number | null;
  taken: string | null;
  /** JSON {code, profile} of the hit the badge shows (known items only), or null. */
  hit: string | null;
  examiner_category: number | null;
  examiner_profile: string | null;
  /** The label of the group this card belongs to in the sort it was read for (see groupLabel). */
  group?: string | null;
}

export interface DetailRow extends CardRow, MetadataColumns {
  root_given: string;
  md5: string | null;
  sha1: string | null;
  pdq: string | null;
  pdq_quality: number | null;
  orientation: number | null;
  error: string | null;
  notes: string | null;
  mtime_ms: number | null;
  ctime_ms: number | null;
  birthtime_ms: number | null;
  tags_json: string | null;
  warnings: string | null;
}

export interface HitRow {
  set_name: string;
  kind: 'known' | 'ignorable';
  profile: string | null;
  category: number | null;
  by: 'md5' | 'sha1' | 'sha256' | 'pdq';
  distance: number;
}

// The badge shows a pertinent category before 0 (VICS "Non-Pertinent") and before none.
const BADGE_HIT = `(SELECT json_object('code', m.category, 'profile', s.profile)
    FROM matches m JOIN hashsets s ON s.id = m.set_id
    WHERE m.item_id = items.id AND s.kind = 'known'
    ORDER BY m.category IS NULL, m.category = 0, m.category LIMIT 1)`;

const CARD_COLUMNS = `items.id, items.rel_path, items.mime, items.status, items.known_status, items.width, items.height,
  items.size, items.has_thumb, items.sha256, items.cluster_id, metadata.taken, items.examiner_category, items.examiner_profile`;

interface GroupedRow extends CardRow {
  cluster_size: number | null;
  camera_make: string | null;
  camera_model: string | null;
  camera_serial: string | null;
}

/**
 * What the grid writes above a run of cards that share it: the near-duplicate cluster, the camera
 * ("make model · serial"), the day taken or the folder, per sort. Consecutive cards with the same
 * label form one group, in the order gallery-paging.ts gives; size order has no groups (null).
 */
function groupLabel(sort: ItemsSort, row: GroupedRow): string | null {
  switch (sort) {
    case 'new-first':
      return row.known_status;
    case 'taken':
      return row.taken ? row.taken.slice(0, 10) : 'no date recorded';
    case 'path': {
      const slash = row.rel_path.lastIndexOf('/');
      return slash < 0 ? '(top folder)' : row.rel_path.slice(0, slash);
    }
    case 'size':
      return null;
    case 'cluster':
      return row.cluster_id === null ? 'no near-duplicates' : `cluster ${row.cluster_id} · ${row.cluster_size ?? '?'} items`;
    case 'camera': {
      const { camera_make: make, camera_model: model, camera_serial: serial } = row;
      if (make === null && model === null && serial === null) return 'no camera recorded';
      // Models often repeat the make ("Canon" "Canon EOS 600D"): say it once.
      const name = make && model?.toLowerCase().startsWith(make.toLowerCase()) ? model : [make, model].filter((p) => p !== null).join(' ');
      return serial === null ? name || 'unknown camera' : `${name || 'unknown camera'} · ${serial}`;
    }
  }
}

export class GalleryQueries {
  constructor(private readonly db: Db) {}

  /**
   * The cards of these ids, in the order given; ids not in the case are left out. With a sort,
   * each card also carries the label of its group in that order (groupLabel).
   */
  cards(ids: number[], sort?: ItemsSort): CardRow[] {
    if (!ids.length) return [];
    const rows = this.db
      .prepare(
        `SELECT ${CARD_COLUMNS}, ${BADGE_HIT} AS hit, items.cluster_size,
           metadata.make AS camera_make, metadata.model AS camera_model, metadata.serial AS camera_serial
         FROM items LEFT JOIN metadata ON metadata.item_id = items.id
         WHERE items.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as GroupedRow[];
    const byId = new Map(
      rows.map(({ cluster_size, camera_make, camera_model, camera_serial, ...card }): [number, CardRow] => [
        card.id,
        sort ? { ...card, group: groupLabel(sort, { ...card, cluster_size, camera_make, camera_model, camera_serial }) } : card,
      ]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  detail(id: number): DetailRow | undefined {
    return this.db
      .prepare(
        `SELECT ${CARD_COLUMNS}, ${BADGE_HIT} AS hit, roots.given AS root_given, items.md5, items.sha1, items.pdq,
           items.pdq_quality, items.orientation, items.error, items.notes, items.mtime_ms, items.ctime_ms,
           items.birthtime_ms, (metadata.item_id IS NOT NULL) AS has_metadata, metadata.make, metadata.model,
           metadata.serial, metadata.lens, metadata.software, metadata.gps_lat, metadata.gps_lon, metadata.gps_alt,
           metadata.tags_json, metadata.warnings
         FROM items JOIN roots ON roots.id = items.root_id LEFT JOIN metadata ON metadata.item_id = items.id
         WHERE items.id = ?`,
      )
      .get(id) as DetailRow | undefined;
  }

  hits(id: number): HitRow[] {
    return this.db
      .prepare(
        `SELECT s.name AS set_name, s.kind, s.profile, m.category, m.by, m.distance
         FROM matches m JOIN hashsets s ON s.id = m.set_id WHERE m.item_id = ? ORDER BY s.name, m.by`,
      )
      .all(id) as HitRow[];
  }

  cluster(clusterId: number, limit: number): { size: number; itemIds: number[] } {
    const size = (this.db.prepare(`SELECT count(*) AS n FROM items WHERE cluster_id = ?`).get(clusterId) as { n: number }).n;
    const itemIds = (this.db.prepare(`SELECT id FROM items WHERE cluster_id = ? ORDER BY id LIMIT ?`).all(clusterId, limit) as { id: number }[]).map((r) => r.id);
    return { size, itemIds };
  }

  // --- the case overview -------------------------------------------------------------------

  /**
   * The overview's counts, each from an index (a full scan of items costs ~0.5 s at 10^6 rows):
   * SQLite counts index ranges without reading rows.
   */
  counts(): { files: number; images: number; ok: number; failed: number; pending: number; new: number; known: number; ignorable: number } {
    const n = (sql: string, ...params: unknown[]) => (this.db.prepare(sql).get(...params) as { n: number }).n;
    const byStatus = (column: 'status' | 'known_status', value: string) => n(`SELECT count(*) AS n FROM items WHERE ${column} = ?`, value);
    const files = n(`SELECT count(*) AS n FROM items`);
    const known = byStatus('known_status', 'known');
    const ignorable = byStatus('known_status', 'ignorable');
    const failed = byStatus('status', 'failed');
    const pending = byStatus('status', 'pending');
    return {
      files,
      images: n(`SELECT count(*) AS n FROM items WHERE mime >= 'image/' AND mime < 'image0'`),
      ok: files - failed - pending,
      failed,
      pending,
      new: files - known - ignorable,
      known,
      ignorable,
    };
  }

  /** Known items per (category, profile) of their hits in known sets; an item counts once per category. */
  knownByCategory(): { code: number | null; profile: string | null; items: number }[] {
    return this.db
      .prepare(
        `SELECT m.category AS code, s.profile, count(DISTINCT m.item_id) AS items
         FROM matches m JOIN hashsets s ON s.id = m.set_id
         WHERE s.kind = 'known'
         GROUP BY m.category, s.profile ORDER BY m.category IS NULL, m.category`,
      )
      .all() as { code: number | null; profile: string | null; items: number }[];
  }

  /** Cameras by make and model (the metadata_make_model index alone), most items first. */
  cameras(limit: number): { rows: { make: string | null; model: string | null; items: number }[]; combinations: number } {
    const all = this.db
      .prepare(
        `SELECT make, model, count(*) AS items FROM metadata WHERE make IS NOT NULL OR model IS NOT NULL
         GROUP BY make, model ORDER BY items DESC, make, model`,
      )
      .all() as { make: string | null; model: string | null; items: number }[];
    return { rows: all.slice(0, limit), combinations: all.length };
  }

  /** Body serials with their make and model: few rows carry one, and metadata_serial finds them. */
  serials(limit: number): { make: string | null; model: string | null; serial: string; items: number }[] {
    return this.db
      .prepare(
        `SELECT make, model, serial, count(*) AS items FROM metadata WHERE serial IS NOT NULL
         GROUP BY serial, make, model ORDER BY items DESC, serial LIMIT ?`,
      )
      .all(limit) as { make: string | null; model: string | null; serial: string; items: number }[];
  }

  dateSpan(): { earliest: string | null; latest: string | null; dated: number } {
    // Separate statements: a lone min() or max() reads one end of the metadata_taken index.
    const one = (sql: string) => (this.db.prepare(sql).get() as { v: string | number | null }).v;
    return {
      earliest: one(`SELECT min(taken) AS v FROM metadata`) as string | null,
      latest: one(`SELECT max(taken) AS v FROM metadata`) as string | null,
      dated: one(`SELECT count(*) AS v FROM metadata WHERE taken IS NOT NULL`) as number,
    };
  }

  roots(): { id: number; path: string; addedAt: string }[] {
    return this.db.prepare(`SELECT id, given AS path, added_at AS addedAt FROM roots ORDER BY id`).all() as { id: number; path: string; addedAt: string }[];
  }

  hashSets(): { name: string; kind: 'known' | 'ignorable'; records: number }[] {
    return this.db.prepare(`SELECT name, kind, records FROM hashsets ORDER BY name`).all() as { name: string; kind: 'known' | 'ignorable'; records: number }[];
  }

  lastIngest(): { startedAt: string; finishedAt: string | null; interrupted: number } | undefined {
    return this.db
      .prepare(`SELECT started_at AS startedAt, finished_at AS finishedAt, interrupted FROM ingest_runs ORDER BY id DESC LIMIT 1`)
      .get() as { startedAt: string; finishedAt: string | null; interrupted: number } | undefined;
  }
}
