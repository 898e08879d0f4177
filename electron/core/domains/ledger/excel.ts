// The official statements as one workbook: 工会01表 资产负债表 (资产 | 负债与净资产 side by side),
// 工会02表 收入支出表, 科目余额表 and 试算平衡表 for the same month. Amounts are numbers in yuan with
// #,##0.00; the data come from the same core functions the screens use.
import fs from 'node:fs';
import type { Executor } from '../../db/tx';
import type { BalanceRow, StatementLine } from '../../../../shared/contract/ledger';
import { ExcelJS, TableWriter, printSetup, type CellValue } from '../../reports/excel';
import { statement01, statement02 } from './statements';
import { accountBalances, trialBalance } from './balances';

export interface StatementsWorkbookInput {
  setId: number;
  year: number;
  month: number;
  annual?: boolean;
}

export interface StatementsWorkbookSummary {
  setName: string;
  orgName: string;
  periodLabel: string;
  balanced01: boolean;
  trialBalanced: boolean;
}

const SIGNATURES = ['单位负责人', '财务负责人', '制表人'];

function labelOf(l: StatementLine): string {
  return `${'　'.repeat(l.indent)}${l.label}`;
}

/** File name for the exported workbook, e.g. 县总工会本级_2026年3月_会计报表.xlsx */
export function statementsFileName(setName: string, year: number, month: number, annual?: boolean): string {
  return `${setName}_${annual ? `${year}年度` : `${year}年${month}月`}_会计报表.xlsx`;
}

