// The gallery's filter as SQL clauses on items and metadata (gallery-paging.ts assembles them).
// Every clause can be served by an index: ranges instead of LIKE, and subqueries on item_tags
// and regions that yield item ids rather than being re-run for every row.
//
// A *broad* clause — one most of a case passes: new material, images, no serial, not yet
// categorised, no clues — carries its exact complement, which few items pass and an index
// finds. Counting "broad AND rest" as count(rest) − count(complement AND rest) then touches only
// the few, where a direct count would read most of the case's rows (0.3–2 s at 10^6 items).
import type { ItemsFilter } from '../../../shared/api/schemas.js';

export interface Clause {
  sql: string;
  params: unknown[];
  /** Whose columns it reads; 'ids' reads only the item id, written `{ID}` (whichever table drives). */
  table: 'items' | 'metadata' | 'ids';
  /**
   * False for a metadata clause that items without a metadata row pass too (`serial IS NULL`
   * through the LEFT JOIN): such a clause cannot be counted on metadata alone.
   */
  nullRejecting: boolean;
  /** For a broad clause: the rows it leaves out, exactly (NULLs included). */
  complement?: Clause;
  /**
   * The same clause on gallery_facets (migration 011, read `AS items`), with the same params:
   * set when the clause tests only columns the facets hold, so a count under it is a sum there.
   */
  facet?: string;
}

const onItems = (sql: string, params: unknown[] = [], complement?: Clause): Clause => ({ sql, params, table: 'items', nullRejecting: true, complement });
/** A clause on items' columns that gallery_facets holds too (by the same names): its facet form is itself. */
const onFacetColumns = (sql: string, params: unknown[] = [], complement?: Clause): Clause => ({ ...onItems(sql, params, complement), facet: sql });
const onMetadata = (sql: string, params: unknown[] = [], complement?: Clause, nullRejecting = true): Clause => ({
  sql,
  params,
  table: 'metadata',
  nullRejecting,
  complement,
});
const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');

const ITEM_STATUSES = ['pending', 'ok', 'failed'] as const;
const KNOWN_STATUSES = ['new', 'known', 'ignorable'] as const;

/**
 * The filter's clauses. `knownStatus` is left out when the sort's segments already select the
 * statuses (new-first), so that counting it costs nothing. `locatedOnItems`: items.located exists
 * (migration 011), so has-GPS is a clause on items, served by its located partial indexes.
 */
