// The built renderer's files (dist/renderer), and nothing else: the request path is decoded,
// resolved under the root and realpath-checked against it (one helper, STYLE.md habit 9), and
// only the file types a Vite build emits are served.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../engine/ingest/path-safety.js';

/** dist/renderer beside dist/electron/server, where `npm run build` writes the renderer. */
export const DEFAULT_STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export type StaticResult = { ok: true; body: Buffer; contentType: string } | { ok: false; status: 400 | 404 | 503; message: string };

export function readStatic(root: string, rawPath: string): StaticResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, message: 'Malformed path.' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, message: 'Malformed path.' };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type) return { ok: false, status: 404, message: 'Not found.' };
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    return { ok: false, status: 503, message: 'The renderer is not built: run `npm run build` in the Lanterne folder.' };
  }
  // Realpath both: a symlink inside the build that points out of it is refused too.
  if (!isInside(root, file)) return { ok: false, status: 404, message: 'Not found.' };
  try {
    if (!statSync(file).isFile()) return { ok: false, status: 404, message: 'Not found.' };
    return { ok: true, body: readFileSync(file), contentType: type };
  } catch {
    return { ok: false, status: 404, message: 'Not found.' };
  }
}
