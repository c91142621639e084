import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BmpDecodeError, decodeBmp, decodeIco, type DecodedPixels } from '../../../../electron/engine/ingest/bmp-decode.js';
import { seededRandom } from '../../../../shared/seeded-random.js';
import {
  BI, bmpFile, encodeBmp, encodeIndexedBmp, expand, fromMask, icoDib, icoFile, packRows, quantise, rleBmp, testPalette,
  type BmpHeader, type RawImage,
} from '../../../fixtures/bmp.js';
import { corpusPath, scratchDir } from '../../../fixtures/corpus.js';
import { scenePng } from '../../../fixtures/generate.js';
import { HAS_EXIFTOOL } from '../../../fixtures/exiftool.js';

const MAX = 100_000_000;
// Odd sizes: rows need padding at every depth, and the image is not square (a swapped side shows).
const W = 37, H = 23;
let rgb: RawImage;
let rgba: RawImage;

beforeAll(async () => {
  const png = await scenePng({ width: W, height: H, seed: 11 });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  rgb = { data, width: info.width, height: info.height, channels: 3 };
  // The same scene with a diagonal alpha ramp, every value from 0 to 255 somewhere.
  const withAlpha = Buffer.alloc(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    withAlpha.set(data.subarray(p * 3, p * 3 + 3), p * 4);
    withAlpha[p * 4 + 3] = ((p % W) * 7 + Math.floor(p / W) * 5) & 0xff;
  }
  rgba = { data: withAlpha, width: W, height: H, channels: 4 };
});

afterEach(() => vi.restoreAllMocks());

/** What a masked depth should decode to: every channel through its mask's bits and back. */
function throughMasks(image: RawImage, masks: number[], channels: 3 | 4): Buffer {
  const out = Buffer.alloc(image.width * image.height * channels);
  for (let p = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < channels; c++) {
      const v = c < image.channels ? image.data[p * image.channels + c]! : 255;
      out[p * channels + c] = fromMask(v, masks[c] ?? 0);
    }
  }
  return out;
}

function expectImage(decoded: DecodedPixels, width: number, height: number, channels: 3 | 4, pixels: Uint8Array): void {
  expect([decoded.width, decoded.height, decoded.channels]).toEqual([width, height, channels]);
  expect(decoded.warnings).toEqual([]);
  expect(Buffer.compare(decoded.pixels, Buffer.from(pixels))).toBe(0);
}

/** Any input ends in pixels of the declared size or a BmpDecodeError, within `ms`. */
function expectContained(decode: () => DecodedPixels | { png: Uint8Array }, ms = 500): string {
  const started = performance.now();
  let outcome: string;
  try {
    const result = decode();
    if ('png' in result) {
      outcome = 'png';
    } else {
      expect(result.pixels.length).toBe(result.width * result.height * result.channels);
      expect([3, 4]).toContain(result.channels);
      outcome = 'pixels';
    }
  } catch (error) {
    if (!(error instanceof BmpDecodeError)) throw error;
    outcome = 'refused';
  }
  expect(performance.now() - started).toBeLessThan(ms);
  return outcome;
}

