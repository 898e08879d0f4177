// 支出审批 rules as data (domain.md §0: province-specific or unconfirmed values are parameters with
// effective dates; these are the defaults seeded into table expense_rule by migration 0005). The core
// reads the row in force on the request's date; an administrator may add a newer row.
// Plain TypeScript: shared by the core, the CLI and the renderer. The zod schemas below are what the core
// validates a new rule version against (Chinese messages); the renderer's rule editor uses them too.
import { z } from 'zod';
import { EXPENSE_KINDS, type ExpenseKind } from './constants';

/** One item of a type's checklist: an attachment of a kind, or a field of the request that must be filled. */
export interface ChecklistItem {
  key: string;
  label: string;
  kind: 'attachment' | 'field' | 'invoice';
}

export type BudgetControlMode = '禁止' | '警告';

export interface ExpenseRuleParams {
  /** 无预算不支出: Stop (禁止) or Warn (警告) when a request exceeds a line's available amount — per subject
   *  (prefix), or per line (unitId and/or projectCode given); the most specific rule wins. */
  budget_control: { subjectPrefix: string; mode: BudgetControlMode; unitId?: number | null; projectCode?: string | null };
  /** 能转账拒付现金: cash above the limit is refused; cash at or below it needs a reason. */
  cash_limit: { limitFen: number };
  /** 手续不全不付款: required attachments/fields per expense type. */
  checklist: { kind: ExpenseKind; items: ChecklistItem[] };
  /** 公务接待 (domain.md §7.1): working meals and companions. */
  reception: { maxMeals: number; smallGroupMax: number; smallGroupCompanions: number; largeGroupRatioDenominator: number };
  /** Forbidden purposes (八不准, §3.3): words refused in the purpose or invoice items. */
  forbidden: { words: string[] };
}
export type ExpenseRuleKey = keyof ExpenseRuleParams;

export const EXPENSE_RULE_NAMES: Record<ExpenseRuleKey, string> = {
  budget_control: '无预算不支出（超出可用预算：禁止/警告）',
  cash_limit: '能转账拒付现金（现金支付限额）',
  checklist: '手续不全不付款（支出类型的必备附件与事项）',
  reception: '公务接待（工作餐次数、陪餐人数）',
  forbidden: '禁止的支出用途（八不准）',
};

const INVOICE: ChecklistItem = { key: 'invoice', label: '发票', kind: 'invoice' };
const att = (key: string, label: string): ChecklistItem => ({ key, label, kind: 'attachment' });
const field = (key: string, label: string): ChecklistItem => ({ key, label, kind: 'field' });

/** Default checklists (domain.md §7.1: 接待 = invoice + 公函 + 接待清单; 培训 = 通知 + 签到表 + invoice). */
export const DEFAULT_CHECKLISTS: Record<ExpenseKind, ChecklistItem[]> = {
  职工活动: [att('activity_plan', '活动方案'), att('sign_in', '签到表或参与人员名单'), INVOICE],
  培训: [att('notice', '培训通知'), att('sign_in', '签到表'), INVOICE],
  会议: [att('notice', '会议通知'), att('sign_in', '签到表'), INVOICE],
  接待: [
    att('official_letter', '公函'),
    att('reception_list', '接待清单'),
    field('guestUnit', '来宾单位'),
    field('guestCount', '来宾人数'),
    field('companionCount', '陪餐人数'),
    field('meals', '工作餐次数'),
    INVOICE,
  ],
  差旅: [att('travel_approval', '出差审批单'), INVOICE],
  慰问: [att('recipient_list', '慰问对象名单（实名签收）'), INVOICE],
  帮扶: [att('recipient_list', '帮扶对象名单（实名签收）'), att('hardship_proof', '困难情况证明')],
  资产购置: [att('contract', '采购合同或订单'), att('acceptance', '验收单'), INVOICE],
  公务用车: [att('vehicle_log', '用车登记'), INVOICE],
  '因公出国（境）': [att('approval_doc', '出国（境）批件'), field('destination', '出访国家（地区）'), INVOICE],
  办公: [INVOICE],
  其他: [INVOICE],
};

export const DEFAULT_FORBIDDEN_WORDS = ['购物卡', '预付卡', '代金券', '礼品卡', '宴请', '高档', '烟酒', '名贵', '娱乐会所', '健身卡', '奖金', '津贴'];

