// `lanterne demo`: a seeded generator gives byte-identical scenes; the built command makes a case
// with invented camera EXIF (serials, GPS), known items from its own VICS set (and their resized
// copies known by PDQ), clue regions on the signs and logos, and an audit entry saying it is a demo;
// `lanterne redact` of it leaves none of the serials or positions.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../electron/engine/audit/audit-log.js';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { generateDemo } from '../../../electron/engine/demo/demo.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';

let dir: string;

beforeAll(() => {
  dir = scratchDir('lanterne-demo-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hashes(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath, d.name))
      .map((f) => [path.relative(root, f), createHash('sha256').update(readFileSync(f)).digest('hex')]),
  );
}

describe('lanterne demo', () => {
  it('is deterministic: the same seed gives byte-identical evidence and set', async () => {
    const a = await generateDemo(path.join(dir, 'a'), { scenes: 8, evidenceOnly: true });
    const b = await generateDemo(path.join(dir, 'b'), { scenes: 8, evidenceOnly: true });
    const c = await generateDemo(path.join(dir, 'c'), { scenes: 8, evidenceOnly: true, seed: 7 });
    expect(Object.keys(hashes(a.dir)).length).toBe(a.files + 1);
    expect(hashes(a.dir)).toEqual(hashes(b.dir));
    expect(hashes(c.dir)).not.toEqual(hashes(a.dir));
  });

  it('makes a reviewed demo case with fake cameras, GPS and known items, and a redaction of it leaks none of them', async () => {
    const demo = path.join(dir, 'full');
    const run = await runCli(['demo', demo, '--scenes', '12', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`lanterne serve "${path.join(demo, 'case')}"`);

    const exif = await exifr.parse(readFileSync(path.join(demo, 'evidence', 'lumen', 'IMG_2000.jpg')), { gps: true });
    expect(exif).toMatchObject({ Make: 'Lumen Optics', Model: 'LX-200' });
    const h = openCaseReadOnly(path.join(demo, 'case'));
    let serials: string[];
    let positions: number[];
    try {
      const counts = h.db.prepare(`SELECT count(*) AS files, sum(known_status = 'known') AS known, sum(status = 'failed') AS failed FROM items`).get() as Record<string, number>;
      // 12 scenes, 2 of them in the set (scenes 3 and 9); resized copies of those and of scenes 1 and 5.
      expect(counts).toEqual({ files: 16, known: 4, failed: 0 });
      const byPdq = h.db.prepare(`SELECT count(DISTINCT item_id) AS n FROM matches WHERE by = 'pdq'`).get() as { n: number };
      expect(byPdq.n).toBe(2);
      serials = (h.db.prepare('SELECT DISTINCT serial FROM metadata WHERE serial IS NOT NULL').all() as { serial: string }[]).map((r) => r.serial);
      expect(serials.length).toBeGreaterThanOrEqual(3);
      positions = (h.db.prepare('SELECT gps_lat, gps_lon FROM metadata WHERE gps_lat IS NOT NULL').all() as { gps_lat: number; gps_lon: number }[]).flatMap((r) => [r.gps_lat, r.gps_lon]);
      expect(positions.length).toBeGreaterThan(6);
      expect(h.db.prepare(`SELECT type, count(*) AS n FROM regions GROUP BY type ORDER BY type`).all()).toEqual([
        { type: 'background', n: 6 }, { type: 'logo', n: 6 }, { type: 'text', n: 6 },
      ]);
      expect((h.db.prepare('SELECT count(*) AS n FROM items WHERE examiner_category IS NOT NULL').get() as { n: number }).n).toBe(5);
      expect(readAudit(h.db, { limit: 10000 }).map((a) => a.action)).toContain('demo.created');
      expect(verifyAuditChain(h.db).ok).toBe(true);
    } finally {
      h.close();
    }

    const redacted = path.join(dir, 'redacted');
    const red = await runCli(['redact', path.join(demo, 'case'), '--out', redacted]);
    expect(red.code, red.stderr).toBe(0);
    const needles = [...serials, ...positions.map((p) => p.toFixed(4)), 'lumen/IMG_', 'received_', 'CAFÉ', 'NORVANTA', 'QUILLO', 'ZEFRA', 'OMBRIX', 'TAVELO'];
    for (const [file] of Object.entries(hashes(redacted))) {
      const bytes = readFileSync(path.join(redacted, file));
      for (const needle of needles) expect(bytes.includes(Buffer.from(needle)), `${file} holds ${needle}`).toBe(false);
    }
  });
});
