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
  /** Every serial number found, by source (EXIF, DNG, maker notes, XMP); `serial` is the best body serial. */
  serials?: SerialNumberRecord[];
  /** The lens's own serial number, as recorded. */
  lensSerial?: string | null;
  /** The camera owner's name as set in the camera (EXIF CameraOwnerName, Canon OwnerName…). */
  owner?: string | null;
  /** IFD0 ModifyDate (when the file was last written by camera or editor), as recorded, like `taken`. */
  modified?: string | null;
  /** Shutter actuations at this shot, where the maker note records it (Nikon, Pentax). */
  shutterCount?: number | null;
}

/** A serial number as recorded, what it identifies, and where it was read. */
export interface SerialNumberRecord {
  /** body: the camera's serial; internal: a board or factory number; lens; accessory (flash, extender). */
  kind: 'body' | 'internal' | 'lens' | 'accessory';
  value: string;
  /** "exif.BodySerialNumber", "canon.SerialNumber", "nikon.SerialNumber(0x001d)", … */
  source: string;
}

/** Traces that an image was edited or re-saved after capture. Hints for the examiner, not verdicts. */
export interface EditTraces {
  /** The embedded EXIF thumbnail does not show the image (another scene, or another crop); null when it agrees or cannot be compared. */
  thumbnailMismatch: { reason: string; pdqDistance: number | null; thumbnailAspect: number; imageAspect: number } | null;
  /** Editing software named by the file (IFD0 Software, XMP CreatorTool, history agents), or null. */
  software: string | null;
  /** XMP xmpMM:History entries as "action · software · when". */
  history: string[];
  /** Dates that disagree (DateTimeOriginal vs ModifyDate, vs GPS time), in words. */
  dates: string[];
  /** A Photoshop image-resource block (APP13) holds more than IPTC captioning (resolution, thumbnail, version info). */
  photoshop: boolean;
  /** Any of the above. */
  possiblyEdited: boolean;
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
