// Last year's budget and actual beside the consolidation by funding source and by project. Vouchers of 2025
// are prepared through the ledger's createVoucher (as the 会计 kj_prep), reviewed by the clerk and posted
// by kj_post; one is reversed in red, and the federation's books are closed for the year (year-end closing
// vouchers, which must not count). Every expected figure is computed by hand in the comments.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { call, userWithRoles } from '../helpers/session';
import { createVoucher } from '../../electron/core/domains/ledger/vouchers';
import { consolidateAll } from '../../electron/core/domains/budget/consolidate';
import { A, CLERK, YEAR, county, federationBudget, grassrootsBudget, readExport, submit, type County } from './budget-fixtures';
import type { ConsolidatedProjectRow, ConsolidatedSourceRow, ConsolidationResult } from '../../shared/contract/budget';

const LAST = YEAR - 1;
const y = (yuan: number) => yuan * 100;

let c: County;
let prepId: number;
let closingVouchers = 0;

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
  const [g0, g1] = c.grassroots;

  // Last year's budgets (2025, the working figures): the federation as this year (P01 困难职工帮扶 150,000);
  // 测试企业1 at half scale (P01 职工文体活动 15,000, P02 金秋助学 10,000); 测试企业2 none.
  await submit(c.core, CLERK, c.fed, federationBudget(), LAST);
  await submit(c.core, CLERK, g0, grassrootsBudget(0.5), LAST);
  // This year's budgets: the federation, 测试企业1 (P01 30,000, P02 20,000), 测试企业2 at double scale.
  await submit(c.core, CLERK, c.fed, federationBudget());
  await submit(c.core, CLERK, g0, grassrootsBudget());
  await submit(c.core, CLERK, g1, grassrootsBudget(2));

  // The federation's own books (C chart, receives same-level 财政拨款: expense lines carry 资金来源).
  const fed = await call(c.core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: c.fed, chart: 'C', fiscalFunding: true, startYear: LAST, startMonth: 1 });
  const bf = await call(c.core, 'kj_prep', 'ledger.dimensions.createProject', { setId: fed.id, code: 'P01', name: '困难职工帮扶（年度）', special: true });
  // Same name as the budget's P01 but another code: the code match wins, so this one is not the project's actual.
  const kn = await call(c.core, 'kj_prep', 'ledger.dimensions.createProject', { setId: fed.id, code: 'KN', name: '困难职工帮扶' });
  const union = (econCode: string) => ({ fundSource: '工会资金', expenseType: '基本支出', econCode });
  const project = (projectId: number) => ({ fundSource: '工会资金', expenseType: '项目支出', econCode: '30305', projectId });
  // 402 收 900,000 and 40401 收 280,000, both without 资金来源: 工会资金 and 财政拨款 (40401 closes to 财政拨款结转).
  await book(fed.id, `${LAST}-01-15`, '收到拨缴经费', [{ accountCode: '102', debit: y(900_000) }, { accountCode: '402', credit: y(900_000) }]);
  await book(fed.id, `${LAST}-02-10`, '收到财政拨款', [{ accountCode: '102', debit: y(280_000) }, { accountCode: '40401', credit: y(280_000) }]);
  // 50601 财政拨款 基本支出 200,000; 50602 工会资金 基本支出 30,000.
  await book(fed.id, `${LAST}-03-10`, '机关人员工资', [
    { accountCode: '50601', debit: y(200_000), fundSource: '财政拨款', expenseType: '基本支出', econCode: '30101' },
    { accountCode: '102', credit: y(200_000) },
  ]);
  await book(fed.id, `${LAST}-04-10`, '办公费', [{ accountCode: '50602', debit: y(30_000), ...union('30201') }, { accountCode: '102', credit: y(30_000) }]);
  // 50404 项目支出 on ledger project P01 120,000, on KN 9,000; a duplicate 15,000 on P01 reversed in red.
  await book(fed.id, `${LAST}-05-10`, '困难职工帮扶', [{ accountCode: '50404', debit: y(120_000), ...project(bf.id) }, { accountCode: '102', credit: y(120_000) }]);
  await book(fed.id, `${LAST}-05-12`, '困难职工临时救助', [{ accountCode: '50404', debit: y(9_000), ...project(kn.id) }, { accountCode: '102', credit: y(9_000) }]);
  const wrong = await book(fed.id, `${LAST}-06-10`, '困难职工帮扶（重复）', [{ accountCode: '50404', debit: y(15_000), ...project(bf.id) }, { accountCode: '102', credit: y(15_000) }]);
  const red = await call(c.core, 'kj_post', 'ledger.vouchers.reverse', { id: wrong.id, date: `${LAST}-06-20`, reason: '重复入账' });
  await call(c.core, CLERK, 'ledger.vouchers.review', { id: red.id });
  await call(c.core, 'kj_prep', 'ledger.vouchers.post', { id: red.id });
  // Year-end closing of 2025: 结转 vouchers carry every income and expense balance to net assets.
  for (let m = 1; m <= 11; m++) await call(c.core, 'kj_post', 'ledger.periods.close', { setId: fed.id, year: LAST, month: m });
  closingVouchers = (await call(c.core, 'kj_post', 'ledger.periods.yearEnd', { setId: fed.id, year: LAST })).vouchers.length;

  // 测试企业1's 代管 set (G chart, no 资金来源 at all: union money).
  const g = await call(c.core, A, 'ledger.sets.create', { name: '代管：测试企业1有限公司工会', unitId: g0, chart: 'G', startYear: LAST, startMonth: 1 });
  const wt = await call(c.core, 'kj_prep', 'ledger.dimensions.createProject', { setId: g.id, code: 'WT', name: '职工文体活动' });
  const zx = await call(c.core, 'kj_prep', 'ledger.dimensions.createProject', { setId: g.id, code: 'P02', name: '助学' });
  const gp = (projectId: number) => ({ expenseType: '项目支出', econCode: '30299', projectId });
  // 401 收 11,000; 50102 项目 WT 7,000 (budget P01 by name); 50405 项目 P02 3,000 (by code); 50101 基本 2,000.
  await book(g.id, `${LAST}-03-20`, '收会费', [{ accountCode: '102', debit: y(11_000) }, { accountCode: '401', credit: y(11_000) }]);
  await book(g.id, `${LAST}-05-20`, '职工篮球赛', [{ accountCode: '50102', debit: y(7_000), ...gp(wt.id) }, { accountCode: '102', credit: y(7_000) }]);
  await book(g.id, `${LAST}-09-01`, '金秋助学', [{ accountCode: '50405', debit: y(3_000), ...gp(zx.id) }, { accountCode: '102', credit: y(3_000) }]);
  await book(g.id, `${LAST}-10-01`, '技能培训', [{ accountCode: '50101', debit: y(2_000), expenseType: '基本支出', econCode: '30216' }, { accountCode: '102', credit: y(2_000) }]);

  // 测试企业2 opens books only in 2026: no books for 2025 (上年执行数 —).
  await call(c.core, A, 'ledger.sets.create', { name: '代管：测试企业2有限公司工会', unitId: g1, chart: 'G', startYear: YEAR, startMonth: 1 });
});
afterAll(async () => c.core.close());

