// npm run bench:metadata — metadata extraction alone (issue 8: ≥ 1,000 JPEGs/s on one core),
// printed beside exiftool's speed on the same files, measured in the same run.
//   ours      extractMetadata over the corpus JPEGs, in one thread, from memory (the pipeline
//             hands it the bytes the hasher already read) and, for a like-for-like figure with
//             exiftool, reading each file from disk too
//   exiftool  one `exiftool -json -n` process over the same file list, repeated so its start-up
//             (~0.1-0.2 s of Perl) is a small part; files come from the page cache like ours
// What neither counts: the EXIF-thumbnail comparison, which decodes pixels and runs in the imaging
// stage with the main decode.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractMetadata } from '../../electron/engine/ingest/metadata.js';
import { sniffType } from '../../electron/engine/ingest/sniff.js';
import { CORPUS } from '../fixtures/corpus.js';

const EXIFTOOL = process.env['EXIFTOOL'] ?? '/usr/bin/exiftool';
const MIN_SECONDS = 3;
const TARGET = 1000;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'oracles' && entry.name !== 'hashsets') out.push(...listFiles(full));
    } else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const jpegs = listFiles(CORPUS).filter((f) => sniffType(readFileSync(f).subarray(0, 64)) === 'image/jpeg');
const inMemory = jpegs.map((f) => readFileSync(f));
const megabytes = inMemory.reduce((n, b) => n + b.length, 0) / 1024 / 1024;
console.log(`metadata-only benchmark: ${jpegs.length} corpus JPEGs (${megabytes.toFixed(1)} MB), one thread`);

// Warm-up: exifr's option parsing, the JIT.
for (const bytes of inMemory) await extractMetadata(bytes, 'image/jpeg');

async function rate(read: (i: number) => Buffer): Promise<number> {
  let files = 0;
  const started = performance.now();
  while (performance.now() - started < MIN_SECONDS * 1000) {
    for (let i = 0; i < inMemory.length; i++) await extractMetadata(read(i), 'image/jpeg');
    files += inMemory.length;
  }
  return files / ((performance.now() - started) / 1000);
}

const fromMemory = await rate((i) => inMemory[i]!);
const fromDisk = await rate((i) => readFileSync(jpegs[i]!));

let exiftoolRate: number | null = null;
let exiftoolNote = '';
if (spawnSync(EXIFTOOL, ['-ver'], { encoding: 'utf8' }).status === 0) {
  const version = spawnSync(EXIFTOOL, ['-ver'], { encoding: 'utf8' }).stdout.trim();
  const repeats = 4;
  const args = ['-json', '-n', '-q', '-q', ...Array.from({ length: repeats }, () => jpegs).flat()];
  const started = performance.now();
  const run = spawnSync(EXIFTOOL, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status === 0 || run.stdout.length > 0) {
    exiftoolRate = (jpegs.length * repeats) / seconds;
    exiftoolNote = `exiftool ${version}, -json -n, one process over ${jpegs.length * repeats} files`;
  } else exiftoolNote = `exiftool failed: ${run.stderr.slice(0, 200)}`;
} else exiftoolNote = `exiftool not found at ${EXIFTOOL} (Debian: apt-get install libimage-exiftool-perl; or set EXIFTOOL)`;

const row = (label: string, filesPerSecond: number) => `  ${label.padEnd(34)} ${filesPerSecond.toFixed(0).padStart(7)} files/s`;
console.log(
  [
    row('Lanterne, bytes in memory', fromMemory),
    row('Lanterne, read from disk + extract', fromDisk),
    exiftoolRate === null ? `  exiftool: ${exiftoolNote}` : `${row('exiftool', exiftoolRate)}   (${exiftoolNote})`,
    exiftoolRate === null ? '' : `  ratio Lanterne (disk) / exiftool: ${(fromDisk / exiftoolRate).toFixed(1)}×`,
    `  target ≥ ${TARGET} files/s on one core: ${fromMemory >= TARGET ? 'met' : 'NOT met'} (${fromMemory.toFixed(0)})`,
  ]
    .filter(Boolean)
    .join('\n'),
);
