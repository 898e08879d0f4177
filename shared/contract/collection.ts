// Contract: 经费收缴 (税务代征、分成、返还、对账) — payers and dues, split rules with effective dates,
// column-mapping profiles and imports (税务代征 records, reference payroll), postings, refunds with the
// transfer list, reconciliation flags with follow-up, growth, and the reports workbook.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { ExportedFile } from '../bridge';
import {
  FLAG_KINDS, FLAG_STATUSES, FOLLOWUP_ACTIONS, IMPORT_TARGETS, REFERENCE_SOURCES, CHANNELS,
  type FlagKind, type FlagStatus, type ImportTarget, type RefundStatus,
} from '../collection/split';

/** Who manages collection (财务部门: 经费收缴管理; 会计 may post). */
export const COLLECTION_CLERKS = ['财务部门', '会计'] as const;
export const COLLECTION_READERS = ['财务部门', '会计', '出纳', '主席', '分管财务副主席', '经审会主任', '经审会委员', '只读审阅', '系统管理员'] as const;
/** Marking transfers paid or failed: the cashier too. */
export const REFUND_PAYERS = ['财务部门', '会计', '出纳'] as const;

const id = z.number().int().positive();
const year = z.number().int().min(2000).max(2100);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const bp = z.number().int().min(0).max(10000);
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500).default(50) };

// ── shapes ──────────────────────────────────────────────────────────────────────────────────────────

export interface CollectionRuleRow {
  id: number;
  effectiveFrom: string;
  /** The day before the next rule takes effect, or null. */
  effectiveTo: string | null;
  rateBp: number;
  grassrootsBp: number;
  countyBp: number;
  cityBp: number;
  provinceBp: number;
  nationalBp: number;
  feeBp: number;
  smallMicroRefundBp: number;
  toleranceBp: number;
  source: string | null;
  note: string | null;
}

export interface PayerRow {
  unitId: number;
  code: string;
  name: string;
  creditCode: string | null;
  orgType: string | null;
  unionStatus: string | null;
  parentName: string | null;
  staffCount: number | null;
  /** The base in force in the chosen month (history first, else the registry's). */
  payrollBaseFen: number | null;
  baseFrom: string | null;
  /** What is due for the month: base × rate. */
  monthDueFen: number;
  /** 经费 (union founded) or 筹备金 (no union: full amount held until one is founded). */
  kind: '经费' | '筹备金';
  smallMicro: boolean;
  channel: string;
  bankName: string | null;
  bankAccount: string | null;
  yearPaidFen: number;
}

export interface PayrollBaseRow {
  id: number;
  fromMonth: string;
  payrollBaseFen: number;
  staffCount: number | null;
  source: string;
  createdAt: string;
}

export interface ProfileRow {
  id: number;
  name: string;
  target: ImportTarget;
  /** field key → header text in the agency's file */
  mapping: Record<string, string>;
  updatedAt: string;
}

export interface ImportIssue {
  sheet: string;
  /** 1-based row in the file, or null for the whole file. */
  row: number | null;
  column: string | null;
  message: string;
}

export interface UnknownPayer {
  /** What an alias would be keyed on: `code:<credit code>` or `name:<name>`. */
  key: string;
  name: string;
  creditCode: string | null;
  rows: number[];
  /** Registry units whose name looks alike (for matching). */
  candidates: Array<{ id: number; name: string; creditCode: string | null }>;
}

export interface ImportPreviewRow {
  row: number;
  payerName: string;
  unitId: number;
  unitName: string;
  taxVoucherNo: string;
  period: string;
  paidOn: string;
  amountFen: number;
  kind: '经费' | '筹备金';
  grassrootsFen: number;
  countyFen: number;
  upperFen: number;
  feeFen: number;
  heldFen: number;
}

export interface ImportResult {
  target: ImportTarget;
  /** imported: written; rejected: blocking errors, nothing written; checked: preview only, no error. */
  status: 'imported' | 'rejected' | 'checked';
  fileName: string;
  sheet: string | null;
  headerRow: number | null;
  rows: number;
  /** New records (would be) written. */
  newRows: number;
  duplicates: number;
  duplicateRows: Array<{ row: number; taxVoucherNo: string; payerName: string; existingId: number | null }>;
  totalFen: number;
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  unknownPayers: UnknownPayer[];
  preview: ImportPreviewRow[];
  batchId: number | null;
}

