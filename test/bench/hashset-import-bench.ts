// npm run bench:hashsets — import speed of a generated 1 000 000-record VICS 2.0 file and an NSRL
// RDS v3 FILE table into a case, with the peak memory of the process (targets from the
// known-material issue: VICS ≥ 100 000 records/s, RDS ≥ 200 000 rows/s, flat memory).
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openCase } from '../../electron/engine/case/case-folder.js';
import { importHashSet } from '../../electron/engine/hashsets/import-set.js';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' } } });
const count = Number(values.records);
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

async function measure(label: string, file: string) {
  const work = scratchDir('lanterne-bench-');
  const handle = openCase(path.join(work, 'case'), { create: true });
  let peak = process.memoryUsage().rss;
  const base = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await importHashSet(handle.db, file);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${result.set.records.toLocaleString('en')} records in ${seconds.toFixed(1)} s → ` +
        `${Math.round(result.set.records / seconds).toLocaleString('en')} records/s; file ${(statSync(file).size / MB).toFixed(0)} MB; ` +
        `RSS ${(base / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`,
    );
  } finally {
    clearInterval(sampler);
    handle.close();
    rmSync(work, { recursive: true, force: true });
  }
}

console.error(`preparing ${count} records (cached in ${dir})…`);
const vics = await vicsFile();
const rds = rdsFile();
await measure('VICS 2.0 JSON', vics);
await measure('NSRL RDS v3 FILE', rds);
