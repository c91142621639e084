// Panasonic maker notes (exiftool lib/Image/ExifTool/Panasonic.pm): "Panasonic\0\0\0", IFD at
// note+12, offsets from the TIFF header.
//   0x0025 InternalSerialNumber undef[16] as text with its NULs dropped, as exiftool prints it
//                               ("F350807010058\0^\0" → "F350807010058^": factory code and date)
//   0x0052 LensSerialNumber     string
//   0x0054 AccessorySerialNumber string
import { openDirectory } from './directory.js';
import { latin1, startsWith } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readPanasonic({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'Panasonic\0')) {
    facts.warnings.push('Panasonic maker note without its header; not read');
    return;
  }
  const ifd = openDirectory(tiff, note + 12, 0, facts, 'directory');
  if (!ifd) return;
  const internal = tiff.raw(ifd.entries.get(0x0025));
  if (internal) addSerial(facts, 'internal', 'panasonic.InternalSerialNumber', latin1(internal.subarray(0, 16)).replace(/\0/g, ''));
  addSerial(facts, 'lens', 'panasonic.LensSerialNumber', tiff.text(ifd.entries.get(0x0052), 64));
  addSerial(facts, 'accessory', 'panasonic.AccessorySerialNumber', tiff.text(ifd.entries.get(0x0054), 64));
}
