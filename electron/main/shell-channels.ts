// Renderer → main channels that are not API methods (the contract's methods live in
// shared/api/methods.ts): what the desktop shell itself does for the page (shared/api/desktop.ts).
// The preload binds one function to each; main registers each behind the same sender check.
export const SHELL_CHANNELS = {
  copyText: 'lanterne:copy-text',
  /** Stop the running ingest; no input (stop-job.ts). */
  stopJob: 'lanterne:stop-job',
} as const;
