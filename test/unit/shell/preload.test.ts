// The preload exposes `window.lanterne` and nothing else: one function per contract method, each
// on its own fixed channel, two named subscriptions and the shell's copyText and stopJob — no
// generic invoke, no ipcRenderer.
// Checked on the source (with the fake electron injected) and on the bundled file the window loads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { API } from '../../../shared/api/methods.js';
import { EVENTS } from '../../../electron/main/event-channels.js';
import { SHELL_CHANNELS } from '../../../electron/main/shell-channels.js';
import { buildBridge, type LanterneBridge } from '../../../electron/preload/bridge.js';
import { REPO_ROOT, scratchDir } from '../../fixtures/corpus.js';
import { createFakeElectron, type FakeElectron } from './fake-electron.js';

const METHODS = Object.values(API).sort();
const scratch = scratchDir('lanterne-preload-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function checkBridge(bridge: LanterneBridge, fake: FakeElectron) {
  expect(Object.keys(bridge).sort()).toEqual(['api', 'desktop', 'events']);
  expect(Object.keys(bridge.desktop)).toEqual(['copyText', 'stopJob']);
  expect(Object.keys(bridge.api).sort()).toEqual(METHODS);
  expect(Object.keys(bridge.events).sort()).toEqual(['onCaseChanged', 'onJobProgress']);
  for (const fn of [...Object.values(bridge.api), ...Object.values(bridge.events), ...Object.values(bridge.desktop)]) {
    expect(typeof fn).toBe('function');
    // Each takes one argument (the input or the listener): there is no channel to pass.
    expect((fn as (...a: unknown[]) => unknown).length).toBeLessThanOrEqual(1);
  }
  expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.api) && Object.isFrozen(bridge.events) && Object.isFrozen(bridge.desktop)).toBe(true);
  for (const method of METHODS) void (bridge.api as unknown as Record<string, (i: unknown) => unknown>)[method]!({ probe: method });
  // Every function invokes its own method's channel, whatever the page passes.
  expect(fake.invoked).toEqual(METHODS.map((m) => [m, { probe: m }]));
  // Copying text invokes its own fixed channel with the text only.
  void bridge.desktop.copyText('abc');
  expect(fake.invoked.at(-1)).toEqual([SHELL_CHANNELS.copyText, 'abc']);
  // Stopping the ingest invokes its own channel and sends nothing, whatever the page passes.
  void (bridge.desktop.stopJob as (...a: unknown[]) => unknown)({ job: 'export' }, 'lanterne:copy-text');
  expect(fake.invoked.at(-1)).toEqual([SHELL_CHANNELS.stopJob]);
  expect(SHELL_CHANNELS.stopJob).toBe('lanterne:stop-job');
  const seen: unknown[] = [];
  const stop = bridge.events.onJobProgress((p) => seen.push(p));
  const listeners = fake.rendererListeners.get(EVENTS.jobProgress)!;
  expect(listeners).toHaveLength(1);
  const update = { job: 'ingest', state: 'running', progress: { phase: 'process', done: 1, failed: 0, total: 9 } };
  listeners[0]!({ sender: 'the IPC event must not reach the page' }, update);
  expect(seen).toEqual([update]);
  stop();
  expect(fake.rendererListeners.get(EVENTS.jobProgress)).toEqual([]);
}

describe('the preload', () => {
  it('builds one narrow function per contract method', () => {
    const fake = createFakeElectron({ userData: scratch });
    checkBridge(buildBridge(fake.ipcRenderer as never), fake);
  });

  it('exposes exactly `lanterne` through contextBridge when loaded (source, fake electron injected)', async () => {
    const fake = createFakeElectron({ userData: scratch });
    vi.doMock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }));
    await import('../../../electron/preload/preload.js');
    vi.doUnmock('electron');
    expect([...fake.exposed.keys()]).toEqual(['lanterne']);
    checkBridge(fake.exposed.get('lanterne') as LanterneBridge, fake);
  });

  it('is one bundled CommonJS file that requires nothing but electron, and exposes the same', () => {
    const outfile = path.join(scratch, 'preload.cjs');
    const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-preload.mjs'), '--outfile', outfile], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const code = readFileSync(outfile, 'utf8');
    const fake = createFakeElectron({ userData: scratch });
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return { contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer };
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect([...fake.exposed.keys()]).toEqual(['lanterne']);
    checkBridge(fake.exposed.get('lanterne') as LanterneBridge, fake);
    // Nothing generic in the text either (the same rule as scripts/check-shell-security.mjs).
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\b(?!\.)/);
  });
});
