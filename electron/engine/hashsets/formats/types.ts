// The shape every hash-set reader yields, whatever the file looked like. Readers are pure: they
// read one file and never touch a case database; importing and category mapping happen elsewhere.
import path from 'node:path';

export type HashSetFormat = 'vics' | 'rds' | 'nsrl' | 'hashdeep' | 'list' | 'csv' | 'icse';

export const HASH_SET_FORMATS: readonly HashSetFormat[] = ['vics', 'rds', 'nsrl', 'hashdeep', 'list', 'csv', 'icse'];

export interface HashSetRecord {
  /** Lower-case hex, validated for length and charset. */
  md5?: string;
  sha1?: string;
  sha256?: string;
  /** PDQ perceptual hash, 64 lower-case hex, when the set carries one (VICS AlternativeHashes, a CSV pdq column). */
  pdq?: string;
  size?: number;
  fileName?: string;
  /**
   * The raw number as in the file; null = the set says "uncategorised" (VICS Category null or
   * absent, an empty category cell in a CSV that has the column); undefined = the format has no
   * category at all. Meanings come from a per-profile table elsewhere (FORMATS.md, Categories).
   */
  category?: number | null;
  /** Carried through exactly as written (base64 or hex); Lanterne never computes PhotoDNA. */
  photoDna?: string;
  mediaId?: string;
  series?: string;
  tags?: string[];
  victimIdentified?: boolean;
  offenderIdentified?: boolean;
  isDistributed?: boolean;
  isPrecategorized?: boolean;
  /** Where in the file this came from, for error messages and provenance: 1-based line for text formats, record index for JSON/SQLite. */
  location: { line?: number; record?: number };
}

/** What a set says about itself, read from its header only (cheap: no full pass). */
export interface HashSetDescription {
  format: HashSetFormat;
  /** As the file states it: VICS '1.3' / '2.0', NSRL text '1.5' / '2.x', HASHDEEP '1.0', RDS VERSION.version. */
  version?: string;
  /** VICS 2.0 profile from the context URL: Default, US, UK or CUSTOM. Decides the category table. */
  profile?: string;
  /** VICS: a hash set of Media or a list of Cases. hashdeep.ts: which of the listings it read. */
  shape?: 'media' | 'cases' | 'hashdeep' | 'md5sum' | 'md5deep-size' | 'bsd';
  /** Column names as the header gives them (hashdeep, NSRL text, CSV, ICSE, RDS FILE). */
  columns?: string[];
  /** Free text the set carries about itself (RDS: build set, release date, description). */
  note?: string;
}

/** A malformed file or record. `file` is the path as given; the message names only its basename. */
export class HashSetFormatError extends Error {
  /** Stable code for errors-as-values across the API boundary (STYLE.md, habit 6). */
  readonly code = 'HASHSET_FORMAT';

  constructor(
    public file: string,
    public where: string,
    public problem: string,
  ) {
    super(where ? `${path.basename(file)}, ${where}: ${problem}` : `${path.basename(file)}: ${problem}`);
    this.name = 'HashSetFormatError';
  }
}

/**
 * Records a reader skipped on purpose (each format documents when it does). Counted so the
 * importer can tell the examiner "3 records skipped" and show the first few reasons.
 */
export class SkippedRecords {
  static readonly KEEP = 20;
  count = 0;
  readonly examples: string[] = [];

  add(file: string, where: string, reason: string): void {
    this.count++;
    if (this.examples.length < SkippedRecords.KEEP) this.examples.push(`${path.basename(file)}, ${where}: ${reason}`);
  }
}

/** The signature every format's reader has. */
export type FormatReader = (file: string, skipped: SkippedRecords) => AsyncGenerator<HashSetRecord, void, undefined>;
/**
 * A reader that hands records over many at a time: for the formats whose sets run to millions of
 * records, where one await per record is a measurable part of an import.
 */
export type FormatBatchReader = (file: string, skipped: SkippedRecords) => AsyncGenerator<HashSetRecord[], void, undefined>;
export type FormatDescriber = (file: string) => Promise<HashSetDescription>;
