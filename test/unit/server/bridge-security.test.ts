// The loopback bridge's guard: loopback only, this run's token on every request, its own host
// name and origin only, inputs parsed by their schemas, image ids that are ids and nothing else,
// static files contained in the renderer's folder — all against a real case.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type RunningBridge } from '../../../electron/server/bridge.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildTestCase, type TestCase } from './case-fixture.js';
import { call, raw } from './http-client.js';

let dir: string;
let testCase: TestCase;
let bridge: RunningBridge;
let staticDir: string;

beforeAll(async () => {
  dir = scratchDir('lanterne-bridge-');
  testCase = await buildTestCase(dir);
  staticDir = path.join(dir, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lanterne</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(dir, 'secret.js'), 'the case folder is outside the renderer');
  symlinkSync(path.join(dir, 'secret.js'), path.join(staticDir, 'assets', 'escape.js'));
  bridge = await startBridge({ caseDir: testCase.caseDir, staticDir });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(dir, { recursive: true, force: true });
});

const unauthorized = { ok: false, error: { code: 'UNAUTHORIZED' } };

describe('the bridge binds to loopback only', () => {
  it('listens on 127.0.0.1 and its URL says so', () => {
    expect(bridge.address).toBe('127.0.0.1');
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
  });

  it('refuses connections on this machine’s network addresses', async () => {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) {
      console.log('no non-loopback IPv4 address on this machine: the bind address check above stands alone');
      return;
    }
    await expect(raw(bridge.port, { path: '/', host: external.address })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the per-run token', () => {
  it('is required on API calls, images and static files alike', async () => {
    const summary = await raw(bridge.port, { path: '/api/case:summary', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(summary.status).toBe(401);
    expect(summary.json()).toMatchObject(unauthorized);
    const thumb = await raw(bridge.port, { path: `/api/thumb/${testCase.ids['known.jpg']}` });
    expect(thumb.status).toBe(401);
    expect(thumb.headers['content-type']).toMatch(/^application\/json/);
    expect((await raw(bridge.port, { path: '/' })).status).toBe(401);
    expect((await raw(bridge.port, { path: '/assets/app.js' })).status).toBe(401);
  });

  it('refuses a wrong token, in the header, the cookie or the one-time URL', async () => {
    const wrong = bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A');
    expect((await call(bridge.port, wrong, 'case:summary', {})).status).toBe(401);
    expect((await raw(bridge.port, { path: '/', headers: { cookie: `lanterne_token=${wrong}` } })).status).toBe(401);
    expect((await raw(bridge.port, { path: `/?token=${wrong}` })).status).toBe(401);
    expect((await call(bridge.port, '', 'case:summary', {})).status).toBe(401);
  });

  it('accepts it in the header', async () => {
    const res = await call(bridge.port, bridge.token, 'case:summary', {});
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: { counts: { files: 4, known: 1 } } });
  });

  it('trades the one-time URL for an HttpOnly, SameSite=Strict cookie and drops the token from the address', async () => {
    const res = await raw(bridge.port, { path: `/?token=${bridge.token}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain(`lanterne_token=${bridge.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await raw(bridge.port, { path: '/', headers: { cookie: `lanterne_token=${bridge.token}` } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Lanterne</title>');
  });

  it('is new on every run', async () => {
    const other = await startBridge({ caseDir: testCase.caseDir, staticDir });
    try {
      expect(other.token).not.toBe(bridge.token);
      expect(other.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
      expect((await call(other.port, bridge.token, 'case:summary', {})).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('host names and origins', () => {
  it('refuses a request made under another host name (DNS rebinding)', async () => {
    const res = await raw(bridge.port, { path: '/', headers: { host: `evil.example:${bridge.port}`, 'x-lanterne-token': bridge.token } });
    expect(res.status).toBe(401);
  });

  it('refuses a POST from another origin, token or not', async () => {
    const res = await raw(bridge.port, {
      path: '/api/case:summary',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lanterne-token': bridge.token, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});

describe('inputs', () => {
  const badInputs: [string, unknown][] = [
    ['a limit above 500', { limit: 501 }],
    ['a negative offset', { offset: -1 }],
    ['an unknown field', { filter: {}, dropTable: true }],
    ['a wrong type', { sort: 42 }],
    ['an unknown sort', { sort: 'random' }],
    ['a filter outside its enum', { filter: { knownStatus: ['secret'] } }],
    ['a MIME prefix with SQL in it', { filter: { mimePrefix: "image/' OR 1=1 --" } }],
    ['a 10 kB search', { filter: { text: 'x'.repeat(10_000) } }],
  ];
  it.each(badInputs)('answers 400 with a BAD_INPUT value for %s', async (_what, input) => {
    const res = await call(bridge.port, bridge.token, 'items:query', input);
    expect(res.status).toBe(400);
    const body = res.json<{ ok: false; error: { code: string; message: string } }>();
    expect(body).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(body.error.message).toMatch(/^Bad input for items:query: /);
  });

  it('answers 400 for a body that is not JSON, or not sent as JSON', async () => {
    const headers = { 'x-lanterne-token': bridge.token };
    const notJson = await raw(bridge.port, { path: '/api/items:query', method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"limit":' });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const form = await raw(bridge.port, { path: '/api/items:query', method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(400);
  });

  it('refuses a body over 64 kB', async () => {
    const res = await call(bridge.port, bridge.token, 'items:query', { filter: { text: 'y'.repeat(70_000) } });
    expect(res.status).toBe(400);
  });

  it('answers 404 with UNKNOWN_METHOD for a method not in the contract, and 400 for GET on a method', async () => {
    const res = await call(bridge.port, bridge.token, 'case:delete', {});
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect((await raw(bridge.port, { path: '/api/case:summary', headers: { 'x-lanterne-token': bridge.token } })).status).toBe(400);
  });
});

describe('image ids', () => {
  const pathLike = ['..%2F..%2Fetc%2Fpasswd', '../../etc/passwd', '%2e%2e', 'known.jpg', '0', '-1', '1.5', '1e3', '01', '%201', '0x10', '9007199254740993', '1/2', ''];
  it.each(pathLike)('refuses %j with 400 before it reaches the case', async (id) => {
    const res = await raw(bridge.port, { path: `/api/thumb/${id}`, headers: { 'x-lanterne-token': bridge.token } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('answers 404 ITEM_NOT_FOUND for an id the case does not hold, and NO_IMAGE for a text file', async () => {
    const missing = await raw(bridge.port, { path: '/api/full/999999', headers: { 'x-lanterne-token': bridge.token } });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    const text = await raw(bridge.port, { path: `/api/thumb/${testCase.ids['notes.txt']}`, headers: { 'x-lanterne-token': bridge.token } });
    expect(text.json()).toMatchObject({ ok: false, error: { code: 'NO_IMAGE' } });
  });
});

describe('static files', () => {
  const get = (p: string) => raw(bridge.port, { path: p, headers: { 'x-lanterne-token': bridge.token } });

  it('serves the renderer with a strict CSP that allows nothing remote, and no caching', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('keeps every request inside the renderer folder', async () => {
    for (const p of ['/../secret.js', '/assets/../../secret.js', '/%2e%2e/secret.js', '/assets/%2e%2e%2f%2e%2e%2fsecret.js', '/assets/escape.js', '/%00index.html']) {
      const res = await get(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body.toString(), p).not.toContain('outside the renderer');
    }
    expect((await get('/case/case.sqlite')).status).toBe(404);
  });
});
