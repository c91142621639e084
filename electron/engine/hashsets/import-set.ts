// Imports one hash-set file into a case: all of it in one transaction or nothing (a malformed
// record rolls the whole import back and names the record), then re-matches the case.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit/audit-log.js';
import type { Db } from '../case/db.js';
import { HashSetQueries, type EntryInsert, type HashSetRow } from '../case/hashset-queries.js';
import { describeHashSet, readHashSet, type HashSetFormat, type HashSetRecord } from './formats/index.js';
import { rematchCase, type MatchSummary } from './matcher.js';

export interface ImportOptions {
  format?: HashSetFormat | 'auto';
  /** Defaults to the file's base name. */
  name?: string;
  kind?: 'known' | 'ignorable';
  /** Category for records that carry none. */
  category?: number | null;
  onProgress?: (records: number) => void;
}

export interface ImportResult {
  set: HashSetRow;
  skipped: { count: number; examples: string[] };
  matches: MatchSummary;
}

export class HashSetImportError extends Error {
  constructor(
    readonly code: 'HASHSET_EXISTS' | 'HASHSET_NOT_FOUND' | 'HASHSET_EMPTY',
    message: string,
  ) {
    super(message);
  }
}

/** A hash-set record takes ~100–250 bytes in any format; a low guess only makes more imports bulk. */
const BYTES_PER_RECORD_ESTIMATE = 100;
const IMPORT_CACHE_KIB = 256 * 1024;
const DEFAULT_CACHE_PAGES = -2000; // SQLite's default: 2 MiB

const hex = (value: string | undefined) => (value ? Buffer.from(value, 'hex') : null);

export async function importHashSet(db: Db, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const queries = new HashSetQueries(db);
  const name = options.name ?? path.basename(file);
  if (queries.byName(name)) {
    throw new HashSetImportError('HASHSET_EXISTS', `A hash set named '${name}' is already in this case; remove it first or choose another --name.`);
  }
  const description = await describeHashSet(file, options.format ?? 'auto');
  // NSRL sets list known-good software files: hits there are ignorable unless the examiner says otherwise.
  const kind = options.kind ?? (description.format === 'rds' || description.format === 'nsrl' ? 'ignorable' : 'known');
  const sourceSha256 = await sha256OfFile(file);
  const stream = readHashSet(file, description.format);

  // A large import sorts its indexes once at the end instead of inserting into them at random.
  const bulk = statSync(file).size / BYTES_PER_RECORD_ESTIMATE >= queries.entryCount();
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  db.exec('BEGIN IMMEDIATE');
  let records = 0;
  try {
    const rebuildIndexes = bulk ? queries.deferEntryIndexes() : () => {};
    const setId = queries.insertSet({
      name,
      kind,
      format: description.format,
      version: description.version ?? null,
      profile: description.profile ?? null,
      default_category: options.category ?? null,
      source_path: path.resolve(file),
      source_sha256: sourceSha256,
      source_size: statSync(file).size,
      imported_at: new Date().toISOString(),
    });
    for await (const record of stream) {
      queries.insertEntry(setId, toEntry(record));
      records++;
      if (options.onProgress && records % 100_000 === 0) options.onProgress(records);
    }
    if (records === 0) {
      throw new HashSetImportError('HASHSET_EMPTY', `${path.basename(file)} holds no hash records; nothing imported.`);
    }
    rebuildIndexes();
    queries.finishSet(setId, records, stream.skipped.count);
    const set = queries.byName(name)!;
    appendAudit(db, 'hashset.imported', {
      name,
      kind,
      format: set.format,
      version: set.version,
      sourcePath: set.source_path,
      sourceSha256: set.source_sha256,
      sourceSize: set.source_size,
      records,
      skipped: stream.skipped.count,
    });
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma(`cache_size = ${DEFAULT_CACHE_PAGES}`);
  }
  const matches = rematchCase(db, { clusters: false });
  return {
    set: queries.byName(name)!,
    skipped: { count: stream.skipped.count, examples: stream.skipped.examples },
    matches,
  };
}

export function removeHashSet(db: Db, name: string): MatchSummary {
  const queries = new HashSetQueries(db);
  const set = queries.byName(name);
  if (!set) throw new HashSetImportError('HASHSET_NOT_FOUND', `No hash set named '${name}' in this case.`);
  db.transaction(() => {
    queries.removeSet(set.id);
    appendAudit(db, 'hashset.removed', { name, sourcePath: set.source_path, sourceSha256: set.source_sha256, records: set.records });
  })();
  return rematchCase(db, { clusters: false });
}

function toEntry(r: HashSetRecord): EntryInsert {
  return {
    md5: hex(r.md5),
    sha1: hex(r.sha1),
    sha256: hex(r.sha256),
    pdq: hex(r.pdq),
    size: r.size ?? null,
    category: r.category ?? null,
    file_name: r.fileName ?? null,
    photo_dna: r.photoDna ?? null,
    media_id: r.mediaId ?? null,
    series: r.series ?? null,
    location: r.location.line !== undefined ? `line ${r.location.line}` : r.location.record !== undefined ? `record ${r.location.record}` : null,
  };
}

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
