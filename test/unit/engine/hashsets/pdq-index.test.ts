// PdqIndex answers exactly what a brute-force Hamming scan answers, on both of its paths: the plain
// scan (small indexes) and multi-index hashing (16 chunks of 16 bits, pigeonhole radius ⌊d/16⌋).
// Neighbours are planted at the distances that sit on the pigeonhole's edges for FORMATS.md's match
// distance 31: 15/16/17 (one bit per chunk), 31 (two bits in 15 chunks, one in the last: a single
// chunk within radius 1) and 32 (two bits in every chunk: no chunk within radius 1).
import { describe, expect, it } from 'vitest';
import { PdqIndex, popcount32, splitDihedral } from '../../../../electron/engine/hashsets/pdq-index.js';

const PLANTED = [0, 1, 15, 16, 17, 31, 32, 40];
const MAX_DISTANCES = [0, 1, 15, 31, 32, 63, 100, 256];
// 300 stays under the index's scan-only cutoff (2,048 hashes); the others are indexed.
const SIZES = [300, 3_000, 20_000];

/** mulberry32: seeded, so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const randomHash = (next: () => number): Uint8Array => Uint8Array.from({ length: 32 }, () => Math.floor(next() * 256));
const hex = (h: Uint8Array): string => Buffer.from(h).toString('hex');

function flip(h: Uint8Array, bits: number[]): Uint8Array {
  const out = h.slice();
  for (const b of bits) out[b >> 3]! ^= 0x80 >> (b & 7);
  return out;
}

/** n distinct bit positions chosen at random. */
function randomBits(n: number, next: () => number): number[] {
  const all = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 255; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

/** n bits dealt round-robin over the 16 chunks of 16 bits: spread as evenly as possible. */
function spreadBits(n: number, next: () => number): number[] {
  const offset = Math.floor(next() * 16);
  return Array.from({ length: n }, (_, i) => (i % 16) * 16 + ((Math.floor(i / 16) * 5 + offset) % 16));
}

function distance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < 32; i++) d += popcount32(a[i]! ^ b[i]!);
  return d;
}

interface Corpus {
  hashes: Uint8Array[];
  queries: Uint8Array[];
}

/** Random hashes with neighbours of each query planted at every PLANTED distance, both ways. */
function corpus(size: number, seed: number): Corpus {
  const next = rng(seed);
  const queries = Array.from({ length: 12 }, () => randomHash(next));
  const planted = queries.flatMap((q) => PLANTED.flatMap((d) => [flip(q, randomBits(d, next)), flip(q, spreadBits(d, next))]));
  const hashes = Array.from({ length: size - planted.length }, () => randomHash(next));
  // Scatter the planted ones so they do not all share the last ids.
  for (const p of planted) hashes.splice(Math.floor(next() * (hashes.length + 1)), 0, p);
  return { hashes, queries: [...queries, randomHash(next)] };
}

/** Every hash within maxDistance, nearest first and then in insertion order (a stable sort). */
function bruteForce(hashes: Uint8Array[], q: Uint8Array, maxDistance: number) {
  return bruteForceAll(hashes, q).filter((hit) => hit.distance <= maxDistance);
}

function bruteForceAll(hashes: Uint8Array[], q: Uint8Array) {
  return hashes.map((h, payload) => ({ payload, distance: distance(h, q) })).sort((a, b) => a.distance - b.distance);
}

function indexOf(hashes: Uint8Array[], asString: boolean): PdqIndex<number> {
  const index = new PdqIndex<number>();
  hashes.forEach((h, i) => index.add(asString ? hex(h) : h, i));
  return index;
}

