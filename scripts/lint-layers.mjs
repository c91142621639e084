#!/usr/bin/env node
// The layering rule from DESIGN.md, enforced the way VS Code's layer checker does it: read every
// import specifier and refuse the ones that cross a layer downwards-to-upwards.
//   shared/            imports nothing platform-specific (no node:*, no electron, no DOM libraries)
//   electron/engine/   never imports 'electron' (it is plain Node, shared with CLI and bridge)
//   electron/cli, electron/server  never import 'electron' either
//   electron/main, electron/preload  the shell: may import 'electron'; the preload no node:*
//   renderer/          never imports anything under electron/ nor node:* nor 'electron'
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE_BUILTINS = new Set([
  'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'url', 'util', 'stream', 'events',
  'http', 'https', 'net', 'tls', 'zlib', 'readline', 'buffer', 'process', 'assert', 'dns', 'module',
]);
const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield full;
  }
}

const isNodeBuiltin = (s) => s.startsWith('node:') || NODE_BUILTINS.has(s.split('/')[0]);
const isElectron = (s) => s === 'electron' || s.startsWith('electron/');

const rules = [
  {
    dir: 'shared',
    check: (spec) =>
      isNodeBuiltin(spec) ? 'shared/ must stay platform-free (no node:*)'
      : isElectron(spec) ? "shared/ must not import 'electron'"
      : /(^|\/)(electron|renderer)\//.test(spec) && spec.startsWith('.') ? 'shared/ must not import electron/ or renderer/'
      : null,
  },
  ...['electron/engine', 'electron/cli', 'electron/server'].map((dir) => ({
    dir,
    check: (spec, file) =>
      isElectron(spec) ? `${dir}/ is plain Node and must never import 'electron'`
      : spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'renderer'))
        ? `${dir}/ must not import renderer/` : null,
  })),
  // The shell may import 'electron' (electron/main, electron/preload); the preload runs sandboxed,
  // where nothing but 'electron' can be required, so it takes no node:* and no engine code.
  {
    dir: 'electron/main',
    check: (spec, file) =>
      spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'renderer'))
        ? 'electron/main/ must not import renderer/' : null,
  },
  {
    dir: 'electron/preload',
    check: (spec, file) => {
      const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : '';
      return isNodeBuiltin(spec) ? 'electron/preload/ runs sandboxed: no node:* imports'
        : target.startsWith(path.join(root, 'renderer')) || target.startsWith(path.join(root, 'electron', 'engine') + path.sep)
          ? 'electron/preload/ must not import renderer/ or the engine' : null;
    },
  },
  {
    dir: 'renderer',
    check: (spec, file) =>
      isElectron(spec) ? "renderer/ must not import 'electron'"
      : isNodeBuiltin(spec) ? 'renderer/ runs in a sandboxed page: no node:* imports'
      : spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'electron') + path.sep)
        ? 'renderer/ must not import electron/ (talk to the engine through the shared contract)' : null,
  },
];

let problems = 0;
for (const rule of rules) {
  const dir = path.join(root, rule.dir);
  let files;
  try { files = [...walk(dir)]; } catch { continue; }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const why = rule.check(spec, file);
      if (why) {
        const line = text.slice(0, m.index).split('\n').length;
        console.error(`${path.relative(root, file)}:${line}: imports '${spec}': ${why}`);
        problems++;
      }
    }
  }
}
if (problems) {
  console.error(`lint-layers: ${problems} layering violation(s)`);
  process.exit(1);
}
console.log('lint-layers: import layering holds');
