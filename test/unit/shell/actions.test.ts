// What the page hears about a job (JobUpdates on EVENTS.jobProgress) and when: `running` with no
// progress as it starts, `running` at each step, `stopping` once the examiner's stop is accepted,
// `ended` with the dialog's own sentence — all before the dialog, which waits for the examiner.
// The job host is scripted here; stop-ingest.test.ts runs a real one.
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../../shared/api/desktop.js';
import { createActions } from '../../../electron/main/actions.js';
import { EVENTS } from '../../../electron/main/event-channels.js';
import type { JobHostInbound, JobHostMessage, JobOutcome } from '../../../electron/main/hosts/host-protocol.js';
import { JobRunner, type ForkJobHost } from '../../../electron/main/jobs.js';
import { childPortOf, createFakeElectron, FakeUtilityProcess, FakeWebContents } from './fake-electron.js';
import { until } from '../../fixtures/until.js';

const CASE = '/cases/a';
const INTERRUPTED = 'Ingest interrupted: add the same folder again to resume. 4 files processed, 0 failed; the case holds 40 files.';

/** `openCase`: what opening a case in the window answers (app.ts shows its own dialog when false). */
function setup(openCase: (caseDir: string) => Promise<boolean> = async () => true) {
  const fake = createFakeElectron({ userData: '/nonexistent' });
  // One timeline of what the page was sent and when a dialog opened.
  const timeline: (['sent', string, unknown] | ['dialog', { type: string; message: string; detail: string }])[] = [];
  const contents = new FakeWebContents();
  contents.send = (channel: string, payload: unknown) => void timeline.push(['sent', channel, payload]);
  // Dialogs stay open until the test closes them, as a modal waits for the examiner.
  const open: (() => void)[] = [];
  const dialog = {
    ...fake.dialog,
    showMessageBox: (...args: unknown[]) => {
      timeline.push(['dialog', args.at(-1) as { type: string; message: string; detail: string }]);
      return new Promise((resolve) => open.push(() => resolve({ response: 0, checkboxChecked: false })));
    },
  };
  const received: JobHostInbound[] = [];
  let host!: ReturnType<typeof childPortOf<JobHostInbound, JobHostMessage>>;
  const jobs = new JobRunner((() => {
    const child = new FakeUtilityProcess('job-host-entry.js', []);
    host = childPortOf<JobHostInbound, JobHostMessage>(child);
    host.onMessage((m) => received.push(m));
    return child;
  }) as unknown as ForkJobHost);
  const actions = createActions({
    dialog: dialog as never,
    window: () => ({ webContents: contents }) as unknown as BrowserWindow,
    jobs,
    currentCase: () => CASE,
    openCase,
    quit: () => {},
  });
  const updates = () => timeline.filter((t) => t[0] === 'sent' && t[1] === EVENTS.jobProgress).map((t) => t[2] as JobUpdate);
  const dialogs = () => timeline.filter((t) => t[0] === 'dialog').map((t) => t[1] as { type: string; message: string; detail: string });
  return {
    fake,
    actions,
    jobs,
    received,
    timeline,
    updates,
    dialogs,
    closeDialogs: () => open.splice(0).forEach((close) => close()),
    host: {
      progress: (progress: Extract<JobHostMessage, { kind: 'progress' }>['progress']) => host.postMessage({ kind: 'progress', progress }),
      done: (outcome: JobOutcome) => host.postMessage({ kind: 'done', outcome }),
    },
  };
}

