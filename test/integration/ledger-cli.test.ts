// CLI: ledger trial-balance against a database the core wrote.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempCore } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { getSetting, SETTING } from '../../electron/core/settings';

let db: string;

beforeAll(async () => {
  const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
  db = path.join(core.dir, 'ledger.sqlite3');
  await initialise(core);
  await userWithRoles(core, 'kj1', ['会计']);
  await userWithRoles(core, 'cw1', ['财务部门']);
  await userWithRoles(core, 'kj2', ['会计']);
  const unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  const set = await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: unit, chart: 'C', startYear: 2026 });
  await call(core, 'kj1', 'ledger.opening.set', {
    setId: set.id,
    rows: [
      { accountCode: '102', debit: 10_000_000 },
      { accountCode: '32205', credit: 10_000_000 },
    ],
  });
  const v = await call(core, 'kj1', 'ledger.vouchers.create', {
    setId: set.id,
    date: '2026-03-10',
    summary: '购买办公用品',
    lines: [
      { accountCode: '50602', debit: 123_450, fundSource: '工会资金', expenseType: '基本支出', econCode: '30201' },
      { accountCode: '102', credit: 123_450 },
    ],
  });
  await call(core, 'cw1', 'ledger.vouchers.review', { id: v.id });
  await call(core, 'kj2', 'ledger.vouchers.post', { id: v.id });
  await core.close();
});

describe('ledger trial-balance', () => {
  it('prints the trial balance as JSON and as text', async () => {
    const r = await cli('ledger', 'trial-balance', '--db', db, '--set', '县总工会本级', '--year', '2026', '--month', '3', '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ setName: '县总工会本级', year: 2026, month: 3, balanced: true });
    expect(r.json.totals).toMatchObject({ openingDebit: 10_000_000, openingCredit: 10_000_000, periodDebit: 123_450, periodCredit: 123_450 });
    expect(r.json.rows.find((x: { code: string }) => x.code === '102')).toMatchObject({ closingDebit: 9_876_550 });

    const t = await cli('ledger', 'trial-balance', '--db', db, '--set', '1', '--year', '2026', '--month', '3');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('试算平衡表  账套：县总工会本级  期间：2026年3月  单位：元');
    expect(t.stdout).toContain('1,234.50');
    expect(t.stdout).toContain('试算结果：平衡');
  });

  it('explains wrong arguments', async () => {
    const missing = await cli('ledger', 'trial-balance', '--db', db, '--set', '1', '--year', '2026', '--json');
    expect(missing.code).toBe(2);
    expect(missing.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--month') });
    const unknown = await cli('ledger', 'trial-balance', '--db', db, '--set', '不存在的账套', '--year', '2026', '--month', '3', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.message).toContain('现有账套：1 县总工会本级');
  });
});

describe('report budget-execution', () => {
  let bdb: string;
  let uiFile: string;

  beforeAll(async () => {
    const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
    bdb = path.join(core.dir, 'ledger.sqlite3');
    await initialise(core);
    await userWithRoles(core, 'kj1', ['会计']);
    await userWithRoles(core, 'cw1', ['财务部门']);
    await userWithRoles(core, 'kj2', ['会计']);
    const unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
    const set = await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: unit, chart: 'C', startYear: 2026 });
    await call(core, 'kj1', 'ledger.opening.set', { setId: set.id, rows: [{ accountCode: '102', debit: 10_000_000 }, { accountCode: '32205', credit: 10_000_000 }] });
    for (const [date, fen] of [['2026-01-20', 20_000], ['2026-03-10', 123_450]] as const) {
      const v = await call(core, 'kj1', 'ledger.vouchers.create', {
        setId: set.id, date, summary: '购买办公用品',
        lines: [
          { accountCode: '50602', debit: fen, fundSource: '工会资金', expenseType: '基本支出', econCode: '30201' },
          { accountCode: '102', credit: fen },
        ],
      });
      await call(core, 'cw1', 'ledger.vouchers.review', { id: v.id });
      await call(core, 'kj2', 'ledger.vouchers.post', { id: v.id });
    }
    // The workbook the 预算执行 page exports, to compare with the CLI's.
    const exported = await call(core, 'admin', 'ledger.reports.exportBudgetExecution', { year: 2026, setId: set.id });
    uiFile = core.env.files.exportPath(exported.id).path;
    await core.close();
  });

  const cells = (ws: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'formula' in v ? (v as unknown as { result: unknown }).result : v))));
    return out;
  };
  const read = async (f: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    return wb.getWorksheet('预算执行情况表')!;
  };

  it('writes the same 预算执行情况表 as the UI export for the year; --month limits the actual to 1–M月', async () => {
    const out = path.join(path.dirname(bdb), 'exec-2026.xlsx');
    const r = await cli('report', 'budget-execution', '--db', bdb, '--set', '县总工会本级', '--year', '2026', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ year: 2026, month: null, setName: '县总工会本级', book: null });
    expect(r.json.expense).toMatchObject({ budget: 0, actual: 143_450 });
    const ws = await read(out);
    expect(cells(ws)).toEqual(cells(await read(uiFile)));
    expect(ws.getCell('A1').value).toBe('预算执行情况表');

    // Through January: only the January voucher (200.00 元); the title says 1–1月.
    const jan = path.join(path.dirname(bdb), 'exec-2026-01.xlsx');
    const t = await cli('report', 'budget-execution', '--db', bdb, '--set', '1', '--year', '2026', '--month', '1', '--out', jan);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('2026年1–1月 预算执行情况表');
    expect(t.stdout).toContain('执行 200.00 元');
    const wj = await read(jan);
    const all = cells(wj).flat().map(String);
    expect(all.some((x) => x.includes('2026年1–1月'))).toBe(true);
    const totalRow = wj.getRows(1, wj.rowCount)!.find((x) => x.getCell(2).value === '支出合计')!;
    expect(totalRow.getCell(5).value).toBe(200);
    const full = (await read(out)).getRows(1, ws.rowCount)!.find((x) => x.getCell(2).value === '支出合计')!;
    expect(full.getCell(5).value).toBe(1434.5);
  });

  it('explains wrong arguments and refuses to overwrite without --force', async () => {
    const out = path.join(path.dirname(bdb), 'exec-x.xlsx');
    const noOut = await cli('report', 'budget-execution', '--db', bdb, '--set', '1', '--year', '2026', '--json');
    expect(noOut.code).toBe(2);
    expect(noOut.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--out') });
    const badMonth = await cli('report', 'budget-execution', '--db', bdb, '--set', '1', '--year', '2026', '--month', '13', '--out', out, '--json');
    expect(badMonth.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--month') });
    const unknown = await cli('report', 'budget-execution', '--db', bdb, '--set', '不存在', '--year', '2026', '--out', out, '--json');
    expect(unknown.json.error.message).toContain('现有账套：1 县总工会本级');
    expect((await cli('report', 'budget-execution', '--db', bdb, '--set', 'all', '--year', '2026', '--out', out)).code).toBe(0);
    const again = await cli('report', 'budget-execution', '--db', bdb, '--set', 'all', '--year', '2026', '--out', out, '--json');
    expect(again.json.error.code).toBe('CONFLICT');
    expect((await cli('report', 'budget-execution', '--db', bdb, '--set', 'all', '--year', '2026', '--out', out, '--force')).code).toBe(0);
  });
});
