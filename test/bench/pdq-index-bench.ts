// npx tsx test/bench/pdq-index-bench.ts [--size 1000000] [--queries 1000] [--cluster 100000] [--kind random,case]
// PdqIndex (multi-index hashing) at case scale, one thread, on two kinds of hashes:
//   random  uniform 256-bit hashes: multi-index hashing's best case (buckets of ~15 at 10^6).
//   case    a model of a seized-device case (see caseHashes): real PDQ's chunk skew, near-duplicate
//           families and one dense cluster — larger buckets and many true hits.
// Per kind: the time to add --size hashes and to build the index (first query), resident memory;
// latency of --queries queries at FORMATS.md's distance 31, half with a planted neighbour that must
// be found; a plain scan (the previous PdqIndex) on some of the same queries, for the ratio and as an
// exactness check; and cluster-style use as matcher.ts's assignClusters does it: --cluster hashes,
// each queried against the index of all of them.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PdqIndex, popcount32 } from '../../electron/engine/hashsets/pdq-index.js';
import { ORACLES } from '../fixtures/corpus.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '1000' },
    cluster: { type: 'string', default: '100000' },
    kind: { type: 'string', default: 'random,case' },
    seed: { type: 'string', default: '1' },
  },
});
const SIZE = Number(values.size);
const QUERIES = Number(values.queries);
const CLUSTER = Number(values.cluster);
const MATCH = 31; // FORMATS.md: a PDQ match is Hamming distance ≤ 31
const MB = 1024 * 1024;
const log = (s: string) => process.stderr.write(`${s}\n`);
const rssMB = () => process.memoryUsage().rss / MB;
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/** mulberry32: seeded and fast enough for 10^8 draws. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
type Rng = () => number;
const below = (next: Rng, n: number) => Math.floor((next() / 2 ** 32) * n);

/** Flips exactly k distinct bits of hash i (in place). */
function flipBits(out: Uint8Array, at: number, k: number, next: Rng): void {
  const chosen = new Uint8Array(256);
  for (let done = 0; done < k; ) {
    const b = next() & 255;
    if (chosen[b]) continue;
    chosen[b] = 1;
    out[at + (b >> 3)]! ^= 0x80 >> (b & 7);
    done++;
  }
}

function randomHashes(n: number, next: Rng): Uint8Array {
  const out = new Uint8Array(n * 32);
  const words = new DataView(out.buffer);
  for (let i = 0; i < out.length; i += 4) words.setUint32(i, next());
  return out;
}

/** Distinct quality ≥ 50 PDQ hashes of the real corpus images (oracles/pdq-cpp-reference.csv), if present. */
function realHashes(): Uint8Array[] {
  try {
    const rows = readFileSync(`${ORACLES}/pdq-cpp-reference.csv`, 'utf8').split('\n').filter((l) => /^[0-9a-f]{64},/.test(l));
    const good = rows.map((l) => l.split(',')).filter((r) => Number(r[1]) >= 50).map((r) => r[0]!);
    return [...new Set(good)].map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
  } catch {
    return [];
  }
}

/**
 * A model of a case's PDQ hashes, calibrated on the one real sample at hand (the corpus hashes):
 * - Chunk skew: unrelated real images (> 64 bits apart) share a 16-bit chunk ~24× as often as
 *   random hashes (periodic textures, borders, flat areas). Each chunk of a new image is copied with
 *   probability ¼ from the same chunk of a real hash, which reproduces that rate (¼² ÷ 150).
 * - Near-duplicate families (bursts, resized, re-encoded, cropped copies): 85% of images stand
 *   alone; the others head a family of Pareto(2, α 1.3) size capped at 2,000, whose members are 0
 *   bits (20%), 1–20 bits (50%) or 21–60 bits (30%) from the head.
 * - One dense cluster, 2% of the case (a video's frames, screenshots of one app): 4–48 bits from a
 *   single hash.
 * Items are shuffled, as ingest order only loosely follows folders.
 */
