// PDQ, Meta's 256-bit perceptual hash, ported from the public BSD-licensed reference
// (github.com/facebook/ThreatExchange pdq/cpp: hashing/pdqhashing.cpp, downscaling/downscaling.cpp;
// the algorithm is described in hashing/hashing.pdf there). As the reference does it:
//   RGB → luma (0.299 R + 0.587 G + 0.114 B) → two passes of horizontal + vertical box filters
//   (Jarosz: together a tent filter) with windows of ceil(side / 128) → samples at the centres of
//   a 64x64 grid → quality from the sum of quantised gradients → 16x16 low-frequency DCT → one bit
//   per coefficient above the median.
// Same float32 arithmetic in the same order, so the same bytes give the reference's exact hash (the
// ThreatExchange README's first test of a port); pdq.test.ts pins that on corpus and synthetic images.
//
// What to feed it — measured in test/unit/engine/ingest/pdq.test.ts on the 228 corpus images sharp
// decodes, against pdq-photo-hasher (which decodes with ImageMagick and squeezes anything over 512 px
// to 512x512 by nearest neighbour before hashing):
//   The stored pixels (no EXIF orientation), decoded once with shrink-on-load to a longest side of
//   512: sharp(...).resize(512, 512, { fit: 'inside', withoutEnlargement: true }). On the 106 intact
//   8-bit images that this shrinks, the distance to the reference is median 6, mean 6.8–7.0, max
//   22–24, ≤ 10 bits for 87–89 of them, whatever the kernel: linear 6.85 (6.79 with
//   fastShrinkOnLoad off), cubic 6.91 (6.85), mitchell 6.89 (6.83), lanczos3 7.00 (6.98). Turning
//   fastShrinkOnLoad off buys < 0.1 bit for ~15% more decode time, so leave it on.
//   A full-resolution decode is no closer (median 8, mean 7.9) and costs far more: hashing a 12 MP
//   image takes ~180–230 ms here against ~4 ms at 512x512 (and the decode ~80 ms against ~50 ms).
//   What remains is the decoders (libvips vs ImageMagick on the same JPEG moves up to ~14 bits) and
//   the reference's own squeeze. Two kinds of file differ wholesale: 16-bit images, whose low bytes
//   the reference hashes (CImg<uint8_t> truncates), and damaged files, whose missing data each
//   decoder fills its own way (shrink-on-load included).
//
// Hashes are compared by Hamming distance, never equality. FORMATS.md: a match is distance ≤ 31, and
// quality < 50 is too flat to trust.
import { DIHEDRAL_NAMES, bitsToHex, dct64To16, forEachDihedral, type DihedralName } from './pdq-dct.js';

export interface PdqResult {
  /** 64 lowercase hex characters, 256 bits, in the reference's word order. */
  hash: string;
  /** 0..100; below PDQ_MIN_QUALITY the image is too flat for the hash to mean much. */
  quality: number;
}

export type PdqDihedralHashes = Record<DihedralName, string>;

/** Reference threshold for "same picture" (pdq/README.md; FORMATS.md). */
export const PDQ_MATCH_DISTANCE = 31;
/** Reference advice: hashes of quality below this are too flat to match on. */
export const PDQ_MIN_QUALITY = 50;

/** Images smaller than this on either side get the all-zero hash with quality 0, as in the reference. */
const MIN_HASHABLE_DIM = 5;
const ZERO_HASH = '0'.repeat(64);

/**
 * The reference's float32 luma coefficients (Wikipedia's RGB → Y), as per-value tables: each
 * entry is the float32 product coefficient × value, exactly what the reference computes per pixel.
 */
const lumaTable = (coefficient: number): Float32Array => {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.fround(coefficient) * v;
  return table;
};
const LUMA_R_OF = lumaTable(0.299);
const LUMA_G_OF = lumaTable(0.587);
const LUMA_B_OF = lumaTable(0.114);

/** Luma from interleaved 8-bit pixels (channels 1..4; 1 = already gray, 2 = gray+alpha, 3 = RGB, 4 = RGBA), then PDQ. */
export function pdqFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): PdqResult {
  checkInput(pixels, width, height, channels);
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) return { hash: ZERO_HASH, quality: 0 };
  const quality = downsampleAndDct(pixels, width, height, channels);
  return { hash: bitsToHex(scratch.dct), quality };
}

