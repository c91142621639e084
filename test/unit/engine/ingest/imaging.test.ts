import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DecodeError, renderImage } from '../../../../electron/engine/ingest/imaging.js';
import { corpusPath } from '../../../fixtures/corpus.js';
import { bombPng, sceneJpeg } from '../../../fixtures/generate.js';

const limits = { maxPixels: 200_000_000 };

/** Mean absolute difference of two images reduced to 32×32 grey, 0–255. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const small = (x: Buffer) => sharp(x).resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
  const [pa, pb] = await Promise.all([small(a), small(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pb[i]!);
  return sum / pa.length;
}

describe('renderImage', () => {
  it('turns every EXIF orientation upright in the thumbnail, keeping the stored size', async () => {
    // ianare's landscape_1..8 are one photo stored in the 8 EXIF orientations.
    const upright = await renderImage(readFileSync(corpusPath('ianare-exif-samples', 'jpg', 'orientation', 'landscape_1.jpg')), 'image/jpeg', 1, limits);
    const meta1 = await sharp(upright.thumbnail).metadata();
    for (let o = 2; o <= 8; o++) {
      const bytes = readFileSync(corpusPath('ianare-exif-samples', 'jpg', 'orientation', `landscape_${o}.jpg`));
      const r = await renderImage(bytes, 'image/jpeg', o, limits);
      const stored = await sharp(bytes).metadata();
      expect([r.width, r.height], `orientation ${o}`).toEqual([stored.width, stored.height]);
      const meta = await sharp(r.thumbnail).metadata();
      expect([meta.width, meta.height], `orientation ${o}`).toEqual([meta1.width, meta1.height]);
      expect(await difference(r.thumbnail, upright.thumbnail), `orientation ${o}`).toBeLessThan(8);
    }
  });

  it('makes a WebP thumbnail no larger than 256 px and a PDQ hash', async () => {
    const r = await renderImage(await sceneJpeg({ width: 3000, height: 2000, seed: 3 }), 'image/jpeg', null, limits);
    const meta = await sharp(r.thumbnail).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBe(256);
    expect([r.width, r.height]).toEqual([3000, 2000]);
    expect(r.pdq.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a decompression bomb before decoding it, saying its size', async () => {
    await expect(renderImage(bombPng(20000, 20000), 'image/png', null, limits)).rejects.toThrow(DecodeError);
    await expect(renderImage(bombPng(20000, 20000), 'image/png', null, limits)).rejects.toThrow(/20000×20000 \(400 MP\)/);
  });

  it('decodes HEIC through the wasm decoder', async () => {
    const r = await renderImage(readFileSync(corpusPath('exifr-fixtures', 'heic-iphone7.heic')), 'image/heic', 6, limits);
    expect(r.width * r.height).toBeGreaterThan(1_000_000);
    expect((await sharp(r.thumbnail).metadata()).format).toBe('webp');
  });
});
