// The capture time exactly as the camera recorded it. EXIF dates carry no zone: "2021:07:04
// 13:22:10" is the camera's wall clock, and the zone (when recorded at all) is a separate tag,
// OffsetTimeOriginal (EXIF 2.31). exifr's default "revives" such strings into Date objects in
// the zone of the machine running the ingest, so the same file would read differently in
// Brussels and in New York. We read the raw string (reviveValues: false) and only re-punctuate it.
//
// Sub-seconds (SubSecTimeOriginal) are deliberately left out of `taken`, and so are the
// fractions some XMP dates carry: they live in a separate tag that editors and messengers often
// drop while keeping DateTimeOriginal, so including them would make two copies of one photo
// disagree on `taken` and break linking by time; many cameras also write constant or padding
// values there. The raw tag stays in the stored tags (exif.SubSecTimeOriginal).

export interface Taken {
  /** "2021-07-04T13:22:10", plus "+02:00" when an offset was recorded. */
  value: string;
  /** Which tag it came from, e.g. "exif.DateTimeOriginal" or "xmp.photoshop:DateCreated". */
  source: string;
}

export interface TakenSources {
  exif?: Record<string, unknown> | undefined;
  /** XMP properties as "prefix:Name" → text. */
  xmp?: Record<string, unknown> | undefined;
  iptc?: Record<string, unknown> | undefined;
  ciff?: Record<string, unknown> | undefined;
  /** Capture times from records only some makers write (PictureInfo, Reconyx, Casio QVCI), EXIF form. */
  other?: Array<[source: string, value: string | null]>;
}

/**
 * The order of sources: DateTimeOriginal (EXIF, then its XMP copy, then the Canon CIFF record
 * of pre-EXIF PowerShots); only when there is none,
 * the digitised time (EXIF CreateDate, i.e. DateTimeDigitized), then the IPTC IIM DateCreated +
 * TimeCreated pair (2:55/2:60, what news photographers' tools fill in; exiftool composes its
 * DateTimeOriginal from it too), then its XMP mirror photoshop:DateCreated (IPTC first, as in
 * exiftool's composite; the two differ only when one was edited without the other), then
 * xmp:CreateDate. ModifyDate is never used: it is when a file was last edited, not taken.
 * A source that is present but not a valid date ("0000:00:00 00:00:00", blanks) is skipped with
 * a warning.
 */
export function readTaken(blocks: TakenSources, warnings: string[]): Taken | null {
  const { exif, xmp, iptc, ciff } = blocks;
  const candidates: Array<[source: string, read: () => string | null | undefined]> = [
    ['exif.DateTimeOriginal', () => exifDate(exif?.['DateTimeOriginal'], exif?.['OffsetTimeOriginal'], warnings)],
    ['xmp.exif:DateTimeOriginal', () => xmpDate(xmp?.['exif:DateTimeOriginal'])],
    ['ciff.DateTimeOriginal', () => exifDate(ciff?.['DateTimeOriginal'], undefined, warnings)],
    ...(blocks.other ?? []).map(([source, value]): [string, () => string | null | undefined] => [source, () => exifDate(value ?? undefined, undefined, warnings)]),
    ['exif.CreateDate', () => exifDate(exif?.['CreateDate'], exif?.['OffsetTimeDigitized'], warnings)],
    ['iptc.DateCreated', () => iptcDate(first(iptc?.['DateCreated']), first(iptc?.['TimeCreated']))],
    ['xmp.photoshop:DateCreated', () => xmpDate(xmp?.['photoshop:DateCreated'])],
    ['xmp.xmp:CreateDate', () => xmpDate(xmp?.['xmp:CreateDate'])],
  ];
  for (const [source, read] of candidates) {
    const value = read();
    if (value === undefined) continue; // absent
    if (value === null) {
      warnings.push(`${source} is not a valid date; ignored`);
      continue;
    }
    return { value, source };
  }
  return null;
}

