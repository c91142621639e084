// The one window. Its webPreferences are the security baseline (DESIGN.md): a sandboxed,
// context-isolated page with no Node, no <webview>, web security on, no spell-check downloads.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { APP_URL } from './app-origin.js';

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
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
    spellcheck: false,
    safeDialogs: true,
  };
}

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return { width: 1440, height: 900, minWidth: 800, minHeight: 600, show: false, title: 'Lanterne', webPreferences: webPreferences(preload) };
}

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function createMainWindow(BrowserWindowClass: WindowConstructor, preload: string): BrowserWindow {
  const win = new BrowserWindowClass(windowOptions(preload));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
