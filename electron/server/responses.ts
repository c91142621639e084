// Every response of the bridge carries the same strict headers: nothing may load from anywhere
// but this origin (no remote script, style, font, image or connection), nothing is cached (case
// content must not linger in a browser's disk cache), and no other site may frame or embed it.
import type { ServerResponse } from 'node:http';
import type { ApiResult, ErrorCode } from '../../shared/api/result.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
};

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

export function sendResult(res: ServerResponse, result: ApiResult<unknown>): void {
  send(res, result.ok ? 200 : statusFor(result.error.code), JSON.stringify(result), 'application/json; charset=utf-8');
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  send(res, statusFor(code), JSON.stringify({ ok: false, error: { code, message } }), 'application/json; charset=utf-8', extra);
}

export function redirect(res: ServerResponse, location: string, extra: Record<string, string>): void {
  res.writeHead(303, { ...SECURITY_HEADERS, Location: location, 'Content-Length': '0', ...extra });
  res.end();
}

/** HTTP status for an error value; the body always carries the value itself. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_INPUT':
    case 'REASON_REQUIRED':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'ITEM_NOT_FOUND':
    case 'REGION_NOT_FOUND':
    case 'NO_IMAGE':
    case 'UNKNOWN_METHOD':
      return 404;
    case 'CASE_LOCKED':
      return 409;
    case 'EVIDENCE_UNREADABLE':
      return 422;
    case 'INTERNAL':
      return 500;
  }
}
