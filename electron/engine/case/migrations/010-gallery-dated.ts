// Migration 010 — never edit once landed. Counting the date-taken sort's two segments (dated items,
// then the undated) under a filter on items, without reading metadata: items.dated is 1 when the
// item's metadata records a date taken, else 0 (no metadata row, or no date). Before it, "status
// New, by date" joined each of the ~136k known and ignorable items to its metadata row to tell
// (~95 ms at 10^6 items); with the dated items' statuses in an index the split is an index count.
// Kept current by triggers, whichever code path writes metadata (an ingest upserts it).
//
// metadata_gps_taken does the same for the has-GPS filter by date: located items' dates beside
// their location, so the split of the located few is counted from the index, not their rows.
export const up = `
ALTER TABLE items ADD COLUMN dated INTEGER NOT NULL DEFAULT 0;
UPDATE items SET dated = 1 WHERE id IN (SELECT item_id FROM metadata WHERE taken IS NOT NULL);

-- The dated items of each status, alone: "the known few that are dated" is counted from it.
-- Partial, so no other query of items is drawn to it (walking it by status would read the
-- matching rows in two runs, not one in id order).
CREATE INDEX items_dated_known_status ON items (known_status) WHERE dated = 1;
CREATE INDEX metadata_gps_taken ON metadata (gps_lat, taken) WHERE gps_lat IS NOT NULL;

CREATE TRIGGER items_dated_on_metadata_insert AFTER INSERT ON metadata
BEGIN
  UPDATE items SET dated = (new.taken IS NOT NULL) WHERE id = new.item_id;
END;

CREATE TRIGGER items_dated_on_metadata_update AFTER UPDATE OF item_id, taken ON metadata
BEGIN
  UPDATE items SET dated = 0 WHERE id = old.item_id AND old.item_id IS NOT new.item_id;
  UPDATE items SET dated = (new.taken IS NOT NULL) WHERE id = new.item_id;
END;

CREATE TRIGGER items_dated_on_metadata_delete AFTER DELETE ON metadata
BEGIN
  UPDATE items SET dated = 0 WHERE id = old.item_id;
END;
`;
