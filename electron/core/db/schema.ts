import type { ExpenseTables } from '../domains/expense/tables';
import { EXPENSE_MAIN_TABLES } from '../domains/expense/tables';
import type { CollectionTables } from '../domains/collection/tables';
import { COLLECTION_MAIN_TABLES } from '../domains/collection/tables';
import type { OversightTables } from '../domains/oversight/tables';
import { OVERSIGHT_MAIN_TABLES } from '../domains/oversight/tables';
import type { AssessmentTables } from '../domains/assessment/tables';
import { ASSESSMENT_MAIN_TABLES } from '../domains/assessment/tables';
// Table types for Kysely. Money columns are INTEGER fen; dates are ISO text.
import type { Generated } from 'kysely';

export interface AppSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface StoredFileTable {
  id: Generated<number>;
  sha256: string;
  name: string;
  size: number;
  mime: string | null;
  content: Uint8Array;
  created_at: string;
  created_by: number | null;
}

export interface RoleTable {
  code: string;
  description: string;
  sort: number;
  builtin: number;
}

export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string | null;
  kind: string;
  org_type: string | null;
  ownership: string | null;
  credit_code: string | null;
  union_credit_code: string | null;
  parent_id: number | null;
  union_founded_on: string | null;
  union_status: string | null;
  chair: string | null;
  member_count: number | null;
  staff_count: number | null;
  payroll_base_fen: number | null;
  bank_name: string | null;
  bank_account: string | null;
  contact_person: string | null;
  contact_phone: string | null;
  address: string | null;
  notes: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  unit_id: number | null;
  title: string | null;
  password_hash: string;
  password_salt: string;
  must_change_password: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  active: Generated<number>;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role_code: string;
  granted_at: string;
  granted_by: number | null;
}