describe('decodeBmp: direct colour', () => {
  const headers: BmpHeader[] = ['info', 'v2', 'v3', 'v4', 'v5'];

  it('decodes 24-bit exactly under every header, bottom-up and top-down', () => {
    for (const header of headers) {
      for (const topDown of [false, true]) {
        expectImage(decodeBmp(encodeBmp(rgb, { header, bpp: 24, topDown }), MAX), W, H, 3, rgb.data);
      }
    }
    expectImage(decodeBmp(encodeBmp(rgb, { header: 'core', bpp: 24 }), MAX), W, H, 3, rgb.data);
  });

  it('reads plain 32-bit as BGRX: RGB when the fourth byte is unused, RGBA when the file fills it', () => {
    expectImage(decodeBmp(encodeBmp(rgb, { bpp: 32 }), MAX), W, H, 3, rgb.data);
    expectImage(decodeBmp(encodeBmp(rgba, { bpp: 32, topDown: true }), MAX), W, H, 4, rgba.data);
  });

  it('reads 16-bit as 5-5-5 by default and through 5-6-5 bit-field masks', () => {
    expectImage(decodeBmp(encodeBmp(rgb, { bpp: 16 }), MAX), W, H, 3, throughMasks(rgb, [0x7c00, 0x03e0, 0x001f], 3));
    const m565 = [0xf800, 0x07e0, 0x001f];
    expectImage(decodeBmp(encodeBmp(rgb, { bpp: 16, masks: m565 }), MAX), W, H, 3, throughMasks(rgb, m565, 3));
    expectImage(decodeBmp(encodeBmp(rgb, { header: 'v3', bpp: 16, masks: [...m565, 0], topDown: true }), MAX), W, H, 3, throughMasks(rgb, m565, 3));
    // Large images go through a lookup table instead: the same colours.
    const big = { width: 370, height: 230, channels: 4, data: Buffer.alloc(370 * 230 * 4) };
    for (let p = 0; p < 370 * 230; p++) big.data.set(rgba.data.subarray((p % (W * H)) * 4, (p % (W * H)) * 4 + 4), p * 4);
    expectImage(decodeBmp(encodeBmp(big, { bpp: 16, masks: m565 }), MAX), 370, 230, 3, throughMasks(big, m565, 3));
    expectImage(decodeBmp(encodeBmp(big, { header: 'v4', bpp: 16, masks: [0x0f00, 0x00f0, 0x000f, 0xf000] }), MAX), 370, 230, 4,
      throughMasks(big, [0x0f00, 0x00f0, 0x000f, 0xf000], 4));
    // 4-4-4-4 with alpha, from a V4 header.
    const m4444 = [0x0f00, 0x00f0, 0x000f, 0xf000];
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'v4', bpp: 16, masks: m4444 }), MAX), W, H, 4, throughMasks(rgba, m4444, 4));
  });

  it('reads 32-bit bit fields with an alpha mask (V4, V5, ALPHABITFIELDS) as RGBA, exactly', () => {
    const bgra = [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000];
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'v4', bpp: 32, masks: bgra }), MAX), W, H, 4, rgba.data);
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'v5', bpp: 32, masks: bgra, topDown: true }), MAX), W, H, 4, rgba.data);
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'info', bpp: 32, masks: bgra, alphabitfields: true }), MAX), W, H, 4, rgba.data);
    // RGBA byte order and 10-10-10-2: any mask layout, not just the usual one.
    const rgbaOrder = [0x000000ff, 0x0000ff00, 0x00ff0000, 0xff000000];
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'v5', bpp: 32, masks: rgbaOrder }), MAX), W, H, 4, rgba.data);
    const m1010102 = [0x3ff00000, 0x000ffc00, 0x000003ff, 0xc0000000];
    expectImage(decodeBmp(encodeBmp(rgba, { header: 'v5', bpp: 32, masks: m1010102 }), MAX), W, H, 4, throughMasks(rgba, m1010102, 4));
  });

  it('keeps RGB when a mask has no alpha or every alpha value is zero', () => {
    const bgr = [0x00ff0000, 0x0000ff00, 0x000000ff];
    expectImage(decodeBmp(encodeBmp(rgb, { bpp: 32, masks: bgr }), MAX), W, H, 3, rgb.data);
    const zeroAlpha = { ...rgba, data: Buffer.from(rgba.data).map((v, i) => (i % 4 === 3 ? 0 : v)) };
    expectImage(decodeBmp(encodeBmp(zeroAlpha, { header: 'v5', bpp: 32, masks: [...bgr, 0xff000000] }), MAX), W, H, 3, rgb.data);
  });
});

