// The preload: bundled into one CommonJS file (scripts/build-preload.mjs), because a sandboxed
// preload may require nothing but 'electron'. Exposes `window.lanterne` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './expose.js';

exposeBridge(contextBridge, ipcRenderer);
