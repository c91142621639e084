// What the desktop shell adds beside the API (shared/api/desktop.ts): main's notifications about
// the open case and the running job, and a way to stop an ingest. In a browser on `lanterne serve`
// there is no shell: no jobs run in the page's name there, and these are null.
import type { DesktopEvents, DesktopShell } from '../../../shared/api/desktop.js';

export const desktopEvents: DesktopEvents | null = (typeof window !== 'undefined' && window.lanterne?.events) || null;
export const desktopShell: DesktopShell | null = (typeof window !== 'undefined' && window.lanterne?.desktop) || null;
