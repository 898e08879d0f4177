// Budget compilation (预算编制): the fixed vocabulary shared by the core, the CLI and the renderer —
// line kinds, the seven-stage procedure and who acts at each stage, 三公 categories, which chart a
// unit kind budgets on, and which kinds form the federation's own level (本级).
// Plain TypeScript: no Node-only APIs.
import type { UnitKind } from '../units';

/** 收支方向 of a budget line. */
export const DIRECTIONS = ['收入', '支出'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** 支出类型 (财会〔2021〕7号 总说明 2: every expense account except 521 is split 基本支出 / 项目支出). */
export const EXPENSE_TYPES = ['基本支出', '项目支出'] as const;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];

/** 资金来源 (county-and-above unions with government money split each expense account). */
export const FUNDING_SOURCES = ['工会资金', '财政拨款'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** The two charts of the union accounting system: G = 基层工会 (grassroots), C = 县级以上工会 (county and above). */
export const CHARTS = ['G', 'C'] as const;
export type ChartSet = (typeof CHARTS)[number];
export const CHART_LABELS: Readonly<Record<ChartSet, string>> = { G: '基层工会科目表', C: '县级以上工会科目表' };

/** Which chart a unit of each kind budgets on. The federation and its departments form one 本级 budget on C. */
export const CHART_OF_KIND: Readonly<Record<UnitKind, ChartSet>> = {
  总工会: 'C',
  内设部门: 'C',
  工会联合会: 'G',
  工作站: 'G',
  基层工会: 'G',
};

/** Funding sources a chart's units may use: only county-and-above unions receive 财政拨款 (same-level government money). */
export const FUNDING_SOURCES_OF_CHART: Readonly<Record<ChartSet, readonly FundingSource[]>> = {
  G: ['工会资金'],
  C: ['工会资金', '财政拨款'],
};

/** 本级: the federation's own budget (the federation unit and its departments). Everything else is 基层. */
export const OWN_LEVEL_KINDS: readonly UnitKind[] = ['总工会', '内设部门'];
export const LOWER_LEVEL_KINDS: readonly UnitKind[] = ['工会联合会', '工作站', '基层工会'];

/** Consolidation scopes: 全部 (all units), 本级 (the federation and departments), 基层 (lower units). */
export const SCOPES = ['全部', '本级', '基层'] as const;
export type Scope = (typeof SCOPES)[number];

export function kindsOfScope(scope: Scope): readonly UnitKind[] | null {
  return scope === '本级' ? OWN_LEVEL_KINDS : scope === '基层' ? LOWER_LEVEL_KINDS : null;
}

/**
 * Net-asset accounts a budget may draw on as income (使用上年结转结余): the chart lists them under 净资产,
 * but a budget that spends last year's carry-over shows it on the income side.
 */
export const CARRY_OVER_CODES: Readonly<Record<ChartSet, readonly string[]>> = {
  G: ['321', '322'],
  C: ['321', '322', '331', '332'],
};

/** Expense accounts without the 基本支出 / 项目支出 split. */
export const NO_EXPENSE_TYPE_CODES: readonly string[] = ['521'];

// ── 三公经费 (domain.md §7.1) ─────────────────────────────────────────────────────────────────────────

/** 三公经费 categories; a line carrying one counts towards the year's 三公 total. */
export const SANGONG_CATEGORIES = ['因公出国（境）费', '公务用车购置费', '公务用车运行维护费', '公务接待费'] as const;
export type SangongCategory = (typeof SANGONG_CATEGORIES)[number];

/**
 * Subjects on which a 三公 category may be marked: 50602 商品和服务支出 (公务用车运行维护费, 公务接待费,
 * 外事) and 50704 交通工具购置 (公务用车购置). A 50704 line without a category is taken as 公务用车购置费.
 */
export const SANGONG_SUBJECTS: readonly string[] = ['50602', '50704'];
export const SANGONG_DEFAULT_OF_SUBJECT: Readonly<Record<string, SangongCategory>> = { '50704': '公务用车购置费' };

// ── the seven-stage procedure (domain.md §9.1) ─────────────────────────────────────────────────────

export const BUDGET_STAGES = ['部门提出', '分管领导审核', '财务汇总', '会议讨论', '经审会审查', '常委会通过', '上级审批'] as const;
export type BudgetStage = (typeof BUDGET_STAGES)[number];

export interface StageDef {
  stage: BudgetStage;
  /** Roles whose holders act at this stage themselves. */
  roles: readonly string[];
  /** What the stage's approval means (shown on the procedure page). */
  action: string;
  /** What must be recorded at this stage besides the opinion. */
  records?: 'meeting' | 'committee' | 'higher';
}

export const STAGE_DEFS: readonly StageDef[] = [
  { stage: '部门提出', roles: ['经办人', '部门负责人'], action: '各部门提出本部门预算' },
  { stage: '分管领导审核', roles: ['分管领导'], action: '分管领导审核部门预算' },
  { stage: '财务汇总', roles: ['财务部门'], action: '财务部门汇总各单位预算（锁定本次汇总所含版本）' },
  { stage: '会议讨论', roles: ['主席', '常务副主席'], action: '主席办公会讨论（记录会议）', records: 'meeting' },
  { stage: '经审会审查', roles: ['经审会主任'], action: '经费审查委员会审查', records: 'committee' },
  { stage: '常委会通过', roles: ['常委会'], action: '常委会审议通过' },
  { stage: '上级审批', roles: ['财务部门'], action: '财务部门登记上级工会的审批结果', records: 'higher' },
];

/** The stage after which a book's member versions are fixed (财务汇总). */
export const SNAPSHOT_STAGE = 2;
/** Roles that may record a stage on behalf of a signed paper form (the clerk). */
export const CLERK_ROLES: readonly string[] = ['财务部门', '办公室'];

export const BOOK_KINDS = ['年初预算', '预算调整'] as const;
export type BookKind = (typeof BOOK_KINDS)[number];
export const BOOK_STATUSES = ['审批中', '已批准', '已撤销'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

// ── who may do what ──────────────────────────────────────────────────────────────────────────────────

/** Export templates and import workbooks. */
export const BUDGET_CLERKS = ['财务部门', '经办人', '部门负责人'] as const;
/** Create and cancel a year's budget book (年初预算 / 预算调整). */
export const BUDGET_BOOK_MANAGERS = ['财务部门'] as const;
/** Change the budget rules. */
export const BUDGET_RULE_EDITORS = ['系统管理员', '财务部门'] as const;
/** Everybody who may act at some stage or record one on behalf of a paper form. */
export const BUDGET_ACTORS: readonly string[] = [...new Set([...STAGE_DEFS.flatMap((s) => s.roles), ...CLERK_ROLES])];

/** Module name in the audit log. */
export const BUDGET_MODULE = '预算编制';

/** Unit import status of a year (the summary table). */
export const SUBMISSION_STATUSES = ['已提交', '未提交', '有错误'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
