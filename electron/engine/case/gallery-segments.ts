// The gallery's orders as *segments*, each served in order by an index (gallery-paging.ts pages
// them): new-first is one segment per known status; the date-taken sort, dated items then the
// rest; and so on. Each says how it is counted on gallery_facets (migration 011) and which index
// walks it, overall and within the located items or one of the few statuses.
import type { ItemsFilter, ItemsSort } from '../../../shared/api/schemas.js';

export type KnownStatus = 'new' | 'known' | 'ignorable';

export const KNOWN_ORDER: readonly KnownStatus[] = ['new', 'known', 'ignorable'];

export interface Segment {
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
  /** The segment on gallery_facets (migration 011, read `AS items`), with the same params; '' is all of it. */
  facet?: string;
  /** The index of the same order over located items only (migration 011), walked under has-GPS. */
  locatedIndex?: string;
  /** The index of the same order within one known status (migration 011), walked under "Known" or "Ignorable". */
  statusIndex?: string;
  /** What a query must say for `index` to be usable (a partial index's condition, a leading column's value). */
  indexWhere?: string;
  indexParams?: unknown[];
  /**
   * Sorting keeps `where` visible to indexes when the segment is narrow: it selects a part of the
   * order's index (the known few) that is cheaper to read than every item.
   */
  sortKeepsWhere?: boolean;
  /**
   * The segment told by an items column (`column`: items.dated, camera_state) with a partial
   * index by status, added when sorting: the filter's matches in the segment are then found
   * from that index (items_dated_known_status, items_known_camera), not by reading every match's
   * metadata row ("status Known, type JPEG, by date": 60 → 26 ms).
   */
  sortWhere?: { sql: string; column: string };
  /**
   * The leading columns of `index`: a filter saying `column = ?` for a prefix of them (a camera
   * chosen in the overview) is where a walk of the index starts, not a test of every entry.
   */
  seekColumns?: readonly string[];
}

/**
 * The part of the case a filter confines the walk to, when migration 011 indexed each order
 * within it: located items (has-GPS), or one of the few statuses (a single Known or Ignorable;
 * new-first already walks each status). The filter's clause for it stays visible to indexes.
 */
export function walkedWithin(filter: ItemsFilter, sort: ItemsSort): { filter: ItemsFilter; narrow(s: Segment): Segment | undefined } | undefined {
  if (filter.hasGps === true) {
    return { filter: { hasGps: true }, narrow: (s) => (s.locatedIndex ? { ...s, index: s.locatedIndex, indexWhere: 'items.located = 1' } : undefined) };
  }
  const status = filter.knownStatus?.length === 1 ? filter.knownStatus[0]! : undefined;
  if (sort !== 'new-first' && (status === 'known' || status === 'ignorable')) {
    return {
      filter: { knownStatus: [status] },
      // The literal term makes the partial index usable; counts, which never say it, leave it alone.
      narrow: (s) => (s.statusIndex ? { ...s, index: s.statusIndex, indexWhere: `items.known_status <> 'new' AND items.known_status = ?`, indexParams: [status] } : undefined),
    };
  }
  return undefined;
}

