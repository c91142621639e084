// Gallery paging in SQL, fast on 10^6 items without loading the case. Each sort is a list of
// *segments*, each served in order by an index: new-first is three segments (known_status =
// 'new', 'known', 'ignorable'), each walked by items_known_status, whose entries are
// (known_status, rowid) — so "status = ? ORDER BY id" needs no sort. A page at offset N is
// mapped onto the segments by their counts, each piece read as ids only (OFFSET skips index
// entries, not rows); the caller then reads only that page's rows.
//
// Counting is most of the cost of a new filter or sort, so counts avoid reading rows: the bulk
// segment is derived (total minus the others), a metadata-only filter is counted on metadata
// alone, and a broad filter clause is counted through its small complement (gallery-filter-sql.ts);
// the date-taken sort's dated / undated split is told on items by items.dated (migration 010).
import type { ItemsFilter, ItemsSort } from '../../../shared/api/schemas.js';
import type { Db } from './db.js';
import { IdAnchors } from './gallery-anchors.js';
import { filterClauses, hideFromIndexes, type Clause } from './gallery-filter-sql.js';

export { nextDay } from './gallery-filter-sql.js';

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
  /** The index that yields `orderBy` (unset: rowid order, or the planner's choice). */
  index?: string;
  /**
   * The sort key, when it is a unique, never-NULL tuple in one direction: a remembered position
   * lets a page start from it by a row-value comparison (gallery-anchors.ts).
   */
  key?: string[];
  /**
   * The same segment told from items' own columns (denormalised for this, e.g. items.dated):
   * under a filter on items alone, counting it then needs no metadata row.
   */
  onItems?: string;
}

interface Condition {
  sql: string[];
  params: unknown[];
  needsItems: boolean;
  needsMetadata: boolean;
  /** Every metadata clause leaves out items without metadata: countable on metadata alone. */
  metadataOnly: boolean;
}

/** Every metadata row, as a segment: what a metadata-only filter is counted over. */
const ALL_METADATA: Segment = { driver: 'metadata', where: '', params: [], orderBy: '', needsMetadata: true, derived: false };

/** Past this many index entries, building a complement's id set once costs less than the row reads. */
const DEEP_WALK_STEPS = 20_000;

/** "Not among the ids the complement finds": the broad clause, testable on an index entry's id. */
function outsideOf(complement: Clause): Clause {
  const ids = complement.table === 'items' ? `SELECT items.id FROM items WHERE ${complement.sql}` : `SELECT metadata.item_id FROM metadata WHERE ${complement.sql}`;
  return { sql: `{ID} NOT IN (${ids})`, params: complement.params, table: 'ids', nullRejecting: false };
}

/** Inclusion–exclusion over this many broad clauses at most (2^n counts). */
const MAX_BROAD = 4;

function combine(clauses: Clause[]): Condition {
  return {
    sql: clauses.map((c) => c.sql),
    params: clauses.flatMap((c) => c.params),
    needsItems: clauses.some((c) => c.table === 'items'),
    needsMetadata: clauses.some((c) => c.table === 'metadata'),
    metadataOnly: clauses.length > 0 && clauses.every((c) => c.table === 'metadata' && c.nullRejecting),
  };
}

export class GalleryPager {
  /**
   * Segment counts per filter and sort: a grid scrolling through one filter asks for many pages,
   * and counting is most of a page's cost. Valid while PRAGMA data_version is unchanged, which
   * moves whenever another connection (an ingest, an import) commits.
   */
  private readonly countCache = new Map<string, number[]>();
  private countCacheVersion = -1;
  private readonly anchors = new IdAnchors();
  private itemsDated: boolean | undefined;

  constructor(
    private readonly db: Db,
    /** A walk past this many index entries tests broad clauses by id sets (tests set it to 0). */
    private readonly deepWalkSteps = DEEP_WALK_STEPS,
  ) {}

