// Maker-note readers (issue 8): serials read from notes built here byte by byte in each maker's
// layout, and hostile notes (entry counts, offsets and sub-directories pointing anywhere) that
// must end in a recorded warning, never a throw or a long loop.
import { describe, expect, it } from 'vitest';
import { readMakerNote } from '../../../../electron/engine/ingest/makernotes/index.js';
import { TiffReader } from '../../../../electron/engine/ingest/makernotes/tiff-reader.js';
import { extractMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { sceneJpeg } from '../../../fixtures/generate.js';
import { ascii, buildTiff, exifDataOffset, long, undef, withExif } from './exif-builder.js';

/** A little-endian IFD at `base` whose out-of-line data follows it; offsets counted from `origin`. */
function ifd(entries: { tag: number; type: number; count: number; data: Buffer }[], base: number, origin: number): Buffer {
  const head = 2 + 12 * entries.length + 4;
  const parts: Buffer[] = [];
  const table = Buffer.alloc(head);
  table.writeUInt16LE(entries.length, 0);
  let data = base + head;
  entries.forEach((e, i) => {
    const p = 2 + 12 * i;
    table.writeUInt16LE(e.tag, p);
    table.writeUInt16LE(e.type, p + 2);
    table.writeUInt32LE(e.count, p + 4);
    if (e.data.length <= 4) e.data.copy(table, p + 8);
    else {
      table.writeUInt32LE(data - origin, p + 8);
      parts.push(e.data);
      data += e.data.length;
    }
  });
  return Buffer.concat([table, ...parts]);
}

const make = ascii(0x010f, 'X');

async function serialsOf(makeName: string, note: (at: number) => Buffer) {
  const ifd0 = [ascii(0x010f, makeName), ascii(0x0110, 'Model 1')];
  const placeholder = undef(0x927c, Buffer.alloc(8));
  const at = exifDataOffset(ifd0, [placeholder]);
  const tiff = buildTiff(ifd0, [undef(0x927c, note(at))]);
  const jpeg = withExif(await sceneJpeg({ width: 64, height: 48, seed: 1 }), tiff);
  return extractMetadata(jpeg, 'image/jpeg');
}

describe('maker-note serials', () => {
  it('Canon: body serial (int32u), internal serial, lens serial, owner', async () => {
    const m = await serialsOf('Canon', (at) =>
      ifd([ascii(0x0009, 'A. Owner'), long(0x000c, 560018150), ascii(0x0096, 'ME2612423'), undef(0x4019, Buffer.from([0, 0, 0x9f, 0x8e, 0xeb, 0, 0, 0]))], at, 0),
    );
    expect(m.summary.serial).toBe('560018150');
    expect(m.camera.serials).toEqual(expect.arrayContaining([{ kind: 'internal', value: 'ME2612423', source: 'canon.InternalSerialNumber' }]));
    expect(m.camera.lensSerial).toBe('00009f8eeb');
    expect(m.camera.owner).toBe('A. Owner');
  });

  it('Nikon type 3: serial and shutter count inside the embedded TIFF header', async () => {
    const m = await serialsOf('NIKON CORPORATION', () => {
      const inner = ifd([ascii(0x001d, '3105364'), long(0x00a7, 12345)], 8, 0);
      const header = Buffer.from('Nikon\0\x02\x10\0\0II\x2a\0\x08\0\0\0', 'latin1');
      return Buffer.concat([header, inner]);
    });
    expect(m.summary.serial).toBe('3105364');
    expect(m.camera.shutterCount).toBe(12345);
  });

  it('Fujifilm: little-endian IFD at the offset its header gives, offsets from the note', async () => {
    const m = await serialsOf('FUJIFILM', () => Buffer.concat([Buffer.from('FUJIFILM\x0c\0\0\0', 'latin1'), ifd([ascii(0x0010, 'FPX20582698 592D3131')], 12, 0)]));
    expect(m.camera.serials).toEqual([{ kind: 'internal', value: 'FPX20582698 592D3131', source: 'fujifilm.InternalSerialNumber' }]);
  });

  it('Samsung type 2 and Sony 0x2031 (pair-reversed digits)', async () => {
    const samsung = await serialsOf('SAMSUNG', (at) => ifd([ascii(0xa002, 'SN123456789')], at, 0));
    expect(samsung.summary.serial).toBe('SN123456789');
    const sony = await serialsOf('SONY', (at) => Buffer.concat([Buffer.from('SONY DSC \0\0\0', 'latin1'), ifd([ascii(0x2031, '78563412')], at + 12, 0)]));
    expect(sony.summary.serial).toBe('12345678');
  });
});

describe('hostile maker notes', () => {
  const reader = (bytes: Buffer) => new TiffReader(bytes, true);

  it('a directory claiming 65,535 entries is refused with a warning', () => {
    const bytes = Buffer.alloc(64);
    bytes.writeUInt16LE(0xffff, 0);
    const facts = readMakerNote({ tiff: reader(bytes), note: 0, size: 64, make: 'Canon', model: '' })!;
    expect(facts.serials).toEqual([]);
    expect(facts.warnings.join(' ')).toMatch(/claims 65535 entries/);
  });

  it('offsets past the end, a sub-directory pointing at itself, and truncated headers cost a warning at most', () => {
    const cases: Array<[string, Buffer]> = [
      ['OLYMPUS\0II\x03\0', Buffer.concat([Buffer.from('OLYMPUS\0II\x03\0', 'latin1'), ifd([{ tag: 0x2010, type: 13, count: 1, data: Buffer.from([12, 0, 0, 0]) }], 12, 0)])],
      ['Nikon\0\x02', Buffer.from('Nikon\0\x02\x10\0\0XX', 'latin1')],
      ['FUJIFILM', Buffer.from('FUJIFILM\xff\xff\xff\x7f', 'latin1')],
      ['Panasonic', Buffer.concat([Buffer.from('Panasonic\0\0\0', 'latin1'), ifd([{ tag: 0x0025, type: 7, count: 0x7fffffff, data: Buffer.from([1, 2, 3, 4]) }], 12, 0)])],
      ['PENTAX', Buffer.from('PENTAX \0II\x01', 'latin1')],
      ['Apple', Buffer.from('Apple iOS\0\0\x01MM', 'latin1')],
    ];
    for (const [, bytes] of cases) {
      const started = Date.now();
      const facts = readMakerNote({ tiff: reader(bytes), note: 0, size: bytes.length, make: 'X', model: '' });
      expect(Date.now() - started).toBeLessThan(50);
      expect(facts?.serials ?? []).toEqual([]);
    }
  });

  it('random bytes after every known header never throw', () => {
    const headers = ['Nikon\0\x02\x10\0\0', 'OLYMPUS\0II\x03\0', 'OM SYSTEM\0\0\0II', 'OLYMP\0\x01\0', 'FUJIFILM', 'Panasonic\0\0\0', 'AOC\0II', 'PENTAX \0II', 'SONY DSC \0\0\0', 'Apple iOS\0', 'SIGMA\0\0\0', 'RICOH\0', 'MOT\0', '\x01\xf1', ''];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let round = 0; round < 300; round++) {
      for (const header of headers) {
        const body = Buffer.from(Array.from({ length: 256 }, rand));
        const bytes = Buffer.concat([Buffer.from(header, 'latin1'), body]);
        for (const makeName of ['Canon', 'NIKON', 'SAMSUNG', 'PENTAX', 'SONY']) {
          expect(() => readMakerNote({ tiff: reader(bytes), note: 0, size: bytes.length, make: makeName, model: 'EOS 5D' })).not.toThrow();
        }
      }
    }
  });
});

// Keeps `make` used: IFD0 of a file with no maker note at all has no serials.
it('a file without a maker note has no maker serials', async () => {
  const jpeg = withExif(await sceneJpeg({ width: 64, height: 48, seed: 2 }), buildTiff([make]));
  expect((await extractMetadata(jpeg, 'image/jpeg')).camera.serials).toEqual([]);
});
