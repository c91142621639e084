// The import fast paths of the two big formats read exactly what the general paths read: VICS
// Media taken whole from the buffer without an await, RDS FILE rows read a page at a time by
// rowid. Edge cases of each: escapes and chunk boundaries, line numbers, the records before a bad
// one, rowids with gaps, negative and beyond 2^53, tables without a rowid.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { JsonStreamReader } from '../../../../../electron/engine/hashsets/formats/json-stream.js';
import { HashSetFormatError, readHashSet, type HashSetRecord } from '../../../../../electron/engine/hashsets/formats/index.js';
import { scratchDir } from '../../../../fixtures/corpus.js';
import { read, readError, scratchFile } from './helpers.js';

const hex = (n: number, chars: number): string => n.toString(16).padStart(chars, '0');
const md5 = (n: number): string => hex(n, 32);
const sha1 = (n: number): string => hex(n, 40);
const sha256 = (n: number): string => hex(n, 64);

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('JsonStreamReader.nextElementText', () => {
  it('takes whole objects with escaped quotes and backslashes, and stops where the buffer does', async () => {
    const elements = [String.raw`{"a":"x\"}","b":"\\"}`, String.raw`{"c":"\\\"{[","d":[1,{"e":"]"}]}`, '{}'];
    const text = `[\n${elements.join(' ,\n ')}\n]`;
    const reader = new JsonStreamReader(chunked(text, text.length));
    await reader.expect('[', 'at the start');
    const taken: unknown[] = [];
    const lines: number[] = [];
    for (let first = true; ; first = false) {
      const value = reader.nextElementText(first, 1 << 20);
      if (value === null) break;
      expect(value).toBeDefined();
      taken.push(JSON.parse(value!));
      lines.push(reader.valueLine);
    }
    expect(taken).toEqual(JSON.parse(text));
    expect(lines).toEqual([2, 3, 4]);
    await reader.expectEnd();
  });

  it('consumes nothing when the element is cut by the end of the buffer, or is not an object', async () => {
    const reader = new JsonStreamReader(chunked('[{"a":"b"}, {"c": "d', 1 << 10));
    await reader.expect('[', 'at the start');
    expect(reader.nextElementText(true, 1 << 20)).toBe('{"a":"b"}');
    expect(reader.nextElementText(false, 1 << 20)).toBeUndefined();
    expect(await reader.nextElement(false)).toBe(true); // the slow path still finds the ','
    const other = new JsonStreamReader(chunked('["x", {"a":1}]', 1 << 10));
    await other.expect('[', 'at the start');
    expect(other.nextElementText(true, 1 << 20)).toBeUndefined();
    expect(await other.readValue(100)).toBe('x');
  });

  it('leaves a trailing comma to the slow path, which refuses it', async () => {
    const reader = new JsonStreamReader(chunked('[{"a":1}, \n ]', 1 << 10));
    await reader.expect('[', 'at the start');
    expect(reader.nextElementText(true, 1 << 20)).toBe('{"a":1}');
    expect(reader.nextElementText(false, 1 << 20)).toBeUndefined();
    expect(await reader.nextElement(false)).toBe(true);
    await expect(reader.readValue(100)).rejects.toThrow("expected a value, found ']'");
    const file = scratchFile('trailing.json', '{"value":[{"MD5":"' + md5(1) + '"},\n]}');
    expect((await readError(file)).message).toBe("trailing.json, record 2 (line 2): expected a value, found ']'");
  });

  it('leaves a value longer than maxChars to the slow path, which refuses it', async () => {
    const reader = new JsonStreamReader(chunked(`[{"a":"${'x'.repeat(100)}"}]`, 1 << 10));
    await reader.expect('[', 'at the start');
    expect(reader.nextElementText(true, 50)).toBeUndefined();
  });
});

describe('VICS reader, buffered Media', () => {
  const vics = (media: string[]): string =>
    `{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media","value":[\n${media.join(',\n')}\n]}`;

  it('reads thousands of Media across 64 KiB chunks with the right record numbers and lines', async () => {
    const media = Array.from({ length: 3000 }, (_, i) => `{"MediaID":${i},"Category":${i % 5},"MD5":"${md5(i).toUpperCase()}","Series":"s\\"${i}"}`);
    const records = await read(scratchFile('many.json', vics(media)));
    expect(records).toHaveLength(3000);
    records.forEach((r, i) => {
      expect(r).toMatchObject({ md5: md5(i), category: i % 5, mediaId: String(i), series: `s"${i}`, location: { record: i + 1, line: i + 2 } });
    });
  });

  it('names the record and line of a malformed Media in the middle of a buffered run, after the records before it', async () => {
    const media = Array.from({ length: 10 }, (_, i) => `{"MD5":"${md5(i)}"}`);
    media[6] = '{"MD5": nope}';
    const file = scratchFile('bad.json', vics(media));
    const seen: HashSetRecord[] = [];
    let error: unknown;
    try {
      for await (const r of readHashSet(file)) seen.push(r);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HashSetFormatError);
    expect((error as Error).message).toMatch(/^bad\.json, record 7 \(line 8\): malformed JSON/);
    expect(seen.map((r) => r.md5)).toEqual(media.slice(0, 6).map((_, i) => md5(i)));
    expect((await readError(scratchFile('hash.json', vics([`{"MD5":"${md5(1)}"}`, '{"MD5":"xyz"}'])))).message).toBe(
      "hash.json, record 2 (line 3): MD5 'xyz' is not 32 hex characters",
    );
  });
});

