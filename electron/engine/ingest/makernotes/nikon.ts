// Nikon maker notes (exiftool lib/Image/ExifTool/Nikon.pm), three layouts:
//   "Nikon\0" + 0x02 …  type 3: a whole TIFF header at note+10; offsets count from that header
//   "Nikon\0" + 0x01 …  type 1 (early Coolpix): IFD at note+8, offsets from the EXIF TIFF header
//   no header           type 2 (Coolpix 990 era): IFD at the note start, offsets from the TIFF header
// Later bodies encrypt ShotInfo (0x0091), LensData (0x0098) and others with a key made from the
// serial number and the shutter count; both of those are themselves stored in clear, which is
// all that is needed here, so nothing is decrypted.
//   0x001d SerialNumber  string ("3105364")
//   0x00a0 SerialNumber  string as recorded by older bodies ("NO= 20025585")
//   0x00a7 ShutterCount  int32u
import { openDirectory } from './directory.js';
import { startsWith, TiffReader } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readNikon({ tiff, note, size }: MakerNoteInput, facts: MakerNoteFacts): void {
  let reader = tiff;
  let at = note;
  let base = 0;
  if (startsWith(tiff.bytes, note, 'Nikon\0')) {
    const version = tiff.u8(note + 6);
    if (version === 0x02) {
      const header = note + 10;
      const inner = TiffReader.ofTiff(tiff.bytes.subarray(header, note + size));
      if (!inner) {
        facts.warnings.push('Nikon maker note has no TIFF header where type 3 puts it');
        return;
      }
      reader = inner;
      base = 0;
      at = inner.firstIfdOffset() ?? -1;
    } else {
      at = note + 8;
    }
  }
  const ifd = openDirectory(reader, at, base, facts, 'directory');
  if (!ifd) return;
  addSerial(facts, 'body', 'nikon.SerialNumber(0x001d)', reader.text(ifd.entries.get(0x001d), 64));
  addSerial(facts, 'body', 'nikon.SerialNumber(0x00a0)', reader.text(ifd.entries.get(0x00a0), 64));
  facts.shutterCount = reader.uint(ifd.entries.get(0x00a7));
}
