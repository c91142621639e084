// The case database connection: one writer, WAL, migrations by PRAGMA user_version.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    // Wait for a short-lived writer lock instead of failing at once (a reader next to an ingest).
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a power cut can lose the last transactions, never corrupt the file;
      // an interrupted ingest redoes those files on resume (test/integration/crash/kill-wal.test.ts).
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } else {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > latestVersion()) {
        throw new Error(`This case was written by a newer Lanterne (schema ${version}); update Lanterne to open it.`);
      }
    }
  } catch (error) {
    // Migrating on a full disk, a newer schema: never leave the connection (and its locks) open.
    db.close();
    throw error;
  }
  return db;
}

export function latestVersion(): number {
  return MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latestVersion()) {
    throw new Error(`This case was written by a newer Lanterne (schema ${current}); update Lanterne to open it.`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
