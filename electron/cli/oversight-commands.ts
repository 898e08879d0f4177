// CLI: 经审监督 (审计项目、问题、整改台账、经审会会议).
//   report audit --db FILE --year Y [--project ID] [--unit ID] --out FILE.xlsx [--force]
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { AppError } from '../core/errors';
import { writeOversightReport, type OversightReportSummary } from '../core/domains/oversight/report';
import { openCurrentDatabase, outputFile } from './files';

function intOption(args: ParsedArgs, key: string, what: string, min: number, max: number, required: true): number;
function intOption(args: ParsedArgs, key: string, what: string, min: number, max: number, required: false): number | null;
function intOption(args: ParsedArgs, key: string, what: string, min: number, max: number, required: boolean): number | null {
  const v = stringOption(args, key);
  if (!v) {
    if (required) throw new AppError('USAGE', `缺少参数 --${key}（${what}）。`);
    return null;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('USAGE', `参数 --${key} 应为 ${min}–${max} 的整数：${v}`);
  return n;
}

export const reportAuditCommand: CliCommand = {
  words: ['report', 'audit'],
  summary: '导出经审报告（审查报告、问题清单、整改台账、问题统计、会议纪要）',
  usage: 'report audit --db FILE --year Y [--project ID] [--unit ID] --out FILE.xlsx [--force]',
  flags: ['force'],
  async run(args) {
    const file = requireDb(args);
    const year = intOption(args, 'year', '年度', 2000, 2100, true);
    const projectId = intOption(args, 'project', '审计项目编号', 1, Number.MAX_SAFE_INTEGER, false);
    const unitId = intOption(args, 'unit', '单位编号', 1, Number.MAX_SAFE_INTEGER, false);
    const out = outputFile(args);
    const db = await openCurrentDatabase(file);
    try {
      if (projectId !== null) {
        const p = await db.selectFrom('oversight_project').select(['id', 'year']).where('id', '=', projectId).executeTakeFirst();
        if (!p) throw new AppError('NOT_FOUND', `审计项目（编号 ${projectId}）不存在。`);
        if (p.year !== year) throw new AppError('USAGE', `审计项目 ${projectId} 属于 ${p.year} 年度，不是 ${year} 年度。`);
      }
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const summary = await writeOversightReport(db, new Date(), { year, projectId, unitId }, out);
      return { file: out, size: fs.statSync(out).size, year, projectId, unitId, ...summary };
    } finally {
      await db.destroy();
    }
  },
  text: (r: OversightReportSummary & { file: string; year: number }) =>
    `已导出 ${r.year} 年度经审报告：${r.file}（${r.sheets.join('、')}；问题 ${r.findings} 个，整改事项 ${r.rectifications} 项，会议 ${r.sessions} 次）`,
};

export const oversightCommands: CliCommand[] = [reportAuditCommand];
