// Decoded pixels wrapped as an uncompressed PNG that carries the image's own ICC profile, so that
// sharp, reading it, colour-manages them into sRGB. The ingest decodes without applying the
// profile (PDQ must hash the values as stored, as the reference does) and still wants a thumbnail
// that looks as the photo should; sharp cannot attach an input profile to raw pixels.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG colour type by channel count: grey, grey + alpha, RGB, RGBA. */
const COLOUR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** Whether an ICC profile describes RGB data (bytes 16–19 of its header), the only kind an RGB PNG may carry. */
export function isRgbProfile(icc: Uint8Array | undefined): icc is Uint8Array {
  return icc !== undefined && icc.length >= 128 && Buffer.from(icc.subarray(16, 20)).toString('latin1') === 'RGB ';
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

export function pngWithProfile(pixels: Buffer, width: number, height: number, channels: number, icc: Uint8Array): Buffer {
  const colourType = COLOUR_TYPE[channels];
  if (colourType === undefined) throw new Error(`no PNG colour type for ${channels} channels`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per sample
  ihdr[9] = colourType;
  const stride = width * channels;
  const rows = Buffer.alloc((stride + 1) * height); // each row: filter type 0, then its samples
  for (let y = 0; y < height; y++) pixels.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const iccp = Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]); // name, NUL, method 0
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('iCCP', iccp),
    chunk('IDAT', deflateSync(rows, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
