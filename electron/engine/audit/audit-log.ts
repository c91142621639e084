// The case's audit log: every state change appended as one entry whose hash covers the previous
// entry's hash (DESIGN.md "Integrity", issue 6). The hash of entry n is
//
//   hash(n) = SHA-256( prev_hash ‖ canonical JSON of {"action","actor","at","details","id"} )
//
// where prev_hash is hash(n-1) written as 64 lowercase hex characters (64 zeros for entry 1), ‖ is
// plain concatenation of text, the JSON is canonical-json.ts's form (sorted keys, no whitespace)
// and the hashed bytes are that text's UTF-8. The digest is stored as lowercase hex. So anyone can
// recompute an entry without Lanterne, e.g. for ASCII-only entries:
//
//   sqlite3 case.sqlite "SELECT prev_hash || json_object('action',action,'actor',actor,'at',at,
//     'details',json(details),'id',id) FROM audit WHERE id = 5" | tr -d '\n' | sha256sum
//
// What the chain detects: an edited entry (its hash no longer matches), a removed one (a gap in the
// ids, or the next entry no longer links), reordered or inserted ones (they link to the wrong
// entry), removed last entries (case_info keeps the chain's length and head, updated with every
// append) and removed first ones (entry 1 must be case.created, or audit.started in a case that
// migration 003 found already existing). What it cannot detect alone: someone who rewrites the whole chain and case_info with a
// script — nothing stored only inside the case can. Against that, verify prints the head hash for a
// report kept outside the case; a later head that does not descend from it exposes the rewrite.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { AuditQueries, type AuditRow } from '../case/audit-queries.js';
import type { Db } from '../case/db.js';
import { canonicalJson, type JsonObject, type JsonValue } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Every kind of entry. Add new actions here, so a typo does not start a new kind of history. */
export type AuditAction =
  | 'case.created'
  | 'audit.started'
  | 'evidence.added'
  | 'ingest.started'
  | 'ingest.finished'
  | 'hashset.imported'
  | 'hashset.removed'
  | 'item.revealed'
  | 'item.categorised'
  | 'item.tagged'
  | 'item.untagged'
  | 'region.added'
  | 'region.edited'
  | 'region.removed'
  | 'export.written'
  | 'case.redacted'
  | 'demo.created'
  | 'case.verified';

export type AuditEntry = AuditRow;

export type ChainVerification =
  | { ok: true; entries: number; head: string | null }
  | { ok: false; entries: number; head: string | null; firstBroken: { id: number; reason: string } };

const PAGE = 1000;

/** The hash of one entry, exactly as documented at the top of this file. */
export function entryHash(
  prevHash: string,
  entry: { id: number; at: string; actor: string; action: string; details: JsonValue },
): string {
  const text = canonicalJson({ action: entry.action, actor: entry.actor, at: entry.at, details: entry.details, id: entry.id });
  return createHash('sha256').update(prevHash + text, 'utf8').digest('hex');
}

