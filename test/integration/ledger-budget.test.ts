// Budget execution from the books: actual income and spending per budget subject (budget-link.ts), with
// figures computed by hand in the comments.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { getSetting, SETTING } from '../../electron/core/settings';
import { actualBySubject, subjectOfAccount } from '../../electron/core/domains/ledger/budget-link';
import type { LedgerSetRow, VoucherDetail } from '../../shared/contract/ledger';

let core: Awaited<ReturnType<typeof tempCore>>;
let set: LedgerSetRow;
let grass: LedgerSetRow;
const A = 'admin';
const PREP = 'kj_prep';
const REV = 'cw_rev';
const POST = 'kj_post';
const y = (yuan: number) => yuan * 100;
const own = { fundSource: '工会资金', expenseType: '基本支出', econCode: '30215' };

async function book(setId: number, date: string, summary: string, lines: unknown[]): Promise<VoucherDetail> {
  const v = await call(core, PREP, 'ledger.vouchers.create', { setId, date, summary, lines });
  await call(core, REV, 'ledger.vouchers.review', { id: v.id });
  return call(core, POST, 'ledger.vouchers.post', { id: v.id });
}

beforeAll(async () => {
  core = await tempCore({ now: frozenClock('2026-01-05T09:00:00+08:00') });
  await initialise(core);
  await userWithRoles(core, PREP, ['会计']);
  await userWithRoles(core, REV, ['财务部门']);
  await userWithRoles(core, POST, ['会计']);
  const unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  set = await call(core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: unit, chart: 'C', startYear: 2026, startMonth: 1 });
  grass = await call(core, A, 'ledger.sets.create', { name: '代管：某基层工会', unitId: unit, chart: 'G', startYear: 2026, startMonth: 1 });
  // A self-added sub-account under 50502 会议支出.
  await call(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '50502', code: '5050201', name: '经审会会议' });
  await call(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '50502', code: '5050202', name: '其他会议' });

  // C set: 402 收 300,000; 5050202 其他会议 20,000 + 5050201 经审会 4,000; 50602 8,000 reversed in red.
  await book(set.id, '2026-01-15', '收到拨缴经费', [
    { accountCode: '102', debit: y(300_000) },
    { accountCode: '402', credit: y(300_000) },
  ]);
  await book(set.id, '2026-02-10', '会议费', [
    { accountCode: '5050202', debit: y(20_000), ...own },
    { accountCode: '5050201', debit: y(4_000), ...own },
    { accountCode: '102', credit: y(24_000) },
  ]);
  const wrong = await book(set.id, '2026-03-10', '办公费（重复）', [
    { accountCode: '50602', debit: y(8_000), ...own },
    { accountCode: '102', credit: y(8_000) },
  ]);
  const red = await call(core, POST, 'ledger.vouchers.reverse', { id: wrong.id, date: '2026-04-02', reason: '重复入账' });
  await call(core, REV, 'ledger.vouchers.review', { id: red.id });
  await call(core, PREP, 'ledger.vouchers.post', { id: red.id });
  // A draft is not actual.
  await call(core, PREP, 'ledger.vouchers.create', {
    setId: set.id, date: '2026-04-05', summary: '草稿',
    lines: [{ accountCode: '5050202', debit: y(999), ...own }, { accountCode: '102', credit: y(999) }],
  });
  // G set: 401 会费 12,000; 50102 文体 3,000.
  await book(grass.id, '2026-01-20', '收会费', [
    { accountCode: '102', debit: y(12_000) },
    { accountCode: '401', credit: y(12_000) },
  ]);
  await book(grass.id, '2026-02-20', '文体活动', [
    { accountCode: '50102', debit: y(3_000), expenseType: '基本支出', econCode: '30299' },
    { accountCode: '102', credit: y(3_000) },
  ]);
});
afterAll(async () => core.close());

