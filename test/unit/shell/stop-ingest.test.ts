// Stopping a real ingest from the desktop shell: main's actions and JobRunner against the fake
// electron, the job host (serveJob) run in-process on a real case, its workers real processes
// forked "as utility processes" by main — as in the app. The examiner stops it from the menu: the
// files in flight finish, the rest stay pending, the page hears running → stopping → ended, the
// dialog says "Ingest interrupted", and adding the same folder again completes the case.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, MessagePortMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../../shared/api/desktop.js';
import { openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import { IngestQueries, type CaseCounts } from '../../../electron/engine/case/ingest-queries.js';
import { createActions } from '../../../electron/main/actions.js';
import { EVENTS } from '../../../electron/main/event-channels.js';
import type { JobHostInbound, JobHostMessage } from '../../../electron/main/hosts/host-protocol.js';
import { serveJob } from '../../../electron/main/hosts/job-host.js';
import { JobRunner, type ForkJobHost } from '../../../electron/main/jobs.js';
import { JOB_HOST_ENTRY, WORKER_ENTRY } from '../../../electron/main/utility-port.js';
import { WorkerProcesses } from '../../../electron/main/worker-processes.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { sceneJpeg } from '../../fixtures/generate.js';
import { runUtilityInProcess } from './case-wiring.js';
import { createFakeElectron, FakeWebContents, type FakeUtilityProcess } from './fake-electron.js';
import { realWorkers } from './worker-utility.js';
import { until as waitUntil } from '../../fixtures/until.js';

const FILES = 48;
let dir: string;
let evidence: string;

beforeAll(async () => {
  dir = scratchDir('lanterne-stop-ingest-');
  evidence = path.join(dir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(evidence, `scene-${String(i).padStart(2, '0')}.jpg`), await sceneJpeg({ width: 480, height: 360, seed: 700 + i }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Long by default: real ingests run under these waits. */
const until = (condition: () => boolean, what: string, ms = 90_000) => waitUntil(condition, what, ms);

function countsOf(caseDir: string): CaseCounts {
  const handle = openCaseReadOnly(caseDir);
  try {
    return new IngestQueries(handle.db).counts();
  } finally {
    handle.close();
  }
}

/** Main as app.ts wires it, minus the window: the updates the page is sent, and the dialogs. */
function mainProcess(caseDir: string) {
  const fake = createFakeElectron({ userData: path.join(dir, 'user'), runUtility: runUtilityInProcess });
  const contents = new FakeWebContents();
  const jobs = new JobRunner(
    (() => fake.utilityProcess.fork(JOB_HOST_ENTRY, [], { serviceName: 'Lanterne job', stdio: 'inherit' })) as unknown as ForkJobHost,
    (jobHost) =>
      new WorkerProcesses(jobHost, {
        fork: (entry, args, options) => fake.utilityProcess.fork(entry, args, options as FakeUtilityProcess['options']) as never,
        newChannel: () => new fake.MessageChannelMain() as never,
        entry: WORKER_ENTRY,
      }),
  );
  const actions = createActions({ dialog: fake.dialog as never, window: () => ({ webContents: contents }) as unknown as BrowserWindow, jobs, currentCase: () => caseDir, openCase: async () => true, quit: () => {} });
  const updates = () => contents.sent.filter(([channel]) => channel === EVENTS.jobProgress).map(([, u]) => u as JobUpdate);
  const messages = () => fake.dialogs.filter((d) => d.kind === 'message').map((d) => d.options as { type: string; message: string });
  return { fake, contents, jobs, actions, updates, messages };
}

describe('stopping a running ingest', () => {
  it('leaves the rest pending, says “Ingest interrupted”, and the same folder added again completes the case', async () => {
    const caseDir = path.join(dir, 'case');
    const main = mainProcess(caseDir);

    // First run: stopped from the menu as soon as the walk has found the files.
    main.fake.openQueue.push([evidence]);
    main.actions.addEvidence();
    await until(() => main.updates().some((u) => u.state === 'running' && u.progress?.phase === 'scan'), 'the walk');
    main.actions.stopIngest();
    await until(() => main.messages().length === 1, 'the interrupted ingest to end', 120_000);
    const first = main.messages()[0]!;
    expect(first.type).toBe('info');
    expect(first.message).toMatch(/^Ingest interrupted: add the same folder again to resume\. \d+ files processed, 0 failed; the case holds 48 files\.$/);
    const processed = Number(/(\d+) files processed/.exec(first.message)![1]);

    // The page heard it all, in order, the end with the dialog's own sentence.
    const updates = main.updates();
    const states = updates.map((u) => u.state);
    expect(states[0]).toBe('running');
    expect(updates[0]).toEqual({ job: 'ingest', state: 'running', progress: null });
    expect(states.filter((s) => s === 'stopping')).toHaveLength(1);
    expect(states.slice(states.indexOf('stopping'))).toEqual(['stopping', 'ended']);
    expect(updates.at(-1)).toEqual({ job: 'ingest', state: 'ended', ok: true, summary: first.message });

    // The files in flight finished; the rest wait in the case for the resume.
    const stopped = countsOf(caseDir);
    expect(stopped.files).toBe(FILES);
    expect(stopped.ok + stopped.failed).toBe(processed);
    expect(stopped.pending).toBe(FILES - processed);
    expect(stopped.pending).toBeGreaterThan(0);
    // No worker outlived the stopped ingest, and nothing is left to stop.
    await until(() => realWorkers.size === 0, 'the workers to exit', 10_000);
    expect(main.jobs.busy).toBe(false);
    main.actions.stopIngest();
    await until(() => main.messages().length === 2, 'the nothing-to-stop dialog');
    expect(main.messages()[1]).toMatchObject({ message: 'No ingest is running.' });

    // Second run, the same folder: only what was pending is processed, and the case is whole.
    main.fake.openQueue.push([evidence]);
    main.actions.addEvidence();
    await until(() => main.messages().length === 3, 'the resumed ingest to end', 120_000);
    expect(main.messages()[2]).toMatchObject({ type: 'info', message: `Ingest complete. ${FILES - processed} files processed, 0 failed; the case holds ${FILES} files.` });
    const resumed = countsOf(caseDir);
    expect(resumed).toMatchObject({ files: FILES, ok: FILES, failed: 0, pending: 0 });
    expect(main.updates().at(-1)).toEqual({ job: 'ingest', state: 'ended', ok: true, summary: main.messages()[2]!.message });
    await until(() => realWorkers.size === 0, 'the workers to exit', 10_000);
  }, 300_000);

  it('keeps a stop that reaches the job host before its job: the ingest starts stopped and says so', async () => {
    const caseDir = path.join(dir, 'case-early-stop');
    // The job host's own port, driven by hand: the stop comes first, the job after it.
    let deliver!: (message: JobHostInbound) => void;
    const posted: JobHostMessage[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    serveJob(
      { postMessage: (m) => void posted.push(m), onMessage: (listener) => void (deliver = (m) => listener(m, [] as MessagePortMain[])) },
      { workersFromMain: false, done: () => done() },
    );
    deliver({ kind: 'stop' });
    deliver({ kind: 'ingest', caseDir, roots: [evidence] });
    await finished;
    const outcome = posted.find((m) => m.kind === 'done');
    expect(outcome).toMatchObject({ kind: 'done', outcome: { ok: true, summary: expect.stringMatching(/^Ingest interrupted: add the same folder again to resume\. 0 files processed/) } });
    // Nothing was processed; what the walk found waits for the resume.
    const counts = countsOf(caseDir);
    expect(counts.ok + counts.failed).toBe(0);
    expect(counts.pending).toBe(counts.files);
    // A stop after the outcome changes nothing and throws nothing.
    expect(() => deliver({ kind: 'stop' })).not.toThrow();
    expect(posted.filter((m) => m.kind === 'done')).toHaveLength(1);
  }, 60_000);
});
