// The SQL of known material: hash sets and their entries, matches, item status, reveals.
import type { Db } from './db.js';
import { ANY_SHAPE, EntryPacker, PACKED_HASHES, PACKED_ROW_BYTES, PARAMS_PER_ROW, type EntryHex, type PackedEntries } from './entry-pack.js';

export interface HashSetRow {
  id: number;
  name: string;
  kind: 'known' | 'ignorable';
  format: string;
  version: string | null;
  profile: string | null;
  default_category: number | null;
  source_path: string;
  source_sha256: string;
  source_size: number;
  imported_at: string;
  records: number;
  skipped: number;
}

export type { EntryHex } from './entry-pack.js';

/** Statements kept per import; a file whose rows keep changing shape falls back to ANY_SHAPE. */
const MAX_SHAPES = 16;

/**
 * Inserts hash-set entries many rows per statement. The hashes of all rows of a statement travel
 * as one blob that SQL slices with substr(): binding one blob is far cheaper than allocating and
 * binding up to four small Buffers a row, and it spares the JS hex decoder its allocations
 * (Buffer.write decodes hex in place). A column no row of a statement fills is a literal NULL,
 * not a parameter (an NSRL row fills 3 of the 8), with one prepared statement per such shape.
 * Numbers bind as REAL in better-sqlite3, hence the CASTs where they become text.
 */
export class EntryWriter {
  private readonly packer = new EntryPacker();
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();

  constructor(
    private readonly db: Db,
    private readonly setId: number,
  ) {}

  add(entry: EntryHex): void {
    const chunk = this.packer.add(entry);
    if (chunk) this.write(chunk);
  }

  /** Writes what add() has buffered; call once after the last add(). */
  flush(): void {
    const chunk = this.packer.take();
    if (chunk) this.write(chunk);
  }

  /** Inserts one packed chunk (packed here by add(), or by a reader thread). */
  write(chunk: PackedEntries): void {
    const { rows, blob, values } = chunk;
    let shape = chunk.shape;
    let statement = this.statements.get(`${rows}:${shape}`);
    if (!statement) {
      if (this.statements.size >= MAX_SHAPES) shape = ANY_SHAPE;
      const key = `${rows}:${shape}`;
      statement = this.statements.get(key) ?? this.statement(rows, shape);
      this.statements.set(key, statement);
    }
    // The blob is a named parameter, only there when the statement refers to it.
    const args: unknown[] = shape & 0xf ? [{ b: blob }] : [];
    for (let row = 0; row < rows; row++) {
      const p = row * PARAMS_PER_ROW;
      for (let c = 0; c < PARAMS_PER_ROW; c++) if (shape & (0x10 << c)) args.push(values[p + c]);
    }
    (statement.run as (...params: unknown[]) => unknown).apply(statement, args);
  }

  private statement(rows: number, shape: number) {
    const param = (c: number) => ((shape & (0x10 << c)) !== 0 ? '?' : 'NULL');
    const tuples: string[] = [];
    for (let row = 0; row < rows; row++) {
      const base = row * PACKED_ROW_BYTES + 1; // substr() counts from 1
      let data = base + PACKED_HASHES.length;
      const hashes = PACKED_HASHES.map(([, bytes], h) => {
        const sql = shape & (1 << h) ? `CASE WHEN substr($b, ${base + h}, 1) = x'01' THEN substr($b, ${data}, ${bytes}) END` : 'NULL';
        data += bytes;
        return sql;
      });
      const line = param(6) === '?' ? `'line ' || CAST(? AS INTEGER)` : 'NULL';
      const record = param(7) === '?' ? `'record ' || CAST(? AS INTEGER)` : 'NULL';
      tuples.push(
        `(${this.setId}, ${hashes.join(', ')}, ${[0, 1, 2, 3, 4, 5].map(param).join(', ')}, ` +
          // Provenance as before: 'line N' when the reader knows the line, else 'record N'.
          `coalesce(${line}, ${record}))`,
      );
    }
    return this.db.prepare(
      `INSERT INTO hashset_entries (set_id, md5, sha1, sha256, pdq, size, category, file_name, photo_dna, media_id, series, location)
       VALUES ${tuples.join(',\n')}`,
    );
  }
}

