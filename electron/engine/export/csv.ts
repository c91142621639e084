// CSV export of the same records as JSONL, flattened, RFC 4180 quoting. Cells that a spreadsheet
// would run as a formula (=, +, -, @ first) are prefixed with ' — seized file names are hostile.
import type { Writable } from 'node:stream';
import type { Db } from '../case/db.js';
import { iterateItemsForExport } from '../case/export-queries.js';
import { writeExport, type ExportWritten } from './export-output.js';
import { toExportRecord, type LanterneExportRecord } from './export-record.js';
import { writeLines } from './jsonl.js';

const COLUMNS: [string, (r: LanterneExportRecord) => unknown][] = [
  ['root', (r) => r.root],
  ['path', (r) => r.path],
  ['size', (r) => r.size],
  ['md5', (r) => r.md5],
  ['sha1', (r) => r.sha1],
  ['sha256', (r) => r.sha256],
  ['type', (r) => r.type],
  ['status', (r) => r.status],
  ['error', (r) => r.error],
  ['width', (r) => r.width],
  ['height', (r) => r.height],
  ['orientation', (r) => r.orientation],
  ['make', (r) => r.exif?.make],
  ['model', (r) => r.exif?.model],
  ['serial', (r) => r.exif?.serial],
  ['lens', (r) => r.exif?.lens],
  ['software', (r) => r.exif?.software],
  ['taken', (r) => r.exif?.taken],
  ['gps_lat', (r) => r.exif?.gps?.lat],
  ['gps_lon', (r) => r.exif?.gps?.lon],
  ['gps_alt', (r) => r.exif?.gps?.alt],
  ['pdq', (r) => r.pdq],
  ['pdq_quality', (r) => r.pdqQuality],
  ['known_status', (r) => r.knownStatus],
  ['known', (r) => r.known.map((k) => `${k.set} (${k.kind}${k.category ? `, ${k.category}` : ''}, ${k.by}${k.by === 'pdq' ? ` ${k.distance}` : ''})`).join(' | ')],
  ['cluster', (r) => r.cluster],
  ['notes', (r) => r.notes?.join(' | ')],
  ['examiner_category', (r) => r.examinerCategory],
  ['tags', (r) => r.tags.join(' | ')],
  ['regions', (r) => r.regions],
];

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function* csvLines(db: Db): Generator<string> {
  yield `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  for (const row of iterateItemsForExport(db)) {
    const record = toExportRecord(row);
    yield `${COLUMNS.map(([, get]) => csvCell(get(record))).join(',')}\r\n`;
  }
}

/** Writes the CSV export to a file (atomically) or a stream; returns what its audit entry records. */
export async function writeCsvExport(db: Db, out: string | Writable): Promise<ExportWritten> {
  return { format: 'csv', ...(await writeExport(typeof out === 'string' ? { file: out } : { stream: out }, (w) => writeLines(w, csvLines(db), 1))) };
}