/**
 * The hash of the original plus the 7 other dihedral variants (rotations/flips) derived from ONE
 * DCT, as the reference's pdqdih does. Order: original, rot90, rot180, rot270, flipX, flipY,
 * flipPlus1, flipMinus1 (same order/names as the reference).
 *
 * Each names what was done to the picture, in the reference's convention: rotate90 is the hash the
 * image would have turned a quarter-turn COUNTER-clockwise (sharp .rotate(270)); rotate270 is
 * sharp .rotate(90); flipX mirrors top to bottom (sharp .flip()), flipY left to right (.flop());
 * flipPlus1 transposes, (x, y) → (y, x); flipMinus1 reflects in the other diagonal.
 * Derived variants approximate the hash of the physically turned image: the box filter and the
 * sampling grid are not symmetric, so a turn samples a pixel or two off. Measured on the corpus
 * (7 turns of each of 174 images): median 0, 90% ≤ 18 bits at full resolution; 4.6% of turns pass
 * 31 bits, nearly all on small detailed images (two thirds of the turns of 256x256 ones), and
 * 5.7% at the 512 px working size. The transpose (flipPlus1) is always exact. The reference
 * behaves the same (pdq/README.md, "Note on Dihedral PDQ Hashes").
 */
export function pdqDihedralFromPixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): { quality: number; hashes: PdqDihedralHashes } {
  checkInput(pixels, width, height, channels);
  const hashes = {} as PdqDihedralHashes;
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
    for (const name of DIHEDRAL_NAMES) hashes[name] = ZERO_HASH;
    return { quality: 0, hashes };
  }
  const quality = downsampleAndDct(pixels, width, height, channels);
  forEachDihedral(scratch.dct, scratch.dctAux, (name, transformed) => {
    hashes[name] = bitsToHex(transformed);
  });
  return { quality, hashes };
}

const HEX_64 = /^[0-9a-fA-F]{64}$/;

