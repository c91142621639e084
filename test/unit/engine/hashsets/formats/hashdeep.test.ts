import { describe, expect, it } from 'vitest';
import { describeHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { members, read, readError, repoSample, scratchFile, synthetic } from './helpers.js';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('hashdeep reader', () => {
  it('reads the synthetic hashdeep output: size, md5, sha256 and path of each listed member', async () => {
    const records = await read(synthetic('hashdeep-md5-sha256-3files.txt'), 'hashdeep');
    const byPath = new Map(members().map((m) => [m.path, m]));
    expect(records).toHaveLength(3);
    for (const r of records) {
      const m = byPath.get(r.fileName ?? '');
      expect(m, r.fileName).toBeDefined();
      expect(r).toEqual({ size: m!.size, md5: m!.md5.toLowerCase(), sha256: m!.sha256.toLowerCase(), fileName: m!.path, location: r.location });
    }
    expect(records.map((r) => r.location.line)).toEqual([6, 7, 8]);
  });

  it('reads the hashdeep repository samples', async () => {
    const sample = await read(repoSample('sample-hashes', 'hashdeep.txt'));
    expect(sample[2]).toEqual({
      size: 233, md5: '394b38c0ed3d84aadd046e93ae8b8acc', sha256: 'd4fbf5d919350d1087d298fe8d87ab19e4688b8f77d9e7cd25accf5c0ae74f6e',
      fileName: '/Users/jessek/projects/md5deep/sample-hashes/md5deep.txt', location: { line: 7 },
    });
    const list = await read(repoSample('tests-from-index', 'hashlist-hashdeep.txt'));
    expect(list.map((r) => r.fileName)).toEqual(['/tmp/test/deadbeef.txt', '/tmp/test/foo.txt', '/no/match/em']);
    expect(await describeHashSet(repoSample('sample-hashes', 'hashdeep.txt'))).toEqual({
      format: 'hashdeep', shape: 'hashdeep', version: '1.0', columns: ['size', 'md5', 'sha256', 'filename'],
    });
  });

  it('keeps commas after the last hash as part of the file name, and reads sha1 columns', async () => {
    const file = scratchFile('commas.txt', [
      '%%%% HASHDEEP-1.0', '%%%% size,md5,sha1,filename', '## comment', '#',
      `0,${MD5},${SHA1},/evidence/a,b,,c.jpg`, `0,${MD5.toUpperCase()},${SHA1},/evidence/ends with comma,`,
    ].join('\n'));
    const records = await read(file);
    expect(records.map((r) => r.fileName)).toEqual(['/evidence/a,b,,c.jpg', '/evidence/ends with comma,']);
    expect(records.every((r) => r.md5 === MD5 && r.sha1 === SHA1)).toBe(true);
  });

  it('takes each block of concatenated hashdeep outputs with its own columns', async () => {
    const file = scratchFile('two.txt', [
      '%%%% HASHDEEP-1.0', '%%%% md5,filename', `${MD5},one`,
      '%%%% HASHDEEP-1.0', '%%%% size,sha256,filename', `5,${SHA256},two`,
    ].join('\r\n'));
    expect(await read(file)).toEqual([
      { md5: MD5, fileName: 'one', location: { line: 3 } },
      { size: 5, sha256: SHA256, fileName: 'two', location: { line: 6 } },
    ]);
  });

  it('refuses a short row, a bad hash and data before the column line, naming the line', async () => {
    const short = scratchFile('short.txt', `%%%% HASHDEEP-1.0\n%%%% size,md5,sha256,filename\n12,${MD5}\n`);
    expect((await readError(short)).message).toBe('short.txt, line 3: expected 4 comma-separated fields (size,md5,sha256,filename)');
    const bad = scratchFile('bad.txt', `%%%% HASHDEEP-1.0\n%%%% size,md5,filename\n12,${MD5.slice(1)},x\n`);
    expect((await readError(bad)).message).toBe(`bad.txt, line 3: md5 '${MD5.slice(1)}' is not 32 hex characters`);
    const early = scratchFile('early.txt', `%%%% HASHDEEP-1.0\n12,${MD5},x\n`);
    expect((await readError(early)).message).toBe('early.txt, line 2: data before the %%%% column line');
    const columns = scratchFile('cols.txt', `%%%% HASHDEEP-1.0\n%%%% filename,md5\n`);
    expect((await readError(columns)).message).toBe('cols.txt, line 2: the column line must end with filename');
  });
});

describe('md5deep / md5sum reader', () => {
  it('reads md5deep output and its -z size variant', async () => {
    const plain = await read(repoSample('sample-hashes', 'md5deep.txt'));
    const sized = await read(repoSample('sample-hashes', 'md5deep-size.txt'));
    expect(plain.map((r) => [r.md5, r.fileName])).toEqual(sized.map((r) => [r.md5, r.fileName]));
    expect(sized[0]).toEqual({ size: 669416, md5: '92e792c43c35e96fed3f9566083326fc', fileName: '/Users/jessek/a.out', location: { line: 1 } });
    expect((await describeHashSet(repoSample('sample-hashes', 'md5deep-size.txt'))).shape).toBe('md5deep-size');
    expect((await read(repoSample('tests-from-index', 'hashlist-md5deep.txt'))).map((r) => r.size)).toEqual([12, 44]);
  });

  it('reads md5sum text and binary markers, sha1sum and sha256sum lengths, GNU escapes and BSD tags', async () => {
    const file = scratchFile('sums.txt', [
      `${MD5}  plain name.jpg`, `${SHA1.toUpperCase()} *binary.jpg`, `${SHA256}  ./dir/sub dir/x`,
      `\\${MD5}  back\\\\slash\\nnewline`, '', '# comment', `SHA256 (tagged (1).jpg) = ${SHA256}`,
    ].join('\n'));
    expect(await read(file)).toEqual([
      { md5: MD5, fileName: 'plain name.jpg', location: { line: 1 } },
      { sha1: SHA1, fileName: 'binary.jpg', location: { line: 2 } },
      { sha256: SHA256, fileName: './dir/sub dir/x', location: { line: 3 } },
      { md5: MD5, fileName: 'back\\slash\nnewline', location: { line: 4 } },
      { sha256: SHA256, fileName: 'tagged (1).jpg', location: { line: 7 } },
    ]);
    expect((await read(repoSample('tests-testfiles', 'bsd-hashes.txt'))).map((r) => r.fileName)).toEqual([
      'copying.txt', 'deadbeef.txt', 'foo.txt', 'install.txt', 'one-byte-file.txt',
    ]);
  });

  it('refuses a line that is not a hash listing, as md5deep would warn about it', async () => {
    expect((await readError(repoSample('tests-testfiles', 'known.txt'), 'hashdeep')).message).toBe(
      'known.txt, line 2: not a hashdeep, md5deep or md5sum line (<hash>  <name>)',
    );
    const wrong = scratchFile('tag.txt', `MD5 (x) = ${SHA1}\n`);
    expect((await readError(wrong, 'hashdeep')).message).toBe(`tag.txt, line 1: MD5 '${SHA1}' has the wrong length`);
  });
});
