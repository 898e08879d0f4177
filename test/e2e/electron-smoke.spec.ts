// Desktop smoke test: the real Electron shell (build/electron/main.js) on a temporary data folder opens
// its window, serves the UI over app://ufd/ and shows the database path on the home page. Skipped,
// with the reason printed, where the Electron binary is not installed (it cannot be downloaded on
// machines without internet; `require('electron')` would try to, so the files are checked directly).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, _electron as electron, type ElectronApplication } from '@playwright/test';
import { HomePage } from './pages/HomePage';
import { SignInPage } from './pages/SignInPage';
import { createCore } from '../../electron/core/app';
import { TEST_ADMIN, TEST_ORG } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const ELECTRON_DIR = path.join(ROOT, 'node_modules', 'electron');
const PATH_TXT = path.join(ELECTRON_DIR, 'path.txt');
const MAIN_JS = path.join(ROOT, 'build', 'electron', 'main.js');

function electronExecutable(): string | undefined {
  if (!fs.existsSync(PATH_TXT)) return undefined;
  const exe = path.join(ELECTRON_DIR, 'dist', fs.readFileSync(PATH_TXT, 'utf8').trim());
  return fs.existsSync(exe) ? exe : undefined;
}

const executablePath = electronExecutable();
const hasBinary = executablePath !== undefined;
const SKIP_REASON = `Electron 二进制未安装（${path.relative(ROOT, PATH_TXT)} 或 ${path.relative(ROOT, path.join(ELECTRON_DIR, 'dist'))} 不存在），跳过桌面冒烟测试`;

test.describe('桌面应用冒烟测试', () => {
  test('启动后登录，首页显示数据库位置', async () => {
    if (!hasBinary) console.log(SKIP_REASON);
    test.skip(!hasBinary, SKIP_REASON);
    expect(fs.existsSync(MAIN_JS), `找不到 ${MAIN_JS}，请先运行 node scripts/build.mjs`).toBe(true);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufd-electron-'));
    const dbPath = path.join(dataDir, 'ledger.sqlite3');
    // Set the organisation up beforehand so the window opens on sign-in rather than the wizard.
    const core = await createCore({ dbPath });
    const r = await core.router.call('setup.initialise', { ...TEST_ORG, admin: TEST_ADMIN }, { channel: 'setup' });
    await core.close();
    expect(r.ok).toBe(true);
    let app: ElectronApplication | undefined;
    try {
      app = await electron.launch({
        executablePath,
        args: [MAIN_JS, '--data-dir', dataDir],
        cwd: ROOT,
        env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
        timeout: 60_000,
      });
      const page = await app.firstWindow();

      // Served from the app's own origin, with the Chinese title and the sandboxed bridge only.
      expect(page.url()).toMatch(/^app:\/\/ufd\//);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())).toBe(
        '县级工会财务工作台',
      );
      const surface = await page.evaluate(() => {
        const w = window as unknown as Record<string, any>;
        return {
          api: Object.keys(w.api ?? {}).sort(),
          os: Object.keys(w.api?.os ?? {}).sort(),
          mode: w.api?.mode,
          require: typeof w.require,
          process: typeof w.process,
        };
      });
      expect(surface).toEqual({
        api: ['invoke', 'mode', 'on', 'os'],
        os: ['openExternal', 'openFiles', 'printToPDF', 'saveExport', 'saveExportsToFolder', 'showInFolder'],
        mode: 'desktop',
        require: 'undefined',
        process: 'undefined',
      });

      // Signing in over IPC works; then the home page shows the database opened in the --data-dir folder.
      await new SignInPage(page).signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
      const home = new HomePage(page);
      await home.waitForData();
      await expect(home.dbPath).toHaveText(dbPath);
      expect(fs.existsSync(dbPath)).toBe(true);
    } finally {
      await app?.close();
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  });
});