const src = (r: ConsolidationResult, direction: string, fundingSource: string, expenseType: string | null = null) =>
  r.bySource.find((s) => s.direction === direction && s.fundingSource === fundingSource && s.expenseType === expenseType) as ConsolidatedSourceRow | undefined;

async function projects(scope = '全部', year = YEAR, extra: object = {}): Promise<ConsolidatedProjectRow[]> {
  return (await call(c.core, CLERK, 'budget.consolidate.projects', { year, scope, page: 1, pageSize: 50, ...extra })).rows;
}
const proj = (rows: ConsolidatedProjectRow[], unitId: number, code: string) => rows.find((p) => p.unit.id === unitId && p.code === code)!;

describe('by funding source: last year’s actual from the books', () => {
  it('stands beside last year’s budget, untagged lines read as the year-end closing reads them', async () => {
    expect(closingVouchers).toBeGreaterThan(0);
    const r: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    // Income: 工会资金 900,000 (402) + 11,000 (401) = 911,000; 财政拨款 280,000 (40401).
    expect(src(r, '收入', '工会资金')).toMatchObject({ actualFen: y(911_000) });
    expect(src(r, '收入', '财政拨款')).toMatchObject({ amountFen: y(300_000), lastYearFen: y(300_000), actualFen: y(280_000) });
    // Expenditure: 财政拨款 基本 200,000; 工会资金 基本 30,000 + 2,000 = 32,000;
    // 工会资金 项目 120,000 + 9,000 + 7,000 + 3,000 = 139,000 (the red-reversed 15,000 nets to 0).
    expect(src(r, '支出', '财政拨款', '基本支出')).toMatchObject({ amountFen: y(250_000), lastYearFen: y(250_000), actualFen: y(200_000) });
    expect(src(r, '支出', '工会资金', '基本支出')!.actualFen).toBe(y(32_000));
    // 项目支出 budget: federation 150,000 + 测试企业1 50,000 + 测试企业2 100,000 = 300,000; last year 150,000 + 25,000.
    expect(src(r, '支出', '工会资金', '项目支出')).toMatchObject({ amountFen: y(300_000), lastYearFen: y(175_000), actualFen: y(139_000) });
    // The rows add up to the totals by subject (closing vouchers excluded on both sides).
    const sum = (d: string) => r.bySource.filter((s) => s.direction === d).reduce((a, s) => a + (s.actualFen ?? 0), 0);
    expect(sum('收入')).toBe(r.totals.actualIncomeFen);
    expect(sum('支出')).toBe(r.totals.actualExpenseFen);
    expect(r.totals.actualIncomeFen).toBe(y(1_191_000));
    expect(r.totals.actualExpenseFen).toBe(y(200_000 + 32_000 + 139_000));
  });

  it('a scope counts only the ledger sets of its units', async () => {
    const own: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '本级' });
    expect(src(own, '收入', '工会资金')!.actualFen).toBe(y(900_000));
    expect(src(own, '支出', '工会资金', '项目支出')!.actualFen).toBe(y(129_000));
    expect(src(own, '支出', '工会资金', '基本支出')!.actualFen).toBe(y(30_000));
    const low: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '基层' });
    expect(src(low, '收入', '工会资金')!.actualFen).toBe(y(11_000));
    expect(src(low, '支出', '工会资金', '项目支出')!.actualFen).toBe(y(10_000));
    expect(src(low, '支出', '工会资金', '基本支出')!.actualFen).toBe(y(2_000));
    expect(src(low, '收入', '财政拨款')).toBeUndefined();
  });

  it('a year without movements in the books shows — (null)', async () => {
    const r: ConsolidationResult = await call(c.core, CLERK, 'budget.consolidate', { year: LAST });
    expect(r.bySource.length).toBeGreaterThan(0);
    expect(r.bySource.every((s) => s.actualFen === null && s.lastYearFen === null)).toBe(true);
  });
});

