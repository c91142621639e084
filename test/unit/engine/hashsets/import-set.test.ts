// The importer's batched insert stores exactly what a record says — hashes as BLOBs, provenance
// as 'line N' / 'record N' — whatever the batch boundaries; it restores the connection's
// settings after a bulk import, failed or not, and leaves the case unchanged when it fails.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { EntryWriter, HashSetQueries, type EntryHex } from '../../../../electron/engine/case/hashset-queries.js';
import type { Db } from '../../../../electron/engine/case/db.js';
import { readHashSet, type HashSetRecord } from '../../../../electron/engine/hashsets/formats/index.js';
import { importHashSet } from '../../../../electron/engine/hashsets/import-set.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { scratchFile } from './formats/helpers.js';

const hex = (n: number, chars: number): string => n.toString(16).padStart(chars, '0');
const handles: { close(): void }[] = [];
afterEach(() => handles.splice(0).forEach((h) => h.close()));

function newCase(): Db {
  const handle = openCase(path.join(scratchDir('lanterne-import-'), 'case'), { create: true });
  handles.push(handle);
  return handle.db;
}

/** 250 Media of every shape the importer stores: more than two 100-row statements and a tail. */
function vicsFile(count = 250): string {
  const media = Array.from({ length: count }, (_, i) => {
    const m: Record<string, unknown> = { MediaID: i, Category: i % 7 === 0 ? null : i % 5 };
    if (i % 3 !== 1) m.MD5 = hex(i, 32).toUpperCase();
    if (i % 3 !== 2) m.SHA1 = hex(i, 40);
    if (i % 4 === 0) m.SHA256 = hex(i, 64);
    if (i % 10 === 0) m.AlternativeHashes = [{ HashName: 'PDQ', HashValue: hex(i + 1, 64) }];
    if (i % 6 === 0) m.PhotoDNA = 'QUJD'.repeat(48);
    if (i % 8 === 0) m.MediaFiles = [{ FileName: `naïve ${i}.jpg` }];
    if (i % 9 === 0) m.Series = `series ${i}`;
    if (i % 50 === 49) m.MediaSize = 2 ** 40 + i;
    return JSON.stringify(m);
  });
  media.push(JSON.stringify({ MediaID: 'pdna-only', PhotoDNA: 'QUJD'.repeat(48) })); // skipped, not stored
  return scratchFile('set.json', `{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media","value":[\n${media.join(',\n')}\n]}`);
}

const blob = (h: string | undefined) => (h === undefined ? null : Buffer.from(h, 'hex'));

/** What a row of hashset_entries must hold for a record (the importer's contract before batching). */
function expectedRow(r: HashSetRecord) {
  return {
    md5: blob(r.md5), sha1: blob(r.sha1), sha256: blob(r.sha256), pdq: blob(r.pdq),
    size: r.size ?? null, category: r.category ?? null, file_name: r.fileName ?? null, photo_dna: r.photoDna ?? null,
    media_id: r.mediaId ?? null, series: r.series ?? null,
    location: r.location.line !== undefined ? `line ${r.location.line}` : `record ${r.location.record}`,
  };
}

async function records(file: string): Promise<HashSetRecord[]> {
  const out: HashSetRecord[] = [];
  for await (const r of readHashSet(file)) out.push(r);
  return out;
}

const storedRows = (db: Db) =>
  db.prepare(`SELECT md5, sha1, sha256, pdq, size, category, file_name, photo_dna, media_id, series, location FROM hashset_entries ORDER BY id`).all();

