// Pentax maker notes (exiftool lib/Image/ExifTool/Pentax.pm), three layouts:
//   "AOC\0" + "MM"/"II"/"  "   IFD at note+6, offsets from the TIFF header ("  ": the TIFF's order)
//   "PENTAX \0" + "MM"/"II"    IFD at note+10, offsets from the note start
//   none (Asahi)              IFD at the note start
//   0x0215 CameraInfo    int32u[]: [4] is the InternalSerialNumber
//   0x0229 SerialNumber  string
//   0x005d ShutterCount  4 bytes, XOR-"encrypted" with the Date (0x0006) and Time (0x0007) tags:
//                        count = value ^ date ^ (0xffffffff - time), date/time read big-endian
import { openDirectory } from './directory.js';
import { startsWith, type TiffReader } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readPentax({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  let reader: TiffReader = tiff;
  let at = note;
  let base = 0;
  if (startsWith(tiff.bytes, note, 'AOC\0')) {
    const order = tiff.bytes[note + 4];
    if (order === 0x49 || order === 0x4d) reader = tiff.withOrder(order === 0x49);
    at = note + 6;
  } else if (startsWith(tiff.bytes, note, 'PENTAX \0')) {
    reader = tiff.withOrder(tiff.bytes[note + 8] === 0x49);
    at = note + 10;
    base = note;
  }
  const ifd = openDirectory(reader, at, base, facts, 'directory');
  if (!ifd) return;
  const e = ifd.entries;
  addSerial(facts, 'body', 'pentax.SerialNumber', reader.text(e.get(0x0229), 64));
  const info = e.get(0x0215);
  if (info && info.type === 4) addSerial(facts, 'internal', 'pentax.InternalSerialNumber', reader.uint(info, 4));
  const crypt = e.get(0x005d);
  const count = crypt && crypt.size === 4 ? reader.u32(crypt.at) : null;
  const date = e.get(0x0006);
  const time = e.get(0x0007);
  if (count !== null && date && date.size === 4 && time && time.size >= 3) {
    const be = reader.withOrder(false);
    const d = be.u32(date.at)!;
    const t = ((be.u8(time.at)! << 24) | (be.u8(time.at + 1)! << 16) | (be.u8(time.at + 2)! << 8)) >>> 0;
    facts.shutterCount = (count ^ d ^ (0xffffffff - t)) >>> 0;
  }
}
