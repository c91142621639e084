// What the gallery, the case overview and the viewer are shown: plain data, the same over IPC and
// the HTTP bridge. Images are never in here and never named by path: the renderer asks for them
// by item id (`/api/thumb/<id>`), and the engine decides what pixels leave (blurred when known).
import type { ExifSummary, ItemStatus } from '../model.js';
import type { Region } from '../review.js';

export type KnownStatus = 'new' | 'known' | 'ignorable';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A category number from a hash set and its meaning in the set's profile. */
export interface CategoryInfo {
  /** The raw number the set gave, or null when the set left it uncategorised. */
  code: number | null;
  /** "1 · Child Abuse Material (CAM)", "7 (no meaning in the UK table)", or "uncategorised". */
  label: string;
}

export interface CaseSummary {
  /** The case folder's name (not its full path). */
  caseName: string;
  counts: {
    files: number;
    /** Files whose sniffed type is image/*. */
    images: number;
    ok: number;
    failed: number;
    pending: number;
    new: number;
    known: number;
    ignorable: number;
  };
  /**
   * Known items per category of their hits in known-material sets. An item hit in two categories
   * counts in both, so these may add up to more than `counts.known`.
   */
  knownByCategory: (CategoryInfo & { items: number })[];
  /** Cameras by make and model exactly as recorded, most items first; at most `CAMERA_LIMIT`. */
  cameras: { make: string | null; model: string | null; items: number }[];
  /** How many distinct make/model pairs the case holds (may exceed `cameras.length`). */
  cameraModels: number;
  /** Body serial numbers with their make and model, most items first; at most `CAMERA_LIMIT`. */
  serials: { make: string | null; model: string | null; serial: string; items: number }[];
  /** Earliest and latest DateTimeOriginal as recorded (no time-zone conversion), and how many items have one. */
  dateSpan: { earliest: string | null; latest: string | null; dated: number };
  roots: { id: number; path: string; addedAt: string }[];
  hashSets: { name: string; kind: 'known' | 'ignorable'; records: number }[];
  /** `running`: another process holds the case for writing now (an ingest); the overview polls while it does. */
  lastIngest: { startedAt: string; finishedAt: string | null; interrupted: boolean; running: boolean } | null;
  /** The examiner's categories with their item counts, and how many clue regions the case holds. */
  examinerCategories: (CategoryInfo & { items: number })[];
  regions: number;
}

export const CAMERA_LIMIT = 200;

/** One tile of the gallery: enough to draw it and its badge, nothing more. */
export interface ItemCard {
  id: number;
  /** The file's base name (hostile input: show as text only). */
  name: string;
  /** Its folder relative to the evidence root, '/'-separated; '' at the root. */
  folder: string;
  mime: string | null;
  status: ItemStatus;
  knownStatus: KnownStatus;
  /** For known items: the category the badge shows (a pertinent one before 0 · Non-Pertinent). */
  category: CategoryInfo | null;
  /** Whether `/api/thumb/<id>` has an image to give. */
  hasImage: boolean;
  width: number | null;
  height: number | null;
  size: number;
  taken: string | null;
  cluster: number | null;
  /** The category the examiner gave it (their own decision, beside any hash-set category). */
  examinerCategory: CategoryInfo | null;
  /**
   * The label of this card's group in the order it was listed in (its cluster with its size, its
   * camera "make model · serial", its day taken, its folder, its known status); consecutive cards
   * with the same label form one group. Null where the order has no groups (size) or outside a listing.
   */
  group: string | null;
}

export interface ItemsPage {
  /** How many items match the filter in all (for the grid's scroll height). */
  total: number;
  offset: number;
  items: ItemCard[];
}

export interface HitInfo {
  set: string;
  kind: 'known' | 'ignorable';
  category: CategoryInfo;
  by: 'md5' | 'sha1' | 'sha256' | 'pdq';
  /** PDQ Hamming distance; 0 for exact hashes. */
  distance: number;
}

export interface ItemDetail {
  card: ItemCard;
  /** The evidence root as the examiner gave it, and the path inside it. Text to read, never a handle. */
  root: string;
  path: string;
  hashes: { md5: string | null; sha1: string | null; sha256: string | null; pdq: string | null; pdqQuality: number | null };
  orientation: number | null;
  error: string | null;
  notes: string[];
  /** File-system times as ISO 8601 (UTC), when recorded. */
  fileTimes: { modified: string | null; changed: string | null; created: string | null };
  exif: ExifSummary | null;
  /** Every tag read, grouped by block (ifd0, exif, gps, xmp, …), bounded at ingest. */
  tags: Record<string, JsonValue> | null;
  metadataWarnings: string[];
  hits: HitInfo[];
  /** Its near-duplicate cluster: size and the first member ids (at most `CLUSTER_MEMBER_LIMIT`). */
  cluster: { id: number; size: number; itemIds: number[] } | null;
  /** A reveal in force for this known item, if any: until then its real pixels are served. */
  reveal: { expiresAt: string } | null;
  /** The examiner's tags on it, by name. */
  itemTags: string[];
  /** Clue regions marked on it, oldest first. */
  regions: Region[];
}

/** Items that look like this one: members of its near-duplicate cluster with their PDQ distance. */
export interface SimilarItems {
  neighbours: { card: ItemCard; distance: number | null }[];
  /** Cluster members beyond the ones listed. */
  more: number;
  /** Its hash-set hits, with the set each came from. */
  hits: HitInfo[];
}

/** One camera body of the case, linked by make, model and serial across every evidence root. */
export interface CameraInfo {
  id: number;
  make: string | null;
  model: string | null;
  serial: string;
  /** body: the camera's serial number; internal: a board or factory number the maker records instead. */
  serialKind: 'body' | 'internal';
  items: number;
  roots: number;
  firstTaken: string | null;
  lastTaken: string | null;
}

/** An export written into the case folder's exports/ and recorded in the audit log. */
export interface CaseExport {
  /** Where it was written (a file; a folder for clue crops). */
  path: string;
  format: string;
  count: number;
  bytes: number;
  /** SHA-256 of the file written (for crops, of their index). */
  sha256: string;
  recorded: boolean;
}

export interface TagCount {
  name: string;
  items: number;
}

/** One tile of the clue board: a region and the item it was marked on. */
export interface ClueTile {
  region: Region;
  card: ItemCard;
}

export interface CluePage {
  total: number;
  offset: number;
  clues: ClueTile[];
  /** Regions per type over the whole case. */
  byType: { type: Region['type']; regions: number }[];
}

export const CLUSTER_MEMBER_LIMIT = 48;

export interface RevealGranted {
  revealId: number;
  expiresAt: string;
}
