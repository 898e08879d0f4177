import { z } from 'zod';
import { endpoint } from './define';
import type { ExportedFile } from '../bridge';

const READERS = ['系统管理员', '只读审阅', '经审会主任', '经审会委员'] as const;

export interface AuditLogRow {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  role: string;
  module: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  lastId: number;
  firstBad?: { id: number; problem: string };
}

export const auditFilter = z
  .object({
    userId: z.number().int().positive().nullish(),
    module: z.string().max(40).nullish(),
    targetType: z.string().max(40).nullish(),
    targetId: z.string().max(80).nullish(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
    q: z.string().max(80).nullish(),
  })
  .strict();

export const auditList = endpoint<Page<AuditLogRow> & { modules: string[] }>()({
  name: 'audit.list',
  summary: '查询审计日志',
  input: auditFilter.extend({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  }),
  access: READERS,
});

export const auditExport = endpoint<ExportedFile>()({
  name: 'audit.export',
  summary: '导出审计日志（Excel）',
  input: auditFilter,
  access: READERS,
});

export const auditVerify = endpoint<AuditVerifyResult>()({
  name: 'audit.verify',
  summary: '校验审计日志哈希链',
  input: z.object({}).strict(),
  access: READERS,
});

export const audit = { auditList, auditExport, auditVerify };
