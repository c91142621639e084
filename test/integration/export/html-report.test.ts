// The HTML report as a file: one self-contained document under a strict CSP whose only URLs are
// data: images, with hostile text escaped, and the known item's thumbnail and crop blurred even
// while a reveal is active (a reveal is for one person for minutes, not for a file).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { regionPixels } from '../../../electron/engine/export/clue-crops.js';
import { writeHtmlReport } from '../../../electron/engine/export/html-report.js';
import { revealItem } from '../../../electron/engine/hashsets/render-item.js';
import { detailEnergy } from '../../fixtures/detail-energy.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildReviewCase, type ReviewCase } from './review-case.js';

let built: ReviewCase;
let html: string;

beforeAll(async () => {
  built = await buildReviewCase(scratchDir('lanterne-report-'));
  const w = openCase(built.caseDir);
  try {
    expect(revealItem(w.db, built.ids['known-one.jpg']!, 'checking the report keeps it blurred').ok).toBe(true);
  } finally {
    w.close();
  }
  const out = path.join(built.dir, 'report.html');
  const h = openCaseReadOnly(built.caseDir);
  try {
    const written = await writeHtmlReport(h, out);
    expect(written).toMatchObject({ format: 'html', destination: out, count: 4 });
  } finally {
    h.close();
  }
  html = readFileSync(out, 'utf8');
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

const imageOf = (attr: string): Buffer => {
  const m = new RegExp(`<img [^>]*${attr}[^>]*src="data:image/(?:webp|jpeg);base64,([^"]+)"`).exec(html);
  expect(m, attr).not.toBeNull();
  return Buffer.from(m![1]!, 'base64');
};

describe('HTML case report', () => {
  it('is self-contained: strict CSP, no script, every URL a data: image', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:; style-src &#39;unsafe-inline&#39;">`);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i);
    const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(7); // 4 thumbnails, 4 crops (one item may lack a thumbnail: none here)
    for (const u of urls) expect(u.startsWith('data:image/')).toBe(true);
  });

  it('escapes case text (a region label with markup)', () => {
    expect(html).toContain('sign &lt;b&gt;&quot;Café&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>"Café"</b>');
  });

  it('carries counts, cameras with serials, audit head and the verify status', () => {
    expect(html).toContain('Canon EOS 600D');
    expect(html).toContain('LNTSERIAL4711');
    expect(html).toMatch(/Head hash<\/td><td class="hash">[0-9a-f]{64}</);
    expect(html).toContain('never been verified');
  });

  it('blurs the known item’s thumbnail and crop although a reveal is active', async () => {
    const knownId = built.ids['known-one.jpg']!;
    const thumb = imageOf(`data-item="${knownId}" data-blurred="1"`);
    const original = built.files['known-one.jpg']!;
    const thumbEnergy = await detailEnergy(thumb, 200);
    const originalEnergy = await detailEnergy(original, 200);
    expect(thumbEnergy).toBeLessThan(originalEnergy / 10);
    const crop = imageOf('data-region="4" data-blurred="1"');
    const region = await sharp(original).extract(regionPixels({ x: 0.2, y: 0.2, w: 0.5, h: 0.5 }, 600, 400)).png().toBuffer();
    expect(await detailEnergy(crop, 200)).toBeLessThan((await detailEnergy(region, 200)) / 10);
    // A new item's thumbnail is not blurred: the check above can tell.
    const fresh = imageOf(`data-item="${built.ids['holiday/beach-house.jpg']}" data-blurred="0"`);
    expect(await detailEnergy(fresh, 200)).toBeGreaterThan(originalEnergy / 10);
  });
});