function caseHashes(n: number, next: Rng, real: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(n * 32);
  const seed = (at: number) => {
    const view = new DataView(out.buffer);
    for (let w = 0; w < 8; w++) view.setUint32(at + w * 4, next());
    for (let c = 0; c < 16 && real.length; c++) {
      if (next() % 4) continue;
      const from = real[below(next, real.length)]!;
      out[at + 2 * c] = from[2 * c]!;
      out[at + 2 * c + 1] = from[2 * c + 1]!;
    }
  };
  const member = (at: number, head: number, k: number) => {
    out.copyWithin(at, head, head + 32);
    flipBits(out, at, k, next);
  };
  let i = 0;
  const dense = Math.floor(n * 0.02);
  seed(0);
  for (i = 1; i < dense; i++) member(i * 32, 0, 4 + below(next, 45));
  while (i < n) {
    const head = i * 32;
    seed(head);
    i++;
    if (below(next, 100) < 85) continue;
    const size = Math.min(2000, Math.floor(2 / Math.pow(1 - next() / 2 ** 32, 1 / 1.3)));
    for (let m = 1; m < size && i < n; m++, i++) {
      const roll = below(next, 10);
      member(i * 32, head, roll < 2 ? 0 : roll < 7 ? 1 + below(next, 20) : 21 + below(next, 40));
    }
  }
  const tmp = new Uint8Array(32);
  for (let a = n - 1; a > 0; a--) {
    const b = below(next, a + 1);
    tmp.set(out.subarray(a * 32, a * 32 + 32));
    out.copyWithin(a * 32, b * 32, b * 32 + 32);
    out.set(tmp, b * 32);
  }
  return out;
}

const hashAt = (all: Uint8Array, i: number) => all.subarray(i * 32, i * 32 + 32);
const hexAt = (all: Uint8Array, i: number) => Buffer.from(all.buffer, all.byteOffset + i * 32, 32).toString('hex');

/** Big-endian 32-bit words of the hashes, as PdqIndex stores them. */
function wordsOf(all: Uint8Array): Uint32Array {
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  return Uint32Array.from({ length: all.length / 4 }, (_, i) => view.getUint32(i * 4));
}

