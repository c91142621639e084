// `lanterne demo <dir>`: a synthetic, benign demo case for trainers (issue 6). It writes
//   <dir>/evidence/   generated room scenes (scenes.ts) with fake camera EXIF — invented makes,
//                     body serials, dates and GPS — plus near-duplicates (resized, re-encoded)
//   <dir>/demo-known-set.json   a VICS 2.0 hash set naming some scenes, so they come out "known"
//                     and blurred (and their near-duplicates with them, by PDQ)
//   <dir>/case/       the case: ingested, the set imported, a few examiner categories, tags and
//                     clue regions on the signs and logos, and a demo.created audit entry.
// Deterministic: the same seed gives byte-identical evidence files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { appendAudit } from '../audit/audit-log.js';
import { openCase } from '../case/case-folder.js';
import { importHashSet } from '../hashsets/import-set.js';
import { ingest, type IngestOptions } from '../ingest/pipeline.js';
import { addRegion, categorise, tagItems } from '../review/review.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import { demoSceneSvg, type SceneClues } from './scenes.js';
import { VICS_CONTEXT_BASE } from '../export/vics-export.js';

export interface DemoOptions {
  seed?: number;
  /** Distinct scenes (default 24); near-duplicates come on top. */
  scenes?: number;
  /** Only write the evidence and the set (no case): for tests of determinism. */
  evidenceOnly?: boolean;
  workers?: number;
  onProgress?: IngestOptions['onProgress'];
}

export interface DemoResult {
  dir: string;
  evidence: string;
  caseDir: string | null;
  hashSet: string;
  files: number;
  knownScenes: number;
  nearDuplicates: number;
}

/** Invented cameras: no real make, no real serial. */
const CAMERAS = [
  { make: 'Lumen Optics', model: 'LX-200', serial: 'LO200-884213' },
  { make: 'Lumen Optics', model: 'LX-200', serial: 'LO200-119077' },
  { make: 'Corvid Imaging', model: 'Pocket 3', serial: 'CIP3-0042-7781' },
  { make: 'Paloma', model: 'Phone 9', serial: null },
];
/** Invented places around which the demo's GPS positions scatter (a lake shore, a small town). */
const PLACES = [
  { lat: 46.2044, lon: 6.1432 },
  { lat: 61.4981, lon: 23.7608 },
  { lat: -34.9285, lon: 138.6007 },
];

/** Degrees as EXIF's three rationals "d/1 m/1 s*100/100". */
function dms(value: number): string {
  const v = Math.abs(value);
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

interface Planned {
  name: string;
  seed: number;
  width: number;
  height: number;
  camera: (typeof CAMERAS)[number];
  gps: { lat: number; lon: number } | null;
  taken: string;
  known: boolean;
}

function plan(count: number, seed: number): Planned[] {
  const r = seededRandom(seed);
  const list: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const camera = CAMERAS[i % CAMERAS.length]!;
    const place = PLACES[Math.floor(r() * PLACES.length)]!;
    const gps = r() < 0.7 ? { lat: place.lat + (r() - 0.5) * 0.02, lon: place.lon + (r() - 0.5) * 0.02 } : null;
    const day = 1 + Math.floor(r() * 28);
    const hour = 8 + Math.floor(r() * 12);
    const minute = Math.floor(r() * 60);
    list.push({
      name: `${camera.make.split(' ')[0]!.toLowerCase()}/IMG_${String(2000 + i)}.jpg`,
      seed: seed * 1000 + i,
      width: i % 5 === 0 ? 960 : 800,
      height: 600,
      camera,
      gps,
      taken: `2022:0${1 + (i % 9)}:${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`,
      // Every sixth scene is in the demo "known" set.
      known: i % 6 === 3,
    });
  }
  return list;
}

async function sceneJpeg(p: Planned): Promise<{ jpeg: Buffer; clues: SceneClues }> {
  const { svg, clues } = demoSceneSvg(p.width, p.height, p.seed);
  const exif: Record<string, Record<string, string>> = {
    IFD0: { Make: p.camera.make, Model: p.camera.model, Software: 'Lanterne demo generator' },
    IFD2: { DateTimeOriginal: p.taken, ...(p.camera.serial ? { BodySerialNumber: p.camera.serial } : {}) },
  };
  if (p.gps) {
    exif['IFD3'] = {
      GPSLatitudeRef: p.gps.lat >= 0 ? 'N' : 'S',
      GPSLatitude: dms(p.gps.lat),
      GPSLongitudeRef: p.gps.lon >= 0 ? 'E' : 'W',
      GPSLongitude: dms(p.gps.lon),
    };
  }
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).withExif(exif).toBuffer();
  return { jpeg, clues };
}

