// The Electron shell against a recording fake of the `electron` module: IPC registration and sender checks,
// window and session hardening, the app:// protocol (traversal, CSP), database opening, menu and preload.
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch, ipcChannel, methodNames, type Handlers, type Transport } from '../../electron/api';
import type { OpenDomain } from '../../electron/main/database';
import { EVENT_CHANNEL, type PushEvent } from '../../electron/api/events';
import { PICK_PATH_CHANNEL } from '../../electron/api/file-picker';

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    const target = {
      listeners,
      on(event: string, listener: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return target;
      },
      once(event: string, listener: Listener) {
        return target.on(event, listener);
      },
      emit: (event: string, ...args: unknown[]) => (listeners.get(event) ?? []).map((listener) => listener(...args)),
    };
    return target;
  };
  const fakeWebContents = () =>
    Object.assign(emitter(), {
      send: vi.fn(),
      windowOpenHandler: undefined as undefined | ((details: { url: string }) => unknown),
      setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
        this.windowOpenHandler = handler;
      },
    });

  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    static getAllWindows = () => FakeBrowserWindow.created;
    readonly webContents = fakeWebContents();
    readonly events = emitter();
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    constructor(readonly options: Record<string, any>) {
      FakeBrowserWindow.created.push(this);
    }
    on(event: string, listener: Listener) {
      this.events.on(event, listener);
      return this;
    }
    once(event: string, listener: Listener) {
      this.events.once(event, listener);
      return this;
    }
    isDestroyed = () => false;
    isMinimized = () => false;
  }

  const state = {
    app: Object.assign(emitter(), {
      isPackaged: false,
      singleInstance: true,
      setName: vi.fn(),
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: () => state.app.singleInstance,
      quit: vi.fn(),
      exit: vi.fn(),
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => `/fake/${name}`,
      getVersion: () => '9.9.9',
    }),
    ipcMain: { handlers: new Map<string, Listener[]>(), handle: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() },
    BrowserWindow: FakeBrowserWindow,
    fakeWebContents,
    reset() {
      vi.clearAllMocks();
      state.app.listeners.clear();
      state.app.isPackaged = false;
      state.app.singleInstance = true;
      state.ipcMain.handlers.clear();
      state.ipcMain.handle.mockImplementation((channel: string, handler: Listener) => {
        state.ipcMain.handlers.set(channel, [...(state.ipcMain.handlers.get(channel) ?? []), handler]);
      });
      FakeBrowserWindow.created = [];
    },
  };
  return state;
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipcMain,
  protocol: fake.protocol,
  session: fake.session,
  dialog: fake.dialog,
  Menu: fake.Menu,
  contextBridge: fake.contextBridge,
  ipcRenderer: fake.ipcRenderer,
}));

const { startMainApp } = await import('../../electron/main/main-app');
const { CONTENT_SECURITY_POLICY } = await import('../../electron/core/web/csp');
const { REPORT_STYLE, reportHtml } = await import('../../electron/core/experiment/report-html');
const { applicationMenuTemplate } = await import('../../electron/main/menu');

const appInfo = {
  name: 'Rung',
  version: '9.9.9',
  mode: 'desktop',
  dbPath: '/fake/userData/rung.db',
  importFormats: ['trl'],
  engine: { available: true, reason: '', cuda: false, bf16: false, bf16Reason: 'this CPU has no AMX-BF16' },
};

function fakeHandlers() {
  const handlers = Object.fromEntries(methodNames.map((name) => [name, vi.fn()])) as unknown as Record<
    keyof Handlers,
    ReturnType<typeof vi.fn>
  >;
  handlers.getAppInfo.mockResolvedValue(appInfo);
  return handlers;
}

