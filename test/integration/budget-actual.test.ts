// Last year's actual (上年执行数) beside the budget: vouchers posted in the books of 2025 through the ledger's
// createVoucher (reviewed and posted by other users) appear by subject in the 2026 consolidation, rolled up
// to level-one subjects, limited to the scope's ledger sets, and in the consolidated workbook's 收入预算表 /
// 支出预算表. Figures computed by hand in the comments.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { call, userWithRoles } from '../helpers/session';
import { createVoucher } from '../../electron/core/domains/ledger/vouchers';
import { A, CLERK, YEAR, county, federationBudget, grassrootsBudget, readExport, submit, type County } from './budget-fixtures';
import type { ConsolidatedSubjectRow, ConsolidatedUnitRow, ConsolidationResult } from '../../shared/contract/budget';

const LAST = YEAR - 1;
const y = (yuan: number) => yuan * 100;
const own = { fundSource: '工会资金', expenseType: '基本支出', econCode: '30215' };

let c: County;
let prepId: number;

/** Prepared with createVoucher (as the 会计 kj_prep), reviewed by the clerk (财务部门), posted by kj_post. */
async function book(setId: number, date: string, summary: string, lines: Parameters<typeof createVoucher>[3]['lines']) {
  const v = await createVoucher(c.core.db, { userId: prepId, username: 'kj_prep', role: '会计' }, new Date(), { setId, date, summary, lines });
  await call(c.core, CLERK, 'ledger.vouchers.review', { id: v.id });
  await call(c.core, 'kj_post', 'ledger.vouchers.post', { id: v.id });
  return v;
}

beforeAll(async () => {
  c = await county(2);
  prepId = (await userWithRoles(c.core, 'kj_prep', ['会计'])).user.id;
  await userWithRoles(c.core, 'kj_post', ['会计']);
  const fedSet = await call(c.core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: c.fed, chart: 'C', startYear: LAST, startMonth: 1 });
  const grassSet = await call(c.core, A, 'ledger.sets.create', { name: '代管：测试企业1有限公司工会', unitId: c.grassroots[0], chart: 'G', startYear: LAST, startMonth: 1 });

  // Federation 2025: 402 收 900,000; 50801 补助基层 700,000; 50602 办公 25,000 + 5,000; 40401 财政 280,000.
  await book(fedSet.id, `${LAST}-01-15`, '收到拨缴经费', [
    { accountCode: '102', debit: y(900_000) },
    { accountCode: '402', credit: y(900_000) },
  ]);
  await book(fedSet.id, `${LAST}-02-10`, '收到财政拨款', [
    { accountCode: '102', debit: y(280_000) },
    { accountCode: '40401', credit: y(280_000) },
  ]);
  await book(fedSet.id, `${LAST}-03-10`, '补助基层工会', [
    { accountCode: '50801', debit: y(700_000), ...own },
    { accountCode: '102', credit: y(700_000) },
  ]);
  await book(fedSet.id, `${LAST}-04-10`, '办公费', [
    { accountCode: '50602', debit: y(25_000), ...own },
    { accountCode: '50602', debit: y(5_000), ...own },
    { accountCode: '102', credit: y(30_000) },
  ]);
  // A draft is no actual figure.
  await createVoucher(c.core.db, { userId: prepId, username: 'kj_prep', role: '会计' }, new Date(), {
    setId: fedSet.id,
    date: `${LAST}-05-10`,
    summary: '草稿',
    lines: [{ accountCode: '50602', debit: y(999), ...own }, { accountCode: '102', credit: y(999) }],
  });
  // The grassroots union's 代管 set 2025: 401 会费 11,000; 50102 文体 4,000.
  await book(grassSet.id, `${LAST}-03-20`, '收会费', [
    { accountCode: '102', debit: y(11_000) },
    { accountCode: '401', credit: y(11_000) },
  ]);
  await book(grassSet.id, `${LAST}-06-20`, '文体活动', [
    { accountCode: '50102', debit: y(4_000), expenseType: '基本支出', econCode: '30299' },
    { accountCode: '102', credit: y(4_000) },
  ]);

  await submit(c.core, CLERK, c.fed, federationBudget());
  await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget());
});
afterAll(async () => c.core.close());

const row = (r: ConsolidationResult, direction: string, code: string) =>
  r.bySubject.find((s) => s.direction === direction && s.code === code) as ConsolidatedSubjectRow | undefined;

