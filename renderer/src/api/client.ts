// The renderer's API client, typed from the shared contract: a method added there and not here
// fails to compile. In the desktop app the preload gives `window.lanterne.api` (IPC, one function
// per method); in a browser on `lanterne serve` it is the loopback bridge. Errors come back as
// values, never as throws — a bridge that is gone is one more error value the UI can show. Image
// URLs are the same relative paths on both (lanterne://app/api/… or http://127.0.0.1:…/api/…).
import type { ApiClient, MethodInput, MethodResult } from '../../../shared/api/contract.js';
import type { DesktopEvents, DesktopShell } from '../../../shared/api/desktop.js';
import { imagePath, methodPath, regionImagePath, type ImageView } from '../../../shared/api/http.js';
import { API, type ApiMethod } from '../../../shared/api/methods.js';
import { fail, type ApiResult } from '../../../shared/api/result.js';

async function invoke<M extends ApiMethod>(method: M, input: MethodInput<M>): Promise<ApiResult<MethodResult<M>>> {
  let res: Response;
  try {
    // Same origin: the session cookie goes along; no token is ever held by page script.
    res = await fetch(methodPath(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    return fail('INTERNAL', 'Lanterne is not answering. Is `lanterne serve` still running?');
  }
  try {
    const body = (await res.json()) as ApiResult<MethodResult<M>>;
    if (body && typeof body === 'object' && typeof body.ok === 'boolean') return body;
  } catch {
    /* not JSON: fall through */
  }
  return fail('INTERNAL', `Unexpected answer from Lanterne (HTTP ${res.status}).`);
}

const httpApi: ApiClient = {
  [API.caseSummary]: (input) => invoke(API.caseSummary, input),
  [API.itemsQuery]: (input) => invoke(API.itemsQuery, input),
  [API.itemGet]: (input) => invoke(API.itemGet, input),
  [API.itemReveal]: (input) => invoke(API.itemReveal, input),
  [API.itemSimilar]: (input) => invoke(API.itemSimilar, input),
  [API.itemsCategorise]: (input) => invoke(API.itemsCategorise, input),
  [API.itemsTag]: (input) => invoke(API.itemsTag, input),
  [API.tagsList]: (input) => invoke(API.tagsList, input),
  [API.regionAdd]: (input) => invoke(API.regionAdd, input),
  [API.regionEdit]: (input) => invoke(API.regionEdit, input),
  [API.regionRemove]: (input) => invoke(API.regionRemove, input),
  [API.regionsList]: (input) => invoke(API.regionsList, input),
  [API.camerasList]: (input) => invoke(API.camerasList, input),
  [API.caseExport]: (input) => invoke(API.caseExport, input),
};

/** Set by the desktop app's preload; absent in a browser. */
declare global {
  interface Window {
    lanterne?: { api?: ApiClient; desktop?: DesktopShell; events?: DesktopEvents };
  }
}

export const api: ApiClient = (typeof window !== 'undefined' && window.lanterne?.api) || httpApi;

/** A clue region's crop, through the engine's blur-enforcing render. */
export function regionImageUrl(regionId: number, rev = 0): string {
  return rev ? `${regionImagePath(regionId)}?rev=${rev}` : regionImagePath(regionId);
}

/** An image by item id; `rev` changes the URL after a reveal so the browser fetches again. */
export function imageUrl(view: ImageView, itemId: number, rev = 0): string {
  return rev ? `${imagePath(view, itemId)}?rev=${rev}` : imagePath(view, itemId);
}
