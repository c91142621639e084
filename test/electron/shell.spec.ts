// The real shell in a real Electron: open a case from the command line, see the gallery served
// through lanterne:// and fed over IPC, the known item's tile blurred, and take a screenshot.
// Runs wherever an Electron binary exists (node_modules/electron/dist, or
// ELECTRON_OVERRIDE_DIST_PATH); elsewhere it is reported as skipped, saying why.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { REPO_ROOT, scratchDir } from '../fixtures/corpus.js';
import { buildE2eCase } from '../e2e/serve-fixture.js';

const binary = findElectronBinary();
const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');

test.skip(!binary.ok, `skipped: no Electron binary (looked for ${binary.ok ? '' : binary.looked}; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron)`);

let dir: string;
let app: ElectronApplication | undefined;

test.beforeAll(() => {
  if (!existsSync(path.join(REPO_ROOT, 'dist/electron/main/main.js')) || !existsSync(path.join(REPO_ROOT, 'dist/electron/preload/preload.cjs'))) {
    throw new Error('The shell is not built: run `npm run build` (npm run test:electron does).');
  }
});

test.afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('opens a case and shows the gallery, known material blurred', async () => {
  if (!binary.ok) return; // unreachable: skipped above; narrows the type
  dir = scratchDir('lanterne-electron-');
  const { caseDir } = await buildE2eCase(dir);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k !== 'ELECTRON_RUN_AS_NODE' && v !== undefined)) as Record<string, string>;
  app = await electron.launch({ executablePath: binary.path, args: [REPO_ROOT, '--case', caseDir], cwd: REPO_ROOT, env });
  const page = await app.firstWindow();
  expect(page.url()).toBe('lanterne://app/index.html');

  // The page has the narrow bridge and nothing of Node.
  const surface = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    bridge: Object.keys((globalThis as { lanterne?: object }).lanterne ?? {}).sort(),
  }));
  expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['api', 'events'] });

  const grid = page.getByRole('listbox', { name: /Items of the case/ });
  await expect(grid.getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  const known = grid.locator('.tile[data-known="known"]');
  await expect(known).toHaveCount(1);
  // The known tile's image came through lanterne:// already blurred by the engine.
  const blurred = await page.evaluate(async (src) => (await fetch(src)).headers.get('x-lanterne-blurred'), (await known.locator('img').getAttribute('src'))!);
  expect(blurred).toBe('1');
  // Nothing reaches out: a fetch to the network is cancelled at the session.
  const outside = await page.evaluate(async () => fetch('https://example.com/').then(() => 'reached', () => 'blocked'));
  expect(outside).toBe('blocked');

  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, 'electron-gallery.png') });
});
