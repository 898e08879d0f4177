// Contract: the books (会计核算) — accounting sets, charts, dimensions, vouchers with review and posting,
// reversal, periods and year-end closing, opening balances, and the ledgers and statements.
// Money is integer fen everywhere; the renderer parses what users type with parseFen.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { ExportedFile } from '../bridge';
import { DIMENSION_KINDS, EXPENSE_TYPES, FUND_SOURCES, type DimensionKind } from '../ledger/dimensions';
import type { AccountType, BalanceSide, ChartCode } from '../ledger/charts';

/** Who may do what in the books. Handlers name these in `access`; the core functions check them too. */
export const LEDGER_ROLES = {
  readers: ['会计', '出纳', '财务部门', '系统管理员', '只读审阅', '经审会主任', '经审会委员', '主席', '分管财务副主席'],
  chartAdmins: ['系统管理员', '会计'],
  preparers: ['会计', '出纳', '财务部门'],
  reviewers: ['会计', '财务部门'],
  posters: ['会计'],
  reversers: ['会计'],
  closers: ['会计'],
  reopeners: ['系统管理员'],
  openingEditors: ['会计', '系统管理员'],
  projectEditors: ['会计', '财务部门', '系统管理员'],
} as const;

export const VOUCHER_STATUSES = ['草稿', '已审核', '已记账', '已作废'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];
/** 普通; 红字冲销 (negative copy of a posted voucher); 补充 (additional voucher correcting one); 结转 (year-end). */
export const VOUCHER_KINDS = ['普通', '红字冲销', '补充', '结转'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];
export type Direction = '借' | '贷' | '平';

// ── outputs ──────────────────────────────────────────────────────────────────────────────────────────

export interface LedgerSetRow {
  id: number;
  name: string;
  unitId: number;
  unitName: string;
  chart: ChartCode;
  chartName: string;
  fiscalFunding: boolean;
  startYear: number;
  startMonth: number;
  /** The open fiscal year: vouchers may be dated only in it. */
  currentYear: number;
  active: boolean;
  notes: string | null;
  createdAt: string;
}

export interface AccountRow {
  code: string;
  name: string;
  /** 一级科目—明细科目 names joined, as vouchers and ledgers show them. */
  fullName: string;
  level: number;
  parentCode: string | null;
  type: AccountType;
  side: BalanceSide;
  /** Seeded from the official chart: the name may not be changed nor the account deleted. */
  seeded: boolean;
  /** A prescribed sub-account the official text names without a code; the code is ours. */
  codeAssigned: boolean;
  note: string | null;
  isLeaf: boolean;
  inUse: boolean;
  active: boolean;
  /** Dimensions a line on this account needs (project only when 项目支出). */
  requiredDimensions: DimensionKind[];
}

export interface ProjectRow {
  id: number;
  setId: number;
  code: string;
  name: string;
  /** 专项: its income and spending close to 工会资金结转 (321) rather than 结余 (322). */
  special: boolean;
  active: boolean;
}

export interface EconClassRow {
  code: string;
  name: string;
  level: '类' | '款';
  parentCode: string | null;
  seeded: boolean;
  active: boolean;
}

export interface DimensionRuleRow {
  id: number;
  prefix: string;
  kind: DimensionKind;
  kindLabel: string;
  required: boolean;
  whenExpenseType: string | null;
  basis: string;
}

export interface DimensionsInfo {
  kinds: Array<{ kind: DimensionKind; label: string }>;
  fundSources: string[];
  expenseTypes: string[];
  projects: ProjectRow[];
  econClasses: EconClassRow[];
  rules: DimensionRuleRow[];
  /** Whether the set books 财政拨款 (funding source dimension available). */
  fiscalFunding: boolean;
}

export interface LineDimensionsView {
  projectId: number | null;
  projectName: string | null;
  fundSource: string | null;
  expenseType: string | null;
  econCode: string | null;
  econName: string | null;
  unitId: number | null;
  unitName: string | null;
}

