// 预算执行情况表 with figures computed by hand: the budget from the approved budget book (imported and
// carried through the seven stages by the budget module), commitments from the expenditure chain, actual
// from posted vouchers; screen data and the exported workbook re-read.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { call, userWithRoles } from '../helpers/session';
import { A, CLERK, YEAR, county, federationBudget, grassrootsBudget, stageUsers, submit, type County } from './budget-fixtures';
import type { BudgetExecution, BudgetExecutionRow, LedgerSetRow, VoucherDetail } from '../../shared/contract/ledger';

let c: County;
let own: LedgerSetRow;
let grass: LedgerSetRow;
const PREP = 'kj_prep';
const REV = 'cw_rev';
const POST = 'kj_post';
const y = (yuan: number) => yuan * 100;
const USERS = ['jingban', 'fenguan', 'caiwu', 'zhuxi', 'jingshen', 'changwei', 'caiwu2'];
const EXTRA: Record<number, object> = {
  3: { meeting: { date: '2025-12-01', place: '三楼会议室', chair: '王主席', attendees: '主席、副主席', resolution: '同意' } },
  4: { committeeResolutionId: 'JSH-2025-07' },
  6: { approvalDoc: '市总工财〔2025〕12号', opinion: '同意' },
};

async function book(setId: number, date: string, summary: string, lines: unknown[]): Promise<VoucherDetail> {
  const v = await call(c.core, PREP, 'ledger.vouchers.create', { setId, date, summary, lines });
  await call(c.core, REV, 'ledger.vouchers.review', { id: v.id });
  return call(c.core, POST, 'ledger.vouchers.post', { id: v.id });
}

const pick = (r: BudgetExecution, direction: string, code: string) => {
  const row = r.rows.find((x) => x.direction === direction && x.code === code);
  if (!row) throw new Error(`no row ${direction} ${code}`);
  return { budget: row.budget, committed: row.committed, actual: row.actual, balance: row.balance, rate: row.rate };
};

beforeAll(async () => {
  c = await county(1);
  await stageUsers(c.core);
  await userWithRoles(c.core, PREP, ['会计']);
  await userWithRoles(c.core, REV, ['财务部门']);
  await userWithRoles(c.core, POST, ['会计']);
  // Budgets: the federation (本级, C chart) and one grassroots union (G chart); approved through seven stages.
  await submit(c.core, CLERK, c.fed, federationBudget());
  await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget());
  const b = await call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
  for (let s = 0; s <= 6; s++) await call(c.core, USERS[s], 'budget.books.act', { bookId: b.id, stage: s, action: '通过', ...EXTRA[s] });

  own = await call(c.core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: c.fed, chart: 'C', startYear: YEAR, startMonth: 1 });
  grass = await call(c.core, A, 'ledger.sets.create', { name: '代管：测试企业1有限公司工会', unitId: c.grassroots[0], chart: 'G', startYear: YEAR, startMonth: 1 });
  const dims = { fundSource: '工会资金', expenseType: '基本支出', econCode: '30216' };
  // 本级: 402 收 400,000; 50501 培训 15,000; 50602 商品和服务 10,000.
  await book(own.id, '2026-02-10', '收到拨缴经费', [{ accountCode: '102', debit: y(400_000) }, { accountCode: '402', credit: y(400_000) }]);
  await book(own.id, '2026-03-10', '工会干部培训', [{ accountCode: '50501', debit: y(15_000), ...dims }, { accountCode: '102', credit: y(15_000) }]);
  await book(own.id, '2026-03-20', '公务用车维护', [{ accountCode: '50602', debit: y(10_000), ...dims, econCode: '30231' }, { accountCode: '102', credit: y(10_000) }]);
  // 代管: 401 会费 6,000; 50102 文体 12,000.
  await book(grass.id, '2026-02-15', '收会费', [{ accountCode: '102', debit: y(6_000) }, { accountCode: '401', credit: y(6_000) }]);
  await book(grass.id, '2026-04-15', '职工篮球赛', [{ accountCode: '50102', debit: y(12_000), expenseType: '基本支出', econCode: '30299' }, { accountCode: '102', credit: y(12_000) }]);

  // The expenditure chain: one request in progress (占用 50501 8,000) and one paid line (50602 3,000, 已付:
  // not committed any more). Written as the expense module stores them.
  const user = (await c.core.db.selectFrom('app_user').select('id').where('username', '=', PREP).executeTakeFirstOrThrow()).id;
  const now = '2026-03-01T00:00:00Z';
  const req = await sql<{ id: number }>`insert into expense_request (number, year, seq, unit_id, applicant_id, applicant_name, apply_date, kind,
      purpose, payee_name, pay_method, amount_fen, status, step, created_at, updated_at)
    values ('ZC-2026-0001', 2026, 1, ${c.fed}, ${user}, '测试', '2026-03-01', '报销', '培训', '某培训中心', '转账', ${y(11_000)}, '审批中', 1, ${now}, ${now})
    returning id`.execute(c.core.db);
  const rid = req.rows[0].id;
  await sql`insert into expense_line (request_id, line_no, year, unit_id, subject_code, expense_type, fund_source, amount_fen, state)
    values (${rid}, 1, 2026, ${c.fed}, '50501', '基本支出', '工会资金', ${y(8_000)}, '占用'),
           (${rid}, 2, 2026, ${c.fed}, '50602', '基本支出', '工会资金', ${y(3_000)}, '已付')`.execute(c.core.db);
}, 120_000);
afterAll(async () => c.core.close());