export interface FileColumns {
  fileName: string;
  sheet: string;
  headerRow: number;
  headers: string[];
  /** Suggested mapping (field → header) by common header names. */
  suggested: Record<string, string>;
  sample: string[][];
}

export interface RecordRow {
  id: number;
  unitId: number;
  unitName: string;
  payerName: string;
  taxVoucherNo: string;
  period: string;
  paidOn: string;
  amountFen: number;
  declaredBaseFen: number | null;
  kind: '经费' | '筹备金';
  channel: string;
  ruleId: number | null;
  grassrootsFen: number;
  countyFen: number;
  cityFen: number;
  provinceFen: number;
  nationalFen: number;
  feeFen: number;
  heldFen: number;
  refundDueFen: number;
  refundId: number | null;
  voucherId: number | null;
  voucherLabel: string | null;
  convertedVoucherId: number | null;
  batchId: number | null;
}

export interface PostResult {
  voucherId: number;
  voucherLabel: string;
  records: number;
  debitFen: number;
}

export interface RefundDueRow {
  unitId: number;
  unitName: string;
  unionStatus: string | null;
  bankName: string | null;
  bankAccount: string | null;
  records: number;
  amountFen: number;
  /** Unposted records: the refund can be listed only once the receipts are posted. */
  unposted: number;
  problem: string | null;
}

export interface RefundRow {
  id: number;
  listNo: string;
  unitId: number;
  unitName: string;
  amountFen: number;
  bankName: string | null;
  bankAccount: string | null;
  status: RefundStatus;
  createdOn: string;
  paidOn: string | null;
  failedReason: string | null;
  reissueOf: number | null;
  voucherId: number | null;
  voucherLabel: string | null;
  records: number;
}

export interface FlagRow {
  id: number;
  unitId: number;
  unitName: string;
  creditCode: string | null;
  year: number;
  kind: FlagKind;
  dueFen: number;
  paidFen: number;
  declaredBaseFen: number | null;
  referenceFen: number | null;
  referenceSource: string | null;
  gapFen: number;
  status: FlagStatus;
  active: boolean;
  foundAt: string;
  checkedAt: string;
  resolvedAt: string | null;
  followups: number;
  lastAction: string | null;
}

export interface FollowupRow {
  id: number;
  action: string;
  onDate: string;
  note: string | null;
  resolves: boolean;
  createdAt: string;
  createdBy: string | null;
}

export interface ReconcileResult {
  year: number;
  /** Dues counted for months 1 … throughMonth (by default the months already due: payroll is due by the 15th of the next month). */
  throughMonth: number;
  payers: number;
  toleranceBp: number;
  counts: Record<FlagKind, number>;
  /** Flags no longer found (closed automatically, history kept). */
  cleared: number;
  flags: FlagRow[];
}

export interface GrowthRowOut {
  unitId: number;
  unitName: string;
  thisYearFen: number;
  lastYearFen: number;
  rate: number | null;
}

// ── endpoints ───────────────────────────────────────────────────────────────────────────────────────

export const collectionRulesList = endpoint<CollectionRuleRow[]>()({
  name: 'collection.rules.list',
  summary: '分成规则（按生效日期）',
  input: z.object({}).strict(),
  access: COLLECTION_READERS,
});

