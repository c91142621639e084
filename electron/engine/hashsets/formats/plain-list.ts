// One hash per line (FORMATS.md, "Plain lists"): MD5, SHA-1 or SHA-256 told by length (32, 40,
// 64 hex), any case, `#` comments and blank lines, optional trailing fields after whitespace or a
// comma (read past, not interpreted). No line is skipped: a line that is not a hash is an error,
// because a typo silently dropped from a known-material list is a miss nobody would notice.
//
// Caution for importers: a list of PDQ hashes is also 64 hex characters per line and cannot be
// told from SHA-256 by content; the examiner has to say which it is.
import { inRecord, parseAnyHash } from './fields.js';
import { readLines } from './lines.js';
import type { HashSetDescription, HashSetRecord, SkippedRecords } from './types.js';

/** The first field of a list line: up to whitespace or a comma. */
const FIRST_FIELD = /^[^\s,]*/;

/** The hash token of a list line ('' when the line starts with a comma), or undefined for a blank or comment line. */
export function listToken(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  return FIRST_FIELD.exec(trimmed)?.[0] ?? '';
}

export async function* readPlainList(file: string, _skipped: SkippedRecords): AsyncGenerator<HashSetRecord, void, undefined> {
  for await (const { text, number } of readLines(file)) {
    const token = listToken(text);
    if (token === undefined) continue;
    yield inRecord(file, `line ${number}`, () => {
      const { kind, hex } = parseAnyHash(token);
      const record: HashSetRecord = { location: { line: number } };
      record[kind] = hex;
      return record;
    });
  }
}

export async function describePlainList(_file: string): Promise<HashSetDescription> {
  return { format: 'list' };
}
