// Backups and restore.
//
// Backups are written with `VACUUM INTO`: a consistent snapshot taken while the app runs, compact, and
// an ordinary single-file SQLite database (no -wal side file) that a user can copy to a USB stick.
//   - automatic: once a day at start, `<dataDir>/backups/ledger-auto-YYYYMMDD-HHMMSS.sqlite3`, the newest
//     N kept (SETTING.backupKeep, default 10);
//   - manual (“备份到…”): into the export area as `工会财务备份-YYYYMMDD-HHMM.sqlite3`, which the renderer
//     saves through the save dialog or a browser download;
//   - before a restore: `<dataDir>/backups/ledger-before-restore-YYYYMMDD-HHMMSS.sqlite3`.
// File names and “today” use Beijing time (UTC+8), like the rest of the application.
//
// A restore never touches the live database until the file has passed every check, and works on a
// private copy (“staging”) so that what was checked is exactly what is restored:
//   1. SQLite header `SQLite format 3\0`;
//   2. `PRAGMA integrity_check` returns ok (a file SQLite cannot even read counts as damaged);
//   3. it is this application's database: `app_setting` holds app.id = APP_ID. A database without the
//      marker is accepted only when it has this application's tables `app_setting`, `unit` and a
//      hash-chained `audit_log`, and a schema version: such a file is ours from before first-run setup
//      (the marker is written by setup). Any other app.id, or missing tables, is refused;
//   4. its schema version (PRAGMA user_version) is not newer than LATEST_SCHEMA_VERSION.
// The staged copy is then upgraded with the normal migration runner (openDatabase) if it is older, and the
// restore's audit entry is appended to it. Only then, holding the driver's connection lock, the current
// database is saved (`VACUUM INTO`) and replaced in one step through SQLite's online backup API in the
// restore direction — the core stays open, and a failure leaves the live database as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import sqlite3 from 'sqlite3';
import { CompiledQuery, Kysely, sql } from 'kysely';
import type {
  BackupCheck,
  BackupFileInfo,
  BackupInspection,
  BackupSettings,
  RestoreResult,
} from '../../../../shared/contract/backup';
import { DEFAULT_BACKUP_KEEP, MAX_BACKUP_KEEP } from '../../../../shared/contract/backup';
import type { ExportedFile } from '../../../../shared/bridge';
import { SqliteDialect } from '../../db/sqlite-driver';
import { openDatabase, schemaVersion, type Database } from '../../db/open';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { withRawConnection } from '../../db/raw';
import { withTx, type Executor } from '../../db/tx';
import type { DB } from '../../db/schema';
import { APP_ID, getSetting, setSetting, SETTING } from '../../settings';
import { verifyAuditLog, writeAudit, type Actor } from '../audit/log';
import { setupStatus } from '../setup/org';
import type { CoreEnv } from '../../context';
import { AppError } from '../../errors';
import { beijingIso } from '../../../../shared/dates';

export const MODULE = '备份与恢复';
export const SYSTEM_ACTOR: Actor = { userId: null, username: '（系统）', role: '系统' };

/** The actor for CLI operations: no signed-in user, but the operating-system account is worth naming. */
export function cliActor(): Actor {
  let who = '';
  try {
    who = os.userInfo().username;
  } catch {
    // No user database (some containers): leave it out.
  }
  return { userId: null, username: who ? `（命令行：${who}）` : '（命令行）', role: '命令行' };
}

// ---------------------------------------------------------------------------------------------------
// Time, names and small file helpers

const beijing = beijingIso;

/** The Beijing-time calendar date, `YYYY-MM-DD`. */
export function localDate(d: Date): string {
  return beijing(d).slice(0, 10);
}

/** `YYYYMMDD-HHMMSS` (or `YYYYMMDD-HHMM`) in Beijing time. */
export function localStamp(d: Date, seconds = true): string {
  const s = beijing(d);
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}-${s.slice(11, 13)}${s.slice(14, 16)}${seconds ? s.slice(17, 19) : ''}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function backupsDir(env: Pick<CoreEnv, 'dataDir'>): string {
  return path.join(env.dataDir, 'backups');
}

