// The examiner's review actions on a real case: categories, tags and clue regions are stored,
// refused when wrong, and every change is in the audit log with what it changed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../../electron/engine/audit/audit-log.js';
import { openCase } from '../../../../electron/engine/case/case-folder.js';
import { ReviewQueries } from '../../../../electron/engine/case/review-queries.js';
import { ingest } from '../../../../electron/engine/ingest/pipeline.js';
import { addRegion, categorise, editRegion, removeRegion, tagItems, untagItems } from '../../../../electron/engine/review/review.js';
import { scratchDir } from '../../../fixtures/corpus.js';
import { sceneJpeg, writeFixture } from '../../../fixtures/generate.js';

let caseDir: string;

beforeAll(async () => {
  const dir = scratchDir();
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  for (const seed of [1, 2, 3]) writeFixture(path.join(evidence, `scene-${seed}.jpg`), await sceneJpeg({ width: 200, height: 150, seed }));
  caseDir = path.join(dir, 'case');
  await ingest({ caseDir, roots: [evidence], workers: 1 });
});

function withCase<T>(fn: (db: ReturnType<typeof openCase>['db']) => T): T {
  const handle = openCase(caseDir);
  try {
    return fn(handle.db);
  } finally {
    handle.close();
  }
}

const lastAudit = (db: ReturnType<typeof openCase>['db']) => {
  const rows = readAudit(db, { limit: 100000 });
  const row = rows[rows.length - 1]!;
  return { action: row.action, details: JSON.parse(row.details) as Record<string, unknown> };
};

describe('categorise', () => {
  it('sets and clears the examiner category and records both', () => {
    withCase((db) => {
      expect(categorise(db, [1, 2], 2, 'Default')).toEqual({ ok: true, value: { changed: 2 } });
      expect(lastAudit(db)).toEqual({ action: 'item.categorised', details: { items: [1, 2], category: 2, profile: 'Default' } });
      const rows = db.prepare('SELECT id, examiner_category AS c, examiner_profile AS p FROM items ORDER BY id').all();
      expect(rows).toEqual([{ id: 1, c: 2, p: 'Default' }, { id: 2, c: 2, p: 'Default' }, { id: 3, c: null, p: null }]);
      expect(categorise(db, [2], null, 'Default').ok).toBe(true);
      expect(db.prepare('SELECT examiner_category AS c, examiner_profile AS p FROM items WHERE id = 2').get()).toEqual({ c: null, p: null });
    });
  });

  it('refuses a number the profile does not define, and an unknown item, recording nothing', () => {
    withCase((db) => {
      const before = readAudit(db, { limit: 100000 }).length;
      expect(categorise(db, [1], 9, 'Default')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(categorise(db, [1, 999], 1, 'Default')).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND', message: 'No item 999 in this case.' } });
      expect(readAudit(db, { limit: 100000 }).length).toBe(before);
    });
  });
});

describe('tags', () => {
  it('adds a tag to several items once, case-insensitively, and removes it', () => {
    withCase((db) => {
      const queries = new ReviewQueries(db);
      expect(tagItems(db, [1, 3], 'Wallpaper')).toEqual({ ok: true, value: { changed: 2 } });
      expect(tagItems(db, [1], 'wallpaper')).toEqual({ ok: true, value: { changed: 0 } });
      expect(queries.tags()).toEqual([{ name: 'Wallpaper', items: 2 }]);
      expect(queries.tagsOf(3)).toEqual(['Wallpaper']);
      expect(untagItems(db, [3], 'WALLPAPER')).toEqual({ ok: true, value: { changed: 1 } });
      expect(lastAudit(db)).toEqual({ action: 'item.untagged', details: { items: [3], tag: 'Wallpaper' } });
      expect(tagItems(db, [1], '   ')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    });
  });
});

describe('regions', () => {
  it('adds, edits and removes a clue region, each step audited with before and after', () => {
    withCase((db) => {
      const added = addRegion(db, 2, { type: 'text', x: 0.1, y: 0.2, w: 0.3, h: 0.25, label: 'shop sign', note: 'partly hidden' }, { actor: 'examiner-a' });
      expect(added.ok).toBe(true);
      if (!added.ok) return;
      expect(added.value).toMatchObject({ itemId: 2, type: 'text', label: 'shop sign', actor: 'examiner-a' });
      expect(lastAudit(db).action).toBe('region.added');
      const edited = editRegion(db, added.value.id, { type: 'logo', x: 0.1, y: 0.2, w: 0.4, h: 0.25, label: 'brand logo', note: '' });
      expect(edited.ok && edited.value.type).toBe('logo');
      expect(lastAudit(db).details).toMatchObject({ before: { type: 'text', w: 0.3 }, after: { type: 'logo', w: 0.4 } });
      expect(new ReviewQueries(db).regionsOf(2)).toHaveLength(1);
      expect(removeRegion(db, added.value.id)).toEqual({ ok: true, value: { removed: added.value.id } });
      expect(new ReviewQueries(db).regionsOf(2)).toHaveLength(0);
      expect(removeRegion(db, added.value.id)).toMatchObject({ ok: false, error: { code: 'REGION_NOT_FOUND' } });
      expect(verifyAuditChain(db).ok).toBe(true);
    });
  });

  it('refuses a rectangle outside its image', () => {
    withCase((db) => {
      expect(addRegion(db, 1, { type: 'object', x: 0.8, y: 0.1, w: 0.3, h: 0.1, label: '', note: '' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(addRegion(db, 1, { type: 'object', x: 0.1, y: 0.1, w: 0, h: 0.1, label: '', note: '' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(addRegion(db, 77, { type: 'object', x: 0.1, y: 0.1, w: 0.1, h: 0.1, label: '', note: '' })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    });
  });

  it('lists the clue board grouped by type in the fixed order', () => {
    withCase((db) => {
      const g = { x: 0.1, y: 0.1, w: 0.2, h: 0.2, label: '', note: '' };
      addRegion(db, 1, { ...g, type: 'vehicle' });
      addRegion(db, 2, { ...g, type: 'background' });
      addRegion(db, 3, { ...g, type: 'vehicle' });
      const page = new ReviewQueries(db).regionsPage(['vehicle', 'background'], 0, 10);
      expect(page.total).toBe(3);
      expect(page.rows.map((r) => r.type)).toEqual(['background', 'vehicle', 'vehicle']);
    });
  });
});
