// Turns whatever exifr read into plain JSON that is safe to store and to show: seized files
// carry hostile strings (control characters, bidi overrides that reorder what the examiner
// reads, megabytes of text), binary blobs and NaN/Infinity rationals (a zero denominator).

/** Longest string kept per tag value; longer ones are cut and say so. */
export const MAX_STRING_CHARS = 4096;
/** Longest tag name kept. */
const MAX_KEY_CHARS = 128;
/** Byte arrays up to this length are kept as numbers (GPSVersionID, ExifVersion); longer ones become {bytes}. */
const MAX_INLINE_BYTES = 16;
/** Number arrays (BitsPerSample, StripOffsets, XMP lists) are kept up to this many elements. */
const MAX_ARRAY_ITEMS = 256;
/** XMP structures nest; deeper levels are summarised. */
const MAX_DEPTH = 6;
/** The whole tag object, as JSON, stays under this. */
export const MAX_TAGS_JSON_BYTES = 256 * 1024;

// C0 controls except tab, LF and CR; DEL; C1 controls; the Unicode bidi embeddings, overrides and
// isolates (U+202A-202E, U+2066-2069) with LRM/RLM/ALM, which can make text display reordered.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Control characters and bidi controls removed, lone UTF-16 surrogates replaced, length capped. */
export function cleanText(text: string, maxChars = MAX_STRING_CHARS): string {
  let clean = text.replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\uFFFD');
  if (clean.length > maxChars) clean = `${clean.slice(0, maxChars)}… [cut, ${clean.length} characters]`;
  return clean;
}

/**
 * A camera string as recorded: EXIF ASCII ends at the first NUL (what follows is padding or
 * garbage, and exiftool stops there too), surrounding whitespace trimmed; null when nothing is left.
 */
export function cameraString(value: unknown, maxChars = 256): string | null {
  if (typeof value !== 'string') return null;
  const nul = value.indexOf('\0');
  const text = cleanText(nul === -1 ? value : value.slice(0, nul), maxChars).trim();
  return text === '' ? null : text;
}

/**
 * A picker over candidate sources, first usable one wins: `pick(field, [[source, value], …])`
 * returns the value as `read` gives it and records its source under `sources[field]`
 * (tags.lanterne.sources), so the examiner can see where each summary field came from.
 */
export function sourcePicker(sources: Record<string, string>) {
  return (name: string, candidates: Array<[string, unknown]>, read: (value: unknown) => string | null = cameraString): string | null => {
    for (const [from, value] of candidates) {
      const text = read(value);
      if (text !== null) {
        sources[name] = from;
        return text;
      }
    }
    return null;
  };
}

/** A JSON-safe copy of one tag value. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return cleanText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return null;
  }
  if (value instanceof Uint8Array || value instanceof Int8Array || value instanceof Uint8ClampedArray) {
    return value.length <= MAX_INLINE_BYTES ? Array.from(value) : { bytes: value.length };
  }
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return { bytes: value.byteLength };
    const numbers = value as unknown as ArrayLike<number | bigint>;
    if (numbers.length > MAX_ARRAY_ITEMS) return { values: numbers.length };
    return Array.from(numbers, (n) => jsonSafe(n, depth + 1));
  }
  if (value instanceof ArrayBuffer) return { bytes: value.byteLength };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return { nested: true };
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ARRAY_ITEMS).map((item) => jsonSafe(item, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS) kept.push({ omittedItems: value.length - MAX_ARRAY_ITEMS });
    return kept;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[cleanText(key, MAX_KEY_CHARS)] = jsonSafe(item, depth + 1);
  }
  return out;
}

/**
 * Groups of tags, each made JSON-safe. When the whole would pass MAX_TAGS_JSON_BYTES, tags are
 * kept in the order given until it is reached; what does not fit is counted in a `lanterne`
 * group and a warning.
 */
export function buildTagGroups(
  groups: ReadonlyArray<readonly [string, Record<string, unknown> | undefined]>,
  warnings: string[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, tags] of groups) {
    if (!tags) continue;
    const group: Record<string, unknown> = {};
    let kept = 0;
    for (const [key, value] of Object.entries(tags)) {
      if (value === undefined) continue;
      group[cleanText(key, MAX_KEY_CHARS)] = jsonSafe(value);
      kept++;
    }
    if (kept > 0) out[name] = group;
  }
  // One measure of the whole is enough for nearly every file; only oversized ones are counted tag by tag.
  if (Buffer.byteLength(JSON.stringify(out)) <= MAX_TAGS_JSON_BYTES) return out;
  return truncate(out, warnings);
}

function truncate(groups: Record<string, Record<string, unknown>>, warnings: string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  let size = 2; // {}
  let omitted = 0;
  for (const [name, tags] of Object.entries(groups)) {
    const group: Record<string, unknown> = {};
    let groupSize = Buffer.byteLength(JSON.stringify(name)) + 4; // "name":{},
    let kept = 0;
    for (const [key, value] of Object.entries(tags)) {
      const entrySize = Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(value)) + 2;
      if (size + groupSize + entrySize > MAX_TAGS_JSON_BYTES - 1024) {
        omitted++;
        continue;
      }
      group[key] = value;
      groupSize += entrySize;
      kept++;
    }
    if (kept > 0) {
      out[name] = group;
      size += groupSize;
    }
  }
  out['lanterne'] = { truncated: true, omittedTags: omitted, limitBytes: MAX_TAGS_JSON_BYTES };
  warnings.push(`metadata too large: ${omitted} tags left out to keep the stored tags under ${MAX_TAGS_JSON_BYTES / 1024} KiB`);
  return out;
}