export interface VoucherLineView extends LineDimensionsView {
  lineNo: number;
  summary: string;
  accountCode: string;
  accountName: string;
  accountFullName: string;
  debit: number;
  credit: number;
}

export interface UserRef {
  id: number;
  name: string;
}

export interface VoucherRef {
  id: number;
  label: string;
  status: VoucherStatus;
}

export interface VoucherAttachmentRow {
  fileId: number;
  name: string;
  size: number;
  sha256: string;
  mime: string | null;
}

export interface VoucherListRow {
  id: number;
  setId: number;
  year: number;
  month: number;
  number: number;
  /** e.g. 记-0003 */
  label: string;
  date: string;
  summary: string;
  status: VoucherStatus;
  kind: VoucherKind;
  debitTotal: number;
  creditTotal: number;
  attachmentCount: number;
  preparer: UserRef;
  reviewer: UserRef | null;
  poster: UserRef | null;
  sourceModule: string | null;
  reversesVoucherId: number | null;
  reversedByVoucherId: number | null;
  supplementsVoucherId: number | null;
}

export interface VoucherDetail extends VoucherListRow {
  setName: string;
  /** The 大写 total for printing. */
  totalUpper: string;
  preparedAt: string;
  reviewedAt: string | null;
  postedAt: string | null;
  voidedBy: UserRef | null;
  voidedAt: string | null;
  voidReason: string | null;
  sourceType: string | null;
  sourceId: string | null;
  reverses: VoucherRef | null;
  reversedBy: VoucherRef | null;
  supplementsVoucher: VoucherRef | null;
  /** Additional vouchers (补充凭证) that correct this one. */
  supplements: VoucherRef[];
  lines: VoucherLineView[];
  attachments: VoucherAttachmentRow[];
}

export interface PeriodMonth {
  month: number;
  status: '未启用' | '未结账' | '已结账';
  closedAt: string | null;
  closedBy: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
  drafts: number;
  reviewed: number;
  posted: number;
  voided: number;
}

export interface PeriodStatus {
  setId: number;
  year: number;
  currentYear: number;
  startYear: number;
  startMonth: number;
  yearClosed: boolean;
  months: PeriodMonth[];
}

export interface YearEndResult {
  setId: number;
  year: number;
  /** The generated, posted 结转凭证. */
  vouchers: VoucherRef[];
  nextYear: number;
  /** Net-asset accounts carrying balances after closing (only 累计 sub-accounts, 资产基金 and funds). */
  netAssetBalances: Array<{ code: string; name: string; balance: number }>;
}

export interface OpeningRowView extends LineDimensionsView {
  accountCode: string;
  accountName: string;
  accountFullName: string;
  type: AccountType;
  debit: number;
  credit: number;
  ytdDebit: number;
  ytdCredit: number;
}

export interface OpeningCheck {
  debitTotal: number;
  creditTotal: number;
  /** 借方合计 = 贷方合计 */
  balanced: boolean;
  assets: number;
  liabilities: number;
  netAssets: number;
  income: number;
  expense: number;
  /** 资产 = 负债 + 净资产 applies when no income or expense balance is entered. */
  equationApplies: boolean;
  equationHolds: boolean;
  messages: string[];
}

export interface OpeningView {
  setId: number;
  year: number;
  month: number;
  /** Editable until the first month is closed. */
  editable: boolean;
  rows: OpeningRowView[];
  check: OpeningCheck;
}

export interface BalanceRow {
  code: string;
  name: string;
  fullName: string;
  level: number;
  type: AccountType;
  side: BalanceSide;
  isLeaf: boolean;
  openingDebit: number;
  openingCredit: number;
  periodDebit: number;
  periodCredit: number;
  ytdDebit: number;
  ytdCredit: number;
  closingDebit: number;
  closingCredit: number;
}

export interface BalanceTotals {
  openingDebit: number;
  openingCredit: number;
  periodDebit: number;
  periodCredit: number;
  ytdDebit: number;
  ytdCredit: number;
  closingDebit: number;
  closingCredit: number;
}

