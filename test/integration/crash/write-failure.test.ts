// A result batch that cannot be written (here: a trigger that refuses it, standing in for any
// database error that is not a full disk) must end the ingest as an error — exit 2 with the reason.
// It used to be thrown inside a promise callback and, depending on timing, swallowed: the run went
// on and reported "Ingest complete" with those files still pending (seen in the kill-and-WAL test,
// where a write failed). The swallowing depends on timing, so this test catches it only sometimes;
// the fixed behaviour it pins always holds.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_DB } from '../../../electron/engine/case/case-folder.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { runCli } from '../../fixtures/cli.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';

const dir = scratchDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a result write that fails', () => {
  it('ends the ingest with exit 2 and the reason, leaving the files pending for the next run', async () => {
    const evidence = path.join(dir, 'evidence');
    mkdirSync(evidence);
    for (let i = 0; i < 3; i++) writeFixture(path.join(evidence, `IMG_${i}.jpg`), await sceneJpeg({ width: 320, height: 240, seed: 40 + i }));
    // More files than one batch (200), so a batch is written while results still come in — from a
    // promise callback, the path that used to leak the error as an unhandled rejection.
    for (let i = 0; i < 250; i++) writeFixture(path.join(evidence, `note-${i}.txt`), `benign note ${i}\n`);
    const caseDir = path.join(dir, 'case');
    expect((await runCli(['ingest', evidence, '--case', caseDir, '--quiet', '--hash-only'])).code).toBe(0);
    const db = new Database(path.join(caseDir, CASE_DB));
    db.exec(`UPDATE items SET status = 'pending';
      CREATE TRIGGER refuse_results BEFORE UPDATE OF status ON items WHEN new.status <> 'pending'
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;`);
    db.close();

    const run = await runCli(['ingest', evidence, '--case', caseDir, '--quiet']);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/simulated write failure/);
    expect(run.stdout).not.toMatch(/Ingest complete/);

    const after = new Database(path.join(caseDir, CASE_DB), { readonly: true });
    expect(after.prepare(`SELECT count(*) AS n FROM items WHERE status = 'pending'`).get()).toEqual({ n: 253 });
    after.close();
  });
});
