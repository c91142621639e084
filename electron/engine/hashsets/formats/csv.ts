// Generic CSV with a header naming the hash column(s): md5, sha1 / sha-1, sha256 / sha-256 (any
// case, spaces/dashes/underscores ignored), plus "hash" whose kind is told by length (Hashkeeper
// .hsh, many ad-hoc exports) and "pdq". Optional: category, name/filename (else path), size.
// Delimiter `,`, `;` or tab, sniffed from the header; RFC 4180 quoting, quoted fields may span lines.
//
// Skipped (counted): a row whose hash cells are all empty — spreadsheets export rows where only
// some columns are filled. Blank rows are passed over silently. A malformed hash is an error.
import { headerKey, readCsvRecords, sniffDelimiter, splitCsvLine, type Delimiter } from './csv-line.js';
import {
  FieldProblem, hasHash, inRecord, parseAnyHash, parseCategory, parseHash, parsePdq, parseSize, show, type HashKind,
} from './fields.js';
import { headLines } from './lines.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

type Role = HashKind | 'hash' | 'pdq' | 'category' | 'name' | 'path' | 'size';

const ALIASES: Record<string, Role> = {
  md5: 'md5', md5hash: 'md5', hashmd5: 'md5', md5sum: 'md5',
  sha1: 'sha1', sha1hash: 'sha1', hashsha1: 'sha1',
  sha256: 'sha256', sha256hash: 'sha256', hashsha256: 'sha256', sha2256: 'sha256',
  hash: 'hash', hashvalue: 'hash', pdq: 'pdq', pdqhash: 'pdq',
  category: 'category', cat: 'category',
  name: 'name', filename: 'name', file: 'name',
  path: 'path', filepath: 'path', fullpath: 'path', relativefilepath: 'path',
  size: 'size', filesize: 'size', bytes: 'size', mediasize: 'size',
};

export interface CsvColumns {
  /** Column index per role; the first column with a role wins. */
  roles: Partial<Record<Role, number>>;
  headers: string[];
}

/** The columns a header names, or undefined when it names no hash column. */
export function parseCsvHeader(cells: readonly string[]): CsvColumns | undefined {
  const roles: CsvColumns['roles'] = {};
  cells.forEach((cell, i) => {
    const role = ALIASES[headerKey(cell)];
    if (role && roles[role] === undefined) roles[role] = i;
  });
  const anyHash = (['md5', 'sha1', 'sha256', 'hash', 'pdq'] as const).some((role) => roles[role] !== undefined);
  return anyHash ? { roles, headers: cells.map((c) => c.trim()) } : undefined;
}

/** Delimiter and columns of a CSV header line (used by detect), or undefined. */
export function sniffCsvHeader(line: string): { delimiter: Delimiter; columns: CsvColumns } | undefined {
  const delimiter = sniffDelimiter(line);
  const cells = splitCsvLine(line, delimiter);
  const columns = cells ? parseCsvHeader(cells) : undefined;
  return columns ? { delimiter, columns } : undefined;
}

function csvRecord(cells: readonly string[], { roles, headers }: CsvColumns, line: number): HashSetRecord {
  const record: HashSetRecord = { location: { line } };
  const cell = (role: Role): string | undefined => {
    const i = roles[role];
    return i === undefined ? undefined : cells[i];
  };
  for (const kind of ['md5', 'sha1', 'sha256'] as const) {
    const hex = parseHash(cell(kind), kind, headers[roles[kind] ?? -1] ?? kind);
    if (hex) record[kind] = hex;
  }
  const loose = cell('hash')?.trim();
  if (loose) {
    const { kind, hex } = parseAnyHash(loose);
    if (record[kind] !== undefined && record[kind] !== hex) throw new FieldProblem(`hash '${hex}' contradicts the ${kind} column`);
    record[kind] = hex;
  }
  const pdq = parsePdq(cell('pdq'), headers[roles.pdq ?? -1] ?? 'pdq');
  if (pdq) record.pdq = pdq;
  if (roles.category !== undefined) record.category = parseCategory(cell('category'), 'category');
  const size = parseSize(cell('size')?.trim(), 'size');
  if (size !== undefined) record.size = size;
  const name = cell('name') || cell('path');
  if (name) record.fileName = name;
  return record;
}

export async function* readCsv(file: string, skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  const [first] = await headLines(file, 1);
  const sniffed = first ? sniffCsvHeader(first.text) : undefined;
  if (!sniffed) {
    throw new HashSetFormatError(file, 'line 1', `No hash column in the CSV header: expected md5, sha1 or sha256 (got ${show(first?.text ?? 'an empty file')})`);
  }
  let header = true;
  for await (const { cells, line } of readCsvRecords(file, sniffed.delimiter, true)) {
    if (header) {
      header = false;
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    const where = `line ${line}`;
    const record = inRecord(file, where, () => csvRecord(cells, sniffed.columns, line));
    if (hasHash(record)) yield record;
    else skipped.add(file, where, 'no hash in this row');
  }
}

export async function describeCsv(file: string): Promise<HashSetDescription> {
  const [first] = await headLines(file, 1);
  const sniffed = first ? sniffCsvHeader(first.text) : undefined;
  if (!sniffed) throw new HashSetFormatError(file, 'line 1', 'No hash column in the CSV header: expected md5, sha1 or sha256');
  return { format: 'csv', columns: sniffed.columns.headers };
}
