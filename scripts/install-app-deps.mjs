#!/usr/bin/env node
// npm run rebuild:electron — rebuilds better-sqlite3 for Electron's ABI with electron-builder's
// install-app-deps. It needs Electron's headers, downloaded from the network, so on an offline
// machine it fails: then this script still exits 0 and says what that means. It is deliberately
// NOT run from postinstall: an install must never fail or hang for want of a network, and a
// rebuild for Electron makes the Node build unusable for `npx lanterne` and the tests.
//   LANTERNE_REBUILD_TIMEOUT_S   give up after this many seconds (default 300)
//   LANTERNE_ELECTRON_BUILDER    the electron-builder CLI to run (tests point it at a stand-in)
//   LANTERNE_REBUILD_ROOT        the project to rebuild (tests use a scratch copy)
// A failed rebuild can leave better-sqlite3 half-cleaned (node-gyp's rebuild starts by deleting
// build/), so the Node addon is copied aside first and put back unless the rebuild succeeded.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT as REPO_ROOT } from './electron-binary.mjs';

const ROOT = process.env.LANTERNE_REBUILD_ROOT ?? REPO_ROOT;
const cli = process.env.LANTERNE_ELECTRON_BUILDER ?? path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
const ADDON = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const saved = path.join(mkdtempSync(path.join(tmpdir(), 'lanterne-rebuild-')), 'better_sqlite3.node');
const hadAddon = existsSync(ADDON);
if (hadAddon) copyFileSync(ADDON, saved);

/** Puts the Node build back if the failed rebuild removed or changed it. */
function restoreNodeBuild() {
  if (!hadAddon) return;
  if (!existsSync(ADDON) || !readFileSync(ADDON).equals(readFileSync(saved))) {
    mkdirSync(path.dirname(ADDON), { recursive: true });
    copyFileSync(saved, ADDON);
    process.stderr.write('rebuild:electron: put the Node build of better-sqlite3 back in place.\n');
  }
}
const cleanUp = () => rmSync(path.dirname(saved), { recursive: true, force: true });
const timeoutS = Number(process.env.LANTERNE_REBUILD_TIMEOUT_S ?? 300);

const explainFailure = (why) =>
  [
    '',
    `rebuild:electron: better-sqlite3 was NOT rebuilt for Electron (${why}).`,
    '  Nothing is broken: the Node build of better-sqlite3 stays, so `npx lanterne …`, `lanterne serve`',
    '  and the tests work as before. The Electron app needs the rebuild, which downloads Electron\'s',
    '  headers: run `npm run rebuild:electron` where that download works (packaging with',
    '  electron-builder rebuilds for the target by itself).',
    '',
  ].join('\n');

const child = spawn(process.execPath, [cli, 'install-app-deps'], { cwd: ROOT, stdio: 'inherit' });
const timer = setTimeout(() => {
  child.kill('SIGTERM');
  restoreNodeBuild();
  cleanUp();
  process.stderr.write(explainFailure(`no answer within ${timeoutS} s — offline?`));
  process.exit(0);
}, timeoutS * 1000);
child.on('error', (error) => {
  clearTimeout(timer);
  restoreNodeBuild();
  cleanUp();
  process.stderr.write(explainFailure(`could not run electron-builder: ${error.message}`));
  process.exit(0);
});
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (code === 0) {
    process.stdout.write(
      '\nrebuild:electron: better-sqlite3 is now built for Electron. Plain Node (`npx lanterne`, the tests) needs\n' +
        'the Node build again: `npm rebuild better-sqlite3`.\n',
    );
  } else {
    restoreNodeBuild();
    process.stderr.write(explainFailure(signal ? `electron-builder stopped by ${signal}` : `electron-builder exited with code ${code}`));
  }
  cleanUp();
  process.exit(0);
});
