// Turns a case row into the JSONL export object (shared/model.ts ExportRecord): the stable
// machine interface. Fields are only ever added.
import type { EditTraces, ExifSummary, ExportRecord, SerialNumberRecord } from '../../../shared/model.js';
import type { ItemExportRow, MetadataColumns } from '../case/export-queries.js';
import { describeCategory } from '../hashsets/categories.js';

export interface KnownHit {
  set: string;
  kind: 'known' | 'ignorable';
  /** The category's meaning in the set's profile ("1 · Child Abuse Material (CAM)"), or null. */
  category: string | null;
  /** The raw category number the set gave, or null when uncategorised. */
  categoryCode: number | null;
  by: 'md5' | 'sha1' | 'sha256' | 'pdq';
  distance: number;
}

export interface LanterneExportRecord extends ExportRecord {
  /** Non-fatal problems (partly decoded, size changed while read); present only when there are some. */
  notes?: string[];
  /** PDQ perceptual hash (64 hex) over the stored pixels, and its quality 0–100; null when not an image. */
  pdq: string | null;
  pdqQuality: number | null;
  /** new (no hit), known (a known-material set), ignorable (only ignorable sets, e.g. NSRL). */
  knownStatus: 'new' | 'known' | 'ignorable';
  known: KnownHit[];
  /** Near-duplicate cluster inside the case (PDQ ≤ 31), named by its lowest item id; null if alone. */
  cluster: number | null;
  /** The examiner's own category with its meaning ("2 · Child Exploitive …"), and its raw number; null when not categorised. */
  examinerCategory: string | null;
  examinerCategoryCode: number | null;
  /** The examiner's tags on the item, by name. */
  tags: string[];
  /** How many clue regions the examiner marked on the item. */
  regions: number;
  /** Editing traces (issue 8); null for items without metadata. */
  edited: EditTraces | null;
  /** IPTC/XMP keywords of the item and of its XMP sidecars, without repeats; caption and creator as recorded. */
  keywords: string[];
  caption: string | null;
  creator: string | null;
  /** Paths (relative to the same root) of the XMP sidecar files linked to this image. */
  sidecars: string[];
}

export function exifSummaryOf(row: MetadataColumns): ExifSummary | null {
  if (!row.has_metadata) return null;
  return {
    make: row.make,
    model: row.model,
    serial: row.serial,
    lens: row.lens,
    software: row.software,
    taken: row.taken,
    gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon, alt: row.gps_alt } : null,
  };
}

export function toExportRecord(row: ItemExportRow): LanterneExportRecord {
  const record: LanterneExportRecord = {
    path: row.rel_path,
    root: row.root_given,
    size: row.size,
    md5: row.md5,
    sha1: row.sha1,
    sha256: row.sha256,
    type: row.mime ?? 'application/octet-stream',
    status: row.status,
    width: row.width,
    height: row.height,
    orientation: row.orientation,
    exif: withExifDepth(exifSummaryOf(row), row),
    pdq: row.pdq,
    pdqQuality: row.pdq_quality,
    knownStatus: row.known_status,
    known: parseHits(row.known_json),
    cluster: row.cluster_id,
    examinerCategory: describeCategory(row.examiner_category, row.examiner_profile),
    examinerCategoryCode: row.examiner_category,
    tags: row.tags_json ? (JSON.parse(row.tags_json) as string[]).sort((a, b) => a.localeCompare(b)) : [],
    regions: row.regions,
    ...depthOf(row),
  };
  if (row.status === 'failed') record.error = row.error ?? 'unknown failure';
  if (row.status === 'pending') record.error = 'not processed yet (ingest interrupted; run it again to finish)';
  if (row.notes) record.notes = row.notes.split('\n');
  return record;
}

function parseHits(json: string | null): KnownHit[] {
  if (!json) return [];
  const hits = JSON.parse(json) as { set: string; kind: KnownHit['kind']; profile: string | null; category: number | null; by: KnownHit['by']; distance: number }[];
  return hits
    .map((h) => ({ set: h.set, kind: h.kind, category: describeCategory(h.category, h.profile), categoryCode: h.category, by: h.by, distance: h.distance }))
    .sort((a, b) => a.set.localeCompare(b.set) || a.by.localeCompare(b.by));
}

/** Metadata depth (issue 8): exif.serials/lensSerial/owner/modified/shutterCount go into `exif`; the rest alongside. */
function depthOf(row: ItemExportRow): Pick<LanterneExportRecord, 'edited' | 'keywords' | 'caption' | 'creator' | 'sidecars'> {
  const sidecars = row.sidecars_json ? (JSON.parse(row.sidecars_json) as { path: string; keywords_json: string | null }[]) : [];
  const keywords: string[] = [];
  for (const json of [row.keywords_json, ...sidecars.map((s) => s.keywords_json)]) {
    for (const k of json ? (JSON.parse(json) as string[]) : []) if (!keywords.includes(k)) keywords.push(k);
  }
  return {
    edited: row.edited_json ? (JSON.parse(row.edited_json) as EditTraces) : null,
    keywords,
    caption: row.caption,
    creator: row.creator,
    sidecars: sidecars.map((s) => s.path).sort(),
  };
}

function exifDepthOf(row: ItemExportRow): Partial<ExifSummary> {
  return {
    serials: row.serials_json ? (JSON.parse(row.serials_json) as SerialNumberRecord[]) : [],
    lensSerial: row.lens_serial,
    owner: row.owner,
    modified: row.modified,
    shutterCount: row.shutter_count,
  };
}

function withExifDepth(exif: ExifSummary | null, row: ItemExportRow): ExifSummary | null {
  return exif ? { ...exif, ...exifDepthOf(row) } : null;
}
