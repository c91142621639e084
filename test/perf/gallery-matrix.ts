// Every filter and sort combination the gallery's toolbar can produce (renderer/src/features/
// gallery/Toolbar.tsx), timed as the server answers a change: a fresh pager (no cached counts),
// the first page of 120 ids, then its cards. Used by `npm run bench:queries -- --matrix`.
//
// The toolbar's status × type × has-GPS × examiner category, under each sort in both directions,
// is the full product; the narrow filters (tag, clues, a date range, search, a camera chosen in
// the overview, the viewer's "only this folder / cluster") are each added to every status under
// every sort.
import type { ItemsFilter, ItemsSort } from '../../shared/api/schemas.js';
import type { Db } from '../../electron/engine/case/db.js';
import { GalleryPager } from '../../electron/engine/case/gallery-paging.js';
import { GalleryQueries } from '../../electron/engine/case/gallery-queries.js';

export const SORTS: ItemsSort[] = ['new-first', 'taken', 'path', 'size', 'cluster', 'camera'];

const STATUSES: [string, ItemsFilter][] = [['all', {}], ['new', { knownStatus: ['new'] }], ['known', { knownStatus: ['known'] }], ['ignorable', { knownStatus: ['ignorable'] }]];
const TYPES: [string, ItemsFilter][] = [
  ['', {}],
  ['images', { mimePrefix: 'image/' }],
  ['jpeg', { mimePrefix: 'image/jpeg' }],
  ['heic', { mimePrefix: 'image/heic' }],
  ['videos', { mimePrefix: 'video/' }],
];
const GPS: [string, ItemsFilter][] = [['', {}], ['gps', { hasGps: true }]];
const CATEGORIES: [string, ItemsFilter][] = [['', {}], ['uncategorised', { examinerCategory: [null] }], ['cat 1', { examinerCategory: [1] }]];

export interface Combination {
  name: string;
  filter: ItemsFilter;
  sort: ItemsSort;
  descending: boolean;
}

/** The narrow filters, each added to every status: values read from the case itself. */
function narrowFilters(db: Db): [string, ItemsFilter][] {
  const tag = (db.prepare(`SELECT name FROM tags LIMIT 1`).get() as { name: string } | undefined)?.name ?? 'car';
  const cluster = (db.prepare(`SELECT cluster_id AS c FROM items WHERE cluster_id IS NOT NULL ORDER BY cluster_size DESC LIMIT 1`).get() as { c: number } | undefined)?.c ?? 1;
  return [
    ['tag', { tag }],
    ['clues', { hasRegions: true }],
    ['taken 2018', { takenFrom: '2018-01-01', takenTo: '2018-12-31' }],
    ['taken from 2020', { takenFrom: '2020-01-01' }],
    ['search', { text: 'IMG_1' }],
    ['folder', { folder: 'WhatsApp/Media/WhatsApp Images' }],
    ['cluster', { cluster }],
    ['camera', { cameraMake: 'Canon', cameraModel: 'Canon EOS 600D' }],
    ['camera no serial', { cameraMake: 'Apple', cameraModel: 'iPhone 12', cameraSerial: null }],
    ['images gps 2018', { mimePrefix: 'image/', hasGps: true, takenFrom: '2018-01-01', takenTo: '2018-12-31' }],
  ];
}

export function* combinations(db: Db): Generator<Combination> {
  const join = (parts: [string, ItemsFilter][]) => ({ name: parts.map(([n]) => n).filter(Boolean).join(' + '), filter: Object.assign({}, ...parts.map(([, f]) => f)) as ItemsFilter });
  for (const sort of SORTS) {
    for (const descending of [false, true]) {
      for (const status of STATUSES) {
        for (const type of TYPES) for (const gps of GPS) for (const category of CATEGORIES) yield { ...join([status, type, gps, category]), sort, descending };
        for (const narrow of narrowFilters(db)) yield { ...join([status, narrow]), sort, descending };
      }
    }
  }
}

/** What a change costs the server: the first page with fresh counts, and that page's cards. */
export function timeChange(db: Db, c: Combination): { ms: number; total: number } {
  const pager = new GalleryPager(db);
  const t = performance.now();
  const { total, ids } = pager.page(c.filter, c.sort, c.descending, 0, 120);
  new GalleryQueries(db).cards(ids, c.sort);
  const ms = performance.now() - t;
  pager.dispose();
  return { ms, total };
}

/**
 * Times every combination once; those over `thresholdMs` twice more (the machine is shared: the
 * best of three is the least disturbed). Prints the ones still over it, slowest first, and the
 * spread of all.
 */
export function runMatrix(db: Db, options: { thresholdMs: number; only?: string }): void {
  const results: (Combination & { ms: number; total: number })[] = [];
  const started = performance.now();
  for (const c of combinations(db)) {
    const label = `${c.sort}${c.descending ? ' desc' : ''} | ${c.name || 'no filter'}`;
    if (options.only && !label.includes(options.only)) continue;
    let best = timeChange(db, c);
    for (let run = 1; run < 3 && best.ms > options.thresholdMs; run++) {
      const again = timeChange(db, c);
      if (again.ms < best.ms) best = again;
    }
    results.push({ ...c, name: label, ...best });
  }
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const slow = results.filter((r) => r.ms > options.thresholdMs).sort((a, b) => b.ms - a.ms);
  console.log(
    `${results.length} combinations in ${((performance.now() - started) / 1000).toFixed(0)} s; first page + cards, best of up to 3: ` +
      `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms; ` +
      `over ${options.thresholdMs} ms: ${slow.length}, over 100 ms: ${results.filter((r) => r.ms > 100).length}`,
  );
  for (const r of slow) console.log(`  ${r.ms.toFixed(1).padStart(7)} ms  total ${String(r.total).padStart(8)}  ${r.name}`);
}
