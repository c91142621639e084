// Migration 003 — never edit once landed. The audit log: one row per state change, each row's
// hash covering the previous row's hash, so any edit of history is detectable
// (electron/engine/audit/audit-log.ts defines the hash; DESIGN.md "Integrity").
//
// The triggers make the table append-only for every honest code path and for a careless hand
// with a SQL tool. They are not the protection: anyone with sqlite3 can DROP TRIGGER and then
// edit freely. What survives that is the hash chain (an edited, removed, reordered or inserted
// row no longer links) and the chain's head and length kept in case_info on every append (so
// removing the last rows is seen too) — and, against someone who recomputes all of it, the head
// hash that `lanterne verify` prints for the examiner to quote in a report kept outside the case.
export const up = `
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,          -- 1, 2, 3, ... without gaps: a gap is a removed entry
  at        TEXT NOT NULL,                -- ISO 8601, UTC
  actor     TEXT NOT NULL,                -- the OS user name
  action    TEXT NOT NULL,                -- case.created, ingest.started, item.revealed, ...
  details   TEXT NOT NULL,                -- canonical JSON (electron/engine/audit/canonical-json.ts)
  prev_hash TEXT NOT NULL,                -- the previous entry's hash; 64 zeros for entry 1
  hash      TEXT NOT NULL UNIQUE          -- SHA-256, lowercase hex; UNIQUE also indexes it, to name a moved entry
) STRICT;

-- A case that existed before this migration (openCase has always recorded created_at) begins its
-- log here, with an audit.started entry. Noting that lets verify tell it from a case created with a
-- log whose entries were all removed and which then restarted.
INSERT INTO case_info (key, value)
SELECT 'audit_started_by_migration', '1' WHERE EXISTS (SELECT 1 FROM case_info WHERE key = 'created_at');

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit entries are append-only: they are never updated');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit entries are append-only: they are never deleted');
END;

-- The chain's recorded head and length (keys audit_head, audit_count) only ever move forward.
CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON case_info
WHEN old.key IN ('audit_head', 'audit_count')
BEGIN
  SELECT RAISE(ABORT, 'the audit log''s recorded head is never deleted');
END;

CREATE TRIGGER audit_anchor_forward_only BEFORE UPDATE ON case_info
WHEN old.key = 'audit_count' AND CAST(new.value AS INTEGER) <= CAST(old.value AS INTEGER)
BEGIN
  SELECT RAISE(ABORT, 'the audit log''s recorded length only grows');
END;
`;
