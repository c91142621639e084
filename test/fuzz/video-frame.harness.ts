// Fuzz harness: firstVideoFrame (video-frame.ts, video-frame-avi.ts, video-frame-jpeg.ts) on
// mutated Motion-JPEG videos — a Photo-JPEG MOV, an 'mjpa' MOV with two fields a sample, a co64
// MOV, MJPEG AVIs with and without idx1, with DHT-less AVI1 frames, an audio stream first and a
// dropped frame, and an H.264-labelled MP4. Its contract is "never throws": garbage gives a reason.
// A finding is a throw, a run over 500 ms, a "frame" that is not a JPEG (does not start FF D8 FF)
// or is over the cap, or a result with neither a frame nor a reason.
import { firstVideoFrame, MAX_FRAME_BYTES } from '../../electron/engine/ingest/video-frame.js';
import { aviFile, mjpegFrames, quickTimeMovie, stripHuffmanTables, twoFields } from '../fixtures/synthetic-mjpeg.js';
import { fuzzOnce, type Finding, type Harness, type Rng } from './mutate.js';

const TIME_LIMIT_MS = 500;

interface Seed { name: string; bytes: Uint8Array; mime: string }

export function videoFrameHarness(): Harness {
  const seeds: Seed[] = [];
  return {
    name: 'video-frame',
    async setup(): Promise<number> {
      // Small frames: the mutators then reach the headers as often as the entropy-coded data.
      const frames = await mjpegFrames(2, { width: 96, height: 64, seed: 9 });
      const stripped = frames.map(stripHuffmanTables);
      const avi = 'video/x-msvideo';
      seeds.push(
        { name: 'Photo-JPEG MOV', bytes: quickTimeMovie({ samples: frames }), mime: 'video/quicktime' },
        { name: 'mjpa MOV', bytes: quickTimeMovie({ samples: [await twoFields(frames[0]!)], format: 'mjpa' }), mime: 'video/quicktime' },
        { name: 'co64 MOV', bytes: quickTimeMovie({ samples: frames, co64: true }), mime: 'video/quicktime' },
        { name: 'H.264-labelled MP4', bytes: quickTimeMovie({ samples: [Buffer.from([0, 0, 0, 2, 9, 0xf0])], format: 'avc1', brand: 'mp42' }), mime: 'video/mp4' },
        { name: 'AVI, DHT-less, idx1', bytes: aviFile({ frames: stripped, width: 96, height: 64 }), mime: avi },
        { name: 'AVI, absolute idx1', bytes: aviFile({ frames, width: 96, height: 64, index: 'absolute' }), mime: avi },
        { name: 'AVI, audio first, dropped frame, no idx1', bytes: aviFile({ frames: stripped, width: 96, height: 64, audioFirst: true, droppedFirst: true, index: 'none' }), mime: avi },
      );
      return seeds.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      return fuzzOnce(rng, seeds, TIME_LIMIT_MS, (bytes, seed) => firstVideoFrame(bytes, seed.mime), (result) => {
        if ('none' in result) return result.none ? null : 'no frame and no reason';
        const j = result.jpeg;
        if (j.length < 3 || j[0] !== 0xff || j[1] !== 0xd8 || j[2] !== 0xff) return 'frame is not a JPEG';
        if (j.length > MAX_FRAME_BYTES + 1024) return 'frame over the size cap';
        return result.width > 0 && result.height > 0 ? null : 'frame without a size';
      });
    },
  };
}
