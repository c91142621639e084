// The frequency-domain half of PDQ: the 64x64 → 16x16 DCT, the eight dihedral transforms done on
// DCT coefficients, the median threshold and the hex encoding. Written from the description and
// the BSD-licensed reference in facebook/ThreatExchange (pdq/cpp/hashing/pdqhashing.cpp,
// pdq/python/pdqhashing/hasher/pdq_hasher.py). The image-domain half lives in pdq.ts.

const DCT_ROWS = 16;
const DCT_COLS = 64;

/**
 * Rows 1..16 of the orthonormal DCT-II basis over 64 samples (row 0, the DC term, is left out as
 * PDQ does: it carries only mean brightness). Built once; 16x64, row-major, in float32 exactly as
 * the reference builds it (float scale factor times a double cosine, stored as float).
 */
const DCT_MATRIX = ((): Float32Array => {
  const m = new Float32Array(DCT_ROWS * DCT_COLS);
  const scale = Math.fround(Math.sqrt(2 / DCT_COLS));
  for (let i = 0; i < DCT_ROWS; i++) {
    for (let j = 0; j < DCT_COLS; j++) {
      m[i * DCT_COLS + j] = scale * Math.cos((Math.PI / 2 / DCT_COLS) * (i + 1) * (2 * j + 1));
    }
  }
  return m;
})();

/**
 * out (16x16) = D · A · Dᵀ for A the 64x64 downsample, D the 16x64 matrix above. Only the 16x16
 * low-frequency corner PDQ keeps is computed (the reference notes a fast full DCT is slower).
 * `scratch` is 16x64 for the intermediate D · A.
 *
 * Float32 arithmetic in the reference's summation order (Float32Array stores round each partial
 * sum, Math.fround each product), so equal inputs give equal bits. Doubles would move only
 * coefficients within rounding of the median, and the hashes of flat images, whose coefficients
 * are nothing but rounding noise around zero (the reference gives every white image the same
 * quality-0 hash, 00001134…; so does this port).
 */
export function dct64To16(a: Float32Array, scratch: Float32Array, out: Float32Array): void {
  const d = DCT_MATRIX;
  // scratch = D · A, walking A row by row so its reads stay sequential; each scratch cell still
  // sums over k in increasing order, as the reference does.
  scratch.fill(0);
  for (let k = 0; k < 64; k++) {
    const aRow = k * 64;
    for (let i = 0; i < 16; i++) {
      const dik = d[i * 64 + k]!;
      const tRow = i * 64;
      for (let j = 0; j < 64; j++) scratch[tRow + j]! += Math.fround(dik * a[aRow + j]!);
    }
  }
  // out = scratch · Dᵀ
  for (let i = 0; i < 16; i++) {
    const tRow = i * 64;
    for (let j = 0; j < 16; j++) {
      const dRow = j * 64;
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = Math.fround(sum + Math.fround(scratch[tRow + k]! * d[dRow + k]!));
      out[i * 16 + j] = sum;
    }
  }
}

/**
 * The eight symmetries of the square. A rotation or flip of the image permutes and sign-flips the
 * DCT coefficients (odd-frequency cosines are antisymmetric; with the DC row dropped they sit at
 * even indices here), so all eight hashes come from one DCT. Same order and names as the
 * reference's pdqdih output; what each name means is spelled out on pdqDihedralFromPixels.
 */
export const DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

/**
 * For coefficient (i, j) of the original: whether it moves to (j, i) and whether it changes sign.
 * Mirrors the reference's dct16OriginalTo* functions, whose sign masks depend on the parity of i
 * and j (the reference's diagram: "rot90 = xpose, - + - +" and so on).
 */
const DIHEDRAL_RULES: Record<DihedralName, { transpose: boolean; negate: (i: number, j: number) => boolean }> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => (j & 1) === 0 },
  rotate180: { transpose: false, negate: (i, j) => ((i + j) & 1) === 1 },
  rotate270: { transpose: true, negate: (i) => (i & 1) === 0 },
  flipX: { transpose: false, negate: (i) => (i & 1) === 0 },
  flipY: { transpose: false, negate: (_i, j) => (j & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => ((i + j) & 1) === 1 },
};

/**
 * Precomputed per variant: destination index and sign for each of the 256 source coefficients,
 * so a variant costs one pass over 256 numbers.
 */
const DIHEDRAL_MAPS = DIHEDRAL_NAMES.map((name) => {
  const rule = DIHEDRAL_RULES[name];
  const dest = new Uint8Array(256);
  const sign = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      dest[i * 16 + j] = rule.transpose ? j * 16 + i : i * 16 + j;
      sign[i * 16 + j] = rule.negate(i, j) ? -1 : 1;
    }
  }
  return { name, dest, sign };
});

export function forEachDihedral(
  dct: Float32Array,
  scratch: Float32Array,
  visit: (name: DihedralName, transformed: Float32Array) => void,
): void {
  for (const { name, dest, sign } of DIHEDRAL_MAPS) {
    for (let k = 0; k < 256; k++) scratch[dest[k]!] = sign[k]! * dct[k]!;
    visit(name, scratch);
  }
}

const sortScratch = new Float32Array(256);
const HEX = '0123456789abcdef';

/**
 * One bit per coefficient: set when it is strictly above the median. The reference's median
 * (Torben's method over 256 values) is the 128th smallest value, which is what is taken here.
 * Bit i*16+j is bit j of 16-bit word i, and the reference prints word 15 first.
 */
export function bitsToHex(dct: Float32Array): string {
  sortScratch.set(dct);
  sortScratch.sort();
  const median = sortScratch[127]!;
  let hex = '';
  for (let word = 15; word >= 0; word--) {
    let w = 0;
    for (let bit = 0; bit < 16; bit++) {
      if (dct[word * 16 + bit]! > median) w |= 1 << bit;
    }
    hex += HEX[(w >>> 12) & 15]! + HEX[(w >>> 8) & 15]! + HEX[(w >>> 4) & 15]! + HEX[w & 15]!;
  }
  return hex;
}
