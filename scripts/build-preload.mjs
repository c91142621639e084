#!/usr/bin/env node
// Bundles the preload into one CommonJS file, dist/electron/preload/preload.cjs: a sandboxed
// preload can require only 'electron' (and a few Node polyfills), so everything it uses from
// shared/ is inlined. esbuild comes with Vite.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--outfile <file>` builds elsewhere (the preload's unit test bundles into a scratch folder).
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(root, 'dist/electron/preload/preload.cjs');
await build({
  entryPoints: [path.join(root, 'electron/preload/preload.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'chrome140',
  external: ['electron'],
  logLevel: 'warning',
  legalComments: 'none',
});
