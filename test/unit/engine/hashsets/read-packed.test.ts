// The reader thread hands over exactly what packing the same records on the importing thread
// gives, in order; a bad record comes back as the reader's own HashSetFormatError; an importer
// that stops early stops the thread.
import { describe, expect, it } from 'vitest';
import { EntryPacker, type PackedEntries } from '../../../../electron/engine/case/entry-pack.js';
import { HashSetFormatError, readHashSet } from '../../../../electron/engine/hashsets/formats/index.js';
import { readPackedInWorker } from '../../../../electron/engine/hashsets/read-packed.js';
import { scratchFile, synthetic } from './formats/helpers.js';

const hex = (n: number, chars: number): string => n.toString(16).padStart(chars, '0');

/** A hashdeep-free plain list of `count` MD5s: 256-record batches, so many pages and a tail. */
function listFile(count: number, bad?: number): string {
  const lines = Array.from({ length: count }, (_, i) => (i === bad ? 'not-a-hash' : hex(i, 32)));
  return scratchFile('list.txt', `${lines.join('\n')}\n`);
}

async function packedHere(file: string): Promise<PackedEntries[]> {
  const packer = new EntryPacker();
  const out: PackedEntries[] = [];
  for await (const record of readHashSet(file)) {
    const chunk = packer.add(record);
    if (chunk) out.push(chunk);
  }
  const tail = packer.take();
  if (tail) out.push(tail);
  return out;
}

async function packedInWorker(file: string, format: Parameters<typeof readPackedInWorker>[1]) {
  const reader = readPackedInWorker(file, format);
  const chunks: PackedEntries[] = [];
  for await (const chunk of reader.chunks()) chunks.push(chunk);
  return { chunks, skipped: reader.skipped };
}

/** Two Media with hashes and one with only a PhotoDNA value, which the VICS reader skips. */
const vicsWithSkipped = () =>
  scratchFile(
    'skips.json',
    JSON.stringify({
      '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media',
      value: [
        { MediaID: 1, Category: 2, MD5: hex(1, 32), PhotoDNA: 'QUJD'.repeat(48), MediaFiles: [{ FileName: 'naïve.jpg' }] },
        { MediaID: 'pdna-only', PhotoDNA: 'QUJD'.repeat(48) },
        { MediaID: 3, SHA1: hex(3, 40), AlternativeHashes: [{ HashName: 'PDQ', HashValue: hex(9, 64) }] },
      ],
    }),
  );

const plain = (chunks: PackedEntries[]) => chunks.map((c) => ({ ...c, blob: Buffer.from(c.blob).toString('hex') }));

describe('readPackedInWorker', () => {
  it('yields the same chunks as packing on this thread, across many flow-controlled pages', async () => {
    const file = listFile(25_000);
    const { chunks } = await packedInWorker(file, 'list');
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(25_000);
    expect(plain(chunks)).toEqual(plain(await packedHere(file)));
  });

  it('carries a VICS set field for field, with the records the reader skipped on purpose', async () => {
    for (const file of [synthetic('vics-2.0-media-hashset.json'), vicsWithSkipped()]) {
      const { chunks, skipped } = await packedInWorker(file, 'vics');
      expect(plain(chunks)).toEqual(plain(await packedHere(file)));
      const here = readHashSet(file);
      for await (const _ of here.batches());
      expect(skipped).toEqual({ count: here.skipped.count, examples: here.skipped.examples });
    }
    expect((await packedInWorker(vicsWithSkipped(), 'vics')).skipped.count).toBe(1);
  });

  it("throws the reader's HashSetFormatError, naming the file and the line", async () => {
    const file = listFile(5000, 4321);
    const error = await packedInWorker(file, 'list').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HashSetFormatError);
    expect((error as HashSetFormatError).where).toBe('line 4322');
    expect((error as Error).message).toContain('list.txt, line 4322');
  });

  it('ends the thread when the importer stops early, without reading on', async () => {
    const reader = readPackedInWorker(listFile(50_000), 'list');
    let rows = 0;
    for await (const chunk of reader.chunks()) {
      rows += chunk.rows;
      if (rows >= 1000) break;
    }
    expect(rows).toBe(1000);
  });
});
