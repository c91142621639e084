// Interpol ICSE baseline CSV (FORMATS.md): `;`-delimited, header
//   MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;
//   Number of submissions;File Available;Media Type;Baseline
// Columns are found by name. Yes/no cells accept true/false, yes/no, y/n, 1/0 in any case.
// Not carried (no field in HashSetRecord): Number of submissions, File Available, Media Type,
// Baseline. There is no category column: what "baseline" means is decided by the importer.
//
// Skipped (counted): a row with PhotoDNA but neither MD5 nor SHA1 (Lanterne never computes
// PhotoDNA). Blank rows are passed over. Anything malformed is an error.
import { headerKey, readCsvRecords, splitCsvLine } from './csv-line.js';
import { FieldProblem, inRecord, parseBool, parseHash } from './fields.js';
import { headLines } from './lines.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

const COLUMNS = {
  md5: 'md5', sha1: 'sha1', photoDna: 'photodna', mediaId: 'imageid', isDistributed: 'isdistributed',
  victimIdentified: 'victimidentified', offenderIdentified: 'offenderidentified', series: 'seriesname',
} as const;

type IcseColumns = Record<keyof typeof COLUMNS, number> & { count: number; headers: string[] };

/** Column indexes of an ICSE header, or undefined when the cells are not one. */
export function parseIcseHeader(cells: readonly string[]): IcseColumns | undefined {
  const keys = cells.map(headerKey);
  const at = (name: string): number => keys.indexOf(name);
  if (at('md5') < 0 || at('sha1') < 0 || at('photodna') < 0 || (at('imageid') < 0 && at('baseline') < 0)) return undefined;
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([field, name]) => [field, at(name)]));
  return { ...(index as Record<keyof typeof COLUMNS, number>), count: cells.length, headers: cells.map((c) => c.trim()) };
}

export function isIcseHeaderLine(line: string): boolean {
  const cells = splitCsvLine(line, ';');
  return cells !== null && parseIcseHeader(cells) !== undefined;
}

function icseRecord(cells: readonly string[], c: IcseColumns, line: number): HashSetRecord {
  const cell = (i: number): string | undefined => (i < 0 ? undefined : cells[i]?.trim());
  const record: HashSetRecord = { location: { line } };
  const md5 = parseHash(cell(c.md5), 'md5', 'MD5');
  const sha1 = parseHash(cell(c.sha1), 'sha1', 'SHA1');
  if (md5) record.md5 = md5;
  if (sha1) record.sha1 = sha1;
  const photoDna = c.photoDna < 0 ? undefined : cells[c.photoDna]; // unchanged, not even trimmed
  if (photoDna) record.photoDna = photoDna;
  if (!md5 && !sha1 && !photoDna) throw new FieldProblem('no MD5, SHA1 or PhotoDNA');
  const mediaId = cell(c.mediaId);
  if (mediaId) record.mediaId = mediaId;
  const series = cell(c.series);
  if (series) record.series = series;
  const flags = [
    ['isDistributed', 'Is distributed'], ['victimIdentified', 'Victim identified'], ['offenderIdentified', 'Offender identified'],
  ] as const;
  for (const [field, label] of flags) {
    const value = parseBool(cell(c[field]), label);
    if (value !== undefined) record[field] = value;
  }
  return record;
}

export async function* readIcse(file: string, skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  let columns: IcseColumns | undefined;
  for await (const { cells, line } of readCsvRecords(file, ';', false)) {
    if (!columns) {
      columns = parseIcseHeader(cells);
      if (!columns) throw new HashSetFormatError(file, 'line 1', 'Not an ICSE baseline CSV: the header must name MD5;SHA1;PhotoDNA;Image ID;…');
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    const where = `line ${line}`;
    const c = columns;
    const record = inRecord(file, where, () => icseRecord(cells, c, line));
    if (record.md5 || record.sha1) yield record;
    else skipped.add(file, where, 'PhotoDNA only, no MD5/SHA1; Lanterne never computes PhotoDNA');
  }
  if (!columns) throw new HashSetFormatError(file, '', 'Not an ICSE baseline CSV: the file is empty');
}

export async function describeIcse(file: string): Promise<HashSetDescription> {
  const [first] = await headLines(file, 1);
  const cells = first ? splitCsvLine(first.text, ';') : null;
  const columns = cells ? parseIcseHeader(cells) : undefined;
  if (!columns) throw new HashSetFormatError(file, 'line 1', 'Not an ICSE baseline CSV: the header must name MD5;SHA1;PhotoDNA;Image ID;…');
  return { format: 'icse', columns: columns.headers };
}
