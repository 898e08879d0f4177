// The consolidated budget workbook re-read with exceljs and its totals compared with the figures computed
// here; and the CLI: templates into a folder, import of a folder through the router with an acting user
// (non-zero exit when a file is rejected), consolidation as JSON, report budget.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { formatFen } from '../../shared/money';
import { call, callErr, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import {
  CLERK, YEAR, county, federationBudget, fenOf, fill, grassrootsBudget, readExport, submit, totalsOf, type BudgetIn, type County,
} from './budget-fixtures';
import { REPORT_SHEETS, REPORT_SIGNATURES } from '../../electron/core/domains/budget/report';

let c: County;
let budgets: Map<number, BudgetIn>;
beforeEach(async () => {
  c = await county(3);
  budgets = new Map([
    [c.fed, federationBudget()],
    [c.grassroots[0], grassrootsBudget(1)],
    [c.grassroots[1], grassrootsBudget(2)],
    [c.grassroots[2], grassrootsBudget(3)],
  ]);
});
afterEach(async () => c.core.close());

function yuanToFen(v: unknown): number {
  return fenOf(String(v));
}

/** Rows of a sheet as arrays of cell values (1-based columns). */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const vals: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, i) => (vals[i] = cell.value));
    out[n] = vals;
  });
  return out;
}

function findRow(rows: unknown[][], col: number, text: string | RegExp): unknown[] {
  const r = rows.find((x) => x && (typeof text === 'string' ? x[col] === text : text.test(String(x[col] ?? ''))));
  if (!r) throw new Error(`no row with ${text} in column ${col}`);
  return r;
}

function headerCol(rows: unknown[][], header: string, from = 3): number {
  for (let r = from; r <= from + 1; r++) {
    const i = rows[r]?.findIndex((v) => v === header) ?? -1;
    if (i > 0) return i;
  }
  throw new Error(`no header ${header}`);
}

