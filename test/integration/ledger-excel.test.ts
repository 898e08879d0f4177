// The statements workbook (工会01表, 工会02表, 科目余额表, 试算平衡表): exported through the handler and
// the CLI, re-read with exceljs, and every amount compared with statement01/statement02 and the balances.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempCore } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { getSetting, SETTING } from '../../electron/core/settings';
import type { Statement01, Statement02, StatementLine, TrialBalance, AccountBalances } from '../../shared/contract/ledger';

type Core = Awaited<ReturnType<typeof tempCore>>;
let core: Core;
let setId: number;
let dbFile: string;

const fen = (v: ExcelJS.CellValue): number | null => (v === null || v === undefined || v === '' ? null : Math.round(Number(v) * 100));
const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : String(v)).replace(/^　+/, '');

async function voucher(date: string, summary: string, lines: Array<Record<string, unknown>>) {
  const v = await call(core, 'kj1', 'ledger.vouchers.create', { setId, date, summary, lines });
  await call(core, 'cw1', 'ledger.vouchers.review', { id: v.id });
  await call(core, 'kj2', 'ledger.vouchers.post', { id: v.id });
  return v;
}

beforeAll(async () => {
  core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
  dbFile = path.join(core.dir, 'ledger.sqlite3');
  await initialise(core);
  await userWithRoles(core, 'kj1', ['会计']);
  await userWithRoles(core, 'cw1', ['财务部门']);
  await userWithRoles(core, 'kj2', ['会计']);
  const unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  const set = await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: unit, chart: 'C', startYear: 2026 });
  setId = set.id;
  await call(core, 'kj1', 'ledger.opening.set', {
    setId,
    rows: [
      { accountCode: '102', debit: 10_000_000 },
      { accountCode: '162', debit: 2_500_000 },
      { accountCode: '163', credit: 300_000 },
      { accountCode: '30104', credit: 2_200_000 },
      { accountCode: '32205', credit: 10_000_000 },
    ],
  });
  await voucher('2026-02-10', '收到其他收入', [
    { accountCode: '102', debit: 860_000 },
    { accountCode: '408', credit: 860_000, fundSource: '工会资金' },
  ]);
  await voucher('2026-03-10', '购买办公用品', [
    { accountCode: '50602', debit: 123_450, fundSource: '工会资金', expenseType: '基本支出', econCode: '30201' },
    { accountCode: '102', credit: 123_450 },
  ]);
});

function lineMap(lines: StatementLine[]): Map<string, StatementLine> {
  return new Map(lines.map((l) => [l.label, l]));
}

async function checkWorkbook(file: string, s01: Statement01, s02: Statement02, trial: TrialBalance, balances: AccountBalances) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['资产负债表', '收入支出表', '科目余额表', '试算平衡表']);

  // 工会01表: header, two halves, every amount.
  const b = wb.getWorksheet('资产负债表')!;
  expect(b.getCell('A1').value).toBe('资产负债表');
  expect(b.getCell('H2').value).toBe('工会01表');
  expect(b.getCell('A3').value).toBe(`编制单位：${s01.orgName}`);
  expect(b.getRow(3).values).toContain(s01.periodLabel);
  expect(b.getCell('H3').value).toBe('单位：元');
  expect([1, 2, 3, 4, 5].map((c) => b.getRow(4).getCell(c).value)).toEqual(['资产', '行次', '年初余额', '期末余额', '负债与净资产']);
  expect([7, 8].map((c) => b.getRow(4).getCell(c).value)).toEqual(['年初余额', '期末余额']);
  const assets = lineMap(s01.assets);
  const liabilities = lineMap(s01.liabilitiesAndNetAssets);
  let seenA = 0;
  let seenL = 0;
  let nonZero = 0;
  b.eachRow((row, r) => {
    if (r <= 4) return;
    const a = assets.get(text(row.getCell(1).value));
    if (a) {
      seenA++;
      expect([fen(row.getCell(3).value), fen(row.getCell(4).value)], a.label).toEqual(a.values);
      nonZero += a.values.filter((v) => v).length;
      if (a.values[1] !== null) expect(row.getCell(4).numFmt).toBe('#,##0.00');
    }
    const l = liabilities.get(text(row.getCell(5).value));
    if (l) {
      seenL++;
      expect([fen(row.getCell(7).value), fen(row.getCell(8).value)], l.label).toEqual(l.values);
      nonZero += l.values.filter((v) => v).length;
    }
  });
  expect(seenA).toBe(s01.assets.length);
  expect(seenL).toBe(s01.liabilitiesAndNetAssets.length);
  expect(nonZero).toBeGreaterThan(6);
  const sig = [] as string[];
  b.eachRow((row) => row.eachCell((c) => sig.push(String(c.value))));
  expect(sig).toEqual(expect.arrayContaining(['单位负责人：', '财务负责人：', '制表人：']));

  // 工会02表
  const s = wb.getWorksheet('收入支出表')!;
  expect(s.getCell('A1').value).toBe('收入支出表');
  expect(s.getCell('D2').value).toBe('工会02表');
  expect([1, 3, 4].map((c) => s.getRow(4).getCell(c).value)).toEqual(['项目', '本月数', '本年累计数']);
  const rows = lineMap(s02.rows);
  let seen = 0;
  s.eachRow((row, r) => {
    if (r <= 4) return;
    const l = rows.get(text(row.getCell(1).value));
    if (!l) return;
    seen++;
    expect([fen(row.getCell(3).value), fen(row.getCell(4).value)], l.label).toEqual(l.values);
  });
  expect(seen).toBe(s02.rows.length);

  // 科目余额表 and 试算平衡表: every row by code, and the totals.
  const cols = ['openingDebit', 'openingCredit', 'periodDebit', 'periodCredit', 'ytdDebit', 'ytdCredit', 'closingDebit', 'closingCredit'] as const;
  for (const [name, data] of [['科目余额表', balances], ['试算平衡表', trial]] as const) {
    const ws = wb.getWorksheet(name)!;
    const byCode = new Map(data.rows.map((r) => [r.code, r]));
    let n = 0;
    ws.eachRow((row, r) => {
      if (r <= 4) return;
      const code = text(row.getCell(1).value);
      const want = code === '合计' ? data.totals : byCode.get(code);
      if (!want) return;
      n++;
      expect(cols.map((_, i) => fen(row.getCell(3 + i).value) ?? 0), `${name} ${code}`).toEqual(cols.map((k) => want[k]));
      if (code !== '合计') expect(text(row.getCell(2).value)).toBe(byCode.get(code)!.name);
    });
    expect(n).toBe(data.rows.length + 1);
  }
}

