// The loopback bridge's URL shapes and header names, shared by the server and the browser client
// so neither spells them alone. Images go by item id only — never by path.
import type { ApiMethod } from './methods.js';

export const API_PREFIX = '/api/';
export type ImageView = 'thumb' | 'full';

export function methodPath(method: ApiMethod): string {
  return `${API_PREFIX}${method}`;
}

export function imagePath(view: ImageView, itemId: number): string {
  return `${API_PREFIX}${view}/${itemId}`;
}

/** A clue region's crop, by region id, through the same blur-enforcing render as the item's image. */
export function regionImagePath(regionId: number): string {
  return `${API_PREFIX}region/${regionId}`;
}

/** The per-run token, for callers that do not hold the session cookie (scripts, tests). */
export const TOKEN_HEADER = 'x-lanterne-token';
export const TOKEN_COOKIE = 'lanterne_token';
/** Set on image responses: 1 when the engine blurred the bytes (known item, no reveal in force). */
export const BLURRED_HEADER = 'x-lanterne-blurred';
