// Messages between the main process and its utility processes. The main process stays thin: it
// holds no SQLite connection and decodes nothing; the case host answers API calls and renders
// images, a job host runs one ingest / hash-set import / export and streams its progress.
import type { JobProgress } from '../../../shared/api/desktop.js';
import type { ImageView } from '../../../shared/api/http.js';
import type { ApiMethod } from '../../../shared/api/methods.js';
import type { ApiResult, ErrorCode } from '../../../shared/api/result.js';
import type { WorkerConfig } from '../../engine/ingest/worker-protocol.js';

export type CaseHostRequest =
  | { id: number; kind: 'api'; method: ApiMethod; input: unknown }
  | { id: number; kind: 'image'; view: ImageView; itemId: number };

export type ImageValue = { bytes: Uint8Array; contentType: string; blurred: boolean };

export type CaseHostMessage =
  | { kind: 'ready'; caseName: string }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'reply'; id: number; result: ApiResult<unknown> };

export type Job =
  | { kind: 'ingest'; caseDir: string; roots: string[] }
  | { kind: 'hashset'; caseDir: string; file: string }
  | { kind: 'export'; caseDir: string; format: 'jsonl' | 'csv'; out: string };

export type { JobProgress };

export type JobOutcome = { ok: true; summary: string } | { ok: false; error: { code: ErrorCode | 'CASE_NOT_FOUND' | 'CASE_INVALID'; message: string } };

/**
 * Job host → main: start or stop one ingest worker. Only the main process can utilityProcess.fork,
 * and in the packaged app (RunAsNode fuse off) nothing else can start a Node script.
 */
export type WorkerRequest = { kind: 'worker-spawn'; id: number; config: WorkerConfig } | { kind: 'worker-kill'; id: number };

/**
 * Main → job host about a worker it asked for. 'worker-port' carries, as its one transferred port,
 * the job host's end of a MessageChannelMain whose other end the worker holds; 'worker-exit' says
 * the worker process has gone (or could not be started: code -1 and the reason as stderrTail).
 */
export type WorkerNotice = { kind: 'worker-port'; id: number } | { kind: 'worker-exit'; id: number; code: number; stderrTail: string };

export type JobHostMessage = { kind: 'progress'; progress: JobProgress } | { kind: 'done'; outcome: JobOutcome } | WorkerRequest;

/**
 * Main → job host: the examiner asked the running ingest to stop. The ingest's AbortSignal fires:
 * the files in flight finish, the rest stay pending, and adding the same folder again resumes.
 */
export type StopRequest = { kind: 'stop' };

/** Everything main posts to a job host: its one job, a stop, and notices about the workers it asked for. */
export type JobHostInbound = Job | StopRequest | WorkerNotice;

/** The two ends of a message channel, as both parentPort and UtilityProcess offer them. */
export interface Port<In, Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