describe('consolidated workbook', () => {
  it('has the official sheets and its totals agree with the figures computed here', async () => {
    await submit(c.core, CLERK, c.fed, federationBudget(), YEAR - 1);
    for (const [unitId, b] of budgets) await submit(c.core, CLERK, unitId, b);
    let income = 0;
    let expense = 0;
    let basic = 0;
    let project = 0;
    for (const b of budgets.values()) {
      const t = totalsOf(b);
      income += t.income;
      expense += t.expense;
      basic += t.basic;
      project += t.project;
    }
    const lastYear = totalsOf(federationBudget());

    await userWithRoles(c.core, 'reader', ['只读审阅']);
    const file = await call(c.core, 'reader', 'budget.report.export', { year: YEAR });
    expect(file.name).toBe('2026年度预算汇总表.xlsx');
    const wb = await readExport(c.core, file.id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(REPORT_SHEETS));

    for (const ws of wb.worksheets) {
      const rows = rowsOf(ws);
      expect(String(rows[1][1])).toMatch(/^2026年度/);
      expect(rows[2][1]).toBe('编制单位：测试县总工会');
      if (ws.name !== REPORT_SHEETS.checks) expect(rows[2].at(-1)).toBe('单位：元');
      const sig = rows.filter(Boolean).find((r) => r.some((v) => v === '工会主席：'))!;
      expect(sig.filter((v) => typeof v === 'string' && v.endsWith('：'))).toEqual(REPORT_SIGNATURES.map((s) => `${s}：`));
      expect(ws.model.merges.length).toBeGreaterThan(0);
    }

    // 收入预算表
    {
      const ws = wb.getWorksheet(REPORT_SHEETS.income)!;
      const rows = rowsOf(ws);
      // 合计 / 工会资金 / 财政拨款 sit under the merged group caption 本年预算数.
      expect(rows[3][headerCol(rows, '合计', 4)]).toBe('本年预算数');
      const amount = headerCol(rows, '合计');
      const total = findRow(rows, 2, '收入合计');
      expect(yuanToFen(total[amount])).toBe(income);
      expect(yuanToFen(total[headerCol(rows, '上年预算数')])).toBe(lastYear.income);
      expect(yuanToFen(total[headerCol(rows, '财政拨款')])).toBe(30_000_000);
      const levelOne = rows.filter((r) => r && typeof r[1] === 'string' && /^\d{3}$/.test(r[1] as string));
      expect(levelOne.reduce((s, r) => s + yuanToFen(r[amount]), 0)).toBe(income);
      const cell = ws.getCell(rows.indexOf(total), amount);
      expect(typeof cell.value).toBe('number');
      expect(cell.numFmt).toBe('#,##0.00');
    }
    // 支出预算表
    {
      const rows = rowsOf(wb.getWorksheet(REPORT_SHEETS.expense)!);
      const total = findRow(rows, 2, '支出合计');
      expect(yuanToFen(total[headerCol(rows, '合计')])).toBe(expense);
      expect(yuanToFen(total[headerCol(rows, '基本支出')])).toBe(basic);
      expect(yuanToFen(total[headerCol(rows, '项目支出')])).toBe(project);
      expect(yuanToFen(total[headerCol(rows, '上年预算数')])).toBe(lastYear.expense);
      expect(yuanToFen(total[headerCol(rows, '工会资金')]) + yuanToFen(total[headerCol(rows, '财政拨款')])).toBe(expense);
      const r50405 = findRow(rows, 1, '50405');
      expect(yuanToFen(r50405[headerCol(rows, '合计')])).toBe(6 * 2_000_000);
    }
    // 项目预算表
    {
      const rows = rowsOf(wb.getWorksheet(REPORT_SHEETS.projects)!);
      const totalCol = headerCol(rows, '项目总额');
      const data = rows.filter((r) => r && typeof r[1] === 'number');
      expect(data).toHaveLength(7);
      expect(yuanToFen(findRow(rows, 3, '合计')[totalCol])).toBe(project);
      expect(data.reduce((s, r) => s + yuanToFen(r[totalCol]), 0)).toBe(project);
    }
    // 基层单位预算汇总表
    {
      const rows = rowsOf(wb.getWorksheet(REPORT_SHEETS.units)!);
      const data = rows.filter((r) => r && typeof r[1] === 'number');
      expect(data.map((r) => r[2])).toEqual(['JC00001', 'JC00002', 'JC00003', 'ORG']);
      const total = findRow(rows, 3, '合计');
      expect(yuanToFen(total[headerCol(rows, '收入预算')])).toBe(income);
      expect(yuanToFen(total[headerCol(rows, '合计')])).toBe(expense);
      const jc2 = data.find((r) => r[2] === 'JC00002')!;
      expect(yuanToFen(jc2[headerCol(rows, '合计')])).toBe(totalsOf(grassrootsBudget(2)).expense);
      expect(yuanToFen(jc2[headerCol(rows, '收支差额')])).toBe(totalsOf(grassrootsBudget(2)).income - totalsOf(grassrootsBudget(2)).expense);
    }
    // 预算规则检查表
    {
      const rows = rowsOf(wb.getWorksheet(REPORT_SHEETS.checks)!);
      const checks = await call(c.core, CLERK, 'budget.checks', { year: YEAR });
      const data = rows.filter((r) => r && typeof r[1] === 'number');
      expect(data.map((r) => [r[2], r[4]])).toEqual(checks.results.map((x: { name: string; status: string }) => [x.name, x.status]));
      expect(String(data[1][6])).toMatch(/实际比例：85\.00%/);
    }
  });

  it('a book before 财务汇总 shows the working figures; any role may export', async () => {
    await submit(c.core, CLERK, c.fed, federationBudget());
    await userWithRoles(c.core, 'jb', ['经办人']);
    const book = await call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
    const file = await call(c.core, 'jb', 'budget.report.export', { year: YEAR, bookId: book.id });
    const wb = await readExport(c.core, file.id);
    expect(String(wb.getWorksheet(REPORT_SHEETS.income)!.getCell('A2').value)).toContain('测试县总工会');
    expect(rowsOf(wb.getWorksheet(REPORT_SHEETS.income)!).some((r) => r?.some((v) => typeof v === 'string' && v.includes('尚未财务汇总')))).toBe(true);
    expect((await callErr(c.core, 'jb', 'budget.report.export', { year: YEAR - 1, bookId: book.id })).message).toMatch(/属于 2026 年度/);
  });
});