describe('预算执行情况表', () => {
  it('本级 set: budget of the federation, commitments, actual, balance and rate per subject', async () => {
    const r: BudgetExecution = await call(c.core, PREP, 'ledger.reports.budgetExecution', { year: YEAR, setId: own.id });
    expect(r.book?.title).toBe(`${YEAR}年度预算`);
    expect(r.commitmentsIncluded).toBe(true);
    // 402: budget 1,000,000, actual 400,000 → balance 600,000, rate 40%.
    expect(pick(r, '收入', '402')).toEqual({ budget: y(1_000_000), committed: 0, actual: y(400_000), balance: y(600_000), rate: 0.4 });
    // 40401: budget 300,000, nothing received.
    expect(pick(r, '收入', '40401')).toEqual({ budget: y(300_000), committed: 0, actual: 0, balance: y(300_000), rate: 0 });
    // 50501: budget 60,000, committed 8,000, actual 15,000 → balance 37,000, rate 25%.
    expect(pick(r, '支出', '50501')).toEqual({ budget: y(60_000), committed: y(8_000), actual: y(15_000), balance: y(37_000), rate: 0.25 });
    // 50602: budget 30,000 + 10,000 = 40,000, actual 10,000 → 30,000, 25%.
    expect(pick(r, '支出', '50602')).toEqual({ budget: y(40_000), committed: 0, actual: y(10_000), balance: y(30_000), rate: 0.25 });
    // 505 subtotal = 50501 only; 506 = 50601 250,000 + 50602 40,000.
    expect(pick(r, '支出', '505')).toEqual({ budget: y(60_000), committed: y(8_000), actual: y(15_000), balance: y(37_000), rate: 0.25 });
    expect(pick(r, '支出', '506')).toMatchObject({ budget: y(290_000), actual: y(10_000) });
    // Totals: income 1,000,000 + 300,000 + 200,000 = 1,500,000 budget / 400,000 actual;
    // expense 850,000 + 150,000 + 250,000 + 30,000 + 10,000 + 60,000 = 1,350,000 / committed 8,000 / actual 25,000
    // → balance 1,350,000 − 8,000 − 25,000 = 1,317,000.
    expect(r.incomeTotal).toMatchObject({ budget: y(1_500_000), actual: y(400_000), balance: y(1_100_000) });
    expect(r.expenseTotal).toMatchObject({ budget: y(1_350_000), committed: y(8_000), actual: y(25_000), balance: y(1_317_000) });
    // Nothing of the grassroots union here.
    expect(r.rows.some((x) => x.code === '401' || x.code === '50102')).toBe(false);
  });

  it('代管 set: that unit\'s budget and books only, no commitments of the federation', async () => {
    const r: BudgetExecution = await call(c.core, PREP, 'ledger.reports.budgetExecution', { year: YEAR, setId: grass.id });
    expect(r.commitmentsIncluded).toBe(false);
    // 401: 12,000 budget, 6,000 actual; 50102: 30,000 budget, 12,000 actual (40%).
    expect(pick(r, '收入', '401')).toEqual({ budget: y(12_000), committed: 0, actual: y(6_000), balance: y(6_000), rate: 0.5 });
    expect(pick(r, '支出', '50102')).toEqual({ budget: y(30_000), committed: 0, actual: y(12_000), balance: y(18_000), rate: 0.4 });
    // 402 of the grassroots budget is 86,000.50 with no actual.
    expect(pick(r, '收入', '402')).toEqual({ budget: 8_600_050, committed: 0, actual: 0, balance: 8_600_050, rate: 0 });
    expect(r.rows.some((x) => x.code === '50501')).toBe(false);
  });

  it('all sets together, and the exported workbook re-read', async () => {
    const r: BudgetExecution = await call(c.core, PREP, 'ledger.reports.budgetExecution', { year: YEAR });
    // 402: 1,000,000 + 86,000.50 budget; 400,000 actual.
    expect(pick(r, '收入', '402')).toMatchObject({ budget: y(1_000_000) + 8_600_050, actual: y(400_000) });
    const file = await call(c.core, PREP, 'ledger.reports.exportBudgetExecution', { year: YEAR });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.core.env.files.exportPath(file.id).path);
    const ws = wb.getWorksheet('预算执行情况表')!;
    const found: Record<string, unknown[]> = {};
    ws.eachRow((row) => {
      const code = row.getCell(1).value;
      if (code === '50501' || code === '402') found[String(code)] = [3, 4, 5, 6, 7].map((i) => row.getCell(i).value);
    });
    expect(found['50501']).toEqual([60_000, 8_000, 15_000, 37_000, 0.25]);
    expect(found['402']).toEqual([1_086_000.5, null, 400_000, 686_000.5, 400_000 / 1_086_000.5]);
  });

  it('a year without an approved book: budget 0, no rate', async () => {
    const r: BudgetExecution = await call(c.core, PREP, 'ledger.reports.budgetExecution', { year: 2027, setId: own.id });
    expect(r.book).toBeNull();
    expect(r.rows).toEqual([]);
    expect((r.expenseTotal as BudgetExecutionRow).rate).toBeNull();
  });
});
