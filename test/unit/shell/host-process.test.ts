// The case and job hosts as real, separate processes — the engine work is off the main process.
// Electron's utility process gives the entry `process.parentPort`; here a child_process.fork with
// a small shim gives it the same shape, so the very entry files the app forks run unchanged.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/api/methods.js';
import { CaseClient } from '../../../electron/main/case-client.js';
import type { CaseHostMessage, CaseHostRequest, JobHostMessage, Port } from '../../../electron/main/hosts/host-protocol.js';
import { REPO_ROOT, scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg } from '../../fixtures/generate.js';
import { buildTestCase, type TestCase } from '../server/case-fixture.js';

const PARENT_PORT_SHIM = `data:text/javascript,${encodeURIComponent(
  "process.parentPort = { on: (e, cb) => process.on('message', (data) => cb({ data })), postMessage: (m) => process.send(m) };",
)}`;
const HOSTS = path.join(REPO_ROOT, 'electron/main/hosts');

let dir: string;
let testCase: TestCase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = scratchDir('lanterne-hosts-');
  testCase = await buildTestCase(dir);
});

afterAll(() => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

function host(entry: string, args: string[]): { child: ChildProcess; port: Port<never, unknown> } {
  const child = fork(path.join(HOSTS, entry), args, { execArgv: ['--import', 'tsx', '--import', PARENT_PORT_SHIM], serialization: 'advanced', stdio: 'pipe' });
  children.push(child);
  return {
    child,
    port: { postMessage: (m) => child.send(m as never), onMessage: (listener) => void child.on('message', listener as never) },
  };
}

describe('the case host process', () => {
  it('opens the case read-only in its own process and answers the contract and images', async () => {
    const { child, port } = host('case-host-entry.ts', [testCase.caseDir]);
    expect(child.pid).not.toBe(process.pid);
    const client = new CaseClient(port as unknown as Port<CaseHostMessage, CaseHostRequest>);
    expect(await client.ready).toEqual({ ok: true, caseName: 'case' });
    expect(await client.call(API.caseSummary, {})).toMatchObject({ ok: true, value: { counts: { files: 4, known: 1 } } });
    const image = await client.image('thumb', testCase.ids['known.jpg']!);
    expect(image).toMatchObject({ ok: true, value: { contentType: 'image/webp', blurred: true } });
    expect(await client.image('thumb', 999999)).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND' } });
    // When the process dies, waiting and later calls get an error value, not a hang.
    child.kill();
    await new Promise((r) => child.once('exit', r));
    client.hostExited('The case process stopped.');
    expect(await client.call(API.caseSummary, {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('reports a folder that is not a case instead of starting', async () => {
    const { port } = host('case-host-entry.ts', [path.join(dir, 'nothing-here')]);
    const client = new CaseClient(port as unknown as Port<CaseHostMessage, CaseHostRequest>);
    expect(await client.ready).toMatchObject({ ok: false, code: 'CASE_NOT_FOUND' });
  });
});

describe('a job host process', () => {
  it('runs an ingest in its own process, streams progress, reports and exits', async () => {
    const evidence = path.join(dir, 'job-evidence');
    mkdirSync(evidence, { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(path.join(evidence, `scene-${i}.jpg`), await sceneJpeg({ width: 320, height: 240, seed: 300 + i }));
    const { child, port } = host('job-host-entry.ts', []);
    const messages: JobHostMessage[] = [];
    const done = new Promise<void>((resolve) => port.onMessage((m) => (messages.push(m as JobHostMessage), (m as JobHostMessage).kind === 'done' && resolve())));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    port.postMessage({ kind: 'ingest', caseDir: path.join(dir, 'job-case'), roots: [evidence] } as never);
    await done;
    expect(messages.at(-1)).toMatchObject({ kind: 'done', outcome: { ok: true, summary: expect.stringContaining('3 files processed') } });
    const phases = new Set(messages.filter((m) => m.kind === 'progress').map((m) => (m as Extract<JobHostMessage, { kind: 'progress' }>).progress.phase));
    expect(phases).toEqual(new Set(['scan', 'process']));
    expect(await exited).toBe(0);
  });
});