export interface AccountBalances {
  setId: number;
  setName: string;
  year: number;
  monthFrom: number;
  monthTo: number;
  rows: BalanceRow[];
  /** Sums over level-one rows. */
  totals: BalanceTotals;
  balanced: boolean;
}

export interface TrialBalance extends AccountBalances {
  month: number;
  /** Differences 借 − 贷 of the three pairs (all zero when balanced). */
  differences: { opening: number; period: number; closing: number };
}

export interface LedgerAmount {
  direction: Direction;
  /** Absolute amount shown beside the direction. */
  amount: number;
  /** Signed 借 − 贷. */
  net: number;
}

export interface GeneralLedgerMonth extends LedgerAmount {
  month: number;
  debit: number;
  credit: number;
  cumDebit: number;
  cumCredit: number;
}

export interface GeneralLedgerAccount {
  code: string;
  name: string;
  side: BalanceSide;
  opening: LedgerAmount;
  months: GeneralLedgerMonth[];
}

export interface GeneralLedger {
  setId: number;
  setName: string;
  year: number;
  accounts: GeneralLedgerAccount[];
}

export interface DetailLedgerRow extends LineDimensionsView, LedgerAmount {
  voucherId: number;
  date: string;
  voucherLabel: string;
  voucherNumber: number;
  lineNo: number;
  summary: string;
  accountCode: string;
  accountName: string;
  debit: number;
  credit: number;
}

