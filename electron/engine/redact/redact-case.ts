// `lanterne redact <case-dir> --out <dir>`: a copy of a case for presentation (training, a talk)
// in which nothing leads back to the original (issue 6). Built as an allow-list — a fresh case
// into which only presentation-safe facts are written — never as a copy with things deleted, so
// a column added later cannot leak by default.
//
// What the copy holds, and what it does not:
// - images: every thumbnail re-rendered from the engine's render (renderItem: known items come
//   already blurred, even during a reveal), then pixelated to a coarse grid and softened; no full-size pixels at all
//   (the copy has no evidence, so the viewer can only show these thumbnails);
// - paths: roots become root-1, root-2…; files item-000001.jpg… (extension from the sniffed type);
// - hashes: MD5, SHA-1, PDQ and the hash-set entries are dropped; SHA-256 is replaced by the hash
//   of the redacted thumbnail (the thumbnail store is keyed by it); hash sets become set-1… with
//   no source path or hash; matches keep only their kind, category and distance;
// - camera: make, model, lens and software kept; body serial REMOVED; GPS REMOVED (not coarsened:
//   even a 10 km cell can name a village); the time taken kept to the day; the raw tag dump,
//   serial lists, owner, captions and every later metadata column not written;
// - review: examiner categories and region geometry kept; tag names become tag-1…, region labels
//   and notes emptied (free text can name anyone); reveals not copied;
// - file sizes rounded to two significant digits; error texts replaced by a generic sentence;
// - audit: a fresh log (case.created, then one case.redacted entry saying what this is). Nothing
//   of the original's log, walk notes or ingest runs (they hold paths and reasons).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { appendAudit } from '../audit/audit-log.js';
import { openCase, openCaseReadOnly } from '../case/case-folder.js';
import { RedactSourceQueries, RedactTargetQueries, refreshRedactedClusterSizes, type RedactSourceItem, type RedactedItem } from '../case/redact-queries.js';
import { AS_IF_NO_REVEAL } from '../export/export-output.js';
import { renderItem } from '../hashsets/render-item.js';

export interface RedactOptions {
  /** Cells on the long side of a pixelated thumbnail (default 24: shapes and colours only). */
  cells?: number;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface RedactResult {
  outDir: string;
  items: number;
  thumbnails: number;
  regions: number;
}

const PAGE = 200;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/tiff': 'tif', 'image/bmp': 'bmp',
  'image/heic': 'heic', 'image/heif': 'heif', 'image/avif': 'avif', 'text/plain': 'txt', 'video/mp4': 'mp4', 'application/pdf': 'pdf',
};

export class RedactError extends Error {}

