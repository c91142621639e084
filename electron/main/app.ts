// App lifecycle, kept thin: everything it wires lives in its own small file and takes the parts
// of Electron it uses by injection (tests pass test/unit/shell/fake-electron.ts).
//   before ready: single-instance lock, sandbox for every renderer, the privileged scheme, and
//                 the denials for every WebContents ever created;
//   when ready:   the session's denials, file:// refused, lanterne:// served, the IPC methods
//                 and the shell's channels (copy text, stop the ingest) registered once, the
//                 window, the menu, and the case named on the command line.
import type * as Electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STATIC_DIR } from '../server/static-files.js';
import { createActions } from './actions.js';
import { caseFromArgv } from './argv.js';
import { registerClipboard } from './clipboard.js';
import { CaseSession } from './case-session.js';
import { EVENTS } from './event-channels.js';
import { ownWindowSender, registerIpc } from './ipc.js';
import { JobRunner } from './jobs.js';
import { menuTemplate, type MenuActions } from './menu.js';
import { caseOpenFailedMessage, lockedCaseMessage } from './messages.js';
import { createProtocolHandler, PRIVILEGED_SCHEME, registerAppProtocol } from './protocol.js';
import { readRecent, rememberRecent } from './recent-cases.js';
import { hardenAllContents, hardenSession, refuseFileProtocol } from './security.js';
import { registerStopJob } from './stop-job.js';
import { CASE_HOST_ENTRY, JOB_HOST_ENTRY, WORKER_ENTRY } from './utility-port.js';
import { createMainWindow } from './window.js';
import { WorkerProcesses } from './worker-processes.js';

export type ElectronMain = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'Menu' | 'dialog' | 'utilityProcess' | 'MessageChannelMain' | 'clipboard'>;

export interface AppPaths {
  preload: string;
  rendererDir: string;
  caseHostEntry: string;
  jobHostEntry: string;
  workerEntry: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const BUILT_PATHS: AppPaths = {
  preload: path.join(here, '..', 'preload', 'preload.cjs'),
  rendererDir: DEFAULT_STATIC_DIR,
  caseHostEntry: CASE_HOST_ENTRY,
  jobHostEntry: JOB_HOST_ENTRY,
  workerEntry: WORKER_ENTRY,
};

export async function startApp(electron: ElectronMain, paths: AppPaths = BUILT_PATHS, argv: readonly string[] = process.argv): Promise<void> {
  const { app, BrowserWindow, ipcMain, protocol, session, Menu, dialog, utilityProcess, MessageChannelMain, clipboard } = electron;
  if (!app.requestSingleInstanceLock()) {
    // Another Lanterne is running: it receives our argv ('second-instance') and opens the case.
    app.quit();
    return;
  }
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([PRIVILEGED_SCHEME]);
  hardenAllContents(app);

  let win: Electron.BrowserWindow | null = null;
  const cases = new CaseSession((caseDir) => utilityProcess.fork(paths.caseHostEntry, [caseDir], { serviceName: 'Lanterne case', stdio: 'inherit' }));
  // An ingest's workers are utility processes too, forked here for the job host: in the packaged
  // app (RunAsNode fuse off) the job host cannot start a Node script itself.
  const jobs = new JobRunner(
    () => utilityProcess.fork(paths.jobHostEntry, [], { serviceName: 'Lanterne job', stdio: 'inherit' }),
    (jobHost) => new WorkerProcesses(jobHost, { fork: (entry, args, options) => utilityProcess.fork(entry, args, options), newChannel: () => new MessageChannelMain(), entry: paths.workerEntry }),
  );
  const userData = () => app.getPath('userData');

  async function openCase(caseDir: string): Promise<boolean> {
    const opened = await cases.open(caseDir);
    if (!opened.ok) {
      const m = opened.code === 'CASE_LOCKED' ? lockedCaseMessage(caseDir, opened.message) : caseOpenFailedMessage(caseDir, opened.message);
      await dialog.showMessageBox({ type: 'error', message: m.message, detail: m.detail, buttons: ['OK'] });
      return false;
    }
    rememberRecent(userData(), caseDir);
    win?.setTitle(`${opened.caseName} — Lanterne`);
    setMenu();
    if (win && !win.webContents.isDestroyed()) win.webContents.send(EVENTS.caseChanged, { reason: 'opened' });
    return true;
  }

  const actions: MenuActions = createActions({ dialog, window: () => win, jobs, currentCase: () => cases.caseDir, openCase, quit: () => app.quit() });
  const setMenu = () => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, readRecent(userData()), cases.caseDir !== null, process.platform === 'darwin')));

  app.on('second-instance', (_event, secondArgv, workingDirectory) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const caseDir = caseFromArgv(secondArgv, workingDirectory);
    if (caseDir) void openCase(caseDir);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => cases.close());

  await app.whenReady();
  hardenSession(session.defaultSession);
  refuseFileProtocol(protocol);
  registerAppProtocol(protocol, createProtocolHandler({ rendererDir: paths.rendererDir, image: (view, id) => cases.image(view, id) }));
  const ownWindow = ownWindowSender(() => win?.webContents ?? null);
  registerIpc(ipcMain, ownWindow, (method, input) => cases.call(method, input));
  registerClipboard(ipcMain, ownWindow, clipboard);
  // The same stop as the menu's: the 'stopping' update reaches the page through the running job (actions.ts).
  registerStopJob(ipcMain, ownWindow, () => jobs.stop());
  win = createMainWindow(BrowserWindow, paths.preload);
  win.on('closed', () => (win = null));
  setMenu();
  const initial = caseFromArgv(argv, process.cwd());
  if (initial) await openCase(initial);
}
