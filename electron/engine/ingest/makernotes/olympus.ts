// Olympus / OM System maker notes (exiftool lib/Image/ExifTool/Olympus.pm), three layouts:
//   "OLYMPUS\0" + "II"/"MM" + version   IFD at note+12, offsets from the note start (2004 on)
//   "OM SYSTEM\0\0\0" + "II" + version  IFD at note+16, offsets from the note start (2022 on)
//   "OLYMP\0", "EPSON\0", "CAMER\0"…    IFD at note+8, offsets from the TIFF header (older)
// The serials sit in the Equipment sub-directory (0x2010: an IFD-typed offset, or on older bodies
// the sub-directory itself stored as UNDEFINED data):
//   0x0101 SerialNumber  0x0102 InternalSerialNumber  0x0202 LensSerialNumber
//   0x0303 ExtenderSerialNumber  0x1002 FlashSerialNumber
// Pre-2004 bodies record a SerialNumber (0x0404) in the main directory.
import { openDirectory } from './directory.js';
import { startsWith, TYPE_UNDEFINED, type TiffReader } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readOlympus({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  let reader: TiffReader = tiff;
  let at = note + 8;
  let base = 0;
  if (startsWith(tiff.bytes, note, 'OLYMPUS\0') || startsWith(tiff.bytes, note, 'OM SYSTEM\0')) {
    const order = startsWith(tiff.bytes, note, 'OLYMPUS\0') ? note + 8 : note + 12;
    reader = tiff.withOrder(tiff.bytes[order] === 0x49);
    at = order + 4;
    base = note;
  }
  const ifd = openDirectory(reader, at, base, facts, 'directory');
  if (!ifd) return;
  addSerial(facts, 'body', 'olympus.SerialNumber(0x0404)', reader.text(ifd.entries.get(0x0404), 64));
  const equipment = ifd.entries.get(0x2010);
  if (!equipment) return;
  const sub = equipment.type === TYPE_UNDEFINED ? equipment.at : base + (reader.uint(equipment) ?? -base - 1);
  const eq = openDirectory(reader, sub, base, facts, 'Equipment directory');
  if (!eq) return;
  addSerial(facts, 'body', 'olympus.SerialNumber', reader.text(eq.entries.get(0x0101), 64));
  addSerial(facts, 'internal', 'olympus.InternalSerialNumber', reader.text(eq.entries.get(0x0102), 64));
  addSerial(facts, 'lens', 'olympus.LensSerialNumber', reader.text(eq.entries.get(0x0202), 64));
  addSerial(facts, 'accessory', 'olympus.ExtenderSerialNumber', reader.text(eq.entries.get(0x0303), 64));
  addSerial(facts, 'accessory', 'olympus.FlashSerialNumber', reader.text(eq.entries.get(0x1002), 64));
}
