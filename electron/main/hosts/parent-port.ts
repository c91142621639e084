// `process.parentPort` exists only inside an Electron utility process; typed here narrowly so the
// host code needs no 'electron' import (a utility process has no use for the module).
import type { Port } from './host-protocol.js';

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function parentPortOf<In, Out>(): Port<In, Out> {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (!parentPort) throw new Error('Not running in an Electron utility process (no process.parentPort).');
  return {
    postMessage: (message) => parentPort.postMessage(message),
    // Only the main process can post to this port: the data is what it sent.
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as In)),
  };
}
