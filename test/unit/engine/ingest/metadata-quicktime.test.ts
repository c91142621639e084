import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThumbnailStore } from '../../../../electron/engine/case/thumbnail-store.js';
import { extractMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { extractQuickTimeMetadata, MAX_MOOV_BYTES } from '../../../../electron/engine/ingest/metadata-quicktime.js';
import { parseIso6709, recordedDate } from '../../../../electron/engine/ingest/quicktime-values.js';
import { processFile } from '../../../../electron/engine/ingest/process-file.js';
import { sniffType } from '../../../../electron/engine/ingest/sniff.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { appleMeta, box, BRUSSELS_ISO6709, ftyp, moov, syntheticVideo, writeSparseVideo, type VideoSpec } from '../../../fixtures/synthetic-video.js';
import { HAS_EXIFTOOL } from '../../../fixtures/exiftool.js';

const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const IPHONE: VideoSpec = {
  brand: 'qt  ', created: new Date('2021-07-04T11:22:10Z'), duration: 12.5, width: 1920, height: 1080, rotation: 90,
  keys: {
    'com.apple.quicktime.make': 'Apple', 'com.apple.quicktime.model': 'iPhone 12', 'com.apple.quicktime.software': '15.4.1',
    'com.apple.quicktime.creationdate': '2021-07-04T13:22:10+0200', 'com.apple.quicktime.location.ISO6709': BRUSSELS_ISO6709,
  },
};
const ANDROID: VideoSpec = {
  brand: 'mp42', moovAtEnd: false, created: new Date('2022-01-02T03:04:05Z'), width: 1280, height: 720,
  udta: { '©mak': 'samsung', '©mod': 'SM-G991B', '©swr': 'G991BXXU5CVDD', '©xyz': '-33.8568+151.2153CRSWGS_84/', SNum: 'R58R12ABCDE' },
};
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
const read = (bytes: Buffer) => extractQuickTimeMetadata(bytes);

describe('QuickTime metadata: every field', () => {
  it("reads Apple's meta keys: make, model, software, creationdate with its offset as written, ISO 6709 with altitude", () => {
    const m = read(syntheticVideo(IPHONE));
    expect(m.summary).toEqual({ make: 'Apple', model: 'iPhone 12', serial: null, lens: null, software: '15.4.1', taken: '2021-07-04T13:22:10+02:00', gps: { lat: 50.8466, lon: 4.3528, alt: 12 } });
    expect(m.tags['lanterne']!['sources']).toMatchObject({ make: 'quicktime.keys.com.apple.quicktime.make', taken: 'quicktime.keys.com.apple.quicktime.creationdate', gps: 'quicktime.keys.com.apple.quicktime.location.ISO6709' });
    expect(m.video).toEqual({ width: 1920, height: 1080, duration: 12.5, rotation: 90 });
    expect(m.tags['quicktime']).toMatchObject({ MajorBrand: 'qt  ', CreateTime: '2021-07-04T11:22:10+00:00', Duration: 12.5, Rotation: 90, ImageWidth: 1920, 'keys.com.apple.quicktime.creationdate': '2021-07-04T13:22:10+0200' });
    expect(m.warnings).toEqual([]);
  });

  it('reads udta ©mak/©mod/©swr/©xyz and the SNum serial; the date falls back to mvhd, in UTC', () => {
    const m = read(syntheticVideo(ANDROID));
    expect(m.summary).toMatchObject({ make: 'samsung', model: 'SM-G991B', software: 'G991BXXU5CVDD', serial: 'R58R12ABCDE', taken: '2022-01-02T03:04:05+00:00', gps: { lat: -33.8568, lon: 151.2153, alt: null } });
    expect(m.camera.serials).toEqual([{ kind: 'body', value: 'R58R12ABCDE', source: 'quicktime.udta.SNum' }]);
    expect(m.tags['lanterne']!['sources']).toMatchObject({ taken: 'quicktime.mvhd.CreateTime', gps: 'quicktime.udta.©xyz', serial: 'quicktime.udta.SNum' });
  });

  it('prefers the Apple key over udta ©day over mvhd for the date, and udta ©day keeps its offset', () => {
    const both = read(syntheticVideo({ ...IPHONE, udta: { '©day': '2021-07-04T13:22:11-0500' } }));
    expect(both.summary.taken).toBe('2021-07-04T13:22:10+02:00');
    const day = read(syntheticVideo({ created: new Date('2021-07-04T11:22:10Z'), udta: { '©day': '2021-07-04T13:22:11-0500' } }));
    expect(day.summary.taken).toBe('2021-07-04T13:22:11-05:00');
  });

  it('an mvhd time of 0 (1904-01-01) or of the Unix epoch means "not set"', () => {
    expect(read(syntheticVideo({ created: null })).summary.taken).toBeNull();
    expect(read(syntheticVideo({ created: new Date(0) })).summary.taken).toBeNull();
  });

  it('reads a version-1 mvhd (64-bit times)', () => {
    const EPOCH = 2_082_844_800;
    const t = Date.UTC(2023, 4, 6, 7, 8, 9) / 1000 + EPOCH;
    const mvhd = box('mvhd', Buffer.from([1, 0, 0, 0]), Buffer.alloc(4), u32(t), Buffer.alloc(4), u32(t), u32(1000), Buffer.alloc(4), u32(4000), Buffer.alloc(80));
    const m = read(Buffer.concat([ftyp(), box('moov', mvhd)]));
    expect(m.summary.taken).toBe('2023-05-06T07:08:09+00:00');
    expect(m.video.duration).toBe(4);
  });

  it('rotations 0, 180, 270 from the tkhd matrix; only the first video track speaks', () => {
    for (const rotation of [0, 180, 270]) expect(read(syntheticVideo({ rotation })).video.rotation).toBe(rotation);
    const one = moov({ width: 640, height: 480 });
    const two = moov({ width: 320, height: 240 });
    const trak = (b: Buffer) => { const at = b.indexOf('trak') - 4; return b.subarray(at, at + b.readUInt32BE(at)); };
    const mvhd = (b: Buffer) => { const at = b.indexOf('mvhd') - 4; return b.subarray(at, at + b.readUInt32BE(at)); };
    const m = read(Buffer.concat([ftyp(), box('moov', mvhd(one), trak(one), trak(two))]));
    expect([m.video.width, m.video.height]).toEqual([640, 480]);
    expect(m.tags['quicktime']!['VideoTracks']).toBe(2);
  });

  it("Canon/Samsung manu and modl (3GPP asset form), GoPro CAME, 3GPP loci, iTunes-style udta/meta/ilst ©xyz", () => {
    const asset = (text: string) => Buffer.concat([Buffer.alloc(4), Buffer.from([0x15, 0xc7]), Buffer.from(`${text}\0`)]);
    const loci = Buffer.concat([Buffer.alloc(4), Buffer.from([0x15, 0xc7]), Buffer.from('Home\0'), Buffer.from([0]),
      Buffer.from(new Int32Array([Math.round(4.3528 * 65536)]).buffer).reverse(), Buffer.from(new Int32Array([Math.round(50.8466 * 65536)]).buffer).reverse(), u32(0)]);
    const ilstXyz = box('©xyz', box('data', u32(1), u32(0), Buffer.from('+10.5-020.25/')));
    const itunes = box('meta', u32(0), box('hdlr', u32(0), u32(0), Buffer.from('mdir'), Buffer.alloc(13)), box('ilst', ilstXyz));
    const came = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const udta = box('udta', box('manu', asset('Canon')), box('modl', asset('PowerShot SX280 HS')), box('CAME', came), box('loci', loci), itunes);
    const m = read(Buffer.concat([ftyp(), box('moov', udta)]));
    expect(m.summary).toMatchObject({ make: 'Canon', model: 'PowerShot SX280 HS', gps: { lat: 10.5, lon: -20.25, alt: null } });
    expect(m.camera.serials).toEqual([{ kind: 'internal', value: '00112233445566778899aabbccddeeff', source: 'quicktime.udta.CAME' }]);
    const onlyLoci = read(Buffer.concat([ftyp(), box('moov', box('udta', box('loci', loci)))]));
    expect(onlyLoci.summary.gps!.lat).toBeCloseTo(50.8466, 4);
    expect(onlyLoci.summary.gps!.lon).toBeCloseTo(4.3528, 4);
  });

  it('reads moov before and after mdat alike; metadata.ts dispatches videos to this reader', async () => {
    const after = read(syntheticVideo({ ...ANDROID, moovAtEnd: true }));
    const before = read(syntheticVideo({ ...ANDROID, moovAtEnd: false }));
    expect(after.summary).toEqual(before.summary);
    const viaDispatch = await extractMetadata(syntheticVideo(ANDROID), 'video/mp4');
    expect(viaDispatch.summary).toEqual(before.summary);
  });
});

describe('ISO 6709 and recorded dates', () => {
  it.each([
    ['+50.8466+004.3528/', { lat: 50.8466, lon: 4.3528, alt: null }],
    ['+50.8466+004.3528+012.000/', { lat: 50.8466, lon: 4.3528, alt: 12 }],
    ['-33.8568+151.2153-005.5/', { lat: -33.8568, lon: 151.2153, alt: -5.5 }],
    ['+35.6586+139.7454+040.123CRSWGS_84/', { lat: 35.6586, lon: 139.7454, alt: 40.123 }],
    ['+35.6586+139.7454CRSWGS_84/', { lat: 35.6586, lon: 139.7454, alt: null }],
    ['+5050.796+00421.168/', { lat: 50 + 50.796 / 60, lon: 4 + 21.168 / 60, alt: null }],
    ['+505047.76+0042100.8/', { lat: 50 + 50 / 60 + 47.76 / 3600, lon: 4 + 21 / 60 + 0.8 / 3600, alt: null }],
    ['+50.8466+004.3528', { lat: 50.8466, lon: 4.3528, alt: null }],
  ])('%s', (text, expected) => {
    const got = parseIso6709(text)!;
    expect(got.lat).toBeCloseTo(expected.lat, 9);
    expect(got.lon).toBeCloseTo(expected.lon, 9);
    expect(got.alt).toBe(expected.alt);
  });

  it.each(['', 'Brussels', '+95.0+004.0/', '+50.0+190.0/', '50.8466 4.3528', '+50.8466/'])('rejects %j', (text) => {
    expect(parseIso6709(text)).toBeNull();
  });

  it('dates keep their offset as written, drop fractions, and refuse impossible ones', () => {
    const w: string[] = [];
    expect(recordedDate('2021-07-04T13:22:10+0200', w)).toBe('2021-07-04T13:22:10+02:00');
    expect(recordedDate('2021-07-04T13:22:10.123-07:00', w)).toBe('2021-07-04T13:22:10-07:00');
    expect(recordedDate('2021-07-04T13:22:10Z', w)).toBe('2021-07-04T13:22:10+00:00');
    expect(recordedDate('2021:07:04 13:22:10', w)).toBe('2021-07-04T13:22:10');
    expect(w).toEqual([]);
    expect(recordedDate('2021-02-30T13:22:10', w)).toBeNull();
    expect(recordedDate('yesterday', w)).toBeNull();
    expect(w).toHaveLength(2);
  });
});

describe('large files: the path branch reads box headers and the moov only', () => {
  const big = path.join(scratch, 'big.mp4');
  const SIZE = 300 * 1024 * 1024;

  it('a sparse 300 MB MP4 with moov at the end reads like the in-memory file', async () => {
    await writeSparseVideo(big, IPHONE, SIZE);
    const started = performance.now();
    const fromPath = extractQuickTimeMetadata(big);
    expect(performance.now() - started).toBeLessThan(500);
    expect(fromPath.summary).toEqual(read(syntheticVideo(IPHONE)).summary);
    expect(fromPath.video).toEqual({ width: 1920, height: 1080, duration: 12.5, rotation: 90 });
  });

  it('processFile over the in-memory limit goes through the path: a video with metadata, no thumbnail, no PDQ', async () => {
    const thumbs = { write: () => { throw new Error('a video must not get a thumbnail'); } } as unknown as ThumbnailStore;
    const mid = path.join(scratch, 'mid.mov'); // 8 MB over a 1 MB limit: the same branch, less hashing
    await writeSparseVideo(mid, IPHONE, 8 << 20);
    const result = await processFile({ itemId: 1, absPath: mid }, { inMemoryLimit: 1 << 20, hashOnly: false, maxPixels: 1e8, thumbs });
    expect(result.status).toBe('ok');
    expect(result.mime).toBe('video/quicktime');
    expect(result.metadata!.summary).toMatchObject({ make: 'Apple', taken: '2021-07-04T13:22:10+02:00' });
    expect(result.image).toMatchObject({ width: 1920, height: 1080, thumbnail: false, pdq: null });
    const triage = await processFile({ itemId: 1, absPath: mid }, { inMemoryLimit: 1 << 20, hashOnly: true, maxPixels: 1e8, thumbs });
    expect(triage).toMatchObject({ deferred: true, metadata: null });
  });

  it(`a moov over ${MAX_MOOV_BYTES >> 20} MB is not read, with a warning`, async () => {
    const file = path.join(scratch, 'huge-moov.mp4');
    const handle = await open(file, 'w');
    const head = Buffer.concat([ftyp(), u32(100 << 20), Buffer.from('moov')]);
    await handle.write(head, 0, head.length, 0);
    await handle.write(Buffer.alloc(1), 0, 1, head.length + (100 << 20) - 9);
    await handle.close();
    const m = extractQuickTimeMetadata(file);
    expect(m.warnings.join('\n')).toMatch(/moov box of \d+ bytes is over the 64 MB limit/);
    expect(m.summary.make).toBeNull();
  });

  it('a path that cannot be opened is a warning, not a throw', () => {
    expect(extractQuickTimeMetadata(path.join(scratch, 'missing.mp4')).warnings[0]).toMatch(/cannot open file/);
  });
});

describe('hostile input: fast, never throws', () => {
  const quick = (bytes: Buffer) => {
    const started = performance.now();
    const m = read(bytes);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => JSON.stringify(m)).not.toThrow();
    return m;
  };

  it('every truncation of a full file', () => {
    const full = syntheticVideo({ ...IPHONE, udta: ANDROID.udta!, mdatBytes: 16 });
    for (let n = 0; n <= full.length; n++) quick(full.subarray(0, n));
    expect(quick(full.subarray(0, full.length - 10)).warnings.some((w) => w.includes('past the end'))).toBe(true);
  });

  it('size 0 runs to the end; size 1 reads a 64-bit size; sizes below the header or beyond 2^53 stop the walk', () => {
    const inner = moov(ANDROID).subarray(8);
    const toEnd = Buffer.concat([ftyp(), u32(0), Buffer.from('moov'), inner]);
    expect(quick(toEnd).summary.make).toBe('samsung');
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('moov', 4);
    large.writeBigUInt64BE(BigInt(16 + inner.length), 8);
    expect(quick(Buffer.concat([ftyp(), large, inner])).summary.make).toBe('samsung');
    large.writeBigUInt64BE(2n ** 63n, 8);
    expect(quick(Buffer.concat([ftyp(), large, inner])).warnings.join()).toMatch(/past the end/);
    large.writeBigUInt64BE(3n, 8);
    expect(quick(Buffer.concat([ftyp(), large, inner])).warnings.join()).toMatch(/impossible size 3/);
    expect(quick(Buffer.concat([ftyp(), u32(4), Buffer.from('moov'), inner])).warnings.join()).toMatch(/impossible size 4/);
  });

  it('a box larger than its parent is cut to the parent', () => {
    const liar = Buffer.concat([u32(1 << 30), Buffer.from('©mak', 'latin1'), Buffer.from([0, 5, 0x15, 0xc7]), Buffer.from('Apple')]);
    const m = quick(Buffer.concat([ftyp(), box('moov', box('udta', liar), box('udta', box('©mod', Buffer.from([0, 2, 0x15, 0xc7]), Buffer.from('X1'))))]));
    expect(m.summary).toMatchObject({ make: 'Apple', model: 'X1' });
    expect(m.warnings.join()).toMatch(/past the end of its container/);
  });

  it('10 000 tiny boxes at the top level and inside moov', () => {
    const tiny = Buffer.alloc(8 * 10_000);
    for (let i = 0; i < 10_000; i++) { tiny.writeUInt32BE(8, i * 8); tiny.write('free', i * 8 + 4); }
    expect(quick(Buffer.concat([ftyp(), tiny, moov(ANDROID)])).summary.make).toBe('samsung');
    expect(quick(Buffer.concat([ftyp(), box('moov', tiny, box('udta', box('©mak', Buffer.from([0, 1, 0, 0]), Buffer.from('Z'))))])).summary.make).toBe('Z');
    const many = Buffer.concat(Array.from({ length: 8 }, () => box('udta', tiny)));
    expect(quick(Buffer.concat([ftyp(), box('moov', many)])).warnings.join()).toMatch(/more than 50000 boxes/);
  });

  it('deep nesting of udta/meta does not recurse without bound', () => {
    let inner = box('©mak', Buffer.from([0, 4, 0, 0]), Buffer.from('Deep'));
    for (let i = 0; i < 5000; i++) inner = i % 2 ? box('udta', inner) : box('meta', u32(0), inner);
    const m = quick(Buffer.concat([ftyp(), box('moov', inner)]));
    expect(m.summary.make).toBeNull();
  });

  it('a keys box announcing 4 billion keys, and keys of impossible sizes', () => {
    const keys = box('keys', u32(0), u32(0xffffffff), u32(8 + 24), Buffer.from('mdta'), Buffer.from('com.apple.quicktime.make'));
    const ilst = box('ilst', Buffer.concat([u32(8 + 8 + 8 + 5), u32(1), box('data', u32(1), u32(0), Buffer.from('Apple'))]));
    const m = quick(Buffer.concat([ftyp(), box('moov', box('meta', box('hdlr', u32(0), u32(0), Buffer.from('mdta'), Buffer.alloc(13)), keys, ilst))]));
    expect(m.summary.make).toBe('Apple');
    expect(m.warnings.join()).toMatch(/announces 4294967295 keys but holds 1/);
    const bad = box('keys', u32(0), u32(3), u32(0xfffffff0), Buffer.from('mdta'));
    expect(quick(Buffer.concat([ftyp(), box('moov', box('meta', bad))])).warnings.join()).toMatch(/impossible size/);
    const manyKeys = appleMeta(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 'v'])));
    expect(quick(Buffer.concat([ftyp(), box('moov', manyKeys)])).warnings.join()).toMatch(/more than 512/);
  });

  it('random bytes after an ftyp, a lone ftyp, an empty file', () => {
    let seed = 7;
    const random = Buffer.alloc(4096, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    quick(Buffer.concat([ftyp(), random]));
    expect(quick(ftyp()).warnings).toEqual(['no moov box: the video has no readable metadata (cut short, or still being recorded)']);
    quick(Buffer.alloc(0));
  });
});

