// JSONL export: one object per file, one line each, in (root, path) order.
import type { Writable } from 'node:stream';
import type { Db } from '../case/db.js';
import { iterateItemsForExport } from '../case/export-queries.js';
import { writeExport, type ExportWritten } from './export-output.js';
import { toExportRecord } from './export-record.js';

export function* jsonlLines(db: Db): Generator<string> {
  for (const row of iterateItemsForExport(db)) yield `${JSON.stringify(toExportRecord(row))}\n`;
}

/** Writes the JSONL export to a file (atomically) or a stream; returns what its audit entry records. */
export async function writeJsonlExport(db: Db, out: string | Writable): Promise<ExportWritten> {
  return { format: 'jsonl', ...(await writeExport(typeof out === 'string' ? { file: out } : { stream: out }, (w) => writeLines(w, jsonlLines(db), 0))) };
}

/** Writes every line; returns how many there were, less `headerLines`. */
export async function writeLines(w: { write(text: string): Promise<void> }, lines: Iterable<string>, headerLines: number): Promise<number> {
  let n = 0;
  for (const line of lines) {
    await w.write(line);
    n++;
  }
  return Math.max(0, n - headerLines);
}
