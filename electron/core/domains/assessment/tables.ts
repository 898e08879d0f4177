// 考核评价 (百分制考核、一企一档、资金挂钩): the Kysely table types of migration 0008_assessment, merged into the DB interface in db/schema.ts.
import type { Generated } from 'kysely';

export interface AssessTemplateTable {
  id: Generated<number>;
  code: string;
  name: string;
  year: number;
  version: Generated<number>;
  subject_kinds: string;
  total_points: number;
  bonus_cap: Generated<number>;
  bands_json: string;
  cap_grade: string;
  uplift_grades: Generated<string>;
  cut_grades: Generated<string>;
  allowance_grades: Generated<string>;
  example: Generated<number>;
  source: string | null;
  note: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface AssessCategoryTable {
  id: Generated<number>;
  template_id: number;
  seq: number;
  name: string;
  example: Generated<number>;
}

export interface AssessItemTable {
  id: Generated<number>;
  template_id: number;
  category_id: number;
  seq: number;
  code: string;
  title: string;
  content: string;
  max_points: number;
  mandatory: Generated<number>;
  pass_min: number | null;
  bonus: Generated<number>;
  /** 扣分项: scored 0 down to −max_points. */
  deduction: Generated<number>;
  method: string;
  rule_key: string | null;
  rule_params_json: string | null;
  evidence: string | null;
  example: Generated<number>;
}

export interface AssessRoundTable {
  id: Generated<number>;
  template_id: number;
  year: number;
  name: string;
  status: Generated<string>;
  self_due: string | null;
  review_due: string | null;
  created_at: string;
  created_by: number | null;
  closed_at: string | null;
  closed_by: number | null;
  reopen_count: Generated<number>;
  computed_at: string | null;
}

export interface AssessSubjectTable {
  id: Generated<number>;
  round_id: number;
  unit_id: number;
  person_name: string | null;
  rank_group: string;
  self_submitted_at: string | null;
  self_total: number | null;
  total: number | null;
  grade: string | null;
  mandatory_failed: Generated<number>;
  reviewed_items: Generated<number>;
  rank: number | null;
}

export interface AssessScoreTable {
  subject_id: number;
  item_id: number;
  round_id: number;
  self_score: number | null;
  self_note: string | null;
  self_by: number | null;
  self_at: string | null;
  /** 代录: the federation clerk's name when the self score was recorded on the unit's behalf. */
  self_proxy_name: string | null;
  review_score: number | null;
  review_note: string | null;
  review_by: number | null;
  review_at: string | null;
  computed_value: string | null;
  computed_score: number | null;
  computed_detail: string | null;
  final_score: number | null;
}

export interface AssessEvidenceTable {
  id: Generated<number>;
  subject_id: number;
  item_id: number;
  round_id: number;
  file_id: number;
  name: string;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface AssessReopenTable {
  id: Generated<number>;
  round_id: number;
  reason: string;
  at: string;
  by_user: number | null;
  by_name: string;
}

export interface AssessServiceTable {
  id: Generated<number>;
  unit_id: number;
  service_date: string;
  year: number;
  category: string;
  title: string;
  people: number;
  amount_fen: number;
  expense_request_id: number | null;
  satisfaction: number | null;
  resolved: number | null;
  provider: string | null;
  note: string | null;
  created_at: string;
  created_by: number | null;
  deleted_at: string | null;
}

export interface AssessProposalTable {
  id: Generated<number>;
  round_id: number;
  target_year: number;
  status: Generated<string>;
  params_json: string;
  total_fen: number;
  created_at: string;
  created_by: number | null;
  created_by_name: string;
  decided_at: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  decision_note: string | null;
}

export interface AssessProposalLineTable {
  id: Generated<number>;
  proposal_id: number;
  unit_id: number;
  subject_id: number;
  total: number | null;
  grade: string | null;
  action: string;
  percent: number;
  base_fen: number;
  amount_fen: number;
  allowance_fen: Generated<number>;
  rectify_by: string | null;
  basis: string;
}

export interface AssessmentTables {
  assess_template: AssessTemplateTable;
  assess_category: AssessCategoryTable;
  assess_item: AssessItemTable;
  assess_round: AssessRoundTable;
  assess_subject: AssessSubjectTable;
  assess_score: AssessScoreTable;
  assess_evidence: AssessEvidenceTable;
  assess_reopen: AssessReopenTable;
  assess_service: AssessServiceTable;
  assess_proposal: AssessProposalTable;
  assess_proposal_line: AssessProposalLineTable;
}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const ASSESSMENT_MAIN_TABLES: ReadonlyArray<{ table: keyof AssessmentTables & string; label: string }> = [
  { table: 'assess_template', label: '考核模板' },
  { table: 'assess_round', label: '考核轮次' },
  { table: 'assess_subject', label: '考核对象' },
  { table: 'assess_service', label: '服务台账（一企一档）' },
  { table: 'assess_proposal', label: '资金分配建议' },
];
