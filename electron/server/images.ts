// GET /api/thumb/<id> and /api/full/<id>: item images, only ever through the engine's renderItem,
// which blurs known material before the bytes leave it. The id must be a plain positive decimal
// integer in the raw request path: anything path-like ("..", "%2e", "/", a file name) is refused
// before it reaches the case.
import type { ServerResponse } from 'node:http';
import { BLURRED_HEADER, type ImageView } from '../../shared/api/http.js';
import type { ErrorCode } from '../../shared/api/result.js';
import type { Db } from '../engine/case/db.js';
import type { ThumbnailStore } from '../engine/case/thumbnail-store.js';
import { renderItem } from '../engine/hashsets/render-item.js';
import { renderRegion } from '../engine/review/render-region.js';
import { send, sendError } from './responses.js';

const ID_RE = /^[1-9][0-9]{0,15}$/;

/** The item (or region) id in a raw path segment, or null when it is anything but a positive integer. */
export function parseItemId(segment: string): number | null {
  if (!ID_RE.test(segment)) return null;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : null;
}

export async function serveImage(
  res: ServerResponse,
  caseHandle: { db: Db; thumbs: ThumbnailStore },
  view: ImageView,
  segment: string,
  now: () => Date,
): Promise<void> {
  await serveRendered(res, segment, 'An image is asked for by its item id', (id) => renderItem(caseHandle, id, view, now()));
}

/** GET /api/region/<id>: a clue region cut from its item's render, blurred exactly when the item's image is. */
export async function serveRegionImage(res: ServerResponse, caseHandle: { db: Db; thumbs: ThumbnailStore }, segment: string, now: () => Date): Promise<void> {
  await serveRendered(res, segment, 'A region image is asked for by its region id', (id) => renderRegion(caseHandle, id, now()));
}

type Rendered = { ok: true; bytes: Buffer; contentType: string; blurred: boolean } | { ok: false; error: { code: ErrorCode; message: string } };

async function serveRendered(res: ServerResponse, segment: string, askedBy: string, render: (id: number) => Promise<Rendered>): Promise<void> {
  const id = parseItemId(segment);
  if (id === null) {
    sendError(res, 'BAD_INPUT', `${askedBy}: a positive whole number, nothing else.`);
    return;
  }
  const result = await render(id);
  if (!result.ok) {
    sendError(res, result.error.code, result.error.message);
    return;
  }
  send(res, 200, result.bytes, result.contentType, { [BLURRED_HEADER]: result.blurred ? '1' : '0' });
}
