// The examiner's review actions on a case: categorise, tag, mark clue regions. Each change and its
// audit entry commit in one transaction (DESIGN.md "Integrity"): nothing the examiner decided is
// ever unrecorded, and a refused change records nothing.
import type { Region, RegionType } from '../../../shared/review.js';
import { categoryTable } from '../../../shared/review.js';
import { appendAudit, currentActor } from '../audit/audit-log.js';
import type { Db } from '../case/db.js';
import { ReviewQueries, type RegionGeometry, type RegionRow } from '../case/review-queries.js';

export type ReviewError = { code: 'ITEM_NOT_FOUND' | 'REGION_NOT_FOUND' | 'BAD_INPUT'; message: string };
export type ReviewResult<T> = { ok: true; value: T } | { ok: false; error: ReviewError };

interface Options {
  actor?: string;
  now?: Date;
}

const refuse = (code: ReviewError['code'], message: string): { ok: false; error: ReviewError } => ({ ok: false, error: { code, message } });

/** Items of the case among these ids, or an error naming the first that is not. */
function checkItems(queries: ReviewQueries, itemIds: readonly number[]): ReviewResult<number[]> {
  const unique = [...new Set(itemIds)];
  const found = queries.existing(unique);
  if (found.length !== unique.length) {
    const have = new Set(found);
    const missing = unique.find((id) => !have.has(id));
    return refuse('ITEM_NOT_FOUND', `No item ${missing} in this case.`);
  }
  return { ok: true, value: found };
}

/** Sets (or, with null, clears) the examiner's category of these items, in the profile's table. */
export function categorise(db: Db, itemIds: readonly number[], category: number | null, profile: string, options: Options = {}): ReviewResult<{ changed: number }> {
  const queries = new ReviewQueries(db);
  const items = checkItems(queries, itemIds);
  if (!items.ok) return items;
  if (category !== null && categoryTable(profile)[category] === undefined) {
    return refuse('BAD_INPUT', `Category ${category} has no meaning in the ${profile} table.`);
  }
  const changed = db.transaction(() => {
    const n = queries.setCategory(items.value, category, profile);
    appendAudit(db, 'item.categorised', { items: items.value, category, profile }, auditOptions(options));
    return n;
  })();
  return { ok: true, value: { changed } };
}

export function tagItems(db: Db, itemIds: readonly number[], tag: string, options: Options = {}): ReviewResult<{ changed: number }> {
  const name = tag.trim();
  if (!name) return refuse('BAD_INPUT', 'A tag needs a name.');
  const queries = new ReviewQueries(db);
  const items = checkItems(queries, itemIds);
  if (!items.ok) return items;
  const changed = db.transaction(() => {
    const n = queries.addTag(items.value, queries.tagId(name));
    appendAudit(db, 'item.tagged', { items: items.value, tag: name }, auditOptions(options));
    return n;
  })();
  return { ok: true, value: { changed } };
}

export function untagItems(db: Db, itemIds: readonly number[], tag: string, options: Options = {}): ReviewResult<{ changed: number }> {
  const queries = new ReviewQueries(db);
  const found = queries.findTag(tag.trim());
  if (!found) return refuse('BAD_INPUT', `No tag "${tag.trim()}" in this case.`);
  const items = checkItems(queries, itemIds);
  if (!items.ok) return items;
  const changed = db.transaction(() => {
    const n = queries.removeTag(items.value, found.id);
    appendAudit(db, 'item.untagged', { items: items.value, tag: found.name }, auditOptions(options));
    return n;
  })();
  return { ok: true, value: { changed } };
}

export function addRegion(db: Db, itemId: number, geometry: RegionGeometry, options: Options = {}): ReviewResult<Region> {
  const queries = new ReviewQueries(db);
  const items = checkItems(queries, [itemId]);
  if (!items.ok) return items;
  const bad = geometryProblem(geometry);
  if (bad) return refuse('BAD_INPUT', bad);
  const at = (options.now ?? new Date()).toISOString();
  const actor = options.actor ?? currentActor();
  const row = db.transaction(() => {
    const id = queries.insertRegion(itemId, geometry, actor, at);
    appendAudit(db, 'region.added', { region: id, item: itemId, ...geometry }, { actor, at });
    return queries.region(id)!;
  })();
  return { ok: true, value: toRegion(row) };
}

export function editRegion(db: Db, regionId: number, geometry: RegionGeometry, options: Options = {}): ReviewResult<Region> {
  const queries = new ReviewQueries(db);
  const before = queries.region(regionId);
  if (!before) return refuse('REGION_NOT_FOUND', `No region ${regionId} in this case.`);
  const bad = geometryProblem(geometry);
  if (bad) return refuse('BAD_INPUT', bad);
  const at = (options.now ?? new Date()).toISOString();
  const row = db.transaction(() => {
    queries.updateRegion(regionId, geometry, at);
    appendAudit(db, 'region.edited', { region: regionId, item: before.item_id, before: geometryOf(before), after: { ...geometry } }, auditOptions({ ...options, now: new Date(at) }));
    return queries.region(regionId)!;
  })();
  return { ok: true, value: toRegion(row) };
}

export function removeRegion(db: Db, regionId: number, options: Options = {}): ReviewResult<{ removed: number }> {
  const queries = new ReviewQueries(db);
  const before = queries.region(regionId);
  if (!before) return refuse('REGION_NOT_FOUND', `No region ${regionId} in this case.`);
  db.transaction(() => {
    queries.deleteRegion(regionId);
    appendAudit(db, 'region.removed', { region: regionId, item: before.item_id, was: geometryOf(before) }, auditOptions(options));
  })();
  return { ok: true, value: { removed: regionId } };
}

export function toRegion(row: RegionRow): Region {
  return {
    id: row.id,
    itemId: row.item_id,
    type: row.type,
    x: row.x,
    y: row.y,
    w: row.w,
    h: row.h,
    label: row.label,
    note: row.note,
    actor: row.actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function geometryOf(row: RegionRow): { type: RegionType; x: number; y: number; w: number; h: number; label: string; note: string } {
  return { type: row.type, x: row.x, y: row.y, w: row.w, h: row.h, label: row.label, note: row.note };
}

/** The schema bounds each number; this checks the rectangle as a whole stays inside the image. */
function geometryProblem(g: RegionGeometry): string | null {
  const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
  if (![g.x, g.y, g.w, g.h].every(inUnit) || g.x >= 1 || g.y >= 1) return 'A region is given in fractions of the image, between 0 and 1.';
  if (g.w <= 0 || g.h <= 0) return 'A region needs a width and a height.';
  if (g.x + g.w > 1.000001 || g.y + g.h > 1.000001) return 'A region must lie inside its image.';
  return null;
}

function auditOptions(options: Options): { actor?: string; at?: string } {
  return { ...(options.actor ? { actor: options.actor } : {}), ...(options.now ? { at: options.now.toISOString() } : {}) };
}
