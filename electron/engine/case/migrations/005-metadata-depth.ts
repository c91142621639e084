// Migration 005 — never edit once landed. Metadata depth (issue 8): every serial number by
// source, lens serial, owner, modify date, shutter count, descriptive fields (IPTC/XMP), edit
// traces; cameras (one row per body, linked by serial) with items.camera_id; XMP sidecar links.
export const up = `
ALTER TABLE metadata ADD COLUMN serials_json TEXT;          -- [{kind, value, source}], every serial found
ALTER TABLE metadata ADD COLUMN lens_serial TEXT;
ALTER TABLE metadata ADD COLUMN owner TEXT;                 -- camera owner name set in the camera
ALTER TABLE metadata ADD COLUMN modified TEXT;              -- IFD0 ModifyDate, as recorded
ALTER TABLE metadata ADD COLUMN shutter_count INTEGER;
ALTER TABLE metadata ADD COLUMN keywords_json TEXT;         -- IPTC Keywords + XMP dc:subject
ALTER TABLE metadata ADD COLUMN caption TEXT;
ALTER TABLE metadata ADD COLUMN creator TEXT;
ALTER TABLE metadata ADD COLUMN copyright TEXT;
ALTER TABLE metadata ADD COLUMN edited_json TEXT;           -- EditTraces (shared/model.ts)
ALTER TABLE metadata ADD COLUMN possibly_edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE metadata ADD COLUMN is_sidecar INTEGER NOT NULL DEFAULT 0;  -- the item is an XMP sidecar file

-- One row per camera body: the same make, model and serial anywhere in the case (any evidence
-- root) is one camera. Canon and others number bodies per model, so the model is part of the key.
CREATE TABLE cameras (
  id          INTEGER PRIMARY KEY,
  make        TEXT,
  model       TEXT,
  serial      TEXT NOT NULL,
  serial_kind TEXT NOT NULL CHECK (serial_kind IN ('body', 'internal')),
  link_key    TEXT NOT NULL UNIQUE            -- lower(make) | model | serial
) STRICT;

ALTER TABLE items ADD COLUMN camera_id INTEGER REFERENCES cameras(id);
CREATE INDEX items_camera ON items (camera_id);
CREATE INDEX metadata_possibly_edited ON metadata (possibly_edited) WHERE possibly_edited = 1;

-- Cases ingested before this migration: their one recorded serial (metadata.serial, the best
-- body serial) links their cameras now; a re-ingest adds maker-note and internal serials.
-- Serials of only zeros, spaces, '#' and '-' are placeholders and link nothing.
INSERT INTO cameras (make, model, serial, serial_kind, link_key)
SELECT make, model, serial, 'body', lower(trim(coalesce(make, ''))) || '|' || trim(coalesce(model, '')) || '|' || serial
FROM metadata WHERE serial IS NOT NULL AND trim(serial, '0 #-') <> ''
GROUP BY lower(trim(coalesce(make, ''))), trim(coalesce(model, '')), serial;
UPDATE items SET camera_id = (
  SELECT c.id FROM metadata m JOIN cameras c
    ON c.link_key = lower(trim(coalesce(m.make, ''))) || '|' || trim(coalesce(m.model, '')) || '|' || m.serial
  WHERE m.item_id = items.id)
WHERE id IN (SELECT item_id FROM metadata WHERE serial IS NOT NULL);

-- An XMP sidecar (IMG_1.xmp or IMG_1.jpg.xmp) next to its image, associated by base name.
CREATE TABLE sidecars (
  item_id         INTEGER NOT NULL REFERENCES items(id),
  sidecar_item_id INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY (item_id, sidecar_item_id)
) STRICT;
CREATE INDEX sidecars_sidecar ON sidecars (sidecar_item_id);
`;
