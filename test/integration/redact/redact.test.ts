// A redacted copy is checked, not assumed: every byte of every file in it (the SQLite database,
// its side files, the thumbnails) is scanned for the original's path segments, file names, serial,
// GPS coordinates (as text and as SQLite's stored doubles), hashes (hex and binary), tag and label
// text; and no 16×16 block of a redacted thumbnail is (nearly) the original thumbnail's block
// wherever the original has detail.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../electron/engine/audit/audit-log.js';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { redactCase, type RedactResult } from '../../../electron/engine/redact/redact-case.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildReviewCase, GPS, SERIAL, type ReviewCase } from '../export/review-case.js';

let built: ReviewCase;
let outDir: string;
let result: RedactResult;

beforeAll(async () => {
  built = await buildReviewCase(scratchDir('lanterne-redact-src-'));
  outDir = path.join(scratchDir('lanterne-redact-out-'), 'presentation');
  result = await redactCase(built.caseDir, outDir);
}, 180_000);
afterAll(() => {
  rmSync(built.dir, { recursive: true, force: true });
  rmSync(path.dirname(outDir), { recursive: true, force: true });
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

/** Everything in the original that must not reach the copy, as byte strings. */
function needles(): { what: string; bytes: Buffer }[] {
  const src = openCaseReadOnly(built.caseDir);
  try {
    const list: { what: string; bytes: Buffer }[] = [];
    const text = (what: string, value: string) => list.push({ what, bytes: Buffer.from(value, 'utf8') });
    const generic = new Set(['', 'tmp', 'case']);
    for (const seg of [...built.evidence.split(path.sep), ...built.caseDir.split(path.sep)]) if (!generic.has(seg)) text(`path segment ${seg}`, seg);
    for (const name of Object.keys(built.files)) for (const seg of name.split('/')) text(`file name ${seg}`, seg);
    text('serial', SERIAL);
    for (const v of [GPS.lat, GPS.lon]) text(`GPS ${v}`, String(v));
    const meta = src.db.prepare('SELECT gps_lat, gps_lon, serial FROM metadata WHERE gps_lat IS NOT NULL').all() as { gps_lat: number; gps_lon: number; serial: string }[];
    expect(meta.length).toBeGreaterThan(0); // the original does carry GPS and a serial
    for (const m of meta) {
      for (const v of [m.gps_lat, m.gps_lon]) {
        text(`GPS ${v}`, String(v));
        text(`GPS ${v.toFixed(3)}`, v.toFixed(3));
        const be = Buffer.alloc(8);
        be.writeDoubleBE(v);
        list.push({ what: `GPS ${v} as a stored double`, bytes: be });
      }
    }
    const hashes = src.db.prepare('SELECT md5, sha1, sha256, pdq FROM items').all() as Record<string, string | null>[];
    for (const h of hashes) {
      for (const [kind, value] of Object.entries(h)) {
        if (!value) continue;
        text(`${kind} ${value}`, value);
        text(`${kind} ${value} upper`, value.toUpperCase());
        list.push({ what: `${kind} ${value} binary`, bytes: Buffer.from(value, 'hex') });
      }
    }
    for (const t of ['wallpaper, blue', 'same room', 'Café', 'top strip', 'known object', 'test-known']) text(`free text ${t}`, t);
    return list;
  } finally {
    src.close();
  }
}

describe('lanterne redact', () => {
  it('copies every item, thumbnail and region', () => {
    expect(result).toMatchObject({ items: 5, thumbnails: 4, regions: 4 });
  });

  it('leaves no original path, name, serial, GPS, hash or free text anywhere in the output, byte for byte', () => {
    const files = allFiles(outDir);
    expect(files.some((f) => f.endsWith('case.sqlite'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.webp')).length).toBe(4);
    const list = needles();
    expect(list.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const n of list) if (bytes.includes(n.bytes)) found.push(`${path.relative(outDir, file)}: ${n.what}`);
    }
    expect(found).toEqual([]);
  });

  it('holds neutral names, no serial or GPS, and a fresh, intact audit log saying it is a redaction', () => {
    const h = openCaseReadOnly(outDir);
    try {
      const items = h.db.prepare('SELECT rel_path, md5, sha1, pdq FROM items ORDER BY id').all() as { rel_path: string; md5: null; sha1: null; pdq: null }[];
      expect(items.map((i) => i.rel_path)).toEqual(['item-000001.jpg', 'item-000002.txt', 'item-000003.jpg', 'item-000004.jpg', 'item-000005.jpg']);
      expect(items.every((i) => i.md5 === null && i.sha1 === null && i.pdq === null)).toBe(true);
      expect(h.db.prepare('SELECT given FROM roots').all()).toEqual([{ given: 'root-1' }]);
      expect(h.db.prepare('SELECT count(*) AS n FROM metadata WHERE serial IS NOT NULL OR gps_lat IS NOT NULL OR gps_lon IS NOT NULL OR tags_json IS NOT NULL').get()).toEqual({ n: 0 });
      expect(h.db.prepare(`SELECT count(*) AS n FROM hashset_entries`).get()).toEqual({ n: 0 });
      expect(h.db.prepare(`SELECT known_status FROM items WHERE known_status = 'known'`).all()).toHaveLength(1);
      const audit = readAudit(h.db);
      expect(audit.map((a) => a.action)).toEqual(['case.created', 'case.redacted']);
      expect(verifyAuditChain(h.db).ok).toBe(true);
    } finally {
      h.close();
    }
  });

  it('no 16×16 block of a redacted thumbnail is (nearly) the original block where the original has detail', async () => {
    const src = openCaseReadOnly(built.caseDir);
    const red = openCaseReadOnly(outDir);
    try {
      const before = src.db.prepare('SELECT sha256 FROM items WHERE has_thumb = 1 ORDER BY id').all() as { sha256: string }[];
      const after = red.db.prepare('SELECT sha256 FROM items WHERE has_thumb = 1 ORDER BY id').all() as { sha256: string }[];
      expect(after).toHaveLength(before.length);
      let detailed = 0;
      let closest = Infinity;
      let keptDetail = 0;
      for (let i = 0; i < before.length; i++) {
        const a = await sharp(src.thumbs.read(before[i]!.sha256)!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        // A known item's thumbnail comes from the engine's blurred render, whose size differs by a
        // few pixels: laid over the original's size so blocks compare place for place.
        const b = await sharp(red.thumbs.read(after[i]!.sha256)!).removeAlpha().resize(a.info.width, a.info.height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
        const { width, height, channels } = a.info;
        const greyOf = (data: Buffer) => (x: number, y: number) => {
          const k = (y * width + x) * channels;
          return (data[k]! + data[k + 1]! + data[k + 2]!) / 3;
        };
        const detail = (g: (x: number, y: number) => number, bx: number, by: number) => {
          let lap = 0;
          for (let y = by + 1; y < by + 15; y++) {
            for (let x = bx + 1; x < bx + 15; x++) lap += Math.abs(4 * g(x, y) - g(x - 1, y) - g(x + 1, y) - g(x, y - 1) - g(x, y + 1));
          }
          return lap / 196;
        };
        const original = greyOf(a.data);
        const redacted = greyOf(b.data);
        for (let by = 0; by + 16 <= height; by += 8) {
          for (let bx = 0; bx + 16 <= width; bx += 8) {
            // Detail = mean |Laplacian| inside the block: texture, text, lines. A lone straight edge
            // between two flat areas scores low — pixelation can keep one, and it identifies nothing.
            const before = detail(original, bx, by);
            if (before < 20) continue;
            keptDetail = Math.max(keptDetail, detail(redacted, bx, by) / before);
            let diff = 0;
            for (let y = by; y < by + 16; y++) {
              for (let x = bx; x < bx + 16; x++) {
                for (let c = 0; c < 3; c++) {
                  const k = (y * width + x) * channels + c;
                  diff += Math.abs(a.data[k]! - b.data[k]!);
                }
              }
            }
            detailed++;
            closest = Math.min(closest, diff / (16 * 16 * 3));
          }
        }
      }
      console.log(`redaction: ${detailed} detailed 16×16 blocks (step 8), closest mean abs diff ${closest.toFixed(1)}, most detail kept ${(keptDetail * 100).toFixed(1)}%`);
      expect(detailed).toBeGreaterThan(200);
      // Not equal, not nearly equal (a re-encode of the same pixels differs by ~2–4)…
      expect(closest).toBeGreaterThan(6);
      // …and none of the block's texture left: the detail of every redacted block is a small fraction of the original's.
      expect(keptDetail).toBeLessThan(0.25);
    } finally {
      src.close();
      red.close();
    }
  });
});
