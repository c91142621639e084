// Fuzz harness: readHashSet on mutated hash-set files. Records, or a HashSetFormatError, are
// both correct outcomes; any other exception, a pass over 2 s, or an unhandled rejection (run.ts
// watches for those) is a finding.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HashSetFormatError, readHashSet } from '../../electron/engine/hashsets/formats/index.js';
import { describeError, mutate, TimeoutError, withTimeout, type Finding, type Harness, type Rng } from './mutate.js';
import { listFiles, SEED_CORPUS } from './seeds.js';

const ROOT = process.env['FUZZ_HASHSETS'] ?? path.join(SEED_CORPUS, 'hashsets');
/** SQLite (RDS v3), zip archives and the NSRL PDF are out of scope for this harness. */
const SKIP_EXTENSIONS = new Set(['.db', '.sqlite', '.zip', '.pdf']);
const MAX_SEED_BYTES = 2 * 1024 * 1024;
const TIME_LIMIT_MS = 2000;


function isSqliteOrZip(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  return head.startsWith('SQLite format 3') || head.startsWith('PK\x03\x04');
}

interface Seed { file: string; bytes: Uint8Array }

export function hashsetsHarness(): Harness {
  const seeds: Seed[] = [];
  let dir = '';
  let counter = 0;
  return {
    name: 'hashsets',
    async setup(): Promise<number> {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lanterne-fuzz-hashsets-'));
      for (const file of await listFiles(ROOT)) {
        if (SKIP_EXTENSIONS.has(path.extname(file).toLowerCase())) continue;
        if ((await stat(file)).size > MAX_SEED_BYTES) continue;
        const bytes = new Uint8Array(await readFile(file));
        if (isSqliteOrZip(bytes)) continue;
        seeds.push({ file, bytes });
      }
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      const seed = rng.pick(seeds);
      const { bytes, steps } = mutate(seed.bytes, rng, seeds.map((s) => s.bytes));
      // Keep the seed's extension: some detection may look at it.
      const file = path.join(dir, `m${counter++ % 8}${path.extname(seed.file)}`);
      await writeFile(file, bytes);
      const description = `seed ${path.relative(ROOT, seed.file)} (${bytes.length} B), mutators: ${steps.join(', ')}`;
      const started = performance.now();
      let records = 0;
      try {
        await withTimeout((async () => {
          for await (const _record of readHashSet(file)) records++;
        })(), TIME_LIMIT_MS);
      } catch (error) {
        if (error instanceof HashSetFormatError) return null;
        if (error instanceof TimeoutError) {
          return { input: bytes, error: `hang: no end after ${TIME_LIMIT_MS} ms (${records} records so far)`, description };
        }
        return { input: bytes, error: `unexpected exception after ${records} records: ${describeError(error)}`, description };
      }
      const ms = performance.now() - started;
      if (ms > TIME_LIMIT_MS) return { input: bytes, error: `slow: ${ms.toFixed(0)} ms for ${records} records`, description };
      return null;
    },
    async teardown(): Promise<void> {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
