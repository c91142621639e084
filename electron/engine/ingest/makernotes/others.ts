// Makers outside the list whose serials are cheap to read and seen on seized media
// (exiftool Sigma.pm, Ricoh.pm, Motorola.pm):
//   Sigma    "SIGMA\0\0\0" / "FOVEON\0\0" + 2 bytes, IFD at note+10, offsets from the TIFF header;
//            0x0002 SerialNumber string
//   Ricoh    "RICOH" / "Ricoh" + 3 bytes, IFD at note+8, offsets from the TIFF header;
//            0x0005 InternalSerialNumber undef[16], printed as hex
//   Motorola "MOT\0" + 4 bytes, IFD at note+8, offsets from the note start; 0x5501 SerialNumber
//   Reconyx  HyperFire trail cameras: no IFD but a little-endian record starting 0x01 0xf1;
//            SerialNumber at byte 42, 30 bytes of UTF-16LE; DateTimeOriginal at byte 22, six
//            uint16: seconds, minutes, hours, month, day, year
import { hex, openDirectory } from './directory.js';
import { startsWith } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readSigma({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'SIGMA\0') && !startsWith(tiff.bytes, note, 'FOVEON\0')) return;
  const ifd = openDirectory(tiff, note + 10, 0, facts, 'directory');
  if (ifd) addSerial(facts, 'body', 'sigma.SerialNumber', tiff.text(ifd.entries.get(0x0002), 64));
}

export function readRicoh({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'RICOH') && !startsWith(tiff.bytes, note, 'Ricoh')) return;
  const ifd = openDirectory(tiff, note + 8, 0, facts, 'directory');
  if (!ifd) return;
  const entry = ifd.entries.get(0x0005);
  if (entry && entry.size === 16) addSerial(facts, 'internal', 'ricoh.InternalSerialNumber', hex(tiff.raw(entry)));
}

export function readMotorola({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'MOT\0')) return;
  const ifd = openDirectory(tiff, note + 8, note, facts, 'directory');
  if (ifd) addSerial(facts, 'body', 'motorola.SerialNumber', tiff.text(ifd.entries.get(0x5501), 64));
}

export function readReconyx({ tiff, note, size }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (size < 72 || note + 72 > tiff.bytes.length) return;
  const raw = tiff.bytes.subarray(note + 42, note + 72);
  let text = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const c = raw[i]! | (raw[i + 1]! << 8);
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  addSerial(facts, 'body', 'reconyx.SerialNumber', text);
  const le = tiff.withOrder(true);
  const [s, mi, h, mo, d, y] = [0, 1, 2, 3, 4, 5].map((i) => le.u16(note + 22 + 2 * i)!);
  if (y! > 1900 && mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= 31 && h! < 24 && mi! < 60 && s! <= 60) {
    const two = (n: number) => String(n).padStart(2, '0');
    facts.dateTimeOriginal = `${y}:${two(mo!)}:${two(d!)} ${two(h!)}:${two(mi!)}:${two(s!)}`;
  }
}
