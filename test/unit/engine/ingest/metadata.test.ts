// extractMetadata on real fixtures (exifr's own test photos, the corpus) and on small files built
// here byte by byte, for the cases no camera sample has: bad dates, odd GPS, hostile structures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { afterEach, describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { corpusPath, REPO_ROOT } from '../../../fixtures/corpus.js';

const fixture = (...parts: string[]) => readFileSync(corpusPath('exifr-fixtures', ...parts));

// --- a minimal EXIF writer: little-endian TIFF with IFD0, Exif and GPS IFDs -------------------

type Value =
  | { ascii: string }
  | { short: number[] }
  | { long: number[] }
  | { byte: number[] }
  /** Each rational as [numerator, denominator]. */
  | { rational: Array<[number, number]> }
  | { raw: { type: number; count: number; bytes: Buffer } };
type Ifd = Record<number, Value>;

function encode(value: Value): { type: number; count: number; bytes: Buffer } {
  if ('ascii' in value) {
    const bytes = Buffer.from(`${value.ascii}\0`, 'utf8');
    return { type: 2, count: bytes.length, bytes };
  }
  if ('short' in value) {
    const bytes = Buffer.alloc(2 * value.short.length);
    value.short.forEach((v, i) => bytes.writeUInt16LE(v, 2 * i));
    return { type: 3, count: value.short.length, bytes };
  }
  if ('long' in value) {
    const bytes = Buffer.alloc(4 * value.long.length);
    value.long.forEach((v, i) => bytes.writeUInt32LE(v, 4 * i));
    return { type: 4, count: value.long.length, bytes };
  }
  if ('byte' in value) return { type: 1, count: value.byte.length, bytes: Buffer.from(value.byte) };
  if ('rational' in value) {
    const bytes = Buffer.alloc(8 * value.rational.length);
    value.rational.forEach(([n, d], i) => {
      bytes.writeUInt32LE(n, 8 * i);
      bytes.writeUInt32LE(d, 8 * i + 4);
    });
    return { type: 5, count: value.rational.length, bytes };
  }
  return value.raw;
}

function tiff(ifd0: Ifd, exif?: Ifd, gps?: Ifd): Buffer {
  const ifds: Ifd[] = [{ ...ifd0 }];
  if (exif) ifds.push(exif);
  if (gps) ifds.push(gps);
  const ifdSize = (ifd: Ifd) => 2 + 12 * (Object.keys(ifd).length + (ifd === ifds[0] ? (exif ? 1 : 0) + (gps ? 1 : 0) : 0)) + 4;
  const offsets: number[] = [];
  let at = 8;
  for (const ifd of ifds) {
    offsets.push(at);
    at += ifdSize(ifd);
  }
  if (exif) ifds[0]![0x8769] = { long: [offsets[1]!] };
  if (gps) ifds[0]![0x8825] = { long: [offsets[exif ? 2 : 1]!] };
  const head = Buffer.alloc(at);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  const data: Buffer[] = [];
  let dataAt = at;
  ifds.forEach((ifd, n) => {
    let p = offsets[n]!;
    const tags = Object.keys(ifd).map(Number).sort((a, b) => a - b);
    head.writeUInt16LE(tags.length, p);
    p += 2;
    for (const tag of tags) {
      const { type, count, bytes } = encode(ifd[tag]!);
      head.writeUInt16LE(tag, p);
      head.writeUInt16LE(type, p + 2);
      head.writeUInt32LE(count, p + 4);
      if (bytes.length <= 4) bytes.copy(head, p + 8);
      else {
        head.writeUInt32LE(dataAt, p + 8);
        const padded = bytes.length % 2 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes;
        data.push(padded);
        dataAt += padded.length;
      }
      p += 12;
    }
    head.writeUInt32LE(0, p);
  });
  return Buffer.concat([head, ...data]);
}

function app(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A JPEG with only metadata segments: exifr (and this module) never look at the image data. */
function jpeg(options: { exif?: Buffer; xmp?: string }): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  if (options.exif) parts.push(app(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), options.exif])));
  if (options.xmp) parts.push(app(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(options.xmp, 'utf8')])));
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

