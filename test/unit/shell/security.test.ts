// Every denial of the security region, driven the way Electron would call the handlers.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/responses.js';
import { hardenAllContents, hardenContents, hardenSession, isAllowedRequest, refuseFileProtocol, type HardenableContents, type HardenableSession } from '../../../electron/main/security.js';
import { FakeSession, FakeWebContents } from './fake-electron.js';

function hardened() {
  const session = new FakeSession();
  hardenSession(session as unknown as HardenableSession);
  return session;
}

describe('the session', () => {
  it('denies every permission request', () => {
    const session = hardened();
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'display-capture', 'unknown']) {
      let granted: boolean | undefined;
      session.permissionRequest!({}, permission, (answer: boolean) => (granted = answer), {});
      expect(granted, permission).toBe(false);
    }
  });

  it('denies every permission check, device permission and screen capture', () => {
    const session = hardened();
    for (const permission of ['media', 'geolocation', 'clipboard-sanitized-write', 'hid', 'serial', 'usb']) {
      expect(session.permissionCheck!(null, permission, 'lanterne://app', {}), permission).toBe(false);
    }
    expect(session.devicePermission!({ deviceType: 'usb', origin: 'lanterne://app' })).toBe(false);
    let streams: unknown;
    session.displayMedia!({}, (answer: unknown) => (streams = answer));
    expect(streams).toEqual({});
    expect(session.spellChecker).toBe(false);
  });

  it('cancels every http, https, ws, wss, file and other non-lanterne request', () => {
    const session = hardened();
    const decide = (url: string) => {
      let answer: { cancel?: boolean } | undefined;
      session.beforeRequest!({ url }, (a: { cancel?: boolean }) => (answer = a));
      return answer;
    };
    for (const url of [
      'http://example.com/',
      'https://example.com/tracker.png',
      'ws://127.0.0.1:9222/devtools',
      'wss://example.com/socket',
      'file:///etc/passwd',
      'ftp://example.com/x',
      'data:text/html,<script>1</script>',
      'HTTPS://EXAMPLE.COM/',
      'not a url',
    ]) {
      expect(decide(url), url).toEqual({ cancel: true });
    }
    expect(decide('lanterne://app/index.html')).toEqual({ cancel: false });
    expect(decide('lanterne://app/api/thumb/1')).toEqual({ cancel: false });
    expect(isAllowedRequest('lanterne://app/assets/app.js')).toBe(true);
  });

  it('sets the strict CSP on every response, replacing any other', () => {
    const session = hardened();
    let headers: Record<string, string[]> | undefined;
    session.headersReceived!({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (a: { responseHeaders: Record<string, string[]> }) => (headers = a.responseHeaders));
    expect(headers!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers!['content-security-policy']).toBeUndefined();
    expect(headers!['Content-Type']).toEqual(['text/html']);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });
});

describe('every WebContents', () => {
  it('blocks navigation, redirects, frame navigation and <webview>', () => {
    const contents = new FakeWebContents();
    hardenContents(contents as unknown as HardenableContents);
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'lanterne://app/index.html')).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'file:///etc/passwd' })).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window', () => {
    const contents = new FakeWebContents();
    hardenContents(contents as unknown as HardenableContents);
    for (const url of ['https://example.com/', 'lanterne://app/index.html', 'about:blank', 'file:///']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
  });

  it('applies to contents created later (windows, frames, devtools)', () => {
    const listeners: ((event: unknown, contents: FakeWebContents) => void)[] = [];
    hardenAllContents({ on: (_name: string, listener: (event: unknown, contents: FakeWebContents) => void) => listeners.push(listener) } as never);
    const later = new FakeWebContents();
    for (const l of listeners) l({}, later);
    expect(later.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(later.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('file://', () => {
  it('is refused by its own protocol handler', async () => {
    const handlers = new Map<string, (r: Request) => Response>();
    refuseFileProtocol({ handle: (scheme: string, h: (r: Request) => Response) => void handlers.set(scheme, h) } as never);
    const response = handlers.get('file')!(new Request('file:///etc/passwd'));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('root:');
  });
});
