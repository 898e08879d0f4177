// The desktop entry: one instance per data folder, the core on the user's database, the UI served from
// the app's own files over the privileged `app://ufd/` scheme, and one hardened window.
//
//   县级工会财务工作台 [--data-dir DIR]
//
// The data folder becomes app.getPath('userData'); the database is ledger.sqlite3 inside it.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import { createCore, APP_VERSION, type Core } from './core/app';
import { DB_FILE_NAME, defaultDataDir, rendererDir } from './paths';
import { CSP } from '../shared/csp';
import { APP_SCHEME, APP_START_URL, APP_TITLE, resolveAppPath, windowOptions } from './window';
import { installSecurity } from './security';
import { registerIpc } from './ipc';
import { autoBackup } from './core/domains/backup/service';

const APP_ID = 'cn.gov.union.financedesk';

/** `--data-dir DIR` or `--data-dir=DIR` from the command line, resolved; undefined when absent. */
function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]);
    if (a.startsWith('--data-dir=') && a.length > '--data-dir='.length) return path.resolve(a.slice('--data-dir='.length));
  }
  return undefined;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The `app://` handler: files of the built renderer only; unknown extension-less paths get index.html (SPA). */
async function serveApp(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, '不支持的请求方法。');
  const root = rendererDir(__dirname);
  let file = resolveAppPath(root, request.url);
  if (!file) return textResponse(403, '禁止访问。');
  if (!isFile(file)) {
    if (path.extname(file)) return textResponse(404, '未找到文件。');
    file = path.join(root, 'index.html');
  }
  if (!isFile(file)) return textResponse(404, '未找到界面文件，请先运行 npm run build。');
  const ext = path.extname(file).toLowerCase();
  const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.promises.readFile(file));
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': ext === '.html' ? 'no-store' : 'max-age=3600',
    },
  });
}

function errorText(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

function showOpenError(e: unknown, dbPath: string) {
  const code = (e as { code?: string })?.code;
  if (code === 'DB_FROM_FUTURE') {
    dialog.showErrorBox(
      '数据库版本过新',
      `${errorText(e)}\n\n数据库文件：${dbPath}\n\n请安装最新版本的“${APP_TITLE}”后再打开。程序将退出。`,
    );
  } else {
    dialog.showErrorBox(
      '无法打开数据库',
      `打开数据库文件时出错：${dbPath}\n\n${errorText(e)}\n\n请确认该文件未被其他程序占用，且所在文件夹可以写入。程序将退出。`,
    );
  }
}

function buildMenu(dbPath: string): Menu {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: '重新加载' },
    { type: 'separator' },
    { role: 'resetZoom', label: '实际大小' },
    { role: 'zoomIn', label: '放大' },
    { role: 'zoomOut', label: '缩小' },
    { type: 'separator' },
    { role: 'togglefullscreen', label: '全屏' },
  ];
  if (!app.isPackaged) view.push({ type: 'separator' }, { role: 'toggleDevTools', label: '开发者工具' });
  return Menu.buildFromTemplate([
    { label: '文件', submenu: [{ role: 'quit', label: '退出' }] },
    {
      label: '编辑',
      submenu: [
        { role: 'undo', label: '撤销' },
        { role: 'redo', label: '重做' },
        { type: 'separator' },
        { role: 'cut', label: '剪切' },
        { role: 'copy', label: '复制' },
        { role: 'paste', label: '粘贴' },
        { role: 'selectAll', label: '全选' },
      ],
    },
    { label: '视图', submenu: view },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: '关于',
              message: APP_TITLE,
              detail: `版本 ${APP_VERSION}\n数据库文件：${dbPath}`,
              buttons: ['确定'],
            }),
        },
      ],
    },
  ]);
}

// ---- Start-up -----------------------------------------------------------------------------------

// Must happen before 'ready': app:// behaves like https (standard URL parsing, secure context, fetch).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

// The data folder: --data-dir, else the same per-user folder the CLI and browser mode use
// (electron/paths.ts; %APPDATA%\union-finance-desk on Windows). It becomes Electron's userData, so
// the single-instance lock and Chromium's profile follow it: one instance per data folder.
const dataDirArg = dataDirFromArgv(process.argv);
const dataDir = dataDirArg ?? defaultDataDir();
let startupError: unknown;
try {
  fs.mkdirSync(dataDir, { recursive: true });
  app.setPath('userData', dataDir);
} catch (e) {
  startupError = e;
}

let core: Core | undefined;
let mainWindow: BrowserWindow | null = null;
let disposeIpc: (() => void) | undefined;
let closing = false;

function createWindow() {
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.js')));
  mainWindow = win;
  let shown = false;
  const show = () => {
    if (shown || win.isDestroyed()) return;
    shown = true;
    win.show();
  };
  win.once('ready-to-show', show);
  // Show anyway if the page fails, so the user sees something rather than nothing.
  win.webContents.once('did-fail-load', show);
  win.on('page-title-updated', (e) => e.preventDefault());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_START_URL).catch((e) => console.error('[main] 加载界面失败：', e));
}

async function onReady() {
  if (startupError) {
    dialog.showErrorBox('无法使用数据文件夹', `${dataDir}\n\n${errorText(startupError)}\n\n程序将退出。`);
    app.exit(1);
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  installSecurity(app, session.defaultSession);
  protocol.handle(APP_SCHEME, serveApp);

  const dir = app.getPath('userData');
  const dbPath = path.join(dir, DB_FILE_NAME);
  try {
    core = await createCore({ dbPath, dataDir: dir });
    // At most one automatic backup a day; never blocks start-up (it reports instead of throwing).
    console.log((await autoBackup(core)).message);
  } catch (e) {
    showOpenError(e, dbPath);
    app.exit(1);
    return;
  }
  disposeIpc = registerIpc(core);
  Menu.setApplicationMenu(buildMenu(core.env.dbPath));
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance holds this data folder; it has been asked to come to the front.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = mainWindow;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });

  app.on('window-all-closed', () => app.quit());

  // Close the database cleanly (WAL checkpoint) before the process ends.
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    disposeIpc?.();
    disposeIpc = undefined;
    const closingCore = core;
    closingCore
      .close()
      .catch((e) => console.error('[main] 关闭数据库时出错：', e))
      .finally(() => {
        core = undefined;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(onReady)
    .catch((e) => {
      dialog.showErrorBox('启动失败', errorText(e));
      app.exit(1);
    });
}
