// Field parsers shared by the readers. They throw FieldProblem with a sentence about the value;
// the reader that knows the file and the record turns it into a HashSetFormatError.
import { HashSetFormatError } from './types.js';

export class FieldProblem extends Error {}

export type HashKind = 'md5' | 'sha1' | 'sha256';

export const HASH_HEX_LENGTH: Readonly<Record<HashKind, number>> = { md5: 32, sha1: 40, sha256: 64 };
export const HASH_LABEL: Readonly<Record<HashKind, string>> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };

const LOWER_HEX = /^[0-9a-f]+$/;

/** Node's hex decoder stops at the first character that is not hex, so a full decode proves a string is hex. */
const hexScratch = Buffer.alloc(64);

/** True when `text` (even length, at most 128 characters) is all hex digits, either case. */
function isHex(text: string): boolean {
  return hexScratch.write(text, 0, 'hex') * 2 === text.length;
}

/** A value from a hostile file, made safe and short for an error message. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > 72 ? `${clean.slice(0, 69)}...` : clean;
}

/** The kind a bare hex string is, told by its length (32, 40 or 64), or undefined. */
export function hashKindByLength(length: number): HashKind | undefined {
  return length === 32 ? 'md5' : length === 40 ? 'sha1' : length === 64 ? 'sha256' : undefined;
}

/**
 * Lower-case hex of the given kind. Empty, null and absent mean "not given" (undefined): VICS
 * exporters write "" for hashes they did not compute. `label` is the name the file uses.
 */
export function parseHash(raw: unknown, kind: HashKind, label: string = HASH_LABEL[kind]): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const length = HASH_HEX_LENGTH[kind];
  // The common case, hex of the right length in either case, without trim and regex: half the cost.
  if (typeof raw === 'string' && raw.length === length && isHex(raw)) return raw.toLowerCase();
  if (typeof raw !== 'string') throw new FieldProblem(`${label} ${show(raw)} is not a string of hex characters`);
  const text = raw.trim().toLowerCase();
  if (text === '') return undefined;
  if (text.length !== length || !LOWER_HEX.test(text)) {
    throw new FieldProblem(`${label} '${show(raw)}' is not ${length} hex characters`);
  }
  return text;
}

/** A PDQ hash: 256 bits as 64 hex characters (FORMATS.md, PDQ); empty = not given. */
export function parsePdq(raw: unknown, label = 'PDQ'): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === '') return undefined;
  if (text === undefined || text.length !== 64 || !LOWER_HEX.test(text)) {
    throw new FieldProblem(`${label} '${show(raw)}' is not 64 hex characters`);
  }
  return text;
}

/** A bare hash of any supported kind, told by length. */
export function parseAnyHash(raw: string, label = 'hash'): { kind: HashKind; hex: string } {
  const hex = raw.trim().toLowerCase();
  const kind = hashKindByLength(hex.length);
  if (!kind || !LOWER_HEX.test(hex)) {
    throw new FieldProblem(`${label} '${show(raw)}' is not an MD5, SHA-1 or SHA-256 (32, 40 or 64 hex characters)`);
  }
  return { kind, hex };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** JSON booleans, 0/1, and the strings true/false/yes/no/y/n/1/0 in any case; empty = not given. */
export function parseBool(raw: unknown, label: string): boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase();
    if (word === '') return undefined;
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new FieldProblem(`${label} ${show(raw)} is not true or false`);
}

/** A byte count: a non-negative safe integer, as a number or a string of digits. */
export function parseSize(raw: unknown, label: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new FieldProblem(`${label} ${show(raw)} is not a size in bytes`);
  return n;
}

/** A category as the raw integer the file carries; null/absent/empty = uncategorised. */
export function parseCategory(raw: unknown, label = 'Category'): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new FieldProblem(`${label} ${show(raw)} is not an integer or null`);
  return n;
}

/**
 * Runs one record's mapping and turns a FieldProblem into an error naming the file and record.
 * Anything else (a bug, an I/O error) passes through untouched.
 */
export function inRecord<T>(file: string, where: string, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof FieldProblem) throw new HashSetFormatError(file, where, error.message);
    throw error;
  }
}

/** "line 12" / "record 7 (line 301)". */
export function whereOf(location: { line?: number; record?: number }): string {
  if (location.record !== undefined) {
    return location.line !== undefined ? `record ${location.record} (line ${location.line})` : `record ${location.record}`;
  }
  return location.line !== undefined ? `line ${location.line}` : '';
}

/** True when the record carries a hash Lanterne can match: MD5, SHA-1, SHA-256 or PDQ (never PhotoDNA). */
export function hasHash(r: { md5?: string; sha1?: string; sha256?: string; pdq?: string }): boolean {
  return r.md5 !== undefined || r.sha1 !== undefined || r.sha256 !== undefined || r.pdq !== undefined;
}
