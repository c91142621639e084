// The known-material issue's PDQ criterion on the path ingest really takes (renderImage: the
// working decode, the reference's 512×512 squeeze, the port): Hamming distance ≤ 10 to the C++
// reference on every listed image of quality ≥ 80. Prints the distribution and every exception.
// The exceptions it allows are named, each with its reason shown by another test or measured here.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderImage } from '../../../../electron/engine/ingest/imaging.js';
import { hammingDistance } from '../../../../electron/engine/ingest/pdq.js';
import { sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { corpusPath } from '../../../fixtures/corpus.js';

interface Row {
  file: string;
  hash: string;
  quality: number;
}

function referenceRows(): Row[] {
  return readFileSync(corpusPath('oracles', 'pdq-cpp-reference.csv'), 'utf8')
    .split('\n')
    .filter((line) => /^[0-9a-f]{64},/.test(line))
    .map((line) => {
      const [hash = '', quality = '', ...file] = line.split(',');
      return { hash, quality: Number(quality), file: file.join(',') };
    });
}

interface Outcome {
  row: Row;
  distance: number | null;
  /** Why it is not compared or may differ: 16-bit samples, or no decode here. */
  note: string | null;
}

describe('PDQ on the ingest path against the C++ reference', () => {
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    const rows = referenceRows().filter((r) => r.quality >= 80);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const bytes = readFileSync(corpusPath(row.file));
        const depth = await sharp(bytes).metadata().then((m) => m.depth, () => undefined);
        // CImg keeps only the low byte of a 16-bit sample: the reference hashes noise there
        // (pdq.test.ts rebuilds that input and gets the reference's bits). Lanterne hashes the picture.
        const sixteenBit = depth === 'ushort' || depth === 'short';
        try {
          const rendered = await renderImage(bytes, sniffType(bytes), null, { maxPixels: 200_000_000 });
          outcomes.push({ row, distance: hammingDistance(rendered.pdq.hash, row.hash), note: sixteenBit ? '16-bit' : null });
        } catch (error) {
          outcomes.push({ row, distance: null, note: `not decodable here: ${String((error as Error).message).slice(0, 90)}` });
        }
      }
    };
    await Promise.all([lane(), lane()]);
    outcomes.sort((a, b) => a.row.file.localeCompare(b.row.file));
  }, 300_000);

  it('is within 10 bits on every listed image of quality ≥ 80 that is 8-bit and decodes', () => {
    const ds = outcomes.filter((o) => o.distance !== null).map((o) => o.distance!);
    const within = ds.filter((d) => d <= 10).length;
    const sorted = [...ds].sort((a, b) => a - b);
    console.log(
      `PDQ ingest path vs reference, quality ≥ 80: ${outcomes.length} images, ${within}/${ds.length} decoded within 10 bits ` +
        `(exact ${ds.filter((d) => d === 0).length}, median ${sorted[sorted.length >> 1]}, max ${sorted.at(-1)})\n` +
        outcomes
          .filter((o) => o.distance === null || o.distance > 10)
          .map((o) => `  ${o.distance === null ? '  -' : String(o.distance).padStart(3)}  ${o.row.file}  (${o.note ?? 'no known reason'})`)
          .join('\n'),
    );
    for (const o of outcomes) {
      if (o.note !== null) continue;
      expect(o.distance, o.row.file).toBeLessThanOrEqual(10);
    }
    const excused = outcomes.filter((o) => o.note !== null);
    // Named, and few: the two 16-bit files. (corrupted.jpg, which libvips refuses, is decoded by
    // the fallback JPEG decoder and checked above like any other.)
    expect(excused.map((o) => o.row.file)).toEqual([
      'exifr-fixtures/001.tif',
      'threatexchange-pdq/python-threatexchange-resources/I16.png',
    ]);
    expect(outcomes.find((o) => o.row.file === 'ianare-exif-samples/jpg/corrupted.jpg')?.distance).toBe(0);
  });

  it('hashes an image with an embedded profile as stored, yet shows its thumbnail colour-managed', async () => {
    // landscape_4.jpg carries Apple's "Generic RGB Profile" (gamma 1.8): applied, PDQ moved 14 bits.
    const file = 'ianare-exif-samples/jpg/orientation/landscape_4.jpg';
    expect(outcomes.find((o) => o.row.file === file)?.distance).toBe(0);
    const bytes = readFileSync(corpusPath(file));
    const rendered = await renderImage(bytes, 'image/jpeg', null, { maxPixels: 200_000_000 });
    const grey = (b: Buffer) => sharp(b).resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
    const managed = await grey(await sharp(bytes).resize(256, 256, { fit: 'inside' }).png().toBuffer());
    const unmanaged = await grey(await sharp(bytes, { ignoreIcc: true }).resize(256, 256, { fit: 'inside' }).png().toBuffer());
    const ours = await grey(rendered.thumbnail);
    const meanDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
    console.log(`thumbnail vs colour-managed ${meanDiff(ours, managed).toFixed(2)}, vs profile ignored ${meanDiff(ours, unmanaged).toFixed(2)}`);
    expect(meanDiff(ours, managed)).toBeLessThan(4); // what WebP at quality 75 leaves
    expect(meanDiff(ours, unmanaged)).toBeGreaterThan(6);
  });
});
