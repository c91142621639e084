// The menu's items and the recent-cases list: plain data and a small JSON file in userData.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFromArgv } from '../../../electron/main/argv.js';
import { menuTemplate, type MenuActions } from '../../../electron/main/menu.js';
import { lockedCaseMessage } from '../../../electron/main/messages.js';
import { readRecent, RECENT_LIMIT, rememberRecent } from '../../../electron/main/recent-cases.js';
import { scratchDir } from '../../fixtures/corpus.js';

const scratch = scratchDir('lanterne-recent-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('recent cases', () => {
  it('keeps the newest first, without duplicates, at most RECENT_LIMIT', () => {
    const userData = path.join(scratch, 'a');
    for (let i = 0; i < RECENT_LIMIT + 3; i++) rememberRecent(userData, `/cases/${i}`);
    rememberRecent(userData, '/cases/5');
    const list = readRecent(userData);
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]).toBe('/cases/5');
    expect(list.filter((p) => p === '/cases/5')).toHaveLength(1);
  });

  it('treats a damaged or hostile file as empty, keeping only absolute paths', () => {
    const userData = path.join(scratch, 'b');
    mkdirSync(userData, { recursive: true });
    writeFileSync(path.join(userData, 'recent-cases.json'), '{not json');
    expect(readRecent(userData)).toEqual([]);
    writeFileSync(path.join(userData, 'recent-cases.json'), JSON.stringify(['relative/case', 42, '/ok/case', { path: '/x' }]));
    expect(readRecent(userData)).toEqual(['/ok/case']);
  });
});

describe('the menu', () => {
  const clicked: string[] = [];
  const actions: MenuActions = {
    newCase: () => clicked.push('new'),
    openCase: () => clicked.push('open'),
    openRecent: (dir) => clicked.push(`recent ${dir}`),
    addEvidence: () => clicked.push('add'),
    importHashSet: () => clicked.push('import'),
    exportCase: (format) => clicked.push(`export ${format}`),
    stopIngest: () => clicked.push('stop'),
    quit: () => clicked.push('quit'),
  };
  const file = (caseOpen: boolean, recent: string[] = []) =>
    (menuTemplate(actions, recent, caseOpen, false).find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]).filter((m) => m.label);
  const labels = (items: MenuItemConstructorOptions[]) => items.map((m) => m.label);

  it('offers new case, open case, recent cases, add evidence, import hash set, export and stopping the ingest', () => {
    expect(labels(file(true))).toEqual(['New Case…', 'Open Case…', 'Open Recent', 'Add Evidence Folder…', 'Import Hash Set…', 'Export', 'Stop the Running Ingest', 'Quit']);
    const items = file(true, ['/cases/one']);
    for (const item of items) {
      if (item.click) (item.click as () => void)();
      for (const sub of (item.submenu as MenuItemConstructorOptions[] | undefined) ?? []) (sub.click as () => void)();
    }
    expect(clicked).toEqual(['new', 'open', 'recent /cases/one', 'add', 'import', 'export jsonl', 'export csv', 'stop', 'quit']);
  });

  it('keeps Stop enabled with or without a case (a new case’s first ingest runs before it is open), on a key no other item uses', () => {
    for (const caseOpen of [false, true]) expect(file(caseOpen).find((m) => m.label === 'Stop the Running Ingest')!.enabled ?? true).toBe(true);
    const accelerators = file(true).map((m) => m.accelerator).filter(Boolean);
    expect(accelerators).toContain('CmdOrCtrl+.');
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('disables the case actions until a case is open, and Open Recent while the list is empty', () => {
    const items = file(false);
    for (const label of ['Add Evidence Folder…', 'Import Hash Set…', 'Export', 'Open Recent']) expect(items.find((m) => m.label === label)!.enabled, label).toBe(false);
  });

  it('has no link out and no devtools', () => {
    const text = JSON.stringify(menuTemplate(actions, [], true, false));
    expect(text).not.toMatch(/toggleDevTools|https?:|openExternal/);
  });
});

describe('the command line and messages', () => {
  it('reads --case <dir> and --case=<dir>, relative to the launch folder', () => {
    expect(caseFromArgv(['electron', '.', '--case', 'cases/a'], '/home/x')).toBe('/home/x/cases/a');
    expect(caseFromArgv(['lanterne', '--case=/abs/b'], '/home/x')).toBe('/abs/b');
    expect(caseFromArgv(['lanterne', '--case'], '/home/x')).toBeNull();
    expect(caseFromArgv(['lanterne'], '/home/x')).toBeNull();
  });

  it('says plainly what a locked case means and what to do', () => {
    const m = lockedCaseMessage('/cases/a', 'The case at /cases/a is in use by another Lanterne process (123@host).');
    expect(m.message).toBe('This case is in use by another Lanterne process.');
    expect(m.detail).toContain('123@host');
    expect(m.detail).toContain('Wait for it to finish');
  });
});
