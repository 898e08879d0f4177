// Contract: 考核评价 (百分制考核、一企一档、资金挂钩) — scoring templates versioned by year, assessment rounds
// (self score, review, computed items, totals, grades, rankings, lock and logged reopening), the service
// ledger 一企一档 with the per-enterprise bill and the county view, the allocation proposal that closes
// the loop into next year's budget, and the assessment workbooks.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { UnitRef } from './units';
import type { StoredFileRef } from './budget';
import type { ExportedFile } from '../bridge';
import { ALL_ROLES } from '../roles';
import {
  PROPOSAL_DECIDERS, REVIEWERS, ROUND_MANAGERS, RULE_KEYS, SCORING_METHODS, SELF_SCORERS, SERVICE_CATEGORIES,
  SERVICE_CLERKS, TEMPLATE_EDITORS, type AllocationAction, type GradeBand, type ProposalStatus, type RoundStatus, type RuleKey,
  type RuleParams, type ScoringMethod,
} from '../assessment/constants';

const READERS = ALL_ROLES;

// ── shapes ───────────────────────────────────────────────────────────────────────────────────────────

export interface AssessTemplateRow {
  id: number;
  code: string;
  name: string;
  year: number;
  version: number;
  subjectKinds: string[];
  totalPoints: number;
  bonusCap: number;
  bands: GradeBand[];
  capGrade: string;
  upliftGrades: string[];
  cutGrades: string[];
  allowanceGrades: string[];
  /** Seeded items are examples to adapt (domain.md says the exact items are not known). */
  example: boolean;
  source: string | null;
  note: string | null;
  itemCount: number;
  categoryCount: number;
  /** Rounds using this version: a used template is frozen (copy it to a new version to change it). */
  roundCount: number;
}

export interface AssessItemRow {
  id: number;
  categoryId: number;
  seq: number;
  code: string;
  title: string;
  content: string;
  maxPoints: number;
  mandatory: boolean;
  passMin: number | null;
  bonus: boolean;
  /** 扣分项: scored from 0 down to −maxPoints (e.g. 每起扣 5 分); optional (empty = no deduction). */
  deduction: boolean;
  method: ScoringMethod;
  ruleKey: RuleKey | null;
  ruleParams: RuleParams | null;
  evidence: string | null;
  example: boolean;
}

export interface AssessCategoryRow {
  id: number;
  seq: number;
  name: string;
  example: boolean;
  maxPoints: number;
  items: AssessItemRow[];
}

export interface AssessTemplateDetail extends AssessTemplateRow {
  categories: AssessCategoryRow[];
}

export interface AssessRoundRow {
  id: number;
  year: number;
  name: string;
  status: RoundStatus;
  template: { id: number; code: string; name: string; version: number };
  subjectCount: number;
  selfSubmitted: number;
  fullyReviewed: number;
  selfDue: string | null;
  reviewDue: string | null;
  createdAt: string;
  closedAt: string | null;
  reopenCount: number;
  computedAt: string | null;
}

export interface AssessSubjectRow {
  id: number;
  unit: UnitRef;
  personName: string | null;
  rankGroup: string;
  selfSubmittedAt: string | null;
  selfTotal: number | null;
  total: number | null;
  grade: string | null;
  mandatoryFailed: boolean;
  /** Items with a score (评分进度), against the items that need one (all but bonus items). */
  reviewedItems: number;
  manualItems: number;
  rank: number | null;
  /** Total per category (in the template's category order), for the ranking's merged headers. */
  categoryTotals: number[];
}

export interface AssessReopenRow {
  id: number;
  reason: string;
  at: string;
  byName: string;
}

export interface AssessRoundDetail extends AssessRoundRow {
  categories: Array<{ id: number; name: string; maxPoints: number }>;
  bands: GradeBand[];
  capGrade: string;
  subjects: Page<AssessSubjectRow>;
  rankGroups: string[];
  reopenings: AssessReopenRow[];
  /** What blocks closing (e.g. items not reviewed), empty when the round can close. */
  closeBlockers: string[];
  gradeCounts: Record<string, number>;
}

