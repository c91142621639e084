// Canon CIFF ("Camera Image File Format", 1997-2003): the heap Canon PowerShot cameras of the
// time wrote into a JPEG APP0 segment instead of EXIF (and the structure of .CRW raw files). It
// holds make, model, capture time, owner name and body serial; exifr has no reader for it.
// Layout from Canon's CIFF 1.0r4 spec as documented by exiftool (lib/Image/ExifTool/CanonRaw.pm):
//   header: byte order "II"/"MM", uint32 header length, "HEAP", subtype ("JPGM", "CCDR")
//   heap:   its last 4 bytes give the offset of its record table: uint16 count, then 10-byte
//           records (uint16 tag, uint32 size, uint32 offset from the heap start)
//   tag:    bits 14-15 where the data is (0x4000: in the record's own 8 bytes), bits 11-13 its
//           type (0x0800 ASCII, 0x1000 uint16, 0x1800 uint32, 0x2800/0x3000 a sub-heap)

/** Records read from one CIFF block, all heaps together. */
const MAX_RECORDS = 4096;
const MAX_DEPTH = 8;

const TAG_MAKE_MODEL = 0x080a; // "Make\0Model\0"
const TAG_OWNER_NAME = 0x0810;
const TAG_FIRMWARE = 0x080b;
const TAG_FILE_DESCRIPTION = 0x0805;
const TAG_TIME_STAMP = 0x180e; // int32 seconds since 1970 of the camera's wall clock, then the zone code
const TAG_SERIAL = 0x180b;
const TAG_FILE_NUMBER = 0x1817;

export function readCiff(block: Uint8Array): Record<string, unknown> | undefined {
  if (block.length < 26) return undefined;
  const le = block[0] === 0x49;
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const u16 = (at: number) => view.getUint16(at, le);
  const u32 = (at: number) => view.getUint32(at, le);
  const headerLength = u32(2);
  if (headerLength < 14 || headerLength >= block.length) return undefined;
  const out: Record<string, unknown> = {};
  let records = 0;
  const ascii = (start: number, size: number) => {
    const bytes = block.subarray(start, start + Math.min(size, 1024));
    return new TextDecoder('latin1').decode(bytes);
  };

  const heap = (start: number, end: number, depth: number): void => {
    if (depth > MAX_DEPTH || end - start < 6 || end > block.length) return;
    const table = start + u32(end - 4);
    if (table < start || table + 2 > end) return;
    const count = u16(table);
    for (let i = 0; i < count && records < MAX_RECORDS; i++, records++) {
      const at = table + 2 + 10 * i;
      if (at + 10 > end) return;
      const tag = u16(at);
      const inRecord = (tag & 0xc000) === 0x4000;
      const size = inRecord ? 8 : u32(at + 2);
      const data = inRecord ? at + 2 : start + u32(at + 6);
      if (data < start || data + size > end) continue;
      const type = tag & 0x3800;
      const id = tag & 0x3fff;
      if (type === 0x2800 || type === 0x3000) {
        if (!inRecord) heap(data, data + size, depth + 1);
        continue;
      }
      if (id === TAG_MAKE_MODEL) {
        const [make, model] = ascii(data, size).split('\0');
        if (make) out['Make'] = make;
        if (model) out['Model'] = model;
      } else if (id === TAG_OWNER_NAME) out['OwnerName'] = ascii(data, size).replace(/\0[\s\S]*$/, '');
      else if (id === TAG_FIRMWARE) out['CanonFirmwareVersion'] = ascii(data, size).replace(/\0[\s\S]*$/, '');
      else if (id === TAG_FILE_DESCRIPTION) out['CanonFileDescription'] = ascii(data, size).replace(/\0[\s\S]*$/, '');
      else if (id === TAG_SERIAL && size >= 4) out['SerialNumber'] = u32(data);
      else if (id === TAG_FILE_NUMBER && size >= 4) out['FileNumber'] = u32(data);
      else if (id === TAG_TIME_STAMP && size >= 4) {
        // The seconds count the camera's clock as if it were UTC: formatting them in UTC gives the
        // wall-clock time the camera showed, with no zone applied (what exiftool prints too).
        const seconds = u32(data);
        if (seconds > 0) out['DateTimeOriginal'] = new Date(seconds * 1000).toISOString().slice(0, 19).replace(/-/g, ':').replace('T', ' ');
      }
    }
  };
  heap(headerLength, block.length, 0);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The CIFF block of a JPEG: an APP0 segment whose payload starts "II\x1a\0\0\0HEAP" or "MM…HEAP". */
export function findJpegCiff(b: Uint8Array): Uint8Array | undefined {
  let at = 2;
  for (let segments = 0; at + 4 <= b.length && segments < 64; segments++) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // image data follows: no more metadata
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    const payload = at + 4;
    if (
      marker === 0xe0 &&
      length >= 16 &&
      (b[payload] === 0x49 || b[payload] === 0x4d) &&
      b[payload + 6] === 0x48 && b[payload + 7] === 0x45 && b[payload + 8] === 0x41 && b[payload + 9] === 0x50 // "HEAP"
    ) {
      return b.subarray(payload, Math.min(b.length, at + 2 + length));
    }
    at += 2 + length;
  }
  return undefined;
}
