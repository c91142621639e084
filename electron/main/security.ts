// ============================================================================================
// SECURITY REGION — do not change without review (DESIGN.md, "Security model").
// Seized files are hostile input: a filename, an EXIF string or an image may try to make the page
// reach out, navigate, open windows or ask for devices. Everything here is a denial:
//   - every permission request and every permission check is refused;
//   - every navigation (will-navigate, will-redirect, will-frame-navigate) is cancelled — the page
//     is loaded once, by the main process — and every new window is denied; <webview> is refused;
//   - every request whose scheme is not `lanterne:` is cancelled at the session: http, https, ws,
//     wss, file, ftp, data-URL documents… — nothing leaves the machine, nothing reads the disk
//     except through the protocol handler's checks;
//   - `file://` is answered with 403 by its own handler too, in case a request skips webRequest;
//   - every response carries a strict CSP (the bridge's), even if some future handler forgets.
// The pieces take the narrow parts of Electron they use, so tests drive them with a fake.
// ============================================================================================
import type { Event, HandlerDetails, Protocol, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/responses.js';
import { SCHEME } from './app-origin.js';

export type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler' | 'setSpellCheckerEnabled'
> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'>;
};

export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Whether a request may proceed: only our own scheme, everything else is cancelled. */
export function isAllowedRequest(url: string): boolean {
  try {
    return new URL(url).protocol === `${SCHEME}:`;
  } catch {
    return false;
  }
}

export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // No screen capture, ever: answering with no callback argument denies the request.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  // The spell checker downloads dictionaries from a Google CDN: off.
  session.setSpellCheckerEnabled(false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

const deny = (event: Event) => event.preventDefault();

export function hardenContents(contents: HardenableContents): void {
  contents.on('will-navigate', deny);
  contents.on('will-frame-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler((_details: HandlerDetails) => ({ action: 'deny' }));
}

/** Every WebContents the app ever creates (windows, frames, devtools) gets the same denials. */
export function hardenAllContents(app: { on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): unknown }): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}

/** `file://` is never served: the app's files come only through `lanterne://`. */
export function refuseFileProtocol(protocol: Pick<Protocol, 'handle'>): void {
  protocol.handle('file', () => new Response('file:// is refused in Lanterne.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
}
// ============================================================================================
// END OF SECURITY REGION
// ============================================================================================
