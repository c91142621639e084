// Streaming, measured: a VICS 2.0 set far bigger than any one record is read with flat memory.
import { createHash } from 'node:crypto';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readHashSet } from '../../../../../electron/engine/hashsets/formats/index.js';
import { scratchDir } from '../../../../fixtures/corpus.js';

const RECORDS = 300_000;
const md5Of = (i: number): string => createHash('md5').update(`benign-${i}`).digest('hex');
const sha1Of = (i: number): string => createHash('sha1').update(`benign-${i}`).digest('hex');

async function writeBigSet(file: string): Promise<string> {
  const out = createWriteStream(file);
  const digest = createHash('sha256');
  out.write('{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media",\n"value":[\n');
  for (let i = 1; i <= RECORDS; i++) {
    const md5 = md5Of(i);
    digest.update(md5);
    const media = {
      MediaID: i, Category: i % 7 === 0 ? null : i % 5, MD5: md5.toUpperCase(), SHA1: sha1Of(i).toUpperCase(),
      MediaSize: i * 13, IsPrecategorized: i % 2 ? 'true' : false, VictimIdentified: false, Tags: 'generated',
    };
    if (!out.write(`${JSON.stringify(media)}${i < RECORDS ? ',' : ''}\n`)) await once(out, 'drain');
  }
  out.end(']}\n');
  await once(out, 'finish');
  return digest.digest('hex');
}

describe('VICS streaming', () => {
  it(`reads ${RECORDS} records (~60 MB) with heap growth far below the file size`, async () => {
    const dir = scratchDir('lanterne-vics-big-');
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'big-vics-2.0.json');
    const expectedDigest = await writeBigSet(file);
    const bytes = statSync(file).size;
    expect(bytes).toBeGreaterThan(50e6);

    const digest = createHash('sha256');
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    let nullCategories = 0;
    const started = performance.now();
    for await (const record of readHashSet(file)) {
      count++;
      digest.update(record.md5 ?? '');
      if (record.category === null) nullCategories++;
      if (count % 50_000 === 1) {
        expect(record).toMatchObject({ md5: md5Of(count), sha1: sha1Of(count), size: count * 13, mediaId: String(count), location: { record: count, line: count + 2 } });
      }
      if ((count & 1023) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const seconds = (performance.now() - started) / 1000;
    const growth = peak - baseline;

    expect(count).toBe(RECORDS);
    expect(digest.digest('hex')).toBe(expectedDigest); // every MD5, in order
    expect(nullCategories).toBe(Math.floor(RECORDS / 7));
    // Without a forced GC the heap holds some garbage too (measured 17–37 MB); reading the file
    // whole would hold the text alone (≥ its size, twice that as UTF-16) before parsing a record.
    expect(growth).toBeLessThan(bytes * 0.75);
    console.log(
      `VICS streaming: ${count} records, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ` +
      `${Math.round(count / seconds)} records/s (${(bytes / 1e6 / seconds).toFixed(1)} MB/s); peak heap growth ${(growth / 1e6).toFixed(1)} MB`,
    );
  });
});
