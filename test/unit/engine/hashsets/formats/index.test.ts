import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HASH_SET_FORMATS, describeHashSet, readHashSet, type HashSetFormat,
} from '../../../../../electron/engine/hashsets/formats/index.js';
import { corpusPath } from '../../../../fixtures/corpus.js';
import { collect, members, read, scratchFile, synthetic } from './helpers.js';

const SETS: [string, HashSetFormat][] = [
  ['vics-1.3-media-hashset.json', 'vics'],
  ['vics-2.0-media-hashset.json', 'vics'],
  ['vics-2.0-US-case.json', 'vics'],
  ['RDS_synthetic_modern_minimal.db', 'rds'],
  ['NSRLFile.txt', 'nsrl'],
  ['hashdeep-md5-sha256-3files.txt', 'hashdeep'],
];
const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('readHashSet', () => {
  it('names the real hashes of the member files, whichever synthetic set it reads', async () => {
    // The oracle for the oracle: hash the benign member files themselves. Some members
    // (metadata-extractor-images/) are not in every copy of the corpus; those are checked
    // against _members.json by the per-format tests only.
    const present = members().filter((m) => existsSync(corpusPath(m.path)));
    expect(present.length).toBeGreaterThanOrEqual(5);
    const truth = new Map(present.map((m) => {
      const bytes = readFileSync(corpusPath(m.path));
      const hex = (algorithm: string): string => createHash(algorithm).update(bytes).digest('hex');
      return [hex('md5'), { sha1: hex('sha1'), sha256: hex('sha256'), size: bytes.length }];
    }));
    for (const [name] of SETS) {
      const records = await read(synthetic(name));
      const checked = records.filter((r) => truth.has(r.md5 ?? ''));
      expect(checked.length, name).toBeGreaterThanOrEqual(Math.min(records.length, 2));
      for (const r of checked) {
        const real = truth.get(r.md5 ?? '')!;
        if (r.sha1) expect(r.sha1, name).toBe(real.sha1);
        if (r.sha256) expect(r.sha256, name).toBe(real.sha256);
        if (r.size !== undefined) expect(r.size, name).toBe(real.size);
      }
    }
  });

  it('reads the same records with the format detected or named, and tells which it read', async () => {
    for (const [name, format] of SETS) {
      const auto = readHashSet(synthetic(name));
      expect(auto.format).toBeUndefined();
      const detected = await collect(auto);
      expect(auto.format, name).toBe(format);
      expect(await read(synthetic(name), format), name).toEqual(detected);
    }
  });

  it('can be read twice, each pass from the start', async () => {
    const stream = readHashSet(synthetic('NSRLFile.txt'));
    expect((await collect(stream)).length).toBe(10);
    expect((await collect(stream)).length).toBe(10);
  });

  it('closes the file when the consumer stops early', async () => {
    const before = openFds();
    for (const [name] of SETS) {
      for await (const record of readHashSet(synthetic(name))) {
        expect(record.location).toBeDefined();
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // stream destruction finishes asynchronously
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('refuses an unknown format name', () => {
    expect(() => readHashSet('x', 'json' as HashSetFormat)).toThrow(/Unknown hash-set format 'json'/);
    expect(HASH_SET_FORMATS).toEqual(['vics', 'rds', 'nsrl', 'hashdeep', 'list', 'csv', 'icse']);
  });
});

describe('describeHashSet', () => {
  it('describes each synthetic set from its head', async () => {
    const shapes = await Promise.all(SETS.map(([name]) => describeHashSet(synthetic(name))));
    expect(shapes.map((d) => [d.format, d.version ?? null])).toEqual([
      ['vics', '1.3'], ['vics', '2.0'], ['vics', '2.0'], ['rds', '0000.00.0'], ['nsrl', '2.x'], ['hashdeep', '1.0'],
    ]);
    expect(await describeHashSet(scratchFile('l.txt', 'd41d8cd98f00b204e9800998ecf8427e\n'))).toEqual({ format: 'list' });
  });
});
