// Re-reads one evidence file (read-only, through the same reader as the ingest) and compares it
// with what the case recorded: size, MD5, SHA-1, SHA-256. Never throws: every problem becomes a
// verdict with a sentence a report can quote.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { EvidenceRow } from '../case/audit-queries.js';
import { encodeRawPath, readEvidence } from '../ingest/evidence-reader.js';

export type EvidenceVerdict =
  | { kind: 'ok'; bytes: number }
  | { kind: 'missing' | 'changed' | 'unreadable'; bytes: number; detail: string };

/** The file's place on disk as the case knows it, as text: the root's realpath at ingest plus the relative path. */
export function evidencePath(row: EvidenceRow): string {
  return path.join(row.root_real_path, ...row.rel_path.split('/'));
}

/** The path to open: its exact bytes when the name is not valid UTF-8 (the text form shows them escaped). */
function evidenceBytesPath(row: EvidenceRow): string | Buffer {
  return row.raw_rel_path ? Buffer.concat([Buffer.from(row.root_real_path), Buffer.from(path.sep), row.raw_rel_path]) : evidencePath(row);
}

export function checkEvidenceFile(row: EvidenceRow): EvidenceVerdict {
  const file = evidenceBytesPath(row);
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    return ioVerdict(error);
  }
  // Never open what is no longer a regular file: a FIFO would block the read forever, and a
  // symbolic link would hash whatever it now points at instead of the evidence.
  if (!stat.isFile()) return { kind: 'changed', bytes: 0, detail: `no longer a regular file: it is now ${describeType(stat)}` };
  // A folder on the way replaced by a symbolic link leads the same path to other bytes.
  const real = realpathOrNull(file);
  if (real !== null && !Buffer.from(real).equals(Buffer.from(file))) {
    return { kind: 'changed', bytes: 0, detail: `its path now passes through a symbolic link (it leads to ${real.toString()})` };
  }
  let read;
  try {
    // Limit 0: always streamed; verify needs the hashes, never the bytes.
    read = readEvidence(typeof file === 'string' ? file : encodeRawPath(file), 0);
  } catch (error) {
    return ioVerdict(error);
  }
  const differences: string[] = [];
  if (read.size !== row.size) differences.push(`size recorded ${row.size} bytes, now ${read.size}`);
  for (const [name, recorded, now] of [
    ['MD5', row.md5, read.hashes.md5],
    ['SHA-1', row.sha1, read.hashes.sha1],
    ['SHA-256', row.sha256, read.hashes.sha256],
  ] as const) {
    if (recorded !== null && recorded.toLowerCase() !== now) differences.push(`${name} recorded ${recorded}, now ${now}`);
  }
  if (read.sizeChanged) differences.push(`the file changed size while being read (${read.sizeChanged.statSize} → ${read.sizeChanged.readSize} bytes)`);
  if (differences.length) return { kind: 'changed', bytes: read.size, detail: differences.join('; ') };
  return { kind: 'ok', bytes: read.size };
}

function ioVerdict(error: unknown): EvidenceVerdict {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
    return { kind: 'missing', bytes: 0, detail: e.code === 'ENOENT' ? 'no file at this path' : 'a folder on its path is no longer a folder' };
  }
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EIO: 'input/output error (damaged medium?)',
    ELOOP: 'too many symbolic links on its path',
  };
  const reason = (e.code && reasons[e.code]) ?? e.message ?? String(error);
  return { kind: 'unreadable', bytes: 0, detail: e.code ? `${reason} (${e.code})` : reason };
}

/** One realpath(3) call (the native one): verify runs this for every file of the case. */
function realpathOrNull(file: string | Buffer): string | Buffer | null {
  try {
    return typeof file === 'string' ? realpathSync.native(file) : realpathSync.native(file, { encoding: 'buffer' });
  } catch {
    return null;
  }
}

function describeType(stat: Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link (not followed)';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'a device or other special file';
}
