// 预算汇总 shows last year's actual (上年执行数) from the books: vouchers of the previous year prepared,
// reviewed and posted by three users through the core appear by subject beside this year's budget.
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, TEST_ORG } from './fixtures';
import { BudgetConsolidatePage } from './pages/BudgetPages';

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
    await expect(page.getByTestId('budget-total-actual')).toHaveText('25,000.50');
  });
});
