// The one IPC registration: every contract method registered once, from the method list; every
// call from anything but our own window's top frame on our own origin refused; every input
// parsed by its schema before the engine sees it; failures as values.
import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { API, type ApiMethod } from '../../../shared/api/methods.js';
import { INPUT_SCHEMAS } from '../../../shared/api/schemas.js';
import { API_METHODS, channelFor, ownWindowSender, registerIpc } from '../../../electron/main/ipc.js';
import { FakeFrame, FakeWebContents } from './fake-electron.js';

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Handler>();
  const calls: [ApiMethod, unknown][] = [];
  const contents = new FakeWebContents();
  registerIpc(
    { handle: (channel: string, h: Handler) => void handlers.set(channel, h) } as never,
    ownWindowSender(() => contents as unknown as WebContents),
    async (method, input) => (calls.push([method, input]), { ok: true, value: 'called' }),
  );
  const trusted = { sender: contents, senderFrame: contents.mainFrame };
  return { handlers, calls, contents, trusted };
}

describe('IPC registration', () => {
  it('registers every method of the contract, each on its own fixed channel, and nothing else', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(API).map(channelFor).sort());
    expect(API_METHODS).toEqual(Object.values(API));
    // The schemas and the method list agree, so a new method is parsed as well as registered.
    expect(Object.keys(INPUT_SCHEMAS).sort()).toEqual([...API_METHODS].sort());
  });

  it('passes a valid call from our own window through, parsed (defaults filled)', async () => {
    const { handlers, calls, trusted } = setup();
    await expect(handlers.get(API.caseSummary)!(trusted, {})).resolves.toEqual({ ok: true, value: 'called' });
    await handlers.get(API.itemsQuery)!(trusted, {});
    // A fresh wrapper for the same WebContents and frame (as Electron may give) is the same sender.
    const { contents } = setup();
    const fresh = { sender: { id: contents.id }, senderFrame: Object.assign(new FakeFrame(contents.mainFrame.url), { frameToken: contents.mainFrame.frameToken }) };
    expect(ownWindowSender(() => contents as unknown as WebContents)(fresh as never)).toBe(true);
    expect(calls[1]).toEqual([API.itemsQuery, { filter: {}, sort: 'new-first', descending: false, offset: 0, limit: 100 }]);
  });

  describe.each(API_METHODS.map((m) => [m]))('%s', (method) => {
    it('rejects a sender that is not our window’s main frame on our origin', async () => {
      const { handlers, calls, contents } = setup();
      const other = new FakeWebContents();
      const badSenders = {
        'another WebContents': { sender: other, senderFrame: other.mainFrame },
        'an iframe of our window': { sender: contents, senderFrame: new FakeFrame('lanterne://app/index.html', contents.mainFrame) },
        'a frame that is gone': { sender: contents, senderFrame: null },
        'our main frame showing another origin': { sender: contents, senderFrame: Object.assign(new FakeFrame('https://example.com/'), { frameToken: contents.mainFrame.frameToken }) },
        'a frame of another window claiming our id': { sender: { id: contents.id }, senderFrame: other.mainFrame },
        'a detached main frame': { sender: contents, senderFrame: Object.assign(new FakeFrame('lanterne://app/index.html'), { frameToken: contents.mainFrame.frameToken, detached: true }) },
      };
      for (const [what, event] of Object.entries(badSenders)) {
        const result = await handlers.get(method)!(event, {});
        expect(result, what).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      }
      // Our own contents, but navigated away from the app origin (cannot happen: navigation is blocked).
      contents.mainFrame.url = 'file:///etc/passwd';
      expect(await handlers.get(method)!({ sender: contents, senderFrame: contents.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      contents.mainFrame.url = 'lanterne://evil/index.html';
      expect(await handlers.get(method)!({ sender: contents, senderFrame: contents.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      contents.destroyed = true;
      contents.mainFrame.url = 'lanterne://app/index.html';
      expect(await handlers.get(method)!({ sender: contents, senderFrame: contents.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect(calls).toEqual([]);
    });

    it('rejects a bad input as a BAD_INPUT value, before the engine sees it', async () => {
      const { handlers, calls, trusted } = setup();
      for (const bad of ['../../etc/passwd', 42, null, [], { unexpectedKey: 1, id: '1/../2' }]) {
        const result = await handlers.get(method)!(trusted, bad);
        expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
        expect((result as { error: { message: string } }).error.message).toContain(method);
      }
      expect(calls).toEqual([]);
    });
  });

  it('turns a throwing engine into an INTERNAL value, never a throw across IPC', async () => {
    const handlers = new Map<string, Handler>();
    const contents = new FakeWebContents();
    registerIpc({ handle: (c: string, h: Handler) => void handlers.set(c, h) } as never, ownWindowSender(() => contents as unknown as WebContents), async () => {
      throw new Error('disk on fire');
    });
    await expect(handlers.get(API.caseSummary)!({ sender: contents, senderFrame: contents.mainFrame }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('disk on fire') },
    });
  });
});