describe('decodeBmp: palettes', () => {
  for (const bpp of [1, 2, 4, 8] as const) {
    it(`maps ${bpp}-bit indices through the palette (core and info headers, both row orders)`, () => {
      const indexed = quantise(rgb, testPalette(1 << bpp));
      const expected = expand(indexed);
      expectImage(decodeBmp(encodeIndexedBmp(indexed, { bpp }), MAX), W, H, 3, expected);
      expectImage(decodeBmp(encodeIndexedBmp(indexed, { bpp, topDown: true, header: 'v5' }), MAX), W, H, 3, expected);
      expectImage(decodeBmp(encodeIndexedBmp(indexed, { bpp, header: 'core' }), MAX), W, H, 3, expected);
    });
  }

  it('honours a short palette (biClrUsed) and shows out-of-palette indices as black', () => {
    const indexed = quantise(rgb, testPalette(5));
    expectImage(decodeBmp(encodeIndexedBmp(indexed, { bpp: 8, clrUsed: 5 }), MAX), W, H, 3, expand(indexed));
    const bytes = encodeIndexedBmp({ ...indexed, indices: indexed.indices.map((i) => (i === 4 ? 200 : i)) }, { bpp: 8, clrUsed: 5 });
    const black = expand({ ...indexed, palette: [...indexed.palette.slice(0, 4), [0, 0, 0]] });
    expectImage(decodeBmp(bytes, MAX), W, H, 3, black);
  });
});

describe('decodeBmp: RLE', () => {
  it('decodes encoder-made RLE8 and RLE4 streams (runs, absolute runs with padding, end of line, end of bitmap)', () => {
    const i8 = quantise(rgb, testPalette(256));
    expectImage(decodeBmp(rleBmp(i8, 8), MAX), W, H, 3, expand(i8));
    const i4 = quantise(rgb, testPalette(16));
    expectImage(decodeBmp(rleBmp(i4, 4), MAX), W, H, 3, expand(i4));
  });

  const palette = testPalette(16);
  const colour = (i: number) => palette[i]!;
  /** A 6×4 expectation from rows written top-first, null for pixels the stream skips (black). */
  const picture = (rows: Array<Array<number | null>>) => Buffer.from(rows.flat().flatMap((i) => (i === null ? [0, 0, 0] : colour(i))));
  const bmpOf = (bits: 4 | 8, stream: number[]) => rleBmp({ width: 6, height: 4, indices: new Uint8Array(24), palette }, bits, Buffer.from(stream));

  it('follows RLE8 delta escapes and stops at end of bitmap (hand-built stream)', () => {
    const stream = [
      3, 1, 0, 3, 2, 3, 4, 0, // bottom row: 1 1 1, absolute 2 3 4 (padded)
      0, 0, // end of line
      0, 2, 2, 1, // delta: right 2, up 1 → skips the second row and lands on row 3 at x 2
      2, 5, 0, 0, // 5 5, end of line
      6, 7, // top row: 7 × 6
      0, 1, // end of bitmap
      9, 9, 9, 9, // ignored
    ];
    const decoded = decodeBmp(bmpOf(8, stream), MAX);
    expectImage(decoded, 6, 4, 3, picture([
      [7, 7, 7, 7, 7, 7],
      [null, null, 5, 5, null, null],
      [null, null, null, null, null, null],
      [1, 1, 1, 2, 3, 4],
    ]));
  });

  it('reads RLE4 runs as alternating nibbles and odd absolute runs with their padding', () => {
    const stream = [
      5, 0x12, 1, 0x30, 0, 0, // 1 2 1 2 1, then 3
      0, 3, 0x45, 0x60, 0, 0, // absolute 4 5 6 (2 bytes: already even), eol
      0, 5, 0x78, 0x9a, 0xb0, 0, 0, 0, // absolute 7 8 9 10 11 (3 bytes + 1 pad), eol
      6, 0xcc, 0, 1,
    ];
    expectImage(decodeBmp(bmpOf(4, stream), MAX), 6, 4, 3, picture([
      [12, 12, 12, 12, 12, 12],
      [7, 8, 9, 10, 11, null],
      [4, 5, 6, null, null, null],
      [1, 2, 1, 2, 1, 3],
    ]));
  });

  it('clips runs past the row, and says how much of a stream that ends early was there', () => {
    const clipped = decodeBmp(bmpOf(8, [200, 1, 0, 0, 0, 1]), MAX);
    expect(clipped.warnings).toEqual([]);
    expect(clipped.pixels.subarray(3 * 6 * 3)).toEqual(Buffer.from(Array(6).fill(colour(1)).flat()));
    const early = decodeBmp(bmpOf(8, [6, 1, 0, 0, 6, 2]), MAX);
    expect(early.warnings).toEqual(['image data truncated: 1 of 4 rows present']);
    expect(early.pixels.subarray(2 * 6 * 3, 3 * 6 * 3)).toEqual(Buffer.from(Array(6).fill(colour(2)).flat()));
  });
});

