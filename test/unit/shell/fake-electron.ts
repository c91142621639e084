// The shared fake `electron` module for the shell's unit tests (as electron/fiddle's
// tests/mocks/electron.ts): just the surface the shell touches, recording what it was given so a
// test can call the registered handlers the way Electron would. Utility processes are in-process
// message pairs whose messages are structured-cloned and delivered asynchronously, as across a
// process boundary; a test decides what runs "inside" them.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

export class FakeFrame {
  private static nextToken = 1;
  readonly frameToken = `frame-${FakeFrame.nextToken++}`;
  detached = false;
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

/**
 * IPC events from everything but the app's own top frame in `own`: another WebContents, a
 * sub-frame of ours, a page of a foreign origin. Every sender-checked channel must refuse each.
 */
export function untrustedSenders(own: FakeWebContents): { sender: FakeWebContents; senderFrame: FakeFrame }[] {
  const stranger = new FakeWebContents();
  const foreign = new FakeWebContents('https://example.com/');
  return [
    { sender: stranger, senderFrame: stranger.mainFrame },
    { sender: own, senderFrame: new FakeFrame('lanterne://app/index.html', own.mainFrame) },
    { sender: foreign, senderFrame: foreign.mainFrame },
  ];
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  destroyed = false;

  constructor(url = 'lanterne://app/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  /** Emits an Electron-style cancellable event; returns whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  title = '';
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  setTitle(title: string) {
    this.title = title;
  }
}

type Listener = (...args: unknown[]) => unknown;

export class FakeSession {
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  devicePermission: Listener | null = null;
  displayMedia: Listener | null = null;
  spellChecker: boolean | null = null;
  beforeRequest: Listener | null = null;
  headersReceived: Listener | null = null;
  setPermissionRequestHandler(h: Listener) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: Listener) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: Listener) {
    this.devicePermission = h;
  }
  setDisplayMediaRequestHandler(h: Listener) {
    this.displayMedia = h;
  }
  setSpellCheckerEnabled(on: boolean) {
    this.spellChecker = on;
  }
  webRequest = {
    onBeforeRequest: (h: Listener) => void (this.beforeRequest = h),
    onHeadersReceived: (h: Listener) => void (this.headersReceived = h),
  };
}

/**
 * One end of an in-process message pair (a UtilityProcess in main, its parentPort inside).
 * Messages are structured-cloned; transferred ports travel by reference, as Electron moves them.
 */
export class FakePortEnd extends EventEmitter {
  other: FakePortEnd | null = null;
  closed = false;
  postMessage(message: unknown, transfer: FakeMessagePortMain[] = []) {
    const target = this.other;
    const copy = structuredClone(message);
    setImmediate(() => {
      if (target && !target.closed) target.emit('message', copy, transfer);
    });
  }
}

/** MessagePortMain: MessageEvents ({data, ports}), queued until start(), 'close' on the other end. */
export class FakeMessagePortMain extends EventEmitter {
  other: FakeMessagePortMain | null = null;
  started = false;
  closed = false;
  private readonly queued: { data: unknown; ports: FakeMessagePortMain[] }[] = [];
  postMessage(message: unknown, transfer: FakeMessagePortMain[] = []) {
    if (this.closed) return;
    const target = this.other;
    const event = { data: structuredClone(message), ports: transfer };
    setImmediate(() => target?.receive(event));
  }
  private receive(event: { data: unknown; ports: FakeMessagePortMain[] }) {
    if (this.closed) return;
    if (this.started) this.emit('message', event);
    else this.queued.push(event);
  }
  start() {
    this.started = true;
    for (const event of this.queued.splice(0)) this.emit('message', event);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    const other = this.other;
    setImmediate(() => {
      if (other && !other.closed) {
        other.closed = true;
        other.emit('close');
      }
    });
  }
}

export class FakeMessageChannelMain {
  readonly port1 = new FakeMessagePortMain();
  readonly port2 = new FakeMessagePortMain();
  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
  }
}

