// Migration 004 — never edit once landed. The examiner's own work on a case: the category they
// give an item (separate from the categories hash sets carry, which stay in `matches`), free tags,
// and clue regions marked on images. Every change to these is also an audit entry
// (electron/engine/review/, DESIGN.md "Integrity").
//
// Region geometry is in fractions (0..1) of the image *as displayed*: after its EXIF orientation
// is applied, the way the thumbnail, the viewer and a crop all see it. Fractions survive any
// rendering size; crops convert them back to pixels of the oriented full image.
export const up = `
ALTER TABLE items ADD COLUMN examiner_category INTEGER;   -- NULL = not categorised by the examiner
ALTER TABLE items ADD COLUMN examiner_profile TEXT;       -- the category table the number belongs to
CREATE INDEX items_examiner_category ON items (examiner_category) WHERE examiner_category IS NOT NULL;

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE item_tags (
  item_id INTEGER NOT NULL REFERENCES items(id),
  tag_id  INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (tag_id, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX item_tags_item ON item_tags (item_id);

CREATE TABLE regions (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id),
  type       TEXT NOT NULL CHECK (type IN ('background', 'object', 'text', 'logo', 'clothing', 'furniture', 'vehicle', 'landmark', 'other')),
  x          REAL NOT NULL CHECK (x >= 0 AND x < 1),
  y          REAL NOT NULL CHECK (y >= 0 AND y < 1),
  w          REAL NOT NULL CHECK (w > 0 AND x + w <= 1.000001),
  h          REAL NOT NULL CHECK (h > 0 AND y + h <= 1.000001),
  label      TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX regions_item ON regions (item_id);
CREATE INDEX regions_type ON regions (type, id);
`;