const xmpPacket = (description: string, attributes = '') =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ${attributes}>` +
  `${description}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const MAKE = 0x010f;
const MODEL = 0x0110;
const ORIENTATION = 0x0112;
const DATE_TIME_ORIGINAL = 0x9003;
const CREATE_DATE = 0x9004;
const OFFSET_TIME_ORIGINAL = 0x9011;
const SUB_SEC_TIME_ORIGINAL = 0x9291;
const BODY_SERIAL = 0xa431;
const LENS_MODEL = 0xa434;

const gpsIfd = (lat: number[], latRef: string | null, lon: number[], lonRef: string | null, alt?: [number, number]): Ifd => {
  const dms = (v: number[]): Value => ({ rational: v.map((x) => [Math.round(x * 1000), 1000] as [number, number]) });
  const ifd: Ifd = { 2: dms(lat), 4: dms(lon) };
  if (latRef !== null) ifd[1] = { ascii: latRef };
  if (lonRef !== null) ifd[3] = { ascii: lonRef };
  if (alt) {
    ifd[5] = { byte: [alt[1]] };
    ifd[6] = { rational: [[alt[0], 1]] };
  }
  return ifd;
};

describe('extractMetadata on exifr fixtures', () => {
  it('reads the Google Pixel photo exifr itself tests with', async () => {
    const m = await extractMetadata(fixture('IMG_20180725_163423.jpg'), 'image/jpeg');
    expect(m.summary).toMatchObject({ make: 'Google', model: 'Pixel', taken: '2018-07-25T16:34:23', software: 'HDR+ 1.0.199571065z' });
    expect(m.summary.gps?.lat).toBeCloseTo(50.29960277777778, 12);
    expect(m.summary.gps?.lon).toBeCloseTo(14.820294444444444, 12);
    expect(m.summary.gps?.alt).toBe(252);
    expect(m.orientation).toBe(1);
    expect(m.warnings).toEqual([]);
    // The sub-seconds stay in the tags, not in `taken` (see metadata-dates.ts).
    expect(m.tags['exif']?.['SubSecTimeOriginal']).toBe('935476');
    expect(m.tags['lanterne']?.['sources']).toMatchObject({ make: 'ifd0.Make', taken: 'exif.DateTimeOriginal', gps: 'exif' });
  });

  it('reads EXIF orientation 1 to 8 from exifr orientation fixtures f1t..f8t', async () => {
    for (let n = 1; n <= 8; n++) {
      const m = await extractMetadata(fixture('orientation', `f${n}t.jpg`), 'image/jpeg');
      expect(m.orientation, `f${n}t.jpg`).toBe(n);
    }
  });

  it('gives all nulls and no crash for a JPEG without EXIF', async () => {
    const m = await extractMetadata(fixture('noexif.jpg'), 'image/jpeg');
    expect(m.summary).toEqual({ make: null, model: null, serial: null, lens: null, software: null, taken: null, gps: null });
    expect(m.orientation).toBeNull();
    expect(m.warnings).toEqual([]);
  });

  it('keeps the blocks apart and JSON-safe: no typed arrays, binary as {bytes}', async () => {
    const m = await extractMetadata(fixture('IMG_20180725_163423.jpg'), 'image/jpeg');
    expect(Object.keys(m.tags)).toEqual(expect.arrayContaining(['ifd0', 'exif', 'gps', 'interop', 'ifd1']));
    expect(JSON.parse(JSON.stringify(m.tags))).toEqual(m.tags);
    expect(m.tags['gps']?.['GPSProcessingMethod']).toEqual([65, 83, 67, 73, 73, 0, 0, 0, 102, 117, 115, 101, 100]);
    expect(m.tags['gps']?.['latitude']).toBeUndefined(); // exifr's own decimal is not a tag
  });
});

