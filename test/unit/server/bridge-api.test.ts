// The API methods and images through the bridge, on a real case: the overview's counts, new
// items first, filters, item detail with its hash-set hit — and a known item's images leaving
// the engine blurred until a recorded reveal.
import { rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSummary, ItemDetail, ItemsPage } from '../../../shared/api/gallery-model.js';
import type { ApiResult } from '../../../shared/api/result.js';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { renderItem } from '../../../electron/engine/hashsets/render-item.js';
import { startBridge, type RunningBridge } from '../../../electron/server/bridge.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildTestCase, type TestCase } from './case-fixture.js';
import { call, raw } from './http-client.js';

let dir: string;
let testCase: TestCase;
let bridge: RunningBridge;
let clock = new Date();

beforeAll(async () => {
  dir = scratchDir('lanterne-bridge-api-');
  testCase = await buildTestCase(dir);
  bridge = await startBridge({ caseDir: testCase.caseDir, staticDir: path.join(dir, 'no-renderer'), now: () => clock });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function value<T>(method: string, input: unknown): Promise<T> {
  const result = (await call(bridge.port, bridge.token, method, input)).json<ApiResult<T>>();
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const image = (view: 'thumb' | 'full', id: number) => raw(bridge.port, { path: `/api/${view}/${id}`, headers: { 'x-lanterne-token': bridge.token } });

describe('case:summary', () => {
  it('counts files, images, new and known (by category), cameras with serials, the date span and roots', async () => {
    const s = await value<CaseSummary>('case:summary', {});
    expect(s.caseName).toBe('case');
    expect(s.counts).toEqual({ files: 4, images: 3, ok: 4, failed: 0, pending: 0, new: 3, known: 1, ignorable: 0 });
    expect(s.knownByCategory).toEqual([{ code: 1, label: '1 · Child Abuse Material (CAM)', items: 1 }]);
    expect(s.cameras).toEqual([{ make: 'Canon', model: 'Canon EOS 600D', items: 1 }]);
    expect(s.serials).toEqual([{ make: 'Canon', model: 'Canon EOS 600D', serial: '123063022888', items: 1 }]);
    expect(s.dateSpan).toEqual({ earliest: '2021-07-04T13:22:10', latest: '2021-07-04T13:22:10', dated: 1 });
    expect(s.roots).toHaveLength(1);
    expect(s.hashSets).toEqual([{ name: 'test-known', kind: 'known', records: 1 }]);
    expect(s.lastIngest).toMatchObject({ interrupted: false });
  });
});

describe('items:query', () => {
  it('puts new items first, known after, with the known badge’s category', async () => {
    const page = await value<ItemsPage>('items:query', {});
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.knownStatus)).toEqual(['new', 'new', 'new', 'known']);
    expect(page.items[3]).toMatchObject({ name: 'known.jpg', folder: '', category: { code: 1, label: '1 · Child Abuse Material (CAM)' }, hasImage: true });
    expect(page.items.find((i) => i.name === 'notes.txt')).toMatchObject({ hasImage: false, category: null });
  });

  it('pages by offset across the new/known boundary', async () => {
    const all = (await value<ItemsPage>('items:query', {})).items.map((i) => i.id);
    const pieces = [];
    for (let offset = 0; offset < 4; offset += 3) pieces.push(...(await value<ItemsPage>('items:query', { offset, limit: 3 })).items.map((i) => i.id));
    expect(pieces).toEqual(all);
    expect((await value<ItemsPage>('items:query', { offset: 10 })).items).toEqual([]);
  });

  it('filters by known status, type, camera, GPS and path text', async () => {
    const names = async (filter: unknown, sort = 'path') =>
      (await value<ItemsPage>('items:query', { filter, sort })).items.map((i) => i.name);
    expect(await names({ knownStatus: ['known'] })).toEqual(['known.jpg']);
    expect(await names({ mimePrefix: 'image/' })).toEqual(['known.jpg', 'new-camera.jpg', 'new-plain.jpg']);
    expect(await names({ mimePrefix: 'text/' })).toEqual(['notes.txt']);
    expect(await names({ cameraMake: 'Canon', cameraModel: 'Canon EOS 600D' })).toEqual(['new-camera.jpg']);
    expect(await names({ hasGps: true })).toEqual([]);
    expect(await names({ text: 'PHONE/' })).toEqual(['new-camera.jpg', 'new-plain.jpg']);
    expect(await names({ text: '%' })).toEqual([]); // LIKE wildcards are searched for, not obeyed
    expect(await names({ text: 'new_' })).toEqual([]); // '_' too: no "new-…" through it
    // The text search covers metadata strings too: a serial number, a model, any case.
    expect(await names({ text: '063022888' })).toEqual(['new-camera.jpg']);
    expect(await names({ text: 'eos 600' })).toEqual(['new-camera.jpg']);
    expect(await names({ text: 'eos 600', knownStatus: ['known'] })).toEqual([]);
  });

  it('sorts by taken with undated items last, by path, and by size', async () => {
    const order = async (sort: string, descending = false) =>
      (await value<ItemsPage>('items:query', { sort, descending })).items.map((i) => i.name);
    expect((await order('taken'))[0]).toBe('new-camera.jpg');
    expect((await order('taken', true))[0]).toBe('new-camera.jpg');
    expect(await order('path')).toEqual(['known.jpg', 'notes.txt', 'new-camera.jpg', 'new-plain.jpg']); // phone/… after the root's files
    const bySize = (await value<ItemsPage>('items:query', { sort: 'size' })).items.map((i) => i.size);
    expect(bySize).toEqual([...bySize].sort((a, b) => a - b));
  });
});

describe('item:get', () => {
  it('gives hashes, camera facts, tags and the hash-set hit of a known item, without a path handle', async () => {
    const d = await value<ItemDetail>('item:get', { id: testCase.ids['new-camera.jpg'] });
    expect(d.path).toBe('phone/new-camera.jpg');
    expect(d.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.exif).toMatchObject({ make: 'Canon', serial: '123063022888', taken: '2021-07-04T13:22:10' });
    expect(d.tags).toHaveProperty('ifd0');
    const known = await value<ItemDetail>('item:get', { id: testCase.ids['known.jpg'] });
    expect(known.hits).toEqual([{ set: 'test-known', kind: 'known', category: { code: 1, label: '1 · Child Abuse Material (CAM)' }, by: 'md5', distance: 0 }]);
    expect(known.reveal).toBeNull();
    expect((await call(bridge.port, bridge.token, 'item:get', { id: 999999 })).json()).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
  });
});

describe('images', () => {
  it('serves a known item’s thumbnail and full view blurred — the bytes renderItem gives, never the original', async () => {
    const id = testCase.ids['known.jpg']!;
    const stored = await thumbSha(id);
    const handle = openCaseReadOnly(testCase.caseDir);
    try {
      for (const view of ['thumb', 'full'] as const) {
        const res = await image(view, id);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/webp');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-lanterne-blurred']).toBe('1');
        const engine = await renderItem(handle, id, view);
        expect(engine.ok && engine.blurred).toBe(true);
        if (engine.ok) expect(res.body.equals(engine.bytes)).toBe(true);
        expect(res.body.equals(handle.thumbs.read(stored)!)).toBe(false);
      }
    } finally {
      handle.close();
    }
  });

  it('serves a new item’s thumbnail as stored, unblurred', async () => {
    const id = testCase.ids['new-plain.jpg']!;
    const res = await image('thumb', id);
    expect(res.headers['x-lanterne-blurred']).toBe('0');
    const handle = openCaseReadOnly(testCase.caseDir);
    try {
      expect(res.body.equals(handle.thumbs.read(await thumbSha(id))!)).toBe(true);
    } finally {
      handle.close();
    }
    expect((await sharp(res.body).metadata()).format).toBe('webp');
  });

  it('reveals a known item only with a reason, for a limited time, and blurs it again after', async () => {
    const id = testCase.ids['known.jpg']!;
    const blank = await call(bridge.port, bridge.token, 'item:reveal', { id, reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const notKnown = await call(bridge.port, bridge.token, 'item:reveal', { id: testCase.ids['new-plain.jpg'], reason: 'no need' });
    expect(notKnown.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    clock = new Date();
    const granted = await value<{ revealId: number; expiresAt: string }>('item:reveal', { id, reason: 'compare the wallpaper with a partner report' });
    expect(Date.parse(granted.expiresAt)).toBeGreaterThan(clock.getTime());
    expect((await image('full', id)).headers['x-lanterne-blurred']).toBe('0');
    expect((await value<ItemDetail>('item:get', { id })).reveal).toEqual({ expiresAt: granted.expiresAt });

    clock = new Date(Date.parse(granted.expiresAt) + 1000);
    expect((await image('full', id)).headers['x-lanterne-blurred']).toBe('1');
    expect((await image('thumb', id)).headers['x-lanterne-blurred']).toBe('1');
    expect((await value<ItemDetail>('item:get', { id })).reveal).toBeNull();
  });
});

async function thumbSha(id: number): Promise<string> {
  return (await value<ItemDetail>('item:get', { id })).hashes.sha256!;
}
