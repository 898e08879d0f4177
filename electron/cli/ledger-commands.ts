// CLI: the books.
//   ledger trial-balance --db FILE --set ID|NAME --year Y --month M [--json]
//   report statements --db FILE --set ID|NAME --year Y --month M --out FILE.xlsx [--annual] [--force]
//   report budget-execution --db FILE --set ID|NAME|all --year Y [--month M] --out FILE.xlsx [--force]
import fs from 'node:fs';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { AppError } from '../core/errors';
import { trialBalance } from '../core/domains/ledger/balances';
import { writeStatementsWorkbook } from '../core/domains/ledger/excel';
import { writeBudgetExecutionWorkbook } from '../core/domains/ledger/books-excel';
import type { Executor } from '../core/db/tx';
import type { TrialBalance } from '../../shared/contract/ledger';
import { formatFen } from '../../shared/money';
import { openCurrentDatabase, outputFile } from './files';

function intOption(args: ParsedArgs, key: string, what: string, min: number, max: number): number {
  const v = stringOption(args, key);
  if (!v) throw new AppError('USAGE', `缺少参数 --${key}（${what}）。`);
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('USAGE', `参数 --${key} 应为 ${min}–${max} 的整数：${v}`);
  return n;
}

/** A set by id or by exact name. */
async function findSet(db: Executor, ref: string): Promise<number> {
  const rows = await db.selectFrom('ledger_set').select(['id', 'name']).execute();
  const hit = /^\d+$/.test(ref) ? rows.find((r) => r.id === Number(ref)) : rows.find((r) => r.name === ref);
  if (!hit) {
    const known = rows.map((r) => `${r.id} ${r.name}`).join('；') || '（无）';
    throw new AppError('NOT_FOUND', `账套“${ref}”不存在。现有账套：${known}`);
  }
  return hit.id;
}

export const trialBalanceCommand: CliCommand = {
  words: ['ledger', 'trial-balance'],
  summary: '试算平衡表（期初、本期发生、本年累计、期末）',
  usage: 'ledger trial-balance --db FILE --set ID|名称 --year Y --month M [--json]',
  async run(args) {
    const file = requireDb(args);
    const setRef = stringOption(args, 'set');
    if (!setRef) throw new AppError('USAGE', '缺少参数 --set（账套编号或名称）。');
    const year = intOption(args, 'year', '年度', 2000, 2100);
    const month = intOption(args, 'month', '月份', 1, 12);
    const db = await openCurrentDatabase(file);
    try {
      return await trialBalance(db, await findSet(db, setRef), year, month);
    } finally {
      await db.destroy();
    }
  },
  text: (r: TrialBalance) => {
    const m = (fen: number) => (fen ? formatFen(fen) : '');
    const cols = (x: { openingDebit: number; openingCredit: number; periodDebit: number; periodCredit: number; ytdDebit: number; ytdCredit: number; closingDebit: number; closingCredit: number }) =>
      [x.openingDebit, x.openingCredit, x.periodDebit, x.periodCredit, x.ytdDebit, x.ytdCredit, x.closingDebit, x.closingCredit].map((v) => m(v).padStart(16)).join('');
    const head = ['期初借方', '期初贷方', '本期借方', '本期贷方', '累计借方', '累计贷方', '期末借方', '期末贷方'].map((h) => h.padStart(12)).join('');
    return [
      `试算平衡表  账套：${r.setName}  期间：${r.year}年${r.month}月  单位：元`,
      `${'科目'.padEnd(24)}${head}`,
      ...r.rows.map((row) => `${`${'  '.repeat(row.level - 1)}${row.code} ${row.name}`.padEnd(24)}${cols(row)}`),
      `${'合计'.padEnd(24)}${cols(r.totals)}`,
      r.balanced ? '试算结果：平衡' : `试算结果：不平衡（期初差 ${formatFen(r.differences.opening)}，本期差 ${formatFen(r.differences.period)}，期末差 ${formatFen(r.differences.closing)}）`,
    ].join('\n');
  },
  exitCode: (r: TrialBalance) => (r.balanced ? 0 : 3),
};

