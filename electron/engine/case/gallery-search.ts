// A text search's hits, listed once per text into a temp table of this connection, for the
// gallery's counts and pages to look up (gallery-filter-sql.ts, hitsClause). Listing them is a
// pass over the trigram index and every hit's text (30–70 ms for 40–80 k hits at 10^6 items);
// as a subquery, every count and page statement under the search repeated it.
// Temp tables live in the connection's own temp database, so a case opened read-only is
// searched the same way; where one cannot be made, the search stays a subquery.
import type { Db } from './db.js';
import { searchHitsSql } from './gallery-filter-sql.js';

/** Texts remembered at once (each table holds one id per hit). */
const MAX_TEXTS = 4;

let tablesMade = 0;

export class SearchHits {
  /** Text → temp table, oldest first. */
  private readonly tables = new Map<string, string>();
  private unavailable = false;
  private viaContent = true;

  constructor(private readonly db: Db) {}

  /** The temp table holding the hits of `text` (trimmed, non-empty), or undefined to search by subquery. */
  tableFor(text: string): string | undefined {
    const known = this.tables.get(text);
    if (known || this.unavailable) return known;
    const table = `gallery_search_${process.pid}_${++tablesMade}`;
    try {
      this.db.exec(`CREATE TEMP TABLE ${table} (id INTEGER PRIMARY KEY)`);
      this.fill(table, text);
    } catch {
      // No temp database to write (or no item_search): the subquery says the same, only slower.
      this.drop(table);
      this.unavailable = true;
      return undefined;
    }
    if (this.tables.size >= MAX_TEXTS) {
      const [oldText, oldTable] = this.tables.entries().next().value!;
      this.tables.delete(oldText);
      this.drop(oldTable);
    }
    this.tables.set(text, table);
    return table;
  }

  /** Lists the hits from FTS5's content table, or, where it is not as expected, through item_search. */
  private fill(table: string, text: string): void {
    if (this.viaContent) {
      try {
        const hits = searchHitsSql(text, true);
        this.db.prepare(`INSERT INTO temp.${table} (id) ${hits.sql}`).run(...hits.params);
        return;
      } catch {
        this.viaContent = false;
      }
    }
    const hits = searchHitsSql(text);
    this.db.prepare(`INSERT INTO temp.${table} (id) ${hits.sql}`).run(...hits.params);
  }

  /** Forgets every text: call when the case changed (the hits may have), or when done with the pager. */
  clear(): void {
    for (const table of this.tables.values()) this.drop(table);
    this.tables.clear();
  }

  private drop(table: string): void {
    try {
      this.db.exec(`DROP TABLE IF EXISTS temp.${table}`);
    } catch {
      // A closed connection has dropped its temp tables already.
    }
  }
}