describe('actualBySubject', () => {
  it('maps self-added sub-accounts to their prescribed subject', () => {
    expect(subjectOfAccount('C', '5050201')).toBe('50502');
    expect(subjectOfAccount('C', '402')).toBe('402');
    expect(subjectOfAccount('G', '401')).toBe('401');
    expect(subjectOfAccount('C', '102')).toBeNull();
  });

  it('sums posted income and expense of one set per subject, net of red reversals, drafts left out', async () => {
    const m = await actualBySubject(core.db, { year: 2026, setId: set.id });
    // 402: 300,000; 50502: 20,000 + 4,000 = 24,000; 50602: 8,000 − 8,000 = 0 (absent).
    expect(Object.fromEntries(m)).toEqual({ '402': y(300_000), '50502': y(24_000) });
  });

  it('sums every set when no set is given', async () => {
    const m = await actualBySubject(core.db, { year: 2026 });
    expect(Object.fromEntries(m)).toEqual({ '402': y(300_000), '50502': y(24_000), '401': y(12_000), '50102': y(3_000) });
    expect((await actualBySubject(core.db, { year: 2025 })).size).toBe(0);
  });
});

async function sheetRows(fileId: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(core.env.files.exportPath(fileId).path);
  const ws = wb.getWorksheet(name)!;
  expect(ws.views[0]?.state).toBe('frozen');
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('book exports', () => {
  it('明细账 of 102: every posted line with the running balance and the period totals', async () => {
    const file = await call(core, PREP, 'ledger.reports.exportBook', { setId: set.id, year: 2026, book: 'detail', accountCode: '102' });
    expect(file.name).toBe('县总工会本级_2026年_明细账_102.xlsx');
    const rows = await sheetRows(file.id, '明细账');
    const data = rows.filter((r) => typeof r[0] === 'string' && /^2026-/.test(r[0] as string));
    // 01-15 +300,000 → 300,000; 02-10 −24,000 → 276,000; 03-10 −8,000 → 268,000; 04-02 red −(−8,000) → 276,000.
    expect(data.map((r) => [r[0], r[5] ?? null, r[6] ?? null, r[7], r[8]])).toEqual([
      ['2026-01-15', 300_000, null, '借', 300_000],
      ['2026-02-10', null, 24_000, '借', 276_000],
      ['2026-03-10', null, 8_000, '借', 268_000],
      ['2026-04-02', null, -8_000, '借', 276_000],
    ]);
    const total = rows.find((r) => r[2] === '本期合计')!;
    expect([total[5], total[6], total[8]]).toEqual([300_000, 24_000, 276_000]);
  });

  it('辅助核算余额表 by funding source under 505, and 总账 of 402', async () => {
    const aux = await call(core, PREP, 'ledger.reports.exportBook', { setId: set.id, year: 2026, book: 'aux', kind: 'fundSource', accountCode: '505', monthTo: 12 });
    const rows = (await sheetRows(aux.id, '辅助核算余额表')).filter((r) => r[0] === '工会资金');
    expect(rows.map((r) => [r[1], r[4], r[6], r[7]])).toEqual([
      ['5050201 会议支出—经审会会议', 4_000, '借', 4_000],
      ['5050202 会议支出—其他会议', 20_000, '借', 20_000],
    ].map(([a, d, dir, e]) => [`${a}`.replace('会议支出', '业务支出—会议支出'), d, dir, e]));
    const gl = await call(core, PREP, 'ledger.reports.exportBook', { setId: set.id, year: 2026, book: 'general', accountCode: '402', monthTo: 3 });
    const g = (await sheetRows(gl.id, '总账')).filter((r) => r[0] === '402');
    // 年初 0; January 贷 300,000; February and March nothing more: balance 贷 300,000.
    expect(g.map((r) => [r[2], r[3], r[4] ?? null, r[5] ?? null, r[6], r[7] ?? null])).toEqual([
      ['2026年初', '年初余额', null, null, '平', null],
      ['2026年1月', '本月合计', null, 300_000, '贷', 300_000],
      ['2026年1月', '本年累计', null, 300_000, '贷', 300_000],
      ['2026年2月', '本月合计', null, null, '贷', 300_000],
      ['2026年2月', '本年累计', null, 300_000, '贷', 300_000],
      ['2026年3月', '本月合计', null, null, '贷', 300_000],
      ['2026年3月', '本年累计', null, 300_000, '贷', 300_000],
    ]);
  });
});

