import { describe, expect, it } from 'vitest';
import { describeHashSet, readHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { parseVicsContext } from '../../../../../electron/engine/hashsets/formats/vics.js';
import { collect, members, project, read, readError, scratchFile, synthetic } from './helpers.js';

const V2_MEDIA = 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media';
const vics2 = (value: unknown[], context = V2_MEDIA): string => JSON.stringify({ '@odata.context': context, value }, null, 1);
const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
const SHA256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
// Benign stand-in: 144 bytes as 192 base64 characters (the real thing is never computed here).
const PHOTODNA = Buffer.from(Array.from({ length: 144 }, (_, i) => i)).toString('base64');

describe('VICS reader on the synthetic corpus', () => {
  const expected = members().map((m, i) => ({
    md5: m.md5.toLowerCase(), sha1: m.sha1.toLowerCase(), size: m.size, mediaId: String(i + 1), category: 0,
  }));

  for (const name of ['vics-1.3-media-hashset.json', 'vics-2.0-media-hashset.json', 'vics-2.0-US-case.json']) {
    it(`reads every member of ${name}, hashes lower-cased, in file order`, async () => {
      const records = await read(synthetic(name), 'vics');
      expect(records.map((r) => ({ md5: r.md5, sha1: r.sha1, size: r.size, mediaId: r.mediaId, category: r.category }))).toEqual(expected);
      expect(records.map((r) => r.location.record)).toEqual(expected.map((_, i) => i + 1));
    });
  }

  it('takes file names from MediaFiles in the case file, and string booleans and Tags in the 2.0 set', async () => {
    const cases = await read(synthetic('vics-2.0-US-case.json'));
    expect(cases.map((r) => r.fileName)).toEqual(members().map((m) => m.name));
    expect(cases.every((r) => r.isPrecategorized === false)).toBe(true);
    const set = await read(synthetic('vics-2.0-media-hashset.json'));
    expect(set.every((r) => r.isPrecategorized === false && r.tags?.join() === 'synthetic-benign-test')).toBe(true);
  });

  it('tells version, profile and shape from the root key', async () => {
    expect(await describeHashSet(synthetic('vics-1.3-media-hashset.json'))).toEqual({ format: 'vics', version: '1.3', shape: 'media' });
    expect(await describeHashSet(synthetic('vics-2.0-media-hashset.json'))).toEqual({ format: 'vics', version: '2.0', profile: 'Default', shape: 'media' });
    expect(await describeHashSet(synthetic('vics-2.0-US-case.json'))).toEqual({ format: 'vics', version: '2.0', profile: 'US', shape: 'cases' });
    expect(parseVicsContext('http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/UK/$metadata#Cases')).toEqual({ version: '2.0', profile: 'UK', shape: 'cases' });
    expect(parseVicsContext('http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Media')).toEqual({ version: '1.2', shape: 'media' });
    expect(parseVicsContext('http://example.org/odata/$metadata#Things')).toEqual({});
  });
});

describe('VICS quirks', () => {
  it('accepts booleans as JSON or as strings, and carries PhotoDNA through unchanged', async () => {
    const file = scratchFile('quirks.json', vics2([
      { MediaID: 'a-1', Category: 1, MD5: MD5, SHA1: SHA1, PhotoDNA: PHOTODNA, VictimIdentified: 'true', OffenderIdentified: 'FALSE', IsDistributed: true, IsPrecategorized: 'false', Series: 'Series A', Tags: ['t1', 't2'], MediaSize: '0' },
      { MediaID: 2, Category: null, MD5: MD5.toLowerCase(), VictimIdentified: false, IsDistributed: 'True' },
      { MediaID: 3, MD5: MD5, Tags: 'x, y;z', Series: '' },
    ]));
    const [a, b, c] = await read(file);
    expect(a).toEqual({
      md5: MD5.toLowerCase(), sha1: SHA1.toLowerCase(), photoDna: PHOTODNA, category: 1, mediaId: 'a-1', size: 0,
      victimIdentified: true, offenderIdentified: false, isDistributed: true, isPrecategorized: false,
      series: 'Series A', tags: ['t1', 't2'], location: { record: 1, line: 4 },
    });
    expect(b).toMatchObject({ category: null, victimIdentified: false, isDistributed: true, mediaId: '2' });
    expect(c?.category).toBeNull(); // absent = uncategorised, like null
    expect(c?.tags).toEqual(['x', 'y', 'z']);
    expect(c?.series).toBeUndefined();
  });

  it('keeps a 288-character hex PhotoDNA exactly as written, upper case included', async () => {
    const hex = Buffer.from(PHOTODNA, 'base64').toString('hex').toUpperCase();
    const [r] = await read(scratchFile('hex-pdna.json', vics2([{ MD5: MD5, PhotoDNA: hex }])));
    expect(r?.photoDna).toBe(hex);
  });

  it('finds SHA-256 in AlternativeHashes whatever the HashName spelling, and refuses a contradiction', async () => {
    const file = scratchFile('alt.json', vics2([
      { MD5: MD5, AlternativeHashes: [{ HashName: 'SHA256', HashValue: SHA256 }] },
      { MD5: MD5, AlternativeHashes: [{ HashName: 'SHA-256', HashValue: SHA256 }, { HashName: 'Tiger', HashValue: 'ab' }] },
      { AlternativeHashes: [{ HashName: 'sha_256', HashValue: SHA256.toLowerCase() }, { HashName: 'MD5', HashValue: MD5 }] },
    ]));
    const records = await read(file);
    expect(records.map((r) => [r.md5, r.sha256])).toEqual(Array(3).fill([MD5.toLowerCase(), SHA256.toLowerCase()]));
    const bad = scratchFile('alt-bad.json', vics2([{ MD5: MD5, AlternativeHashes: [{ HashName: 'MD5', HashValue: 'F'.repeat(32) }] }]));
    expect((await readError(bad)).message).toMatch(/record 1 .*contradicts MD5/);
  });

  it('takes a PDQ from AlternativeHashes; a Media with only a PDQ still has a hash to match', async () => {
    const pdq = 'F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22';
    const [r] = await read(scratchFile('pdq.json', vics2([{ MediaID: 1, AlternativeHashes: [{ HashName: 'PDQ', HashValue: pdq }] }])));
    expect(r).toMatchObject({ pdq: pdq.toLowerCase(), mediaId: '1' });
    expect(r?.md5).toBeUndefined();
    const bad = scratchFile('pdq-bad.json', vics2([{ MD5: MD5, AlternativeHashes: [{ HashName: 'pdq', HashValue: 'abc' }] }]));
    expect((await readError(bad)).message).toMatch(/record 1 .*AlternativeHashes PDQ 'abc' is not 64 hex characters/);
  });

  it('streams Media out of every case of a case file', async () => {
    const file = scratchFile('cases.json', vics2([
      { CaseID: 'c1', CaseNumber: 'N1', ContactEmail: 'x@example.org', Media: [{ MD5: MD5 }, { SHA1: SHA1 }] },
      { CaseID: 'c2', Media: [] },
      { CaseID: 'c3', SourceApplicationName: 'app', Media: [{ MD5: MD5, MediaID: 9 }] },
    ], V2_MEDIA.replace('#Media', '#Cases')));
    const records = await read(file);
    expect(records.map((r) => [r.location.record, r.mediaId ?? null])).toEqual([[1, null], [2, null], [3, '9']]);
  });

  it('tells the shape from the elements when there is no context key', async () => {
    const set = scratchFile('bare-set.json', JSON.stringify({ value: [{ MD5: MD5 }, { SHA1: SHA1 }] }));
    expect((await read(set)).length).toBe(2);
    const cases = scratchFile('bare-cases.json', JSON.stringify({ value: [{ CaseID: 'e' }, { CaseID: 'c', Media: [{ MD5: MD5 }] }] }));
    expect((await read(cases)).map((r) => r.md5)).toEqual([MD5.toLowerCase()]);
    expect(await describeHashSet(set)).toEqual({ format: 'vics' });
  });

  it('reads a file with a BOM, CRLF line ends and keys after `value`', async () => {
    const text = `\ufeff{"@odata.context": "${V2_MEDIA}",\r\n "value": [\r\n {"MD5": "${MD5}"}\r\n ],\r\n "@odata.count": 1}\r\n`;
    const [r] = await read(scratchFile('crlf.json', text));
    expect(r?.location).toEqual({ record: 1, line: 3 });
  });

  it('skips and counts a PhotoDNA-only Media, since Lanterne never computes PhotoDNA', async () => {
    const stream = readHashSet(scratchFile('pdna-only.json', vics2([{ MD5: MD5 }, { PhotoDNA: PHOTODNA }, { SHA1: SHA1 }])));
    const records = await collect(stream);
    expect(records.map((r) => r.location.record)).toEqual([1, 3]);
    expect(stream.skipped.count).toBe(1);
    expect(stream.skipped.examples[0]).toMatch(/pdna-only\.json, record 2 .*PhotoDNA only/);
  });
});

describe('VICS errors name the file and the record', () => {
  const refused = async (name: string, content: string): Promise<string> => (await readError(scratchFile(name, content), 'vics')).message;

  it('refuses a bad hash, naming the record and the value', async () => {
    const message = await refused('vics-2.0.json', vics2([{ MD5: MD5 }, { MD5: 'XYZ' }]));
    expect(message).toBe("vics-2.0.json, record 2 (line 7): MD5 'XYZ' is not 32 hex characters");
  });

  it('refuses a file that is not VICS at the top level', async () => {
    expect(await refused('a.json', JSON.stringify({ '@odata.context': V2_MEDIA, items: [] }))).toBe('a.json: Not a VICS file: missing `value` array at top level');
    expect(await refused('b.json', JSON.stringify({ value: { MD5 } }))).toMatch(/Not a VICS file: `value` at top level is not an array/);
    expect(await refused('c.json', '[1, 2]')).toMatch(/Not a VICS file: it does not start with a JSON object/);
  });

  it('refuses malformed and truncated records, and records that are not Media', async () => {
    expect(await refused('m.json', `{"value": [{"MD5": "${MD5}"}, {"MD5": "${MD5}" "SHA1": 1}]}`)).toMatch(/m\.json, record 2 \(line 1\): malformed JSON/);
    const whole = vics2([{ MD5: MD5 }, { MD5: MD5 }]);
    expect(await refused('t.json', whole.slice(0, whole.length - 30))).toMatch(/t\.json, record 2 \(line \d+\): unexpected end of file/);
    expect(await refused('n.json', vics2([{ MD5: MD5 }, 'just a string']))).toMatch(/record 2 .*must be a JSON object/);
    expect(await refused('e.json', vics2([{ Category: 1, MediaID: 4 }]))).toMatch(/record 1 .*no MD5, SHA1, SHA-256 or PDQ/);
    expect(await refused('f.json', vics2([{ MD5: MD5, VictimIdentified: 'maybe' }]))).toMatch(/VictimIdentified maybe is not true or false/);
    expect(await refused('g.json', vics2([{ MD5: MD5, Category: 'CAM' }]))).toMatch(/Category CAM is not an integer or null/);
  });

  it('refuses a Media record over 1 MiB instead of buffering it', async () => {
    const message = await refused('huge.json', vics2([{ MD5: MD5, Notes: 'x'.repeat(1_100_000) }]));
    expect(message).toMatch(/huge\.json, record 1 \(line 4\): a value is longer than 1048576 characters/);
  });
});

describe('VICS record projection', () => {
  it('gives the same hashes for the 1.3 set, the 2.0 set and the 2.0 case file', async () => {
    const keys: ('md5' | 'sha1' | 'size')[] = ['md5', 'sha1', 'size'];
    const a = project(await read(synthetic('vics-1.3-media-hashset.json')), keys);
    expect(project(await read(synthetic('vics-2.0-media-hashset.json')), keys)).toEqual(a);
    expect(project(await read(synthetic('vics-2.0-US-case.json')), keys)).toEqual(a);
  });
});
