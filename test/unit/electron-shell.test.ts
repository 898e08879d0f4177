// The Electron shell without an Electron binary: the window's security flags, the URL policies, the
// preload's surface (with a fake `electron` module) and the IPC binding's checks against a real core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  return {
    exposed,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => void (exposed[key] = value)) },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'forwarded' })),
      on: vi.fn(),
      removeListener: vi.fn(),
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined), showItemInFolder: vi.fn() },
    BrowserWindow: { fromWebContents: vi.fn(() => null) },
    app: { getPath: vi.fn(() => os.tmpdir()) },
    webContents: { getAllWebContents: vi.fn(() => []) },
  };
});

vi.mock('electron', () => ({
  contextBridge: h.contextBridge,
  ipcRenderer: h.ipcRenderer,
  ipcMain: h.ipcMain,
  dialog: h.dialog,
  shell: h.shell,
  BrowserWindow: h.BrowserWindow,
  app: h.app,
  webContents: h.webContents,
}));

import { IPC } from '../../shared/bridge';
import { CSP } from '../../shared/csp';
import {
  APP_ORIGIN,
  isAllowedExternal,
  isAllowedNavigation,
  isTrustedSender,
  resolveAppPath,
  windowOptions,
} from '../../electron/window';
import {
  eventTargets,
  handleInvoke,
  isJsonLike,
  openExternal,
  openFiles,
  registerIpc,
  saveExport,
  showInFolder,
  type SenderEvent,
} from '../../electron/ipc';
import { hardenSession, hardenWebContents } from '../../electron/security';
import { createCore, type Core } from '../../electron/core/app';

const GOOD_APP_URLS = ['app://ufd/', 'app://ufd/index.html', 'app://ufd/budget/2026?tab=1#x', APP_ORIGIN];
const BAD_URLS = [
  'file:///C:/Windows/system32/calc.exe',
  'file:///etc/passwd',
  'http://127.0.0.1:5173/',
  'http://localhost/',
  'https://example.com/',
  'app://evil/',
  'app://ufd.evil/',
  'app://ufd@evil/',
  'app://ufd:8080/',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings',
  'about:blank',
  '',
  'not a url',
];