export interface DetailLedgerPage {
  setId: number;
  account: { code: string; name: string; fullName: string; side: BalanceSide };
  year: number;
  monthFrom: number;
  monthTo: number;
  /** Balance at the start of the range (期初余额). */
  rangeOpening: LedgerAmount;
  /** Balance before the first row of this page. */
  pageOpening: LedgerAmount;
  rows: DetailLedgerRow[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AuxBalanceRow {
  value: string;
  label: string;
  accountCode: string;
  accountName: string;
  opening: LedgerAmount;
  debit: number;
  credit: number;
  closing: LedgerAmount;
}

export interface AuxBalances {
  setId: number;
  year: number;
  monthFrom: number;
  monthTo: number;
  kind: DimensionKind;
  kindLabel: string;
  rows: AuxBalanceRow[];
}

export interface StatementLine {
  /** 行次 (our numbering, sequential); null for headings. */
  lineNo: number | null;
  key: string;
  label: string;
  indent: number;
  kind: 'section' | 'item' | 'total';
  /** One value per column, in fen; null where the format leaves the cell empty. */
  values: Array<number | null>;
  /** The level-one accounts the line is filled from (for drill-down). */
  accounts: string[];
}

export interface StatementHeader {
  tableNo: string;
  title: string;
  setId: number;
  setName: string;
  /** 编制单位 */
  orgName: string;
  year: number;
  month: number;
  annual: boolean;
  /** e.g. 2026年3月, 2026年度 */
  periodLabel: string;
  unitLabel: '单位：元';
}

/** 工会01表 资产负债表: two halves side by side (资产 | 负债与净资产), each with 年初余额 and 期末余额. */
export interface Statement01 extends StatementHeader {
  columns: string[];
  assets: StatementLine[];
  liabilitiesAndNetAssets: StatementLine[];
  /** 资产总计 = 负债与净资产总计 in both columns. */
  balanced: boolean;
  /**
   * Income and expense not yet carried forward are shown within 工会资金结转/结余 and 财政拨款结转 as the
   * period-end closing would carry them (期末结转), so the statement balances before year-end closing.
   */
  includesUnclosed: boolean;
}

/** 工会02表 收入支出表. Monthly: 本月数 / 本年累计数; annual: 本年数 / 上年数. */
export interface Statement02 extends StatementHeader {
  columns: string[];
  rows: StatementLine[];
}

/** One subject of the 预算执行情况表 (fen). */
export interface BudgetExecutionRow {
  direction: '收入' | '支出';
  /** Budget subject code ('' on the total rows). */
  code: string;
  name: string;
  /** 1 for a level-one subject, 2 for a sub-subject, 0 for 收入合计 / 支出合计. */
  level: number;
  /** A level-one subject summing its sub-subjects, or a total row. */
  subtotal: boolean;
  /** 预算数: the year's last approved budget book. */
  budget: number;
  /** 已占用: expenditure requests in the chain not yet paid (expense side only). */
  committed: number;
  /** 执行数: posted in the books (closing vouchers excluded). */
  actual: number;
  /** 预算余额: income 预算 − 执行; expense 预算 − 已占用 − 执行. */
  balance: number;
  /** 执行率 = 执行数 ÷ 预算数 (a fraction); null without a budget. */
  rate: number | null;
}

export interface BudgetExecution {
  year: number;
  setId: number | null;
  setName: string | null;
  /** Whose budget and books: 全部账套, 本级（…）, 代管账套：…. */
  scopeLabel: string;
  /** The approved budget book the budget figures come from; null when the year has none. */
  book: { id: number; title: string; approvedAt: string | null } | null;
  rows: BudgetExecutionRow[];
  incomeTotal: BudgetExecutionRow;
  expenseTotal: BudgetExecutionRow;
  /** Whether the expenditure chain's commitments of the federation count in this report. */
  commitmentsIncluded: boolean;
}

// ── inputs ───────────────────────────────────────────────────────────────────────────────────────────

const ref = (what: string) => z.number({ error: `请选择${what}` }).int(`${what}编号无效`).positive(`${what}编号无效`);
const flag = z.boolean({ error: '应为“是”或“否”' });
const id = ref('凭证');
const setId = ref('账套');
const year = z.number({ error: '请填写年度' }).int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const month = z.number({ error: '请填写月份' }).int('月份应为整数').min(1, '月份应为 1–12').max(12, '月份应为 1–12');
export const accountCodeSchema = z
  .string({ error: '请填写科目编码' })
  .trim()
  .regex(/^\d{3}(\d{2}){0,3}$/, '科目编码应为 3 位一级编码，每下一级加 2 位数字');
/** An amount in integer fen. */
export const fenSchema = z
  .number({ error: '金额应为数字（单位：分）' })
  .int('金额必须是整数分')
  .refine((n) => Number.isSafeInteger(n), '金额超出可处理范围');

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
export const ledgerDate = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '日期不存在');

const dims = {
  projectId: ref('项目').nullish(),
  fundSource: z.enum(FUND_SOURCES, { error: '资金来源应为“工会资金”或“财政拨款”' }).nullish(),
  expenseType: z.enum(EXPENSE_TYPES, { error: '应为“基本支出”或“项目支出”' }).nullish(),
  econCode: z.string().trim().regex(/^\d{5}$/, '经济分类应为 5 位款级编码').nullish(),
  unitId: ref('单位').nullish(),
};

export const voucherLineSchema = z
  .object({
    summary: z.string().trim().max(200, '摘要最多 200 字').nullish(),
    accountCode: accountCodeSchema,
    debit: fenSchema.default(0),
    credit: fenSchema.default(0),
    ...dims,
  })
  .strict();

const attachmentRef = z.union([
  z.object({ fileId: ref('附件') }).strict(),
  z.object({ uploadId: z.string().trim().min(1, '请先选择附件文件') }).strict(),
]);

const voucherBody = {
  date: ledgerDate,
  summary: z.string({ error: '请填写摘要' }).trim().min(1, '请填写摘要').max(200, '摘要最多 200 字'),
  lines: z.array(voucherLineSchema).min(2, '凭证至少需要两行分录').max(500, '一张凭证最多 500 行分录'),
  attachmentCount: z.number({ error: '附单据张数应为数字' }).int('附单据张数应为整数').min(0, '附单据张数不能为负').max(9999, '附单据张数过大').default(0),
  attachments: z.array(attachmentRef).max(100, '附件最多 100 个').default([]),
};

const dimensionFilter = z
  .object({ ...dims })
  .strict()
  .partial();

export const ledgerSetsList = endpoint<LedgerSetRow[]>()({
  name: 'ledger.sets.list',
  summary: '账套列表',
  input: z.object({ includeInactive: flag.default(false) }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerSetsCreate = endpoint<LedgerSetRow>()({
  name: 'ledger.sets.create',
  summary: '新建账套',
  input: z
    .object({
      name: z.string().trim().min(2, '请填写账套名称').max(60, '账套名称最多 60 字'),
      unitId: ref('核算单位'),
      chart: z.enum(['G', 'C'], { error: '请选择科目体系（基层工会或县级以上工会）' }),
      fiscalFunding: flag.nullish(),
      startYear: year,
      startMonth: month.default(1),
      notes: z.string().trim().max(200, '备注最多 200 字').nullish(),
    })
    .strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerAccountsList = endpoint<AccountRow[]>()({
  name: 'ledger.accounts.list',
  summary: '会计科目列表',
  input: z.object({ setId, includeInactive: flag.default(true) }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerAccountsCreate = endpoint<AccountRow>()({
  name: 'ledger.accounts.create',
  summary: '增设下级会计科目',
  input: z
    .object({
      setId,
      parentCode: accountCodeSchema,
      code: accountCodeSchema,
      name: z.string().trim().min(1, '请填写科目名称').max(40, '科目名称最多 40 字'),
    })
    .strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerAccountsRename = endpoint<AccountRow>()({
  name: 'ledger.accounts.rename',
  summary: '修改自设科目名称',
  input: z.object({ setId, code: accountCodeSchema, name: z.string().trim().min(1, '请填写科目名称').max(40, '科目名称最多 40 字') }).strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerAccountsDelete = endpoint<null>()({
  name: 'ledger.accounts.delete',
  summary: '删除未使用的自设科目',
  input: z.object({ setId, code: accountCodeSchema }).strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerDimensionsList = endpoint<DimensionsInfo>()({
  name: 'ledger.dimensions.list',
  summary: '辅助核算项目与规则',
  input: z.object({ setId }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerDimensionsCreateProject = endpoint<ProjectRow>()({
  name: 'ledger.dimensions.createProject',
  summary: '新增核算项目',
  input: z
    .object({
      setId,
      code: z.string().trim().min(1, '请填写项目编码').max(20, '项目编码最多 20 位').regex(/^[A-Za-z0-9_-]+$/, '项目编码只能包含字母、数字、下划线和连字符'),
      name: z.string().trim().min(1, '请填写项目名称').max(60, '项目名称最多 60 字'),
      special: flag.default(false),
    })
    .strict(),
  access: LEDGER_ROLES.projectEditors,
});

export const ledgerDimensionsSaveEconClass = endpoint<EconClassRow>()({
  name: 'ledger.dimensions.saveEconClass',
  summary: '新增或修改经济分类款级科目',
  input: z
    .object({
      code: z.string().trim().regex(/^\d{5}$/, '款级编码应为 5 位数字'),
      name: z.string().trim().min(1, '请填写名称').max(40, '名称最多 40 字'),
      active: flag.default(true),
    })
    .strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerDimensionsSaveRule = endpoint<DimensionRuleRow>()({
  name: 'ledger.dimensions.saveRule',
  summary: '设置科目必填的辅助核算',
  input: z
    .object({
      setId,
      prefix: z.string().trim().regex(/^\d{1,7}$/, '科目编码前缀应为 1–7 位数字'),
      kind: z.enum(DIMENSION_KINDS, { error: '未知的辅助核算类别' }),
      required: flag,
      whenExpenseType: z.enum(EXPENSE_TYPES, { error: '应为“基本支出”或“项目支出”' }).nullish(),
      basis: z.string().trim().min(2, '请写明依据').max(200, '依据最多 200 字'),
    })
    .strict(),
  access: LEDGER_ROLES.chartAdmins,
});

export const ledgerVouchersList = endpoint<Page<VoucherListRow>>()({
  name: 'ledger.vouchers.list',
  summary: '凭证列表',
  input: z
    .object({
      setId,
      year: year.nullish(),
      month: month.nullish(),
      dateFrom: ledgerDate.nullish(),
      dateTo: ledgerDate.nullish(),
      status: z.enum(VOUCHER_STATUSES, { error: '未知的凭证状态' }).nullish(),
      kind: z.enum(VOUCHER_KINDS, { error: '未知的凭证类型' }).nullish(),
      numberFrom: z.number({ error: '凭证号应为数字' }).int('凭证号应为整数').positive('凭证号应大于 0').nullish(),
      numberTo: z.number({ error: '凭证号应为数字' }).int('凭证号应为整数').positive('凭证号应大于 0').nullish(),
      accountCode: accountCodeSchema.nullish(),
      keyword: z.string().trim().max(60, '关键字最多 60 字').nullish(),
      sourceModule: z.string().trim().max(40, '来源模块最多 40 字').nullish(),
      page: z.number({ error: '页码应为数字' }).int('页码应为整数').min(1, '页码从 1 开始').default(1),
      pageSize: z.number({ error: '每页行数应为数字' }).int('每页行数应为整数').min(1, '每页至少 1 行').max(500, '每页最多 500 行').default(50),
    })
    .strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerVouchersGet = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.get',
  summary: '查看凭证',
  input: z.object({ id }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerVouchersCreate = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.create',
  summary: '填制记账凭证',
  input: z.object({ setId, ...voucherBody }).strict(),
  access: LEDGER_ROLES.preparers,
});

export const ledgerVouchersUpdateDraft = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.updateDraft',
  summary: '修改草稿凭证',
  input: z.object({ id, ...voucherBody }).strict(),
  access: LEDGER_ROLES.preparers,
});

export const ledgerVouchersReview = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.review',
  summary: '审核凭证',
  input: z.object({ id }).strict(),
  access: LEDGER_ROLES.reviewers,
});

export const ledgerVouchersUnreview = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.unreview',
  summary: '取消审核',
  input: z.object({ id }).strict(),
  access: LEDGER_ROLES.reviewers,
});

export const ledgerVouchersPost = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.post',
  summary: '凭证记账',
  input: z.object({ id }).strict(),
  access: LEDGER_ROLES.posters,
});

export const ledgerVouchersVoid = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.void',
  summary: '作废草稿凭证（保留凭证号）',
  input: z.object({ id, reason: z.string().trim().min(2, '请填写作废原因').max(200, '原因最多 200 字') }).strict(),
  access: LEDGER_ROLES.preparers,
});

export const ledgerVouchersDelete = endpoint<null>()({
  name: 'ledger.vouchers.delete',
  summary: '删除本月最后一号草稿凭证',
  input: z.object({ id }).strict(),
  access: LEDGER_ROLES.preparers,
});

export const ledgerVouchersReverse = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.reverse',
  summary: '红字冲销已记账凭证',
  input: z.object({ id, date: ledgerDate.nullish(), reason: z.string().trim().min(2, '请填写冲销原因').max(200, '原因最多 200 字') }).strict(),
  access: LEDGER_ROLES.reversers,
});

export const ledgerVouchersSupplement = endpoint<VoucherDetail>()({
  name: 'ledger.vouchers.supplement',
  summary: '填制补充凭证',
  input: z.object({ id, ...voucherBody }).strict(),
  access: LEDGER_ROLES.reversers,
});

export const ledgerVouchersExportAttachment = endpoint<ExportedFile>()({
  name: 'ledger.vouchers.exportAttachment',
  summary: '导出凭证附件',
  input: z.object({ id, fileId: ref('附件') }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerPeriodsStatus = endpoint<PeriodStatus>()({
  name: 'ledger.periods.status',
  summary: '会计期间状态',
  input: z.object({ setId, year: year.nullish() }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerPeriodsClose = endpoint<PeriodStatus>()({
  name: 'ledger.periods.close',
  summary: '月末结账',
  input: z.object({ setId, year, month }).strict(),
  access: LEDGER_ROLES.closers,
});

export const ledgerPeriodsReopen = endpoint<PeriodStatus>()({
  name: 'ledger.periods.reopen',
  summary: '反结账',
  input: z.object({ setId, year, month, reason: z.string().trim().min(4, '请写明反结账原因（至少 4 个字）').max(200, '原因最多 200 字') }).strict(),
  access: LEDGER_ROLES.reopeners,
});

export const ledgerPeriodsYearEnd = endpoint<YearEndResult>()({
  name: 'ledger.periods.yearEnd',
  summary: '年末结转并开启下一年度',
  input: z.object({ setId, year }).strict(),
  access: LEDGER_ROLES.closers,
});

export const ledgerOpeningGet = endpoint<OpeningView>()({
  name: 'ledger.opening.get',
  summary: '期初余额',
  input: z.object({ setId }).strict(),
  access: LEDGER_ROLES.readers,
});

export const openingRowSchema = z
  .object({
    accountCode: accountCodeSchema,
    debit: fenSchema.default(0),
    credit: fenSchema.default(0),
    ytdDebit: fenSchema.default(0),
    ytdCredit: fenSchema.default(0),
    ...dims,
  })
  .strict();

export const ledgerOpeningSet = endpoint<OpeningView>()({
  name: 'ledger.opening.set',
  summary: '录入期初余额（整表保存）',
  input: z.object({ setId, rows: z.array(openingRowSchema).max(20_000, '期初余额最多 20,000 行') }).strict(),
  access: LEDGER_ROLES.openingEditors,
});

export const ledgerOpeningCheck = endpoint<OpeningCheck>()({
  name: 'ledger.opening.check',
  summary: '期初余额试算平衡',
  input: z.object({ setId }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsTrialBalance = endpoint<TrialBalance>()({
  name: 'ledger.reports.trialBalance',
  summary: '试算平衡表',
  input: z.object({ setId, year, month, includeZero: flag.default(false) }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsAccountBalances = endpoint<AccountBalances>()({
  name: 'ledger.reports.accountBalances',
  summary: '科目余额表',
  input: z
    .object({
      setId,
      year,
      monthFrom: month.default(1),
      monthTo: month,
      maxLevel: z.number({ error: '科目级次应为数字' }).int('科目级次应为整数').min(1, '科目级次为 1–4').max(4, '科目级次为 1–4').default(4),
      accountCode: accountCodeSchema.nullish(),
      includeZero: flag.default(false),
    })
    .strict()
    .refine((v) => v.monthFrom <= v.monthTo, { message: '起始月份不能晚于截止月份', path: ['monthFrom'] }),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsGeneralLedger = endpoint<GeneralLedger>()({
  name: 'ledger.reports.generalLedger',
  summary: '总账',
  input: z.object({ setId, year, accountCode: accountCodeSchema.nullish(), toMonth: month.default(12) }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsDetailLedger = endpoint<DetailLedgerPage>()({
  name: 'ledger.reports.detailLedger',
  summary: '明细账',
  input: z
    .object({
      setId,
      accountCode: accountCodeSchema,
      year,
      monthFrom: month.default(1),
      monthTo: month.default(12),
      dimensions: dimensionFilter.default({}),
      cursor: z.string().max(100, '分页标记无效').nullish(),
      pageSize: z.number({ error: '每页行数应为数字' }).int('每页行数应为整数').min(1, '每页至少 1 行').max(1000, '每页最多 1000 行').default(100),
    })
    .strict()
    .refine((v) => v.monthFrom <= v.monthTo, { message: '起始月份不能晚于截止月份', path: ['monthFrom'] }),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsAuxBalances = endpoint<AuxBalances>()({
  name: 'ledger.reports.auxBalances',
  summary: '辅助核算余额表',
  input: z
    .object({
      setId,
      year,
      monthFrom: month.default(1),
      monthTo: month,
      kind: z.enum(DIMENSION_KINDS, { error: '未知的辅助核算类别' }),
      accountCode: accountCodeSchema.nullish(),
    })
    .strict()
    .refine((v) => v.monthFrom <= v.monthTo, { message: '起始月份不能晚于截止月份', path: ['monthFrom'] }),
  access: LEDGER_ROLES.readers,
});

/** A statement period: monthly, or annual (month 12). */
const statementInput = z
  .object({ setId, year, month, annual: flag.default(false) })
  .strict()
  .refine((v) => !v.annual || v.month === 12, { message: '年度报表的月份应为 12', path: ['month'] });

export const ledgerReportsStatement01 = endpoint<Statement01>()({
  name: 'ledger.reports.statement01',
  summary: '资产负债表（工会01表）',
  input: statementInput,
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsStatement02 = endpoint<Statement02>()({
  name: 'ledger.reports.statement02',
  summary: '收入支出表（工会02表）',
  input: statementInput,
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsExportStatements = endpoint<ExportedFile>()({
  name: 'ledger.reports.exportStatements',
  summary: '导出会计报表（工会01表、工会02表、科目余额表、试算平衡表）',
  input: statementInput,
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsBudgetExecution = endpoint<BudgetExecution>()({
  name: 'ledger.reports.budgetExecution',
  summary: '预算执行情况表',
  input: z.object({ year, setId: setId.nullish() }).strict(),
  access: LEDGER_ROLES.readers,
});

export const ledgerReportsExportBudgetExecution = endpoint<ExportedFile>()({
  name: 'ledger.reports.exportBudgetExecution',
  summary: '导出预算执行情况表',
  input: z.object({ year, setId: setId.nullish() }).strict(),
  access: LEDGER_ROLES.readers,
});

/** 总账, 明细账 (every page) or 辅助核算余额表 as a workbook. */
export const ledgerReportsExportBook = endpoint<ExportedFile>()({
  name: 'ledger.reports.exportBook',
  summary: '导出账簿（总账、明细账、辅助核算余额表）',
  input: z
    .object({
      setId,
      year,
      book: z.enum(['general', 'detail', 'aux'], { error: '未知的账簿' }),
      accountCode: accountCodeSchema.nullish(),
      monthFrom: month.default(1),
      monthTo: month.default(12),
      kind: z.enum(DIMENSION_KINDS, { error: '未知的辅助核算类别' }).nullish(),
      dimensions: dimensionFilter.default({}),
    })
    .strict()
    .refine((v) => v.monthFrom <= v.monthTo, { message: '起始月份不能晚于截止月份', path: ['monthFrom'] })
    .refine((v) => v.book !== 'detail' || Boolean(v.accountCode), { message: '明细账请选择科目', path: ['accountCode'] })
    .refine((v) => v.book !== 'aux' || Boolean(v.kind), { message: '请选择辅助核算类别', path: ['kind'] }),
  access: LEDGER_ROLES.readers,
});

export const ledger = {
  ledgerSetsList, ledgerSetsCreate,
  ledgerAccountsList, ledgerAccountsCreate, ledgerAccountsRename, ledgerAccountsDelete,
  ledgerDimensionsList, ledgerDimensionsCreateProject, ledgerDimensionsSaveEconClass, ledgerDimensionsSaveRule,
  ledgerVouchersList, ledgerVouchersGet, ledgerVouchersCreate, ledgerVouchersUpdateDraft, ledgerVouchersReview,
  ledgerVouchersUnreview, ledgerVouchersPost, ledgerVouchersVoid, ledgerVouchersDelete, ledgerVouchersReverse,
  ledgerVouchersSupplement, ledgerVouchersExportAttachment,
  ledgerPeriodsStatus, ledgerPeriodsClose, ledgerPeriodsReopen, ledgerPeriodsYearEnd,
  ledgerOpeningGet, ledgerOpeningSet, ledgerOpeningCheck,
  ledgerReportsTrialBalance, ledgerReportsAccountBalances, ledgerReportsGeneralLedger, ledgerReportsDetailLedger,
  ledgerReportsAuxBalances, ledgerReportsStatement01, ledgerReportsStatement02, ledgerReportsExportStatements,
  ledgerReportsBudgetExecution, ledgerReportsExportBudgetExecution, ledgerReportsExportBook,
};