  /** How many items match, and the ids of [offset, offset + limit) in the sort's order. */
  page(filter: ItemsFilter, sort: ItemsSort, descending: boolean, offset: number, limit: number): { total: number; ids: number[] } {
    const clauses = filterClauses(filter, { statusInSegments: sort === 'new-first' });
    const base = combine(clauses);
    const segments = segmentsFor(sort, descending);
    const counts = this.cachedCounts(filter, sort, clauses, segments);
    if (sort === 'new-first' && filter.knownStatus) {
      // All three statuses are counted (the bulk one derived); the ones not asked for are empty.
      KNOWN_ORDER.forEach((s, i) => filter.knownStatus!.includes(s) || (counts[i] = 0));
    }
    const total = counts.reduce((a, b) => a + b, 0);
    // Unfiltered sizes, to judge how much of a segment the filter keeps (cached, cheap).
    const sizes = clauses.length ? this.cachedCounts({}, sort, [], segments) : counts;
    const ids: number[] = [];
    let start = offset;
    for (let i = 0; i < segments.length && ids.length < limit; i++) {
      const count = counts[i]!;
      if (start >= count) {
        start -= count;
        continue;
      }
      const need = limit - ids.length;
      let segment = segments[i]!;
      // Deep in a keyed segment, start from the nearest remembered position before `start`.
      const anchorKey = segment.key ? JSON.stringify([this.countKey(filter, sort), descending, i]) : '';
      const anchor = segment.key ? this.anchors.before(anchorKey, start) : undefined;
      const skip = anchor ? start - anchor.offset - 1 : start;
      if (anchor && segment.key) {
        const tuple = (items: string[]) => (items.length > 1 ? `(${items.join(', ')})` : items[0]!);
        const after = `${tuple(segment.key)} ${descending ? '<' : '>'} ${tuple(segment.key.map(() => '?'))}`;
        segment = { ...segment, where: segment.where ? `${segment.where} AND ${after}` : after, params: [...segment.params, ...anchor.values] };
      }
      // Without statistics SQLite cannot tell a broad filter from a narrow one: it may read every
      // match and sort them where walking the order's index would stop after a page, or walk the
      // whole index for a handful of matches. The counts tell: walking costs about
      // (start + need) × size / count index steps, sorting about 2 × count. But matches are
      // rarely spread evenly along an order (located photos are the large ones), so a filter
      // keeping under a quarter of the segment is sorted: its cost is bounded by its count.
      const steps = (skip + need) * (sizes[i]! / count);
      const plan = segment.index === undefined || !clauses.length ? 'planner' : sizes[i]! <= 4 * count && steps < 2 * count ? 'walk' : 'sort';
      // A long walk tests each broad clause against the set of its complement's ids, built once
      // from an index, instead of reading every row it passes: index entries only.
      const walkBase = plan === 'walk' && steps > this.deepWalkSteps ? combine(clauses.map((c) => (c.complement ? outsideOf(c.complement) : c))) : base;
      const got = this.segmentIds(walkBase, segment, skip, need, plan);
      const last = got[got.length - 1];
      if (segment.key && last) this.anchors.add(anchorKey, start + got.length - 1, last.key);
      ids.push(...got.map((r) => r.id));
      start = 0;
    }
    return { total, ids };
  }

