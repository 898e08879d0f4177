// Contract: 缴费基数导入 — the payers' monthly payroll base (工资总额) history imported in bulk from Excel or
// CSV (单位编码 / 统一社会信用代码, 起始月份, 月工资总额（元）, 职工人数, 备注), with a template to download,
// a preview (new / changed / unchanged / errors by sheet, row and column) and an all-or-nothing import.
import { z } from 'zod';
import { endpoint } from './define';
import type { ExportedFile } from '../bridge';
import { COLLECTION_CLERKS, type ImportIssue } from './collection';

/** The header names of the import file (the template's 工资总额 sheet). */
export const BASE_COLUMNS = {
  unitCode: '单位编码',
  creditCode: '统一社会信用代码',
  fromMonth: '起始月份',
  base: '月工资总额（元）',
  staff: '职工人数',
  note: '备注',
} as const;

export type BaseRowStatus = '新增' | '修改' | '无变化';

export interface BaseImportRow {
  /** 1-based row in the file. */
  row: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  fromMonth: string;
  payrollBaseFen: number;
  /** The staff count the row leaves in force (the file's, or the stored one when the cell is empty). */
  staffCount: number | null;
  note: string | null;
  status: BaseRowStatus;
  /** The stored value for that payer and month before the import (修改 / 无变化), else null. */
  beforeFen: number | null;
  beforeStaff: number | null;
}

export interface BaseImportResult {
  /** imported: written; rejected: blocking errors, nothing written; checked: preview, no error. */
  status: 'imported' | 'rejected' | 'checked';
  fileName: string;
  sheet: string | null;
  headerRow: number | null;
  rows: number;
  /** new / changed / unchanged count the rows without errors (when rejected: what they would be). */
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  errorCount: number;
  /** Blocking errors (at most 500 listed; errorCount is the full number). */
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Changed and new rows first, then unchanged (at most 500). */
  preview: BaseImportRow[];
}

export const collectionBasesTemplate = endpoint<ExportedFile>()({
  name: 'collection.bases.template',
  summary: '下载缴费基数（月工资总额）导入模板',
  input: z
    .object({
      /** List the active payers (编码, 信用代码, 名称) so the clerk fills in only the figures. */
      withPayers: z.boolean().default(false),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionBasesImport = endpoint<BaseImportResult>()({
  name: 'collection.bases.import',
  summary: '批量导入缴费单位的月工资总额（可先预览）',
  input: z
    .object({
      uploadId: z.string().min(1, '请先选择文件'),
      /** Preview only: check everything, write nothing. */
      dryRun: z.boolean().default(true),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionBases = { collectionBasesTemplate, collectionBasesImport } as const;
