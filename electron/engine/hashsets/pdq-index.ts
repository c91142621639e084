// Near-duplicate search over PDQ hashes: which stored hashes lie within a Hamming distance of a
// query. Hashes are kept as 8 × 32-bit words in one flat Uint32Array and compared with XOR +
// popcount, so a scan touches contiguous memory.
//
// A scan costs O(n) per query, and clustering a case queries every item against all the others:
// O(n²), hours at 10^6 items. So past a few thousand hashes the index adds multi-index hashing
// (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with Multi-Index Hashing", CVPR 2012):
// the 256 bits are cut into 16 chunks of 16 bits, and by pigeonhole two hashes within d bits agree
// to within ⌊d/16⌋ bits on at least one chunk. For FORMATS.md's match distance 31 that is
// ⌊31/16⌋ = 1: probing, per chunk, the bucket of the query's own value and of its 16 one-bit
// neighbours yields every hash within 31 (and some further), and XOR + popcount keeps the true hits.
// Buckets are typed arrays in CSR form, built on the first query after adds: ~100 bytes a hash
// (32 of hash, 64 of bucket ids, 4 of dedupe stamp) plus 4 MB of offsets, no object per hash.
import { popcount32 } from '../ingest/pdq.js';

const CHUNKS = 16;
const BUCKETS = 1 << 16;
/** Per chunk, one start offset per bucket plus the end of the last. */
const STRIDE = BUCKETS + 1;
const ID_SHIFT = 2 ** 32;

/**
 * Up to this many hashes a query only scans (≤ ~15 µs) and no index is built (4 MB of bucket
 * offsets, a few ms). It sits just under where the work limit below would start to prefer the
 * index even at radius 1: 2 × 16 × 17 probes ÷ ¼ = 2,176 hashes.
 */
const LINEAR_MAX = 2048;
/**
 * Probing a bucket (two reads of its offsets, counting pass and visiting pass) and checking a
 * candidate (32 bytes read out of order, often a cache miss at 10^6 hashes) each cost a few times
 * what the scan pays per hash it reads in order. So the index is used only while probes plus
 * candidates stay under this share of the hashes; past it the scan is the faster exact answer: a
 * query inside a dense cluster of similar hashes, or a large maxDistance (on random hashes radius
 * ⌊d/16⌋ = 2 is indexed from ~20,000 hashes, 3 from ~280,000, 4 and up never). At 10^6 hashes a
 * candidate measured ~60 ns, a scanned hash 8–20 ns (test/bench/pdq-index-bench.ts).
 */
const INDEX_WORK_PER_SCANNED_HASH = 1 / 4;

/** All 16-bit masks ordered by popcount; BALL[r] counts those with ≤ r bits set (the radius-r ball). */
const MASKS = new Uint16Array(BUCKETS);
const BALL = new Uint32Array(CHUNKS + 1);
{
  // Counting sort by weight: start[r] is where the masks of weight r begin.
  const start = new Uint32Array(CHUNKS + 2);
  for (let m = 0; m < BUCKETS; m++) start[popcount32(m) + 1]!++;
  for (let r = 1; r <= CHUNKS + 1; r++) start[r]! += start[r - 1]!;
  for (let r = 0; r <= CHUNKS; r++) BALL[r] = start[r + 1]!;
  for (let m = 0; m < BUCKETS; m++) MASKS[start[popcount32(m)]!++] = m;
}

export class PdqIndex<T> {
  private words = new Uint32Array(8 * 1024);
  private readonly payloads: T[] = [];
  private readonly q = new Uint32Array(8);
  // The multi-index covers ids [0, indexed); hashes added since are scanned until the next build.
  private indexed = 0;
  /** CHUNKS × STRIDE absolute positions in ids: chunk c's bucket v is ids[offsets[c·STRIDE+v] …]. */
  private offsets = new Uint32Array(0);
  /** CHUNKS × indexed ids, grouped by chunk then bucket, ascending within a bucket. */
  private ids = new Uint32Array(0);
  /** Per id, the last query that saw it: dedupes candidates met in several buckets without a Set. */
  private seen = new Uint32Array(0);
  private generation = 0;

