// Contract: 支出审批 (七步审批链) — requests (支出申请/报销单) with budget lines, invoices and attachments;
// the checks (无预算不支出, 手续不全不付款, 发票不规范不付款, 能转账拒付现金, 三公); the seven steps with
// approve / return / reject / withdraw / on-behalf; payment, posting, verification; to-do lists, budget
// execution, 三公 statistics and the Excel exports.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { ExportedFile } from '../bridge';
import { ALL_ROLES } from '../roles';
import {
  EXPENSE_KINDS, EXPENSE_STATUSES, PAY_METHODS, SANGONG, type ExpenseAction, type ExpenseKind, type ExpenseStatus,
  type PayMethod, type Sangong,
} from '../expense/constants';
import type { ChecklistItem, ExpenseRuleKey } from '../expense/rules';

const READERS = ALL_ROLES;
/** Who may create requests (经办人) — any of the chain's roles may read. */
export const EXPENSE_CLERKS = ['经办人'] as const;
export const EXPENSE_ACTORS = ['经办人', '分管领导', '财务部门', '办公室', '分管财务副主席', '出纳', '会计', '常务副主席'] as const;

const id = z.number().int().positive();
const year = z.number({ error: '请指定年度' }).int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const fen = z.number({ error: '请填写金额' }).int('金额应为整数分').min(0, '金额不能为负数').max(1e13, '金额过大');
const optText = (max: number) => z.string().trim().max(max, `最多 ${max} 字`).nullish();
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500, '每页最多 500 条').default(50) };

// ── shapes ───────────────────────────────────────────────────────────────────────────────────────────

export interface ExpenseIssue {
  /** Which control: 预算, 手续, 发票, 现金, 三公, 用途, 金额. */
  control: string;
  /** Dotted path into the input (invoices.1.number, lines.0.amountFen) or null. */
  path: string | null;
  message: string;
}

/** The figures of one budget line (approved budget − committed − paid). */
export interface BudgetLineFigure {
  key: string;
  unitId: number;
  unitName: string;
  subjectCode: string;
  subjectName: string;
  expenseType: string;
  fundSource: string;
  projectCode: string;
  projectName: string | null;
  budgetProjectId: number | null;
  sangong: string | null;
  budgetFen: number;
  committedFen: number;
  paidFen: number;
  availableFen: number;
  /** paid / budget (0..1), null without budget. */
  rate: number | null;
  /** The rule in force for this line: 禁止 or 警告. */
  mode: '禁止' | '警告';
}

export interface ExpenseLineRow {
  lineNo: number;
  unitId: number;
  subjectCode: string;
  subjectName: string;
  expenseType: string;
  fundSource: string;
  projectCode: string;
  projectName: string | null;
  amountFen: number;
  state: string;
  /** The line's figures now (available excludes this request's own amount). */
  figure: BudgetLineFigure | null;
}

export interface ExpenseInvoiceRow {
  lineNo: number;
  code: string | null;
  number: string;
  kind: string | null;
  date: string;
  sellerName: string;
  sellerCreditCode: string | null;
  item: string | null;
  amountFen: number;
  taxFen: number;
  verifyResult: string | null;
}

export interface ExpenseAttachmentRow {
  id: number;
  itemKey: string;
  fileId: number;
  name: string;
  sha256: string;
  size: number;
}

export interface ExpenseStepRow {
  id: number;
  step: number;
  stepName: string;
  action: ExpenseAction;
  toStep: number;
  userId: number | null;
  username: string;
  displayName: string;
  role: string;
  onBehalf: boolean;
  signerName: string | null;
  signedOn: string | null;
  scanFile: { id: number; name: string } | null;
  opinion: string | null;
  at: string;
}

export interface ExpenseStepState {
  step: number;
  name: string;
  roles: readonly string[];
  state: '已完成' | '当前' | '未开始';
  /** The last approving action on the step (who, when, opinion), if any. */
  signer: string | null;
  signedAt: string | null;
  opinion: string | null;
  onBehalf: boolean;
}

export interface ExpensePaymentRow {
  paidOn: string;
  method: string;
  bankRef: string | null;
  amountFen: number;
  fromAccount: string;
  cashierName: string;
}

export interface ExpenseListRow {
  id: number;
  number: string;
  year: number;
  unitId: number;
  unitName: string;
  applicantName: string;
  applyDate: string;
  kind: ExpenseKind;
  purpose: string;
  payeeName: string;
  payMethod: PayMethod;
  amountFen: number;
  sangong: Sangong | null;
  status: ExpenseStatus;
  step: number;
  stepName: string;
  paidFen: number;
  voucherId: number | null;
}