describe('by project: last year’s budget and actual', () => {
  it('matches the same unit’s project by code, the books’ project by code, else by name', async () => {
    const rows = await projects();
    expect(rows).toHaveLength(5);
    // Federation P01: last year 150,000; books P01 120,000 (+15,000 − 15,000 red); KN (same name) not counted.
    expect(proj(rows, c.fed, 'P01')).toMatchObject({ totalFen: y(150_000), lastYearFen: y(150_000), actualFen: y(120_000) });
    // 测试企业1 P01 职工文体活动: last year 15,000; books WT 职工文体活动 7,000 (by name). P02: 10,000; books P02 3,000.
    expect(proj(rows, c.grassroots[0], 'P01')).toMatchObject({ totalFen: y(30_000), lastYearFen: y(15_000), actualFen: y(7_000) });
    expect(proj(rows, c.grassroots[0], 'P02')).toMatchObject({ totalFen: y(20_000), lastYearFen: y(10_000), actualFen: y(3_000) });
    // 测试企业2: no budget last year (0), books only from 2026 (null).
    expect(proj(rows, c.grassroots[1], 'P01')).toMatchObject({ totalFen: y(60_000), lastYearFen: 0, actualFen: null });
  });

  it('is filled for the requested page and follows the scope', async () => {
    const second = await call(c.core, CLERK, 'budget.consolidate.projects', { year: YEAR, scope: '全部', page: 2, pageSize: 2 });
    expect(second.total).toBe(5);
    expect(second.rows).toHaveLength(2);
    expect(second.rows.every((p: ConsolidatedProjectRow) => p.lastYearFen !== null)).toBe(true);
    const own = await projects('本级');
    expect(own.map((p) => [p.unit.id, p.code, p.actualFen])).toEqual([[c.fed, 'P01', y(120_000)]]);
    const low = await projects('基层');
    expect(low.map((p) => p.actualFen)).toEqual([y(7_000), y(3_000), null, null]);
  });

  it('the whole list (CLI budget consolidate) reads the same figures as the pages', async () => {
    const all = await consolidateAll(c.core.db, YEAR, null, '全部');
    const paged = await projects();
    const figures = (rows: ConsolidatedProjectRow[]) => rows.map((p) => [p.projectId, p.lastYearFen, p.actualFen]);
    expect(figures(all.byProject)).toEqual(figures(paged));
    expect(figures(all.byProject)).toContainEqual([proj(paged, c.grassroots[0], 'P01').projectId, y(15_000), y(7_000)]);
    expect(src(all, '支出', '工会资金', '项目支出')!.actualFen).toBe(y(139_000));
  });

  it('without a last-year budget or books that year, both are —', async () => {
    const rows = await projects('全部', LAST);
    expect(rows).toHaveLength(3);
    expect(rows.every((p) => p.lastYearFen === null && p.actualFen === null)).toBe(true);
  });
});