/** The OS user running Lanterne; a user without a passwd entry (some containers) falls back to the environment. */
export function currentActor(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

/**
 * Appends one entry. Inside the caller's transaction when there is one (better-sqlite3 nests it as
 * a savepoint), so the change and its record commit or roll back together; otherwise in its own.
 */
export function appendAudit(
  db: Db,
  action: AuditAction,
  details: JsonObject,
  options: { actor?: string; at?: string } = {},
): AuditEntry {
  const queries = new AuditQueries(db);
  const detailsText = canonicalJson(details);
  const append = (): AuditEntry => {
    // Continue from what case_info recorded, not from whichever row happens to be last: if the last
    // rows were removed (or rows were added behind Lanterne's back), the new entry does not link to
    // the row before it, and every later verify still sees the break instead of a healed chain.
    const anchor = queries.anchor() ?? { count: 0, head: GENESIS_HASH };
    const id = Math.max(anchor.count, queries.last()?.id ?? 0) + 1;
    const at = options.at ?? new Date().toISOString();
    const actor = options.actor ?? currentActor();
    const parsed = JSON.parse(detailsText) as JsonValue;
    const row: AuditRow = { id, at, actor, action, details: detailsText, prev_hash: anchor.head, hash: '' };
    row.hash = entryHash(anchor.head, { id, at, actor, action, details: parsed });
    queries.insert(row);
    queries.setAnchor({ count: id, head: row.hash });
    return row;
  };
  return db.transaction(append).immediate();
}

/**
 * Opens the log of a case: `case.created` for a new case; for a case made before Lanterne kept an
 * audit log, one `audit.started` entry saying that what happened before is not in it.
 */
export function startAuditLog(db: Db, options: { created: boolean; caseDir: string; schema: number }): void {
  const queries = new AuditQueries(db);
  if (options.created) {
    appendAudit(db, 'case.created', { caseDir: options.caseDir, schema: options.schema });
  } else if (!queries.last() && !queries.anchor()) {
    appendAudit(db, 'audit.started', {
      caseDir: options.caseDir,
      note: 'this case was created before Lanterne kept an audit log: changes before this entry are not recorded',
    });
  }
}

export function readAudit(db: Db, options: { afterId?: number; limit?: number } = {}): AuditEntry[] {
  return new AuditQueries(db).after(options.afterId ?? 0, options.limit ?? PAGE);
}

/** Re-checks every link of the chain and its recorded head; names the first entry that does not hold. */
export function verifyAuditChain(db: Db): ChainVerification {
  const queries = new AuditQueries(db);
  // A case opened read-only at schema 2 (made before the log existed) has nothing to check.
  if (!queries.hasAuditTable()) return { ok: true, entries: 0, head: null };
  let expectedId = 1;
  let prev = GENESIS_HASH;
  let entries = 0;
  const broken = (id: number, reason: string): ChainVerification => ({
    ok: false,
    entries: queries.count(),
    head: queries.last()?.hash ?? null,
    firstBroken: { id, reason },
  });
  for (let page = queries.after(Number.MIN_SAFE_INTEGER, PAGE); page.length > 0; page = queries.after(page[page.length - 1]!.id, PAGE)) {
    for (const row of page) {
      if (row.id !== expectedId) {
        if (row.id < expectedId) return broken(row.id, `entry ${row.id} is out of sequence: entries are numbered from 1 up`);
        const missing = row.id === expectedId + 1 ? `entry ${expectedId} is missing` : `entries ${expectedId} to ${row.id - 1} are missing`;
        return broken(expectedId, `${missing}: the log goes from entry ${expectedId - 1} to entry ${row.id} (removed)`);
      }
      if (row.id === 1) {
        const start = firstEntryProblem(row.action, queries);
        if (start) return broken(1, start);
      }
      if (row.prev_hash !== prev) {
        const claimed = queries.idOfHash(row.prev_hash);
        return broken(
          row.id,
          claimed !== undefined && claimed !== row.id - 1
            ? `entry ${row.id} is out of order: it was written after entry ${claimed}, not after entry ${row.id - 1} (entries were reordered)`
            : `entry ${row.id} does not link to ${row.id === 1 ? 'the start of the log' : `entry ${row.id - 1}`}: its prev_hash is not that entry's hash (an entry before it was removed, replaced or inserted)`,
        );
      }
      let details: JsonValue;
      try {
        details = JSON.parse(row.details) as JsonValue;
      } catch {
        return broken(row.id, `entry ${row.id} was edited: its details are not valid JSON`);
      }
      if (canonicalJson(details) !== row.details) {
        return broken(row.id, `entry ${row.id} was edited: its details are no longer in the canonical form they were hashed in`);
      }
      if (entryHash(row.prev_hash, { id: row.id, at: row.at, actor: row.actor, action: row.action, details }) !== row.hash) {
        return broken(row.id, `entry ${row.id} was edited: its content (time, actor, action or details) no longer matches its hash`);
      }
      prev = row.hash;
      expectedId++;
      entries++;
    }
  }
  const last = expectedId - 1;
  const anchor = queries.anchor();
  if (anchor === null) {
    if (entries > 0) return broken(1, `the log's recorded length and head are missing from case_info (removed), so its end cannot be checked`);
  } else if (anchor.count > last) {
    const missing = anchor.count === last + 1 ? `entry ${last + 1}, the last one written, is missing` : `entries ${last + 1} to ${anchor.count}, the last ones written, are missing`;
    return broken(last + 1, `${missing}: the case recorded ${anchor.count} entries, the log ends at entry ${last} (removed)`);
  } else if (anchor.count < last) {
    return broken(anchor.count + 1, `entry ${anchor.count + 1} was not written by Lanterne: the case recorded only ${anchor.count} entries (inserted)`);
  } else if (anchor.head !== prev) {
    return broken(last, `entry ${last} is not the last entry Lanterne wrote: its hash differs from the recorded head (replaced)`);
  }
  return { ok: true, entries, head: entries > 0 ? prev : null };
}

/** The log begins with the case's creation, or — only in a case older than the log — with audit.started. */
function firstEntryProblem(action: string, queries: AuditQueries): string | null {
  if (action === 'case.created') return null;
  if (action === 'audit.started') {
    return queries.startedByMigration()
      ? null
      : 'entry 1 restarts the log of a case that was created with one: the entries before it were removed';
  }
  return `entry 1 is a ${action}, not the creation of the case: the entries before it were removed and the rest renumbered, or it was edited`;
}
