// The review UI in Debian's Chromium against `lanterne serve` on a real, generated benign case:
// overview counts, new items first, the known item's tile blurred by the engine (checked on the
// screenshot's pixels, not a CSS class), keyboard selection, the viewer and its metadata — and
// not one request leaving 127.0.0.1. Screenshots go to test-results/screens/.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';
import { guardNetwork as guardNetworkOf } from './network.js';
import { detailEnergy, drawnCentre, originalCentre } from './pixels.js';
import { buildE2eCase, HOSTILE_MAKE, HOSTILE_NAME, serve, type Served } from './serve-fixture.js';

const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');

let dir: string;
let served: Served;
let knownJpeg: Buffer;

test.beforeAll(async () => {
  dir = scratchDir('lanterne-e2e-');
  const built = await buildE2eCase(dir);
  knownJpeg = built.knownJpeg;
  served = await serve(built.caseDir);
  mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const guardNetwork = (page: Page) => guardNetworkOf(page, served.url);

test('the gallery shows new items first and the known item blurred, and nothing leaves 127.0.0.1', async ({ page }) => {
  const outside = await guardNetwork(page);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await page.goto(served.openUrl);
  // The token is traded for a cookie and leaves the address bar.
  await expect(page).toHaveURL(served.url);
  const overview = page.getByRole('complementary', { name: 'Case overview' });
  await expect(overview.locator('.stat-new .stat-value')).toHaveText('24'); // 23 scenes and a text file
  await expect(overview.locator('.stat-known .stat-value')).toHaveText('1');
  await expect(overview).toContainText('1 · Child Abuse Material (CAM)');
  await expect(overview).toContainText('Canon · Canon EOS 600D');
  await expect(overview).toContainText('123063022888');

  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  const tiles = grid.getByRole('option');
  await expect(tiles.first()).toHaveAttribute('data-known', 'new');
  const known = grid.locator('.tile[data-known="known"]');
  await expect(known).toHaveCount(1);
  await expect(known.locator('.badge-known')).toHaveText('known · cat 1');
  // New first: every tile before the known one is new.
  const states = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-known')));
  expect(states).toEqual([...Array(24).fill('new'), 'known']);

  // The bytes the known tile shows came blurred from the engine…
  const knownId = await known.getAttribute('data-item-id');
  const thumb = await page.request.get(`${served.url}api/thumb/${knownId}`);
  expect(thumb.headers()['x-lanterne-blurred']).toBe('1');
  const img = known.locator('img');
  await expect(img).toHaveJSProperty('complete', true);
  expect(await img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tile img')].every((i) => i.complete));
  await page.screenshot({ path: path.join(SCREENS, '01-gallery.png') });
  // …and the pixels on screen hold a small fraction of the original scene's detail.
  await known.scrollIntoViewIfNeeded();
  const knownDrawn = await drawnCentre(page, img);
  const newImg = grid.locator('.tile[data-known="new"] img').last(); // a new image near the known one, on screen too
  await expect(newImg).toHaveJSProperty('complete', true);
  const newDrawn = await drawnCentre(page, newImg);
  const knownEnergy = await detailEnergy(knownDrawn.png);
  const newEnergy = await detailEnergy(newDrawn.png);
  const originalEnergy = await detailEnergy(await originalCentre(knownJpeg, knownDrawn.width, knownDrawn.height));
  console.log(`detail energy on screen: known tile ${knownEnergy.toFixed(1)}, a new tile ${newEnergy.toFixed(1)}, the known original at tile size ${originalEnergy.toFixed(1)}`);
  // Against the original drawn at the same size (a new tile's centre may be a flat wall: logged only).
  expect(knownEnergy).toBeLessThan(originalEnergy / 10);

  await known.screenshot({ path: path.join(SCREENS, '02-known-tile.png') });
  expect(outside, `requests that left 127.0.0.1: ${outside.join(', ')}`).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('arrows move the selection, Enter opens the viewer with the metadata, Esc goes back', async ({ page }) => {
  const outside = await guardNetwork(page);
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(grid.locator('#tile-2')).toHaveAttribute('aria-selected', 'true');
  await expect(grid.locator('#tile-0')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowDown');
  const columns = await grid.evaluate((el) => {
    const tops = [...el.querySelectorAll('[role=option]')].map((t) => t.getBoundingClientRect().top);
    return tops.filter((t) => t === tops[0]).length;
  });
  await expect(grid.locator(`#tile-${2 + columns}`)).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: path.join(SCREENS, '03-keyboard-selection.png') });

  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer).toBeVisible();
  const panel = viewer.getByRole('complementary', { name: 'Metadata' });
  await expect(panel.getByRole('region', { name: 'Hashes' })).toContainText(/SHA-256\s*[0-9a-f]{64}/);
  await expect(panel).toContainText('New: in no imported hash set.');
  await expect(viewer.locator('.viewer-image')).toHaveJSProperty('complete', true);
  await page.screenshot({ path: path.join(SCREENS, '04-viewer-new-item.png') });

  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(grid).toBeFocused();
  expect(outside).toEqual([]);
});

test('the viewer shows a known item blurred by the engine, with its hash-set hit', async ({ page }) => {
  const outside = await guardNetwork(page);
  const fullViews: { url: string; blurred: string | undefined }[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/full/')) fullViews.push({ url: r.url(), blurred: r.headers()['x-lanterne-blurred'] });
  });
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toHaveAttribute('data-known', 'new');
  await grid.focus();
  await page.keyboard.press('End'); // new first: the known item is last
  await expect(grid.locator('.tile.is-selected')).toHaveAttribute('data-known', 'known');
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('note')).toContainText('Known material (1 · Child Abuse Material (CAM)) — shown blurred by the engine.');
  await expect(viewer.getByRole('complementary', { name: 'Metadata' })).toContainText('test-known (known) · 1 · Child Abuse Material (CAM) · by md5');
  const image = viewer.locator('.viewer-image');
  await expect(image).toHaveJSProperty('complete', true);
  expect(fullViews.length).toBeGreaterThan(0);
  expect(fullViews.every((f) => f.blurred === '1')).toBe(true);
  const drawn = await drawnCentre(page, image);
  const onScreen = await detailEnergy(drawn.png);
  const original = await detailEnergy(await originalCentre(knownJpeg, drawn.width, drawn.height));
  console.log(`detail energy in the viewer: known item ${onScreen.toFixed(1)}, the original at that size ${original.toFixed(1)}`);
  expect(onScreen).toBeLessThan(original / 10);
  await page.screenshot({ path: path.join(SCREENS, '05-viewer-known-item.png') });
  expect(outside).toEqual([]);
});

test('a reveal with a reason shows the known item’s real pixels in the viewer — the check above can tell', async ({ page }) => {
  const outside = await guardNetwork(page);
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toHaveAttribute('data-known', 'new');
  await grid.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer.locator('.viewer-image')).toHaveJSProperty('complete', true);
  await viewer.getByRole('button', { name: 'Reveal with a reason…' }).click();
  const reveal = viewer.getByRole('button', { name: 'Reveal', exact: true });
  await expect(reveal).toBeDisabled(); // no reason, no reveal
  await viewer.getByLabel(/Why must this item be seen unblurred/).fill('compare the grid pattern with a partner report');
  await page.screenshot({ path: path.join(SCREENS, '06-reveal-reason.png') });
  const unblurred = page.waitForResponse((r) => r.url().includes('/api/full/') && r.headers()['x-lanterne-blurred'] === '0');
  await reveal.click();
  await unblurred;
  await expect(viewer.getByRole('note')).toContainText(/Revealed until .* recorded in the audit log/);
  const image = viewer.locator('.viewer-image');
  await expect(image).toHaveJSProperty('complete', true);
  const drawn = await drawnCentre(page, image);
  const onScreen = await detailEnergy(drawn.png);
  const original = await detailEnergy(await originalCentre(knownJpeg, drawn.width, drawn.height));
  console.log(`detail energy after the reveal: ${onScreen.toFixed(1)}, the original at that size ${original.toFixed(1)}`);
  expect(onScreen).toBeGreaterThan(original / 4);
  await page.screenshot({ path: path.join(SCREENS, '07-viewer-revealed.png') });
  expect(outside).toEqual([]);
});

test('hostile file names and EXIF strings show as inert text', async ({ page }) => {
  const outside = await guardNetwork(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  const tile = grid.locator('.tile', { has: page.locator('.tile-name', { hasText: '<img src=x onerror=alert(1)>' }) });
  await expect(tile).toHaveCount(1);
  await expect(tile.locator('.tile-name')).toHaveText(HOSTILE_NAME);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Case overview' })).toContainText(HOSTILE_MAKE);
  await tile.dblclick();
  const panel = page.getByRole('dialog').getByRole('complementary', { name: 'Metadata' });
  await expect(panel.getByRole('region', { name: 'Camera' })).toContainText(HOSTILE_MAKE);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(HOSTILE_NAME);
  expect(await page.locator('script').count()).toBe(1); // only the app's own bundle
  await page.screenshot({ path: path.join(SCREENS, '08-hostile-metadata.png') });
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});
