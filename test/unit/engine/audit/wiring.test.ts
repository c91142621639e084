// Which state changes reach the audit log, with which details: a real case, a real ingest of
// generated benign images, a real hash-set file, a reveal.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../../electron/engine/audit/audit-log.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { latestVersion } from '../../../../electron/engine/case/db.js';
import * as m001 from '../../../../electron/engine/case/migrations/001-initial.js';
import * as m002 from '../../../../electron/engine/case/migrations/002-known-material.js';
import { importHashSet, removeHashSet } from '../../../../electron/engine/hashsets/import-set.js';
import { revealItem } from '../../../../electron/engine/hashsets/render-item.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

let dir: string;
let evidence: string;
let knownJpeg: Buffer;

function entries(caseDir: string): { action: string; details: Record<string, unknown>; actor: string }[] {
  const handle = openCase(caseDir);
  try {
    expect(verifyAuditChain(handle.db).ok).toBe(true);
    return readAudit(handle.db).map((r) => ({ action: r.action, actor: r.actor, details: JSON.parse(r.details) as Record<string, unknown> }));
  } finally {
    handle.close();
  }
}

beforeAll(async () => {
  dir = scratchDir();
  evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  knownJpeg = await sceneJpeg({ width: 320, height: 240, seed: 7, label: 'KNOWN' });
  writeFixture(path.join(evidence, 'known.jpg'), knownJpeg);
  writeFixture(path.join(evidence, 'other.jpg'), await sceneJpeg({ width: 320, height: 240, seed: 8 }));
});

describe('audit wiring', () => {
  it('records case creation, the evidence root once, and every ingest run with its counts', async () => {
    const caseDir = path.join(dir, 'case-ingest');
    await ingest({ caseDir, roots: [evidence], workers: 1 });
    await ingest({ caseDir, roots: [evidence], workers: 1 });
    const log = entries(caseDir);
    expect(log.map((e) => e.action)).toEqual(['case.created', 'ingest.started', 'evidence.added', 'ingest.finished', 'ingest.started', 'ingest.finished']);
    expect(log[0]!.details).toEqual({ caseDir, schema: latestVersion() });
    expect(log[2]!.details).toEqual({ root: evidence, realPath: evidence });
    expect(log[3]!.details).toMatchObject({ run: 1, added: 2, processed: 2, failed: 0, interrupted: false, case: { files: 2, ok: 2, pending: 0 } });
    expect(log[5]!.details).toMatchObject({ run: 2, added: 0, processed: 0 });
  });

  it('records hash sets imported and removed with name, source path, source SHA-256 and records; nothing for a failed import', async () => {
    const caseDir = path.join(dir, 'case-sets');
    await ingest({ caseDir, roots: [evidence], workers: 1 });
    const setFile = writeFixture(path.join(dir, 'known.md5'), `${createHash('md5').update(knownJpeg).digest('hex')}  known.jpg\n`);
    const emptyFile = writeFixture(path.join(dir, 'empty.md5'), '# nothing here\n');
    const handle = openCase(caseDir);
    let itemId: number;
    try {
      await importHashSet(handle.db, setFile, { name: 'test-known', kind: 'known', category: 1 });
      await expect(importHashSet(handle.db, emptyFile, { name: 'empty', format: 'list' })).rejects.toThrow(/holds no hash records/);
      itemId = (handle.db.prepare(`SELECT id FROM items WHERE rel_path = 'known.jpg'`).get() as { id: number }).id;
      const reveal = revealItem(handle.db, itemId, 'compare the sign with a partner report', { minutes: 5, actor: 'examiner-7' });
      expect(reveal.ok).toBe(true);
      expect(revealItem(handle.db, itemId, '  ').ok).toBe(false);
      removeHashSet(handle.db, 'test-known');
    } finally {
      handle.close();
    }
    const log = entries(caseDir).slice(4);
    expect(log.map((e) => e.action)).toEqual(['hashset.imported', 'item.revealed', 'hashset.removed']);
    const sha256 = createHash('sha256').update(readFileSync(setFile)).digest('hex');
    expect(log[0]!.details).toMatchObject({ name: 'test-known', kind: 'known', sourcePath: setFile, sourceSha256: sha256, records: 1, skipped: 0 });
    expect(log[1]!.actor).toBe('examiner-7');
    expect(log[1]!.details).toMatchObject({ item: itemId, reason: 'compare the sign with a partner report', expiresAt: expect.any(String) as string });
    expect(log[2]!.details).toEqual({ name: 'test-known', sourcePath: setFile, sourceSha256: sha256, records: 1 });
  });

  it('starts the log of a case made before the audit log existed with an entry saying so', () => {
    const caseDir = path.join(scratchDir(), 'old-case');
    mkdirSync(caseDir);
    const db = new Database(path.join(caseDir, 'case.sqlite'));
    db.exec(m001.up);
    db.exec(m002.up);
    db.pragma('user_version = 2');
    // As openCase has done since schema 1.
    db.prepare(`INSERT INTO case_info (key, value) VALUES ('created_at', ?)`).run('2024-01-01T00:00:00.000Z');
    db.close();
    const log = entries(caseDir);
    expect(log.map((e) => e.action)).toEqual(['audit.started']);
    expect(log[0]!.details['note']).toMatch(/before Lanterne kept an audit log/);
    // Opening it again adds nothing.
    expect(entries(caseDir)).toHaveLength(1);
  });
});
