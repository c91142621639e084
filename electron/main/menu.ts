// The application menu: case actions and recent cases. The template is plain data built from
// injected actions, so it is tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';

export interface MenuActions {
  newCase(): void;
  openCase(): void;
  openRecent(caseDir: string): void;
  addEvidence(): void;
  importHashSet(): void;
  exportCase(format: 'jsonl' | 'csv'): void;
  /** Stops the running ingest; says so in a dialog when none runs. */
  stopIngest(): void;
  quit(): void;
}

export function menuTemplate(actions: MenuActions, recent: readonly string[], caseOpen: boolean, isMac: boolean): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
      { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
      {
        label: 'Open Recent',
        enabled: recent.length > 0,
        // The label is the folder's name as text: Electron menus render no markup.
        submenu: recent.map((dir) => ({ label: `${path.basename(dir)} — ${dir}`, click: () => actions.openRecent(dir) })),
      },
      { type: 'separator' },
      { label: 'Add Evidence Folder…', enabled: caseOpen, click: () => actions.addEvidence() },
      { label: 'Import Hash Set…', enabled: caseOpen, click: () => actions.importHashSet() },
      {
        label: 'Export',
        enabled: caseOpen,
        submenu: [
          { label: 'JSONL…', click: () => actions.exportCase('jsonl') },
          { label: 'CSV…', click: () => actions.exportCase('csv') },
        ],
      },
      // Always enabled: the menu is not rebuilt as jobs start and end, and a new case's first
      // ingest runs before any case is open. With nothing to stop, a dialog says so.
      // Ctrl/Cmd+. is the platforms' customary "cancel the operation" key; nothing else here uses it.
      { label: 'Stop the Running Ingest', accelerator: 'CmdOrCtrl+.', click: () => actions.stopIngest() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
    ],
  };
  // No "Learn more" links, no devtools toggle: nothing in the menu reaches a network or the page's internals.
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] };
  return isMac ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }] : [file, edit, view];
}
