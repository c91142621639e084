// The main process's half of the ingest workers inside the desktop app (the job host's half is
// hosts/worker-relay.ts). A job host asks for a worker; main forks worker-entry as a utility
// process — the one way left to run a Node script once the RunAsNode fuse is off — gives it one end
// of a MessageChannelMain and the job host the other, relays its exit with the tail of its stderr,
// and kills it on request or when the job host goes. Main never sees jobs or results.
import type { MessageChannelMain, UtilityProcess } from 'electron';
import { z } from 'zod';
import { keepStderrTail } from '../engine/ingest/worker-channel.js';
import { WORKER_CONFIG_ENV, type ConnectMessage } from '../engine/ingest/worker-protocol.js';
import type { WorkerNotice, WorkerRequest } from './hosts/host-protocol.js';

type WorkerProcess = Pick<UtilityProcess, 'once' | 'postMessage' | 'kill' | 'pid' | 'stderr'>;

export interface WorkerProcessDeps {
  /** utilityProcess.fork */
  fork: (modulePath: string, args: string[], options: Electron.ForkOptions) => WorkerProcess;
  /** new MessageChannelMain() */
  newChannel: () => Pick<MessageChannelMain, 'port1' | 'port2'>;
  /** The built worker-entry.js; never a path from a message. */
  entry: string;
}

/** The job host's end: notices go to it with the ports they transfer. */
export type JobHostEnd = Pick<UtilityProcess, 'postMessage'>;

/** Far above one worker per core; stops a confused job host from forking without end. */
export const MAX_WORKERS_PER_JOB = 64;
/** How long a worker asked to stop may take before it is killed outright. */
const KILL_GRACE_MS = 2000;

// The job host is our own code, but it handles hostile files: what it asks for is checked.
const spawnRequest = z.strictObject({
  kind: z.literal('worker-spawn'),
  id: z.number().int().nonnegative(),
  config: z.strictObject({
    thumbsDir: z.string().min(1).max(4096),
    maxPixels: z.number().positive(),
    inMemoryLimit: z.number().int().positive(),
    hashOnly: z.boolean(),
  }),
});
const killRequest = z.strictObject({ kind: z.literal('worker-kill'), id: z.number().int().nonnegative() });

export function isWorkerRequest(message: { kind: string }): message is WorkerRequest {
  return message.kind === 'worker-spawn' || message.kind === 'worker-kill';
}

interface Live {
  child: WorkerProcess;
  gone: boolean;
  killTimer: NodeJS.Timeout | null;
}

/** The workers of one job host. */
export class WorkerProcesses {
  private readonly live = new Map<number, Live>();
  private jobHostGone = false;

  constructor(
    private readonly jobHost: JobHostEnd,
    private readonly deps: WorkerProcessDeps,
  ) {}

  get count(): number {
    return this.live.size;
  }

  handle(request: unknown): void {
    const kill = killRequest.safeParse(request);
    if (kill.success) return this.kill(kill.data.id);
    const spawn = spawnRequest.safeParse(request);
    if (!spawn.success) return; // not a request this side knows; nothing to answer
    const { id, config } = spawn.data;
    if (this.jobHostGone) return;
    if (this.live.has(id)) return this.notify({ kind: 'worker-exit', id, code: -1, stderrTail: `worker ${id} is already running` });
    if (this.live.size >= MAX_WORKERS_PER_JOB) {
      return this.notify({ kind: 'worker-exit', id, code: -1, stderrTail: `refused: more than ${MAX_WORKERS_PER_JOB} workers at once` });
    }
    let child: WorkerProcess;
    try {
      child = this.deps.fork(this.deps.entry, [], {
        serviceName: 'Lanterne ingest worker',
        // stdin must be 'ignore' for a utility process; stderr is kept to explain a crash.
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
      });
    } catch (error) {
      return this.notify({ kind: 'worker-exit', id, code: -1, stderrTail: `could not start a worker: ${error instanceof Error ? error.message : String(error)}` });
    }
    const entry: Live = { child, gone: false, killTimer: null };
    this.live.set(id, entry);
    const stderrTail = keepStderrTail(child.stderr);
    child.once('exit', (code) => {
      entry.gone = true;
      if (entry.killTimer) clearTimeout(entry.killTimer);
      this.live.delete(id);
      this.notify({ kind: 'worker-exit', id, code, stderrTail: stderrTail() });
    });
    // Messages posted before the process has spawned are queued for it, as for its parentPort.
    const { port1, port2 } = this.deps.newChannel();
    child.postMessage({ type: 'connect' } satisfies ConnectMessage, [port1]);
    this.notify({ kind: 'worker-port', id }, [port2]);
  }

  /** Stops every worker of this job host (it exited, or the app quits). */
  killAll(): void {
    this.jobHostGone = true;
    for (const id of [...this.live.keys()]) this.kill(id);
  }

  private kill(id: number): void {
    const entry = this.live.get(id);
    if (!entry || entry.gone || entry.killTimer) return;
    // kill() is SIGTERM on POSIX; a worker stuck in native code that somehow survives it is
    // killed outright (its pid is the OS process; Electron still reports its exit).
    entry.child.kill();
    entry.killTimer = setTimeout(() => {
      const pid = entry.child.pid;
      if (entry.gone || pid === undefined) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, KILL_GRACE_MS);
    entry.killTimer.unref();
  }

  private notify(notice: WorkerNotice, transfer: Electron.MessagePortMain[] = []): void {
    if (this.jobHostGone) {
      for (const port of transfer) port.close();
      return;
    }
    try {
      this.jobHost.postMessage(notice, transfer);
    } catch {
      // The job host is going; its exit handling calls killAll().
    }
  }
}
