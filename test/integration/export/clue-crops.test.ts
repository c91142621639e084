// Clue crops cut from real evidence: the right pixels (orientation applied first), both modes,
// downscaling, no metadata of any kind in the output, known items blurred unless revealed, neutral
// names with an index linking region → item, and the evidence untouched.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { regionPixels, writeClueCrops, type ClueCropOptions, type CropIndexEntry } from '../../../electron/engine/export/clue-crops.js';
import { revealItem } from '../../../electron/engine/hashsets/render-item.js';
import { detailEnergy } from '../../fixtures/detail-energy.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildReviewCase, SERIAL, type ReviewCase } from './review-case.js';

let built: ReviewCase;
let evidenceBefore: Map<string, string>;

const fingerprint = (dir: string) =>
  new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const file = path.join(d.parentPath, d.name);
        const st = statSync(file);
        return [file, `${createHash('sha256').update(readFileSync(file)).digest('hex')} ${st.mtimeMs} ${st.size}`];
      }),
  );

beforeAll(async () => {
  built = await buildReviewCase(scratchDir('lanterne-crops-'));
  evidenceBefore = fingerprint(built.evidence);
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

async function crops(name: string, options: ClueCropOptions = {}) {
  const out = path.join(built.dir, name);
  const h = openCaseReadOnly(built.caseDir);
  try {
    const result = await writeClueCrops(h, out, options);
    const byLabel = (label: string) => result.entries.find((e) => e.label === label)!;
    return { out, result, byLabel, file: (e: CropIndexEntry) => readFileSync(path.join(out, e.file!)) };
  } finally {
    h.close();
  }
}

async function meanAbsDiff(a: Buffer, b: Buffer): Promise<number> {
  const ra = await sharp(a).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rb = await sharp(b).removeAlpha().resize(ra.info.width, ra.info.height, { fit: 'fill' }).raw().toBuffer();
  let sum = 0;
  for (let i = 0; i < ra.data.length; i++) sum += Math.abs(ra.data[i]! - rb[i]!);
  return sum / ra.data.length;
}

describe('clue crops', () => {
  it('cut the region from the upright image, named neutrally, indexed to the item hash', async () => {
    const { out, result, byLabel, file } = await crops('crops');
    expect(result).toMatchObject({ format: 'crops', count: 4, failed: 0 });
    expect(readdirSync(out).sort()).toEqual(['crops.csv', 'crops.json', 'region-000001-text.jpg', 'region-000002-background.jpg', 'region-000003-object.jpg', 'region-000004-object.jpg']);

    const sign = byLabel('sign <b>"Café"</b>');
    const beach = built.files['holiday/beach-house.jpg']!;
    const rect = regionPixels({ x: 0.1, y: 0.1, w: 0.35, h: 0.12 }, 640, 480);
    expect([sign.width, sign.height]).toEqual([rect.width, rect.height]);
    expect(await meanAbsDiff(file(sign), await sharp(beach).extract(rect).png().toBuffer())).toBeLessThan(6);
    expect(sign.itemSha256).toBe(createHash('sha256').update(beach).digest('hex'));
    expect(sign.blurred).toBe(false);

    // Stored 480×640 with orientation 6: the region is of the 640×480 picture as displayed.
    const strip = byLabel('top strip');
    const upright = await sharp(built.files['holiday/sideways.jpg']!).rotate(90).png().toBuffer();
    const stripRect = regionPixels({ x: 0.25, y: 0, w: 0.5, h: 0.25 }, 640, 480);
    expect([strip.width, strip.height]).toEqual([320, 120]);
    expect(await meanAbsDiff(file(strip), await sharp(upright).extract(stripRect).png().toBuffer())).toBeLessThan(6);
    // …and not the stored (sideways) pixels at the same fractions.
    const storedRect = regionPixels({ x: 0.25, y: 0, w: 0.5, h: 0.25 }, 480, 640);
    expect(await meanAbsDiff(file(strip), await sharp(built.files['holiday/sideways.jpg']!).extract(storedRect).png().toBuffer())).toBeGreaterThan(15);

    const index = JSON.parse(readFileSync(path.join(out, 'crops.json'), 'utf8')) as { crops: CropIndexEntry[] };
    expect(index.crops.map((c) => c.region)).toEqual([1, 2, 3, 4]);
    for (const c of index.crops) expect(c.sha256).toBe(createHash('sha256').update(readFileSync(path.join(out, c.file!))).digest('hex'));
    expect(readFileSync(path.join(out, 'crops.csv'), 'utf8').split('\r\n')[0]).toBe('region,type,label,item,itemSha256,file,mode,width,height,blurred,sha256,error');
  });

  it('carry no EXIF, XMP, IPTC or ICC: checked with sharp and by scanning the bytes', async () => {
    const { out } = await crops('crops-meta', { blankOutside: true });
    for (const name of readdirSync(out).filter((n) => n.endsWith('.jpg'))) {
      const bytes = readFileSync(path.join(out, name));
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, name).toBeUndefined();
      expect(meta.xmp, name).toBeUndefined();
      expect(meta.iptc, name).toBeUndefined();
      expect(meta.icc, name).toBeUndefined();
      expect(meta.orientation, name).toBeUndefined();
      const text = bytes.toString('latin1');
      for (const needle of ['Exif', 'http://ns.adobe.com', 'ICC_PROFILE', 'Photoshop', 'Canon', 'Apple', SERIAL]) expect(text.includes(needle), `${name} holds ${needle}`).toBe(false);
    }
  });

  it('blank everything outside the region in full-frame mode, and downscale to --max-edge', async () => {
    const { byLabel, file } = await crops('crops-blank', { blankOutside: true });
    const bg = byLabel(''); // the background region, bottom-right quarter
    expect([bg.width, bg.height, bg.mode]).toEqual([640, 480, 'blank-outside']);
    const { data, info } = await sharp(file(bg)).raw().toBuffer({ resolveWithObject: true });
    let outsideOff = 0;
    let outside = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if (x >= 312 && y >= 232) continue; // the region with a JPEG margin
        const i = (y * info.width + x) * info.channels;
        outside++;
        if (Math.abs(data[i]! - 128) > 6 || Math.abs(data[i + 1]! - 128) > 6 || Math.abs(data[i + 2]! - 128) > 6) outsideOff++;
      }
    }
    expect(outsideOff / outside).toBeLessThan(0.001);
    const inside = await sharp(file(bg)).extract({ left: 320, top: 240, width: 320, height: 240 }).png().toBuffer();
    expect(await meanAbsDiff(inside, await sharp(built.files['holiday/beach-house.jpg']!).extract({ left: 320, top: 240, width: 320, height: 240 }).png().toBuffer())).toBeLessThan(6);

    const small = await crops('crops-small', { maxEdge: 100, blankOutside: true });
    for (const e of small.result.entries) expect(Math.max(e.width!, e.height!)).toBe(100);
  });

  it('blur a known item’s crop unless a reveal is active', async () => {
    const known = (await crops('crops-known')).byLabel('known object');
    expect(known.blurred).toBe(true);
    const { file } = await crops('crops-known2');
    const knownCrop = file(known);
    const original = await sharp(built.files['known-one.jpg']!).extract(regionPixels({ x: 0.2, y: 0.2, w: 0.5, h: 0.5 }, 600, 400)).png().toBuffer();
    const blurredEnergy = await detailEnergy(knownCrop, 200);
    const originalEnergy = await detailEnergy(original, 200);
    expect(blurredEnergy).toBeLessThan(originalEnergy / 10);

    const h = openCase(built.caseDir);
    try {
      expect(revealItem(h.db, built.ids['known-one.jpg']!, 'compare with a partner report').ok).toBe(true);
    } finally {
      h.close();
    }
    const revealed = await crops('crops-revealed');
    const entry = revealed.byLabel('known object');
    expect(entry.blurred).toBe(false);
    expect(await meanAbsDiff(revealed.file(entry), original)).toBeLessThan(6);
  });

  it('leave the evidence untouched (bytes and mtime)', () => {
    expect(fingerprint(built.evidence)).toEqual(evidenceBefore);
  });
});
