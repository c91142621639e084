// npm run make-big-case -- --items 1000000 [--out DIR] [--force] [--seed N]
//
// Writes a realistic synthetic case fast, for the gallery's performance checks (issue 4): the
// real schema (openCase runs the real migrations), then rows straight into it in big
// transactions, its secondary indexes dropped during the load and rebuilt from their own
// definitions afterwards (one sort per index instead of 10^6 random inserts). No evidence exists:
// thumbnails are a few dozen tiny generated scenes shared by every item, keyed by the SHA-256
// the thumbnail store expects, so the grid shows images; the viewer's full image says the
// evidence is unreadable, as it would for an unplugged drive.
//
// What is in it, per 10^6 items (all benign, all generated): ~1 700 folders over three evidence
// roots (camera rolls, chat media, downloads, screenshots, stock system images, documents) in
// walk order; ~5 % known to a test hash set with categories (mostly in downloads and chats), ~3 %
// ignorable (stock images), ~1 % failed, ~1 % categorised by the examiner; near-duplicate bursts
// and a few "viral" clusters spread over chats; cameras with and without serials; dates as
// cameras record them (some with offsets); GPS on some phone photos; a few tags and clue regions.
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { openCase } from '../../electron/engine/case/case-folder.js';
import type { Db } from '../../electron/engine/case/db.js';
import { REPO_ROOT } from '../fixtures/corpus.js';
import { sceneSvg } from '../fixtures/generate.js';
import { seededRandom as rng } from '../../shared/seeded-random.js';

export const SYNTHETIC_KEY = 'synthetic_big_case';
/** Bump when the generated content changes, so cached cases are rebuilt. */
const GENERATOR_VERSION = 5;

const POOL = { new: 48, known: 8, ignorable: 6 } as const;
const ROOTS = ['/evidence/laptop-C', '/evidence/phone-A', '/evidence/usb-stick'];
const CAMERAS = [
  { make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888', lens: 'EF-S18-55mm f/3.5-5.6 IS II', phone: false },
  { make: 'Canon', model: 'Canon EOS 600D', serial: '093021004411', lens: 'EF50mm f/1.8 II', phone: false },
  { make: 'NIKON CORPORATION', model: 'NIKON D3300', serial: '3012345', lens: null, phone: false },
  { make: 'Apple', model: 'iPhone 12', serial: null, lens: 'iPhone 12 back dual wide camera 4.2mm f/1.6', phone: true },
  { make: 'Apple', model: 'iPhone 8', serial: null, lens: null, phone: true },
  { make: 'samsung', model: 'SM-G930V', serial: null, lens: null, phone: true },
  { make: 'samsung', model: 'SM-A515F', serial: 'R58N12ABCDE', lens: null, phone: true },
  { make: 'Google', model: 'Pixel 4a', serial: null, lens: null, phone: true },
  { make: 'FUJIFILM', model: 'X-T20', serial: '71A01234', lens: 'XF18-55mmF2.8-4 R LM OIS', phone: false },
  { make: 'HUAWEI', model: 'ELE-L29', serial: null, lens: null, phone: true },
] as const;
const TAGS = ['car', 'kitchen', 'logo', 'window view', 'school badge', 'review later'];
const REGION_TYPES = ['background', 'object', 'text', 'logo', 'clothing', 'furniture', 'vehicle', 'landmark', 'other'] as const;
const REGION_LABELS = ['red mug', 'street sign', 'wallpaper pattern', 'shop logo', 'bus stop', 'poster', 'curtains', 'car plate'];

type FolderKind = 'camera' | 'chat' | 'downloads' | 'screenshots' | 'system' | 'documents';
/** Chance that an item of this kind of folder is known / ignorable. */
const KNOWN_RATE: Record<FolderKind, number> = { camera: 0.002, chat: 0.05, downloads: 0.3, screenshots: 0.01, system: 0, documents: 0 };
const IGNORABLE_RATE: Record<FolderKind, number> = { camera: 0, chat: 0.01, downloads: 0.03, screenshots: 0, system: 0.9, documents: 0 };
const KINDS: [FolderKind, number][] = [['camera', 0.34], ['chat', 0.3], ['downloads', 0.14], ['screenshots', 0.08], ['system', 0.06], ['documents', 0.08]];

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface Pooled {
  md5: string;
  sha1: string;
  sha256: string;
}

/** The shared thumbnails: distinct generated scenes, stored under the SHA-256 their "files" have. */
async function writePool(handle: ReturnType<typeof openCase>): Promise<Record<keyof typeof POOL, Pooled[]>> {
  const pools = { new: [] as Pooled[], known: [] as Pooled[], ignorable: [] as Pooled[] };
  let seed = 1;
  for (const kind of ['new', 'known', 'ignorable'] as const) {
    for (let i = 0; i < POOL[kind]; i++) {
      const name = `lanterne synthetic ${kind} ${i}`;
      const entry = { md5: hex('md5', name), sha1: hex('sha1', name), sha256: hex('sha256', name) };
      const label = kind === 'new' ? `ROOM ${i}` : kind === 'known' ? `SET ${i}` : `STOCK ${i}`;
      const webp = await sharp(Buffer.from(sceneSvg({ width: 256, height: 192, seed: seed++ * 7919, label }))).webp({ quality: 70 }).toBuffer();
      handle.thumbs.write(entry.sha256, webp);
      pools[kind].push(entry);
    }
  }
  return pools;
}

/** Drops the secondary indexes of these tables; the returned function recreates them from their own SQL. */
function deferIndexes(db: Db, tables: string[]): () => void {
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(tables)) as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  return () => {
    for (const { sql } of indexes) db.exec(sql);
  };
}