function baseName(dbPath: string): string {
  return path.basename(dbPath, path.extname(dbPath));
}

/** `file`, or `file-2`, `file-3`… when it is taken. */
function uniquePath(file: string): string {
  if (!fs.existsSync(file)) return file;
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let i = 2; ; i++) if (!fs.existsSync(`${stem}-${i}${ext}`)) return `${stem}-${i}${ext}`;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Writes a consistent copy of the database to `out` (which must not exist yet). */
export async function vacuumInto(db: Pick<Kysely<any>, 'executeQuery'>, out: string): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (fs.existsSync(out)) throw new AppError('CONFLICT', `备份文件已存在：${out}。为防止覆盖，请换一个文件名。`);
  await db.executeQuery(CompiledQuery.raw(`vacuum into ${quote(out)}`));
}

function removeDir(dir: string) {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // A virus scanner may hold a file for a moment; a leftover staging folder is harmless.
  }
}

function openRawFile(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function closeRaw(raw: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => raw.close(() => resolve()));
}

/**
 * A Kysely instance on an existing file without the application's pragmas or migrations (inspection,
 * CLI). `readonly` opens it read-only, so an examiner's copy is not changed by looking at it.
 */
export function openExisting(file: string, readonly = false): Database {
  return new Kysely<DB>({
    dialect: new SqliteDialect({
      open: () => openRawFile(file, readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE),
      onOpen: async (conn) => {
        await conn.executeQuery(CompiledQuery.raw('pragma busy_timeout = 5000'));
      },
    }),
  });
}

// ---------------------------------------------------------------------------------------------------
// The online backup API of node-sqlite3 (not in its type declarations):
// Database#backup(filename, destName, sourceName, filenameIsDest, callback) → Backup; step(pages, cb);
// finish(cb). With filenameIsDest = false the named file is the source and this connection the
// destination — the restore direction.

interface SqliteBackup {
  retryErrors: number[];
  step(pages: number, callback: (err: Error | null, done?: boolean) => void): SqliteBackup;
  finish(callback?: (err?: Error | null) => void): SqliteBackup;
}
interface WithBackup {
  backup(filename: string, destName: string, sourceName: string, filenameIsDest: boolean, callback?: (err: Error | null) => void): SqliteBackup;
}

/** Replaces the whole `main` database of `raw` with the content of `source`, in one write transaction. */
export function copyDatabaseInto(raw: sqlite3.Database, source: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error | null) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    const backup = (raw as unknown as WithBackup).backup(source, 'main', 'main', false, (err) => {
      if (err) settle(err);
    });
    // Any error (SQLITE_BUSY too) ends the backup at once: the destination's transaction rolls back.
    backup.retryErrors = [];
    backup.step(-1, (err, done) => {
      backup.finish(() => {
        if (err) settle(err);
        else if (!done) settle(new Error('数据库复制未完成'));
        else settle();
      });
    });
  });
}

function restoreFailure(e: unknown, pre: string | null): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string })?.code;
  const tail = `现有数据未做任何改动${pre ? `（恢复前备份：${pre}）` : ''}。`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('BUSY', `数据库正被其他程序占用，暂时无法恢复，请关闭其他程序后重试。${tail}`);
  }
  return new AppError('RESTORE_FAILED', `恢复失败：${(e as Error)?.message ?? String(e)}。${tail}`);
}

// ---------------------------------------------------------------------------------------------------
// Inspection

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const CHECK_LABELS: Record<BackupCheck['key'], string> = {
  sqlite: 'SQLite 数据库文件',
  integrity: '数据库完整性',
  application: '本程序的数据库',
  version: '架构版本',
};

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = fs.readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

async function scalar<T>(db: Database, query: string): Promise<T | undefined> {
  const r = await db.executeQuery<Record<string, T>>(CompiledQuery.raw(query));
  const row = r.rows[0];
  return row ? Object.values(row)[0] : undefined;
}

async function settingValue(db: Database, key: string): Promise<unknown> {
  const r = await sql<{ value: string }>`select value from app_setting where key = ${key}`.execute(db);
  if (!r.rows[0]) return undefined;
  try {
    return JSON.parse(r.rows[0].value);
  } catch {
    return r.rows[0].value;
  }
}

