// `lanterne hashset` as an examiner runs it: import, list, remove, and plain errors with exit 2.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, scratchDir } from '../../fixtures/corpus.js';
import { runCli } from '../../fixtures/cli.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';

let dir: string;
let caseDir: string;

beforeAll(async () => {
  dir = scratchDir();
  caseDir = path.join(dir, 'case');
  mkdirSync(path.join(dir, 'evidence'));
  writeFixture(path.join(dir, 'evidence', 'a.jpg'), await sceneJpeg({ width: 320, height: 240, seed: 11 }));
  expect((await runCli(['ingest', path.join(dir, 'evidence'), '--case', caseDir, '--quiet'])).code).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanterne hashset', () => {
  it('imports, lists and removes a set', async () => {
    const imported = await runCli(['hashset', 'import', caseDir, corpusPath('hashsets', 'synthetic-from-corpus', 'vics-1.3-media-hashset.json'), '--name', 'partner-vics']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 'partner-vics': 10 records \(vics 1\.3/);
    expect(imported.stderr).not.toMatch(/\x1b/);
    const listed = await runCli(['hashset', 'list', caseDir]);
    expect(listed.stdout).toMatch(/^partner-vics\tknown\tvics 1\.3\t10 records/m);
    const again = await runCli(['hashset', 'import', caseDir, corpusPath('hashsets', 'synthetic-from-corpus', 'vics-1.3-media-hashset.json'), '--name', 'partner-vics']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already in this case/);
    expect((await runCli(['hashset', 'remove', caseDir, 'partner-vics'])).code).toBe(0);
    expect((await runCli(['hashset', 'list', caseDir])).stdout).toMatch(/No hash sets/);
  });

  it('refuses bad input with exit 2 and a sentence naming the problem', async () => {
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, 'd41d8cd98f00b204e9800998ecf8427e\nnot-a-hash\n');
    const r = await runCli(['hashset', 'import', caseDir, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.txt, line 2/);
    expect((await runCli(['hashset', 'import', caseDir, path.join(dir, 'missing.json')])).code).toBe(2);
    expect((await runCli(['hashset', 'remove', caseDir, 'nope'])).stderr).toMatch(/No hash set named 'nope'/);
    expect((await runCli(['hashset', 'import', caseDir, bad, '--kind', 'maybe'])).code).toBe(2);
  });
});
