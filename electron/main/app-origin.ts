// The app's one origin. The renderer's files and item images are all served by the `lanterne://`
// protocol under the host `app`, so the page's CSP can say 'self' for everything, and the image
// paths are the bridge's (`/api/thumb/<id>`): the renderer builds the same relative URLs in both
// modes. (DESIGN.md sketched `lanterne://thumb/<id>`; a second host would be a second origin.)
export const SCHEME = 'lanterne';
export const APP_HOST = 'app';
export const APP_URL = `${SCHEME}://${APP_HOST}/index.html`;

/**
 * True for a URL of our own app origin. WHATWG URL gives non-special schemes the origin "null",
 * so the check compares scheme and host instead of `origin`.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}
