// Fuzz harness: findRawPreview (raw-preview.ts) on mutated camera RAWs — synthetic TIFF raws
// (NEF-like both byte orders, CR2, RW2) and RAF around a generated JPEG, plus the corpus's real
// RAW samples. Its contract is "never throws": garbage gives a reason. A finding is a throw, a
// run over 500 ms, or a "preview" that is not a JPEG (does not start FF D8 FF) or is over the cap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findRawPreview, MAX_PREVIEW_BYTES } from '../../electron/engine/ingest/raw-preview.js';
import { sceneJpeg } from '../fixtures/generate.js';
import { buildRaf, buildTiffRaw, lossless } from '../fixtures/synthetic-raw.js';
import { fuzzOnce, type Finding, type Harness, type Rng, type Seed } from './mutate.js';
import { SEED_CORPUS } from './seeds.js';

const TIME_LIMIT_MS = 500;
const CORPUS_RAWS = ['CanonRaw.cr2', 'CanonRaw.cr3', 'Nikon.nef', 'DNG.dng', 'FujiFilm.raf', 'Panasonic.rw2'];

export function rawPreviewHarness(): Harness {
  const seeds: Seed[] = [];
  return {
    name: 'raw-preview',
    async setup(): Promise<number> {
      const preview = await sceneJpeg({ width: 320, height: 240, seed: 5 });
      const thumbnail = await sceneJpeg({ width: 64, height: 48, seed: 5 });
      seeds.push(
        { name: 'synthetic NEF (II)', bytes: buildTiffRaw({ kind: 'nef', littleEndian: true, preview, thumbnail }) },
        { name: 'synthetic NEF (MM)', bytes: buildTiffRaw({ kind: 'nef', littleEndian: false, preview, thumbnail }) },
        { name: 'synthetic CR2', bytes: buildTiffRaw({ kind: 'cr2', littleEndian: true, preview, thumbnail, rawData: lossless }) },
        { name: 'synthetic RW2', bytes: buildTiffRaw({ kind: 'rw2', littleEndian: true, preview, thumbnail }) },
        { name: 'synthetic RAF', bytes: buildRaf(preview) },
      );
      for (const name of CORPUS_RAWS) {
        try {
          seeds.push({ name, bytes: new Uint8Array(await readFile(path.join(SEED_CORPUS, 'exiftool-t-images', name))) });
        } catch {
          // A corpus without the sample still fuzzes the synthetic seeds.
        }
      }
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      return fuzzOnce(rng, seeds, TIME_LIMIT_MS, (bytes) => findRawPreview(bytes), (result) => {
        const p = result.preview;
        if (p && (p.jpeg.length < 3 || p.jpeg[0] !== 0xff || p.jpeg[1] !== 0xd8 || p.jpeg[2] !== 0xff)) return 'preview is not a JPEG';
        if (p && p.jpeg.length > MAX_PREVIEW_BYTES) return 'preview over the size cap';
        return !p && !result.reason ? 'no preview and no reason' : null;
      });
    },
  };
}
