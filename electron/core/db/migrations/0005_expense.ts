import { sql, type Kysely } from 'kysely';
import { EXPENSE_RULE_NAMES, defaultExpenseRules } from '../../../../shared/expense/rules';

/**
 * 支出审批 (七步审批链): rules as dated data; requests (支出申请/报销单) with the budget lines they draw on,
 * their invoices and attachments; the append-only timeline of step actions; the payment record.
 *
 * Budget availability must not scan all requests: each request line carries its year, budget-line key
 * and state (草稿 / 占用 / 已付 / 释放), and a covering index sums one line's committed and paid amounts.
 * Invoices carry a normalised key with an index, so "the same invoice never reimbursed twice" is one
 * index look-up across all requests and years.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table expense_rule (
    id integer primary key autoincrement,
    key text not null,
    name text not null,
    params_json text not null,
    effective_from text not null,
    effective_to text,
    basis text not null,
    created_at text not null,
    created_by integer
  )`.execute(db);
  await sql`create index expense_rule_key on expense_rule (key, effective_from)`.execute(db);

  await sql`create table expense_request (
    id integer primary key autoincrement,
    number text not null unique,
    year integer not null,
    seq integer not null,
    unit_id integer not null references unit(id),
    applicant_id integer not null references app_user(id),
    applicant_name text not null,
    apply_date text not null,
    kind text not null,
    purpose text not null,
    payee_name text not null,
    payee_bank text,
    payee_account text,
    pay_method text not null,
    cash_reason text,
    amount_fen integer not null,
    sangong text,
    extra_json text not null default '{}',
    status text not null,
    step integer not null,
    warnings_json text,
    paid_fen integer not null default 0,
    paid_on text,
    voucher_id integer references ledger_voucher(id),
    closed_at text,
    created_at text not null,
    updated_at text not null,
    unique (year, seq)
  )`.execute(db);
  await sql`create index expense_request_status on expense_request (status, step)`.execute(db);
  await sql`create index expense_request_year on expense_request (year, apply_date)`.execute(db);
  await sql`create index expense_request_applicant on expense_request (applicant_id, status)`.execute(db);

  // The budget lines a request draws on. state: 草稿 (not yet submitted), 占用 (committed: in the chain,
  // not paid), 已付 (paid), 释放 (rejected or withdrawn: no longer counts).
  await sql`create table expense_line (
    id integer primary key autoincrement,
    request_id integer not null references expense_request(id),
    line_no integer not null,
    year integer not null,
    unit_id integer not null references unit(id),
    subject_code text not null,
    expense_type text not null,
    fund_source text not null,
    project_code text not null default '',
    project_name text,
    budget_project_id integer references budget_project(id),
    amount_fen integer not null,
    state text not null,
    unique (request_id, line_no)
  )`.execute(db);
  await sql`create index expense_line_budget on expense_line
    (year, unit_id, subject_code, fund_source, project_code, state, amount_fen)`.execute(db);

  await sql`create table expense_invoice (
    id integer primary key autoincrement,
    request_id integer not null references expense_request(id),
    line_no integer not null,
    inv_key text not null,
    invoice_code text,
    invoice_number text not null,
    kind text,
    invoice_date text not null,
    seller_name text not null,
    seller_credit_code text,
    item text,
    amount_fen integer not null,
    tax_fen integer not null default 0,
    verify_result text
  )`.execute(db);
  await sql`create index expense_invoice_key on expense_invoice (inv_key)`.execute(db);
  await sql`create index expense_invoice_request on expense_invoice (request_id)`.execute(db);

  await sql`create table expense_attachment (
    id integer primary key autoincrement,
    request_id integer not null references expense_request(id),
    item_key text not null,
    file_id integer not null references stored_file(id),
    name text not null,
    sha256 text not null,
    added_at text not null,
    added_by integer
  )`.execute(db);
  await sql`create index expense_attachment_request on expense_attachment (request_id)`.execute(db);

  // The timeline: one row per action, append-only. on_behalf: recorded by a clerk for the signer of a paper form.
  await sql`create table expense_step (
    id integer primary key autoincrement,
    request_id integer not null references expense_request(id),
    step integer not null,
    action text not null,
    to_step integer not null,
    user_id integer,
    username text not null,
    display_name text not null,
    role text not null,
    on_behalf integer not null default 0,
    signer_name text,
    signed_on text,
    scan_file_id integer references stored_file(id),
    opinion text,
    at text not null
  )`.execute(db);
  await sql`create index expense_step_request on expense_step (request_id, id)`.execute(db);
  // The to-do list of a step: requests waiting at it (status 审批中) by step.
  await sql`create index expense_request_todo on expense_request (step, status, id) where status = '审批中'`.execute(db);
  await sql`create trigger expense_step_no_update before update on expense_step
            begin select raise(abort, '审批记录只能追加，不能修改'); end`.execute(db);
  await sql`create trigger expense_step_no_delete before delete on expense_step
            begin select raise(abort, '审批记录只能追加，不能删除'); end`.execute(db);

  await sql`create table expense_payment (
    id integer primary key autoincrement,
    request_id integer not null unique references expense_request(id),
    paid_on text not null,
    method text not null,
    bank_ref text,
    amount_fen integer not null,
    from_account text not null,
    cashier_id integer not null,
    created_at text not null
  )`.execute(db);
  await sql`create trigger expense_payment_no_update before update on expense_payment
            begin select raise(abort, '付款记录不能修改'); end`.execute(db);
  await sql`create trigger expense_payment_no_delete before delete on expense_payment
            begin select raise(abort, '付款记录不能删除'); end`.execute(db);
  // A paid request's money fields never change (editing after payment is refused by the core and here).
  await sql`create trigger expense_request_paid_update before update of amount_fen, kind, purpose, payee_name, payee_account, pay_method
            on expense_request when old.paid_fen > 0
            begin select raise(abort, '支出申请已付款，不能修改'); end`.execute(db);

  const now = new Date().toISOString();
  for (const r of defaultExpenseRules()) {
    await db
      .insertInto('expense_rule')
      .values({
        key: r.key,
        name: EXPENSE_RULE_NAMES[r.key],
        params_json: JSON.stringify(r.params),
        effective_from: '2000-01-01',
        effective_to: null,
        basis: r.basis,
        created_at: now,
        created_by: null,
      })
      .execute();
  }
}
