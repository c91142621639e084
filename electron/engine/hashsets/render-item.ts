// The one function through which item images leave the engine (for the UI, the bridge and
// reports). A known item comes out blurred and downscaled — shapes and faces unrecognisable — no
// matter who asks; its real pixels leave only during a recorded reveal, for one item, for a
// limited time. The renderer never gets a path, only these bytes.
import path from 'node:path';
import sharp from 'sharp';
import { appendAudit, currentActor } from '../audit/audit-log.js';
import type { Db } from '../case/db.js';
import { HashSetQueries } from '../case/hashset-queries.js';
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { readEvidence } from '../ingest/evidence-reader.js';
import { renderFullView } from '../ingest/imaging.js';
import { isVideoFrameType } from '../ingest/video-frame.js';

export type View = 'thumb' | 'full';
export const FULL_VIEW_SIZE = 2048;
export const REVEAL_MINUTES = 10;

export type RenderResult =
  | { ok: true; bytes: Buffer; contentType: 'image/webp'; blurred: boolean }
  | { ok: false; error: { code: 'ITEM_NOT_FOUND' | 'NO_IMAGE' | 'EVIDENCE_UNREADABLE'; message: string } };

/** Known material is reduced to this many pixels on its long side before blurring. */
const BLUR_SOURCE_SIZE = 16;

export async function renderItem(
  caseHandle: { db: Db; thumbs: ThumbnailStore },
  itemId: number,
  view: View,
  now: Date = new Date(),
): Promise<RenderResult> {
  const queries = new HashSetQueries(caseHandle.db);
  const item = queries.itemForRender(itemId);
  if (!item) return { ok: false, error: { code: 'ITEM_NOT_FOUND', message: `No item ${itemId} in this case.` } };
  if (!item.sha256 || !item.has_thumb || !item.mime) {
    return { ok: false, error: { code: 'NO_IMAGE', message: 'This file has no viewable image (not an image, or it could not be decoded).' } };
  }
  const mustBlur = item.known_status === 'known' && !queries.activeReveal(itemId, now.toISOString());
  let source: Buffer;
  if (view === 'thumb' || mustBlur) {
    // A blurred render needs no more than the thumbnail: the full-size pixels never even load.
    const thumb = caseHandle.thumbs.read(item.sha256);
    if (!thumb) return { ok: false, error: { code: 'NO_IMAGE', message: 'The thumbnail of this item is missing from the case.' } };
    source = thumb;
  } else {
    try {
      const file = item.abs_path.split('/').join(path.sep);
      if (isVideoFrameType(item.mime)) {
        // A video's picture is its first frame, read in ranges (video-frame.ts): reading (and
        // hashing) the whole of a video of hundreds of MB would only delay the viewer.
        source = await renderFullView(file, item.mime, item.orientation, FULL_VIEW_SIZE);
      } else {
        const read = readEvidence(file, 512 << 20);
        // readEvidence's bytes live in a buffer the next read reuses; renders of several requests
        // interleave at the await below, so this one takes its own copy first.
        const bytes = read.bytes ? Buffer.from(read.bytes) : null;
        source = await renderFullView(bytes ?? item.abs_path, item.mime, item.orientation, FULL_VIEW_SIZE);
      }
    } catch (error) {
      return { ok: false, error: { code: 'EVIDENCE_UNREADABLE', message: `The evidence file cannot be read now: ${(error as Error).message}` } };
    }
  }
  if (!mustBlur) return { ok: true, bytes: source, contentType: 'image/webp', blurred: false };
  return { ok: true, bytes: await cachedBlur(item.sha256, source, view === 'thumb' ? 256 : 1024), contentType: 'image/webp', blurred: true };
}

/**
 * Blurred renders by thumbnail SHA-256 and size: a grid scrolling past known items asks for the same
 * ones again and again, and the blur is a pure function of the stored thumbnail. Holds only blurred
 * bytes, never real pixels. A few thousand entries of a few kB each.
 */
const BLUR_CACHE_LIMIT = 4096;
const blurCache = new Map<string, Buffer>();

async function cachedBlur(sha256: string, source: Buffer, size: number): Promise<Buffer> {
  const key = `${sha256}:${size}`;
  const hit = blurCache.get(key);
  if (hit) {
    blurCache.delete(key);
    blurCache.set(key, hit);
    return hit;
  }
  const bytes = await blurred(source, size);
  blurCache.set(key, bytes);
  if (blurCache.size > BLUR_CACHE_LIMIT) blurCache.delete(blurCache.keys().next().value!);
  return bytes;
}

/** Down to a handful of pixels, back up and blurred: colour masses only. */
async function blurred(image: Buffer, size: number): Promise<Buffer> {
  const tiny = await sharp(image).resize(BLUR_SOURCE_SIZE, BLUR_SOURCE_SIZE, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = tiny.info;
  const scale = size / Math.max(width, height);
  return sharp(tiny.data, { raw: { width, height, channels } })
    .resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), { kernel: 'cubic' })
    .blur(size / 24)
    .webp({ quality: 60 })
    .toBuffer();
}

/** An explicit, recorded un-blurring of one known item, valid for a limited time. */
export function revealItem(
  db: Db,
  itemId: number,
  reason: string,
  options: { now?: Date; minutes?: number; actor?: string } = {},
): { ok: true; revealId: number; expiresAt: string } | { ok: false; error: { code: 'REASON_REQUIRED' | 'ITEM_NOT_FOUND'; message: string } } {
  if (!reason.trim()) return { ok: false, error: { code: 'REASON_REQUIRED', message: 'Say why this known item must be seen unblurred.' } };
  const queries = new HashSetQueries(db);
  if (!queries.itemForRender(itemId)) return { ok: false, error: { code: 'ITEM_NOT_FOUND', message: `No item ${itemId} in this case.` } };
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.minutes ?? REVEAL_MINUTES) * 60_000).toISOString();
  const actor = options.actor ?? currentActor();
  // The reveal and its audit entry commit together: no unrecorded reveal.
  const revealId = db.transaction(() => {
    const id = queries.addReveal(itemId, reason.trim(), actor, now.toISOString(), expiresAt);
    appendAudit(db, 'item.revealed', { item: itemId, reveal: id, reason: reason.trim(), from: now.toISOString(), expiresAt }, { actor });
    return id;
  })();
  return { ok: true, revealId, expiresAt };
}
