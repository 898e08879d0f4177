// CLI: budget compilation.
//   budget templates --db FILE --year Y --out DIR [--units CODE,CODE…] [--prefill]
//   budget import --db FILE --year Y PATH… --user NAME --password P [--unit CODE] [--dry-run]
//   budget consolidate --db FILE --year Y [--book ID] [--scope 全部|本级|基层] [--json]
//   budget checks --db FILE --year Y [--book ID] [--json]
//   budget rules --db FILE [--year Y] [--all] [--json]
//   report budget --db FILE --year Y --out FILE.xlsx [--book ID] [--force]
// Reading and exporting use the services directly. Commands that change data (import) need an acting
// user — --user/--password or UFD_USER/UFD_PASSWORD — and go through the router after auth.signIn on the
// channel 'cli', so that roles, validation and the audit log apply exactly as in the desktop app.
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { createCore, type Core } from '../core/app';
import { AppError } from '../core/errors';
import { consolidateAll } from '../core/domains/budget/consolidate';
import { evaluateRules, listRules } from '../core/domains/budget/rules';
import { ruleParamsText } from '../../shared/budget/rule-fields';
import { resolveSource } from '../core/domains/budget/structure';
import { writeTemplates } from '../core/domains/budget/template';
import { writeBudgetReport } from '../core/domains/budget/report';
import { SCOPES, type Scope } from '../../shared/budget/constants';
import { formatFen } from '../../shared/money';
import type { BudgetImportResult, BudgetRuleRow, ConsolidationResult, RuleCheckReport } from '../../shared/contract/budget';

const CHANNEL = 'cli';

function yearOf(args: ParsedArgs): number {
  const v = stringOption(args, 'year');
  if (!v) throw new AppError('USAGE', '缺少参数 --year YYYY（预算年度）。');
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('USAGE', `预算年度不正确：${v}`);
  return y;
}

function bookOf(args: ParsedArgs): number | null {
  const v = stringOption(args, 'book');
  if (!v) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new AppError('USAGE', `年度预算编号不正确：${v}`);
  return n;
}

function scopeOf(args: ParsedArgs): Scope {
  const v = stringOption(args, 'scope') ?? '全部';
  if (!(SCOPES as readonly string[]).includes(v)) throw new AppError('USAGE', `范围应为：${SCOPES.join('、')}`);
  return v as Scope;
}

/** Values of a repeatable, comma-separated option. */
function listOption(args: ParsedArgs, key: string): string[] {
  const v = args.options[key];
  if (v === undefined || v === true) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/[,，\s]+/)).filter(Boolean);
}

async function withCore<T>(args: ParsedArgs, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({ dbPath: requireDb(args) });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

/** Signs the acting user in on the CLI channel (for commands that change data). */
async function signIn(core: Core, args: ParsedArgs): Promise<void> {
  const username = stringOption(args, 'user') ?? process.env.UFD_USER;
  const password = stringOption(args, 'password') ?? process.env.UFD_PASSWORD;
  if (!username || !password) {
    throw new AppError('USAGE', '此命令会修改数据，需要操作用户：--user 用户名 --password 密码（或环境变量 UFD_USER、UFD_PASSWORD）。');
  }
  await routerCall(core, 'auth.signIn', { username, password });
}

async function routerCall<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.router.call(name, input, { channel: CHANNEL });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as T;
}

/** Files named on the command line; a folder stands for the .xlsx files in it (not recursive). */
function workbookPaths(positionals: readonly string[]): string[] {
  if (positionals.length === 0) throw new AppError('USAGE', '请指定要导入的 Excel 文件或文件夹。');
  const out: string[] = [];
  for (const p of positionals) {
    const abs = path.resolve(p);
    if (!fs.existsSync(abs)) throw new AppError('NOT_FOUND', `文件或文件夹不存在：${abs}`);
    if (fs.statSync(abs).isDirectory()) {
      const names = fs
        .readdirSync(abs)
        .filter((n) => /\.xlsx$/i.test(n) && !n.startsWith('~$') && !n.startsWith('.'))
        .sort();
      out.push(...names.map((n) => path.join(abs, n)));
    } else out.push(abs);
  }
  if (out.length === 0) throw new AppError('VALIDATION', '没有可导入的 Excel 文件（.xlsx）。');
  return out;
}

