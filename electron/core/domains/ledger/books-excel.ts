// Workbooks of the books: 总账, 明细账 (every page of the chosen account and dimensions, read page by page
// with the same keyset paging as the screen), 辅助核算余额表 and 预算执行情况表. Amounts are numbers in
// yuan (#,##0.00), headers frozen, A4 print setup — built from the same core functions the screens use.
import fs from 'node:fs';
import type { Executor } from '../../db/tx';
import { ExcelJS, TableWriter, printSetup, type CellValue } from '../../reports/excel';
import type { DimensionKind } from '../../../../shared/ledger/dimensions';
import type { BudgetExecutionRow, LedgerAmount } from '../../../../shared/contract/ledger';
import { auxBalances, detailLedger, generalLedger, type DimensionFilter } from './balances';
import { budgetExecution } from './budget-exec';
import { loadSet } from './common';
import { orgNameOf } from './statements';

const SIGNATURES = ['单位负责人', '财务负责人', '制表人'];

export interface BookExportInput {
  setId: number;
  year: number;
  book: 'general' | 'detail' | 'aux';
  accountCode?: string | null;
  monthFrom: number;
  monthTo: number;
  kind?: DimensionKind | null;
  dimensions?: DimensionFilter;
}

const BOOK_TITLES = { general: '总账', detail: '明细账', aux: '辅助核算余额表' } as const;

export function bookFileName(setName: string, input: Pick<BookExportInput, 'book' | 'year' | 'accountCode'>): string {
  return `${setName}_${input.year}年_${BOOK_TITLES[input.book]}${input.accountCode ? `_${input.accountCode}` : ''}.xlsx`;
}

const dir = (a: LedgerAmount) => (a.direction === '平' ? '平' : a.direction);
const amt = (a: LedgerAmount) => (a.amount === 0 ? null : a.amount);

async function save(wb: ExcelJS.Workbook, file: string) {
  const tmp = `${file}.part`;
  await wb.xlsx.writeFile(tmp);
  fs.renameSync(tmp, file);
}

/** Freezes the title and header rows written so far (call right after creating the TableWriter). */
function freezeHeader(ws: ExcelJS.Worksheet, t: TableWriter) {
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: t.currentRow }];
}

function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  wb.created = new Date();
  return wb;
}

/** Writes the chosen book to `file`; returns the number of data rows. */
export async function writeBookWorkbook(db: Executor, input: BookExportInput, file: string): Promise<number> {
  const set = await loadSet(db, input.setId);
  const orgName = await orgNameOf(db, set.unit_id);
  const wb = newWorkbook();
  let n = 0;
  const period = `${input.year}年${input.monthFrom}月—${input.monthTo}月`;

  if (input.book === 'general') {
    const g = await generalLedger(db, { setId: input.setId, year: input.year, accountCode: input.accountCode, toMonth: input.monthTo });
    const ws = wb.addWorksheet('总账');
    const t = new TableWriter(ws, {
      sheetName: '总账',
      title: '总账',
      orgName,
      period: `${input.year}年1月—${input.monthTo}月`,
      columns: [
        { header: '科目编码', key: 'code', width: 10 },
        { header: '科目名称', key: 'name', width: 22 },
        { header: '期间', key: 'period', width: 12 },
        { header: '摘要', key: 'summary', width: 14 },
        { header: '借方', key: 'd', kind: 'amount' },
        { header: '贷方', key: 'c', kind: 'amount' },
        { header: '方向', key: 'dir', width: 6 },
        { header: '余额', key: 'bal', kind: 'amount' },
      ],
    });
    freezeHeader(ws, t);
    for (const a of g.accounts) {
      t.row({ code: a.code, name: a.name, period: `${input.year}年初`, summary: '年初余额', dir: dir(a.opening), bal: amt(a.opening) });
      for (const m of a.months) {
        t.row({ code: a.code, name: a.name, period: `${input.year}年${m.month}月`, summary: '本月合计', d: m.debit || null, c: m.credit || null, dir: dir(m), bal: amt(m) });
        t.row({ code: a.code, name: a.name, period: `${input.year}年${m.month}月`, summary: '本年累计', d: m.cumDebit || null, c: m.cumCredit || null, dir: dir(m), bal: amt(m) });
        n += 2;
      }
    }
    t.signatures(SIGNATURES);
    printSetup(ws, true);
  } else if (input.book === 'detail') {
    // Every line of the range, page by page, streamed to the file (an account can have hundreds of
    // thousands of lines): title, 编制单位 row and header = 3 frozen rows.
    return writeDetailStreaming(db, input, file, orgName, period);
  } else {
    const a = await auxBalances(db, { setId: input.setId, year: input.year, monthFrom: input.monthFrom, monthTo: input.monthTo, kind: input.kind!, accountCode: input.accountCode });
    const ws = wb.addWorksheet('辅助核算余额表');
    const t = new TableWriter(ws, {
      sheetName: '辅助核算余额表',
      title: `辅助核算余额表（${a.kindLabel}）`,
      orgName,
      period,
      columns: [
        { header: a.kindLabel, key: 'v', width: 24 },
        { header: '科目', key: 'account', width: 28 },
        { header: '方向', key: 'od', width: 6 },
        { header: '期初余额', key: 'o', kind: 'amount' },
        { header: '本期借方', key: 'd', kind: 'amount' },
        { header: '本期贷方', key: 'c', kind: 'amount' },
        { header: '方向', key: 'cd', width: 6 },
        { header: '期末余额', key: 'e', kind: 'amount' },
      ],
    });
    freezeHeader(ws, t);
    for (const r of a.rows) {
      t.row({ v: r.label, account: `${r.accountCode} ${r.accountName}`, od: dir(r.opening), o: amt(r.opening), d: r.debit || null, c: r.credit || null, cd: dir(r.closing), e: amt(r.closing) });
      n++;
    }
    t.signatures(SIGNATURES);
    printSetup(ws, true);
  }
  await save(wb, file);
  return n;
}

