// Playwright fixtures: each test gets its own data folder, the real core on `<tmp>/ledger.sqlite3`, the
// real HTTP transport serving build/renderer on a random local port, and a page opened at the launch
// URL (which carries the token once and is exchanged for a cookie). Everything is torn down afterwards.
// A fresh database opens on the first-run wizard; `signedIn` sets the federation up through the core
// and signs the administrator in through the UI, for tests about what comes after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type ConsoleMessage, type Page, type Request } from '@playwright/test';
import { createCore, type Core } from '../../electron/core/app';
import { startHttpServer, type RunningServer } from '../../electron/http/server';
import { makeCreditCode } from '../../shared/validate/creditCode';
import type { HandlerName, InputOf, OutputOf } from '../../shared/contract';
import { AppFrame } from './pages/AppFrame';
import { HomePage } from './pages/HomePage';
import { SignInPage } from './pages/SignInPage';

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

/** The federation the tests set up (a valid code: GB 32100 and GB 11714 check characters). */
export const TEST_ORG = {
  orgName: '测试县总工会',
  creditCode: makeCreditCode('81', '350128', '76543210'),
  level: '县级' as const,
  fiscalYear: 2026,
};

/** The administrator the tests create at setup. */
export const TEST_ADMIN = { username: 'admin', displayName: '赵管理', password: 'Admin2026' };

let channelSeq = 0;

/** Calls the core directly (no UI) on a channel of its own; throws the core's message on failure. */
export async function callCore<N extends HandlerName>(core: Core, name: N, input: InputOf<N>, channel = 'e2e-direct'): Promise<OutputOf<N>> {
  const r = await core.router.call(name, input, { channel });
  if (!r.ok) throw new Error(`${name} 失败（${r.error.code}）：${r.error.message}`);
  return r.value as OutputOf<N>;
}

/** setup.initialise through the core with TEST_ORG and TEST_ADMIN (no-op when already set up). */
export async function initialiseOrg(core: Core): Promise<void> {
  const status = await callCore(core, 'setup.status', {});
  if (status.initialised) return;
  await callCore(core, 'setup.initialise', { ...TEST_ORG, admin: TEST_ADMIN });
}

/** A channel signed in as the administrator, for arranging data through the core. */
export async function adminChannel(core: Core): Promise<string> {
  const channel = `e2e-admin-${++channelSeq}`;
  await callCore(core, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, channel);
  return channel;
}

/** Creates users through the core as the administrator. */
export async function createUsersInCore(
  core: Core,
  users: { username: string; displayName: string; password: string; roles: string[]; title?: string }[],
): Promise<void> {
  const channel = await adminChannel(core);
  for (const u of users) {
    await callCore(core, 'users.create', { ...u, roles: u.roles as InputOf<'users.create'>['roles'], mustChangePassword: false }, channel);
  }
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
  signIn: SignInPage;
  /** TEST_ORG set up through the core, the administrator signed in through the UI, 首页 shown. */
  signedIn: AppFrame;
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
    // Start-up ends on the first-run wizard, the sign-in page or (signed in already) the frame.
    await expect(
      page.locator('[data-testid="setup-wizard"], [data-testid="signin-page"], [data-testid="app-frame"]').first(),
    ).toBeVisible();
    await use(page);
    // No more calls from the page while the server and the core shut down.
    await page.close();
  },

  frame: async ({ page }, use) => {
    await use(new AppFrame(page));
  },

  home: async ({ page }, use) => {
    await use(new HomePage(page));
  },

  signIn: async ({ page }, use) => {
    await use(new SignInPage(page));
  },

  signedIn: async ({ page, core, frame, signIn }, use) => {
    await initialiseOrg(core);
    await page.reload();
    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    await use(frame);
  },
});

export { expect };
