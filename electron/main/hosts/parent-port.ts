// `process.parentPort` exists only inside an Electron utility process. Only its types come from
// 'electron' (erased at build): a utility process has no use for the module itself.
import type { MessagePortMain, ParentPort } from 'electron';
import type { Port } from './host-protocol.js';

function parentPort(): ParentPort {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!port) throw new Error('Not running in an Electron utility process (no process.parentPort).');
  return port;
}

export function parentPortOf<In, Out>(): Port<In, Out> {
  const port = parentPort();
  return {
    postMessage: (message) => port.postMessage(message),
    // Only the main process can post to this port: the data is what it sent.
    onMessage: (listener) => void port.on('message', (event) => listener(event.data as In)),
  };
}

/** The same, with the MessagePorts main transferred along with each message. */
export interface PortWithTransfers<In, Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: In, ports: MessagePortMain[]) => void): void;
}

export function parentPortWithTransfers<In, Out>(): PortWithTransfers<In, Out> {
  const port = parentPort();
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data as In, event.ports)),
  };
}
