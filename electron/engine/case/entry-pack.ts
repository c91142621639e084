// Hash-set entries packed the way the case's batched INSERT binds them (hashset-queries.ts): the
// hashes of a statement's rows in one blob, the other columns in a flat array. Pure and
// platform-free, so a hash-set reader thread can pack while the importing thread only inserts.

/**
 * One entry as an importer hands it over: hashes as hex already validated by the reader (either
 * case), the place in the file it came from. A hash-set reader's record has this shape.
 */
export interface EntryHex {
  md5?: string;
  sha1?: string;
  sha256?: string;
  pdq?: string;
  size?: number;
  category?: number | null;
  fileName?: string;
  photoDna?: string;
  mediaId?: string;
  series?: string;
  location: { line?: number; record?: number };
}

/** Bytes of each hash kind, in the order they sit in a row of the packed blob. */
export const PACKED_HASHES = [
  ['md5', 16],
  ['sha1', 20],
  ['sha256', 32],
  ['pdq', 32],
] as const;
/** A presence byte per hash, then the hashes at fixed offsets. */
export const PACKED_ROW_BYTES = PACKED_HASHES.length + PACKED_HASHES.reduce((sum, [, bytes]) => sum + bytes, 0);
/** size, category, file_name, photo_dna, media_id, series, line, record. */
export const PARAMS_PER_ROW = 8;
/**
 * Rows per INSERT. Measured on 1 M NSRL-shaped rows: one row per statement with named
 * parameters 3.3 µs CPU a row; 100 rows per statement with positional parameters 2.0; the same
 * with the hashes packed into one blob per statement 1.5. 50–200 rows are all alike.
 */
export const ROWS_PER_STATEMENT = 100;
/** Every hash and parameter column: the shape any row fits. */
export const ANY_SHAPE = 0xfff;

/** Up to ROWS_PER_STATEMENT rows, ready to bind. Plain data: it crosses threads by structured clone. */
export interface PackedEntries {
  rows: number;
  /** Which hashes (bits 0–3) and parameter columns (bits 4–11) any of the rows fills. */
  shape: number;
  /** rows × PACKED_ROW_BYTES. */
  blob: Uint8Array;
  /** rows × PARAMS_PER_ROW values, null where a row has none. */
  values: (string | number | null)[];
}

export class EntryPacker {
  private blob = new Uint8Array(PACKED_ROW_BYTES * ROWS_PER_STATEMENT);
  private view = Buffer.from(this.blob.buffer, this.blob.byteOffset, this.blob.byteLength);
  private values: (string | number | null)[] = new Array<null>(PARAMS_PER_ROW * ROWS_PER_STATEMENT).fill(null);
  private shape = 0;
  private rows = 0;

  /** Packs one entry; returns the full chunk when this entry completed one. */
  add(entry: EntryHex): PackedEntries | null {
    const row = this.rows;
    const at = row * PACKED_ROW_BYTES;
    const blob = this.view;
    let shape = this.shape;
    let data = at + PACKED_HASHES.length;
    for (let h = 0; h < PACKED_HASHES.length; h++) {
      const [kind, bytes] = PACKED_HASHES[h]!;
      const hex = entry[kind];
      if (hex === undefined) blob[at + h] = 0;
      else {
        // Readers validate; this only guards the packing against a reader that did not.
        // (Buffer.write decodes hex in place, without allocating.)
        if (hex.length !== bytes * 2 || blob.write(hex, data, bytes, 'hex') !== bytes) {
          throw new Error(`not a ${kind} hash: '${hex.slice(0, 80)}'`);
        }
        blob[at + h] = 1;
        shape |= 1 << h;
      }
      data += bytes;
    }
    const values = this.values;
    const p = row * PARAMS_PER_ROW;
    const { line, record } = entry.location;
    if ((values[p] = entry.size ?? null) !== null) shape |= 0x10;
    if ((values[p + 1] = entry.category ?? null) !== null) shape |= 0x20;
    if ((values[p + 2] = entry.fileName ?? null) !== null) shape |= 0x40;
    if ((values[p + 3] = entry.photoDna ?? null) !== null) shape |= 0x80;
    if ((values[p + 4] = entry.mediaId ?? null) !== null) shape |= 0x100;
    if ((values[p + 5] = entry.series ?? null) !== null) shape |= 0x200;
    if ((values[p + 6] = line ?? null) !== null) shape |= 0x400;
    if ((values[p + 7] = record ?? null) !== null) shape |= 0x800;
    this.shape = shape;
    return ++this.rows === ROWS_PER_STATEMENT ? this.take() : null;
  }

  /** The rows packed so far (null when none), handed over: the packer starts a new chunk. */
  take(): PackedEntries | null {
    const rows = this.rows;
    if (rows === 0) return null;
    const chunk: PackedEntries = {
      rows,
      shape: this.shape,
      blob: rows === ROWS_PER_STATEMENT ? this.blob : this.blob.slice(0, rows * PACKED_ROW_BYTES),
      values: rows === ROWS_PER_STATEMENT ? this.values : this.values.slice(0, rows * PARAMS_PER_ROW),
    };
    this.blob = new Uint8Array(PACKED_ROW_BYTES * ROWS_PER_STATEMENT);
    this.view = Buffer.from(this.blob.buffer, this.blob.byteOffset, this.blob.byteLength);
    this.values = new Array<null>(PARAMS_PER_ROW * ROWS_PER_STATEMENT).fill(null);
    this.rows = 0;
    this.shape = 0;
    return chunk;
  }
}
