// Contract: 经审监督 (审计项目、问题、整改台账、经审会会议) — the audit committee's workspace: the editable
// finding categories, committee membership (exclusions enforced), yearly plan and projects with working
// papers, findings with evidence links and the audited unit's response, the rectification ledger with its
// history, committee sessions (quorum of current members, agenda, resolutions per item) and reports.
import { z } from 'zod';
import { endpoint } from './define';
import { ALL_ROLES } from '../roles';
import type { ExportedFile } from '../bridge';
import {
  AGENDA_KINDS, ATTENDANCES, AUDITOR_ROLES, COMMITTEE_ROLES, DECISIONS, EVIDENCE_KINDS, EVIDENCE_PURPOSES, MEMBER_POSITIONS,
  NATURES, PROJECT_KINDS, PROJECT_STATUSES, SEVERITIES,
  type AgendaKind, type Attendance, type Decision, type EvidenceKind, type EvidencePurpose, type MemberPosition, type Nature,
  type ProjectKind, type ProjectStatus, type RectStatus, type Severity,
} from '../oversight/constants';

// ── shapes ───────────────────────────────────────────────────────────────────────────────────────────

export interface OversightCategoryRow {
  id: number;
  name: string;
  group: string;
  sort: number;
  active: boolean;
  findingCount: number;
}

export interface OversightMemberRow {
  id: number;
  unitId: number;
  unitName: string;
  userId: number;
  displayName: string;
  position: MemberPosition;
  termFrom: string;
  termTo: string | null;
  /** Current: the term covers today, the user is active and holds no excluded role. */
  current: boolean;
  /** Why a member does not count (term over, user inactive, excluded role), or null. */
  notCountedReason: string | null;
}

export interface OversightLookups {
  units: Array<{ id: number; code: string; name: string; kind: string }>;
  users: Array<{ id: number; displayName: string; unitId: number | null; roles: string[] }>;
  budgetBooks: Array<{ id: number; year: number; title: string; status: string; stageName: string | null }>;
  categories: OversightCategoryRow[];
  /** What the caller may do (the screens show read-only views otherwise). */
  canWrite: boolean;
  canClose: boolean;
  /** The caller's unit (audited units respond to findings of their unit). */
  myUnitId: number | null;
}

export interface OversightPlan {
  id: number;
  year: number;
  title: string;
  status: string;
  notes: string | null;
  approvedAt: string | null;
}

export interface OversightProjectRow {
  id: number;
  year: number;
  code: string;
  name: string;
  kind: ProjectKind;
  unitId: number;
  unitName: string;
  budgetBookId: number | null;
  budgetBookTitle: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  team: string | null;
  leader: string | null;
  startOn: string | null;
  endOn: string | null;
  status: ProjectStatus;
  findingCount: number;
  amountFen: number;
  openRectCount: number;
}

