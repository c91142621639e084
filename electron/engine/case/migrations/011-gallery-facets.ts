// Migration 011 — never edit once landed. The gallery's counts from a table of a few hundred rows
// instead of the case's million: a filter or sort change needs the size of every segment of the
// new order under the new filter (the grid's scrollbar), and counting those from items — even
// through indexes and complements (gallery-filter-sql.ts) — cost 100–1300 ms at 10^6 items for
// combinations the toolbar offers ("status New, type HEIC, grouped by near-duplicates").
//
// gallery_facets holds how many items share each combination of the columns the toolbar filters
// on and the sorts split on: known status, status, type, the examiner's category, located,
// dated, clustered, and what metadata says of the camera. A count under any filter on those is a
// sum over its rows (gallery-paging.ts). Kept by triggers on items, whichever code path writes
// (walk, ingest, matcher, review, redaction); items' own located and camera_state follow
// metadata by triggers, as items.dated does since migration 010.
//
// items.located also lets the has-GPS filter be a clause on items, walked in the located
// partial indexes below.
//
// camera_state: 0 no metadata row, 1 a metadata row without a make, 2 a make recorded — the
// three segments of the camera grouping.
const KEY = (r: string) =>
  `json_array(${r}.known_status, ${r}.status, ${r}.mime, ${r}.examiner_category, ${r}.located, ${r}.dated, ${r}.cluster_id IS NOT NULL, ${r}.camera_state)`;
const COLUMNS = 'key, known_status, status, mime, examiner_category, located, dated, clustered, camera_state, n';
const ROW = (r: string) =>
  `${KEY(r)}, ${r}.known_status, ${r}.status, ${r}.mime, ${r}.examiner_category, ${r}.located, ${r}.dated, ${r}.cluster_id IS NOT NULL, ${r}.camera_state`;
const FACET_COLUMNS = ['known_status', 'status', 'mime', 'examiner_category', 'located', 'dated', 'cluster_id', 'camera_state'];

export const up = `
ALTER TABLE items ADD COLUMN located INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN camera_state INTEGER NOT NULL DEFAULT 0;
UPDATE items SET located = metadata.gps_lat IS NOT NULL, camera_state = CASE WHEN metadata.make IS NULL THEN 1 ELSE 2 END
  FROM metadata WHERE metadata.item_id = items.id;

CREATE TABLE gallery_facets (
  key               TEXT PRIMARY KEY,   -- the json_array of the columns below: NULLs included
  known_status      TEXT NOT NULL,
  status            TEXT NOT NULL,
  mime              TEXT,
  examiner_category INTEGER,
  located           INTEGER NOT NULL,
  dated             INTEGER NOT NULL,
  clustered         INTEGER NOT NULL,
  camera_state      INTEGER NOT NULL,
  n                 INTEGER NOT NULL
) STRICT;

INSERT INTO gallery_facets (${COLUMNS})
SELECT ${ROW('items')}, count(*) FROM items GROUP BY 1;

-- The has-GPS filter keeps about one item in eight: too many to read and sort (0.2–0.3 s at 10^6
-- items), too few to find quickly by walking a whole order's index. Each order the pager walks
-- has its located part here, small (located items only), so "has GPS" under it is a walk too.
CREATE INDEX items_located ON items (known_status) WHERE located = 1;
CREATE INDEX items_located_size ON items (size) WHERE located = 1;
CREATE INDEX items_located_path ON items (root_id, rel_path) WHERE located = 1;
CREATE INDEX items_located_cluster_order ON items (cluster_size DESC, cluster_id, id) WHERE located = 1 AND cluster_id IS NOT NULL;
CREATE INDEX items_located_cluster ON items (cluster_id) WHERE located = 1;
-- Likewise "Known" or "Ignorable" (5–8 % of a case) by size or path (partial, and named only by
-- the walks that say known_status <> 'new': counting under a status is better served by
-- items_known_status and items_located); and within the camera grouping's first segment (a make
-- recorded), found without reading every match's metadata.
CREATE INDEX items_known_size ON items (known_status, size) WHERE known_status <> 'new';
CREATE INDEX items_known_path ON items (known_status, root_id, rel_path) WHERE known_status <> 'new';
CREATE INDEX items_known_camera ON items (known_status) WHERE camera_state = 2;

-- One trigger per metadata event keeps dated (migration 010's, replaced), located and camera_state.
DROP TRIGGER items_dated_on_metadata_insert;
DROP TRIGGER items_dated_on_metadata_update;
DROP TRIGGER items_dated_on_metadata_delete;

CREATE TRIGGER items_metadata_state_on_insert AFTER INSERT ON metadata
BEGIN
  UPDATE items SET dated = (new.taken IS NOT NULL), located = (new.gps_lat IS NOT NULL), camera_state = CASE WHEN new.make IS NULL THEN 1 ELSE 2 END
  WHERE id = new.item_id;
END;

CREATE TRIGGER items_metadata_state_on_update AFTER UPDATE OF item_id, taken, gps_lat, make ON metadata
BEGIN
  UPDATE items SET dated = 0, located = 0, camera_state = 0 WHERE id = old.item_id AND old.item_id IS NOT new.item_id;
  UPDATE items SET dated = (new.taken IS NOT NULL), located = (new.gps_lat IS NOT NULL), camera_state = CASE WHEN new.make IS NULL THEN 1 ELSE 2 END
  WHERE id = new.item_id;
END;

CREATE TRIGGER items_metadata_state_on_delete AFTER DELETE ON metadata
BEGIN
  UPDATE items SET dated = 0, located = 0, camera_state = 0 WHERE id = old.item_id;
END;

CREATE TRIGGER gallery_facets_on_item_insert AFTER INSERT ON items
BEGIN
  INSERT INTO gallery_facets (${COLUMNS}) VALUES (${ROW('new')}, 1)
  ON CONFLICT (key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER gallery_facets_on_item_update AFTER UPDATE OF ${FACET_COLUMNS.join(', ')} ON items
WHEN ${FACET_COLUMNS.map((c) => (c === 'cluster_id' ? `(old.cluster_id IS NULL) <> (new.cluster_id IS NULL)` : `old.${c} IS NOT new.${c}`)).join(' OR ')}
BEGIN
  UPDATE gallery_facets SET n = n - 1 WHERE key = ${KEY('old')};
  INSERT INTO gallery_facets (${COLUMNS}) VALUES (${ROW('new')}, 1)
  ON CONFLICT (key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER gallery_facets_on_item_delete AFTER DELETE ON items
BEGIN
  UPDATE gallery_facets SET n = n - 1 WHERE key = ${KEY('old')};
END;
`;
