// Streams every item with its root and metadata in a stable order (root, then path), for exports.
import type { Db } from './db.js';

/** The metadata columns item queries return (metadata LEFT JOINed: has_metadata says if a row exists). */
export interface MetadataColumns {
  has_metadata: number;
  make: string | null;
  model: string | null;
  serial: string | null;
  lens: string | null;
  software: string | null;
  taken: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  gps_alt: number | null;
}

export interface ItemExportRow extends MetadataColumns {
  root_given: string;
  rel_path: string;
  size: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  mime: string | null;
  status: 'pending' | 'ok' | 'failed';
  error: string | null;
  notes: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  pdq: string | null;
  pdq_quality: number | null;
  known_status: 'new' | 'known' | 'ignorable';
  cluster_id: number | null;
  /** JSON array of this item's hash-set hits, or null when none. */
  known_json: string | null;
  /** The examiner's own category (migration 004) and the table it belongs to; null when not categorised. */
  examiner_category: number | null;
  examiner_profile: string | null;
  /** JSON array of the item's tag names, or null when untagged. */
  tags_json: string | null;
  /** How many clue regions are marked on the item. */
  regions: number;
  /** Metadata depth (migration 005): JSON columns as stored. */
  serials_json: string | null;
  lens_serial: string | null;
  owner: string | null;
  modified: string | null;
  shutter_count: number | null;
  edited_json: string | null;
  keywords_json: string | null;
  caption: string | null;
  creator: string | null;
  /** JSON array of the item's XMP sidecars: [{path, keywords_json}], or null when none. */
  sidecars_json: string | null;
}

export function iterateItemsForExport(db: Db): IterableIterator<ItemExportRow> {
  return db
    .prepare(
      `SELECT roots.given AS root_given, items.rel_path, items.size, items.md5, items.sha1, items.sha256,
         items.mime, items.status, items.error, items.notes, items.width, items.height, items.orientation,
         items.pdq, items.pdq_quality, (metadata.item_id IS NOT NULL) AS has_metadata,
         metadata.make, metadata.model, metadata.serial, metadata.lens, metadata.software, metadata.taken,
         metadata.gps_lat, metadata.gps_lon, metadata.gps_alt, items.known_status, items.cluster_id,
         (SELECT json_group_array(json_object('set', s.name, 'kind', s.kind, 'profile', s.profile,
                   'category', m.category, 'by', m.by, 'distance', m.distance))
            FROM matches m JOIN hashsets s ON s.id = m.set_id WHERE m.item_id = items.id) AS known_json,
         items.examiner_category, items.examiner_profile,
         CASE WHEN EXISTS (SELECT 1 FROM item_tags WHERE item_id = items.id) THEN
           (SELECT json_group_array(t.name) FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_id = items.id) END AS tags_json,
         (SELECT count(*) FROM regions WHERE item_id = items.id) AS regions,
         metadata.serials_json, metadata.lens_serial, metadata.owner, metadata.modified, metadata.shutter_count,
         metadata.edited_json, metadata.keywords_json, metadata.caption, metadata.creator,
         CASE WHEN EXISTS (SELECT 1 FROM sidecars WHERE item_id = items.id) THEN
           (SELECT json_group_array(json_object('path', si.rel_path, 'keywords_json', sm.keywords_json))
              FROM sidecars sc JOIN items si ON si.id = sc.sidecar_item_id LEFT JOIN metadata sm ON sm.item_id = si.id
              WHERE sc.item_id = items.id) END AS sidecars_json
       FROM items
       JOIN roots ON roots.id = items.root_id
       LEFT JOIN metadata ON metadata.item_id = items.id
       ORDER BY items.root_id, items.rel_path`,
    )
    .iterate() as IterableIterator<ItemExportRow>;
}
