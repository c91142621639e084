// The one IPC registration (STYLE.md habit 4): one ipcMain.handle per API method, built from the
// contract's method list, so a method added to shared/api is registered without editing this file.
// Every call is checked before anything else runs: the sender must be the main frame of our own
// window, showing our own origin; then the input is parsed by the method's schema. Failures come
// back as values, never as throws (a throw would cross IPC as an Error with a stack).
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API, type ApiMethod } from '../../shared/api/methods.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { parseInput } from '../../shared/api/schemas.js';
import { isAppUrl } from './app-origin.js';

/** The IPC channel of a method: the method's own name (shared/api/methods.ts). */
export const channelFor = (method: ApiMethod): string => method;

export const API_METHODS: readonly ApiMethod[] = Object.values(API);

/** Calls a method with input its schema has already parsed. */
export type ApiCaller = (method: ApiMethod, input: unknown) => Promise<ApiResult<unknown>>;

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

/**
 * The sender is trusted when it is our window's WebContents, the frame is that window's main frame
 * (not an iframe), and the frame shows our app origin — as VS Code's validatedIpcMain checks.
 */
export function ownWindowSender(getContents: () => WebContents | null): SenderCheck {
  return (event) => {
    const contents = getContents();
    if (!contents || contents.isDestroyed() || event.sender.id !== contents.id) return false;
    const frame = event.senderFrame;
    // Compared by token, not object identity: Electron may hand out a fresh wrapper per event.
    if (!frame || frame.detached || frame.parent !== null || frame.frameToken !== contents.mainFrame.frameToken) return false;
    return isAppUrl(frame.url);
  };
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, isTrustedSender: SenderCheck, call: ApiCaller): void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelFor(method), async (event, raw: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event)) return fail('UNAUTHORIZED', `${method} may only be called by Lanterne's own window.`);
      const parsed = parseInput(method, raw);
      if (!parsed.ok) return fail('BAD_INPUT', parsed.message);
      try {
        return await call(method, parsed.value);
      } catch (error) {
        return fail('INTERNAL', `Lanterne could not answer ${method}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
}