export const budgetTemplatesCommand: CliCommand = {
  words: ['budget', 'templates'],
  summary: '导出各单位预算填报模板到文件夹',
  usage: 'budget templates --db FILE --year Y --out DIR [--units CODE,…] [--prefill]',
  flags: ['prefill'],
  async run(args) {
    const year = yearOf(args);
    const outDir = stringOption(args, 'out');
    if (!outDir) throw new AppError('USAGE', '缺少参数 --out DIR（模板输出文件夹）。');
    const dir = path.resolve(outDir);
    return withCore(args, async (core) => {
      const codes = listOption(args, 'units').map((c) => c.toUpperCase());
      let q = core.db.selectFrom('unit').select(['id', 'code']).where('active', '=', 1);
      if (codes.length) q = q.where('code', 'in', codes);
      const units = await q.orderBy('code').execute();
      const missing = codes.filter((c) => !units.some((u) => u.code.toUpperCase() === c));
      if (missing.length) throw new AppError('NOT_FOUND', `以下单位编码不存在或已停用：${missing.join('、')}`);
      if (units.length === 0) throw new AppError('VALIDATION', '没有可生成模板的单位。');
      fs.mkdirSync(dir, { recursive: true });
      const files = await writeTemplates(
        core.db,
        year,
        units.map((u) => u.id),
        Boolean(args.options.prefill),
        (_unit, name) => {
          const p = path.join(dir, name);
          return { path: p, finish: () => ({ id: '', name, size: fs.statSync(p).size }) };
        },
      );
      return { year, out: dir, count: files.length, files: files.map((f) => ({ unitCode: f.unitCode, unitName: f.unitName, file: path.join(dir, f.name), size: f.size })) };
    });
  },
  text: (r) => `已生成 ${r.count} 个 ${r.year} 年度预算填报模板，保存在 ${r.out}`,
};

export const budgetImportCommand: CliCommand = {
  words: ['budget', 'import'],
  summary: '导入单位预算工作簿（文件或文件夹；有文件被拒绝时以非零状态退出）',
  usage: 'budget import --db FILE --year Y PATH… --user NAME --password P [--unit CODE] [--dry-run]',
  flags: ['dry-run'],
  async run(args) {
    const year = yearOf(args);
    const paths = workbookPaths(args.positionals);
    return withCore(args, async (core) => {
      await signIn(core, args);
      let expectUnitId: number | null = null;
      const unitCode = stringOption(args, 'unit');
      if (unitCode) {
        const u = await core.db.selectFrom('unit').select('id').where('code', '=', unitCode.toUpperCase()).executeTakeFirst();
        if (!u) throw new AppError('NOT_FOUND', `单位编码“${unitCode}”不存在。`);
        expectUnitId = u.id;
      }
      const uploadIds = paths.map((p) => core.env.files.copyUpload(p).id);
      const r = await routerCall<BudgetImportResult>(core, 'budget.import', { year, uploadIds, expectUnitId, dryRun: Boolean(args.options['dry-run']) });
      return {
        year,
        dryRun: r.dryRun,
        imported: r.imported,
        rejected: r.rejected,
        files: r.files.map((f, i) => ({
          path: paths[i],
          status: f.status,
          unit: f.unit ? `${f.unit.code} ${f.unit.name}` : null,
          versionSeq: f.versionSeq,
          lines: f.lines,
          incomeFen: f.incomeFen,
          expenseFen: f.expenseFen,
          errorCount: f.errorCount,
          errors: f.errors,
          warningCount: f.warningCount,
          warnings: f.warnings,
        })),
      };
    });
  },
  text: (r) =>
    [
      `${r.year} 年度预算导入${r.dryRun ? '（仅检查）' : ''}：成功 ${r.imported} 个，拒绝 ${r.rejected} 个。`,
      ...r.files.flatMap((f: { path: string; status: string; unit: string | null; versionSeq: number | null; errors: Array<{ cell: string | null; sheet: string; message: string }> }) => [
        `  ${f.status === 'imported' ? '✓' : f.status === 'checked' ? '○' : '✗'} ${path.basename(f.path)}${f.unit ? ` — ${f.unit}` : ''}${f.versionSeq ? ` 第 ${f.versionSeq} 版` : ''}`,
        ...f.errors.map((e) => `      ${e.cell ?? e.sheet}：${e.message}`),
      ]),
    ].join('\n'),
  exitCode: (r) => (r.rejected > 0 ? 1 : 0),
};