describe('the consolidated workbook', () => {
  it('项目预算表 carries 上年预算数 and 上年执行数 per project and in the total', async () => {
    const file = await call(c.core, CLERK, 'budget.report.export', { year: YEAR });
    const wb: ExcelJS.Workbook = await readExport(c.core, file.id);
    const ws = wb.getWorksheet('项目预算表')!;
    const head = new Map<string, number>();
    ws.eachRow((r) => r.eachCell((cell, i) => typeof cell.value === 'string' && !head.has(cell.value) && head.set(cell.value, i)));
    expect(head.has('上年预算数') && head.has('上年执行数')).toBe(true);
    const fen = (r: ExcelJS.Row, col: string) => {
      const v = r.getCell(head.get(col)!).value;
      return v === null || v === undefined || v === '' ? null : Math.round(Number(v) * 100);
    };
    const byKey = new Map<string, ExcelJS.Row>();
    let total: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      byKey.set(`${r.getCell(head.get('单位编码')!).value}|${r.getCell(head.get('项目编号')!).value}`, r);
      if (r.getCell(head.get('单位名称')!).value === '合计') total = r;
    });
    const row = (unit: string, code: string) => byKey.get(`${unit}|${code}`)!;
    expect([fen(row('ORG', 'P01'), '上年预算数'), fen(row('ORG', 'P01'), '上年执行数')]).toEqual([y(150_000), y(120_000)]);
    expect([fen(row('JC00001', 'P01'), '上年预算数'), fen(row('JC00001', 'P01'), '上年执行数')]).toEqual([y(15_000), y(7_000)]);
    expect([fen(row('JC00001', 'P02'), '上年预算数'), fen(row('JC00001', 'P02'), '上年执行数')]).toEqual([y(10_000), y(3_000)]);
    expect([fen(row('JC00002', 'P02'), '上年预算数'), fen(row('JC00002', 'P02'), '上年执行数')]).toEqual([0, null]);
    expect(total).toBeDefined();
    // 150,000 + 15,000 + 10,000 + 0 + 0; 120,000 + 7,000 + 3,000.
    expect(fen(total!, '上年预算数')).toBe(y(175_000));
    expect(fen(total!, '上年执行数')).toBe(y(130_000));
    expect(fen(total!, '项目总额')).toBe(y(150_000 + 50_000 + 100_000));
  });
});
