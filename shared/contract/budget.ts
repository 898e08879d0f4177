// Contract: budget compilation (预算编制) — subjects, templates, import, submission status, versions and
// their differences, consolidation (汇总) with drill-down, rule checks, the seven-stage procedure on the
// year's budget book (年初预算 / 预算调整) and the consolidated workbook.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { UnitRef } from './units';
import type { ExportedFile } from '../bridge';
import { ALL_ROLES } from '../roles';
import { UNIT_KINDS } from '../units';
import {
  BOOK_KINDS, BUDGET_ACTORS, BUDGET_BOOK_MANAGERS, BUDGET_CLERKS, BUDGET_RULE_EDITORS, CHARTS, DIRECTIONS, EXPENSE_TYPES,
  FUNDING_SOURCES, SANGONG_CATEGORIES, SCOPES, SUBMISSION_STATUSES, type BookKind, type BookStatus, type BudgetStage,
  type ChartSet, type Direction, type Scope, type SubmissionStatus,
} from '../budget/constants';
import { RULE_KEYS, type RuleKey } from '../budget/rules';

const READERS = ALL_ROLES;

// ── shared shapes ────────────────────────────────────────────────────────────────────────────────────

export interface BudgetSubjectRow {
  code: string;
  name: string;
  level: number;
  parent: string | null;
  direction: Direction;
  leaf: boolean;
  carryOver: boolean;
  sangong: boolean;
  label: string;
}

/** One problem in a workbook, located by sheet, Excel row and column header (and the cell address). */
export interface BudgetImportIssue {
  sheet: string;
  /** 1-based Excel row, or null when the problem concerns the whole sheet or file. */
  row: number | null;
  /** The column's header (e.g. 金额（元）) or the cover field's label, or null. */
  column: string | null;
  /** e.g. 支出预算!J7, or null. */
  cell: string | null;
  message: string;
}

export interface BudgetImportFileResult {
  fileName: string;
  /** imported: a new version was written; rejected: nothing was written; checked: a dry run found no error. */
  status: 'imported' | 'rejected' | 'checked';
  unit: UnitRef | null;
  year: number | null;
  versionId: number | null;
  versionSeq: number | null;
  lines: number;
  projects: number;
  incomeFen: number;
  expenseFen: number;
  /** Blocking problems (at most 1,000 listed; errorCount has the total). */
  errors: BudgetImportIssue[];
  warnings: BudgetImportIssue[];
  errorCount: number;
  warningCount: number;
}

export interface BudgetImportResult {
  year: number;
  dryRun: boolean;
  files: BudgetImportFileResult[];
  imported: number;
  rejected: number;
}

