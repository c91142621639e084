// GPS position as signed decimal degrees from the EXIF GPS IFD, or from XMP when a file has no
// EXIF GPS. Numbers are kept as recorded (WGS84 by convention, GPSMapDatum is in the tags).
import type { GpsPosition } from '../../../shared/model.js';

export interface Gps {
  position: GpsPosition;
  source: 'exif' | 'xmp';
}

export function readGps(
  gps: Record<string, unknown> | undefined,
  xmp: Record<string, unknown> | undefined,
  warnings: string[],
): Gps | null {
  if (gps && (gps['GPSLatitude'] !== undefined || gps['GPSLongitude'] !== undefined)) {
    const position = exifGps(gps, warnings);
    if (position) return { position, source: 'exif' };
  }
  if (xmp && (xmp['exif:GPSLatitude'] !== undefined || xmp['exif:GPSLongitude'] !== undefined)) {
    const position = xmpGps(xmp, warnings);
    if (position) return { position, source: 'xmp' };
  }
  return null;
}

function exifGps(gps: Record<string, unknown>, warnings: string[]): GpsPosition | null {
  const latRef = refLetter(gps['GPSLatitudeRef']);
  const lonRef = refLetter(gps['GPSLongitudeRef']);
  const lat = degrees(gps['GPSLatitude']);
  const lon = degrees(gps['GPSLongitude']);
  if (lat === null || lon === null) {
    warnings.push('GPS latitude or longitude missing or not a number; no position');
    return null;
  }
  // Phones with location off often write 0/0 and no references: that is "no fix", not the Gulf of Guinea.
  if (lat === 0 && lon === 0 && latRef === null && lonRef === null) return null;
  if (latRef === null || lonRef === null) warnings.push('GPS latitude or longitude reference missing; taken as north/east');
  const position = signed(lat, latRef === 'S', lon, lonRef === 'W', warnings);
  if (!position) return null;
  position.alt = exifAltitude(gps['GPSAltitude'], gps['GPSAltitudeRef']);
  return position;
}

/** EXIF stores degrees, minutes, seconds as three rationals; some writers put all in the first. */
function degrees(value: unknown): number | null {
  let parts: number[];
  if (typeof value === 'number') parts = [value];
  else if (Array.isArray(value) || ArrayBuffer.isView(value)) parts = Array.from(value as ArrayLike<number>).slice(0, 3);
  else return null;
  if (parts.length === 0 || !parts.every((p) => typeof p === 'number' && Number.isFinite(p))) return null;
  const [d = 0, m = 0, s = 0] = parts;
  return d + m / 60 + s / 3600;
}

function refLetter(value: unknown): string | null {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (value instanceof Uint8Array && value.length > 0) text = String.fromCharCode(value[0]!);
  const letter = text?.replace(/\0.*$/s, '').trim().charAt(0).toUpperCase();
  return letter ? letter : null;
}

/** GPSAltitudeRef 1 means below sea level (EXIF 2.3 §4.6.6); the altitude itself is unsigned. */
function exifAltitude(value: unknown, ref: unknown): number | null {
  const alt = typeof value === 'number' ? value : Array.isArray(value) && typeof value[0] === 'number' ? value[0] : null;
  if (alt === null || !Number.isFinite(alt)) return null;
  const refValue = ref instanceof Uint8Array ? ref[0] : Array.isArray(ref) ? ref[0] : ref;
  return Number(refValue) === 1 ? -Math.abs(alt) : alt;
}

function xmpGps(xmp: Record<string, unknown>, warnings: string[]): GpsPosition | null {
  const lat = xmpCoordinate(xmp['exif:GPSLatitude'], 'NS');
  const lon = xmpCoordinate(xmp['exif:GPSLongitude'], 'EW');
  if (!lat || !lon) {
    warnings.push('XMP GPS latitude or longitude missing or not in the XMP "DDD,MM.mmk" form; no position');
    return null;
  }
  const position = signed(lat.value, lat.negative, lon.value, lon.negative, warnings);
  if (!position) return null;
  position.alt = xmpAltitude(xmp['exif:GPSAltitude'], xmp['exif:GPSAltitudeRef']);
  return position;
}

/**
 * XMP spec part 2, 1.2.7.4 GPSCoordinate: "DDD,MM,SSk" or "DDD,MM.mmk", k one of N/S/E/W.
 * Plain signed decimals are also accepted, as some writers use them.
 */
function xmpCoordinate(value: unknown, letters: string): { value: number; negative: boolean } | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { value: Math.abs(value), negative: value < 0 } : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEWnsew])\s*$/.exec(value);
  if (!m) return null;
  const letter = m[4]!.toUpperCase();
  if (!letters.includes(letter)) return null;
  const v = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return Number.isFinite(v) ? { value: v, negative: letter === 'S' || letter === 'W' } : null;
}

function xmpAltitude(value: unknown, ref: unknown): number | null {
  let alt: number | null = null;
  if (typeof value === 'number') alt = value;
  else if (typeof value === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(value);
    if (m) alt = m[2] === undefined ? Number(m[1]) : Number(m[1]) / Number(m[2]);
  }
  if (alt === null || !Number.isFinite(alt)) return null;
  return Number(ref) === 1 ? -Math.abs(alt) : alt;
}

function signed(lat: number, south: boolean, lon: number, west: boolean, warnings: string[]): GpsPosition | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    warnings.push(`GPS position out of range (${lat}, ${lon}); no position`);
    return null;
  }
  return { lat: south ? -lat : lat, lon: west ? -lon : lon, alt: null };
}
