// The examiner's review in Debian's Chromium against `lanterne serve` on a real generated case:
// categorise a selection with the keyboard, tag it, mark a clue region and find it on the clue
// board, similar images — and a known item blurred on the clue board and among similar images
// (checked on the screenshot's pixels). Screenshots go to test-results/screens/.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';
import { guardNetwork } from './network.js';
import { detailEnergy, drawnCentre } from './pixels.js';
import { buildE2eCase, serve, type Served } from './serve-fixture.js';

const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');

let dir: string;
let served: Served;
let knownJpeg: Buffer;

test.beforeAll(async () => {
  dir = scratchDir('lanterne-e2e-review-');
  const built = await buildE2eCase(dir, { nearDuplicates: true });
  knownJpeg = built.knownJpeg;
  served = await serve(built.caseDir);
  mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Fails the test on any request that is not to the bridge. */
const offline = (page: Page) => guardNetwork(page, served.url);

async function openGallery(page: Page): Promise<Locator> {
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toHaveAttribute('data-known', 'new');
  await grid.focus();
  return grid;
}

/** Drags a rectangle over the viewer's image, in fractions of the image. */
async function dragRegion(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const frame = await page.locator('.zoom-frame').boundingBox();
  if (!frame) throw new Error('no image frame');
  await page.mouse.move(frame.x + frame.width * from[0], frame.y + frame.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(frame.x + frame.width * to[0], frame.y + frame.height * to[1], { steps: 6 });
  await page.mouse.up();
}

test('Shift+arrows select, a digit sets the category of the selection, T tags it, and the filters find them', async ({ page }) => {
  const outside = await offline(page);
  const grid = await openGallery(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(grid.locator('.tile.is-picked')).toHaveCount(3);
  await expect(grid.locator('#tile-1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('2');
  await expect(page.getByRole('status').first()).toContainText('3 items: category 2');
  await expect(grid.locator('.badge-examiner')).toHaveCount(3);
  await expect(grid.locator('#tile-2 .badge-examiner')).toHaveText('cat 2');
  await page.screenshot({ path: path.join(SCREENS, '10-categorised-selection.png') });

  await page.keyboard.press('t');
  const dialog = page.getByRole('dialog', { name: /Tag 3 items/ });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Tag').fill('patterned wallpaper');
  await page.screenshot({ path: path.join(SCREENS, '11-tag-dialog.png') });
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').first()).toContainText('tag “patterned wallpaper” added');

  // The toolbar's filters find exactly what was categorised and tagged.
  await page.getByRole('combobox', { name: 'Your category' }).selectOption('2');
  await expect(page.getByRole('status').first()).toContainText('3 items');
  await page.getByRole('combobox', { name: 'Your category' }).selectOption('');
  await page.getByRole('combobox', { name: 'Tag', exact: true }).selectOption('patterned wallpaper');
  await expect(page.getByRole('status').first()).toContainText('3 items');
  await expect(page.getByRole('complementary', { name: 'Case overview' })).toContainText('2 · Child Exploitive (Non-CAM) / Age Difficult');
  expect(outside).toEqual([]);
});

test('mark a clue region in the viewer, find it on the clue board, open it zoomed to the region', async ({ page }) => {
  const outside = await offline(page);
  await openGallery(page);
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer.locator('.viewer-image')).toHaveJSProperty('complete', true);
  await page.keyboard.press('r');
  await expect(viewer.getByRole('button', { name: /Drag over the clue/ })).toBeVisible();
  await dragRegion(page, [0.15, 0.2], [0.55, 0.6]);
  const editor = viewer.getByRole('form', { name: 'New clue region' });
  await editor.getByLabel('What it shows').selectOption('text');
  await editor.getByLabel('Label').fill('corner shop sign');
  await editor.getByLabel('Note').fill('partly hidden by a lamp; compare with street-view');
  await page.screenshot({ path: path.join(SCREENS, '12-mark-clue.png') });
  await editor.getByRole('button', { name: 'Save region' }).click();
  await expect(viewer.getByRole('button', { name: 'Clue region: Text or sign, corner shop sign' })).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'Clue regions' })).toContainText('Text or sign: corner shop sign');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  await page.getByRole('button', { name: /Clue board/ }).click();
  const board = page.getByRole('region', { name: 'Clue board' });
  const tile = board.getByRole('button', { name: /Text or sign: corner shop sign/ });
  await expect(tile).toBeVisible();
  await expect(tile.locator('img')).toHaveJSProperty('complete', true);
  expect(await tile.locator('img').evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENS, '13-clue-board.png') });
  await tile.click();
  const opened = page.getByRole('dialog');
  await expect(opened.locator('.region-box.is-highlighted')).toBeVisible();
  await expect.poll(async () => Number(await opened.locator('.zoom-stage').getAttribute('data-zoom'))).toBeGreaterThan(1);
  await page.screenshot({ path: path.join(SCREENS, '14-clue-opened-zoomed.png') });
  expect(outside).toEqual([]);
});

