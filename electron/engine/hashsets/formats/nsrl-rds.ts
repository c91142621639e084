// NSRL RDS v3 (SQLite), minimal and full: both have FILE (a table in minimal sets, a view over
// METADATA in full ones) with sha256, sha1, md5, file_name, file_size. See FORMATS.md.
//
// This is a partner's database opened read-only, not the case database, which is why SQL appears
// here and not in engine/case (STYLE.md habit 7 is about the case DB's one writer).
// Rows come in storage order (see readRds for why not hash order). No row is skipped: every FILE
// row must carry a valid hash.
import Database from 'better-sqlite3';
import { FieldProblem, parseHash, parseSize } from './fields.js';
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

/**
 * The FILE table/view's columns, lower-cased, and whether it has a rowid to be read in order of;
 * an error naming what is missing.
 */
function fileColumns(file: string, db: Db): { columns: Set<string>; rowid: boolean } {
  const found = db
    .prepare(`SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'FILE' COLLATE NOCASE`)
    .get() as { name: string; type: string; sql: string | null } | undefined;
  if (found === undefined) throw new HashSetFormatError(file, '', 'Not an NSRL RDS database: no FILE table or view');
  const columns = new Set(
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(found.name) as string[]).map((c) => c.toLowerCase()),
  );
  if (!HASH_COLUMNS.some((c) => columns.has(c))) {
    throw new HashSetFormatError(file, '', 'Not an NSRL RDS database: the FILE table has no sha256, sha1 or md5 column');
  }
  // A column named rowid would shadow it; a WITHOUT ROWID table has none.
  const rowid = found.type === 'table' && !columns.has('rowid') && !/\bWITHOUT\s+ROWID\b/i.test(found.sql ?? '');
  return { columns, rowid };
}


function sizeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  return parseSize(raw, 'file_size');
}

/**
 * The FILE rows in storage order (rowid order for a rowid table, the view's own order for a
 * view), numbered from 1 in that order: "record N" is the Nth row of `SELECT … FROM FILE`.
 *
 * Not in hash order, though FORMATS.md suggests it: the case's entry indexes are dropped during a
 * bulk import and rebuilt by one sort at the end, so the insert gains nothing from sorted input,
 * while walking FILE through its hash index costs ~4× a walk in storage order (1 M rows:
 * 4.1 s vs 1.1 s CPU). Rows come as arrays (.raw()), not objects.
 */
export async function* readRds(file: string, _skipped: SkippedRecords): AsyncGenerator<HashSetRecord[], void, undefined> {
  const db = openRds(file);
  try {
    const { columns, rowid } = fileColumns(file, db);
    // Absent columns come back as NULL, so every row has the same shape.
    const select = ['sha256', 'sha1', 'md5', 'file_name', 'file_size'].map((c) => (columns.has(c) ? c : 'NULL')).join(', ');
    let index = 0;
    const pages = (rowid && pagesByRowid(db, select)) || pagesOf(db.prepare(`SELECT NULL, ${select} FROM FILE`).raw(true).iterate() as Iterable<unknown[]>);
    for (const page of pages) {
      const batch: HashSetRecord[] = [];
      for (const row of page) {
        index++;
        const record: HashSetRecord = { location: { record: index } };
        try {
          // row[0] is the page key; the selected columns follow.
          const sha256 = row[1] === null ? undefined : parseHash(row[1], 'sha256', 'sha256');
          const sha1 = row[2] === null ? undefined : parseHash(row[2], 'sha1', 'sha1');
          const md5 = row[3] === null ? undefined : parseHash(row[3], 'md5', 'md5');
          if (sha256) record.sha256 = sha256;
          if (sha1) record.sha1 = sha1;
          if (md5) record.md5 = md5;
          if (!sha256 && !sha1 && !md5) throw new FieldProblem('FILE row has no sha256, sha1 or md5');
          if (typeof row[4] === 'string' && row[4] !== '') record.fileName = row[4];
          const size = row[5] === null ? undefined : sizeOf(row[5]);
          if (size !== undefined) record.size = size;
        } catch (error) {
          if (batch.length) yield batch; // the records before the bad one, as a record-at-a-time reader gives them
          throw error instanceof FieldProblem ? new HashSetFormatError(file, `record ${index}`, error.message) : error;
        }
        batch.push(record);
      }
      if (batch.length) yield batch;
    }
  } finally {
    db.close();
  }
}

/** Rows per page of a rowid table. */
const PAGE_ROWS = 1024;
/** The page's last rowid as a number when exact, as text beyond 2^53 (bound back with CAST: exact either way). */
const ROWID_KEY = `CASE WHEN rowid BETWEEN -9007199254740991 AND 9007199254740991 THEN rowid ELSE CAST(rowid AS TEXT) END`;

/**
 * A rowid table in rowid order, a page at a time: one native call per page instead of one per
 * row, which takes ~20% off the cost of reading a row. Each row is [rowid key, ...select].
 */
function pagesByRowid(db: Db, select: string): Generator<unknown[][], void, undefined> | undefined {
  let first: Database.Statement;
  let next: Database.Statement;
  try {
    first = db.prepare(`SELECT ${ROWID_KEY}, ${select} FROM FILE ORDER BY rowid LIMIT ${PAGE_ROWS}`).raw(true);
    next = db.prepare(`SELECT ${ROWID_KEY}, ${select} FROM FILE WHERE rowid > CAST(? AS INTEGER) ORDER BY rowid LIMIT ${PAGE_ROWS}`).raw(true);
  } catch {
    return undefined; // no rowid after all (a WITHOUT ROWID table the check above missed): read it as a view
  }
  return pages(first, next);
}

function* pages(first: Database.Statement, next: Database.Statement): Generator<unknown[][], void, undefined> {
  let page = first.all() as unknown[][];
  for (;;) {
    if (page.length) yield page;
    if (page.length < PAGE_ROWS) return;
    page = next.all(page[page.length - 1]![0]) as unknown[][];
  }
}

/** A view (no rowid to page by) walked once, grouped into pages of the same shape. */
function* pagesOf(rows: Iterable<unknown[]>): Generator<unknown[][], void, undefined> {
  let page: unknown[][] = [];
  for (const row of rows) {
    if (page.push(row) === PAGE_ROWS) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

export async function describeRds(file: string): Promise<HashSetDescription> {
  const db = openRds(file);
  try {
    const description: HashSetDescription = { format: 'rds', columns: [...fileColumns(file, db).columns] };
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