export interface BigCaseSummary {
  items: number;
  seconds: number;
  folders: number;
  known: number;
  ignorable: number;
  clustered: number;
}

export async function makeBigCase(out: string, items: number, seed = 1): Promise<BigCaseSummary> {
  const started = performance.now();
  const handle = openCase(out, { create: true });
  const { db } = handle;
  try {
    const pools = await writePool(handle);
    const r = rng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
    const now = new Date().toISOString();

    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    db.exec('BEGIN');
    const rebuild = deferIndexes(db, ['items', 'metadata', 'matches', 'item_tags', 'regions']);
    const rootIds = ROOTS.map((given) => Number(db.prepare(`INSERT INTO roots (given, real_path, added_at) VALUES (?, ?, ?)`).run(given, given, now).lastInsertRowid));
    const setRow = (name: string, kind: 'known' | 'ignorable', records: number) =>
      Number(
        db
          .prepare(
            `INSERT INTO hashsets (name, kind, format, profile, source_path, source_sha256, source_size, imported_at, records)
             VALUES (?, ?, 'list', 'Default', '(synthetic)', ?, 0, ?, ?)`,
          )
          .run(name, kind, hex('sha256', name), now, records).lastInsertRowid,
      );
    const knownSet = setRow('synthetic-known', 'known', POOL.known);
    const ignorableSet = setRow('synthetic-stock', 'ignorable', POOL.ignorable);
    const entry = db.prepare(`INSERT INTO hashset_entries (set_id, md5, sha1, sha256, category, location) VALUES (?, ?, ?, ?, ?, ?)`);
    // Known pool entries carry VICS categories 1, 2 and 0 (non-pertinent); stock images none.
    const knownCategory = (i: number) => [1, 1, 2, 0, 1, 2, 1, 0][i % 8]!;
    const entryIds = {
      known: pools.known.map((p, i) => Number(entry.run(knownSet, Buffer.from(p.md5, 'hex'), Buffer.from(p.sha1, 'hex'), Buffer.from(p.sha256, 'hex'), knownCategory(i), `line ${i + 1}`).lastInsertRowid)),
      ignorable: pools.ignorable.map((p, i) => Number(entry.run(ignorableSet, Buffer.from(p.md5, 'hex'), Buffer.from(p.sha1, 'hex'), Buffer.from(p.sha256, 'hex'), null, `line ${i + 1}`).lastInsertRowid)),
    };

    const insertItem = db.prepare(
      `INSERT INTO items (id, root_id, rel_path, size, mtime_ms, status, error, mime, md5, sha1, sha256, width, height, orientation,
         has_thumb, processed_at, known_status, cluster_id, examiner_category, examiner_profile)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertMeta = db.prepare(
      `INSERT INTO metadata (item_id, make, model, serial, lens, software, taken, gps_lat, gps_lon, gps_alt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertMatch = db.prepare(`INSERT INTO matches (item_id, set_id, entry_id, by, distance, category) VALUES (?, ?, ?, 'sha256', 0, ?)`);

    // Clusters: a few "viral" images sent around many chats, assigned as chat items are made.
    const viral = Array.from({ length: Math.max(1, Math.round(items / 50_000)) }, () => ({ id: 0, left: 100 + Math.floor(r() ** 3 * 2000) }));
    const clusterOf = new Int32Array(items + 1);
    let id = 0;
    let folders = 0;
    let known = 0;
    let ignorable = 0;
    let burstLeft = 0;
    let burstId = 0;
    const usedFolders = new Set<string>();
    const folderName = (kind: FolderKind, n: number): string => {
      const user = pick(['alex', 'sam', 'Admin', 'Ünïcode user']);
      switch (kind) {
        case 'camera':
          return pick([`DCIM/${100 + (n % 900)}CANON`, `DCIM/Camera`, `Pictures/Photos ${2012 + (n % 13)}/${pick(['Holiday', 'Garden', 'Birthday', 'Misc'])} ${n}`, `DCIM/${100 + (n % 900)}APPLE`]);
        case 'chat':
          return pick([`WhatsApp/Media/WhatsApp Images/Sent`, `WhatsApp/Media/WhatsApp Images`, `Telegram/Telegram Images`, `Android/media/chat ${n}`]);
        case 'downloads':
          return `Users/${user}/Downloads/${pick(['', 'new folder/', 'tmp/', 'x/y/'])}batch ${n}`;
        case 'screenshots':
          return `Users/${user}/Pictures/Screenshots`;
        case 'system':
          return pick(['Windows/Web/Wallpaper/Theme1', 'Windows/Web/Screen', 'Program Files/Office/media', `Windows/System32/icons ${n}`]);
        case 'documents':
          return `Users/${user}/Documents/${pick(['work', 'school', 'letters', 'scans'])} ${n}`;
      }
    };

    while (id < items) {
      let x = r();
      const kind = KINDS.find(([, p]) => (x -= p) < 0)?.[0] ?? 'camera';
      const rootId = rootIds[Math.floor(r() * rootIds.length)]!;
      let folder = folderName(kind, folders);
      while (usedFolders.has(`${rootId}/${folder}`)) folder = `${folder} (${folders})`;
      usedFolders.add(`${rootId}/${folder}`);
      folders++;
      // Heavy-tailed folder sizes: most hold tens of files, a few thousands.
      const size = Math.min(items - id, Math.max(1, Math.floor(8 * Math.exp(r() * 6))));
      const camera = pick(CAMERAS);
      // A shoot: a start day and then a few minutes between pictures.
      let taken = Date.UTC(2012 + Math.floor(r() * 13), Math.floor(r() * 12), 1 + Math.floor(r() * 28), 8 + Math.floor(r() * 10));
      const withOffset = camera.phone && r() < 0.5 ? pick(['+01:00', '+02:00', '-05:00']) : '';
      const gps = camera.phone && r() < 0.6 ? { lat: 35 + r() * 25, lon: -10 + r() * 40 } : null;
      for (let n = 0; n < size; n++) {
        id++;
        const isDoc = kind === 'documents' || (kind === 'downloads' && r() < 0.1);
        const mime = isDoc
          ? pick(['text/plain', 'application/pdf', 'application/zip', 'application/vnd.sqlite3'])
          : kind === 'screenshots' || kind === 'system'
            ? 'image/png'
            : camera.make === 'Apple' && kind === 'camera' && r() < 0.3
              ? 'image/heic'
              : 'image/jpeg';
        const failed = !isDoc && r() < 0.01;
        let status: 'new' | 'known' | 'ignorable' = 'new';
        if (!isDoc) {
          const k = r();
          if (k < KNOWN_RATE[kind]) status = 'known';
          else if (k < KNOWN_RATE[kind] + IGNORABLE_RATE[kind]) status = 'ignorable';
        }
        // Near-duplicate bursts in camera rolls and chats; viral images across chats.
        let cluster = 0;
        if (status === 'new' && (kind === 'camera' || kind === 'chat')) {
          if (burstLeft === 0 && r() < 0.02) {
            burstLeft = 2 + Math.floor(r() ** 2 * 30);
            burstId = id;
          }
          if (burstLeft > 0) {
            burstLeft--;
            cluster = burstId;
          } else if (kind === 'chat' && r() < 0.03) {
            const v = viral.find((c) => c.left > 0 && r() < 0.5);
            if (v) {
              v.left--;
              if (!v.id) v.id = id;
              cluster = v.id;
            }
          }
        }
        clusterOf[id] = cluster;
        const pool = pools[status];
        const pooled = cluster ? pool[cluster % pool.length]! : pick(pool);
        const ext = mime === 'image/png' ? 'png' : mime === 'image/heic' ? 'HEIC' : mime === 'image/jpeg' ? (kind === 'camera' ? 'JPG' : 'jpg') : mime.split('/')[1]!.slice(0, 4);
        const name =
          kind === 'camera' ? `IMG_${pad(id % 10000, 4)}.${ext}` : kind === 'chat' ? `IMG-${pad(20150101 + (id % 90000), 8)}-WA${pad(n, 4)}.${ext}` : `file ${pad(n, 5)}.${ext}`;
        const image = !isDoc;
        const landscape = r() < 0.7;
        const [w, h] = kind === 'camera' ? (landscape ? [4032, 3024] : [3024, 4032]) : kind === 'chat' ? (landscape ? [1600, 1200] : [1200, 1600]) : [1920, 1080];
        const bytes = image ? Math.floor((kind === 'camera' ? 2_500_000 : 180_000) * Math.exp((r() - 0.5) * 1.5)) : Math.floor(1000 + r() ** 3 * 5_000_000);
        const categorised = status === 'new' && image && r() < 0.01;
        insertItem.run(
          id,
          rootId,
          `${folder}/${name}`,
          bytes,
          taken,
          failed ? 'failed' : 'ok',
          failed ? 'Decoding failed: corrupt JPEG data (synthetic)' : null,
          mime,
          pooled.md5,
          pooled.sha1,
          pooled.sha256,
          image && !failed ? w : null,
          image && !failed ? h : null,
          image && !failed ? (kind === 'camera' && r() < 0.3 ? 6 : 1) : null,
          image && !failed ? 1 : 0,
          now,
          status,
          cluster || null,
          categorised ? pick([0, 1, 2, 3]) : null,
          categorised ? 'Default' : null,
        );
        if (status === 'known') {
          const k = pool.indexOf(pooled);
          insertMatch.run(id, knownSet, entryIds.known[k]!, knownCategory(k));
          known++;
        } else if (status === 'ignorable') {
          insertMatch.run(id, ignorableSet, entryIds.ignorable[pool.indexOf(pooled)]!, null);
          ignorable++;
        }
        if (image && !failed) {
          taken += Math.floor(r() * 600_000);
          const stamp = new Date(taken).toISOString().slice(0, 19) + withOffset;
          if (kind === 'camera') {
            insertMeta.run(id, camera.make, camera.model, camera.serial, camera.lens, camera.phone ? `${camera.model} 15.1` : 'Firmware 1.0.2', stamp, gps?.lat ?? null, gps?.lon ?? null, gps ? 40 : null);
          } else if (kind === 'chat' || kind === 'downloads') {
            // Messengers strip EXIF; some downloads keep it.
            if (r() < 0.25) insertMeta.run(id, r() < 0.5 ? camera.make : null, r() < 0.5 ? camera.model : null, null, null, null, r() < 0.8 ? stamp : null, null, null, null);
          } else if (kind === 'screenshots') {
            insertMeta.run(id, null, null, null, null, 'Windows Snipping Tool', r() < 0.5 ? stamp : null, null, null, null);
          }
        }
        if (id % 200_000 === 0) {
          db.exec('COMMIT');
          db.exec('BEGIN');
        }
      }
    }
    // The examiner's work so far: a few tags and clue regions, mostly on new images.
    const tagIds = TAGS.map((name) => Number(db.prepare(`INSERT INTO tags (name) VALUES (?)`).run(name).lastInsertRowid));
    const insertTag = db.prepare(`INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)`);
    for (let i = 0; i < items / 200; i++) insertTag.run(1 + Math.floor(r() * items), tagIds[Math.floor(r() ** 2 * tagIds.length)]!);
    const insertRegion = db.prepare(
      `INSERT INTO regions (item_id, type, x, y, w, h, label, note, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', 'examiner', ?, ?)`,
    );
    for (let i = 0; i < items / 2000; i++) {
      const item = 1 + Math.floor(r() * items);
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const [x, y] = [r() * 0.7, r() * 0.7];
        insertRegion.run(item, pick(REGION_TYPES), x, y, 0.05 + r() * 0.25, 0.05 + r() * 0.25, pick(REGION_LABELS), now, now);
      }
    }
    db.exec('COMMIT');
    db.exec('BEGIN');
    rebuild();
    // Cluster sizes, as the matcher leaves them (migration 007).
    db.exec(
      `WITH sizes AS (SELECT cluster_id, count(*) AS n FROM items WHERE cluster_id IS NOT NULL GROUP BY cluster_id)
       UPDATE items SET cluster_size = sizes.n FROM sizes WHERE items.cluster_id = sizes.cluster_id`,
    );
    // Singletons are not clusters (a burst cut short by a known item, a viral image sent once).
    db.exec(`UPDATE items SET cluster_id = NULL, cluster_size = NULL WHERE cluster_size = 1`);
    const clustered = (db.prepare(`SELECT count(*) AS n FROM items WHERE cluster_id IS NOT NULL`).get() as { n: number }).n;
    db.prepare(`INSERT OR REPLACE INTO case_info (key, value) VALUES (?, ?)`).run(SYNTHETIC_KEY, JSON.stringify({ items, seed, version: GENERATOR_VERSION }));
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { items, seconds: (performance.now() - started) / 1000, folders, known, ignorable, clustered };
  } finally {
    handle.close();
  }
}

/** Whether `dir` already holds a complete synthetic case of this size from this generator. */
export function isCachedBigCase(dir: string, items: number, seed = 1): boolean {
  if (!existsSync(path.join(dir, 'case.sqlite'))) return false;
  const handle = openCase(dir);
  try {
    const row = handle.db.prepare(`SELECT value FROM case_info WHERE key = ?`).get(SYNTHETIC_KEY) as { value: string } | undefined;
    return row?.value === JSON.stringify({ items, seed, version: GENERATOR_VERSION });
  } finally {
    handle.close();
  }
}

export function defaultBigCaseDir(items: number): string {
  const root = REPO_ROOT.endsWith(`${path.sep}dist`) ? path.dirname(REPO_ROOT) : REPO_ROOT;
  return path.join(root, '.bench', `big-case-${items}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { items: { type: 'string', default: '1000000' }, out: { type: 'string' }, force: { type: 'boolean', default: false }, seed: { type: 'string', default: '1' } },
  });
  const items = Number(values.items);
  const seed = Number(values.seed);
  if (!Number.isInteger(items) || items < 1 || items > 20_000_000) throw new Error(`--items must be a whole number from 1 to 20 000 000, not ${values.items}`);
  const out = path.resolve(values.out ?? defaultBigCaseDir(items));
  if (existsSync(path.join(out, 'case.sqlite'))) {
    if (!values.force) {
      process.stderr.write(`${out} already holds a case; --force replaces it.\n`);
      process.exit(2);
    }
    rmSync(out, { recursive: true, force: true });
  }
  const s = await makeBigCase(out, items, seed);
  process.stdout.write(
    `Wrote ${s.items.toLocaleString('en')} items in ${s.folders.toLocaleString('en')} folders (${s.known.toLocaleString('en')} known, ` +
      `${s.ignorable.toLocaleString('en')} ignorable, ${s.clustered.toLocaleString('en')} in clusters) to ${out} in ${s.seconds.toFixed(1)} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
