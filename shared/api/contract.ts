// The API contract: for each method, what a caller sends, what a handler receives (parsed), and
// what comes back. The HTTP bridge, the renderer's client and (later) the preload and IPC
// registration are all typed from here, so a change that one side misses fails to compile.
import type { z } from 'zod';
import type { Region } from '../review.js';
import type { CameraInfo, CaseExport, CaseSummary, CluePage, ItemDetail, ItemsPage, RevealGranted, SimilarItems, TagCount } from './gallery-model.js';
import type { API, ApiMethod } from './methods.js';
import type { ApiResult } from './result.js';
import type { INPUT_SCHEMAS } from './schemas.js';

export interface ApiResults {
  [API.caseSummary]: CaseSummary;
  [API.itemsQuery]: ItemsPage;
  [API.itemGet]: ItemDetail;
  [API.itemReveal]: RevealGranted;
  [API.itemSimilar]: SimilarItems;
  [API.itemsCategorise]: { changed: number };
  [API.itemsTag]: { changed: number };
  [API.tagsList]: TagCount[];
  [API.regionAdd]: Region;
  [API.regionEdit]: Region;
  [API.regionRemove]: { removed: number };
  [API.regionsList]: CluePage;
  [API.camerasList]: CameraInfo[];
  [API.caseExport]: CaseExport;
}

/** What a caller may send (defaults still optional). */
export type MethodInput<M extends ApiMethod> = z.input<(typeof INPUT_SCHEMAS)[M]>;
/** What a handler receives: the input after its schema parsed it (defaults filled). */
export type ParsedInput<M extends ApiMethod> = z.output<(typeof INPUT_SCHEMAS)[M]>;
export type MethodResult<M extends ApiMethod> = ApiResults[M];

/** Every transport implements exactly these; a missing or mistyped method fails to compile. */
export type ApiHandlers = { [M in ApiMethod]: (input: ParsedInput<M>) => Promise<ApiResult<MethodResult<M>>> };

/** A caller's view of the API, the same whatever the transport. */
export type ApiClient = { [M in ApiMethod]: (input: MethodInput<M>) => Promise<ApiResult<MethodResult<M>>> };
