// 经审监督 (audit committee): the fixed vocabulary shared by the core, the CLI and the renderer.
// Plain TypeScript: no Node-only APIs.

/** Module name in the audit log. */
export const OVERSIGHT_MODULE = '经审监督';

/** Kinds of audit project (domain.md §5.1 scope). 预算审查 ties to the budget's 经审会审查 stage. */
export const PROJECT_KINDS = ['预算审查', '决算审查', '经费收缴审查', '专项审计', '离任审计', '基层工会经费审计'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_STATUSES = ['计划', '实施中', '已出报告', '已归档'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PLAN_STATUSES = ['草拟', '已批准'] as const;

export const SEVERITIES = ['一般', '较重', '严重'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 问题性质 in the report (domain.md §5.4). */
export const NATURES = ['违纪违规', '管理不规范'] as const;
export type Nature = (typeof NATURES)[number];

/** 整改状态. 已销号 is set only by the committee (经审会主任/委员) after verifying the evidence. */
export const RECT_STATUSES = ['未整改', '整改中', '已整改', '已销号'] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];
export const RECT_DONE: readonly RectStatus[] = ['已整改', '已销号'];

/** Evidence links to records of other modules; 文件 is an uploaded file (stored by content hash). */
export const EVIDENCE_KINDS = ['凭证', '支出申请', '收缴记录', '预算行', '文件'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_PURPOSES = ['问题', '整改'] as const;
export type EvidencePurpose = (typeof EVIDENCE_PURPOSES)[number];

export const MEMBER_POSITIONS = ['主任', '副主任', '委员'] as const;
export type MemberPosition = (typeof MEMBER_POSITIONS)[number];

export const ATTENDANCES = ['出席', '列席', '请假'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const AGENDA_KINDS = ['预算审查', '审计项目', '整改事项', '其他'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];
export const DECISIONS = ['通过', '原则通过', '不通过', '暂缓'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SESSION_STATUSES = ['筹备', '已召开'] as const;

// ── who may do what ──────────────────────────────────────────────────────────────────────────────
/** Auditors: write plans, projects, papers, findings; record sessions. */
export const AUDITOR_ROLES = ['经审会主任', '经审会委员'] as const;
/** The committee closes (销号) rectification items and finishes projects. */
export const COMMITTEE_ROLES = ['经审会主任', '经审会委员'] as const;
/** Who may read the workspace (everything read-only for those without a write role). */
export const OVERSIGHT_READERS = [
  '经审会主任', '经审会委员', '只读审阅', '主席', '常务副主席', '分管财务副主席', '常委会', '财务部门', '会计', '系统管理员',
  '办公室', '部门负责人', '经办人',
] as const;
/** The role a member of each position holds (membership exclusions are the SoD rules of this role). */
export const ROLE_OF_POSITION: Readonly<Record<MemberPosition, string>> = { 主任: '经审会主任', 副主任: '经审会委员', 委员: '经审会委员' };

/** Quorum: more than this share of current members must attend (UNCONFIRMED in domain.md; default 1/2). */
export const QUORUM_SHARE = 0.5;

/** The common finding categories (domain.md §5.3, §10 nine categories), the editable list's seed. */
export const DEFAULT_FINDING_CATEGORIES: ReadonlyArray<{ group: string; name: string }> = [
  { group: '预算管理', name: '无预算或预算未经批准' },
  { group: '预算管理', name: '超预算或无预算支出' },
  { group: '预算管理', name: '预算调整不规范' },
  { group: '经费收入', name: '未足额收缴/上缴经费' },
  { group: '经费收入', name: '会费收缴不规范' },
  { group: '经费收入', name: '行政补助或利息收入未入账' },
  { group: '支出范围与标准', name: '经费使用不规范' },
  { group: '支出范围与标准', name: '超标准或超范围支出' },
  { group: '支出范围与标准', name: '三公经费超标' },
  { group: '票据与手续', name: '票据不合规' },
  { group: '票据与手续', name: '审批手续不全' },
  { group: '内部控制', name: '不相容职务未分离' },
  { group: '内部控制', name: '账户或现金管理不规范' },
  { group: '资产管理', name: '资产管理不规范' },
  { group: '会计核算', name: '会计科目使用不当' },
  { group: '民主管理', name: '财务未公开或经审监督缺位' },
];

/** True when a rectification item is past its deadline and not yet done (已整改/已销号). */
export function isOverdue(r: { status: string; deadline: string | null }, today: string): boolean {
  return Boolean(r.deadline && r.deadline < today && !RECT_DONE.includes(r.status as RectStatus));
}
