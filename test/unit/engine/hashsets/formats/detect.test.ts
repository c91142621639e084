import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../../electron/engine/hashsets/formats/detect.js';
import { HashSetFormatError } from '../../../../../electron/engine/hashsets/formats/index.js';
import { repoSample, scratchFile, synthetic } from './helpers.js';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('detectFormat', () => {
  it('tells every readable corpus sample by its content', async () => {
    const expected: [string, string][] = [
      [synthetic('vics-1.3-media-hashset.json'), 'vics'],
      [synthetic('vics-2.0-media-hashset.json'), 'vics'],
      [synthetic('vics-2.0-US-case.json'), 'vics'],
      [synthetic('RDS_synthetic_modern_minimal.db'), 'rds'],
      [synthetic('NSRLFile.txt'), 'nsrl'],
      [synthetic('hashdeep-md5-sha256-3files.txt'), 'hashdeep'],
      [repoSample('sample-hashes', 'nsrl', 'NSRL-1.5.txt'), 'nsrl'],
      [repoSample('sample-hashes', 'nsrl', 'NSRL-2.0.txt'), 'nsrl'],
      [repoSample('tests-testfiles', 'nsrlfile.txt'), 'nsrl'],
      [repoSample('sample-hashes', 'hashdeep.txt'), 'hashdeep'],
      [repoSample('sample-hashes', 'md5deep.txt'), 'hashdeep'],
      [repoSample('sample-hashes', 'md5deep-size.txt'), 'hashdeep'],
      [repoSample('tests-from-index', 'hashlist-md5deep.txt'), 'hashdeep'],
      [repoSample('tests-testfiles', 'bsd-hashes.txt'), 'hashdeep'],
      [repoSample('sample-hashes', 'hashkeeper', 'Z00236.hsh'), 'csv'],
    ];
    for (const [file, format] of expected) expect(await detectFormat(file), file).toBe(format);
  });

  it('tells generated files, whatever their names say', async () => {
    const cases: [string, string][] = [
      [`\ufeff{"@odata.context": "x", "value": []}`, 'vics'],
      [`  {\n  "value": [ {"MD5": "${MD5}"} ]}`, 'vics'],
      ['MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;Number of submissions;File Available;Media Type;Baseline\n', 'icse'],
      [`name,sha256\nx,${'a'.repeat(64)}\n`, 'csv'],
      [`"Hash";"Category"\n${MD5};1\n`, 'csv'],
      [`# my list\n\n${MD5.toUpperCase()}\n`, 'list'],
      [`${MD5} one-space-name\n`, 'list'],
      [`${MD5}  two-space-name\n`, 'hashdeep'],
      ['%%%% HASHDEEP-1.0\r\n%%%% md5,filename\r\n', 'hashdeep'],
    ];
    for (const [content, format] of cases) expect(await detectFormat(scratchFile('set.json.txt', content)), content).toBe(format);
  });

  it('says clearly why nothing fits', async () => {
    const cases: [string | Buffer, RegExp][] = [
      ['', /the file is empty/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), /ZIP archive; unpack it/],
      [Buffer.from([0x1f, 0x8b, 8, 0]), /gzip-compressed/],
      [Buffer.from('\ufeffm\0d\0', 'utf16le'), /UTF-16 text; save it as UTF-8/],
      [Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), /it is binary/],
      ['{"items": [1, 2]}', /JSON but not VICS/],
      ['# only\n# comments\n\n', /nothing but comments/],
      ['hello world\n', /it starts with 'hello world' \(expected VICS JSON, NSRL RDS/],
    ];
    for (const [content, message] of cases) {
      const error = await detectFormat(scratchFile('what.bin', content)).then(() => undefined, (e: unknown) => e);
      expect(error, String(content)).toBeInstanceOf(HashSetFormatError);
      expect((error as Error).message, String(content)).toMatch(/^what\.bin: Not a hash set Lanterne can read: /);
      expect((error as Error).message, String(content)).toMatch(message);
    }
    await expect(detectFormat(repoSample('sample-hashes', 'nsrl', 'RDS-000001-15.zip'))).rejects.toThrow(/ZIP archive/);
  });
});
