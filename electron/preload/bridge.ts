// What the preload exposes, built from the contract's method list: one function per method, each
// bound to its own fixed channel, taking only that method's input. Nothing generic — the page can
// never name a channel (STYLE.md habit 5; the grep check in scripts/check-shell-security.mjs).
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ApiClient } from '../../shared/api/contract.js';
import { API } from '../../shared/api/methods.js';
import { EVENTS } from '../main/event-channels.js';

export interface LanterneEvents {
  /** Progress of a running ingest, import or export; returns a function that unsubscribes. */
  onJobProgress(listener: (update: unknown) => void): () => void;
  /** The open case changed: reload what is shown. */
  onCaseChanged(listener: (change: unknown) => void): () => void;
}

export interface LanterneBridge {
  api: ApiClient;
  events: LanterneEvents;
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

function subscription(ipc: Listen, channel: string) {
  return (listener: (payload: unknown) => void) => {
    // The page's listener never sees the IPC event (it carries `sender`, a way back into IPC).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipc.on(channel, wrapped);
    return () => void ipc.removeListener(channel, wrapped);
  };
}

export function buildEvents(ipc: Listen): LanterneEvents {
  return Object.freeze({ onJobProgress: subscription(ipc, EVENTS.jobProgress), onCaseChanged: subscription(ipc, EVENTS.caseChanged) });
}

export function buildBridge(ipc: Invoke & Listen): LanterneBridge {
  return Object.freeze({ api: buildApi(ipc), events: buildEvents(ipc) });
}