/** What the viewer may do now. */
export interface ExpenseActions {
  edit: boolean;
  submit: boolean;
  withdraw: boolean;
  approve: boolean;
  returnTo: number[];
  reject: boolean;
  onBehalf: boolean;
  pay: boolean;
  post: boolean;
  verify: boolean;
  /** Why the viewer cannot act on the current step (shown beside the buttons). */
  reason: string | null;
}

export interface ExpenseDetail extends ExpenseListRow {
  payeeBank: string | null;
  payeeAccount: string | null;
  cashReason: string | null;
  extra: Record<string, string | number | null>;
  amountUpper: string;
  applicantId: number;
  lines: ExpenseLineRow[];
  invoices: ExpenseInvoiceRow[];
  attachments: ExpenseAttachmentRow[];
  checklist: Array<ChecklistItem & { done: boolean }>;
  /** Every check now: errors block advancing, warnings are shown. */
  errors: ExpenseIssue[];
  warnings: ExpenseIssue[];
  steps: ExpenseStepState[];
  history: ExpenseStepRow[];
  payment: ExpensePaymentRow | null;
  voucher: { id: number; label: string; status: string; debitTotalFen: number } | null;
  actions: ExpenseActions;
}

export interface ExpenseCheckResult {
  errors: ExpenseIssue[];
  warnings: ExpenseIssue[];
  missing: ChecklistItem[];
  checklist: ChecklistItem[];
  figures: BudgetLineFigure[];
  sangong: Sangong | null;
  invoiceTotalFen: number;
}

export interface ExpenseTodoResult {
  rows: ExpenseListRow[];
  /** Counts per step of requests waiting for the viewer's roles (step number → count), and the total. */
  counts: Record<number, number>;
  total: number;
}

export interface ExpenseMeta {
  kinds: readonly ExpenseKind[];
  payMethods: readonly PayMethod[];
  sangong: readonly Sangong[];
  steps: Array<{ step: number; name: string; roles: readonly string[] }>;
  checklists: Record<string, ChecklistItem[]>;
  cashLimitFen: number;
  kindSangong: Partial<Record<ExpenseKind, Sangong>>;
  kindSubject: Record<string, string>;
  units: Array<{ id: number; name: string; kind: string }>;
  /** The signed-in user's own department (app_user.unit_id) when it is one of `units`: the form's default. */
  myUnitId: number | null;
  ledgerSets: Array<{ id: number; name: string }>;
}

export interface ExpenseRuleRow {
  id: number;
  key: ExpenseRuleKey;
  name: string;
  /** Versions with the same group replace each other (one per key; per expense type; per subject/unit/project). */
  group: string;
  params: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  basis: string;
  createdAt: string;
  /** The one version of its group in force today. */
  inForce: boolean;
}

export interface ExecutionResult {
  year: number;
  bookTitle: string | null;
  rows: BudgetLineFigure[];
  totals: { budgetFen: number; committedFen: number; paidFen: number; availableFen: number };
}

export interface SangongStatRow {
  category: Sangong;
  budgetFen: number;
  committedFen: number;
  paidFen: number;
  count: number;
  lastYearPaidFen: number;
}

// ── inputs ───────────────────────────────────────────────────────────────────────────────────────────

const lineInput = z
  .object({
    unitId: id,
    subjectCode: z.string().trim().regex(/^\d{3,9}$/, '科目编码应为数字'),
    fundSource: z.string().trim().min(1, '请选择资金来源'),
    projectCode: z.string().trim().max(40).default(''),
    amountFen: fen.min(1, '金额必须大于零'),
  })
  .strict();

const invoiceInput = z
  .object({
    code: optText(20),
    number: z.string().trim().min(1, '请填写发票号码').max(30),
    date: isoDate,
    sellerName: z.string().trim().min(1, '请填写销售方名称').max(100),
    sellerCreditCode: optText(30),
    item: optText(200),
    amountFen: fen.min(1, '发票金额必须大于零'),
    taxFen: fen.default(0),
    verifyResult: optText(200),
  })
  .strict();

const attachmentInput = z.union([
  z.object({ itemKey: z.string().min(1).max(40), fileId: id }).strict(),
  z.object({ itemKey: z.string().min(1).max(40), uploadId: z.string().min(1) }).strict(),
]);