export function filterClauses(
  filter: ItemsFilter,
  options: { statusInSegments: boolean; locatedOnItems?: boolean; searchHits?: string; statusIndexed?: boolean },
): Clause[] {
  const clauses: Clause[] = [];
  if (filter.knownStatus && !options.statusInSegments) {
    const others = KNOWN_STATUSES.filter((s) => !filter.knownStatus!.includes(s));
    // 'new' is the bulk of a case: a set holding it is broad, its complement the known few.
    const complement = filter.knownStatus.includes('new') && others.length ? onItems(`items.known_status IN (${marks(others)})`, others) : undefined;
    // Without 'new', in a folder or alone under an order indexed by status (`statusIndexed`: path,
    // size), the literal term makes migration 011's partial indexes on the known few usable:
    // items_known_path covers "Known, only this folder" (a count: 55 → 3 ms at 10^6),
    // items_known_size sorting "Known and Ignorable" by size (84 → 9 ms). Not otherwise: SQLite
    // would prefer those indexes to better ones (has-GPS's located indexes: 40 → 196 ms; a deep
    // page by date: 51 → 116 ms).
    const alone = options.statusIndexed && Object.entries(filter).every(([key, value]) => key === 'knownStatus' || value === undefined);
    const few = filter.knownStatus.includes('new') || !(alone || filter.folder?.replace(/^\/+|\/+$/g, '')) ? '' : `items.known_status <> 'new' AND `;
    clauses.push(onFacetColumns(`${few}items.known_status IN (${marks(filter.knownStatus)})`, filter.knownStatus, complement));
  }
  if (filter.status) {
    const others = ITEM_STATUSES.filter((s) => !filter.status!.includes(s));
    const complement = filter.status.includes('ok') && others.length ? onItems(`items.status IN (${marks(others)})`, others) : undefined;
    clauses.push(onFacetColumns(`items.status IN (${marks(filter.status)})`, filter.status, complement));
  }
  if (filter.mimePrefix) {
    // A range, not LIKE: the items_mime index serves it and it is exact about case. Images are
    // most of an evidence folder; other types are few.
    const end = prefixEnd(filter.mimePrefix);
    const complement = filter.mimePrefix.startsWith('image/')
      ? onItems('(items.mime IS NULL OR items.mime < ? OR items.mime >= ?)', [filter.mimePrefix, end])
      : undefined;
    clauses.push(onFacetColumns('items.mime >= ? AND items.mime < ?', [filter.mimePrefix, end], complement));
  }
  for (const [key, column] of [['cameraMake', 'metadata.make'], ['cameraModel', 'metadata.model'], ['cameraSerial', 'metadata.serial']] as const) {
    const value = filter[key];
    if (value === undefined) continue;
    if (value === null) clauses.push(onMetadata(`${column} IS NULL`, [], onMetadata(`${column} IS NOT NULL`), false));
    else clauses.push(onMetadata(`${column} = ?`, [value]));
  }
  if (filter.hasGps !== undefined) {
    // items.located (migration 011) says it on items; before it, metadata_gps (migration 007) holds
    // only located items.
    if (options.locatedOnItems) {
      clauses.push(filter.hasGps ? onFacetColumns('items.located = 1') : onFacetColumns('items.located = 0', [], onItems('items.located = 1')));
    } else {
      const located = onMetadata('metadata.gps_lat IS NOT NULL');
      clauses.push(filter.hasGps ? located : onMetadata('metadata.gps_lat IS NULL', [], located, false));
    }
  }
  if (filter.takenFrom !== undefined || filter.takenTo !== undefined) {
    // Dates compare as recorded text ("2021-07-04T13:22:10+02:00"): a day is the range from its
    // own string up to the next day's, never converted to another time zone.
    const from = filter.takenFrom ?? '';
    if (filter.takenTo !== undefined) clauses.push(onMetadata('metadata.taken >= ? AND metadata.taken < ?', [from, nextDay(filter.takenTo)]));
    else clauses.push(onMetadata('metadata.taken >= ?', [from]));
  }
  if (filter.examinerCategory) {
    const codes = filter.examinerCategory.filter((c): c is number => c !== null);
    const inCodes = codes.length ? `items.examiner_category IN (${marks(codes)})` : null;
    if (filter.examinerCategory.includes(null)) {
      // Not categorised is nearly everything; the categorised few are in items_examiner_category.
      const complement = onItems(`items.examiner_category IS NOT NULL${inCodes ? ` AND items.examiner_category NOT IN (${marks(codes)})` : ''}`, codes);
      clauses.push(onFacetColumns(inCodes ? `(${inCodes} OR items.examiner_category IS NULL)` : 'items.examiner_category IS NULL', codes, complement));
    } else clauses.push(onFacetColumns(inCodes!, codes));
  }
  if (filter.tag !== undefined) {
    // tags.name is COLLATE NOCASE: "Car" finds "car". The (tag_id, item_id) key lists the items.
    clauses.push(onItems('items.id IN (SELECT item_tags.item_id FROM item_tags WHERE item_tags.tag_id = (SELECT tags.id FROM tags WHERE tags.name = ?))', [filter.tag]));
  }
  if (filter.folder !== undefined) {
    // A range on items_rel_path: 'a/b/' <= rel_path < 'a/b0' ('0' follows '/'), exact about case;
    // subfolders included, a sibling 'a/bc' not. The root folder is every item.
    const folder = filter.folder.replace(/^\/+|\/+$/g, '');
    if (folder) clauses.push(onItems('items.rel_path >= ? AND items.rel_path < ?', [`${folder}/`, `${folder}0`]));
  }
  if (filter.cluster !== undefined) clauses.push(onItems('items.cluster_id = ?', [filter.cluster]));
  if (filter.hasRegions !== undefined) {
    const marked = onItems('items.id IN (SELECT regions.item_id FROM regions)');
    clauses.push(filter.hasRegions ? marked : onItems('items.id NOT IN (SELECT regions.item_id FROM regions)', [], marked));
  }
  const text = filter.text?.trim();
  if (text) clauses.push(options.searchHits ? hitsClause(options.searchHits) : textClause(text));
  // An index on a broad clause's column is the worst way into the case (it lists nearly all of
  // it), yet without statistics SQLite favours an equality: keep it from choosing one.
  return clauses.map((c) => (c.complement ? { ...c, sql: hideFromIndexes(c.sql) } : c));
}