describe('PdqIndex', () => {
  for (const size of SIZES) {
    it(`returns exactly the brute-force hits, nearest first, at ${size} hashes for every maxDistance`, () => {
      const { hashes, queries } = corpus(size, size);
      const index = indexOf(hashes, true);
      expect(index.size).toBe(size);
      for (const q of queries) {
        const all = bruteForceAll(hashes, q);
        for (const maxDistance of MAX_DISTANCES) {
          const got = index.query(hex(q), maxDistance);
          expect(got).toEqual(all.filter((hit) => hit.distance <= maxDistance));
          for (let i = 1; i < got.length; i++) expect(got[i]!.distance).toBeGreaterThanOrEqual(got[i - 1]!.distance);
        }
      }
      // The pigeonhole edges spelled out: both planted 31s (one with a single chunk at radius 1) are
      // matches at 31, and both planted 32s (one with every chunk at 2) are found at 32.
      const q = queries[0]!;
      expect(index.query(q, 31).filter((hit) => hit.distance === 31)).toHaveLength(2);
      expect(index.query(q, 32).filter((hit) => hit.distance === 32)).toHaveLength(2);
    });
  }

  it('stays exact at pigeonhole radius 2 and 3 (maxDistance 32–63), which only pay off on large indexes', () => {
    // 300,000 random hashes: enough for the probes at radius 3 (16 × 697 buckets) to beat a scan.
    // 47 and 63 spread evenly leave a single chunk at radius 2 and 3; 48 and 64 leave none.
    const next = rng(42);
    const words = new Uint32Array(300_000 * 8);
    for (let i = 0; i < words.length; i++) words[i] = Math.floor(next() * 2 ** 32);
    const bytes = new Uint8Array(words.length * 4);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setUint32(i * 4, w));
    const queries = Array.from({ length: 4 }, (_, k) => bytes.slice(k * 32, k * 32 + 32));
    const planted = queries.flatMap((q) => [32, 33, 47, 48, 63, 64].flatMap((d) => [flip(q, spreadBits(d, next)), flip(q, randomBits(d, next))]));
    planted.forEach((p, i) => bytes.set(p, (1_000 + i * 997) * 32));
    const index = new PdqIndex<number>();
    for (let i = 0; i < 300_000; i++) index.add(bytes.subarray(i * 32, i * 32 + 32), i);
    for (const q of queries) {
      for (const maxDistance of [32, 47, 48, 63]) {
        const expected: { payload: number; distance: number }[] = [];
        for (let i = 0; i < 300_000; i++) {
          const d = distance(bytes.subarray(i * 32, i * 32 + 32), q);
          if (d <= maxDistance) expected.push({ payload: i, distance: d });
        }
        expected.sort((a, b) => a.distance - b.distance);
        expect(index.query(q, maxDistance)).toEqual(expected);
      }
      expect(index.query(q, 63).filter((hit) => hit.distance === 63)).toHaveLength(2);
    }
  });

  it('agrees on string and Uint8Array hashes, whichever was stored and whichever is asked', () => {
    const { hashes, queries } = corpus(5_000, 7);
    const byString = indexOf(hashes, true);
    const byBytes = indexOf(hashes, false);
    for (const q of queries) {
      const expected = byString.query(hex(q), 31);
      expect(byString.query(q, 31)).toEqual(expected);
      expect(byBytes.query(hex(q), 31)).toEqual(expected);
      expect(byBytes.query(q, 31)).toEqual(expected);
      expect(byBytes.query(hex(q).toUpperCase(), 31)).toEqual(expected);
    }
    expect(byBytes.query(queries[0]!, 31).length).toBeGreaterThan(0);
  });

  it('sees hashes added after queries, both in the unindexed tail and after a rebuild', () => {
    const next = rng(99);
    const hashes = Array.from({ length: 4_000 }, () => randomHash(next));
    const index = indexOf(hashes, false);
    const q = randomHash(next);
    expect(index.query(q, 31)).toEqual(bruteForce(hashes, q, 31));
    // A few more: scanned as the tail of the built index.
    for (const d of [0, 31, 20]) {
      hashes.push(flip(q, spreadBits(d, next)));
      index.add(hashes[hashes.length - 1]!, hashes.length - 1);
      expect(index.query(q, 31)).toEqual(bruteForce(hashes, q, 31));
    }
    // Enough more to force a rebuild, then one after it.
    for (let i = 0; i < 5_000; i++) {
      hashes.push(i % 1_000 === 0 ? flip(q, randomBits(i % 31, next)) : randomHash(next));
      index.add(hex(hashes[hashes.length - 1]!), hashes.length - 1);
    }
    expect(index.query(q, 31)).toEqual(bruteForce(hashes, q, 31));
    hashes.push(q);
    index.add(q, hashes.length - 1);
    expect(index.query(q, 31)).toEqual(bruteForce(hashes, q, 31));
    expect(index.query(q, 0).at(-1)).toEqual({ payload: hashes.length - 1, distance: 0 });
  });

  it('stays exact inside a dense cluster, where buckets are large and the scan takes over', () => {
    // Real cases hold bursts and re-encodes: thousands of hashes a few bits from each other.
    const next = rng(5);
    const centre = randomHash(next);
    const hashes = Array.from({ length: 6_000 }, (_, i) => (i % 3 ? randomHash(next) : flip(centre, randomBits(Math.floor(next() * 48), next))));
    const index = indexOf(hashes, false);
    for (const maxDistance of [0, 15, 31, 32, 63]) {
      for (const q of [centre, hashes[3]!, hashes[1]!]) expect(index.query(q, maxDistance)).toEqual(bruteForce(hashes, q, maxDistance));
    }
  });

  it('keeps insertion order among equal distances, duplicates included', () => {
    const next = rng(11);
    const h = randomHash(next);
    const index = new PdqIndex<string>();
    for (let i = 0; i < 3_000; i++) index.add(i % 1_000 === 0 ? h : randomHash(next), `p${i}`);
    expect(index.query(h, 0).map((hit) => hit.payload)).toEqual(['p0', 'p1000', 'p2000']);
  });

  it('finds nothing for a negative or NaN maxDistance and everything for a huge one', () => {
    const next = rng(3);
    const hashes = Array.from({ length: 2_500 }, () => randomHash(next));
    const index = indexOf(hashes, false);
    expect(index.query(hashes[0]!, -1)).toEqual([]);
    expect(index.query(hashes[0]!, Number.NaN)).toEqual([]);
    expect(index.query(hashes[0]!, 31.9)).toEqual(bruteForce(hashes, hashes[0]!, 31));
    expect(index.query(hashes[0]!, Number.POSITIVE_INFINITY)).toHaveLength(2_500);
  });

  it('rejects malformed hashes on add and on query', () => {
    const index = new PdqIndex<number>();
    const good = 'ab'.repeat(32);
    for (const bad of ['', 'ab'.repeat(31), `${good}0`, `${good.slice(0, 63)}g`, ` ${good.slice(1)}`, `${good.slice(0, 63)}\n`, `${good.slice(0, 63)}é`]) {
      expect(() => index.add(bad, 0)).toThrow(TypeError);
      expect(() => index.query(bad, 31)).toThrow(TypeError);
    }
    for (const bad of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0)]) {
      expect(() => index.add(bad, 0)).toThrow(TypeError);
      expect(() => index.query(bad, 31)).toThrow(TypeError);
    }
    expect(index.size).toBe(0);
    index.add(good, 1);
    expect(index.query(good.toUpperCase(), 0)).toEqual([{ payload: 1, distance: 0 }]);
  });

  it('splits a dihedral blob into its 32-byte variants', () => {
    const blob = Uint8Array.from({ length: 8 * 32 }, (_, i) => i);
    const variants = splitDihedral(blob);
    expect(variants).toHaveLength(8);
    expect(variants[7]![0]).toBe(224);
    expect(variants.every((v) => v.length === 32)).toBe(true);
  });

  it('counts bits with popcount32, sign bit included', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, -1].map(popcount32)).toEqual([0, 1, 8, 1, 32, 32]);
  });
});
