import { z } from 'zod';
import { endpoint } from './define';

export interface TableCount {
  table: string;
  /** Chinese label for the table. */
  label: string;
  rows: number;
}

export interface SystemInfo {
  appName: string;
  appVersion: string;
  dbPath: string;
  schemaVersion: number;
  latestSchemaVersion: number;
  sqliteVersion: string;
  tables: TableCount[];
}

export interface ApiDescription {
  name: string;
  summary: string;
  access: 'public' | 'signed-in' | string[];
  input: unknown;
}

export const systemInfo = endpoint<SystemInfo>()({
  name: 'system.info',
  summary: '数据库位置、架构版本与主要数据表行数',
  input: z.object({}).strict(),
  access: 'public',
});

export const systemPing = endpoint<{ pong: true; at: string }>()({
  name: 'system.ping',
  summary: '连通性检查',
  input: z.object({}).strict(),
  access: 'public',
});

export const systemApiList = endpoint<ApiDescription[]>()({
  name: 'system.apiList',
  summary: '全部接口的名称、权限与输入格式（JSON Schema）',
  input: z.object({}).strict(),
  access: 'public',
});

export const system = { systemInfo, systemPing, systemApiList };
