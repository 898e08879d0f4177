// CLI: backup, restore and the audit log's hash-chain check.
//   backup --db FILE --out FILE
//   restore --db FILE --from FILE --yes
//   audit-log verify --db FILE [--json]
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { requireDb } from './platform-commands';
import { LATEST_SCHEMA_VERSION } from '../core/db/migrations';
import { withTx } from '../core/db/tx';
import { verifyAuditLog, writeAudit } from '../core/domains/audit/log';
import {
  MODULE,
  cliActor,
  formatSize,
  inspectBackupFile,
  openExisting,
  restoreDatabaseFile,
  sha256File,
  vacuumInto,
  type FileRestoreResult,
} from '../core/domains/backup/service';
import type { BackupInspection } from '../../shared/contract/backup';
import { AppError } from '../core/errors';

function requireFile(args: ParsedArgs, key: string, what: string): string {
  const v = stringOption(args, key);
  if (!v) throw new AppError('USAGE', `缺少参数 --${key} FILE（${what}）。`);
  return path.resolve(v);
}

function localTime(iso: string | null) {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function describeInspection(i: BackupInspection): string[] {
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN'));
  return [
    `  本级工会：${i.orgName ?? '（未设置）'}${i.fiscalYear ? `（${i.fiscalYear} 年度）` : ''}`,
    `  架构版本：${i.schemaVersion ?? '—'}（程序支持 ${i.latestSchemaVersion}）`,
    `  单位 ${n(i.counts.units)} 个，用户 ${n(i.counts.users)} 个，审计日志 ${n(i.counts.auditRows)} 条；最后一条审计记录：${localTime(i.lastAuditAt)}`,
    `  SHA-256：${i.sha256}`,
    ...i.warnings.map((w) => `  注意：${w}`),
  ];
}

export const backupCommand: CliCommand = {
  words: ['backup'],
  summary: '备份数据库到指定文件（VACUUM INTO，程序运行时也可执行）',
  usage: 'backup --db FILE --out FILE [--json]',
  async run(args) {
    const file = requireDb(args);
    const out = requireFile(args, 'out', '备份文件路径');
    if (fs.existsSync(out)) throw new AppError('CONFLICT', `目标文件已存在：${out}。为防止覆盖，请指定新的文件名。`);
    const db = openExisting(file);
    try {
      let version: number;
      let hasAudit: boolean;
      try {
        version = Number((await sql<{ user_version: number }>`pragma user_version`.execute(db)).rows[0]?.user_version ?? 0);
        hasAudit = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'audit_log'`.execute(db)).rows.length > 0;
        await vacuumInto(db, out);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('DB_OPEN', `无法备份数据库 ${file}：${(e as Error).message}`);
      }
      const size = fs.statSync(out).size;
      const sha256 = await sha256File(out);
      const now = new Date();
      // Recorded in the database that was backed up (not in the copy), when its schema is one we know.
      if (hasAudit && version >= 2 && version <= LATEST_SCHEMA_VERSION) {
        await withTx(db, (trx) =>
          writeAudit(trx, now, cliActor(), {
            module: MODULE,
            action: '手动备份',
            targetType: '数据库',
            targetId: null,
            summary: `命令行备份数据库到 ${out}（${formatSize(size)}，SHA-256：${sha256}）`,
            after: { file: out, size, sha256 },
          }),
        );
      }
      return { dbPath: file, out, size, sha256, schemaVersion: version };
    } finally {
      await db.destroy();
    }
  },
  text: (r) => [`已备份数据库 ${r.dbPath}`, `  到：${r.out}（${formatSize(r.size)}）`, `  SHA-256：${r.sha256}`].join('\n'),
};

export const restoreCommand: CliCommand = {
  words: ['restore'],
  summary: '从备份文件恢复数据库（先检查备份、自动备份当前数据；须加 --yes 确认）',
  usage: 'restore --db FILE --from FILE --yes [--json]',
  flags: ['yes'],
  async run(args) {
    const target = requireDb(args, false);
    const from = requireFile(args, 'from', '备份文件路径');
    if (!fs.existsSync(from)) throw new AppError('NOT_FOUND', `备份文件不存在：${from}`);
    if (path.resolve(from) === path.resolve(target)) throw new AppError('USAGE', '备份文件与要恢复的数据库是同一个文件。');
    if (!args.options.yes) {
      // Show what the file is, then ask for the confirmation; nothing is changed.
      const inspection = await inspectBackupFile(from, path.basename(from), path.dirname(target));
      if (!inspection.ok) throw new AppError(inspection.failureCode ?? 'VALIDATION', inspection.failure ?? '备份文件未通过检查。');
      return { confirmed: false as const, target, from, inspection };
    }
    const result = await restoreDatabaseFile(target, from, new Date(), cliActor());
    return { confirmed: true as const, from, ...result };
  },
  text: (r: { confirmed: false; target: string; from: string; inspection: BackupInspection } | ({ confirmed: true; from: string } & FileRestoreResult)) =>
    r.confirmed
      ? [
          `已从 ${r.from} 恢复数据库 ${r.target}。`,
          ...describeInspection(r.inspection),
          ...(r.fromSchemaVersion !== r.schemaVersion ? [`  已将架构版本从 ${r.fromSchemaVersion} 升级到 ${r.schemaVersion}。`] : []),
          r.preRestoreBackup ? `恢复前的数据库已备份到：${r.preRestoreBackup}` : '原数据库不存在或为空，未做恢复前备份。',
          ...(r.preRestoreNote ? [`注意：${r.preRestoreNote}`] : []),
          `恢复操作已记入恢复后数据库的审计日志（第 ${r.auditId} 条）。`,
        ].join('\n')
      : [
          `备份文件 ${r.from} 已通过检查：`,
          ...describeInspection(r.inspection),
          '',
          `恢复将用该备份替换 ${r.target} 中的全部数据（替换前会自动备份当前数据）。`,
          '未加 --yes 参数，未做任何改动。确认恢复请加上 --yes 重新运行。',
        ].join('\n'),
  exitCode: (r) => (r.confirmed ? 0 : 2),
};

export const auditVerifyCommand: CliCommand = {
  words: ['audit-log', 'verify'],
  summary: '校验审计日志哈希链，指出第一条被修改、插入或删除的记录',
  usage: 'audit-log verify --db FILE [--json]',
  async run(args) {
    const file = requireDb(args);
    // Read-only: checking a file handed in for review must not change it.
    const db = openExisting(file, true);
    try {
      let hasAudit: boolean;
      try {
        hasAudit = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'audit_log'`.execute(db)).rows.length > 0;
      } catch (e) {
        throw new AppError('DB_OPEN', `无法读取数据库 ${file}：${(e as Error).message}`);
      }
      if (!hasAudit) throw new AppError('NOT_FOUND', `数据库 ${file} 中没有审计日志表。`);
      return { dbPath: file, ...(await verifyAuditLog(db)) };
    } finally {
      await db.destroy();
    }
  },
  text: (r) =>
    r.ok
      ? `审计日志校验通过（OK）：共 ${r.checked} 条记录，哈希链完整。`
      : `审计日志校验未通过：第一条问题记录为第 ${r.firstBad.id} 条——${r.firstBad.problem}。此前 ${r.checked} 条记录完好。`,
  exitCode: (r) => (r.ok ? 0 : 1),
};

export const backupCommands = [backupCommand, restoreCommand, auditVerifyCommand];
