import { describe, expect, it } from 'vitest';
import { describeHashSet, readHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { collect, members, read, readError, scratchFile } from './helpers.js';

const HEADER = 'MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;Number of submissions;File Available;Media Type;Baseline';
const PHOTODNA = Buffer.from(Array.from({ length: 144 }, (_, i) => 255 - i)).toString('base64');

describe('ICSE baseline CSV reader', () => {
  it('reads hashes, PhotoDNA unchanged, image id, series and yes/no flags in their many spellings', async () => {
    const [a, b] = members();
    const text = [
      HEADER,
      `${a!.md5};${a!.sha1};${PHOTODNA};1001;Yes;no;TRUE;"Series; with semicolon";3;Yes;Image;Yes`,
      `${b!.md5};;;1002;0;1;;;1;No;Image;No`,
    ].join('\r\n');
    const records = await read(scratchFile('baseline.csv', `\ufeff${text}\r\n`), 'icse');
    expect(records).toEqual([
      {
        md5: a!.md5.toLowerCase(), sha1: a!.sha1.toLowerCase(), photoDna: PHOTODNA, mediaId: '1001', series: 'Series; with semicolon',
        isDistributed: true, victimIdentified: false, offenderIdentified: true, location: { line: 2 },
      },
      { md5: b!.md5.toLowerCase(), mediaId: '1002', isDistributed: false, victimIdentified: true, location: { line: 3 } },
    ]);
  });

  it('skips and counts a row with PhotoDNA only', async () => {
    const stream = readHashSet(scratchFile('baseline.csv', `${HEADER}\n;;${PHOTODNA};7;;;;;;;;\n`), 'icse');
    expect(await collect(stream)).toEqual([]);
    expect(stream.skipped.count).toBe(1);
  });

  it('refuses a wrong header, a bad flag and a bad hash, naming the line', async () => {
    expect((await readError(scratchFile('b.csv', 'MD5;SHA1\n'), 'icse')).message).toMatch(/^b\.csv, line 1: Not an ICSE baseline CSV/);
    const [a] = members();
    expect((await readError(scratchFile('c.csv', `${HEADER}\n${a!.md5};;;1;perhaps;;;;;;;\n`), 'icse')).message).toBe('c.csv, line 2: Is distributed perhaps is not true or false');
    expect((await readError(scratchFile('d.csv', `${HEADER}\n${a!.md5};xyz;;1;;;;;;;;\n`), 'icse')).message).toBe("d.csv, line 2: SHA1 'xyz' is not 40 hex characters");
  });

  it('describes the columns', async () => {
    expect((await describeHashSet(scratchFile('e.csv', `${HEADER}\n`))).columns).toEqual(HEADER.split(';'));
  });
});