describe('decodeBmp: damaged and hostile files', () => {
  it('decodes the rows a truncated file holds, black for the rest, and says so', () => {
    const bytes = encodeBmp(rgb, { bpp: 24 });
    const rowBytes = Math.floor((W * 24 + 31) / 32) * 4;
    const cut = bytes.subarray(0, 54 + rowBytes * 10 + 5);
    const decoded = decodeBmp(cut, MAX);
    expect(decoded.warnings).toEqual([`image data truncated: 10 of ${H} rows present`]);
    // Bottom-up: the file's first 10 rows are the picture's bottom 10; one more pixel of the next.
    const bottom = (H - 10) * W * 3;
    expect(Buffer.compare(decoded.pixels.subarray(bottom), rgb.data.subarray(bottom))).toBe(0);
    expect(decoded.pixels.subarray(bottom - W * 3, bottom - W * 3 + 3)).toEqual(rgb.data.subarray(bottom - W * 3, bottom - W * 3 + 3));
    expect(decoded.pixels.subarray(0, bottom - W * 3).every((v) => v === 0)).toBe(true);
    expect(decoded.pixels.subarray(bottom - W * 3 + 3, bottom).every((v) => v === 0)).toBe(true);
  });

  it('refuses a 20000 × 20000 header over the pixel limit before allocating, naming size and limit', () => {
    const alloc = vi.spyOn(Buffer, 'alloc');
    const bytes = bmpFile({ header: 'info', width: 20000, height: 20000, bpp: 24, compression: BI.RGB, data: Buffer.alloc(64) });
    expect(() => decodeBmp(bytes, 100_000_000)).toThrow(BmpDecodeError);
    expect(() => decodeBmp(bytes, 100_000_000)).toThrow('image is 20000×20000 (400 MP), over the 100 MP decode limit');
    expect(alloc.mock.calls.filter(([size]) => Number(size) > 1_000_000)).toEqual([]);
  });

  it('refuses what it does not decode with a sentence: embedded JPEG/PNG, CMYK, bad sizes and depths', () => {
    const base = { header: 'info' as const, width: 4, height: 4, bpp: 24, compression: BI.RGB as number, data: Buffer.alloc(64) };
    const refusal = (spec: Partial<typeof base>) => {
      try {
        decodeBmp(bmpFile({ ...base, ...spec }), MAX);
      } catch (error) {
        expect(error).toBeInstanceOf(BmpDecodeError);
        return (error as Error).message;
      }
      throw new Error('decoded');
    };
    expect(refusal({ compression: BI.JPEG, bpp: 0 })).toMatch(/embedded JPEG \(BI_JPEG\)/);
    expect(refusal({ compression: BI.PNG, bpp: 0 })).toMatch(/embedded PNG \(BI_PNG\)/);
    expect(refusal({ compression: BI.CMYK, bpp: 32 })).toMatch(/CMYK/);
    expect(refusal({ width: 0 })).toMatch(/no usable size \(0×4\)/);
    expect(refusal({ width: -4 })).toMatch(/no usable size/);
    expect(refusal({ width: 100_000 })).toMatch(/no usable size/);
    expect(refusal({ height: -0x80000000 })).toMatch(/no usable size/);
    expect(refusal({ bpp: 7 })).toMatch(/unsupported bit depth 7/);
    expect(refusal({ compression: BI.RLE8, bpp: 24 })).toMatch(/RLE8 compression with 24 bits/);
    expect(refusal({ compression: 9 })).toMatch(/unknown bitmap compression 9/);
    expect(() => decodeBmp(Buffer.from('BM not a bitmap at all'), MAX)).toThrow(/unknown bitmap header size/);
    expect(() => decodeBmp(Buffer.from('GIF89a............'), MAX)).toThrow(/not a BMP file/);
  });

  it('refuses pixel data that starts past the end, and reads from after the palette when the offset points into the headers', () => {
    const bytes = Buffer.from(encodeBmp(rgb, { bpp: 24 }));
    bytes.writeUInt32LE(bytes.length + 10, 10);
    expect(() => decodeBmp(bytes, MAX)).toThrow(/no pixel data/);
    bytes.writeUInt32LE(0xffffffff, 10);
    expect(() => decodeBmp(bytes, MAX)).toThrow(/no pixel data/);
    bytes.writeUInt32LE(0, 10);
    const decoded = decodeBmp(bytes, MAX);
    expect(decoded.warnings).toEqual(['pixel data offset 0 points into the headers; read from 54 instead']);
    expect(Buffer.compare(decoded.pixels, rgb.data)).toBe(0);
  });

  it('survives truncation at every 7th byte of fixtures of each kind', () => {
    const fixtures = [
      encodeBmp(rgb, { bpp: 24 }),
      encodeBmp(rgba, { header: 'v5', bpp: 32, masks: [0xff0000, 0xff00, 0xff, 0xff000000] }),
      encodeIndexedBmp(quantise(rgb, testPalette(16)), { bpp: 4, header: 'core' }),
      rleBmp(quantise(rgb, testPalette(256)), 8),
      rleBmp(quantise(rgb, testPalette(16)), 4),
    ];
    const outcomes = new Map<string, number>();
    for (const bytes of fixtures) {
      for (let n = 0; n < bytes.length; n += 7) {
        const outcome = expectContained(() => decodeBmp(bytes.subarray(0, n), MAX));
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    // Cuts inside the pixels still give pictures; cuts inside the headers are refused.
    expect(outcomes.get('pixels')).toBeGreaterThan(outcomes.get('refused')!);
  });

  it('survives seeded random byte flips and integer stomps in every fixture', () => {
    const random = seededRandom(20261123);
    const indexed = quantise(rgb, testPalette(256));
    const fixtures = [
      encodeBmp(rgb, { bpp: 24, topDown: true }), encodeBmp(rgb, { bpp: 16, masks: [0xf800, 0x7e0, 0x1f] }),
      encodeIndexedBmp(indexed, { bpp: 8 }), rleBmp(indexed, 8), rleBmp(quantise(rgb, testPalette(16)), 4),
      icoFile([{ width: W, height: H, bpp: 24, data: icoDib(rgb, 24, (x) => x < 3) }]),
    ];
    for (let round = 0; round < 3000; round++) {
      const bytes = Buffer.from(fixtures[round % fixtures.length]!);
      for (let k = 1 + Math.floor(random() * 4); k > 0; k--) {
        const at = Math.floor(random() * Math.min(bytes.length, random() < 0.7 ? 140 : bytes.length));
        if (random() < 0.5) bytes[at] = Math.floor(random() * 256);
        else if (at + 4 <= bytes.length) bytes.writeUInt32LE([0, 1, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff][Math.floor(random() * 7)]!, at);
      }
      expectContained(() => (round % fixtures.length === 5 ? decodeIco(bytes, 4_000_000) : decodeBmp(bytes, 4_000_000)));
    }
  });

  it('bounds RLE bombs: endless runs, jumps and escapes end at the image edge', () => {
    const palette = testPalette(4);
    const bomb = (width: number, height: number, stream: Buffer) => rleBmp({ width, height, indices: new Uint8Array(0), palette }, 8, stream);
    const runs = Buffer.alloc(2_000_000, 0xff); // 255 × index 255, a million times, no end of line
    const jumps = Buffer.from(Array(250_000).fill([0, 2, 255, 255]).flat());
    const lines = Buffer.from(Array(500_000).fill([0, 0]).flat());
    const absolute = Buffer.from([0, 255, 1, 2, 3]); // absolute run promising 255 bytes, then nothing
    for (const stream of [runs, jumps, lines, absolute]) {
      expect(expectContained(() => decodeBmp(bomb(2000, 2000, stream), 4_000_000), 2000)).toBe('pixels');
    }
    expect(decodeBmp(bomb(2000, 2000, absolute), MAX).warnings).toEqual(['image data truncated: 0 of 2000 rows present']);
  });
});

describe('decodeIco', () => {
  it('picks the largest entry: a PNG comes back as its bytes, for sharp', async () => {
    const png = await scenePng({ width: 64, height: 64, seed: 3 });
    const ico = icoFile([
      { width: W, height: H, bpp: 32, data: icoDib(rgba, 32, () => false) },
      { width: 64, height: 64, bpp: 32, data: png },
    ]);
    const decoded = decodeIco(ico, MAX);
    expect('png' in decoded && Buffer.from(decoded.png).equals(png)).toBe(true);
  });

  it('decodes a 32-bit DIB entry with its own alpha, ignoring the AND mask', () => {
    const small = { ...rgb, width: 2, height: 1, data: rgb.data.subarray(0, 6) };
    const ico = icoFile([
      { width: 2, height: 1, bpp: 24, data: icoDib(small, 24, () => false) },
      { width: W, height: H, bpp: 32, data: icoDib(rgba, 32, () => true) },
    ]);
    expectImage(decodeIco(ico, MAX) as DecodedPixels, W, H, 4, rgba.data);
  });

  it('turns the AND mask into alpha for an entry without its own, and reads cursors alike', () => {
    const transparent = (x: number, y: number) => (x + y) % 3 === 0;
    const expected = Buffer.alloc(W * H * 4);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        expected.set(rgb.data.subarray(p * 3, p * 3 + 3), p * 4);
        expected[p * 4 + 3] = transparent(x, y) ? 0 : 255;
      }
    }
    for (const type of [1, 2] as const) {
      expectImage(decodeIco(icoFile([{ width: W, height: H, bpp: 24, data: icoDib(rgb, 24, transparent) }], type), MAX) as DecodedPixels, W, H, 4, expected);
    }
    // No bit set in the mask: opaque, so RGB.
    expectImage(decodeIco(icoFile([{ width: W, height: H, bpp: 24, data: icoDib(rgb, 24, () => false) }]), MAX) as DecodedPixels, W, H, 3, rgb.data);
  });

  it('falls back to a smaller entry when the largest is unreadable, and refuses a broken directory', () => {
    const good = { width: W, height: H, bpp: 24, data: icoDib(rgb, 24, () => false) };
    const bad = { width: 200, height: 200, bpp: 32, data: Buffer.from('not a bitmap header at all') };
    const decoded = decodeIco(icoFile([good, bad]), MAX) as DecodedPixels;
    expect([decoded.width, decoded.height]).toEqual([W, H]);
    expect(decoded.warnings[0]).toMatch(/larger icon images unreadable: image 2: unknown bitmap header size/);
    expect(() => decodeIco(icoFile([bad]), MAX)).toThrow(/unknown bitmap header size/);
    expect(() => decodeIco(Buffer.from([0, 0, 1, 0, 9, 0]), MAX)).toThrow(/lists 9 images but the file holds none/);
    expect(() => decodeIco(Buffer.from([0, 0, 7, 0, 1, 0]), MAX)).toThrow(/not an ICO\/CUR file/);
    expect(() => decodeIco(icoFile([good]), 100)).toThrow(`image is ${W}×${H} (0.0 MP), over the 0.0 MP decode limit`);
    const cut = icoFile([{ width: W, height: H, bpp: 24, data: icoDib(rgb, 24, () => true) }]);
    const truncated = decodeIco(cut.subarray(0, cut.length - 20), MAX) as DecodedPixels;
    expect([truncated.channels, truncated.warnings]).toEqual([3, ['icon transparency mask truncated; shown opaque']]);
    const pastEnd = icoFile([good]);
    pastEnd.writeUInt32LE(0xfffffff0, 6 + 12);
    expect(() => decodeIco(pastEnd, MAX)).toThrow(/image offset 4294967280 is past the end/);
  });
});

