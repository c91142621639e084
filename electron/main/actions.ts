// What the menu items do: ask with a native dialog, run the job in its utility process, tell the
// renderer, and say plainly what happened. Paths come only from the examiner's own dialog choices.
import type { BrowserWindow, Dialog } from 'electron';
import { EVENTS } from './event-channels.js';
import type { Job, JobOutcome } from './hosts/host-protocol.js';
import type { JobRunner } from './jobs.js';
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

  async function run(job: Job): Promise<JobOutcome> {
    const outcome = await deps.jobs.run(job, (j, progress) => send(EVENTS.jobProgress, { job: j.kind, progress }));
    if (outcome.ok) {
      send(EVENTS.caseChanged, { reason: job.kind });
      await tell('info', outcome.summary, '');
    } else if (outcome.error.code === 'CASE_LOCKED') {
      const m = lockedCaseMessage(job.caseDir, outcome.error.message);
      await tell('warning', m.message, m.detail);
    } else {
      await tell('error', `The ${job.kind} did not complete.`, outcome.error.message);
    }
    return outcome;
  }

  return {
    newCase: () => void (async () => {
      const [caseDir] = await pick('Choose an empty folder for the new case', ['openDirectory', 'createDirectory']);
      if (!caseDir) return;
      const roots = await pick('Choose the evidence folder(s) to ingest (read only)', ['openDirectory', 'multiSelections']);
      if (roots.length === 0) return;
      const outcome = await run({ kind: 'ingest', caseDir, roots });
      if (outcome.ok) await deps.openCase(caseDir);
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
    quit: () => deps.quit(),
  };
}
