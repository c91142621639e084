// Known material end to end, on real components: ingest, import a hash set, match exactly and by
// PDQ, export, and render through the engine's blur. "Known" images here are benign generated
// scenes and public camera samples whose hashes the test puts in a hash set.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import type { Db } from '../../../../electron/engine/case/db.js';
import type { LanterneExportRecord } from '../../../../electron/engine/export/export-record.js';
import { jsonlLines } from '../../../../electron/engine/export/jsonl.js';
import { importHashSet, removeHashSet } from '../../../../electron/engine/hashsets/import-set.js';
import { renderItem, revealItem } from '../../../../electron/engine/hashsets/render-item.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { CORPUS, corpusPath, scratchDir } from '../../../fixtures/corpus.js';
import { detailEnergy } from '../../../fixtures/detail-energy.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

let dir: string;
let caseDir: string;

function exportRecords(): Map<string, LanterneExportRecord & { id?: number }> {
  const handle = openCase(caseDir);
  try {
    return new Map([...jsonlLines(handle.db)].map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [r.path, r]));
  } finally {
    handle.close();
  }
}

function itemId(db: Db, relPath: string): number {
  return (db.prepare(`SELECT id FROM items WHERE rel_path = ?`).get(relPath) as { id: number }).id;
}

beforeAll(async () => {
  dir = scratchDir();
  caseDir = path.join(dir, 'case');
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  const known = await sceneJpeg({ width: 2400, height: 1800, seed: 42, label: 'KNOWN' });
  writeFixture(path.join(evidence, 'known-original.jpg'), known);
  // Copies an offender's collection would hold: resized, recompressed, cropped a little, turned, mirrored.
  writeFixture(path.join(evidence, 'copy-resized.jpg'), await sharp(known).resize(900).jpeg({ quality: 70 }).toBuffer());
  // PDQ tolerates a slight crop (here ~1% off each edge: ~22 bits); ~3% a side already costs ~30–45 bits.
  writeFixture(path.join(evidence, 'copy-cropped.jpg'), await sharp(known).extract({ left: 20, top: 15, width: 2360, height: 1770 }).jpeg({ quality: 80 }).toBuffer());
  writeFixture(path.join(evidence, 'copy-rotated.jpg'), await sharp(known).rotate(90).jpeg({ quality: 85 }).toBuffer());
  writeFixture(path.join(evidence, 'copy-mirrored.png'), await sharp(known).flop().png().toBuffer());
  writeFixture(path.join(evidence, 'unrelated.jpg'), await sceneJpeg({ width: 2400, height: 1800, seed: 4242, label: 'OTHER' }));
  writeFixture(path.join(dir, 'known.md5'), `# test hash set: one benign generated image\n${createHash('md5').update(known).digest('hex')}  known-original.jpg\n`);
  await ingest({ caseDir, roots: [evidence] });
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known material', () => {
  it('marks the exact file known by its hash, and its altered copies known by PDQ', async () => {
    const handle = openCase(caseDir);
    try {
      const result = await importHashSet(handle.db, path.join(dir, 'known.md5'), { name: 'test-known', kind: 'known', category: 1 });
      expect(result.set.records).toBe(1);
    } finally {
      handle.close();
    }
    const records = exportRecords();
    for (const r of records.values()) console.log(`${r.path}: ${r.knownStatus} ${JSON.stringify(r.known)} cluster ${r.cluster}`);
    expect(records.get('known-original.jpg')).toMatchObject({ knownStatus: 'known', known: [{ set: 'test-known', by: 'md5', distance: 0, categoryCode: 1, category: '1 · Child Abuse Material (CAM)' }] });
    for (const copy of ['copy-resized.jpg', 'copy-cropped.jpg', 'copy-rotated.jpg', 'copy-mirrored.png']) {
      const r = records.get(copy)!;
      expect(r.knownStatus, copy).toBe('known');
      expect(r.known[0]?.by, copy).toBe('pdq');
      expect(r.known[0]!.distance, copy).toBeLessThanOrEqual(31);
    }
    expect(records.get('unrelated.jpg')).toMatchObject({ knownStatus: 'new', known: [] });
    // The original and its upright copies form one near-duplicate cluster.
    const cluster = records.get('known-original.jpg')!.cluster;
    expect(cluster).not.toBeNull();
    expect(records.get('copy-resized.jpg')!.cluster).toBe(cluster);
    expect(records.get('unrelated.jpg')!.cluster).not.toBe(cluster);
  });

  it('serves a known item blurred, thumbnail and full view, until a reveal — and blurred again after it expires', async () => {
    const handle = openCase(caseDir);
    try {
      const id = itemId(handle.db, 'known-original.jpg');
      const original = readFileSync(path.join(dir, 'evidence', 'known-original.jpg'));
      const originalEnergy = await detailEnergy(original, 256);
      for (const view of ['thumb', 'full'] as const) {
        const r = await renderItem(handle, id, view);
        if (!r.ok) throw new Error(r.error.message);
        expect(r.blurred).toBe(true);
        const energy = await detailEnergy(r.bytes, 256);
        console.log(`${view}: detail energy blurred ${energy.toFixed(2)} vs original ${originalEnergy.toFixed(2)}`);
        expect(energy).toBeLessThan(originalEnergy / 50);
      }
      const now = new Date();
      expect(revealItem(handle.db, id, '   ')).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
      const reveal = revealItem(handle.db, id, 'compare background with a partner report', { now, minutes: 5 });
      expect(reveal.ok).toBe(true);
      const during = await renderItem(handle, id, 'full', new Date(now.getTime() + 60_000));
      expect(during.ok && !during.blurred).toBe(true);
      if (during.ok) expect(await detailEnergy(during.bytes, 256)).toBeGreaterThan(originalEnergy / 4);
      const after = await renderItem(handle, id, 'full', new Date(now.getTime() + 6 * 60_000));
      expect(after.ok && after.blurred).toBe(true);
      // New material is never blurred.
      const fresh = await renderItem(handle, itemId(handle.db, 'unrelated.jpg'), 'thumb');
      expect(fresh.ok && !fresh.blurred).toBe(true);
    } finally {
      handle.close();
    }
  });

  it('forgets the matches when the set is removed', () => {
    const handle = openCase(caseDir);
    try {
      const summary = removeHashSet(handle.db, 'test-known');
      expect(summary.known).toBe(0);
    } finally {
      handle.close();
    }
    expect(exportRecords().get('known-original.jpg')).toMatchObject({ knownStatus: 'new', known: [] });
  });
});