/**
 * Text search over the path and the metadata strings (migration 009's trigram index): the rows
 * holding every trigram of the text (an FTS5 query: fast, even for a text as common as "IMG_1"),
 * then instr() keeps only those holding the text itself, case-insensitive for ASCII. Texts
 * shorter than a trigram use LIKE, which FTS5 answers by reading every row.
 *
 * LIKE '%IMG_1%' was slow on common texts: '_' is a LIKE wildcard, so only the trigram "img",
 * in most rows, could be used (0.3 s at 10^6 items, per statement; MATCH: 30 ms).
 */
function textClause(text: string): Clause {
  const hits = searchHitsSql(text);
  return { sql: `{ID} IN (${hits.sql})`, params: hits.params, table: 'ids', nullRejecting: true };
}

/**
 * The ids of the items whose search text holds `text` (see textClause): one pass over item_search.
 * `viaContent` reads each candidate's text from FTS5's content table (item_search_content: id, c0)
 * rather than through the virtual table, which costs twice as much per row (77 k candidates at
 * 10^6 items: 50 → 23 ms). It names FTS5's own storage, so the caller must be ready for it to fail.
 */
export function searchHitsSql(text: string, viaContent = false): { sql: string; params: unknown[] } {
  const chars = Array.from(text);
  const trigrams = new Set(chars.slice(2).map((_, i) => chars.slice(i, i + 3).join('')));
  const test = trigrams.size
    ? { sql: 'item_search MATCH ?', param: [...trigrams].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ') }
    : { sql: 'text LIKE ?', param: `%${text}%` };
  if (viaContent && trigrams.size) {
    return {
      sql: `SELECT c.id FROM item_search CROSS JOIN item_search_content AS c ON c.id = item_search.rowid WHERE ${test.sql} AND instr(lower(c.c0), ?) > 0`,
      params: [test.param, text.toLowerCase()],
    };
  }
  return { sql: `SELECT rowid FROM item_search WHERE ${test.sql} AND instr(lower(text), ?) > 0`, params: [test.param, text.toLowerCase()] };
}

/**
 * The text search as a lookup in a temp table already holding its hits (gallery-search.ts): the
 * table's rowids are the item ids, so each test is a seek, and no statement lists the hits again.
 */
function hitsClause(table: string): Clause {
  return { sql: `{ID} IN (SELECT id FROM temp.${table})`, params: [], table: 'ids', nullRejecting: true };
}

/** `items.size ASC` → `+items.size ASC`: the same value, which no index can serve. */
export function hideFromIndexes(sql: string): string {
  return sql.replace(/(?<![+\w.])(items|metadata)\./g, '+$1.');
}

/** Undoes hideFromIndexes: for a broad-looking clause that the counts show to be narrow. */
export function showToIndexes(sql: string): string {
  return sql.replace(/\+(items|metadata)\./g, '$1.');
}

/** The least string greater than every string starting with `prefix` (ASCII prefixes only). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** "2021-07-04" → "2021-07-05" (calendar arithmetic in UTC, so no daylight-saving day is lost). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