export const budgetConsolidateCommand: CliCommand = {
  words: ['budget', 'consolidate'],
  summary: '预算汇总（按科目、资金来源、单位、项目）',
  usage: 'budget consolidate --db FILE --year Y [--book ID] [--scope 全部|本级|基层] [--json]',
  async run(args) {
    const year = yearOf(args);
    return withCore(args, (core) => consolidateAll(core.db, year, bookOf(args), scopeOf(args)));
  },
  text: (r: ConsolidationResult & { byUnit: unknown[] }) =>
    [
      `${r.year} 年度预算汇总（${r.scope}，${r.source.title}）：${r.totals.unitCount} 个单位，${r.totals.lineCount} 行，${r.totals.projectCount} 个项目`,
      `  收入 ${formatFen(r.totals.incomeFen)} 元；支出 ${formatFen(r.totals.expenseFen)} 元（基本支出 ${formatFen(r.totals.basicFen)}，项目支出 ${formatFen(r.totals.projectFen)}）`,
      ...r.bySubject
        .filter((s) => s.level === 1)
        .map(
          (s) =>
            `  ${s.direction} ${s.code} ${s.name}：${formatFen(s.amountFen)}${s.lastYearFen !== null ? `（上年预算 ${formatFen(s.lastYearFen)}）` : ''}${
              s.actualFen !== null ? `（上年执行 ${formatFen(s.actualFen)}）` : ''
            }`,
        ),
      '  按资金来源：',
      ...r.bySource.map(
        (s) =>
          `  ${s.direction} ${s.fundingSource}${s.expenseType ? ` ${s.expenseType}` : ''}：${formatFen(s.amountFen)}${s.lastYearFen !== null ? `（上年预算 ${formatFen(s.lastYearFen)}）` : ''}${
            s.actualFen !== null ? `（上年执行 ${formatFen(s.actualFen)}）` : ''
          }`,
      ),
    ].join('\n'),
};

export const budgetChecksCommand: CliCommand = {
  words: ['budget', 'checks'],
  summary: '预算规则检查（阻断规则未通过时以非零状态退出）',
  usage: 'budget checks --db FILE --year Y [--book ID] [--json]',
  async run(args) {
    const year = yearOf(args);
    return withCore(args, async (core) => evaluateRules(core.db, year, await resolveSource(core.db, year, bookOf(args))));
  },
  text: (r: RuleCheckReport) =>
    [
      `${r.year} 年度预算规则检查（${r.source.title}）：${r.passed ? '阻断规则全部通过' : `${r.blockingFailures} 项阻断规则未通过`}`,
      ...r.results.map((x) => `  [${x.status}] ${x.name}${x.blocking ? '（阻断）' : ''}：${x.message}`),
    ].join('\n'),
  exitCode: (r: RuleCheckReport) => (r.passed ? 0 : 1),
};

export const budgetRulesCommand: CliCommand = {
  words: ['budget', 'rules'],
  summary: '预算规则：某年度适用的版本（--all 列出全部历史版本）',
  usage: 'budget rules --db FILE [--year Y] [--all] [--json]',
  flags: ['all'],
  async run(args) {
    const year = stringOption(args, 'year') ? yearOf(args) : null;
    return withCore(args, async (core) => {
      const rows = await listRules(core.db, year, null, new Date());
      return { year, rules: args.options.all ? rows : rows.filter((r) => r.inForce) };
    });
  },
  text: (r: { year: number | null; rules: BudgetRuleRow[] }) =>
    [
      `${r.year ? `${r.year} 年度预算适用的规则` : '今天有效的预算规则'}（${r.rules.length} 条）：`,
      ...r.rules.map(
        (x) =>
          `  ${x.inForce ? '*' : ' '} ${x.name}（${x.blocking ? '阻断' : '提示'}，${x.effectiveFrom} 至 ${x.effectiveTo ?? '今后'}）：${ruleParamsText(x.key, x.params)}`,
      ),
    ].join('\n'),
};

export const reportBudgetCommand: CliCommand = {
  words: ['report', 'budget'],
  summary: '导出预算汇总表（收入、支出、项目、基层单位汇总、规则检查）',
  usage: 'report budget --db FILE --year Y --out FILE.xlsx [--book ID] [--force]',
  flags: ['force'],
  async run(args) {
    const year = yearOf(args);
    const out = stringOption(args, 'out');
    if (!out) throw new AppError('USAGE', '缺少参数 --out FILE.xlsx（输出文件）。');
    const file = path.resolve(out);
    if (fs.existsSync(file) && !args.options.force) {
      throw new AppError('CONFLICT', `目标文件已存在：${file}。如需覆盖请加 --force。`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return withCore(args, async (core) => {
      const summary = await writeBudgetReport(core.db, year, bookOf(args), file);
      return { year, file, size: fs.statSync(file).size, ...summary };
    });
  },
  text: (r) =>
    `已导出 ${r.year} 年度预算汇总表：${r.file}（${r.units} 个单位，${r.projects} 个项目；收入 ${formatFen(r.incomeFen)} 元，支出 ${formatFen(r.expenseFen)} 元）`,
};

export const budgetCommands: CliCommand[] = [
  budgetTemplatesCommand,
  budgetImportCommand,
  budgetConsolidateCommand,
  budgetChecksCommand,
  budgetRulesCommand,
  reportBudgetCommand,
];
