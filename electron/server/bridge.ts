// The loopback HTTP bridge: the API contract and the built renderer for a browser on this
// machine. Plain node:http. Bound to 127.0.0.1 only; every request needs this run's token.
//   POST /api/<method>        JSON input, parsed by the method's schema → an ApiResult as JSON
//   GET  /api/thumb/<id>      image/webp through renderItem (known items blurred by the engine)
//   GET  /api/full/<id>       the same, full view
//   GET  /api/region/<id>     a clue region's crop of that render (by region id)
//   GET  /<file>              the renderer (dist/renderer), strict CSP
//   GET  /?token=<token>      sets the session cookie and redirects to /
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_PREFIX } from '../../shared/api/http.js';
import { isApiMethod } from '../../shared/api/methods.js';
import { openCaseReadOnly } from '../engine/case/case-folder.js';
import { HOST, isLoopbackPeer, isOwnHost, isOwnOrigin, newToken, presentedToken, sameToken, tokenCookie } from './auth.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';
import { serveImage, serveRegionImage } from './images.js';
import { redirect, send, sendError, sendResult } from './responses.js';
import { DEFAULT_STATIC_DIR, readStatic } from './static-files.js';

export interface BridgeOptions {
  caseDir: string;
  /** 0 (the default) lets the system choose a free port. */
  port?: number;
  staticDir?: string;
  /** For tests of reveal expiry. */
  now?: () => Date;
}

export interface RunningBridge {
  /** The bridge's base URL, without the token. */
  url: string;
  /** The URL to open once: it carries the token and trades it for a session cookie. */
  openUrl: string;
  token: string;
  port: number;
  /** The address the socket is bound to (always 127.0.0.1). */
  address: string;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024; // a bulk action on 10,000 ids is ~80 kB

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const handle = openCaseReadOnly(options.caseDir);
  // A reader's page cache of 64 MB: gallery paging walks indexes of up to 10^6 entries.
  handle.db.pragma('cache_size = -65536');
  const token = newToken();
  const now = options.now ?? (() => new Date());
  const handlers = createHandlers({ dir: handle.dir, db: handle.db, now });
  const staticDir = path.resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  let port = 0;

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 'INTERNAL', `The bridge failed: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackPeer(req.socket.remoteAddress)) {
      res.destroy(); // bound to 127.0.0.1, so this cannot happen; if it ever does, say nothing
      return;
    }
    if (!isOwnHost(req.headers.host, port)) return sendError(res, 'UNAUTHORIZED', 'Wrong host name for this Lanterne bridge.');
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));

    const offered = query.get('token');
    if (req.method === 'GET' && offered !== null && !rawPath.startsWith(API_PREFIX)) {
      if (!sameToken(token, offered)) return sendError(res, 'UNAUTHORIZED', 'This link is not valid for this run of Lanterne: use the URL `lanterne serve` printed.');
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      return redirect(res, rawPath, { 'Set-Cookie': tokenCookie(token) });
    }
    if (!sameToken(token, presentedToken(req))) {
      const message = 'Open Lanterne with the URL `lanterne serve` printed: it carries this run’s token.';
      if (rawPath.startsWith(API_PREFIX)) return sendError(res, 'UNAUTHORIZED', message);
      return send(res, 401, message, 'text/plain; charset=utf-8');
    }

    if (rawPath.startsWith(API_PREFIX)) return api(req, res, rawPath.slice(API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
    const file = readStatic(staticDir, rawPath);
    if (!file.ok) return send(res, file.status, file.message, 'text/plain; charset=utf-8');
    send(res, 200, file.body, file.contentType); // node:http leaves the body out of a HEAD answer
  }

  async function api(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const slash = rest.indexOf('/');
    const head = slash < 0 ? rest : rest.slice(0, slash);
    if ((head === 'thumb' || head === 'full') && slash >= 0) {
      if (req.method !== 'GET') return sendError(res, 'BAD_INPUT', 'Images are fetched with GET.', { Allow: 'GET' });
      return serveImage(res, handle, head, rest.slice(slash + 1), now);
    }
    if (head === 'region' && slash >= 0) {
      if (req.method !== 'GET') return sendError(res, 'BAD_INPUT', 'Images are fetched with GET.', { Allow: 'GET' });
      return serveRegionImage(res, handle, rest.slice(slash + 1), now);
    }
    if (!isApiMethod(rest)) return sendError(res, 'UNKNOWN_METHOD', `No API method ${JSON.stringify(rest.slice(0, 100))}.`);
    if (req.method !== 'POST') return sendError(res, 'BAD_INPUT', 'API methods are called with POST.', { Allow: 'POST' });
    if (!isOwnOrigin(req.headers.origin, port)) return sendError(res, 'UNAUTHORIZED', 'Cross-origin calls are refused.');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendError(res, 'BAD_INPUT', 'API calls send JSON (Content-Type: application/json).');
    }
    const body = await readBody(req);
    if (body === null) return sendError(res, 'BAD_INPUT', `The request body is larger than ${MAX_BODY} bytes.`, { Connection: 'close' });
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body) : {};
    } catch {
      return sendError(res, 'BAD_INPUT', 'The request body is not valid JSON.');
    }
    sendResult(res, await dispatch(handlers, rest, input));
  }

  server.listen(options.port ?? 0, HOST);
  try {
    await once(server, 'listening');
  } catch (error) {
    handle.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  port = address.port;
  const url = `http://${HOST}:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    port,
    address: address.address,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      handle.close();
    },
  };
}

/** The body as text, or null when it exceeds MAX_BODY (reading stops there). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
