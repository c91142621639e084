// Motion-JPEG videos through the real ingest (the built CLI, worker processes, SQLite, export): an
// old compact camera's AVI whose frames carry no Huffman tables, its Photo-JPEG MOV and an
// interlaced 'mjpa' MOV are ok with a thumbnail and the PDQ of their first frame (that frame is
// also on the card as a JPEG of its own); an H.264 phone video and a DivX AVI stay ok with no
// picture and no failure, as before; a Motion-JPEG MOV whose first sample is not a JPEG fails with
// the reason.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { renderItem } from '../../../electron/engine/hashsets/render-item.js';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { hammingDistance } from '../../../electron/engine/ingest/pdq.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { aviFile, mjpegFrames, quickTimeMovie, stripHuffmanTables, twoFields } from '../../fixtures/synthetic-mjpeg.js';
import { syntheticVideo } from '../../fixtures/synthetic-video.js';

let dir: string;
let caseDir: string;
let records: Map<string, LanterneExportRecord>;
let exitCode: number | null;

beforeAll(async () => {
  dir = scratchDir();
  caseDir = path.join(dir, 'case');
  const card = path.join(dir, 'seized');
  for (const folder of ['DCIM', 'phone', 'frames']) mkdirSync(path.join(card, folder), { recursive: true });
  const aviFrames = await mjpegFrames(3, { width: 640, height: 480, seed: 301 });
  const movFrames = await mjpegFrames(3, { width: 640, height: 480, seed: 401 });
  writeFileSync(path.join(card, 'DCIM', 'MVI_0001.AVI'), aviFile({ frames: aviFrames.map(stripHuffmanTables), width: 640, height: 480, audioFirst: true }));
  writeFileSync(path.join(card, 'DCIM', 'MVI_0002.MOV'), quickTimeMovie({ samples: movFrames, udta: { '©mak': 'Canon', '©mod': 'PowerShot A590 IS' }, created: new Date('2009-06-01T12:00:00Z') }));
  writeFileSync(path.join(card, 'DCIM', 'MVI_0003.MOV'), quickTimeMovie({ samples: [await twoFields(movFrames[0]!)], format: 'mjpa' }));
  writeFileSync(path.join(card, 'DCIM', 'MVI_0004.MOV'), quickTimeMovie({ samples: [Buffer.alloc(5000, 0x33)] }));
  writeFileSync(path.join(card, 'phone', 'VID_H264.mp4'), quickTimeMovie({
    samples: [Buffer.from([0, 0, 0, 2, 0x09, 0xf0])], format: 'avc1', brand: 'mp42', width: 1920, height: 1080,
    udta: { '©mak': 'samsung', '©mod': 'SM-G991B' },
  }));
  writeFileSync(path.join(card, 'phone', 'VID_EMPTY_STSD.mp4'), syntheticVideo({ udta: { '©mak': 'samsung' } }));
  writeFileSync(path.join(card, 'phone', 'clip_xvid.avi'), aviFile({ frames: aviFrames, width: 640, height: 480, compression: 'XVID' }));
  writeFileSync(path.join(card, 'frames', 'avi-first.jpg'), aviFrames[0]!);
  writeFileSync(path.join(card, 'frames', 'mov-first.jpg'), movFrames[0]!);

  const run = await runCli(['ingest', card, '--case', caseDir, '--quiet']);
  exitCode = run.code;
  const exported = await runCli(['export', caseDir, '--format', 'jsonl']);
  expect(exported.code, exported.stderr).toBe(0);
  records = new Map(exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [path.basename(r.path), r]));
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const thumbnailExists = (r: LanterneExportRecord) => existsSync(path.join(caseDir, 'thumbs', r.sha256!.slice(0, 2), `${r.sha256}.webp`));

describe('Motion-JPEG videos in the ingest', () => {
  it('exits 1: only the Motion-JPEG MOV with a broken first frame is not fully processed', () => {
    expect(exitCode).toBe(1);
    expect([...records.values()].filter((r) => r.status !== 'ok').map((r) => path.basename(r.path))).toEqual(['MVI_0004.MOV']);
  });

  it('an MJPEG AVI whose frames have no Huffman tables: ok, 640×480, a thumbnail, the PDQ of its first frame, the note', () => {
    const r = records.get('MVI_0001.AVI')!;
    const jpeg = records.get('avi-first.jpg')!;
    expect(r.type).toBe('video/x-msvideo');
    expect(r.status).toBe('ok');
    expect([r.width, r.height]).toEqual([640, 480]);
    expect(r.notes).toContain("picture from the video's first frame (Motion-JPEG, 640×480, standard Huffman tables added); other frames are not decoded");
    expect(thumbnailExists(r)).toBe(true);
    const distance = hammingDistance(r.pdq!, jpeg.pdq!);
    console.log(`PDQ distance MJPEG AVI ↔ its first frame ingested as a JPEG: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(10);
  });

  it('a Photo-JPEG MOV: ok, its udta camera and date, a thumbnail and the PDQ of its first frame', () => {
    const r = records.get('MVI_0002.MOV')!;
    const jpeg = records.get('mov-first.jpg')!;
    expect(r.type).toBe('video/quicktime');
    expect(r.status).toBe('ok');
    expect([r.width, r.height]).toEqual([640, 480]);
    expect(r.exif).toMatchObject({ make: 'Canon', model: 'PowerShot A590 IS', taken: '2009-06-01T12:00:00+00:00' });
    expect(r.notes).toContain("picture from the video's first frame (Photo-JPEG, 640×480); other frames are not decoded");
    expect(thumbnailExists(r)).toBe(true);
    const distance = hammingDistance(r.pdq!, jpeg.pdq!);
    console.log(`PDQ distance Photo-JPEG MOV ↔ its first frame ingested as a JPEG: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(10);
  });

  it("an interlaced 'mjpa' MOV keeps the track's full size (tkhd) while its picture is the first field", () => {
    const r = records.get('MVI_0003.MOV')!;
    expect(r.status).toBe('ok');
    expect([r.width, r.height]).toEqual([640, 480]);
    expect(r.notes!.some((n) => n.includes('Motion-JPEG A, 640×240, first field of an interlaced frame, so half height'))).toBe(true);
    const distance = hammingDistance(r.pdq!, records.get('mov-first.jpg')!.pdq!);
    console.log(`PDQ distance mjpa MOV (first field) ↔ the whole frame ingested as a JPEG: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(16);
  });

  it('an H.264 phone video and a video with no sample description stay as before: ok, metadata, no picture, no note', () => {
    for (const name of ['VID_H264.mp4', 'VID_EMPTY_STSD.mp4']) {
      const r = records.get(name)!;
      expect(r.status, name).toBe('ok');
      expect(r.error, name).toBeUndefined();
      expect(r.pdq, name).toBeNull();
      expect(r.notes, name).toBeUndefined();
      expect(thumbnailExists(r), name).toBe(false);
      expect(r.exif, name).toMatchObject({ make: 'samsung' });
    }
    expect([records.get('VID_H264.mp4')!.width, records.get('VID_H264.mp4')!.height]).toEqual([1920, 1080]);
  });

  it('a DivX/XviD AVI is ok and hashed, with no picture and no failure', () => {
    const r = records.get('clip_xvid.avi')!;
    expect(r.type).toBe('video/x-msvideo');
    expect(r.status).toBe('ok');
    expect(r.error).toBeUndefined();
    expect(r.notes).toBeUndefined();
    expect(r.pdq).toBeNull();
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(thumbnailExists(r)).toBe(false);
  });

  it('a Motion-JPEG MOV whose first sample is not a JPEG fails with the reason, its metadata kept', () => {
    const r = records.get('MVI_0004.MOV')!;
    expect(r.status).toBe('failed');
    expect(r.error).toBe("first frame is not a JPEG (no FF D8 FF start of image) (Photo-JPEG 'jpeg' track sample 1 (stco/stsz)): metadata only, no thumbnail");
    expect([r.width, r.height]).toEqual([640, 480]);
  });
});

describe('the viewer on a Motion-JPEG video', () => {
  it('shows its first frame, read in ranges from the evidence (renderItem, as the case host and serve call it)', async () => {
    const handle = openCaseReadOnly(caseDir);
    try {
      const row = handle.db.prepare("SELECT id FROM items WHERE rel_path = 'DCIM/MVI_0001.AVI'").get() as { id: number };
      const full = await renderItem(handle, row.id, 'full');
      expect(full.ok).toBe(true);
      if (!full.ok) return;
      const view = await sharp(full.bytes).metadata();
      expect([view.width, view.height]).toEqual([640, 480]);
    } finally {
      handle.close();
    }
  });
});