/** Bits that differ between two 64-hex-char hashes (either case). Throws on anything else. */
export function hammingDistance(a: string, b: string): number {
  if (!HEX_64.test(a) || !HEX_64.test(b)) {
    throw new TypeError(`PDQ hashes are 64 hex characters; got ${describe(a)} and ${describe(b)}`);
  }
  let distance = 0;
  for (let i = 0; i < 64; i += 8) {
    distance += popcount32((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  }
  return distance;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return value.length > 70 ? `${value.length} characters` : JSON.stringify(value);
}

function checkInput(pixels: Uint8Array, width: number, height: number, channels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PDQ needs a positive integer width and height, got ${width}×${height}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    throw new RangeError(`PDQ takes 1 to 4 interleaved 8-bit channels, got ${channels}`);
  }
  if (pixels.length < width * height * channels) {
    throw new RangeError(
      `PDQ pixel buffer holds ${pixels.length} bytes, ${width}×${height}×${channels} needs ${width * height * channels}`,
    );
  }
}

/**
 * Image rows filtered together. Each box filter is a running float32 sum, a serial chain of
 * rounding steps; four independent rows in one loop let the CPU overlap them (about 3x faster
 * than one row at a time).
 */
const BATCH = 4;

/**
 * Reused between calls: ingest hashes one image after another in each worker, so nothing here is
 * allocated per image once the largest width has been seen. Row-sized buffers only — the filter
 * streams through the image (see jaroszDownsample), so a 12-megapixel image needs about 1 MB of
 * scratch, not the two full-size float copies the reference allocates.
 */
const scratch = {
  lumaRows: new Float32Array(0), // BATCH x width
  ring1: new Float32Array(0), // ringRows x width: pass 1 horizontal output
  colSum1: new Float32Array(0), // width: pass 1 vertical running sums
  bRows: new Float32Array(0), // BATCH x width: pass 1 vertical output
  ring2: new Float32Array(0), // ringRows x 64: pass 2 horizontal output at the sampled columns
  colSum2: new Float32Array(64), // pass 2 vertical running sums
  junk: new Float32Array(0), // width: where rows past the bottom of the image are written
  grid: new Float32Array(64 * 64),
  dctRows: new Float32Array(16 * 64),
  dct: new Float32Array(256),
  dctAux: new Float32Array(256),
};

/** Scratch past this many floats (16 MB) is dropped after use rather than kept for the next image. */
const KEEP_SCRATCH_FLOATS = 4 << 20;

function ensureScratch(width: number, ringRows: number): void {
  if (scratch.colSum1.length < width) {
    scratch.lumaRows = new Float32Array(BATCH * width);
    scratch.colSum1 = new Float32Array(width);
    scratch.bRows = new Float32Array(BATCH * width);
    scratch.junk = new Float32Array(width);
  }
  if (scratch.ring1.length < width * ringRows) scratch.ring1 = new Float32Array(width * ringRows);
  if (scratch.ring2.length < 64 * ringRows) scratch.ring2 = new Float32Array(64 * ringRows);
}

/** The reference's computeJaroszFilterWindowSize(side, 64): half a 64th of the side, rounded up. */
function jaroszWindow(side: number): number {
  return Math.floor((side + 127) / 128);
}

/**
 * A box of `window` taps placed as the reference's box1DFloat places it: output o averages
 * inputs [o - before, o + after], clipped to the image (dividing by the taps that exist).
 */
interface Box {
  before: number;
  after: number;
}
function boxOf(window: number): Box {
  const half = Math.floor((window + 2) / 2);
  return { before: window - half, after: half - 1 };
}
function tapsAt(box: Box, o: number, n: number): number {
  return Math.min(n - 1, o + box.after) - Math.max(0, o - box.before) + 1;
}

/** Luma → Jarosz filter → 64x64 samples → quality, and the 16x16 DCT into scratch.dct. */
function downsampleAndDct(pixels: Uint8Array, width: number, height: number, channels: number): number {
  const grid = scratch.grid;
  if (width === 64 && height === 64) {
    // The reference skips filtering for input that is already 64x64 (pre-scaled video frames).
    for (let r = 0; r < 64; r++) lumaFromRow(pixels, r * 64 * channels, 64, channels, grid, r * 64);
  } else {
    jaroszDownsample(pixels, width, height, channels, grid);
  }
  const quality = qualityOf(grid);
  dct64To16(grid, scratch.dctRows, scratch.dct);
  return quality;
}

/**
 * The reference blurs the whole image (horizontal box, vertical box, twice over) and then keeps
 * 64x64 samples. Here the same four passes stream down the image, and the second pair is
 * evaluated only where the decimation reads it (the sampled columns of each row, then the
 * sampled rows of those columns). Every value still goes through the same float32 operations in
 * the same order as the reference's running sums (Float32Array stores round, Math.fround where a
 * sum lives in a local), so for the same pixels the 64x64 image is bit-identical to the reference.
 */
function jaroszDownsample(pixels: Uint8Array, width: number, height: number, channels: number, grid: Float32Array): void {
  const bx = boxOf(jaroszWindow(width));
  const by = boxOf(jaroszWindow(height));
  // Live at once in each vertical pass: rows o-before-1 .. o+after, plus up to two batches made
  // ahead of need.
  const ringRows = by.before + by.after + 1 + 2 * BATCH;
  ensureScratch(width, ringRows);
  const { lumaRows, ring1, colSum1, bRows, ring2, colSum2, junk } = scratch;

  // Decimation reads cell centres, (int)((i + 0.5) * side / 64); ascending, repeats when side < 64.
  const sampleX = new Int32Array(64);
  const sampleY = new Int32Array(64);
  for (let s = 0; s < 64; s++) {
    sampleX[s] = Math.floor(((s + 0.5) * width) / 64);
    sampleY[s] = Math.floor(((s + 0.5) * height) / 64);
  }
  colSum1.fill(0, 0, width);
  colSum2.fill(0);
  // Where batch row i goes in a ring, or to junk when it is past the bottom of the image.
  const target = (ring: Float32Array, rowLen: number, row: number): [Float32Array, number] =>
    row < height ? [ring, (row % ringRows) * rowLen] : [junk, 0];

  let rowsA = 0; // rows through pass 1 horizontal, in ring1
  let rowsC = 0; // rows through pass 1 vertical and pass 2 horizontal, in ring2
  let s = 0;
  for (let o = 0; o <= sampleY[63]!; o++) {
    // Pass 2 vertical at row o reads pass-2-horizontal rows up to o + after ...
    while (rowsC <= Math.min(height - 1, o + by.after)) {
      // ... each of which is pass 1 vertical at row k, reading pass-1-horizontal rows to k + after.
      while (rowsA <= Math.min(height - 1, rowsC + BATCH - 1 + by.after)) {
        for (let i = 0; i < BATCH && rowsA + i < height; i++) {
          lumaFromRow(pixels, (rowsA + i) * width * channels, width, channels, lumaRows, i * width);
        }
        const [d0, o0] = target(ring1, width, rowsA);
        const [d1, o1] = target(ring1, width, rowsA + 1);
        const [d2, o2] = target(ring1, width, rowsA + 2);
        const [d3, o3] = target(ring1, width, rowsA + 3);
        boxRows4(lumaRows, width, bx, d0, o0, d1, o1, d2, o2, d3, o3);
        rowsA += BATCH;
      }
      for (let i = 0; i < BATCH && rowsC + i < height; i++) {
        const taps = verticalStep(colSum1, ring1, width, rowsC + i, by, height, ringRows);
        for (let c = 0, b = i * width; c < width; c++) bRows[b + c] = colSum1[c]! / taps;
      }
      const [d0, o0] = target(ring2, 64, rowsC);
      const [d1, o1] = target(ring2, 64, rowsC + 1);
      const [d2, o2] = target(ring2, 64, rowsC + 2);
      const [d3, o3] = target(ring2, 64, rowsC + 3);
      boxRows4At(bRows, width, bx, sampleX, d0, o0, d1, o1, d2, o2, d3, o3);
      rowsC += BATCH;
    }
    const taps = verticalStep(colSum2, ring2, 64, o, by, height, ringRows);
    for (; s < 64 && sampleY[s] === o; s++) {
      for (let t = 0; t < 64; t++) grid[s * 64 + t] = colSum2[t]! / taps;
    }
  }
  if (ring1.length > KEEP_SCRATCH_FLOATS) {
    // A giant image (a 30000 px panorama needs ~30 MB of ring) should not pin that for the
    // worker's lifetime; ordinary working images need a few hundred KB.
    scratch.ring1 = new Float32Array(0);
    scratch.colSum1 = new Float32Array(0);
  }
}

/** Gray (alpha, if any, ignored as the reference does) or float32 0.299 R + 0.587 G + 0.114 B. */
function lumaFromRow(pixels: Uint8Array, start: number, width: number, channels: number, out: Float32Array, at: number): void {
  if (channels <= 2) {
    for (let c = 0, p = start; c < width; c++, p += channels) out[at + c] = pixels[p]!;
  } else {
    for (let c = 0, p = start; c < width; c++, p += channels) {
      out[at + c] = Math.fround(LUMA_R_OF[pixels[p]!]! + LUMA_G_OF[pixels[p + 1]!]!) + LUMA_B_OF[pixels[p + 2]!]!;
    }
  }
}

/**
 * The reference's box1DFloat on four rows of `src` (n wide, back to back) at once: a float32
 * running sum divided by the taps in range, in its three phases (window growing at the left
 * edge, full, shrinking at the right edge; a window is never longer than its row, so the phases
 * do not overlap).
 */
function boxRows4(
  src: Float32Array, n: number, box: Box,
  d0: Float32Array, o0: number, d1: Float32Array, o1: number,
  d2: Float32Array, o2: number, d3: Float32Array, o3: number,
): void {
  const f = Math.fround;
  const { before, after } = box;
  const window = before + after + 1;
  const r1 = n, r2 = 2 * n, r3 = 3 * n;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let k = 0; k < after; k++) {
    s0 = f(s0 + src[k]!); s1 = f(s1 + src[r1 + k]!); s2 = f(s2 + src[r2 + k]!); s3 = f(s3 + src[r3 + k]!);
  }
  let o = 0;
  for (; o <= before; o++) {
    const a = o + after;
    const taps = a + 1;
    s0 = f(s0 + src[a]!); s1 = f(s1 + src[r1 + a]!); s2 = f(s2 + src[r2 + a]!); s3 = f(s3 + src[r3 + a]!);
    d0[o0 + o] = s0 / taps; d1[o1 + o] = s1 / taps; d2[o2 + o] = s2 / taps; d3[o3 + o] = s3 / taps;
  }
  for (const end = n - after; o < end; o++) {
    const a = o + after;
    const b = o - before - 1;
    s0 = f(f(s0 + src[a]!) - src[b]!);
    s1 = f(f(s1 + src[r1 + a]!) - src[r1 + b]!);
    s2 = f(f(s2 + src[r2 + a]!) - src[r2 + b]!);
    s3 = f(f(s3 + src[r3 + a]!) - src[r3 + b]!);
    d0[o0 + o] = s0 / window; d1[o1 + o] = s1 / window; d2[o2 + o] = s2 / window; d3[o3 + o] = s3 / window;
  }
  for (; o < n; o++) {
    const b = o - before - 1;
    const taps = n - o + before;
    s0 = f(s0 - src[b]!); s1 = f(s1 - src[r1 + b]!); s2 = f(s2 - src[r2 + b]!); s3 = f(s3 - src[r3 + b]!);
    d0[o0 + o] = s0 / taps; d1[o1 + o] = s1 / taps; d2[o2 + o] = s2 / taps; d3[o3 + o] = s3 / taps;
  }
}

