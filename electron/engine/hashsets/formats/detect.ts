// Which hash-set format a file is, from its first bytes only — never from its name. Order
// matters: specific headers (ICSE, NSRL) before the generic CSV header, and a hash list last.
import { open } from 'node:fs/promises';
import { sniffCsvHeader } from './csv.js';
import { hashKindByLength, show } from './fields.js';
import { isHashdeepHeader, md5sumListing } from './hashdeep.js';
import { isIcseHeaderLine } from './icse.js';
import { isNsrlHeaderLine } from './nsrl-text.js';
import { listToken } from './plain-list.js';
import { HashSetFormatError, type HashSetFormat } from './types.js';

/** Enough for a VICS context key, a header line and the first data lines of any text format. */
export const DETECT_BYTES = 64 * 1024;

const EXPECTED =
  'expected VICS JSON, NSRL RDS (SQLite), NSRLFile.txt, hashdeep/md5deep/md5sum output, one hash per line, ' +
  'a CSV with an md5/sha1/sha256 column, or an ICSE baseline CSV';

const startsWith = (head: Buffer, bytes: readonly number[]): boolean =>
  head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(DETECT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECT_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function detectFormat(filePath: string): Promise<HashSetFormat> {
  const head = await readHead(filePath);
  const fail = (why: string): HashSetFormatError => new HashSetFormatError(filePath, '', `Not a hash set Lanterne can read: ${why}`);
  if (head.length === 0) throw fail('the file is empty');
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return 'rds';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) throw fail('it is a ZIP archive; unpack it and import the file inside');
  if (startsWith(head, [0x1f, 0x8b])) throw fail('it is gzip-compressed; decompress it first');
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) throw fail('it is UTF-16 text; save it as UTF-8');
  if (head.includes(0)) throw fail(`it is binary (${EXPECTED})`);

  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trimStart().startsWith('{')) {
    if (/"(?:odata\.metadata|@odata\.context)"\s*:/.test(text) || /"value"\s*:\s*\[/.test(text)) return 'vics';
    throw fail('it is JSON but not VICS: no "odata.metadata", "@odata.context" or "value" key near the start');
  }

  const lines = text.split(/\r\n|\n|\r/);
  if (head.length === DETECT_BYTES && lines.length > 1) lines.pop(); // cut mid-line
  const first = lines[0] ?? '';
  if (isHashdeepHeader(first)) return 'hashdeep';
  if (isIcseHeaderLine(first)) return 'icse';
  if (isNsrlHeaderLine(first)) return 'nsrl';
  if (sniffCsvHeader(first)) return 'csv';

  const data = lines.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (data === undefined) throw fail('nothing but comments and blank lines at the start');
  if (md5sumListing(data)) return 'hashdeep';
  const token = listToken(data);
  if (token && hashKindByLength(token.length) && /^[0-9a-f]+$/i.test(token)) return 'list';
  throw fail(`it starts with '${show(data)}' (${EXPECTED})`);
}
