// The case host's logic: one case opened read-only (so it can run beside an ingest, as the
// bridge does), the contract's handlers over it, and item images through renderItem. Plain Node:
// it runs in an Electron utility process (case-host-entry.ts) and, in tests, in-process.
import path from 'node:path';
import { fail, ok } from '../../../shared/api/result.js';
import { CaseError, openCaseReadOnly } from '../../engine/case/case-folder.js';
import { renderItem } from '../../engine/hashsets/render-item.js';
import { dispatch } from '../../server/dispatch.js';
import { createHandlers } from '../../server/handlers.js';
import type { CaseHostMessage, CaseHostRequest, Port } from './host-protocol.js';

export function serveCase(caseDir: string, port: Port<CaseHostRequest, CaseHostMessage>, now: () => Date = () => new Date()): { close(): void } {
  let handle: ReturnType<typeof openCaseReadOnly>;
  try {
    handle = openCaseReadOnly(caseDir);
  } catch (error) {
    const code = error instanceof CaseError ? error.code : 'INTERNAL';
    port.postMessage({ kind: 'failed', code, message: error instanceof Error ? error.message : String(error) });
    return { close() {} };
  }
  handle.db.pragma('cache_size = -65536');
  const handlers = createHandlers({ dir: handle.dir, db: handle.db, now });
  port.onMessage((request) => {
    void answer(request).then((result) => port.postMessage({ kind: 'reply', id: request.id, result }));
  });
  port.postMessage({ kind: 'ready', caseName: path.basename(handle.dir) });

  async function answer(request: CaseHostRequest) {
    try {
      if (request.kind === 'api') return await dispatch(handlers, request.method, request.input);
      const rendered = await renderItem(handle, request.itemId, request.view, now());
      if (!rendered.ok) return fail(rendered.error.code, rendered.error.message);
      return ok({ bytes: new Uint8Array(rendered.bytes), contentType: rendered.contentType, blurred: rendered.blurred });
    } catch (error) {
      return fail('INTERNAL', `The case process failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { close: () => handle.close() };
}