export const requestInput = z
  .object({
    unitId: id,
    applyDate: isoDate,
    kind: z.enum(EXPENSE_KINDS, { error: '请选择支出类型' }),
    purpose: z.string().trim().min(2, '请填写支出事由').max(500),
    payeeName: z.string().trim().min(1, '请填写收款人').max(100),
    payeeBank: optText(100),
    payeeAccount: optText(40),
    payMethod: z.enum(PAY_METHODS, { error: '请选择支付方式' }),
    cashReason: optText(300),
    amountFen: fen.min(1, '申请金额必须大于零'),
    sangong: z.enum(SANGONG).nullish(),
    extra: z.record(z.string(), z.union([z.string().max(500), z.number(), z.null()])).default({}),
    lines: z.array(lineInput).min(1, '请至少选择一条预算行').max(20),
    invoices: z.array(invoiceInput).max(200).default([]),
    attachments: z.array(attachmentInput).max(100).default([]),
  })
  .strict();
export type ExpenseRequestInput = z.input<typeof requestInput>;

const onBehalf = z
  .object({
    signerName: z.string().trim().min(1, '请填写签署人姓名').max(40),
    signedOn: isoDate,
    scanUploadId: z.string().min(1, '请附上签批单扫描件'),
  })
  .strict();

// ── endpoints ────────────────────────────────────────────────────────────────────────────────────────

export const expenseMeta = endpoint<ExpenseMeta>()({
  name: 'expense.meta',
  summary: '支出审批：支出类型、步骤、清单、限额等参数',
  input: z.object({ date: isoDate.nullish() }).strict(),
  access: READERS,
});

export const expenseBudgetLines = endpoint<BudgetLineFigure[]>()({
  name: 'expense.budgetLines',
  summary: '可选预算行（已批准预算、已占用、已支付、可用）',
  input: z.object({ year, unitId: id.nullish(), q: optText(40) }).strict(),
  access: READERS,
});

export const expenseCheck = endpoint<ExpenseCheckResult>()({
  name: 'expense.check',
  summary: '检查支出申请（预算、手续、发票、现金、三公），不保存',
  input: z.object({ id: id.nullish(), request: requestInput }).strict(),
  access: READERS,
});

export const expenseSave = endpoint<ExpenseDetail>()({
  name: 'expense.save',
  summary: '新建或修改支出申请（草稿、撤回或退回给经办人时）',
  input: z.object({ id: id.nullish(), request: requestInput }).strict(),
  access: EXPENSE_CLERKS,
});

export const expenseSubmit = endpoint<ExpenseDetail>()({
  name: 'expense.submit',
  summary: '经办人办理：提交支出申请进入审批',
  input: z.object({ id, opinion: optText(1000) }).strict(),
  access: EXPENSE_CLERKS,
});

export const expenseWithdraw = endpoint<ExpenseDetail>()({
  name: 'expense.withdraw',
  summary: '经办人在首个审批前撤回申请（释放占用的预算）',
  input: z.object({ id, reason: z.string().trim().min(2, '请说明撤回原因').max(500) }).strict(),
  access: EXPENSE_CLERKS,
});

export const expenseAct = endpoint<ExpenseDetail>()({
  name: 'expense.act',
  summary: '审批环节：通过、退回到之前任一环节或驳回（可代录纸质签批）',
  input: z
    .object({
      id,
      /** The step the caller saw; a different current step means somebody acted meanwhile. */
      step: z.number().int().min(2).max(7),
      action: z.enum(['通过', '退回', '驳回']),
      returnTo: z.number().int().min(1).max(6).nullish(),
      opinion: optText(2000),
      onBehalf: onBehalf.nullish(),
    })
    .strict(),
  access: EXPENSE_ACTORS,
});

export const expensePay = endpoint<ExpenseDetail>()({
  name: 'expense.pay',
  summary: '出纳付款：登记付款（日期、方式、银行流水号、金额、付款账户）',
  input: z
    .object({
      id,
      paidOn: isoDate,
      method: z.enum(PAY_METHODS),
      bankRef: optText(60),
      amountFen: fen.min(1, '付款金额必须大于零'),
      opinion: optText(1000),
    })
    .strict(),
  access: ['出纳'],
});