export interface AssessScoreRow {
  item: AssessItemRow;
  categoryName: string;
  selfScore: number | null;
  selfNote: string | null;
  selfAt: string | null;
  selfByName: string | null;
  /** 代录: the federation clerk who recorded this self score on the unit's behalf (null: entered by the unit itself). */
  selfProxyName: string | null;
  reviewScore: number | null;
  reviewNote: string | null;
  reviewAt: string | null;
  reviewByName: string | null;
  computedValue: string | null;
  computedScore: number | null;
  computedDetail: string | null;
  finalScore: number | null;
  /** Mandatory item failed (final below its pass mark). */
  failed: boolean;
  evidence: Array<StoredFileRef & { note: string | null; at: string }>;
}

export interface AssessSubjectSheet {
  round: AssessRoundRow;
  subject: AssessSubjectRow;
  scores: AssessScoreRow[];
  /** Can the current user self-score / review now, and why not. */
  canSelf: boolean;
  canReview: boolean;
  /** How the current user may self-score this subject: as the unit (or worker) itself, as a federation clerk (代录), or not at all. */
  selfAs: 'self' | 'proxy' | null;
}

export interface ServiceRow {
  id: number;
  unit: UnitRef;
  date: string;
  category: string;
  title: string;
  people: number;
  amountFen: number;
  expenseRequestId: number | null;
  satisfaction: number | null;
  resolved: boolean | null;
  provider: string | null;
  note: string | null;
}

export interface ServiceBill {
  unit: UnitRef;
  years: Array<{
    year: number;
    count: number;
    people: number;
    amountFen: number;
    satisfaction: number | null;
    byCategory: Array<{ category: string; count: number; people: number; amountFen: number; satisfaction: number | null }>;
  }>;
  fiveOnes: Array<{ year: number; held: string[]; missing: string[] }>;
}

export interface ServiceMetric {
  key: 'coverage' | 'resolution' | 'bargaining' | 'satisfaction';
  label: string;
  /** A share (0..1) or an average score (0..100); null when there is no data. */
  value: number | null;
  numerator: number;
  denominator: number;
  formula: string;
}

export interface ServiceCountySummary {
  year: number;
  unitsTotal: number;
  unitsServed: number;
  count: number;
  people: number;
  amountFen: number;
  metrics: ServiceMetric[];
  byCategory: Array<{ category: string; count: number; units: number; people: number; amountFen: number; satisfaction: number | null }>;
  byMonth: Array<{ month: number; count: number; amountFen: number }>;
}

export interface ProposalLineRow {
  id: number;
  unit: UnitRef;
  total: number | null;
  grade: string | null;
  action: AllocationAction;
  percent: number;
  baseFen: number;
  amountFen: number;
  allowanceFen: number;
  rectifyBy: string | null;
  basis: string;
}

export interface ProposalParams {
  upliftPercent: number;
  cutPercent: number;
  rectifyBy: string;
  chiefFen: number;
  deputyFen: number;
  deputies: number;
}

export interface ProposalRow {
  id: number;
  roundId: number;
  roundName: string;
  targetYear: number;
  status: ProposalStatus;
  params: ProposalParams;
  totalFen: number;
  allowanceFen: number;
  lineCount: number;
  createdAt: string;
  createdByName: string;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionNote: string | null;
}

export interface ProposalDetail extends ProposalRow {
  lines: ProposalLineRow[];
}

export interface AcceptedAllocation {
  unitId: number;
  amountFen: number;
  basis: string;
}

// ── inputs ───────────────────────────────────────────────────────────────────────────────────────────

