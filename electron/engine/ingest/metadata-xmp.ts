// XMP packets: checked in one linear pass before exifr's regex-based parser sees them, because
// that parser rescans to the end of the text for every unclosed or fake tag (a 60 KB crafted
// packet costs it a quarter of a second, a few MB would cost minutes). The handful of
// properties the summary needs are read here directly as strings: exifr turns numeric-looking
// text into numbers (a serial "0012345" would become 12345) and leaves entities encoded.
import { exifrXmpParse } from './metadata-exifr.js';

/** Larger packets are not parsed into tags (the summary fields are still read). */
const XMP_PARSE_LIMIT = 1024 * 1024;
/** Larger packets are not looked at at all (XMP written by cameras and editors is KBs). */
const XMP_READ_LIMIT = 16 * 1024 * 1024;
/** Real XMP nests a few levels (x:xmpmeta/rdf:RDF/rdf:Description/prop/rdf:Seq/rdf:li/struct...). */
const XMP_MAX_DEPTH = 32;

/** Properties the summary may fall back on, read as their literal text. */
const SUMMARY_PROPERTIES = [
  'tiff:Make', 'tiff:Model', 'tiff:Software', 'tiff:Orientation',
  'exif:DateTimeOriginal', 'photoshop:DateCreated', 'xmp:CreateDate',
  'exif:GPSLatitude', 'exif:GPSLongitude', 'exif:GPSAltitude', 'exif:GPSAltitudeRef',
  'aux:SerialNumber', 'exifEX:BodySerialNumber', 'aux:Lens', 'exifEX:LensModel',
  'aux:LensSerialNumber', 'exifEX:LensSerialNumber',
] as const;

export interface XmpResult {
  /** Every property exifr parsed, as "prefix:Name" → value; undefined when not parsed. */
  tags: Record<string, unknown> | undefined;
  /** The summary properties found, as text with entities decoded. */
  fields: Record<string, string>;
}

export function readXmp(packets: readonly string[], warnings: string[]): XmpResult {
  const tags: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  let parsedAny = false;
  for (const packet of packets) {
    if (packet.length > XMP_READ_LIMIT) {
      warnings.push(`XMP not read: packet of ${packet.length} characters is over the ${XMP_READ_LIMIT / 1024 / 1024} MiB limit`);
      continue;
    }
    const checked = checkXml(packet);
    if (typeof checked !== 'string') {
      warnings.push(`XMP not read: ${checked.problem}`);
      continue;
    }
    for (const name of SUMMARY_PROPERTIES) {
      if (fields[name] !== undefined) continue;
      const value = readProperty(checked, name);
      if (value !== undefined) fields[name] = value;
    }
    if (checked.length > XMP_PARSE_LIMIT) {
      warnings.push(`XMP packet of ${checked.length} characters is over the ${XMP_PARSE_LIMIT / 1024} KiB parse limit; only camera fields were read from it`);
      continue;
    }
    try {
      const parsed = exifrXmpParse(checked);
      for (const [ns, properties] of Object.entries(parsed ?? {})) {
        if (ns === 'xmlns' || !properties || typeof properties !== 'object') continue;
        for (const [name, value] of Object.entries(properties as Record<string, unknown>)) {
          const key = `${ns}:${name}`;
          if (!(key in tags)) tags[key] = value;
        }
      }
      parsedAny = true;
    } catch (error) {
      warnings.push(`XMP not parsed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { tags: parsedAny ? tags : undefined, fields };
}

/**
 * One pass over the markup: every '<' must open a well-formed tag, start and end tags must pair
 * up, nesting stays under XMP_MAX_DEPTH. Comments are dropped (they carry no data and may hide
 * fake tags from this check but not from a regex). Returns the text to parse or the problem.
 */
export function checkXml(text: string): string | { problem: string } {
  const stack: string[] = [];
  let out = '';
  let copiedTo = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return { problem: 'unterminated comment' };
      out += text.slice(copiedTo, i);
      copiedTo = end + 3;
      i = text.indexOf('<', copiedTo);
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return { problem: 'unterminated processing instruction' };
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (text.startsWith('<!', i)) return { problem: 'declarations and CDATA sections are not expected in XMP' };
    if (text[i + 1] === '/') {
      const end = text.indexOf('>', i + 2);
      if (end === -1) return { problem: 'unterminated end tag' };
      const name = text.slice(i + 2, end).trim();
      if (stack.pop() !== name) return { problem: `mismatched end tag </${name.slice(0, 40)}>` };
      i = text.indexOf('<', end + 1);
      continue;
    }
    // A start tag: its name, then attributes whose quoted values may hold '>' but never '<'.
    let j = i + 1;
    while (j < text.length && !isNameEnd(text.charCodeAt(j))) j++;
    const name = text.slice(i + 1, j);
    if (name === '' || name.includes('<')) return { problem: 'malformed start tag' };
    let end = -1;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, j + 1);
        if (close === -1) return { problem: 'unterminated attribute value' };
        if (text.slice(j + 1, close).includes('<')) return { problem: "'<' inside an attribute value" };
        j = close + 1;
        continue;
      }
      if (c === '<') return { problem: 'malformed start tag' };
      if (c === '>') {
        end = j;
        break;
      }
      j++;
    }
    if (end === -1) return { problem: 'unterminated start tag' };
    if (text[end - 1] !== '/') {
      stack.push(name);
      if (stack.length > XMP_MAX_DEPTH) return { problem: `elements nested deeper than ${XMP_MAX_DEPTH}` };
    }
    i = text.indexOf('<', end + 1);
  }
  if (stack.length > 0) return { problem: `unclosed element <${stack[stack.length - 1]!.slice(0, 40)}>` };
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/**
 * The text of a simple property in either RDF form: an attribute of rdf:Description
 * (prefix:Name="value") or an element (<prefix:Name>value</prefix:Name>), or the first item of
 * an rdf:Alt/Seq/Bag list inside that element. Only called on text that passed checkXml, so
 * every search here is linear.
 */
function readProperty(text: string, name: string): string | undefined {
  if (!text.includes(name)) return undefined; // the common case, and much cheaper than the searches below
  const attr = new RegExp(`\\s${escapeRegExp(name)}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(text);
  if (attr) return decodeEntities(attr[2] ?? attr[3] ?? '');
  let open = text.indexOf(`<${name}`);
  while (open !== -1 && !/[\s>/]/.test(text[open + name.length + 1] ?? '')) open = text.indexOf(`<${name}`, open + 1);
  if (open === -1) return undefined;
  const start = text.indexOf('>', open);
  const close = text.indexOf(`</${name}>`, start);
  if (start === -1 || close === -1 || text[start - 1] === '/') return undefined;
  let inner = text.slice(start + 1, close);
  const li = /<rdf:li(?:\s[^>]*)?>([^<]*)<\/rdf:li>/.exec(inner);
  if (li) inner = li[1]!;
  else if (inner.includes('<')) return undefined; // a structure, not a simple value
  return decodeEntities(inner).trim();
}

/** Whitespace, '/' or '>': where a tag name ends. */
function isNameEnd(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    switch (entity) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
