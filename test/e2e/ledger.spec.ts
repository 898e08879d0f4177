// 会计核算 end to end: a 会计 prepares a voucher (account search, required dimensions, amounts typed as
// 1,234.50, 大写 total), a 财务部门 user reviews it, a second 会计 posts it; the print view shows the 大写
// total and the three names; the month is closed; the voucher is reversed (红字冲销) in the next month and
// the two are linked both ways.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, RESULTS_DIR, TEST_ORG } from './fixtures';
import { LedgerPeriodsPage, LedgerVouchersPage } from './pages/LedgerPages';

const PASSWORD = 'Ledger2026';
const PREPARER = { username: 'kj1', displayName: '钱会计', roles: ['会计'] };
const REVIEWER = { username: 'cw1', displayName: '周财务', roles: ['财务部门'] };
const POSTER = { username: 'kj2', displayName: '孙会计', roles: ['会计'] };

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('三人填制、审核、记账一张凭证，打印，结账，下月红字冲销', async ({ page, core, signIn, frame }, testInfo) => {
  test.setTimeout(150_000);
  await initialiseOrg(core);
  await createUsersInCore(core, [PREPARER, REVIEWER, POSTER].map((u) => ({ ...u, password: PASSWORD })));
  const admin = await adminChannel(core);
  const units = await callCore(core, 'units.list', { page: 1, pageSize: 50 } as never, admin);
  const org = (units as { rows: Array<{ id: number; name: string }> }).rows.find((u) => u.name === TEST_ORG.orgName)!;
  const set = await callCore(core, 'ledger.sets.create', { name: '县总工会本级', unitId: org.id, chart: 'C', startYear: 2026, startMonth: 1 }, admin);
  await callCore(core, 'ledger.opening.set', { setId: set.id, rows: [{ accountCode: '102', debit: 10_000_000 }, { accountCode: '32205', credit: 10_000_000 }] }, admin);

  const vouchers = new LedgerVouchersPage(page);
  await page.reload();

  // 会计 prepares.
  await signIn.signInAndWait(PREPARER.username, PASSWORD);
  await frame.open('ledger-vouchers', '凭证管理');
  await vouchers.enter('2026-03-10', [
    { summary: '购买办公用品', account: '50602', debit: '1,234.50', fund: '工会资金', expense: '基本支出' },
    { summary: '购买办公用品', account: '102', credit: '1234.5' },
  ]);
  // Without the economic classification the core refuses and names the line.
  await page.getByTestId('voucher-save').click();
  await expect(page.getByTestId('voucher-error')).toContainText('第 1 行');
  await expect(page.getByTestId('voucher-error')).toContainText('经济分类');
  await vouchers.pickEcon(0, '30201');
  await expect(page.getByTestId('voucher-balance')).toHaveText('借贷平衡');
  await expect(page.getByTestId('voucher-upper')).toHaveText('壹仟贰佰叁拾肆元伍角整');
  await screenshot(page, testInfo, 'ledger-editor.png');
  await vouchers.save();
  await expect(vouchers.status()).toHaveText('草稿');
  // The preparer may not review his own voucher (the core says so).
  await page.getByTestId('voucher-review').click();
  await expect(page.getByTestId('voucher-action-error')).toContainText(/制单|同一/);
  await vouchers.closeDrawer();
  await frame.signOut();

  // 财务部门 reviews.
  await signIn.signInAndWait(REVIEWER.username, PASSWORD);
  await frame.open('ledger-vouchers', '凭证管理');
  await vouchers.open('记-0001');
  await page.getByTestId('voucher-review').click();
  await expect(vouchers.status()).toHaveText('已审核');
  await vouchers.closeDrawer();
  await frame.signOut();

  // A second 会计 posts and prints.
  await signIn.signInAndWait(POSTER.username, PASSWORD);
  await frame.open('ledger-vouchers', '凭证管理');
  await vouchers.open('记-0001');
  await page.getByTestId('voucher-post').click();
  await expect(vouchers.status()).toHaveText('已记账');
  await page.getByTestId('voucher-print').click();
  const print = page.getByTestId('voucher-print-view');
  await expect(print.getByTestId('print-upper')).toHaveText('壹仟贰佰叁拾肆元伍角整');
  await expect(print.getByTestId('print-signatures')).toContainText('制单：钱会计');
  await expect(print.getByTestId('print-signatures')).toContainText('审核：周财务');
  await expect(print.getByTestId('print-signatures')).toContainText('记账：孙会计');
  await screenshot(page, testInfo, 'ledger-print.png');
  await page.keyboard.press('Escape');
  await vouchers.closeDrawer();

  // Close March (January and February have no vouchers and close first).
  await frame.open('ledger-periods', '期末处理');
  const periods = new LedgerPeriodsPage(page);
  for (const m of [1, 2, 3]) {
    await periods.close(m);
    await expect(periods.row(m).getByTestId('period-status')).toHaveText('已结账');
  }
  await screenshot(page, testInfo, 'ledger-periods.png');

  // Reverse in April.
  await frame.open('ledger-vouchers', '凭证管理');
  await vouchers.open('记-0001');
  await page.getByTestId('voucher-reverse').click();
  const date = page.getByTestId('reverse-date');
  await date.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2026-04-02');
  await page.keyboard.press('Enter');
  await page.getByTestId('reverse-reason').fill('金额录入错误，红字冲销');
  await page.getByTestId('reverse-ok').click();
  await expect(page.getByTestId('voucher-reverses-link')).toHaveText('记-0001');
  await expect(page.getByTestId('voucher-detail-status')).toHaveText('草稿');
  await page.getByTestId('voucher-reverses-link').click();
  await expect(page.getByTestId('voucher-reversed-by-link')).toBeVisible();
  await screenshot(page, testInfo, 'ledger-reversal.png');

  // 账簿报表 for March: the statements on screen.
  await vouchers.closeDrawer();
  await frame.open('ledger-reports', '账簿报表');
  const month = page.getByTestId('report-month');
  await month.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2026-03');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: '试算平衡表' }).click();
  await expect(page.getByTestId('trial-result')).toContainText('平衡');
  await page.getByRole('tab', { name: '资产负债表' }).click();
  await expect(page.getByTestId('report-s01')).toContainText('98,765.50');
  await screenshot(page, testInfo, 'ledger-s01.png');
  await page.getByRole('tab', { name: '收入支出表' }).click();
  await expect(page.getByTestId('report-s02')).toContainText('1,234.50');
  await screenshot(page, testInfo, 'ledger-s02.png');

  // 导出 Excel: the workbook with the four sheets; 货币资金 期末余额 as a number.
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export').click();
  const file = path.join(RESULTS_DIR, 'ledger-statements.xlsx');
  await (await download).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['资产负债表', '收入支出表', '科目余额表', '试算平衡表']);
  const ws = wb.getWorksheet('资产负债表')!;
  const cash = ws.getColumn(1).values.findIndex((v) => v === '货币资金');
  expect(ws.getRow(cash).getCell(4).value).toBe(98765.5);

  // April cannot be closed while the red reversal is still a draft: the core's refusal is shown.
  await frame.open('ledger-periods', '期末处理');
  await periods.close(4);
  await expect(page.getByTestId('period-error')).toContainText('未记账');
  await expect(periods.row(4).getByTestId('period-status')).toHaveText('未结账');
});