const id = z.number().int().positive();
const year = z.number({ error: '请指定年度' }).int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(500, '每页最多 500 条').default(50) };
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多 ${max} 个字符`)
    .nullish()
    .transform((v) => (v ? v : null));
// Negative only for 扣分项 (the core checks the sign against the item).
const points = z.number({ error: '请填写分数' }).min(-1000, '分数过小').max(1000, '分数过大');
const tier = z.object({ min: z.number().nullable(), max: z.number().nullable(), points: z.number().min(0) }).strict();
const ruleParams = z.object({ tiers: z.array(tier).min(1, '请至少设置一个档次').max(20), category: z.string().max(40).nullish() }).strict();
const band = z.object({ grade: z.string().trim().min(1).max(20), min: z.number().min(0) }).strict();
const fen = z.number().int('金额应以分为单位的整数').min(0, '金额不能为负').max(1e13);

export const assessTemplatesList = endpoint<AssessTemplateRow[]>()({
  name: 'assessment.templates.list',
  summary: '考核模板（按年度、版本）',
  input: z.object({ year: year.nullish() }).strict(),
  access: READERS,
});

export const assessTemplatesGet = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.get',
  summary: '查看考核模板（类别、条目、分值、必备项、加分项、计分方式）',
  input: z.object({ templateId: id }).strict(),
  access: READERS,
});

export const assessTemplatesSeed = endpoint<AssessTemplateRow[]>()({
  name: 'assessment.templates.seed',
  summary: '生成年度考核模板（沿用上年模板，没有上年的载入默认模板）',
  input: z.object({ year }).strict(),
  access: TEMPLATE_EDITORS,
});

export const assessTemplatesCopy = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.copy',
  summary: '复制考核模板为新版本或另一年度',
  input: z.object({ templateId: id, year }).strict(),
  access: TEMPLATE_EDITORS,
});

export const assessTemplatesUpdate = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.update',
  summary: '修改考核模板（名称、总分、加分上限、等次分档、必备项封顶等次、挂钩等次）',
  input: z
    .object({
      templateId: id,
      name: z.string().trim().min(2, '请填写模板名称').max(60),
      totalPoints: z.number().positive().max(1000),
      bonusCap: z.number().min(0).max(100),
      bands: z.array(band).min(2, '请至少设置两个等次').max(10),
      capGrade: z.string().trim().min(1).max(20),
      upliftGrades: z.array(z.string()).max(10),
      cutGrades: z.array(z.string()).max(10),
      allowanceGrades: z.array(z.string()).max(10),
    })
    .strict(),
  access: TEMPLATE_EDITORS,
});

export const assessTemplatesSaveCategory = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.saveCategory',
  summary: '新增或修改考核类别',
  input: z.object({ templateId: id, categoryId: id.nullish(), name: z.string().trim().min(1, '请填写类别名称').max(60) }).strict(),
  access: TEMPLATE_EDITORS,
});

export const assessTemplatesSaveItem = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.saveItem',
  summary: '新增或修改考核条目',
  input: z
    .object({
      templateId: id,
      itemId: id.nullish(),
      categoryId: id,
      code: z.string().trim().min(1, '请填写序号').max(12),
      title: z.string().trim().min(1, '请填写条目名称').max(80),
      content: z.string().trim().max(500).default(''),
      maxPoints: z.number().positive('标准分应大于 0').max(100),
      mandatory: z.boolean().default(false),
      passMin: z.number().min(0).nullish(),
      bonus: z.boolean().default(false),
      deduction: z.boolean().default(false),
      method: z.enum(SCORING_METHODS),
      ruleKey: z.enum(RULE_KEYS).nullish(),
      ruleParams: ruleParams.nullish(),
      evidence: optText(200),
    })
    .strict(),
  access: TEMPLATE_EDITORS,
});

export const assessTemplatesDeleteItem = endpoint<AssessTemplateDetail>()({
  name: 'assessment.templates.deleteItem',
  summary: '删除考核条目（模板未被使用时）',
  input: z.object({ itemId: id }).strict(),
  access: TEMPLATE_EDITORS,
});

export const assessRoundsList = endpoint<AssessRoundRow[]>()({
  name: 'assessment.rounds.list',
  summary: '考核轮次',
  input: z.object({ year: year.nullish() }).strict(),
  access: READERS,
});

export const assessRoundsCreate = endpoint<AssessRoundDetail>()({
  name: 'assessment.rounds.create',
  summary: '发起考核轮次（模板、年度、参评单位或工作者）',
  input: z
    .object({
      templateId: id,
      name: z.string().trim().min(2, '请填写轮次名称').max(80),
      unitIds: z.array(id).max(100_000).default([]),
      /** Workers assessed (each tied to the unit whose data the computed items read). */
      persons: z.array(z.object({ unitId: id, personName: z.string().trim().min(1).max(40) }).strict()).max(10_000).default([]),
      selfDue: isoDate.nullish(),
      reviewDue: isoDate.nullish(),
    })
    .strict(),
  access: ROUND_MANAGERS,
});

export const assessRoundsGet = endpoint<AssessRoundDetail>()({
  name: 'assessment.rounds.get',
  summary: '考核轮次：参评对象、得分、等次、排名',
  input: z
    .object({
      roundId: id,
      q: z.string().trim().max(80).nullish(),
      rankGroup: z.string().max(40).nullish(),
      sort: z.enum(['code', 'rank']).default('code'),
      ...page,
    })
    .strict(),
  access: READERS,
});

export const assessSubjectSheet = endpoint<AssessSubjectSheet>()({
  name: 'assessment.subjects.sheet',
  summary: '单位评分表（自评分、评核分、系统计算分、佐证材料）',
  input: z.object({ subjectId: id }).strict(),
  access: READERS,
});

export const assessScoresSelf = endpoint<AssessSubjectSheet>()({
  name: 'assessment.scores.self',
  summary: '录入自评分',
  input: z.object({ subjectId: id, itemId: id, score: points.nullable(), note: optText(500) }).strict(),
  access: SELF_SCORERS,
});

export const assessScoresSubmitSelf = endpoint<AssessSubjectSheet>()({
  name: 'assessment.scores.submitSelf',
  summary: '提交自评（自评分锁定，进入评核）',
  input: z.object({ subjectId: id }).strict(),
  access: SELF_SCORERS,
});

export const assessScoresReview = endpoint<AssessSubjectSheet>()({
  name: 'assessment.scores.review',
  summary: '录入评核分',
  input: z.object({ subjectId: id, itemId: id, score: points.nullable(), note: optText(500) }).strict(),
  access: REVIEWERS,
});

export const assessScoresEvidence = endpoint<AssessSubjectSheet>()({
  name: 'assessment.scores.evidence',
  summary: '上传佐证材料',
  input: z.object({ subjectId: id, itemId: id, uploadIds: z.array(z.string().min(1)).min(1, '请选择文件').max(20), note: optText(200) }).strict(),
  access: [...new Set([...SELF_SCORERS, ...REVIEWERS])],
});

export const assessEvidenceFile = endpoint<ExportedFile>()({
  name: 'assessment.evidence.file',
  summary: '取出佐证材料',
  input: z.object({ subjectId: id, fileId: id }).strict(),
  access: READERS,
});

export const assessRoundsCompute = endpoint<AssessRoundDetail>()({
  name: 'assessment.rounds.compute',
  summary: '按规则计算系统计分项并汇总得分、等次、排名',
  input: z.object({ roundId: id }).strict(),
  access: ROUND_MANAGERS,
});

export const assessRoundsClose = endpoint<AssessRoundDetail>()({
  name: 'assessment.rounds.close',
  summary: '关闭考核轮次（结果锁定）',
  input: z.object({ roundId: id }).strict(),
  access: ROUND_MANAGERS,
});

export const assessRoundsReopen = endpoint<AssessRoundDetail>()({
  name: 'assessment.rounds.reopen',
  summary: '重新开启已关闭的考核轮次（须说明理由，记入日志）',
  input: z.object({ roundId: id, reason: z.string().trim().min(4, '请说明重新开启的理由（至少 4 个字）').max(500) }).strict(),
  access: ROUND_MANAGERS,
});

export const assessRoundsExport = endpoint<ExportedFile>()({
  name: 'assessment.rounds.export',
  summary: '导出考核结果（评分表、汇总排名表）',
  input: z.object({ roundId: id, subjectId: id.nullish() }).strict(),
  access: READERS,
});

export const assessServicesList = endpoint<Page<ServiceRow> & { sumFen: number; people: number }>()({
  name: 'assessment.services.list',
  summary: '服务台账（一企一档）',
  input: z
    .object({ year, unitId: id.nullish(), category: z.enum(SERVICE_CATEGORIES).nullish(), q: z.string().trim().max(80).nullish(), ...page })
    .strict(),
  access: READERS,
});

export const assessServicesSave = endpoint<ServiceRow>()({
  name: 'assessment.services.save',
  summary: '登记或修改一条服务记录',
  input: z
    .object({
      id: id.nullish(),
      unitId: id,
      date: isoDate,
      category: z.enum(SERVICE_CATEGORIES, { error: '请选择服务类别' }),
      title: z.string().trim().min(1, '请填写服务内容').max(120),
      people: z.number().int('人数应为整数').min(0, '人数不能为负').max(1_000_000),
      amountFen: fen.default(0),
      expenseRequestId: id.nullish(),
      satisfaction: z.number().min(0, '满意度应为 0–100 分').max(100, '满意度应为 0–100 分').nullish(),
      resolved: z.boolean().nullish(),
      provider: optText(60),
      note: optText(300),
    })
    .strict(),
  access: SERVICE_CLERKS,
});

export const assessServicesDelete = endpoint<{ id: number }>()({
  name: 'assessment.services.delete',
  summary: '作废一条服务记录（记入日志）',
  input: z.object({ id, reason: z.string().trim().min(2, '请说明作废原因').max(200) }).strict(),
  access: SERVICE_CLERKS,
});

export const assessServicesBill = endpoint<ServiceBill>()({
  name: 'assessment.services.bill',
  summary: '一企一档服务账单（按年度的次数、金额、满意度）',
  input: z.object({ unitId: id }).strict(),
  access: READERS,
});

export const assessServicesCounty = endpoint<ServiceCountySummary>()({
  name: 'assessment.services.county',
  summary: '全县服务汇总（服务覆盖率、问题解决率、协商成功率、职工满意度）',
  input: z.object({ year }).strict(),
  access: READERS,
});

export const assessServicesExport = endpoint<ExportedFile>()({
  name: 'assessment.services.export',
  summary: '导出服务台账与全县服务汇总（Excel）',
  input: z.object({ year, unitId: id.nullish() }).strict(),
  access: READERS,
});

export const assessProposalsCreate = endpoint<ProposalDetail>()({
  name: 'assessment.proposals.create',
  summary: '根据已关闭的考核轮次生成下年度资金分配建议',
  input: z
    .object({
      roundId: id,
      upliftPercent: z.number().min(0).max(100).default(10),
      cutPercent: z.number().min(0).max(100).default(10),
      rectifyBy: isoDate.nullish(),
      chiefFen: fen.default(360_000),
      deputyFen: fen.default(300_000),
      deputies: z.number().int().min(0).max(10).default(1),
    })
    .strict(),
  access: ROUND_MANAGERS,
});

export const assessProposalsList = endpoint<ProposalRow[]>()({
  name: 'assessment.proposals.list',
  summary: '资金分配建议',
  input: z.object({ roundId: id.nullish() }).strict(),
  access: READERS,
});

export const assessProposalsGet = endpoint<ProposalDetail>()({
  name: 'assessment.proposals.get',
  summary: '查看资金分配建议（上调、核减及整改期限、工作站岗位补贴）',
  input: z.object({ proposalId: id }).strict(),
  access: READERS,
});

export const assessProposalsDecide = endpoint<ProposalDetail>()({
  name: 'assessment.proposals.decide',
  summary: '审核资金分配建议：接受或退回',
  input: z.object({ proposalId: id, action: z.enum(['接受', '退回']), note: optText(500) }).strict(),
  access: PROPOSAL_DECIDERS,
});

export const assessProposalsExport = endpoint<ExportedFile>()({
  name: 'assessment.proposals.export',
  summary: '导出资金分配建议与岗位补贴名单（Excel）',
  input: z.object({ proposalId: id }).strict(),
  access: READERS,
});

export const assessAllocationsAccepted = endpoint<AcceptedAllocation[]>()({
  name: 'assessment.allocations.accepted',
  summary: '已接受的下年度资金分配（预算编制的起始数）',
  input: z.object({ year }).strict(),
  access: READERS,
});


export const assessment = {
  assessTemplatesList, assessTemplatesGet, assessTemplatesSeed, assessTemplatesCopy, assessTemplatesUpdate, assessTemplatesSaveCategory,
  assessTemplatesSaveItem, assessTemplatesDeleteItem, assessRoundsList, assessRoundsCreate, assessRoundsGet, assessSubjectSheet,
  assessScoresSelf, assessScoresSubmitSelf, assessScoresReview, assessScoresEvidence, assessEvidenceFile, assessRoundsCompute, assessRoundsClose,
  assessRoundsReopen, assessRoundsExport, assessServicesList, assessServicesSave, assessServicesDelete, assessServicesBill,
  assessServicesCounty, assessServicesExport, assessProposalsCreate, assessProposalsList, assessProposalsGet, assessProposalsDecide,
  assessProposalsExport, assessAllocationsAccepted,
} as const;
