// Playwright fixtures: each test gets its own data folder, the real core on `<tmp>/ledger.sqlite3`, the
// real HTTP transport serving build/renderer on a random local port, and a page opened at the launch
// URL (which carries the token once and is exchanged for a cookie). Everything is torn down afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type ConsoleMessage, type Page, type Request } from '@playwright/test';
import { createCore, type Core } from '../../electron/core/app';
import { startHttpServer, type RunningServer } from '../../electron/http/server';
import { AppFrame } from './pages/AppFrame';
import { HomePage } from './pages/HomePage';

export const ROOT = path.resolve(__dirname, '..', '..');
export const STATIC_DIR = path.join(ROOT, 'build', 'renderer');
export const RESULTS_DIR = path.join(ROOT, 'test-results');

function requireBuild(): void {
  if (!fs.existsSync(path.join(STATIC_DIR, 'index.html'))) {
    throw new Error(
      `找不到已构建的界面：${path.join(STATIC_DIR, 'index.html')}。\n` +
        '请先运行 `node scripts/build.mjs`（或用 `npm run test:e2e`，它会先构建再测试）。',
    );
  }
}

/** What the page did: console errors, uncaught errors and every request it made. */
export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

export interface AppFixtures {
  /** The test's own temporary data folder. */
  dataDir: string;
  /** `<dataDir>/ledger.sqlite3`. */
  dbPath: string;
  core: Core;
  server: RunningServer;
  pageLog: PageLog;
  /** The browser page, already opened at `server.launchUrl` with the frame shown. */
  page: Page;
  frame: AppFrame;
  home: HomePage;
}

export const test = base.extend<AppFixtures>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufd-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  },

  dbPath: async ({ dataDir }, use) => {
    await use(path.join(dataDir, 'ledger.sqlite3'));
  },

  core: async ({ dbPath, dataDir }, use) => {
    const core = await createCore({ dbPath, dataDir });
    try {
      await use(core);
    } finally {
      await core.close();
    }
  },

  server: async ({ core }, use) => {
    requireBuild();
    const server = await startHttpServer({ core, staticDir: STATIC_DIR });
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },

  pageLog: async ({ context }, use) => {
    const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [] };
    const onConsole = (m: ConsoleMessage) => {
      if (m.type() === 'error') log.consoleErrors.push(`${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
    };
    const onRequest = (r: Request) => log.requests.push(r.url());
    context.on('console', onConsole);
    context.on('request', onRequest);
    context.on('weberror', (e) => log.pageErrors.push(String(e.error())));
    await use(log);
    context.off('console', onConsole);
    context.off('request', onRequest);
  },

  page: async ({ page, server, pageLog }, use) => {
    void pageLog; // listeners are attached before the first navigation
    await page.goto(server.launchUrl);
    await expect(page.getByTestId('app-frame')).toBeVisible();
    await use(page);
  },

  frame: async ({ page }, use) => {
    await use(new AppFrame(page));
  },

  home: async ({ page }, use) => {
    await use(new HomePage(page));
  },
});

export { expect };
