// The real entry (electron/main/main.ts) with the fake electron module in place of 'electron':
// it hands the module to startApp, which takes the lock, sandboxes and registers the scheme at
// once, and after ready opens the window with the built preload and the app origin.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { scratchDir } from '../../fixtures/corpus.js';
import { createFakeElectron, FakeBrowserWindow } from './fake-electron.js';

const scratch = scratchDir('lanterne-main-entry-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('main.ts wires the electron module into startApp', async () => {
  const fake = createFakeElectron({ userData: scratch });
  FakeBrowserWindow.instances = [];
  vi.doMock('electron', () => fake);
  await import('../../../electron/main/main.js');
  vi.doUnmock('electron');
  expect(fake.calls).toEqual(['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
  fake.app.ready();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  const win = FakeBrowserWindow.instances[0]!;
  expect(win.loadedUrl).toBe('lanterne://app/index.html');
  expect(win.options.webPreferences!.preload).toBe(path.join(path.dirname(new URL('../../../electron/main/main.ts', import.meta.url).pathname), '..', 'preload', 'preload.cjs'));
  expect(fake.ipcHandlers.size).toBeGreaterThan(0);
});