describe('taken: DateTimeOriginal exactly as recorded', () => {
  const original = process.env['TZ'];
  afterEach(() => {
    if (original === undefined) delete process.env['TZ'];
    else process.env['TZ'] = original;
  });

  it('does not depend on the time zone of the machine, where exifr defaults do', async () => {
    const bytes = fixture('IMG_20180725_163423.jpg');
    const run = async (tz: string) => {
      process.env['TZ'] = tz; // Node applies a TZ change to Date at once
      const defaults = (await exifr.parse(bytes)) as { DateTimeOriginal: Date };
      return { ours: (await extractMetadata(bytes, 'image/jpeg')).summary.taken, exifrDefault: defaults.DateTimeOriginal.toISOString() };
    };
    const newYork = await run('America/New_York');
    const utc = await run('UTC');
    expect(newYork.exifrDefault).not.toBe(utc.exifrDefault); // the trap is real...
    expect(utc.exifrDefault).toBe('2018-07-25T16:34:23.000Z');
    expect(newYork.exifrDefault).toBe('2018-07-25T20:34:23.000Z');
    expect(newYork.ours).toBe('2018-07-25T16:34:23'); // ...and avoided
    expect(utc.ours).toBe(newYork.ours);
  });

  it('appends OffsetTimeOriginal when recorded, and leaves SubSecTimeOriginal out', async () => {
    const m = await extractMetadata(
      jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '2021:07:04 13:22:10' }, [OFFSET_TIME_ORIGINAL]: { ascii: '+02:00' }, [SUB_SEC_TIME_ORIGINAL]: { ascii: '25' } }) }),
      'image/jpeg',
    );
    expect(m.summary.taken).toBe('2021-07-04T13:22:10+02:00');
    expect(m.warnings).toEqual([]);
  });

  it('treats an unset clock or blanks as no date, and falls back to CreateDate only then', async () => {
    const zeros = await extractMetadata(jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '0000:00:00 00:00:00' } }) }), 'image/jpeg');
    expect(zeros.summary.taken).toBeNull();
    expect(zeros.warnings.join()).toMatch(/DateTimeOriginal is not a valid date/);
    const blank = await extractMetadata(jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '    :  :     :  :  ' } }) }), 'image/jpeg');
    expect(blank.summary.taken).toBeNull();
    const fallback = await extractMetadata(
      jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '' }, [CREATE_DATE]: { ascii: '2020:02:29 23:59:59' } }) }),
      'image/jpeg',
    );
    expect(fallback.summary.taken).toBe('2020-02-29T23:59:59');
    expect(fallback.tags['lanterne']?.['sources']).toMatchObject({ taken: 'exif.CreateDate' });
    const both = await extractMetadata(
      jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '2019:01:01 10:00:00' }, [CREATE_DATE]: { ascii: '2020:01:01 10:00:00' } }) }),
      'image/jpeg',
    );
    expect(both.summary.taken).toBe('2019-01-01T10:00:00');
    const impossible = await extractMetadata(jpeg({ exif: tiff({}, { [DATE_TIME_ORIGINAL]: { ascii: '2021:02:30 10:00:00' } }) }), 'image/jpeg');
    expect(impossible.summary.taken).toBeNull();
  });

  it('falls back to XMP dates when there is no EXIF date', async () => {
    const created = await extractMetadata(jpeg({ xmp: xmpPacket('<photoshop:DateCreated>2011-05-01T10:38:48.25+01:00</photoshop:DateCreated>') }), 'image/jpeg');
    expect(created.summary.taken).toBe('2011-05-01T10:38:48+01:00');
    const utc = await extractMetadata(jpeg({ xmp: xmpPacket('', 'exif:DateTimeOriginal="2012-04-12T14:10:55.000Z"') }), 'image/jpeg');
    expect(utc.summary.taken).toBe('2012-04-12T14:10:55+00:00');
  });
});