export class HashSetQueries {
  constructor(private readonly db: Db) {}

  list(): HashSetRow[] {
    return this.db.prepare(`SELECT * FROM hashsets ORDER BY id`).all() as HashSetRow[];
  }

  byName(name: string): HashSetRow | undefined {
    return this.db.prepare(`SELECT * FROM hashsets WHERE name = ?`).get(name) as HashSetRow | undefined;
  }

  insertSet(row: Omit<HashSetRow, 'id' | 'records' | 'skipped'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO hashsets (name, kind, format, version, profile, default_category, source_path, source_sha256, source_size, imported_at)
           VALUES (@name, @kind, @format, @version, @profile, @default_category, @source_path, @source_sha256, @source_size, @imported_at)`,
        )
        .run(row).lastInsertRowid,
    );
  }

  entryCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM hashset_entries`).get() as { n: number }).n;
  }

  /**
   * For a bulk import inside the caller's transaction: drops the hash indexes of the entries and
   * returns a function that rebuilds them from their own stored DDL. Sorting once at the end beats
   * a million random B-tree inserts (measured ~2× on 1 M rows); worth it only when the import is
   * at least as big as what is already there.
   */
  deferEntryIndexes(): () => void {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hashset_entries' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[];
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
    return () => {
      for (const index of indexes) this.db.exec(index.sql);
    };
  }

  finishSet(setId: number, records: number, skipped: number, sourceSha256: string): void {
    this.db.prepare(`UPDATE hashsets SET records = ?, skipped = ?, source_sha256 = ? WHERE id = ?`).run(records, skipped, sourceSha256, setId);
  }

  removeSet(setId: number): void {
    this.db.prepare(`DELETE FROM matches WHERE set_id = ?`).run(setId);
    this.db.prepare(`DELETE FROM hashset_entries WHERE set_id = ?`).run(setId);
    this.db.prepare(`DELETE FROM hashsets WHERE id = ?`).run(setId);
  }

  /** Exact matches of the whole case, strongest hash first: one row per (item, entry). */
  rebuildExactMatches(): void {
    this.db.exec(`DELETE FROM matches`);
    for (const by of ['sha256', 'sha1', 'md5'] as const) {
      this.db.exec(
        `INSERT INTO matches (item_id, set_id, entry_id, by, distance, category)
         SELECT i.id, e.set_id, e.id, '${by}', 0, coalesce(e.category, s.default_category)
         FROM items i
         JOIN hashset_entries e ON e.${by} = unhex(i.${by})
         JOIN hashsets s ON s.id = e.set_id
         WHERE i.${by} IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.item_id = i.id AND m.entry_id = e.id)`,
      );
    }
  }

  /** Set entries that carry a PDQ hash. */
  setPdqEntries(): { entry_id: number; set_id: number; pdq: Buffer; category: number | null }[] {
    return this.db
      .prepare(
        `SELECT e.id AS entry_id, e.set_id, e.pdq, coalesce(e.category, s.default_category) AS category
         FROM hashset_entries e JOIN hashsets s ON s.id = e.set_id WHERE e.pdq IS NOT NULL`,
      )
      .all() as { entry_id: number; set_id: number; pdq: Buffer; category: number | null }[];
  }

  /** Case items known exactly through a 'known' set, with their dihedral PDQs: references for near matching. */
  exactlyKnownItemsWithPdq(): { item_id: number; set_id: number; category: number | null; pdq_dihedral: Buffer }[] {
    return this.db
      .prepare(
        `SELECT DISTINCT m.item_id, m.set_id, m.category, i.pdq_dihedral
         FROM matches m JOIN items i ON i.id = m.item_id JOIN hashsets s ON s.id = m.set_id
         WHERE m.by != 'pdq' AND s.kind = 'known' AND i.pdq_dihedral IS NOT NULL AND i.pdq_quality >= ?`,
      )
      .all(50) as { item_id: number; set_id: number; category: number | null; pdq_dihedral: Buffer }[];
  }

  /**
   * Items whose PDQ is trustworthy enough to match (quality threshold from FORMATS.md). Read in
   * full, not iterated: matching writes to the same connection while it walks them.
   */
  itemsWithPdq(minQuality: number): { id: number; pdq: string; pdq_dihedral: Buffer | null }[] {
    return this.db
      .prepare(`SELECT id, pdq, pdq_dihedral FROM items WHERE pdq IS NOT NULL AND pdq_quality >= ? ORDER BY id`)
      .all(minQuality) as { id: number; pdq: string; pdq_dihedral: Buffer | null }[];
  }

  insertPdqMatch(m: { item_id: number; set_id: number; entry_id: number | null; via_item_id: number | null; distance: number; category: number | null }): void {
    this.db
      .prepare(
        `INSERT INTO matches (item_id, set_id, entry_id, via_item_id, by, distance, category)
         SELECT @item_id, @set_id, @entry_id, @via_item_id, 'pdq', @distance, @category
         WHERE NOT EXISTS (SELECT 1 FROM matches WHERE item_id = @item_id AND set_id = @set_id)`,
      )
      .run(m);
  }

  /** known: a hit in a known-material set; ignorable: hits only in ignorable sets; new: none. */
  updateStatuses(): void {
    this.db.exec(
      `UPDATE items SET known_status = CASE
         WHEN EXISTS (SELECT 1 FROM matches m JOIN hashsets s ON s.id = m.set_id WHERE m.item_id = items.id AND s.kind = 'known') THEN 'known'
         WHEN EXISTS (SELECT 1 FROM matches m WHERE m.item_id = items.id) THEN 'ignorable'
         ELSE 'new' END`,
    );
  }

  statusCounts(): { new: number; known: number; ignorable: number } {
    const rows = this.db.prepare(`SELECT known_status AS s, count(*) AS n FROM items GROUP BY known_status`).all() as { s: string; n: number }[];
    const counts = { new: 0, known: 0, ignorable: 0 };
    for (const r of rows) counts[r.s as keyof typeof counts] = r.n;
    return counts;
  }

  clusterCount(): number {
    return (this.db.prepare(`SELECT count(DISTINCT cluster_id) AS n FROM items WHERE cluster_id IS NOT NULL`).get() as { n: number }).n;
  }

  setClusters(assignments: Map<number, number>): void {
    this.db.exec(`UPDATE items SET cluster_id = NULL WHERE cluster_id IS NOT NULL`);
    const update = this.db.prepare(`UPDATE items SET cluster_id = ? WHERE id = ?`);
    for (const [itemId, cluster] of assignments) update.run(cluster, itemId);
  }

  itemForRender(itemId: number): { id: number; abs_path: string; mime: string | null; sha256: string | null; orientation: number | null; has_thumb: number; known_status: string } | undefined {
    return this.db
      .prepare(
        `SELECT items.id, roots.real_path || '/' || items.rel_path AS abs_path, items.mime, items.sha256, items.orientation,
           items.has_thumb, items.known_status
         FROM items JOIN roots ON roots.id = items.root_id WHERE items.id = ?`,
      )
      .get(itemId) as ReturnType<HashSetQueries['itemForRender']>;
  }

  addReveal(itemId: number, reason: string, actor: string, createdAt: string, expiresAt: string): number {
    return Number(
      this.db
        .prepare(`INSERT INTO reveals (item_id, reason, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`)
        .run(itemId, reason, actor, createdAt, expiresAt).lastInsertRowid,
    );
  }

  activeReveal(itemId: number, at: string): { id: number; expires_at: string } | undefined {
    return this.db
      .prepare(`SELECT id, expires_at FROM reveals WHERE item_id = ? AND created_at <= ? AND expires_at > ? ORDER BY expires_at DESC LIMIT 1`)
      .get(itemId, at, at) as { id: number; expires_at: string } | undefined;
  }
}
