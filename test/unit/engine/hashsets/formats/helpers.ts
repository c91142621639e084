// Shared by the hash-set format tests: the synthetic corpus's member list (the oracle every
// synthetic set is checked against), scratch files, and draining a reader.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusPath, scratchDir } from '../../../../fixtures/corpus.js';
import {
  HashSetFormatError, readHashSet, type HashSetFormat, type HashSetRecord,
} from '../../../../../electron/engine/hashsets/formats/index.js';

export interface Member {
  path: string;
  name: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
}

export const synthetic = (name: string): string => corpusPath('hashsets', 'synthetic-from-corpus', name);
export const repoSample = (...parts: string[]): string => corpusPath('hashsets', 'hashdeep-repo-samples', ...parts);

/** _members.json as written (upper-case hashes). */
export function members(): Member[] {
  return JSON.parse(readFileSync(synthetic('_members.json'), 'utf8')) as Member[];
}

export async function collect(iterable: AsyncIterable<HashSetRecord>): Promise<HashSetRecord[]> {
  const out: HashSetRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

export const read = (file: string, format: HashSetFormat | 'auto' = 'auto'): Promise<HashSetRecord[]> =>
  collect(readHashSet(file, format));

/** A scratch file with the given content (string written as UTF-8, exactly as given). */
export function scratchFile(name: string, content: string | Buffer): string {
  const file = path.join(scratchDir('lanterne-hashsets-'), name);
  writeFileSync(file, content);
  return file;
}

/** The HashSetFormatError a read throws (fails the test when it does not throw one). */
export async function readError(file: string, format: HashSetFormat | 'auto' = 'auto'): Promise<HashSetFormatError> {
  try {
    await read(file, format);
  } catch (error) {
    if (error instanceof HashSetFormatError) return error;
    throw error;
  }
  throw new Error(`expected ${path.basename(file)} to be refused`);
}

/** Records reduced to what a comparison needs: the given fields, sorted. */
export function project<K extends keyof HashSetRecord>(records: HashSetRecord[], keys: K[]): Pick<HashSetRecord, K>[] {
  return records
    .map((r) => Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]])) as Pick<HashSetRecord, K>)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