export interface SodRuleTable {
  id: Generated<number>;
  name: string;
  role_a: string;
  role_b: string;
  basis: string;
  effective_from: string;
  effective_to: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string;
  role: string;
  module: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

// ── budget (0004_budget) ─────────────────────────────────────────────────────────────────────────

export interface BudgetRuleTable {
  id: Generated<number>;
  key: string;
  name: string;
  blocking: number;
  params_json: string;
  effective_from: string;
  effective_to: string | null;
  basis: string;
  created_at: string;
  created_by: number | null;
}

export interface BudgetVersionTable {
  id: Generated<number>;
  year: number;
  unit_id: number;
  seq: number;
  chart: string;
  source: string;
  file_name: string | null;
  file_sha256: string | null;
  preparer: string | null;
  phone: string | null;
  prepared_on: string | null;
  unit_head: string | null;
  layout_json: string | null;
  warnings_json: string | null;
  income_fen: number;
  expense_fen: number;
  basic_fen: number;
  project_fen: number;
  line_count: number;
  project_count: number;
  locked: Generated<number>;
  created_at: string;
  created_by: number | null;
  created_by_name: string;
}

export interface BudgetProjectTable {
  id: Generated<number>;
  version_id: number;
  code: string;
  name: string;
  funding_source: string;
  special_fund: string | null;
  purpose: string | null;
  period_start: string | null;
  period_end: string | null;
  manager: string | null;
  goals: string | null;
  indicators: string | null;
  total_fen: number;
  sheet: string;
  row_no: number;
}

export interface BudgetLineTable {
  id: Generated<number>;
  version_id: number;
  unit_id: number;
  direction: string;
  subject_code: string;
  expense_type: string | null;
  funding_source: string;
  project_id: number | null;
  item: string | null;
  quantity: string | null;
  unit_price_fen: number | null;
  amount_fen: number;
  sangong: string | null;
  special_fund: string | null;
  note: string | null;
  sheet: string;
  row_no: number;
}

export interface BudgetUnitYearTable {
  year: number;
  unit_id: number;
  current_version_id: number | null;
  version_count: Generated<number>;
  last_attempt_at: string | null;
  last_attempt_ok: number | null;
  last_file_name: string | null;
  last_error_count: Generated<number>;
  last_errors_json: string | null;
}

export interface BudgetImportRejectionTable {
  id: Generated<number>;
  year: number;
  unit_id: number | null;
  file_name: string;
  file_sha256: string | null;
  at: string;
  user_id: number | null;
  username: string;
  error_count: number;
  warning_count: number;
  errors_json: string | null;
  warnings_json: string | null;
}

export interface BudgetBookTable {
  id: Generated<number>;
  year: number;
  kind: string;
  seq: number;
  title: string;
  stage: number;
  status: string;
  reason: string | null;
  based_on_book_id: number | null;
  snapshot_at: string | null;
  created_at: string;
  created_by: number | null;
  approved_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export interface BudgetBookMemberTable {
  book_id: number;
  unit_id: number;
  version_id: number;
}

export interface BudgetStepTable {
  id: Generated<number>;
  book_id: number;
  stage: number;
  action: string;
  to_stage: number;
  user_id: number | null;
  username: string;
  display_name: string;
  role: string;
  on_behalf: Generated<number>;
  signer_name: string | null;
  signed_on: string | null;
  scan_file_id: number | null;
  opinion: string | null;
  attachments_json: string | null;
  meeting_json: string | null;
  committee_resolution_id: string | null;
  approval_doc: string | null;
  checks_json: string | null;
  at: string;
}

// ── ledger (0003_ledger) ─────────────────────────────────────────────────────────────────────────

export interface LedgerSetTable {
  id: Generated<number>;
  name: string;
  unit_id: number;
  chart: string;
  fiscal_funding: number;
  start_year: number;
  start_month: number;
  current_year: number;
  active: Generated<number>;
  notes: string | null;
  created_at: string;
  created_by: number | null;
}

export interface LedgerAccountTable {
  set_id: number;
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  type: string;
  side: string;
  seeded: number;
  code_assigned: number;
  closing: string | null;
  note: string | null;
  active: Generated<number>;
  created_at: string;
}

export interface LedgerDimensionRuleTable {
  id: Generated<number>;
  set_id: number;
  prefix: string;
  kind: string;
  required: number;
  when_expense_type: string | null;
  basis: string;
  updated_at: string;
}

export interface LedgerEconClassTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  seeded: number;
  active: Generated<number>;
  updated_at: string;
}

export interface LedgerProjectTable {
  id: Generated<number>;
  set_id: number;
  code: string;
  name: string;
  special: number;
  active: Generated<number>;
  created_at: string;
  created_by: number | null;
}

export interface LedgerPeriodTable {
  set_id: number;
  year: number;
  month: number;
  closed: number;
  closed_at: string | null;
  closed_by: number | null;
  reopened_at: string | null;
  reopened_by: number | null;
  reopen_reason: string | null;
}

export interface LedgerYearCloseTable {
  set_id: number;
  year: number;
  closed_at: string;
  closed_by: number | null;
  voucher_ids: string;
}

export interface LedgerVoucherTable {
  id: Generated<number>;
  set_id: number;
  year: number;
  month: number;
  number: number;
  date: string;
  summary: string;
  status: string;
  kind: string;
  attachment_count: number;
  debit_total_fen: number;
  credit_total_fen: number;
  preparer_id: number;
  prepared_at: string;
  reviewer_id: number | null;
  reviewed_at: string | null;
  poster_id: number | null;
  posted_at: string | null;
  voided_by: number | null;
  voided_at: string | null;
  void_reason: string | null;
  reverses_voucher_id: number | null;
  reversed_by_voucher_id: number | null;
  supplements_voucher_id: number | null;
  source_module: string | null;
  source_type: string | null;
  source_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface LedgerVoucherLineTable {
  id: Generated<number>;
  voucher_id: number;
  set_id: number;
  line_no: number;
  summary: string;
  account_code: string;
  account_l1: string;
  debit_fen: number;
  credit_fen: number;
  project_id: number | null;
  fund_source: string | null;
  expense_type: string | null;
  econ_code: string | null;
  unit_id: number | null;
  dim_key: string;
  date: string;
  year: number;
  month: number;
  voucher_number: number;
  posted: number;
  closing: number;
}

export interface LedgerVoucherAttachmentTable {
  voucher_id: number;
  file_id: number;
  name: string;
  sort: number;
  added_at: string;
  added_by: number | null;
}

export interface LedgerBalanceTable {
  set_id: number;
  year: number;
  month: number;
  account_code: string;
  dim_key: string;
  project_id: number | null;
  fund_source: string | null;
  expense_type: string | null;
  econ_code: string | null;
  unit_id: number | null;
  debit_fen: number;
  credit_fen: number;
  close_debit_fen: number;
  close_credit_fen: number;
}

export interface LedgerOpeningTable {
  set_id: number;
  account_code: string;
  dim_key: string;
  project_id: number | null;
  fund_source: string | null;
  expense_type: string | null;
  econ_code: string | null;
  unit_id: number | null;
  balance_fen: number;
  ytd_debit_fen: number;
  ytd_credit_fen: number;
  updated_at: string;
}

/** Every table. The later domains keep their table types beside their code (domains/<name>/tables.ts). */
export interface DB extends ExpenseTables, CollectionTables, OversightTables, AssessmentTables {
  app_setting: AppSettingTable;
  stored_file: StoredFileTable;
  role: RoleTable;
  unit: UnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  sod_rule: SodRuleTable;
  audit_log: AuditLogTable;
  ledger_set: LedgerSetTable;
  ledger_account: LedgerAccountTable;
  ledger_dimension_rule: LedgerDimensionRuleTable;
  ledger_econ_class: LedgerEconClassTable;
  ledger_project: LedgerProjectTable;
  ledger_period: LedgerPeriodTable;
  ledger_year_close: LedgerYearCloseTable;
  ledger_voucher: LedgerVoucherTable;
  ledger_voucher_line: LedgerVoucherLineTable;
  ledger_voucher_attachment: LedgerVoucherAttachmentTable;
  ledger_balance: LedgerBalanceTable;
  ledger_opening: LedgerOpeningTable;
  budget_rule: BudgetRuleTable;
  budget_version: BudgetVersionTable;
  budget_project: BudgetProjectTable;
  budget_line: BudgetLineTable;
  budget_unit_year: BudgetUnitYearTable;
  budget_import_rejection: BudgetImportRejectionTable;
  budget_book: BudgetBookTable;
  budget_book_member: BudgetBookMemberTable;
  budget_step: BudgetStepTable;
}

/** Main tables whose row counts the home page and `cli info` show, with their Chinese labels. */
export const MAIN_TABLES: ReadonlyArray<{ table: keyof DB & string; label: string }> = [
  { table: 'unit', label: '单位' },
  { table: 'app_user', label: '用户' },
  { table: 'role', label: '角色' },
  { table: 'audit_log', label: '审计日志' },
  { table: 'stored_file', label: '附件文件' },
  { table: 'app_setting', label: '系统设置' },
  { table: 'ledger_set', label: '账套' },
  { table: 'ledger_voucher', label: '记账凭证' },
  { table: 'ledger_voucher_line', label: '凭证分录' },
  { table: 'budget_version', label: '预算版本' },
  { table: 'budget_line', label: '预算明细行' },
  { table: 'budget_book', label: '年度预算（审批）' },
  ...EXPENSE_MAIN_TABLES,
  ...COLLECTION_MAIN_TABLES,
  ...OVERSIGHT_MAIN_TABLES,
  ...ASSESSMENT_MAIN_TABLES,
];