describe('real files from the corpus', () => {
  it("decodes exiftool's BMP.bmp (8×8, 8-bit: `file` says \"8 x 8 x 8\"; every index 0, white)", () => {
    const bytes = readFileSync(corpusPath('exiftool-t-images', 'BMP.bmp'));
    const decoded = decodeBmp(bytes, MAX);
    expect([decoded.width, decoded.height, decoded.channels, decoded.warnings]).toEqual([8, 8, 3, []]);
    // The file's 64 pixel bytes (at 1078) are all index 0, and palette entry 0 is ff ff ff.
    expect(bytes.subarray(1078).every((v) => v === 0)).toBe(true);
    expect(decoded.pixels.every((v) => v === 255)).toBe(true);
  });

  it("decodes exiftool's ICO.ico (one 1×1 1-bit image)", () => {
    const decoded = decodeIco(readFileSync(corpusPath('exiftool-t-images', 'ICO.ico')), MAX) as DecodedPixels;
    expect([decoded.width, decoded.height]).toEqual([1, 1]);
    expect(decoded.pixels.length).toBe(decoded.channels);
  });
});

// Neither ImageMagick nor PIL is on the build machine; exiftool is, and reads BMP headers on its
// own: it checks that the encoder writes each variant as other tools read it.
const exiftool = HAS_EXIFTOOL;

