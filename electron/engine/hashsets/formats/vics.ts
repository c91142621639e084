// Project VIC VICS JSON, 1.x ("odata.metadata") and 2.0 ("@odata.context"), in both shapes: a
// hash set (value[] of Media) and a case (value[] of cases, each with Media[]). Streams: files of
// hundreds of MB are walked with JsonStreamReader and only one Media object is parsed at a time.
//
// Skipped (counted, not an error): a Media with PhotoDNA but no MD5/SHA-1/SHA-256/PDQ — legitimate
// in VICS, but Lanterne never computes PhotoDNA, so nothing could ever match it.
// Errors: anything malformed, a Media over 1 MiB of JSON, a Media with no hash and no PhotoDNA.
import { createReadStream } from 'node:fs';
import { hasHash, inRecord, whereOf } from './fields.js';
import { JsonStreamError, JsonStreamReader } from './json-stream.js';
import { vicsMediaToRecord } from './vics-media.js';
import { HashSetFormatError, type HashSetDescription, type HashSetRecord, type SkippedRecords } from './types.js';

/** Generous for one Media (a PhotoDNA is 288 characters at most); a bigger "record" is not one. */
export const MAX_MEDIA_CHARS = 1 << 20;
/** A case or unknown-shape element with more keys than this is not VICS. */
const MAX_KEYS = 10_000;
const LBRACE = 0x7b;
const LBRACKET = 0x5b;
const CONTEXT_KEYS = new Set(['odata.metadata', '@odata.context']);
/**
 * Media handed over per batch: enough to make the awaits between batches negligible, few enough
 * that a batch still alive at a scavenge promotes little garbage to the old generation.
 */
const BUFFERED_BATCH = 64;

export interface VicsHeader {
  version?: string;
  profile?: string;
  shape?: 'media' | 'cases';
}