/** boxRows4, keeping only the outputs at the (ascending, possibly repeated) columns in `at`. */
function boxRows4At(
  src: Float32Array, n: number, box: Box, at: Int32Array,
  d0: Float32Array, o0: number, d1: Float32Array, o1: number,
  d2: Float32Array, o2: number, d3: Float32Array, o3: number,
): void {
  const f = Math.fround;
  const { before, after } = box;
  const r1 = n, r2 = 2 * n, r3 = 3 * n;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let k = 0; k < after; k++) {
    s0 = f(s0 + src[k]!); s1 = f(s1 + src[r1 + k]!); s2 = f(s2 + src[r2 + k]!); s3 = f(s3 + src[r3 + k]!);
  }
  let t = 0;
  for (let o = 0; t < 64; o++) {
    const a = o + after;
    const b = o - before - 1;
    if (a < n) {
      s0 = f(s0 + src[a]!); s1 = f(s1 + src[r1 + a]!); s2 = f(s2 + src[r2 + a]!); s3 = f(s3 + src[r3 + a]!);
    }
    if (b >= 0) {
      s0 = f(s0 - src[b]!); s1 = f(s1 - src[r1 + b]!); s2 = f(s2 - src[r2 + b]!); s3 = f(s3 - src[r3 + b]!);
    }
    if (at[t] !== o) continue;
    const taps = tapsAt(box, o, n);
    for (; t < 64 && at[t] === o; t++) {
      d0[o0 + t] = s0 / taps; d1[o1 + t] = s1 / taps; d2[o2 + t] = s2 / taps; d3[o3 + t] = s3 / taps;
    }
  }
}

