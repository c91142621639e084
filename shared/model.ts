// The model shared by engine, CLI, bridge and renderer. Platform-free: no node:*, no DOM, no electron.

/** Processing state of one evidence file. `pending` exists only while an ingest has not reached it. */
export type ItemStatus = 'pending' | 'ok' | 'failed';

export interface GpsPosition {
  /** Signed decimal degrees, WGS84 as recorded (south and west negative). */
  lat: number;
  lon: number;
  /** Metres above sea level (negative below), or null when not recorded. */
  alt: number | null;
}

/** The camera facts the examiner links images by. Every string is exactly as recorded, trimmed. */
export interface ExifSummary {
  make: string | null;
  model: string | null;
  serial: string | null;
  lens: string | null;
  software: string | null;
  /**
   * DateTimeOriginal exactly as the camera recorded it, as ISO 8601 without any time-zone
   * conversion ("2021-07-04T13:22:10"), without sub-seconds (copies of one photo often drop
   * SubSecTimeOriginal; the raw value stays in the tags), and with the offset appended
   * only when OffsetTimeOriginal was recorded ("2021-07-04T13:22:10+02:00"); null when absent.
   */
  taken: string | null;
  gps: GpsPosition | null;
}

/**
 * One line of the JSONL export: the stable machine interface. Later features add fields;
 * existing ones never change meaning.
 */
export interface ExportRecord {
  /** Relative to its evidence root, '/'-separated. */
  path: string;
  /** The evidence root as the examiner gave it. */
  root: string;
  size: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  /** MIME type sniffed from content, never from the extension. */
  type: string;
  status: ItemStatus;
  error?: string;
  /** Stored pixel size, before EXIF orientation. */
  width: number | null;
  height: number | null;
  /** EXIF orientation 1–8, or null. */
  orientation: number | null;
  exif: ExifSummary | null;
}