describe('GPS', () => {
  it('signs south and west, and altitude below sea level (GPSAltitudeRef 1)', async () => {
    const m = await extractMetadata(jpeg({ exif: tiff({}, undefined, gpsIfd([33, 51, 54], 'S', [151, 12, 36], 'W', [12, 1])) }), 'image/jpeg');
    expect(m.summary.gps?.lat).toBeCloseTo(-(33 + 51 / 60 + 54 / 3600), 10);
    expect(m.summary.gps?.lon).toBeCloseTo(-(151 + 12 / 60 + 36 / 3600), 10);
    expect(m.summary.gps?.alt).toBe(-12);
  });

  it('gives no position for 0/0 without references, or for a zero denominator', async () => {
    const zero = await extractMetadata(jpeg({ exif: tiff({}, undefined, gpsIfd([0, 0, 0], null, [0, 0, 0], null)) }), 'image/jpeg');
    expect(zero.summary.gps).toBeNull();
    const nan = await extractMetadata(
      jpeg({ exif: tiff({}, undefined, { 1: { ascii: 'N' }, 2: { rational: [[50, 0], [0, 0], [0, 0]] }, 3: { ascii: 'E' }, 4: { rational: [[14, 1], [0, 1], [0, 1]] } }) }),
      'image/jpeg',
    );
    expect(nan.summary.gps).toBeNull();
    expect(JSON.stringify(nan.tags)).not.toMatch(/NaN|Infinity/);
  });

  it('reads XMP GPS ("50,17.976N") when there is no EXIF GPS', async () => {
    const m = await extractMetadata(
      jpeg({ xmp: xmpPacket('<exif:GPSLatitude>50,17.976N</exif:GPSLatitude><exif:GPSLongitude>14,49,13.06W</exif:GPSLongitude><exif:GPSAltitude>2525/10</exif:GPSAltitude><exif:GPSAltitudeRef>1</exif:GPSAltitudeRef>') }),
      'image/jpeg',
    );
    expect(m.summary.gps?.lat).toBeCloseTo(50 + 17.976 / 60, 10);
    expect(m.summary.gps?.lon).toBeCloseTo(-(14 + 49 / 60 + 13.06 / 3600), 10);
    expect(m.summary.gps?.alt).toBeCloseTo(-252.5, 10);
    expect(m.tags['lanterne']?.['sources']).toMatchObject({ gps: 'xmp' });
  });
});

describe('camera strings', () => {
  it('trims NUL padding and whitespace, keeps exactly the recorded text, null when empty', async () => {
    const m = await extractMetadata(
      jpeg({
        exif: tiff(
          { [MAKE]: { ascii: '  Canon\0\0\0garbage' }, [MODEL]: { ascii: '   ' }, [ORIENTATION]: { short: [9] } },
          { [BODY_SERIAL]: { ascii: '0012345' }, [LENS_MODEL]: { ascii: 'EF-S18-55mm f/3.5-5.6 ' } },
        ),
      }),
      'image/jpeg',
    );
    expect(m.summary).toMatchObject({ make: 'Canon', model: null, serial: '0012345', lens: 'EF-S18-55mm f/3.5-5.6' });
    expect(m.orientation).toBeNull();
    expect(m.warnings.join()).toMatch(/Orientation 9 is not 1-8/);
  });

  it('takes make, model, serial and lens from XMP when EXIF has none, as text (serials keep leading zeros)', async () => {
    const m = await extractMetadata(
      jpeg({ xmp: xmpPacket('<aux:Lens>18.0-55.0 mm</aux:Lens><aux:LensInfo>18/1 55/1 0/0 0/0</aux:LensInfo>', 'tiff:Make="Smith &amp; Co" tiff:Model="X1" aux:SerialNumber="0012345" tiff:Orientation="6"') }),
      'image/jpeg',
    );
    expect(m.summary).toMatchObject({ make: 'Smith & Co', model: 'X1', serial: '0012345', lens: '18.0-55.0 mm' });
    expect(m.orientation).toBe(6);
    expect(m.tags['xmp']?.['tiff:Model']).toBe('X1');
  });

  it('prefers EXIF over XMP and does not let XMP overwrite EXIF blocks', async () => {
    const m = await extractMetadata(jpeg({ exif: tiff({ [MAKE]: { ascii: 'ExifMake' } }), xmp: xmpPacket('', 'tiff:Make="XmpMake"') }), 'image/jpeg');
    expect(m.summary.make).toBe('ExifMake');
    expect(m.tags['ifd0']?.['Make']).toBe('ExifMake');
    expect(m.tags['xmp']?.['tiff:Make']).toBe('XmpMake');
  });

  it('strips control and bidi characters and caps huge strings', async () => {
    const m = await extractMetadata(
      jpeg({ exif: tiff({ [MAKE]: { ascii: 'Ev\u0007il\u001b[31m\u202eCam' }, [MODEL]: { ascii: 'M'.repeat(60_000) } }) }),
      'image/jpeg',
    );
    expect(m.summary.make).toBe('Evil[31mCam');
    expect(m.summary.model!.length).toBeLessThan(300);
    expect(String(m.tags['ifd0']?.['Model']).length).toBeLessThan(4200);
    expect(String(m.tags['ifd0']?.['Make'])).not.toMatch(/[\u0000-\u001f\u202e]/);
  });
});