/**
 * Step o of the reference's box1DFloat run down every column at once: colSum holds each column's
 * running sum over the rows of `ring` (row r in slot r % ringRows), updated add-then-subtract as
 * there. Returns the number of taps to divide by.
 */
function verticalStep(colSum: Float32Array, ring: Float32Array, rowLen: number, o: number, box: Box, n: number, ringRows: number): number {
  const f = Math.fround;
  if (o === 0) {
    // The reference's first phase: rows 0 .. after-1 are summed before anything is written.
    for (let r = 0; r < box.after; r++) {
      const a = (r % ringRows) * rowLen;
      for (let c = 0; c < rowLen; c++) colSum[c] = f(colSum[c]! + ring[a + c]!);
    }
  }
  const add = o + box.after;
  const sub = o - box.before - 1;
  const a = (add % ringRows) * rowLen;
  const b = (sub % ringRows) * rowLen;
  if (add < n && sub >= 0) {
    for (let c = 0; c < rowLen; c++) colSum[c] = f(f(colSum[c]! + ring[a + c]!) - ring[b + c]!);
  } else if (add < n) {
    for (let c = 0; c < rowLen; c++) colSum[c] = f(colSum[c]! + ring[a + c]!);
  } else if (sub >= 0) {
    for (let c = 0; c < rowLen; c++) colSum[c] = f(colSum[c]! - ring[b + c]!);
  }
  return tapsAt(box, o, n);
}

/**
 * The reference's image-domain quality: neighbour differences on the 64x64 downsample, each
 * scaled to percent of full range and truncated (so only real edges count), summed, / 90, ≤ 100.
 */
function qualityOf(grid: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) gradientSum += gradientStep(grid[i * 64 + j]!, grid[(i + 1) * 64 + j]!);
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) gradientSum += gradientStep(grid[i * 64 + j]!, grid[i * 64 + j + 1]!);
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** |(int)(((u - v) * 100) / 255)| with the reference's float32 steps. */
function gradientStep(u: number, v: number): number {
  const f = Math.fround;
  return Math.abs(Math.trunc(f(f(f(u - v) * 100) / 255)));
}
