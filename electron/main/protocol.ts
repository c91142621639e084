// `lanterne://app/…`: the renderer's built files and item images, nothing else.
//   /api/thumb/<id>, /api/full/<id>   image bytes through the engine's renderItem (known → blurred)
//   /<file>                           dist/renderer, contained by the bridge's static-file helper
// Checks, as Signal's attachment protocol does: GET only; the id is a plain positive integer in
// the raw path (anything path-like is refused before it reaches the case); only allowlisted
// content types leave; every answer is `no-store` with the bridge's strict CSP.
import type { Protocol } from 'electron';
import { BLURRED_HEADER, type ImageView } from '../../shared/api/http.js';
import type { ErrorCode } from '../../shared/api/result.js';
import { parseItemId } from '../server/images.js';
import { CONTENT_SECURITY_POLICY, statusFor } from '../server/responses.js';
import { readStatic } from '../server/static-files.js';
import { APP_HOST, SCHEME } from './app-origin.js';

export const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/webp', 'image/jpeg', 'image/png']);
const APP_FILE_TYPES: ReadonlySet<string> = new Set(['text/html', 'text/javascript', 'text/css', 'image/svg+xml', ...IMAGE_TYPES]);

export type ImageAnswer =
  | { ok: true; value: { bytes: Uint8Array; contentType: string; blurred: boolean } }
  | { ok: false; error: { code: ErrorCode; message: string } };

export interface ProtocolDeps {
  /** dist/renderer. */
  rendererDir: string;
  /** The engine's render of one item, wherever it runs (the case host process). */
  image: (view: ImageView, itemId: number) => Promise<ImageAnswer>;
}

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function answer(status: number, body: Uint8Array | string, contentType: string, extra: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : body, { status, headers: { ...BASE_HEADERS, 'Content-Type': contentType, ...extra } });
}

const text = (status: number, message: string) => answer(status, message, 'text/plain; charset=utf-8');

const IMAGE_PATH = /^\/api\/(thumb|full)\/([^/]*)$/;

export function createProtocolHandler(deps: ProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
    // The raw path, before URL normalisation can turn "1/../2" into "2".
    const raw = rawPathOf(request.url);
    if (raw === null) return text(404, 'Not found.');
    if (raw.startsWith('/api/')) {
      const match = IMAGE_PATH.exec(raw);
      if (!match) return text(400, 'An image is asked for as /api/thumb/<id> or /api/full/<id>.');
      const id = parseItemId(match[2] ?? '');
      if (id === null) return text(400, 'An image is asked for by its item id: a positive whole number, nothing else.');
      const result = await deps.image(match[1] as ImageView, id);
      if (!result.ok) return text(statusFor(result.error.code), result.error.message);
      const type = result.value.contentType.split(';')[0]!.trim().toLowerCase();
      if (!IMAGE_TYPES.has(type)) return text(415, 'Refused: not an allowed image type.');
      return answer(200, result.value.bytes, type, { [BLURRED_HEADER]: result.value.blurred ? '1' : '0' });
    }
    const file = readStatic(deps.rendererDir, raw);
    if (!file.ok) return text(file.status, file.message);
    if (!APP_FILE_TYPES.has(file.contentType.split(';')[0]!.trim())) return text(404, 'Not found.');
    return answer(200, file.body, file.contentType);
  };
}

/** The path of a `lanterne://app/…` URL exactly as sent, or null for any other origin. */
export function rawPathOf(url: string): string | null {
  const prefix = `${SCHEME}://${APP_HOST}/`;
  if (!url.toLowerCase().startsWith(prefix)) return null;
  const rest = url.slice(prefix.length - 1);
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, handler: (request: Request) => Promise<Response>): void {
  protocol.handle(SCHEME, handler);
}

/** Must run before the app is ready: a standard, secure scheme with fetch support and no CORS bypass. */
export const PRIVILEGED_SCHEME = {
  scheme: SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, stream: false, allowServiceWorkers: false, codeCache: false },
};
