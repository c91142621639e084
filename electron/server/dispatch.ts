// The one entry point from any transport into the API: parse the input with the method's schema,
// then call its handler; whatever happens comes back as a value (STYLE.md habits 4 and 6). The
// HTTP bridge calls this; the Electron IPC registration is meant to call the same function.
import type { ApiHandlers } from '../../shared/api/contract.js';
import type { ApiMethod } from '../../shared/api/methods.js';
import { fail, type ApiResult } from '../../shared/api/result.js';
import { parseInput } from '../../shared/api/schemas.js';

export async function dispatch(handlers: ApiHandlers, method: ApiMethod, raw: unknown): Promise<ApiResult<unknown>> {
  const parsed = parseInput(method, raw);
  if (!parsed.ok) return fail('BAD_INPUT', parsed.message);
  // One method's handler for one method's parsed input: the union cannot be narrowed by TypeScript.
  const handler = handlers[method] as (input: unknown) => Promise<ApiResult<unknown>>;
  try {
    return await handler(parsed.value);
  } catch (error) {
    // Handlers return their expected failures as values; a throw is a bug. Say so without a stack.
    return fail('INTERNAL', `Lanterne could not answer ${method}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
