// Videos through the real ingest (the built CLI, worker processes, SQLite, export, cameras): a
// phone's MOV with Apple's metadata keys, an Android MP4 with udta fields and a serial, a 300 MB
// camera MP4 whose moov sits after its mdat (past the in-memory limit: read by ranged reads), an
// old QuickTime movie without ftyp, and a video with no metadata at all. Each stays a video (no
// thumbnail, no PDQ) yet carries its device, date and place into the case.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { GalleryPager } from '../../../electron/engine/case/gallery-paging.js';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { BRUSSELS_ISO6709, moov, syntheticVideo, writeSparseVideo } from '../../fixtures/synthetic-video.js';

let dir: string;
let caseDir: string;
let records: Map<string, LanterneExportRecord>;
const BIG = 300 * 1024 * 1024; // over the ingest's 256 MB in-memory limit

beforeAll(async () => {
  dir = scratchDir();
  caseDir = path.join(dir, 'case');
  const card = path.join(dir, 'seized');
  mkdirSync(path.join(card, 'phone'), { recursive: true });
  mkdirSync(path.join(card, 'camera'), { recursive: true });
  writeFileSync(path.join(card, 'phone', 'IMG_0001.MOV'), syntheticVideo({
    brand: 'qt  ', created: new Date('2021-07-04T11:22:10Z'), rotation: 90, width: 1920, height: 1080,
    keys: {
      'com.apple.quicktime.make': 'Apple', 'com.apple.quicktime.model': 'iPhone 12', 'com.apple.quicktime.software': '15.4.1',
      'com.apple.quicktime.creationdate': '2021-07-04T13:22:10+0200', 'com.apple.quicktime.location.ISO6709': BRUSSELS_ISO6709,
    },
  }));
  writeFileSync(path.join(card, 'phone', 'VID_20220102.mp4'), syntheticVideo({
    brand: 'mp42', moovAtEnd: false, created: new Date('2022-01-02T03:04:05Z'), width: 1280, height: 720,
    udta: { '©mak': 'samsung', '©mod': 'SM-G991B', '©xyz': '-33.8568+151.2153CRSWGS_84/', SNum: 'R58R12ABCDE' },
  }));
  await writeSparseVideo(path.join(card, 'camera', 'GOPR0001.MP4'), {
    created: new Date('2020-05-06T07:08:09Z'), width: 3840, height: 2160,
    udta: { '©mak': 'GoPro', '©mod': 'HERO9 Black', '©xyz': '+48.8584+002.2945+035.0/', SNum: 'C3441325471234' },
  }, BIG);
  // QuickTime from before ftyp: the file starts with its moov box.
  writeFileSync(path.join(card, 'camera', 'MVI_0001.MOV'), moov({ created: new Date('2004-08-01T10:00:00Z'), udta: { '©mak': 'Canon', '©mod': 'PowerShot A80' } }));
  writeFileSync(path.join(card, 'camera', 'blank.mp4'), syntheticVideo({ created: null }));

  const run = await runCli(['ingest', card, '--case', caseDir, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  const exported = await runCli(['export', caseDir, '--format', 'jsonl']);
  expect(exported.code, exported.stderr).toBe(0);
  records = new Map(exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [path.basename(r.path), r]));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('videos in the JSONL export', () => {
  it("an iPhone MOV: Apple's make, model, creationdate with its offset as recorded, and ISO 6709 GPS with altitude", () => {
    const r = records.get('IMG_0001.MOV')!;
    expect(r.type).toBe('video/quicktime');
    expect(r.status).toBe('ok');
    expect(r.pdq).toBeNull();
    expect([r.width, r.height]).toEqual([1920, 1080]);
    expect(r.exif).toMatchObject({ make: 'Apple', model: 'iPhone 12', software: '15.4.1', taken: '2021-07-04T13:22:10+02:00', gps: { lat: 50.8466, lon: 4.3528, alt: 12 } });
  });

  it('an Android MP4 with moov first: udta ©mak/©mod/©xyz (CRSWGS_84 suffix), the serial, and the mvhd time in UTC', () => {
    const r = records.get('VID_20220102.mp4')!;
    expect(r.type).toBe('video/mp4');
    expect([r.width, r.height]).toEqual([1280, 720]);
    expect(r.exif).toMatchObject({ make: 'samsung', model: 'SM-G991B', serial: 'R58R12ABCDE', taken: '2022-01-02T03:04:05+00:00', gps: { lat: -33.8568, lon: 151.2153, alt: null } });
  });

  it('a 300 MB MP4 with its moov at the end, past the in-memory limit: read by ranged reads', () => {
    const r = records.get('GOPR0001.MP4')!;
    expect(r.size).toBe(BIG);
    expect(r.status).toBe('ok');
    expect([r.width, r.height]).toEqual([3840, 2160]);
    expect(r.exif).toMatchObject({ make: 'GoPro', model: 'HERO9 Black', serial: 'C3441325471234', taken: '2020-05-06T07:08:09+00:00', gps: { lat: 48.8584, lon: 2.2945, alt: 35 } });
  });

  it('an old QuickTime movie without ftyp is sniffed as a video and read', () => {
    const r = records.get('MVI_0001.MOV')!;
    expect(r.type).toBe('video/quicktime');
    expect(r.exif).toMatchObject({ make: 'Canon', model: 'PowerShot A80', taken: '2004-08-01T10:00:00+00:00', gps: null });
  });

  it('a video whose mvhd time is 0 has no date, and no device or place', () => {
    const r = records.get('blank.mp4')!;
    expect(r.status).toBe('ok');
    expect(r.exif).toMatchObject({ make: null, model: null, taken: null, gps: null });
  });
});

describe('videos in the case: facets, gallery filters, cameras', () => {
  it('items.located, dated and camera_state follow the video metadata (migration 011 triggers)', () => {
    const handle = openCaseReadOnly(caseDir);
    try {
      const rows = handle.db.prepare(`SELECT rel_path, located, dated, camera_state, has_thumb FROM items ORDER BY rel_path`).all() as Array<Record<string, unknown>>;
      const by = new Map(rows.map((r) => [path.basename(String(r['rel_path'])), r]));
      expect(by.get('IMG_0001.MOV')).toMatchObject({ located: 1, dated: 1, camera_state: 2, has_thumb: 0 });
      expect(by.get('GOPR0001.MP4')).toMatchObject({ located: 1, dated: 1, camera_state: 2, has_thumb: 0 });
      expect(by.get('MVI_0001.MOV')).toMatchObject({ located: 0, dated: 1, camera_state: 2 });
      expect(by.get('blank.mp4')).toMatchObject({ located: 0, dated: 0, camera_state: 1 });
    } finally {
      handle.close();
    }
  });

  it("the gallery's Has GPS and camera filters find the videos", () => {
    const handle = openCaseReadOnly(caseDir);
    const pager = new GalleryPager(handle.db);
    try {
      const names = (ids: number[]) =>
        ids.map((id) => path.basename((handle.db.prepare(`SELECT rel_path FROM items WHERE id = ?`).get(id) as { rel_path: string }).rel_path)).sort();
      expect(names(pager.page({ hasGps: true }, 'taken', true, 0, 100).ids)).toEqual(['GOPR0001.MP4', 'IMG_0001.MOV', 'VID_20220102.mp4']);
      expect(names(pager.page({ cameraMake: 'Apple', cameraModel: 'iPhone 12' }, 'path', false, 0, 100).ids)).toEqual(['IMG_0001.MOV']);
      expect(names(pager.page({ takenFrom: '2021-07-04', takenTo: '2021-07-04' }, 'taken', false, 0, 100).ids)).toEqual(['IMG_0001.MOV']);
    } finally {
      pager.dispose();
      handle.close();
    }
  });

  it('lanterne cameras lists the video devices that record a serial, with their dates', async () => {
    const run = await runCli(['cameras', caseDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const cameras = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(cameras.map((c) => [c['make'], c['model'], c['serial'], c['items'], c['firstTaken']]).sort()).toEqual([
      ['GoPro', 'HERO9 Black', 'C3441325471234', 1, '2020-05-06T07:08:09+00:00'],
      ['samsung', 'SM-G991B', 'R58R12ABCDE', 1, '2022-01-02T03:04:05+00:00'],
    ]);
  });
});

describe('a hash-only triage, then a full run', () => {
  it('defers the video in triage and gives it its metadata in the full run', async () => {
    const card = path.join(dir, 'triage-card');
    const triageCase = path.join(dir, 'triage-case');
    mkdirSync(card, { recursive: true });
    writeFileSync(path.join(card, 'clip.mov'), syntheticVideo({ brand: 'qt  ', keys: { 'com.apple.quicktime.make': 'Apple', 'com.apple.quicktime.location.ISO6709': BRUSSELS_ISO6709 } }));
    const exif = async () => (JSON.parse((await runCli(['export', triageCase, '--format', 'jsonl'])).stdout.trim()) as LanterneExportRecord).exif;
    expect((await runCli(['ingest', card, '--case', triageCase, '--hash-only', '--quiet'])).code).toBe(0);
    expect(await exif()).toBeNull();
    expect((await runCli(['ingest', card, '--case', triageCase, '--quiet'])).code).toBe(0);
    expect(await exif()).toMatchObject({ make: 'Apple', gps: { lat: 50.8466, lon: 4.3528, alt: 12 } });
  }, 120_000);
});