describe('NSRL RDS reader, paged by rowid', () => {
  function rds(name: string, ddl: string, rows: [number | bigint | null, number][]): string {
    const file = path.join(scratchDir('lanterne-rds-'), name);
    const db = new Database(file);
    db.exec(ddl);
    const withoutRowid = /WITHOUT.*ROWID/.test(ddl);
    const insert = db.prepare(
      withoutRowid
        ? 'INSERT INTO FILE (sha256, sha1, md5, file_name, file_size) VALUES (?, ?, ?, ?, ?)'
        : 'INSERT INTO FILE (rowid, sha256, sha1, md5, file_name, file_size) VALUES (?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const [rowid, n] of rows) {
        const values = [sha256(n).toUpperCase(), sha1(n).toUpperCase(), md5(n).toUpperCase(), `f${n}.dll`, n];
        if (withoutRowid) insert.run(...values);
        else insert.run(rowid, ...values);
      }
    })();
    db.close();
    return file;
  }
  const TABLE = 'CREATE TABLE FILE (sha256 VARCHAR, sha1 VARCHAR, md5 VARCHAR, crc32 VARCHAR, file_name VARCHAR, file_size INTEGER, package_id INTEGER)';

  it('reads every row once, in rowid order, across pages, gaps, negative rowids and rowids beyond 2^53', async () => {
    const rowids: (number | bigint)[] = [];
    // 2 below -2^53, 2045 ordinary, then 2^53 + 1 is the last row of the second 1024-row page:
    // the next page starts after a rowid a JS number cannot hold.
    for (let i = 0; i < 2045; i++) rowids.push(i * 3 - 1000);
    rowids.push(2n ** 53n + 1n, 2n ** 53n + 2n, 2n ** 62n, -(2n ** 62n), -(2n ** 53n) - 7n);
    const rows = rowids.map((rowid, n) => [rowid, n] as [bigint | number, number]);
    // Inserted in a shuffled order: storage order is rowid order, not insertion order.
    const shuffled = [...rows].sort((a, b) => ((a[1] * 7919) % 2503) - ((b[1] * 7919) % 2503));
    const records = await read(rds('paged.db', TABLE, shuffled), 'rds');
    const expected = [...rows].sort((a, b) => (BigInt(a[0]!) < BigInt(b[0]!) ? -1 : 1)).map(([, n]) => n);
    expect(records.map((r) => r.size)).toEqual(expected);
    expect(records.map((r) => r.location.record)).toEqual(expected.map((_, i) => i + 1));
    expect(records[0]).toEqual({ sha256: sha256(expected[0]!), sha1: sha1(expected[0]!), md5: md5(expected[0]!), fileName: `f${expected[0]}.dll`, size: expected[0], location: { record: 1 } });
  });

  it('reads a WITHOUT ROWID table in its own order, however its DDL is spelt', async () => {
    const rows = Array.from({ length: 1500 }, (_, n) => [null, n] as [null, number]);
    const keyed = TABLE.replace('package_id INTEGER', 'package_id INTEGER, PRIMARY KEY (sha256)');
    for (const [name, ddl] of [['norowid.db', `${keyed} WITHOUT ROWID`], ['comment.db', `${keyed} WITHOUT/**/ROWID`]]) {
      const records = await read(rds(name!, ddl!, rows), 'rds');
      expect(records.map((r) => r.sha256), name).toEqual(rows.map(([, n]) => sha256(n)).sort());
    }
  });

  it('names a bad row on a later page, after the records before it', async () => {
    const rows = Array.from({ length: 1500 }, (_, n) => [n + 1, n] as [number, number]);
    const file = rds('bad.db', TABLE, rows);
    const db = new Database(file);
    db.prepare("UPDATE FILE SET md5 = ' ' || md5 || ' ', sha1 = 'zz' WHERE rowid = 1200").run();
    db.prepare("UPDATE FILE SET sha256 = lower(sha256) WHERE rowid = 5").run();
    db.close();
    const seen: HashSetRecord[] = [];
    let error: unknown;
    try {
      for await (const r of readHashSet(file, 'rds')) seen.push(r);
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe("bad.db, record 1200: sha1 'zz' is not 40 hex characters");
    expect(seen).toHaveLength(1199);
    expect(seen[4]!.sha256).toBe(sha256(4));
  });
});
