// The hash chain on a real SQLite file: how each entry's hash is made (recomputed here without the
// engine's code), what the SQL triggers refuse, and which tampering verifyAuditChain names.
// Tampering goes through a second connection after DROP TRIGGER, as someone with sqlite3 would.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, readAudit, verifyAuditChain, type ChainVerification } from '../../../../electron/engine/audit/audit-log.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { openDatabase } from '../../../../electron/engine/case/db.js';
import { scratchDir } from '../../../fixtures/corpus.js';

/** A case whose log holds case.created and then `extra` entries (ids 2…extra+1). */
function caseWithEntries(extra = 5): { dir: string; file: string } {
  const dir = path.join(scratchDir(), 'case');
  const handle = openCase(dir, { create: true });
  try {
    for (let i = 0; i < extra; i++) {
      appendAudit(handle.db, 'hashset.imported', { name: `set-${i}`, records: i + 1, sourcePath: `/sets/set-${i}.json` }, { actor: 'examiner' });
    }
  } finally {
    handle.close();
  }
  return { dir, file: path.join(dir, 'case.sqlite') };
}

/** As an attacker with sqlite3: drop the triggers, then run the SQL. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(`DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;
             DROP TRIGGER IF EXISTS audit_anchor_no_delete; DROP TRIGGER IF EXISTS audit_anchor_forward_only;`);
    db.exec(sql);
  } finally {
    db.close();
  }
}

function verifyFile(file: string): ChainVerification {
  const db = openDatabase(file, { readonly: true });
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}

function brokenAt(file: string): { id: number; reason: string } {
  const result = verifyFile(file);
  if (result.ok) throw new Error('expected the chain to be broken');
  return result.firstBroken;
}

describe('audit chain', () => {
  it('links every entry to the one before, from 64 zeros, and records length and head in case_info', () => {
    const { file } = caseWithEntries(3);
    const db = openDatabase(file, { readonly: true });
    try {
      const rows = readAudit(db);
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
      expect(rows.map((r) => r.action)).toEqual(['case.created', 'hashset.imported', 'hashset.imported', 'hashset.imported']);
      expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
      const info = Object.fromEntries((db.prepare(`SELECT key, value FROM case_info`).all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
      expect(info['audit_count']).toBe('4');
      expect(info['audit_head']).toBe(rows[3]!.hash);
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 4, head: rows[3]!.hash });
    } finally {
      db.close();
    }
  });

  it('hashes prev_hash (hex text) followed by the sorted, whitespace-free JSON of id, at, actor, action, details', () => {
    const { file } = caseWithEntries(1);
    const db = openDatabase(file, { readonly: true });
    const row = readAudit(db)[1]!;
    db.close();
    // Written out by hand, not by canonicalJson: keys in code-unit order, no spaces.
    const text =
      `{"action":"hashset.imported","actor":"examiner","at":${JSON.stringify(row.at)},` +
      `"details":{"name":"set-0","records":1,"sourcePath":"/sets/set-0.json"},"id":2}`;
    expect(row.details).toBe('{"name":"set-0","records":1,"sourcePath":"/sets/set-0.json"}');
    expect(createHash('sha256').update(row.prev_hash + text, 'utf8').digest('hex')).toBe(row.hash);
    // And with the recipe documented in audit-log.ts: sqlite3 and sha256sum only.
    const recipe = execFileSync('sh', ['-c',
      `sqlite3 "$1" "SELECT prev_hash || json_object('action',action,'actor',actor,'at',at,'details',json(details),'id',id) FROM audit WHERE id = 2" | tr -d '\\n' | sha256sum`,
      'sh', file], { encoding: 'utf8' });
    expect(recipe.split(' ')[0]).toBe(row.hash);
  });

  it('refuses UPDATE and DELETE of audit rows, and a rollback of the recorded head, at the SQL level', () => {
    const { file } = caseWithEntries(1);
    const db = new Database(file);
    try {
      expect(() => db.prepare(`UPDATE audit SET actor = 'someone else' WHERE id = 2`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`DELETE FROM audit WHERE id = 2`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`DELETE FROM case_info WHERE key = 'audit_head'`).run()).toThrow(/never deleted/);
      expect(() => db.prepare(`UPDATE case_info SET value = '1' WHERE key = 'audit_count'`).run()).toThrow(/only grows/);
    } finally {
      db.close();
    }
    expect(verifyFile(file).ok).toBe(true);
  });

  it("appends inside the caller's transaction: rolled back with it, committed with it", () => {
    const dir = path.join(scratchDir(), 'case');
    const handle = openCase(dir, { create: true });
    try {
      expect(() =>
        handle.db.transaction(() => {
          appendAudit(handle.db, 'export.written', { file: '/out/a.jsonl' });
          throw new Error('the export failed');
        })(),
      ).toThrow('the export failed');
      expect(readAudit(handle.db).map((r) => r.action)).toEqual(['case.created']);
      handle.db.exec('BEGIN IMMEDIATE');
      appendAudit(handle.db, 'export.written', { file: '/out/b.jsonl' });
      handle.db.exec('COMMIT');
      expect(readAudit(handle.db).map((r) => r.action)).toEqual(['case.created', 'export.written']);
      expect(verifyAuditChain(handle.db).ok).toBe(true);
    } finally {
      handle.close();
    }
  });

  it('names an edited entry (details, time or actor — even a whitespace-only change)', () => {
    for (const edit of [
      `UPDATE audit SET details = '{"name":"set-1","records":999,"sourcePath":"/sets/set-1.json"}' WHERE id = 3`,
      `UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE id = 3`,
      `UPDATE audit SET actor = 'someone else' WHERE id = 3`,
      `UPDATE audit SET details = '{"name": "set-1","records":2,"sourcePath":"/sets/set-1.json"}' WHERE id = 3`,
      `UPDATE audit SET details = 'not json' WHERE id = 3`,
    ]) {
      const { file } = caseWithEntries(5);
      tamper(file, edit);
      const broken = brokenAt(file);
      expect(broken, edit).toMatchObject({ id: 3 });
      expect(broken.reason, edit).toMatch(/entry 3 was edited/);
    }
  });

  it('names a removed middle entry by its id', () => {
    const { file } = caseWithEntries(5);
    tamper(file, `DELETE FROM audit WHERE id = 4`);
    expect(brokenAt(file)).toEqual({ id: 4, reason: expect.stringMatching(/entry 4 is missing: the log goes from entry 3 to entry 5/) as string });
  });

  it('names a removed middle entry even when the later ids were renumbered to close the gap', () => {
    const { file } = caseWithEntries(5);
    tamper(file, `DELETE FROM audit WHERE id = 4; UPDATE audit SET id = id - 1 WHERE id > 4;`);
    // Entry 4 is now the old 5: it links to the removed entry, and its id is not the one it was hashed with.
    expect(brokenAt(file)).toMatchObject({ id: 4, reason: expect.stringMatching(/entry 4 does not link to entry 3/) as string });
  });

  it('names the removed last entry, and the last two, through the head kept in case_info', () => {
    const one = caseWithEntries(5);
    tamper(one.file, `DELETE FROM audit WHERE id = 6`);
    expect(brokenAt(one.file)).toEqual({ id: 6, reason: expect.stringMatching(/entry 6, the last one written, is missing/) as string });
    const two = caseWithEntries(5);
    tamper(two.file, `DELETE FROM audit WHERE id >= 5`);
    expect(brokenAt(two.file)).toMatchObject({ id: 5, reason: expect.stringMatching(/entries 5 to 6, the last ones written, are missing/) as string });
  });

  it('names two swapped entries as out of order', () => {
    const { file } = caseWithEntries(5);
    tamper(file, `UPDATE audit SET id = -3 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 4; UPDATE audit SET id = 4 WHERE id = -3;`);
    expect(brokenAt(file)).toEqual({ id: 3, reason: expect.stringMatching(/entry 3 is out of order: it was written after entry 4/) as string });
  });

  it('names an entry inserted at the end with a correctly computed hash, which case_info did not record', () => {
    const { file } = caseWithEntries(2);
    const db = new Database(file);
    const last = db.prepare(`SELECT * FROM audit ORDER BY id DESC LIMIT 1`).get() as { id: number; hash: string };
    const at = '2024-05-01T12:00:00.000Z';
    const text = `{"action":"hashset.removed","actor":"forger","at":"${at}","details":{"name":"set-0"},"id":${last.id + 1}}`;
    const hash = createHash('sha256').update(last.hash + text).digest('hex');
    db.prepare(`INSERT INTO audit VALUES (?, ?, 'forger', 'hashset.removed', '{"name":"set-0"}', ?, ?)`).run(last.id + 1, at, last.hash, hash);
    db.close();
    expect(brokenAt(file)).toMatchObject({ id: 4, reason: expect.stringMatching(/entry 4 was not written by Lanterne/) as string });
  });

  it('names a middle entry replaced by a well-formed forgery: the next entry no longer links to it', () => {
    const { file } = caseWithEntries(4);
    const db = new Database(file);
    const prev = db.prepare(`SELECT hash FROM audit WHERE id = 2`).pluck().get() as string;
    const at = '2024-05-01T12:00:00.000Z';
    const text = `{"action":"hashset.imported","actor":"forger","at":"${at}","details":{"name":"other"},"id":3}`;
    db.exec(`DROP TRIGGER audit_no_update`);
    db.prepare(`UPDATE audit SET actor = 'forger', at = ?, details = '{"name":"other"}', hash = ? WHERE id = 3`)
      .run(at, createHash('sha256').update(prev + text).digest('hex'));
    db.close();
    expect(brokenAt(file)).toMatchObject({ id: 4, reason: expect.stringMatching(/entry 4 does not link to entry 3/) as string });
  });

  it("keeps a removed tail visible after later appends: the next entry continues from the recorded head", () => {
    const { dir, file } = caseWithEntries(3);
    tamper(file, `DELETE FROM audit WHERE id = 4`);
    const handle = openCase(dir);
    try {
      const next = appendAudit(handle.db, 'export.written', { file: '/out/c.csv' });
      expect(next.id).toBe(5);
    } finally {
      handle.close();
    }
    expect(brokenAt(file)).toMatchObject({ id: 4, reason: expect.stringMatching(/entry 4 is missing/) as string });
  });

  it('names a chain whose recorded head was removed from case_info', () => {
    const { file } = caseWithEntries(2);
    tamper(file, `DELETE FROM case_info WHERE key IN ('audit_count', 'audit_head')`);
    expect(brokenAt(file)).toMatchObject({ id: 1, reason: expect.stringMatching(/recorded length and head are missing/) as string });
  });

  it('names a wiped log that restarted, and a log whose first entries were removed and the rest renumbered', () => {
    const wiped = caseWithEntries(3);
    tamper(wiped.file, `DELETE FROM audit; DELETE FROM case_info WHERE key IN ('audit_count', 'audit_head')`);
    // The next open starts the log again (audit.started), as it does for a case older than the log.
    openCase(wiped.dir).close();
    expect(brokenAt(wiped.file)).toMatchObject({ id: 1, reason: expect.stringMatching(/entry 1 restarts the log of a case that was created with one/) as string });

    const renumbered = caseWithEntries(3);
    tamper(renumbered.file, `DELETE FROM audit WHERE id <= 2; UPDATE audit SET id = id - 2;
      UPDATE case_info SET value = '2' WHERE key = 'audit_count'`);
    expect(brokenAt(renumbered.file)).toMatchObject({ id: 1, reason: expect.stringMatching(/entry 1 is a hashset.imported, not the creation of the case/) as string });
  });
});