  get size(): number {
    return this.payloads.length;
  }

  add(hash: string | Uint8Array, payload: T): void {
    const at = this.payloads.length * 8;
    if (at + 8 > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    writeWords(hash, this.words, at);
    this.payloads.push(payload);
  }

  /** Every stored hash within maxDistance bits of the query, nearest first (ties in insertion order). */
  query(hash: string | Uint8Array, maxDistance: number): { payload: T; distance: number }[] {
    const q = this.q;
    writeWords(hash, q, 0);
    // NaN or negative: nothing is that close, as the plain scan answered too.
    if (!(maxDistance >= 0)) return [];
    const d = Math.min(256, Math.floor(maxDistance));
    const n = this.payloads.length;
    // Keys are distance·2^32 + id: one numeric sort orders by distance, then insertion.
    const keys: number[] = [];
    let scanFrom = 0;
    // Build only if the probes alone fit the work limit: a large maxDistance scans instead.
    if (n > LINEAR_MAX && 2 * CHUNKS * BALL[d >> 4]! <= n * INDEX_WORK_PER_SCANNED_HASH) {
      if (n - this.indexed > this.staleLimit()) this.build();
      if (this.probe(q, d, keys)) scanFrom = this.indexed;
    }
    this.scan(q, d, scanFrom, n, keys);
    const sorted = Float64Array.from(keys).sort();
    const hits: { payload: T; distance: number }[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i]!;
      const distance = Math.floor(key / ID_SHIFT);
      hits[i] = { payload: this.payloads[key - distance * ID_SHIFT]!, distance };
    }
    return hits;
  }

  /**
   * How many unindexed hashes a query may scan before the index is rebuilt. A rebuild costs about
   * 16·n bucket writes, the tail scan t per query; with a query after each add, t ≈ 4·√n keeps both
   * near O(√n) per operation. Building once after all adds (the matcher's use) never hits this.
   */
  private staleLimit(): number {
    return Math.max(LINEAR_MAX, 4 * Math.sqrt(this.indexed));
  }

  /** Counting sort of every id into its bucket, per chunk (CSR): three passes, no per-hash objects. */
  private build(): void {
    const n = this.payloads.length;
    const words = this.words;
    const offsets = new Uint32Array(CHUNKS * STRIDE);
    for (let at = 0; at < n * 8; at += 8) {
      for (let w = 0; w < 8; w++) {
        const x = words[at + w]!;
        offsets[2 * w * STRIDE + (x >>> 16) + 1]!++;
        offsets[(2 * w + 1) * STRIDE + (x & 0xffff) + 1]!++;
      }
    }
    for (let c = 0; c < CHUNKS; c++) {
      let run = c * n;
      offsets[c * STRIDE] = run;
      for (let b = c * STRIDE + 1; b < (c + 1) * STRIDE; b++) offsets[b] = run += offsets[b]!;
    }
    // Free the old arrays before allocating the new ones, so a rebuild never holds two sets.
    this.ids = this.seen = new Uint32Array(0);
    const ids = new Uint32Array(CHUNKS * n);
    const cursor = offsets.slice();
    for (let i = 0, at = 0; i < n; i++, at += 8) {
      for (let w = 0; w < 8; w++) {
        const x = words[at + w]!;
        ids[cursor[2 * w * STRIDE + (x >>> 16)]!++] = i;
        ids[cursor[(2 * w + 1) * STRIDE + (x & 0xffff)]!++] = i;
      }
    }
    this.offsets = offsets;
    this.ids = ids;
    this.seen = new Uint32Array(n);
    this.generation = 0;
    this.indexed = n;
  }

