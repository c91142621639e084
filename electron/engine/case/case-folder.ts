// A case is a folder: case.sqlite, its WAL, the thumbnail store and a lock file.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
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
    mkdirSync(abs, { recursive: true });
  }
  const releaseLock = acquireLock(abs);
  try {
    const db = openDatabase(path.join(abs, CASE_DB));
    db.prepare(`INSERT OR IGNORE INTO case_info (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString());
    startAuditLog(db, { created, caseDir: abs, schema: latestVersion() });
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
    releaseLock();
    throw error;
  }
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
