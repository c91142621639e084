// lanterne:// — the protocol handler's checks against a real case: images only by numeric id,
// path-like ids refused before the case is asked, unknown ids 404, known items served exactly as
// the engine's blurred render, only allowlisted types, no-store and the CSP on every answer.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { renderItem } from '../../../electron/engine/hashsets/render-item.js';
import { CaseSession, type ForkCaseHost } from '../../../electron/main/case-session.js';
import { createProtocolHandler } from '../../../electron/main/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/responses.js';
import { detailEnergy } from '../../fixtures/detail-energy.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildTestCase, type TestCase } from '../server/case-fixture.js';
import { runUtilityInProcess } from './case-wiring.js';
import { FakeUtilityProcess } from './fake-electron.js';

let dir: string;
let testCase: TestCase;
let session: CaseSession;
let handle: ReturnType<typeof createProtocolHandler>;
let asked: number[];

beforeAll(async () => {
  dir = scratchDir('lanterne-protocol-');
  testCase = await buildTestCase(dir);
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lanterne</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), 'not in the allowlist');
  writeFileSync(path.join(dir, 'secret.js'), 'outside the renderer');
  symlinkSync(path.join(dir, 'secret.js'), path.join(rendererDir, 'assets', 'escape.js'));
  session = new CaseSession((caseDir) => {
    const child = new FakeUtilityProcess('case-host-entry.js', [caseDir]);
    runUtilityInProcess(child);
    return child as unknown as ReturnType<ForkCaseHost>;
  });
  expect(await session.open(testCase.caseDir)).toMatchObject({ ok: true, caseName: 'case' });
  asked = [];
  handle = createProtocolHandler({ rendererDir, image: (view, id) => (asked.push(id), session.image(view, id)) });
});

afterAll(() => {
  session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

function expectStrictHeaders(res: Response) {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('images by id', () => {
  it('serves a known item blurred: exactly the engine’s blurred render, never the stored thumbnail', async () => {
    const id = testCase.ids['known.jpg']!;
    const ro = openCaseReadOnly(testCase.caseDir);
    try {
      for (const view of ['thumb', 'full'] as const) {
        const res = await get(`lanterne://app/api/${view}/${id}`);
        expect(res.status).toBe(200);
        expectStrictHeaders(res);
        expect(res.headers.get('content-type')).toBe('image/webp');
        expect(res.headers.get('x-lanterne-blurred')).toBe('1');
        const served = Buffer.from(await res.arrayBuffer());
        const engine = await renderItem(ro, id, view);
        expect(engine.ok && engine.blurred).toBe(true);
        if (engine.ok) expect(served.equals(engine.bytes)).toBe(true);
        // Measured, not assumed: the served pixels keep a small fraction of the original's detail.
        const row = ro.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string };
        const original = ro.thumbs.read(row.sha256)!;
        expect(served.equals(original)).toBe(false);
        const [blurredEnergy, originalEnergy] = [await detailEnergy(served, 256), await detailEnergy(original, 256)];
        expect(blurredEnergy).toBeLessThan(originalEnergy * 0.1);
      }
    } finally {
      ro.close();
    }
  });

  it('serves a new item’s thumbnail unblurred', async () => {
    const res = await get(`lanterne://app/api/thumb/${testCase.ids['new-plain.jpg']}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-lanterne-blurred')).toBe('0');
    expectStrictHeaders(res);
  });

  it('answers 404 for an unknown id and for an item without an image', async () => {
    const unknown = await get('lanterne://app/api/thumb/999999');
    expect(unknown.status).toBe(404);
    expectStrictHeaders(unknown);
    expect(await unknown.text()).toContain('No item 999999');
    expect((await get(`lanterne://app/api/full/${testCase.ids['notes.txt']}`)).status).toBe(404);
  });

  it('refuses path-like and malformed ids with 400, without asking the case', async () => {
    asked.length = 0;
    for (const id of ['..%2F..%2Fcase.sqlite', '1%2F..%2F2', '%2e%2e', 'case.sqlite', '1.0', '01', '-1', '0', '1e3', '0x10', ' 1', '1%00', '99999999999999999999', '']) {
      const res = await get(`lanterne://app/api/thumb/${id}`);
      expect(res.status, id).toBe(400);
      expectStrictHeaders(res);
    }
    for (const url of ['lanterne://app/api/thumb/1/2', 'lanterne://app/api/other/1', 'lanterne://app/api/thumb']) {
      expect((await get(url)).status, url).toBe(400);
    }
    expect(asked).toEqual([]);
  });

  it('refuses a content type outside the image allowlist even if the engine gave one', async () => {
    const sneaky = createProtocolHandler({
      rendererDir: dir,
      image: async () => ({ ok: true, value: { bytes: new TextEncoder().encode('<script>alert(1)</script>'), contentType: 'text/html', blurred: false } }),
    });
    const res = await sneaky(new Request('lanterne://app/api/thumb/1'));
    expect(res.status).toBe(415);
    expect(await res.text()).not.toContain('<script>');
  });
});

describe('app files', () => {
  it('serves the renderer with the CSP and no-store', async () => {
    const res = await get('lanterne://app/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expectStrictHeaders(res);
    expect((await get('lanterne://app/assets/app.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await get('lanterne://app/')).status).toBe(200);
  });

  it('serves nothing outside dist/renderer and no type outside the allowlist', async () => {
    expect((await get('lanterne://app/assets/escape.js')).status).toBe(404);
    expect((await get('lanterne://app/..%2Fsecret.js')).status).toBe(404);
    expect((await get('lanterne://app/assets/font.woff2')).status).toBe(404);
    expect((await get('lanterne://app/case%2Fcase.sqlite')).status).toBe(404);
    expect((await get('lanterne://other/index.html')).status).toBe(404);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('lanterne://app/index.html', { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await get('lanterne://app/api/thumb/1', { method: 'PUT', body: 'x' })).status).toBe(405);
  });
});
