// CLI: 考核评价 (百分制考核、一企一档、资金挂钩).
//   report assessment --db FILE --year Y --round ID|名称 --out FILE.xlsx [--unit CODE] [--force]
import fs from 'node:fs';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { AppError } from '../core/errors';
import type { Executor } from '../core/db/tx';
import { writeRoundWorkbook } from '../core/domains/assessment/report';
import { openCurrentDatabase, outputFile } from './files';

function intOption(args: ParsedArgs, key: string, what: string, min: number, max: number): number {
  const v = stringOption(args, key);
  if (!v) throw new AppError('USAGE', `缺少参数 --${key}（${what}）。`);
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('USAGE', `参数 --${key} 应为 ${min}–${max} 的整数：${v}`);
  return n;
}

/** A round of the year by id or by exact name. */
async function findRound(db: Executor, year: number, ref: string): Promise<{ id: number; name: string }> {
  const rows = await db.selectFrom('assess_round').select(['id', 'name']).where('year', '=', year).orderBy('id').execute();
  const hit = /^\d+$/.test(ref) ? rows.find((r) => r.id === Number(ref)) : rows.find((r) => r.name === ref);
  if (!hit) {
    const known = rows.map((r) => `${r.id} ${r.name}`).join('；') || '（无）';
    throw new AppError('NOT_FOUND', `${year} 年度的考核轮次“${ref}”不存在。现有轮次：${known}`);
  }
  return hit;
}

export const reportAssessmentCommand: CliCommand = {
  words: ['report', 'assessment'],
  summary: '导出考核结果（汇总排名表与等次统计；加 --unit 导出该单位的评分表）',
  usage: 'report assessment --db FILE --year Y --round ID|名称 --out FILE.xlsx [--unit 单位编码] [--force]',
  flags: ['force'],
  async run(args) {
    const file = requireDb(args);
    const year = intOption(args, 'year', '考核年度', 2000, 2100);
    const roundRef = stringOption(args, 'round');
    if (!roundRef) throw new AppError('USAGE', '缺少参数 --round（考核轮次编号或名称）。');
    const out = outputFile(args);
    const db = await openCurrentDatabase(file);
    try {
      const round = await findRound(db, year, roundRef);
      let subjectId: number | null = null;
      const unitCode = stringOption(args, 'unit');
      if (unitCode) {
        const s = await db
          .selectFrom('assess_subject as s')
          .innerJoin('unit as u', 'u.id', 's.unit_id')
          .select('s.id')
          .where('s.round_id', '=', round.id)
          .where('u.code', '=', unitCode.toUpperCase())
          .orderBy('s.id')
          .executeTakeFirst();
        if (!s) throw new AppError('NOT_FOUND', `单位 ${unitCode} 不在考核轮次“${round.name}”中。`);
        subjectId = s.id;
      }
      const r = await writeRoundWorkbook(db, round.id, out, { subjectId });
      return { file: out, size: fs.statSync(out).size, year, round: round.name, ...r };
    } finally {
      await db.destroy();
    }
  },
  text: (r: { file: string; round: string; subjects: number; sheets: string[] }) =>
    `已导出考核轮次“${r.round}”（${r.subjects} 个对象，工作表：${r.sheets.join('、')}）：${r.file}`,
};

export const assessmentCommands: CliCommand[] = [reportAssessmentCommand];