describe('ledger.reports.exportStatements', () => {
  it('writes 工会01/工会02/科目余额表/试算平衡表 whose amounts equal the statements', async () => {
    const s01: Statement01 = await call(core, 'kj1', 'ledger.reports.statement01', { setId, year: 2026, month: 3 });
    const s02: Statement02 = await call(core, 'kj1', 'ledger.reports.statement02', { setId, year: 2026, month: 3 });
    const trial: TrialBalance = await call(core, 'kj1', 'ledger.reports.trialBalance', { setId, year: 2026, month: 3 });
    const balances: AccountBalances = await call(core, 'kj1', 'ledger.reports.accountBalances', { setId, year: 2026, monthFrom: 1, monthTo: 3 });
    expect(s01.balanced).toBe(true);
    // Hand-checked: 货币资金 100,000.00 + 8,600.00 − 1,234.50; 会费收入 本年 8,600.00, 本月 0.
    const cash = s01.assets.find((l) => l.key === 'cash')!;
    expect(cash.values).toEqual([10_000_000, 10_736_550]);

    const file = await call(core, 'cw1', 'ledger.reports.exportStatements', { setId, year: 2026, month: 3 });
    expect(file.name).toBe('县总工会本级_2026年3月_会计报表.xlsx');
    await checkWorkbook(core.env.files.exportPath(file.id).path, s01, s02, trial, balances);
  });

  it('refuses an annual export for a month other than 12', async () => {
    await expect(call(core, 'kj1', 'ledger.reports.exportStatements', { setId, year: 2026, month: 3, annual: true })).rejects.toThrow(/月份应为 12/);
  });

  it('report statements on the command line writes the same workbook', async () => {
    const s01: Statement01 = await call(core, 'kj1', 'ledger.reports.statement01', { setId, year: 2026, month: 3 });
    const s02: Statement02 = await call(core, 'kj1', 'ledger.reports.statement02', { setId, year: 2026, month: 3 });
    const trial: TrialBalance = await call(core, 'kj1', 'ledger.reports.trialBalance', { setId, year: 2026, month: 3 });
    const balances: AccountBalances = await call(core, 'kj1', 'ledger.reports.accountBalances', { setId, year: 2026, monthFrom: 1, monthTo: 3 });
    await core.close();
    const out = path.join(core.dir, 'out', '报表.xlsx');
    const r = await cli('report', 'statements', '--db', dbFile, '--set', '县总工会本级', '--year', '2026', '--month', '3', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ file: out, setName: '县总工会本级', balanced01: true, trialBalanced: true });
    await checkWorkbook(out, s01, s02, trial, balances);
    const again = await cli('report', 'statements', '--db', dbFile, '--set', '1', '--year', '2026', '--month', '3', '--out', out, '--json');
    expect(again.code).not.toBe(0);
    expect(again.json.error.message).toContain('--force');
    const missing = await cli('report', 'statements', '--db', dbFile, '--set', '1', '--year', '2026', '--month', '3', '--json');
    expect(missing.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--out') });
  });
});
