// Hostile maker notes from real ones: the corpus photos whose maker notes carry serials, with
// bytes of their EXIF block overwritten at random (seeded), must still be read without a throw
// and quickly: a bad offset, count or sub-directory costs a warning, never a crash or a long loop.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../electron/engine/ingest/metadata.js';
import { corpusPath } from '../../fixtures/corpus.js';

const FILES = [
  'exifr-fixtures/canon-dslr.jpg', 'exiftool-t-images/Canon1DmkIII.jpg', 'exiftool-t-images/NikonD2Hs.jpg',
  'exiftool-t-images/NikonD70.jpg', 'ianare-exif-samples/jpg/tests/32-lens_data.jpeg', 'exiftool-t-images/OlympusE1.jpg',
  'exiftool-t-images/Olympus2.jpg', 'exiftool-t-images/Panasonic.jpg', 'exiftool-t-images/Pentax.jpg',
  'exiftool-t-images/Ricoh2.jpg', 'exiftool-t-images/Sigma.jpg', 'exiftool-t-images/Motorola.jpg',
  'ianare-exif-samples/jpg/Reconyx_HC500_Hyperfire.jpg', 'exiftool-t-images/FujiFilm.raf', 'exiftool-t-images/CanonRaw.cr3',
];
const ROUNDS = 60;

describe('maker notes with random damage', () => {
  it('never throw and stay fast', async () => {
    let seed = 20261123;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let slowest = 0;
    let withWarnings = 0;
    for (const file of FILES) {
      const original = readFileSync(corpusPath(file));
      const mime = file.endsWith('.raf') ? 'image/x-fuji-raf' : file.endsWith('.cr3') ? 'image/x-canon-cr3' : 'image/jpeg';
      const region = Math.min(original.length, 64 * 1024);
      for (let round = 0; round < ROUNDS; round++) {
        const bytes = Buffer.from(original);
        const edits = 1 + rand(16);
        for (let i = 0; i < edits; i++) {
          const at = 12 + rand(region - 12);
          // Offsets and counts are where damage hurts: write 0x00, 0xff or a random 32-bit value.
          const kind = rand(3);
          if (kind === 2 && at + 4 <= bytes.length) bytes.writeUInt32LE(rand(0xffffffff), at);
          else bytes[at] = kind === 0 ? 0 : 0xff;
        }
        const started = performance.now();
        const m = await extractMetadata(bytes, mime);
        slowest = Math.max(slowest, performance.now() - started);
        if (m.warnings.length) withWarnings++;
        expect(() => JSON.stringify(m.camera)).not.toThrow();
      }
    }
    console.log(`${FILES.length * ROUNDS} damaged files read; ${withWarnings} with warnings; slowest ${slowest.toFixed(1)} ms`);
    expect(slowest).toBeLessThan(1000);
  });
});
