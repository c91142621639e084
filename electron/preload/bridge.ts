// What the preload exposes, built from the contract's method list: one function per method, each
// bound to its own fixed channel, taking only that method's input. Nothing generic — the page can
// never name a channel (STYLE.md habit 5; the grep check in scripts/check-shell-security.mjs).
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ApiClient } from '../../shared/api/contract.js';
import type { DesktopEvents, DesktopShell, JobUpdate } from '../../shared/api/desktop.js';
import { API } from '../../shared/api/methods.js';
import { EVENTS } from '../main/event-channels.js';
import { SHELL_CHANNELS } from '../main/shell-channels.js';

export interface LanterneBridge {
  api: ApiClient;
  /** Main → page notifications (shared/api/desktop.ts). */
  events: DesktopEvents;
  /** What the shell does for the page that a sandboxed page may not (shared/api/desktop.ts). */
  desktop: DesktopShell;
}

type Invoke = Pick<IpcRenderer, 'invoke'>;
type Listen = Pick<IpcRenderer, 'on' | 'removeListener'>;

export function buildApi(ipc: Invoke): ApiClient {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.values(API)) {
    // The channel is fixed when the function is made; only the input crosses from the page.
    api[method] = (input: unknown) => ipc.invoke(method, input);
  }
  return Object.freeze(api) as unknown as ApiClient;
}

/** `Payload`: what main sends on the channel (event-channels.ts); only main can send to the page. */
function subscription<Payload>(ipc: Listen, channel: string) {
  return (listener: (payload: Payload) => void) => {
    // The page's listener never sees the IPC event (it carries `sender`, a way back into IPC).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as Payload);
    ipc.on(channel, wrapped);
    return () => void ipc.removeListener(channel, wrapped);
  };
}

export function buildEvents(ipc: Listen): DesktopEvents {
  return Object.freeze({
    onJobProgress: subscription<JobUpdate>(ipc, EVENTS.jobProgress),
    onCaseChanged: subscription<{ reason: string }>(ipc, EVENTS.caseChanged),
  });
}

export function buildDesktop(ipc: Invoke): DesktopShell {
  return Object.freeze({
    // Fixed channels. Only copyText's text crosses from the page, and main parses it; stopJob
    // sends nothing — main knows which job runs.
    copyText: (text: string) => ipc.invoke(SHELL_CHANNELS.copyText, text),
    stopJob: () => ipc.invoke(SHELL_CHANNELS.stopJob),
  });
}

export function buildBridge(ipc: Invoke & Listen): LanterneBridge {
  return Object.freeze({ api: buildApi(ipc), events: buildEvents(ipc), desktop: buildDesktop(ipc) });
}
