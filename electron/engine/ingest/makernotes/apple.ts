// Apple iOS maker notes (exiftool lib/Image/ExifTool/Apple.pm): "Apple iOS\0", a version, "MM",
// then a big-endian IFD at note+14 whose offsets count from the note start. Apple records no
// device serial; the note is still walked, bounded, so a hostile one is reported like any other,
// and its ContentIdentifier (0x0011: pairs a Live Photo's still with its video) is kept.
import { openDirectory } from './directory.js';
import { startsWith } from './tiff-reader.js';
import type { MakerNoteInput, MakerNoteFacts } from './types.js';

export function readApple({ tiff, note }: MakerNoteInput, facts: MakerNoteFacts): void {
  if (!startsWith(tiff.bytes, note, 'Apple iOS\0')) return;
  const be = tiff.withOrder(false);
  const ifd = openDirectory(be, note + 14, note, facts, 'directory');
  if (!ifd) return;
  const content = be.text(ifd.entries.get(0x0011), 64);
  if (content) facts.contentIdentifier = content;
}
