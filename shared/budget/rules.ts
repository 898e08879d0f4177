// Budget rules as data (the `budget_rule` table): what each rule checks, its parameters and the
// defaults seeded from domain.md (§2, §3.3–3.4, §7.1, §9.2–9.3). A rule row has effective dates; the
// row in force on 1 January of the budget year applies to that year's budget. Administrators change
// a rule by adding a new row from a later date (the old row is closed the day before), never by editing
// history. Parameters are validated with the zod schemas below, both when seeded and when changed.
import { z } from 'zod';
import { SANGONG_CATEGORIES } from './constants';

export const RULE_KEYS = [
  'balance',
  'retained_to_grassroots',
  'serve_workers',
  'sangong',
  'forbidden',
  'special_funds',
  'adjustment_limit',
  'procedure_separation',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

const code = z.string().regex(/^\d{3}(\d{2})*$/, '科目编码应为 3 位或 5、7 位数字');
const share = z.number({ error: '比例应为 0 到 1 之间的小数' }).min(0, '比例不能小于 0').max(1, '比例不能大于 1');

/** 收支平衡: expenditure may not exceed income (with use of last year's carry-over counted as income). */
export const balanceParams = z
  .object({
    /** Income above expenditure (a planned surplus, 略有结余) passes when true; otherwise they must be equal. */
    allowSurplus: z.boolean().default(true),
    /** Differences up to this many fen are ignored. */
    toleranceFen: z.number().int().min(0).default(0),
    /** Where the balance is checked: the federation's own budget (本级) and/or every lower unit separately. */
    scopes: z.array(z.enum(['本级', '基层单位'])).min(1).default(['本级', '基层单位']),
  })
  .strict();

/** A share of one set of subjects over another, within the federation's own budget (本级) or all. */
const ratioBase = {
  /** Subjects (and all their sub-accounts) counted in the numerator. */
  numerator: z.array(code).min(1, '请至少指定一个分子科目'),
  /** At least this share passes. */
  min: share,
  scope: z.enum(['本级', '全部']).default('本级'),
};

/** 留存经费用于基层: share of the retained funds passed to lower and grassroots unions (default ≥ 80%). */
export const retainedParams = z
  .object({
    ...ratioBase,
    /** Income subjects forming the retained funds (留存经费). */
    denominator: z.array(code).min(1, '请至少指定一个分母科目'),
  })
  .strict();

/** 服务职工和支持基层: share of total expenditure (less excluded subjects) on the listed subjects (default ≥ 70%). */
export const serveWorkersParams = z
  .object({
    ...ratioBase,
    /** Expense subjects left out of the denominator (e.g. 521 安排预算稳定调节基金 is not spending). */
    denominatorExclude: z.array(code).default([]),
  })
  .strict();

/** 三公经费只减不增: this year's 三公 total not above last year's approved budget. */
export const sangongParams = z
  .object({
    scope: z.enum(['本级', '全部']).default('本级'),
    /** Categories counted (all by default). */
    categories: z.array(z.enum(SANGONG_CATEGORIES)).min(1).default([...SANGONG_CATEGORIES]),
  })
  .strict();

export const forbiddenEntry = z
  .object({
    /** Words looked for in 明细事项, 说明, 项目名称 and 立项依据. */
    keywords: z.array(z.string().trim().min(1).max(20)).min(1, '请至少填写一个关键词'),
    /** Units of which chart the entry applies to: G 基层工会科目表, C 县级以上工会科目表, or all. */
    appliesTo: z.enum(['全部', 'G', 'C']).default('全部'),
    /** Lines on these subjects (or their sub-accounts) are exempt (e.g. 50504 兼职工会干部补贴). */
    exceptSubjects: z.array(code).default([]),
    /** Phrases removed from the text before the keywords are looked for (e.g. 工资集体协商 is not 工资). */
    exceptWords: z.array(z.string().trim().min(1).max(20)).default([]),
    /** 禁止: the import is rejected and the check fails; 提示: a warning only. */
    severity: z.enum(['禁止', '提示']).default('禁止'),
    reason: z.string().trim().min(2).max(200),
  })
  .strict();
export type ForbiddenEntry = z.output<typeof forbiddenEntry>;

/** 禁止列支事项: purposes union funds must not pay, as keyword lists. */
export const forbiddenParams = z.object({ entries: z.array(forbiddenEntry).min(1) }).strict();

/** 专项资金: ring-fenced funds (e.g. 队伍建设专项经费) at or above their set share of expenditure. */
export const specialFundsParams = z
  .object({
    funds: z
      .array(
        z
          .object({
            name: z.string().trim().min(2).max(40),
            /** Minimum share of the scope's total expenditure; 0 means no minimum set yet. */
            minShare: share,
          })
          .strict(),
      )
      .default([]),
    scope: z.enum(['本级', '全部']).default('本级'),
  })
  .strict();

/** 预算调整次数: adjustments per year (default once, domain.md §2). */
export const adjustmentLimitParams = z.object({ max: z.number().int().min(0).max(12).default(1) }).strict();

/** 审批职责分离: one user may not approve two of the first six stages of the same budget. */
export const procedureSeparationParams = z.object({ enabled: z.boolean().default(true) }).strict();

export const RULE_PARAM_SCHEMAS = {
  balance: balanceParams,
  retained_to_grassroots: retainedParams,
  serve_workers: serveWorkersParams,
  sangong: sangongParams,
  forbidden: forbiddenParams,
  special_funds: specialFundsParams,
  adjustment_limit: adjustmentLimitParams,
  procedure_separation: procedureSeparationParams,
} as const satisfies Record<RuleKey, z.ZodType>;

export type RuleParams<K extends RuleKey> = z.output<(typeof RULE_PARAM_SCHEMAS)[K]>;

export interface RuleDefault<K extends RuleKey = RuleKey> {
  key: K;
  name: string;
  /** Whether a failure stops the budget from advancing through the procedure. */
  blocking: boolean;
  params: RuleParams<K>;
  basis: string;
}

/**
 * Serving workers and supporting grassroots (the 70% rule): 501 职工活动支出, 502 职工活动组织支出, 503 职工服务支出,
 * 504 维权支出 and 508 补助下级支出 count; 505 业务支出, 506 行政支出, 507 资本性支出, 509, 510 do not; 521 is left
 * out of the denominator. Retained funds to lower unions (the 80% rule): 508 补助下级支出 over 402 拨缴经费收入.
 */
export const RULE_DEFAULTS: readonly RuleDefault[] = [
  {
    key: 'balance',
    name: '收支平衡',
    blocking: true,
    params: { allowSurplus: true, toleranceFen: 0, scopes: ['本级', '基层单位'] },
    basis: '《工会预算管理办法》：预算坚持收支平衡，不列赤字；使用上年结转结余列入收入预算。',
  } satisfies RuleDefault<'balance'>,
  {
    key: 'retained_to_grassroots',
    name: '留存经费用于基层比例',
    blocking: true,
    params: { numerator: ['508'], denominator: ['402'], min: 0.8, scope: '本级' },
    basis: '“钱往基层用”：留存经费的 80% 以上用于下级工会和基层工会（甘肃做法，domain.md §9.2；比例为可调参数）。',
  } satisfies RuleDefault<'retained_to_grassroots'>,
  {
    key: 'serve_workers',
    name: '服务职工和支持基层支出比例',
    blocking: true,
    params: { numerator: ['501', '502', '503', '504', '508'], denominatorExclude: ['521'], min: 0.7, scope: '本级' },
    basis: '本级支出的 70% 以上直接用于服务职工和补助基层（domain.md §9.2；计入科目：501、502、503、504、508）。',
  } satisfies RuleDefault<'serve_workers'>,
  {
    key: 'sangong',
    name: '三公经费只减不增',
    blocking: true,
    params: { scope: '本级', categories: [...SANGONG_CATEGORIES] },
    basis: '中央八项规定、《党政机关厉行节约反对浪费条例》：三公经费只减不增（domain.md §7.1）。',
  } satisfies RuleDefault<'sangong'>,
  {
    key: 'forbidden',
    name: '禁止列支事项',
    blocking: true,
    params: {
      entries: [
        {
          keywords: ['购物卡', '购物券', '礼品卡', '预付卡', '代金券', '提货卡', '现金慰问', '发放现金'],
          appliesTo: '全部',
          exceptSubjects: [],
          exceptWords: [],
          severity: '禁止',
          reason: '八不准：不得以任何名义发放购物卡、代金券或现金',
        },
        {
          keywords: ['宴请', '公款吃喝', '高档宴席'],
          appliesTo: '全部',
          exceptSubjects: [],
          exceptWords: [],
          severity: '禁止',
          reason: '八不准：不得用工会经费宴请、公款吃喝',
        },
        {
          keywords: ['高档娱乐', '高消费', '健身卡', '会所', '高尔夫'],
          appliesTo: '全部',
          exceptSubjects: [],
          exceptWords: [],
          severity: '禁止',
          reason: '八不准：不得用于高档娱乐、健身等高消费',
        },
        {
          keywords: ['小金库', '借款', '出借', '担保', '抵押', '集资'],
          appliesTo: '全部',
          exceptSubjects: [],
          exceptWords: [],
          severity: '禁止',
          reason: '不得设小金库，不得对外借款、担保、抵押或非法集资',
        },
        {
          keywords: ['工资', '奖金', '绩效工资', '津贴', '社会保险', '社保', '住房公积金', '养老保险', '医疗保险'],
          appliesTo: 'G',
          exceptSubjects: ['50301', '50503', '50504'],
          exceptWords: ['工资集体协商', '工资协商', '集体协商', '社保咨询', '社会保险咨询', '社会保险知识', '社会保险政策'],
          severity: '禁止',
          reason: '工会专职人员的工资、奖金、津贴和社会保险等应由行政（用人单位）负担，不得列支工会经费',
        },
        {
          keywords: ['体检'],
          appliesTo: 'G',
          exceptSubjects: [],
          exceptWords: [],
          severity: '提示',
          reason: '职工体检一般由用人单位负担，请核实',
        },
      ],
    },
    basis: '全总“八不准”（2014）及行政负担的工会费用（domain.md §3.3、§3.4）。',
  } satisfies RuleDefault<'forbidden'>,
  {
    key: 'special_funds',
    name: '专项资金比例',
    blocking: true,
    params: {
      funds: [
        { name: '队伍建设专项经费', minShare: 0 },
        { name: '专项业务工作经费', minShare: 0 },
      ],
      scope: '本级',
    },
    basis: '队伍建设专项经费、专项业务工作经费专款专用，占年度经费不低于规定比例（比例由本地规定，domain.md §9.3；默认未设比例）。',
  } satisfies RuleDefault<'special_funds'>,
  {
    key: 'adjustment_limit',
    name: '预算调整次数',
    blocking: true,
    params: { max: 1 },
    basis: '预算一年调整一次，按原程序报批（domain.md §2）。',
  } satisfies RuleDefault<'adjustment_limit'>,
  {
    key: 'procedure_separation',
    name: '审批职责分离',
    blocking: true,
    params: { enabled: true },
    basis: '同一人不得在同一预算的两个审批环节签署意见（上级审批为登记外部结果，除外；代为登记纸质签批的不计）。',
  } satisfies RuleDefault<'procedure_separation'>,
];

/** Rules that are checked against the figures (the others govern the procedure). */
export const FIGURE_RULES: readonly RuleKey[] = ['balance', 'retained_to_grassroots', 'serve_workers', 'sangong', 'forbidden', 'special_funds'];

/** The date whose rule rows apply to a budget year. */
export function ruleDateOfYear(year: number): string {
  return `${year}-01-01`;
}
