// The benchmark's evidence: distinct generated 12-megapixel JPEGs (benign scenes with texture, so
// they compress like camera photos, 3–6 MB each). Built once and reused from .bench/.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sceneSvg } from '../fixtures/generate.js';

export const WIDTH = 4000;
export const HEIGHT = 3000;

function noiseTile(seed: number): Promise<Buffer> {
  const size = 256;
  const pixels = Buffer.alloc(size * size * 3);
  let state = seed * 2654435761 || 1;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

export async function ensureBenchCorpus(dir: string, count: number, log: (s: string) => void): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const name = (i: number) => path.join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !existsSync(name(i)));
  if (missing.length) log(`generating ${missing.length} distinct ${WIDTH}×${HEIGHT} JPEGs in ${dir} (once; reused later)…`);
  const tiles = await Promise.all([1, 2, 3, 4].map(noiseTile));
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const i = missing[next++]!;
      const jpeg = await sharp(Buffer.from(sceneSvg({ width: WIDTH, height: HEIGHT, seed: 1000 + i, label: `BENCH ${i}` })))
        .composite([{ input: tiles[i % tiles.length]!, tile: true, blend: 'soft-light' }])
        .jpeg({ quality: 88 })
        .withExif({ IFD0: { Make: 'BenchCam', Model: `B-${i % 5}` }, IFD2: { DateTimeOriginal: '2024:05:06 07:08:09' } })
        .toBuffer();
      writeFileSync(`${name(i)}.tmp`, jpeg);
      const { renameSync } = await import('node:fs');
      renameSync(`${name(i)}.tmp`, name(i));
    }
  };
  await Promise.all([worker(), worker()]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, count)
    .map((f) => path.join(dir, f));
}
