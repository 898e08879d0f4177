// CLI: 支出审批 (七步审批链).
//   report expenditures --db FILE --year Y --out FILE.xlsx [--force]   支出台账 + 三公经费统计 of a year
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './command';
import { stringOption } from '../args';
import { requireDb } from './platform-commands';
import { AppError } from '../core/errors';
import { writeExpenseLedger, writeSangong } from '../core/domains/expense/excel';
import { openCurrentDatabase } from './files';

export const reportExpendituresCommand: CliCommand = {
  words: ['report', 'expenditures'],
  summary: '导出某年度的支出台账（Excel）；同时在同一目录写出三公经费统计',
  usage: 'report expenditures --db FILE --year Y --out FILE.xlsx [--force]',
  flags: ['force'],
  async run(args) {
    const file = requireDb(args);
    const y = stringOption(args, 'year');
    const year = Number(y);
    if (!y || !Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('USAGE', `参数 --year 应为 2000–2100 的年度：${y ?? '（缺少）'}`);
    const outArg = stringOption(args, 'out');
    if (!outArg) throw new AppError('USAGE', '缺少参数 --out FILE.xlsx（输出文件）。');
    const out = path.resolve(outArg);
    if (!out.toLowerCase().endsWith('.xlsx')) throw new AppError('USAGE', `输出文件应以 .xlsx 结尾：${out}`);
    const sangongOut = out.replace(/\.xlsx$/i, '-三公经费.xlsx');
    for (const f of [out, sangongOut]) {
      if (fs.existsSync(f) && !args.options.force) throw new AppError('CONFLICT', `目标文件已存在：${f}。如需覆盖请加 --force。`);
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const db = await openCurrentDatabase(file);
    try {
      const rows = await writeExpenseLedger(db, { year }, out);
      await writeSangong(db, year, sangongOut);
      return { file: out, sangongFile: sangongOut, year, rows, size: fs.statSync(out).size };
    } finally {
      await db.destroy();
    }
  },
  text: (r: { file: string; sangongFile: string; year: number; rows: number }) =>
    `已导出 ${r.year} 年度支出台账 ${r.rows} 条：${r.file}\n三公经费统计：${r.sangongFile}`,
};

export const expenseCommands: CliCommand[] = [reportExpendituresCommand];
