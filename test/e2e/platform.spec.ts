// Platform end-to-end: the built renderer, served by the real HTTP transport in front of the real core,
// shows the core's data (once the federation is set up and the administrator has signed in); the
// transport refuses callers without the launch token; errors are Chinese envelopes; the page talks to
// nobody but the local server and logs no errors.
import fs from 'node:fs';
import path from 'node:path';
import type { SystemInfo } from '../../shared/contract';
import { test, expect, RESULTS_DIR, TEST_ORG } from './fixtures';
import { AboutPage } from './pages/AboutPage';

const CHINESE = /[\u4e00-\u9fff]/;

async function infoFromCore(core: import('../../electron/core/app').Core): Promise<SystemInfo> {
  const r = await core.router.call('system.info', {}, { channel: 'e2e-test' });
  if (!r.ok) throw new Error(`system.info 失败：${r.error.message}`);
  return r.value as SystemInfo;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

test.describe('平台：首页与本机服务', () => {
  test('通过启动地址打开应用，首页显示核心中的真实数据', async ({ core, dbPath, frame, home, signedIn }) => {
    void signedIn;
    // A recognisable number of rows in one main table, written straight into the core's database.
    const SEEDED = 1234;
    const now = new Date().toISOString();
    for (let i = 0; i < SEEDED; i += 200) {
      const batch = Array.from({ length: Math.min(200, SEEDED - i) }, (_, k) => ({
        sha256: `e2e-${i + k}`.padEnd(64, '0'),
        name: `附件${i + k}.pdf`,
        size: 1,
        mime: 'application/pdf',
        content: new Uint8Array([i % 256]),
        created_at: now,
        created_by: null,
      }));
      await core.db.insertInto('stored_file').values(batch).execute();
    }
    const counted = await core.db
      .selectFrom('stored_file')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const expectedRows = Number(counted.n);
    expect(expectedRows).toBe(SEEDED);

    const info = await infoFromCore(core);

    // The page was opened before seeding: 刷新 reads again from the core.
    await home.waitForData();
    await home.refresh();

    await expect(frame.orgName).toHaveText(TEST_ORG.orgName);
    await expect(frame.pageTitle).toHaveText('首页');
    await expect(home.dbPath).toHaveText(dbPath);
    expect(info.dbPath).toBe(dbPath);
    await expect(home.schemaVersion).toHaveText(String(info.schemaVersion));
    await expect(home.latestSchemaVersion).toHaveText(String(info.latestSchemaVersion));
    await expect(home.sqliteVersion).toHaveText(info.sqliteVersion);
    await expect(home.appVersion).toHaveText(info.appVersion);

    // Every main table the core reports is listed with its Chinese label and its count.
    expect(await home.tableNames()).toEqual(info.tables.map((t) => t.table));
    for (const t of info.tables) {
      await expect(home.tableRow(t.table)).toContainText(t.label);
      expect(await home.rowCount(t.table)).toBe(t.rows);
    }
    // The seeded table: the number the test counted itself, with a thousands separator, right-aligned.
    await expect(home.rowCountCell('stored_file')).toHaveText('1,234');
    expect(await home.rowCount('stored_file')).toBe(expectedRows);
    const align = await home.rowCountCell('stored_file').evaluate((el) => getComputedStyle(el.closest('td')!).textAlign);
    expect(align).toBe('right');
  });

  test('左侧菜单只列出已有的功能，并可切换到系统信息', async ({ page, frame, core, home, signedIn }) => {
    void signedIn;
    expect(await frame.menuLabels()).toEqual(['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '用户与角色', '审计日志', '数据备份', '系统信息']);
    expect(await frame.selectedKey()).toBe('home');

    await frame.open('about', '系统信息');
    expect(await frame.selectedKey()).toBe('about');
    expect(page.url()).toMatch(/#\/about$/);
    const about = new AboutPage(page);
    const info = await infoFromCore(core);
    await expect(about.appVersion).toHaveText(info.appVersion);
    await expect(about.mode).toHaveText('浏览器访问（本机服务）');
    const names = await about.apiNames();
    expect(names).toContain('system.info');
    expect(names).toContain('system.ping');

    await frame.open('home', '首页');
    expect(await frame.selectedKey()).toBe('home');
    await home.waitForData();
  });

  test('核心返回错误时，首页显示核心的中文提示并可重试', async ({ page, home, signedIn }) => {
    void signedIn;
    const message = '数据库正被其他程序占用，请稍后重试。';
    let fail = true;
    await page.route('**/api/system.info', async (route) => {
      if (!fail) return route.continue();
      await route.fulfill({
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ ok: false, error: { code: 'BUSY', message } }),
      });
    });
    await page.reload();
    await expect(home.error).toBeVisible();
    await expect(home.errorMessage).toHaveText(message);

    fail = false;
    await home.retryButton.click();
    await home.waitForData();
    await expect(home.error).toHaveCount(0);
  });

  test('本机服务拒绝没有访问令牌的请求', async ({ server }) => {
    const ping = `${server.url}api/system.ping`;

    const none = await post(ping, {});
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(none.json.error.message).toMatch(CHINESE);

    const wrongHeader = await post(ping, {}, { 'X-UFD-Token': `${server.token}x` });
    expect(wrongHeader.status).toBe(401);
    const wrongCookie = await post(ping, {}, { Cookie: 'ufd_token=wrong-token' });
    expect(wrongCookie.status).toBe(401);

    const page = await fetch(server.url, { redirect: 'manual' });
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(CHINESE);
    const wrongLaunch = await fetch(`${server.url}?token=wrong`, { redirect: 'manual' });
    expect(wrongLaunch.status).toBe(401);
    const events = await fetch(`${server.url}api/events`, { redirect: 'manual' });
    expect(events.status).toBe(401);
    await events.body?.cancel();

    const good = await post(ping, {}, { 'X-UFD-Token': server.token });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ ok: true, value: { pong: true } });

    // The launch URL is exchanged for an HttpOnly cookie and a redirect to the clean address.
    const launch = await fetch(server.launchUrl, { redirect: 'manual' });
    expect(launch.status).toBe(302);
    expect(launch.headers.get('location')).toBe('/');
    expect(launch.headers.getSetCookie().join('\n')).toMatch(/ufd_token=.*HttpOnly/);
  });

  test('未知接口与错误输入得到中文错误信息，而不是崩溃', async ({ server }) => {
    const auth = { 'X-UFD-Token': server.token };

    const unknown = await post(`${server.url}api/no.such.handler`, {}, auth);
    expect(unknown.status).toBe(200);
    expect(unknown.json.ok).toBe(false);
    expect(unknown.json.error.code).toBe('UNKNOWN_HANDLER');
    expect(unknown.json.error.message).toMatch(CHINESE);
    expect(unknown.json.error.message).toContain('no.such.handler');

    const invalid = await post(`${server.url}api/system.info`, { unexpected: 1 }, auth);
    expect(invalid.status).toBe(200);
    expect(invalid.json.ok).toBe(false);
    expect(invalid.json.error.code).toBe('VALIDATION');
    expect(invalid.json.error.message).toMatch(CHINESE);
    expect(Array.isArray(invalid.json.error.details)).toBe(true);

    const notJson = await post(`${server.url}api/system.ping`, '{not json', auth);
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ ok: false, error: { code: 'BAD_JSON' } });
    expect(notJson.json.error.message).toMatch(CHINESE);

    // The server is still healthy afterwards.
    const ping = await post(`${server.url}api/system.ping`, {}, auth);
    expect(ping.json).toMatchObject({ ok: true });
  });

  test('页面只访问本机服务，不向其他地址发出请求', async ({ page, server, frame, home, pageLog, signedIn }) => {
    void signedIn;
    await home.waitForData();
    await frame.open('about', '系统信息');
    await new AboutPage(page).apiNames();
    await frame.open('home', '首页');
    await home.waitForData();

    const origin = new URL(server.url).origin;
    expect(pageLog.requests.length).toBeGreaterThan(0);
    const foreign = pageLog.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    expect(foreign).toEqual([]);
  });

  test('首页截图，且没有控制台错误', async ({ page, home, frame, pageLog, signedIn }, testInfo) => {
    void signedIn;
    await home.waitForData();
    await expect(frame.orgName).not.toBeEmpty();
    // Fonts settle before the picture is taken.
    await page.evaluate(() => document.fonts.ready);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, 'home-page.png');
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach('首页', { path: file, contentType: 'image/png' });

    expect(pageLog.pageErrors).toEqual([]);
    expect(pageLog.consoleErrors).toEqual([]);
  });
});
