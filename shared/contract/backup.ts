// Contract: database backups (automatic at start, manual “备份到…”), restore from a backup file with
// checks first, and the backup policy. Everything here is for the 系统管理员 only: a backup holds every
// password hash and every voucher of the federation, and a restore replaces all data.
import { z } from 'zod';
import { endpoint } from './define';
import type { ExportedFile } from '../bridge';

const ADMIN = ['系统管理员'] as const;

/** One check a backup file must pass before it may be restored, in the order they run. */
export interface BackupCheck {
  key: 'sqlite' | 'integrity' | 'application' | 'version';
  /** Chinese name of the check, e.g. 数据库完整性. */
  label: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Chinese explanation (why it failed, or what was found). */
  message: string;
}

/** What a backup file is, as far as can be told without restoring it. */
export interface BackupInspection {
  fileName: string;
  size: number;
  sha256: string;
  /** Every check passed: the file may be restored. */
  ok: boolean;
  /** The failing check's message (Chinese), or null. */
  failure: string | null;
  /** The failing check's error code (NOT_SQLITE, DB_CORRUPT, FOREIGN_DB, DB_FROM_FUTURE), or null. */
  failureCode: string | null;
  checks: BackupCheck[];
  schemaVersion: number | null;
  latestSchemaVersion: number;
  /** The file is of an older schema and will be upgraded while it is restored. */
  needsUpgrade: boolean;
  orgName: string | null;
  fiscalYear: number | null;
  counts: { units: number | null; users: number | null; auditRows: number | null };
  /** Time (ISO) of the newest audit entry: roughly when the backup's data was last changed. */
  lastAuditAt: string | null;
  /** The backup's own audit hash chain (informational; a broken chain does not block a restore). */
  auditChain: { ok: boolean; checked: number; problem: string | null } | null;
  /** Things worth knowing that do not block the restore (Chinese). */
  warnings: string[];
}

export interface RestoreResult {
  inspection: BackupInspection;
  /** The current database as it was just before the restore (in the backups folder). */
  preRestoreBackup: string;
  /** Schema version of the file, and of the database after the restore (upgraded when older). */
  fromSchemaVersion: number;
  schemaVersion: number;
  /** Id of the audit entry written into the restored database. */
  auditId: number;
  /** Every session was ended: everybody signs in again, against the restored users. */
  signedOut: true;
}

export interface BackupFileInfo {
  name: string;
  /** auto: daily at start; before-restore: the database just before a restore; before-upgrade: before a migration. */
  kind: 'auto' | 'before-restore' | 'before-upgrade' | 'other';
  size: number;
  /** Last modification time (ISO). */
  modifiedAt: string;
}

export interface BackupSettings {
  /** How many automatic backups are kept. */
  keep: number;
  /** When the last automatic backup was made (ISO), or null. */
  lastAuto: string | null;
  /** The backups folder (automatic and pre-restore backups). */
  backupDir: string;
  /** Automatic backups, newest first. */
  recent: BackupFileInfo[];
  /** Other backups in the folder (before a restore, before an upgrade), newest first. */
  others: BackupFileInfo[];
}

export const DEFAULT_BACKUP_KEEP = 10;
export const MAX_BACKUP_KEEP = 365;

const uploadId = z.string().trim().min(1, '请先选择备份文件');

export const backupCreate = endpoint<ExportedFile>()({
  name: 'backup.create',
  summary: '备份数据库（生成备份文件，再另存到指定位置）',
  input: z.object({}).strict(),
  access: ADMIN,
});

export const backupInspect = endpoint<BackupInspection>()({
  name: 'backup.inspect',
  summary: '检查备份文件（恢复前核对其内容与完整性）',
  input: z.object({ uploadId }).strict(),
  access: ADMIN,
});

export const backupRestore = endpoint<RestoreResult>()({
  name: 'backup.restore',
  summary: '从备份文件恢复数据库（替换全部现有数据）',
  input: z
    .object({
      uploadId,
      confirm: z.literal(true, { error: '恢复将用备份文件替换全部现有数据，请确认后再操作（confirm 须为 true）' }),
    })
    .strict(),
  access: ADMIN,
});

export const backupSettings = endpoint<BackupSettings>()({
  name: 'backup.settings',
  summary: '备份设置与最近的自动备份',
  input: z.object({}).strict(),
  access: ADMIN,
});

export const backupSetKeep = endpoint<BackupSettings>()({
  name: 'backup.setKeep',
  summary: '设置自动备份保留份数',
  input: z
    .object({
      keep: z
        .number({ error: '保留份数须为整数' })
        .int('保留份数须为整数')
        .min(1, '至少保留 1 份自动备份')
        .max(MAX_BACKUP_KEEP, `最多保留 ${MAX_BACKUP_KEEP} 份自动备份`),
    })
    .strict(),
  access: ADMIN,
});

export const backup = { backupCreate, backupInspect, backupRestore, backupSettings, backupSetKeep };
