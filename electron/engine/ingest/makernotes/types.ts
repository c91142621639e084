// What a maker-note reader returns. Serials are kept as recorded (trimmed text; integers in
// decimal, as exiftool -n prints them), each with where it came from, so an examiner can tell a
// body serial from an internal board number or a lens serial.
import type { TiffReader } from './tiff-reader.js';

export type SerialKind = 'body' | 'internal' | 'lens' | 'accessory';

export interface SerialRecord {
  kind: SerialKind;
  value: string;
  /** "canon.SerialNumber", "nikon.SerialNumber(0x001d)", "exif.BodySerialNumber", … */
  source: string;
}

export interface MakerNoteFacts {
  maker: string;
  serials: SerialRecord[];
  shutterCount: number | null;
  owner: string | null;
  /** A capture time only the maker note records (Reconyx), in EXIF form "YYYY:MM:DD HH:MM:SS". */
  dateTimeOriginal?: string;
  /** Apple's ContentIdentifier: the same on a Live Photo's still and video. */
  contentIdentifier?: string;
  warnings: string[];
}

/** Where one maker note sits: `note` is its absolute position in `tiff`'s bytes, `size` its length. */
export interface MakerNoteInput {
  tiff: TiffReader;
  note: number;
  size: number;
  make: string;
  model: string;
}

export type MakerNoteReader = (input: MakerNoteInput, facts: MakerNoteFacts) => void;

export function newFacts(maker: string): MakerNoteFacts {
  return { maker, serials: [], shutterCount: null, owner: null, warnings: [] };
}

/** Adds a serial unless empty; exiftool-style trimming (trailing spaces, NULs). */
export function addSerial(facts: MakerNoteFacts, kind: SerialKind, source: string, value: string | number | null): void {
  if (value === null) return;
  const text = typeof value === 'number' ? String(value) : value.replace(/\0[\s\S]*$/, '').trim();
  if (text === '' || text.length > 128) return;
  facts.serials.push({ kind, value: text, source });
}