describe('cli', () => {
  it('templates into a folder, imports a folder with an acting user, consolidates and reports', async () => {
    const db = c.core.env.dbPath;
    const out = tempDir('ufd-budget-cli-');
    const t = await cli('budget', 'templates', '--db', db, '--year', String(YEAR), '--out', out, '--units', 'JC00001,jc00002', '--json');
    expect(t.code, t.stdout + t.stderr).toBe(0);
    expect(t.json.count).toBe(2);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['2026年度预算填报_JC00001_测试企业1有限公司工会.xlsx', '2026年度预算填报_JC00002_测试企业2有限公司工会.xlsx']);
    expect((await cli('budget', 'templates', '--db', db, '--year', String(YEAR), '--out', out, '--units', 'XX1')).code).toBe(1);

    // Fill both; the second with an amount of three decimals.
    for (const [i, name] of files.entries()) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(out, name));
      const b = grassrootsBudget(i + 1);
      if (i === 1) b.details[3].amount = '30000.005';
      fill(wb, b);
      await wb.xlsx.writeFile(path.join(out, name));
    }
    fs.writeFileSync(path.join(out, '~$临时文件.xlsx'), 'lock file');

    const noUser = await cli('budget', 'import', '--db', db, '--year', String(YEAR), out, '--json');
    expect(noUser.code).toBe(2);
    expect(noUser.json.error.message).toMatch(/需要操作用户：--user/);
    await userWithRoles(c.core, 'reader', ['只读审阅']);
    const forbidden = await cli('budget', 'import', '--db', db, '--year', String(YEAR), out, '--user', 'reader', '--password', 'Passw0rd!', '--json');
    expect(forbidden.code).toBe(1);
    expect(forbidden.json.error.code).toBe('FORBIDDEN');

    const r = await cli('budget', 'import', '--db', db, '--year', String(YEAR), out, '--user', CLERK, '--password', 'Passw0rd!', '--json');
    expect(r.code).toBe(1); // one file rejected
    expect(r.json).toMatchObject({ imported: 1, rejected: 1 });
    expect(r.json.files.map((f: { status: string }) => f.status)).toEqual(['imported', 'rejected']);
    expect(r.json.files[1].errors[0]).toMatchObject({ sheet: '支出预算', row: 7, column: '金额（元）', cell: '支出预算!J7' });
    const text = await cli('budget', 'import', '--db', db, '--year', String(YEAR), path.join(out, files[1]), '--user', CLERK, '--password', 'Passw0rd!');
    expect(text.stdout).toMatch(/✗ .*JC00002.*\n\s+支出预算!J7：金额（元）：金额最多两位小数/);

    // Fixed, imported with the user from the environment.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, files[1]));
    wb.getWorksheet('支出预算')!.getCell('J7').value = 30_000;
    await wb.xlsx.writeFile(path.join(out, files[1]));
    process.env.UFD_USER = CLERK;
    process.env.UFD_PASSWORD = 'Passw0rd!';
    try {
      const ok = await cli('budget', 'import', '--db', db, '--year', String(YEAR), path.join(out, files[1]), '--json');
      expect(ok.code).toBe(0);
      expect(ok.json.files[0]).toMatchObject({ status: 'imported', versionSeq: 1 });
    } finally {
      delete process.env.UFD_USER;
      delete process.env.UFD_PASSWORD;
    }
    const audit = await call(c.core, 'admin', 'audit.list', { module: '预算编制' });
    expect(audit.rows.every((row: { username: string }) => row.username === CLERK)).toBe(true);
    expect(audit.total).toBe(2);

    const cons = await cli('budget', 'consolidate', '--db', db, '--year', String(YEAR), '--json');
    expect(cons.code).toBe(0);
    const expected = totalsOf(grassrootsBudget(1)).expense + totalsOf(grassrootsBudget(2)).expense;
    expect(cons.json.totals).toMatchObject({ unitCount: 2, expenseFen: expected });
    expect(cons.json.byUnit).toHaveLength(2);
    expect(cons.json.byProject).toHaveLength(4);
    const consText = await cli('budget', 'consolidate', '--db', db, '--year', String(YEAR));
    expect(consText.stdout).toMatch(/2 个单位/);
    // The funding-source lines: every expense row of the JSON appears with its amount.
    expect(consText.stdout).toContain('按资金来源：');
    for (const s of cons.json.bySource as { direction: string; fundingSource: string; amountFen: number }[]) {
      expect(consText.stdout).toContain(`${s.direction} ${s.fundingSource}`);
      expect(consText.stdout).toContain(formatFen(s.amountFen));
    }

    const checks = await cli('budget', 'checks', '--db', db, '--year', String(YEAR), '--json');
    expect(checks.code).toBe(0);
    expect(checks.json.passed).toBe(true);

    const xlsx = path.join(out, 'report', '汇总.xlsx');
    const rep = await cli('report', 'budget', '--db', db, '--year', String(YEAR), '--out', xlsx, '--json');
    expect(rep.code, rep.stdout).toBe(0);
    expect(rep.json).toMatchObject({ units: 2, projects: 4, expenseFen: expected });
    const again = await cli('report', 'budget', '--db', db, '--year', String(YEAR), '--out', xlsx, '--json');
    expect(again.json.error.code).toBe('CONFLICT');
    expect((await cli('report', 'budget', '--db', db, '--year', String(YEAR), '--out', xlsx, '--force')).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const rows = rowsOf(book.getWorksheet(REPORT_SHEETS.expense)!);
    expect(yuanToFen(findRow(rows, 2, '支出合计')[headerCol(rows, '合计')])).toBe(expected);
  });
});
