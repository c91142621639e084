import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../../../electron/engine/ingest/evidence-reader.js';
import { hashBytes } from '../../../../electron/engine/ingest/hasher.js';
import { corpusPath, scratchDir } from '../../../fixtures/corpus.js';

const digest = (algo: string, b: Uint8Array) => createHash(algo).update(b).digest('hex');

describe('hashBytes', () => {
  it('gives the standard digests of the empty input and "abc"', () => {
    expect(hashBytes(new Uint8Array())).toEqual({
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(hashBytes(Buffer.from('abc')).sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('readEvidence', () => {
  const file = corpusPath('exifr-fixtures', 'IMG_20180725_163423.jpg');
  const bytes = readFileSync(file);

  it('hashes a file held in memory with all three digests of the same bytes', () => {
    const read = readEvidence(file, 64 << 20);
    expect(read.bytes?.equals(bytes)).toBe(true);
    expect(read.size).toBe(bytes.length);
    expect(read.hashes).toEqual({ md5: digest('md5', bytes), sha1: digest('sha1', bytes), sha256: digest('sha256', bytes) });
    expect(read.sizeChanged).toBeNull();
  });

  it('streams a file over the in-memory limit and keeps only its head', () => {
    const read = readEvidence(file, 1000);
    expect(read.bytes).toBeNull();
    expect(read.head.equals(bytes.subarray(0, read.head.length))).toBe(true);
    expect(read.hashes.sha256).toBe(digest('sha256', bytes));
  });

  it('leaves the evidence file untouched, access time included', () => {
    const before = statSync(file);
    readEvidence(file, 64 << 20);
    const after = statSync(file);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.atimeMs).toBe(before.atimeMs);
  });

  it('refuses what is not a regular file', () => {
    expect(() => readEvidence(path.dirname(file), 1 << 20)).toThrow();
  });

  it('reads files without write permission (read-only evidence)', () => {
    const dir = scratchDir();
    const ro = path.join(dir, 'ro.bin');
    writeFileSync(ro, 'evidence');
    chmodSync(ro, 0o444);
    expect(readEvidence(ro, 1 << 20).hashes.md5).toBe(digest('md5', Buffer.from('evidence')));
  });
});
