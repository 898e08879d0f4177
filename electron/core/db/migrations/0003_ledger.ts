import { sql, type Kysely } from 'kysely';
import { ECON_CLASSES } from '../../../../shared/ledger/dimensions';

/**
 * The books (会计核算): accounting sets with their own chart copy, dimension rules, projects, the
 * economic classification, periods, vouchers with lines and attachments, and the balance table.
 *
 * Balances: `ledger_balance` holds, per set / year / month / account / dimension combination, the posted
 * debit and credit of that month (month 0 = the year's opening balance). Posting adds to it in the same
 * transaction, so every report reads at most accounts × dimension combinations × 13 rows, whatever the
 * number of voucher lines. `close_*` columns hold the part that came from year-end closing vouchers
 * (结转凭证), which the 收入支出表 leaves out.
 *
 * Money columns are INTEGER fen. Red reversal (红字冲销) lines repeat the original lines with negative
 * amounts on the same side, so a balance row's debit/credit are net of red entries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table ledger_set (
      id integer primary key autoincrement,
      name text not null,
      unit_id integer not null references unit(id),
      chart text not null check (chart in ('G', 'C')),
      fiscal_funding integer not null default 0,
      start_year integer not null,
      start_month integer not null check (start_month between 1 and 12),
      current_year integer not null,
      active integer not null default 1,
      notes text,
      created_at text not null,
      created_by integer references app_user(id)
    )`,
    `create unique index ledger_set_name on ledger_set (name)`,

    `create table ledger_account (
      set_id integer not null references ledger_set(id),
      code text not null,
      name text not null,
      level integer not null,
      parent_code text,
      type text not null check (type in ('资产', '负债', '净资产', '收入', '支出')),
      side text not null check (side in ('借', '贷')),
      seeded integer not null default 0,
      code_assigned integer not null default 0,
      closing text,
      note text,
      active integer not null default 1,
      created_at text not null,
      primary key (set_id, code),
      foreign key (set_id, parent_code) references ledger_account (set_id, code)
    )`,
    `create index ledger_account_parent on ledger_account (set_id, parent_code)`,

    `create table ledger_dimension_rule (
      id integer primary key autoincrement,
      set_id integer not null references ledger_set(id),
      prefix text not null,
      kind text not null,
      required integer not null,
      when_expense_type text,
      basis text not null,
      updated_at text not null,
      unique (set_id, prefix, kind)
    )`,

    `create table ledger_econ_class (
      code text primary key,
      name text not null,
      level text not null check (level in ('类', '款')),
      parent_code text,
      seeded integer not null default 0,
      active integer not null default 1,
      updated_at text not null
    )`,

    `create table ledger_project (
      id integer primary key autoincrement,
      set_id integer not null references ledger_set(id),
      code text not null,
      name text not null,
      special integer not null default 0,
      active integer not null default 1,
      created_at text not null,
      created_by integer references app_user(id),
      unique (set_id, code)
    )`,

    `create table ledger_period (
      set_id integer not null references ledger_set(id),
      year integer not null,
      month integer not null check (month between 1 and 12),
      closed integer not null default 0,
      closed_at text,
      closed_by integer references app_user(id),
      reopened_at text,
      reopened_by integer references app_user(id),
      reopen_reason text,
      primary key (set_id, year, month)
    )`,

    `create table ledger_year_close (
      set_id integer not null references ledger_set(id),
      year integer not null,
      closed_at text not null,
      closed_by integer references app_user(id),
      voucher_ids text not null,
      primary key (set_id, year)
    )`,

    `create table ledger_voucher (
      id integer primary key autoincrement,
      set_id integer not null references ledger_set(id),
      year integer not null,
      month integer not null,
      number integer not null,
      date text not null,
      summary text not null,
      status text not null check (status in ('草稿', '已审核', '已记账', '已作废')),
      kind text not null check (kind in ('普通', '红字冲销', '补充', '结转')),
      attachment_count integer not null default 0,
      debit_total_fen integer not null,
      credit_total_fen integer not null,
      preparer_id integer not null references app_user(id),
      prepared_at text not null,
      reviewer_id integer references app_user(id),
      reviewed_at text,
      poster_id integer references app_user(id),
      posted_at text,
      voided_by integer references app_user(id),
      voided_at text,
      void_reason text,
      reverses_voucher_id integer references ledger_voucher(id),
      reversed_by_voucher_id integer references ledger_voucher(id),
      supplements_voucher_id integer references ledger_voucher(id),
      source_module text,
      source_type text,
      source_id text,
      created_at text not null,
      updated_at text not null,
      unique (set_id, year, month, number)
    )`,
    `create index ledger_voucher_date on ledger_voucher (set_id, date, number)`,
    `create index ledger_voucher_status on ledger_voucher (set_id, year, month, status)`,
    `create index ledger_voucher_source on ledger_voucher (source_module, source_type, source_id)`,
    `create index ledger_voucher_reverses on ledger_voucher (reverses_voucher_id)`,
    `create index ledger_voucher_supplements on ledger_voucher (supplements_voucher_id)`,

    `create table ledger_voucher_line (
      id integer primary key autoincrement,
      voucher_id integer not null references ledger_voucher(id),
      set_id integer not null,
      line_no integer not null,
      summary text not null,
      account_code text not null,
      account_l1 text not null,
      debit_fen integer not null default 0,
      credit_fen integer not null default 0,
      project_id integer references ledger_project(id),
      fund_source text,
      expense_type text,
      econ_code text references ledger_econ_class(code),
      unit_id integer references unit(id),
      dim_key text not null,
      date text not null,
      year integer not null,
      month integer not null,
      voucher_number integer not null,
      posted integer not null default 0,
      closing integer not null default 0,
      foreign key (set_id, account_code) references ledger_account (set_id, code),
      unique (voucher_id, line_no)
    )`,
    // 明细账 pages by keyset (date, number, line) for one leaf account or one level-one account.
    `create index ledger_line_account on ledger_voucher_line (set_id, account_code, posted, date, voucher_number, line_no)`,
    `create index ledger_line_l1 on ledger_voucher_line (set_id, account_l1, posted, date, voucher_number, line_no)`,
    `create index ledger_line_project on ledger_voucher_line (project_id) where project_id is not null`,

    `create table ledger_voucher_attachment (
      voucher_id integer not null references ledger_voucher(id),
      file_id integer not null references stored_file(id),
      name text not null,
      sort integer not null,
      added_at text not null,
      added_by integer references app_user(id),
      primary key (voucher_id, file_id)
    )`,

    `create table ledger_balance (
      set_id integer not null,
      year integer not null,
      month integer not null check (month between 0 and 12),
      account_code text not null,
      dim_key text not null,
      project_id integer,
      fund_source text,
      expense_type text,
      econ_code text,
      unit_id integer,
      debit_fen integer not null default 0,
      credit_fen integer not null default 0,
      close_debit_fen integer not null default 0,
      close_credit_fen integer not null default 0,
      primary key (set_id, year, month, account_code, dim_key)
    ) without rowid`,
    `create index ledger_balance_account on ledger_balance (set_id, account_code, year, month)`,

    `create table ledger_opening (
      set_id integer not null references ledger_set(id),
      account_code text not null,
      dim_key text not null,
      project_id integer references ledger_project(id),
      fund_source text,
      expense_type text,
      econ_code text references ledger_econ_class(code),
      unit_id integer references unit(id),
      balance_fen integer not null,
      ytd_debit_fen integer not null default 0,
      ytd_credit_fen integer not null default 0,
      updated_at text not null,
      primary key (set_id, account_code, dim_key),
      foreign key (set_id, account_code) references ledger_account (set_id, code)
    )`,

    // Posted vouchers are never edited or deleted (only the link to the red reversal is set on them).
    `create trigger ledger_voucher_posted_no_delete before delete on ledger_voucher
      when old.status = '已记账'
      begin select raise(abort, '已记账凭证不能删除，请用红字冲销或补充凭证更正'); end`,
    `create trigger ledger_voucher_posted_no_update before update of
      set_id, year, month, number, date, summary, status, kind, attachment_count, debit_total_fen, credit_total_fen,
      preparer_id, prepared_at, reviewer_id, reviewed_at, poster_id, posted_at, voided_by, voided_at, void_reason,
      reverses_voucher_id, supplements_voucher_id, source_module, source_type, source_id
      on ledger_voucher
      when old.status = '已记账'
      begin select raise(abort, '已记账凭证不能修改，请用红字冲销或补充凭证更正'); end`,
    `create trigger ledger_line_posted_no_update before update on ledger_voucher_line
      when old.posted = 1
      begin select raise(abort, '已记账凭证的分录不能修改'); end`,
    `create trigger ledger_line_posted_no_delete before delete on ledger_voucher_line
      when old.posted = 1
      begin select raise(abort, '已记账凭证的分录不能删除'); end`,
    `create trigger ledger_attachment_posted_no_delete before delete on ledger_voucher_attachment
      when (select status from ledger_voucher where id = old.voucher_id) = '已记账'
      begin select raise(abort, '已记账凭证的附件不能删除'); end`,
    `create trigger ledger_attachment_posted_no_insert before insert on ledger_voucher_attachment
      when (select status from ledger_voucher where id = new.voucher_id) = '已记账'
      begin select raise(abort, '已记账凭证不能再增加附件'); end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);

  const now = new Date().toISOString();
  await db
    .insertInto('ledger_econ_class')
    .values(
      ECON_CLASSES.map((e) => ({
        code: e.code,
        name: e.name,
        level: e.level,
        parent_code: e.level === '款' ? e.code.slice(0, 3) : null,
        seeded: 1,
        active: 1,
        updated_at: now,
      })),
    )
    .execute();
}