describe.skipIf(!exiftool)('fixtures as exiftool reads them', () => {
  it('agrees on header version, size, depth and compression for every variant, as does the decoder', () => {
    const dir = scratchDir('lanterne-bmp-');
    const bgra = [0xff0000, 0xff00, 0xff, 0xff000000];
    const cases: Array<[Buffer, string, number, string]> = [
      [encodeBmp(rgb, { header: 'core', bpp: 24 }), 'OS/2 V1', 24, ''],
      [encodeBmp(rgb, { bpp: 24, topDown: true }), 'Windows V3', 24, 'None'],
      [encodeBmp(rgb, { bpp: 16, masks: [0xf800, 0x7e0, 0x1f] }), 'Windows V3', 16, 'Bitfields'],
      [encodeBmp(rgba, { header: 'v4', bpp: 32, masks: bgra }), 'Windows V4', 32, 'Bitfields'],
      [encodeBmp(rgba, { header: 'v5', bpp: 32, masks: bgra, topDown: true }), 'Windows V5', 32, 'Bitfields'],
      [encodeIndexedBmp(quantise(rgb, testPalette(2)), { bpp: 1 }), 'Windows V3', 1, 'None'],
      [rleBmp(quantise(rgb, testPalette(256)), 8), 'Windows V3', 8, '8-Bit RLE'],
      [rleBmp(quantise(rgb, testPalette(16)), 4), 'Windows V3', 4, '4-Bit RLE'],
    ];
    const files = cases.map(([bytes], i) => {
      const file = path.join(dir, `${i}.bmp`);
      writeFileSync(file, bytes);
      return file;
    });
    const read = JSON.parse(execFileSync('exiftool', ['-j', '-BMPVersion', '-ImageWidth', '-ImageHeight', '-BitDepth', '-Compression', ...files], { encoding: 'utf8' })) as
      Array<{ BMPVersion: string; ImageWidth: number; ImageHeight: number; BitDepth: number; Compression?: string }>;
    cases.forEach(([bytes, version, depth, compression], i) => {
      const decoded = decodeBmp(bytes, MAX);
      expect([read[i]!.BMPVersion, read[i]!.ImageWidth, read[i]!.ImageHeight, read[i]!.BitDepth, read[i]!.Compression ?? ''], `case ${i}`)
        .toEqual([version, decoded.width, decoded.height, depth, compression]);
    });
  });
});

describe('speed', () => {
  it('decodes a 12 MP 24-bit BMP in well under a second', () => {
    const width = 4000, height = 3000;
    const bytes = bmpFile({
      header: 'info', width, height, bpp: 24, compression: BI.RGB,
      data: packRows(width, height, 24, false, (x, y) => (x * 7 + y * 13) & 0xffffff),
    });
    decodeBmp(bytes, MAX); // warm the JIT
    const started = performance.now();
    const decoded = decodeBmp(bytes, MAX);
    const ms = performance.now() - started;
    console.log(`12 MP 24-bit BMP decoded in ${ms.toFixed(1)} ms`);
    expect(decoded.pixels.length).toBe(width * height * 3);
    expect(ms).toBeLessThan(1000); // a loose bound for a shared CI machine; typically far less
  });
});