describe('hostile and damaged input never throws or hangs', () => {
  const photo = fixture('IMG_20180725_163423.jpg');

  it('survives garbage, empty input and truncation at every point of the metadata', async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('not an image at all'), Buffer.alloc(4096, 0xff), Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff])]) {
      const m = await extractMetadata(bytes, 'image/jpeg');
      expect(m.summary.make).toBeNull();
    }
    for (let cut = 0; cut < 20_000; cut += 97) {
      const m = await extractMetadata(photo.subarray(0, cut), 'image/jpeg');
      expect(m.summary.make === null || m.summary.make === 'Google').toBe(true);
    }
  });

  it('survives random byte corruption of the EXIF segment', async () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(photo.subarray(0, 24_000));
      for (let k = 0; k < 8; k++) bytes[6 + Math.floor(random() * 18_000)] = Math.floor(random() * 256);
      const start = performance.now();
      const m = await extractMetadata(bytes, 'image/jpeg');
      expect(performance.now() - start).toBeLessThan(1000);
      expect(() => JSON.stringify(m)).not.toThrow();
    }
  });

  /** A TIFF whose IFD0 has `oversized` ASCII entries each claiming most of a 2 MB file, plus Make. */
  function tiffWithHugeCounts(oversized: number): Buffer {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x41);
    const ifd0: Ifd = { [MAKE]: { ascii: 'Canon' } };
    for (let tag = 0x1000; tag < 0x1000 + oversized; tag++) ifd0[tag] = { raw: { type: 2, count: body.length - 64 * 1024, bytes: Buffer.alloc(0) } };
    const structure = tiff(ifd0);
    for (let p = 10; p < 10 + 12 * Object.keys(ifd0).length; p += 12) {
      if (structure.readUInt32LE(p + 4) > 1000) structure.writeUInt32LE(structure.length, p + 8); // point at the filler
    }
    return Buffer.concat([structure, body]);
  }

  it('bounds the work of a TIFF whose tags claim huge value counts', async () => {
    // exifr alone decodes every one of them: 400 such entries take it 1.2 s and 870 MB, 2000 would take ~4 GB.
    const start = performance.now();
    const m = await extractMetadata(tiffWithHugeCounts(2000), 'image/tiff');
    expect(performance.now() - start).toBeLessThan(500);
    expect(m.warnings.join()).toMatch(/values is over the limit/);
    expect(m.warnings.join()).toMatch(/ifd0 IFD dropped: more than 16 unreadable entries/);
    // A few oversized values cost only themselves.
    const few = await extractMetadata(tiffWithHugeCounts(3), 'image/tiff');
    expect(few.summary.make).toBe('Canon');
    expect(few.tags['ifd0']?.['4096']).toEqual({ omittedValues: 2 * 1024 * 1024 - 64 * 1024 }); // unnamed tag 0x1000
    expect(Buffer.byteLength(JSON.stringify(few.tags))).toBeLessThan(16 * 1024);
  });

  it('keeps the rest of an IFD when one entry is unreadable', async () => {
    const m = await extractMetadata(
      jpeg({ exif: tiff({ [MAKE]: { ascii: 'Nikon' }, 0x0131: { raw: { type: 99, count: 1, bytes: Buffer.alloc(4) } }, [MODEL]: { ascii: 'D70' } }) }),
      'image/jpeg',
    );
    expect(m.summary).toMatchObject({ make: 'Nikon', model: 'D70' });
    expect(m.warnings.join()).toMatch(/ifd0 tag 0x0131 not read/);
  });

  it('does not feed exifr XMP that would make its regex parser rescan the packet (unclosed tags)', async () => {
    const bomb = `<x:xmpmeta><rdf:RDF><rdf:Description>${'<a:b>'.repeat(12_000)}`;
    const start = performance.now();
    const m = await extractMetadata(jpeg({ xmp: bomb }), 'image/jpeg');
    expect(performance.now() - start).toBeLessThan(100); // exifr alone: ~250 ms for these 60 KB
    expect(m.warnings.join()).toMatch(/XMP not read: elements nested deeper than 32/);
    const unclosed = `<x:xmpmeta><rdf:RDF><rdf:Description><a:b>x</a:b><a:c>`;
    expect((await extractMetadata(jpeg({ xmp: unclosed }), 'image/jpeg')).warnings.join()).toMatch(/XMP not read: unclosed element <a:c>/);
    const deep = `<rdf:Description>${'<a:b>'.repeat(5000)}${'</a:b>'.repeat(5000)}</rdf:Description>`;
    expect((await extractMetadata(jpeg({ xmp: deep }), 'image/jpeg')).warnings.join()).toMatch(/nested deeper/);
  });

  it('caps the stored tags at 256 KiB and says so', async () => {
    const properties = Array.from({ length: 300 }, (_, i) => `<photoshop:Note${i}>${'x'.repeat(3000)}</photoshop:Note${i}>`).join('');
    const big = Buffer.from(xmpPacket(properties), 'utf8');
    // PNG carries XMP in an iTXt chunk of any size (a JPEG segment stops at 64 KB).
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(1, 0);
    ihdr.writeUInt32BE(1, 4);
    ihdr[8] = 8;
    const png = Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      chunk('IHDR', ihdr),
      chunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), big])),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const m = await extractMetadata(png, 'image/png');
    expect(m.tags['lanterne']?.['truncated']).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(m.tags))).toBeLessThanOrEqual(256 * 1024 + 1024);
    expect(m.warnings.join()).toMatch(/metadata too large/);
  });

  it('does not hand exifr a HEIF whose boxes would loop it forever', async () => {
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    const zeroBox = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('free', 'latin1'), Buffer.alloc(64)]);
    const heif = Buffer.concat([ftyp, zeroBox]);
    const m = await extractMetadata(heif, 'image/heic');
    expect(m.warnings.join()).toMatch(/no readable metadata box/);
    // The guard is needed: exifr's own parser spins on this file (killed after 3 s here).
    const script = `import('exifr').then(({default: e}) => e.parse(Buffer.from('${heif.toString('base64')}', 'base64')))`;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, timeout: 3000 });
    expect(child.signal).toBe('SIGTERM');
  });

  it('does not hand exifr a HEIF whose metadata box is followed by 100,000 tiny boxes', async () => {
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
    const meta = Buffer.concat([Buffer.from([0, 0, 0, 12]), Buffer.from('meta', 'latin1'), Buffer.alloc(4)]);
    const tiny = Buffer.alloc(8 * 100_000);
    for (let at = 0; at < tiny.length; at += 8) tiny.writeUInt32BE(8, at);
    const m = await extractMetadata(Buffer.concat([ftyp, meta, tiny]), 'image/heic');
    expect(m.warnings.join()).toMatch(/not plausible/);
  });
});

