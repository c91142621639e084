// A case made by an earlier Lanterne, which had no reader for BMP, camera RAWs or video metadata:
// running the same ingest again with this version gives those files their picture or metadata,
// and a further run has nothing left to do. The earlier version's leftovers are recreated in a
// case this version made (failed "no decoder" rows, a video with no metadata row), as its
// migrations leave them.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../../electron/engine/case/case-folder.js';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { encodeBmp } from '../../fixtures/bmp.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg, scenePng, writeFixture } from '../../fixtures/generate.js';
import { buildTiffRaw, lossless } from '../../fixtures/synthetic-raw.js';
import { syntheticVideo } from '../../fixtures/synthetic-video.js';

const OLD_NO_DECODER = 'no decoder for this image type in this build: hashed and kept, no thumbnail';

let dir: string;
let evidence: string;
let caseDir: string;

async function exported(): Promise<Map<string, LanterneExportRecord>> {
  const run = await runCli(['export', caseDir, '--format', 'jsonl']);
  expect(run.code, run.stderr).toBe(0);
  return new Map(run.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [path.basename(r.path), r]));
}

beforeAll(async () => {
  dir = scratchDir('lanterne-requeue-');
  evidence = path.join(dir, 'evidence');
  caseDir = path.join(dir, 'case');
  mkdirSync(evidence, { recursive: true });
  const { data, info } = await sharp(await scenePng({ width: 320, height: 240, seed: 5 })).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  writeFixture(path.join(evidence, 'screen.bmp'), encodeBmp({ data, width: info.width, height: info.height, channels: 3 }, { bpp: 24 }));
  const preview = await sceneJpeg({ width: 600, height: 400, seed: 6 });
  writeFixture(path.join(evidence, 'IMG_0001.CR2'), buildTiffRaw({ kind: 'cr2', littleEndian: true, preview, thumbnail: null, rawData: lossless }));
  writeFixture(path.join(evidence, 'clip.mp4'), syntheticVideo({ udta: { '©mak': 'samsung', '©mod': 'SM-G991B' } }));
  writeFixture(path.join(evidence, 'photo.jpg'), await sceneJpeg({ width: 400, height: 300, seed: 7 }));
  const first = await runCli(['ingest', evidence, '--case', caseDir, '--quiet']);
  expect(first.code, first.stderr).toBe(0);

  // What an earlier version left in its case for the same files.
  const handle = openCase(caseDir);
  try {
    const db = handle.db;
    db.prepare(`UPDATE items SET status = 'failed', error = ?, has_thumb = 0, width = NULL, height = NULL WHERE rel_path IN ('screen.bmp', 'IMG_0001.CR2')`).run(OLD_NO_DECODER);
    db.prepare(`DELETE FROM metadata WHERE item_id = (SELECT id FROM items WHERE rel_path = 'clip.mp4')`).run();
  } finally {
    handle.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an earlier version’s case, ingested again', () => {
  it('gives the BMP and the RAW their picture and the video its metadata; the JPEG is not redone', async () => {
    const before = await exported();
    expect(before.get('screen.bmp')).toMatchObject({ status: 'failed', error: OLD_NO_DECODER });
    expect(before.get('clip.mp4')?.exif?.make ?? null).toBeNull();

    const again = await runCli(['ingest', evidence, '--case', caseDir, '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    const after = await exported();
    expect(after.get('screen.bmp')).toMatchObject({ status: 'ok', width: 320, height: 240 });
    expect(after.get('screen.bmp')?.pdq).toBeTruthy();
    expect(after.get('IMG_0001.CR2')).toMatchObject({ status: 'ok', width: 600, height: 400 });
    expect(after.get('clip.mp4')?.exif).toMatchObject({ make: 'samsung', model: 'SM-G991B' });
    expect(after.get('photo.jpg')).toEqual(before.get('photo.jpg'));
    // The run's audit entry says what it took up again.
    const handle = openCase(caseDir);
    try {
      const last = handle.db.prepare(`SELECT details FROM audit WHERE action = 'ingest.finished' ORDER BY id DESC LIMIT 1`).get() as { details: string };
      expect(JSON.parse(last.details)).toMatchObject({ processed: 3, requeued: { hashOnly: 0, newlyReadable: 3 } });
    } finally {
      handle.close();
    }
  });

  it('leaves nothing to do for the run after', async () => {
    const third = await runCli(['ingest', evidence, '--case', caseDir]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/0 files processed \(0 new\)/);
  });
});