let workDir: string;
let rendererRoot: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'rung-main-test-'));
  rendererRoot = join(workDir, 'renderer');
  mkdirSync(join(rendererRoot, 'assets'), { recursive: true });
  writeFileSync(join(rendererRoot, 'index.html'), '<!doctype html><title>Rung</title>');
  writeFileSync(join(rendererRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(workDir, 'secret.txt'), 'outside the renderer root');
  symlinkSync(join(workDir, 'secret.txt'), join(rendererRoot, 'assets', 'link.txt'));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function launch(options: { env?: NodeJS.ProcessEnv; openDomain?: OpenDomain } = {}) {
  fake.reset();
  const handlers = fakeHandlers();
  // The real domain runs on worker threads; this one dispatches in-process to the fake handlers.
  const eventListeners: ((event: PushEvent) => void)[] = [];
  const domain = {
    call: (method: string, params: unknown, transport: Transport = 'http') => dispatch(handlers as unknown as Handlers, method, params, undefined, { transport }),
    onEvent: vi.fn((listener: (event: PushEvent) => void) => {
      eventListeners.push(listener);
      return () => undefined;
    }),
    close: vi.fn(async () => undefined),
    /** Test hook: the domain pushes an event. */
    push: (event: PushEvent) => eventListeners.forEach((listener) => listener(event)),
  };
  const openDomain = vi.fn(options.openDomain ?? (async () => domain));
  await startMainApp({
    rendererRoot,
    preloadPath: '/fake/out/preload/index.js',
    openDomain,
    env: options.env ?? {},
  });
  const window = fake.BrowserWindow.created[0];
  return { domain, handlers, openDomain, window };
}

/** Calls an IPC channel as Electron would, with a sender frame at the given URL. */
function invoke(channel: string, params: unknown, sender: { webContents: unknown; url: string; parent?: unknown } | { senderFrame: null; webContents: unknown }) {
  const [handler] = fake.ipcMain.handlers.get(channel) ?? [];
  if (!handler) throw new Error(`no handler on ${channel}`);
  const senderFrame = 'senderFrame' in sender ? null : { url: sender.url, parent: sender.parent ?? null };
  return handler({ sender: sender.webContents, senderFrame }, params) as Promise<unknown>;
}

describe('IPC', () => {
  let launched: Awaited<ReturnType<typeof launch>>;
  beforeEach(async () => {
    launched = await launch();
  });

  it('registers every contract method exactly once, the file picker, and no other channel', () => {
    const channels = fake.ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(channels).toHaveLength(methodNames.length + 1);
    expect([...channels].sort()).toEqual([...methodNames.map(ipcChannel), PICK_PATH_CHANNEL].sort());
  });

  it("imports a file only by the token of the app's own dialog, never by a path the page sends", async () => {
    const ours = { webContents: launched.window.webContents, url: 'app://rung/index.html' };
    const typed = await invoke(ipcChannel('importDataset'), { source: { kind: 'path', path: '/etc/shadow' } }, ours);
    expect(typed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('a file path sent by the page is refused') } });
    expect(launched.handlers.importDataset).not.toHaveBeenCalled();

    const chosen = join(workDir, 'prefs.jsonl');
    writeFileSync(chosen, '{"prompt":"p","chosen":"a","rejected":"b"}\n');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [chosen] });
    const pickedResult = (await invoke(PICK_PATH_CHANNEL, 'file', ours)) as { ok: true; value: { token: string; name: string; bytes: number } };
    expect(fake.dialog.showOpenDialog).toHaveBeenCalledWith(launched.window, expect.objectContaining({ properties: ['openFile'] }));
    expect(pickedResult).toEqual({ ok: true, value: { token: expect.stringMatching(/^[0-9a-f]{64}$/), name: 'prefs.jsonl', bytes: 43 } });
    expect(JSON.stringify(pickedResult)).not.toContain(workDir);

    launched.handlers.importDataset.mockResolvedValue({
      datasetId: '00000000-0000-8000-8000-000000000000', name: 'prefs', format: 'trl', alreadyImported: false, records: 1, recordsSkipped: 0,
      comparisonsAdded: 1, comparisonsExisting: 0, judgmentsAdded: 1, evaluatorsAdded: 1, warnings: [],
    });
    const source = { kind: 'picked', token: pickedResult.value.token };
    expect(await invoke(ipcChannel('importDataset'), { source }, ours)).toMatchObject({ ok: true, value: { comparisonsAdded: 1 } });
    expect(launched.handlers.importDataset).toHaveBeenCalledWith(expect.objectContaining({ source: { kind: 'path', path: chosen } }), expect.anything());
    // The token is used up.
    expect(await invoke(ipcChannel('importDataset'), { source }, ours)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(launched.handlers.importDataset).toHaveBeenCalledTimes(1);
  });

  it('answers a cancelled dialog with null, a bad kind with INVALID_PARAMS, and a foreign frame with FORBIDDEN', async () => {
    const ours = { webContents: launched.window.webContents, url: 'app://rung/index.html' };
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke(PICK_PATH_CHANNEL, 'file', ours)).toEqual({ ok: true, value: null });
    expect(await invoke(PICK_PATH_CHANNEL, 'anything', ours)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await invoke(PICK_PATH_CHANNEL, 'file', { webContents: ours.webContents, url: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fake.dialog.showOpenDialog).toHaveBeenCalledTimes(1);
  });

  it('refuses a call from a foreign frame with FORBIDDEN, before it reaches the handler', async () => {
    const result = await invoke(ipcChannel('getAppInfo'), {}, { webContents: launched.window.webContents, url: 'https://evil.example/' });
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(launched.handlers.getAppInfo).not.toHaveBeenCalled();
  });

  it('refuses a call from a subframe, another web contents, or a frame that is gone', async () => {
    const ours = launched.window.webContents;
    const attempts = [
      { webContents: ours, url: 'app://rung/index.html', parent: { url: 'app://rung/index.html' } },
      { webContents: fake.fakeWebContents(), url: 'app://rung/index.html' },
      { webContents: ours, url: 'app://rung.evil.example/index.html' },
      { webContents: ours, senderFrame: null },
    ];
    for (const sender of attempts) {
      const result = await invoke(ipcChannel('getStats'), {}, sender);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(launched.handlers.getStats).not.toHaveBeenCalled();
  });

  it('answers bad params from our window with INVALID_PARAMS without calling the handler', async () => {
    const result = await invoke(ipcChannel('createEvaluator'), { name: '' }, { webContents: launched.window.webContents, url: 'app://rung/index.html' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(launched.handlers.createEvaluator).not.toHaveBeenCalled();
  });

  it('passes a valid call from our window to the handler and returns its value', async () => {
    const result = await invoke(ipcChannel('getAppInfo'), {}, { webContents: launched.window.webContents, url: 'app://rung/index.html#/queue' });
    expect(result).toEqual({ ok: true, value: appInfo });
    expect(launched.handlers.getAppInfo).toHaveBeenCalledTimes(1);
  });
});

describe('window', () => {
  it('is created once with secure web preferences, loads app://rung/index.html and shows when ready', async () => {
    const { window } = await launch();
    expect(fake.BrowserWindow.created).toHaveLength(1);
    const { webPreferences, ...size } = window.options;
    expect(webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      spellcheck: false,
      preload: '/fake/out/preload/index.js',
    });
    expect(fake.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(webPreferences.webSecurity).not.toBe(false);
    expect(size).toMatchObject({ width: 1280, height: 800, minWidth: 1024, minHeight: 640, show: false });
    expect(window.loadURL).toHaveBeenCalledWith('app://rung/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.events.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('is not created when another instance holds the lock', async () => {
    fake.reset();
    fake.app.singleInstance = false;
    await startMainApp({ rendererRoot, preloadPath: '/p.js', openDomain: vi.fn(), env: {} });
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.BrowserWindow.created).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
  });
});

describe('web contents hardening', () => {
  async function createdContents() {
    await launch();
    const contents = fake.fakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    return contents;
  }
  const navigation = (url: string) => ({ url, preventDefault: vi.fn() });

  it('denies window.open', async () => {
    const contents = await createdContents();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://rung/index.html' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s: prevents leaving app://rung/ and allows staying in it', async (eventName) => {
    const contents = await createdContents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'app://rung@evil.example/']) {
      const event = navigation(url);
      contents.emit(eventName, event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const inside = navigation('app://rung/index.html#/flags');
    contents.emit(eventName, inside, inside.url);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it("will-frame-navigate: lets a subframe show the page's own srcdoc (the Experiments page's report), never the main frame", async () => {
    const contents = await createdContents();
    const frame = { url: 'about:srcdoc', isMainFrame: false, preventDefault: vi.fn() };
    contents.emit('will-frame-navigate', frame, frame.url);
    expect(frame.preventDefault).not.toHaveBeenCalled();
    for (const other of [
      { url: 'about:srcdoc', isMainFrame: true },
      { url: 'about:blank', isMainFrame: false },
      { url: 'about:srcdoc#https://evil.example/', isMainFrame: false },
    ]) {
      const event = { ...other, preventDefault: vi.fn() };
      contents.emit('will-frame-navigate', event, event.url);
      expect(event.preventDefault, JSON.stringify(other)).toHaveBeenCalled();
    }
  });

  it('prevents attaching a webview', async () => {
    const contents = await createdContents();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('session hardening', () => {
  beforeEach(async () => {
    await launch();
  });

  it('denies every permission request and check', () => {
    const [requestHandler] = fake.session.defaultSession.setPermissionRequestHandler.mock.calls[0] as [Listener];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    const [checkHandler] = fake.session.defaultSession.setPermissionCheckHandler.mock.calls[0] as [Listener];
    expect(checkHandler({}, 'media', 'app://rung', {})).toBe(false);
  });

  it('cancels every request whose scheme is not app:, devtools:, data: or blob:', () => {
    const [listener] = fake.session.defaultSession.webRequest.onBeforeRequest.mock.calls[0] as [Listener];
    const cancelled = (url: string) => {
      const callback = vi.fn();
      listener({ url }, callback);
      return (callback.mock.calls[0]![0] as { cancel: boolean }).cancel;
    };
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:8080/', 'ws://localhost/', 'file:///etc/passwd']) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of ['app://rung/assets/app.js', 'devtools://devtools/bundled/x.html', 'data:image/png;base64,AA==', 'blob:app://rung/1234']) {
      expect(cancelled(url), url).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  async function protocolHandler() {
    await launch();
    expect(fake.protocol.handle).toHaveBeenCalledTimes(1);
    const [scheme, handler] = fake.protocol.handle.mock.calls[0] as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    return (url: string, method = 'GET') => handler(new Request(url, { method }));
  }

  it('is registered as a privileged standard, secure, fetch-capable scheme', async () => {
    await launch();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
  });

  it('serves the renderer with its content type and the strict CSP', async () => {
    const get = await protocolHandler();
    const page = await get('app://rung/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Rung</title>');
    const script = await get('app://rung/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://rung/')).status).toBe(200);
  });

  it('has a CSP that allows nothing but the app itself', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // No inline <style> element but the oversight report's own, by its hash (the Experiments page frames report.html).
    const reportStyle = `'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`;
    expect(directives.get('style-src')).toEqual(["'self'", reportStyle]);
    expect(reportHtml({ preset: 'quick', scale: 1, seeds: 2, startedAt: '', seconds: 0, conditions: [], runs: [], claims: [] })).toContain(`<style>${REPORT_STYLE}</style>`);
    expect(directives.get('style-src-attr')).toEqual(["'unsafe-inline'"]); // KaTeX's style attributes only
    expect(CONTENT_SECURITY_POLICY.match(/'unsafe-inline'/g)).toHaveLength(1);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('refuses paths outside the renderer root with 404, CSP included', async () => {
    const get = await protocolHandler();
    for (const url of [
      'app://rung/../../etc/passwd',
      'app://rung/..%2fsecret.txt',
      'app://rung/assets/..%2f..%2fsecret.txt',
      'app://rung/%2e%2e%2fsecret.txt',
      'app://rung/..%5csecret.txt',
      'app://rung/assets/link.txt',
      'app://rung/index.html%00.png',
      'app://other/index.html',
      'app://rung/missing.js',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('serves nothing but GET and HEAD', async () => {
    const get = await protocolHandler();
    expect((await get('app://rung/index.html', 'POST')).status).toBe(405);
    const head = await get('app://rung/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('database', () => {
  it('opens rung.db in userData with the Electron binding from RUNG_SQLITE_BINDING, and closes it before quitting', async () => {
    const { openDomain, domain } = await launch({ env: { RUNG_SQLITE_BINDING: '/cache/better_sqlite3.node' } });
    expect(openDomain).toHaveBeenCalledWith(join('/fake/userData', 'rung.db'), { nativeBinding: '/cache/better_sqlite3.node', version: '9.9.9' });
    expect(domain.close).not.toHaveBeenCalled();
    const quitting = { preventDefault: vi.fn() };
    fake.app.emit('will-quit', quitting);
    expect(quitting.preventDefault).toHaveBeenCalledTimes(1); // held until the database threads have closed
    expect(domain.close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    const again = { preventDefault: vi.fn() };
    fake.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(domain.close).toHaveBeenCalledTimes(1);
  });

  it("sends the domain's pushed events to its window on the event channel", async () => {
    const { domain, window } = await launch();
    const event: PushEvent = { kind: 'import-progress', progressId: 'p1', progress: { phase: 'reading', records: 5, bytes: 10, totalBytes: 100 } };
    domain.push(event);
    expect(window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
  });

  it('ignores RUNG_SQLITE_BINDING in a packaged app (no native code named by the environment)', async () => {
    fake.reset();
    const packaged = vi.fn(async () => ({ call: vi.fn(), onEvent: () => () => undefined, close: vi.fn(async () => undefined) }));
    (fake.app as { isPackaged: boolean }).isPackaged = true;
    await startMainApp({ rendererRoot, preloadPath: '/p.js', openDomain: packaged, env: { RUNG_SQLITE_BINDING: '/tmp/evil.node' } });
    expect(packaged).toHaveBeenCalledWith(join('/fake/userData', 'rung.db'), { nativeBinding: undefined, version: '9.9.9' });
  });

  it('uses no binding path when none is given, and RUNG_DB when set', async () => {
    const { openDomain } = await launch({ env: { RUNG_DB: '/data/lab.db' } });
    expect(openDomain).toHaveBeenCalledWith('/data/lab.db', { nativeBinding: undefined, version: '9.9.9' });
  });

  it('shows an error naming the file and the error, then quits, when the database cannot be opened', async () => {
    await launch({
      openDomain: async () => {
        throw new Error('The module was compiled against a different Node.js version');
      },
    });
    expect(fake.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [, message] = fake.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(message).toContain(join('/fake/userData', 'rung.db'));
    expect(message).toContain('compiled against a different Node.js version');
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.BrowserWindow.created).toHaveLength(0);
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
  });
});

describe('application menu', () => {
  const labelsAndRoles = (items: ReturnType<typeof applicationMenuTemplate>): string[] =>
    items.flatMap((item) => [
      String(item.role ?? item.label),
      ...(Array.isArray(item.submenu) ? labelsAndRoles(item.submenu) : []),
    ]);

  it('has File > Quit, Edit, View > Reload, Help > About, and DevTools only in development', async () => {
    await launch();
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const development = labelsAndRoles(applicationMenuTemplate(false, 'linux'));
    expect(development).toEqual(expect.arrayContaining(['File', 'quit', 'editMenu', 'View', 'reload', 'toggleDevTools', 'help', 'about']));
    expect(labelsAndRoles(applicationMenuTemplate(true, 'linux'))).not.toContain('toggleDevTools');
  });
});

describe('preload', () => {
  it('exposes window.rung with exactly one function per method, each invoking its own channel', async () => {
    fake.reset();
    await import('../../electron/preload/index');
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(3);
    const [key, client] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('rung');
    expect(Object.keys(client).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) {
      expect(typeof client[name]).toBe('function');
      await (client[name] as (params: unknown) => Promise<unknown>)({ probe: name });
      expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannel(name), { probe: name });
    }
    // window.rungEvents: one listener on the event channel per subscription, removed by its unsubscribe.
    const [eventsKey, events] = fake.contextBridge.exposeInMainWorld.mock.calls[1] as [string, { subscribe(l: (e: unknown) => void): () => void }];
    expect(eventsKey).toBe('rungEvents');
    const heard: unknown[] = [];
    const unsubscribe = events.subscribe((e) => heard.push(e));
    const [channel, forward] = fake.ipcRenderer.on.mock.calls[0] as [string, (event: unknown, pushed: unknown) => void];
    expect(channel).toBe(EVENT_CHANNEL);
    forward({ sender: 'ipc' }, { kind: 'import-progress', progressId: 'p', progress: null });
    expect(heard).toEqual([{ kind: 'import-progress', progressId: 'p', progress: null }]);
    unsubscribe();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, forward);
    // window.rungFiles: the app's dialog, on its own channel.
    const [filesKey, files] = fake.contextBridge.exposeInMainWorld.mock.calls[2] as [string, { pick(kind: string): Promise<unknown> }];
    expect(filesKey).toBe('rungFiles');
    expect(Object.keys(files)).toEqual(['pick']);
    await files.pick('file');
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(PICK_PATH_CHANNEL, 'file');
  });
});
