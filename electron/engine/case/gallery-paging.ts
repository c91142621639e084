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
// Above all, when every clause of the filter and every segment is told by the columns
// gallery_facets holds (migration 011: status, type, GPS, the examiner's category, …), the counts
// are sums over that table's few hundred rows, whatever the combination.
import type { ItemsFilter, ItemsSort } from '../../../shared/api/schemas.js';
import type { Db } from './db.js';
import { IdAnchors } from './gallery-anchors.js';
import { filterClauses, hideFromIndexes, showToIndexes, type Clause } from './gallery-filter-sql.js';
import { SearchHits } from './gallery-search.js';
import { KNOWN_ORDER, segmentsFor, walkedWithin, type Segment } from './gallery-segments.js';

export { nextDay } from './gallery-filter-sql.js';
export { KNOWN_ORDER, type KnownStatus } from './gallery-segments.js';

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

/** A trial walk reads this many times the index entries evenly spread matches would need… */
const TRIAL_SPREAD = 3;
/** …when that is at most this many (a failed trial costs about as many row reads). */
const TRIAL_MAX_STEPS = 12_000;
/**
 * A failed trial is tried again on 4 times as many entries while that stays under this many and
 * costs less than sorting the matches: matches often start late along an order ("taken from
 * 2020", by path: the 120th at entry 6 500 of 10^6; by size, 19 000), where a walk of 20 000
 * entries costs ~6 ms and sorting the 215 000 matches 90 ms. A trial that reads each entry's
 * items row (the filter tests items' columns) costs about this many times a sorted match
 * ("New, only this folder", by size: a 22 000-entry trial 51 ms, sorting 65 000 matches 21 ms).
 */
const TRIAL_RETRY_MAX_STEPS = 64_000;
const TRIAL_ROW_COST = 6;

