// 会计核算 set-up and books end to end: a 会计 creates a 代管 set for a grassroots union, adds a
// sub-account under 50102, enters opening balances that fail the trial check and then pass it, browses the
// 明细账 of 102 and of the new sub-account filtered by a dimension, exports it, sees the 预算执行 page, closes
// January–November and runs the year-end closing; the in-use sub-account then cannot be deleted (the
// core's message is shown).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, RESULTS_DIR } from './fixtures';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { LedgerBooksPage, LedgerPeriodsPage, LedgerSetupPage, pick } from './pages/LedgerPages';

const PASSWORD = 'Ledger2026';
const KJ = { username: 'kj1', displayName: '钱会计', roles: ['会计'] };
const CW = { username: 'cw1', displayName: '周财务', roles: ['财务部门'] };
const KJ2 = { username: 'kj2', displayName: '孙会计', roles: ['会计'] };
const UNION = '清河县宏达机械有限公司工会';

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('建代管账套、增设明细科目、期初试算、明细账、年末结转', async ({ page, core, signIn, frame }, testInfo) => {
  test.setTimeout(180_000);
  await initialiseOrg(core);
  await createUsersInCore(core, [KJ, CW, KJ2].map((u) => ({ ...u, password: PASSWORD })));
  const admin = await adminChannel(core);
  await callCore(core, 'units.create', { name: UNION, kind: '基层工会', orgType: '企业', creditCode: makeCreditCode('81', '350128', '12345678') } as never, admin);
  await page.reload();

  await signIn.signInAndWait(KJ.username, PASSWORD);
  // The 会计核算 group with the new entries.
  const labels = await frame.allMenuLabels();
  for (const l of ['凭证管理', '期末处理', '账簿报表', '账簿查询', '预算执行', '账套设置']) expect(labels).toContain(l);

  // ── the set ──
  await frame.open('ledger-setup', '账套设置');
  const setup = new LedgerSetupPage(page);
  await setup.createSet('宏达机械', `代管：${UNION}`, 'G', 2026, 1);
  await expect(page.getByTestId('set-table')).toContainText(`代管：${UNION}`);
  await expect(page.getByTestId('set-table')).toContainText('基层工会会计科目');

  // ── a sub-account; level-one accounts offer no change ──
  await setup.tab('会计科目');
  await setup.addSubAccount('50102', '5010201', '职工篮球赛');
  await expect(setup.accountRow('5010201')).toContainText('职工篮球赛');
  await expect(setup.accountRow('5010201')).toContainText('自设');
  await expect(setup.accountRow('50102')).toContainText('制度科目');
  await expect(page.getByTestId('account-delete-50102')).toHaveCount(0);
  await screenshot(page, testInfo, 'ledger-setup-accounts.png');

  // ── dimensions: a project and a rule ──
  await setup.tab('辅助核算');
  await page.getByTestId('project-code').fill('P01');
  await page.getByTestId('project-name').fill('职工文体活动');
  await page.getByTestId('project-add').click();
  await expect(page.getByTestId('project-table')).toContainText('职工文体活动');
  await page.getByTestId('rule-new').click();
  await page.getByTestId('rule-prefix').fill('401');
  await pick(page, page.getByTestId('rule-kind'), '', '项目');
  await page.getByTestId('rule-required').click();
  await page.getByTestId('rule-basis').fill('会费收入不分项目核算');
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-table')).toContainText('会费收入不分项目核算');

  // ── opening balances: unbalanced first, then balanced ──
  await setup.tab('期初余额');
  await setup.openingRow(0, '102', '10,000.00', '');
  await setup.openingRow(1, '32205', '', '9,000.00');
  await page.getByTestId('opening-save').click();
  await expect(page.getByTestId('opening-check')).toContainText('试算不平衡');
  await expect(page.getByTestId('opening-messages')).toContainText('相差');
  await page.getByTestId('opening-credit-1').fill('10000');
  await page.getByTestId('opening-save').click();
  await expect(page.getByTestId('opening-check')).toContainText('试算平衡');
  await expect(page.getByTestId('opening-check')).not.toContainText('不平衡');
  await expect(page.getByTestId('opening-credit-total')).toHaveText('10,000.00');
  await screenshot(page, testInfo, 'ledger-setup-opening.png');

  // ── three vouchers posted through the core by three people ──
  const sets = await callCore(core, 'ledger.sets.list', { includeInactive: false }, admin);
  const set = sets.find((s) => s.name === `代管：${UNION}`)!;
  const ch: Record<string, string> = {};
  for (const u of [KJ, CW, KJ2]) {
    ch[u.username] = `e2e-${u.username}`;
    await callCore(core, 'auth.signIn', { username: u.username, password: PASSWORD }, ch[u.username]);
  }
  const post = async (date: string, summary: string, lines: Array<Record<string, unknown>>) => {
    const v = await callCore(core, 'ledger.vouchers.create', { setId: set.id, date, summary, lines } as never, ch.kj1);
    await callCore(core, 'ledger.vouchers.review', { id: v.id }, ch.cw1);
    await callCore(core, 'ledger.vouchers.post', { id: v.id }, ch.kj2);
  };
  await post('2026-01-10', '收1月会费', [{ accountCode: '102', debit: 200_000 }, { accountCode: '401', credit: 200_000 }]);
  await post('2026-02-12', '职工篮球赛', [
    { accountCode: '5010201', debit: 150_000, expenseType: '基本支出', econCode: '30299' },
    { accountCode: '102', credit: 150_000 },
  ]);
  await post('2026-03-05', '收3月会费', [{ accountCode: '102', debit: 80_000 }, { accountCode: '401', credit: 80_000 }]);
  // 21 small cash withdrawals in April (10.00 each), so that 102 has 24 lines: two pages of 20.
  for (let k = 1; k <= 21; k++) {
    await post(`2026-04-${String(k).padStart(2, '0')}`, `提取备用金${k}`, [{ accountCode: '101', debit: 1_000 }, { accountCode: '102', credit: 1_000 }]);
  }

  // ── 明细账 ──
  await frame.open('ledger-books', '账簿查询');
  await pick(page, page.getByTestId('ledger-set'), '', `代管：${UNION}`);
  const books = new LedgerBooksPage(page);
  await books.detailOf('102');
  await expect(page.getByTestId('detail-range-opening')).toContainText('10,000.00');
  await pick(page, page.getByTestId('detail-page-size'), '', '每页 20 行');
  await expect(books.rows()).toHaveCount(20);
  // 10,000 + 2,000 = 12,000; − 1,500 = 10,500; + 800 = 11,300; then 17 × −10 on this page.
  await expect(page.getByTestId('detail-balance').nth(0)).toHaveText('12,000.00');
  await expect(page.getByTestId('detail-balance').nth(1)).toHaveText('10,500.00');
  await expect(page.getByTestId('detail-balance').nth(2)).toHaveText('11,300.00');
  await expect(page.getByTestId('detail-balance').nth(19)).toHaveText('11,130.00');
  await screenshot(page, testInfo, 'ledger-detail.png');
  // Page 2 carries the balance forward: 11,130.00, then 4 × −10 → 11,090.00.
  await page.getByTestId('detail-next').click();
  await expect(page.getByTestId('detail-page-no')).toHaveText('第 2 页');
  await expect(books.rows()).toHaveCount(4);
  await expect(page.getByTestId('detail-page-opening')).toContainText('11,130.00');
  await expect(page.getByTestId('detail-balance').last()).toHaveText('11,090.00');
  await expect(page.getByTestId('detail-next')).toBeDisabled();
  await page.getByTestId('detail-prev').click();
  await expect(books.rows()).toHaveCount(20);
  const download = page.waitForEvent('download');
  await page.getByTestId('detail-export').click();
  const file = path.join(RESULTS_DIR, 'ledger-detail-102.xlsx');
  await (await download).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('明细账')!;
  const last = ws.getColumn(3).values.findIndex((v) => v === '本期合计');
  expect(ws.getRow(last).getCell(9).value).toBe(11090);

  // The sub-account, filtered by 支出类型.
  await books.detailOf('5010201');
  await pick(page, page.getByTestId('detail-dim-expenseType'), '', '基本支出');
  await expect(books.rows()).toHaveCount(1);
  await expect(books.rows().first()).toContainText('职工篮球赛');
  await pick(page, page.getByTestId('detail-dim-expenseType'), '', '项目支出');
  await expect(books.rows()).toHaveCount(0);

  // 总账 of 401 and 辅助核算余额表 by 支出类型.
  await page.getByRole('tab', { name: '总账', exact: true }).click();
  await pick(page, page.getByTestId('general-account'), '401', /^401 /);
  await expect(page.getByTestId('general-table')).toContainText('2,800.00');
  await page.getByRole('tab', { name: '辅助核算余额表', exact: true }).click();
  await pick(page, page.getByTestId('aux-kind'), '', '基本支出/项目支出');
  const aux = page.getByTestId('aux-table');
  await expect(aux).toContainText('5010201');
  await expect(aux).toContainText('基本支出');
  await expect(aux).toContainText('1,500.00');
  await screenshot(page, testInfo, 'ledger-aux.png');

  // ── 预算执行 (no approved budget for the year: actual only) ──
  await frame.open('ledger-budget-exec', '预算执行情况表');
  await pick(page, page.getByTestId('budget-exec-set'), '', `代管：${UNION}`);
  await expect(page.getByTestId('budget-exec-source')).toContainText('尚无已批准的预算');
  await expect(page.getByTestId('budget-exec-row-收入-401').getByTestId('be-actual')).toHaveText('2,800.00');
  await expect(page.getByTestId('budget-exec-row-支出-50102').getByTestId('be-actual')).toHaveText('1,500.00');

  // ── year-end: close January–November, then 年末结转 ──
  await frame.open('ledger-periods', '期末处理');
  await pick(page, page.getByTestId('ledger-set'), '', `代管：${UNION}`);
  const periods = new LedgerPeriodsPage(page);
  await expect(page.getByTestId('year-end')).toBeDisabled();
  for (let m = 1; m <= 11; m++) {
    await periods.close(m);
    await expect(periods.row(m).getByTestId('period-status')).toHaveText('已结账');
  }
  await page.getByTestId('year-end').click();
  await page.getByTestId('year-end-ok').click();
  const result = page.getByTestId('year-end-result');
  await expect(result).toContainText('2026 年度结转完成');
  await expect(result).toContainText('已开启 2027 年度');
  // 32205 累计结余: 10,000 + 收入 2,800 − 支出 1,500 = 11,300 (贷).
  await expect(result).toContainText('32205');
  await expect(result).toContainText('11,300.00（贷）');
  await screenshot(page, testInfo, 'ledger-year-end.png');

  // ── the sub-account is in use: the core refuses to delete it ──
  await frame.open('ledger-setup', '账套设置');
  await setup.tab('会计科目');
  await setup.filterAccounts('5010201');
  await page.getByTestId('account-delete-5010201').click();
  await page.getByTestId('account-delete-ok').click();
  await expect(page.getByTestId('account-error')).toContainText('已有凭证或余额，不能删除');
});
