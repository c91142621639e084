// Sony maker notes (exiftool lib/Image/ExifTool/Sony.pm): "SONY DSC \0\0\0", "SONY CAM \0\0\0",
// "SONY MOBILE\0", "VHAB     \0\0\0" headers of 12 bytes, or none; IFD offsets count from the TIFF
// header. Most bodies keep their serial only in the enciphered 0x9050 blocks, whose layout varies
// by model; what is read here is the plain tag:
//   0x2031 SerialNumber  string of digits stored pair-reversed ("56781234" → "12345678"),
//                        a leading 0 dropped, as exiftool does.
import { openDirectory } from './directory.js';
import { startsWith } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

const HEADERS = ['SONY DSC ', 'SONY CAM ', 'SONY MOBILE', 'VHAB '];

export function readSony({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  const at = HEADERS.some((h) => startsWith(tiff.bytes, note, h)) ? note + 12 : note;
  const ifd = openDirectory(tiff, at, 0, facts, 'directory');
  if (!ifd) return;
  const raw = tiff.text(ifd.entries.get(0x2031), 32);
  if (raw) addSerial(facts, 'body', 'sony.SerialNumber', raw.replace(/(\d{2})(\d{2})(\d{2})(\d{2})/, '$4$3$2$1').replace(/^0/, ''));
}
