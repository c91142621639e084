// Gallery paging in SQL, fast on 10^6 items without loading the case. Each sort is a list of
// *segments*, each served in order by an index: new-first is three segments (known_status =
// 'new', 'known', 'ignorable'), each walked by items_known_status, whose entries are
// (known_status, rowid) — so "status = ? ORDER BY id" needs no sort. A page at offset N is
// mapped onto the segments by their counts, each piece read as ids only (OFFSET skips index
// entries, not rows); the caller then reads only that page's rows.
import type { ItemsFilter, ItemsSort } from '../../../shared/api/schemas.js';
import type { Db } from './db.js';

export type KnownStatus = 'new' | 'known' | 'ignorable';

export const KNOWN_ORDER: readonly KnownStatus[] = ['new', 'known', 'ignorable'];

interface Segment {
  /** The table whose index yields this segment's order. */
  driver: 'items' | 'metadata';
  where: string;
  params: unknown[];
  orderBy: string;
  needsMetadata: boolean;
  /** Counted as the total minus the other segments (see segmentCounts). */
  derived: boolean;
}

interface Condition {
  sql: string[];
  params: unknown[];
  needsItems: boolean;
  needsMetadata: boolean;
}

export class GalleryPager {
  /**
   * Segment counts per filter and sort: a grid scrolling through one filter asks for many pages,
   * and counting is most of a page's cost. Valid while PRAGMA data_version is unchanged, which
   * moves whenever another connection (an ingest, an import) commits.
   */
  private readonly countCache = new Map<string, number[]>();
  private countCacheVersion = -1;

  constructor(private readonly db: Db) {}

  /** How many items match, and the ids of [offset, offset + limit) in the sort's order. */
  page(filter: ItemsFilter, sort: ItemsSort, descending: boolean, offset: number, limit: number): { total: number; ids: number[] } {
    const base = conditions(filter);
    const segments = segmentsFor(sort, descending, filter);
    const counts = this.cachedCounts(filter, sort, base, segments);
    const total = counts.reduce((a, b) => a + b, 0);
    const ids: number[] = [];
    let start = offset;
    for (let i = 0; i < segments.length && ids.length < limit; i++) {
      const count = counts[i]!;
      if (start >= count) {
        start -= count;
        continue;
      }
      ids.push(...this.segmentIds(base, segments[i]!, start, limit - ids.length));
      start = 0;
    }
    return { total, ids };
  }