export async function buildStatementsWorkbook(db: Executor, input: StatementsWorkbookInput): Promise<{ workbook: ExcelJS.Workbook; summary: StatementsWorkbookSummary }> {
  const annual = Boolean(input.annual);
  const s01 = await statement01(db, { ...input, annual });
  const s02 = await statement02(db, { ...input, annual });
  const balances = await accountBalances(db, { setId: input.setId, year: input.year, monthFrom: 1, monthTo: input.month, maxLevel: 4, includeZero: false });
  const trial = await trialBalance(db, input.setId, input.year, input.month, false);
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  wb.created = new Date();

  // ── 工会01表 资产负债表 ──
  {
    const ws = wb.addWorksheet('资产负债表');
    const [c0, c1] = s01.columns;
    const t = new TableWriter(ws, {
      sheetName: '资产负债表',
      title: s01.title,
      tableNo: s01.tableNo,
      orgName: s01.orgName,
      period: s01.periodLabel,
      unitLabel: s01.unitLabel,
      columns: [
        { header: '资产', key: 'a', width: 26 },
        { header: '行次', key: 'an', width: 6, kind: 'int' },
        { header: c0, key: 'a0', kind: 'amount' },
        { header: c1, key: 'a1', kind: 'amount' },
        { header: '负债与净资产', key: 'l', width: 26 },
        { header: '行次', key: 'ln', width: 6, kind: 'int' },
        { header: c0, key: 'l0', kind: 'amount' },
        { header: c1, key: 'l1', kind: 'amount' },
      ],
    });
    const n = Math.max(s01.assets.length, s01.liabilitiesAndNetAssets.length);
    for (let i = 0; i < n; i++) {
      const a = s01.assets[i];
      const l = s01.liabilitiesAndNetAssets[i];
      const row: Record<string, CellValue> = {};
      if (a) Object.assign(row, { a: labelOf(a), an: a.lineNo, a0: a.values[0], a1: a.values[1] });
      if (l) Object.assign(row, { l: labelOf(l), ln: l.lineNo, l0: l.values[0], l1: l.values[1] });
      t.row(row, { bold: a?.kind === 'total' || a?.kind === 'section' || l?.kind === 'total' || l?.kind === 'section' });
    }
    if (s01.includesUnclosed) t.note('注：本期尚未结转的收入、支出已按期末结转口径列入工会资金结转、工会资金结余和财政拨款结转。');
    t.signatures(SIGNATURES);
    printSetup(ws, true);
  }

  // ── 工会02表 收入支出表 ──
  {
    const ws = wb.addWorksheet('收入支出表');
    const t = new TableWriter(ws, {
      sheetName: '收入支出表',
      title: s02.title,
      tableNo: s02.tableNo,
      orgName: s02.orgName,
      period: s02.periodLabel,
      unitLabel: s02.unitLabel,
      columns: [
        { header: '项目', key: 'p', width: 36 },
        { header: '行次', key: 'n', width: 6, kind: 'int' },
        { header: s02.columns[0], key: 'v0', width: 18, kind: 'amount' },
        { header: s02.columns[1], key: 'v1', width: 18, kind: 'amount' },
      ],
    });
    for (const r of s02.rows) t.row({ p: labelOf(r), n: r.lineNo, v0: r.values[0], v1: r.values[1] }, { bold: r.kind !== 'item' });
    t.signatures(SIGNATURES);
    printSetup(ws);
  }

  const period = s01.annual ? `${input.year}年度` : `${input.year}年${input.month}月`;
  const balanceColumns = [
    { header: '科目编码', key: 'code', width: 12 },
    { header: '科目名称', key: 'name', width: 30 },
    { header: '借方', key: 'openingDebit', kind: 'amount' as const },
    { header: '贷方', key: 'openingCredit', kind: 'amount' as const },
    { header: '借方', key: 'periodDebit', kind: 'amount' as const },
    { header: '贷方', key: 'periodCredit', kind: 'amount' as const },
    { header: '借方', key: 'ytdDebit', kind: 'amount' as const },
    { header: '贷方', key: 'ytdCredit', kind: 'amount' as const },
    { header: '借方', key: 'closingDebit', kind: 'amount' as const },
    { header: '贷方', key: 'closingCredit', kind: 'amount' as const },
  ];
  const amounts = (r: Pick<BalanceRow, 'openingDebit' | 'openingCredit' | 'periodDebit' | 'periodCredit' | 'ytdDebit' | 'ytdCredit' | 'closingDebit' | 'closingCredit'>) => ({
    openingDebit: r.openingDebit || null,
    openingCredit: r.openingCredit || null,
    periodDebit: r.periodDebit || null,
    periodCredit: r.periodCredit || null,
    ytdDebit: r.ytdDebit || null,
    ytdCredit: r.ytdCredit || null,
    closingDebit: r.closingDebit || null,
    closingCredit: r.closingCredit || null,
  });

  // ── 科目余额表 (all levels, 1 月 – M 月) ──
  {
    const ws = wb.addWorksheet('科目余额表');
    const t = new TableWriter(ws, {
      sheetName: '科目余额表',
      title: '科目余额表',
      orgName: s01.orgName,
      period: `${input.year}年1月—${input.month}月`,
      columns: balanceColumns,
      headerGroups: [
        { caption: '年初余额', from: 'openingDebit', to: 'openingCredit' },
        { caption: '本期发生额', from: 'periodDebit', to: 'periodCredit' },
        { caption: '本年累计发生额', from: 'ytdDebit', to: 'ytdCredit' },
        { caption: '期末余额', from: 'closingDebit', to: 'closingCredit' },
      ],
    });
    for (const r of balances.rows) t.row({ code: r.code, name: `${'　'.repeat(r.level - 1)}${r.name}`, ...amounts(r) }, { bold: r.level === 1 });
    t.row({ code: '合计', ...amounts(balances.totals) }, { bold: true });
    t.signatures(SIGNATURES);
    printSetup(ws, true);
  }

  // ── 试算平衡表 (level one, the month) ──
  {
    const ws = wb.addWorksheet('试算平衡表');
    const t = new TableWriter(ws, {
      sheetName: '试算平衡表',
      title: '试算平衡表',
      orgName: s01.orgName,
      period,
      columns: balanceColumns,
      headerGroups: [
        { caption: '期初余额', from: 'openingDebit', to: 'openingCredit' },
        { caption: '本期发生额', from: 'periodDebit', to: 'periodCredit' },
        { caption: '本年累计发生额', from: 'ytdDebit', to: 'ytdCredit' },
        { caption: '期末余额', from: 'closingDebit', to: 'closingCredit' },
      ],
    });
    for (const r of trial.rows) t.row({ code: r.code, name: `${'　'.repeat(r.level - 1)}${r.name}`, ...amounts(r) }, { bold: r.level === 1 });
    t.row({ code: '合计', ...amounts(trial.totals) }, { bold: true });
    t.note(
      trial.balanced
        ? '试算结果：平衡'
        : `试算结果：不平衡（期初差 ${(trial.differences.opening / 100).toFixed(2)}，本期差 ${(trial.differences.period / 100).toFixed(2)}，期末差 ${(trial.differences.closing / 100).toFixed(2)}）`,
    );
    t.signatures(SIGNATURES);
    printSetup(ws, true);
  }

  return {
    workbook: wb,
    summary: { setName: s01.setName, orgName: s01.orgName, periodLabel: s01.periodLabel, balanced01: s01.balanced, trialBalanced: trial.balanced },
  };
}

/** Writes the workbook to `file` and returns what the CLI and the handler report. */
export async function writeStatementsWorkbook(db: Executor, input: StatementsWorkbookInput, file: string): Promise<StatementsWorkbookSummary> {
  const { workbook, summary } = await buildStatementsWorkbook(db, input);
  const tmp = `${file}.part`;
  await workbook.xlsx.writeFile(tmp);
  fs.renameSync(tmp, file);
  return summary;
}
