// Truncated, empty, mislabelled, garbage and decompression-bomb files, plus entries that are not
// regular files: each file is hashed and recorded with a reason or decoded safely, the run
// finishes, and the whole process tree stays under 1 GB.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { corpusPath, scratchDir } from '../../fixtures/corpus.js';
import { runCli, type CliRun } from '../../fixtures/cli.js';
import { bombPng, sceneJpeg, scenePng, writeFixture } from '../../fixtures/generate.js';

let dir: string;
let evidence: string;
let run: CliRun;
let records: Map<string, LanterneExportRecord>;

beforeAll(async () => {
  dir = scratchDir();
  evidence = path.join(dir, 'evidence');
  mkdirSync(path.join(evidence, 'sub'), { recursive: true });
  const good = await sceneJpeg({ width: 1600, height: 1200, seed: 7, exif: { make: 'TestCam', model: 'T-1', taken: '2021:07:04 13:22:10', offset: '+02:00' } });
  writeFixture(path.join(evidence, 'good.jpg'), good);
  writeFixture(path.join(evidence, 'truncated.jpg'), good.subarray(0, Math.floor(good.length / 2)));
  writeFixture(path.join(evidence, 'header-only.jpg'), good.subarray(0, 600));
  writeFixture(path.join(evidence, 'empty.jpg'), Buffer.alloc(0));
  writeFixture(path.join(evidence, 'really-a-png.jpg'), await scenePng({ width: 640, height: 480, seed: 8 }));
  writeFixture(path.join(evidence, 'garbage.jpg'), randomBytes(50_000));
  writeFixture(path.join(evidence, 'garbage-with-jpeg-magic.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), randomBytes(30_000)]));
  writeFixture(path.join(evidence, 'sub', 'bomb.png'), bombPng(20000, 20000));
  writeFixture(path.join(evidence, 'sub', 'notes.txt'), Buffer.from('not an image\n'));
  symlinkSync('/etc/hostname', path.join(evidence, 'link-out-of-root'));
  symlinkSync('good.jpg', path.join(evidence, 'link-inside'));
  execFileSync('mkfifo', [path.join(evidence, 'sub', 'a-fifo')]);
  run = await runCli(['ingest', evidence, '--case', path.join(dir, 'case'), '--quiet']);
  const exported = await runCli(['export', path.join(dir, 'case'), '--format', 'jsonl']);
  records = new Map(exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [r.path, r]));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile input', () => {
  it('finishes, says some files failed (exit 1) and stays under 1 GB', () => {
    console.log(run.stdout, run.stderr, `peak RSS of the process tree: ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MB`);
    expect(run.code).toBe(1);
    expect(run.peakRssBytes).toBeGreaterThan(0);
    expect(run.peakRssBytes).toBeLessThan(1024 ** 3);
  });

  it('records exactly the regular files, each with true hashes', () => {
    expect([...records.keys()].sort()).toEqual([
      'empty.jpg', 'garbage-with-jpeg-magic.jpg', 'garbage.jpg', 'good.jpg', 'header-only.jpg', 'really-a-png.jpg',
      'sub/bomb.png', 'sub/notes.txt', 'truncated.jpg',
    ]);
    for (const r of records.values()) {
      const bytes = readFileSync(path.join(evidence, r.path));
      expect(r.size, r.path).toBe(bytes.length);
      expect(r.sha256, r.path).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(r.md5, r.path).toBe(createHash('md5').update(bytes).digest('hex'));
    }
  });

  it('gives each broken image a reason a person understands', () => {
    for (const r of records.values()) console.log(`${r.path}: ${r.status} ${r.type} ${r.error ?? ''} ${r.notes?.join('; ') ?? ''}`);
    expect(records.get('sub/bomb.png')).toMatchObject({ status: 'failed', type: 'image/png' });
    expect(records.get('sub/bomb.png')?.error).toMatch(/20000×20000.*decode limit/);
    expect(records.get('garbage-with-jpeg-magic.jpg')).toMatchObject({ status: 'failed', type: 'image/jpeg' });
    expect(records.get('header-only.jpg')?.status).toBe('failed');
    // Not images: recorded as what they are, nothing to decode.
    expect(records.get('empty.jpg')).toMatchObject({ status: 'ok', type: 'application/x-empty', size: 0 });
    expect(records.get('garbage.jpg')).toMatchObject({ status: 'ok', type: 'application/octet-stream' });
    expect(records.get('sub/notes.txt')).toMatchObject({ status: 'ok', type: 'text/plain' });
  });

  it('decodes what can be decoded, by content', () => {
    expect(records.get('really-a-png.jpg')).toMatchObject({ status: 'ok', type: 'image/png', width: 640, height: 480 });
    const good = records.get('good.jpg')!;
    expect(good).toMatchObject({ status: 'ok', width: 1600, height: 1200 });
    expect(good.exif).toMatchObject({ make: 'TestCam', model: 'T-1', taken: '2021-07-04T13:22:10+02:00' });
    // A JPEG cut in half still shows its top half; it is kept, with a note saying so.
    const truncated = records.get('truncated.jpg')!;
    if (truncated.status === 'ok') expect(truncated.notes?.join(' ')).toMatch(/damaged|truncat|premature/i);
    else expect(truncated.error).toBeTruthy();
  });

  it('never opens the FIFO and never follows symlinks', () => {
    // A FIFO that was opened would have blocked the run forever; symlinks are not items.
    expect(records.has('sub/a-fifo')).toBe(false);
    expect(records.has('link-out-of-root')).toBe(false);
    expect(records.has('link-inside')).toBe(false);
  });
});

describe('exit codes', () => {
  it('2 with a plain message for a missing evidence folder', async () => {
    const r = await runCli(['ingest', path.join(dir, 'nope'), '--case', path.join(dir, 'case2')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Evidence folder not found/);
  });

  it('2 when the case folder would be inside the evidence', async () => {
    const r = await runCli(['ingest', evidence, '--case', path.join(evidence, 'case')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/never writes into evidence/);
  });

  it('2 for bad usage, 0 for --help on every command', async () => {
    expect((await runCli(['ingest', evidence])).code).toBe(2);
    expect((await runCli(['export', path.join(dir, 'nope')])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    for (const cmd of ['ingest', 'export']) {
      const help = await runCli([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: lanterne/);
    }
  });

  it('0 for a clean run', async () => {
    const clean = path.join(dir, 'clean');
    mkdirSync(clean);
    writeFixture(path.join(clean, 'a.jpg'), await sceneJpeg({ width: 320, height: 240, seed: 1 }));
    writeFixture(path.join(clean, 'b.jpg'), readFileSync(corpusPath('exifr-fixtures', 'IMG_20180725_163423.jpg')));
    const r = await runCli(['ingest', clean, '--case', path.join(dir, 'case3')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Ingest complete/);
  });
});
