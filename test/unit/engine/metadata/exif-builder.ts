// Builds JPEG APP1 EXIF blocks byte by byte for tests: IFD0 (Make, Model…), an Exif IFD with a
// MakerNote of the test's choosing, and an IFD1 thumbnail. Little-endian, offsets from the TIFF
// header, as cameras write them.

export interface Entry {
  tag: number;
  /** TIFF type: 2 ASCII, 3 SHORT, 4 LONG, 7 UNDEFINED. */
  type: number;
  count: number;
  data: Buffer;
}

export const ascii = (tag: number, text: string): Entry => {
  const data = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: 2, count: data.length, data };
};
export const long = (tag: number, value: number): Entry => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(value);
  return { tag, type: 4, count: 1, data };
};
export const undef = (tag: number, data: Buffer): Entry => ({ tag, type: 7, count: data.length, data });

const sizeOf = (entries: Entry[]) => 2 + 12 * entries.length + 4 + entries.reduce((n, e) => n + (e.data.length > 4 ? (e.data.length + 1) & ~1 : 0), 0);

function writeIfd(out: Buffer, at: number, entries: Entry[], next: number): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  out.writeUInt16LE(sorted.length, at);
  let data = at + 2 + 12 * sorted.length + 4;
  sorted.forEach((e, i) => {
    const p = at + 2 + 12 * i;
    out.writeUInt16LE(e.tag, p);
    out.writeUInt16LE(e.type, p + 2);
    out.writeUInt32LE(e.count, p + 4);
    if (e.data.length <= 4) e.data.copy(out, p + 8);
    else {
      out.writeUInt32LE(data, p + 8);
      e.data.copy(out, data);
      data += (e.data.length + 1) & ~1;
    }
  });
  out.writeUInt32LE(next, at + 2 + 12 * sorted.length);
}

/**
 * A TIFF structure: IFD0 entries, optional Exif IFD entries (linked by 0x8769) and an optional
 * thumbnail JPEG in IFD1. `makerNoteAt` callers get the absolute offset where Exif data starts.
 */
export function buildTiff(ifd0: Entry[], exif: Entry[] = [], thumbnail?: Buffer): Buffer {
  const ifd0Entries = exif.length ? [...ifd0, long(0x8769, 0)] : [...ifd0];
  const ifd0At = 8;
  const exifAt = ifd0At + sizeOf(ifd0Entries);
  const ifd1At = exifAt + (exif.length ? sizeOf(exif) : 0);
  const ifd1Entries = thumbnail ? [long(0x0103, 6), long(0x0201, 0), long(0x0202, thumbnail.length)] : [];
  const thumbAt = ifd1At + (thumbnail ? sizeOf(ifd1Entries) : 0);
  const total = thumbAt + (thumbnail?.length ?? 0);
  const out = Buffer.alloc(total);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifd0At, 4);
  if (exif.length) ifd0Entries[ifd0Entries.length - 1] = long(0x8769, exifAt);
  writeIfd(out, ifd0At, ifd0Entries, thumbnail ? ifd1At : 0);
  if (exif.length) writeIfd(out, exifAt, exif, 0);
  if (thumbnail) {
    ifd1Entries[1] = long(0x0201, thumbAt);
    writeIfd(out, ifd1At, ifd1Entries, 0);
    thumbnail.copy(out, thumbAt);
  }
  return out;
}

/** Where buildTiff puts the Exif IFD's out-of-line data (for maker notes whose offsets count from the TIFF header). */
export function exifDataOffset(ifd0: Entry[], exif: Entry[]): number {
  return 8 + sizeOf([...ifd0, long(0x8769, 0)]) + 2 + 12 * exif.length + 4;
}

/** The JPEG with its APP segments replaced by one APP1 EXIF block holding `tiff`. */
export function withExif(jpeg: Buffer, tiff: Buffer): Buffer {
  if (tiff.length + 8 > 0xffff) throw new Error('EXIF block too large for one APP1 segment');
  let at = 2;
  while (jpeg[at] === 0xff && jpeg[at + 1]! >= 0xe0 && jpeg[at + 1]! <= 0xef) at += 2 + jpeg.readUInt16BE(at + 2);
  const header = Buffer.alloc(10);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(tiff.length + 8, 2);
  header.write('Exif\0\0', 4, 'latin1');
  return Buffer.concat([jpeg.subarray(0, 2), header, tiff, jpeg.subarray(at)]);
}
