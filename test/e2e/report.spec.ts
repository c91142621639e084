// The HTML case report in Debian's Chromium: a real case (the e2e case, built by the CLI) with
// examiner categories and clue regions, exported by `lanterne export --format html`. The report
// makes no request at all (only data: images), runs no script even from hostile file names and
// EXIF, and its known thumbnail and known crop are blurred in the pixels Chromium draws.
// Screenshots go to test-results/screens/.
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { openCase } from '../../electron/engine/case/case-folder.js';
import { addRegion, categorise } from '../../electron/engine/review/review.js';
import { runCli } from '../fixtures/cli.js';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';
import { detailEnergy, drawnCentre, originalCentre } from './pixels.js';
import { buildE2eCase, HOSTILE_MAKE, HOSTILE_NAME, KNOWN_FILE } from './serve-fixture.js';

const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

let dir: string;
let report: string;
let knownJpeg: Buffer;
let knownId: number;

test.beforeAll(async () => {
  dir = scratchDir('lanterne-report-e2e-');
  const built = await buildE2eCase(dir);
  knownJpeg = built.knownJpeg;
  const handle = openCase(built.caseDir);
  try {
    const idOf = (rel: string) => (handle.db.prepare('SELECT id FROM items WHERE rel_path = ?').get(rel) as { id: number }).id;
    knownId = idOf(KNOWN_FILE);
    const hostile = idOf(`chat/${HOSTILE_NAME}`);
    const plain = idOf('camera/IMG_1001.jpg');
    for (const r of [categorise(handle.db, [knownId], 1, 'Default'), categorise(handle.db, [hostile, plain], 0, 'Default')]) if (!r.ok) throw new Error(r.error.message);
    for (const [item, label] of [[knownId, 'known object'], [plain, 'sign'], [hostile, '<script>alert("label")</script>']] as const) {
      const r = addRegion(handle.db, item, { type: 'object', x: 0.25, y: 0.25, w: 0.5, h: 0.5, label, note: '' });
      if (!r.ok) throw new Error(r.error.message);
    }
  } finally {
    handle.close();
  }
  report = path.join(dir, 'report.html');
  const run = await runCli(['export', built.caseDir, '--format', 'html', '--out', report]);
  if (run.code !== 0) throw new Error(`lanterne export --format html failed (${run.code}): ${run.stderr}`);
  mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every request the page makes; anything but a data: URI is aborted and counted. */
async function watchRequests(page: Page): Promise<{ all: string[]; dialogs: string[] }> {
  const all: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => all.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.context().route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient')));
  return { all, dialogs };
}

async function checkBlurred(page: Page, selector: string, original: Buffer, label: string): Promise<void> {
  const img = page.locator(selector);
  await expect(img).toHaveCount(1);
  await img.scrollIntoViewIfNeeded();
  await expect(img).toHaveJSProperty('complete', true);
  expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const drawn = await drawnCentre(page, img);
  const drawnEnergy = await detailEnergy(drawn.png);
  const originalEnergy = await detailEnergy(await originalCentre(original, drawn.width, drawn.height));
  console.log(`${label}: detail energy drawn ${drawnEnergy.toFixed(1)}, original at that size ${originalEnergy.toFixed(1)}`);
  expect(drawnEnergy).toBeLessThan(originalEnergy / 10);
}

test('the report, set as page content, makes no request, runs nothing and shows known material blurred', async ({ page }) => {
  const seen = await watchRequests(page);
  const html = readFileSync(report, 'utf8');
  await page.setContent(html, { waitUntil: 'load' });
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CSP);
  await expect(page.locator('h1')).toContainText('Case report');
  // Hostile names and EXIF are text, never markup: no injected element, no script, no dialog.
  await expect(page.locator('script')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('body')).toContainText('<img src=x onerror=alert(1)>[U+202E]gpj.exe.jpg');
  await expect(page.locator('body')).toContainText('<script>alert("label")</script>');
  expect(html).not.toContain(HOSTILE_MAKE);
  // Every image is inline.
  const sources = await page.locator('img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
  expect(sources.length).toBeGreaterThanOrEqual(6);
  for (const src of sources) expect(src.startsWith('data:image/')).toBe(true);
  await expect(page.locator('.stat, table').first()).toBeVisible();
  await expect(page.locator('body')).toContainText('Verification');

  await checkBlurred(page, `img[data-item="${knownId}"][data-blurred="1"]`, knownJpeg, 'known thumbnail');
  const knownRegion = page.locator('#item-' + knownId);
  await knownRegion.screenshot({ path: path.join(SCREENS, 'report-known-item.png') });
  // The known item's clue crop (the middle half of the picture) is blurred too.
  const middle = await sharp(knownJpeg).extract({ left: 200, top: 150, width: 400, height: 300 }).jpeg().toBuffer();
  await checkBlurred(page, '.region img[data-blurred="1"]', middle, 'known crop');
  await page.screenshot({ path: path.join(SCREENS, 'report.png'), fullPage: true });

  expect(seen.all.filter((u) => !u.startsWith('data:')), 'requests other than data:').toEqual([]);
  expect(seen.dialogs).toEqual([]);
});

test('opened from file://, the report requests nothing but itself', async ({ page }) => {
  const seen = await watchRequests(page);
  await page.context().unroute('**/*');
  const url = pathToFileURL(report).href;
  await page.context().route('**/*', (route) => {
    const u = route.request().url();
    return u === url || u.startsWith('data:') ? route.continue() : route.abort('blockedbyclient');
  });
  await page.goto(url);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  expect(seen.all.filter((u) => u !== url && !u.startsWith('data:'))).toEqual([]);
  expect(seen.dialogs).toEqual([]);
});
