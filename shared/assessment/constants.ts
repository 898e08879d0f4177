// 考核评价: the vocabulary shared by the core, the contract and the renderer.
import type { RoleCode } from '../roles';

/** How an item is scored: by hand (self score, then the reviewer's), or computed from the database. */
export const SCORING_METHODS = ['手工评分', '系统计算'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/** The named rules a computed item may use. Each measures one figure per unit and year. */
export const RULE_KEYS = [
  'collection_growth',
  'budget_execution',
  'rectification_rate',
  'five_ones',
  'service_held',
  'service_count',
  'satisfaction',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export const RULE_LABELS: Record<RuleKey, { name: string; unit: string; source: string }> = {
  collection_growth: { name: '经费收缴增长率', unit: '%', source: '经费收缴：本年与上年实收拨缴经费' },
  budget_execution: { name: '预算执行率', unit: '%', source: '预算编制（已批准预算支出）与会计核算（实际支出）' },
  rectification_rate: { name: '经审整改完成率', unit: '%', source: '经审监督：整改台账' },
  five_ones: { name: '“五个一”活动开展项数', unit: '项', source: '服务台账（一企一档）' },
  service_held: { name: '指定服务开展次数', unit: '次', source: '服务台账（一企一档）' },
  service_count: { name: '服务次数', unit: '次', source: '服务台账（一企一档）' },
  satisfaction: { name: '职工满意度', unit: '分', source: '服务台账（一企一档）满意度平均分' },
};

/** 一企一档 service categories (domain.md §9.2, issue #10). */
export const FIVE_ONES = ['会员代表大会', '职工代表大会', '工资集体协商', '劳动技能竞赛', '文体活动'] as const;
export const SERVICE_CATEGORIES = [
  '春送岗位',
  '夏送清凉',
  '金秋助学',
  '冬送温暖',
  '互助保障',
  '困难职工帮扶',
  '法律援助',
  '劳动竞赛',
  '职工之家',
  ...FIVE_ONES,
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const ROUND_STATUSES = ['进行中', '已关闭'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const PROPOSAL_STATUSES = ['待审核', '已接受', '已退回'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const ALLOCATION_ACTIONS = ['上调', '维持', '核减'] as const;
export type AllocationAction = (typeof ALLOCATION_ACTIONS)[number];

/** Who edits templates (an administrator's job). */
export const TEMPLATE_EDITORS: readonly RoleCode[] = ['系统管理员', '办公室'];
/** Who opens, closes and reopens rounds and drafts the allocation proposal. */
export const ROUND_MANAGERS: readonly RoleCode[] = ['办公室', '财务部门', '系统管理员'];
/** Who records a unit's self-assessment (on the unit's behalf, from its signed self-assessment form). */
export const SELF_SCORERS: readonly RoleCode[] = ['经办人', '部门负责人', '办公室', '财务部门'];
/** Who scores as reviewer (评核). */
export const REVIEWERS: readonly RoleCode[] = ['分管领导', '常务副主席', '主席', '部门负责人'];
/** Who accepts or returns the allocation proposal. */
export const PROPOSAL_DECIDERS: readonly RoleCode[] = ['主席', '常务副主席', '分管财务副主席'];
/** Who keeps the service ledger. */
export const SERVICE_CLERKS: readonly RoleCode[] = ['经办人', '部门负责人', '办公室', '财务部门'];

/** One threshold band: value in [min, max) gives `points`; null bound = unbounded. */
export interface Tier {
  min: number | null;
  max: number | null;
  points: number;
}

export interface RuleParams {
  /** The measured figure → points. The first matching tier wins. */
  tiers: Tier[];
  /** service_held / service_count: the service category counted (service_count: null = all). */
  category?: string | null;
}

/** A grade band: total ≥ min gives the grade. Bands are listed best first. */
export interface GradeBand {
  grade: string;
  min: number;
}
