// A small, bounds-checked reader of TIFF IFDs (TIFF 6.0 §2), for maker notes and for the EXIF
// thumbnail. Maker notes are TIFF-like directories whose offsets count from different places
// per maker, so every directory read here takes the base its offsets count from. The bytes are
// hostile: every offset is checked against the buffer, entry counts are capped, and a problem
// is returned as a sentence, never thrown.

/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD); 0 = unknown type. */
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
/** Real directories have tens of entries (Nikon ~100); more is a wrong offset into other data. */
export const MAX_IFD_ENTRIES = 512;

export const TYPE_ASCII = 2;
export const TYPE_UNDEFINED = 7;

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the value in the buffer (inline values sit in the entry itself). */
  at: number;
  /** Bytes the value occupies. */
  size: number;
}

export interface Ifd {
  entries: Map<number, IfdEntry>;
  /** Absolute position of the next IFD (base + its offset), or null. */
  next: number | null;
}

export class TiffReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A reader over a TIFF structure ("II*\0"/"MM\0*" header), or null when it is not one. */
  static ofTiff(bytes: Uint8Array): TiffReader | null {
    if (bytes.length < 8) return null;
    if (bytes[0] === 0x49 && bytes[1] === 0x49) return new TiffReader(bytes, true);
    if (bytes[0] === 0x4d && bytes[1] === 0x4d) return new TiffReader(bytes, false);
    return null;
  }

  /** The same bytes read in another byte order (maker notes may differ from their TIFF). */
  withOrder(le: boolean): TiffReader {
    return le === this.le ? this : new TiffReader(this.bytes, le);
  }

  u8(at: number): number | null {
    return at >= 0 && at < this.bytes.length ? this.bytes[at]! : null;
  }

  u16(at: number): number | null {
    return at >= 0 && at + 2 <= this.bytes.length ? this.view.getUint16(at, this.le) : null;
  }

  u32(at: number): number | null {
    return at >= 0 && at + 4 <= this.bytes.length ? this.view.getUint32(at, this.le) : null;
  }

  /** The first IFD of a TIFF structure starting at `base`. */
  firstIfdOffset(base = 0): number | null {
    const offset = this.u32(base + 4);
    return offset === null ? null : base + offset;
  }

  /** The directory at `at`, whose value offsets count from `base`. */
  readIfd(at: number, base: number): Ifd | string {
    const count = this.u16(at);
    if (count === null) return `directory at ${at} is outside the data`;
    if (count === 0 || count > MAX_IFD_ENTRIES) return `directory at ${at} claims ${count} entries`;
    if (at + 2 + count * 12 > this.bytes.length) return `directory at ${at} runs past the end of the data`;
    const entries = new Map<number, IfdEntry>();
    for (let i = 0; i < count; i++) {
      const e = at + 2 + i * 12;
      const tag = this.u16(e)!;
      const type = this.u16(e + 2)!;
      const n = this.u32(e + 4)!;
      const unit = TYPE_SIZES[type] ?? 0;
      if (unit === 0) continue; // unknown type: skipped, as exiftool does
      const size = unit * n;
      const valueAt = size <= 4 ? e + 8 : base + this.u32(e + 8)!;
      if (size > this.bytes.length || valueAt < 0 || valueAt + size > this.bytes.length) continue; // out of bounds: that tag only
      if (!entries.has(tag)) entries.set(tag, { tag, type, count: n, at: valueAt, size });
    }
    const nextOffset = this.u32(at + 2 + count * 12);
    const next = nextOffset ? base + nextOffset : null;
    return { entries, next: next !== null && next < this.bytes.length ? next : null };
  }

  /** An ASCII or UNDEFINED value as text, up to the first NUL, trimmed; null when empty. */
  text(entry: IfdEntry | undefined, maxChars = 256): string | null {
    if (!entry || (entry.type !== TYPE_ASCII && entry.type !== TYPE_UNDEFINED && entry.type !== 1)) return null;
    const raw = this.bytes.subarray(entry.at, entry.at + Math.min(entry.size, maxChars));
    const nul = raw.indexOf(0);
    const text = latin1(nul === -1 ? raw : raw.subarray(0, nul)).trim();
    return text === '' ? null : text;
  }

  /** The i-th value of a BYTE/SHORT/LONG entry (or of an UNDEFINED one read as bytes). */
  uint(entry: IfdEntry | undefined, i = 0): number | null {
    if (!entry || i >= entry.count) return null;
    switch (entry.type) {
      case 1:
      case 7:
        return this.u8(entry.at + i);
      case 3:
        return this.u16(entry.at + 2 * i);
      case 4:
      case 13:
        return this.u32(entry.at + 4 * i);
      default:
        return null;
    }
  }

  raw(entry: IfdEntry | undefined): Uint8Array | null {
    return entry ? this.bytes.subarray(entry.at, entry.at + entry.size) : null;
  }
}

/** Bytes as Latin-1 text (every byte one character), without a TextDecoder per call. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

export function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (at < 0 || at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}
