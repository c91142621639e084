// The API's handlers over one open case: read-only queries on a long-lived read-only connection
// (the bridge can run beside an ingest), and the one write — a reveal — through a short-lived
// writer that takes the case lock, so it is refused, as a value, while an ingest holds it.
import path from 'node:path';
import type { ApiHandlers } from '../../shared/api/contract.js';
import { CAMERA_LIMIT, CLUSTER_MEMBER_LIMIT, type CaseSummary } from '../../shared/api/gallery-model.js';
import { API } from '../../shared/api/methods.js';
import { fail, ok, type ApiResult } from '../../shared/api/result.js';
import { CaseError, liveLockHolder, openCase } from '../engine/case/case-folder.js';
import type { Db } from '../engine/case/db.js';
import { listCameras } from '../engine/case/camera-queries.js';
import { GalleryPager } from '../engine/case/gallery-paging.js';
import { GalleryQueries } from '../engine/case/gallery-queries.js';
import { HashSetQueries } from '../engine/case/hashset-queries.js';
import { ReviewQueries } from '../engine/case/review-queries.js';
import { revealItem } from '../engine/hashsets/render-item.js';
import { addRegion, categorise, editRegion, removeRegion, tagItems, toRegion, untagItems, type ReviewResult } from '../engine/review/review.js';
import { clusterNeighbours } from '../engine/review/similar.js';
import { exportCase } from './export-handler.js';
import { category, toCard, toDetail, toHits } from './to-api.js';

export interface CaseAccess {
  dir: string;
  db: Db;
  /** Injected for tests of reveal expiry; the wall clock otherwise. */
  now?: () => Date;
}

export function createHandlers(access: CaseAccess): ApiHandlers {
  const queries = new GalleryQueries(access.db);
  const pager = new GalleryPager(access.db);
  const review = new ReviewQueries(access.db);
  const now = access.now ?? (() => new Date());

  return {
    [API.caseSummary]: async () => ok(summary(access.dir, queries, review)),

    [API.itemsQuery]: async (input) => {
      const { total, ids } = pager.page(input.filter, input.sort, input.descending, input.offset, input.limit);
      return ok({ total, offset: input.offset, items: queries.cards(ids, input.sort).map(toCard) });
    },

    [API.itemGet]: async ({ id }) => {
      const row = queries.detail(id);
      if (!row) return fail('ITEM_NOT_FOUND', `No item ${id} in this case.`);
      const cluster = row.cluster_id === null ? null : { id: row.cluster_id, ...queries.cluster(row.cluster_id, CLUSTER_MEMBER_LIMIT) };
      const active = row.known_status === 'known' ? new HashSetQueries(access.db).activeReveal(id, now().toISOString()) : undefined;
      const reveal = active ? { expiresAt: active.expires_at } : null;
      return ok(toDetail(row, queries.hits(id), cluster, reveal, { tags: review.tagsOf(id), regions: review.regionsOf(id) }));
    },

    [API.itemReveal]: async ({ id, reason }) => {
      const row = queries.detail(id);
      if (!row) return fail('ITEM_NOT_FOUND', `No item ${id} in this case.`);
      if (row.known_status !== 'known') return fail('BAD_INPUT', `Item ${id} is not known material: it is never blurred, so there is nothing to reveal.`);
      return withWriter(access.dir, (db) => {
        const result = revealItem(db, id, reason, { now: now() });
        return result.ok ? ok({ revealId: result.revealId, expiresAt: result.expiresAt }) : fail(result.error.code, result.error.message);
      });
    },

    [API.itemSimilar]: async ({ id }) => {
      if (!queries.detail(id)) return fail('ITEM_NOT_FOUND', `No item ${id} in this case.`);
      const { neighbours, total } = clusterNeighbours(access.db, id, SIMILAR_LIMIT);
      const cards = new Map(queries.cards(neighbours.map((n) => n.id)).map((c) => [c.id, toCard(c)]));
      return ok({
        neighbours: neighbours.flatMap((n) => (cards.has(n.id) ? [{ card: cards.get(n.id)!, distance: n.distance }] : [])),
        more: Math.max(0, total - neighbours.length),
        hits: toHits(queries.hits(id)),
      });
    },

    [API.itemsCategorise]: async ({ ids, category: code, profile }) =>
      withWriter(access.dir, (db) => fromReview(categorise(db, ids, code, profile))),

    [API.itemsTag]: async ({ ids, tag, remove }) =>
      withWriter(access.dir, (db) => fromReview(remove ? untagItems(db, ids, tag) : tagItems(db, ids, tag))),

    [API.tagsList]: async () => ok(review.tags()),

    [API.regionAdd]: async ({ itemId, ...geometry }) => withWriter(access.dir, (db) => fromReview(addRegion(db, itemId, geometry))),

    [API.regionEdit]: async ({ id, ...geometry }) => withWriter(access.dir, (db) => fromReview(editRegion(db, id, geometry))),

    [API.regionRemove]: async ({ id }) => withWriter(access.dir, (db) => fromReview(removeRegion(db, id))),

    [API.camerasList]: async () => ok(listCameras(access.db)),

    [API.caseExport]: async ({ format }) => exportCase(access.dir, format, now()),

    [API.regionsList]: async ({ types, offset, limit }) => {
      const { total, rows } = review.regionsPage(types, offset, limit);
      const cards = new Map(queries.cards([...new Set(rows.map((r) => r.item_id))]).map((c) => [c.id, toCard(c)]));
      return ok({
        total,
        offset,
        clues: rows.flatMap((r) => (cards.has(r.item_id) ? [{ region: toRegion(r), card: cards.get(r.item_id)! }] : [])),
        byType: review.regionCounts(),
      });
    },
  };
}

