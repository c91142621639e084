// A small reviewed case for the export tests: benign generated scenes (one stored sideways with
// EXIF orientation 6, some with fake camera EXIF and GPS), one made "known" (category 1) by a test
// hash set holding its MD5, examiner categories in the Default table, tags and clue regions.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openCase } from '../../../electron/engine/case/case-folder.js';
import { importHashSet } from '../../../electron/engine/hashsets/import-set.js';
import { ingest } from '../../../electron/engine/ingest/pipeline.js';
import { addRegion, categorise, tagItems } from '../../../electron/engine/review/review.js';
import { sceneJpeg, sceneSvg } from '../../fixtures/generate.js';

export const SERIAL = 'LNTSERIAL4711';
export const GPS = { lat: 50.8466, lon: 4.3528 };

export interface ReviewCase {
  dir: string;
  evidence: string;
  caseDir: string;
  /** item id by file name */
  ids: Record<string, number>;
  knownFile: string;
  files: Record<string, Buffer>;
}

/** A scene under a fine grid, so its detail shows at every scale (blur checks measure it). */
export async function detailedJpeg(width: number, height: number, seed: number, exif?: Record<string, Record<string, string>>): Promise<Buffer> {
  const lines: string[] = [];
  for (let x = 0; x < width; x += 8) lines.push(`<line x1="${x}" y1="0" x2="${x}" y2="${height}"/>`);
  for (let y = 0; y < height; y += 8) lines.push(`<line x1="0" y1="${y}" x2="${width}" y2="${y}"/>`);
  const grid = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g stroke="black" stroke-width="2" opacity="0.6">${lines.join('')}</g></svg>`;
  let image = sharp(Buffer.from(sceneSvg({ width, height, seed, label: `DETAIL ${seed}` }))).composite([{ input: Buffer.from(grid) }]).jpeg({ quality: 92 });
  if (exif) image = image.withExif(exif);
  // sharp writes its own Orientation tag over IFD0's: set it through withMetadata.
  const orientation = Number(exif?.IFD0?.['Orientation'] ?? 0);
  if (orientation) image = image.withMetadata({ orientation });
  return image.toBuffer();
}

export async function buildReviewCase(dir: string): Promise<ReviewCase> {
  const evidence = path.join(dir, 'evidence-Smithfield');
  mkdirSync(path.join(evidence, 'holiday'), { recursive: true });
  const files: Record<string, Buffer> = {
    'holiday/beach-house.jpg': await detailedJpeg(640, 480, 11, {
      IFD0: { Make: 'Canon', Model: 'Canon EOS 600D' },
      IFD2: { BodySerialNumber: SERIAL, DateTimeOriginal: '2021:07:04 13:22:10' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 50/1 4776/100', GPSLongitudeRef: 'E', GPSLongitude: '4/1 21/1 1008/100' },
    }),
    // Stored 480×640 landscape-sideways; displayed upright as 640×480 after orientation 6.
    'holiday/sideways.jpg': await detailedJpeg(480, 640, 12, { IFD0: { Orientation: '6', Make: 'Apple', Model: 'iPhone 12' } }),
    'holiday/plain.jpg': await sceneJpeg({ width: 320, height: 240, seed: 13 }),
    'known-one.jpg': await detailedJpeg(600, 400, 14),
    'notes.txt': Buffer.from('not an image\n'),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(evidence, name), bytes);
  const caseDir = path.join(dir, 'case');
  await ingest({ caseDir, roots: [evidence], workers: 1 });
  const set = path.join(dir, 'test-known.md5');
  writeFileSync(set, `${createHash('md5').update(files['known-one.jpg']!).digest('hex')}  known-one.jpg\n`);

  const handle = openCase(caseDir);
  try {
    const db = handle.db;
    await importHashSet(db, set, { name: 'test-known', category: 1 });
    const rows = db.prepare('SELECT id, rel_path FROM items').all() as { id: number; rel_path: string }[];
    const ids = Object.fromEntries(rows.map((r) => [r.rel_path, r.id]));
    const ok = <T>(r: { ok: boolean; value?: T; error?: unknown }) => {
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as T;
    };
    ok(categorise(db, [ids['holiday/beach-house.jpg']!, ids['holiday/sideways.jpg']!], 2, 'Default'));
    ok(categorise(db, [ids['holiday/plain.jpg']!], 0, 'Default'));
    ok(tagItems(db, [ids['holiday/beach-house.jpg']!], 'wallpaper, blue'));
    ok(tagItems(db, [ids['holiday/beach-house.jpg']!, ids['holiday/sideways.jpg']!], 'same room'));
    const region = (item: string, type: 'background' | 'object' | 'text', x: number, y: number, w: number, h: number, label = '') =>
      ok(addRegion(db, ids[item]!, { type, x, y, w, h, label, note: '' }));
    region('holiday/beach-house.jpg', 'text', 0.1, 0.1, 0.35, 0.12, 'sign <b>"Café"</b>');
    region('holiday/beach-house.jpg', 'background', 0.5, 0.5, 0.5, 0.5);
    region('holiday/sideways.jpg', 'object', 0.25, 0.0, 0.5, 0.25, 'top strip');
    region('known-one.jpg', 'object', 0.2, 0.2, 0.5, 0.5, 'known object');
    return { dir, evidence, caseDir, ids, knownFile: 'known-one.jpg', files };
  } finally {
    handle.close();
  }
}