  private cachedCounts(filter: ItemsFilter, sort: ItemsSort, base: Condition, segments: Segment[]): number[] {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.countCacheVersion) {
      this.countCache.clear();
      this.countCacheVersion = version;
    }
    // Direction does not change a segment's size; the key must not depend on property order.
    const key = JSON.stringify([sort, Object.entries(filter).sort(([a], [b]) => a.localeCompare(b))]);
    let counts = this.countCache.get(key);
    if (!counts) {
      counts = this.segmentCounts(base, segments, sort);
      if (this.countCache.size >= 32) this.countCache.delete(this.countCache.keys().next().value!);
      this.countCache.set(key, counts);
    }
    return counts;
  }

  /**
   * Each segment's size. The largest, slowest segment (`derived`) is the total minus the others:
   * SQLite counts a whole table from its smallest index in a few ms, while counting 97 % of an
   * index range walks it. A filtered new-first sort counts all three statuses in one grouped pass.
   */
  private segmentCounts(base: Condition, segments: Segment[], sort: ItemsSort): number[] {
    if (sort === 'new-first' && base.sql.length) {
      const { from, where, params } = assemble(base, null);
      const rows = this.db
        .prepare(`SELECT items.known_status AS k, count(*) AS n FROM ${from} ${where} GROUP BY items.known_status`)
        .all(...params) as { k: string; n: number }[];
      const byStatus = new Map(rows.map((r) => [r.k, r.n]));
      return segments.map((s) => byStatus.get(s.params[0] as string) ?? 0);
    }
    const counts = segments.map((s) => (s.derived ? 0 : this.count(base, s)));
    const derived = segments.findIndex((s) => s.derived);
    if (derived >= 0) counts[derived] = this.count(base, null) - counts.reduce((a, b) => a + b, 0);
    return counts;
  }

  private count(base: Condition, segment: Segment | null): number {
    const { from, where, params } = assemble(base, segment);
    return (this.db.prepare(`SELECT count(*) AS n FROM ${from} ${where}`).get(...params) as { n: number }).n;
  }

  private segmentIds(base: Condition, segment: Segment, offset: number, limit: number): number[] {
    const { from, where, params, id } = assemble(base, segment);
    const rows = this.db
      .prepare(`SELECT ${id} AS id FROM ${from} ${where} ORDER BY ${segment.orderBy} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as { id: number }[];
    return rows.map((r) => r.id);
  }
}

/**
 * The FROM and WHERE of a segment. A segment driven by metadata (dated items, by taken) reads the
 * metadata_taken index alone unless a filter needs items' columns: joining items row by row would
 * cost a lookup per skipped row.
 */
function assemble(base: Condition, segment: Segment | null): { from: string; where: string; params: unknown[]; id: string } {
  const clauses = [...base.sql, ...(segment?.where ? [segment.where] : [])];
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const params = [...base.params, ...(segment?.params ?? [])];
  if (segment?.driver === 'metadata') {
    const from = base.needsItems ? 'metadata JOIN items ON items.id = metadata.item_id' : 'metadata';
    return { from, where, params, id: 'metadata.item_id' };
  }
  const joinMetadata = base.needsMetadata || (segment?.needsMetadata ?? false);
  return { from: joinMetadata ? 'items LEFT JOIN metadata ON metadata.item_id = items.id' : 'items', where, params, id: 'items.id' };
}

function segmentsFor(sort: ItemsSort, descending: boolean, filter: ItemsFilter): Segment[] {
  const dir = descending ? 'DESC' : 'ASC';
  const onItems = { driver: 'items', needsMetadata: false, derived: false } as const;
  switch (sort) {
    case 'new-first': {
      const wanted = filter.knownStatus ? KNOWN_ORDER.filter((s) => filter.knownStatus!.includes(s)) : KNOWN_ORDER;
      // 'new' is the bulk of a case: its size is derived, not counted.
      return wanted.map((s) => ({ ...onItems, where: 'items.known_status = ?', params: [s], orderBy: `items.id ${dir}`, derived: s === 'new' }));
    }
    case 'taken':
      // Undated items last in both directions: a date is what the examiner sorted for. The
      // metadata_taken index holds (taken, item_id), so it serves "taken, item_id" without a sort.
      return [
        { driver: 'metadata', where: 'metadata.taken IS NOT NULL', params: [], orderBy: `metadata.taken ${dir}, metadata.item_id ${dir}`, needsMetadata: true, derived: false },
        { ...onItems, where: 'metadata.taken IS NULL', params: [], orderBy: `items.id ${dir}`, needsMetadata: true, derived: true },
      ];
    case 'path':
      // The (root_id, rel_path) unique index serves this order.
      return [{ ...onItems, where: '', params: [], orderBy: `items.root_id ${dir}, items.rel_path ${dir}`, derived: true }];
    case 'size':
      // No index on size yet (needs a migration): SQLite sorts, which costs ~1-2 s at 10^6 items.
      return [{ ...onItems, where: '', params: [], orderBy: `items.size ${dir}, items.id ${dir}`, derived: true }];
    case 'cluster':
      // First cut: clustered items by cluster id, then the rest (no index-served order yet).
      return [
        { ...onItems, where: 'items.cluster_id IS NOT NULL', params: [], orderBy: `items.cluster_id ${dir}, items.id ${dir}`, derived: false },
        { ...onItems, where: 'items.cluster_id IS NULL', params: [], orderBy: `items.id ${dir}`, derived: true },
      ];
    case 'camera':
      // First cut: by make, model and serial as recorded (SQLite sorts).
      return [{ ...onItems, where: '', params: [], orderBy: `metadata.make ${dir}, metadata.model ${dir}, metadata.serial ${dir}, items.id ${dir}`, needsMetadata: true, derived: true }];
  }
}

/** The filter as SQL conditions on items (and metadata when a camera or GPS filter needs it). */
function conditions(filter: ItemsFilter): Condition {
  const sql: string[] = [];
  const params: unknown[] = [];
  let needsMetadata = false;
  let needsItems = false;
  const inList = (column: string, values: readonly string[]) => {
    needsItems = true;
    sql.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (filter.knownStatus) inList('items.known_status', filter.knownStatus);
  if (filter.status) inList('items.status', filter.status);
  if (filter.mimePrefix) {
    // A range, not LIKE: the items_mime index serves it and it is exact about case.
    needsItems = true;
    sql.push('items.mime >= ? AND items.mime < ?');
    params.push(filter.mimePrefix, prefixEnd(filter.mimePrefix));
  }
  for (const [key, column] of [['cameraMake', 'metadata.make'], ['cameraModel', 'metadata.model']] as const) {
    const value = filter[key];
    if (value === undefined) continue;
    needsMetadata = true;
    if (value === null) sql.push(`${column} IS NULL`);
    else {
      sql.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.hasGps !== undefined) {
    needsMetadata = true;
    sql.push(filter.hasGps ? 'metadata.gps_lat IS NOT NULL' : 'metadata.gps_lat IS NULL');
  }
  const text = filter.text?.trim();
  if (text) {
    needsItems = true;
    sql.push(`items.rel_path LIKE ? ESCAPE '\\'`);
    params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql, params, needsItems, needsMetadata };
}

/** The least string greater than every string starting with `prefix` (ASCII prefixes only). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