// 1.x: http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media
// 2.0: http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/{Default|US|UK|CUSTOM}/$metadata#{Media|Cases}
const CONTEXT_URL = /DataModels\/(\d+(?:\.\d+)*)\.xml(?:\/([^/#$]+))?(?:\/\$metadata)?#(\w+)/i;

/** Version, profile and shape from the context URL; an unfamiliar URL still reads, undescribed. */
export function parseVicsContext(url: string): VicsHeader {
  const m = CONTEXT_URL.exec(url);
  if (!m) return {};
  const header: VicsHeader = {};
  if (m[1]) header.version = m[1];
  if (m[2]) header.profile = m[2];
  const target = (m[3] ?? '').toLowerCase();
  if (target === 'media') header.shape = 'media';
  else if (target === 'cases' || target === 'case') header.shape = 'cases';
  return header;
}

const notVics = (file: string, why: string): HashSetFormatError => new HashSetFormatError(file, '', `Not a VICS file: ${why}`);

function open(file: string): { input: ReturnType<typeof createReadStream>; json: JsonStreamReader } {
  // 64 KiB chunks stay out of V8's large-object space, so spent buffers die young instead of
  // piling up until a full GC (1 MiB chunks: ~50 MB heap growth on a 60 MB file; 64 KiB: ~10 MB).
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  return { input, json: new JsonStreamReader(input as AsyncIterable<string>) };
}

class VicsWalk {
  /** 1-based index of the last Media taken, across all cases. */
  record = 0;
  /** Set while a Media is being read, so a syntax error inside it names the record and its first line. */
  current: { record: number; line: number } | undefined;
  /** Whether the last element caseOrMedia read held a Media array. */
  private lastWasCase = false;

  constructor(
    private readonly file: string,
    private readonly json: JsonStreamReader,
    private readonly skipped: SkippedRecords,
  ) {}

  async *records(): AsyncGenerator<HashSetRecord[], void, undefined> {
    const { json } = this;
    if ((await json.peek()) !== LBRACE) throw notVics(this.file, 'it does not start with a JSON object');
    json.consume();
    let header: VicsHeader = {};
    let sawValue = false;
    for (let first = true; ; first = false) {
      const key = await json.nextKey(first);
      if (key === null) break;
      if (CONTEXT_KEYS.has(key)) header = parseVicsContext(await json.readString());
      else if (key === 'value') {
        if ((await json.peek()) !== LBRACKET) throw notVics(this.file, '`value` at top level is not an array');
        json.consume();
        sawValue = true;
        yield* this.elements(header.shape);
      } else await json.skipValue();
    }
    await json.expectEnd();
    if (!sawValue) throw notVics(this.file, 'missing `value` array at top level');
  }

  /**
   * value[]: Media records when the context says so. Otherwise the first element tells, key by
   * key, whether it is a case or a Media; the elements of one file are all alike, so once a Media
   * has been seen the rest take the fast path.
   */
  private async *elements(declared: VicsHeader['shape']): AsyncGenerator<HashSetRecord[], void, undefined> {
    let shape = declared;
    for (let first = true; ; first = false) {
      if (shape === 'media') {
        const run = this.takeBufferedMedia(first);
        if (run.records.length) yield run.records;
        if (run.error !== undefined) throw run.error;
        if (run.ended) return;
        if (run.full) continue; // more may be buffered: stay on the fast path
        first = run.first;
      }
      if (!(await this.json.nextElement(first))) return;
      if (shape === 'media') {
        const record = await this.takeMedia();
        if (record) yield [record];
      } else {
        for await (const record of this.caseOrMedia(shape)) yield [record];
        if (shape === undefined) shape = this.lastWasCase ? 'cases' : 'media';
      }
    }
  }

  /**
   * The Media records whose JSON is already in the buffer, taken without an await each (the
   * common case: ~280 records per 64 KiB chunk), up to BUFFERED_BATCH (`full`). `ended` when the
   * array closed; `first` whether no element has been taken yet, for the caller's slow path;
   * `error` a bad record's, thrown by the caller once the records before it are handed over.
   */
  private takeBufferedMedia(first: boolean): { records: HashSetRecord[]; first: boolean; ended: boolean; full?: boolean; error?: unknown } {
    const { json } = this;
    const records: HashSetRecord[] = [];
    try {
      for (;;) {
        if (records.length === BUFFERED_BATCH) return { records, first, ended: false, full: true };
        const text = json.nextElementText(first, MAX_MEDIA_CHARS);
        if (text === undefined) return { records, first, ended: false };
        if (text === null) return { records, first, ended: true };
        first = false;
        const location = { record: ++this.record, line: json.valueLine };
        this.current = location;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw new JsonStreamError(`malformed JSON: ${(error as Error).message}`, location.line);
        }
        this.current = undefined;
        const record = this.toRecord(value, location);
        if (record) records.push(record);
      }
    } catch (error) {
      return { records, first, ended: false, error };
    }
  }

  /** Reads one element key by key; a `Media` array makes it a case whose Media stream out one by one. */
  private async *caseOrMedia(shape: VicsHeader['shape']): AsyncGenerator<HashSetRecord, void, undefined> {
    const { json } = this;
    if ((await json.peek()) !== LBRACE) {
      const record = await this.takeMedia(); // not an object: let the Media check say so, with the record number
      if (record) yield record;
      return;
    }
    const line = json.line;
    json.consume();
    const fields: Record<string, unknown> = Object.create(null); // a "__proto__" key stays a key
    let isCase = false;
    let keys = 0;
    for (let first = true; ; first = false) {
      const key = await json.nextKey(first);
      if (key === null) break;
      if (++keys > MAX_KEYS) throw json.error(`an element of \`value\` has more than ${MAX_KEYS} keys`);
      if (key === 'Media' && (await json.peek()) === LBRACKET) {
        isCase = true;
        json.consume();
        for (let firstMedia = true; await json.nextElement(firstMedia); firstMedia = false) {
          const record = await this.takeMedia();
          if (record) yield record;
        }
      } else fields[key] = await json.readValue(MAX_MEDIA_CHARS);
    }
    // A case with an empty or missing Media list still names itself by its case keys.
    this.lastWasCase = isCase || 'CaseID' in fields || 'CaseNumber' in fields;
    if (this.lastWasCase || shape === 'cases') return; // case-level fields (CaseID, CaseNumber, …) are not hash records
    const record = this.toRecord(fields, { record: ++this.record, line });
    if (record) yield record;
  }

  private async takeMedia(): Promise<HashSetRecord | undefined> {
    await this.json.peek();
    const location = { record: ++this.record, line: this.json.line };
    this.current = location;
    const value = await this.json.readValue(MAX_MEDIA_CHARS);
    this.current = undefined;
    return this.toRecord(value, location);
  }

  private toRecord(value: unknown, location: { record: number; line: number }): HashSetRecord | undefined {
    const where = whereOf(location);
    const record = inRecord(this.file, where, () => vicsMediaToRecord(value, location));
    if (hasHash(record)) return record;
    this.skipped.add(this.file, where, 'PhotoDNA only, no MD5/SHA1/SHA-256/PDQ; Lanterne never computes PhotoDNA');
    return undefined;
  }
}

function wrapJsonError(file: string, error: unknown, current: VicsWalk['current']): unknown {
  if (!(error instanceof JsonStreamError)) return error;
  const where = current ? whereOf(current) : `line ${error.line}`;
  return new HashSetFormatError(file, where, error.message);
}

export async function* readVics(file: string, skipped: SkippedRecords): AsyncGenerator<HashSetRecord[], void, undefined> {
  const { input, json } = open(file);
  const walk = new VicsWalk(file, json, skipped);
  try {
    yield* walk.records();
  } catch (error) {
    throw wrapJsonError(file, error, walk.current);
  } finally {
    input.destroy();
  }
}

/** Reads only up to the context key (the OData spec puts it first) or the start of `value`. */
export async function describeVics(file: string): Promise<HashSetDescription> {
  const { input, json } = open(file);
  try {
    if ((await json.peek()) !== LBRACE) throw notVics(file, 'it does not start with a JSON object');
    json.consume();
    for (let first = true; ; first = false) {
      const key = await json.nextKey(first);
      if (key === null) throw notVics(file, 'missing `value` array at top level');
      if (CONTEXT_KEYS.has(key)) return { format: 'vics', ...parseVicsContext(await json.readString()) };
      if (key === 'value') return { format: 'vics' };
      await json.skipValue();
    }
  } catch (error) {
    throw wrapJsonError(file, error, undefined);
  } finally {
    input.destroy();
  }
}
