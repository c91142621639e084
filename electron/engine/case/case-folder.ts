// A case is a folder: case.sqlite, its WAL, the thumbnail store and a lock file.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { startAuditLog } from '../audit/audit-log.js';
import { latestVersion, openDatabase, type Db } from './db.js';
import { ThumbnailStore } from './thumbnail-store.js';

export const CASE_DB = 'case.sqlite';
const LOCK_FILE = 'case.lock';

export class CaseError extends Error {
  constructor(
    readonly code: 'CASE_NOT_FOUND' | 'CASE_LOCKED' | 'CASE_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The disk (or quota) holding the case folder is full. The ingest stops at once instead of
 * recording files as failed for a reason that is not theirs: what was recorded stays consistent
 * (a transaction that did not fit is rolled back whole), the files not recorded stay pending, and
 * the same command resumes once there is space again.
 */
export class CaseStorageFullError extends Error {
  readonly code = 'CASE_STORAGE_FULL';
  constructor(
    readonly caseDir: string,
    readonly writing: 'thumbnails' | 'the case database' | 'the case folder',
    options?: { cause?: unknown },
  ) {
    super(
      `No space left on the disk holding the case folder ${caseDir} while writing ${writing}. ` +
        'Everything recorded so far is kept and consistent. Free some space (or give the case more room) and run the same command again to resume.',
      options,
    );
  }
}

/**
 * Storage-full errors, as the file system (ENOSPC, EDQUOT) or SQLite reports them. SQLite turns
 * some failed writes into a generic I/O error; those count only when the disk is in fact (nearly)
 * full, so a failing medium is not reported as a full one.
 */
export function asStorageFull(error: unknown, caseDir: string): CaseStorageFullError | null {
  if (error instanceof CaseStorageFullError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CaseStorageFullError(caseDir, 'the case folder', { cause: error });
  if (code === 'SQLITE_FULL') return new CaseStorageFullError(caseDir, 'the case database', { cause: error });
  if ((code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_SHMSIZE') && freeBytes(caseDir) < 1 << 20) {
    return new CaseStorageFullError(caseDir, 'the case database', { cause: error });
  }
  return null;
}

function freeBytes(dir: string): number {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export interface CaseHandle {
  dir: string;
  db: Db;
  thumbs: ThumbnailStore;
  close(): void;
}

export function isCaseFolder(dir: string): boolean {
  return existsSync(path.join(dir, CASE_DB));
}

/** Opens (and with `create`, makes) a case for writing, holding its lock until close(). */
export function openCase(dir: string, options: { create?: boolean } = {}): CaseHandle {
  const abs = path.resolve(dir);
  const created = !isCaseFolder(abs);
  if (created) {
    if (!options.create) throw new CaseError('CASE_NOT_FOUND', `No case at ${abs} (no ${CASE_DB} there).`);
    if (existsSync(abs) && !statSync(abs).isDirectory()) {
      throw new CaseError('CASE_INVALID', `${abs} exists and is not a folder.`);
    }
    // Owner-only: on a shared workstation other accounts must not read the thumbnails (stored
    // unblurred; blurring happens when they are served) or the case database. SECURITY.md.
    mkdirSync(abs, { recursive: true, mode: 0o700 });
  }
  const releaseLock = acquireLock(abs);
  let opened: Db | null = null;
  try {
    const db = (opened = openDatabase(path.join(abs, CASE_DB)));
    recordCreation(db, abs);
    const thumbs = new ThumbnailStore(path.join(abs, 'thumbs'));
    return {
      dir: abs,
      db,
      thumbs,
      close() {
        try {
          db.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    // A connection left open would keep SQLite's shared-memory lock and stop the next opener from
    // rebuilding the WAL index after a crash; close it before giving the lock back.
    try {
      opened?.close();
    } finally {
      releaseLock();
    }
    throw error;
  }
}

/**
 * A case is created when its created_at and its case.created audit entry are recorded, together in
 * one transaction. Not when case.sqlite appears: a process killed between creating the file and
 * recording the creation (or a power cut that takes the WAL frames holding it) leaves a file
 * without them, and the next open finishes the creation instead of taking it for a case made before
 * the audit log existed, whose log would start with audit.started and fail verify.
 */
function recordCreation(db: Db, caseDir: string): void {
  db.transaction(() => {
    const creating = db.prepare(`SELECT 1 FROM case_info WHERE key = 'created_at'`).get() === undefined;
    if (creating) db.prepare(`INSERT INTO case_info (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString());
    startAuditLog(db, { created: creating, caseDir, schema: latestVersion() });
  }).immediate();
}

/** Opens a case read-only, without the lock: exports and viewers may run beside an ingest. */
export function openCaseReadOnly(dir: string): { dir: string; db: Db; thumbs: ThumbnailStore; close(): void } {
  const abs = path.resolve(dir);
  if (!isCaseFolder(abs)) throw new CaseError('CASE_NOT_FOUND', `No case at ${abs} (no ${CASE_DB} there).`);
  const db = openDatabase(path.join(abs, CASE_DB), { readonly: true });
  return { dir: abs, db, thumbs: new ThumbnailStore(path.join(abs, 'thumbs')), close: () => db.close() };
}

/**
 * An exclusive lock file holding "pid@host". A lock left by a process that no longer runs on this
 * host (killed ingest, power cut) is taken over; one held by a live process is refused.
 */
function acquireLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readFileSync(file, 'utf8').trim();
      if (!isStale(holder)) {
        throw new CaseError('CASE_LOCKED', `The case at ${dir} is in use by another Lanterne process (${holder}).`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new CaseError('CASE_LOCKED', `Could not lock the case at ${dir}.`);
}

function isStale(holder: string): boolean {
  const [pidText, host] = holder.split('@');
  const pid = Number(pidText);
  if (host !== hostname()) return false; // another machine's process: we cannot tell, so keep out
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Who holds the case for writing now ("pid@host"), or null when nobody live does. */
export function liveLockHolder(dir: string): string | null {
  try {
    const holder = readFileSync(path.join(path.resolve(dir), LOCK_FILE), 'utf8').trim();
    return isStale(holder) ? null : holder;
  } catch {
    return null;
  }
}
