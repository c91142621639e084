// What the menu items do: ask with a native dialog, run the job in its utility process, tell the
// renderer, and say plainly what happened. Paths come only from the examiner's own dialog choices.
// The page follows the job through JobUpdates (shared/api/desktop.ts) on EVENTS.jobProgress:
// running → (stopping) → ended, the end sent before the dialog, which waits for the examiner.
import type { BrowserWindow, Dialog } from 'electron';
import type { JobUpdate } from '../../shared/api/desktop.js';
import { EVENTS } from './event-channels.js';
import type { Job, JobOutcome } from './hosts/host-protocol.js';
import { JOB_NAMES, type JobRunner } from './jobs.js';
import type { MenuActions } from './menu.js';
import { lockedCaseMessage } from './messages.js';

export interface ActionDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  window: () => BrowserWindow | null;
  jobs: JobRunner;
  currentCase: () => string | null;
  /** Opens a case in the window (and remembers it); resolves false when it could not. */
  openCase: (caseDir: string) => Promise<boolean>;
  quit: () => void;
}

export function createActions(deps: ActionDeps): MenuActions {
  const win = () => deps.window() ?? undefined;
  const send = (channel: string, payload: unknown) => {
    const contents = deps.window()?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };

  async function pick(title: string, properties: ('openDirectory' | 'openFile' | 'createDirectory' | 'multiSelections')[]): Promise<string[]> {
    const w = win();
    const options = { title, properties };
    const result = w ? await deps.dialog.showOpenDialog(w, options) : await deps.dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  }

  async function tell(type: 'info' | 'error' | 'warning', message: string, detail: string): Promise<void> {
    const w = win();
    const options = { type, message, detail, buttons: ['OK'] };
    if (w) await deps.dialog.showMessageBox(w, options);
    else await deps.dialog.showMessageBox(options);
  }

  const update = (u: JobUpdate) => send(EVENTS.jobProgress, u);

  /** `onFirstProgress`: called once, when the job first reports progress (an ingest's case then exists). */
  async function run(job: Job, onFirstProgress?: () => void): Promise<JobOutcome> {
    // A job refused because another runs tells only its dialog: the page goes on showing the one
    // that runs, whose updates these would overwrite.
    const refused = deps.jobs.busy;
    let stopping = false;
    let progressed = false;
    if (!refused) update({ job: job.kind, state: 'running', progress: null });
    const outcome = await deps.jobs.run(
      job,
      // Once stopping, the page stays there until the end: the last files' progress would read as "running" again.
      (j, progress) => {
        if (!progressed) {
          progressed = true;
          onFirstProgress?.();
        }
        if (!stopping) update({ job: j.kind, state: 'running', progress });
      },
      (j) => {
        stopping = true;
        update({ job: j.kind, state: 'stopping' });
      },
    );
    const shown = dialogFor(job, outcome);
    if (!refused) update({ job: job.kind, state: 'ended', ok: outcome.ok, summary: [shown.message, shown.detail].filter(Boolean).join(' ') });
    if (outcome.ok) send(EVENTS.caseChanged, { reason: job.kind });
    await tell(shown.type, shown.message, shown.detail);
    return outcome;
  }

  return {
    newCase: () => void (async () => {
      const [caseDir] = await pick('Choose an empty folder for the new case', ['openDirectory', 'createDirectory']);
      if (!caseDir) return;
      const roots = await pick('Choose the evidence folder(s) to ingest (read only)', ['openDirectory', 'multiSelections']);
      if (roots.length === 0) return;
      // The case opens in the window as soon as the ingest has made it, not when it ends: the
      // examiner can review what is new while the rest is hashed (the case host reads it read-only,
      // and the overview follows the running ingest).
      let opened: Promise<boolean> | null = null;
      const outcome = await run({ kind: 'ingest', caseDir, roots }, () => (opened = deps.openCase(caseDir)));
      if (outcome.ok && !(await (opened ?? Promise.resolve(false)))) await deps.openCase(caseDir);
    })(),
    openCase: () => void (async () => {
      const [caseDir] = await pick('Open a case folder', ['openDirectory']);
      if (caseDir) await deps.openCase(caseDir);
    })(),
    openRecent: (caseDir) => void deps.openCase(caseDir),
    addEvidence: () => void (async () => {
      const caseDir = deps.currentCase();
      if (!caseDir) return;
      const roots = await pick('Add evidence folder(s) to this case (read only)', ['openDirectory', 'multiSelections']);
      if (roots.length) await run({ kind: 'ingest', caseDir, roots });
    })(),
    importHashSet: () => void (async () => {
      const caseDir = deps.currentCase();
      if (!caseDir) return;
      const [file] = await pick('Import a hash set (VICS JSON, NSRL, hashdeep, md5sum, CSV…)', ['openFile']);
      if (file) await run({ kind: 'hashset', caseDir, file });
    })(),
    exportCase: (format) => void (async () => {
      const caseDir = deps.currentCase();
      if (!caseDir) return;
      const w = win();
      const options = { title: `Export the case as ${format.toUpperCase()}`, defaultPath: `lanterne-export.${format}` };
      const result = w ? await deps.dialog.showSaveDialog(w, options) : await deps.dialog.showSaveDialog(options);
      if (!result.canceled && result.filePath) await run({ kind: 'export', caseDir, format, out: result.filePath });
    })(),
    stopIngest: () => void (async () => {
      const stopped = deps.jobs.stop();
      // Accepted: the page shows "stopping" and the ingest's own dialog follows when it ends.
      if (!stopped.ok) await tell('info', stopped.error.message, '');
    })(),
    quit: () => deps.quit(),
  };
}

/** What the examiner is told when a job ends: its summary, a locked case explained, or why it failed. */
function dialogFor(job: Job, outcome: JobOutcome): { type: 'info' | 'error' | 'warning'; message: string; detail: string } {
  if (outcome.ok) return { type: 'info', message: outcome.summary, detail: '' };
  if (outcome.error.code === 'CASE_LOCKED') return { type: 'warning', ...lockedCaseMessage(job.caseDir, outcome.error.message) };
  return { type: 'error', message: `The ${JOB_NAMES[job.kind]} did not complete.`, detail: outcome.error.message };
}
