// Dates and places as videos record them: QuickTime's seconds since 1904, date strings with or
// without their offset (kept as written, never converted), ISO 6709 positions.
import type { GpsPosition } from '../../../shared/model.js';
import { parseOffset } from './metadata-dates.js';
import { cleanText } from './metadata-json.js';

/** Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01. */
const EPOCH_1904 = 2_082_844_800;

/** mvhd seconds since 1904 in UTC; 0 (1904-01-01) and the Unix epoch (what muxers write when unset) are "not set". */
export function quickTimeTime(seconds: number | null): string | null {
  if (seconds === null || seconds === 0 || seconds === EPOCH_1904) return null;
  const date = new Date((seconds - EPOCH_1904) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return null;
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/**
 * A recorded date as written ("2021-07-04T13:22:10+0200", "2021-07-04T13:22:10Z", "2021-07-04
 * 13:22:10"): re-punctuated, fractions dropped (as metadata-dates.ts does), never converted.
 */
export function recordedDate(raw: string, warnings: string[]): string | null {
  const text = raw.trim();
  if (text === '') return null;
  const m = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  const valid = m && validDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!m || !valid) {
    warnings.push(`video date "${cleanText(text, 40)}" is not a valid date; ignored`);
    return null;
  }
  let offset = '';
  if (m[7] !== undefined) {
    const parsed = parseOffset(m[7]);
    if (parsed === null) warnings.push('time-zone offset of the video date is not valid; left out');
    else offset = parsed;
  }
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
}

function validDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * ISO 6709 as video writers use it: "+50.8466+004.3528+012.000/", altitude optional, "CRSWGS_84"
 * before the slash from some writers; degrees-minutes(-seconds) forms (+5050.796+00421.168/) too.
 */
export function parseIso6709(raw: string): GpsPosition | null {
  const m = /^\s*([+-])(\d+(?:\.\d*)?)([+-])(\d+(?:\.\d*)?)(?:([+-])(\d+(?:\.\d*)?))?\s*(?:CRS[A-Za-z0-9_]*)?\s*\/?\s*$/.exec(raw.replace(/\0+$/, ''));
  if (!m) return null;
  const lat = sexagesimal(m[2]!, 2);
  const lon = sexagesimal(m[4]!, 3);
  if (lat === null || lon === null || lat > 90 || lon > 180) return null;
  const alt = m[6] === undefined ? null : Number(m[6]) * (m[5] === '-' ? -1 : 1);
  return { lat: m[1] === '-' ? -lat : lat, lon: m[3] === '-' ? -lon : lon, alt: alt !== null && Number.isFinite(alt) ? alt : null };
}

/** Degrees from D, DM or DMS digits: the integer part's length tells which (2 or 3 digits of degrees). */
function sexagesimal(text: string, degreeDigits: number): number | null {
  const whole = text.split('.')[0]!;
  const fraction = text.slice(whole.length);
  let value: number;
  if (whole.length <= degreeDigits) value = Number(text);
  else if (whole.length === degreeDigits + 2) value = Number(whole.slice(0, degreeDigits)) + Number(whole.slice(degreeDigits) + fraction) / 60;
  else if (whole.length === degreeDigits + 4) {
    value = Number(whole.slice(0, degreeDigits)) + Number(whole.slice(degreeDigits, degreeDigits + 2)) / 60 + Number(whole.slice(degreeDigits + 2) + fraction) / 3600;
  } else return null;
  return Number.isFinite(value) ? value : null;
}
