// 经费收缴 (税务代征、分成、返还、对账): the Kysely table types of migration 0006_collection, merged into the DB interface in db/schema.ts.
import type { Generated } from 'kysely';

export interface CollectionRuleTable {
  id: Generated<number>;
  effective_from: string;
  rate_bp: number;
  grassroots_bp: number;
  county_bp: number;
  city_bp: number;
  province_bp: number;
  national_bp: number;
  fee_bp: number;
  small_micro_refund_bp: number;
  tolerance_bp: number;
  source: string | null;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface CollectionPayerTable {
  unit_id: number;
  small_micro: number;
  small_micro_from: string | null;
  small_micro_to: string | null;
  channel: string;
  notes: string | null;
  updated_at: string;
}

export interface CollectionPayrollBaseTable {
  id: Generated<number>;
  unit_id: number;
  from_month: string;
  payroll_base_fen: number;
  staff_count: number | null;
  source: string;
  created_at: string;
  created_by: number | null;
}

export interface CollectionProfileTable {
  id: Generated<number>;
  name: string;
  target: string;
  mapping_json: string;
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

export interface CollectionPayerAliasTable {
  id: Generated<number>;
  key: string;
  unit_id: number;
  created_at: string;
  created_by: number | null;
}

export interface CollectionBatchTable {
  id: Generated<number>;
  target: string;
  file_name: string;
  sha256: string;
  profile_id: number | null;
  rows_total: number;
  rows_imported: number;
  rows_duplicate: number;
  created_at: string;
  created_by: number | null;
}

export interface CollectionRefundTable {
  id: Generated<number>;
  unit_id: number;
  amount_fen: number;
  bank_name: string | null;
  bank_account: string | null;
  status: string;
  list_no: string;
  created_on: string;
  paid_on: string | null;
  failed_reason: string | null;
  reissue_of: number | null;
  voucher_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface CollectionRecordTable {
  id: Generated<number>;
  batch_id: number | null;
  unit_id: number;
  tax_voucher_no: string;
  /** 所属期 YYYY-MM */
  period: string;
  paid_on: string;
  amount_fen: number;
  declared_base_fen: number | null;
  kind: string;
  channel: string;
  payer_name: string;
  payer_credit_code: string | null;
  rule_id: number | null;
  grassroots_fen: number;
  county_fen: number;
  city_fen: number;
  province_fen: number;
  national_fen: number;
  fee_fen: number;
  held_fen: number;
  refund_due_fen: number;
  refund_id: number | null;
  voucher_id: number | null;
  converted_voucher_id: number | null;
  created_at: string;
}

export interface CollectionReferenceTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  source: string;
  wage_fen: number;
  staff_count: number | null;
  batch_id: number | null;
  created_at: string;
}

export interface CollectionFlagTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  kind: string;
  due_fen: number;
  paid_fen: number;
  declared_base_fen: number | null;
  reference_fen: number | null;
  reference_source: string | null;
  gap_fen: number;
  status: string;
  active: number;
  found_at: string;
  checked_at: string;
  resolved_at: string | null;
}

export interface CollectionFollowupTable {
  id: Generated<number>;
  flag_id: number;
  action: string;
  on_date: string;
  note: string | null;
  resolves: number;
  created_at: string;
  created_by: number | null;
}

export interface CollectionAccrualTable {
  id: Generated<number>;
  year: number;
  unit_id: number;
  basis: string;
  report_no: string | null;
  due_fen: number;
  paid_fen: number;
  amount_fen: number;
  county_fen: number;
  upper_fen: number;
  rule_id: number | null;
  voucher_id: number;
  accrued_on: string;
  /** The last collection_record id when the accrual was made: later records are what clears it. */
  last_record_id: number;
  cleared_county_fen: number;
  cleared_upper_fen: number;
  created_at: string;
  created_by: number | null;
}

export interface CollectionAccrualClearTable {
  id: Generated<number>;
  accrual_id: number;
  record_id: number;
  voucher_id: number;
  county_fen: number;
  upper_fen: number;
  created_at: string;
}

export interface CollectionAccrualCorrectionTable {
  id: Generated<number>;
  accrual_id: number;
  before_amount_fen: number;
  before_county_fen: number;
  before_upper_fen: number;
  amount_fen: number;
  county_fen: number;
  upper_fen: number;
  voucher_id: number;
  corrected_on: string;
  reason: string;
  created_at: string;
  created_by: number | null;
}

export interface CollectionTables {
  collection_rule: CollectionRuleTable;
  collection_payer: CollectionPayerTable;
  collection_payroll_base: CollectionPayrollBaseTable;
  collection_profile: CollectionProfileTable;
  collection_payer_alias: CollectionPayerAliasTable;
  collection_batch: CollectionBatchTable;
  collection_refund: CollectionRefundTable;
  collection_record: CollectionRecordTable;
  collection_reference: CollectionReferenceTable;
  collection_flag: CollectionFlagTable;
  collection_followup: CollectionFollowupTable;
  collection_accrual: CollectionAccrualTable;
  collection_accrual_clear: CollectionAccrualClearTable;
  collection_accrual_correction: CollectionAccrualCorrectionTable;
}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const COLLECTION_MAIN_TABLES: ReadonlyArray<{ table: keyof CollectionTables & string; label: string }> = [
  { table: 'collection_record', label: '收缴记录' },
  { table: 'collection_refund', label: '返还转账' },
  { table: 'collection_reference', label: '参考工资数据' },
  { table: 'collection_flag', label: '对账疑点' },
];
