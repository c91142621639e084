// Walks an evidence root without following symlinks and without opening anything but folders.
// Regular files become items; everything else (symlinks, FIFOs, sockets, devices, folders that
// cannot be listed, trees too deep) becomes a walk note with its reason, and the walk goes on.
import type { Dirent } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { isInsideResolved, safeRealpath, toCasePath } from './path-safety.js';

export interface WalkedFile {
  kind: 'file';
  relPath: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

export interface WalkNote {
  kind: 'note';
  relPath: string;
  note: 'symlink' | 'special' | 'unreadable' | 'too-deep';
  reason: string;
}

export interface WalkOptions {
  /** Folders nested deeper than this are recorded, not entered (hostile or looping trees). */
  maxDepth?: number;
}

export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile | WalkNote> {
  const maxDepth = options.maxDepth ?? 128;
  const realRoot = safeRealpath(root);
  if (realRoot === null) throw new Error(`evidence root ${root} cannot be resolved`);
  // Depth-first with an explicit stack: no recursion limit, and a stable, sorted order.
  const stack: { dir: string; rel: string; depth: number }[] = [{ dir: realRoot, rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readDirectory(dir);
    } catch (error) {
      yield { kind: 'note', relPath: toCasePath(rel) || '.', note: 'unreadable', reason: `cannot list folder: ${errorText(error)}` };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: { dir: string; rel: string; depth: number }[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relPath = toCasePath(rel ? path.join(rel, entry.name) : entry.name);
      if (entry.isDirectory()) {
        if (depth + 1 > maxDepth) {
          yield { kind: 'note', relPath, note: 'too-deep', reason: `folder nested deeper than ${maxDepth} levels, not entered` };
        } else {
          subdirs.push({ dir: full, rel: rel ? path.join(rel, entry.name) : entry.name, depth: depth + 1 });
        }
      } else if (entry.isSymbolicLink()) {
        yield { kind: 'note', relPath, note: 'symlink', reason: await describeSymlink(realRoot, full) };
      } else if (entry.isFile()) {
        try {
          const stat = await lstat(full);
          yield {
            kind: 'file',
            relPath,
            size: stat.size,
            mtimeMs: stat.mtimeMs,
            ctimeMs: stat.ctimeMs,
            birthtimeMs: stat.birthtimeMs,
          };
        } catch (error) {
          yield { kind: 'note', relPath, note: 'unreadable', reason: `cannot stat file: ${errorText(error)}` };
        }
      } else {
        yield { kind: 'note', relPath, note: 'special', reason: `${specialKind(entry)}: never opened` };
      }
    }
    // Reverse so the stack pops sub-folders in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

async function readDirectory(dir: string): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  const handle = await opendir(dir, { bufferSize: 256 });
  for await (const entry of handle) entries.push(entry);
  return entries;
}

async function describeSymlink(realRoot: string, link: string): Promise<string> {
  let target = '?';
  try {
    target = await readlink(link);
  } catch {
    /* described below as unresolvable */
  }
  const resolved = safeRealpath(link);
  if (resolved === null) return `symlink to ${JSON.stringify(target)}: dangling or looping, not followed`;
  const where = isInsideResolved(realRoot, resolved) ? 'inside the root' : 'OUTSIDE the evidence root';
  return `symlink to ${JSON.stringify(target)} (${where}), not followed`;
}

function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'named pipe (FIFO)';
  if (entry.isSocket()) return 'socket';
  if (entry.isBlockDevice()) return 'block device';
  if (entry.isCharacterDevice()) return 'character device';
  return 'special file';
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}` + (e.code === 'EACCES' ? ' (permission denied)' : '') : String(error);
}
