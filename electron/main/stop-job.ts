// The page's "Stop" for the running ingest (shared/api/desktop.ts, DesktopShell.stopJob): one
// narrow channel, sender-checked like every IPC handler. It carries no input — which job runs is
// main's to know, not the page's to say — so anything sent along is refused rather than ignored.
// The same stop as the menu's (actions.ts); errors come back as values.
import type { IpcMain } from 'electron';
import { fail, type ApiResult } from '../../shared/api/result.js';
import type { SenderCheck } from './ipc.js';
import { SHELL_CHANNELS } from './shell-channels.js';

/** Asks the running ingest to stop (JobRunner.stop); an error value when there is nothing to stop. */
export type StopJob = () => ApiResult<null>;

export function registerStopJob(ipcMain: Pick<IpcMain, 'handle'>, isTrustedSender: SenderCheck, stop: StopJob): void {
  ipcMain.handle(SHELL_CHANNELS.stopJob, async (event, ...args: unknown[]): Promise<ApiResult<null>> => {
    if (!isTrustedSender(event)) return fail('UNAUTHORIZED', 'Only Lanterne’s own window may stop the running ingest.');
    if (args.some((arg) => arg !== undefined)) return fail('BAD_INPUT', 'Stopping the ingest takes no input.');
    try {
      return stop();
    } catch (error) {
      return fail('INTERNAL', `The ingest could not be asked to stop: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