export function budgetExecutionFileName(year: number, setName: string | null): string {
  return `${setName ?? '全部账套'}_${year}年_预算执行情况表.xlsx`;
}

/** 预算执行情况表 as a workbook: 科目编码, 科目名称, 预算数, 已占用, 执行数, 预算余额, 执行率. */
export async function writeBudgetExecutionWorkbook(db: Executor, input: { year: number; setId?: number | null; month?: number | null }, file: string) {
  const r = await budgetExecution(db, input);
  let orgName = '';
  if (input.setId) orgName = await orgNameOf(db, (await loadSet(db, input.setId)).unit_id);
  else {
    const org = await db.selectFrom('unit').select('name').where('kind', '=', '总工会').orderBy('id').limit(1).executeTakeFirst();
    orgName = org?.name ?? '';
  }
  const wb = newWorkbook();
  const ws = wb.addWorksheet('预算执行情况表');
  const t = new TableWriter(ws, {
    sheetName: '预算执行情况表',
    title: '预算执行情况表',
    orgName,
    period: input.month ? `${input.year}年1–${input.month}月` : `${input.year}年度`,
    columns: [
      { header: '科目编码', key: 'code', width: 10 },
      { header: '科目名称', key: 'name', width: 30 },
      { header: '预算数', key: 'budget', kind: 'amount' },
      { header: '已占用', key: 'committed', kind: 'amount' },
      { header: '执行数', key: 'actual', kind: 'amount' },
      { header: '预算余额', key: 'balance', kind: 'amount' },
      { header: '执行率', key: 'rate', width: 10, kind: 'percent' },
    ],
  });
  freezeHeader(ws, t);
  const put = (x: BudgetExecutionRow) =>
    t.row(
      {
        code: x.code,
        name: `${x.level === 2 ? '　' : ''}${x.name}`,
        budget: x.budget,
        committed: x.direction === '支出' ? x.committed : null,
        actual: x.actual,
        balance: x.balance,
        rate: x.rate as CellValue,
      },
      { bold: x.subtotal },
    );
  t.row({ name: '一、收入' }, { bold: true });
  for (const x of r.rows.filter((x) => x.direction === '收入')) put(x);
  put(r.incomeTotal);
  t.row({ name: '二、支出' }, { bold: true });
  for (const x of r.rows.filter((x) => x.direction === '支出')) put(x);
  put(r.expenseTotal);
  t.note(
    `预算数取自${r.book ? `“${r.book.title}”（已批准）` : '（本年度尚无已批准的预算）'}；执行数为${input.month ? `1–${input.month}月累计` : ''}已记账凭证发生额（不含年末结转凭证）；` +
      `预算余额：收入为预算数 − 执行数，支出为预算数 − 已占用 − 执行数；范围：${r.scopeLabel}。`,
  );
  t.signatures(['工会主席', '经费审查委员会主任', '财务负责人', '制表']);
  printSetup(ws, true);
  await save(wb, file);
  return r;
}

async function writeDetailStreaming(db: Executor, input: BookExportInput, file: string, orgName: string, period: string): Promise<number> {
  const tmp = `${file}.part`;
  const first = await detailLedger(db, { ...input, accountCode: input.accountCode!, pageSize: 1000 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true });
  wb.creator = '县级工会财务工作台';
  const ws = wb.addWorksheet('明细账', { views: [{ state: 'frozen', xSplit: 0, ySplit: 3 }] });
  printSetup(ws, true);
  const t = new TableWriter(
    ws,
    {
      sheetName: '明细账',
      title: `明细账　${first.account.code} ${first.account.fullName}`,
      orgName,
      period,
      columns: [
        { header: '日期', key: 'date', width: 11 },
        { header: '凭证号', key: 'no', width: 10 },
        { header: '摘要', key: 'summary', width: 28 },
        { header: '科目', key: 'account', width: 20 },
        { header: '辅助核算', key: 'dims', width: 26 },
        { header: '借方', key: 'd', kind: 'amount' },
        { header: '贷方', key: 'c', kind: 'amount' },
        { header: '方向', key: 'dir', width: 6 },
        { header: '余额', key: 'bal', kind: 'amount' },
      ],
    },
    true,
  );
  let n = 0;
  t.row({ summary: '期初余额', dir: dir(first.rangeOpening), bal: amt(first.rangeOpening) }, { bold: true });
  let page = first;
  let debit = 0;
  let credit = 0;
  let last: LedgerAmount = first.rangeOpening;
  for (;;) {
    for (const r of page.rows) {
      const dims = [r.projectName, r.fundSource, r.expenseType, r.econCode ? `${r.econCode} ${r.econName ?? ''}`.trim() : null, r.unitName].filter(Boolean).join('；');
      t.row({ date: r.date, no: r.voucherLabel, summary: r.summary, account: `${r.accountCode} ${r.accountName}`, dims, d: r.debit || null, c: r.credit || null, dir: dir(r), bal: amt(r) });
      debit += r.debit;
      credit += r.credit;
      last = r;
      n++;
    }
    if (!page.nextCursor) break;
    page = await detailLedger(db, { ...input, accountCode: input.accountCode!, pageSize: 1000, cursor: page.nextCursor });
  }
  t.row({ summary: '本期合计', d: debit || null, c: credit || null, dir: dir(last), bal: amt(last) }, { bold: true });
  t.signatures(SIGNATURES);
  ws.commit();
  await wb.commit();
  fs.renameSync(tmp, file);
  return n;
}
