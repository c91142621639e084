// The main process's side of the case host: requests go out with an id, replies come back by it.
// When the host process dies, every waiting call gets an error value — the UI says so, nothing
// hangs. Transport-agnostic (a Port), so tests connect it straight to serveCase.
import type { ImageView } from '../../shared/api/http.js';
import type { ApiMethod } from '../../shared/api/methods.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import type { CaseHostMessage, CaseHostRequest, ImageValue, Port } from './hosts/host-protocol.js';
import type { ImageAnswer } from './protocol.js';

type Pending = (result: ApiResult<unknown>) => void;
type Outgoing = CaseHostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class CaseClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private gone: string | null = null;
  /** Resolves when the host has opened the case, or with the reason it could not. */
  readonly ready: Promise<{ ok: true; caseName: string } | { ok: false; code: string; message: string }>;

  constructor(private readonly port: Port<CaseHostMessage, CaseHostRequest>) {
    let settle!: (value: Awaited<CaseClient['ready']>) => void;
    this.ready = new Promise((resolve) => (settle = resolve));
    port.onMessage((message) => {
      if (message.kind === 'ready') settle({ ok: true, caseName: message.caseName });
      else if (message.kind === 'failed') settle({ ok: false, code: message.code, message: message.message });
      else {
        const done = this.pending.get(message.id);
        this.pending.delete(message.id);
        done?.(message.result);
      }
    });
  }

  call(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> {
    return this.send({ kind: 'api', method, input });
  }

  async image(view: ImageView, itemId: number): Promise<ImageAnswer> {
    return (await this.send({ kind: 'image', view, itemId })) as ApiResult<ImageValue>;
  }

  /** The host process ended: fail whatever waits, and everything after. */
  hostExited(reason: string): void {
    this.gone = reason;
    for (const done of this.pending.values()) done(fail('INTERNAL', reason));
    this.pending.clear();
  }

  private send(request: Outgoing): Promise<ApiResult<unknown>> {
    if (this.gone) return Promise.resolve(fail('INTERNAL', this.gone));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ ...request, id } as CaseHostRequest);
    });
  }
}
