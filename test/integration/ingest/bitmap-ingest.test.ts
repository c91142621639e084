// BMP and icon files through the real ingest (the built CLI, worker processes, SQLite, export)
// and the viewer's render: libvips has no loader for them in this build, bmp-decode.ts gives their
// pixels. A screenshot saved as BMP and the same picture as PNG hash alike; a truncated BMP shows
// the part that is there with a note; a 00 00 01 00 file that is no icon stays a plain file.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { renderFullView } from '../../../electron/engine/ingest/imaging.js';
import { hammingDistance } from '../../../electron/engine/ingest/pdq.js';
import { encodeBmp, icoDib, icoFile } from '../../fixtures/bmp.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { scenePng, writeFixture } from '../../fixtures/generate.js';

let dir: string;
let evidence: string;
let records: Map<string, LanterneExportRecord>;

beforeAll(async () => {
  dir = scratchDir('lanterne-bitmap-');
  evidence = path.join(dir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  const png = await scenePng({ width: 1280, height: 720, seed: 31 });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height, channels: info.channels };
  const bmp = encodeBmp(image, { bpp: 24 });
  writeFixture(path.join(evidence, 'screenshot.png'), png);
  writeFixture(path.join(evidence, 'screenshot.bmp'), bmp);
  writeFixture(path.join(evidence, 'cut.bmp'), bmp.subarray(0, Math.floor(bmp.length * 0.6)));
  const icon = await sharp(png).resize(64, 64, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  writeFixture(path.join(evidence, 'app.ico'), icoFile([{ width: 64, height: 64, bpp: 24, data: icoDib({ data: icon.data, width: 64, height: 64, channels: icon.info.channels }, 24, () => false) }]));
  writeFixture(path.join(evidence, 'not-an-icon.bin'), Buffer.concat([Buffer.from([0, 0, 1, 0, 0, 0]), Buffer.alloc(200, 0x5a)]));
  const run = await runCli(['ingest', evidence, '--case', path.join(dir, 'case'), '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  const exported = await runCli(['export', path.join(dir, 'case'), '--format', 'jsonl']);
  records = new Map(exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [path.basename(r.path), r]));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('BMP and icons through the ingest', () => {
  it('a BMP is an image like its PNG twin: stored size, thumbnail, the same PDQ', () => {
    const bmp = records.get('screenshot.bmp')!;
    const png = records.get('screenshot.png')!;
    expect(bmp).toMatchObject({ type: 'image/bmp', status: 'ok', width: 1280, height: 720 });
    expect(bmp.pdq).toBeTruthy();
    const distance = hammingDistance(bmp.pdq!, png.pdq!);
    console.log(`BMP vs PNG twin: PDQ ${distance} bits apart (quality ${bmp.pdqQuality} / ${png.pdqQuality})`);
    expect(distance).toBeLessThanOrEqual(2);
  });

  it('a truncated BMP shows the part that is there, with a note saying how much', () => {
    const cut = records.get('cut.bmp')!;
    expect(cut).toMatchObject({ type: 'image/bmp', status: 'ok', width: 1280, height: 720 });
    expect(cut.notes?.join(' ')).toMatch(/truncated/);
  });

  it('an icon decodes from its largest image; a file that only starts like one stays a plain file', () => {
    expect(records.get('app.ico')).toMatchObject({ type: 'image/x-icon', status: 'ok', width: 64, height: 64 });
    expect(records.get('not-an-icon.bin')).toMatchObject({ type: 'application/octet-stream', status: 'ok' });
  });

  it('the viewer renders a BMP whole', async () => {
    const view = await sharp(await renderFullView(readFileSync(path.join(evidence, 'screenshot.bmp')), 'image/bmp', null, 1000)).metadata();
    expect([view.format, view.width, view.height]).toEqual(['webp', 1000, 563]);
  });
});
