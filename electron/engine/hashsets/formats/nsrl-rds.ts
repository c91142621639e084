// NSRL RDS v3 (SQLite), minimal and full: both have FILE (a table in minimal sets, a view over
// METADATA in full ones) with sha256, sha1, md5, file_name, file_size. See FORMATS.md.
//
// This is a partner's database opened read-only, not the case database, which is why SQL appears
// here and not in engine/case (STYLE.md habit 7 is about the case DB's one writer).
// Rows come in hash order, as the import guidance asks (sorted inserts into the case indexes are
// ~40x faster than random ones). No row is skipped: every FILE row must carry a valid hash.
import Database from 'better-sqlite3';
import { FieldProblem, inRecord, parseHash, parseSize } from './fields.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

type Db = Database.Database;

const HASH_COLUMNS = ['sha256', 'sha1', 'md5'] as const;

function openRds(file: string): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // A wrong file type only shows on the first read.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new HashSetFormatError(file, '', `Not an NSRL RDS database: SQLite cannot open it (${(error as Error).message})`);
  }
  return db;
}

/** The FILE table/view's columns, lower-cased; an error naming what is missing. */
function fileColumns(file: string, db: Db): Set<string> {
  const found = db
    .prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'FILE' COLLATE NOCASE`)
    .pluck()
    .get() as string | undefined;
  if (found === undefined) throw new HashSetFormatError(file, '', 'Not an NSRL RDS database: no FILE table or view');
  const columns = new Set(
    (db.prepare(`SELECT name FROM pragma_table_info('${found}')`).pluck().all() as string[]).map((c) => c.toLowerCase()),
  );
  if (!HASH_COLUMNS.some((c) => columns.has(c))) {
    throw new HashSetFormatError(file, '', 'Not an NSRL RDS database: the FILE table has no sha256, sha1 or md5 column');
  }
  return columns;
}

export async function* readRds(file: string, _skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  const db = openRds(file);
  try {
    const columns = fileColumns(file, db);
    const hashes = HASH_COLUMNS.filter((c) => columns.has(c));
    const wanted = [...hashes, ...(['file_name', 'file_size'] as const).filter((c) => columns.has(c))];
    // Order by the strongest hash present; in a minimal set the primary key index serves it.
    const statement = db.prepare(`SELECT ${wanted.join(', ')} FROM FILE ORDER BY ${hashes[0] ?? 'rowid'}`);
    let index = 0;
    for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
      index++;
      const location = { record: index };
      yield inRecord(file, `record ${index}`, () => {
        const record: HashSetRecord = { location };
        const sha256 = parseHash(row.sha256, 'sha256', 'sha256');
        const sha1 = parseHash(row.sha1, 'sha1', 'sha1');
        const md5 = parseHash(row.md5, 'md5', 'md5');
        if (sha256) record.sha256 = sha256;
        if (sha1) record.sha1 = sha1;
        if (md5) record.md5 = md5;
        if (!sha256 && !sha1 && !md5) throw new FieldProblem('FILE row has no sha256, sha1 or md5');
        if (typeof row.file_name === 'string' && row.file_name !== '') record.fileName = row.file_name;
        const size = parseSize(row.file_size, 'file_size');
        if (size !== undefined) record.size = size;
        return record;
      });
    }
  } finally {
    db.close();
  }
}

export async function describeRds(file: string): Promise<HashSetDescription> {
  const db = openRds(file);
  try {
    const description: HashSetDescription = { format: 'rds', columns: [...fileColumns(file, db)] };
    const hasVersion = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'VERSION' COLLATE NOCASE`).get() !== undefined;
    if (hasVersion) {
      const row = db.prepare('SELECT * FROM VERSION LIMIT 1').get() as Record<string, unknown> | undefined;
      if (row) {
        if (row.version !== undefined && row.version !== null) description.version = String(row.version);
        const note = ['build_set', 'release_date', 'description']
          .map((k) => row[k])
          .filter((v) => v !== undefined && v !== null && v !== '')
          .join(' · ');
        if (note) description.note = note;
      }
    }
    return description;
  } finally {
    db.close();
  }
}
