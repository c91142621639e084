import { describe, expect, it } from 'vitest';
import { describeHashSet, readHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { collect, members, read, readError, repoSample, scratchFile } from './helpers.js';

const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';

describe('generic CSV reader', () => {
  it('sniffs , ; and tab from the header and finds hash columns by name in any spelling', async () => {
    const rows = members().slice(0, 3);
    for (const [delimiter, header] of [[',', 'Name,MD5,SHA-1,Size'], [';', 'file_name;md5;sha_1;file size'], ['\t', 'name\tMd5\tSHA1\tbytes']] as const) {
      const body = rows.map((m) => [m.name, m.md5, m.sha1, m.size].join(delimiter)).join('\n');
      const records = await read(scratchFile('set.csv', `${header}\n${body}\n`), 'csv');
      expect(records.map(({ location: _, ...r }) => r), JSON.stringify(delimiter)).toEqual(
        rows.map((m) => ({ md5: m.md5.toLowerCase(), sha1: m.sha1.toLowerCase(), size: m.size, fileName: m.name })),
      );
    }
  });

  it('follows RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes', async () => {
    const text = `"sha256","category","name"\r\n"${'A'.repeat(64)}",1,"a, ""quoted"" name"\r\n"${'B'.repeat(64)}",,"two\r\nlines"\r\n${'c'.repeat(64)},3,plain\r\n`;
    expect(await read(scratchFile('q.csv', text))).toEqual([
      { sha256: 'a'.repeat(64), category: 1, fileName: 'a, "quoted" name', location: { line: 2 } },
      { sha256: 'b'.repeat(64), category: null, fileName: 'two\nlines', location: { line: 3 } },
      { sha256: 'c'.repeat(64), category: 3, fileName: 'plain', location: { line: 5 } },
    ]);
  });

  it('skips and counts rows without any hash, and passes over blank rows', async () => {
    const stream = readHashSet(scratchFile('gaps.csv', `md5,sha1,name\n${MD5},,a\n,,b\n,,\n\n,${SHA1},c\n`), 'csv');
    const records = await collect(stream);
    expect(records.map((r) => r.fileName)).toEqual(['a', 'c']);
    expect(stream.skipped.count).toBe(1);
    expect(stream.skipped.examples).toEqual(['gaps.csv, line 3: no hash in this row']);
  });

  it('reads a pdq column, and keeps a row whose only hash is a PDQ', async () => {
    const pdq = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    const records = await read(scratchFile('pdq.csv', `md5,PDQ,name\n${MD5},${pdq.toUpperCase()},a\n,${pdq},b\n`));
    expect(records.map((r) => [r.md5 ?? null, r.pdq, r.fileName])).toEqual([[MD5.toLowerCase(), pdq, 'a'], [null, pdq, 'b']]);
  });

  it('reads a Hashkeeper .hsh through its "hash" column (kind by length)', async () => {
    const records = await read(repoSample('sample-hashes', 'hashkeeper', 'Z00236.hsh'));
    expect(records).toHaveLength(6994);
    expect(records[0]).toEqual({ md5: '9497acf3cf8a2e90ae82dae37b6373e4', size: 91136, fileName: 'acsetups.pdb', location: { line: 2 } });
  });

  it('refuses a header without a hash column, a bad hash and a bad category, naming the line', async () => {
    expect((await readError(scratchFile('x.csv', 'name,size\na,1\n'), 'csv')).message).toMatch(/^x\.csv, line 1: No hash column in the CSV header: expected md5, sha1 or sha256/);
    expect((await readError(scratchFile('y.csv', `MD5;name\n${MD5};a\n${MD5}0;b\n`))).message).toBe(`y.csv, line 3: MD5 '${MD5}0' is not 32 hex characters`);
    expect((await readError(scratchFile('z.csv', `md5,category\n${MD5},CAM\n`))).message).toBe('z.csv, line 2: category CAM is not an integer or null');
    expect((await readError(scratchFile('o.csv', `md5,name\n${MD5},"never closed\n`))).message).toMatch(/o\.csv, line 2: a quoted field opened here is never closed/);
    const stray = `md5,name\n${MD5},"stray\n${`${MD5},"x\n`.repeat(5000)}`;
    expect((await readError(scratchFile('s.csv', stray))).message).toBe('s.csv, line 2: a quoted field opened here is not closed within 100 lines or 65536 characters');
  });

  it('describes the columns', async () => {
    expect(await describeHashSet(scratchFile('d.csv', 'Name;SHA-256;Category\n'))).toEqual({ format: 'csv', columns: ['Name', 'SHA-256', 'Category'] });
  });
});