  private cachedCounts(filter: ItemsFilter, sort: ItemsSort, clauses: Clause[], segments: Segment[]): number[] {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.countCacheVersion) {
      this.countCache.clear();
      this.anchors.clear();
      this.countCacheVersion = version;
    }
    const key = this.countKey(filter, sort);
    let counts = this.countCache.get(key);
    if (!counts) {
      counts = this.filteredCounts(clauses, segments);
      if (this.countCache.size >= 32) this.countCache.delete(this.countCache.keys().next().value!);
      this.countCache.set(key, counts);
    }
    return [...counts];
  }

  /** Names a filter and sort: direction does not change a segment's size; property order must not matter. */
  private countKey(filter: ItemsFilter, sort: ItemsSort): string {
    return JSON.stringify([sort, Object.entries(filter).sort(([a], [b]) => a.localeCompare(b))]);
  }

  /**
   * Each segment's size under the filter. With broad clauses B1..Bk and the rest R:
   * count(B1 ∧ … ∧ Bk ∧ R) = Σ over subsets T of (−1)^|T| · count(R ∧ complements of T) —
   * every term but count(R) holds a complement that an index finds few rows for.
   */
  private filteredCounts(clauses: Clause[], segments: Segment[]): number[] {
    const broad = clauses.filter((c) => c.complement);
    if (!broad.length || broad.length > MAX_BROAD) return this.segmentCounts(combine(clauses), segments);
    const rest = clauses.filter((c) => !c.complement);
    const totals = segments.map(() => 0);
    for (let mask = 0; mask < 1 << broad.length; mask++) {
      const complements = broad.filter((_, i) => mask & (1 << i)).map((c) => c.complement!);
      const sign = complements.length % 2 ? -1 : 1;
      this.segmentCounts(combine([...rest, ...complements]), segments).forEach((n, i) => (totals[i]! += sign * n));
    }
    return totals;
  }

  /**
   * Each segment's size. The largest, slowest segment (`derived`) is the total minus the others:
   * SQLite counts a whole table from its smallest index in a few ms, while counting 97 % of an
   * index range walks it. Under a filter, all segments are counted in one grouped pass, unless
   * the one segment besides the derived is cheaper counted by itself (countedApart).
   */
  private segmentCounts(base: Condition, segments: Segment[]): number[] {
    const counted = segments.filter((s) => !s.derived);
    const apart = base.sql.length && counted.length === 1 ? this.countedApart(base, counted[0]!) : undefined;
    if (apart) {
      const n = this.count(base, apart);
      return segments.map((s) => (s.derived ? this.count(base, null) - n : n));
    }
    if (base.sql.length && segments.length > 1) {
      // One pass over the filter's matches, driven by its own index, each match counted in the
      // segment it falls in (segments are disjoint and cover the case).
      // A segment driven by metadata holds only items that have a metadata row.
      const arms = segments.map((s, i) => `WHEN ${s.driver === 'metadata' ? `metadata.item_id IS NOT NULL AND ${s.where}` : s.where} THEN ${i}`).join(' ');
      const joinMetadata = base.needsMetadata || segments.some((s) => s.needsMetadata);
      // A metadata-only filter is met by metadata rows alone: walk them from its index (CROSS
      // JOIN keeps metadata outer; SQLite would otherwise scan every item and probe metadata).
      const readsItems = segments.some((s) => s.where.includes('items.'));
      const from = base.metadataOnly
        ? readsItems
          ? 'metadata CROSS JOIN items ON items.id = metadata.item_id'
          : 'metadata'
        : joinMetadata
          ? 'items LEFT JOIN metadata ON metadata.item_id = items.id'
          : 'items';
      const where = `WHERE ${base.sql.join(' AND ').replaceAll('{ID}', 'items.id')}`;
      const rows = this.db
        .prepare(`SELECT CASE ${arms} ELSE -1 END AS s, count(*) AS n FROM ${from} ${where} GROUP BY 1`)
        .all(...segments.flatMap((s) => s.params), ...base.params) as { s: number; n: number }[];
      const bySegment = new Map(rows.map((r) => [r.s, r.n]));
      return segments.map((_, i) => bySegment.get(i) ?? 0);
    }
    const counts = segments.map((s) => (s.derived ? 0 : this.count(base, s)));
    const derived = segments.findIndex((s) => s.derived);
    if (derived >= 0) counts[derived] = this.count(base, null) - counts.reduce((a, b) => a + b, 0);
    return counts;
  }

  /**
   * The filter's one counted segment, as it is best counted by itself (the other derived from the
   * filter's total), when two counts cost less than the grouped pass, which reads every match's
   * row and sorts the groups:
   * - told by items' own columns (`onItems`), under a filter on items alone, when SQLite answers
   *   that count from an index without reading rows: "the known few that are dated" is a seek in
   *   items_dated_known_status (migration 010). Not otherwise: an items row costs more to read
   *   than the metadata row the grouped pass probes (the non-images, by date: 28 → 67 ms);
   * - on metadata, under a filter met by metadata rows alone: both counts walk metadata's indexes
   *   (located and dated: metadata_gps_taken) and never join items. A first page by date taken
   *   at 10^6 items: has GPS 40 → 18 ms, make Canon 47 → 40 ms, one serial 28 → 24 ms.
   */
  private countedApart(base: Condition, segment: Segment): Segment | undefined {
    if (base.metadataOnly && segment.driver === 'metadata') return segment;
    if (base.needsMetadata || segment.onItems === undefined || !this.hasItemsDated()) return undefined;
    const told: Segment = { ...segment, driver: 'items', where: segment.onItems, needsMetadata: false };
    const { from, where, params } = assemble(base, told);
    return readsNoRow(this.db, `SELECT count(*) FROM ${from} ${where}`, params) ? told : undefined;
  }

  /**
   * Whether items.dated exists: a case opened read-only (`lanterne serve`) is not migrated, and
   * one written before migration 010 is paged all the same, only without this shortcut.
   */
  private hasItemsDated(): boolean {
    this.itemsDated ??= (this.db.pragma('table_info(items)') as { name: string }[]).some((c) => c.name === 'dated');
    return this.itemsDated;
  }

  private count(base: Condition, segment: Segment | null): number {
    // Items without metadata cannot pass a metadata-only filter: count it on metadata's indexes
    // instead of probing metadata once per item.
    const { from, where, params } = assemble(base, segment === null && base.metadataOnly ? ALL_METADATA : segment);
    return (this.db.prepare(`SELECT count(*) AS n FROM ${from} ${where}`).get(...params) as { n: number }).n;
  }

  /** The ids of a segment's piece, each with its sort key when the segment has one. */
  private segmentIds(base: Condition, segment: Segment, offset: number, limit: number, plan: 'planner' | 'walk' | 'sort'): { id: number; key: unknown[] }[] {
    // To sort, the order's index must not be used at all: a unary + on its columns hides them.
    const seg = plan === 'sort' ? { ...segment, where: hideFromIndexes(segment.where), orderBy: hideFromIndexes(segment.orderBy) } : segment;
    const { from, where, params, id } = assemble(base, seg, plan === 'walk');
    const keys = segment.key ?? [];
    const rows = this.db
      .prepare(`SELECT ${[`${id} AS id`, ...keys.map((c, k) => `${c} AS k${k}`)].join(', ')} FROM ${from} ${where} ORDER BY ${seg.orderBy} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Record<string, number>[];
    return rows.map((r) => ({ id: r['id']!, key: keys.map((_, k) => r[`k${k}`]) }));
  }
}

/**
 * The FROM and WHERE of a segment. A segment driven by metadata (dated items, by taken) reads the
 * metadata_taken index alone unless a filter needs items' columns: joining items row by row would
 * cost a lookup per skipped row.
 */
function assemble(base: Condition, segment: Segment | null, walk = false): { from: string; where: string; params: unknown[]; id: string } {
  const clauses = [...base.sql, ...(segment?.where ? [segment.where] : [])];
  const idColumn = segment?.driver === 'metadata' ? 'metadata.item_id' : 'items.id';
  const where = clauses.length ? `WHERE ${clauses.join(' AND ').replaceAll('{ID}', idColumn)}` : '';
  const params = [...base.params, ...(segment?.params ?? [])];
  // Walking the order's index: INDEXED BY names it, CROSS JOIN keeps its table the outer loop.
  const driver = (table: string) => (walk && segment?.index ? `${table} INDEXED BY ${segment.index}` : table);
  if (segment?.driver === 'metadata') {
    const from = base.needsItems ? `${driver('metadata')} ${walk ? 'CROSS JOIN' : 'JOIN'} items ON items.id = metadata.item_id` : driver('metadata');
    return { from, where, params, id: 'metadata.item_id' };
  }
  const joinMetadata = base.needsMetadata || (segment?.needsMetadata ?? false);
  return { from: joinMetadata ? `${driver('items')} LEFT JOIN metadata ON metadata.item_id = items.id` : driver('items'), where, params, id: 'items.id' };
}

/** Whether SQLite would answer a query from indexes alone, never reading a table's row. */
function readsNoRow(db: Db, sql: string, params: unknown[]): boolean {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan.every((step) => !/^(SCAN|SEARCH) /.test(step.detail) || step.detail.includes('COVERING INDEX'));
}

function segmentsFor(sort: ItemsSort, descending: boolean): Segment[] {
  const dir = descending ? 'DESC' : 'ASC';
  const onItems = { driver: 'items', needsMetadata: false, derived: false } as const;
  switch (sort) {
    case 'new-first':
      // Always all three (a status filter empties the others in page()); 'new' is the bulk of a
      // case: its size is derived, not counted.
      return KNOWN_ORDER.map((s) => ({ ...onItems, where: 'items.known_status = ?', params: [s], orderBy: `items.id ${dir}`, derived: s === 'new', index: 'items_known_status', key: ['items.id'] }));
    case 'taken':
      // Undated items last in both directions: a date is what the examiner sorted for. The
      // metadata_taken index holds (taken, item_id), so it serves "taken, item_id" without a sort.
      return [
        // items.dated (migration 010) tells the two apart without metadata, for counting.
        { driver: 'metadata', where: 'metadata.taken IS NOT NULL', params: [], orderBy: `metadata.taken ${dir}, metadata.item_id ${dir}`, needsMetadata: true, derived: false, index: 'metadata_taken', key: ['metadata.taken', 'metadata.item_id'], onItems: 'items.dated = 1' },
        { ...onItems, where: 'metadata.taken IS NULL', params: [], orderBy: `items.id ${dir}`, needsMetadata: true, derived: true, key: ['items.id'], onItems: 'items.dated = 0' },
      ];
    case 'path':
      // The (root_id, rel_path) unique index serves this order.
      return [{ ...onItems, where: '', params: [], orderBy: `items.root_id ${dir}, items.rel_path ${dir}`, derived: true, index: 'sqlite_autoindex_items_1', key: ['items.root_id', 'items.rel_path'] }];
    case 'size':
      // items_size (migration 007) holds (size, rowid): "size, id" in either direction.
      return [{ ...onItems, where: '', params: [], orderBy: `items.size ${dir}, items.id ${dir}`, derived: true, index: 'items_size', key: ['items.size', 'items.id'] }];
    case 'cluster': {
      // Members of a cluster together, the largest clusters first (descending: smallest first),
      // each cluster in id order: items_cluster_order (migration 007) is exactly this order.
      // Items in no cluster come last either way.
      const rev = descending ? { size: 'ASC', rest: 'DESC' } : { size: 'DESC', rest: 'ASC' };
      return [
        { ...onItems, where: 'items.cluster_id IS NOT NULL', params: [], orderBy: `items.cluster_size ${rev.size}, items.cluster_id ${rev.rest}, items.id ${rev.rest}`, index: 'items_cluster_order' },
        { ...onItems, where: 'items.cluster_id IS NULL', params: [], orderBy: `items.id ${dir}`, derived: true, index: 'items_cluster', key: ['items.id'] },
      ];
    }
    case 'camera': {
      // Items of one make, model and serial together, walked in metadata_camera's order
      // (migration 007). Items with no make recorded, then items with no metadata at all, come
      // last either way: no camera is not a camera.
      const order = `metadata.make ${dir}, metadata.model ${dir}, metadata.serial ${dir}, metadata.item_id ${dir}`;
      const onMetadata = { driver: 'metadata', orderBy: order, needsMetadata: true, derived: false, index: 'metadata_camera' } as const;
      return [
        { ...onMetadata, where: 'metadata.make IS NOT NULL', params: [] },
        { ...onMetadata, where: 'metadata.make IS NULL', params: [] },
        { ...onItems, where: 'metadata.item_id IS NULL', params: [], orderBy: `items.id ${dir}`, needsMetadata: true, derived: true, key: ['items.id'] },
      ];
    }
  }
}

/**
 * Keeps items.cluster_size (migration 007) in step with cluster_id: call after clusters are
 * (re)assigned, in the same transaction. Sizes are counted per cluster from items_cluster.
 */
export function refreshClusterSizes(db: Db): void {
  db.exec(`UPDATE items SET cluster_size = NULL WHERE cluster_size IS NOT NULL AND cluster_id IS NULL`);
  db.exec(
    `WITH sizes AS (SELECT cluster_id, count(*) AS n FROM items WHERE cluster_id IS NOT NULL GROUP BY cluster_id)
     UPDATE items SET cluster_size = sizes.n FROM sizes
     WHERE items.cluster_id = sizes.cluster_id AND items.cluster_size IS NOT sizes.n`,
  );
}