  /**
   * Multi-index search of ids [0, indexed) at radius ⌊d/16⌋ per chunk (the pigeonhole bound).
   * Returns false, having added nothing, when a scan of those ids would be cheaper.
   */
  private probe(q: Uint32Array, d: number, keys: number[]): boolean {
    const n = this.indexed;
    const ball = BALL[d >> 4]!;
    const budget = n * INDEX_WORK_PER_SCANNED_HASH;
    if (2 * CHUNKS * ball > budget) return false;
    const offsets = this.offsets;
    let candidates = 0;
    for (let c = 0; c < CHUNKS; c++) {
      const base = c * STRIDE;
      const v = chunkOf(q, c);
      for (let k = 0; k < ball; k++) {
        const b = base + (v ^ MASKS[k]!);
        candidates += offsets[b + 1]! - offsets[b]!;
      }
    }
    if (2 * CHUNKS * ball + candidates > budget) return false;

    const { ids, seen, words } = this;
    if (this.generation === 0xffffffff) {
      seen.fill(0);
      this.generation = 0;
    }
    const generation = ++this.generation;
    for (let c = 0; c < CHUNKS; c++) {
      const base = c * STRIDE;
      const v = chunkOf(q, c);
      for (let k = 0; k < ball; k++) {
        const b = base + (v ^ MASKS[k]!);
        for (let p = offsets[b]!, end = offsets[b + 1]!; p < end; p++) {
          const id = ids[p]!;
          if (seen[id] === generation) continue;
          seen[id] = generation;
          const distance = distanceAt(words, id * 8, q, d);
          if (distance <= d) keys.push(distance * ID_SHIFT + id);
        }
      }
    }
    return true;
  }

  private scan(q: Uint32Array, d: number, from: number, to: number, keys: number[]): void {
    const words = this.words;
    for (let id = from, at = from * 8; id < to; id++, at += 8) {
      const distance = distanceAt(words, at, q, d);
      if (distance <= d) keys.push(distance * ID_SHIFT + id);
    }
  }
}

/** Chunk c of a hash: the high half of word c/2 for even c, the low half for odd c. */
function chunkOf(q: Uint32Array, c: number): number {
  const word = q[c >> 1]!;
  return c & 1 ? word & 0xffff : word >>> 16;
}

/**
 * Hamming distance, given up (returning something > limit) after half the hash if already past
 * limit: at the match distance 31 most hashes are dropped there, and this split measured faster
 * than a check after every word (branches that mispredict) or none.
 */
function distanceAt(words: Uint32Array, at: number, q: Uint32Array, limit: number): number {
  const d =
    popcount32(words[at]! ^ q[0]!) + popcount32(words[at + 1]! ^ q[1]!) +
    popcount32(words[at + 2]! ^ q[2]!) + popcount32(words[at + 3]! ^ q[3]!);
  if (d > limit) return d;
  return d +
    popcount32(words[at + 4]! ^ q[4]!) + popcount32(words[at + 5]! ^ q[5]!) +
    popcount32(words[at + 6]! ^ q[6]!) + popcount32(words[at + 7]! ^ q[7]!);
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

function writeWords(hash: string | Uint8Array, into: Uint32Array, at: number): void {
  if (typeof hash === 'string') {
    const bad = () => new TypeError(`not a PDQ hash: ${JSON.stringify(hash.slice(0, 80))}`);
    if (hash.length !== 64) throw bad();
    for (let w = 0; w < 8; w++) {
      let x = 0;
      for (let i = w * 8; i < w * 8 + 8; i++) {
        const v = HEX_VALUE[hash.charCodeAt(i)] ?? -1;
        if (v < 0) throw bad();
        x = (x << 4) | v;
      }
      into[at + w] = x >>> 0;
    }
    return;
  }
  if (hash.length !== 32) throw new TypeError(`a PDQ hash is 32 bytes, got ${hash.length}`);
  for (let w = 0; w < 8; w++) {
    const o = w * 4;
    into[at + w] = ((hash[o]! << 24) | (hash[o + 1]! << 16) | (hash[o + 2]! << 8) | hash[o + 3]!) >>> 0;
  }
}

export { popcount32 };

/** The 8 dihedral variants stored per item: 8 × 32 bytes, in DIHEDRAL_NAMES order. */
export function splitDihedral(blob: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 32 <= blob.length; i += 32) out.push(blob.subarray(i, i + 32));
  return out;
}
