// The demo county's approved budget for the demo year: seven signed stages by the demo users, the rule
// checks passing, consolidated figures, and approved lines the expense chain can draw on.
import { describe, it, expect, afterAll } from 'vitest';
import { tempCore } from '../helpers/temp';
import { call } from '../helpers/session';
import { DEMO_PASSWORD } from '../../electron/core/domains/demo/demo';

const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
afterAll(async () => core.close());

describe('budget demo', () => {
  it('has an approved 2026 budget through seven stages, within the rules, that 支出申请 can draw on', async () => {
    await call(core, 'x', 'setup.loadDemo', {});
    await call(core, 'cw', 'auth.signIn', { username: 'caiwu', password: DEMO_PASSWORD });
    const books = await call(core, 'cw', 'budget.books.list', { year: 2026 });
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({ kind: '年初预算', status: '已批准' });
    const detail = await call(core, 'cw', 'budget.books.get', { bookId: books[0].id });
    expect(detail.steps.map((s: { username: string }) => s.username)).toEqual(['bumen', 'fenguan', 'caiwu', 'zhuxi', 'jingshen', 'changwei', 'bangong']);
    const checks = await call(core, 'cw', 'budget.checks', { year: 2026, bookId: books[0].id });
    expect(checks.passed).toBe(true);
    // Income 1,350,000.00 元 covers expenditure 1,290,000.00 元.
    const cons = await call(core, 'cw', 'budget.consolidate', { year: 2026, bookId: books[0].id, scope: '本级' });
    expect(cons.totals).toMatchObject({ incomeFen: 135_000_000, expenseFen: 129_000_000 });
    // The 组织部 clerk sees the department's approved lines with everything available.
    await call(core, 'jb', 'auth.signIn', { username: 'jingban', password: DEMO_PASSWORD });
    const lines = await call(core, 'jb', 'expense.budgetLines', { year: 2026 });
    const training = lines.find((l: { unitName: string; subjectCode: string }) => l.unitName === '组织部' && l.subjectCode === '50501');
    expect(training).toMatchObject({ budgetFen: 6_000_000, committedFen: 0, paidFen: 0, availableFen: 6_000_000 });
    // …and the request form starts on the clerk's own department.
    const meta = await call(core, 'jb', 'expense.meta', {});
    expect(meta.units.find((u: { id: number }) => u.id === meta.myUnitId)?.name).toBe('组织部');
    // The federation's own books exist for the 会计记账 step.
    const sets = await core.db.selectFrom('ledger_set').select(['name', 'chart', 'start_year']).execute();
    expect(sets).toEqual([{ name: '演示县总工会本级', chart: 'C', start_year: 2026 }]);
    // Approved versions are locked.
    const err = await core.db.updateTable('budget_line').set({ amount_fen: 1 }).where('subject_code', '=', '50501').execute().catch((e: Error) => e);
    expect(String(err)).toContain('锁定');
  });
});
