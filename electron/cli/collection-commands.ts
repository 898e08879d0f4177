// CLI: 经费收缴 (税务代征、分成、返还、对账).
//   collection import --db FILE --file X --profile P [--target 收缴|参考工资] [--source 企业所得税|社保] [--dry-run] --user U --password P
//   collection reconcile --db FILE --year Y [--json] [--user U --password P]
//   collection accrual --db FILE --year Y [--json]   (read-only: the year-end accrual list)
//   report collection --db FILE --year Y --out FILE.xlsx [--force]
// Import goes through the router after auth.signIn on the channel 'cli' (roles, validation and the audit
// log apply as in the desktop app); it prints a JSON summary and exits non-zero when rejected.
// Reconcile with a user stores the flags (as the app does); without one it computes them read-only.
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { createCore, type Core } from '../core/app';
import { AppError } from '../core/errors';
import { computeFlags, dueThrough } from '../core/domains/collection/reconcile';
import { writeCollectionReports } from '../core/domains/collection/reports';
import { accrualDraft } from '../core/domains/collection/accrual';
import { formatFen } from '../../shared/money';
import type { AccrualDraftRow, ImportResult, ProfileRow, ReconcileResult } from '../../shared/contract/collection';
import { outputFile } from './files';
import type { BaseImportResult } from '../../shared/contract/collection-bases';

const CHANNEL = 'cli';

function yearOf(args: ParsedArgs): number {
  const v = stringOption(args, 'year');
  if (!v) throw new AppError('USAGE', '缺少参数 --year YYYY（年度）。');
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('USAGE', `年度不正确：${v}`);
  return y;
}

async function withCore<T>(args: ParsedArgs, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({ dbPath: requireDb(args) });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

async function routerCall<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.router.call(name, input, { channel: CHANNEL });
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
  return r.value as T;
}

function credentials(args: ParsedArgs): { username: string; password: string } | null {
  const username = stringOption(args, 'user') ?? process.env.UFD_USER;
  const password = stringOption(args, 'password') ?? process.env.UFD_PASSWORD;
  return username && password ? { username, password } : null;
}

export const collectionImportCommand: CliCommand = {
  words: ['collection', 'import'],
  summary: '导入税务代征记录（或参考工资数据），按保存的列映射方案',
  usage: 'collection import --db FILE --file X.xlsx|X.csv --profile 方案名称|编号 [--target 收缴|参考工资] [--source 企业所得税|社保] [--dry-run] --user U --password P',
  flags: ['dry-run'],
  async run(args) {
    const fileArg = stringOption(args, 'file');
    if (!fileArg) throw new AppError('USAGE', '缺少参数 --file（税务代征明细 .xlsx 或 .csv）。');
    const file = path.resolve(fileArg);
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `文件不存在：${file}`);
    const profileRef = stringOption(args, 'profile');
    if (!profileRef) throw new AppError('USAGE', '缺少参数 --profile（列映射方案名称或编号）。');
    const target = stringOption(args, 'target') ?? '收缴';
    if (target !== '收缴' && target !== '参考工资') throw new AppError('USAGE', '--target 应为 收缴 或 参考工资。');
    const cred = credentials(args);
    if (!cred) throw new AppError('USAGE', '此命令会修改数据，需要操作用户：--user 用户名 --password 密码（或环境变量 UFD_USER、UFD_PASSWORD）。');
    return withCore(args, async (core) => {
      await routerCall(core, 'auth.signIn', cred);
      const profiles = await routerCall<ProfileRow[]>(core, 'collection.profiles.list', { target });
      const p = /^\d+$/.test(profileRef) ? profiles.find((x) => x.id === Number(profileRef)) : profiles.find((x) => x.name === profileRef);
      if (!p) throw new AppError('NOT_FOUND', `列映射方案“${profileRef}”不存在。现有方案：${profiles.map((x) => `${x.id} ${x.name}`).join('；') || '（无）'}`);
      const upload = core.env.files.copyUpload(file);
      return routerCall<ImportResult>(core, 'collection.import.run', {
        uploadId: upload.id, target, profileId: p.id, referenceSource: stringOption(args, 'source') ?? '企业所得税', dryRun: Boolean(args.options['dry-run']),
      });
    });
  },
  text: (r: ImportResult) => JSON.stringify({
    status: r.status, file: r.fileName, rows: r.rows, newRows: r.newRows, duplicates: r.duplicates, total: formatFen(r.totalFen),
    errorCount: r.errorCount, errors: r.errors.slice(0, 50), unknownPayers: r.unknownPayers.map((u) => ({ name: u.name, creditCode: u.creditCode, rows: u.rows })),
    batchId: r.batchId,
  }, null, 2),
  exitCode: (r: ImportResult) => (r.status === 'rejected' ? 2 : 0),
};

