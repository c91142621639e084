// Fuzz harness: extractMetadata on mutated real images. Its contract (metadata.ts) is "never
// throws": every failure must become a warning. A finding is a throw/rejection, an execution over
// 2 s, or a result JSON cannot carry losslessly (it is stored as JSON in the case database).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { extractMetadata } from '../../electron/engine/ingest/metadata.js';
import { sniffType } from '../../electron/engine/ingest/sniff.js';
import { describeError, mutate, withTimeout, type Finding, type Harness, type Rng } from './mutate.js';
import { listFiles, SEED_CORPUS } from './seeds.js';

const CORPUS = SEED_CORPUS;
const EXTENSIONS = new Set(['.jpg', '.jpeg', '.tif', '.tiff', '.png', '.heic', '.heif', '.webp', '.avif']);
const MAX_SEED_BYTES = 2 * 1024 * 1024;
const TIME_LIMIT_MS = 2000;


/** Why `value` would not survive JSON.stringify/parse unchanged, or null if it would. */
export function jsonProblem(value: unknown, where = '$', seen = new Set<object>()): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${where} is ${value}`;
  if (typeof value !== 'object') return `${where} is a ${typeof value}`;
  if (seen.has(value)) return `${where} is a cycle`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === undefined) return `${where}[${i}] is undefined`;
        const p = jsonProblem(value[i], `${where}[${i}]`, seen);
        if (p) return p;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      return `${where} is a ${(value as object).constructor?.name ?? 'non-plain object'}`;
    }
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue; // dropped by JSON, as optional fields are meant to be
      const p = jsonProblem(v, `${where}.${key}`, seen);
      if (p) return p;
    }
    return null;
  } finally {
    seen.delete(value);
  }
}

interface Seed { file: string; bytes: Uint8Array }

export function metadataHarness(): Harness {
  const seeds: Seed[] = [];
  return {
    name: 'metadata',
    async setup(): Promise<number> {
      for (const file of await listFiles(CORPUS)) {
        if (file.includes(`${path.sep}hashsets${path.sep}`)) continue;
        if (!EXTENSIONS.has(path.extname(file).toLowerCase())) continue;
        if ((await stat(file)).size > MAX_SEED_BYTES) continue;
        seeds.push({ file, bytes: new Uint8Array(await readFile(file)) });
      }
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      const seed = rng.pick(seeds);
      const { bytes, steps } = mutate(seed.bytes, rng, seeds.map((s) => s.bytes));
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const mime = sniffType(bytes);
      const description = `seed ${path.relative(CORPUS, seed.file)} (${mime}, ${bytes.length} B), mutators: ${steps.join(', ')}`;
      const started = performance.now();
      try {
        const result = await withTimeout(extractMetadata(buffer, mime), TIME_LIMIT_MS);
        const ms = performance.now() - started;
        if (ms > TIME_LIMIT_MS) return { input: bytes, error: `slow: ${ms.toFixed(0)} ms (limit ${TIME_LIMIT_MS})`, description };
        // The embedded EXIF thumbnail stays in the worker (process-file.ts compares it with the
        // image and never sends it); everything else crosses the worker boundary as JSON.
        const { thumbnail: _inWorkerOnly, ...crossing } = result;
        const problem = jsonProblem(crossing);
        if (problem) return { input: bytes, error: `not JSON-serialisable: ${problem}`, description };
        try {
          JSON.stringify(crossing);
        } catch (error) {
          return { input: bytes, error: `JSON.stringify threw: ${describeError(error)}`, description };
        }
        return null;
      } catch (error) {
        return { input: bytes, error: `threw/rejected: ${describeError(error)}`, description };
      }
    },
  };
}
