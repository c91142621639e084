// npx tsx test/perf/gallery-queries-bench.ts [--items 1000000] [--plans] [--descending] [--only TEXT] [--matrix [--threshold MS]]
//
// The gallery's SQL alone at 10^6 items: for every sort and every filter, the time of a fresh
// first page (counts not cached: what a filter or sort change costs), of a page deep in the
// order, and of the cards of a page; with --plans, the EXPLAIN QUERY PLAN of each statement run.
// --matrix instead times every combination the toolbar can produce (gallery-matrix.ts) and lists
// those slower than --threshold (default 60 ms).
// Uses the cached synthetic case (npm run make-big-case), read-only like `lanterne serve`.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ItemsFilter } from '../../shared/api/schemas.js';
import { openDatabase, type Db } from '../../electron/engine/case/db.js';
import { GalleryPager } from '../../electron/engine/case/gallery-paging.js';
import { GalleryQueries } from '../../electron/engine/case/gallery-queries.js';
import { defaultBigCaseDir, isCachedBigCase, makeBigCase } from '../bench/make-big-case.js';
import { runMatrix, SORTS } from './gallery-matrix.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    plans: { type: 'boolean', default: false },
    only: { type: 'string' },
    matrix: { type: 'boolean', default: false },
    threshold: { type: 'string', default: '60' },
    descending: { type: 'boolean', default: false },
  },
});
const items = Number(values.items);
const dir = defaultBigCaseDir(items);
if (!isCachedBigCase(dir, items)) {
  rmSync(dir, { recursive: true, force: true });
  await makeBigCase(dir, items);
}
const db = openDatabase(path.join(dir, 'case.sqlite'), { readonly: true });
if (values.matrix) {
  runMatrix(db, { thresholdMs: Number(values.threshold), only: values.only });
  db.close();
  process.exit(0);
}

/** A view of the connection that remembers every statement run and its parameters. */
function recording(real: Db): { db: Db; log: { sql: string; params: unknown[]; ms: number }[] } {
  const log: { sql: string; params: unknown[]; ms: number }[] = [];
  const db = new Proxy(real, {
    get(target, key) {
      if (key !== 'prepare') {
        const value = Reflect.get(target, key, target) as unknown;
        // Native methods (exec) must be called on the connection itself.
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql);
        const wrap = (method: 'all' | 'get' | 'run') => (...params: unknown[]) => {
          const t = performance.now();
          const result = statement[method](...params);
          log.push({ sql, params, ms: performance.now() - t });
          return result;
        };
        return { all: wrap('all'), get: wrap('get'), run: wrap('run') };
      };
    },
  });
  return { db, log };
}

