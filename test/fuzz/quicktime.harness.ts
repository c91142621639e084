// Fuzz harness: extractQuickTimeMetadata (metadata-quicktime.ts) on mutated synthetic videos — an
// iPhone-like MOV with Apple's meta keys, an Android-like MP4 with udta fields and moov first, a
// 3GP, a QuickTime movie without ftyp — plus the corpus's QuickTime-family HEIC. Its contract is
// "never throws": garbage gives warnings. A finding is a throw, a run over 500 ms, or a result
// JSON cannot carry losslessly (it crosses the worker boundary and is stored as JSON).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extractQuickTimeMetadata } from '../../electron/engine/ingest/metadata-quicktime.js';
import { BRUSSELS_ISO6709, moov, syntheticVideo } from '../fixtures/synthetic-video.js';
import { jsonProblem } from './metadata.harness.js';
import { fuzzOnce, type Finding, type Harness, type Rng, type Seed } from './mutate.js';
import { SEED_CORPUS } from './seeds.js';

const TIME_LIMIT_MS = 500;

export function quicktimeHarness(): Harness {
  const seeds: Seed[] = [];
  return {
    name: 'quicktime',
    async setup(): Promise<number> {
      const keys = {
        'com.apple.quicktime.make': 'Apple', 'com.apple.quicktime.model': 'iPhone 12', 'com.apple.quicktime.software': '15.4.1',
        'com.apple.quicktime.creationdate': '2021-07-04T13:22:10+0200', 'com.apple.quicktime.location.ISO6709': BRUSSELS_ISO6709,
      };
      const udta = { '©mak': 'samsung', '©mod': 'SM-G991B', '©xyz': '-33.8568+151.2153CRSWGS_84/', '©day': '2022-01-02T04:04:05+0100', SNum: 'R58R12ABCDE' };
      seeds.push(
        { name: 'synthetic MOV (Apple keys)', bytes: syntheticVideo({ brand: 'qt  ', created: new Date('2021-07-04T11:22:10Z'), rotation: 90, keys, mdatBytes: 64 }) },
        { name: 'synthetic MP4 (udta, moov first)', bytes: syntheticVideo({ brand: 'mp42', moovAtEnd: false, created: new Date('2022-01-02T03:04:05Z'), udta, mdatBytes: 64 }) },
        { name: 'synthetic 3GP (both)', bytes: syntheticVideo({ brand: '3gp4', udta, keys, mdatBytes: 16 }) },
        { name: 'QuickTime without ftyp', bytes: moov({ udta: { '©mak': 'Canon', '©mod': 'PowerShot A80' } }) },
      );
      try {
        seeds.push({ name: 'QuickTime.heic', bytes: new Uint8Array(await readFile(path.join(SEED_CORPUS, 'exiftool-t-images', 'QuickTime.heic'))) });
      } catch {
        // A corpus without the sample still fuzzes the synthetic seeds.
      }
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      return fuzzOnce(rng, seeds, TIME_LIMIT_MS, (bytes) => extractQuickTimeMetadata(bytes), (result) => {
        const { thumbnail: _none, ...crossing } = result;
        const problem = jsonProblem(crossing);
        if (problem) return `not JSON-serialisable: ${problem}`;
        const gps = result.summary.gps;
        return gps && (Math.abs(gps.lat) > 90 || Math.abs(gps.lon) > 180) ? `GPS out of range: ${gps.lat}, ${gps.lon}` : null;
      });
    },
  };
}