/** The previous PdqIndex's query loop: every hash, XOR + popcount, early exit per word. */
function scan(words: Uint32Array, q: Uint8Array, max: number): Map<number, number> {
  const qw = wordsOf(q);
  const hits = new Map<number, number>();
  for (let i = 0, at = 0; at < words.length; i++, at += 8) {
    let d = 0;
    for (let w = 0; w < 8 && d <= max; w++) d += popcount32((words[at + w]! ^ qw[w]!) >>> 0);
    if (d <= max) hits.set(i, d);
  }
  return hits;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;

function benchKind(kind: string, make: (n: number, next: Rng) => Uint8Array) {
  const next = rng(Number(values.seed));
  log(`\n== ${kind}: generating ${SIZE.toLocaleString()} hashes…`);
  const all = make(SIZE, next);
  const rssBefore = rssMB();

  const index = new PdqIndex<number>();
  let t = performance.now();
  for (let i = 0; i < SIZE; i++) index.add(hashAt(all, i), i);
  const addMs = performance.now() - t;
  t = performance.now();
  index.query(hexAt(all, 0), MATCH); // the first query after adds builds the multi-index
  const buildMs = performance.now() - t;
  const rssAfter = rssMB();
  log(`add ${SIZE.toLocaleString()} (32-byte arrays): ${(addMs / 1000).toFixed(2)} s; first query (builds the index): ${(buildMs / 1000).toFixed(2)} s`);
  log(`RSS ${rssBefore.toFixed(0)} MB → ${rssAfter.toFixed(0)} MB after build (+${(rssAfter - rssBefore).toFixed(0)} MB; the hashes themselves are ${((SIZE * 32) / MB).toFixed(0)} MB of it); peak RSS so far ${peakRssMB().toFixed(0)} MB`);

  // Queries: even ones are a stored hash with 1–31 bits flipped (its source must come back), odd
  // ones fresh hashes of the same kind that were never added.
  const fresh = make(QUERIES, rng(Number(values.seed) + 1000));
  const queries = Array.from({ length: QUERIES }, (_, k) => {
    if (k % 2) return { hex: hexAt(fresh, k), source: -1, bits: 0 };
    const source = below(next, SIZE);
    const q = hashAt(all, source).slice();
    const bits = 1 + below(next, MATCH);
    flipBits(q, 0, bits, next);
    return { hex: Buffer.from(q).toString('hex'), source, bits };
  });
  for (let k = 0; k < 50; k++) index.query(hexAt(fresh, (k * 2) % QUERIES), MATCH); // warm-up, not measured
  const times: number[] = [];
  let hits = 0;
  let missed = 0;
  const results = queries.map(({ hex, source, bits }) => {
    const t0 = performance.now();
    const found = index.query(hex, MATCH);
    times.push(performance.now() - t0);
    hits += found.length;
    if (source >= 0 && !found.some((h) => h.payload === source && h.distance === bits)) missed++;
    return found;
  });
  times.sort((a, b) => a - b);
  log(`${QUERIES} queries at ≤ ${MATCH}: p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}, p99 ${ms(percentile(times, 0.99))}, max ${ms(times.at(-1)!)}; ${hits} hits, planted neighbours missed: ${missed}`);

  // The plain scan on a sample of the same queries: the speed-up, and the same answers exactly.
  const sample = Math.min(40, QUERIES);
  const words = wordsOf(all);
  let scanMs = 0;
  let exact = 0;
  for (let k = 0; k < sample; k++) {
    const q = Uint8Array.from(Buffer.from(queries[k]!.hex, 'hex'));
    const t0 = performance.now();
    const expected = scan(words, q, MATCH);
    scanMs += performance.now() - t0;
    const got = results[k]!;
    if (got.length === expected.size && got.every((h) => expected.get(h.payload) === h.distance)) exact++;
  }
  log(`plain scan, ${sample} of those queries: mean ${ms(scanMs / sample)}; index answers identical on ${exact}/${sample}`);
  const summary = {
    kind, size: SIZE, addSeconds: addMs / 1000, buildSeconds: buildMs / 1000, rssAfterBuildMB: Math.round(rssAfter),
    rssGrowthMB: Math.round(rssAfter - rssBefore), peakRssMB: Math.round(peakRssMB()),
    queryMs: { p50: percentile(times, 0.5), p95: percentile(times, 0.95), p99: percentile(times, 0.99), max: times.at(-1)! },
    plantedMissed: missed, scanMeanMs: scanMs / sample, exactOfSample: `${exact}/${sample}`,
  };
  return summary;
}

/** assignClusters' pattern: every item's PDQ string added, then each queried against them all. */
function clusterStyle(kind: string, make: (n: number, next: Rng) => Uint8Array) {
  const all = make(CLUSTER, rng(Number(values.seed) + 7));
  const hexes = Array.from({ length: CLUSTER }, (_, i) => hexAt(all, i));
  const t = performance.now();
  const index = new PdqIndex<number>();
  hexes.forEach((h, i) => index.add(h, i));
  let pairs = index.query(hexes[0]!, MATCH).length - 1; // builds the index
  const buildSeconds = (performance.now() - t) / 1000;
  let slowest = 0;
  for (const h of hexes.slice(1)) {
    const t0 = performance.now();
    pairs += index.query(h, MATCH).length - 1;
    slowest = Math.max(slowest, performance.now() - t0);
  }
  const seconds = (performance.now() - t) / 1000;
  const words = wordsOf(all);
  let scanMs = 0;
  for (let k = 0; k < 20; k++) {
    const t0 = performance.now();
    scan(words, hashAt(all, (k * 997) % CLUSTER), MATCH);
    scanMs += performance.now() - t0;
  }
  const scanSeconds = (scanMs / 20 / 1000) * CLUSTER;
  log(`cluster-style (${kind}), ${CLUSTER.toLocaleString()} hashes each queried at ≤ ${MATCH}: ${seconds.toFixed(2)} s total (adds + build ${buildSeconds.toFixed(2)} s; queries ${(((seconds - buildSeconds) / CLUSTER) * 1e6).toFixed(1)} µs each, slowest ${ms(slowest)}), ${pairs.toLocaleString()} ordered pairs; a plain scan would take ~${scanSeconds.toFixed(0)} s (extrapolated from 20 queries)`);
  return { kind, size: CLUSTER, seconds, buildSeconds, pairs, slowestQueryMs: slowest, scanSecondsExtrapolated: scanSeconds };
}

const real = realHashes();
const makers: Record<string, (n: number, next: Rng) => Uint8Array> = {
  random: randomHashes,
  case: (n, next) => caseHashes(n, next, real),
};
if (!real.length) log('corpus oracle hashes not found: the case model runs without chunk skew');
const out: unknown[] = [];
for (const kind of values.kind.split(',')) {
  const make = makers[kind];
  if (!make) throw new Error(`unknown --kind ${kind}; use ${Object.keys(makers).join(',')}`);
  out.push(benchKind(kind, make));
  out.push(clusterStyle(kind, make));
}
log(`\npeak RSS of the whole run: ${peakRssMB().toFixed(0)} MB (the first kind's figures above are its own)`);
console.log(JSON.stringify(out, null, 2));
