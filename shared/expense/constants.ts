// 支出审批 (七步审批链): the fixed vocabulary shared by the core, the CLI and the renderer — the seven
// steps and who acts at each, the expense types (支出类型), payment methods, statuses and 三公 categories.
// Plain TypeScript: no Node-only APIs. Rule values (limits, checklists, Stop/Warn) are data: see rules.ts.

/** The Ankang chain (domain.md §9.1): 经办人办理 → … → 常务副主席核查. Index + 1 = step number. */
export const EXPENSE_STEPS = [
  '经办人办理',
  '分管领导审批',
  '财务和办公室审核',
  '分管财务副主席审批',
  '出纳付款',
  '会计记账',
  '常务副主席核查',
] as const;
export type ExpenseStepName = (typeof EXPENSE_STEPS)[number];
export const STEP_COUNT = EXPENSE_STEPS.length;
export const STEP_PAY = 5;
export const STEP_POST = 6;
export const STEP_VERIFY = 7;

/** The roles that may act on each step (step number → roles). */
export const STEP_ROLES: Readonly<Record<number, readonly string[]>> = {
  1: ['经办人'],
  2: ['分管领导'],
  3: ['财务部门', '办公室'],
  4: ['分管财务副主席'],
  5: ['出纳'],
  6: ['会计'],
  7: ['常务副主席'],
};

/** Steps a clerk may record on behalf of a signer of a paper form (approvals, not payment or posting). */
export const ON_BEHALF_STEPS: readonly number[] = [2, 3, 4, 7];
/** Who may record a step on behalf of a paper signer. */
export const ON_BEHALF_ROLES: readonly string[] = ['经办人', '财务部门', '办公室'];

export const EXPENSE_STATUSES = ['草稿', '审批中', '已办结', '已驳回', '已撤回'] as const;
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

/** 支出类型 of a request (what is being paid for); each has its checklist and default subject. */
export const EXPENSE_KINDS = ['职工活动', '培训', '会议', '接待', '差旅', '慰问', '帮扶', '资产购置', '公务用车', '因公出国（境）', '办公', '其他'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];

/** The subject a type usually books to (a suggestion for the budget-line picker). */
export const KIND_DEFAULT_SUBJECT: Readonly<Record<ExpenseKind, string>> = {
  职工活动: '50202',
  培训: '50501',
  会议: '50502',
  接待: '50602',
  差旅: '50602',
  慰问: '50205',
  帮扶: '50404',
  资产购置: '50702',
  公务用车: '50602',
  '因公出国（境）': '50602',
  办公: '50602',
  其他: '50604',
};

/** The 经济分类 款 a type books to on the voucher (部门预算支出经济分类). */
export const KIND_ECON_CODE: Readonly<Record<ExpenseKind, string>> = {
  职工活动: '30299',
  培训: '30216',
  会议: '30215',
  接待: '30217',
  差旅: '30211',
  慰问: '30299',
  帮扶: '30399',
  资产购置: '31002',
  公务用车: '30231',
  '因公出国（境）': '30212',
  办公: '30201',
  其他: '30299',
};

export const PAY_METHODS = ['转账', '公务卡', '现金'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** The account a payment is made from (credit side of the voucher). */
export const PAY_ACCOUNTS: Readonly<Record<PayMethod, string>> = { 转账: '102', 公务卡: '102', 现金: '101' };

/** 三公经费 (domain.md §7.1) categories a request may carry, and the types that imply one. */
export const SANGONG = ['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'] as const;
export type Sangong = (typeof SANGONG)[number];
export const KIND_SANGONG: Partial<Record<ExpenseKind, Sangong>> = {
  接待: '公务接待费',
  公务用车: '公务用车购置及运行维护费',
  '因公出国（境）': '因公出国（境）费',
};

/** Actions recorded on the timeline. */
export const EXPENSE_ACTIONS = ['提交', '通过', '退回', '驳回', '撤回', '付款', '记账', '核查通过', '核查问题'] as const;
export type ExpenseAction = (typeof EXPENSE_ACTIONS)[number];

export function requestNumber(year: number, seq: number): string {
  return `ZC${year}-${String(seq).padStart(4, '0')}`;
}