export interface BudgetTemplateFile extends ExportedFile {
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface BudgetTemplatesResult {
  year: number;
  files: BudgetTemplateFile[];
}

export interface BudgetStatusRow {
  unit: UnitRef;
  parentName: string | null;
  chart: ChartSet;
  status: SubmissionStatus;
  versionId: number | null;
  versionSeq: number | null;
  versionCount: number;
  incomeFen: number | null;
  expenseFen: number | null;
  lastAttemptAt: string | null;
  lastFileName: string | null;
  lastErrorCount: number;
  /** The first errors of the last rejected import (when status is 有错误). */
  lastErrors: BudgetImportIssue[];
}

export interface BudgetStatusResult extends Page<BudgetStatusRow> {
  counts: Record<SubmissionStatus | '全部', number>;
}

export interface BudgetVersionRow {
  id: number;
  year: number;
  unit: UnitRef;
  seq: number;
  chart: ChartSet;
  source: string;
  fileName: string | null;
  preparer: string | null;
  unitHead: string | null;
  incomeFen: number;
  expenseFen: number;
  basicFen: number;
  projectFen: number;
  lineCount: number;
  projectCount: number;
  locked: boolean;
  current: boolean;
  createdAt: string;
  createdByName: string;
  /** Budget books that include this version. */
  books: Array<{ id: number; title: string; status: BookStatus }>;
}

export interface BudgetProjectRow {
  id: number;
  code: string;
  name: string;
  fundingSource: string;
  specialFund: string | null;
  purpose: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  manager: string | null;
  goals: string | null;
  indicators: string | null;
  totalFen: number;
  sheet: string;
  row: number;
}

export interface BudgetLineRow {
  id: number;
  versionId: number;
  direction: Direction;
  subjectCode: string;
  subjectName: string;
  expenseType: string | null;
  fundingSource: string;
  projectId: number | null;
  projectCode: string | null;
  projectName: string | null;
  item: string | null;
  quantity: string | null;
  unitPriceFen: number | null;
  amountFen: number;
  sangong: string | null;
  specialFund: string | null;
  note: string | null;
  sheet: string;
  row: number;
}

export interface BudgetVersionDetail {
  version: BudgetVersionRow;
  projects: BudgetProjectRow[];
  lines: BudgetLineRow[];
}

export interface LineDiffRow {
  change: '新增' | '删除' | '修改';
  unit: UnitRef;
  direction: Direction;
  subjectCode: string;
  subjectName: string;
  expenseType: string | null;
  fundingSource: string;
  projectCode: string | null;
  projectName: string | null;
  item: string | null;
  beforeFen: number | null;
  afterFen: number | null;
  deltaFen: number;
  /** Labels of the fields that differ (for 修改), e.g. 金额、数量、说明. */
  changedFields: string[];
  /** Workbook rows of the line in each version (sheet!row). */
  beforeAt: string | null;
  afterAt: string | null;
}

export interface ProjectDiffRow {
  change: '新增' | '删除' | '修改';
  unit: UnitRef;
  code: string;
  name: string;
  beforeFen: number | null;
  afterFen: number | null;
  deltaFen: number;
  changedFields: string[];
}

export interface VersionDiffResult {
  from: BudgetVersionRow | null;
  to: BudgetVersionRow;
  lines: LineDiffRow[];
  projects: ProjectDiffRow[];
  unchangedLines: number;
}

/** Which figures: the working figures (each unit's current version) or a budget book's. */
export interface BudgetSourceInfo {
  bookId: number | null;
  title: string;
  /** Whether the book's versions are fixed (after 财务汇总) or follow the units' current versions. */
  fixed: boolean;
}

export interface ConsolidatedSubjectRow {
  code: string;
  name: string;
  level: number;
  direction: Direction;
  amountFen: number;
  /** By funding source and, for expenditure, by expense type. */
  unionFundFen: number;
  fiscalFen: number;
  basicFen: number;
  projectFen: number;
  lineCount: number;
  /** Last year's budget (its last approved book, else its working figures); null when there is none. */
  lastYearFen: number | null;
  /** Last year's actual from the ledger (posted movements, year-end closing excluded); null when the books have none. */
  actualFen: number | null;
  deltaFen: number | null;
}

export interface ConsolidatedSourceRow {
  direction: Direction;
  fundingSource: string;
  expenseType: string | null;
  amountFen: number;
  lineCount: number;
  lastYearFen: number | null;
  /**
   * Last year's actual from the books (posted, year-end closing excluded) for this funding source and
   * expense type; a ledger line without 资金来源 counts as 工会资金 (财政拨款 on 40401 财政拨款收入). Null
   * when the books have no income or expenditure movement that year.
   */
  actualFen: number | null;
}

export interface ConsolidationTotals {
  unitCount: number;
  lineCount: number;
  projectCount: number;
  incomeFen: number;
  expenseFen: number;
  basicFen: number;
  projectFen: number;
  lastYearIncomeFen: number | null;
  lastYearExpenseFen: number | null;
  /** Last year's actual income / expenditure from the ledger; null when the books have none. */
  actualIncomeFen: number | null;
  actualExpenseFen: number | null;
}

export interface ConsolidationResult {
  year: number;
  scope: Scope;
  source: BudgetSourceInfo;
  lastYearSource: BudgetSourceInfo | null;
  /** Whether actual figures (决算/执行数) are available from the ledger. */
  actualAvailable: boolean;
  totals: ConsolidationTotals;
  bySubject: ConsolidatedSubjectRow[];
  bySource: ConsolidatedSourceRow[];
}

export interface ConsolidatedUnitRow {
  unit: UnitRef;
  chart: ChartSet;
  versionId: number;
  versionSeq: number;
  incomeFen: number;
  expenseFen: number;
  basicFen: number;
  projectFen: number;
  balanceFen: number;
  lineCount: number;
  lastYearIncomeFen: number | null;
  lastYearExpenseFen: number | null;
  /** Last year's actual from the unit's own books (ledger sets); null when it keeps none here or they have no movement. */
  actualIncomeFen: number | null;
  actualExpenseFen: number | null;
}

export interface ConsolidatedProjectRow {
  projectId: number;
  unit: UnitRef;
  versionId: number;
  versionSeq: number;
  code: string;
  name: string;
  fundingSource: string;
  specialFund: string | null;
  manager: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  goals: string | null;
  totalFen: number;
  lineCount: number;
  sheet: string;
  row: number;
  /** Last year's budget of the same unit's project with the same code (0 if none); null without a last-year budget. */
  lastYearFen: number | null;
  /**
   * Last year's posted expenditure on the ledger project with the same code (else the same name) in the
   * unit's own ledger sets; 0 when nothing was spent on it; null when the unit kept no books here that year.
   */
  actualFen: number | null;
}

export interface DrillLineRow extends BudgetLineRow {
  unit: UnitRef;
  versionSeq: number;
  /** e.g. 支出预算!J12 — the workbook cell the amount came from. */
  cell: string;
}

export interface DrillResult extends Page<DrillLineRow> {
  sumFen: number;
}

export interface RuleCheckFigure {
  label: string;
  value: number | string | null;
  format: 'amount' | 'percent' | 'count' | 'text';
}

export interface RuleCheckItem {
  unit: UnitRef | null;
  versionId: number | null;
  /** sheet!row of the line, when the item is a line. */
  at: string | null;
  text: string;
}

export interface RuleCheckResult {
  ruleId: number;
  key: RuleKey;
  name: string;
  blocking: boolean;
  status: '通过' | '未通过' | '不适用';
  message: string;
  figures: RuleCheckFigure[];
  /** Failing units or lines (at most 50; itemCount has the total). */
  items: RuleCheckItem[];
  itemCount: number;
}

export interface RuleCheckReport {
  year: number;
  source: BudgetSourceInfo;
  results: RuleCheckResult[];
  blockingFailures: number;
  /** No blocking rule failed. */
  passed: boolean;
}

export interface BudgetRuleRow {
  id: number;
  key: RuleKey;
  name: string;
  blocking: boolean;
  params: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  basis: string;
  createdAt: string;
  /** In force on 1 January of the year asked for (or today). */
  inForce: boolean;
}

export interface StoredFileRef {
  id: number;
  name: string;
  size: number;
}

export interface MeetingRecord {
  date: string;
  place: string | null;
  chair: string | null;
  attendees: string | null;
  resolution: string | null;
}

export interface BookStepRow {
  id: number;
  stage: number;
  stageName: BudgetStage;
  action: '通过' | '退回' | '撤销';
  toStage: number;
  /** null when the book was approved (to stage 7) or cancelled. */
  toStageName: BudgetStage | null;
  userId: number | null;
  username: string;
  displayName: string;
  role: string;
  onBehalf: boolean;
  signerName: string | null;
  signedOn: string | null;
  scanFile: StoredFileRef | null;
  opinion: string | null;
  attachments: StoredFileRef[];
  meeting: MeetingRecord | null;
  committeeResolutionId: string | null;
  approvalDoc: string | null;
  /** Blocking rule failures when the step was taken (0 for a forward step). */
  blockingFailures: number;
  at: string;
}

export interface BookStageState {
  index: number;
  stage: BudgetStage;
  roles: string[];
  state: '已完成' | '当前' | '未开始';
  /** The approval that currently stands for this stage. */
  approval: BookStepRow | null;
}

export interface BudgetBookRow {
  id: number;
  year: number;
  kind: BookKind;
  seq: number;
  title: string;
  /** 0..6 while 审批中; 7 once approved. */
  stage: number;
  stageName: BudgetStage | null;
  status: BookStatus;
  reason: string | null;
  basedOnBookId: number | null;
  snapshotAt: string | null;
  createdAt: string;
  approvedAt: string | null;
  cancelledAt: string | null;
  memberCount: number;
  incomeFen: number;
  expenseFen: number;
}

export interface BudgetBookDetail extends BudgetBookRow {
  stages: BookStageState[];
  steps: BookStepRow[];
  checks: RuleCheckReport;
  /** What the current user may do now, and why not. */
  canApprove: boolean;
  canReturn: boolean;
  cannotReason: string | null;
  adjustmentsUsed: number;
  adjustmentsAllowed: number;
}

export interface BookDiffSubjectRow {
  code: string;
  name: string;
  direction: Direction;
  level: number;
  /** 年初核定预算数 (the book adjusted), 调整数, 调整后预算数. */
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
  /** afterFen / beforeFen − 1, or null when beforeFen is 0. */
  ratio: number | null;
}

export interface BookDiffResult {
  book: BudgetBookRow;
  against: BudgetBookRow | null;
  bySubject: BookDiffSubjectRow[];
  unitsChanged: number;
  lines: Page<LineDiffRow>;
}

export interface ImportLogRow {
  /** The version id of a successful import; minus the attempt's id for a rejected one. */
  id: number;
  year: number;
  unit: UnitRef | null;
  fileName: string;
  at: string;
  username: string;
  ok: boolean;
  versionId: number | null;
  errorCount: number;
  warningCount: number;
  errors: BudgetImportIssue[];
  warnings: BudgetImportIssue[];
}

// ── inputs ───────────────────────────────────────────────────────────────────────────────────────────

const id = z.number().int().positive();
const year = z.number({ error: '请指定预算年度' }).int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500, '每页最多 500 条').default(50) };
/** null or absent: the working figures (each unit's current version). */
const bookId = id.nullish();
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多 ${max} 个字符`)
    .nullish()
    .transform((v) => (v ? v : null));

export const budgetSubjects = endpoint<BudgetSubjectRow[]>()({
  name: 'budget.subjects',
  summary: '预算科目（收入、支出科目及明细科目）',
  input: z.object({ chart: z.enum(CHARTS) }).strict(),
  access: READERS,
});

export const budgetTemplatesExport = endpoint<BudgetTemplatesResult>()({
  name: 'budget.templates.export',
  summary: '导出单位预算填报模板（Excel）',
  input: z
    .object({
      year,
      unitIds: z.array(id).min(1, '请至少选择一个单位').max(50_000),
      /** Fill in the unit's current version (to edit and re-import). */
      prefill: z.boolean().default(false),
    })
    .strict(),
  access: BUDGET_CLERKS,
});

export const budgetImport = endpoint<BudgetImportResult>()({
  name: 'budget.import',
  summary: '导入单位预算（Excel）',
  input: z
    .object({
      year,
      uploadIds: z.array(z.string().min(1)).min(1, '请先选择文件').max(50_000),
      /** When importing for one unit: a workbook of another unit is rejected. */
      expectUnitId: id.nullish(),
      /** Check only: report what would happen, write nothing. */
      dryRun: z.boolean().default(false),
    })
    .strict(),
  access: BUDGET_CLERKS,
});

export const budgetStatus = endpoint<BudgetStatusResult>()({
  name: 'budget.status',
  summary: '各单位预算报送情况（已提交 / 未提交 / 有错误）',
  input: z
    .object({
      year,
      q: z.string().trim().max(80).nullish(),
      kind: z.enum(UNIT_KINDS).nullish(),
      status: z.enum(SUBMISSION_STATUSES).nullish(),
      ...page,
    })
    .strict(),
  access: READERS,
});

export const budgetImportLog = endpoint<Page<ImportLogRow>>()({
  name: 'budget.importLog',
  summary: '预算导入记录',
  input: z.object({ year, unitId: id.nullish(), ...page }).strict(),
  access: READERS,
});

export const budgetVersionsList = endpoint<BudgetVersionRow[]>()({
  name: 'budget.versions.list',
  summary: '单位预算的各个版本',
  input: z.object({ year, unitId: id }).strict(),
  access: READERS,
});

export const budgetVersionsGet = endpoint<BudgetVersionDetail>()({
  name: 'budget.versions.get',
  summary: '查看单位预算版本（部门预算、项目预算、明细预算）',
  input: z.object({ versionId: id }).strict(),
  access: READERS,
});

export const budgetVersionsDiff = endpoint<VersionDiffResult>()({
  name: 'budget.versions.diff',
  summary: '比较单位预算的两个版本（逐行差异）',
  input: z.object({ versionId: id, againstVersionId: id.nullish() }).strict(),
  access: READERS,
});

const viewInput = { year, bookId, scope: z.enum(SCOPES).default('全部') };

export const budgetConsolidate = endpoint<ConsolidationResult>()({
  name: 'budget.consolidate',
  summary: '预算汇总（按科目、按资金来源，附上年预算数）',
  input: z.object(viewInput).strict(),
  access: READERS,
});

export const budgetConsolidateUnits = endpoint<Page<ConsolidatedUnitRow>>()({
  name: 'budget.consolidate.units',
  summary: '预算汇总（按单位）',
  input: z
    .object({ ...viewInput, q: z.string().trim().max(80).nullish(), sort: z.enum(['code', 'expense', 'income', 'balance']).default('code'), ...page })
    .strict(),
  access: READERS,
});

export const budgetConsolidateProjects = endpoint<Page<ConsolidatedProjectRow> & { sumFen: number }>()({
  name: 'budget.consolidate.projects',
  summary: '预算汇总（按项目）',
  input: z
    .object({ ...viewInput, q: z.string().trim().max(80).nullish(), unitId: id.nullish(), specialFund: z.string().max(40).nullish(), ...page })
    .strict(),
  access: READERS,
});

export const drillFilter = z
  .object({
    direction: z.enum(DIRECTIONS).nullish(),
    /** A subject and all its sub-accounts. */
    subjectCode: z.string().regex(/^\d{3}(\d{2})*$/, '科目编码不正确').nullish(),
    unitId: id.nullish(),
    projectId: id.nullish(),
    fundingSource: z.enum(FUNDING_SOURCES).nullish(),
    expenseType: z.enum(EXPENSE_TYPES).nullish(),
    sangong: z.enum(SANGONG_CATEGORIES).nullish(),
    specialFund: z.string().max(40).nullish(),
  })
  .strict();

export const budgetDrill = endpoint<DrillResult>()({
  name: 'budget.drill',
  summary: '预算汇总数穿透到明细行（单位、版本、工作簿行）',
  input: z.object({ ...viewInput, filter: drillFilter.default({}), ...page }).strict(),
  access: READERS,
});

export const budgetChecks = endpoint<RuleCheckReport>()({
  name: 'budget.checks',
  summary: '预算规则检查（收支平衡、比例、三公经费、禁止事项、专项资金）',
  input: z.object({ year, bookId }).strict(),
  access: READERS,
});

export const budgetRulesList = endpoint<BudgetRuleRow[]>()({
  name: 'budget.rules.list',
  summary: '预算规则（含历史版本）',
  input: z.object({ year: year.nullish(), key: z.enum(RULE_KEYS).nullish() }).strict(),
  access: READERS,
});

export const budgetRulesUpdate = endpoint<BudgetRuleRow>()({
  name: 'budget.rules.update',
  summary: '修改预算规则（自指定日期起生效，保留历史）',
  input: z
    .object({
      /** The rule row in force that the change replaces. */
      id,
      blocking: z.boolean(),
      /** Validated against the rule's own parameter schema. */
      params: z.record(z.string(), z.unknown()),
      effectiveFrom: isoDate,
      basis: optText(300),
    })
    .strict(),
  access: BUDGET_RULE_EDITORS,
});

export const budgetBooksList = endpoint<BudgetBookRow[]>()({
  name: 'budget.books.list',
  summary: '年度预算（年初预算、预算调整）列表',
  input: z.object({ year: year.nullish() }).strict(),
  access: READERS,
});

export const budgetBooksGet = endpoint<BudgetBookDetail>()({
  name: 'budget.books.get',
  summary: '查看年度预算及其审批过程',
  input: z.object({ bookId: id }).strict(),
  access: READERS,
});

export const budgetBooksCreate = endpoint<BudgetBookDetail>()({
  name: 'budget.books.create',
  summary: '发起年度预算或预算调整的审批',
  input: z
    .object({
      year,
      kind: z.enum(BOOK_KINDS),
      /** Required for 预算调整: why the budget is adjusted. */
      reason: optText(500),
    })
    .strict(),
  access: BUDGET_BOOK_MANAGERS,
});

export const meetingInput = z
  .object({
    date: isoDate,
    place: optText(100),
    chair: optText(40),
    attendees: optText(500),
    resolution: optText(1000),
  })
  .strict();

export const budgetBooksAct = endpoint<BudgetBookDetail>()({
  name: 'budget.books.act',
  summary: '预算审批：通过本环节或退回',
  input: z
    .object({
      bookId: id,
      /** The stage the caller saw (0..6); a different current stage means somebody acted meanwhile. */
      stage: z.number().int().min(0).max(6),
      action: z.enum(['通过', '退回']),
      /** For 退回: the earlier stage (0-based) the budget goes back to. */
      returnTo: z.number().int().min(0).max(5).nullish(),
      opinion: optText(2000),
      attachmentUploadIds: z.array(z.string().min(1)).max(50).default([]),
      /** Recorded by the clerk on behalf of a signed paper form. */
      onBehalf: z
        .object({
          signerName: z.string().trim().min(1, '请填写签署人姓名').max(40),
          signedOn: isoDate,
          scanUploadId: z.string().min(1, '请附上签批表扫描件'),
        })
        .strict()
        .nullish(),
      /** 会议讨论: the meeting. */
      meeting: meetingInput.nullish(),
      /** 经审会审查: the committee session's resolution (the audit-committee module's id, or a document number). */
      committeeResolutionId: optText(80),
      /** 经审会审查: the 经审监督 resolution (agenda item id) on this budget that decided the stage. */
      oversightResolutionId: id.nullish(),
      /** 上级审批: the higher union's approval document (批复文号). */
      approvalDoc: optText(120),
    })
    .strict(),
  access: BUDGET_ACTORS,
});

export const budgetBooksCancel = endpoint<BudgetBookDetail>()({
  name: 'budget.books.cancel',
  summary: '撤销尚未批准的年度预算或预算调整',
  input: z.object({ bookId: id, reason: z.string().trim().min(2, '请说明撤销原因').max(500) }).strict(),
  access: BUDGET_BOOK_MANAGERS,
});

export const budgetBooksDiff = endpoint<BookDiffResult>()({
  name: 'budget.books.diff',
  summary: '预算调整前后对比（按科目、逐行）',
  input: z.object({ bookId: id, againstBookId: id.nullish(), ...page }).strict(),
  access: READERS,
});

export const budgetReportExport = endpoint<ExportedFile>()({
  name: 'budget.report.export',
  summary: '导出预算汇总表（收入、支出、项目、基层单位汇总、规则检查）',
  input: z.object({ year, bookId }).strict(),
  access: READERS,
});

export const budget = {
  budgetSubjects, budgetTemplatesExport, budgetImport, budgetStatus, budgetImportLog, budgetVersionsList, budgetVersionsGet,
  budgetVersionsDiff, budgetConsolidate, budgetConsolidateUnits, budgetConsolidateProjects, budgetDrill, budgetChecks,
  budgetRulesList, budgetRulesUpdate, budgetBooksList, budgetBooksGet, budgetBooksCreate, budgetBooksAct, budgetBooksCancel,
  budgetBooksDiff, budgetReportExport,
};
