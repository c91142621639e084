// Clue crops: each marked region cut from its image, for "Trace an Object"-style sharing of a
// background clue without the person in it (issue 6). Two modes: the region alone, or the whole
// frame with everything outside the region blanked (where in the picture it sits can itself help).
//
// - The evidence file is read read-only (readEvidence: O_RDONLY|O_NOATIME), EXIF orientation is
//   applied first, then the region's fractions (of the image as displayed, migration 004) become
//   pixels of that upright full image.
// - Known items never leave unblurred: without an active reveal, the crop is cut from the
//   engine's blurred render (renderItem), the same bytes the UI gets.
// - No metadata survives: sharp writes none unless asked (no EXIF, XMP, IPTC or ICC), the output
//   is re-encoded from raw pixels, and the tests scan the bytes.
// - File names are neutral (region id and type); crops.json / crops.csv link each to its item's
//   SHA-256.
import { createHash } from 'node:crypto';
import decodeHeic from 'heic-decode';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { Db } from '../case/db.js';
import { HashSetQueries } from '../case/hashset-queries.js';
import { ReportQueries, type CropRegionRow } from '../case/report-queries.js';
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { renderItem } from '../hashsets/render-item.js';
import { readEvidence } from '../ingest/evidence-reader.js';
import { orient } from '../ingest/imaging.js';
import { isHeif } from '../ingest/sniff.js';
import { csvCell } from './csv.js';
import type { ExportWritten } from './export-output.js';

export interface ClueCropOptions {
  /** Longest side of a crop in pixels (never enlarged). Default: full resolution. */
  maxEdge?: number;
  /** The full frame with everything outside the region blanked, instead of the region alone. */
  blankOutside?: boolean;
  now?: Date;
}

export type ClueCrop =
  | { ok: true; bytes: Buffer; width: number; height: number; blurred: boolean }
  | { ok: false; error: { code: 'NO_IMAGE' | 'EVIDENCE_UNREADABLE'; message: string } };

export interface CropIndexEntry {
  region: number;
  type: string;
  label: string;
  item: number;
  itemSha256: string | null;
  file: string | null;
  mode: 'crop' | 'blank-outside';
  width: number | null;
  height: number | null;
  blurred: boolean;
  sha256: string | null;
  error?: string;
}

export interface ClueCropsResult extends ExportWritten {
  failed: number;
  entries: CropIndexEntry[];
}

/** Evidence read into memory up to this size; bigger files are decoded from their path. */
const IN_MEMORY_LIMIT = 512 << 20;
const MAX_PIXELS = 200_000_000;
/** Blanked area: a flat mid grey, neither black (reads as a shape) nor white (reads as paper). */
const BLANK = { r: 128, g: 128, b: 128 };

type Handle = { db: Db; thumbs: ThumbnailStore };

/** The upright image as raw pixels: from the evidence, or from the blurred render of a known item. */
async function uprightPixels(handle: Handle, region: CropRegionRow, now: Date): Promise<{ data: Buffer; width: number; height: number; channels: 3 | 4; blurred: boolean } | ClueCrop> {
  if (!region.mime || !region.has_thumb) return { ok: false, error: { code: 'NO_IMAGE', message: 'This file has no decodable image.' } };
  const mustBlur = region.known_status === 'known' && !new HashSetQueries(handle.db).activeReveal(region.item_id, now.toISOString());
  let input: Buffer | string;
  if (mustBlur) {
    const render = await renderItem(handle, region.item_id, 'full', now);
    if (!render.ok) return { ok: false, error: { code: render.error.code === 'EVIDENCE_UNREADABLE' ? 'EVIDENCE_UNREADABLE' : 'NO_IMAGE', message: render.error.message } };
    // The render is already upright; a known item's must have come back blurred.
    if (!render.blurred) throw new Error(`render of known item ${region.item_id} was not blurred`);
    const out = await sharp(render.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height, channels: 3, blurred: true };
  }
  try {
    const read = readEvidence(region.abs_path.split('/').join(path.sep), IN_MEMORY_LIMIT);
    // The crop must come from the very bytes the case hashed: a changed file is refused, not cropped.
    if (region.sha256 && read.hashes.sha256 !== region.sha256) {
      return { ok: false, error: { code: 'EVIDENCE_UNREADABLE', message: 'The evidence file has changed since it was ingested (its SHA-256 differs): run lanterne verify.' } };
    }
    input = read.bytes ? Buffer.from(read.bytes) : region.abs_path;
  } catch (error) {
    return { ok: false, error: { code: 'EVIDENCE_UNREADABLE', message: `The evidence file cannot be read now: ${(error as Error).message}` } };
  }
  try {
    if (isHeif(region.mime) && typeof input !== 'string') {
      const images = await decodeHeic.all({ buffer: input });
      try {
        const decoded = await images[0]!.decode(); // libheif applies the container's rotation itself
        const rgba = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
        return { data: rgba, width: decoded.width, height: decoded.height, channels: 4, blurred: false };
      } finally {
        images.dispose();
      }
    }
    const out = await orient(sharp(input, { failOn: 'none', limitInputPixels: MAX_PIXELS }), region.orientation)
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height, channels: 3, blurred: false };
  } catch (error) {
    return { ok: false, error: { code: 'NO_IMAGE', message: `The image cannot be decoded: ${(error as Error).message}` } };
  }
}

