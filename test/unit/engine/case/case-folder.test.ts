import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseError, openCase, openCaseReadOnly } from '../../../../electron/engine/case/case-folder.js';
import { latestVersion } from '../../../../electron/engine/case/db.js';
import { scratchDir } from '../../../fixtures/corpus.js';

describe('case folder', () => {
  it('creates case.sqlite in WAL mode at the latest schema, with the tables later features build on', () => {
    const dir = path.join(scratchDir(), 'case');
    const handle = openCase(dir, { create: true });
    try {
      expect(existsSync(path.join(dir, 'case.sqlite'))).toBe(true);
      expect(handle.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.db.pragma('user_version', { simple: true })).toBe(latestVersion());
      const tables = handle.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['roots', 'items', 'metadata', 'walk_notes', 'ingest_runs']));
      const indexes = handle.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['items_sha256', 'items_md5', 'items_sha1', 'items_status', 'metadata_serial', 'metadata_make_model', 'metadata_taken']));
    } finally {
      handle.close();
    }
  });

  it('refuses a second writer while the first holds the case', () => {
    const dir = path.join(scratchDir(), 'case');
    const first = openCase(dir, { create: true });
    try {
      expect(() => openCase(dir)).toThrow(CaseError);
      expect(() => openCase(dir)).toThrow(/in use by another Lanterne process/);
      // Readers (export, viewer) are welcome beside the writer.
      const reader = openCaseReadOnly(dir);
      reader.close();
    } finally {
      first.close();
    }
    openCase(dir).close();
  });

  it('takes over a lock left by a process that no longer runs (a killed ingest)', () => {
    const dir = path.join(scratchDir(), 'case');
    openCase(dir, { create: true }).close();
    writeFileSync(path.join(dir, 'case.lock'), `999999999@${hostname()}`);
    openCase(dir).close();
  });

  it('says clearly when there is no case', () => {
    expect(() => openCaseReadOnly(scratchDir())).toThrow(/No case at/);
    expect(() => openCase(scratchDir())).toThrow(/No case at/);
  });
});
