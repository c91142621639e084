// Who may talk to the bridge: only this machine (the socket is bound to 127.0.0.1, and every
// request's peer is checked again), only under the bridge's own host name (a DNS-rebinding page
// on another name is refused), and only with this run's random token — in a header, or in the
// HttpOnly cookie that opening the one-time `?token=` URL sets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_HEADER } from '../../shared/api/http.js';

export const HOST = '127.0.0.1';

/** 256 random bits, URL-safe: unguessable, and new every run. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopbackPeer(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::ffff:127.0.0.1' || address === '::1';
}

/** The Host header a browser sends for this bridge; any other name is a rebinding attempt. */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `${HOST}:${port}` || hostHeader === `localhost:${port}`;
}

/** A cross-site page may POST at us; a browser names its origin, and it must be ours. */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
}

export function presentedToken(req: IncomingMessage): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return cookie(req.headers.cookie, TOKEN_COOKIE);
}

export function cookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** SameSite=Strict: no other site's page can make the browser send it. No Max-Age: gone with the browser session. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