export class FakeUtilityProcess extends FakePortEnd {
  killed = false;
  exited = false;
  pid: number | undefined = undefined;
  /** Set when forked with stderr 'pipe', as Electron gives `child.stderr`. */
  readonly stderr: PassThrough | null;
  /** What kill() does instead of exiting at once, when a test runs a real process behind this one. */
  killImpl: (() => void) | null = null;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: { stdio?: string | string[]; env?: Record<string, string | undefined>; serviceName?: string } = {},
  ) {
    super();
    const stdio = options.stdio;
    this.stderr = stdio === 'pipe' || (Array.isArray(stdio) && stdio[2] === 'pipe') ? new PassThrough() : null;
  }
  kill() {
    if (this.killed) return true;
    this.killed = true;
    if (this.killImpl) {
      this.killImpl();
      return true;
    }
    this.closed = true;
    if (this.other) this.other.closed = true;
    setImmediate(() => this.exit(0));
    return true;
  }
  /** The process has gone with this exit code: 'exit' once, and its channel closes. */
  exit(code: number) {
    if (this.exited) return;
    this.exited = true;
    this.closed = true;
    if (this.other) this.other.closed = true;
    this.emit('exit', code);
  }
}

/**
 * The inside of a fake utility process as Electron's `process.parentPort`: MessageEvents with
 * the ports main transferred. (childPortOf, below, is the simpler Port view without ports.)
 */
export function childParentPortOf(child: FakeUtilityProcess) {
  const inside = new FakePortEnd();
  inside.other = child;
  child.other = inside;
  return {
    postMessage: (message: unknown) => inside.postMessage(message),
    on: (event: 'message', listener: (e: { data: unknown; ports: FakeMessagePortMain[] }) => void) =>
      void inside.on(event, (data: unknown, ports: FakeMessagePortMain[]) => listener({ data, ports })),
  };
}

/** Connects a fake utility process to an in-process "child" port with Port's shape. */
export function childPortOf<In, Out>(child: FakeUtilityProcess) {
  const inside = new FakePortEnd();
  inside.other = child;
  child.other = inside;
  return {
    postMessage: (message: Out) => inside.postMessage(message),
    onMessage: (listener: (message: In) => void) => void inside.on('message', listener),
  };
}

export function createFakeElectron(options: { userData: string; singleInstance?: boolean; runUtility?: (child: FakeUtilityProcess) => void }) {
  const calls: string[] = [];
  const clipboardWrites: string[] = [];
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), options.singleInstance ?? true),
    quit: () => void calls.push('quit'),
    exit: () => void calls.push('exit'),
    enableSandbox: () => void calls.push('enableSandbox'),
    whenReady: () => readyPromise,
    getPath: (name: string) => (name === 'userData' ? options.userData : `/nonexistent/${name}`),
    /** The test says when Electron is ready. */
    ready: () => (calls.push('ready'), markReady()),
  });
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privileged: unknown[] = [];
  const menus: unknown[] = [];
  const dialogs: { kind: string; options: unknown }[] = [];
  const openQueue: string[][] = [];
  const forks: FakeUtilityProcess[] = [];
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Listener[]>();
  /** Each invoke's channel and every argument after it, as the page's call passed them on. */
  const invoked: [string, ...unknown[]][] = [];
  const session = { defaultSession: new FakeSession() };
  const lastOf = (args: unknown[]) => args[args.length - 1];

  return {
    calls,
    ipcHandlers,
    protocolHandlers,
    privileged,
    menus,
    dialogs,
    /** Answers for the next showOpenDialog calls, in order (an empty list = cancelled). */
    openQueue,
    forks,
    clipboardWrites,
    exposed,
    invoked,
    rendererListeners,
    app,
    BrowserWindow: FakeBrowserWindow,
    session,
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        calls.push('registerSchemesAsPrivileged');
        privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => void menus.push(menu),
    },
    dialog: {
      showMessageBox: async (...args: unknown[]) => (dialogs.push({ kind: 'message', options: lastOf(args) }), { response: 0, checkboxChecked: false }),
      showOpenDialog: async (...args: unknown[]) => {
        dialogs.push({ kind: 'open', options: lastOf(args) });
        const filePaths = openQueue.shift() ?? [];
        return { canceled: filePaths.length === 0, filePaths };
      },
      showSaveDialog: async (...args: unknown[]) => (dialogs.push({ kind: 'save', options: lastOf(args) }), { canceled: true, filePath: '' }),
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[] = [], forkOptions: FakeUtilityProcess['options'] = {}) => {
        const child = new FakeUtilityProcess(modulePath, args, forkOptions);
        forks.push(child);
        options.runUtility?.(child);
        return child;
      },
    },
    MessageChannelMain: FakeMessageChannelMain,
    clipboard: { writeText: async (text: string) => void clipboardWrites.push(text) },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, ...args]), undefined),
      on: (channel: string, listener: Listener) => void rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: Listener) => void rendererListeners.set(channel, (rendererListeners.get(channel) ?? []).filter((l) => l !== listener)),
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
