// Ingests the whole shared corpus through the real pipeline (worker processes, sharp, exifr,
// SQLite) and checks every file against hashdeep's output.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseReadOnly } from '../../../../electron/engine/case/case-folder.js';
import type { LanterneExportRecord } from '../../../../electron/engine/export/export-record.js';
import { jsonlLines } from '../../../../electron/engine/export/jsonl.js';
import { ingest, type IngestSummary } from '../../../../electron/engine/ingest/pipeline.js';
import { CORPUS, scratchDir } from '../../../fixtures/corpus.js';
import { readHashdeepOracle } from '../../../fixtures/oracles.js';

let dir: string;
let summary: IngestSummary;
let records: Map<string, LanterneExportRecord>;

beforeAll(async () => {
  dir = scratchDir();
  summary = await ingest({ caseDir: path.join(dir, 'case'), roots: [CORPUS] });
  const handle = openCaseReadOnly(path.join(dir, 'case'));
  try {
    records = new Map([...jsonlLines(handle.db)].map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [r.path, r]));
  } finally {
    handle.close();
  }
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest of ../shared/corpus', () => {
  it('records every file hashdeep saw with the same size, MD5, SHA-1 and SHA-256', () => {
    const oracle = readHashdeepOracle();
    expect(oracle.length).toBeGreaterThan(300);
    const mismatches: string[] = [];
    for (const expected of oracle) {
      const got = records.get(expected.file);
      if (!got) {
        mismatches.push(`${expected.file}: no record`);
        continue;
      }
      for (const key of ['size', 'md5', 'sha1', 'sha256'] as const) {
        if (got[key] !== expected[key]) mismatches.push(`${expected.file}: ${key} ${got[key]} != hashdeep ${expected[key]}`);
      }
    }
    if (mismatches.length) console.log(mismatches.join('\n'));
    expect(mismatches).toEqual([]);
  });

  it('finishes with one record per regular file and a reason for every failure', () => {
    expect(summary.counts.pending).toBe(0);
    expect(summary.counts.files).toBe(records.size);
    const failed = [...records.values()].filter((r) => r.status === 'failed');
    console.log(`corpus: ${records.size} files, ${summary.counts.images} images, ${failed.length} failed`);
    for (const r of failed) console.log(`  failed ${r.path} [${r.type}]: ${r.error}`);
    for (const r of failed) expect(r.error, r.path).toMatch(/\w{4,}/);
    // Failed files are still hashed: the hashes are what matching needs.
    for (const r of failed) expect(r.sha256, r.path).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes the HEIC phone photos through the wasm decoder', () => {
    const heic = [...records.values()].filter((r) => r.type === 'image/heic');
    expect(heic.length).toBeGreaterThan(2);
    const decoded = heic.filter((r) => r.status === 'ok' && r.width && r.height && r.pdq);
    console.log(heic.map((r) => `  ${r.path}: ${r.status} ${r.width}x${r.height} ${r.error ?? ''}`).join('\n'));
    expect(decoded.length).toBeGreaterThanOrEqual(Math.ceil(heic.length * 0.75));
  });

  it('carries camera facts through to the export exactly as recorded', () => {
    // Values asserted by exifr's own test-suite for this fixture (see ../shared/corpus/SOURCES.txt).
    const pixel = records.get('exifr-fixtures/IMG_20180725_163423.jpg')!;
    expect(pixel).toMatchObject({ status: 'ok', type: 'image/jpeg', orientation: 1 });
    expect(pixel.exif).toMatchObject({ make: 'Google', model: 'Pixel', taken: '2018-07-25T16:34:23' });
    expect(pixel.exif?.gps?.lat).toBeCloseTo(50.29960277777778, 9);
    expect(pixel.exif?.gps?.lon).toBeCloseTo(14.820294444444444, 9);
    expect(pixel.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(pixel.pdqQuality).toBeGreaterThanOrEqual(50);
  });

  it('sniffs types from content, not names', () => {
    // exiftool's sample named .jpg but holding other data, and raw formats in TIFF containers
    expect(records.get('exiftool-t-images/PNG.png')?.type).toBe('image/png');
    expect(records.get('exiftool-t-images/Nikon.nef')?.type).toBe('image/tiff');
    expect(records.get('hashsets/synthetic-from-corpus/RDS_synthetic_modern_minimal.db')?.type).toBe('application/vnd.sqlite3');
  });

  it('takes the same folder given another way for the same root', async () => {
    const again = await ingest({ caseDir: path.join(dir, 'case'), roots: [path.relative(process.cwd(), CORPUS) || '.'] });
    expect(again.run.added).toBe(0);
    expect(again.counts.files).toBe(summary.counts.files);
  });

  it('re-running on a finished case adds and redoes nothing', async () => {
    const again = await ingest({ caseDir: path.join(dir, 'case'), roots: [CORPUS] });
    expect(again.run.added).toBe(0);
    expect(again.run.processed).toBe(0);
    expect(again.counts.files).toBe(summary.counts.files);
  });
});
