// Samsung "type 2" maker notes (exiftool lib/Image/ExifTool/Samsung.pm): a plain IFD, offsets from
// the TIFF header. Older "STMN" notes hold no serial.
//   0xa002 SerialNumber              string (exiftool requires 5+ word characters)
//   0xa005 InternalLensSerialNumber  string (not the printed lens serial)
import { openDirectory } from './directory.js';
import { startsWith } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readSamsung({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (startsWith(tiff.bytes, note, 'STMN')) return;
  const ifd = openDirectory(tiff, note, 0, facts, 'directory');
  if (!ifd) return;
  const serial = tiff.text(ifd.entries.get(0xa002), 64);
  if (serial && /^\w{5}/.test(serial)) addSerial(facts, 'body', 'samsung.SerialNumber', serial);
  addSerial(facts, 'lens', 'samsung.InternalLensSerialNumber', tiff.text(ifd.entries.get(0xa005), 64));
}
