// The page's side of the desktop shell, in Debian's Chromium against `lanterne serve` on a real
// case. Electron cannot run here, so the preload's `window.lanterne.events` and `.desktop` are
// stood in for by an init script with the same shape (shared/api/desktop.ts: DesktopEvents,
// DesktopShell) that records the page's calls; the API itself still goes to the real engine. What
// main sends and when is tested against main's own code in test/unit/shell/.
//   - a running ingest shows under the top bar with its progress, and Stop asks the shell once;
//   - "the case changed" makes the page read the case again (here: an item categorised behind
//     its back through the real API).
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { JobUpdate } from '../../shared/api/desktop.js';
import { methodPath } from '../../shared/api/http.js';
import { API } from '../../shared/api/methods.js';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';
import { guardNetwork } from './network.js';
import { buildE2eCase, serve, type Served } from './serve-fixture.js';

const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');

let dir: string;
let served: Served;

test.beforeAll(async () => {
  dir = scratchDir('lanterne-e2e-shell-');
  served = await serve((await buildE2eCase(dir)).caseDir);
  mkdirSync(SCREENS, { recursive: true });
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The preload's page-facing shape, with main's side replaced by a recorder the test drives. */
function fakeShell(): void {
  type Listener = (payload: unknown) => void;
  const shell = { job: [] as Listener[], changed: [] as Listener[], stops: 0 };
  const subscribe = (list: Listener[]) => (listener: Listener) => {
    list.push(listener);
    return () => void list.splice(list.indexOf(listener), 1);
  };
  (window as unknown as { __shell: typeof shell }).__shell = shell;
  (window as unknown as { lanterne: unknown }).lanterne = Object.freeze({
    events: Object.freeze({ onJobProgress: subscribe(shell.job), onCaseChanged: subscribe(shell.changed) }),
    desktop: Object.freeze({
      copyText: async () => ({ ok: true, value: null }),
      stopJob: async () => {
        shell.stops++;
        return { ok: true, value: null };
      },
    }),
  });
}

type ShellRecord = { job: ((u: unknown) => void)[]; changed: ((c: unknown) => void)[]; stops: number };

/** How often the page asked the shell to stop a job. */
const stopsAsked = (page: Page) => page.evaluate(() => (window as unknown as { __shell: ShellRecord }).__shell.stops);

async function sendJob(page: Page, update: JobUpdate): Promise<void> {
  await page.evaluate((u) => {
    for (const listener of (window as unknown as { __shell: ShellRecord }).__shell.job) listener(u);
  }, update);
}

async function openWithShell(page: Page) {
  await guardNetwork(page, served.url);
  await page.addInitScript(fakeShell);
  await page.goto(served.openUrl);
  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toHaveAttribute('data-known', 'new');
  return grid;
}

test('a running ingest shows its progress under the top bar, and Stop asks the shell to stop it', async ({ page }) => {
  await openWithShell(page);
  const banner = page.getByRole('status', { name: /Ingest running/ });
  await expect(banner).toHaveCount(0);

  await sendJob(page, { job: 'ingest', state: 'running', progress: null });
  await expect(banner).toContainText('starting');
  await sendJob(page, { job: 'ingest', state: 'running', progress: { phase: 'scan', root: '/media/card', files: 2048 } });
  await expect(banner).toContainText('finding files: 2,048 so far');
  await sendJob(page, { job: 'ingest', state: 'running', progress: { phase: 'process', done: 1200, failed: 3, total: 4000 } });
  await expect(banner).toContainText('1,200 of 4,000 files processed · 3 failed');
  await expect(banner.getByRole('progressbar', { name: 'Files processed' })).toHaveAttribute('aria-valuenow', '1200');
  await page.screenshot({ path: path.join(SCREENS, '20-desktop-ingest-running.png') });

  const stop = banner.getByRole('button', { name: 'Stop ingest' });
  await stop.click();
  await expect(banner.getByRole('button', { name: 'Stopping…' })).toBeDisabled();
  expect(await stopsAsked(page)).toBe(1);

  await sendJob(page, { job: 'ingest', state: 'stopping' });
  await expect(banner).toContainText('the rest stay pending');
  const summary = 'Ingest interrupted: add the same folder again to resume. 1230 files processed, 3 failed; the case holds 4000 files.';
  await sendJob(page, { job: 'ingest', state: 'ended', ok: true, summary });
  const ended = page.getByRole('status', { name: /Ingest ended/ });
  await expect(ended).toContainText(summary);
  await page.screenshot({ path: path.join(SCREENS, '21-desktop-ingest-stopped.png') });
  await ended.getByRole('button', { name: 'Dismiss' }).click();
  await expect(ended).toHaveCount(0);

  // An import cannot be stopped (it ends whole or not at all): no Stop button.
  await sendJob(page, { job: 'hashset', state: 'running', progress: { phase: 'records', records: 50_000 } });
  const importing = page.getByRole('status', { name: /Hash-set import running/ });
  await expect(importing).toContainText('50,000 records read');
  await expect(importing.getByRole('button')).toHaveCount(0);
  // Main's dialog sentence, as actions.ts sends it.
  await sendJob(page, { job: 'hashset', state: 'ended', ok: false, summary: 'The hash-set import did not complete. Not a hash set Lanterne can read: the file is empty' });
  await expect(page.getByRole('status', { name: /Hash-set import did not complete/ })).toContainText('the file is empty');
  expect(await stopsAsked(page)).toBe(1);
});

test('when the shell says the case changed, the gallery and overview read it again', async ({ page }) => {
  const grid = await openWithShell(page);
  const first = grid.getByRole('option').first();
  const id = Number(await first.getAttribute('data-item-id'));
  await expect(first.locator('.badge-examiner')).toHaveCount(0);

  // Categorised behind the page's back (as another window or a job would), through the real API.
  const changed = await page.evaluate(
    async ({ url, itemId }) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: [itemId], category: 2 }) })).json(),
    { url: methodPath(API.itemsCategorise), itemId: id },
  );
  expect(changed).toMatchObject({ ok: true });
  // Nothing told the page yet: it still shows what it read.
  await expect(first.locator('.badge-examiner')).toHaveCount(0);

  await page.evaluate(() => {
    for (const listener of (window as unknown as { __shell: ShellRecord }).__shell.changed) listener({ reason: 'hashset' });
  });
  const again = grid.locator(`[data-item-id="${id}"]`);
  await expect(again.locator('.badge-examiner')).toHaveText('cat 2');
});
