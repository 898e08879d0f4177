// 预算汇总 shows last year's actual (上年执行数) from the books: vouchers of the previous year prepared,
// reviewed and posted by three users through the core appear by subject, by funding source and by project
// beside this year's budget (and last year's budget: the federation's budget of both years is imported).
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, TEST_ORG } from './fixtures';
import { BudgetConsolidatePage } from './pages/BudgetPages';
import { federationBudget, submit } from '../integration/budget-fixtures';

const YEAR = TEST_ORG.fiscalYear;
const LAST = YEAR - 1;
const PASSWORD = 'Budget2026';
const USERS = [
  { username: 'kuaiji', displayName: '钱会计', roles: ['财务部门'] },
  { username: 'zhidan', displayName: '孙制单', roles: ['会计'] },
  { username: 'jizhang', displayName: '李记账', roles: ['会计'] },
];
const own = { fundSource: '工会资金', expenseType: '基本支出', econCode: '30215' };

test.describe('预算汇总：上年执行数', () => {
  test('上年账簿中已记账的收支按科目列在预算旁', async ({ page, core, signIn, frame }) => {
    test.setTimeout(120_000);
    await initialiseOrg(core);
    await createUsersInCore(core, USERS.map((u) => ({ ...u, password: PASSWORD })));
    const admin = await adminChannel(core);
    for (const u of USERS) await callCore(core, 'auth.signIn', { username: u.username, password: PASSWORD }, `e2e-${u.username}`);
    const org = (await callCore(core, 'units.list', { kind: '总工会', page: 1, pageSize: 10 }, admin)).rows[0];
    const set = await callCore(core, 'ledger.sets.create', { name: '县总工会本级', unitId: org.id, chart: 'C', startYear: LAST, startMonth: 1 } as never, admin);
    const book = async (date: string, summary: string, lines: unknown[]) => {
      const v = await callCore(core, 'ledger.vouchers.create', { setId: set.id, date, summary, lines } as never, 'e2e-zhidan');
      await callCore(core, 'ledger.vouchers.review', { id: v.id } as never, 'e2e-kuaiji');
      await callCore(core, 'ledger.vouchers.post', { id: v.id } as never, 'e2e-jizhang');
    };
    await book(`${LAST}-03-15`, '收到拨缴经费', [
      { accountCode: '102', debit: 90_000_000 },
      { accountCode: '402', credit: 90_000_000 },
    ]);
    await book(`${LAST}-04-10`, '办公费', [
      { accountCode: '50602', debit: 2_500_050, ...own },
      { accountCode: '102', credit: 2_500_050 },
    ]);
    // A project of the books with the budget project's code: 12,000 spent on it last year.
    const bf = await callCore(core, 'ledger.dimensions.createProject', { setId: set.id, code: 'P01', name: '困难职工帮扶' } as never, admin);
    await book(`${LAST}-05-10`, '困难职工帮扶', [
      { accountCode: '50404', debit: 1_200_000, fundSource: '工会资金', expenseType: '项目支出', econCode: '30305', projectId: bf.id },
      { accountCode: '102', credit: 1_200_000 },
    ]);
    // The federation's budget of last year and of this year (P01 困难职工帮扶 150,000 in both).
    await submit(core, 'e2e-kuaiji', org.id, federationBudget(), LAST);
    await submit(core, 'e2e-kuaiji', org.id, federationBudget(), YEAR);

    await page.reload();
    await signIn.signInAndWait('kuaiji', PASSWORD);
    await frame.open('budget-consolidate', '预算汇总');
    const cons = new BudgetConsolidatePage(page);
    await cons.root.waitFor();
    await expect(page.getByText(`上年执行数取自 ${LAST} 年度账簿`)).toBeVisible();
    const income = page.getByTestId('budget-subjects-收入');
    await expect(income.locator('[data-testid="budget-subject-row"][data-code="402"]').getByTestId('budget-actual-cell')).toHaveText('900,000.00');
    await cons.tab('支出（按科目）');
    const expense = page.getByTestId('budget-subjects-支出');
    await expect(expense.locator('[data-testid="budget-subject-row"][data-code="50602"]').getByTestId('budget-actual-cell')).toHaveText('25,000.50');
    await expect(expense.locator('[data-testid="budget-subject-row"][data-code="506"]').getByTestId('budget-actual-cell')).toHaveText('25,000.50');
    // 50602 25,000.50 + 50404 12,000.
    await expect(page.getByTestId('budget-total-actual')).toHaveText('37,000.50');

    await cons.tab('按资金来源');
    const sources = page.getByTestId('budget-sources');
    const source = (key: string) => sources.locator(`[data-testid="budget-source-row"][data-key="${key}"]`);
    await expect(source('收入|工会资金|').getByTestId('budget-source-actual')).toHaveText('900,000.00');
    await expect(source('支出|工会资金|项目支出').getByTestId('budget-source-last')).toHaveText('150,000.00');
    await expect(source('支出|工会资金|项目支出').getByTestId('budget-source-actual')).toHaveText('12,000.00');
    await expect(source('支出|工会资金|基本支出').getByTestId('budget-source-actual')).toHaveText('25,000.50');

    await cons.tab('按项目');
    const project = page.getByTestId('budget-projects').locator('[data-testid="budget-project-row"][data-code="P01"]');
    await expect(project.getByTestId('budget-project-last')).toHaveText('150,000.00');
    await expect(project.getByTestId('budget-project-actual')).toHaveText('12,000.00');
  });
});
