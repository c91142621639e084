// Canonical JSON: the one byte-exact text of a value, so a hash over it can be recomputed by anyone,
// with any tool, years later. The rules (they match RFC 8785, the JSON Canonicalization Scheme, for
// every value the audit log stores):
//   - no whitespace anywhere outside strings;
//   - object members sorted by key, comparing keys as sequences of UTF-16 code units (JavaScript's
//     default sort, which is also RFC 8785's order); each key at most once;
//   - arrays keep their order;
//   - strings and numbers written exactly as ECMAScript's JSON.stringify writes them (shortest
//     round-trip number form, `"` `\` and control characters escaped, everything else literal
//     UTF-8); non-finite numbers are refused;
//   - only null, booleans, finite numbers, strings, arrays and plain objects; an object member whose
//     value is `undefined` is left out (as JSON.stringify does); anything else (a Date, a Buffer,
//     undefined inside an array, a bigint) is refused, so a caller cannot hash something that does
//     not survive a JSON round trip.
// The text is hashed as its UTF-8 bytes.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };
export type JsonObject = { [key: string]: JsonValue | undefined };

export class CanonicalJsonError extends TypeError {}

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${where}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${where}: a ${typeof value} has no JSON form`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => {
      if (v === undefined) throw new CanonicalJsonError(`${where}[${i}]: undefined has no JSON form`);
      return write(v, `${where}[${i}]`);
    }).join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(`${where}: only plain objects are canonical JSON (got ${value.constructor?.name ?? 'an object'})`);
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${write(member, `${where}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}