describe("last year's actual from the ledger", () => {
  it('stands beside the budget by subject, rolled up to level one, with totals', async () => {
    const r: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    expect(r.actualAvailable).toBe(true);
    expect(row(r, '收入', '402')).toMatchObject({ amountFen: y(1_000_000) + y(86_000) + 50, actualFen: y(900_000) });
    expect(row(r, '收入', '40401')).toMatchObject({ amountFen: y(300_000), actualFen: y(280_000) });
    // Level one 404 = its sub-account 40401.
    expect(row(r, '收入', '404')!.actualFen).toBe(y(280_000));
    expect(row(r, '收入', '401')).toMatchObject({ actualFen: y(11_000) });
    expect(row(r, '支出', '50801')!.actualFen).toBe(y(700_000));
    // The draft's 999 is not counted.
    expect(row(r, '支出', '50602')).toMatchObject({ amountFen: y(40_000), actualFen: y(30_000) });
    expect(row(r, '支出', '506')!.actualFen).toBe(y(30_000));
    expect(row(r, '支出', '50102')!.actualFen).toBe(y(4_000));
    // A budgeted subject without movement shows 0, not —.
    expect(row(r, '支出', '50501')!.actualFen).toBe(0);
    expect(r.totals.actualIncomeFen).toBe(y(900_000 + 280_000 + 11_000));
    expect(r.totals.actualExpenseFen).toBe(y(700_000 + 30_000 + 4_000));
  });

  it('by unit: the units that keep books here show their own actual', async () => {
    const r = await call(c.core, CLERK, 'budget.consolidate.units', { year: YEAR });
    const u = (id: number) => r.rows.find((x: ConsolidatedUnitRow) => x.unit.id === id) as ConsolidatedUnitRow;
    expect(u(c.fed)).toMatchObject({ actualIncomeFen: y(1_180_000), actualExpenseFen: y(730_000) });
    expect(u(c.grassroots[0])).toMatchObject({ actualIncomeFen: y(11_000), actualExpenseFen: y(4_000) });
  });

  it('a scope counts only the ledger sets of its units', async () => {
    const own: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '本级' });
    expect(own.totals.actualIncomeFen).toBe(y(1_180_000));
    expect(row(own, '收入', '401')).toBeUndefined();
    const low: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '基层' });
    expect(low.totals.actualIncomeFen).toBe(y(11_000));
    expect(low.totals.actualExpenseFen).toBe(y(4_000));
    expect(row(low, '收入', '402')!.actualFen).toBe(0);
  });

  it('a year without movements in the books shows no actual', async () => {
    const r: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: LAST });
    expect(r.actualAvailable).toBe(false);
    expect(r.totals.actualIncomeFen).toBeNull();
    expect(r.bySubject.every((s) => s.actualFen === null)).toBe(true);
  });

  it('the consolidated workbook carries 上年执行数 by subject and in the totals', async () => {
    const file = await call(c.core, CLERK, 'budget.report.export', { year: YEAR });
    const wb: ExcelJS.Workbook = await readExport(c.core, file.id);
    const figures = (sheet: string) => {
      const ws = wb.getWorksheet(sheet)!;
      let col = 0;
      let nameCol = 0;
      const out = new Map<string, number | null>();
      ws.eachRow((r) => {
        r.eachCell((cell, i) => {
          if (cell.value === '上年执行数') col = i;
          if (cell.value === '科目名称') nameCol = i;
        });
        if (!col) return;
        const key = String(r.getCell(1).value ?? '') || String(r.getCell(nameCol).value ?? '');
        const v = r.getCell(col).value;
        if (typeof v === 'number' || v === null) out.set(key, v === null ? null : Math.round(v * 100));
      });
      return out;
    };
    const income = figures('收入预算表');
    expect(income.get('402')).toBe(y(900_000));
    expect(income.get('404')).toBe(y(280_000));
    expect(income.get('收入合计')).toBe(y(1_191_000));
    const expense = figures('支出预算表');
    expect(expense.get('50602')).toBe(y(30_000));
    expect(expense.get('508')).toBe(y(700_000));
    expect(expense.get('支出合计')).toBe(y(734_000));
    // 基层单位预算汇总表: the units' own actual beside their budget.
    const ws = wb.getWorksheet('基层单位预算汇总表')!;
    const head = new Map<string, number>();
    ws.eachRow((r) => r.eachCell((cell, i) => typeof cell.value === 'string' && !head.has(cell.value) && head.set(cell.value, i)));
    const byCode = new Map<string, ExcelJS.Row>();
    ws.eachRow((r) => byCode.set(String(r.getCell(head.get('单位编码')!).value), r));
    const fen = (code: string, col: string) => Math.round(Number(byCode.get(code)!.getCell(head.get(col)!).value) * 100);
    expect(fen('ORG', '上年收入执行数')).toBe(y(1_180_000));
    expect(fen('ORG', '上年支出执行数')).toBe(y(730_000));
    expect(fen('JC00001', '上年支出执行数')).toBe(y(4_000));
  });
});
