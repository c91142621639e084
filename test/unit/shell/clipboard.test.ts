// Copying in the desktop app: the page is denied every permission (the clipboard's included), so
// main writes plain text for it on one narrow channel — only for our own window's top frame, only
// a bounded string without control characters, failures as values. The renderer's copyText picks
// that path under Electron and navigator.clipboard in a browser.
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { MAX_COPY_CHARS } from '../../../shared/api/desktop.js';
import { registerClipboard } from '../../../electron/main/clipboard.js';
import { ownWindowSender } from '../../../electron/main/ipc.js';
import { SHELL_CHANNELS } from '../../../electron/main/shell-channels.js';
import { buildDesktop } from '../../../electron/preload/bridge.js';
import { copyText } from '../../../renderer/src/api/clipboard.js';
import { createFakeElectron, FakeWebContents, untrustedSenders } from './fake-electron.js';

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function setup(clipboard?: { writeText: (text: string) => Promise<void> }) {
  const fake = createFakeElectron({ userData: '/nonexistent' });
  const contents = new FakeWebContents();
  registerClipboard(fake.ipcMain as never, ownWindowSender(() => contents as unknown as WebContents), clipboard ?? fake.clipboard);
  const handler = fake.ipcHandlers.get(SHELL_CHANNELS.copyText)! as (event: unknown, input: unknown) => Promise<unknown>;
  const trusted = { sender: contents, senderFrame: contents.mainFrame };
  return { fake, contents, handler, trusted };
}

describe('main’s copy-text handler', () => {
  it('writes plain text from our own window to the clipboard', async () => {
    const { fake, handler, trusted } = setup();
    await expect(handler(trusted, SHA256)).resolves.toEqual({ ok: true, value: null });
    await expect(handler(trusted, '/evidence/Été 2021/IMG_0001.JPG')).resolves.toEqual({ ok: true, value: null });
    expect(fake.clipboardWrites).toEqual([SHA256, '/evidence/Été 2021/IMG_0001.JPG']);
  });

  it('refuses any other sender: another WebContents, a sub-frame, a foreign origin', async () => {
    const { fake, contents, handler } = setup();
    for (const event of untrustedSenders(contents)) {
      await expect(handler(event, SHA256)).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(fake.clipboardWrites).toEqual([]);
  });

  it('refuses what is not a bounded string of text, saying why', async () => {
    const { fake, handler, trusted } = setup();
    const bad: [unknown, RegExp][] = [
      [42, /string|expected/i],
      [{ text: SHA256 }, /string|expected/i],
      [['a'], /string|expected/i],
      [null, /string|expected/i],
      ['', /Nothing to copy/],
      ['x'.repeat(MAX_COPY_CHARS + 1), /At most 4096/],
      ['hash\u001b]52;c;bWFsaWNl\u0007', /control characters/],
      ['line\roverwritten', /control characters/],
      ['c1\u009bcontrol', /control characters/],
    ];
    for (const [input, why] of bad) {
      await expect(handler(trusted, input)).resolves.toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(why) } });
    }
    // The longest allowed text and ordinary whitespace pass.
    await expect(handler(trusted, 'y'.repeat(MAX_COPY_CHARS))).resolves.toMatchObject({ ok: true });
    await expect(handler(trusted, 'a\tb\nc')).resolves.toMatchObject({ ok: true });
    expect(fake.clipboardWrites).toEqual(['y'.repeat(MAX_COPY_CHARS), 'a\tb\nc']);
  });

  it('turns a clipboard failure into an error value', async () => {
    const { handler, trusted } = setup({ writeText: async () => Promise.reject(new Error('no display')) });
    await expect(handler(trusted, SHA256)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('no display') } });
  });
});

describe('the renderer’s copyText', () => {
  it('goes through the preload to main in the desktop app, not navigator.clipboard', async () => {
    const { fake, handler, trusted } = setup();
    // The preload's function, with its IPC answered by main's handler as Electron would.
    const desktop = buildDesktop({ invoke: (channel: string, input: unknown) => (channel === SHELL_CHANNELS.copyText ? handler(trusted, input) : Promise.reject(new Error(channel))) } as never);
    const browserClipboard: string[] = [];
    const navigator = { clipboard: { writeText: async (t: string) => void browserClipboard.push(t) } };
    await expect(copyText(SHA256, { lanterne: { desktop }, navigator })).resolves.toBe(true);
    await expect(copyText('bad\u0007', { lanterne: { desktop }, navigator })).resolves.toBe(false);
    expect(fake.clipboardWrites).toEqual([SHA256]);
    expect(browserClipboard).toEqual([]);
  });

  it('uses navigator.clipboard in a browser, and says false when there is none or it is refused', async () => {
    const written: string[] = [];
    await expect(copyText(SHA256, { navigator: { clipboard: { writeText: async (t: string) => void written.push(t) } } })).resolves.toBe(true);
    expect(written).toEqual([SHA256]);
    await expect(copyText(SHA256, { navigator: {} })).resolves.toBe(false);
    await expect(copyText(SHA256, { navigator: { clipboard: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } } })).resolves.toBe(false);
  });
});
