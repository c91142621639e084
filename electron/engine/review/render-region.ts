// A clue region's image: cut from the item's render — the same blur-enforcing renderItem every
// image leaves the engine through — so a region of known material is a region of its blurred render
// unless a recorded reveal is in force. The geometry is in fractions of the displayed (oriented)
// image, which is what the full view is.
import sharp from 'sharp';
import type { Db } from '../case/db.js';
import { ReviewQueries } from '../case/review-queries.js';
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { renderItem } from '../hashsets/render-item.js';
import { THUMBNAIL_SIZE } from '../ingest/imaging.js';

/** Clue board tiles are at most this many pixels on their long side. */
export const REGION_TILE_SIZE = 320;

export type RegionRenderResult =
  | { ok: true; bytes: Buffer; contentType: 'image/webp'; blurred: boolean }
  | { ok: false; error: { code: 'REGION_NOT_FOUND' | 'ITEM_NOT_FOUND' | 'NO_IMAGE' | 'EVIDENCE_UNREADABLE'; message: string } };

export async function renderRegion(caseHandle: { db: Db; thumbs: ThumbnailStore }, regionId: number, now: Date = new Date()): Promise<RegionRenderResult> {
  const region = new ReviewQueries(caseHandle.db).region(regionId);
  if (!region) return { ok: false, error: { code: 'REGION_NOT_FOUND', message: `No region ${regionId} in this case.` } };
  // A large region is cut from the stored thumbnail when that holds enough pixels for a board tile
  // (most regions of a clue board): no evidence decode. A small one needs the full view.
  const enough = THUMBNAIL_SIZE * Math.max(region.w, region.h) >= REGION_TILE_SIZE * 0.6;
  const full = await renderItem(caseHandle, region.item_id, enough ? 'thumb' : 'full', now);
  if (!full.ok) return full;
  const image = sharp(full.bytes);
  const { width = 1, height = 1 } = await image.metadata();
  const left = Math.min(width - 1, Math.floor(region.x * width));
  const top = Math.min(height - 1, Math.floor(region.y * height));
  const cropWidth = Math.max(1, Math.min(width - left, Math.round(region.w * width)));
  const cropHeight = Math.max(1, Math.min(height - top, Math.round(region.h * height)));
  const bytes = await image
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .resize(REGION_TILE_SIZE, REGION_TILE_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return { ok: true, bytes, contentType: 'image/webp', blurred: full.blurred };
}
