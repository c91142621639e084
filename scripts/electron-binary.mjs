// Where Electron's binary is, found the way node_modules/electron/index.js finds it — but without
// its fallback: when the binary is missing, `require('electron')` tries to DOWNLOAD it (a network
// request, slow to fail offline). This only looks at the disk.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The executable's path inside an Electron distribution folder, as electron/install.js names it. */
function platformPath(electronDir, platform) {
  try {
    const recorded = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    if (recorded) return recorded;
  } catch {
    /* not installed: fall back to the platform's name */
  }
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * @param {{ env?: NodeJS.ProcessEnv, root?: string, platform?: string }} [options]
 * @returns {{ ok: true, path: string } | { ok: false, looked: string }}
 */
export function findElectronBinary(options = {}) {
  const env = options.env ?? process.env;
  const electronDir = path.join(options.root ?? ROOT, 'node_modules', 'electron');
  const exe = platformPath(electronDir, options.platform ?? process.platform);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, exe) : path.join(electronDir, 'dist', exe);
  try {
    if (statSync(candidate).isFile()) return { ok: true, path: candidate };
  } catch {
    /* missing */
  }
  return { ok: false, looked: candidate };
}

export function electronVersion(root = ROOT) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function missingBinaryMessage(looked, version = electronVersion()) {
  return [
    `Lanterne's desktop app needs Electron's binary (Electron ${version}), and it is not on this machine`,
    `(looked for ${looked}).`,
    '',
    'That is expected on an offline install: the electron package downloads its binary when it is',
    'installed, and that download cannot happen here. Lanterne itself never uses the network.',
    '',
    `  - If you have Electron ${version} for this platform unpacked in a folder, point to it:`,
    '      ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start',
    '  - Or review a case in a browser on this machine, with no Electron at all:',
    '      npx lanterne serve <case-dir>',
    '',
  ].join('\n');
}

export const hasElectronBinary = () => findElectronBinary().ok;
