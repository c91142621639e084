#!/usr/bin/env node
// npm start: check for Electron's binary FIRST (a plain file check, well under a second), then
// build, then launch. Without the binary it explains and exits 1 before anything slow happens.
//   npm start [-- --no-build] [-- --case <case-dir>]
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary, missingBinaryMessage, ROOT } from './electron-binary.mjs';

const binary = findElectronBinary();
if (!binary.ok) {
  process.stderr.write(missingBinaryMessage(binary.looked));
  process.exit(1);
}

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const appArgs = args.filter((a) => a !== '--no-build');

if (!noBuild) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) {
    process.stderr.write('npm start: the build failed (see above); Electron was not launched.\n');
    process.exit(built.status ?? 1);
  }
}

// ELECTRON_RUN_AS_NODE in the environment would make the binary a plain Node: never pass it on.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary.path, [ROOT, ...appArgs], { cwd: ROOT, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`npm start: could not launch ${binary.path}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
