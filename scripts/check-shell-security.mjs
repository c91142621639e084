#!/usr/bin/env node
// A grep-level guard for the Electron shell's security settings (part of `npm run lint`). It
// cannot prove the shell safe — the unit tests in test/unit/shell do that — but it stops the
// classic regressions from landing quietly anywhere in electron/ or renderer/:
//   nodeIntegration: true, sandbox: false, contextIsolation: false, webSecurity: false,
//   webviewTag: true, allowRunningInsecureContent: true, the remote module;
//   a preload that hands the page ipcRenderer itself or a function that takes the channel;
//   shell.openExternal with anything but a fixed string literal (never a URL from case data);
// and it checks the baseline is still there: the window's four settings and the security
// region's denials. Usage: node scripts/check-shell-security.mjs [repository-root]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const SCAN = ['electron', 'renderer'];

const FORBIDDEN = [
  [/\bnodeIntegration(?:InWorker|InSubFrames)?\s*:\s*true\b/, 'nodeIntegration must stay false'],
  [/\bsandbox\s*:\s*false\b/, 'sandbox must stay true'],
  [/\bcontextIsolation\s*:\s*false\b/, 'contextIsolation must stay true'],
  [/\bwebSecurity\s*:\s*false\b/, 'webSecurity must stay on'],
  [/\bwebviewTag\s*:\s*true\b/, '<webview> must stay disabled'],
  [/\ballowRunningInsecureContent\s*:\s*true\b/, 'insecure content must stay refused'],
  [/\benableRemoteModule\b|@electron\/remote/, 'the remote module gives the page the main process'],
  [/\bdisable-web-security\b|\bappendSwitch\(\s*['"]no-sandbox['"]/, 'Chromium security switches must not be turned off'],
  // The page must never get ipcRenderer itself…
  [/exposeInMainWorld\([^;]{0,300}?\bipcRenderer\b(?!\s*\.)/, 'the preload exposes ipcRenderer itself'],
  // …nor a function whose own parameter becomes the channel (a generic invoke/send).
  [/\(\s*(\w+)\s*(?::[^,)]*)?(?:,[^)]*)?\)\s*(?::[^=]*)?=>\s*\{?\s*(?:return\s+)?[\w.]*\.(?:invoke|send|sendSync|sendToHost)\(\s*\1\b/, 'generic IPC passthrough: the caller chooses the channel'],
  [/function\s*\w*\s*\(\s*(\w+)[^)]*\)[^{]*\{[^}]{0,300}?\.(?:invoke|send|sendSync|sendToHost)\(\s*\1\b/, 'generic IPC passthrough: the caller chooses the channel'],
  [/\.(?:invoke|send|sendSync)\(\s*\.\.\./, 'generic IPC passthrough: spread arguments choose the channel'],
  // shell.openExternal only ever with a fixed literal; a URL from case data could be anything.
  [/\bopenExternal\(\s*(?!(['"])[^'"`$]*\1\s*\))/, 'shell.openExternal with a non-literal URL (possibly from case data)'],
];

const REQUIRED = [
  ['electron/main/window.ts', [/contextIsolation:\s*true/, /sandbox:\s*true/, /nodeIntegration:\s*false/, /webviewTag:\s*false/, /webSecurity:\s*true/]],
  [
    'electron/main/security.ts',
    [/setPermissionRequestHandler\(\([^)]*\)\s*=>\s*callback\(false\)\)/, /setPermissionCheckHandler\(\(\)\s*=>\s*false\)/, /'will-navigate'/, /setWindowOpenHandler\([^]*?action:\s*'deny'/, /onBeforeRequest/, /Content-Security-Policy/],
  ],
];

function* walk(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|html)$/.test(name)) yield full;
  }
}

const problems = [];
for (const dir of SCAN) {
  for (const file of walk(path.join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, why] of FORBIDDEN) {
      const m = pattern.exec(text);
      if (m) problems.push(`${path.relative(root, file)}:${text.slice(0, m.index).split('\n').length}: ${why}: ${m[0].slice(0, 80).replace(/\s+/g, ' ')}`);
    }
  }
}
for (const [file, patterns] of REQUIRED) {
  let text = '';
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    problems.push(`${file}: missing (it holds the shell's security baseline)`);
    continue;
  }
  for (const pattern of patterns) if (!pattern.test(text)) problems.push(`${file}: the baseline no longer says ${pattern}`);
}

if (problems.length) {
  for (const p of problems) console.error(p);
  console.error(`check-shell-security: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('check-shell-security: the shell keeps its security settings');
