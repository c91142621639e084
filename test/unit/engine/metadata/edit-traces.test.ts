// Edit and re-save traces read from metadata alone (issue 8): editing software, XMP history,
// ModifyDate after the capture time, a Photoshop resource block beyond IPTC captioning; and a
// camera-like file that has none of them.
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../../electron/engine/ingest/metadata.js';
import { readEditTraces } from '../../../../electron/engine/ingest/metadata-edits.js';
import { hasPhotoshopResources } from '../../../../electron/engine/ingest/metadata-tiff.js';
import { sceneJpeg } from '../../../fixtures/generate.js';
import { ascii, buildTiff, withExif } from './exif-builder.js';

const XMP_HISTORY = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmp:CreatorTool="Adobe Photoshop 24.0 (Windows)">
<xmpMM:History><rdf:Seq>
<rdf:li stEvt:action="created" stEvt:softwareAgent="Adobe Photoshop 24.0 (Windows)" stEvt:when="2024-01-02T10:00:00+01:00"/>
<rdf:li stEvt:action="saved" stEvt:softwareAgent="Adobe Photoshop 24.0 (Windows)" stEvt:when="2024-01-02T10:05:00+01:00" stEvt:changed="/"/>
</rdf:Seq></xmpMM:History></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** Adds an APP1 XMP segment right after SOI. */
function withXmp(jpeg: Buffer, packet: string): Buffer {
  const body = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(packet, 'utf8')]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

/** An APP13 Photoshop block with the given 8BIM resource ids (each with 4 bytes of data). */
function withIrb(jpeg: Buffer, ids: number[]): Buffer {
  const resources = ids.map((id) => {
    const r = Buffer.alloc(16);
    r.write('8BIM', 0, 'latin1');
    r.writeUInt16BE(id, 4);
    r.writeUInt32BE(4, 8); // empty Pascal name (2 bytes), then size
    return r;
  });
  const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), ...resources]);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffed, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

describe('edit traces in metadata', () => {
  it('finds editing software, XMP history and a ModifyDate after the capture', async () => {
    const tiff = buildTiff(
      [ascii(0x010f, 'TestCam'), ascii(0x0131, 'Adobe Photoshop 24.0 (Windows)'), ascii(0x0132, '2024:01:02 10:05:00')],
      [ascii(0x9003, '2023:12:24 18:30:00')],
    );
    const jpeg = withIrb(withXmp(withExif(await sceneJpeg({ width: 64, height: 48, seed: 5 }), tiff), XMP_HISTORY), [0x03ed, 0x0404]);
    const m = await extractMetadata(jpeg, 'image/jpeg');
    expect(m.edits.software).toBe('Adobe Photoshop 24.0 (Windows)');
    expect(m.edits.history).toEqual([
      'created · Adobe Photoshop 24.0 (Windows) · 2024-01-02T10:00:00+01:00',
      'saved · Adobe Photoshop 24.0 (Windows) · 2024-01-02T10:05:00+01:00 · /',
    ]);
    expect(m.edits.dates).toEqual(['ModifyDate 2024-01-02T10:05:00 is after DateTimeOriginal 2023-12-24T18:30:00']);
    expect(m.edits.photoshop).toBe(true);
    expect(m.edits.possiblyEdited).toBe(true);
    expect(m.camera.modified).toBe('2024-01-02T10:05:00');
  });

  it('finds none in a camera-like file: firmware as Software, ModifyDate equal to the capture time', async () => {
    const tiff = buildTiff(
      [ascii(0x010f, 'TestCam'), ascii(0x0131, 'Firmware Ver.1.02'), ascii(0x0132, '2023:12:24 18:30:00')],
      [ascii(0x9003, '2023:12:24 18:30:00')],
    );
    const m = await extractMetadata(withExif(await sceneJpeg({ width: 64, height: 48, seed: 6 }), tiff), 'image/jpeg');
    expect(m.edits).toEqual({ thumbnailMismatch: null, software: null, history: [], dates: [], photoshop: false, possiblyEdited: false });
  });

  it('does not call an IPTC-only Photoshop block (news captioning tools write one) a Photoshop trace', () => {
    const irb = (ids: number[]) =>
      Buffer.concat(ids.map((id) => {
        const r = Buffer.alloc(16);
        r.write('8BIM', 0, 'latin1');
        r.writeUInt16BE(id, 4);
        r.writeUInt32BE(4, 8);
        return r;
      }));
    expect(hasPhotoshopResources(irb([0x0404, 0x0425]))).toBe(false);
    expect(hasPhotoshopResources(irb([0x0404, 0x040c]))).toBe(true);
    expect(hasPhotoshopResources(Buffer.from('8BIM\x04\x04\0\0\xff\xff\xff\xff', 'latin1'))).toBe(false); // size past the end
  });
});

describe('GPS time against the capture time', () => {
  const at = (exif: Record<string, unknown>, gps: Record<string, unknown>) =>
    readEditTraces({ ifd0: {}, exif, gps, xmpTags: undefined, photoshop: false, warnings: [] }).dates;

  it('agrees when GPS time plus the recorded offset is the capture time', () => {
    expect(at({ DateTimeOriginal: '2024:01:01 12:00:00', OffsetTimeOriginal: '+02:00' }, { GPSDateStamp: '2024:01:01', GPSTimeStamp: [10, 0, 0] })).toEqual([]);
  });

  it('disagrees when it is not', () => {
    expect(at({ DateTimeOriginal: '2024:01:01 12:00:00', OffsetTimeOriginal: '+02:00' }, { GPSDateStamp: '2024:01:01', GPSTimeStamp: [13, 0, 0] })).toEqual([
      'GPS time 2024-01-01T13:00:00Z is not DateTimeOriginal 2024-01-01T12:00:00+02:00',
    ]);
  });

  it('without a recorded offset, accepts any real zone (whole quarter hours) and flags the rest', () => {
    expect(at({ DateTimeOriginal: '2024:01:01 12:00:00' }, { GPSDateStamp: '2024:01:01', GPSTimeStamp: [6, 30, 0] })).toEqual([]);
    expect(at({ DateTimeOriginal: '2024:01:01 12:00:00' }, { GPSDateStamp: '2024:01:01', GPSTimeStamp: [10, 7, 0] })).toHaveLength(1);
    expect(at({ DateTimeOriginal: '2024:01:01 12:00:00' }, { GPSDateStamp: '2023:12:30', GPSTimeStamp: [10, 0, 0] })).toHaveLength(1);
  });
});
