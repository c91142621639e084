// Loaded with --import into a real Node process that stands in for an Electron utility process in
// the shell's tests (worker-utility.ts starts it): gives the process `process.parentPort` and,
// when main's { type: 'connect' } arrives, a MessagePortMain-shaped port, both tunnelled over the
// fork IPC channel. The code under test (the real worker-entry) then runs its Electron branch.
import { EventEmitter } from 'node:events';

type Tunnelled = { kind: 'parent'; data: unknown } | { kind: 'port'; data: unknown } | { kind: 'port-close' };

// Electron's parentPort queues messages until a 'message' handler is registered; so does this one
// (the IPC message can arrive while the entry module is still loading).
const parentPort = new EventEmitter();
const early: unknown[] = [];
parentPort.on('newListener', (event: string) => {
  if (event === 'message' && parentPort.listenerCount('message') === 0) setImmediate(() => early.splice(0).forEach(deliver));
});
function deliver(data: unknown): void {
  if (parentPort.listenerCount('message') === 0) return void early.push(data);
  const isConnect = (data as { type?: string } | null)?.type === 'connect';
  parentPort.emit('message', { data, ports: isConnect ? [port] : [] });
}
// As a MessagePortMain, the port holds what arrives until start(): a worker that forgot to call it
// would hear nothing, here as in Electron.
let started = false;
const held: unknown[] = [];
const port = Object.assign(new EventEmitter(), {
  start() {
    started = true;
    for (const data of held.splice(0)) port.emit('message', { data });
  },
  postMessage(message: unknown) {
    process.send?.(message);
  },
  close() {
    process.disconnect?.();
  },
});

process.on('message', (message: Tunnelled) => {
  if (message.kind === 'parent') deliver(message.data);
  else if (message.kind === 'port') {
    if (started) port.emit('message', { data: message.data });
    else held.push(message.data);
  }
  else port.emit('close');
});
process.on('disconnect', () => port.emit('close'));
Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: true });
