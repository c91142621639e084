// `lanterne verify` as an examiner runs it, on cases made by the built CLI from generated benign
// images. Tampering is done the way someone would do it by hand: bytes flipped in an evidence
// file, audit rows edited with the sqlite3 command-line tool after dropping the triggers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';

let dir: string;
/** A case with seven audit entries: created, ingest (started, evidence added, finished), hash set imported, a second ingest run. */
let baseCase: string;
let counter = 0;

const DROP_TRIGGERS = 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;';

function sqlite(caseDir: string, sql: string): string {
  return execFileSync('sqlite3', [path.join(caseDir, 'case.sqlite'), sql], { encoding: 'utf8' }).trim();
}

function cloneCase(): string {
  const copy = path.join(dir, `clone-${++counter}`);
  cpSync(baseCase, copy, { recursive: true });
  return copy;
}

async function makeEvidence(name: string, count: number): Promise<string> {
  const evidence = path.join(dir, name);
  mkdirSync(path.join(evidence, 'card'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFixture(path.join(evidence, 'card', `IMG_${2000 + i}.jpg`), await sceneJpeg({ width: 400, height: 300, seed: 300 + i, exif: { make: 'TestCam', model: 'T-1' } }));
  }
  writeFixture(path.join(evidence, 'readme.txt'), 'benign text file\n');
  return evidence;
}

async function ingestCase(evidence: string, caseDir: string): Promise<void> {
  const r = await runCli(['ingest', evidence, '--case', caseDir, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  dir = scratchDir();
  const evidence = await makeEvidence('evidence', 6);
  baseCase = path.join(dir, 'base-case');
  await ingestCase(evidence, baseCase);
  const known = readFileSync(path.join(evidence, 'card', 'IMG_2000.jpg'));
  writeFixture(path.join(dir, 'known.md5'), `${createHash('md5').update(known).digest('hex')}  IMG_2000.jpg\n`);
  const imported = await runCli(['hashset', 'import', baseCase, path.join(dir, 'known.md5'), '--name', 'test-known']);
  expect(imported.code, imported.stderr).toBe(0);
  await ingestCase(evidence, baseCase);
  expect(sqlite(baseCase, 'SELECT group_concat(action) FROM audit')).toBe(
    'case.created,ingest.started,evidence.added,ingest.finished,hashset.imported,ingest.started,ingest.finished',
  );
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanterne verify', () => {
  it('has --help, and refuses bad usage with exit 2', async () => {
    const help = await runCli(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: lanterne verify <case-dir>/);
    expect((await runCli(['verify'])).code).toBe(2);
    expect((await runCli(['verify', baseCase, 'another'])).code).toBe(2);
    const none = await runCli(['verify', path.join(dir, 'no-such-case')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No case at/);
  });

  it('passes an untouched case with a summary a report can quote, and records itself in the chain', async () => {
    const caseDir = cloneCase();
    const head = sqlite(caseDir, 'SELECT hash FROM audit WHERE id = 7');
    const r = await runCli(['verify', caseDir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Verification PASSED\./);
    expect(r.stdout).toContain(`case:         ${caseDir}`);
    expect(r.stdout).toMatch(/verified: +\d{4}-\d\d-\d\dT[\d:.]+Z to \d{4}-\d\d-\d\dT[\d:.]+Z \(/);
    expect(r.stdout).toMatch(/7 files in the case; 7 re-hashed \([\d.]+ KB\) match their recorded size, MD5, SHA-1 and SHA-256; 0 changed, 0 missing, 0 unreadable/);
    expect(r.stdout).toContain(`7 entries, chain intact; head ${head}`);
    const recorded = sqlite(caseDir, 'SELECT hash FROM audit WHERE id = 8');
    expect(r.stdout).toContain(`recorded as:  audit entry 8 (case.verified), new head ${recorded}`);
    expect(sqlite(caseDir, `SELECT prev_hash FROM audit WHERE id = 8`)).toBe(head);
    // The recorded entry's hash, recomputed outside Lanterne with the documented recipe.
    const recipe = execFileSync('sh', ['-c',
      `sqlite3 "$1" "SELECT prev_hash || json_object('action',action,'actor',actor,'at',at,'details',json(details),'id',id) FROM audit WHERE id = 8" | tr -d '\\n' | sha256sum`,
      'sh', path.join(caseDir, 'case.sqlite')], { encoding: 'utf8' });
    expect(recipe.split(' ')[0]).toBe(recorded);
    // And a second verify sees the first one, intact.
    const again = await runCli(['verify', caseDir, '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`8 entries, chain intact; head ${recorded}`);
  });

  it('fails when one byte of one evidence file is flipped, naming exactly that file', async () => {
    const evidence = await makeEvidence('evidence-flip', 4);
    const caseDir = path.join(dir, 'case-flip');
    await ingestCase(evidence, caseDir);
    const target = path.join(evidence, 'card', 'IMG_2002.jpg');
    const bytes = readFileSync(target);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0x80;
    writeFileSync(target, bytes);
    const r = await runCli(['verify', caseDir, '--quiet']);
    expect(r.code).toBe(1);
    const problemLines = r.stdout.split('\n').filter((l) => /^(CHANGED|MISSING|UNREADABLE) /.test(l));
    expect(problemLines).toHaveLength(1);
    expect(problemLines[0]).toMatch(new RegExp(`^CHANGED +${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(item \\d+\\): MD5 recorded`));
    expect(r.stdout).toMatch(/Verification FAILED\./);
    expect(r.stdout).toMatch(/4 re-hashed .* 1 changed, 0 missing, 0 unreadable/);
    expect(r.stdout).toMatch(/chain intact/);
  });

  it('fails when an evidence file is deleted, reporting it missing', async () => {
    const evidence = await makeEvidence('evidence-delete', 3);
    const caseDir = path.join(dir, 'case-delete');
    await ingestCase(evidence, caseDir);
    rmSync(path.join(evidence, 'readme.txt'));
    const r = await runCli(['verify', caseDir, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^MISSING +${path.join(evidence, 'readme.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(item \\d+\\): no file at this path$`, 'm'));
    expect(r.stdout).toMatch(/0 changed, 1 missing, 0 unreadable/);
  });

  describe('names the exact audit entry tampered with through sqlite3', () => {
    const cases: [string, string, RegExp][] = [
      ['an edited entry', `UPDATE audit SET details = replace(details, '"records":1', '"records":9') WHERE id = 5`, /chain BROKEN at entry 5: entry 5 was edited/],
      ['a deleted middle entry', 'DELETE FROM audit WHERE id = 3', /chain BROKEN at entry 3: entry 3 is missing: the log goes from entry 2 to entry 4/],
      ['a deleted last entry', 'DELETE FROM audit WHERE id = 7', /chain BROKEN at entry 7: entry 7, the last one written, is missing/],
      ['two swapped entries', 'UPDATE audit SET id = -2 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = -2;', /chain BROKEN at entry 2: entry 2 is out of order: it was written after entry 3/],
    ];
    for (const [what, sql, expected] of cases) {
      it(what, async () => {
        const caseDir = cloneCase();
        sqlite(caseDir, `${DROP_TRIGGERS} ${sql}`);
        const r = await runCli(['verify', caseDir, '--quiet']);
        expect(r.code, r.stdout).toBe(1);
        expect(r.stdout).toMatch(/Verification FAILED\./);
        expect(r.stdout).toMatch(expected);
        // The evidence itself is fine: only the log fails.
        expect(r.stdout).toMatch(/7 re-hashed .* 0 changed, 0 missing, 0 unreadable/);
        // Recording that failed verification does not heal the chain: the next verify fails at the same entry.
        const again = await runCli(['verify', caseDir, '--quiet']);
        expect(again.code).toBe(1);
        expect(again.stdout).toContain(expected.source.match(/chain BROKEN at entry \d+:/)![0]);
      });
    }
  });
});
