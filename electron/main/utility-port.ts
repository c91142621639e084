// A UtilityProcess as a Port, and the paths of the utility process entries once built.
import type { UtilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Port } from './hosts/host-protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CASE_HOST_ENTRY = path.join(here, 'hosts', 'case-host-entry.js');
export const JOB_HOST_ENTRY = path.join(here, 'hosts', 'job-host-entry.js');
/** The ingest worker, forked by main for a job host (worker-processes.ts). Loaded from app.asar. */
export const WORKER_ENTRY = path.join(here, '..', 'engine', 'ingest', 'worker-entry.js');

export function portOf<In, Out>(child: Pick<UtilityProcess, 'on' | 'postMessage'>): Port<In, Out> {
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: In) => listener(message)),
  };
}
