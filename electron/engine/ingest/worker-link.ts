// The worker's end of its channel to the pool, whichever way the worker was started:
//   forked by plain Node    process.send / process.on('message'); the pool disconnecting = close;
//   an Electron utility     process.parentPort brings one { type: 'connect' } message carrying a
//   process                 MessagePort whose other end is held by the pool in the job host; the
//                           port closing (pool closed, job host gone) = close.
// One protocol either way (worker-protocol.ts). Electron's types are not imported here — the
// engine never imports 'electron' — so the shapes below are structural, and
// electron/main/electron-shapes.ts checks Electron's own ParentPort and MessagePortMain fit them.
import type { ConnectMessage, ParentMessage, WorkerMessage } from './worker-protocol.js';

/** The part of a MessagePortMain (as received in a utility process) the worker uses. */
export interface WorkerPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

/** The part of Electron's `process.parentPort` the worker uses. */
export interface UtilityParentPort {
  once(event: 'message', listener: (event: { data: unknown; ports: WorkerPort[] }) => void): unknown;
}

export interface WorkerLink {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: ParentMessage) => void): void;
  /** The pool closed the channel or is gone: the worker has nothing more to do. */
  onClose(listener: () => void): void;
}

type WorkerProcess = Pick<NodeJS.Process, 'send' | 'on'> & { parentPort?: UtilityParentPort };

/** The link to the pool, or null when this process was started with neither channel. */
export function linkToPool(proc: WorkerProcess = process as WorkerProcess): WorkerLink | null {
  if (proc.parentPort) return utilityLink(proc.parentPort);
  const send = proc.send?.bind(proc);
  if (!send) return null;
  return {
    send: (message) => void send(message),
    onMessage: (listener) => void proc.on('message', (message) => listener(message as ParentMessage)),
    onClose: (listener) => void proc.on('disconnect', listener),
  };
}

function utilityLink(parentPort: UtilityParentPort): WorkerLink {
  // What the worker says before its port arrives (its 'ready') waits here, in order.
  let port: WorkerPort | null = null;
  const early: WorkerMessage[] = [];
  const messageListeners: ((message: ParentMessage) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  parentPort.once('message', (event) => {
    const given = event.ports[0];
    if ((event.data as ConnectMessage | null)?.type !== 'connect' || !given) {
      // Only main can post here, and it sends nothing else; treat anything else as no pool.
      for (const listener of closeListeners) listener();
      return;
    }
    port = given;
    given.on('message', (e) => {
      for (const listener of messageListeners) listener(e.data as ParentMessage);
    });
    given.once('close', () => {
      for (const listener of closeListeners) listener();
    });
    // A MessagePortMain queues what arrives until start().
    given.start();
    for (const message of early.splice(0)) given.postMessage(message);
  });
  return {
    send: (message) => (port ? port.postMessage(message) : void early.push(message)),
    onMessage: (listener) => void messageListeners.push(listener),
    onClose: (listener) => void closeListeners.push(listener),
  };
}