describe('other containers', () => {
  it('reads Canon CR3, Fujifilm RAF, Panasonic RW2 and Photoshop PSD', async () => {
    const read = async (name: string, mime: string) => extractMetadata(readFileSync(corpusPath('exiftool-t-images', name)), mime);
    expect((await read('CanonRaw.cr3', 'image/x-canon-cr3')).summary).toMatchObject({ make: 'Canon', model: 'Canon EOS M50', lens: 'EF-M15-45mm f/3.5-6.3 IS STM' });
    expect((await read('FujiFilm.raf', 'image/x-fuji-raf')).summary).toMatchObject({ make: 'FUJIFILM', model: 'FinePix S5Pro', taken: '2007-05-22T13:58:30' });
    expect((await read('Panasonic.rw2', 'image/x-panasonic-rw2')).summary).toMatchObject({ make: 'Panasonic', model: 'DMC-LX3' });
    expect((await read('Photoshop.psd', 'image/vnd.adobe.photoshop')).summary).toMatchObject({ software: 'Adobe Photoshop 7.0' });
  });

  it('reads Canon CIFF, in a pre-EXIF PowerShot JPEG and as a CRW raw file', async () => {
    const jpg = await extractMetadata(readFileSync(corpusPath('ianare-exif-samples', 'jpg', 'exif-org', 'sony-powershota5.jpg')), 'image/jpeg');
    expect(jpg.summary).toMatchObject({ make: 'Canon', model: 'Canon PowerShot A5', taken: '2000-10-27T22:56:26' });
    expect(jpg.tags['ciff']).toMatchObject({ OwnerName: 'Chris Smith', FileNumber: 7808 });
    const crw = await extractMetadata(readFileSync(corpusPath('exiftool-t-images', 'CanonRaw.crw')), 'application/octet-stream');
    expect(crw.summary).toMatchObject({ make: 'Canon', model: 'Canon EOS DIGITAL REBEL', taken: '2003-11-10T17:39:26' });
  });

  it('bounds a CIFF heap that contains itself', async () => {
    // Header, then a heap whose one record is a sub-heap spanning the whole heap again.
    const heap = Buffer.alloc(16);
    heap.writeUInt16LE(1, 0); // record count, table at heap offset 0
    heap.writeUInt16LE(0x300a, 2); // a sub-heap...
    heap.writeUInt32LE(16, 4); // ...of the heap's own size...
    heap.writeUInt32LE(0, 8); // ...at its own start
    heap.writeUInt32LE(0, 12); // the table offset, in the heap's last 4 bytes
    const header = Buffer.concat([Buffer.from('II', 'latin1'), Buffer.from([14, 0, 0, 0]), Buffer.from('HEAPCCDR', 'latin1')]);
    const m = await extractMetadata(Buffer.concat([header, heap]), 'application/octet-stream');
    expect(m.summary.make).toBeNull();
  });

  it('reads EXIF and XMP from WebP RIFF chunks', async () => {
    const exifChunk = tiff({ [MAKE]: { ascii: 'WebCam' } });
    const xmp = Buffer.from(xmpPacket('', 'tiff:Model="W1"'), 'utf8');
    const chunk = (type: string, data: Buffer) => {
      const header = Buffer.alloc(8);
      header.write(type, 0, 'latin1');
      header.writeUInt32LE(data.length, 4);
      return Buffer.concat([header, data, Buffer.alloc(data.length & 1)]);
    };
    const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), chunk('VP8X', Buffer.alloc(10)), chunk('EXIF', exifChunk), chunk('XMP ', xmp)]);
    const riff = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), body]);
    riff.writeUInt32LE(body.length, 4);
    const m = await extractMetadata(riff, 'image/webp');
    expect(m.summary).toMatchObject({ make: 'WebCam', model: 'W1' });
  });

  it('says so, without failing, for formats it does not read', async () => {
    const m = await extractMetadata(readFileSync(corpusPath('exiftool-t-images', 'JXL.jxl')), 'image/jxl');
    expect(m.summary.make).toBeNull();
    expect(m.warnings.join()).toMatch(/not read from image\/jxl/);
    expect((await extractMetadata(readFileSync(corpusPath('exiftool-t-images', 'GIF.gif')), 'image/gif')).warnings).toEqual([]);
  });
});
