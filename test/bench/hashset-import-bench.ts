// npm run bench:hashsets — import speed of a generated 1 000 000-record VICS 2.0 file and an NSRL
// RDS v3 FILE table into a case, with the peak memory of the process (targets from the
// known-material issue: VICS ≥ 100 000 records/s, RDS ≥ 200 000 rows/s, flat memory).
// Each import runs --runs times (default 3) into a fresh case; the best, median and worst wall
// rates are printed, and the CPU time per record (process.cpuUsage), which a busy machine
// disturbs far less than wall time. The load average is printed so a reader can judge the noise.
// --only vics|rds runs one of the two.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openCase } from '../../electron/engine/case/case-folder.js';
import { importHashSet } from '../../electron/engine/hashsets/import-set.js';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' } },
});
const count = Number(values.records);
const runs = Math.max(1, Number(values.runs));
const root = REPO_ROOT.endsWith(`${path.sep}dist`) ? path.dirname(REPO_ROOT) : REPO_ROOT;
const dir = path.join(root, '.bench', 'hashsets');
mkdirSync(dir, { recursive: true });
const MB = 1024 * 1024;
const hex = (seed: string, algo: string) => createHash(algo).update(seed).digest('hex').toUpperCase();

async function vicsFile(): Promise<string> {
  const file = path.join(dir, `vics-2.0-${count}.json`);
  if (existsSync(file)) return file;
  const out = createWriteStream(`${file}.tmp`);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"@odata.context":"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media","value":[\n');
  for (let i = 0; i < count; i++) {
    const seed = `media-${i}`;
    await write(
      `${i ? ',\n' : ''}{"MediaID":${i},"Category":${i % 5},"MD5":"${hex(seed, 'md5')}","SHA1":"${hex(seed, 'sha1')}",` +
        `"MediaSize":${1000 + i},"IsPrecategorized":"true","VictimIdentified":false,"IsDistributed":"false","Series":"","Tags":""}`,
    );
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.tmp`, file);
  return file;
}

function rdsFile(): string {
  const file = path.join(dir, `rds-minimal-${count}.db`);
  if (existsSync(file)) return file;
  rmSync(`${file}.tmp`, { force: true });
  const db = new Database(`${file}.tmp`);
  db.exec(`CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL, crc32 VARCHAR NOT NULL,
             file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL, package_id INTEGER NOT NULL);
           CREATE TABLE VERSION (version VARCHAR, build_set VARCHAR, build_date TIMESTAMP, release_date TIMESTAMP, description VARCHAR);
           INSERT INTO VERSION VALUES ('3.0-bench', 'bench', '2026-01-01', '2026-01-01', 'generated for the import benchmark');`);
  const insert = db.prepare(`INSERT INTO FILE VALUES (?, ?, ?, '00000000', ?, ?, 1)`);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const seed = `file-${i}`;
      insert.run(hex(seed, 'sha256'), hex(seed, 'sha1'), hex(seed, 'md5'), `file${i}.dll`, 1000 + i);
    }
  })();
  db.exec(`CREATE INDEX FILE_sha256 ON FILE (sha256)`);
  db.close();
  renameSync(`${file}.tmp`, file);
  return file;
}

interface Run {
  records: number;
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
}

async function importOnce(file: string): Promise<Run> {
  const work = scratchDir('lanterne-bench-');
  const handle = openCase(path.join(work, 'case'), { create: true });
  let peak = process.memoryUsage.rss();
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  // The timer samples while the import awaits I/O; onProgress samples during synchronous stretches.
  const sampler = setInterval(sample, 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await importHashSet(handle.db, file, { onProgress: sample });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    sample();
    return { records: result.set.records, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRss: peak };
  } finally {
    clearInterval(sampler);
    handle.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const perSecond = (r: Run) => r.records / r.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function measure(label: string, file: string, target: number) {
  const base = process.memoryUsage.rss();
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const load = loadavg();
    const run = await importOnce(file);
    results.push(run);
    console.log(
      `  ${label} run ${i + 1}: ${fmt(perSecond(run))} records/s (${run.seconds.toFixed(2)} s), ` +
        `CPU ${((run.cpuSeconds * 1e6) / run.records).toFixed(2)} µs/record, peak RSS ${(run.peakRss / MB).toFixed(0)} MB, load ${load}`,
    );
  }
  const rates = results.map(perSecond).sort((a, b) => b - a);
  const cpu = results.map((r) => (r.cpuSeconds * 1e6) / r.records).sort((a, b) => a - b);
  const best = rates[0]!;
  console.log(
    `${label}: ${results[0]!.records.toLocaleString('en')} records, file ${(statSync(file).size / MB).toFixed(0)} MB → ` +
      `best ${fmt(best)} records/s (median ${fmt(rates[Math.floor(rates.length / 2)]!)}, worst ${fmt(rates[rates.length - 1]!)}); ` +
      `CPU ${cpu[0]!.toFixed(2)}–${cpu[cpu.length - 1]!.toFixed(2)} µs/record (= ${fmt(1e6 / cpu[0]!)} records per CPU-second); ` +
      `RSS ${(base / MB).toFixed(0)} → peak ${(Math.max(...results.map((r) => r.peakRss)) / MB).toFixed(0)} MB; ` +
      `target ${fmt(target)}/s: ${best >= target ? 'met' : 'NOT met'} (wall, best run)`,
  );
}

console.error(`preparing ${count} records (cached in ${dir})…`);
if (values.only !== 'rds') await measure('VICS 2.0 JSON', await vicsFile(), 100_000);
if (values.only !== 'vics') await measure('NSRL RDS v3 FILE', rdsFile(), 200_000);