/** The rows migration 0005 seeds (effective from 2000-01-01, open-ended). */
export function defaultExpenseRules(): Array<{ key: ExpenseRuleKey; params: ExpenseRuleParams[ExpenseRuleKey]; basis: string }> {
  return [
    { key: 'budget_control', params: { subjectPrefix: '', mode: '禁止' }, basis: '无预算不支出（domain.md §7.2，安康“四不”）：默认超出可用预算即禁止' },
    { key: 'cash_limit', params: { limitFen: 100_000 }, basis: '《现金管理暂行条例》结算起点 1,000 元（domain.md §7.5）' },
    ...(Object.entries(DEFAULT_CHECKLISTS) as Array<[ExpenseKind, ChecklistItem[]]>).map(([kind, items]) => ({
      key: 'checklist' as const,
      params: { kind, items },
      basis: kind === '接待' ? '报销 = 发票 + 公函 + 接待清单（domain.md §7.1）' : '手续不全不付款（domain.md §9.1）',
    })),
    {
      key: 'reception',
      params: { maxMeals: 1, smallGroupMax: 10, smallGroupCompanions: 3, largeGroupRatioDenominator: 3 },
      basis: '国内公务接待：工作餐不超过 1 次；来宾 10 人以内陪餐不超过 3 人，超过 10 人不超过来宾的三分之一（domain.md §7.1）',
    },
    { key: 'forbidden', params: { words: DEFAULT_FORBIDDEN_WORDS }, basis: '全总“八不准”（domain.md §3.3）' },
  ];
}

/** Companions allowed for a number of guests under the reception rule. */
export function companionLimit(guests: number, r: ExpenseRuleParams['reception']): number {
  return guests <= r.smallGroupMax ? r.smallGroupCompanions : Math.floor(guests / r.largeGroupRatioDenominator);
}

// ── Validation of a new rule version (the core refuses anything else, with these messages) ──────────────

const fen = (what: string) =>
  z.number({ error: `${what}应为金额（分）` }).int(`${what}应为整分`).min(0, `${what}不能为负数`).max(100_000_000_000, `${what}过大`);
const count = (what: string, min: number, max: number) =>
  z.number({ error: `${what}应为整数` }).int(`${what}应为整数`).min(min, `${what}不能小于 ${min}`).max(max, `${what}不能大于 ${max}`);

const checklistItem = z
  .object({
    key: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '清单项的代码应以英文字母开头，只含英文字母、数字和下划线'),
    label: z.string().trim().min(1, '清单项须有名称').max(40, '清单项名称不超过 40 字'),
    kind: z.enum(['attachment', 'field', 'invoice'], { error: '清单项类型应为附件、申请事项或发票' }),
  })
  .strict();

export const EXPENSE_RULE_SCHEMAS = {
  budget_control: z
    .object({
      subjectPrefix: z.string().trim().regex(/^\d{0,8}$/, '科目应为科目代码（数字，空表示全部科目）'),
      mode: z.enum(['禁止', '警告'], { error: '预算控制方式应为“禁止”或“警告”' }),
      unitId: z.number().int().positive('单位无效').nullable().optional(),
      projectCode: z.string().trim().min(1, '项目代码不能为空').max(40).nullable().optional(),
    })
    .strict(),
  cash_limit: z.object({ limitFen: fen('现金支付限额') }).strict(),
  checklist: z
    .object({
      kind: z.enum(EXPENSE_KINDS, { error: '请选择支出类型' }),
      items: z.array(checklistItem).max(30, '清单项不超过 30 项'),
    })
    .strict()
    .superRefine((v, ctx) => {
      const seen = new Set<string>();
      for (const [i, it] of v.items.entries()) {
        if (seen.has(it.key)) ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: `清单项代码“${it.key}”重复` });
        seen.add(it.key);
      }
    }),
  reception: z
    .object({
      maxMeals: count('工作餐次数上限', 0, 10),
      smallGroupMax: count('“来宾较少”的人数上限', 1, 1000),
      smallGroupCompanions: count('来宾较少时的陪餐人数上限', 0, 100),
      largeGroupRatioDenominator: count('陪餐比例的分母', 1, 100),
    })
    .strict(),
  forbidden: z
    .object({ words: z.array(z.string().trim().min(1, '禁止用语不能为空').max(20, '禁止用语不超过 20 字')).max(200, '禁止用语不超过 200 个') })
    .strict(),
} as const;

/** Validates the parameters of a rule version; the first problems as one Chinese sentence, or the value. */
export function parseRuleParams<K extends ExpenseRuleKey>(key: K, params: unknown): { ok: true; value: ExpenseRuleParams[K] } | { ok: false; message: string } {
  const r = EXPENSE_RULE_SCHEMAS[key].safeParse(params);
  if (r.success) return { ok: true, value: r.data as ExpenseRuleParams[K] };
  const msgs = [...new Set(r.error.issues.map((i) => i.message))];
  return { ok: false, message: `规则参数不正确：${msgs.slice(0, 5).join('；')}。` };
}

/** Which versions replace each other: one rule per key, per expense type (checklist), per subject/unit/project (budget_control). */
export function ruleGroup(key: ExpenseRuleKey, params: unknown): string {
  const p = (params ?? {}) as Record<string, unknown>;
  if (key === 'checklist') return `checklist:${String(p.kind ?? '')}`;
  if (key === 'budget_control') return `budget_control:${String(p.subjectPrefix ?? '')}:${p.unitId ?? ''}:${p.projectCode ?? ''}`;
  return key;
}
