// `npm run fuzz`: in-process mutation fuzzing of the parsers that see hostile input. Bounded by
// FUZZ_SECONDS (default 120, split evenly across harnesses); FUZZ_SEED (default 1729) makes a run
// reproduce; FUZZ_ONLY=metadata,schemas picks harnesses. Findings are printed and their inputs
// saved to test/fuzz/findings/<harness>-<sha256 prefix>.bin. Exit code 1 if anything was found.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bmpHarness } from './bmp.harness.js';
import { hashsetsHarness } from './hashsets.harness.js';
import { metadataHarness } from './metadata.harness.js';
import { quicktimeHarness } from './quicktime.harness.js';
import { Rng, seedFrom, describeError, type Finding, type Harness } from './mutate.js';
import { rawPreviewHarness } from './raw-preview.harness.js';
import { schemasHarness } from './schemas.harness.js';
import { videoFrameHarness } from './video-frame.harness.js';

const FINDINGS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'findings');
const DEFAULT_SEED = 1729;

const totalSeconds = Number(process.env['FUZZ_SECONDS'] ?? 120);
if (!Number.isFinite(totalSeconds) || totalSeconds <= 0) throw new Error(`FUZZ_SECONDS must be a positive number, not ${process.env['FUZZ_SECONDS']}`);
const seed = seedFrom(process.env['FUZZ_SEED'] ?? DEFAULT_SEED);
const only = process.env['FUZZ_ONLY']?.split(',').map((s) => s.trim()).filter(Boolean);

const all: Harness[] = [metadataHarness(), hashsetsHarness(), schemasHarness(), rawPreviewHarness(), bmpHarness(), quicktimeHarness(), videoFrameHarness()];
const harnesses = only ? all.filter((h) => only.includes(h.name)) : all;
const perHarnessMs = (totalSeconds * 1000) / Math.max(1, harnesses.length);

// Unhandled rejections are findings of whichever harness is running (its input is not known
// for sure: the rejection may come from an earlier execution, so an empty file is saved).
let current = 'startup';
const stray: Finding[] = [];
process.on('unhandledRejection', (reason) => {
  stray.push({
    input: new TextEncoder().encode(`unhandled rejection during ${current}: ${describeError(reason)}`),
    error: `unhandled rejection: ${describeError(reason)}`,
    description: `during the ${current} harness (input not attributable; rerun with the same FUZZ_SEED)`,
  });
});

interface Tally { executions: number; findings: number; unique: Map<string, { count: number; file: string }> }

async function record(harness: string, finding: Finding, tally: Tally): Promise<void> {
  tally.findings++;
  // Group by the error with numbers stripped: one stack of identical failures prints once.
  const signature = finding.error.replace(/\d+/g, 'N');
  const known = tally.unique.get(signature);
  if (known) {
    known.count++;
    return;
  }
  const sha = createHash('sha256').update(finding.input).digest('hex').slice(0, 16);
  await mkdir(FINDINGS_DIR, { recursive: true });
  const file = path.join(FINDINGS_DIR, `${harness}-${sha}.bin`);
  await writeFile(file, finding.input);
  tally.unique.set(signature, { count: 1, file });
  console.log(`  FINDING [${harness}] ${finding.error}\n    input: ${path.relative(process.cwd(), file)} (${finding.input.length} B)\n    how:   ${finding.description}`);
}

async function main(): Promise<void> {
  console.log(`fuzz: seed ${seed}, ${totalSeconds} s over ${harnesses.map((h) => h.name).join(', ')} (${(perHarnessMs / 1000).toFixed(1)} s each)`);
  const results: Array<{ name: string; tally: Tally; seeds: number }> = [];
  for (const [index, harness] of harnesses.entries()) {
    // Each harness gets its own stream, so FUZZ_ONLY does not change another harness's inputs.
    current = harness.name;
    const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const seeds = await harness.setup(rng);
    const tally: Tally = { executions: 0, findings: 0, unique: new Map() };
    console.log(`[${harness.name}] ${seeds} seeds`);
    const deadline = performance.now() + perHarnessMs;
    while (performance.now() < deadline && seeds > 0) {
      let finding: Finding | null;
      try {
        finding = await harness.runOne(rng);
      } catch (error) {
        finding = { input: new Uint8Array(), error: `harness error: ${describeError(error)}`, description: 'the harness itself failed' };
      }
      tally.executions++;
      if (finding) await record(harness.name, finding, tally);
      for (const f of stray.splice(0)) await record(harness.name, f, tally);
    }
    await harness.teardown?.();
    // Let late rejections from the last inputs surface before moving on.
    await new Promise((r) => setTimeout(r, 50));
    for (const f of stray.splice(0)) await record(harness.name, f, tally);
    console.log(`[${harness.name}] ${tally.executions} executions, ${tally.findings} findings (${tally.unique.size} distinct)`);
    results.push({ name: harness.name, tally, seeds });
  }
  console.log('\nsummary');
  for (const { name, tally, seeds } of results) {
    console.log(`  ${name.padEnd(9)} ${String(tally.executions).padStart(8)} executions  ${String(seeds).padStart(4)} seeds  ${tally.findings} findings`);
    for (const [signature, { count, file }] of tally.unique) console.log(`      x${count}  ${signature}  -> ${path.relative(process.cwd(), file)}`);
  }
  if (results.some((r) => r.tally.findings > 0)) process.exitCode = 1;
}

await main();