export function segmentsFor(sort: ItemsSort, descending: boolean): Segment[] {
  const dir = descending ? 'DESC' : 'ASC';
  const onItems = { driver: 'items', needsMetadata: false, derived: false } as const;
  switch (sort) {
    case 'new-first':
      // Always all three (a status filter empties the others in page()); 'new' is the bulk of a
      // case: its size is derived, not counted.
      return KNOWN_ORDER.map((s) => ({
        ...onItems,
        where: 'items.known_status = ?',
        params: [s],
        orderBy: `items.id ${dir}`,
        derived: s === 'new',
        index: 'items_known_status',
        key: ['items.id'],
        facet: 'items.known_status = ?',
        locatedIndex: 'items_located',
        sortKeepsWhere: true,
      }));
    case 'taken':
      // Undated items last in both directions: a date is what the examiner sorted for. The
      // metadata_taken index holds (taken, item_id), so it serves "taken, item_id" without a sort.
      return [
        // items.dated (migration 010) tells the two apart without metadata, for counting.
        { driver: 'metadata', where: 'metadata.taken IS NOT NULL', params: [], orderBy: `metadata.taken ${dir}, metadata.item_id ${dir}`, needsMetadata: true, derived: false, index: 'metadata_taken', key: ['metadata.taken', 'metadata.item_id'], onItems: 'items.dated = 1', facet: 'items.dated = 1', sortWhere: { sql: 'items.dated = 1', column: 'dated' } },
        { ...onItems, where: 'metadata.taken IS NULL', params: [], orderBy: `items.id ${dir}`, needsMetadata: true, derived: true, key: ['items.id'], onItems: 'items.dated = 0', facet: 'items.dated = 0' },
      ];
    case 'path':
      // The (root_id, rel_path) unique index serves this order.
      return [{ ...onItems, where: '', params: [], orderBy: `items.root_id ${dir}, items.rel_path ${dir}`, derived: true, index: 'sqlite_autoindex_items_1', key: ['items.root_id', 'items.rel_path'], facet: '', locatedIndex: 'items_located_path', statusIndex: 'items_known_path' }];
    case 'size':
      // items_size (migration 007) holds (size, rowid): "size, id" in either direction.
      return [{ ...onItems, where: '', params: [], orderBy: `items.size ${dir}, items.id ${dir}`, derived: true, index: 'items_size', key: ['items.size', 'items.id'], facet: '', locatedIndex: 'items_located_size', statusIndex: 'items_known_size' }];
    case 'cluster': {
      // Members of a cluster together, the largest clusters first (descending: smallest first),
      // each cluster in id order: items_cluster_order (migration 007) is exactly this order.
      // Items in no cluster come last either way.
      const rev = descending ? { size: 'ASC', rest: 'DESC' } : { size: 'DESC', rest: 'ASC' };
      return [
        { ...onItems, where: 'items.cluster_id IS NOT NULL', params: [], orderBy: `items.cluster_size ${rev.size}, items.cluster_id ${rev.rest}, items.id ${rev.rest}`, index: 'items_cluster_order', facet: 'items.clustered = 1', locatedIndex: 'items_located_cluster_order' },
        { ...onItems, where: 'items.cluster_id IS NULL', params: [], orderBy: `items.id ${dir}`, derived: true, index: 'items_cluster', key: ['items.id'], facet: 'items.clustered = 0', locatedIndex: 'items_located_cluster' },
      ];
    }
    case 'camera': {
      // Items of one make, model and serial together, walked in metadata_camera's order
      // (migration 007). Items with no make recorded, then items with no metadata at all, come
      // last either way: no camera is not a camera.
      const order = `metadata.make ${dir}, metadata.model ${dir}, metadata.serial ${dir}, metadata.item_id ${dir}`;
      const onMetadata = { driver: 'metadata', orderBy: order, needsMetadata: true, derived: false, index: 'metadata_camera', seekColumns: ['metadata.make', 'metadata.model', 'metadata.serial'] } as const;
      return [
        // items.camera_state (migration 011) tells the three apart, for counting on gallery_facets.
        { ...onMetadata, where: 'metadata.make IS NOT NULL', params: [], facet: 'items.camera_state = 2', sortWhere: { sql: 'items.camera_state = 2', column: 'camera_state' } },
        { ...onMetadata, where: 'metadata.make IS NULL', params: [], facet: 'items.camera_state = 1' },
        { ...onItems, where: 'metadata.item_id IS NULL', params: [], orderBy: `items.id ${dir}`, needsMetadata: true, derived: true, key: ['items.id'], facet: 'items.camera_state = 0' },
      ];
    }
  }
}