describe('the corpus against the synthetic VICS set', () => {
  it('marks every corpus file whose hash is in _members.json known by hash, and nothing else by hash', async () => {
    const members = JSON.parse(readFileSync(corpusPath('hashsets', 'synthetic-from-corpus', '_members.json'), 'utf8')) as { path: string; sha256: string }[];
    const memberHashes = new Set(members.map((m) => m.sha256.toLowerCase()));
    const corpusCase = path.join(dir, 'corpus-case');
    await ingest({ caseDir: corpusCase, roots: [CORPUS] });
    const handle = openCase(corpusCase);
    try {
      const result = await importHashSet(handle.db, corpusPath('hashsets', 'synthetic-from-corpus', 'vics-2.0-media-hashset.json'));
      expect(result.set.records).toBe(members.length);
      console.log(`VICS set: ${result.set.records} records; case: ${JSON.stringify(result.matches)}`);
      const records = [...jsonlLines(handle.db)].map((l) => JSON.parse(l) as LanterneExportRecord);
      const byHash = records.filter((r) => r.known.some((k) => k.by !== 'pdq'));
      const shouldBe = records.filter((r) => r.sha256 && memberHashes.has(r.sha256));
      // (Members under metadata-extractor-images/ are not in the corpus; duplicates of members are.)
      console.log(`known by hash: ${byHash.map((r) => r.path).join(', ')}`);
      expect(byHash.map((r) => r.path).sort()).toEqual(shouldBe.map((r) => r.path).sort());
      expect(byHash.length).toBeGreaterThanOrEqual(7);
      // Everything else marked known is a near-duplicate of a member (the bridge modifications,
      // the same photo in other encodings): known by PDQ, within the match distance.
      for (const r of records.filter((k) => k.knownStatus === 'known' && !byHash.includes(k))) {
        expect(r.known.every((k) => k.by === 'pdq' && k.distance <= 31), r.path).toBe(true);
      }
    } finally {
      handle.close();
    }
  });
});