test('a known item stays blurred on the clue board and among similar images; a new near-duplicate is listed', async ({ page }) => {
  const outside = await offline(page);
  const grid = await openGallery(page);
  // The known scene and its PDQ-matched copy are last (new first): open the last one.
  await page.keyboard.press('End');
  await expect(grid.locator('.tile.is-selected')).toHaveAttribute('data-known', 'known');
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog');
  await expect(viewer.locator('.viewer-image')).toHaveJSProperty('complete', true);
  const similar = viewer.getByRole('region', { name: 'Similar images' });
  const neighbour = similar.locator('.similar-tile[data-known="known"]');
  await expect(neighbour).toHaveCount(1);
  await expect(neighbour.locator('img')).toHaveJSProperty('complete', true);
  const neighbourEnergy = await detailEnergy((await drawnCentre(page, neighbour.locator('img'))).png);

  await page.keyboard.press('r');
  await dragRegion(page, [0.1, 0.1], [0.6, 0.6]);
  const editor = viewer.getByRole('form', { name: 'New clue region' });
  await editor.getByLabel('Label').fill('grid wall');
  await editor.getByRole('button', { name: 'Save region' }).click();
  await expect(viewer.getByRole('region', { name: 'Clue regions' })).toContainText('grid wall');
  await page.screenshot({ path: path.join(SCREENS, '15-known-similar.png') });
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /Clue board/ }).click();
  const tile = page.getByRole('region', { name: 'Clue board' }).getByRole('button', { name: /grid wall.*known material/ });
  await expect(tile.locator('img')).toHaveJSProperty('complete', true);
  const crop = await page.request.get(`${served.url}api/region/${await tile.getAttribute('data-region-id')}`);
  expect(crop.headers()['x-lanterne-blurred']).toBe('1');
  const onBoard = await drawnCentre(page, tile.locator('img'));
  const boardEnergy = await detailEnergy(onBoard.png);
  // The same part of the original at the size drawn: the fine grid of the known scene.
  const original = await originalRegion(knownJpeg, { x: 0.1, y: 0.1, w: 0.5, h: 0.5 }, onBoard.width, onBoard.height);
  const originalEnergy = await detailEnergy(original);
  console.log(`detail energy: known clue tile ${boardEnergy.toFixed(1)}, known similar tile ${neighbourEnergy.toFixed(1)}, original region ${originalEnergy.toFixed(1)}`);
  expect(boardEnergy).toBeLessThan(originalEnergy / 10);
  expect(neighbourEnergy).toBeLessThan(originalEnergy / 10);
  await page.screenshot({ path: path.join(SCREENS, '16-clue-board-known-blurred.png') });

  // A new scene's re-encoded copy is its similar image, nearest first.
  await page.getByRole('button', { name: 'Gallery', exact: true }).click();
  await page.getByPlaceholder('Search paths…').fill('room-original');
  await expect(page.getByRole('status').first()).toContainText('1 item ');
  await page.getByRole('listbox', { name: /Items of the case/ }).getByRole('option').first().dblclick();
  const copies = page.getByRole('dialog').getByRole('region', { name: 'Similar images' });
  await expect(copies.locator('.similar-tile')).toHaveCount(1);
  await expect(copies.locator('.similar-tile')).toHaveAttribute('aria-label', /room-copy-small\.jpg, PDQ distance \d+/);
  // "Only this cluster" narrows the gallery to the near-duplicates; without the search, both show.
  await page.getByRole('dialog').getByRole('button', { name: /Only this cluster \(2\)/ }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.active-filter')).toContainText('Near-duplicate cluster');
  await page.getByPlaceholder('Search paths…').fill('');
  await expect(page.getByRole('status').first()).toContainText('2 items');
  await page.screenshot({ path: path.join(SCREENS, '19-only-this-cluster.png') });
  expect(outside).toEqual([]);
});

test('? shows the shortcuts; B blurs every image and the setting survives a reload', async ({ page }) => {
  const outside = await offline(page);
  await openGallery(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Mark a clue region');
  await page.screenshot({ path: path.join(SCREENS, '17-shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  await page.keyboard.press('b');
  await expect(page.locator('.app')).toHaveAttribute('data-wellness', 'on');
  const img = page.locator('.tile[data-known="new"] img').first();
  await expect(img).toHaveCSS('filter', /blur\(12px\)/);
  await page.reload();
  await expect(page.locator('.tile[data-known="new"] img').first()).toHaveCSS('filter', /blur\(12px\)/);
  await page.screenshot({ path: path.join(SCREENS, '18-wellness-blur-all.png') });
  await page.keyboard.press('b');
  await expect(page.locator('.app')).toHaveAttribute('data-wellness', 'off');
  expect(outside).toEqual([]);
});

/** The region of the original (fractions), scaled to the size it is drawn at: what an unblurred crop would show. */
async function originalRegion(image: Buffer, r: { x: number; y: number; w: number; h: number }, width: number, height: number): Promise<Buffer> {
  const { width: w = 1, height: h = 1 } = await sharp(image).metadata();
  const region = await sharp(image)
    .extract({ left: Math.round(r.x * w), top: Math.round(r.y * h), width: Math.round(r.w * w), height: Math.round(r.h * h) })
    .resize(width, height, { fit: 'fill' })
    .png()
    .toBuffer();
  return sharp(region)
    .extract({ left: Math.floor(width / 4), top: Math.floor(height / 4), width: Math.floor(width / 2), height: Math.floor(height / 2) })
    .png()
    .toBuffer();
}
