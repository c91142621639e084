// Case text into HTML. Everything a seized file carries (names, EXIF strings, tags an examiner
// typed about them) is hostile: markup is escaped, and control and bidirectional-override
// characters — which can make "gpj.exe" read as "exe.jpg" — are shown as visible code points.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// C0/C1 controls (tab and newline kept), bidi embeddings/overrides/isolates, and marks.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(INVISIBLE, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Tagged template: every interpolated value is escaped unless wrapped in raw(). */
export class RawHtml {
  constructor(readonly html: string) {}
}

export const raw = (html: string): RawHtml => new RawHtml(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += Array.isArray(value)
      ? value.map((v) => (v instanceof RawHtml ? v.html : escapeHtml(v))).join('')
      : value instanceof RawHtml ? value.html : escapeHtml(value);
    out += strings[i + 1]!;
  });
  return out;
}

/** A data: URI for image bytes — the only kind of URL the report contains. */
export function dataUri(contentType: 'image/webp' | 'image/jpeg' | 'image/png', bytes: Buffer): string {
  return `data:${contentType};base64,${bytes.toString('base64')}`;
}
