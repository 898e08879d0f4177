// Demo data end-to-end: 打开演示数据 from the first-run screen, then the demo administrator signs in and
// finds the demo county's ~150 grassroots unions in 单位名录, paged by the core.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ORG_NAME, DEMO_PASSWORD, DEMO_USERS } from '../../electron/core/domains/demo/demo';
import { test, expect, RESULTS_DIR, callCore } from './fixtures';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { UnitsPage } from './pages/UnitsPage';

test.describe('演示数据', () => {
  test('首次使用时打开演示数据，以演示管理员登录，单位名录分页显示约 150 个基层工会', async ({ page, core, signIn, frame, pageLog }, testInfo) => {
    test.setTimeout(120_000);
    const wizard = new SetupWizardPage(page);
    await expect(wizard.root).toBeVisible();
    await wizard.loadDemo();
    // The accounts, when the core lists them; otherwise where to find them.
    await expect(wizard.demoAccounts.or(wizard.demoNote)).toBeVisible();
    await wizard.goSignIn.click();

    await expect(signIn.root).toBeVisible();
    await expect(signIn.orgName).toHaveText(DEMO_ORG_NAME);
    const status = await callCore(core, 'setup.status', {});
    expect(status).toMatchObject({ initialised: true, demo: true, orgName: DEMO_ORG_NAME });

    const admin = DEMO_USERS.find((u) => u.roles.includes('系统管理员'))!;
    await signIn.signInAndWait(admin.username, DEMO_PASSWORD);
    await expect(frame.userName).toHaveText(admin.displayName);
    expect(await frame.menuLabels()).toEqual(['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '用户与角色', '审计日志', '数据备份', '系统信息']);

    await frame.open('units', '单位名录');
    const units = new UnitsPage(page);
    const all = await units.totalCount();
    await units.filterKind('基层工会');
    const grassroots = await units.totalCount();
    const inCore = Number(
      (
        await core.db
          .selectFrom('unit')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', '基层工会')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(grassroots).toBe(inCore);
    expect(grassroots).toBeGreaterThanOrEqual(120);
    expect(grassroots).toBeLessThanOrEqual(200);
    expect(all).toBeGreaterThan(grassroots);

    // One page of 50 at a time, from the core.
    await expect(units.rows).toHaveCount(50);
    const first = await units.names();
    await units.pagination.locator('.ant-pagination-item-2').click();
    await units.waitForTable();
    await expect(units.pagination.locator('.ant-pagination-item-active')).toHaveText('2');
    const second = await units.names();
    expect(second).toHaveLength(50);
    expect(second.filter((n) => first.includes(n))).toEqual([]);
    const last = Math.ceil(grassroots / 50);
    await units.pagination.locator(`.ant-pagination-item-${last}`).click();
    await units.waitForTable();
    await expect(units.rows).toHaveCount(grassroots - 50 * (last - 1));

    // Sorting is the core's too: by 会员人数, largest first.
    await units.pagination.locator('.ant-pagination-item-1').click();
    await units.waitForTable();
    const header = units.table.locator('th').filter({ hasText: '会员人数' });
    await header.click(); // ascending
    await units.waitForTable();
    await header.click(); // descending
    await units.waitForTable();
    const col = await units.table
      .locator('thead th')
      .evaluateAll((ths) => ths.findIndex((th) => (th.textContent ?? '').includes('会员人数')));
    expect(col).toBeGreaterThan(0);
    const members = await units.rows.evaluateAll(
      (rows, i) => rows.map((r) => Number((r.querySelectorAll('td')[i]?.textContent ?? '').replace(/[,\s—]/g, '') || '-1')),
      col,
    );
    expect(members).toHaveLength(50);
    for (let i = 1; i < members.length; i++) expect(members[i - 1]!).toBeGreaterThanOrEqual(members[i]!);

    await page.evaluate(() => document.fonts.ready);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, 'units-page-demo.png');
    await page.screenshot({ path: file });
    await testInfo.attach('单位名录（演示数据）', { path: file, contentType: 'image/png' });
    expect(pageLog.pageErrors).toEqual([]);
    expect(pageLog.consoleErrors).toEqual([]);
  });
});
