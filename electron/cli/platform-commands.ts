import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { CliCommand } from './command';
import { stringOption, type ParsedArgs } from '../args';
import { openDatabase, readSchemaVersion } from '../core/db/open';
import { LATEST_SCHEMA_VERSION } from '../core/db/migrations';
import { MAIN_TABLES } from '../core/db/schema';
import { buildRegistry, APP_VERSION } from '../core/app';
import { describeApi } from '../core/domains/system/handlers';
import { AppError } from '../core/errors';

export function requireDb(args: ParsedArgs, mustExist = true): string {
  const db = stringOption(args, 'db');
  if (!db) throw new AppError('USAGE', '缺少参数 --db FILE（数据库文件路径）。');
  const file = path.resolve(db);
  if (mustExist && !fs.existsSync(file)) throw new AppError('DB_NOT_FOUND', `数据库文件不存在：${file}`);
  return file;
}

export const infoCommand: CliCommand = {
  words: ['info'],
  summary: '显示数据库文件、架构版本与主要数据表行数',
  usage: 'info --db FILE [--json]',
  async run(args) {
    const file = requireDb(args);
    const version = await readSchemaVersion(file);
    const db = await openDatabase(file, { migrate: false });
    try {
      const existing = new Set(
        (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name),
      );
      const tables = [];
      for (const t of MAIN_TABLES) {
        if (!existing.has(t.table)) continue;
        const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.table)}`.execute(db);
        tables.push({ table: t.table, label: t.label, rows: Number(r.rows[0].n) });
      }
      return { dbPath: file, appVersion: APP_VERSION, schemaVersion: version, latestSchemaVersion: LATEST_SCHEMA_VERSION, tables };
    } finally {
      await db.destroy();
    }
  },
  text: (r) =>
    [
      `数据库：${r.dbPath}`,
      `架构版本：${r.schemaVersion}（程序支持 ${r.latestSchemaVersion}）${r.schemaVersion < r.latestSchemaVersion ? '，需运行 migrate 升级' : ''}`,
      '数据表：',
      ...r.tables.map((t: { label: string; table: string; rows: number }) => `  ${t.label}（${t.table}）：${t.rows.toLocaleString('zh-CN')} 行`),
    ].join('\n'),
};

export const migrateCommand: CliCommand = {
  words: ['migrate'],
  summary: '创建或升级数据库到当前架构版本（升级前自动备份）',
  usage: 'migrate --db FILE [--json]',
  async run(args) {
    const file = requireDb(args, false);
    const before = fs.existsSync(file) ? await readSchemaVersion(file) : 0;
    let backup: string | null = null;
    const db = await openDatabase(file, { onBackup: (f) => (backup = f) });
    await db.destroy();
    return { dbPath: file, from: before, to: LATEST_SCHEMA_VERSION, backup };
  },
  text: (r) =>
    r.from === r.to
      ? `数据库已是最新版本（${r.to}），无需升级。`
      : `数据库已从版本 ${r.from} 升级到 ${r.to}。${r.backup ? `升级前备份：${r.backup}` : ''}`,
};

export const apiListCommand: CliCommand = {
  words: ['api', 'list'],
  summary: '列出全部接口：名称、所需角色、输入格式（JSON Schema）',
  usage: 'api list [--json]',
  async run() {
    return describeApi(buildRegistry());
  },
  text: (list) =>
    list
      .map(
        (a: { name: string; summary: string; access: string | string[] }) =>
          `${a.name}\t${a.summary}\t${a.access === 'public' ? '公开' : a.access === 'signed-in' ? '登录用户' : (a.access as string[]).join('、')}`,
      )
      .join('\n'),
};

export const platformCommands = [infoCommand, migrateCommand, apiListCommand];