const tag = (db.prepare(`SELECT name FROM tags LIMIT 1`).get() as { name: string } | undefined)?.name ?? 'car';
const cluster = (db.prepare(`SELECT cluster_id AS c FROM items WHERE cluster_id IS NOT NULL ORDER BY cluster_size DESC LIMIT 1`).get() as { c: number } | undefined)?.c ?? 1;
const day = ((db.prepare(`SELECT taken FROM metadata WHERE taken IS NOT NULL LIMIT 1 OFFSET 1000`).get() as { taken: string } | undefined)?.taken ?? '2018-06-01').slice(0, 10);
const FILTERS: [string, ItemsFilter][] = [
  ['none', {}],
  ['status new', { knownStatus: ['new'] }],
  ['known+ignorable', { knownStatus: ['known', 'ignorable'] }],
  ['images', { mimePrefix: 'image/' }],
  ['make Canon', { cameraMake: 'Canon' }],
  ['serial', { cameraSerial: '123063022888' }],
  ['no serial', { cameraSerial: null }],
  ['has GPS', { hasGps: true }],
  ['examiner cat 1', { examinerCategory: [1] }],
  ['uncategorised', { examinerCategory: [null] }],
  ['tag', { tag }],
  ['folder big', { folder: 'WhatsApp/Media/WhatsApp Images' }],
  ['folder small', { folder: 'Windows/Web/Screen' }],
  ['taken 1 year', { takenFrom: '2018-01-01', takenTo: '2018-12-31' }],
  ['taken 1 day', { takenFrom: day, takenTo: day }],
  ['hide known', { knownStatus: ['new', 'ignorable'] }],
  ['new images', { knownStatus: ['new'], mimePrefix: 'image/' }],
  ['no GPS', { hasGps: false }],
  ['cluster', { cluster }],
  ['has regions', { hasRegions: true }],
  ['no regions', { hasRegions: false }],
  ['text', { text: 'batch 1' }],
  ['combo', { knownStatus: ['new'], cameraMake: 'Apple', takenFrom: '2020-01-01', folder: 'DCIM' }],
  // Toolbar combinations that were slow before gallery_facets and the located indexes (migration 011).
  ['known', { knownStatus: ['known'] }],
  ['new + GPS', { knownStatus: ['new'], hasGps: true }],
  ['new images GPS', { knownStatus: ['new'], mimePrefix: 'image/', hasGps: true, examinerCategory: [null] }],
  ['new HEIC', { knownStatus: ['new'], mimePrefix: 'image/heic' }],
  ['known JPEG', { knownStatus: ['known'], mimePrefix: 'image/jpeg' }],
  ['ign. JPEG uncat.', { knownStatus: ['ignorable'], mimePrefix: 'image/jpeg', examinerCategory: [null] }],
  ['taken from 2020', { takenFrom: '2020-01-01' }],
  ['new + folder', { knownStatus: ['new'], folder: 'WhatsApp/Media/WhatsApp Images' }],
  ['search IMG_1', { text: 'IMG_1' }],
  // The matrix's slowest narrow combinations (a date from, a folder, a camera, under a status).
  ['new + from 2020', { knownStatus: ['new'], takenFrom: '2020-01-01' }],
  ['known + from 2020', { knownStatus: ['known'], takenFrom: '2020-01-01' }],
  ['known + folder', { knownStatus: ['known'], folder: 'WhatsApp/Media/WhatsApp Images' }],
  ['new + camera', { knownStatus: ['new'], cameraMake: 'Canon', cameraModel: 'Canon EOS 600D' }],
  ['ign. + camera', { knownStatus: ['ignorable'], cameraMake: 'Canon', cameraModel: 'Canon EOS 600D' }],
];

const cards = new GalleryQueries(db);
console.log(`${items.toLocaleString('en')} items. Best of 3, in ms: first page (fresh counts) | page at 90 % | the page after it | cards of a page of 120`);
for (const sort of SORTS) {
  for (const [name, filter] of FILTERS) {
    if (values.only && !`${sort} ${name}`.includes(values.only)) continue;
    // The best of three fresh runs (a new pager each: no cached counts): this machine is shared,
    // and the best run is the one least disturbed by others.
    let best = { first: Infinity, deep: Infinity, next: Infinity, cards: Infinity, total: 0 };
    let log: { sql: string; params: unknown[]; ms: number }[] = [];
    let lastPager: GalleryPager | undefined;
    for (let run = 0; run < 3; run++) {
      const recorded = recording(db);
      log = recorded.log;
      const pager = new GalleryPager(recorded.db);
      let t = performance.now();
      const first = pager.page(filter, sort, values.descending, 0, 120);
      const firstMs = performance.now() - t;
      t = performance.now();
      const deep = pager.page(filter, sort, values.descending, Math.floor(first.total * 0.9), 120);
      const deepMs = performance.now() - t;
      // The page after it, as a grid scrolling on asks: from the position the deep page left.
      t = performance.now();
      pager.page(filter, sort, values.descending, Math.floor(first.total * 0.9) + 120, 120);
      const nextMs = performance.now() - t;
      t = performance.now();
      cards.cards(deep.ids, sort);
      const cardsMs = performance.now() - t;
      // The last run's temp tables stay for --plans to explain its statements.
      lastPager?.dispose();
      lastPager = pager;
      best = { first: Math.min(best.first, firstMs), deep: Math.min(best.deep, deepMs), next: Math.min(best.next, nextMs), cards: Math.min(best.cards, cardsMs), total: first.total };
    }
    const f = (n: number) => n.toFixed(1).padStart(7);
    console.log(`${sort.padEnd(9)} ${name.padEnd(16)} total ${String(best.total).padStart(8)} ${f(best.first)} ${f(best.deep)} ${f(best.next)} ${f(best.cards)}`);
    if (values.plans) {
      for (const { sql, params, ms } of log) {
        if (!/^\s*(SELECT|INSERT)/i.test(sql)) continue;
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
        console.log(`    ${ms.toFixed(1)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 400)}\n      ${plan.map((p) => p.detail).join('\n      ')}`);
      }
    }
    lastPager?.dispose();
  }
}
db.close();