describe('importHashSet', () => {
  it('stores every VICS record field for field, across statement boundaries and the tail', async () => {
    const db = newCase();
    const file = vicsFile();
    const result = await importHashSet(db, file);
    const expected = (await records(file)).map(expectedRow);
    expect(expected).toHaveLength(250);
    expect(result.set.records).toBe(250);
    expect(result.set.source_sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(result.skipped.count).toBe(1);
    expect(storedRows(db)).toEqual(expected);
    expect(expected.filter((r) => r.pdq).length).toBe(25);
  });

  it("stores an RDS set's rows with 'record N' provenance and rebuilds all entry indexes", async () => {
    const file = path.join(scratchDir('lanterne-rds-'), 'rds.db');
    const src = new Database(file);
    src.exec('CREATE TABLE FILE (sha256 VARCHAR, sha1 VARCHAR, md5 VARCHAR, crc32 VARCHAR, file_name VARCHAR, file_size INTEGER, package_id INTEGER)');
    const insert = src.prepare('INSERT INTO FILE VALUES (?, ?, ?, ?, ?, ?, 1)');
    for (let i = 0; i < 1234; i++) insert.run(hex(i, 64).toUpperCase(), hex(i, 40).toUpperCase(), hex(i, 32).toUpperCase(), '00000000', `f${i}.dll`, i);
    src.close();
    const db = newCase();
    const indexes = () => db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hashset_entries' ORDER BY name`).all();
    const before = indexes();
    expect(before.length).toBeGreaterThanOrEqual(4);
    await importHashSet(db, file);
    expect(storedRows(db)).toEqual((await records(file)).map(expectedRow));
    expect((storedRows(db)[1233] as { location: string }).location).toBe('record 1234');
    expect(indexes()).toEqual(before);
    // A second, smaller import goes in with the indexes kept up to date.
    await importHashSet(db, vicsFile(20), { name: 'small' });
    expect(indexes()).toEqual(before);
    expect(db.prepare(`SELECT count(*) AS n FROM hashset_entries`).get()).toEqual({ n: 1254 });
  });

  it('writes rows of changing shapes the same, past the number of statement shapes it keeps', () => {
    const db = newCase();
    const setId = new HashSetQueries(db).insertSet({
      name: 'shapes', kind: 'known', format: 'list', version: null, profile: null, default_category: null,
      source_path: '/x', source_sha256: '0', source_size: 0, imported_at: 'now',
    });
    // Each 100-row statement gets a different mix of filled columns: 40 shapes, more than are kept.
    const entries: EntryHex[] = Array.from({ length: 4000 }, (_, i) => {
      const s = Math.floor(i / 100);
      const e: EntryHex = { location: s % 2 ? { line: i + 1 } : { record: i + 1 } };
      if (s % 3 !== 1 || i % 2) e.md5 = hex(i, 32);
      if (s % 4 === 0) e.sha1 = hex(i, 40).toUpperCase();
      if (s % 5 === 0) e.sha256 = hex(i, 64);
      if (s % 7 === 0) e.pdq = hex(i, 64);
      if (!e.md5 && !e.sha1 && !e.sha256 && !e.pdq) e.md5 = hex(i, 32);
      if (s & 1) e.size = i;
      if (s & 2) e.category = i % 5;
      if (s & 4) e.fileName = `f${i}`;
      if (s & 8) e.photoDna = `p${i}`;
      if (s & 16) e.mediaId = `m${i}`;
      if (s & 32) e.series = `s${i}`;
      return e;
    });
    const writer = new EntryWriter(db, setId);
    for (const e of entries.slice(0, 3950)) writer.add(e);
    writer.flush();
    for (const e of entries.slice(3950)) writer.add(e); // a second tail
    writer.flush();
    expect(storedRows(db)).toEqual(entries.map((e) => expectedRow({ ...e, md5: e.md5, sha1: e.sha1?.toLowerCase() } as HashSetRecord)));
  });

  it('restores cache_size and threads after an import, and after a failed one leaves the case as it was', async () => {
    const db = newCase();
    db.pragma('cache_size = -1234');
    db.pragma('threads = 0');
    await importHashSet(db, vicsFile(30), { name: 'good' });
    expect(db.pragma('cache_size', { simple: true })).toBe(-1234);
    expect(db.pragma('threads', { simple: true })).toBe(0);
    const rowsBefore = storedRows(db);
    const setsBefore = db.prepare('SELECT * FROM hashsets').all();
    const bad = scratchFile('bad.json', `{"value":[${Array.from({ length: 150 }, (_, i) => `{"MD5":"${hex(i, 32)}"}`).join(',')},{"MD5":"nope"}]}`);
    await expect(importHashSet(db, bad, { name: 'bad' })).rejects.toThrow("bad.json, record 151 (line 1): MD5 'nope' is not 32 hex characters");
    expect(db.pragma('cache_size', { simple: true })).toBe(-1234);
    expect(db.pragma('threads', { simple: true })).toBe(0);
    expect(storedRows(db)).toEqual(rowsBefore);
    expect(db.prepare('SELECT * FROM hashsets').all()).toEqual(setsBefore);
  });
});
