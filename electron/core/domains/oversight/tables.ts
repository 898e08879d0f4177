// 经审监督 (审计项目、问题、整改台账、经审会会议): the Kysely table types of migration 0007_oversight, merged into the DB interface in db/schema.ts.
import type { Generated } from 'kysely';

export interface OversightCategoryTable {
  id: Generated<number>;
  name: string;
  group_name: string;
  sort: number;
  active: Generated<number>;
  created_at: string;
}

export interface OversightMemberTable {
  id: Generated<number>;
  unit_id: number;
  user_id: number;
  position: string;
  term_from: string;
  term_to: string | null;
  created_at: string;
  created_by: number | null;
}

export interface OversightPlanTable {
  id: Generated<number>;
  year: number;
  title: string;
  status: string;
  notes: string | null;
  approved_at: string | null;
  approved_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface OversightProjectTable {
  id: Generated<number>;
  year: number;
  code: string;
  name: string;
  kind: string;
  unit_id: number;
  budget_book_id: number | null;
  period_from: string | null;
  period_to: string | null;
  team: string | null;
  leader: string | null;
  start_on: string | null;
  end_on: string | null;
  status: string;
  basis: string | null;
  scope: string | null;
  method: string | null;
  summary: string | null;
  strengths: string | null;
  opinion: string | null;
  deadline: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface OversightPaperTable {
  id: Generated<number>;
  project_id: number;
  title: string;
  note: string | null;
  file_id: number | null;
  sha256: string | null;
  created_at: string;
  created_by: number | null;
}

export interface OversightFindingTable {
  id: Generated<number>;
  project_id: number;
  seq: number;
  category_id: number;
  description: string;
  amount_fen: Generated<number>;
  basis: string | null;
  severity: string;
  nature: string;
  requirement: string | null;
  response: string | null;
  response_by: number | null;
  response_name: string | null;
  response_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface OversightEvidenceTable {
  id: Generated<number>;
  finding_id: number;
  purpose: string;
  kind: string;
  ref_id: number | null;
  file_id: number | null;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface OversightRectificationTable {
  id: Generated<number>;
  finding_id: number;
  measures: string | null;
  leader: string | null;
  person: string | null;
  deadline: string | null;
  status: string;
  completed_on: string | null;
  result: string | null;
  verified_by: number | null;
  verified_name: string | null;
  verified_at: string | null;
  note: string | null;
  updated_at: string;
}

export interface OversightRectHistoryTable {
  id: Generated<number>;
  rectification_id: number;
  at: string;
  user_id: number | null;
  username: string;
  role: string;
  from_status: string | null;
  to_status: string;
  summary: string;
  snapshot_json: string;
}

export interface OversightSessionTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  seq: number;
  title: string;
  held_on: string;
  place: string | null;
  chair: string | null;
  status: string;
  minutes: string | null;
  closed_at: string | null;
  created_at: string;
  created_by: number | null;
}

export interface OversightAttendeeTable {
  session_id: number;
  user_id: number | null;
  name: string;
  attendance: string;
}

export interface OversightAgendaTable {
  id: Generated<number>;
  session_id: number;
  seq: number;
  kind: string;
  ref_id: number | null;
  title: string;
  decision: string | null;
  resolution: string | null;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface OversightBudgetCitationTable {
  step_id: number;
  agenda_id: number;
  created_at: string;
}

export interface OversightTables {
  oversight_category: OversightCategoryTable;
  oversight_member: OversightMemberTable;
  oversight_plan: OversightPlanTable;
  oversight_project: OversightProjectTable;
  oversight_paper: OversightPaperTable;
  oversight_finding: OversightFindingTable;
  oversight_evidence: OversightEvidenceTable;
  oversight_rectification: OversightRectificationTable;
  oversight_rect_history: OversightRectHistoryTable;
  oversight_session: OversightSessionTable;
  oversight_attendee: OversightAttendeeTable;
  oversight_agenda: OversightAgendaTable;
  oversight_budget_citation: OversightBudgetCitationTable;
}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const OVERSIGHT_MAIN_TABLES: ReadonlyArray<{ table: keyof OversightTables & string; label: string }> = [
  { table: 'oversight_project', label: '审计项目' },
  { table: 'oversight_finding', label: '审计发现问题' },
  { table: 'oversight_rectification', label: '整改事项' },
  { table: 'oversight_session', label: '经审会会议' },
];
