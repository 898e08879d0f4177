// Opening the database: pragmas, the "database from the future" guard and migrations with a backup.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { Kysely, CompiledQuery } from 'kysely';
import { SqliteDialect, type SqliteConnection } from './sqlite-driver';
import { migrations as appMigrations, type Migration } from './migrations';
import type { DB } from './schema';
import { AppError } from '../errors';
import { rememberConnection } from './raw';

export type Database = Kysely<DB>;

export interface OpenOptions {
  /** Run pending migrations (default true). `false` opens read-only-ish for inspection (CLI `info`). */
  migrate?: boolean;
  /** Called after the pre-migration backup is written. */
  onBackup?: (file: string) => void;
  /** Clock for backup file names; defaults to the wall clock. */
  now?: () => Date;
  /** The migration list (tests append to the real one); defaults to the application's. */
  migrations?: readonly Migration[];
}

function openRaw(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) =>
      err ? reject(new AppError('DB_OPEN', `无法打开数据库文件 ${file}：${err.message}`)) : resolve(db),
    );
  });
}

function get<T>(raw: sqlite3.Database, sql: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => raw.get(sql, (e: Error | null, row: T) => (e ? reject(e) : resolve(row))));
}

function close(raw: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => raw.close(() => resolve()));
}

/** Reads `PRAGMA user_version` without changing the file (no journal-mode switch yet). */
export async function readSchemaVersion(file: string): Promise<number> {
  const raw = await openRaw(file);
  try {
    return (await get<{ user_version: number }>(raw, 'pragma user_version'))?.user_version ?? 0;
  } finally {
    await close(raw);
  }
}

function assertNotFromFuture(version: number, file: string, latest: number) {
  const LATEST_SCHEMA_VERSION = latest;
  if (version > LATEST_SCHEMA_VERSION) {
    throw new AppError(
      'DB_FROM_FUTURE',
      `数据库文件 ${file} 由更新版本的程序创建（架构版本 ${version}），本程序最高支持版本 ${LATEST_SCHEMA_VERSION}。` +
        '为保护数据，文件未做任何改动；请升级程序后再打开。',
    );
  }
}

/** The pragmas of every application connection (the benchmarks' raw baselines apply the same list). */
export const APP_PRAGMAS = [
  'pragma foreign_keys = on',
  'pragma journal_mode = wal',
  // FULL: the ledger must survive a power cut on an office PC without losing a posted voucher.
  'pragma synchronous = full',
  'pragma busy_timeout = 5000',
  // Large sorts and temporary B-trees (a city's 1.25 million budget lines grouped by unit or subject) spill
  // to a temporary file instead of growing the heap: with temp_store = memory a city-scale export peaked
  // at 370–450 MB, and the freed heap stayed with the process (glibc arenas of the worker threads).
  'pragma temp_store = file',
  // 16 MB of page cache: city-scale consolidation is no slower than with 64 MB (the scans are sequential
  // and the OS file cache serves re-reads), and the export stays under 300 MB.
  'pragma cache_size = -16384',
] as const;

async function applyPragmas(conn: SqliteConnection) {
  for (const sql of APP_PRAGMAS) await conn.executeQuery(CompiledQuery.raw(sql));
}

export function backupFileName(file: string, label: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const dir = path.join(path.dirname(file), 'backups');
  return path.join(dir, `${path.basename(file, path.extname(file))}-${label}-${stamp}.sqlite3`);
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<Database> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const list = options.migrations ?? appMigrations;
  const version = existed ? await readSchemaVersion(file) : 0;
  assertNotFromFuture(version, file, list.length);

  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ open: () => openRaw(file), onOpen: (conn): Promise<void> => (rememberConnection(db, conn), applyPragmas(conn)) }),
  });
  if (options.migrate === false) return db;
  try {
    await migrate(db, file, existed, list, options);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}

async function migrate(db: Database, file: string, existed: boolean, list: readonly Migration[], options: OpenOptions) {
  const current = await schemaVersion(db);
  assertNotFromFuture(current, file, list.length);
  const pending = list.slice(current);
  if (pending.length === 0) return;
  if (existed && current > 0) {
    const out = backupFileName(file, `v${current}-before-v${list.length}`, (options.now ?? (() => new Date()))());
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await db.executeQuery(CompiledQuery.raw(`vacuum into '${out.replace(/'/g, "''")}'`));
    options.onBackup?.(out);
  }
  // All pending migrations in one transaction: a failure leaves the file exactly as it was.
  await db.transaction().execute(async (trx) => {
    for (const m of pending) await m.up(trx);
    await trx.executeQuery(CompiledQuery.raw(`pragma user_version = ${list.length}`));
  });
}

export async function schemaVersion(db: Database): Promise<number> {
  const r = await db.executeQuery<{ user_version: number }>(CompiledQuery.raw('pragma user_version'));
  return r.rows[0]?.user_version ?? 0;
}
