// Legacy NSRL RDS text: NSRLFile.txt, quoted CSV with a header line that names the columns. Two
// column orders exist and the header tells them apart (see FORMATS.md and the NIST samples):
//   2.x: "SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"
//   1.5: "SHA-1","FileName","FileSize","ProductCode","OpSystemCode","MD4","MD5","CRC32","SpecialCode"
// Columns are found by name, so either order (or a reordered export) reads the same.
// No row is skipped: NSRL always carries SHA-1 and MD5, so a row without them is an error.
import { readCsvRecords, splitCsvLine } from './csv-line.js';
import { FieldProblem, inRecord, parseHash, parseSize } from './fields.js';
import { headLines } from './lines.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

const ORDER_2X = ['sha-1', 'md5', 'crc32', 'filename', 'filesize', 'productcode', 'opsystemcode', 'specialcode'];
const ORDER_15 = ['sha-1', 'filename', 'filesize', 'productcode', 'opsystemcode', 'md4', 'md5', 'crc32', 'specialcode'];

interface NsrlHeader {
  sha1: number;
  md5: number;
  fileName: number;
  size: number;
  count: number;
  version?: string;
  columns: string[];
}

/** The header cells, or undefined when the line is not an NSRLFile.txt header. */
export function parseNsrlHeader(cells: readonly string[]): NsrlHeader | undefined {
  const names = cells.map((c) => c.trim().toLowerCase());
  const sha1 = names.indexOf('sha-1');
  const md5 = names.indexOf('md5');
  if (sha1 < 0 || md5 < 0 || !names.includes('filename')) return undefined;
  const same = (order: string[]): boolean => order.length === names.length && order.every((n, i) => names[i] === n);
  const header: NsrlHeader = {
    sha1, md5, fileName: names.indexOf('filename'), size: names.indexOf('filesize'), count: names.length, columns: [...cells],
  };
  if (same(ORDER_2X)) header.version = '2.x';
  else if (same(ORDER_15)) header.version = '1.5';
  return header;
}

/** True when this first line is an NSRLFile.txt header (used by detect). */
export function isNsrlHeaderLine(line: string): boolean {
  if (!line.startsWith('"SHA-1"')) return false;
  const cells = splitCsvLine(line, ',');
  return cells !== null && parseNsrlHeader(cells) !== undefined;
}

function headerOrError(file: string, cells: readonly string[] | undefined): NsrlHeader {
  const header = cells ? parseNsrlHeader(cells) : undefined;
  if (!header) {
    throw new HashSetFormatError(file, 'line 1', 'Not an NSRLFile.txt: the first line is not a header naming "SHA-1", "MD5" and "FileName"');
  }
  return header;
}

export async function* readNsrlText(file: string, _skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  let header: NsrlHeader | undefined;
  for await (const { cells, line } of readCsvRecords(file, ',', false)) {
    if (!header) {
      header = headerOrError(file, cells);
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue; // a blank line, typically the last one
    const h = header;
    yield inRecord(file, `line ${line}`, () => {
      if (cells.length !== h.count) throw new FieldProblem(`expected ${h.count} fields as in the header, found ${cells.length}`);
      const record: HashSetRecord = { location: { line } };
      const sha1 = parseHash(cells[h.sha1], 'sha1', 'SHA-1');
      const md5 = parseHash(cells[h.md5], 'md5', 'MD5');
      if (!sha1 && !md5) throw new FieldProblem('no SHA-1 and no MD5');
      if (sha1) record.sha1 = sha1;
      if (md5) record.md5 = md5;
      const fileName = cells[h.fileName];
      if (fileName) record.fileName = fileName;
      if (h.size >= 0) {
        const size = parseSize(cells[h.size], 'FileSize');
        if (size !== undefined) record.size = size;
      }
      return record;
    });
  }
  if (!header) throw new HashSetFormatError(file, '', 'Not an NSRLFile.txt: the file is empty');
}

export async function describeNsrlText(file: string): Promise<HashSetDescription> {
  const [first] = await headLines(file, 1);
  const header = headerOrError(file, first ? splitCsvLine(first.text, ',') ?? undefined : undefined);
  const description: HashSetDescription = { format: 'nsrl', columns: header.columns };
  if (header.version) description.version = header.version;
  return description;
}