interface FileMeta {
  fileName: string;
  size: number;
  sha256: string;
}

/** Runs the checks on a private copy of the file (it may be changed: SQLite may create side files). */
async function inspectCopy(file: string, meta: FileMeta): Promise<BackupInspection> {
  const checks: BackupCheck[] = (['sqlite', 'integrity', 'application', 'version'] as const).map((key) => ({
    key,
    label: CHECK_LABELS[key],
    status: 'skipped',
    message: '因前一项检查未通过，未检查',
  }));
  const r: BackupInspection = {
    ...meta,
    ok: false,
    failure: null,
    failureCode: null,
    checks,
    schemaVersion: null,
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    needsUpgrade: false,
    orgName: null,
    fiscalYear: null,
    counts: { units: null, users: null, auditRows: null },
    lastAuditAt: null,
    auditChain: null,
    warnings: [],
  };
  const check = (i: number, passed: boolean, message: string, code?: string) => {
    checks[i].status = passed ? 'passed' : 'failed';
    checks[i].message = message;
    if (!passed) {
      r.failure = message;
      r.failureCode = code ?? 'VALIDATION';
    }
    return r;
  };

  // 1. The SQLite header.
  const header = readHeader(file);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
    return check(
      0,
      false,
      `文件“${meta.fileName}”不是 SQLite 数据库文件（文件头不是“SQLite format 3”），不能用于恢复。请选择本程序生成的备份文件（.sqlite3）。`,
      'NOT_SQLITE',
    );
  }
  check(0, true, 'SQLite 3 数据库文件');

  const db = openExisting(file, true);
  try {
    // 2. Integrity. A file SQLite cannot read at all (“file is not a database”) is damaged too.
    try {
      const rows = (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows.map((x) => x.integrity_check);
      if (!(rows.length === 1 && rows[0] === 'ok')) {
        const shown = rows.slice(0, 3).join('；');
        return check(
          1,
          false,
          `备份文件已损坏：完整性检查（integrity_check）未通过——${shown}${rows.length > 3 ? ` 等 ${rows.length} 处问题` : ''}。不能用于恢复，请改用其他备份文件。`,
          'DB_CORRUPT',
        );
      }
    } catch (e) {
      return check(1, false, `备份文件已损坏，无法读取（${(e as Error).message}）。不能用于恢复，请改用其他备份文件。`, 'DB_CORRUPT');
    }
    check(1, true, '完整性检查通过（integrity_check = ok）');

    // What the file holds, as far as its tables allow (shown even when a later check refuses it).
    const tables = new Set(
      (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((x) => x.name),
    );
    const version = Number((await scalar<number>(db, 'pragma user_version')) ?? 0);
    r.schemaVersion = version;
    const appId = tables.has('app_setting') ? await settingValue(db, SETTING.appId) : undefined;
    await describeContent(db, tables, r);

    // 3. This application's database.
    const auditCols = tables.has('audit_log')
      ? new Set((await sql<{ name: string }>`pragma table_info(audit_log)`.execute(db)).rows.map((x) => x.name))
      : new Set<string>();
    if (appId !== undefined) {
      if (appId !== APP_ID) {
        return check(
          2,
          false,
          `该文件是其他程序的数据库（程序标识“${String(appId)}”），不是县级工会财务工作台的备份，不能用于恢复。`,
          'FOREIGN_DB',
        );
      }
      check(2, true, `含本程序标识（${APP_ID}）`);
    } else {
      const missing = [
        ...(['app_setting', 'unit', 'audit_log'] as const).filter((t) => !tables.has(t)),
        ...(tables.has('audit_log') && !(auditCols.has('prev_hash') && auditCols.has('hash')) ? ['audit_log（哈希链）'] : []),
      ];
      if (missing.length || version < 1) {
        return check(
          2,
          false,
          `该文件不是县级工会财务工作台的数据库：没有本程序标识${missing.length ? `，也缺少本程序的数据表（${missing.join('、')}）` : '，也没有架构版本'}，不能用于恢复。`,
          'FOREIGN_DB',
        );
      }
      check(2, true, '未找到本程序标识，但含本程序的数据表（系统设置、单位、审计日志），应为尚未完成初始化的本程序数据库');
      r.warnings.push('该备份中没有本程序标识（系统尚未完成初始化时的数据库），已按数据表结构识别为本程序的数据库。');
    }

    // 4. Not from a newer version of the program.
    if (version > LATEST_SCHEMA_VERSION) {
      return check(
        3,
        false,
        `该备份由更新版本的程序创建（架构版本 ${version}），本程序最高支持版本 ${LATEST_SCHEMA_VERSION}，不能用于恢复。请先升级程序再恢复。`,
        'DB_FROM_FUTURE',
      );
    }
    r.needsUpgrade = version < LATEST_SCHEMA_VERSION;
    check(
      3,
      true,
      r.needsUpgrade
        ? `架构版本 ${version}，恢复时将自动升级到 ${LATEST_SCHEMA_VERSION}`
        : `架构版本 ${version}（与本程序一致）`,
    );
    if (r.needsUpgrade) r.warnings.push(`该备份由较早版本的程序创建（架构版本 ${version}），恢复时将自动升级到版本 ${LATEST_SCHEMA_VERSION}。`);
    if (r.auditChain && !r.auditChain.ok) {
      r.warnings.push(`备份中的审计日志哈希链校验未通过：${r.auditChain.problem}。恢复后该问题依然存在，请核实备份来源。`);
    }
    r.ok = true;
    return r;
  } finally {
    await db.destroy();
  }
}

async function describeContent(db: Database, tables: Set<string>, r: BackupInspection) {
  const count = async (t: string) => (tables.has(t) ? Number(await scalar<number>(db, `select count(*) from "${t}"`)) : null);
  try {
    r.counts = { units: await count('unit'), users: await count('app_user'), auditRows: await count('audit_log') };
    if (tables.has('app_setting') && tables.has('unit')) {
      const unitId = await settingValue(db, SETTING.orgUnitId);
      if (typeof unitId === 'number') {
        const u = await sql<{ name: string }>`select name from unit where id = ${unitId}`.execute(db);
        r.orgName = u.rows[0]?.name ?? null;
      }
      const year = await settingValue(db, SETTING.fiscalYear);
      r.fiscalYear = typeof year === 'number' ? year : null;
    }
    if (tables.has('audit_log')) {
      r.lastAuditAt = (await sql<{ at: string }>`select at from audit_log order by id desc limit 1`.execute(db)).rows[0]?.at ?? null;
      const v = await verifyAuditLog(db);
      r.auditChain = { ok: v.ok, checked: v.checked, problem: v.firstBad?.problem ?? null };
    }
  } catch {
    // An unexpected layout (a foreign file with tables of the same names): the checks decide.
  }
}

function stagingDir(workDir: string): string {
  fs.mkdirSync(workDir, { recursive: true });
  return fs.mkdtempSync(path.join(workDir, '.restore-staging-'));
}

/** Copies `file` into a private folder, for inspection and restore. */
async function stage(file: string, displayName: string, workDir: string) {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('NOT_FOUND', `备份文件不存在：${displayName}`);
  const dir = stagingDir(workDir);
  try {
    const staged = path.join(dir, 'restore.sqlite3');
    fs.copyFileSync(file, staged);
    const meta: FileMeta = { fileName: displayName, size: fs.statSync(staged).size, sha256: await sha256File(staged) };
    return { dir, staged, meta };
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

/** Inspects a backup file without changing it. `workDir` holds the temporary copy. */
export async function inspectBackupFile(file: string, displayName: string, workDir: string): Promise<BackupInspection> {
  const { dir, staged, meta } = await stage(file, displayName, workDir);
  try {
    return await inspectCopy(staged, meta);
  } finally {
    removeDir(dir);
  }
}

// ---------------------------------------------------------------------------------------------------
// Restore

interface RestorePlan {
  /** The file to restore and its name for messages and the audit log. */
  source: string;
  sourceName: string;
  /** Where the staging copy lives (the data folder: same disk as the database). */
  workDir: string;
  /** The pre-restore backup's path (reserved, not yet written). */
  preRestore: string;
  now: Date;
  actor: Actor;
  /** How the restore was started, for the audit entry: 应用内 / 命令行. */
  via: string;
}

interface Prepared {
  dir: string;
  staged: string;
  inspection: BackupInspection;
  schemaVersion: number;
  auditId: number;
}

async function pageSizeOf(db: Pick<Kysely<any>, 'executeQuery'>): Promise<number> {
  const r = await db.executeQuery<{ page_size: number }>(CompiledQuery.raw('pragma page_size'));
  return Number(r.rows[0]?.page_size ?? 4096);
}

/**
 * A database in WAL mode cannot change its page size, so the online backup refuses a source whose page
 * size differs from the live database's. Rebuild the staged copy with the live page size first.
 */
async function matchPageSize(staged: string, pageSize: number) {
  const raw = await openRawFile(staged, sqlite3.OPEN_READWRITE);
  const run = (q: string) => new Promise<void>((resolve, reject) => raw.exec(q, (e) => (e ? reject(e) : resolve())));
  const get = (q: string) => new Promise<any>((resolve, reject) => raw.get(q, (e: Error | null, row: any) => (e ? reject(e) : resolve(row))));
  try {
    if (Number((await get('pragma page_size')).page_size) === pageSize) return;
    await run(`pragma journal_mode = delete; pragma page_size = ${Number(pageSize)}; vacuum;`);
  } finally {
    await closeRaw(raw);
  }
}

/** Stages, checks, upgrades and annotates the copy to be restored. Nothing live is touched. */
async function prepareRestore(plan: RestorePlan, livePageSize: number): Promise<Prepared> {
  const { dir, staged, meta } = await stage(plan.source, plan.sourceName, plan.workDir);
  try {
    const inspection = await inspectCopy(staged, meta);
    if (!inspection.ok) throw new AppError(inspection.failureCode ?? 'VALIDATION', inspection.failure ?? '备份文件未通过检查。');
    await matchPageSize(staged, livePageSize);
    let sdb: Database;
    try {
      // The normal opening path: pragmas and the migration runner (all pending migrations in one
      // transaction). Its own pre-migration backup lands in the staging folder and goes with it.
      sdb = await openDatabase(staged, { now: () => plan.now });
    } catch (e) {
      throw new AppError(
        'RESTORE_UPGRADE',
        `备份文件无法升级到当前架构版本（${(e as Error)?.message ?? e}），未做恢复。现有数据未做任何改动。`,
      );
    }
    try {
      const version = await schemaVersion(sdb);
      // The restorer's user id belongs to the current database; name the same account in the
      // restored one only if it exists there under the same user name.
      const same = await sdb.selectFrom('app_user').select('id').where('username', '=', plan.actor.username).executeTakeFirst();
      const actor = { ...plan.actor, userId: plan.actor.userId !== null && same ? same.id : null };
      const upgraded = inspection.schemaVersion !== version;
      const auditId = await withTx(sdb, (trx) =>
        writeAudit(trx, plan.now, actor, {
          module: MODULE,
          action: '恢复数据库',
          targetType: '数据库',
          targetId: null,
          summary:
            `从备份文件“${meta.fileName}”恢复数据库（${plan.via}；SHA-256：${meta.sha256}；` +
            `备份架构版本 ${inspection.schemaVersion}${upgraded ? `，已升级到 ${version}` : ''}）。` +
            `恢复前的数据库已另存为 ${path.basename(plan.preRestore)}。`,
          after: {
            file: meta.fileName,
            size: meta.size,
            sha256: meta.sha256,
            schemaVersion: inspection.schemaVersion,
            upgradedTo: upgraded ? version : null,
            orgName: inspection.orgName,
            counts: inspection.counts,
            lastAuditAt: inspection.lastAuditAt,
            preRestoreBackup: path.basename(plan.preRestore),
            via: plan.via,
          },
        }),
      );
      return { dir, staged, inspection, schemaVersion: version, auditId };
    } finally {
      await sdb.destroy();
    }
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

/** Records the pre-restore backup in the database about to be replaced, then writes the backup. */
async function backupBeforeRestore(db: Kysely<DB>, plan: RestorePlan, meta: FileMeta) {
  await withTx(db, (trx) =>
    writeAudit(trx, plan.now, plan.actor, {
      module: MODULE,
      action: '恢复前备份',
      targetType: '数据库',
      targetId: null,
      summary: `恢复数据库前将当前数据备份为 ${path.basename(plan.preRestore)}，随后以备份文件“${meta.fileName}”（SHA-256：${meta.sha256}）替换当前数据（${plan.via}）。`,
      after: { preRestoreBackup: path.basename(plan.preRestore), file: meta.fileName, sha256: meta.sha256 },
    }),
  );
  await vacuumInto(db, plan.preRestore);
}

const restoring = new WeakSet<object>();

/**
 * Restores the core's live database from a backup file without closing it. The caller ends the
 * sessions afterwards (the handler does).
 */
export async function restoreCoreDatabase(
  env: Pick<CoreEnv, 'db' | 'dbPath' | 'dataDir' | 'now'>,
  file: string,
  displayName: string,
  actor: Actor,
  via = '应用内',
): Promise<RestoreResult> {
  if (restoring.has(env.db)) throw new AppError('CONFLICT', '另一个恢复操作正在进行，请稍后再试。');
  restoring.add(env.db);
  try {
    const now = env.now();
    const plan: RestorePlan = {
      source: file,
      sourceName: displayName,
      workDir: env.dataDir,
      preRestore: uniquePath(path.join(backupsDir(env), `${baseName(env.dbPath)}-before-restore-${localStamp(now)}.sqlite3`)),
      now,
      actor,
      via,
    };
    const prepared = await prepareRestore(plan, await pageSizeOf(env.db));
    try {
      await withRawConnection(env.db, async (raw, locked) => {
        // Inside the lock: nothing can be written between the pre-restore backup and the replacement.
        try {
          await backupBeforeRestore(locked, plan, prepared.inspection);
        } catch (e) {
          throw new AppError('RESTORE_FAILED', `无法备份当前数据库（${(e as Error)?.message ?? e}），未做恢复。现有数据未做任何改动。`);
        }
        try {
          await copyDatabaseInto(raw, prepared.staged);
        } catch (e) {
          throw restoreFailure(e, plan.preRestore);
        }
      });
    } finally {
      removeDir(prepared.dir);
    }
    return {
      inspection: prepared.inspection,
      preRestoreBackup: plan.preRestore,
      fromSchemaVersion: prepared.inspection.schemaVersion ?? 0,
      schemaVersion: prepared.schemaVersion,
      auditId: prepared.auditId,
      signedOut: true,
    };
  } finally {
    restoring.delete(env.db);
  }
}

/**
 * Restores a database file (CLI) from a backup file. The target may be in use by a running app: the
 * online backup API takes SQLite's locks, and the app sees the restored data on its next query.
 */
export interface FileRestoreResult extends Omit<RestoreResult, 'preRestoreBackup' | 'signedOut'> {
  target: string;
  /** The target as it was before (null when it did not exist or was empty). */
  preRestoreBackup: string | null;
  /** Set when the target could not be read and was copied byte for byte instead. */
  preRestoreNote: string | null;
}

export async function restoreDatabaseFile(target: string, file: string, now: Date, actor: Actor): Promise<FileRestoreResult> {
  const dir = path.dirname(target);
  const exists = fs.existsSync(target) && fs.statSync(target).size > 0;
  const plan: RestorePlan = {
    source: file,
    sourceName: path.basename(file),
    workDir: dir,
    preRestore: uniquePath(path.join(dir, 'backups', `${baseName(target)}-before-restore-${localStamp(now)}.sqlite3`)),
    now,
    actor,
    via: '命令行',
  };
  const prepared = await prepareRestore(plan, exists ? await filePageSize(target) : 4096);
  let note: string | null = null;
  try {
    if (exists) {
      const current = openExisting(target);
      try {
        await backupBeforeRestore(current, plan, prepared.inspection).catch(async () => {
          // The current file may be damaged (that is often why one restores): keep its bytes as they are.
          if (fs.existsSync(plan.preRestore)) fs.rmSync(plan.preRestore);
          fs.mkdirSync(path.dirname(plan.preRestore), { recursive: true });
          fs.copyFileSync(target, plan.preRestore);
          note = '当前数据库无法正常读取，已按原样复制为恢复前备份。';
        });
      } finally {
        await current.destroy();
      }
    }
    const raw = await openRawFile(target, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
    try {
      await new Promise<void>((resolve, reject) => raw.exec('pragma busy_timeout = 5000', (e) => (e ? reject(e) : resolve())));
      await copyDatabaseInto(raw, prepared.staged);
    } catch (e) {
      throw restoreFailure(e, exists ? plan.preRestore : null);
    } finally {
      await closeRaw(raw);
    }
  } finally {
    removeDir(prepared.dir);
  }
  return {
    target,
    inspection: prepared.inspection,
    preRestoreBackup: exists ? plan.preRestore : null,
    preRestoreNote: note,
    fromSchemaVersion: prepared.inspection.schemaVersion ?? 0,
    schemaVersion: prepared.schemaVersion,
    auditId: prepared.auditId,
  };
}

async function filePageSize(file: string): Promise<number> {
  try {
    const raw = await openRawFile(file, sqlite3.OPEN_READONLY);
    try {
      return await new Promise<number>((resolve, reject) =>
        raw.get('pragma page_size', (e: Error | null, row: { page_size: number }) => (e ? reject(e) : resolve(Number(row.page_size)))),
      );
    } finally {
      await closeRaw(raw);
    }
  } catch {
    return 4096;
  }
}

// ---------------------------------------------------------------------------------------------------
// Manual and automatic backups, and the policy

/** “备份到…”: a backup in the export area, named 工会财务备份-YYYYMMDD-HHMM.sqlite3. */
export async function createManualBackup(env: Pick<CoreEnv, 'db' | 'files' | 'now'>, actor: Actor): Promise<ExportedFile> {
  const now = env.now();
  const out = env.files.newExport(`工会财务备份-${localStamp(now, false)}.sqlite3`);
  await vacuumInto(env.db, out.path);
  const file = env.files.finishExport(out);
  const sha256 = await sha256File(out.path);
  await withTx(env.db, (trx) =>
    writeAudit(trx, now, actor, {
      module: MODULE,
      action: '手动备份',
      targetType: '数据库',
      targetId: null,
      summary: `手动备份数据库：${file.name}（${formatSize(file.size)}，SHA-256：${sha256}）`,
      after: { file: file.name, size: file.size, sha256 },
    }),
  );
  return file;
}

export async function readKeep(db: Executor): Promise<number> {
  const keep = await getSetting<unknown>(db, SETTING.backupKeep, DEFAULT_BACKUP_KEEP);
  return typeof keep === 'number' && Number.isInteger(keep) && keep >= 1 && keep <= MAX_BACKUP_KEEP ? keep : DEFAULT_BACKUP_KEEP;
}

function kindOf(name: string, base: string): BackupFileInfo['kind'] {
  const esc = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`^${esc}-auto-\\d{8}-\\d{6}(-\\d+)?\\.sqlite3$`).test(name)) return 'auto';
  if (new RegExp(`^${esc}-before-restore-\\d{8}-\\d{6}(-\\d+)?\\.sqlite3$`).test(name)) return 'before-restore';
  if (new RegExp(`^${esc}-v\\d+-before-v\\d+-`).test(name)) return 'before-upgrade';
  return 'other';
}

/** The backups folder's .sqlite3 files, newest first (names carry the time, so by name). */
export function listBackups(env: Pick<CoreEnv, 'dataDir' | 'dbPath'>): BackupFileInfo[] {
  const dir = backupsDir(env);
  if (!fs.existsSync(dir)) return [];
  const base = baseName(env.dbPath);
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.sqlite3'))
    .map((name) => {
      const st = fs.statSync(path.join(dir, name));
      return { name, kind: kindOf(name, base), size: st.size, modifiedAt: st.mtime.toISOString() };
    })
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.name.localeCompare(a.name));
}

export interface AutoBackupResult {
  status: 'created' | 'skipped' | 'failed';
  /** The backup written, or null. */
  file: string | null;
  /** Older automatic backups deleted to keep N. */
  deleted: string[];
  /** One Chinese line for the console. */
  message: string;
}

/**
 * The automatic backup at start: at most one per (Beijing) calendar day, the newest N kept. Never
 * throws — a failed backup must not stop the app; the message says what happened.
 */
export async function autoBackup(core: { env: Pick<CoreEnv, 'db' | 'dbPath' | 'dataDir' | 'now'> }): Promise<AutoBackupResult> {
  const { env } = core;
  try {
    const now = env.now();
    const db = env.db;
    if (!(await setupStatus(db)).initialised) {
      return { status: 'skipped', file: null, deleted: [], message: '系统尚未完成初始化，本次未做自动备份。' };
    }
    const last = await getSetting<string | null>(db, SETTING.lastAutoBackup, null);
    if (last && !Number.isNaN(Date.parse(last)) && localDate(new Date(last)) === localDate(now)) {
      return { status: 'skipped', file: null, deleted: [], message: `今天已做过自动备份（${beijing(new Date(last)).slice(11, 19)}），本次跳过。` };
    }
    const dir = backupsDir(env);
    const base = baseName(env.dbPath);
    const out = uniquePath(path.join(dir, `${base}-auto-${localStamp(now)}.sqlite3`));
    await vacuumInto(db, out);
    const keep = await readKeep(db);
    const autos = listBackups(env)
      .filter((b) => b.kind === 'auto')
      .sort((a, b) => b.name.localeCompare(a.name));
    const deleted: string[] = [];
    for (const old of autos.slice(keep)) {
      try {
        fs.rmSync(path.join(dir, old.name));
        deleted.push(old.name);
      } catch {
        // Held open elsewhere: try again at the next automatic backup.
      }
    }
    const size = fs.statSync(out).size;
    await withTx(db, async (trx) => {
      await setSetting(trx, SETTING.lastAutoBackup, now.toISOString(), now);
      await writeAudit(trx, now, SYSTEM_ACTOR, {
        module: MODULE,
        action: '自动备份',
        targetType: '数据库',
        targetId: null,
        summary:
          `启动时自动备份数据库：${path.basename(out)}（${formatSize(size)}）` +
          (deleted.length ? `；按保留 ${keep} 份的设置删除较早的自动备份 ${deleted.length} 份` : ''),
        after: { file: path.basename(out), size, keep, deleted },
      });
    });
    return {
      status: 'created',
      file: out,
      deleted,
      message: `已自动备份数据库到：${out}${deleted.length ? `（删除较早的自动备份 ${deleted.length} 份，保留 ${keep} 份）` : ''}`,
    };
  } catch (e) {
    return { status: 'failed', file: null, deleted: [], message: `自动备份失败：${(e as Error)?.message ?? e}` };
  }
}

export async function readBackupSettings(env: Pick<CoreEnv, 'db' | 'dataDir' | 'dbPath'>): Promise<BackupSettings> {
  const all = listBackups(env);
  return {
    keep: await readKeep(env.db),
    lastAuto: await getSetting<string | null>(env.db, SETTING.lastAutoBackup, null),
    backupDir: backupsDir(env),
    recent: all.filter((b) => b.kind === 'auto').sort((a, b) => b.name.localeCompare(a.name)),
    others: all.filter((b) => b.kind !== 'auto'),
  };
}

/** Sets N. Surplus automatic backups are deleted at the next automatic backup, not now. */
export async function setBackupKeep(env: Pick<CoreEnv, 'db' | 'now'>, actor: Actor, keep: number): Promise<void> {
  const now = env.now();
  await withTx(env.db, async (trx) => {
    const before = await readKeep(trx);
    await setSetting(trx, SETTING.backupKeep, keep, now);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '修改备份设置',
      targetType: '系统设置',
      targetId: SETTING.backupKeep,
      summary: `自动备份保留份数：${before} → ${keep}${keep < before ? '（多出的较早自动备份将在下次自动备份时删除）' : ''}`,
      before: { keep: before },
      after: { keep },
    });
  });
}
