// Copying text for the page. The window's session denies every permission, the clipboard's
// included (security.ts), so navigator.clipboard fails silently in the app; this one narrow
// channel writes plain text through main instead — sender-checked like every IPC handler, its
// input parsed (a bounded string without control characters), errors returned as values.
import type { Clipboard, IpcMain } from 'electron';
import { copyTextInput } from '../../shared/api/desktop.js';
import { fail, ok, type ApiResult } from '../../shared/api/result.js';
import type { SenderCheck } from './ipc.js';
import { SHELL_CHANNELS } from './shell-channels.js';

export function registerClipboard(ipcMain: Pick<IpcMain, 'handle'>, isTrustedSender: SenderCheck, clipboard: Pick<Clipboard, 'writeText'>): void {
  ipcMain.handle(SHELL_CHANNELS.copyText, async (event, raw: unknown): Promise<ApiResult<null>> => {
    if (!isTrustedSender(event)) return fail('UNAUTHORIZED', 'Only Lanterne’s own window may copy to the clipboard.');
    const parsed = copyTextInput.safeParse(raw);
    if (!parsed.success) return fail('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Only text can be copied.');
    try {
      await clipboard.writeText(parsed.data);
      return ok(null);
    } catch (error) {
      return fail('INTERNAL', `The clipboard could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
