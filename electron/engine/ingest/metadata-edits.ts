// Traces of editing and re-saving found in the metadata itself (the thumbnail comparison, which
// needs pixels, is metadata-thumbnail.ts): editing software, XMP xmpMM:History, a Photoshop
// image-resource block, and dates that disagree. These are hints for an examiner, not verdicts:
// a camera app may name itself in Software, and a phone's GPS time may be a stale fix.
import type { EditTraces } from '../../../shared/model.js';
import { exifDate } from './metadata-dates.js';
import { cameraString } from './metadata-json.js';

type Block = Record<string, unknown> | undefined;

/** Software that edits or re-encodes images (as opposed to camera firmware strings). */
const EDITORS =
  /photoshop|lightroom|gimp|paint\.net|pixelmator|affinity|snapseed|picasa|acdsee|imagemagick|graphicsmagick|capture one|dxo|darktable|rawtherapee|luminar|photoscape|irfanview|fotor|facetune|picsart|vsco|canva|microsoft windows photo|windows live photo|photos \d|photo gallery|preview|skitch|corel|paintshop|xnview|faststone|digikam|shotwell|aperture|iphoto|instagram|whatsapp|telegram|snapchat|facebook|meitu|lensa|remini|photoroom|bazaart|airbrush/i;
const MAX_HISTORY = 50;
/** Seconds a camera may take between exposure and writing the file. */
const MODIFY_TOLERANCE_S = 60;

export interface EditSources {
  ifd0: Block;
  exif: Block;
  gps: Block;
  xmpTags: Block;
  photoshop: boolean;
  warnings: string[];
}

/** Every trace but the thumbnail comparison, which is filled in later (null here). */
export function readEditTraces(s: EditSources): EditTraces {
  const history = historyOf(s.xmpTags?.['xmpMM:History']);
  const candidates = [
    cameraString(s.ifd0?.['Software']),
    cameraString(s.xmpTags?.['xmp:CreatorTool']),
    ...history.map((h) => h.split(' · ')[1] ?? null),
  ];
  const software = candidates.find((c): c is string => c !== null && c !== undefined && EDITORS.test(c)) ?? null;
  const traces: EditTraces = {
    thumbnailMismatch: null,
    software,
    history,
    dates: datesThatDisagree(s.ifd0, s.exif, s.gps, s.warnings),
    photoshop: s.photoshop,
    possiblyEdited: false,
  };
  traces.possiblyEdited = isPossiblyEdited(traces);
  return traces;
}

export function isPossiblyEdited(t: EditTraces): boolean {
  return t.thumbnailMismatch !== null || t.software !== null || t.history.length > 0 || t.dates.length > 0 || t.photoshop;
}

/** exifr parses xmpMM:History (a Seq of stEvt structs) into objects: action, softwareAgent, when, changed. */
function historyOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  const out: string[] = [];
  for (const item of items.slice(0, MAX_HISTORY)) {
    if (!item || typeof item !== 'object') continue;
    const e = item as Record<string, unknown>;
    const part = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? cameraString(String(v), 200) : null);
    const line = [part(e['action']) ?? '?', part(e['softwareAgent']), part(e['when']), part(e['changed'])]
      .filter((x): x is string => x !== null)
      .join(' · ');
    out.push(line);
  }
  if (items.length > MAX_HISTORY) out.push(`… ${items.length - MAX_HISTORY} more entries`);
  return out;
}

/** IFD0 ModifyDate as recorded, in the form of `taken`; null when absent or invalid. */
export function readModified(ifd0: Block, exif: Block): string | null {
  return exifDate(ifd0?.['ModifyDate'], exif?.['OffsetTime'], []) ?? null;
}

function datesThatDisagree(ifd0: Block, exif: Block, gps: Block, warnings: string[]): string[] {
  const out: string[] = [];
  const original = exifDate(exif?.['DateTimeOriginal'], exif?.['OffsetTimeOriginal'], warnings) ?? null;
  const modified = readModified(ifd0, exif);
  const t0 = original ? wallSeconds(original) : null;
  const tm = modified ? wallSeconds(modified) : null;
  if (t0 !== null && tm !== null && tm - t0 > MODIFY_TOLERANCE_S) out.push(`ModifyDate ${modified} is after DateTimeOriginal ${original}`);
  if (t0 !== null && tm !== null && t0 - tm > MODIFY_TOLERANCE_S) out.push(`ModifyDate ${modified} is before DateTimeOriginal ${original}`);
  const utc = gpsSeconds(gps);
  if (t0 !== null && utc !== null) {
    const offset = /([+-])(\d{2}):(\d{2})$/.exec(original!);
    if (offset) {
      const zone = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 3600 + Number(offset[3]) * 60);
      if (Math.abs(t0 - zone - utc) > 120) out.push(`GPS time ${isoUtc(utc)} is not DateTimeOriginal ${original}`);
    } else {
      // No recorded zone: the wall clock must be GPS time plus a real zone offset (a multiple of
      // 15 minutes within ±14 h), give or take two minutes.
      const diff = t0 - utc;
      const fromQuarter = Math.abs(diff - Math.round(diff / 900) * 900);
      if (Math.abs(diff) > 14 * 3600 + 120 || fromQuarter > 120) out.push(`GPS time ${isoUtc(utc)} fits no time zone for DateTimeOriginal ${original}`);
    }
  }
  return out;
}

/** Seconds of a wall-clock ISO date as if UTC (the offset is ignored here). */
function wallSeconds(iso: string): number | null {
  const ms = Date.parse(`${iso.slice(0, 19)}Z`);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

function gpsSeconds(gps: Block): number | null {
  const date = typeof gps?.['GPSDateStamp'] === 'string' ? (gps['GPSDateStamp'] as string) : null;
  const time = gps?.['GPSTimeStamp'];
  const parts = Array.isArray(time) || ArrayBuffer.isView(time) ? Array.from(time as ArrayLike<number>) : null;
  if (!date || !parts || parts.length < 3) return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})/.exec(date);
  if (!m || !parts.every((p) => typeof p === 'number' && Number.isFinite(p))) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0) + (parts[0]! * 3600 + parts[1]! * 60 + parts[2]!) * 1000;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

const isoUtc = (s: number) => `${new Date(s * 1000).toISOString().slice(0, 19)}Z`;
