// Migration 001 — never edit once landed; add a new numbered file instead.
// The first schema: evidence roots, one item per file (with its hashes), image metadata,
// walk notes (entries that are not items: symlinks, special files, unreadable folders),
// and ingest runs. Later migrations add hash sets, tags, annotations and the audit log.
export const up = `
CREATE TABLE case_info (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE roots (
  id        INTEGER PRIMARY KEY,
  given     TEXT NOT NULL UNIQUE,          -- the evidence root exactly as the examiner gave it
  real_path TEXT NOT NULL,                 -- its realpath when added
  added_at  TEXT NOT NULL
) STRICT;

CREATE TABLE items (
  id           INTEGER PRIMARY KEY,
  root_id      INTEGER NOT NULL REFERENCES roots(id),
  rel_path     TEXT NOT NULL,              -- relative to the root, '/'-separated
  size         INTEGER NOT NULL,           -- size seen by the walk; replaced by bytes read when processed
  mtime_ms     REAL,
  ctime_ms     REAL,
  birthtime_ms REAL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'failed')),
  error        TEXT,                       -- why it failed (status = 'failed')
  notes        TEXT,                       -- non-fatal problems, newline-separated (partly decoded, size changed while read)
  mime         TEXT,
  md5          TEXT,
  sha1         TEXT,
  sha256       TEXT,
  width        INTEGER,
  height       INTEGER,
  orientation  INTEGER,
  has_thumb    INTEGER NOT NULL DEFAULT 0,
  pdq          TEXT,                       -- 64 hex chars over the stored pixels (before orientation)
  pdq_quality  INTEGER,
  processed_at TEXT,
  hash_only    INTEGER NOT NULL DEFAULT 0, -- processed by a triage (--hash-only) run: a full run redoes it
  UNIQUE (root_id, rel_path)
) STRICT;

CREATE INDEX items_status ON items (status);
CREATE INDEX items_md5 ON items (md5);
CREATE INDEX items_sha1 ON items (sha1);
CREATE INDEX items_sha256 ON items (sha256);
CREATE INDEX items_mime ON items (mime);

CREATE TABLE metadata (
  item_id    INTEGER PRIMARY KEY REFERENCES items(id),
  make       TEXT,
  model      TEXT,
  serial     TEXT,
  lens       TEXT,
  software   TEXT,
  taken      TEXT,                          -- as recorded, ISO 8601, offset only when recorded
  gps_lat    REAL,
  gps_lon    REAL,
  gps_alt    REAL,
  tags_json  TEXT,                          -- every tag read, grouped by block, bounded
  warnings   TEXT                           -- newline-separated parser warnings
) STRICT;

CREATE INDEX metadata_serial ON metadata (serial);
CREATE INDEX metadata_make_model ON metadata (make, model);
CREATE INDEX metadata_taken ON metadata (taken);

CREATE TABLE walk_notes (
  id       INTEGER PRIMARY KEY,
  root_id  INTEGER NOT NULL REFERENCES roots(id),
  rel_path TEXT NOT NULL,
  kind     TEXT NOT NULL,                   -- symlink | special | unreadable | too-deep | ...
  reason   TEXT NOT NULL,
  UNIQUE (root_id, rel_path, kind)
) STRICT;

CREATE TABLE ingest_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  roots_json  TEXT NOT NULL,
  files_done  INTEGER NOT NULL DEFAULT 0,
  files_failed INTEGER NOT NULL DEFAULT 0,
  bytes_done  INTEGER NOT NULL DEFAULT 0,
  interrupted INTEGER NOT NULL DEFAULT 0
) STRICT;
`;
