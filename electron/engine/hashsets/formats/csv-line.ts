// RFC 4180 splitting for the CSV-shaped formats (NSRLFile.txt, generic CSV, ICSE), over readLines.
// Lenient where real exports are sloppy: a quote inside a quoted field that is not doubled is
// kept as a character, and spaces between a closing quote and the delimiter are ignored.
import { HashSetFormatError } from './types.js';
import { readLines } from './lines.js';

export type Delimiter = ',' | ';' | '\t';

const QUOTE = 0x22;
/**
 * A quoted field may span lines (RFC 4180), but not without bound: a stray quote must not eat the
 * file, and each added line re-splits the record, so the bound also keeps that cost small.
 */
const MAX_RECORD_LINES = 100;
const MAX_RECORD_CHARS = 64 * 1024;

/** The delimiter that occurs most often outside quotes in a header line; ',' on a tie or none. */
export function sniffDelimiter(header: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/** The cells of one record, or null when a quoted field is still open at the end of the text. */
export function splitCsvLine(text: string, delimiter: Delimiter): string[] | null {
  if (text.indexOf('"') === -1) return text.split(delimiter);
  const cells: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return null;
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
          continue;
        }
        let after = q + 1;
        while (after < n && (text[after] === ' ' || (text[after] === '\t' && delimiter !== '\t'))) after++;
        if (after === n || text[after] === delimiter) {
          i = after;
          break;
        }
        value += '"';
        j = q + 1;
      }
      cells.push(value);
    } else {
      const d = text.indexOf(delimiter, i);
      const end = d === -1 ? n : d;
      cells.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) return cells;
    i++; // the delimiter
    if (i === n) {
      cells.push('');
      return cells;
    }
  }
}

export interface CsvRecord {
  cells: string[];
  /** 1-based line the record starts on. */
  line: number;
}

/**
 * Every record of a delimited file, header included. With `multiline` a quoted field may hold
 * line breaks (generic CSV); without it (NSRL, ICSE, which never do) an open quote is an error.
 */
export async function* readCsvRecords(file: string, delimiter: Delimiter, multiline: boolean): AsyncGenerator<CsvRecord, void, undefined> {
  let pending: string | undefined;
  let startLine = 0;
  for await (const { text, number } of readLines(file)) {
    const joined = pending === undefined ? text : `${pending}\n${text}`;
    if (pending === undefined) startLine = number;
    const cells = splitCsvLine(joined, delimiter);
    if (cells) {
      pending = undefined;
      yield { cells, line: startLine };
      continue;
    }
    if (!multiline) throw new HashSetFormatError(file, `line ${number}`, 'a quoted field is not closed on its line');
    if (number - startLine + 1 >= MAX_RECORD_LINES || joined.length > MAX_RECORD_CHARS) {
      throw new HashSetFormatError(file, `line ${startLine}`, `a quoted field opened here is not closed within ${MAX_RECORD_LINES} lines or ${MAX_RECORD_CHARS} characters`);
    }
    pending = joined;
  }
  if (pending !== undefined) throw new HashSetFormatError(file, `line ${startLine}`, 'a quoted field opened here is never closed');
}

/** A header cell reduced for matching: lower case, without spaces, dashes, underscores and dots. */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s\-_.]/g, '');
}
