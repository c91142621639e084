// The open case: one case host utility process and its client. Opening another case replaces it.
import type { UtilityProcess } from 'electron';
import type { ImageView } from '../../shared/api/http.js';
import type { ApiMethod } from '../../shared/api/methods.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { CaseClient } from './case-client.js';
import type { CaseHostMessage, CaseHostRequest } from './hosts/host-protocol.js';
import { noCaseMessage } from './messages.js';
import type { ImageAnswer } from './protocol.js';
import { portOf } from './utility-port.js';

export type ForkCaseHost = (caseDir: string) => Pick<UtilityProcess, 'on' | 'once' | 'postMessage' | 'kill'>;

export class CaseSession {
  private current: { caseDir: string; client: CaseClient; child: ReturnType<ForkCaseHost> } | null = null;

  constructor(private readonly fork: ForkCaseHost) {}

  get caseDir(): string | null {
    return this.current?.caseDir ?? null;
  }

  /** Opens a case in a fresh host; on failure the previous case stays open. */
  async open(caseDir: string): Promise<{ ok: true; caseName: string } | { ok: false; code: string; message: string }> {
    const child = this.fork(caseDir);
    const client = new CaseClient(portOf<CaseHostMessage, CaseHostRequest>(child));
    child.once('exit', (code: number) => client.hostExited(`The case process stopped (exit code ${code}); reopen the case.`));
    const ready = await client.ready;
    if (!ready.ok) {
      child.kill();
      return ready;
    }
    this.close();
    this.current = { caseDir, client, child };
    return ready;
  }

  close(): void {
    this.current?.child.kill();
    this.current = null;
  }

  call(method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> {
    return this.current ? this.current.client.call(method, input) : Promise.resolve(fail('INTERNAL', noCaseMessage(method)));
  }

  image(view: ImageView, itemId: number): Promise<ImageAnswer> {
    return this.current ? this.current.client.image(view, itemId) : Promise.resolve(fail('ITEM_NOT_FOUND', 'No case is open.'));
  }
}
