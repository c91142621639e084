// `npm start` on a machine without Electron's binary: it says so plainly, points to
// ELECTRON_OVERRIDE_DIST_PATH and to `npx lanterne serve`, exits non-zero, and does it fast —
// the binary check runs before any build. (Skipped where a binary is installed.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';
import { REPO_ROOT, scratchDir } from '../../fixtures/corpus.js';

const scratch = scratchDir('lanterne-start-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const installed = findElectronBinary({ env: {} }).ok;

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { ...result, ms: performance.now() - started };
}

function expectExplanation(stderr: string) {
  expect(stderr).toContain("needs Electron's binary");
  expect(stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
  expect(stderr).toContain('npx lanterne serve <case-dir>');
}

describe.skipIf(installed)('npm start without the Electron binary', () => {
  it('scripts/start.mjs explains and exits 1 in under a second, building nothing', () => {
    const result = run(process.execPath, ['scripts/start.mjs'], { ELECTRON_OVERRIDE_DIST_PATH: '' });
    console.log(`scripts/start.mjs without the binary: exit ${result.status} in ${result.ms.toFixed(0)} ms`);
    expect(result.status).toBe(1);
    expect(result.ms).toBeLessThan(1000);
    expectExplanation(result.stderr);
    expect(result.stdout).not.toContain('tsc');
  });

  it('says the same when ELECTRON_OVERRIDE_DIST_PATH points at a folder without Electron', () => {
    const empty = path.join(scratch, 'not-electron');
    mkdirSync(empty, { recursive: true });
    const result = run(process.execPath, ['scripts/start.mjs'], { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(path.join(empty, 'electron'));
    expectExplanation(result.stderr);
  });

  it('`npm start` itself (npm’s own start-up included) exits 1 with the explanation', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = run(npm, ['start', '--silent'], { ELECTRON_OVERRIDE_DIST_PATH: '' });
    console.log(`npm start without the binary: exit ${result.status} in ${result.ms.toFixed(0)} ms`);
    expect(result.status).toBe(1);
    expectExplanation(result.stderr);
    // npm's own start-up (~0.25 s here, idle) is outside our control; on a loaded 2-core machine
    // it varies, so the bound here is looser than the script's own.
    expect(result.ms).toBeLessThan(2000);
  });
});

describe('finding the binary', () => {
  it('never asks the electron package (whose fallback downloads) and honours the override', () => {
    const override = path.join(scratch, 'dist');
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'linux', root: scratch })).toEqual({ ok: false, looked: path.join(override, 'electron') });
    expect(findElectronBinary({ env: {}, platform: 'win32', root: scratch })).toEqual({ ok: false, looked: path.join(scratch, 'node_modules', 'electron', 'dist', 'electron.exe') });
  });
});