export const reportStatementsCommand: CliCommand = {
  words: ['report', 'statements'],
  summary: '导出会计报表（工会01表 资产负债表、工会02表 收入支出表、科目余额表、试算平衡表）',
  usage: 'report statements --db FILE --set ID|名称 --year Y --month M --out FILE.xlsx [--annual] [--force]',
  flags: ['annual', 'force'],
  async run(args) {
    const file = requireDb(args);
    const setRef = stringOption(args, 'set');
    if (!setRef) throw new AppError('USAGE', '缺少参数 --set（账套编号或名称）。');
    const year = intOption(args, 'year', '年度', 2000, 2100);
    const month = intOption(args, 'month', '月份', 1, 12);
    const annual = Boolean(args.options.annual);
    if (annual && month !== 12) throw new AppError('USAGE', '年度报表的月份应为 12。');
    const out = outputFile(args);
    const db = await openCurrentDatabase(file);
    try {
      const summary = await writeStatementsWorkbook(db, { setId: await findSet(db, setRef), year, month, annual }, out);
      return { file: out, size: fs.statSync(out).size, year, month, annual, ...summary };
    } finally {
      await db.destroy();
    }
  },
  text: (r: { file: string; setName: string; periodLabel: string; balanced01: boolean; trialBalanced: boolean }) =>
    `已导出 ${r.setName} ${r.periodLabel} 会计报表：${r.file}（资产负债表${r.balanced01 ? '平衡' : '不平衡'}，试算${r.trialBalanced ? '平衡' : '不平衡'}）`,
};

/** The 预算执行情况表 the 预算执行 page exports (same core function), written to a file. */
export const reportBudgetExecutionCommand: CliCommand = {
  words: ['report', 'budget-execution'],
  summary: '导出预算执行情况表（预算数、已占用、执行数、预算余额、执行率）',
  usage: 'report budget-execution --db FILE --set ID|名称|all --year Y [--month M] --out FILE.xlsx [--force]',
  flags: ['force'],
  async run(args) {
    const file = requireDb(args);
    const setRef = stringOption(args, 'set');
    if (!setRef) throw new AppError('USAGE', '缺少参数 --set（账套编号或名称；all 为全部账套合并）。');
    const year = intOption(args, 'year', '年度', 2000, 2100);
    const month = stringOption(args, 'month') ? intOption(args, 'month', '月份', 1, 12) : null;
    const out = outputFile(args);
    const db = await openCurrentDatabase(file);
    try {
      const setId = setRef === 'all' ? null : await findSet(db, setRef);
      const r = await writeBudgetExecutionWorkbook(db, { year, setId, month }, out);
      return {
        file: out, size: fs.statSync(out).size, year, month, setName: r.setName, scopeLabel: r.scopeLabel, book: r.book?.title ?? null,
        rows: r.rows.length, income: r.incomeTotal, expense: r.expenseTotal,
      };
    } finally {
      await db.destroy();
    }
  },
  text: (r: { file: string; year: number; month: number | null; scopeLabel: string; book: string | null; expense: { budget: number; actual: number; rate: number | null } }) =>
    `已导出 ${r.scopeLabel} ${r.year}年${r.month ? `1–${r.month}月` : '度'} 预算执行情况表：${r.file}` +
    `（预算：${r.book ?? '本年度尚无已批准的预算'}；支出预算 ${formatFen(r.expense.budget)} 元，执行 ${formatFen(r.expense.actual)} 元` +
    `${r.expense.rate === null ? '' : `，执行率 ${(r.expense.rate * 100).toFixed(2)}%`}）`,
};

export const ledgerCommands = [trialBalanceCommand, reportStatementsCommand, reportBudgetExecutionCommand];
