// Seeded byte mutators for the in-process fuzzer (`npm run fuzz`). Everything here is a pure
// function of (input, rng state): the same seed gives the same mutants, so a run reproduces.

/** A small deterministic PRNG (mulberry32): 32-bit state, uniform 32-bit outputs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform unsigned 32-bit integer. */
  next32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n); 0 when n <= 0. */
  int(n: number): number {
    if (n <= 0) return 0;
    return Math.floor((this.next32() / 0x1_0000_0000) * n);
  }

  byte(): number {
    return this.next32() & 0xff;
  }

  bool(pTrue = 0.5): boolean {
    return this.next32() / 0x1_0000_0000 < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

/** Seed from a string or number (FUZZ_SEED): numbers as is, strings by FNV-1a. */
export function seedFrom(value: string | number): number {
  if (typeof value === 'number') return value >>> 0;
  if (/^\d+$/.test(value)) return Number(value) >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Mutants never grow past this many bytes (keeps an execution fast and memory flat). */
export const MAX_MUTANT_BYTES = 4 * 1024 * 1024;

export type MutatorName =
  | 'bitFlip'
  | 'setZero'
  | 'setFF'
  | 'setRandom'
  | 'deleteChunk'
  | 'duplicateChunk'
  | 'truncate'
  | 'splice'
  | 'stompInt';

export const MUTATORS: readonly MutatorName[] = [
  'bitFlip', 'setZero', 'setFF', 'setRandom', 'deleteChunk', 'duplicateChunk', 'truncate', 'splice', 'stompInt',
];

export function bitFlip(input: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(input);
  if (out.length === 0) return out;
  const i = rng.int(out.length);
  out[i] = ((out[i] ?? 0) ^ (1 << rng.int(8))) & 0xff;
  return out;
}

function setBytes(input: Uint8Array, rng: Rng, value: () => number): Uint8Array {
  const out = Uint8Array.from(input);
  if (out.length === 0) return out;
  const count = 1 + rng.int(Math.min(8, out.length));
  const start = rng.int(out.length);
  for (let k = 0; k < count && start + k < out.length; k++) out[start + k] = value() & 0xff;
  return out;
}

export const setZero = (input: Uint8Array, rng: Rng): Uint8Array => setBytes(input, rng, () => 0x00);
export const setFF = (input: Uint8Array, rng: Rng): Uint8Array => setBytes(input, rng, () => 0xff);
export const setRandom = (input: Uint8Array, rng: Rng): Uint8Array => setBytes(input, rng, () => rng.byte());

/** A chunk length: mostly small, sometimes up to a quarter of the input. */
function chunkLength(rng: Rng, length: number): number {
  if (length <= 1) return length;
  return 1 + (rng.bool(0.7) ? rng.int(Math.min(32, length)) : rng.int(Math.max(1, length >>> 2)));
}

export function deleteChunk(input: Uint8Array, rng: Rng): Uint8Array {
  if (input.length === 0) return Uint8Array.from(input);
  const len = chunkLength(rng, input.length);
  const start = rng.int(input.length - len + 1);
  const out = new Uint8Array(input.length - len);
  out.set(input.subarray(0, start), 0);
  out.set(input.subarray(start + len), start);
  return out;
}

export function duplicateChunk(input: Uint8Array, rng: Rng): Uint8Array {
  if (input.length === 0) return Uint8Array.from(input);
  let len = chunkLength(rng, input.length);
  if (input.length + len > MAX_MUTANT_BYTES) len = Math.max(0, MAX_MUTANT_BYTES - input.length);
  const start = rng.int(input.length - len + 1);
  const at = rng.int(input.length + 1);
  const chunk = input.subarray(start, start + len);
  const out = new Uint8Array(input.length + chunk.length);
  out.set(input.subarray(0, at), 0);
  out.set(chunk, at);
  out.set(input.subarray(at), at + chunk.length);
  return out;
}

export function truncate(input: Uint8Array, rng: Rng): Uint8Array {
  return Uint8Array.from(input.subarray(0, rng.int(input.length + 1)));
}

/** The head of one input, then the tail of another (cut points chosen independently). */
export function splice(a: Uint8Array, b: Uint8Array, rng: Rng): Uint8Array {
  const cutA = rng.int(a.length + 1);
  const cutB = rng.int(b.length + 1);
  const tail = b.subarray(cutB, cutB + Math.max(0, MAX_MUTANT_BYTES - cutA));
  const out = new Uint8Array(cutA + tail.length);
  out.set(a.subarray(0, cutA), 0);
  out.set(tail, cutA);
  return out;
}

/** Where TIFF headers ("II*\0" / "MM\0*") start in the input, with their byte order. */
export function findTiffHeaders(input: Uint8Array, limit = 16): Array<{ at: number; little: boolean }> {
  const found: Array<{ at: number; little: boolean }> = [];
  for (let i = 0; i + 3 < input.length && found.length < limit; i++) {
    const a = input[i], b = input[i + 1], c = input[i + 2], d = input[i + 3];
    if (a === 0x49 && b === 0x49 && c === 0x2a && d === 0x00) found.push({ at: i, little: true });
    else if (a === 0x4d && b === 0x4d && c === 0x00 && d === 0x2a) found.push({ at: i, little: false });
  }
  return found;
}

function interestingInts(length: number, rng: Rng): number[] {
  return [
    0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
    length, length + 1, length - 1, length >>> 1, rng.next32(),
  ].map((v) => v >>> 0);
}

/**
 * Overwrite a 16- or 32-bit integer near a TIFF/EXIF structure (IFD offsets, entry counts,
 * value counts and offsets) with a boundary value, in the header's byte order. Without a TIFF
 * header, stomps a random aligned position (big-endian, like most container box sizes).
 */
export function stompInt(input: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(input);
  if (out.length < 2) return out;
  const headers = findTiffHeaders(out);
  let pos: number;
  let little = false;
  if (headers.length > 0 && rng.bool(0.85)) {
    const h = rng.pick(headers);
    little = h.little;
    // The IFD0 offset field (h+4), the IFD0 entry count, or somewhere in the first IFDs.
    const choice = rng.int(3);
    if (choice === 0) pos = h.at + 4;
    else {
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const ifd0 = h.at + 8 <= out.length ? view.getUint32(h.at + 4, little) : 8;
      const base = choice === 1 && h.at + ifd0 < out.length ? h.at + ifd0 : h.at;
      pos = base + 2 * rng.int(Math.min(2048, 1 + ((out.length - base) >>> 1)));
    }
  } else {
    pos = rng.int(out.length) & ~1;
  }
  const width = rng.bool() ? 4 : 2;
  if (pos < 0 || pos + width > out.length) pos = Math.max(0, out.length - width);
  if (pos + width > out.length) return out;
  const value = rng.pick(interestingInts(out.length, rng));
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (width === 4) view.setUint32(pos, value, little);
  else view.setUint16(pos, value & 0xffff, little);
  return out;
}

/** Apply one named mutator. `other` is the second input of a splice (defaults to `input`). */
export function applyMutator(name: MutatorName, input: Uint8Array, rng: Rng, other?: Uint8Array): Uint8Array {
  switch (name) {
    case 'bitFlip': return bitFlip(input, rng);
    case 'setZero': return setZero(input, rng);
    case 'setFF': return setFF(input, rng);
    case 'setRandom': return setRandom(input, rng);
    case 'deleteChunk': return deleteChunk(input, rng);
    case 'duplicateChunk': return duplicateChunk(input, rng);
    case 'truncate': return truncate(input, rng);
    case 'splice': return splice(input, other ?? input, rng);
    case 'stompInt': return stompInt(input, rng);
  }
}

export interface Mutant {
  bytes: Uint8Array;
  /** The mutators applied, in order: the minimal description a finding prints. */
  steps: MutatorName[];
}

/**
 * 1 to `maxSteps` stacked mutations of `input`. Truncation is rarer than the rest (it destroys
 * most of the input), and splice draws its partner from `pool`.
 */
export function mutate(input: Uint8Array, rng: Rng, pool: readonly Uint8Array[] = [], maxSteps = 4): Mutant {
  const steps: MutatorName[] = [];
  let bytes = input;
  const count = 1 + rng.int(maxSteps);
  for (let i = 0; i < count; i++) {
    let name = rng.pick(MUTATORS);
    if (name === 'truncate' && rng.bool(0.6)) name = 'bitFlip';
    const other = name === 'splice' && pool.length > 0 ? rng.pick(pool) : undefined;
    bytes = applyMutator(name, bytes, rng, other);
    steps.push(name);
  }
  if (bytes === input) bytes = Uint8Array.from(input);
  return { bytes, steps };
}

// ---- The contract between run.ts and the harnesses -------------------------------------------

/** One problem found: the input that caused it, what went wrong, and how the input was made. */
export interface Finding {
  input: Uint8Array;
  /** The error: class and message, or "hang", "not JSON-serialisable: ...". */
  error: string;
  /** Seed file, mutators applied, and anything else needed to understand the input. */
  description: string;
}

export interface Harness {
  readonly name: string;
  /** Load seeds; returns how many there are. */
  setup(rng: Rng): Promise<number>;
  /** One execution on a fresh mutant: null if the target behaved. */
  runOne(rng: Rng): Promise<Finding | null>;
  teardown?(): Promise<void>;
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`did not settle within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Races `work` against a timer. Only catches async hangs: a synchronous loop blocks the timer too. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return `non-Error thrown: ${String(error)}`.slice(0, 500);
}

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/**
 * One execution of a synchronous parser of hostile bytes on a fresh mutant of one of `seeds`: a
 * finding when it throws (`expected` names what it may throw instead: a decoder's own error),
 * takes over `limitMs` (a synchronous loop cannot be timed out, only measured), or `check` says
 * what is wrong with its result.
 */
export function fuzzOnce<S extends Seed, T>(
  rng: Rng,
  seeds: readonly S[],
  limitMs: number,
  parse: (bytes: Buffer, seed: S) => T,
  check: (result: T) => string | null,
  expected?: (error: unknown) => boolean,
): Finding | null {
  const seed = rng.pick(seeds);
  const { bytes, steps } = mutate(seed.bytes, rng, seeds.map((s) => s.bytes));
  const description = `seed ${seed.name} (${bytes.length} B), mutators: ${steps.join(', ')}`;
  const started = performance.now();
  try {
    const result = parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), seed);
    const ms = performance.now() - started;
    if (ms > limitMs) return { input: bytes, error: `slow: ${ms.toFixed(0)} ms (limit ${limitMs})`, description };
    const problem = check(result);
    return problem ? { input: bytes, error: problem, description } : null;
  } catch (error) {
    if (expected?.(error)) return null;
    return { input: bytes, error: `threw: ${describeError(error)}`, description };
  }
}