export const collectionRulesSave = endpoint<CollectionRuleRow[]>()({
  name: 'collection.rules.save',
  summary: '新增或修改一条分成规则（自某日起生效）',
  input: z
    .object({
      effectiveFrom: date,
      rateBp: z.number().int().min(1).max(10000),
      grassrootsBp: bp,
      countyBp: bp,
      cityBp: bp,
      provinceBp: bp,
      nationalBp: bp,
      feeBp: bp,
      smallMicroRefundBp: bp,
      toleranceBp: bp,
      source: z.string().max(200).nullish(),
      note: z.string().max(500).nullish(),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionPayersList = endpoint<Page<PayerRow> & { month: string; monthDueFen: number }>()({
  name: 'collection.payers.list',
  summary: '缴费单位及应缴额',
  input: z
    .object({
      month,
      search: z.string().max(100).optional(),
      kind: z.enum(['经费', '筹备金']).optional(),
      ...page,
    })
    .strict(),
  access: COLLECTION_READERS,
});

export const collectionPayersBaseHistory = endpoint<PayrollBaseRow[]>()({
  name: 'collection.payers.baseHistory',
  summary: '工资总额历史',
  input: z.object({ unitId: id }).strict(),
  access: COLLECTION_READERS,
});

export const collectionPayersSetBase = endpoint<PayrollBaseRow[]>()({
  name: 'collection.payers.setBase',
  summary: '登记自某月起的月工资总额',
  input: z
    .object({
      unitId: id,
      fromMonth: month,
      payrollBaseFen: z.number().int().min(0),
      staffCount: z.number().int().min(0).nullish(),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionPayersSetInfo = endpoint<{ ok: true }>()({
  name: 'collection.payers.setInfo',
  summary: '设置缴费单位的小微标识和缴费渠道',
  input: z
    .object({
      unitId: id,
      smallMicro: z.boolean(),
      smallMicroFrom: date.nullish(),
      smallMicroTo: date.nullish(),
      channel: z.enum(CHANNELS),
      notes: z.string().max(500).nullish(),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionProfilesList = endpoint<ProfileRow[]>()({
  name: 'collection.profiles.list',
  summary: '列映射方案',
  input: z.object({ target: z.enum(IMPORT_TARGETS).optional() }).strict(),
  access: COLLECTION_READERS,
});

export const collectionProfilesSave = endpoint<ProfileRow>()({
  name: 'collection.profiles.save',
  summary: '保存列映射方案',
  input: z
    .object({
      name: z.string().trim().min(1, '请填写方案名称').max(60),
      target: z.enum(IMPORT_TARGETS),
      mapping: z.record(z.string(), z.string().trim().min(1)),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionProfilesDelete = endpoint<{ ok: true }>()({
  name: 'collection.profiles.delete',
  summary: '删除列映射方案',
  input: z.object({ id }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionImportColumns = endpoint<FileColumns>()({
  name: 'collection.import.columns',
  summary: '读取文件的列名（用于设置列映射）',
  input: z.object({ uploadId: z.string().min(1, '请先选择文件'), target: z.enum(IMPORT_TARGETS) }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionImportRun = endpoint<ImportResult>()({
  name: 'collection.import.run',
  summary: '导入税务代征记录或参考工资数据（可先预览）',
  input: z
    .object({
      uploadId: z.string().min(1, '请先选择文件'),
      target: z.enum(IMPORT_TARGETS),
      profileId: id.optional(),
      mapping: z.record(z.string(), z.string()).optional(),
      /** Reference payroll: the source when the file has no such column. */
      referenceSource: z.enum(REFERENCE_SOURCES).default('企业所得税'),
      /** Preview only: check and split, write nothing. */
      dryRun: z.boolean().default(true),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionPayersMatch = endpoint<{ ok: true }>()({
  name: 'collection.payers.match',
  summary: '把文件中的缴费人对应到单位名录中的单位',
  input: z.object({ key: z.string().min(3).max(200), unitId: id }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionRecordsList = endpoint<Page<RecordRow> & { totalFen: number }>()({
  name: 'collection.records.list',
  summary: '收缴记录',
  input: z
    .object({
      year: year.optional(),
      period: month.optional(),
      unitId: id.optional(),
      batchId: id.optional(),
      posted: z.boolean().optional(),
      search: z.string().max(100).optional(),
      ...page,
    })
    .strict(),
  access: COLLECTION_READERS,
});

export const collectionRecordsPost = endpoint<PostResult>()({
  name: 'collection.records.post',
  summary: '收缴记录生成记账凭证（收款与分成）',
  input: z
    .object({
      setId: id,
      date,
      batchId: id.optional(),
      period: month.optional(),
      /** Record ids; without them, every unposted record of the batch/period. */
      ids: z.array(id).max(100_000).optional(),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionRecordsConvertHeld = endpoint<PostResult>()({
  name: 'collection.records.convertHeld',
  summary: '已建会单位的建会筹备金转为经费并分成',
  input: z.object({ setId: id, unitId: id, date }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionRefundsDue = endpoint<RefundDueRow[]>()({
  name: 'collection.refunds.due',
  summary: '应返还基层工会的经费（尚未列入转账清单）',
  input: z.object({ year: year.optional() }).strict(),
  access: COLLECTION_READERS,
});

export const collectionRefundsCreate = endpoint<{ listNo: string; refunds: RefundRow[] }>()({
  name: 'collection.refunds.create',
  summary: '生成返还转账清单',
  input: z.object({ unitIds: z.array(id).min(1, '请选择单位').max(100_000), date, year: year.optional() }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionRefundsList = endpoint<Page<RefundRow>>()({
  name: 'collection.refunds.list',
  summary: '返还转账',
  input: z.object({ listNo: z.string().optional(), status: z.enum(['待转账', '已转账', '转账失败', '已重发']).optional(), ...page }).strict(),
  access: COLLECTION_READERS,
});

export const collectionRefundsMark = endpoint<RefundRow>()({
  name: 'collection.refunds.mark',
  summary: '登记转账结果（已转账并生成付款凭证，或转账失败）',
  input: z
    .object({
      id,
      result: z.enum(['已转账', '转账失败']),
      date,
      setId: id.optional(),
      reason: z.string().max(200).optional(),
    })
    .strict(),
  access: REFUND_PAYERS,
});

export const collectionRefundsReissue = endpoint<RefundRow>()({
  name: 'collection.refunds.reissue',
  summary: '转账失败的返还重新发起（可更正账户）',
  input: z.object({ id, date, bankName: z.string().max(80).nullish(), bankAccount: z.string().max(40).nullish() }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionRefundsExport = endpoint<ExportedFile>()({
  name: 'collection.refunds.export',
  summary: '导出返还转账清单（Excel）',
  input: z.object({ listNo: z.string().min(1) }).strict(),
  access: COLLECTION_READERS,
});

export const collectionReconcileRun = endpoint<ReconcileResult>()({
  name: 'collection.reconcile.run',
  summary: '对账：应缴未缴、少缴、申报不实',
  input: z.object({ year, throughMonth: z.number().int().min(0).max(12).optional() }).strict(),
  access: COLLECTION_CLERKS,
});

export const collectionFlagsList = endpoint<Page<FlagRow>>()({
  name: 'collection.flags.list',
  summary: '对账疑点工作清单',
  input: z
    .object({
      year: year.optional(),
      kind: z.enum(FLAG_KINDS).optional(),
      status: z.enum(FLAG_STATUSES).optional(),
      activeOnly: z.boolean().default(false),
      search: z.string().max(100).optional(),
      ...page,
    })
    .strict(),
  access: COLLECTION_READERS,
});

export const collectionFlagsFollowups = endpoint<FollowupRow[]>()({
  name: 'collection.flags.followups',
  summary: '疑点的跟进记录',
  input: z.object({ flagId: id }).strict(),
  access: COLLECTION_READERS,
});

export const collectionFlagsFollowup = endpoint<FlagRow>()({
  name: 'collection.flags.followup',
  summary: '登记跟进（联系、说明、补缴、移交税务……）',
  input: z
    .object({
      flagId: id,
      action: z.enum(FOLLOWUP_ACTIONS),
      onDate: date,
      note: z.string().max(500).nullish(),
      resolves: z.boolean().default(false),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionGrowth = endpoint<GrowthRowOut[]>()({
  name: 'collection.growth',
  summary: '基层工会经费收缴增长（本年与上年）',
  input: z.object({ year }).strict(),
  access: COLLECTION_READERS,
});

export const collectionReportsExport = endpoint<ExportedFile>()({
  name: 'collection.reports.export',
  summary: '导出经费收缴报表（收缴台账、分成明细、返还清单、应缴未缴清单、申报不实清单、年度汇总）',
  input: z.object({ year }).strict(),
  access: COLLECTION_READERS,
});

// ── year-end accrual (年末应收下级经费：借 132 / 贷 402, 211) ────────────────────────────────────

export const ACCRUAL_BASES = ['对账', '收缴报告表'] as const;
export type AccrualBasis = (typeof ACCRUAL_BASES)[number];

export interface AccrualRow {
  id: number;
  amountFen: number;
  countyFen: number;
  upperFen: number;
  basis: AccrualBasis;
  reportNo: string | null;
  accruedOn: string;
  voucherId: number;
  voucherLabel: string | null;
  clearedFen: number;
  /** Corrections by 补充凭证, oldest first (the amounts above are the ones now in force). */
  corrections: AccrualCorrectionRow[];
}

export interface AccrualCorrectionRow {
  id: number;
  beforeAmountFen: number;
  amountFen: number;
  correctedOn: string;
  reason: string;
  voucherId: number;
  voucherLabel: string;
  byName: string | null;
}

/** Who corrects a posted accrual: the accountant, who alone may make 补充凭证 (LEDGER_ROLES.reversers). */
export const ACCRUAL_CORRECTORS = ['会计'] as const;

export interface AccrualDraftRow {
  unitId: number;
  unitName: string;
  /** Reconciliation: due for the whole year and collected (records of the year's periods). */
  dueFen: number;
  paidFen: number;
  /** Due but not collected (gross, before the grassroots share). */
  owedFen: number;
  /** What the union owes the higher levels: the owed amount less its own share (and any 小微 refund). */
  suggestedFen: number;
  accrual: AccrualRow | null;
}

export interface AccrualPostResult {
  voucherId: number;
  voucherLabel: string;
  unions: number;
  amountFen: number;
  countyFen: number;
  upperFen: number;
}

export const collectionAccrualDraft = endpoint<AccrualDraftRow[]>()({
  name: 'collection.accrual.draft',
  summary: '年末应收下级经费：按对账结果列出各基层工会应缴未缴及已计提情况',
  input: z.object({ year }).strict(),
  access: COLLECTION_READERS,
});

export const collectionAccrualPost = endpoint<AccrualPostResult>()({
  name: 'collection.accrual.post',
  summary: '年末计提应收下级经费（借 132 / 贷 402、211），生成一张凭证',
  input: z
    .object({
      setId: id,
      year,
      date,
      items: z
        .array(
          z.object({
            unitId: id,
            amountFen: z.number().int().positive('计提金额应大于 0'),
            basis: z.enum(ACCRUAL_BASES),
            reportNo: z.string().max(60).nullish(),
          }).strict(),
        )
        .min(1, '请选择要计提的基层工会'),
    })
    .strict(),
  access: COLLECTION_CLERKS,
});

export const collectionAccrualCorrect = endpoint<AccrualRow>()({
  name: 'collection.accrual.correct',
  summary: '更正已记账的年末计提（差额填制补充凭证，保留更正记录）',
  input: z
    .object({
      accrualId: id,
      amountFen: z.number().int().positive('更正后的计提金额应大于 0'),
      date,
      reason: z.string().trim().min(2, '请说明更正原因').max(200),
    })
    .strict(),
  access: ACCRUAL_CORRECTORS,
});

export const collection = {
  collectionRulesList, collectionRulesSave, collectionPayersList, collectionPayersBaseHistory, collectionPayersSetBase,
  collectionPayersSetInfo, collectionProfilesList, collectionProfilesSave, collectionProfilesDelete, collectionImportColumns,
  collectionImportRun, collectionPayersMatch, collectionRecordsList, collectionRecordsPost, collectionRecordsConvertHeld,
  collectionRefundsDue, collectionRefundsCreate, collectionRefundsList, collectionRefundsMark, collectionRefundsReissue,
  collectionRefundsExport, collectionReconcileRun, collectionFlagsList, collectionFlagsFollowups, collectionFlagsFollowup,
  collectionGrowth, collectionReportsExport, collectionAccrualDraft, collectionAccrualPost,
  collectionAccrualCorrect,
} as const;

