// A raw HTTP client for the bridge's tests: node:http, so paths go out exactly as written (fetch
// would normalise "../" away before the server could refuse it).
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = unknown>(): T;
}

export function raw(
  port: number,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: options.host ?? '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString('utf8')) as T });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function call(port: number, token: string, method: string, input: unknown): Promise<RawResponse> {
  return raw(port, {
    path: `/api/${method}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-lanterne-token': token },
    body: JSON.stringify(input),
  });
}
