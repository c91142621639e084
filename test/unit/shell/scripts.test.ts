// The shell's build scripts: the grep-level security check (passes on the repository, catches
// each regression it names), the guarded native rebuild (never fails an install, keeps the Node
// build), and the fuse hook (flips exactly the five fuses, on a stand-in binary).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getCurrentFuseWire, FuseV1Options, FuseState } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_HOST_ENTRY, JOB_HOST_ENTRY, WORKER_ENTRY } from '../../../electron/main/utility-port.js';
import { REPO_ROOT, scratchDir } from '../../fixtures/corpus.js';

const scratch = scratchDir('lanterne-shell-scripts-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const node = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

describe('check-shell-security', () => {
  const script = path.join(REPO_ROOT, 'scripts/check-shell-security.mjs');

  it('passes on the repository', () => {
    const result = node([script]);
    expect(result.status, result.stderr).toBe(0);
  });

  /** A copy of the shell's baseline files plus one bad file; the check must fail naming it. */
  function withBadFile(name: string, text: string) {
    const root = path.join(scratch, `repo-${Math.random().toString(36).slice(2)}`);
    mkdirSync(path.join(root, 'electron', 'main'), { recursive: true });
    for (const f of ['window.ts', 'security.ts']) copyFileSync(path.join(REPO_ROOT, 'electron/main', f), path.join(root, 'electron/main', f));
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
    return node([script, root]);
  }

  it.each([
    ['electron/main/bad.ts', 'new BrowserWindow({ webPreferences: { nodeIntegration: true } })'],
    ['electron/main/bad.ts', 'const prefs = { sandbox: false };'],
    ['electron/main/bad.ts', 'const prefs = { contextIsolation:false };'],
    ['electron/main/bad.ts', 'const prefs = { webSecurity: false };'],
    ['electron/preload/bad.ts', "contextBridge.exposeInMainWorld('ipc', ipcRenderer);"],
    ['electron/preload/bad.ts', "contextBridge.exposeInMainWorld('api', { invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args) });"],
    ['electron/preload/bad.ts', "contextBridge.exposeInMainWorld('api', { send: (channel: string, data: unknown) => ipcRenderer.send(channel, data) });"],
    ['electron/preload/bad.ts', 'function invoke(name, input) {\n  return ipcRenderer.invoke(name, input);\n}'],
    ['electron/main/bad.ts', 'shell.openExternal(item.path);'],
    ['renderer/src/bad.ts', 'shell.openExternal(`https://maps.example/?q=${gps}`);'],
  ])('fails on %s: %s', (name, text) => {
    const result = withBadFile(name, text);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(name);
  });

  it('accepts the narrow forms: a fixed channel per function, openExternal with a fixed literal', () => {
    const ok = withBadFile('electron/preload/fine.ts', "api[method] = (input: unknown) => ipc.invoke(method, input);\nshell.openExternal('https://lanterne.example/help');");
    expect(ok.status, ok.stderr).toBe(0);
  });

  it('fails when the security baseline itself is weakened', () => {
    const root = path.join(scratch, 'weakened');
    mkdirSync(path.join(root, 'electron', 'main'), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, 'electron/main/window.ts'), path.join(root, 'electron/main/window.ts'));
    const security = readFileSync(path.join(REPO_ROOT, 'electron/main/security.ts'), 'utf8');
    writeFileSync(path.join(root, 'electron/main/security.ts'), security.replace("({ action: 'deny' })", "({ action: 'allow' })"));
    const result = node([script, root]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('security.ts: the baseline no longer says');
  });
});

describe('rebuild:electron (scripts/install-app-deps.mjs)', () => {
  /** A scratch project whose better-sqlite3 Node build a stand-in electron-builder damages. */
  function project(standIn: string) {
    const root = path.join(scratch, `rebuild-${Math.random().toString(36).slice(2)}`);
    const addon = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    mkdirSync(path.dirname(addon), { recursive: true });
    writeFileSync(addon, 'the Node build');
    const cli = path.join(root, 'fake-electron-builder.cjs');
    writeFileSync(cli, standIn);
    chmodSync(cli, 0o755);
    return { root, addon, cli };
  }

  it('exits 0 when the rebuild fails offline, explains, and keeps the Node build', () => {
    // What node-gyp's rebuild does before the header download fails: it cleans build/ first.
    const p = project(`require('fs').rmSync(${JSON.stringify(path.join('node_modules', 'better-sqlite3', 'build'))}, { recursive: true, force: true });\nconsole.error('getaddrinfo ENOTFOUND www.electronjs.org');\nprocess.exit(1);`);
    const result = node([path.join(REPO_ROOT, 'scripts/install-app-deps.mjs')], { LANTERNE_REBUILD_ROOT: p.root, LANTERNE_ELECTRON_BUILDER: p.cli });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('better-sqlite3 was NOT rebuilt for Electron');
    expect(result.stderr).toContain('the Node build of better-sqlite3 stays');
    expect(result.stderr).toContain('put the Node build of better-sqlite3 back');
    expect(readFileSync(p.addon, 'utf8')).toBe('the Node build');
  });

  it('gives up on a rebuild that hangs, still exiting 0', () => {
    const p = project('setInterval(() => {}, 1000);');
    const started = Date.now();
    const result = node([path.join(REPO_ROOT, 'scripts/install-app-deps.mjs')], { LANTERNE_REBUILD_ROOT: p.root, LANTERNE_ELECTRON_BUILDER: p.cli, LANTERNE_REBUILD_TIMEOUT_S: '1' });
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toContain('no answer within 1 s');
    expect(readFileSync(p.addon, 'utf8')).toBe('the Node build');
  });

  it('is an explicit script, not a postinstall step', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['rebuild:electron']).toBe('node scripts/install-app-deps.mjs');
    expect(pkg.scripts.postinstall ?? '').not.toContain('install-app-deps');
  });
});