/** undefined when the tag is absent or blank padding, null when present but invalid. */
export function exifDate(raw: unknown, rawOffset: unknown, warnings: string[]): string | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return null;
  const text = raw.replace(/\0.*$/s, '').trim();
  if (text === '') return undefined;
  // EXIF 2.3 §4.6.4: "YYYY:MM:DD HH:MM:SS". Some writers use '-' or '/' in the date or a 'T'.
  const m = /^(\d{4})[:\-/.](\d{2})[:\-/.](\d{2})[ T]+(\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second] = m as unknown as [string, string, string, string, string, string, string];
  if (!validDate(year, month, day) || !validTime(hour, minute, second)) return null;
  let offset = '';
  if (typeof rawOffset === 'string' && rawOffset.replace(/[\0\s:]/g, '') !== '') {
    const parsed = parseOffset(rawOffset.replace(/\0.*$/s, '').trim());
    if (parsed === null) warnings.push('time-zone offset of the capture time is not valid; left out');
    else offset = parsed;
  }
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
}

/** IPTC IIM 4.2: DateCreated "CCYYMMDD", TimeCreated "HHMMSS±HHMM" (separators tolerated). */
function iptcDate(rawDate: unknown, rawTime: unknown): string | null | undefined {
  if (typeof rawDate !== 'string' || rawDate.trim() === '') return rawDate === undefined ? undefined : null;
  const d = /^(\d{4})[:-]?(\d{2})[:-]?(\d{2})$/.exec(rawDate.trim());
  if (!d || !validDate(d[1]!, d[2]!, d[3]!)) return null;
  const date = `${d[1]}-${d[2]}-${d[3]}`;
  if (typeof rawTime !== 'string' || rawTime.trim() === '') return date;
  const t = /^(\d{2}):?(\d{2}):?(\d{2})(?:([+-]\d{2}):?(\d{2}))?$/.exec(rawTime.trim());
  if (!t || !validTime(t[1]!, t[2]!, t[3]!)) return null;
  let offset = '';
  if (t[4] !== undefined) {
    const parsed = parseOffset(`${t[4]}:${t[5]}`);
    if (parsed === null) return null;
    offset = parsed;
  }
  return `${date}T${t[1]}:${t[2]}:${t[3]}${offset}`;
}

/** Repeated IPTC datasets come back from exifr as arrays. */
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * XMP dates are ISO 8601 with optional parts (XMP spec part 1, 8.2.1.1): "2021-07-04",
 * "2021-07-04T13:22", "2021-07-04T13:22:10.25+02:00". Kept as precise as recorded down to whole
 * seconds; a date without a day is too vague to be a capture time and is treated as invalid.
 */
function xmpDate(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, zone] = m as unknown as [string, string, string, string, string?, string?, string?, string?];
  if (!validDate(year, month, day)) return null;
  if (hour === undefined || minute === undefined) return `${year}-${month}-${day}`;
  if (!validTime(hour, minute, second ?? '00')) return null;
  let offset = '';
  if (zone !== undefined) {
    const parsed = parseOffset(zone);
    if (parsed === null) return null;
    offset = parsed;
  }
  return `${year}-${month}-${day}T${hour}:${minute}${second === undefined ? '' : `:${second}`}${offset}`;
}

/** "+02:00", "-0530" or "Z" as "+HH:MM"; null when not a real UTC offset (beyond ±14:00). */
export function parseOffset(text: string): string | null {
  if (text === 'Z') return '+00:00';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return null;
  const [, sign, hh, mm] = m as unknown as [string, string, string, string];
  if (Number(hh) > 14 || Number(mm) > 59) return null;
  return `${sign}${hh}:${mm}`;
}

function validDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

function validTime(hour: string, minute: string, second: string): boolean {
  // 60 seconds is a leap second, which a camera synchronised to GPS time may record.
  return Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 60;
}
