// Line-by-line reading for the text formats: readline over a read stream, so memory stays flat
// whatever the file size. readline already splits on \n, \r\n and a lone \r.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HashSetFormatError } from './types.js';

/** No hash-set line is anywhere near this long; a longer one means this is not a text hash set. */
export const MAX_LINE_CHARS = 1 << 20;

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
}

/**
 * Yields every line of a UTF-8 text file with a leading BOM removed. Bytes that are not UTF-8
 * (old NSRL file names are Latin-1) become U+FFFD; hashes are ASCII and never affected.
 */
export async function* readLines(file: string): AsyncGenerator<Line, void, undefined> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const raw of lines) {
      number++;
      const text = number === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.length > MAX_LINE_CHARS) {
        throw new HashSetFormatError(file, `line ${number}`, `line is longer than ${MAX_LINE_CHARS} characters; not a text hash set?`);
      }
      yield { text, number };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The first `max` lines (fewer at end of file), for describe/detect. */
export async function headLines(file: string, max: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of readLines(file)) {
    out.push(line);
    if (out.length >= max) break;
  }
  return out;
}
