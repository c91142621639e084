import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { members, project, read, readError, repoSample, scratchFile, synthetic } from './helpers.js';

const HEADER_2X = '"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"';

describe('NSRLFile.txt reader', () => {
  it('reads every member of the synthetic CRLF file', async () => {
    expect(readFileSync(synthetic('NSRLFile.txt'), 'latin1')).toContain('\r\n');
    const records = await read(synthetic('NSRLFile.txt'), 'nsrl');
    expect(records.map(({ location: _, ...r }) => r)).toEqual(
      members().map((m) => ({ sha1: m.sha1.toLowerCase(), md5: m.md5.toLowerCase(), fileName: m.name, size: m.size })),
    );
    expect(records.map((r) => r.location.line)).toEqual(members().map((_, i) => i + 2));
  });

  it('reads the 1.5 and the 2.x column orders of the NIST sample to the same records', async () => {
    const v15 = await read(repoSample('sample-hashes', 'nsrl', 'NSRL-1.5.txt'));
    const v20 = await read(repoSample('sample-hashes', 'nsrl', 'NSRL-2.0.txt'));
    expect(v15.length).toBe(218);
    const keys: ('sha1' | 'md5' | 'fileName' | 'size')[] = ['sha1', 'md5', 'fileName', 'size'];
    expect(project(v15, keys)).toEqual(project(v20, keys));
    // The 1.5 file puts MD4 (all zeros in the sample) before MD5: the MD5 must not come from it.
    expect(v15[0]).toMatchObject({ sha1: '00d1034546f530d746131ce2a28a052db21652ec', md5: '2193697c470774ea58da24b3bac5fcde', fileName: 'INFODESK.IC$', size: 503 });
  });

  it('tells the version from the header', async () => {
    expect((await describeHashSet(repoSample('sample-hashes', 'nsrl', 'NSRL-1.5.txt'))).version).toBe('1.5');
    expect((await describeHashSet(repoSample('sample-hashes', 'nsrl', 'NSRL-2.0.txt'))).version).toBe('2.x');
    expect(await describeHashSet(synthetic('NSRLFile.txt'))).toMatchObject({ format: 'nsrl', version: '2.x', columns: ['SHA-1', 'MD5', 'CRC32', 'FileName', 'FileSize', 'ProductCode', 'OpSystemCode', 'SpecialCode'] });
  });

  it('keeps odd file names whole: leading spaces, commas and doubled quotes', async () => {
    const [blank] = await read(repoSample('tests-testfiles', 'nsrlfile.txt')).then((r) => r.filter((x) => x.size === 0));
    expect(blank?.fileName).toBe('    ___');
    const file = scratchFile('NSRLFile.txt', `\ufeff${HEADER_2X}\r\n"${'A'.repeat(40)}","${'B'.repeat(32)}","00000000","a, ""b"".txt",7,1,"WIN",""\r\n\r\n`);
    const records = await read(file);
    expect(records).toEqual([{ sha1: 'a'.repeat(40), md5: 'b'.repeat(32), fileName: 'a, "b".txt', size: 7, location: { line: 2 } }]);
  });

  it('names the line of a malformed row', async () => {
    const ok = `"${'A'.repeat(40)}","${'B'.repeat(32)}","00000000","x",1,1,"WIN",""`;
    const short = scratchFile('NSRLFile.txt', `${HEADER_2X}\n${ok}\n"${'A'.repeat(40)}","${'B'.repeat(32)}","00000000","x",1\n`);
    expect((await readError(short, 'nsrl')).message).toBe('NSRLFile.txt, line 3: expected 8 fields as in the header, found 5');
    const badHash = scratchFile('NSRLFile.txt', `${HEADER_2X}\n${ok.replace('"AAAA', '"ZZZZ')}\n`);
    expect((await readError(badHash, 'nsrl')).message).toMatch(/^NSRLFile\.txt, line 2: SHA-1 'ZZZZA+' is not 40 hex characters$/);
    const badSize = scratchFile('NSRLFile.txt', `${HEADER_2X}\n${ok.replace('"x",1,', '"x",-1,')}\n`);
    expect((await readError(badSize, 'nsrl')).message).toBe('NSRLFile.txt, line 2: FileSize -1 is not a size in bytes');
    const open = scratchFile('NSRLFile.txt', `${HEADER_2X}\n${ok.slice(0, -1)}\n`);
    expect((await readError(open, 'nsrl')).message).toBe('NSRLFile.txt, line 2: a quoted field is not closed on its line');
  });

  it('refuses a file without the NSRL header', async () => {
    const file = scratchFile('NSRLFile.txt', `"${'A'.repeat(40)}","${'B'.repeat(32)}"\n`);
    expect((await readError(file, 'nsrl')).message).toMatch(/^NSRLFile\.txt, line 1: Not an NSRLFile\.txt/);
  });
});
