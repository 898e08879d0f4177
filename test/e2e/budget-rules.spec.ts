// 预算规则: the finance clerk changes a rule from next year on (a parameter error from the core first, then
// a valid change), sees both versions, the year's rule unchanged and next year's new; withdraws a budget in
// the procedure with a reason; a read-only user sees the rules but can neither change nor withdraw.
import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, callCore, createUsersInCore, initialiseOrg, RESULTS_DIR, TEST_ORG } from './fixtures';
import { BudgetRulesPage } from './pages/BudgetPages';

const YEAR = TEST_ORG.fiscalYear;
const PASSWORD = 'Budget2026';
const CLERK = { username: 'kuaiji', displayName: '钱会计', roles: ['财务部门'] };
const READER = { username: 'shenyue', displayName: '审阅人', roles: ['只读审阅'] };

async function screenshot(page: Page, testInfo: TestInfo, name: string, title: string) {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(title, { path: file, contentType: 'image/png' });
}

test.describe('预算规则', () => {
  test('改规则（新版本、历史保留）、撤销审批中的预算；只读用户不能改', async ({ page, core, signIn, frame }, testInfo) => {
    test.setTimeout(120_000);
    await initialiseOrg(core);
    await createUsersInCore(core, [CLERK, READER].map((u) => ({ ...u, password: PASSWORD })));
    await callCore(core, 'auth.signIn', { username: CLERK.username, password: PASSWORD }, 'e2e-clerk');
    const book = await callCore(core, 'budget.books.create', { year: YEAR, kind: '年初预算' }, 'e2e-clerk');

    await page.reload();
    await signIn.signInAndWait(CLERK.username, PASSWORD);
    const labels = await frame.allMenuLabels();
    const budgetMenu = labels.filter((l) => ['预算收集', '预算汇总', '预算审批', '预算规则'].includes(l));
    expect(budgetMenu).toEqual(['预算收集', '预算汇总', '预算审批', '预算规则']);
    await frame.open('budget-rules', '预算规则');
    const rules = new BudgetRulesPage(page);
    await rules.waitForTable();
    const retained = rules.rule('retained_to_grassroots');
    await expect(retained.getByTestId('budget-rule-params')).toContainText('最低比例：80%；用于下级和基层的支出科目：508');
    await expect(retained.getByTestId('budget-rule-blocking-tag')).toHaveText('阻断');
    await expect(retained.getByTestId('budget-rule-period')).toHaveText('2000-01-01 至 今后');
    await screenshot(page, testInfo, 'budget-rules.png', '预算规则：某年度适用的规则');

    // The forbidden purposes are edited entry by entry.
    await rules.edit('forbidden');
    await expect(rules.drawer.getByTestId('budget-rule-field-entries-row').first()).toBeVisible();
    await page.waitForTimeout(500); // the drawer's slide-in
    await screenshot(page, testInfo, 'budget-rule-forbidden.png', '预算规则：禁止列支事项逐项编辑');
    await rules.drawer.getByRole('button', { name: '取消' }).click();
    await expect(rules.drawer).toBeHidden();

    // A parameter the core refuses: the numerator emptied.
    await rules.edit('retained_to_grassroots');
    await rules.drawer.getByTestId('budget-rule-field-numerator').click();
    await page.keyboard.press('Backspace');
    await rules.drawer.getByTestId('budget-rule-save').click();
    await expect(rules.drawer.getByTestId('budget-rule-error')).toContainText('请至少指定一个分子科目');
    await rules.drawer.getByRole('button', { name: '取消' }).click();
    await expect(rules.drawer).toBeHidden();

    // The valid change: 85%, a warning only, from next 1 January (the default date).
    await rules.edit('retained_to_grassroots');
    const from = await rules.field('budget-rule-from').inputValue();
    expect(from).toMatch(/^\d{4}-01-01$/);
    await rules.field('budget-rule-field-min').fill('85');
    await rules.drawer.getByTestId('budget-rule-blocking').click();
    await rules.drawer.getByTestId('budget-rule-basis').fill('本省新规定');
    await rules.drawer.getByTestId('budget-rule-save').click();
    await expect(rules.drawer).toBeHidden();
    const nextYear = Number(from.slice(0, 4));
    const dayBefore = `${nextYear - 1}-12-31`;
    // This year keeps the old version, now ending the day before.
    await expect(retained.getByTestId('budget-rule-params')).toContainText('最低比例：80%');
    await expect(retained.getByTestId('budget-rule-period')).toHaveText(`2000-01-01 至 ${dayBefore}`);
    await retained.getByTestId('budget-rule-history').click();
    const versions = page.getByTestId('budget-rule-versions').getByTestId('budget-rule-version');
    await expect(versions).toHaveCount(2);
    await expect(versions.nth(1)).toContainText(`${nextYear}-01-01`);
    await expect(versions.nth(1)).toContainText('最低比例：85%');
    await expect(versions.nth(1)).toContainText('提示');
    await page.keyboard.press('Escape');
    await rules.setYear(nextYear);
    await expect(retained.getByTestId('budget-rule-params')).toContainText('最低比例：85%');
    await expect(retained.getByTestId('budget-rule-blocking-tag')).toHaveText('提示');

    // Withdrawing the budget in the procedure.
    await rules.setYear(YEAR);
    await rules.tab('撤销审批');
    const row = page.locator(`[data-testid="budget-book-row"][data-id="${book.id}"]`);
    await expect(row.getByTestId('budget-book-status')).toHaveText('审批中（部门提出）');
    await row.getByTestId('budget-book-cancel').click();
    await expect(page.getByTestId('budget-cancel-confirm')).toBeDisabled();
    await page.getByTestId('budget-cancel-reason').fill('各单位预算需重新编报');
    await screenshot(page, testInfo, 'budget-book-cancel.png', '预算规则：撤销审批中的预算');
    await page.getByTestId('budget-cancel-confirm').click();
    await expect(row.getByTestId('budget-book-status')).toHaveText('已撤销');
    await expect(row.getByTestId('budget-book-cancel')).toHaveCount(0);
    const detail = await callCore(core, 'budget.books.get', { bookId: book.id }, 'e2e-clerk');
    expect(detail.steps.at(-1)).toMatchObject({ action: '撤销', opinion: '各单位预算需重新编报', username: CLERK.username });

    // A read-only user: the rules, no 修改, no 撤销.
    await frame.signOut();
    await signIn.signInAndWait(READER.username, PASSWORD);
    await frame.open('budget-rules', '预算规则');
    await rules.waitForTable();
    await expect(rules.rule('balance')).toBeVisible();
    await expect(page.getByTestId('budget-rule-edit')).toHaveCount(0);
    await rules.tab('撤销审批');
    await expect(page.getByTestId('budget-book-row')).toHaveCount(1);
    await expect(page.getByTestId('budget-book-cancel')).toHaveCount(0);
  });
});
