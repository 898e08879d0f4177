// 支出审批 (七步审批链): the Kysely table types of migration 0005_expense, merged into the DB interface in db/schema.ts.
import type { Generated } from 'kysely';

export interface ExpenseRuleTable {
  id: Generated<number>;
  key: string;
  name: string;
  params_json: string;
  effective_from: string;
  effective_to: string | null;
  basis: string;
  created_at: string;
  created_by: number | null;
}

export interface ExpenseRequestTable {
  id: Generated<number>;
  /** Human-readable number, ZC2026-0001. */
  number: string;
  year: number;
  seq: number;
  unit_id: number;
  applicant_id: number;
  applicant_name: string;
  apply_date: string;
  kind: string;
  purpose: string;
  payee_name: string;
  payee_bank: string | null;
  payee_account: string | null;
  pay_method: string;
  cash_reason: string | null;
  amount_fen: number;
  sangong: string | null;
  extra_json: Generated<string>;
  /** 草稿 / 审批中 / 已办结 / 已驳回 / 已撤回 */
  status: string;
  /** The step waiting to be acted on (1–7); 8 once closed. */
  step: number;
  warnings_json: string | null;
  paid_fen: Generated<number>;
  paid_on: string | null;
  voucher_id: number | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExpenseLineTable {
  id: Generated<number>;
  request_id: number;
  line_no: number;
  year: number;
  unit_id: number;
  subject_code: string;
  expense_type: string;
  fund_source: string;
  project_code: Generated<string>;
  project_name: string | null;
  budget_project_id: number | null;
  amount_fen: number;
  /** 草稿 / 占用 / 已付 / 释放 */
  state: string;
}

export interface ExpenseInvoiceTable {
  id: Generated<number>;
  request_id: number;
  line_no: number;
  inv_key: string;
  invoice_code: string | null;
  invoice_number: string;
  kind: string | null;
  invoice_date: string;
  seller_name: string;
  seller_credit_code: string | null;
  item: string | null;
  amount_fen: number;
  tax_fen: Generated<number>;
  verify_result: string | null;
}

export interface ExpenseAttachmentTable {
  id: Generated<number>;
  request_id: number;
  item_key: string;
  file_id: number;
  name: string;
  sha256: string;
  added_at: string;
  added_by: number | null;
}

export interface ExpenseStepTable {
  id: Generated<number>;
  request_id: number;
  step: number;
  action: string;
  to_step: number;
  user_id: number | null;
  username: string;
  display_name: string;
  role: string;
  on_behalf: Generated<number>;
  signer_name: string | null;
  signed_on: string | null;
  scan_file_id: number | null;
  opinion: string | null;
  at: string;
}

export interface ExpensePaymentTable {
  id: Generated<number>;
  request_id: number;
  paid_on: string;
  method: string;
  bank_ref: string | null;
  amount_fen: number;
  from_account: string;
  cashier_id: number;
  created_at: string;
}

export interface ExpenseTables {
  expense_rule: ExpenseRuleTable;
  expense_request: ExpenseRequestTable;
  expense_line: ExpenseLineTable;
  expense_invoice: ExpenseInvoiceTable;
  expense_attachment: ExpenseAttachmentTable;
  expense_step: ExpenseStepTable;
  expense_payment: ExpensePaymentTable;
}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const EXPENSE_MAIN_TABLES: ReadonlyArray<{ table: keyof ExpenseTables & string; label: string }> = [
  { table: 'expense_request', label: '支出申请' },
  { table: 'expense_invoice', label: '报销发票' },
];
