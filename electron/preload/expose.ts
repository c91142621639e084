import type { ContextBridge, IpcRenderer } from 'electron';
import { buildBridge } from './bridge.js';

/** The one name the page sees. */
export const BRIDGE_NAME = 'lanterne';

export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): void {
  contextBridge.exposeInMainWorld(BRIDGE_NAME, buildBridge(ipc));
}
