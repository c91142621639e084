import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { members, read, readError, scratchFile } from './helpers.js';

describe('plain hash list reader', () => {
  it('tells MD5, SHA-1 and SHA-256 by length, in any case, past comments, blanks and trailing fields', async () => {
    const [a, b, c] = members();
    const text = [
      '# known set, benign test members', '',
      a!.md5, `  ${b!.sha1.toLowerCase()}  trailing words`, `${c!.sha256},with,commas`, `${a!.sha1}\tname.jpg`,
      '   ', '#' + a!.md5,
    ].join('\r\n');
    const records = await read(scratchFile('list.txt', `\ufeff${text}\r\n`), 'list');
    expect(records).toEqual([
      { md5: a!.md5.toLowerCase(), location: { line: 3 } },
      { sha1: b!.sha1.toLowerCase(), location: { line: 4 } },
      { sha256: c!.sha256.toLowerCase(), location: { line: 5 } },
      { sha1: a!.sha1.toLowerCase(), location: { line: 6 } },
    ]);
  });

  it('refuses a line that is not a hash, naming the line and the value', async () => {
    const [a] = members();
    const typo = scratchFile('list.txt', `${a!.md5}\n${a!.md5.slice(0, 31)}\n`);
    expect((await readError(typo, 'list')).message).toBe(
      `list.txt, line 2: hash '${a!.md5.slice(0, 31)}' is not an MD5, SHA-1 or SHA-256 (32, 40 or 64 hex characters)`,
    );
    const notHex = scratchFile('list.txt', `${'g'.repeat(32)}\n`);
    expect((await readError(notHex, 'list')).message).toMatch(/line 1: hash 'g{32}' is not an MD5/);
    const leadingComma = scratchFile('list.txt', `,${a!.md5}\n`);
    expect((await readError(leadingComma, 'list')).message).toMatch(/line 1: hash '' is not/);
  });

  it('streams a 300k-line list', async () => {
    const lines: string[] = [];
    const kinds = ['md5', 'sha1', 'sha256'] as const;
    for (let i = 0; i < 300_000; i++) lines.push(createHash(kinds[i % 3]!).update(String(i)).digest('hex'));
    const file = scratchFile('big-list.txt', `${lines.join('\n')}\n`);
    const started = performance.now();
    let count = 0;
    let sha256 = 0;
    for await (const record of readHashSet(file, 'list')) {
      count++;
      if (record.sha256) sha256++;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(count).toBe(300_000);
    expect(sha256).toBe(100_000);
    console.log(`plain list: ${count} records in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} records/s`);
  });
});