/** Coarse grid, back to the thumbnail's size with hard edges, then softened: no original block survives. */
export async function pixelate(image: Buffer, cells: number): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const width = meta.width ?? 1;
  const height = meta.height ?? 1;
  const tiny = await sharp(image).removeAlpha().resize(cells, cells, { fit: 'inside', kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
  return sharp(tiny.data, { raw: { width: tiny.info.width, height: tiny.info.height, channels: tiny.info.channels } })
    .resize(width, height, { fit: 'fill', kernel: 'nearest' })
    .blur(Math.max(0.5, Math.min(width, height) / cells / 4))
    .webp({ quality: 70 })
    .toBuffer();
}

const twoDigits = (n: number): number => (n < 100 ? n : Number(n.toPrecision(2)));
const dayOnly = (taken: string | null): string | null => (taken && /^\d{4}-\d{2}-\d{2}/.test(taken) ? taken.slice(0, 10) : null);

export async function redactCase(sourceDir: string, outDir: string, options: RedactOptions = {}): Promise<RedactResult> {
  const out = path.resolve(outDir);
  const source = openCaseReadOnly(sourceDir);
  try {
    if (out === source.dir || out.startsWith(source.dir + path.sep)) throw new RedactError('The redacted copy must be outside the original case folder.');
    if (existsSync(out) && readdirSync(out).length > 0) throw new RedactError(`${out} is not empty: the redacted copy needs an empty or new folder.`);
    const target = openCase(out, { create: true });
    try {
      return await copy(source, target, options, out);
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

async function copy(
  source: ReturnType<typeof openCaseReadOnly>,
  target: ReturnType<typeof openCase>,
  options: RedactOptions,
  out: string,
): Promise<RedactResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const cells = options.cells ?? 24;
  const from = new RedactSourceQueries(source.db);
  const to = new RedactTargetQueries(target.db);
  const itemId = new Map<number, number>();
  const rootId = new Map<number, number>();
  target.db.transaction(() => {
    for (const root of from.roots()) {
      rootId.set(root.id, rootId.size + 1);
      to.insertRoot(rootId.size, `root-${rootId.size}`, at);
    }
  })();

  const total = (source.db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  // New ids follow the original order; cluster ids (named by their lowest member) are mapped after.
  const clusterOf = new Map<number, number>();
  let thumbnails = 0;
  for (let page = from.itemsAfter(0, PAGE); page.length > 0; page = from.itemsAfter(page[page.length - 1]!.id, PAGE)) {
    const rows: { item: RedactedItem; source: RedactSourceItem; thumb: Buffer | null }[] = [];
    for (const s of page) {
      const id = itemId.size + 1;
      itemId.set(s.id, id);
      let thumb: Buffer | null = null;
      if (s.has_thumb) {
        const render = await renderItem(source, s.id, 'thumb', AS_IF_NO_REVEAL);
        if (render.ok) thumb = await pixelate(render.bytes, cells);
      }
      const sha256 = thumb ? createHash('sha256').update(thumb).digest('hex') : null;
      rows.push({
        source: s,
        thumb,
        item: {
          id,
          root_id: rootId.get(s.root_id)!,
          rel_path: `item-${String(id).padStart(6, '0')}.${(s.mime && EXTENSIONS[s.mime.split(';')[0]!]) ?? 'bin'}`,
          size: twoDigits(s.size),
          status: s.status,
          error: s.status === 'failed' ? 'failed (the reason was removed by redaction)' : null,
          mime: s.mime,
          sha256,
          width: s.width,
          height: s.height,
          orientation: s.orientation,
          has_thumb: thumb ? 1 : 0,
          known_status: s.known_status,
          cluster_id: null,
          examiner_category: s.examiner_category,
          examiner_profile: s.examiner_profile,
          processed_at: at,
        },
      });
      if (s.cluster_id !== null) clusterOf.set(id, s.cluster_id);
    }
    for (const r of rows) if (r.thumb && r.item.sha256) target.thumbs.write(r.item.sha256, r.thumb);
    thumbnails += rows.filter((r) => r.thumb).length;
    target.db.transaction(() => {
      for (const r of rows) {
        to.insertItem(r.item);
        if (r.source.has_metadata) to.insertMetadata(r.item.id, { make: r.source.make, model: r.source.model, lens: r.source.lens, software: r.source.software, taken: dayOnly(r.source.taken) });
      }
    })();
    options.onProgress?.(itemId.size, total);
  }

  let regions = 0;
  target.db.transaction(() => {
    const setId = new Map<number, number>();
    for (const s of from.hashSets()) {
      setId.set(s.id, setId.size + 1);
      to.insertHashSet(setId.size, s, at);
    }
    for (const m of from.matches()) {
      const item = itemId.get(m.item_id);
      const set = setId.get(m.set_id);
      if (item === undefined || set === undefined) continue;
      to.insertMatch({ ...m, item_id: item, set_id: set, via_item_id: m.via_item_id === null ? null : (itemId.get(m.via_item_id) ?? null) });
    }
    const setCluster = target.db.prepare('UPDATE items SET cluster_id = ? WHERE id = ?');
    for (const [id, cluster] of clusterOf) setCluster.run(itemId.get(cluster) ?? null, id);
    refreshRedactedClusterSizes(target.db);
    const tagId = new Map<number, number>();
    for (const t of from.tags()) {
      tagId.set(t.id, tagId.size + 1);
      to.insertTag(tagId.size);
    }
    for (const it of from.itemTags()) {
      const item = itemId.get(it.item_id);
      const tag = tagId.get(it.tag_id);
      if (item !== undefined && tag !== undefined) to.insertItemTag(item, tag);
    }
    for (const r of from.regions()) {
      const item = itemId.get(r.item_id);
      if (item === undefined) continue;
      to.insertRegion({ ...r, item_id: item }, at);
      regions++;
    }
    appendAudit(target.db, 'case.redacted', {
      note: 'a redacted presentation copy, not evidence: images pixelated; paths, hashes, serials, GPS, free text and the original audit log removed',
      items: itemId.size,
      thumbnails,
      regions,
      cells,
    }, { at });
  })();
  return { outDir: out, items: itemId.size, thumbnails, regions };
}