describe('sniffing', () => {
  it('QuickTime without ftyp (moov, mdat, wide first) is a video; text with "moov" at byte 4 is not', () => {
    expect(sniffType(moov(ANDROID))).toBe('video/quicktime');
    expect(sniffType(Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from('wide'), box('mdat')]))).toBe('video/quicktime');
    expect(sniffType(Buffer.from('abcdmoov and then some text'))).toBe('text/plain');
  });
});

// The fixtures are real QuickTime if exiftool, which knows nothing of Lanterne, reads the same.
const exiftool = HAS_EXIFTOOL;

describe.skipIf(!exiftool)('fixtures as exiftool reads them', () => {
  it('make, model, dates and GPS agree for the Apple-keys MOV, the udta MP4 and the sparse 300 MB file', async () => {
    const files = { iphone: path.join(scratch, 'iphone.mov'), android: path.join(scratch, 'android.mp4'), big: path.join(scratch, 'big-ex.mp4') };
    writeFileSync(files.iphone, syntheticVideo(IPHONE));
    writeFileSync(files.android, syntheticVideo(ANDROID));
    await writeSparseVideo(files.big, { ...ANDROID, moovAtEnd: true }, 300 * 1024 * 1024);
    const out = JSON.parse(execFileSync('exiftool', ['-j', '-G1', '-n', '-api', 'LargeFileSupport=1', files.iphone, files.android, files.big], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
    const [iphone, android, big] = out as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const ours = {
      iphone: extractQuickTimeMetadata(files.iphone),
      android: extractQuickTimeMetadata(readFileSync(files.android)),
      big: extractQuickTimeMetadata(files.big),
    };
    expect([iphone['Keys:Make'], iphone['Keys:Model'], iphone['Keys:Software']]).toEqual([ours.iphone.summary.make, ours.iphone.summary.model, ours.iphone.summary.software]);
    expect(iphone['Keys:CreationDate']).toBe('2021:07:04 13:22:10+02:00');
    expect(ours.iphone.summary.taken).toBe('2021-07-04T13:22:10+02:00');
    expect(iphone['QuickTime:CreateDate']).toBe('2021:07:04 11:22:10'); // exiftool prints mvhd in UTC unless told otherwise
    expect(ours.iphone.tags['quicktime']!['CreateTime']).toBe('2021-07-04T11:22:10+00:00');
    expect(iphone['Keys:GPSCoordinates']).toBe('50.8466 4.3528 12');
    expect([iphone['Composite:Rotation'], iphone['Track1:ImageWidth'], iphone['Track1:ImageHeight'], iphone['QuickTime:Duration']]).toEqual([90, 1920, 1080, 12.5]);
    for (const [theirs, mine] of [[android, ours.android], [big, ours.big]] as const) {
      expect([theirs['UserData:Make'], theirs['UserData:Model'], theirs['UserData:SerialNumber']]).toEqual([mine.summary.make, mine.summary.model, mine.summary.serial]);
      expect(theirs['QuickTime:CreateDate']).toBe('2022:01:02 03:04:05');
      expect(mine.summary.taken).toBe('2022-01-02T03:04:05+00:00');
      expect([theirs['Composite:GPSLatitude'], theirs['Composite:GPSLongitude']]).toEqual([mine.summary.gps!.lat, mine.summary.gps!.lon]);
    }
    expect(big['System:FileSize']).toBe(300 * 1024 * 1024);
  });
});
