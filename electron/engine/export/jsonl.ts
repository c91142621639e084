// JSONL export: one object per file, one line each, in (root, path) order.
import type { Db } from '../case/db.js';
import { iterateItemsForExport } from '../case/export-queries.js';
import { toExportRecord } from './export-record.js';

export function* jsonlLines(db: Db): Generator<string> {
  for (const row of iterateItemsForExport(db)) yield `${JSON.stringify(toExportRecord(row))}\n`;
}
