// What the desktop shell offers the page beside the API contract: the few things only Electron's
// main process can do for a sandboxed page that is denied every permission (by design: see the
// security region in electron/main/security.ts). The preload implements it as
// `window.lanterne.desktop`; the renderer uses it when present and the browser's own API otherwise.
import { z } from 'zod';
import type { ApiResult } from './result.js';

export interface DesktopShell {
  /** Puts plain text — a hash, a path — on the system clipboard. */
  copyText(text: string): Promise<ApiResult<null>>;
  /**
   * Asks the running ingest to stop: the files in flight finish, the rest stay pending, and adding
   * the same folder again resumes. A BAD_INPUT error value when no ingest is running (an import or
   * export is short, and ends whole or not at all).
   */
  stopJob(): Promise<ApiResult<null>>;
}

/** The desktop shell's long jobs, started from its menus and run in a utility process. */
export type JobKind = 'ingest' | 'hashset' | 'export';

export type JobProgress =
  | { phase: 'scan'; root: string; files: number }
  | { phase: 'process'; done: number; failed: number; total: number }
  | { phase: 'records'; records: number };

/**
 * What main tells the page about the job running in its window (the `onJobProgress` event):
 * `running` when it starts (progress null) and at each progress step, `stopping` once the examiner
 * asked it to stop, `ended` with the same sentence main shows in its dialog.
 */
export type JobUpdate =
  | { job: JobKind; state: 'running'; progress: JobProgress | null }
  | { job: JobKind; state: 'stopping' }
  | { job: JobKind; state: 'ended'; ok: boolean; summary: string };

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

/** Main → page notifications, as the preload exposes them (`window.lanterne.events`). */
export interface DesktopEvents {
  /** The running job's state; returns a function that unsubscribes. */
  onJobProgress(listener: (update: JobUpdate) => void): () => void;
  /** The open case changed (opened, ingested into, a set imported): reload what is shown. */
  onCaseChanged(listener: (change: { reason: string }) => void): () => void;
}