describe('the fuse hook (scripts/after-pack-fuses.cjs)', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const hook = createRequire(import.meta.url)(path.join(REPO_ROOT, 'scripts/after-pack-fuses.cjs')) as {
    default: (context: unknown) => Promise<void>;
    executablePath: (context: unknown) => string;
  };

  it('flips RunAsNode, NODE_OPTIONS and inspect off, asar integrity and asar-only on, and nothing else', async () => {
    // A stand-in Linux binary: padding, the fuse sentinel, wire version 1, 9 fuses all enabled ('1').
    const appOutDir = path.join(scratch, 'linux-unpacked');
    mkdirSync(appOutDir, { recursive: true });
    const exe = path.join(appOutDir, 'lanterne');
    writeFileSync(exe, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('111111111'), Buffer.alloc(1024, 0x90)]));
    const context = { appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Lanterne' }, executableName: 'lanterne' } };
    expect(hook.executablePath(context)).toBe(exe);
    await hook.default(context);
    const wire = await getCurrentFuseWire(exe);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    // Untouched: cookie encryption and the rest keep the binary's own setting.
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
  });

  it('finds the executable on each packaged platform', () => {
    const packager = { appInfo: { productFilename: 'Lanterne' }, executableName: 'lanterne' };
    expect(hook.executablePath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(path.join('/o', 'Lanterne.exe'));
    expect(hook.executablePath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(path.join('/o', 'Lanterne.app'));
  });

  it('is wired into electron-builder.yml with the asar unpacking the native parts need', () => {
    const yml = readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: scripts\/after-pack-fuses\.cjs$/m);
    for (const target of ['AppImage', 'deb', 'nsis', 'dmg']) expect(yml).toContain(target);
    for (const unpack of ['node_modules/@img/**', 'node_modules/sharp/**', 'node_modules/better-sqlite3/**', 'node_modules/libheif-js/**', '"**/*.wasm"']) expect(yml).toContain(`- ${unpack}`);
    expect(yml).not.toMatch(/^electronFuses:/m);
  });

  it('packs every entry main forks as a utility process — the ingest worker too — inside app.asar', () => {
    const yml = readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^ {2}- dist\/\*\*$/m);
    // Not unpacked: utilityProcess loads its entry from the archive, and packed it stays under
    // asar integrity. (Only an OS-level spawn or a RunAsNode fork would need it outside.)
    const unpacked = yml.slice(yml.indexOf('asarUnpack:')).split('\n').slice(1);
    const list = unpacked.slice(0, unpacked.findIndex((line) => !line.startsWith('  - ')));
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((line) => line.includes('dist/'))).toEqual([]);
    // The paths main forks are the built files the package carries.
    for (const entry of [CASE_HOST_ENTRY, JOB_HOST_ENTRY, WORKER_ENTRY]) {
      const built = path.join(REPO_ROOT, 'dist', path.relative(REPO_ROOT, entry));
      expect(existsSync(built), built).toBe(true);
    }
  });
});
