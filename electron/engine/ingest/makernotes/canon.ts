// Canon maker notes: a plain IFD at the start of the note, offsets counted from the TIFF header
// (exiftool lib/Image/ExifTool/Canon.pm). Canon records its shutter count only inside
// model-specific, partly undocumented CameraInfo blocks; it is not read here.
//   0x0009 OwnerName           string
//   0x000c SerialNumber        int32u (the body serial; exiftool -n prints the number)
//   0x0096 InternalSerialNumber string (trailing 0xff padding on some models); on the EOS 5D the
//                              tag is a SerialInfo block with the string at byte 9
//   0x4019 LensInfo            first 5 bytes: LensSerialNumber, printed as hex
import { hex, openDirectory } from './directory.js';
import { TYPE_ASCII } from './tiff-reader.js';
import { addSerial, type MakerNoteInput, type MakerNoteFacts } from './types.js';

export function readCanon({ tiff, note, model }: MakerNoteInput, facts: MakerNoteFacts, base = 0): void {
  const ifd = openDirectory(tiff, note, base, facts, 'directory');
  if (!ifd) return;
  const e = ifd.entries;
  facts.owner = tiff.text(e.get(0x0009), 64);
  addSerial(facts, 'body', 'canon.SerialNumber', tiff.uint(e.get(0x000c)));
  const internal = e.get(0x0096);
  if (internal) {
    if (/EOS 5D/.test(model) && internal.type !== TYPE_ASCII) {
      const raw = tiff.raw(internal);
      if (raw && raw.length > 9) addSerial(facts, 'internal', 'canon.InternalSerialNumber', tiff.text({ ...internal, at: internal.at + 9, size: internal.size - 9 }, 32));
    } else {
      addSerial(facts, 'internal', 'canon.InternalSerialNumber', tiff.text(internal, 64)?.replace(/\xff+$/, '') ?? null);
    }
  }
  const lensInfo = tiff.raw(e.get(0x4019));
  if (lensInfo && lensInfo.length >= 5) {
    const serial = hex(lensInfo.subarray(0, 5));
    if (serial && serial !== '0000000000') addSerial(facts, 'lens', 'canon.LensSerialNumber', serial);
  }
}
