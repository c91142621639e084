// Migration 002 — never edit once landed. Known-material hash sets, their entries, the matches
// of case items against them, and each item's known-status and near-duplicate cluster.
// Entry hashes are BLOBs (16/20/32 bytes): half the size of hex, and an NSRL set has tens of
// millions of rows.
export const up = `
CREATE TABLE hashsets (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('known', 'ignorable')),
  format           TEXT NOT NULL,
  version          TEXT,
  profile          TEXT,                    -- category table: Default, US, UK, CUSTOM
  default_category INTEGER,                 -- --category, for sets that carry none
  source_path      TEXT NOT NULL,
  source_sha256    TEXT NOT NULL,
  source_size      INTEGER NOT NULL,
  imported_at      TEXT NOT NULL,
  records          INTEGER NOT NULL DEFAULT 0,
  skipped          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE hashset_entries (
  id         INTEGER PRIMARY KEY,
  set_id     INTEGER NOT NULL REFERENCES hashsets(id) ON DELETE CASCADE,
  md5        BLOB,
  sha1       BLOB,
  sha256     BLOB,
  pdq        BLOB,
  size       INTEGER,
  category   INTEGER,                       -- the raw number in the set; NULL = uncategorised
  file_name  TEXT,
  photo_dna  TEXT,                          -- carried through unchanged, never computed
  media_id   TEXT,
  series     TEXT,
  location   TEXT                           -- 'line 12' / 'record 3': provenance inside the file
) STRICT;

CREATE INDEX hashset_entries_set ON hashset_entries (set_id);
CREATE INDEX hashset_entries_md5 ON hashset_entries (md5) WHERE md5 IS NOT NULL;
CREATE INDEX hashset_entries_sha1 ON hashset_entries (sha1) WHERE sha1 IS NOT NULL;
CREATE INDEX hashset_entries_sha256 ON hashset_entries (sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE matches (
  item_id     INTEGER NOT NULL REFERENCES items(id),
  set_id      INTEGER NOT NULL REFERENCES hashsets(id) ON DELETE CASCADE,
  entry_id    INTEGER,                       -- the set's entry hit (exact, or PDQ from the set)
  via_item_id INTEGER,                       -- PDQ hit on a case item that is itself known exactly
  by          TEXT NOT NULL CHECK (by IN ('md5', 'sha1', 'sha256', 'pdq')),
  distance    INTEGER NOT NULL DEFAULT 0,
  category    INTEGER
) STRICT;

CREATE INDEX matches_item ON matches (item_id);
CREATE INDEX matches_set ON matches (set_id);

ALTER TABLE items ADD COLUMN known_status TEXT NOT NULL DEFAULT 'new' CHECK (known_status IN ('new', 'known', 'ignorable'));
ALTER TABLE items ADD COLUMN cluster_id INTEGER;
ALTER TABLE items ADD COLUMN pdq_dihedral BLOB;   -- the 8 dihedral PDQ variants, 8 × 32 bytes
-- Un-blurring a known item is an explicit act with a reason, for one item, for a limited time.
CREATE TABLE reveals (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id),
  reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX reveals_item ON reveals (item_id, expires_at);

CREATE INDEX items_known_status ON items (known_status);
CREATE INDEX items_cluster ON items (cluster_id);
`;
