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

export interface DB {
  app_setting: AppSettingTable;
  stored_file: StoredFileTable;
  role: RoleTable;
  unit: UnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  sod_rule: SodRuleTable;
  audit_log: AuditLogTable;
}

/** Main tables whose row counts the home page and `cli info` show, with their Chinese labels. */
export const MAIN_TABLES: ReadonlyArray<{ table: keyof DB & string; label: string }> = [
  { table: 'unit', label: '单位' },
  { table: 'app_user', label: '用户' },
  { table: 'role', label: '角色' },
  { table: 'audit_log', label: '审计日志' },
  { table: 'stored_file', label: '附件文件' },
  { table: 'app_setting', label: '系统设置' },
];
