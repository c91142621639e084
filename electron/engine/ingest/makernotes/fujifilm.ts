// Fujifilm maker notes (exiftool lib/Image/ExifTool/FujiFilm.pm): "FUJIFILM" then a little-endian
// uint32 giving the IFD's offset from the note start; the IFD is always little-endian and its
// offsets count from the note start, whatever the byte order of the surrounding TIFF.
//   0x0010 InternalSerialNumber string ("FPX20582698 592D31…": a board id, not the body serial)
import { openDirectory } from './directory.js';
import { startsWith } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readFujifilm({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'FUJIFILM') && !startsWith(tiff.bytes, note, 'GENERALE')) {
    facts.warnings.push('Fujifilm maker note without its FUJIFILM header; not read');
    return;
  }
  const le = tiff.withOrder(true);
  const offset = le.u32(note + 8);
  if (offset === null) return;
  const ifd = openDirectory(le, note + offset, note, facts, 'directory');
  if (!ifd) return;
  addSerial(facts, 'internal', 'fujifilm.InternalSerialNumber', le.text(ifd.entries.get(0x0010), 64));
}
