// The one window's webPreferences: the security baseline of DESIGN.md, pinned.
import { describe, expect, it } from 'vitest';
import { APP_URL } from '../../../electron/main/app-origin.js';
import { createMainWindow, type WindowConstructor } from '../../../electron/main/window.js';
import { FakeBrowserWindow } from './fake-electron.js';

describe('the main window', () => {
  const win = createMainWindow(FakeBrowserWindow as unknown as WindowConstructor, '/app/preload.cjs') as unknown as FakeBrowserWindow;
  const prefs = win.options.webPreferences!;

  it('is sandboxed and context-isolated, without Node, <webview> or relaxed web security', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('downloads no spell-check dictionaries and loads only the bundled preload', () => {
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('loads the app from its own lanterne:// origin', () => {
    expect(win.loadedUrl).toBe(APP_URL);
    expect(APP_URL).toBe('lanterne://app/index.html');
  });
});