/** A clause keeping less than this share of the case is narrow: its index is a good way in. */
const NARROW_SHARE = 0.1;

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
  /** A text search's hits, listed once for all the statements under it (gallery-search.ts). */
  private readonly search: SearchHits;
  private readonly itemsColumns = new Map<string, boolean>();
  private facets: boolean | undefined;

  constructor(
    private readonly db: Db,
    /** A walk past this many index entries tests broad clauses by id sets (tests set it to 0). */
    private readonly deepWalkSteps = DEEP_WALK_STEPS,
  ) {
    this.search = new SearchHits(db);
  }

  /** Drops what the pager keeps in the connection (its search hits' temp tables). */
  dispose(): void {
    this.search.clear();
  }

  /** How many items match, and the ids of [offset, offset + limit) in the sort's order. */
  page(filter: ItemsFilter, sort: ItemsSort, descending: boolean, offset: number, limit: number): { total: number; ids: number[] } {
    this.forgetIfChanged();
    const locatedOnItems = this.hasItemsColumn('located');
    const text = filter.text?.trim();
    const searchHits = text ? this.search.tableFor(text) : undefined;
    const statusIndexed = segmentsFor(sort, descending).some((s) => s.statusIndex !== undefined);
    const clauses = this.narrowShown(filterClauses(filter, { statusInSegments: sort === 'new-first', locatedOnItems, searchHits, statusIndexed }));
    const base = combine(clauses);
    // Under has-GPS, each order is walked in its located part (migration 011's partial indexes);
    // under one of the few statuses, in that status's part.
    const within = locatedOnItems ? walkedWithin(filter, sort) : undefined;
    const segments = segmentsFor(sort, descending).map((s) => within?.narrow(s) ?? s);
    const counts = this.cachedCounts(filter, sort, clauses, segments);
    if (sort === 'new-first' && filter.knownStatus) {
      // All three statuses are counted (the bulk one derived); the ones not asked for are empty.
      KNOWN_ORDER.forEach((s, i) => filter.knownStatus!.includes(s) || (counts[i] = 0));
    }
    const total = counts.reduce((a, b) => a + b, 0);
    // Unfiltered sizes (of the part walked within), to judge how much of a segment the filter
    // keeps (cached, cheap).
    const part = within?.filter ?? {};
    const sizes = !clauses.length
      ? counts
      : this.cachedCounts(part, sort, filterClauses(part, { statusInSegments: sort === 'new-first', locatedOnItems, statusIndexed }), segments);
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
      // Before reading and sorting every match, try the walk a few times longer than evenly spread
      // matches would need: when they are there (most first pages), it costs a few ms.
      const budget = Math.ceil(TRIAL_SPREAD * (skip + need) * (sizes[i]! / count));
      // Not under a text search by subquery: its hits are listed whole before the first entry is
      // tested. Listed once into a temp table (gallery-search.ts), each test is a seek.
      const searched = !searchHits && clauses.some((c) => c.table === 'ids');
      const wanted = Math.min(need, count - start);
      let trial = plan === 'sort' && !searched && segment.index !== undefined && budget <= TRIAL_MAX_STEPS ? this.trialWalk(clauses, segment, skip, need, budget) : undefined;
      const entryCost = base.needsItems ? TRIAL_ROW_COST : 1;
      for (let more = budget * 4; trial && trial.length < wanted && more <= TRIAL_RETRY_MAX_STEPS && more * entryCost <= count; more *= 4) {
        trial = this.trialWalk(clauses, segment, skip, need, more);
      }
      // A small segment (the known few) is a better way in than the filter's indexes when sorting.
      const narrow = sizes[i]! < NARROW_SHARE * sizes.reduce((a, b) => a + b, 0);
      const got = trial && trial.length === wanted ? trial : this.segmentIds(walkBase, segment, skip, need, plan, narrow);
      const last = got[got.length - 1];
      if (segment.key && last) this.anchors.add(anchorKey, start + got.length - 1, last.key);
      ids.push(...got.map((r) => r.id));
      start = 0;
    }
    return { total, ids };
  }

  /** Forgets counts, positions and search hits when another connection has changed the case. */
  private forgetIfChanged(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.countCacheVersion) {
      this.countCache.clear();
      this.anchors.clear();
      this.search.clear();
      this.countCacheVersion = version;
    }
  }

  private cachedCounts(filter: ItemsFilter, sort: ItemsSort, clauses: Clause[], segments: Segment[]): number[] {
    const key = this.countKey(filter, sort);
    let counts = this.countCache.get(key);
    if (!counts) {
      counts = this.facetCounts(clauses, segments) ?? this.filteredCounts(clauses, segments);
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
   * Each segment's size as a sum over gallery_facets (migration 011), when the filter and the
   * segments are all told by its columns: well under a millisecond, where counting items under
   * the same filter read up to hundreds of thousands of index entries or rows.
   */
  private facetCounts(clauses: Clause[], segments: Segment[]): number[] | undefined {
    if (clauses.some((c) => c.facet === undefined) || segments.some((s) => s.facet === undefined) || !this.hasFacets()) return undefined;
    const arms = segments.map((s, i) => `WHEN ${s.facet || '1'} THEN ${i}`).join(' ');
    const where = clauses.length ? `WHERE ${clauses.map((c) => c.facet).join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT CASE ${arms} ELSE -1 END AS s, sum(n) AS n FROM gallery_facets AS items ${where} GROUP BY 1`)
      .all(...segments.flatMap((s) => s.params), ...clauses.flatMap((c) => c.params)) as { s: number; n: number }[];
    const bySegment = new Map(rows.map((r) => [r.s, r.n]));
    return segments.map((_, i) => bySegment.get(i) ?? 0);
  }

  /**
   * Each segment's size under the filter. With broad clauses B1..Bk and the rest R:
   * count(B1 ∧ … ∧ Bk ∧ R) = Σ over subsets T of (−1)^|T| · count(R ∧ complements of T) —
   * every term but count(R) holds a complement that an index finds few rows for.
   */
  private filteredCounts(clauses: Clause[], segments: Segment[]): number[] {
    const broad = clauses.filter((c) => c.complement);
    const rest = clauses.filter((c) => !c.complement);
    // A narrow clause on items (folder, tag, cluster, text search) is the best way in: one pass
    // over its matches, the broad clauses tested on their rows, costs less than a count per
    // subset — in which SQLite, without statistics, walks the complement's index instead ("New, in
    // one folder", grouped by camera: 100 ms for the known few of the whole case). And a text
    // search is evaluated whole by every statement that names it (~30–50 ms for many hits).
    const driven = rest.some((c) => c.table !== 'metadata');
    if (!broad.length || broad.length > MAX_BROAD || driven) return this.segmentCounts(combine(clauses), segments);
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
    const few = this.fewCountedApart(base, segments);
    if (few) return few;
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
   * Under a filter met by metadata rows alone, when the segments besides the largest hold fewer
   * items than the filter keeps: each is counted by itself from its own index (its few entries,
   * each probing the other table by id), the largest as the filter's count on metadata's index
   * minus theirs; a segment of the items without metadata is empty under such a filter. The
   * grouped pass would read a row of every match instead: "taken from 2020" (215 000 matches),
   * new first 105 → 35 ms (the known and ignorable few: 2 × 15 ms); by camera 83 → 23 ms (the
   * 31 000 without a make, from metadata_make_model).
   */
  private fewCountedApart(base: Condition, segments: Segment[]): number[] | undefined {
    if (!base.metadataOnly || segments.length < 2) return undefined;
    const empty = (s: Segment) => s.where === 'metadata.item_id IS NULL';
    const countable = (s: Segment) => empty(s) || (s.where !== '' && (s.driver === 'metadata' || !s.needsMetadata));
    if (!segments.every(countable)) return undefined;
    const sizes = this.facetCounts([], segments);
    if (!sizes) return undefined;
    const live = segments.map((_, i) => i).filter((i) => !empty(segments[i]!));
    if (!live.length) return undefined;
    const largest = live.reduce((a, b) => (sizes[b]! > sizes[a]! ? b : a));
    const matches = this.count(base, null);
    if (live.reduce((sum, i) => (i === largest ? sum : sum + sizes[i]!), 0) >= matches) return undefined;
    const where = base.sql.join(' AND ').replaceAll('{ID}', 'items.id');
    const counts = segments.map((s, i) => {
      if (i === largest || empty(s)) return 0;
      const from = s.driver === 'metadata' ? 'metadata' : 'items CROSS JOIN metadata ON metadata.item_id = items.id';
      return (this.db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${s.where} AND ${where}`).get(...s.params, ...base.params) as { n: number }).n;
    });
    counts[largest] = matches - counts.reduce((a, b) => a + b, 0);
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
    return this.hasItemsColumn('dated');
  }

  private hasItemsColumn(name: string): boolean {
    let has = this.itemsColumns.get(name);
    if (has === undefined) {
      has = (this.db.pragma('table_info(items)') as { name: string }[]).some((c) => c.name === name);
      this.itemsColumns.set(name, has);
    }
    return has;
  }

  /**
   * Broad-looking clauses that gallery_facets shows to keep few items ("type HEIC" starts with
   * image/, yet is 2 % of a case), with their indexes usable again: hidden, a page under them
   * was read by scanning every item.
   */
  private narrowShown(clauses: Clause[]): Clause[] {
    const judged = clauses.filter((c) => c.complement && c.facet !== undefined);
    if (!judged.length || !this.hasFacets()) return clauses;
    const shares = this.db
      .prepare(`SELECT ${judged.map((c, i) => `coalesce(sum(n) FILTER (WHERE ${c.facet}), 0) AS s${i}`).join(', ')}, sum(n) AS total FROM gallery_facets AS items`)
      .get(...judged.flatMap((c) => c.params)) as Record<string, number>;
    return clauses.map((c) => {
      const i = judged.indexOf(c);
      return i >= 0 && shares[`s${i}`]! < NARROW_SHARE * shares['total']! ? { ...c, sql: showToIndexes(c.sql), complement: undefined } : c;
    });
  }

  /** Whether gallery_facets exists: as for items.dated, a case not yet at migration 011 is counted without it. */
  private hasFacets(): boolean {
    this.facets ??= this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gallery_facets'`).get() !== undefined;
    return this.facets;
  }

  private count(base: Condition, segment: Segment | null): number {
    // Items without metadata cannot pass a metadata-only filter: count it on metadata's indexes
    // instead of probing metadata once per item.
    const { from, where, params } = assemble(base, segment === null && base.metadataOnly ? ALL_METADATA : segment);
    return (this.db.prepare(`SELECT count(*) AS n FROM ${from} ${where}`).get(...params) as { n: number }).n;
  }

  /**
   * A segment's piece from only the first `budget` entries of its order's index (the subquery
   * reads index entries alone), the filter tested on those rows; fewer than asked when the
   * matches are not among them.
   */
  private trialWalk(clauses: Clause[], segment: Segment, offset: number, limit: number, budget: number): { id: number; key: unknown[] }[] {
    const table = segment.driver === 'metadata' ? 'metadata' : 'items';
    const idColumn = segment.driver === 'metadata' ? 'metadata.item_id' : 'items.id';
    // Clauses fixing the index's leading columns are where the walk starts (by camera, with a
    // camera chosen: its first entry, not the index's): the walk reads its matches only.
    const seeks: Clause[] = [];
    for (const column of segment.seekColumns ?? []) {
      const seek = clauses.find((c) => c.sql === `${column} = ?`);
      if (!seek) break;
      seeks.push(seek);
    }
    const base = combine(clauses.filter((c) => !seeks.includes(c)));
    const where = [segment.where, segment.indexWhere, ...seeks.map((c) => c.sql)].filter(Boolean).join(' AND ');
    const keys = segment.key ?? [];
    // With a key, the order is the key's: the index entries carry it, and rows are read only
    // where the filter needs their columns (by size, "taken from 2020": 26 000 entries, 91 → 8 ms).
    const byKey = keys.reduce((order, c, k) => order.replaceAll(`${c} `, `t.k${k} `), segment.orderBy);
    if (keys.length && !/(items|metadata)\./.test(byKey)) {
      const first = `SELECT ${[`${idColumn} AS tid`, ...keys.map((c, k) => `${c} AS k${k}`)].join(', ')} FROM ${table} INDEXED BY ${segment.index} ${where ? `WHERE ${where}` : ''} ORDER BY ${segment.orderBy} LIMIT ${budget}`;
      const joins = [base.needsItems ? 'CROSS JOIN items ON items.id = t.tid' : '', base.needsMetadata ? 'LEFT JOIN metadata ON metadata.item_id = t.tid' : ''].filter(Boolean).join(' ');
      const filter = base.sql.length ? `WHERE ${base.sql.join(' AND ').replaceAll('{ID}', 't.tid')}` : '';
      const rows = this.db
        .prepare(`SELECT ${['t.tid AS id', ...keys.map((_, k) => `t.k${k} AS k${k}`)].join(', ')} FROM (${first}) AS t ${joins} ${filter} ORDER BY ${byKey} LIMIT ? OFFSET ?`)
        .all(...segment.params, ...(segment.indexParams ?? []), ...seeks.flatMap((c) => c.params), ...base.params, limit, offset) as Record<string, number>[];
      return rows.map((r) => ({ id: r['id']!, key: keys.map((_, k) => r[`k${k}`]) }));
    }
    const first = `SELECT ${idColumn} AS tid FROM ${table} INDEXED BY ${segment.index} ${where ? `WHERE ${where}` : ''} ORDER BY ${segment.orderBy} LIMIT ${budget}`;
    const joinMetadata = base.needsMetadata || segment.needsMetadata || segment.driver === 'metadata';
    const from = `(${first}) AS t CROSS JOIN items ON items.id = t.tid${joinMetadata ? ' LEFT JOIN metadata ON metadata.item_id = items.id' : ''}`;
    const filter = base.sql.length ? `WHERE ${base.sql.join(' AND ').replaceAll('{ID}', 'items.id')}` : '';
    const rows = this.db
      .prepare(`SELECT ${['items.id AS id', ...keys.map((c, k) => `${c} AS k${k}`)].join(', ')} FROM ${from} ${filter} ORDER BY ${segment.orderBy} LIMIT ? OFFSET ?`)
      .all(...segment.params, ...(segment.indexParams ?? []), ...seeks.flatMap((c) => c.params), ...base.params, limit, offset) as Record<string, number>[];
    return rows.map((r) => ({ id: r['id']!, key: keys.map((_, k) => r[`k${k}`]) }));
  }

  /** A segment's condition for sorting its matches; `sortWhere` only where items are read anyway. */
  private sortWhere(segment: Segment, base: Condition, narrow: boolean): string {
    const where = segment.sortKeepsWhere && narrow ? segment.where : hideFromIndexes(segment.where);
    const readsItems = segment.driver === 'items' || base.needsItems;
    return segment.sortWhere && readsItems && this.hasItemsColumn(segment.sortWhere.column) ? [where, segment.sortWhere.sql].filter(Boolean).join(' AND ') : where;
  }

  /** The ids of a segment's piece, each with its sort key when the segment has one. */
  private segmentIds(base: Condition, segment: Segment, offset: number, limit: number, plan: 'planner' | 'walk' | 'sort', narrow = false): { id: number; key: unknown[] }[] {
    // To sort, the order's index must not be used at all: a unary + on its columns hides them.
    const seg = plan === 'sort' ? { ...segment, where: this.sortWhere(segment, base, narrow), orderBy: hideFromIndexes(segment.orderBy) } : segment;
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
  // A walk names its index, so says what that index needs (a partial index's condition).
  const forIndex = walk && segment?.index && segment.indexWhere ? segment : undefined;
  const clauses = [...base.sql, ...(segment?.where ? [segment.where] : []), ...(forIndex ? [forIndex.indexWhere!] : [])];
  const idColumn = segment?.driver === 'metadata' ? 'metadata.item_id' : 'items.id';
  const where = clauses.length ? `WHERE ${clauses.join(' AND ').replaceAll('{ID}', idColumn)}` : '';
  const params = [...base.params, ...(segment?.params ?? []), ...(forIndex?.indexParams ?? [])];
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