export const collectionReconcileCommand: CliCommand = {
  words: ['collection', 'reconcile'],
  summary: '经费收缴对账：应缴未缴、少缴、申报不实（带 --user 时保存到工作清单）',
  usage: 'collection reconcile --db FILE --year Y [--through M] [--json] [--user U --password P]',
  async run(args) {
    const year = yearOf(args);
    const throughArg = stringOption(args, 'through');
    const through = throughArg === undefined ? dueThrough(year, new Date()) : Number(throughArg);
    if (!Number.isInteger(through) || through < 0 || through > 12) throw new AppError('USAGE', `--through 应为 0–12 的月份：${throughArg}`);
    const cred = credentials(args);
    return withCore(args, async (core) => {
      if (cred) {
        await routerCall(core, 'auth.signIn', cred);
        const r = await routerCall<ReconcileResult>(core, 'collection.reconcile.run', { year, throughMonth: through });
        return { stored: true, year, throughMonth: r.throughMonth, payers: r.payers, toleranceBp: r.toleranceBp, counts: r.counts, cleared: r.cleared };
      }
      const { tol, figures, found, counts } = await computeFlags(core.db, year, through);
      const names = new Map((await core.db.selectFrom('unit').select(['id', 'name', 'credit_code']).where('kind', '=', '基层工会').execute()).map((u) => [u.id, u]));
      return {
        stored: false, year, throughMonth: through, payers: figures.length, toleranceBp: tol, counts,
        flags: found.map((f) => ({
          unitId: f.unit_id, unitName: names.get(f.unit_id)?.name ?? '', creditCode: names.get(f.unit_id)?.credit_code ?? null, kind: f.kind,
          dueFen: f.due_fen, paidFen: f.paid_fen, declaredBaseFen: f.declared_base_fen, referenceFen: f.reference_fen, gapFen: f.gap_fen,
        })),
      };
    });
  },
  text: (r: { stored: boolean; year: number; throughMonth: number; payers: number; counts: Record<string, number>; flags?: Array<{ unitName: string; kind: string; gapFen: number }> }) =>
    [
      `${r.year} 年对账（应缴计至 ${r.throughMonth} 月）：缴费单位 ${r.payers} 个；应缴未缴 ${r.counts['应缴未缴']}，少缴 ${r.counts['少缴']}，申报不实 ${r.counts['申报不实']}${r.stored ? '（已保存到工作清单）' : '（只读计算，未保存）'}`,
      ...(r.flags ?? []).map((f) => `  ${f.kind}  ${f.unitName}  差额 ${formatFen(f.gapFen)} 元`),
    ].join('\n'),
};

