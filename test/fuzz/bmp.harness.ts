// Fuzz harness: decodeBmp/decodeIco on mutated bitmaps. Their contract (bmp-decode.ts) is "pixels
// or a BmpDecodeError": a finding is any other throw, a pixel buffer whose length is not
// width × height × channels, a size or channel count out of range, or an execution over 2 s.
// Seeds: the test encoder's fixtures (every header, depth and compression), plus the corpus's
// BMP.bmp and ICO.ico.
import { readFile } from 'node:fs/promises';
import { BmpDecodeError, decodeBmp, decodeIco } from '../../electron/engine/ingest/bmp-decode.js';
import { seededRandom } from '../../shared/seeded-random.js';
import {
  encodeBmp, encodeIndexedBmp, icoDib, icoFile, quantise, rleBmp, testPalette, type BmpHeader, type RawImage,
} from '../fixtures/bmp.js';
import { corpusPath } from '../fixtures/corpus.js';
import { describeError, mutate, type Finding, type Harness, type Rng } from './mutate.js';

const TIME_LIMIT_MS = 2000;
/** Small, so a mutated size field is refused or decodes fast; big enough for 2000×2000 bombs. */
const MAX_PIXELS = 4_000_000;

interface Seed { name: string; bytes: Uint8Array }

/** A 29×17 picture of gradients and noise, with an alpha ramp: every depth has something to show. */
function picture(channels: 3 | 4): RawImage {
  const width = 29, height = 17;
  const random = seededRandom(7);
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += channels) {
      data[o] = x * 8;
      data[o + 1] = y * 15;
      data[o + 2] = Math.floor(random() * 256);
      if (channels === 4) data[o + 3] = (x + y) * 6;
    }
  }
  return { data, width, height, channels };
}

function encoderSeeds(): Seed[] {
  const rgb = picture(3), rgba = picture(4);
  const seeds: Seed[] = [];
  const add = (name: string, bytes: Uint8Array) => seeds.push({ name, bytes });
  for (const header of ['core', 'info', 'v3', 'v5'] as BmpHeader[]) {
    add(`${header} 24-bit`, encodeBmp(rgb, { header, bpp: 24 }));
    for (const bpp of [1, 4, 8] as const) add(`${header} ${bpp}-bit`, encodeIndexedBmp(quantise(rgb, testPalette(1 << bpp)), { header, bpp }));
  }
  add('24-bit top-down', encodeBmp(rgb, { bpp: 24, topDown: true }));
  add('32-bit BGRX', encodeBmp(rgb, { bpp: 32 }));
  add('32-bit BGRA', encodeBmp(rgba, { bpp: 32 }));
  add('16-bit 555', encodeBmp(rgb, { bpp: 16 }));
  add('16-bit 565 bitfields', encodeBmp(rgb, { bpp: 16, masks: [0xf800, 0x07e0, 0x001f] }));
  add('v4 32-bit alpha bitfields', encodeBmp(rgba, { header: 'v4', bpp: 32, masks: [0xff0000, 0xff00, 0xff, 0xff000000], topDown: true }));
  add('alphabitfields', encodeBmp(rgba, { bpp: 32, masks: [0x3ff00000, 0xffc00, 0x3ff, 0xc0000000], alphabitfields: true }));
  add('RLE8', rleBmp(quantise(rgb, testPalette(256)), 8));
  add('RLE4', rleBmp(quantise(rgb, testPalette(16)), 4));
  add('ICO 24-bit + mask', icoFile([{ width: 29, height: 17, bpp: 24, data: icoDib(rgb, 24, (x, y) => (x ^ y) % 5 === 0) }]));
  add('ICO 32-bit x2', icoFile([
    { width: 29, height: 17, bpp: 32, data: icoDib(rgba, 32, () => false) },
    { width: 2, height: 1, bpp: 24, data: icoDib({ ...rgb, width: 2, height: 1, data: rgb.data.subarray(0, 6) }, 24, () => true) },
  ]));
  add('CUR', icoFile([{ width: 29, height: 17, bpp: 24, data: icoDib(rgb, 24, () => false) }], 2));
  return seeds;
}

export function bmpHarness(): Harness {
  const seeds: Seed[] = [];
  return {
    name: 'bmp',
    async setup(): Promise<number> {
      seeds.push(...encoderSeeds());
      for (const file of ['BMP.bmp', 'ICO.ico']) {
        seeds.push({ name: `corpus ${file}`, bytes: new Uint8Array(await readFile(corpusPath('exiftool-t-images', file))) });
      }
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      const seed = rng.pick(seeds);
      const { bytes, steps } = mutate(seed.bytes, rng, seeds.map((s) => s.bytes));
      // Mostly the decoder the seed was made for; sometimes the other, on bytes it does not expect.
      const asIco = (seed.bytes[0] === 0) !== rng.bool(0.1);
      const description = `seed ${seed.name} (${bytes.length} B) as ${asIco ? 'ICO' : 'BMP'}, mutators: ${steps.join(', ')}`;
      const started = performance.now();
      try {
        const result = asIco ? decodeIco(bytes, MAX_PIXELS) : decodeBmp(bytes, MAX_PIXELS);
        const ms = performance.now() - started;
        if (ms > TIME_LIMIT_MS) return { input: bytes, error: `slow: ${ms.toFixed(0)} ms (limit ${TIME_LIMIT_MS})`, description };
        if ('png' in result) return null;
        const { pixels, width, height, channels, warnings } = result;
        const sizeOk = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height <= MAX_PIXELS;
        if (!sizeOk || (channels !== 3 && channels !== 4)) {
          return { input: bytes, error: `bad result shape: ${width}×${height}, ${channels} channels`, description };
        }
        if (pixels.length !== width * height * channels) {
          return { input: bytes, error: `pixel buffer is ${pixels.length} bytes, not ${width}×${height}×${channels}`, description };
        }
        if (!warnings.every((w) => typeof w === 'string' && w.length > 0 && w.length < 1000)) {
          return { input: bytes, error: 'a warning is empty or not a sentence', description };
        }
        return null;
      } catch (error) {
        if (error instanceof BmpDecodeError && error.message.length > 0) return null;
        return { input: bytes, error: `threw: ${describeError(error)}`, description };
      }
    },
  };
}
