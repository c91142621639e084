// How the pool reaches one worker process. The pool's rules (time limits, crash replacement,
// prefetch) do not depend on who starts the process: plain Node (the CLI, `lanterne serve`, tests)
// forks it here; the Electron job host cannot — with the RunAsNode fuse off, child_process.fork of
// the Electron binary runs no Node script — so it asks the main process for a utility process
// (electron/main/hosts/worker-relay.ts). Both speak worker-protocol.ts.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_CONFIG_ENV, type ParentMessage, type WorkerConfig, type WorkerMessage } from './worker-protocol.js';

export interface WorkerChannel {
  send(message: ParentMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Called once, when the process is gone (crashed, killed, stopped or never started). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Stop now (time-out): the worker may be stuck in native code. */
  kill(): void;
  /** Stop when convenient (pool closing): the worker exits once its channel closes. */
  close(): void;
  /** The end of what the worker wrote on stderr, to explain a crash; '' when none was kept. */
  stderrTail(): string;
}

/** Starts one worker process with this configuration. */
export type WorkerSpawner = (config: WorkerConfig) => WorkerChannel;

/** Decoder libraries print warnings on stderr; the tail explains a crash, nothing else is shown. */
const STDERR_TAIL_CHARS = 2000;

/** Keeps the end of what a worker writes on its stderr; returns a reader of it ('' while none). */
export function keepStderrTail(stderr: NodeJS.ReadableStream | null | undefined): () => string {
  let tail = '';
  stderr?.setEncoding('utf8');
  stderr?.on('data', (text: string | Buffer) => {
    tail = (tail + String(text)).slice(-STDERR_TAIL_CHARS);
  });
  return () => tail;
}

const here = fileURLToPath(import.meta.url);
// From source (tests), the entry is TypeScript and runs through tsx; built, it is plain JS.
export const WORKER_ENTRY = path.join(path.dirname(here), `worker-entry${path.extname(here)}`);
const EXEC_ARGV = path.extname(here) === '.ts' ? ['--import', 'tsx'] : [];

/** The plain-Node spawner: a child_process.fork of worker-entry with an IPC channel. */
export const forkWorker: WorkerSpawner = (config) => forkEntry(WORKER_ENTRY, EXEC_ARGV, config);

/** A child_process.fork of `entry` as a worker (tests give another entry). */
export function forkEntry(entry: string, execArgv: string[], config: WorkerConfig): WorkerChannel {
  const child = fork(entry, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
  });
  const stderrTail = keepStderrTail(child.stderr);
  child.on('error', () => {}); // 'exit' follows and does the accounting
  return {
    // A send to a process that just died errors here; the pool's exit handling re-queues the job.
    send: (message) => void child.send(message, () => {}),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', listener),
    kill: () => void child.kill('SIGKILL'),
    close: () => {
      if (child.connected) child.disconnect();
    },
    stderrTail,
  };
}
