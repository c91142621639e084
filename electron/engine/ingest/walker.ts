// Walks an evidence root without following symlinks and without opening anything but folders.
// Regular files become items; everything else (symlinks, FIFOs, sockets, devices, folders that
// cannot be listed, trees too deep, paths too long to open) becomes a walk note with its reason,
// and the walk goes on.
//
// Names are read as bytes. Linux allows any bytes but '/' and NUL in a name, and seized media carry
// names in old code pages; read as JS strings they would be decoded lossily (every bad byte becomes
// U+FFFD), so the file could not be opened again and two names could collapse into one. A name that
// is not valid UTF-8 keeps its exact bytes (rawRelPath) and is shown with each bad byte as \xHH.
import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { realpathSync } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import { safeRealpath } from './path-safety.js';

export interface WalkedFile {
  kind: 'file';
  /** '/'-separated, relative to the root; bytes that are not UTF-8 shown as \xHH (see rawRelPath). */
  relPath: string;
  /** The exact bytes of the relative path, only when some name in it is not valid UTF-8. */
  rawRelPath?: Buffer;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

export interface WalkNote {
  kind: 'note';
  relPath: string;
  rawRelPath?: Buffer;
  note: 'symlink' | 'special' | 'unreadable' | 'too-deep';
  reason: string;
}

export interface WalkOptions {
  /** Folders nested deeper than this are recorded, not entered (hostile or looping trees). */
  maxDepth?: number;
  /**
   * Longest absolute path, in bytes, that can still be opened: Linux's PATH_MAX is 4096 including
   * the terminating NUL. Deeper entries could be listed but never opened by path, so they are
   * recorded as too deep instead of failing one by one.
   */
  maxPathBytes?: number;
}

export const MAX_PATH_BYTES = 4095;

interface Folder {
  /** Absolute path as bytes. */
  dir: Buffer;
  rel: RelPath;
  depth: number;
}

/** A relative path kept both ways: as shown (and stored), and as bytes when they differ. */
interface RelPath {
  shown: string;
  raw: Buffer;
  lossless: boolean;
}

const SLASH = Buffer.from('/');
const ROOT_REL: RelPath = { shown: '', raw: Buffer.alloc(0), lossless: true };

export async function* walk(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedFile | WalkNote> {
  const maxDepth = options.maxDepth ?? 128;
  const maxPathBytes = options.maxPathBytes ?? MAX_PATH_BYTES;
  const realRoot = safeRealpath(root);
  if (realRoot === null) throw new Error(`evidence root ${root} cannot be resolved`);
  const rootBytes = Buffer.from(realRoot);
  const located = (rel: RelPath) => ({ relPath: rel.shown || '.', ...(rel.lossless ? {} : { rawRelPath: rel.raw }) });
  // Depth-first with an explicit stack: no recursion limit, and a stable, sorted order.
  const stack: Folder[] = [{ dir: rootBytes, rel: ROOT_REL, depth: 0 }];
  while (stack.length > 0) {
    const { dir, rel, depth } = stack.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = await readDirectory(dir);
    } catch (error) {
      yield { kind: 'note', ...located(rel), note: 'unreadable', reason: `cannot list folder: ${errorText(error)}` };
      continue;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const subdirs: Folder[] = [];
    for (const entry of entries) {
      const full = Buffer.concat([dir, SLASH, entry.name]);
      const entryRel = child(rel, entry.name);
      const at = located(entryRel);
      if (full.length > maxPathBytes) {
        yield {
          kind: 'note', ...at, note: 'too-deep',
          reason: `path is ${full.length} bytes long, over the system's ${maxPathBytes + 1}-byte limit (PATH_MAX): it cannot be opened, not ${entry.isDirectory() ? 'entered' : 'read'}`,
        };
      } else if (entry.isDirectory()) {
        if (depth + 1 > maxDepth) {
          yield { kind: 'note', ...at, note: 'too-deep', reason: `folder nested deeper than ${maxDepth} levels, not entered` };
        } else {
          subdirs.push({ dir: full, rel: entryRel, depth: depth + 1 });
        }
      } else if (entry.isSymbolicLink()) {
        yield { kind: 'note', ...at, note: 'symlink', reason: await describeSymlink(rootBytes, full) };
      } else if (entry.isFile()) {
        try {
          const stat = await lstat(full);
          yield { kind: 'file', ...at, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, birthtimeMs: stat.birthtimeMs };
        } catch (error) {
          yield { kind: 'note', ...at, note: 'unreadable', reason: `cannot stat file: ${errorText(error)}` };
        }
      } else {
        yield { kind: 'note', ...at, note: 'special', reason: `${specialKind(entry)}: never opened` };
      }
    }
    // Reverse so the stack pops sub-folders in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

function child(parent: RelPath, name: Buffer): RelPath {
  const valid = isUtf8(name);
  const shownName = valid ? name.toString('utf8') : showBytes(name);
  return {
    shown: parent.shown ? `${parent.shown}/${shownName}` : shownName,
    raw: parent.raw.length ? Buffer.concat([parent.raw, SLASH, name]) : name,
    lossless: parent.lossless && valid,
  };
}

/**
 * A name that is not valid UTF-8, readable: its valid characters as they are, every other byte
 * (and, in such a name only, the backslash itself) as \xHH — so the shown form maps back to the
 * bytes. The exact bytes are kept beside it anyway; this is for people and exports.
 */
export function showBytes(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const b = name[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n > 0 && b !== 0x5c && i + n <= name.length && isUtf8(name.subarray(i, i + n))) {
      out += name.toString('utf8', i, i + n);
      i += n;
    } else {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

async function readDirectory(dir: Buffer): Promise<Dirent<Buffer>[]> {
  const entries: Dirent<Buffer>[] = [];
  // Node yields Buffer names for encoding 'buffer' (as readdir does); @types/node 20 types only text encodings.
  const handle = await opendir(dir, { bufferSize: 256, encoding: 'buffer' as BufferEncoding });
  for await (const entry of handle) entries.push(entry as unknown as Dirent<Buffer>);
  return entries;
}

async function describeSymlink(rootBytes: Buffer, link: Buffer): Promise<string> {
  let target = '?';
  try {
    const bytes = await readlink(link, { encoding: 'buffer' });
    target = isUtf8(bytes) ? bytes.toString('utf8') : showBytes(bytes);
  } catch {
    /* described below as unresolvable */
  }
  let resolved: Buffer;
  try {
    resolved = realpathSync(link, { encoding: 'buffer' });
  } catch {
    return `symlink to ${JSON.stringify(target)}: dangling or looping, not followed`;
  }
  const where = isInsideBytes(rootBytes, resolved) ? 'inside the root' : 'OUTSIDE the evidence root';
  return `symlink to ${JSON.stringify(target)} (${where}), not followed`;
}

/** path-safety's containment rule (root plus separator, never a bare prefix), on bytes. */
function isInsideBytes(realRoot: Buffer, candidate: Buffer): boolean {
  if (candidate.equals(realRoot)) return true;
  const prefix = realRoot[realRoot.length - 1] === 0x2f ? realRoot : Buffer.concat([realRoot, SLASH]);
  return candidate.length > prefix.length && candidate.subarray(0, prefix.length).equals(prefix);
}

function specialKind(entry: Dirent<Buffer>): string {
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