describe('the job updates main sends the page', () => {
  it('sends running (no progress), running at each step, then ended with the dialog’s sentence, before the dialog', async () => {
    const t = setup();
    t.fake.openQueue.push(['/evidence']);
    t.actions.addEvidence();
    await until(() => t.received.length === 1, 'the job to reach its host');
    expect(t.received).toEqual([{ kind: 'ingest', caseDir: CASE, roots: ['/evidence'] }]);
    t.host.progress({ phase: 'scan', root: '/evidence', files: 40 });
    t.host.progress({ phase: 'process', done: 12, failed: 1, total: 40 });
    t.host.done({ ok: true, summary: 'Ingest complete. 40 files processed, 1 failed; the case holds 40 files.' });
    await until(() => t.dialogs().length === 1, 'the dialog');
    // The dialog is still open (the examiner has not answered): the page already knows it ended.
    expect(t.timeline).toEqual([
      ['sent', EVENTS.jobProgress, { job: 'ingest', state: 'running', progress: null }],
      ['sent', EVENTS.jobProgress, { job: 'ingest', state: 'running', progress: { phase: 'scan', root: '/evidence', files: 40 } }],
      ['sent', EVENTS.jobProgress, { job: 'ingest', state: 'running', progress: { phase: 'process', done: 12, failed: 1, total: 40 } }],
      ['sent', EVENTS.jobProgress, { job: 'ingest', state: 'ended', ok: true, summary: 'Ingest complete. 40 files processed, 1 failed; the case holds 40 files.' }],
      ['sent', EVENTS.caseChanged, { reason: 'ingest' }],
      ['dialog', expect.objectContaining({ type: 'info', message: 'Ingest complete. 40 files processed, 1 failed; the case holds 40 files.' })],
    ]);
    t.closeDialogs();
  });

  it('sends stopping once when the menu’s stop is accepted, nothing “running” after it, then the interrupted end', async () => {
    const t = setup();
    t.fake.openQueue.push(['/evidence']);
    t.actions.addEvidence();
    await until(() => t.received.length === 1, 'the job to reach its host');
    t.host.progress({ phase: 'process', done: 2, failed: 0, total: 40 });
    await until(() => t.updates().length === 2, 'the first progress');
    t.actions.stopIngest();
    t.actions.stopIngest();
    await until(() => t.received.length === 2, 'the stop to reach the host');
    expect(t.received[1]).toEqual({ kind: 'stop' });
    // The files in flight finish: their progress does not turn the page back to "running".
    t.host.progress({ phase: 'process', done: 4, failed: 0, total: 40 });
    t.host.done({ ok: true, summary: INTERRUPTED });
    await until(() => t.dialogs().length === 1, 'the dialog');
    expect(t.updates()).toEqual([
      { job: 'ingest', state: 'running', progress: null },
      { job: 'ingest', state: 'running', progress: { phase: 'process', done: 2, failed: 0, total: 40 } },
      { job: 'ingest', state: 'stopping' },
      { job: 'ingest', state: 'ended', ok: true, summary: INTERRUPTED },
    ]);
    // Only the ingest's own dialog: an accepted stop needs none.
    expect(t.dialogs()).toEqual([expect.objectContaining({ type: 'info', message: INTERRUPTED })]);
    expect(t.received).toHaveLength(2);
    t.closeDialogs();
  });

  it('says in a dialog when there is nothing to stop, or the job cannot be stopped, and tells the page nothing', async () => {
    const t = setup();
    t.actions.stopIngest();
    await until(() => t.dialogs().length === 1, 'the no-ingest dialog');
    expect(t.dialogs()[0]).toMatchObject({ type: 'info', message: 'No ingest is running.' });
    t.closeDialogs();
    t.fake.openQueue.push(['/sets/known.md5']);
    t.actions.importHashSet();
    await until(() => t.received.length === 1, 'the import to reach its host');
    t.actions.stopIngest();
    await until(() => t.dialogs().length === 2, 'the cannot-stop dialog');
    expect(t.dialogs()[1]).toMatchObject({ type: 'info', message: 'An import cannot be stopped; it ends whole or not at all.' });
    expect(t.received).toEqual([{ kind: 'hashset', caseDir: CASE, file: '/sets/known.md5' }]);
    expect(t.updates()).toEqual([{ job: 'hashset', state: 'running', progress: null }]);
    t.closeDialogs();
  });

  it('ends a failed job with the dialog’s words, and sends no caseChanged', async () => {
    const t = setup();
    t.fake.openQueue.push(['/sets/bad.json']);
    t.actions.importHashSet();
    await until(() => t.received.length === 1, 'the import to reach its host');
    t.host.done({ ok: false, error: { code: 'BAD_INPUT', message: 'Not a VICS file: missing `value` array at top level.' } });
    await until(() => t.dialogs().length === 1, 'the dialog');
    expect(t.timeline).toEqual([
      ['sent', EVENTS.jobProgress, { job: 'hashset', state: 'running', progress: null }],
      ['sent', EVENTS.jobProgress, { job: 'hashset', state: 'ended', ok: false, summary: 'The hash-set import did not complete. Not a VICS file: missing `value` array at top level.' }],
      ['dialog', { type: 'error', message: 'The hash-set import did not complete.', detail: 'Not a VICS file: missing `value` array at top level.', buttons: ['OK'] }],
    ]);
    t.closeDialogs();
  });

  it('tells the page nothing about a job refused because another runs: it goes on showing the one running', async () => {
    const t = setup();
    t.fake.openQueue.push(['/evidence']);
    t.actions.addEvidence();
    await until(() => t.received.length === 1, 'the ingest to reach its host');
    t.fake.openQueue.push(['/sets/known.md5']);
    t.actions.importHashSet();
    await until(() => t.dialogs().length === 1, 'the refusal');
    expect(t.dialogs()[0]).toMatchObject({ type: 'error', detail: expect.stringContaining('still running') });
    expect(t.updates()).toEqual([{ job: 'ingest', state: 'running', progress: null }]);
    t.closeDialogs();
  });

  it('opens a new case in the window as soon as its ingest has made it, and once more at the end only if that failed', async () => {
    for (const earlyOpenWorks of [true, false]) {
      const opened: string[] = [];
      const t = setup(async (caseDir) => {
        opened.push(caseDir);
        return earlyOpenWorks || opened.length > 1;
      });
      t.fake.openQueue.push(['/cases/new'], ['/evidence']);
      t.actions.newCase();
      await until(() => t.received.length === 1, 'the ingest to reach its host');
      expect(t.received).toEqual([{ kind: 'ingest', caseDir: '/cases/new', roots: ['/evidence'] }]);
      expect(opened).toEqual([]); // the case folder is not a case until the ingest has made it
      t.host.progress({ phase: 'scan', root: '/evidence', files: 10 });
      await until(() => opened.length === 1, 'the case to open while the ingest runs');
      t.host.progress({ phase: 'process', done: 5, failed: 0, total: 10 });
      t.host.done({ ok: true, summary: 'Ingest complete. 10 files processed, 0 failed; the case holds 10 files.' });
      await until(() => t.dialogs().length === 1, 'the dialog');
      t.closeDialogs();
      await until(() => opened.length === (earlyOpenWorks ? 1 : 2), 'the open at the end');
      await new Promise((r) => setTimeout(r, 20));
      expect(opened).toEqual(earlyOpenWorks ? ['/cases/new'] : ['/cases/new', '/cases/new']);
    }
  });
});
