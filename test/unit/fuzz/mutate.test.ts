// The fuzzer's mutators must reproduce for a seed (FUZZ_SEED reruns a finding) and produce bytes.
import { describe, expect, it } from 'vitest';
import { applyMutator, findTiffHeaders, MAX_MUTANT_BYTES, mutate, MUTATORS, Rng, seedFrom, splice, stompInt } from '../../fuzz/mutate.js';

function sample(seed: number, length: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length }, () => rng.byte());
}

/** A little-endian TIFF header with IFD0 at 8 and two entries. */
function tiff(): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 2, 0], 0);
  return bytes;
}

function allBytesInRange(bytes: Uint8Array): boolean {
  // A Uint8Array cannot hold anything else; this guards against a mutator returning another type.
  if (!(bytes instanceof Uint8Array)) return false;
  for (const b of bytes) if (!Number.isInteger(b) || b < 0 || b > 255) return false;
  return true;
}

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const sa = Array.from({ length: 100 }, () => a.next32());
    expect(Array.from({ length: 100 }, () => b.next32())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next32())).not.toEqual(sa);
  });

  it('keeps int() in range and byte() in 0..255', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 10_000; i++) {
      const n = 1 + (i % 300);
      const v = rng.int(n);
      expect(v >= 0 && v < n && Number.isInteger(v)).toBe(true);
      const b = rng.byte();
      expect(b >= 0 && b <= 255).toBe(true);
    }
    expect(rng.int(0)).toBe(0);
  });

  it('reads FUZZ_SEED as a number or hashes a string', () => {
    expect(seedFrom('1729')).toBe(1729);
    expect(seedFrom('abc')).toBe(seedFrom('abc'));
    expect(seedFrom('abc')).not.toBe(seedFrom('abd'));
  });
});

describe('mutators', () => {
  const inputs = [new Uint8Array(0), new Uint8Array([0x41]), sample(1, 1000), tiff()];

  it.each(MUTATORS)('%s is deterministic for a seed and never produces out-of-range bytes', (name) => {
    for (const [i, input] of inputs.entries()) {
      for (let seed = 0; seed < 50; seed++) {
        const other = inputs[(i + 1) % inputs.length]!;
        const copy = Uint8Array.from(input);
        const first = applyMutator(name, input, new Rng(seed), other);
        const second = applyMutator(name, input, new Rng(seed), other);
        expect(second).toEqual(first);
        expect(allBytesInRange(first)).toBe(true);
        expect(first.length).toBeLessThanOrEqual(Math.max(input.length + other.length, input.length * 2));
        expect(input).toEqual(copy); // inputs are never mutated in place
      }
    }
  });

  it('stacked mutate() reproduces for a seed and its steps name real mutators', () => {
    const pool = [sample(2, 500), tiff()];
    for (let seed = 0; seed < 200; seed++) {
      const a = mutate(pool[0]!, new Rng(seed), pool);
      const b = mutate(pool[0]!, new Rng(seed), pool);
      expect(b.bytes).toEqual(a.bytes);
      expect(b.steps).toEqual(a.steps);
      expect(a.steps.length).toBeGreaterThanOrEqual(1);
      expect(a.steps.every((s) => MUTATORS.includes(s))).toBe(true);
      expect(allBytesInRange(a.bytes)).toBe(true);
      expect(a.bytes.length).toBeLessThanOrEqual(MAX_MUTANT_BYTES);
    }
  });

  it('different seeds give different mutants', () => {
    const input = sample(3, 2000);
    const outs = new Set(Array.from({ length: 50 }, (_, seed) => Buffer.from(mutate(input, new Rng(seed)).bytes).toString('hex')));
    expect(outs.size).toBeGreaterThan(40);
  });

  it('splice joins a head of one input to a tail of the other', () => {
    const a = new Uint8Array(10).fill(1), b = new Uint8Array(10).fill(2);
    const out = splice(a, b, new Rng(5));
    const cut = out.indexOf(2) === -1 ? out.length : out.indexOf(2);
    expect(out.subarray(0, cut).every((x) => x === 1)).toBe(true);
    expect(out.subarray(cut).every((x) => x === 2)).toBe(true);
  });

  it('stompInt finds TIFF headers and keeps the length', () => {
    expect(findTiffHeaders(tiff())).toEqual([{ at: 0, little: true }]);
    const input = tiff();
    let changed = 0;
    for (let seed = 0; seed < 100; seed++) {
      const out = stompInt(input, new Rng(seed));
      expect(out.length).toBe(input.length);
      if (Buffer.compare(out, input) !== 0) changed++;
    }
    expect(changed).toBeGreaterThan(50);
  });
});