/** The region's rectangle in pixels of a width×height image, at least 1×1 and inside it. */
export function regionPixels(r: { x: number; y: number; w: number; h: number }, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const left = Math.min(width - 1, Math.max(0, Math.floor(r.x * width)));
  const top = Math.min(height - 1, Math.max(0, Math.floor(r.y * height)));
  const right = Math.min(width, Math.max(left + 1, Math.ceil((r.x + r.w) * width)));
  const bottom = Math.min(height, Math.max(top + 1, Math.ceil((r.y + r.h) * height)));
  return { left, top, width: right - left, height: bottom - top };
}

/** One region's crop as a metadata-free JPEG. */
export async function renderClueCrop(handle: Handle, region: CropRegionRow, options: ClueCropOptions = {}): Promise<ClueCrop> {
  const source = await uprightPixels(handle, region, options.now ?? new Date());
  if ('ok' in source) return source;
  const raw = { raw: { width: source.width, height: source.height, channels: source.channels } };
  const rect = regionPixels(region, source.width, source.height);
  const cut = await sharp(source.data, raw).extract(rect).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let image: Sharp;
  if (options.blankOutside) {
    image = sharp({ create: { width: source.width, height: source.height, channels: 3, background: BLANK } }).composite([
      { input: cut.data, raw: { width: cut.info.width, height: cut.info.height, channels: cut.info.channels }, left: rect.left, top: rect.top },
    ]);
    // composite() runs last in a pipeline: flatten it to pixels before resizing.
    const flat = await image.raw().toBuffer({ resolveWithObject: true });
    image = sharp(flat.data, { raw: { width: flat.info.width, height: flat.info.height, channels: flat.info.channels } });
  } else {
    image = sharp(cut.data, { raw: { width: cut.info.width, height: cut.info.height, channels: cut.info.channels } });
  }
  if (options.maxEdge) image = image.resize(options.maxEdge, options.maxEdge, { fit: 'inside', withoutEnlargement: true });
  // No withMetadata/keepMetadata: sharp writes no EXIF, XMP, IPTC or ICC block.
  const out = await image.jpeg({ quality: 90 }).toBuffer({ resolveWithObject: true });
  return { ok: true, bytes: out.data, width: out.info.width, height: out.info.height, blurred: source.blurred };
}

export function cropFileName(region: { region_id: number; type: string }): string {
  return `region-${String(region.region_id).padStart(6, '0')}-${region.type}.jpg`;
}

const INDEX_COLUMNS: (keyof CropIndexEntry)[] = ['region', 'type', 'label', 'item', 'itemSha256', 'file', 'mode', 'width', 'height', 'blurred', 'sha256', 'error'];

/**
 * Writes every region's crop into `outDir` (created if needed) with crops.json and crops.csv
 * beside them. A region whose image cannot be read now is listed with its error, not fatal.
 */
export async function writeClueCrops(handle: Handle, outDir: string, options: ClueCropOptions = {}): Promise<ClueCropsResult> {
  mkdirSync(outDir, { recursive: true });
  const now = options.now ?? new Date();
  const mode = options.blankOutside ? 'blank-outside' : 'crop';
  const entries: CropIndexEntry[] = [];
  // Collected first: the region list is small next to the items, and the iterator must not stay
  // open across the awaits of the decode (better-sqlite3 keeps the connection busy meanwhile).
  const regions = [...new ReportQueries(handle.db).cropRegions()];
  for (const region of regions) {
    const base = { region: region.region_id, type: region.type, label: region.label, item: region.item_id, itemSha256: region.sha256, mode } as const;
    const crop = await renderClueCrop(handle, region, { ...options, now });
    if (!crop.ok) {
      entries.push({ ...base, file: null, width: null, height: null, blurred: false, sha256: null, error: crop.error.message });
      continue;
    }
    const file = cropFileName(region);
    writeFileSync(path.join(outDir, file), crop.bytes);
    entries.push({ ...base, file, width: crop.width, height: crop.height, blurred: crop.blurred, sha256: createHash('sha256').update(crop.bytes).digest('hex') });
  }
  const json = `${JSON.stringify({ crops: entries }, null, 1)}\n`;
  const csv = [INDEX_COLUMNS.join(','), ...entries.map((e) => INDEX_COLUMNS.map((c) => csvCell(e[c])).join(','))].join('\r\n') + '\r\n';
  writeFileSync(path.join(outDir, 'crops.csv'), csv);
  writeFileSync(path.join(outDir, 'crops.json'), json);
  const written = entries.filter((e) => e.file !== null).length;
  return {
    format: 'crops',
    destination: outDir,
    count: written,
    bytes: Buffer.byteLength(json),
    sha256: createHash('sha256').update(json).digest('hex'),
    failed: entries.length - written,
    entries,
  };
}
