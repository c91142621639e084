// SIGKILL an ingest at random points, run it again, and the export must equal that of a run
// that was never interrupted: nothing duplicated, nothing lost.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, scratchDir } from '../../fixtures/corpus.js';
import { runCli, startCli } from '../../fixtures/cli.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';

let dir: string;
let evidence: string;

beforeAll(async () => {
  dir = scratchDir();
  evidence = path.join(dir, 'evidence');
  for (let i = 0; i < 100; i++) {
    const folder = path.join(evidence, `card-${i % 4}`);
    mkdirSync(folder, { recursive: true });
    writeFixture(
      path.join(folder, `IMG_${1000 + i}.jpg`),
      await sceneJpeg({ width: 1600, height: 1200, seed: i + 1, exif: { make: 'TestCam', model: `T-${i % 3}`, taken: `2022:01:0${1 + (i % 9)} 10:00:00` } }),
    );
  }
  // A few real camera photos and a HEIC among them.
  mkdirSync(path.join(evidence, 'phone'));
  for (const f of readdirSync(corpusPath('ianare-exif-samples', 'jpg', 'gps'))) {
    copyFileSync(corpusPath('ianare-exif-samples', 'jpg', 'gps', f), path.join(evidence, 'phone', f));
  }
  copyFileSync(corpusPath('exifr-fixtures', 'heic-iphone7.heic'), path.join(evidence, 'phone', 'IMG_0001.HEIC'));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportOf(caseDir: string): Promise<string> {
  const r = await runCli(['export', caseDir, '--format', 'jsonl']);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('kill and resume', () => {
  it('gives the same export as an uninterrupted run after SIGKILLs at random points', async () => {
    const cleanCase = path.join(dir, 'clean-case');
    const clean = await runCli(['ingest', evidence, '--case', cleanCase, '--quiet']);
    expect(clean.code).toBe(0);
    const expected = await exportOf(cleanCase);
    const fileCount = 100 + readdirSync(path.join(evidence, 'phone')).length;
    expect(expected.trim().split('\n')).toHaveLength(fileCount);

    const killedCase = path.join(dir, 'killed-case');
    const kills: string[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const { child, done } = startCli(['ingest', evidence, '--case', killedCase, '--quiet']);
      const delay = 300 + Math.floor(Math.random() * 2500);
      await sleep(delay);
      const killed = child.kill('SIGKILL');
      const r = await done;
      kills.push(`after ${delay} ms: ${killed && r.signal === 'SIGKILL' ? 'killed' : `had already finished (code ${r.code})`}`);
    }
    console.log(`kill points: ${kills.join('; ')}`);
    const resumed = await runCli(['ingest', evidence, '--case', killedCase, '--quiet']);
    expect(resumed.code).toBe(0);
    expect(await exportOf(killedCase)).toBe(expected);
    // And once more: a finished case gains nothing.
    const again = await runCli(['ingest', evidence, '--case', killedCase]);
    expect(again.stdout).toMatch(/0 files processed \(0 new\)/);
    expect(await exportOf(killedCase)).toBe(expected);
  });
});
