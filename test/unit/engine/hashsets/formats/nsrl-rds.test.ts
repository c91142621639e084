import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { scratchDir } from '../../../../fixtures/corpus.js';
import { members, read, readError, synthetic } from './helpers.js';

const RDS = synthetic('RDS_synthetic_modern_minimal.db');
const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A database shaped like a full RDS v3 release: METADATA table, FILE as a legacy view over it. */
function fullStyleDb(rows: { sha256: string; sha1: string; md5: string; name: string; bytes: number }[]): string {
  const file = path.join(scratchDir('lanterne-rds-'), 'RDS_full_style.db');
  const db = new Database(file);
  db.exec(`
    CREATE TABLE METADATA (package_id INTEGER, object_id INTEGER, file_name VARCHAR, bytes INTEGER,
      md5 VARCHAR, sha1 VARCHAR, sha256 VARCHAR, crc32 VARCHAR);
    CREATE VIEW FILE AS SELECT sha256, sha1, md5, crc32, file_name, bytes AS file_size, package_id FROM METADATA;
    CREATE TABLE VERSION (version VARCHAR, build_set VARCHAR, build_date TIMESTAMP, release_date TIMESTAMP, description VARCHAR);
    INSERT INTO VERSION VALUES ('2099.01.1', 'Modern', '2099-01-01', '2099-01-02', 'made by a test');`);
  const insert = db.prepare('INSERT INTO METADATA (package_id, object_id, file_name, bytes, md5, sha1, sha256, crc32) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  rows.forEach((r, i) => insert.run(i, r.name, r.bytes, r.md5, r.sha1, r.sha256, '00000000'));
  db.close();
  return file;
}

describe('NSRL RDS v3 reader', () => {
  it('reads every FILE row of the minimal set, in storage (rowid) order, hashes lower-cased', async () => {
    const db = new Database(RDS, { readonly: true });
    const order = db.prepare('SELECT sha256 FROM FILE ORDER BY rowid').pluck().all() as string[];
    db.close();
    const expected = members()
      .map((m) => ({ sha256: m.sha256.toLowerCase(), sha1: m.sha1.toLowerCase(), md5: m.md5.toLowerCase(), fileName: m.name, size: m.size }))
      .sort((a, b) => order.indexOf(a.sha256.toUpperCase()) - order.indexOf(b.sha256.toUpperCase()));
    expect(expected.length).toBe(order.length);
    const records = await read(RDS, 'rds');
    expect(records.map(({ location: _, ...r }) => r)).toEqual(expected);
    expect(records.map((r) => r.location.record)).toEqual(expected.map((_, i) => i + 1));
  });

  it('opens the database read-only: the file is byte-identical afterwards and no journal appears', async () => {
    const before = sha256File(RDS);
    await read(RDS);
    expect(sha256File(RDS)).toBe(before);
    expect(existsSync(`${RDS}-wal`) || existsSync(`${RDS}-journal`)).toBe(false);
  });

  it('describes the set from its VERSION row and FILE columns', async () => {
    expect(await describeHashSet(RDS)).toEqual({
      format: 'rds', version: '0000.00.0',
      columns: ['sha256', 'sha1', 'md5', 'crc32', 'file_name', 'file_size', 'package_id'],
      note: 'Synthetic · 2026-01-01 00:00:00 · SYNTHETIC test fixture, not a NIST release',
    });
  });

  it('reads a full-style set through its FILE view (bytes as file_size)', async () => {
    const rows = members().map((m) => ({ sha256: m.sha256, sha1: m.sha1, md5: m.md5, name: m.name, bytes: m.size }));
    const file = fullStyleDb(rows);
    const records = await read(file);
    // A view has no rowid: its rows come in the view's own order, here METADATA's.
    expect(records.map((r) => r.sha256)).toEqual(rows.map((r) => r.sha256.toLowerCase()));
    expect(records.every((r) => r.size === rows.find((x) => x.sha256.toLowerCase() === r.sha256)?.bytes)).toBe(true);
    expect((await describeHashSet(file)).version).toBe('2099.01.1');
  });

  it('refuses a SQLite file without a FILE table or view', async () => {
    const file = path.join(scratchDir('lanterne-rds-'), 'case.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE items (md5 TEXT)');
    db.close();
    expect((await readError(file, 'rds')).message).toBe('case.sqlite: Not an NSRL RDS database: no FILE table or view');
  });

  it('refuses a file that is not SQLite at all when told it is', async () => {
    expect((await readError(synthetic('NSRLFile.txt'), 'rds')).message).toMatch(/NSRLFile\.txt: Not an NSRL RDS database: SQLite cannot open it/);
  });

  it('names the row with a malformed hash', async () => {
    const m = members()[0]!;
    const file = fullStyleDb([
      { sha256: m.sha256, sha1: m.sha1, md5: m.md5, name: 'ok', bytes: 1 },
      { sha256: 'F'.repeat(64), sha1: 'NOT-A-HASH', md5: m.md5, name: 'bad', bytes: 2 },
    ]);
    expect((await readError(file)).message).toBe("RDS_full_style.db, record 2: sha1 'NOT-A-HASH' is not 40 hex characters");
  });
});
