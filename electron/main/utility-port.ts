// A UtilityProcess as a Port, and the paths of the host entries beside this file once built.
import type { UtilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Port } from './hosts/host-protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CASE_HOST_ENTRY = path.join(here, 'hosts', 'case-host-entry.js');
export const JOB_HOST_ENTRY = path.join(here, 'hosts', 'job-host-entry.js');

export function portOf<In, Out>(child: Pick<UtilityProcess, 'on' | 'postMessage'>): Port<In, Out> {
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: In) => listener(message)),
  };
}
