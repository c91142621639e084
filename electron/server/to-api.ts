// Case rows into the contract's shapes. Everything here is hostile input copied as data: names,
// paths, EXIF strings stay strings and the renderer shows them as text only.
import type { CategoryInfo, HitInfo, ItemCard, ItemDetail, JsonValue } from '../../shared/api/gallery-model.js';
import type { CardRow, DetailRow, HitRow } from '../engine/case/gallery-queries.js';
import type { RegionRow } from '../engine/case/review-queries.js';
import { exifSummaryOf } from '../engine/export/export-record.js';
import { toRegion } from '../engine/review/review.js';
import { describeCategory } from '../engine/hashsets/categories.js';

export function category(code: number | null, profile: string | null): CategoryInfo {
  return { code, label: describeCategory(code, profile) ?? 'uncategorised' };
}

function badge(hitJson: string | null): CategoryInfo | null {
  if (!hitJson) return null;
  const hit = JSON.parse(hitJson) as { code: number | null; profile: string | null };
  return category(hit.code, hit.profile);
}

export function toCard(row: CardRow): ItemCard {
  const slash = row.rel_path.lastIndexOf('/');
  return {
    id: row.id,
    name: row.rel_path.slice(slash + 1),
    folder: slash < 0 ? '' : row.rel_path.slice(0, slash),
    mime: row.mime,
    status: row.status,
    knownStatus: row.known_status,
    category: row.known_status === 'known' ? badge(row.hit) : null,
    // The same test renderItem applies before it serves anything.
    hasImage: row.has_thumb === 1 && row.sha256 !== null && row.mime !== null,
    width: row.width,
    height: row.height,
    size: row.size,
    taken: row.taken,
    cluster: row.cluster_id,
    examinerCategory: row.examiner_category === null ? null : category(row.examiner_category, row.examiner_profile),
    group: row.group ?? null,
  };
}

const iso = (ms: number | null) => (ms !== null && Number.isFinite(ms) ? new Date(ms).toISOString() : null);
const lines = (text: string | null) => (text ? text.split('\n') : []);

function parseTags(json: string | null): Record<string, JsonValue> | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, JsonValue>) : null;
  } catch {
    return null; // written by the ingest as JSON; a damaged row shows as "no tags", not as an error
  }
}

export function toHits(hits: HitRow[]): HitInfo[] {
  return hits.map((h) => ({ set: h.set_name, kind: h.kind, category: category(h.category, h.profile), by: h.by, distance: h.distance }));
}

export function toDetail(
  row: DetailRow,
  hits: HitRow[],
  cluster: ItemDetail['cluster'],
  reveal: ItemDetail['reveal'],
  review: { tags: string[]; regions: RegionRow[] },
): ItemDetail {
  return {
    card: toCard(row),
    root: row.root_given,
    path: row.rel_path,
    hashes: { md5: row.md5, sha1: row.sha1, sha256: row.sha256, pdq: row.pdq, pdqQuality: row.pdq_quality },
    orientation: row.orientation,
    error: row.error,
    notes: lines(row.notes),
    fileTimes: { modified: iso(row.mtime_ms), changed: iso(row.ctime_ms), created: iso(row.birthtime_ms) },
    exif: exifSummaryOf(row),
    tags: parseTags(row.tags_json),
    metadataWarnings: lines(row.warnings),
    hits: toHits(hits),
    cluster,
    reveal,
    itemTags: review.tags,
    regions: review.regions.map(toRegion),
  };
}
