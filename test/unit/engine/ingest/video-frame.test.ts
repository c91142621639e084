// The first frame of Motion-JPEG videos (video-frame.ts, video-frame-avi.ts, video-frame-jpeg.ts)
// and its use by the imaging stage: synthetic QuickTime ('jpeg', 'mjpa', co64) and AVI files
// (idx1 from the movi tag or absolute, no idx1, audio first, a dropped frame, frames without
// Huffman tables as cameras write them), H.264-labelled and DivX-labelled videos that must say
// their codec, and hostile mutations that must end quickly with a reason.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DecodeError, renderFullView, renderImage } from '../../../../electron/engine/ingest/imaging.js';
import { hammingDistance } from '../../../../electron/engine/ingest/pdq.js';
import { sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { firstVideoFrame, type NoFrame, type VideoFrame } from '../../../../electron/engine/ingest/video-frame.js';
import { STANDARD_DHT } from '../../../../electron/engine/ingest/video-frame-jpeg.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { HAS_EXIFTOOL } from '../../../fixtures/exiftool.js';
import { writeFixture } from '../../../fixtures/generate.js';
import { aviFile, mjpegFrames, quickTimeMovie, stripHuffmanTables, twoFields } from '../../../fixtures/synthetic-mjpeg.js';
import { syntheticVideo } from '../../../fixtures/synthetic-video.js';

const limits = { maxPixels: 200_000_000 };
const AVI = 'video/x-msvideo';
const MOV = 'video/quicktime';
const dir = scratchDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frames = await mjpegFrames(3, { width: 640, height: 480, seed: 21 });
const stripped = frames.map(stripHuffmanTables);
const mov = quickTimeMovie({ samples: frames });
const avi = aviFile({ frames: stripped, width: 640, height: 480 });

const frameOf = (result: VideoFrame | NoFrame): VideoFrame => {
  if ('none' in result) throw new Error(`expected a frame, got: ${result.none}`);
  return result;
};
const pixelsOf = (jpeg: Buffer) => sharp(jpeg, { failOn: 'warning' }).raw().toBuffer();
/** Huffman tables of a DHT payload run, as a sorted list of hex strings (class/id, counts, values). */
function huffmanTables(jpeg: Buffer): string[] {
  const out: string[] = [];
  for (let at = 2; jpeg[at + 1] !== 0xda; at += 2 + jpeg.readUInt16BE(at + 2)) {
    if (jpeg[at + 1] !== 0xc4) continue;
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    for (let t = at + 4; t < end; ) {
      const n = jpeg.subarray(t + 1, t + 17).reduce((a, c) => a + c, 0);
      out.push(jpeg.subarray(t, t + 17 + n).toString('hex'));
      t += 17 + n;
    }
  }
  return out.sort();
}

describe('the standard Huffman tables', () => {
  it("are T.81 Annex K.3's, as libjpeg writes them when it does not optimise its coding", () => {
    expect(huffmanTables(Buffer.concat([Buffer.from([0xff, 0xd8]), STANDARD_DHT, Buffer.from([0xff, 0xda])]))).toEqual(huffmanTables(frames[0]!));
    expect(huffmanTables(frames[0]!)).toHaveLength(4);
  });
});

describe('firstVideoFrame on QuickTime movies', () => {
  it("gives sample 1 of a 'jpeg' (Photo-JPEG) track byte for byte, with its size and a note", () => {
    expect(sniffType(mov)).toBe(MOV);
    const frame = frameOf(firstVideoFrame(mov, MOV));
    expect(frame.jpeg.equals(frames[0]!)).toBe(true);
    expect(frame).toMatchObject({ codec: 'jpeg', width: 640, height: 480, fields: 1, truncated: false, source: "'jpeg' track sample 1 (stco/stsz)" });
    expect(frame.note).toBe("picture from the video's first frame (Photo-JPEG, 640×480); other frames are not decoded");
  });

  it('follows 64-bit chunk offsets (co64)', () => {
    const frame = frameOf(firstVideoFrame(quickTimeMovie({ samples: frames, co64: true }), MOV));
    expect(frame.jpeg.equals(frames[0]!)).toBe(true);
    expect(frame.source).toBe("'jpeg' track sample 1 (co64/stsz)");
  });

  it('reads the same frame from a path (ranged reads) and leaves the file as it was', () => {
    const file = path.join(dir, 'clip.mov');
    writeFixture(file, mov);
    const before = statSync(file);
    const frame = frameOf(firstVideoFrame(file, MOV));
    expect(frame.jpeg.equals(frames[0]!)).toBe(true);
    const after = statSync(file);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(readFileSync(file).equals(mov)).toBe(true);
  });

  it("keeps the first field of an 'mjpa' sample (two fields): half height, said in the note, close to the frame's PDQ", async () => {
    const sample = await twoFields(frames[0]!);
    const frame = frameOf(firstVideoFrame(quickTimeMovie({ samples: [sample], format: 'mjpa' }), MOV));
    expect(frame).toMatchObject({ codec: 'mjpa', width: 640, height: 240, fields: 2 });
    expect(frame.jpeg.length).toBeLessThan(sample.length);
    expect(frame.jpeg.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
    expect(frame.note).toBe("picture from the video's first frame (Motion-JPEG A, 640×240, first field of an interlaced frame, so half height); other frames are not decoded");
    const field = await renderImage(frame.jpeg, 'image/jpeg', null, limits);
    const whole = await renderImage(frames[0]!, 'image/jpeg', null, limits);
    const distance = hammingDistance(field.pdq.hash, whole.pdq.hash);
    console.log(`PDQ distance mjpa first field (640×240) ↔ whole frame: ${distance} bits`);
    expect(distance).toBeLessThanOrEqual(16);
  });

  it('says the codec of an H.264 track, and that a track without a sample description has no frame, both as not Motion-JPEG', () => {
    const h264 = quickTimeMovie({ samples: [Buffer.from([0, 0, 0, 2, 0x09, 0xf0])], format: 'avc1', brand: 'mp42' });
    expect(sniffType(h264)).toBe('video/mp4');
    expect(firstVideoFrame(h264, 'video/mp4')).toEqual({ none: 'video codec avc1 is not decoded here', jpegCodec: false });
    expect(firstVideoFrame(syntheticVideo({}), 'video/mp4')).toEqual({ none: 'no video track with a sample description', jpegCodec: false });
    expect(firstVideoFrame(Buffer.from('not a movie at all'), MOV)).toMatchObject({ jpegCodec: false });
  });

  it('a Motion-JPEG track whose first sample is not a JPEG gives a reason marked as Motion-JPEG', () => {
    const broken = quickTimeMovie({ samples: [Buffer.alloc(4000, 0x42)] });
    expect(firstVideoFrame(broken, MOV)).toEqual({ none: "first frame is not a JPEG (no FF D8 FF start of image) (Photo-JPEG 'jpeg' track sample 1 (stco/stsz))", jpegCodec: true });
  });

  it.skipIf(!HAS_EXIFTOOL)('exiftool reads the MOV and the mjpa movie as the codec and size written', async () => {
    const mjpa = path.join(dir, 'mjpa.mov');
    writeFixture(mjpa, quickTimeMovie({ samples: [await twoFields(frames[0]!)], format: 'mjpa' }));
    writeFixture(path.join(dir, 'photo.mov'), mov);
    const out = JSON.parse(execFileSync('exiftool', ['-j', '-CompressorID', '-ImageWidth', '-ImageHeight', path.join(dir, 'photo.mov'), mjpa]).toString()) as Array<Record<string, unknown>>;
    expect(out.map((r) => [r['CompressorID'], r['ImageWidth'], r['ImageHeight']])).toEqual([['jpeg', 640, 480], ['mjpa', 640, 480]]);
  });
});

describe('firstVideoFrame on AVI files', () => {
  it('puts the standard Huffman tables back into a DHT-less AVI1 frame: it decodes to the very pixels of the original', async () => {
    expect(sniffType(avi)).toBe(AVI);
    expect(huffmanTables(stripped[0]!)).toEqual([]);
    const frame = frameOf(firstVideoFrame(avi, AVI));
    expect(frame).toMatchObject({ codec: 'MJPG', width: 640, height: 480, fields: 1, source: 'AVI chunk 00dc via idx1' });
    expect(frame.note).toBe("picture from the video's first frame (Motion-JPEG, 640×480, standard Huffman tables added); other frames are not decoded");
    expect((await pixelsOf(frame.jpeg)).equals(await pixelsOf(frames[0]!))).toBe(true);
  });

  it('leaves a frame that has its tables as it is', () => {
    const frame = frameOf(firstVideoFrame(aviFile({ frames, width: 640, height: 480 }), AVI));
    expect(frame.jpeg.equals(frames[0]!)).toBe(true);
    expect(frame.note).not.toMatch(/Huffman/);
  });

  it('finds the frame through an absolute idx1, without idx1, and past an audio stream and a dropped frame', () => {
    const cases: Array<[string, Buffer, string]> = [
      ['absolute idx1', aviFile({ frames: stripped, width: 640, height: 480, index: 'absolute' }), 'AVI chunk 00dc via idx1'],
      ['no idx1', aviFile({ frames: stripped, width: 640, height: 480, index: 'none' }), 'AVI chunk 00dc via the movi list'],
      ['audio first', aviFile({ frames: stripped, width: 640, height: 480, audioFirst: true, droppedFirst: true }), 'AVI chunk 01dc via idx1'],
      ['audio first, no idx1', aviFile({ frames: stripped, width: 640, height: 480, audioFirst: true, droppedFirst: true, index: 'none' }), 'AVI chunk 01dc via the movi list'],
    ];
    const expected = frameOf(firstVideoFrame(avi, AVI)).jpeg;
    for (const [name, file, source] of cases) {
      const frame = frameOf(firstVideoFrame(file, AVI));
      expect(frame.source, name).toBe(source);
      expect(frame.jpeg.equals(expected), name).toBe(true);
    }
  });

  it('walks the movi list when idx1 points nowhere', () => {
    const file = Buffer.from(avi);
    const idx1 = file.lastIndexOf('idx1');
    for (let entry = idx1 + 8; entry + 16 <= file.length; entry += 16) file.writeUInt32LE(0x7fff0000, entry + 8);
    expect(frameOf(firstVideoFrame(file, AVI)).source).toBe('AVI chunk 00dc via the movi list');
  });

  it('reads the same frame from a path', () => {
    const file = path.join(dir, 'clip.avi');
    writeFixture(file, avi);
    expect(frameOf(firstVideoFrame(file, AVI)).jpeg.equals(frameOf(firstVideoFrame(avi, AVI)).jpeg)).toBe(true);
  });

  it('says the codec of a DivX/XviD AVI and that it is not Motion-JPEG; an AVI without video says so', () => {
    expect(firstVideoFrame(aviFile({ frames, width: 640, height: 480, compression: 'XVID', handler: 'xvid' }), AVI)).toEqual({ none: 'video codec XVID is not decoded here', jpegCodec: false });
    // biCompression decides; the handler stands in only when it is blank.
    expect(frameOf(firstVideoFrame(aviFile({ frames, width: 640, height: 480, compression: '\0\0\0\0', handler: 'mjpg' }), AVI)).codec).toBe('mjpg');
    const noVideo = aviFile({ frames, width: 640, height: 480 });
    noVideo.write('auds', noVideo.indexOf('vids'), 'latin1');
    expect(firstVideoFrame(noVideo, AVI)).toEqual({ none: 'AVI without a video stream', jpegCodec: false });
  });

  it.skipIf(!HAS_EXIFTOOL)('exiftool reads the AVI as MJPG, 640×480, 3 frames', () => {
    const file = path.join(dir, 'exif.avi');
    writeFixture(file, aviFile({ frames: stripped, width: 640, height: 480, audioFirst: true }));
    const [out] = JSON.parse(execFileSync('exiftool', ['-j', '-VideoCodec', '-FrameCount', '-ImageWidth', '-ImageHeight', file]).toString()) as Array<Record<string, unknown>>;
    expect(out).toMatchObject({ VideoCodec: 'MJPG', FrameCount: 3, ImageWidth: 640, ImageHeight: 480 });
  });
});

describe('the imaging stage on videos', () => {
  it("gives an MJPEG AVI the thumbnail, size and PDQ of its first frame, with the note", async () => {
    const video = await renderImage(avi, AVI, null, limits);
    const alone = await renderImage(frames[0]!, 'image/jpeg', null, limits);
    const second = await renderImage(frames[1]!, 'image/jpeg', null, limits);
    expect([video.width, video.height]).toEqual([640, 480]);
    expect(video.warnings).toEqual(["picture from the video's first frame (Motion-JPEG, 640×480, standard Huffman tables added); other frames are not decoded"]);
    const distance = hammingDistance(video.pdq.hash, alone.pdq.hash);
    console.log(`PDQ distance MJPEG AVI (DHT inserted) ↔ its first frame as a JPEG: ${distance} bits; to its second frame: ${hammingDistance(video.pdq.hash, second.pdq.hash)}`);
    expect(distance).toBeLessThanOrEqual(2);
    expect(hammingDistance(video.pdq.hash, second.pdq.hash)).toBeGreaterThan(31); // the first frame, not another
    expect((await sharp(video.thumbnail).metadata()).format).toBe('webp');
  });

  it('shows the first frame in the viewer (renderFullView) for an AVI and a MOV', async () => {
    for (const [bytes, mime] of [[avi, AVI], [mov, MOV]] as const) {
      const view = await sharp(await renderFullView(bytes, mime, null, 2048)).metadata();
      expect([view.format, view.width, view.height]).toEqual(['webp', 640, 480]);
    }
  });

  it('refuses a video without a usable frame with the reason', async () => {
    const h264 = quickTimeMovie({ samples: [Buffer.from([0, 0, 0, 2, 0x09, 0xf0])], format: 'avc1', brand: 'mp42' });
    await expect(renderImage(h264, 'video/mp4', null, limits)).rejects.toThrow(new DecodeError('video codec avc1 is not decoded here: metadata only, no thumbnail'));
    const xvid = aviFile({ frames, width: 640, height: 480, compression: 'XVID' });
    await expect(renderImage(xvid, AVI, null, limits)).rejects.toThrow(new DecodeError('video codec XVID is not decoded here: hashed and kept, no thumbnail'));
  });
});

describe('firstVideoFrame on hostile input', () => {
  const check = (bytes: Buffer, mime: string, label: string) => {
    const started = performance.now();
    const result = firstVideoFrame(bytes, mime);
    expect(performance.now() - started, label).toBeLessThan(200);
    if ('none' in result) expect(result.none.length, label).toBeGreaterThan(0);
    else {
      expect(result.jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), label).toBe(true);
      expect(result.jpeg.length, label).toBeLessThanOrEqual(32 << 20);
    }
    return result;
  };

  it('truncated at every 211th byte: a frame (cut, said) or a reason, never a throw', () => {
    for (const [file, mime] of [[mov, MOV], [avi, AVI]] as const) {
      for (let end = 0; end < file.length; end += 211) check(file.subarray(0, end), mime, `${mime} cut at ${end}`);
    }
    // Cut inside the first frame, with the moov first: the part there is, marked truncated.
    const head = Buffer.from(aviFile({ frames: stripped, width: 640, height: 480 }));
    const cut = frameOf(check(head.subarray(0, head.indexOf('00dc') + 2000), AVI, 'AVI cut in frame 1'));
    expect(cut.truncated).toBe(true);
    expect(cut.note).toMatch(/cut off by the end of the file/);
  });

  it('random 32-bit words over the headers (offsets, counts, sizes) end quickly, never throw', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const [file, mime, headerEnd] of [[mov, MOV, mov.length], [avi, AVI, 400]] as const) {
      const moovAt = mime === MOV ? file.indexOf('moov') - 4 : 0;
      for (let i = 0; i < 300; i++) {
        const bytes = Buffer.from(file);
        for (let k = 0; k < 4; k++) {
          const at = moovAt + Math.floor(random() * (headerEnd - moovAt - 4));
          bytes.writeUInt32BE([0, 0xffffffff, 0x7fffffff, 8, 1, Math.floor(random() * 2 ** 32)][k % 6]! >>> 0, at);
        }
        check(bytes, mime, `${mime} mutation ${i}`);
      }
    }
  });

  it('huge sample sizes, offsets past the end and huge chunk sizes give reasons', () => {
    const stszAt = mov.indexOf('stsz');
    const hugeSize = Buffer.from(mov);
    hugeSize.writeUInt32BE(0xfffffff0, stszAt + 8); // sample_size: every sample that big
    expect(check(hugeSize, MOV, 'huge stsz')).toEqual({ none: 'first frame of 4294967280 bytes is over the 32 MB limit', jpegCodec: true });
    const pastEnd = Buffer.from(mov);
    pastEnd.writeUInt32BE(0x7ffffff0, mov.indexOf('stco') + 12);
    expect((check(pastEnd, MOV, 'stco past the end') as NoFrame).none).toMatch(/^first frame lies at offset 2147483632, outside the \d+-byte file/);
    const hugeChunk = Buffer.from(aviFile({ frames: stripped, width: 640, height: 480, index: 'none' }));
    hugeChunk.writeUInt32LE(0xfffffff0, hugeChunk.indexOf('00dc') + 4);
    expect(check(hugeChunk, AVI, 'huge AVI chunk')).toEqual({ none: 'first frame of 4294967280 bytes is over the 32 MB limit', jpegCodec: true });
  });

  it('endless boxes and an index of 200 000 audio entries stop at their bounds, fast', () => {
    // 60 000 empty 'free' boxes before the moov: the walk stops at its box limit.
    const free = Buffer.alloc(8);
    free.writeUInt32BE(8, 0);
    free.write('free', 4, 'latin1');
    check(Buffer.concat([...Array.from({ length: 60_000 }, () => free), mov]), MOV, 'many boxes');
    // An idx1 of audio entries only: bounded, then the movi walk finds the frame.
    const base = aviFile({ frames: stripped, width: 640, height: 480, index: 'none' });
    const entries = Buffer.alloc(200_000 * 16);
    for (let at = 0; at < entries.length; at += 16) entries.write('01wb', at, 'latin1');
    const idx1 = Buffer.concat([Buffer.from('idx1', 'latin1'), Buffer.alloc(4), entries]);
    idx1.writeUInt32LE(entries.length, 4);
    const file = Buffer.concat([base, idx1]);
    file.writeUInt32LE(file.length - 8, 4);
    expect(frameOf(check(file, AVI, 'audio-only index')).source).toBe('AVI chunk 00dc via the movi list');
  });
});