export async function generateDemo(dir: string, options: DemoOptions = {}): Promise<DemoResult> {
  const root = path.resolve(dir);
  const evidence = path.join(root, 'evidence');
  const caseDir = path.join(root, 'case');
  if (existsSync(evidence) && readdirSync(evidence).length > 0) throw new Error(`${evidence} already holds files: choose an empty folder for the demo.`);
  const seed = options.seed ?? 20240601;
  const planned = plan(options.scenes ?? 24, seed);
  const clues = new Map<string, SceneClues>();
  const known: { name: string; md5: string; sha1: string; size: number; category: number }[] = [];
  let nearDuplicates = 0;
  for (const p of planned) {
    const { jpeg, clues: c } = await sceneJpeg(p);
    mkdirSync(path.dirname(path.join(evidence, p.name)), { recursive: true });
    writeFileSync(path.join(evidence, p.name), jpeg);
    clues.set(p.name, c);
    if (p.known) {
      known.push({ name: p.name, md5: createHash('md5').update(jpeg).digest('hex'), sha1: createHash('sha1').update(jpeg).digest('hex'), size: jpeg.length, category: known.length % 2 ? 2 : 1 });
    }
    // Every fourth scene (and every known one) also travels as a resized, re-encoded copy, the
    // way images do through chat apps: a near-duplicate that PDQ still ties to its original.
    if (p.known || planned.indexOf(p) % 4 === 1) {
      const copy = await sharp(jpeg).resize(Math.round(p.width * 0.55)).jpeg({ quality: 62 }).toBuffer();
      const name = `chat/received_${String(nearDuplicates + 1).padStart(3, '0')}.jpg`;
      mkdirSync(path.join(evidence, 'chat'), { recursive: true });
      writeFileSync(path.join(evidence, name), copy);
      nearDuplicates++;
    }
  }
  const hashSet = path.join(root, 'demo-known-set.json');
  writeFileSync(hashSet, vicsSet(known));
  const files = planned.length + nearDuplicates;
  if (options.evidenceOnly) return { dir: root, evidence, caseDir: null, hashSet, files, knownScenes: known.length, nearDuplicates };

  await ingest({ caseDir, roots: [evidence], ...(options.workers ? { workers: options.workers } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const handle = openCase(caseDir);
  try {
    await importHashSet(handle.db, hashSet, { name: 'demo-known-set' });
    reviewSomeItems(handle.db, planned, clues);
    appendAudit(handle.db, 'demo.created', {
      note: 'synthetic, benign demo case made by lanterne demo: generated scenes, invented cameras, serials and GPS; no real material',
      seed,
      files,
    });
  } finally {
    handle.close();
  }
  return { dir: root, evidence, caseDir, hashSet, files, knownScenes: known.length, nearDuplicates };
}

function vicsSet(known: { md5: string; sha1: string; size: number; category: number }[]): string {
  const media = known.map((k, i) => ({
    MediaID: i + 1, Category: k.category, MD5: k.md5.toUpperCase(), SHA1: k.sha1.toUpperCase(), MediaSize: k.size,
    IsPrecategorized: true, Series: 'Lanterne demo (synthetic)', Tags: 'demo',
  }));
  return `${JSON.stringify({ '@odata.context': `${VICS_CONTEXT_BASE}/Default/$metadata#Media`, value: media }, null, 1)}\n`;
}

/** What an examiner would have done by the time of the demo: a few categories, tags and regions. */
function reviewSomeItems(db: Parameters<typeof categorise>[0], planned: Planned[], clues: Map<string, SceneClues>): void {
  const idOf = db.prepare('SELECT id FROM items WHERE rel_path = ?');
  const id = (name: string) => (idOf.get(name) as { id: number } | undefined)?.id;
  const fresh = planned.filter((p) => !p.known).map((p) => p.name);
  const ids = fresh.map(id).filter((v): v is number => v !== undefined);
  if (ids.length >= 6) {
    categorise(db, ids.slice(0, 3), 0, 'Default');
    categorise(db, ids.slice(3, 5), 4, 'Default');
    tagItems(db, ids.slice(0, 4), 'demo: same wallpaper?');
    tagItems(db, ids.slice(2, 6), 'demo: shop sign visible');
  }
  for (const name of fresh.slice(0, 6)) {
    const item = id(name);
    const c = clues.get(name);
    if (item === undefined || !c) continue;
    addRegion(db, item, { type: 'text', ...box(c.sign), label: `sign: ${c.sign.text}`, note: 'invented shop name (demo)' });
    addRegion(db, item, { type: 'logo', ...box(c.logo), label: `logo: ${c.logo.text}`, note: '' });
    addRegion(db, item, { type: 'background', ...box(c.wallpaper), label: 'wallpaper pattern', note: '' });
  }
}

const box = (b: { x: number; y: number; w: number; h: number }) => ({ x: b.x, y: b.y, w: b.w, h: b.h });
