// Reading known-material hash sets: one entry point over the per-format readers. Pure: nothing
// here touches a case database. An importer should read a set inside one transaction and roll
// back on a HashSetFormatError, since records before the bad one have already been yielded.
import { describeCsv, readCsv } from './csv.js';
import { detectFormat } from './detect.js';
import { describeHashdeep, readHashdeep } from './hashdeep.js';
import { describeIcse, readIcse } from './icse.js';
import { describeRds, readRds } from './nsrl-rds.js';
import { describeNsrlText, readNsrlText } from './nsrl-text.js';
import { describePlainList, readPlainList } from './plain-list.js';
import {
  HASH_SET_FORMATS, SkippedRecords,
  type FormatBatchReader, type FormatDescriber, type FormatReader, type HashSetDescription, type HashSetFormat, type HashSetRecord,
} from './types.js';
import { describeVics, readVics } from './vics.js';

export { detectFormat } from './detect.js';
export { HASH_SET_FORMATS, HashSetFormatError, SkippedRecords } from './types.js';
export type { HashSetDescription, HashSetFormat, HashSetRecord } from './types.js';

type Reader = { read: FormatReader; batches?: never } | { read?: never; batches: FormatBatchReader };

const FORMATS: Readonly<Record<HashSetFormat, Reader & { describe: FormatDescriber }>> = {
  vics: { batches: readVics, describe: describeVics },
  rds: { batches: readRds, describe: describeRds },
  nsrl: { read: readNsrlText, describe: describeNsrlText },
  hashdeep: { read: readHashdeep, describe: describeHashdeep },
  list: { read: readPlainList, describe: describePlainList },
  csv: { read: readCsv, describe: describeCsv },
  icse: { read: readIcse, describe: describeIcse },
};

function checkFormat(format: string): HashSetFormat | 'auto' {
  if (format === 'auto' || (HASH_SET_FORMATS as readonly string[]).includes(format)) return format as HashSetFormat | 'auto';
  throw new Error(`Unknown hash-set format '${format}': expected auto or one of ${HASH_SET_FORMATS.join(', ')}`);
}

/** The records of one set. Iterable more than once; each pass re-reads the file. */
export class HashSetStream implements AsyncIterable<HashSetRecord> {
  /** Records the last pass skipped on purpose (each format's header comment says when). */
  skipped = new SkippedRecords();
  /** The format read, known once a pass has started. */
  format: HashSetFormat | undefined;

  constructor(
    readonly file: string,
    private readonly requested: HashSetFormat | 'auto',
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<HashSetRecord, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** The same records, many at a time (the importer's way: one await per batch, not per record). */
  async *batches(): AsyncGenerator<HashSetRecord[], void, undefined> {
    const skipped = new SkippedRecords();
    this.skipped = skipped;
    const format = this.requested === 'auto' ? await detectFormat(this.file) : this.requested;
    this.format = format;
    const reader = FORMATS[format];
    if (reader.batches) {
      yield* reader.batches(this.file, skipped);
      return;
    }
    let batch: HashSetRecord[] = [];
    for await (const record of reader.read(this.file, skipped)) {
      if (batch.push(record) === BATCH_OF_SLOW_FORMATS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
}

/** The line-by-line formats read one record per await anyway; batching them only saves the importer's. */
const BATCH_OF_SLOW_FORMATS = 256;

export function readHashSet(filePath: string, format: HashSetFormat | 'auto' = 'auto'): HashSetStream {
  return new HashSetStream(filePath, checkFormat(format));
}

/** Format, version, profile, shape and columns from the file's head, without reading it through. */
export async function describeHashSet(filePath: string, format: HashSetFormat | 'auto' = 'auto'): Promise<HashSetDescription> {
  const requested = checkFormat(format);
  const resolved = requested === 'auto' ? await detectFormat(filePath) : requested;
  return FORMATS[resolved].describe(filePath);
}