export const expensePost = endpoint<ExpenseDetail>()({
  name: 'expense.post',
  summary: '会计记账：生成记账凭证（借支出科目，贷银行存款或库存现金）并与申请互相关联',
  input: z.object({ id, setId: id.nullish(), date: isoDate.nullish(), opinion: optText(1000) }).strict(),
  access: ['会计'],
});

export const expenseVerify = endpoint<ExpenseDetail>()({
  name: 'expense.verify',
  summary: '常务副主席核查：核查通过办结，或提出问题退回到出错的环节',
  input: z
    .object({
      id,
      action: z.enum(['核查通过', '核查问题']),
      returnTo: z.number().int().min(1).max(6).nullish(),
      opinion: optText(2000),
      onBehalf: onBehalf.nullish(),
    })
    .strict(),
  access: ['常务副主席', '经办人', '财务部门', '办公室'],
});

export const expenseGet = endpoint<ExpenseDetail>()({
  name: 'expense.get',
  summary: '支出申请详情（审批进度、检查结果、可执行操作）',
  input: z.object({ id }).strict(),
  access: READERS,
});

export const expenseFilter = z
  .object({
    year: year.nullish(),
    status: z.enum(EXPENSE_STATUSES).nullish(),
    step: z.number().int().min(1).max(8).nullish(),
    unitId: id.nullish(),
    kind: z.enum(EXPENSE_KINDS).nullish(),
    minFen: fen.nullish(),
    maxFen: fen.nullish(),
    dateFrom: isoDate.nullish(),
    dateTo: isoDate.nullish(),
    sangong: z.boolean().nullish(),
    q: optText(60),
    mine: z.boolean().nullish(),
  })
  .strict();

export const expenseList = endpoint<Page<ExpenseListRow>>()({
  name: 'expense.list',
  summary: '支出申请列表（按状态、环节、部门、类型、金额、日期、三公筛选）',
  input: expenseFilter.extend(page),
  access: READERS,
});

export const expenseTodo = endpoint<ExpenseTodoResult>()({
  name: 'expense.todo',
  summary: '我的待办：等待本人角色处理的支出申请',
  input: z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
  // Any user holding a role (the list is the user's own; a user without roles has none).
  access: ALL_ROLES,
});

export const expenseExecution = endpoint<ExecutionResult>()({
  name: 'expense.execution',
  summary: '预算执行（按预算行：预算、占用、已付、可用、执行率）',
  input: z.object({ year }).strict(),
  access: READERS,
});

export const expenseSangong = endpoint<SangongStatRow[]>()({
  name: 'expense.sangong',
  summary: '三公经费统计（预算、占用、已付、上年已付）',
  input: z.object({ year }).strict(),
  access: READERS,
});

export const expenseExportLedger = endpoint<ExportedFile>()({
  name: 'expense.exportLedger',
  summary: '导出支出台账（Excel）',
  input: expenseFilter,
  access: READERS,
});

export const expenseExportSangong = endpoint<ExportedFile>()({
  name: 'expense.exportSangong',
  summary: '导出三公经费统计（Excel）',
  input: z.object({ year }).strict(),
  access: READERS,
});

export const expenseRulesList = endpoint<ExpenseRuleRow[]>()({
  name: 'expense.rules.list',
  summary: '支出审批规则（含生效日期）',
  input: z.object({}).strict(),
  access: READERS,
});

export const expenseRulesAdd = endpoint<ExpenseRuleRow[]>()({
  name: 'expense.rules.add',
  summary: '新增一条支出审批规则（自生效日期起取代同类规则）',
  input: z
    .object({
      key: z.enum(['budget_control', 'cash_limit', 'checklist', 'reception', 'forbidden']),
      params: z.record(z.string(), z.unknown()),
      effectiveFrom: isoDate,
      basis: z.string().trim().min(2, '请说明依据').max(300),
    })
    .strict(),
  access: ['系统管理员'],
});

export const expenseFile = endpoint<ExportedFile>()({
  name: 'expense.file',
  summary: '取出支出申请的附件或签批单扫描件',
  input: z.object({ id, fileId: id }).strict(),
  access: READERS,
});

export const expense = {
  expenseMeta, expenseBudgetLines, expenseCheck, expenseSave, expenseSubmit, expenseWithdraw, expenseAct, expensePay, expensePost,
  expenseVerify, expenseGet, expenseList, expenseTodo, expenseExecution, expenseSangong, expenseExportLedger, expenseExportSangong,
  expenseRulesList, expenseRulesAdd, expenseFile,
} as const;