/** Similar images listed per item; the rest of a large cluster is counted, not listed. */
const SIMILAR_LIMIT = 48;

/**
 * Runs one change through a short-lived writer that takes the case lock, so a change is refused —
 * as a value — while an ingest holds the case, and the long-lived read-only connection never writes.
 */
function withWriter<T>(dir: string, change: (db: Db) => ApiResult<T>): ApiResult<T> {
  let writer: ReturnType<typeof openCase>;
  try {
    writer = openCase(dir);
  } catch (error) {
    if (error instanceof CaseError && error.code === 'CASE_LOCKED') return fail('CASE_LOCKED', `${error.message} Try again when it has finished.`);
    throw error;
  }
  try {
    return change(writer.db);
  } finally {
    writer.close();
  }
}

function fromReview<T>(result: ReviewResult<T>): ApiResult<T> {
  return result.ok ? ok(result.value) : fail(result.error.code, result.error.message);
}

function summary(dir: string, queries: GalleryQueries, review: ReviewQueries): CaseSummary {
  // Two sets with different profiles can give one code two meanings: group by the meaning shown.
  const byLabel = new Map<string, CaseSummary['knownByCategory'][number]>();
  for (const row of queries.knownByCategory()) {
    const info = category(row.code, row.profile);
    const entry = byLabel.get(info.label);
    if (entry) entry.items += row.items;
    else byLabel.set(info.label, { ...info, items: row.items });
  }
  const cameras = queries.cameras(CAMERA_LIMIT);
  const last = queries.lastIngest();
  return {
    caseName: path.basename(dir),
    counts: queries.counts(),
    knownByCategory: [...byLabel.values()],
    cameras: cameras.rows,
    cameraModels: cameras.combinations,
    serials: queries.serials(CAMERA_LIMIT),
    dateSpan: queries.dateSpan(),
    roots: queries.roots(),
    hashSets: queries.hashSets(),
    lastIngest: last
      ? { startedAt: last.startedAt, finishedAt: last.finishedAt, interrupted: last.interrupted === 1, running: last.finishedAt === null && liveLockHolder(dir) !== null }
      : null,
    examinerCategories: review.examinerCategories().map((r) => ({ ...category(r.code, r.profile), items: r.items })),
    regions: review.regionCounts().reduce((n, r) => n + r.regions, 0),
  };
}