describe('windowOptions', () => {
  const o = windowOptions('/opt/app/build/electron/preload.js');
  it('sets every security flag exactly', () => {
    const wp = o.webPreferences!;
    expect(wp.preload).toBe('/opt/app/build/electron/preload.js');
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.spellcheck).toBe(false);
  });
  it('has a sensible size, a Chinese title and stays hidden until ready', () => {
    expect([o.width, o.height, o.minWidth, o.minHeight]).toEqual([1366, 860, 1100, 700]);
    expect(o.show).toBe(false);
    expect(o.title).toBe('县级工会财务工作台');
    expect(o.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('URL policies', () => {
  it('allows navigation and IPC only from the app origin', () => {
    for (const u of GOOD_APP_URLS) {
      expect(isAllowedNavigation(u), u).toBe(true);
      expect(isTrustedSender(u), u).toBe(true);
    }
    for (const u of BAD_URLS) {
      expect(isAllowedNavigation(u), u).toBe(false);
      expect(isTrustedSender(u), u).toBe(false);
    }
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    for (const u of ['https://www.acftu.org/', 'https://acftu.org/x', 'https://www.mof.gov.cn/zhengwuxinxi/', 'https://gov.cn/']) {
      expect(isAllowedExternal(u), u).toBe(true);
    }
    for (const u of [
      ...BAD_URLS,
      ...GOOD_APP_URLS,
      'http://www.acftu.org/',
      'https://evilacftu.org/',
      'https://acftu.org.evil.com/',
      'https://user:pw@www.acftu.org/',
      'https://www.acftu.org:8443/',
      'https://gov.cn.example.com/',
    ]) {
      expect(isAllowedExternal(u), u).toBe(false);
    }
  });

  it('maps app:// paths into the renderer folder and nowhere else', () => {
    const root = path.resolve('/srv/renderer');
    expect(resolveAppPath(root, 'app://ufd/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://ufd/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, 'app://ufd/%E9%A2%84%E7%AE%97')).toBe(path.join(root, '预算'));
    // The URL parser folds (encoded) dot segments itself, so this stays inside the folder.
    expect(resolveAppPath(root, 'app://ufd/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    // An encoded separator survives URL parsing and is caught by the path check.
    expect(resolveAppPath(root, 'app://ufd/..%2f..%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://ufd/a%00b')).toBeNull();
    expect(resolveAppPath(root, 'app://ufd/%E0%A4%A')).toBeNull();
    expect(resolveAppPath(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///srv/renderer/index.html')).toBeNull();
  });
});

describe('preload', () => {
  it('exposes exactly window.api with invoke, on, os and mode', async () => {
    await import('../../electron/preload');
    expect(h.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(h.exposed)).toEqual(['api']);
    const api = h.exposed.api as Record<string, any>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'mode', 'on', 'os']);
    expect(api.mode).toBe('desktop');
    expect(Object.keys(api.os).sort()).toEqual(['openExternal', 'openFiles', 'printToPDF', 'saveExport', 'saveExportsToFolder', 'showInFolder']);
    for (const f of Object.values(api.os)) expect(typeof f).toBe('function');

    await expect(api.invoke('system.ping', { a: 1 })).resolves.toEqual({ ok: true, value: 'forwarded' });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.invoke, 'system.ping', { a: 1 });

    await api.os.openFiles({ multiple: true });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.openFiles, { multiple: true });
    await api.os.saveExport({ id: 'abcdefgh', name: 'a.xlsx', size: 1 }, { title: 't' });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.saveExport, { id: 'abcdefgh', name: 'a.xlsx', size: 1 }, { title: 't' });
    await api.os.openExternal('https://www.acftu.org/');
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.openExternal, 'https://www.acftu.org/');
  });

  it('on() filters by event name and unsubscribes', () => {
    const api = h.exposed.api as Record<string, any>;
    const seen: unknown[] = [];
    const off = api.on('progress', (p: unknown) => seen.push(p));
    expect(h.ipcRenderer.on).toHaveBeenCalledWith(IPC.event, expect.any(Function));
    const listener = h.ipcRenderer.on.mock.calls.at(-1)![1] as (e: unknown, m: unknown) => void;
    listener({}, { event: 'notice', payload: { level: 'info', message: 'x' } });
    listener({}, { event: 'progress', payload: { task: 't', done: 1, total: 2 } });
    listener({}, null);
    expect(seen).toEqual([{ task: 't', done: 1, total: 2 }]);
    off();
    expect(h.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC.event, listener);
  });
});

describe('security', () => {
  it('refuses navigation, new windows, webviews and permissions', () => {
    const handlers: Record<string, (e: any) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (e: any) => void) => void (handlers[name] = fn),
      setWindowOpenHandler: (fn: typeof openHandler) => void (openHandler = fn),
    };
    hardenWebContents(contents as any);
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const bad = { url: 'https://example.com/', preventDefault: vi.fn() };
      handlers[name](bad);
      expect(bad.preventDefault, name).toHaveBeenCalled();
      const good = { url: 'app://ufd/budget', preventDefault: vi.fn() };
      handlers[name](good);
      expect(good.preventDefault, name).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    handlers['will-attach-webview'](webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    h.shell.openExternal.mockClear();
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(h.shell.openExternal).not.toHaveBeenCalled();
    expect(openHandler!({ url: 'https://www.acftu.org/' })).toEqual({ action: 'deny' });
    expect(h.shell.openExternal).toHaveBeenCalledWith('https://www.acftu.org/');

    let request: any, check: any, headers: any;
    hardenSession({
      setPermissionRequestHandler: (f: any) => (request = f),
      setPermissionCheckHandler: (f: any) => (check = f),
      webRequest: { onHeadersReceived: (f: any) => (headers = f) },
    } as any);
    const cb = vi.fn();
    request(null, 'media', cb, {});
    expect(cb).toHaveBeenCalledWith(false);
    expect(check(null, 'clipboard-read', 'app://ufd', {})).toBe(false);
    const out = vi.fn();
    headers({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' } }, out);
    expect(out).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] } });
  });
});

describe('IPC binding', () => {
  let dir: string;
  let core: Core;
  const trusted = (id = 7): SenderEvent => ({ senderFrame: { url: 'app://ufd/index.html' }, sender: { id } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufd-shell-'));
    core = await createCore({ dbPath: path.join(dir, 'ledger.sqlite3'), log: () => {} });
  });
  afterAll(async () => {
    await core?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses untrusted senders with FORBIDDEN_SENDER', async () => {
    for (const senderFrame of [
      { url: 'https://evil.example/' },
      { url: 'file:///tmp/x.html' },
      { url: 'devtools://devtools/bundled/inspector.html' },
      null,
      undefined,
    ]) {
      const r = await handleInvoke(core, { senderFrame, sender: { id: 1 } }, 'system.ping', {});
      expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
    }
    const throwing = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
      sender: { id: 1 },
    };
    expect((await handleInvoke(core, throwing, 'system.ping', {})).ok).toBe(false);
  });

  it('routes a trusted system.ping', async () => {
    const r = await handleInvoke(core, trusted(), 'system.ping', {});
    expect(r.ok).toBe(true);
    expect((r as { value: { pong: boolean } }).value.pong).toBe(true);
    expect((await handleInvoke(core, trusted(), 'system.ping', undefined)).ok).toBe(true);
  });

  it('refuses a non-string name and non-JSON input with VALIDATION', async () => {
    for (const name of [42, null, undefined, { toString: () => 'system.ping' }, '', 'x'.repeat(101)]) {
      const r = await handleInvoke(core, trusted(), name, {});
      expect(r.ok).toBe(false);
      expect((r as { error: { code: string } }).error.code).toBe('VALIDATION');
    }
    for (const input of [new Date(), new Map(), { f: () => 1 }, [Number.NaN], new Uint8Array(2)]) {
      const r = await handleInvoke(core, trusted(), 'system.ping', input);
      expect((r as { error: { code: string } }).error.code).toBe('VALIDATION');
    }
    const r = await handleInvoke(core, trusted(), 'no.such', {});
    expect((r as { error: { code: string } }).error.code).toBe('UNKNOWN_HANDLER');
  });

  it('isJsonLike accepts plain data only', () => {
    expect(isJsonLike({ a: [1, 'x', null, true, { b: Object.create(null) }] })).toBe(true);
    expect(isJsonLike(undefined)).toBe(false);
    expect(isJsonLike(Infinity)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(isJsonLike(deep)).toBe(false);
  });

  it('registers every channel and removes them again', async () => {
    h.ipcMain.handle.mockClear();
    const dispose = registerIpc(core);
    const channels = h.ipcMain.handle.mock.calls.map((c) => c[0]).sort();
    expect(channels).toEqual(
      [IPC.invoke, IPC.openFiles, IPC.saveExport, IPC.saveExportsToFolder, IPC.printToPDF, IPC.showInFolder, IPC.openExternal].sort(),
    );
    const invoke = h.ipcMain.handle.mock.calls.find((c) => c[0] === IPC.invoke)![1] as (...a: unknown[]) => Promise<any>;
    expect((await invoke(trusted(), 'system.ping', {})).ok).toBe(true);
    expect((await invoke({ senderFrame: { url: 'https://evil.example/' }, sender: { id: 2 } }, 'system.ping', {})).error.code).toBe(
      'FORBIDDEN_SENDER',
    );
    dispose();
    expect(h.ipcMain.removeHandler).toHaveBeenCalledTimes(channels.length);
  });

  it('openFiles with directory takes the spreadsheets directly in the folder', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ufd-import-'));
    try {
      fs.writeFileSync(path.join(folder, '乙单位.xlsx'), 'x');
      fs.writeFileSync(path.join(folder, 'a.CSV'), 'a,b\n1,2\n');
      fs.writeFileSync(path.join(folder, 'old.xls'), 'y');
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'n');
      fs.writeFileSync(path.join(folder, '~$乙单位.xlsx'), 'lock');
      fs.mkdirSync(path.join(folder, 'sub.xlsx'));
      h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [folder] });
      const files = await openFiles(core, trusted(), { directory: true, title: '选择文件夹' });
      expect(files.map((f) => f.name).sort()).toEqual(['a.CSV', 'old.xls', '乙单位.xlsx'].sort());
      expect(h.dialog.showOpenDialog.mock.calls.at(-1)![0]).toMatchObject({ properties: ['openDirectory'] });
      for (const f of files) expect(fs.existsSync(core.env.files.uploadPath(f.id).path)).toBe(true);

      h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
      expect(await openFiles(core, trusted(), {})).toEqual([]);
      await expect(openFiles(core, trusted(), { bogus: 1 })).rejects.toThrow(/参数有误/);
      await expect(openFiles(core, { senderFrame: { url: 'https://evil.example/' }, sender: { id: 3 } }, {})).rejects.toThrow(
        /拒绝/,
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('saveExport copies a generated file to the chosen path', async () => {
    const e = core.env.files.newExport('预算表.xlsx');
    fs.writeFileSync(e.path, 'data');
    const file = core.env.files.finishExport(e);
    const dest = path.join(dir, 'saved.xlsx');
    h.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: dest });
    expect(await saveExport(core, trusted(), file, undefined)).toBe(dest);
    expect(fs.readFileSync(dest, 'utf8')).toBe('data');
    expect(h.dialog.showSaveDialog.mock.calls.at(-1)![0]).toMatchObject({
      defaultPath: expect.stringContaining('预算表.xlsx'),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    await expect(saveExport(core, trusted(), { id: '../../etc', name: 'x', size: 0 }, undefined)).rejects.toThrow();
  });

  it('showInFolder and openExternal check their arguments', async () => {
    h.shell.showItemInFolder.mockClear();
    h.shell.openExternal.mockClear();
    await expect(showInFolder(trusted(), path.join(dir, 'missing.pdf'))).rejects.toThrow(/不存在/);
    await expect(showInFolder(trusted(), 'relative.pdf')).rejects.toThrow(/不存在/);
    await showInFolder(trusted(), core.env.dbPath);
    expect(h.shell.showItemInFolder).toHaveBeenCalledTimes(1);

    await expect(openExternal(trusted(), 'https://example.com/')).rejects.toThrow(/不允许/);
    await expect(openExternal(trusted(), 'javascript:alert(1)')).rejects.toThrow(/不允许/);
    expect(h.shell.openExternal).not.toHaveBeenCalled();
    await openExternal(trusted(), 'https://www.acftu.org/');
    expect(h.shell.openExternal).toHaveBeenCalledWith('https://www.acftu.org/');
  });

  it('sends core events to their own renderer or, broadcast, to app windows only', () => {
    const wc = (id: number, url: string, destroyed = false) =>
      ({ id, getURL: () => url, isDestroyed: () => destroyed }) as any;
    const all = [wc(1, 'app://ufd/'), wc(2, 'app://ufd/x'), wc(3, 'https://evil.example/'), wc(4, 'app://ufd/', true)];
    expect(eventTargets({ channel: 'ipc:2' }, all).map((w) => w.id)).toEqual([2]);
    expect(eventTargets({ channel: 'ipc:4' }, all)).toEqual([]);
    expect(eventTargets({ channel: 'http:abc' }, all)).toEqual([]);
    expect(eventTargets({ channel: null }, all).map((w) => w.id)).toEqual([1, 2]);
  });
});