export interface OversightPaperRow {
  id: number;
  title: string;
  note: string | null;
  fileId: number | null;
  fileName: string | null;
  size: number | null;
  sha256: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface OversightEvidenceRow {
  id: number;
  purpose: EvidencePurpose;
  kind: EvidenceKind;
  refId: number | null;
  fileId: number | null;
  /** Resolved at read time from the linked record (or the file name); marks a record that is gone. */
  label: string;
  exists: boolean;
  note: string | null;
  createdAt: string;
}

export interface OversightRectification {
  id: number;
  findingId: number;
  measures: string | null;
  leader: string | null;
  person: string | null;
  deadline: string | null;
  status: RectStatus;
  completedOn: string | null;
  result: string | null;
  verifiedName: string | null;
  verifiedAt: string | null;
  note: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface OversightFindingRow {
  id: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  unitId: number;
  unitName: string;
  seq: number;
  categoryId: number;
  categoryName: string;
  description: string;
  amountFen: number;
  basis: string | null;
  severity: Severity;
  nature: Nature;
  requirement: string | null;
  response: string | null;
  responseName: string | null;
  responseAt: string | null;
  evidence: OversightEvidenceRow[];
  rectification: OversightRectification;
}

export interface OversightProjectDetail extends OversightProjectRow {
  basis: string | null;
  scope: string | null;
  method: string | null;
  summary: string | null;
  strengths: string | null;
  opinion: string | null;
  deadline: string | null;
  papers: OversightPaperRow[];
  findings: OversightFindingRow[];
  /** The agenda items of sessions that dealt with this project. */
  resolutions: OversightResolutionRef[];
}

/** One row of the 整改台账 (rectification ledger). */
export interface OversightRectRow extends OversightRectification {
  seq: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  unitId: number;
  unitName: string;
  categoryName: string;
  description: string;
  amountFen: number;
  basis: string | null;
  requirement: string | null;
  severity: Severity;
  evidenceCount: number;
}

export interface OversightRectHistoryRow {
  id: number;
  at: string;
  username: string;
  role: string;
  fromStatus: string | null;
  toStatus: string;
  summary: string;
}

export interface OversightAttendeeRow {
  userId: number | null;
  name: string;
  attendance: Attendance;
  /** Counts toward the quorum: present and a current member of the committee on the session's date. */
  counted: boolean;
  reason: string | null;
}

export interface OversightAgendaRow {
  id: number;
  seq: number;
  kind: AgendaKind;
  refId: number | null;
  title: string;
  /** The linked budget / project / rectification item, resolved at read time. */
  refLabel: string | null;
  decision: Decision | null;
  resolution: string | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  resolvedAt: string | null;
}

export interface OversightSessionRow {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  seq: number;
  title: string;
  heldOn: string;
  place: string | null;
  chair: string | null;
  status: string;
  agendaCount: number;
  resolvedCount: number;
}

export interface OversightSessionDetail extends OversightSessionRow {
  minutes: string | null;
  attendees: OversightAttendeeRow[];
  agenda: OversightAgendaRow[];
  memberCount: number;
  countedCount: number;
  quorumNeeded: number;
  quorate: boolean;
}

export interface OversightResolutionRef {
  agendaId: number;
  sessionId: number;
  sessionTitle: string;
  heldOn: string;
  seq: number;
  title: string;
  decision: Decision | null;
  resolution: string | null;
  /** e.g. 2026年第1次经审会会议 议题2. */
  label: string;
}

export interface OversightBudgetResolutions {
  /** Resolutions on this budget book that may be cited at its 经审会审查 stage (decided 通过/原则通过). */
  citable: OversightResolutionRef[];
  /** budget_step id → the resolution the step cites. */
  citations: Array<{ stepId: number; resolution: OversightResolutionRef }>;
}

export interface OversightStats {
  year: number;
  byCategory: Array<{ categoryId: number; name: string; group: string; count: number; amountFen: number }>;
  byUnit: Array<{ unitId: number; unitName: string; count: number; amountFen: number; done: number; total: number }>;
  byStatus: Array<{ status: RectStatus; count: number }>;
  totalFindings: number;
  totalAmountFen: number;
  overdue: number;
}

export interface OversightEvidenceCandidate {
  refId: number;
  label: string;
}

// ── input pieces ─────────────────────────────────────────────────────────────────────────────────────

const id = z.number().int().positive();
const year = z.number({ error: '请指定年度' }).int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const optDate = isoDate.nullish().transform((v) => v ?? null);
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `最多 ${max} 个字符`)
    .nullish()
    .transform((v) => (v ? v : null));
const text = (max: number, msg: string) => z.string().trim().min(1, msg).max(max, `最多 ${max} 个字符`);
const fen = z.number().int('金额应为整数（分）').min(0, '金额不能为负').max(1e15);
const count = z.number().int().min(0).max(999).nullish().transform((v) => v ?? null);

const WRITERS = AUDITOR_ROLES;
const CLOSERS = COMMITTEE_ROLES;

// ── reference data ───────────────────────────────────────────────────────────────────────────────────

export const oversightLookups = endpoint<OversightLookups>()({
  name: 'oversight.lookups',
  summary: '经审监督：单位、用户、年度预算、问题类别及本人权限',
  input: z.object({}).strict(),
  access: ALL_ROLES,
});

export const oversightCategoriesSave = endpoint<OversightCategoryRow[]>()({
  name: 'oversight.categories.save',
  summary: '新增或修改问题类别（可停用，不可删除已使用的类别）',
  input: z
    .object({ id: id.nullish(), name: text(60, '请填写类别名称'), group: text(30, '请填写类别分组'), active: z.boolean().default(true) })
    .strict(),
  access: WRITERS,
});

export const oversightMembersList = endpoint<OversightMemberRow[]>()({
  name: 'oversight.members.list',
  summary: '经审会组成人员（当前与历届）',
  input: z.object({ unitId: id.nullish() }).strict(),
  access: ALL_ROLES,
});

export const oversightMembersAdd = endpoint<OversightMemberRow[]>()({
  name: 'oversight.members.add',
  summary: '登记经审会组成人员（主席、副主席、常委、财务负责人及经管钱物人员不得担任）',
  input: z
    .object({ unitId: id, userId: id, position: z.enum(MEMBER_POSITIONS), termFrom: isoDate, termTo: optDate })
    .strict(),
  access: ['经审会主任', '系统管理员'],
});

export const oversightMembersEnd = endpoint<OversightMemberRow[]>()({
  name: 'oversight.members.end',
  summary: '经审会组成人员任期结束',
  input: z.object({ id, termTo: isoDate }).strict(),
  access: ['经审会主任', '系统管理员'],
});

// ── plan and projects ────────────────────────────────────────────────────────────────────────────────

export const oversightPlanGet = endpoint<{ plan: OversightPlan | null; projects: OversightProjectRow[] }>()({
  name: 'oversight.plan.get',
  summary: '年度审计计划及其项目',
  input: z.object({ year }).strict(),
  access: ALL_ROLES,
});

export const oversightPlanSave = endpoint<{ plan: OversightPlan | null; projects: OversightProjectRow[] }>()({
  name: 'oversight.plan.save',
  summary: '编制或批准年度审计计划',
  input: z.object({ year, title: text(100, '请填写计划名称'), notes: optText(4000), approve: z.boolean().default(false) }).strict(),
  access: WRITERS,
});

export const oversightProjectsList = endpoint<OversightProjectRow[]>()({
  name: 'oversight.projects.list',
  summary: '审计项目列表',
  input: z.object({ year: year.nullish(), unitId: id.nullish(), status: z.enum(PROJECT_STATUSES).nullish() }).strict(),
  access: ALL_ROLES,
});

export const oversightProjectsGet = endpoint<OversightProjectDetail>()({
  name: 'oversight.projects.get',
  summary: '审计项目详情（工作底稿、问题、整改、会议决议）',
  input: z.object({ id }).strict(),
  access: ALL_ROLES,
});

export const oversightProjectsSave = endpoint<OversightProjectDetail>()({
  name: 'oversight.projects.save',
  summary: '新建或修改审计项目（已归档的项目不能修改）',
  input: z
    .object({
      id: id.nullish(),
      year,
      name: text(100, '请填写项目名称'),
      kind: z.enum(PROJECT_KINDS),
      unitId: id,
      budgetBookId: id.nullish().transform((v) => v ?? null),
      periodFrom: optDate,
      periodTo: optDate,
      team: optText(500),
      leader: optText(40),
      startOn: optDate,
      endOn: optDate,
      status: z.enum(PROJECT_STATUSES).default('计划'),
      basis: optText(2000),
      scope: optText(2000),
      method: optText(1000),
      summary: optText(4000),
      strengths: optText(4000),
      opinion: optText(4000),
      deadline: optDate,
    })
    .strict(),
  access: WRITERS,
});

export const oversightPapersAdd = endpoint<OversightProjectDetail>()({
  name: 'oversight.papers.add',
  summary: '添加工作底稿（文件按内容哈希保存，附说明）',
  input: z.object({ projectId: id, title: text(100, '请填写底稿名称'), note: optText(2000), uploadId: z.string().min(1).nullish() }).strict(),
  access: WRITERS,
});

export const oversightPapersExport = endpoint<ExportedFile>()({
  name: 'oversight.papers.export',
  summary: '下载工作底稿文件',
  input: z.object({ id }).strict(),
  access: ALL_ROLES,
});

// ── findings and evidence ────────────────────────────────────────────────────────────────────────────

export const oversightFindingsSave = endpoint<OversightProjectDetail>()({
  name: 'oversight.findings.save',
  summary: '记录或修改审计发现的问题（同时建立整改台账条目）',
  input: z
    .object({
      id: id.nullish(),
      projectId: id,
      categoryId: id,
      description: text(4000, '请描述问题'),
      amountFen: fen.default(0),
      basis: optText(1000),
      severity: z.enum(SEVERITIES).default('一般'),
      nature: z.enum(NATURES).default('管理不规范'),
      requirement: optText(2000),
    })
    .strict(),
  access: WRITERS,
});

export const oversightFindingsRespond = endpoint<OversightProjectDetail>()({
  name: 'oversight.findings.respond',
  summary: '被审计单位对问题的反馈意见',
  input: z.object({ id, response: text(4000, '请填写反馈意见') }).strict(),
  access: ALL_ROLES,
});

export const oversightFindingsList = endpoint<OversightFindingRow[]>()({
  name: 'oversight.findings.list',
  summary: '问题清单（按年度、单位、类别）',
  input: z.object({ year: year.nullish(), unitId: id.nullish(), categoryId: id.nullish(), projectId: id.nullish() }).strict(),
  access: ALL_ROLES,
});

export const oversightEvidenceCandidates = endpoint<OversightEvidenceCandidate[]>()({
  name: 'oversight.evidence.candidates',
  summary: '可作为证据关联的记录（凭证、支出申请、收缴记录、预算行）',
  input: z
    .object({ kind: z.enum(EVIDENCE_KINDS), unitId: id.nullish(), q: optText(60), refId: id.nullish() })
    .strict(),
  access: ALL_ROLES,
});

export const oversightEvidenceAdd = endpoint<OversightFindingRow>()({
  name: 'oversight.evidence.add',
  summary: '为问题或整改关联证据（数据库中的记录或上传的文件）',
  input: z
    .object({
      findingId: id,
      purpose: z.enum(EVIDENCE_PURPOSES).default('问题'),
      kind: z.enum(EVIDENCE_KINDS),
      refId: id.nullish(),
      uploadId: z.string().min(1).nullish(),
      note: optText(500),
    })
    .strict(),
  access: ALL_ROLES,
});

export const oversightEvidenceExport = endpoint<ExportedFile>()({
  name: 'oversight.evidence.export',
  summary: '下载证据文件',
  input: z.object({ id }).strict(),
  access: ALL_ROLES,
});

// ── rectification ledger ─────────────────────────────────────────────────────────────────────────────

export const oversightRectList = endpoint<OversightRectRow[]>()({
  name: 'oversight.rect.list',
  summary: '整改台账（按年度、单位、状态；逾期的标出）',
  input: z
    .object({
      year: year.nullish(),
      unitId: id.nullish(),
      projectId: id.nullish(),
      status: z.enum(['未整改', '整改中', '已整改', '已销号']).nullish(),
      overdueOnly: z.boolean().default(false),
    })
    .strict(),
  access: ALL_ROLES,
});

export const oversightRectOverdue = endpoint<{ overdue: number; open: number }>()({
  name: 'oversight.rect.overdue',
  summary: '逾期未整改的事项数（首页）',
  input: z.object({}).strict(),
  access: ALL_ROLES,
});

export const oversightRectUpdate = endpoint<OversightRectRow>()({
  name: 'oversight.rect.update',
  summary: '登记整改措施与进度（被审计单位或审计人员；销号须经审会办理）',
  input: z
    .object({
      id,
      measures: optText(4000),
      leader: optText(40),
      person: optText(40),
      deadline: optDate,
      status: z.enum(['未整改', '整改中', '已整改']),
      completedOn: optDate,
      result: optText(4000),
      note: optText(1000),
    })
    .strict(),
  access: ALL_ROLES,
});

export const oversightRectVerify = endpoint<OversightRectRow>()({
  name: 'oversight.rect.verify',
  summary: '经审会核验整改：销号或退回继续整改',
  input: z.object({ id, action: z.enum(['销号', '退回']), opinion: optText(1000) }).strict(),
  access: CLOSERS,
});

export const oversightRectHistory = endpoint<OversightRectHistoryRow[]>()({
  name: 'oversight.rect.history',
  summary: '整改事项的历史',
  input: z.object({ id }).strict(),
  access: ALL_ROLES,
});

// ── committee sessions ───────────────────────────────────────────────────────────────────────────────

export const oversightSessionsList = endpoint<OversightSessionRow[]>()({
  name: 'oversight.sessions.list',
  summary: '经审会会议列表',
  input: z.object({ year: year.nullish() }).strict(),
  access: ALL_ROLES,
});

export const oversightSessionsGet = endpoint<OversightSessionDetail>()({
  name: 'oversight.sessions.get',
  summary: '经审会会议详情（出席、法定人数、议题与决议）',
  input: z.object({ id }).strict(),
  access: ALL_ROLES,
});

export const oversightSessionsSave = endpoint<OversightSessionDetail>()({
  name: 'oversight.sessions.save',
  summary: '新建或修改经审会会议（日期、地点、主持人、出席人员、纪要）',
  input: z
    .object({
      id: id.nullish(),
      unitId: id,
      heldOn: isoDate,
      title: optText(100),
      place: optText(100),
      chair: optText(40),
      minutes: optText(8000),
      attendees: z
        .array(z.object({ userId: id.nullish().transform((v) => v ?? null), name: text(40, '请填写姓名'), attendance: z.enum(ATTENDANCES).default('出席') }).strict())
        .max(100)
        .default([]),
    })
    .strict(),
  access: WRITERS,
});

export const oversightAgendaAdd = endpoint<OversightSessionDetail>()({
  name: 'oversight.agenda.add',
  summary: '添加会议议题（关联预算、审计项目或整改事项）',
  input: z.object({ sessionId: id, kind: z.enum(AGENDA_KINDS), refId: id.nullish(), title: optText(200) }).strict(),
  access: WRITERS,
});

export const oversightAgendaResolve = endpoint<OversightSessionDetail>()({
  name: 'oversight.agenda.resolve',
  summary: '记录议题的决议（须达到法定人数）',
  input: z
    .object({
      id,
      decision: z.enum(DECISIONS),
      resolution: text(4000, '请填写决议内容'),
      votesFor: count,
      votesAgainst: count,
      votesAbstain: count,
    })
    .strict(),
  access: WRITERS,
});

export const oversightBudgetResolutions = endpoint<OversightBudgetResolutions>()({
  name: 'oversight.budget.resolutions',
  summary: '年度预算可引用的经审会决议及已引用的决议',
  input: z.object({ bookId: id }).strict(),
  access: ALL_ROLES,
});

// ── reports ──────────────────────────────────────────────────────────────────────────────────────────

export const oversightStats = endpoint<OversightStats>()({
  name: 'oversight.stats',
  summary: '问题统计（按类别、单位、整改状态）',
  input: z.object({ year }).strict(),
  access: ALL_ROLES,
});

export const oversightReportExport = endpoint<ExportedFile>()({
  name: 'oversight.report.export',
  summary: '导出经审报告（审查报告、问题清单、整改台账、问题统计、会议纪要）',
  input: z.object({ year, projectId: id.nullish(), unitId: id.nullish() }).strict(),
  access: ALL_ROLES,
});

export const oversight = {
  oversightLookups, oversightCategoriesSave, oversightMembersList, oversightMembersAdd, oversightMembersEnd,
  oversightPlanGet, oversightPlanSave, oversightProjectsList, oversightProjectsGet, oversightProjectsSave,
  oversightPapersAdd, oversightPapersExport, oversightFindingsSave, oversightFindingsRespond, oversightFindingsList,
  oversightEvidenceCandidates, oversightEvidenceAdd, oversightEvidenceExport, oversightRectList, oversightRectOverdue,
  oversightRectUpdate, oversightRectVerify, oversightRectHistory, oversightSessionsList, oversightSessionsGet,
  oversightSessionsSave, oversightAgendaAdd, oversightAgendaResolve, oversightBudgetResolutions, oversightStats,
  oversightReportExport,
} as const;

