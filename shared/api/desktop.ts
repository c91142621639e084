// What the desktop shell offers the page beside the API contract: the few things only Electron's
// main process can do for a sandboxed page that is denied every permission (by design: see the
// security region in electron/main/security.ts). The preload implements it as
// `window.lanterne.desktop`; the renderer uses it when present and the browser's own API otherwise.
import { z } from 'zod';
import type { ApiResult } from './result.js';

export interface DesktopShell {
  /** Puts plain text — a hash, a path — on the system clipboard. */
  copyText(text: string): Promise<ApiResult<null>>;
}

/** Far above a SHA-256 (64) or a long evidence path; a page cannot fill the clipboard with megabytes. */
export const MAX_COPY_CHARS = 4096;

/**
 * Text only, no control characters: the values copied come from seized files, and an escape
 * sequence or a carriage return hidden in one would travel with it into a terminal or a report.
 */
export const copyTextInput = z
  .string()
  .min(1, 'Nothing to copy.')
  .max(MAX_COPY_CHARS, `At most ${MAX_COPY_CHARS} characters can be copied.`)
  .refine((text) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), 'The text holds control characters; it was not copied.');
