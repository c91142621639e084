// A case whose creation was cut short — the process killed after case.sqlite appeared but before
// its creation was recorded, or the WAL frames holding that record lost in a power cut — must be
// finished on the next open, with a log that starts with case.created and verifies. (Found by the
// kill-and-WAL-damage test: the next open took such a file for a case older than the audit log,
// began the log with audit.started, and verify then called the log tampered with.)
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../electron/engine/audit/audit-log.js';
import { CASE_DB, openCase } from '../../../electron/engine/case/case-folder.js';
import { openDatabase } from '../../../electron/engine/case/db.js';
import { scratchDir } from '../../fixtures/corpus.js';

describe('interrupted case creation', () => {
  it('is completed by the next open: the log starts with case.created and its chain holds', () => {
    const dir = scratchDir();
    // What a kill leaves after migrations ran and before the creation was recorded.
    openDatabase(path.join(dir, CASE_DB)).close();
    const handle = openCase(dir);
    try {
      const log = readAudit(handle.db);
      expect(log.map((e) => e.action)).toEqual(['case.created']);
      expect(verifyAuditChain(handle.db)).toMatchObject({ ok: true, entries: 1 });
      expect(handle.db.prepare(`SELECT value FROM case_info WHERE key = 'created_at'`).get()).toBeDefined();
    } finally {
      handle.close();
    }
    // And once created, reopening adds nothing to the log.
    const again = openCase(dir);
    try {
      expect(readAudit(again.db)).toHaveLength(1);
    } finally {
      again.close();
    }
  });

  it('creates owner-only case folders', () => {
    const dir = path.join(scratchDir(), 'new-case');
    openCase(dir, { create: true }).close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

