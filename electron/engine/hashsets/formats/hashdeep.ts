// hashdeep output and the md5deep / md5sum family (FORMATS.md, "hashdeep / md5deep"):
//   %%%% HASHDEEP-1.0                     a header, then a line naming the columns:
//   %%%% size,md5,sha256,filename         filename is last; commas after the last hash are its own
//   ## Invoked from: …                    comments
//   <hex>  <path> | <hex> *<path>         md5sum / md5deep / sha*sum (GNU: a leading \ escapes the name)
//   <size>  <hex>  <path>                 md5deep -z
//   MD5 (<path>) = <hex>                  BSD md5 / shasum --tag / openssl
// Hash kind in the md5sum family is told by length (32, 40, 64). No line is skipped: a line that
// is none of the above is an error (md5deep itself only warns; an examiner should know).
import { FieldProblem, hashKindByLength, inRecord, parseAnyHash, parseHash, parseSize, type HashKind } from './fields.js';
import { headLines, readLines } from './lines.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

type Listing = NonNullable<HashSetDescription['shape']>;

const HEX = '[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32}';
const MD5SUM = new RegExp(`^(\\\\?)(${HEX}) [ *](.*)$`);
const MD5DEEP_SIZE = new RegExp(`^\\s*(\\d+)\\s+(${HEX})  (.*)$`);
const BSD = /^(MD5|SHA1|SHA-1|SHA256|SHA-256|SHA2-256) ?\((.*)\) ?= ?([0-9A-Fa-f]+)$/i;

/** hashdeep column names (lower case) to what they fill; tiger/whirlpool are read past. */
const COLUMN_ROLE: Record<string, HashKind | 'size' | 'filename' | 'other'> = {
  size: 'size', md5: 'md5', sha1: 'sha1', 'sha-1': 'sha1', sha256: 'sha256', 'sha-256': 'sha256',
  tiger: 'other', whirlpool: 'other', filename: 'filename',
};

export const isHashdeepHeader = (line: string): boolean => line.startsWith('%%%% HASHDEEP');

/** Which md5sum-family listing a line is, or undefined. */
export function md5sumListing(line: string): Listing | undefined {
  if (MD5SUM.test(line)) return 'md5sum';
  if (MD5DEEP_SIZE.test(line)) return 'md5deep-size';
  const bsd = BSD.exec(line);
  if (bsd && hashKindByLength(bsd[3]?.length ?? 0)) return 'bsd';
  return undefined;
}

function parseColumns(spec: string): string[] {
  const columns = spec.split(',').map((c) => c.trim().toLowerCase());
  const unknown = columns.find((c) => !(c in COLUMN_ROLE));
  if (unknown !== undefined) throw new FieldProblem(`unknown hashdeep column '${unknown}'`);
  if (columns[columns.length - 1] !== 'filename' || columns.indexOf('filename') !== columns.length - 1) {
    throw new FieldProblem('the column line must end with filename');
  }
  return columns;
}

/** One hashdeep data line: the first columns split at commas, the rest of the line is the name. */
function hashdeepRecord(text: string, columns: readonly string[], line: number): HashSetRecord {
  const record: HashSetRecord = { location: { line } };
  let at = 0;
  for (let c = 0; c < columns.length - 1; c++) {
    const comma = text.indexOf(',', at);
    if (comma < 0) throw new FieldProblem(`expected ${columns.length} comma-separated fields (${columns.join(',')})`);
    const value = text.slice(at, comma);
    const role = COLUMN_ROLE[columns[c] ?? ''];
    if (role === 'size') {
      const size = parseSize(value, 'size');
      if (size !== undefined) record.size = size;
    } else if (role === 'md5' || role === 'sha1' || role === 'sha256') {
      const hex = parseHash(value, role, columns[c]);
      if (hex) record[role] = hex;
    }
    at = comma + 1;
  }
  record.fileName = text.slice(at);
  if (!record.md5 && !record.sha1 && !record.sha256) throw new FieldProblem('no md5, sha1 or sha256 value');
  return record;
}

function md5sumRecord(text: string, line: number): HashSetRecord {
  const record: HashSetRecord = { location: { line } };
  let hex: string;
  let name: string;
  const sum = MD5SUM.exec(text);
  const sized = sum ? null : MD5DEEP_SIZE.exec(text);
  const bsd = sum || sized ? null : BSD.exec(text);
  if (sum) {
    hex = sum[2] ?? '';
    // GNU coreutils: a leading backslash means the name has \\ and \n escapes.
    name = sum[1] ? (sum[3] ?? '').replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : (sum[3] ?? '');
  } else if (sized) {
    record.size = parseSize(sized[1], 'size') ?? 0;
    hex = sized[2] ?? '';
    name = sized[3] ?? '';
  } else if (bsd) {
    hex = bsd[3] ?? '';
    name = bsd[2] ?? '';
    const algorithm = (bsd[1] ?? '').toLowerCase().replace(/-/g, '');
    const expected: HashKind = algorithm === 'md5' ? 'md5' : algorithm === 'sha1' ? 'sha1' : 'sha256';
    if (hashKindByLength(hex.length) !== expected) throw new FieldProblem(`${bsd[1]} '${hex}' has the wrong length`);
  } else {
    throw new FieldProblem('not a hashdeep, md5deep or md5sum line (<hash>  <name>)');
  }
  const parsed = parseAnyHash(hex);
  record[parsed.kind] = parsed.hex;
  if (name) record.fileName = name;
  return record;
}

export async function* readHashdeep(file: string, _skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  let columns: string[] | undefined;
  let hashdeep = false;
  let sawColumns = false;
  for await (const { text, number } of readLines(file)) {
    const where = `line ${number}`;
    if (isHashdeepHeader(text)) {
      // Concatenated hashdeep outputs repeat the header; each block names its own columns.
      hashdeep = true;
      sawColumns = false;
      continue;
    }
    if (hashdeep && text.startsWith('%%%%')) {
      columns = inRecord(file, where, () => parseColumns(text.slice(4).trim()));
      sawColumns = true;
      continue;
    }
    if (text.trim() === '' || text.startsWith('#')) continue;
    if (hashdeep) {
      if (!sawColumns || !columns) throw new HashSetFormatError(file, where, 'data before the %%%% column line');
      const names = columns;
      yield inRecord(file, where, () => hashdeepRecord(text, names, number));
    } else {
      yield inRecord(file, where, () => md5sumRecord(text, number));
    }
  }
}

export async function describeHashdeep(file: string): Promise<HashSetDescription> {
  const lines = await headLines(file, 64);
  const first = lines[0]?.text ?? '';
  if (isHashdeepHeader(first)) {
    const version = /HASHDEEP-(\S+)/.exec(first)?.[1];
    const columnLine = lines[1]?.text ?? '';
    const description: HashSetDescription = { format: 'hashdeep', shape: 'hashdeep' };
    if (version) description.version = version;
    if (columnLine.startsWith('%%%%')) description.columns = inRecord(file, 'line 2', () => parseColumns(columnLine.slice(4).trim()));
    return description;
  }
  const data = lines.find((l) => l.text.trim() !== '' && !l.text.startsWith('#'));
  const shape = data ? md5sumListing(data.text) : undefined;
  return shape ? { format: 'hashdeep', shape } : { format: 'hashdeep' };
}
