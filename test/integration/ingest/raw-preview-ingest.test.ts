// A camera RAW through the real ingest (the built CLI, worker processes, SQLite, export): a
// synthetic CR2 and its JPEG twin (RAW+JPEG mode) on a scratch card. The RAW is `ok`, has a
// thumbnail from its embedded preview, and its PDQ matches the twin's.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { hammingDistance } from '../../../electron/engine/ingest/pdq.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../fixtures/generate.js';
import { buildTiffRaw, lossless } from '../../fixtures/synthetic-raw.js';

let dir: string;
let records: Map<string, LanterneExportRecord>;

beforeAll(async () => {
  dir = scratchDir();
  const card = path.join(dir, 'card', 'DCIM', '100CANON');
  mkdirSync(card, { recursive: true });
  // The camera's JPEG and the RAW's preview: one exposure, written twice by the camera.
  const exposure = await sceneJpeg({ width: 1800, height: 1200, seed: 77, exif: { make: 'Canon', model: 'EOS Test' } });
  const preview = await sceneJpeg({ width: 1800, height: 1200, seed: 77, quality: 70 });
  const thumbnail = await sceneJpeg({ width: 160, height: 120, seed: 77 });
  writeFixture(path.join(card, 'IMG_0001.JPG'), exposure);
  writeFixture(path.join(card, 'IMG_0001.CR2'), buildTiffRaw({ kind: 'cr2', littleEndian: true, preview, thumbnail, rawData: lossless }));
  writeFixture(path.join(card, 'IMG_0002.CR2'), buildTiffRaw({ kind: 'cr2', littleEndian: true, preview: null, thumbnail: null, rawData: lossless }));
  const run = await runCli(['ingest', path.join(dir, 'card'), '--case', path.join(dir, 'case'), '--quiet']);
  expect(run.code, run.stderr).toBe(1); // IMG_0002.CR2 has no preview: one file not fully processed
  const exported = await runCli(['export', path.join(dir, 'case'), '--format', 'jsonl']);
  records = new Map(exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [path.basename(r.path), r]));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest of a RAW+JPEG card', () => {
  it('decodes the CR2 from its embedded preview: ok, sized, noted, hashed like its JPEG twin', () => {
    const raw = records.get('IMG_0001.CR2')!;
    const jpeg = records.get('IMG_0001.JPG')!;
    expect(raw.type).toBe('image/x-canon-cr2');
    expect(raw.status).toBe('ok');
    expect([raw.width, raw.height]).toEqual([1800, 1200]);
    expect(raw.notes).toContain("picture from the camera's embedded JPEG preview (1800×1200, IFD0 JPEG strip); the raw sensor data is not decoded");
    expect(jpeg.status).toBe('ok');
    const distance = hammingDistance(raw.pdq!, jpeg.pdq!);
    console.log(`PDQ distance CR2 preview ↔ JPEG twin: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(10);
  });

  it('stores a thumbnail for the RAW', () => {
    const raw = records.get('IMG_0001.CR2')!;
    const thumbs = path.join(dir, 'case', 'thumbs');
    const sha = raw.sha256!;
    const file = path.join(thumbs, sha.slice(0, 2), `${sha}.webp`);
    expect(existsSync(thumbs)).toBe(true);
    expect(existsSync(file), file).toBe(true);
  });

  it('records a RAW without a preview as failed, with the reason, hashed', () => {
    const raw = records.get('IMG_0002.CR2')!;
    expect(raw.status).toBe('failed');
    expect(raw.error).toMatch(/^RAW file without a usable embedded JPEG preview \(.*SOF3.*\): hashed and kept, no thumbnail$/);
    expect(raw.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
