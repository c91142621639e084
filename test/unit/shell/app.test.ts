// The whole shell wired by startApp against the fake electron, with the case and job hosts run
// in-process on a real case: lifecycle order, single-instance lock, IPC into real case data,
// images through lanterne://, recent cases, a locked case's dialog, and an ingest whose progress
// streams to the window, its workers forked by main as utility processes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../../shared/api/desktop.js';
import { API } from '../../../shared/api/methods.js';
import { startApp, type AppPaths, type ElectronMain } from '../../../electron/main/app.js';
import { EVENTS } from '../../../electron/main/event-channels.js';
import { SHELL_CHANNELS } from '../../../electron/main/shell-channels.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg } from '../../fixtures/generate.js';
import { buildTestCase, type TestCase } from '../server/case-fixture.js';
import { HOST_ENTRIES, runUtilityInProcess } from './case-wiring.js';
import { realWorkers } from './worker-utility.js';
import { createFakeElectron, FakeBrowserWindow, FakeWebContents, type FakeElectron } from './fake-electron.js';
import { until as waitUntil } from '../../fixtures/until.js';

let dir: string;
let testCase: TestCase;
let paths: AppPaths;

beforeAll(async () => {
  dir = scratchDir('lanterne-shell-app-');
  testCase = await buildTestCase(dir);
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lanterne</title>');
  paths = { preload: '/built/preload.cjs', rendererDir, ...HOST_ENTRIES };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Long by default: real ingests run under these waits. */
const until = (condition: () => boolean, what: string, ms = 60_000) => waitUntil(condition, what, ms);

async function started(argv: string[], userData = path.join(dir, `user-${Math.random().toString(36).slice(2)}`)): Promise<{ fake: FakeElectron; win: FakeBrowserWindow }> {
  const fake = createFakeElectron({ userData, runUtility: runUtilityInProcess });
  FakeBrowserWindow.instances = [];
  const running = startApp(fake as unknown as ElectronMain, paths, argv);
  fake.app.ready();
  await running;
  return { fake, win: FakeBrowserWindow.instances[0]! };
}

function menuItem(fake: FakeElectron, label: string): MenuItemConstructorOptions {
  const template = (fake.menus.at(-1) as { template: MenuItemConstructorOptions[] }).template;
  const file = template.find((m) => m.label === 'File')!;
  return (file.submenu as MenuItemConstructorOptions[]).find((m) => m.label === label)!;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();
const trusted = (win: FakeBrowserWindow) => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

describe('startup', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    const fake = createFakeElectron({ userData: dir, singleInstance: false });
    await startApp(fake as unknown as ElectronMain, paths, []);
    expect(fake.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(fake.protocolHandlers.size + fake.ipcHandlers.size + fake.privileged.length).toBe(0);
  });

  it('locks, sandboxes and registers the privileged scheme before ready; serves, registers and hardens after', async () => {
    const fake = createFakeElectron({ userData: path.join(dir, 'user-order') });
    FakeBrowserWindow.instances = [];
    const running = startApp(fake as unknown as ElectronMain, paths, []);
    await new Promise((r) => setImmediate(r));
    expect(fake.calls).toEqual(['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
    expect(fake.privileged).toEqual([{ scheme: 'lanterne', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false, corsEnabled: false }) }]);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    fake.app.ready();
    await running;
    expect([...fake.protocolHandlers.keys()].sort()).toEqual(['file', 'lanterne']);
    // The contract's methods and the shell's own narrow channels, nothing else.
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...Object.values(API), ...Object.values(SHELL_CHANNELS)].sort());
    expect(fake.session.defaultSession.beforeRequest).not.toBeNull();
    expect(fake.session.defaultSession.permissionRequest).not.toBeNull();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({ preload: '/built/preload.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.loadedUrl).toBe('lanterne://app/index.html');
    // Any WebContents created later gets the denials too.
    const later = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, later);
    expect(later.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    // With no case open, a call is an error value that says what to do.
    const result = await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {});
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('No case is open') } });
    // Copying goes through main's clipboard, for our window only (the page may not use its own).
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(await fake.ipcHandlers.get(SHELL_CHANNELS.copyText)!(trusted(win), hash)).toEqual({ ok: true, value: null });
    expect(await fake.ipcHandlers.get(SHELL_CHANNELS.copyText)!({ sender: later, senderFrame: later.mainFrame }, 'x')).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(fake.clipboardWrites).toEqual([hash]);
  });
});

