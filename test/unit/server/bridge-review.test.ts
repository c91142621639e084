// The review methods through the bridge on a real case: categorise and tag a selection, mark,
// edit and remove clue regions, list the clue board — and a known item's region crop leaving the
// engine blurred, like every other image of it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraInfo, CaseExport, CluePage, ItemDetail, ItemsPage, SimilarItems, TagCount } from '../../../shared/api/gallery-model.js';
import type { ApiResult } from '../../../shared/api/result.js';
import type { Region } from '../../../shared/review.js';
import { readAudit } from '../../../electron/engine/audit/audit-log.js';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { startBridge, type RunningBridge } from '../../../electron/server/bridge.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildTestCase, type TestCase } from './case-fixture.js';
import { call, raw } from './http-client.js';

let dir: string;
let testCase: TestCase;
let bridge: RunningBridge;

beforeAll(async () => {
  dir = scratchDir('lanterne-bridge-review-');
  testCase = await buildTestCase(dir);
  bridge = await startBridge({ caseDir: testCase.caseDir, staticDir: path.join(dir, 'no-renderer') });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function result<T>(method: string, input: unknown): Promise<ApiResult<T>> {
  return (await call(bridge.port, bridge.token, method, input)).json<ApiResult<T>>();
}

async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await result<T>(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('categorise and tag a selection', () => {
  it('sets the examiner category on every selected item, shows it on cards, filters by it', async () => {
    const ids = [testCase.ids['new-camera.jpg']!, testCase.ids['new-plain.jpg']!];
    expect(await value('items:categorise', { ids, category: 4 })).toEqual({ changed: 2 });
    const page = await value<ItemsPage>('items:query', { filter: { examinerCategory: [4] } });
    expect(page.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(page.items[0]!.examinerCategory).toEqual({ code: 4, label: '4 · Comparison Images' });
    const uncategorised = await value<ItemsPage>('items:query', { filter: { examinerCategory: [null] } });
    expect(uncategorised.total).toBe(2);
  });

  it('refuses a category the profile does not define and ids not in the case', async () => {
    expect(await result('items:categorise', { ids: [1], category: 8 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await result('items:categorise', { ids: [999], category: 1 })).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    expect(await result('items:categorise', { ids: [], category: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('tags and untags; the tag list counts items; the detail lists the tags', async () => {
    const id = testCase.ids['new-plain.jpg']!;
    await value('items:tag', { ids: [id, testCase.ids['known.jpg']!], tag: 'red curtain' });
    expect(await value<TagCount[]>('tags:list', {})).toEqual([{ name: 'red curtain', items: 2 }]);
    expect((await value<ItemDetail>('item:get', { id })).itemTags).toEqual(['red curtain']);
    expect((await value<ItemsPage>('items:query', { filter: { tag: 'RED CURTAIN' } })).total).toBe(2);
    await value('items:tag', { ids: [id], tag: 'red curtain', remove: true });
    expect((await value<ItemDetail>('item:get', { id })).itemTags).toEqual([]);
  });
});

describe('clue regions', () => {
  it('adds a region, lists it on the item and on the clue board, edits and removes it', async () => {
    const itemId = testCase.ids['new-camera.jpg']!;
    const added = await value<Region>('region:add', { itemId, type: 'text', x: 0.1, y: 0.1, w: 0.5, h: 0.3, label: 'street sign' });
    expect(added).toMatchObject({ itemId, type: 'text', label: 'street sign', note: '' });
    expect((await value<ItemDetail>('item:get', { id: itemId })).regions.map((r) => r.id)).toEqual([added.id]);
    const board = await value<CluePage>('regions:list', {});
    expect(board.clues.map((c) => [c.region.id, c.card.id])).toEqual([[added.id, itemId]]);
    expect(board.byType).toEqual([{ type: 'text', regions: 1 }]);
    const edited = await value<Region>('region:edit', { id: added.id, type: 'logo', x: 0.2, y: 0.1, w: 0.5, h: 0.3, label: 'brand', note: 'on the mug' });
    expect(edited).toMatchObject({ type: 'logo', note: 'on the mug' });
    expect((await value<CluePage>('regions:list', { types: ['text'] })).total).toBe(0);
    expect(await value('region:remove', { id: added.id })).toEqual({ removed: added.id });
    expect(await result('region:remove', { id: added.id })).toMatchObject({ ok: false, error: { code: 'REGION_NOT_FOUND' } });
  });

  it('refuses a rectangle that leaves the image, an unknown type, and a script in the label stays text', async () => {
    const itemId = testCase.ids['new-plain.jpg']!;
    expect(await result('region:add', { itemId, type: 'object', x: 0.9, y: 0, w: 0.5, h: 0.5 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await result('region:add', { itemId, type: 'person', x: 0, y: 0, w: 0.5, h: 0.5 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const label = '<img src=x onerror=alert(1)>';
    expect((await value<Region>('region:add', { itemId, type: 'object', x: 0, y: 0, w: 0.5, h: 0.5, label })).label).toBe(label);
  });

  it('serves a region crop of a known item blurred, and of a new item sharp', async () => {
    const knownRegion = await value<Region>('region:add', { itemId: testCase.ids['known.jpg']!, type: 'background', x: 0, y: 0, w: 0.5, h: 0.5 });
    const newRegion = await value<Region>('region:add', { itemId: testCase.ids['new-plain.jpg']!, type: 'background', x: 0, y: 0, w: 0.5, h: 0.5 });
    const get = (id: number) => raw(bridge.port, { path: `/api/region/${id}`, headers: { 'x-lanterne-token': bridge.token } });
    const known = await get(knownRegion.id);
    const fresh = await get(newRegion.id);
    expect(known.status).toBe(200);
    expect(known.headers['x-lanterne-blurred']).toBe('1');
    expect(fresh.headers['x-lanterne-blurred']).toBe('0');
    // Blurred means little detail: mean absolute difference between neighbouring pixels.
    expect(await edgeEnergy(known.body)).toBeLessThan((await edgeEnergy(fresh.body)) / 3);
    expect((await get(99999)).status).toBe(404);
    expect((await raw(bridge.port, { path: '/api/region/..%2f1', headers: { 'x-lanterne-token': bridge.token } })).status).toBe(400);
  });
});

describe('case:export', () => {
  it('writes each export into the case folder and records it with the SHA-256 of what it wrote', async () => {
    for (const format of ['html', 'vics', 'csv', 'crops'] as const) {
      const done = await value<CaseExport>('case:export', { format });
      expect(done.recorded).toBe(true);
      expect(path.dirname(done.path)).toBe(path.join(testCase.caseDir, 'exports'));
      expect(existsSync(done.path)).toBe(true);
      if (format !== 'crops') expect(createHash('sha256').update(readFileSync(done.path)).digest('hex')).toBe(done.sha256);
    }
    const handle = openCaseReadOnly(testCase.caseDir);
    try {
      const written = readAudit(handle.db, { limit: 100000 }).filter((r) => r.action === 'export.written');
      expect(written.map((r) => (JSON.parse(r.details) as { format: string }).format)).toEqual(['html', 'vics', 'csv', 'crops']);
    } finally {
      handle.close();
    }
    expect(await result('case:export', { format: 'pdf' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('cameras:list', () => {
  it('lists the camera body linked by its serial, with its item count and dates', async () => {
    expect(await value<CameraInfo[]>('cameras:list', {})).toMatchObject([
      { make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888', serialKind: 'body', items: 1, roots: 1, firstTaken: '2021-07-04T13:22:10' },
    ]);
  });
});

describe('item:similar', () => {
  it('answers for an item outside any cluster with its hits and no neighbours', async () => {
    const similar = await value<SimilarItems>('item:similar', { id: testCase.ids['known.jpg']! });
    expect(similar.neighbours).toEqual([]);
    expect(similar.hits).toMatchObject([{ set: 'test-known', by: 'md5' }]);
  });
});

async function edgeEnergy(bytes: Buffer): Promise<number> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let y = 0; y < info.height; y++) for (let x = 1; x < info.width; x++) sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
  return sum / (info.height * (info.width - 1));
}
