// Migration 007 — never edit once landed. Indexes that let the gallery's sorts and filters be
// served in order from an index at 10^6 items (electron/engine/case/gallery-paging.ts), and each
// item's near-duplicate cluster size, so "largest clusters first" is an index walk, not a sort.
//
// cluster_size is maintained with cluster_id: by refreshClusterSizes (gallery-paging.ts), which
// the matcher calls whenever it reassigns clusters. It is NULL outside a cluster.
export const up = `
ALTER TABLE items ADD COLUMN cluster_size INTEGER;
UPDATE items SET cluster_size = (SELECT count(*) FROM items AS c WHERE c.cluster_id = items.cluster_id)
  WHERE cluster_id IS NOT NULL;

-- Sort by size: (size, rowid) serves "size, id" in both directions.
CREATE INDEX items_size ON items (size);
-- Group by cluster: the largest clusters first, members of one cluster together, in id order.
CREATE INDEX items_cluster_order ON items (cluster_size DESC, cluster_id, id) WHERE cluster_id IS NOT NULL;
-- The folder filter: a prefix range on rel_path, in every evidence root at once.
CREATE INDEX items_rel_path ON items (rel_path);
-- The has-GPS filter (and, as its complement, has-no-GPS): only located items are in it.
CREATE INDEX metadata_gps ON metadata (gps_lat) WHERE gps_lat IS NOT NULL;
-- Group by camera: make, model and serial as recorded, then item id (metadata's rowid).
CREATE INDEX metadata_camera ON metadata (make, model, serial);
`;
