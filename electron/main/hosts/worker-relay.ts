// The job host's way to start ingest workers inside the desktop app. A job host is a utility
// process and cannot start one itself (only the main process has utilityProcess.fork, and the
// packaged binary's RunAsNode fuse is off, so child_process.fork runs no script). So each
// spawnWorker() asks main for a worker; main forks it and hands back one end of a
// MessageChannelMain whose other end the worker holds. Jobs and results then go straight between
// the job host and the worker; main only relays the worker's exit and kills it on request.
import type { MessagePortMain } from 'electron';
import type { WorkerChannel, WorkerSpawner } from '../../engine/ingest/worker-channel.js';
import type { ParentMessage, WorkerMessage } from '../../engine/ingest/worker-protocol.js';
import type { WorkerNotice, WorkerRequest } from './host-protocol.js';

export interface WorkerRelay {
  spawnWorker: WorkerSpawner;
  /** Feeds a notice from main (with the ports it transferred) to the worker it is about. */
  deliver(notice: WorkerNotice, ports: readonly MessagePortMain[]): void;
}

export function createWorkerRelay(toMain: (request: WorkerRequest) => void): WorkerRelay {
  let nextId = 1;
  const live = new Map<number, RelayedWorker>();
  return {
    spawnWorker(config) {
      const id = nextId++;
      const worker = new RelayedWorker(() => toMain({ kind: 'worker-kill', id }));
      live.set(id, worker);
      toMain({ kind: 'worker-spawn', id, config });
      return worker;
    },
    deliver(notice, ports) {
      const worker = live.get(notice.id);
      if (notice.kind === 'worker-port') {
        const port = ports[0];
        if (worker && port) worker.connect(port);
        else for (const p of ports) p.close(); // a worker already written off
        return;
      }
      live.delete(notice.id);
      worker?.exited(notice.code, notice.stderrTail);
    },
  };
}

class RelayedWorker implements WorkerChannel {
  private port: MessagePortMain | null = null;
  /** Jobs sent before main has handed over the port: they go first, in order. */
  private readonly early: ParentMessage[] = [];
  private readonly messageListeners: ((message: WorkerMessage) => void)[] = [];
  private readonly exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  private closing = false;
  private gone = false;
  private tail = '';

  constructor(private readonly askKill: () => void) {}

  connect(port: MessagePortMain): void {
    if (this.gone || this.port) return void port.close();
    this.port = port;
    port.on('message', (event) => {
      if (this.gone) return;
      for (const listener of this.messageListeners) listener(event.data as WorkerMessage);
    });
    // A MessagePortMain queues what arrives until start().
    port.start();
    for (const message of this.early.splice(0)) port.postMessage(message);
    if (this.closing) port.close();
  }

  exited(code: number, stderrTail: string): void {
    if (this.gone) return;
    this.gone = true;
    this.tail = stderrTail;
    this.port?.close();
    for (const listener of this.exitListeners) listener(code, null);
  }

  send(message: ParentMessage): void {
    if (this.gone || this.closing) return;
    if (this.port) this.port.postMessage(message);
    else this.early.push(message);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  kill(): void {
    if (!this.gone) this.askKill();
  }

  /** The worker sees its port close and exits; main then reports the exit. */
  close(): void {
    this.closing = true;
    this.port?.close();
  }

  stderrTail(): string {
    return this.tail;
  }
}