describe('with a case open', () => {
  let fake: FakeElectron;
  let win: FakeBrowserWindow;

  beforeAll(async () => {
    ({ fake, win } = await started(['electron', '.', '--case', testCase.caseDir]));
  });

  it('answers the contract over IPC from the case host, and refuses other senders', async () => {
    const summary = (await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {})) as { ok: boolean; value: { caseName: string; counts: { files: number; known: number } } };
    expect(summary).toMatchObject({ ok: true, value: { caseName: 'case', counts: { files: 4, known: 1 } } });
    const page = (await fake.ipcHandlers.get(API.itemsQuery)!(trusted(win), { limit: 2 })) as { ok: true; value: { total: number; items: unknown[] } };
    expect(page.value.items).toHaveLength(2);
    const stranger = new FakeWebContents();
    expect(await fake.ipcHandlers.get(API.caseSummary)!({ sender: stranger, senderFrame: stranger.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await fake.ipcHandlers.get(API.itemGet)!(trusted(win), { id: 'case.sqlite' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('serves the known item blurred through lanterne://', async () => {
    const res = await fake.protocolHandlers.get('lanterne')!(new Request(`lanterne://app/api/thumb/${testCase.ids['known.jpg']}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-lanterne-blurred')).toBe('1');
    expect((await fake.protocolHandlers.get('file')!(new Request('file:///etc/passwd'))).status).toBe(403);
  });

  it('remembers the case in userData, lists it under Open Recent and names the window', () => {
    const recent = JSON.parse(readFileSync(path.join(fake.app.getPath('userData'), 'recent-cases.json'), 'utf8'));
    expect(recent).toEqual([testCase.caseDir]);
    const openRecent = menuItem(fake, 'Open Recent');
    expect(openRecent.enabled).toBe(true);
    expect((openRecent.submenu as MenuItemConstructorOptions[]).map((m) => m.label)).toEqual([`case — ${testCase.caseDir}`]);
    expect(menuItem(fake, 'Add Evidence Folder…').enabled).toBe(true);
    expect(win.title).toBe('case — Lanterne');
    expect(win.webContents.sent).toContainEqual([EVENTS.caseChanged, { reason: 'opened' }]);
  });

  it('says clearly that the case is locked when another process holds it', async () => {
    const lock = path.join(testCase.caseDir, 'case.lock');
    const set = path.join(dir, 'locked.md5');
    writeFileSync(set, `${createHash('md5').update('x').digest('hex')}  x\n`);
    // Our parent process is alive: its lock is not stale.
    writeFileSync(lock, `${process.ppid}@${hostname()}`);
    try {
      fake.openQueue.push([set]);
      const before = fake.dialogs.length;
      click(menuItem(fake, 'Import Hash Set…'));
      await until(() => fake.dialogs.slice(before).some((d) => d.kind === 'message'), 'the locked-case dialog');
      const shown = fake.dialogs.slice(before).find((d) => d.kind === 'message')!.options as { type: string; message: string; detail: string };
      expect(shown.type).toBe('warning');
      expect(shown.message).toBe('This case is in use by another Lanterne process.');
      expect(shown.detail).toContain(`${process.ppid}@${hostname()}`);
      expect(shown.detail).toContain('Wait for it to finish');
    } finally {
      rmSync(lock, { force: true });
    }
  });

  it('runs an added evidence folder’s ingest in a job host and streams its progress to the window', async () => {
    const evidence = path.join(dir, 'more-evidence');
    mkdirSync(evidence, { recursive: true });
    writeFileSync(path.join(evidence, 'added.jpg'), await sceneJpeg({ width: 320, height: 240, seed: 99 }));
    fake.openQueue.push([evidence]);
    const before = fake.dialogs.length;
    win.webContents.sent.length = 0;
    click(menuItem(fake, 'Add Evidence Folder…'));
    await until(() => fake.dialogs.slice(before).some((d) => d.kind === 'message'), 'the ingest to finish', 110_000);
    const done = fake.dialogs.slice(before).find((d) => d.kind === 'message')!.options as { type: string; message: string };
    expect(done.type, done.message).toBe('info');
    expect(done.message).toContain('Ingest complete');
    const updates = win.webContents.sent.filter(([channel]) => channel === EVENTS.jobProgress).map(([, u]) => u as JobUpdate);
    expect(updates[0]).toEqual({ job: 'ingest', state: 'running', progress: null });
    const phases = updates.map((u) => (u.state === 'running' ? u.progress?.phase : undefined));
    expect(phases).toContain('scan');
    expect(phases).toContain('process');
    expect(updates.at(-1)).toEqual({ job: 'ingest', state: 'ended', ok: true, summary: done.message });
    // With nothing running any more, the page's stop is answered plainly.
    expect(await fake.ipcHandlers.get(SHELL_CHANNELS.stopJob)!(trusted(win))).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'No ingest is running.' } });
    expect(win.webContents.sent).toContainEqual([EVENTS.caseChanged, { reason: 'ingest' }]);
    // The job ran in its own (here in-process) host, not in the main process's case host.
    expect(fake.forks.map((f) => path.basename(f.modulePath))).toContain('job-host-entry.js');
    // Its workers were utility processes main forked for the job host (in the packaged app nothing
    // else can start them), each a real process running worker-entry; none outlived the ingest.
    expect(fake.forks.map((f) => path.basename(f.modulePath))).toContain('worker-entry.js');
    expect(realWorkers.size).toBe(0);
    const summary = (await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {})) as { value: { counts: { files: number } } };
    expect(summary.value.counts.files).toBe(5);
  });

  it('opens the case a second launch names, in this instance', async () => {
    const other = path.join(dir, 'no-such-case');
    const before = fake.dialogs.length;
    fake.app.emit('second-instance', {}, ['electron', '.', `--case=${other}`], dir);
    await until(() => fake.dialogs.length > before, 'the open-failed dialog');
    const shown = fake.dialogs.at(-1)!.options as { message: string; detail: string };
    expect(shown.message).toBe(`Lanterne could not open the case at ${other}.`);
    // The case already open stays open.
    expect(await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {})).toMatchObject({ ok: true });
  });
});

describe('a new case', () => {
  it('opens in the window while its first ingest runs, read from the case host during the ingest', async () => {
    const { fake, win } = await started(['electron', '.']);
    const evidence = path.join(dir, 'new-case-evidence');
    mkdirSync(evidence, { recursive: true });
    for (let i = 0; i < 24; i++) writeFileSync(path.join(evidence, `scene-${i}.jpg`), await sceneJpeg({ width: 640, height: 480, seed: 400 + i }));
    const caseDir = path.join(dir, 'new-case');
    mkdirSync(caseDir);
    fake.openQueue.push([caseDir], [evidence]);
    click(menuItem(fake, 'New Case…'));
    await until(() => win.webContents.sent.some(([channel, change]) => channel === EVENTS.caseChanged && (change as { reason: string }).reason === 'opened'), 'the new case to open');
    // Opened before the ingest ended, and answering from the case as it stands.
    const ended = () => win.webContents.sent.some(([channel, u]) => channel === EVENTS.jobProgress && (u as JobUpdate).state === 'ended');
    const during = (await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {})) as { ok: boolean; value: { caseName: string; counts: { files: number; pending: number } } };
    const endedBeforeSummary = ended();
    expect(during.ok).toBe(true);
    expect(during.value.caseName).toBe('new-case');
    await until(() => fake.dialogs.some((d) => d.kind === 'message'), 'the ingest to finish', 110_000);
    const order = win.webContents.sent.map(([channel, payload]) => (channel === EVENTS.caseChanged ? `case ${(payload as { reason: string }).reason}` : `job ${(payload as JobUpdate).state}`));
    expect(order.indexOf('case opened')).toBeLessThan(order.indexOf('job ended'));
    expect(order.filter((o) => o === 'case opened')).toHaveLength(1); // not opened a second time
    expect(order.at(-1)).toBe('case ingest');
    const after = (await fake.ipcHandlers.get(API.caseSummary)!(trusted(win), {})) as { value: { counts: { files: number; pending: number } } };
    expect(after.value.counts).toMatchObject({ files: 24, pending: 0 });
    console.log(`new case: summary during the ingest ${JSON.stringify(during.value.counts)}${endedBeforeSummary ? ' (it had already ended)' : ''}`);
  }, 120_000);
});