export const collectionAccrualCommand: CliCommand = {
  words: ['collection', 'accrual'],
  summary: '年末应收下级经费清单（只读：应缴未缴扣除基层留成后的应收数，及已计提、次年已收回的金额）',
  usage: 'collection accrual --db FILE --year Y [--json]',
  async run(args) {
    const year = yearOf(args);
    return withCore(args, async (core) => ({ year, rows: await accrualDraft(core.db, year) }));
  },
  text: (r: { year: number; rows: AccrualDraftRow[] }) =>
    [
      `${r.year} 年末应收下级经费：${r.rows.length} 个基层工会`,
      ...r.rows.map((x) => `  ${x.unitName}  应缴未缴 ${formatFen(x.owedFen)} 元  应收 ${formatFen(x.suggestedFen)} 元${x.accrual ? `  已计提 ${formatFen(x.accrual.amountFen)} 元（${x.accrual.voucherLabel ?? ''}），已收回 ${formatFen(x.accrual.clearedFen)} 元` : '  未计提'}`),
    ].join('\n'),
};

export const reportCollectionCommand: CliCommand = {
  words: ['report', 'collection'],
  summary: '导出经费收缴报表（收缴台账、分成明细、返还清单、应缴未缴清单、申报不实清单、年度汇总）',
  usage: 'report collection --db FILE --year Y --out FILE.xlsx [--force]',
  flags: ['force'],
  async run(args) {
    const year = yearOf(args);
    const out = outputFile(args);
    return withCore(args, async (core) => {
      await writeCollectionReports(core.db, year, out);
      return { file: out, size: fs.statSync(out).size, year };
    });
  },
  text: (r: { file: string; year: number }) => `已导出 ${r.year} 年经费收缴报表：${r.file}`,
};

export const collectionCommands: CliCommand[] = [collectionImportCommand, collectionReconcileCommand, collectionAccrualCommand, reportCollectionCommand];

// ── 缴费基数导入 ────────────────────────────────────────────────────────────────────────────────────────
//   collection bases-import --db FILE X.xlsx|X.csv [--dry-run] [--json] --user U --password P
// Through the router (roles, checks and the audit log as in the app); exits 2 when the file is rejected.
export const collectionBasesImportCommand: CliCommand = {
  words: ['collection', 'bases-import'],
  summary: '批量导入缴费单位的月工资总额（单位编码/统一社会信用代码、起始月份、月工资总额（元）、职工人数、备注）',
  usage: 'collection bases-import --db FILE X.xlsx|X.csv [--dry-run] [--json] --user U --password P',
  flags: ['dry-run'],
  async run(args) {
    const fileArg = args.positionals[0] ?? stringOption(args, 'file');
    if (!fileArg) throw new AppError('USAGE', '缺少要导入的文件（月工资总额 .xlsx 或 .csv）。');
    const file = path.resolve(fileArg);
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `文件不存在：${file}`);
    const cred = credentials(args);
    if (!cred) throw new AppError('USAGE', '此命令会修改数据，需要操作用户：--user 用户名 --password 密码（或环境变量 UFD_USER、UFD_PASSWORD）。');
    return withCore(args, async (core) => {
      await routerCall(core, 'auth.signIn', cred);
      const upload = core.env.files.copyUpload(file);
      return routerCall<BaseImportResult>(core, 'collection.bases.import', { uploadId: upload.id, dryRun: Boolean(args.options['dry-run']) });
    });
  },
  text: (r: BaseImportResult) =>
    [
      `${r.status === 'rejected' ? '有错误，未导入任何数据' : r.status === 'checked' ? '检查通过（仅预览，未写入）' : '已导入'}：${r.fileName}，数据 ${r.rows} 行；新增 ${r.newCount}，修改 ${r.changedCount}，无变化 ${r.unchangedCount}，错误 ${r.errorCount}`,
      ...r.errors.slice(0, 50).map((e) => `  ${e.sheet}${e.row ? ` 第 ${e.row} 行` : ''}${e.column ? ` ${e.column}` : ''}：${e.message}`),
    ].join('\n'),
  exitCode: (r: BaseImportResult) => (r.status === 'rejected' ? 2 : 0),
};
collectionCommands.push(collectionBasesImportCommand);
