// The SQL of the audit log and of `lanterne verify`: append and read audit rows, the chain's
// recorded head in case_info, and the evidence files with the hashes the case holds for them.
import type { Db } from './db.js';

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  /** Canonical JSON text. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** What case_info records of the chain: how many entries were appended and the last one's hash. */
export interface AuditAnchor {
  count: number;
  head: string;
}

export interface EvidenceRow {
  id: number;
  root: string;
  root_real_path: string;
  rel_path: string;
  /** The name's exact bytes when they are not valid UTF-8 (rel_path then shows them escaped). */
  raw_rel_path: Buffer | null;
  size: number;
  status: string;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
}

export class AuditQueries {
  constructor(private readonly db: Db) {}

  hasAuditTable(): boolean {
    return this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'`).get() !== undefined;
  }

  insert(row: AuditRow): void {
    this.db
      .prepare(`INSERT INTO audit (id, at, actor, action, details, prev_hash, hash) VALUES (@id, @at, @actor, @action, @details, @prev_hash, @hash)`)
      .run(row);
  }

  last(): AuditRow | undefined {
    return this.db.prepare(`SELECT * FROM audit ORDER BY id DESC LIMIT 1`).get() as AuditRow | undefined;
  }

  /** Rows in id order, a page at a time (a long case has an entry per tag and region). */
  after(afterId: number, limit: number): AuditRow[] {
    return this.db.prepare(`SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?`).all(afterId, limit) as AuditRow[];
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM audit`).get() as { n: number }).n;
  }

  idOfHash(hash: string): number | undefined {
    return (this.db.prepare(`SELECT id FROM audit WHERE hash = ?`).get(hash) as { id: number } | undefined)?.id;
  }

  anchor(): AuditAnchor | null {
    const rows = this.db
      .prepare(`SELECT key, value FROM case_info WHERE key IN ('audit_count', 'audit_head')`)
      .all() as { key: string; value: string }[];
    const count = rows.find((r) => r.key === 'audit_count')?.value;
    const head = rows.find((r) => r.key === 'audit_head')?.value;
    if (count === undefined || head === undefined) return null;
    return { count: Number(count), head };
  }

  /** Set by migration 003 in cases that existed before the audit log did. */
  startedByMigration(): boolean {
    return this.db.prepare(`SELECT 1 FROM case_info WHERE key = 'audit_started_by_migration'`).get() !== undefined;
  }

  setAnchor(anchor: AuditAnchor): void {
    const upsert = this.db.prepare(
      `INSERT INTO case_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    upsert.run('audit_count', String(anchor.count));
    upsert.run('audit_head', anchor.head);
  }

  /** Items with the hashes recorded at ingest, in id order, a page at a time. */
  evidenceAfter(afterId: number, limit: number): EvidenceRow[] {
    return this.db
      .prepare(
        `SELECT items.id, roots.given AS root, roots.real_path AS root_real_path, items.rel_path, items.raw_rel_path, items.size,
           items.status, items.md5, items.sha1, items.sha256
         FROM items JOIN roots ON roots.id = items.root_id
         WHERE items.id > ? ORDER BY items.id LIMIT ?`,
      )
      .all(afterId, limit) as EvidenceRow[];
  }

  /** Totals for progress: every item, and the bytes of those the case holds hashes for. */
  evidenceTotals(): { files: number; bytes: number } {
    return this.db
      .prepare(
        `SELECT count(*) AS files, coalesce(sum(CASE WHEN sha256 IS NOT NULL THEN size END), 0) AS bytes FROM items`,
      )
      .get() as { files: number; bytes: number };
  }
}
