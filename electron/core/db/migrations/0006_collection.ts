import { sql, type Kysely } from 'kysely';

/**
 * 经费收缴 (税务代征、分成、返还、对账).
 *
 * - collection_rule: the split/rate rules as data with effective dates (rates in basis points, 1 bp = 0.01%).
 * - collection_payer: per-employer collection facts the registry lacks (小微 flag, channel).
 * - collection_payroll_base: the monthly payroll base (工资总额) history per employer, from a month on.
 * - collection_profile: saved column-mapping profiles (税务代征 files and reference payroll files).
 * - collection_payer_alias: names/credit codes of the agency's files matched by a clerk to a registry unit.
 * - collection_batch / collection_record: imports and the collected records (unique tax voucher + payer),
 *   each split into parts that add up to the whole, linked to its voucher and its refund.
 * - collection_refund: refunds (返还) per grassroots union, with transfer status and reissues.
 * - collection_reference: reference payroll (企业所得税工资薪金 / 社保缴费基数) per employer and year.
 * - collection_flag / collection_followup: reconciliation findings and their follow-up history.
 * Money columns are INTEGER fen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table collection_rule (
      id integer primary key autoincrement,
      effective_from text not null,
      rate_bp integer not null,
      grassroots_bp integer not null,
      county_bp integer not null,
      city_bp integer not null,
      province_bp integer not null,
      national_bp integer not null,
      fee_bp integer not null default 0,
      small_micro_refund_bp integer not null default 0,
      tolerance_bp integer not null default 1000,
      source text,
      note text,
      created_at text not null,
      created_by integer references app_user(id),
      check (grassroots_bp + county_bp + city_bp + province_bp + national_bp = 10000),
      unique (effective_from)
    )`,

    `create table collection_payer (
      unit_id integer primary key references unit(id),
      small_micro integer not null default 0,
      small_micro_from text,
      small_micro_to text,
      channel text not null default '税务代征',
      notes text,
      updated_at text not null
    )`,

    `create table collection_payroll_base (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      from_month text not null,
      payroll_base_fen integer not null check (payroll_base_fen >= 0),
      staff_count integer,
      source text not null default '手工',
      created_at text not null,
      created_by integer references app_user(id),
      unique (unit_id, from_month)
    )`,

    `create table collection_profile (
      id integer primary key autoincrement,
      name text not null,
      target text not null check (target in ('收缴', '参考工资')),
      mapping_json text not null,
      created_at text not null,
      updated_at text not null,
      created_by integer references app_user(id),
      unique (target, name)
    )`,

    `create table collection_payer_alias (
      id integer primary key autoincrement,
      key text not null unique,
      unit_id integer not null references unit(id),
      created_at text not null,
      created_by integer references app_user(id)
    )`,

    `create table collection_batch (
      id integer primary key autoincrement,
      target text not null check (target in ('收缴', '参考工资')),
      file_name text not null,
      sha256 text not null,
      profile_id integer references collection_profile(id),
      rows_total integer not null,
      rows_imported integer not null,
      rows_duplicate integer not null,
      created_at text not null,
      created_by integer references app_user(id)
    )`,

    `create table collection_refund (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      amount_fen integer not null check (amount_fen > 0),
      bank_name text,
      bank_account text,
      status text not null check (status in ('待转账', '已转账', '转账失败', '已重发')),
      list_no text not null,
      created_on text not null,
      paid_on text,
      failed_reason text,
      reissue_of integer references collection_refund(id),
      voucher_id integer references ledger_voucher(id),
      created_at text not null,
      created_by integer references app_user(id),
      updated_at text not null
    )`,
    `create index collection_refund_unit on collection_refund (unit_id)`,
    `create index collection_refund_list on collection_refund (list_no)`,

    `create table collection_record (
      id integer primary key autoincrement,
      batch_id integer references collection_batch(id),
      unit_id integer not null references unit(id),
      tax_voucher_no text not null,
      period text not null,
      paid_on text not null,
      amount_fen integer not null check (amount_fen > 0),
      declared_base_fen integer,
      kind text not null check (kind in ('经费', '筹备金')),
      channel text not null default '税务代征',
      payer_name text not null,
      payer_credit_code text,
      rule_id integer references collection_rule(id),
      grassroots_fen integer not null default 0,
      county_fen integer not null default 0,
      city_fen integer not null default 0,
      province_fen integer not null default 0,
      national_fen integer not null default 0,
      fee_fen integer not null default 0,
      held_fen integer not null default 0,
      refund_due_fen integer not null default 0,
      refund_id integer references collection_refund(id),
      voucher_id integer references ledger_voucher(id),
      converted_voucher_id integer references ledger_voucher(id),
      created_at text not null,
      check (grassroots_fen + county_fen + city_fen + province_fen + national_fen + fee_fen + held_fen = amount_fen),
      unique (tax_voucher_no, unit_id)
    )`,
    `create index collection_record_unit_period on collection_record (unit_id, period)`,
    `create index collection_record_period on collection_record (period)`,
    `create index collection_record_voucher on collection_record (voucher_id)`,
    `create index collection_record_refund on collection_record (refund_id)`,

    `create table collection_reference (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      year integer not null,
      source text not null check (source in ('企业所得税', '社保')),
      wage_fen integer not null check (wage_fen >= 0),
      staff_count integer,
      batch_id integer references collection_batch(id),
      created_at text not null,
      unique (unit_id, year, source)
    )`,

    `create table collection_flag (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      year integer not null,
      kind text not null check (kind in ('应缴未缴', '少缴', '申报不实')),
      due_fen integer not null default 0,
      paid_fen integer not null default 0,
      declared_base_fen integer,
      reference_fen integer,
      reference_source text,
      gap_fen integer not null default 0,
      status text not null check (status in ('待跟进', '跟进中', '已解决')),
      active integer not null default 1,
      found_at text not null,
      checked_at text not null,
      resolved_at text,
      unique (unit_id, year, kind)
    )`,
    `create index collection_flag_year on collection_flag (year, kind, status)`,

    `create table collection_followup (
      id integer primary key autoincrement,
      flag_id integer not null references collection_flag(id),
      action text not null,
      on_date text not null,
      note text,
      resolves integer not null default 0,
      created_at text not null,
      created_by integer references app_user(id)
    )`,
    `create trigger collection_followup_no_update before update on collection_followup
      begin select raise(abort, '跟进记录只能追加，不能修改'); end`,
    `create trigger collection_followup_no_delete before delete on collection_followup
      begin select raise(abort, '跟进记录只能追加，不能删除'); end`,

    // Year-end accrual of what a lower union owes (借 132 / 贷 402, 211), one row per union and year, and
    // the receipts of later years that cleared it (借 102 / 贷 132).
    `create table collection_accrual (
      id integer primary key autoincrement,
      year integer not null,
      unit_id integer not null references unit(id),
      basis text not null check (basis in ('对账', '收缴报告表')),
      report_no text,
      due_fen integer not null default 0,
      paid_fen integer not null default 0,
      amount_fen integer not null check (amount_fen > 0),
      county_fen integer not null check (county_fen >= 0),
      upper_fen integer not null check (upper_fen >= 0),
      rule_id integer references collection_rule(id),
      voucher_id integer not null references ledger_voucher(id),
      accrued_on text not null,
      last_record_id integer not null default 0,
      cleared_county_fen integer not null default 0,
      cleared_upper_fen integer not null default 0,
      created_at text not null,
      created_by integer references app_user(id),
      unique (year, unit_id),
      check (county_fen + upper_fen = amount_fen)
    )`,
    `create table collection_accrual_clear (
      id integer primary key autoincrement,
      accrual_id integer not null references collection_accrual(id),
      record_id integer not null references collection_record(id),
      voucher_id integer not null references ledger_voucher(id),
      county_fen integer not null,
      upper_fen integer not null,
      created_at text not null
    )`,
    `create index collection_accrual_clear_record on collection_accrual_clear (record_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
  // Defaults from domain.md §4: 2% of payroll; grassroots 60%; the 40% among the levels is provincial
  // (UNCONFIRMED) — default all of it to the county until edited; no handling fee; 小微 100% refund
  // 2020-01-01 … 2022-12-31; 申报不实 tolerance 10%.
  const now = new Date().toISOString();
  await sql`insert into collection_rule
    (effective_from, rate_bp, grassroots_bp, county_bp, city_bp, province_bp, national_bp, fee_bp, small_micro_refund_bp, tolerance_bp, source, note, created_at)
    values
    ('2000-01-01', 200, 6000, 4000, 0, 0, 0, 0, 0, 1000, '工会法第四十三条；domain.md §4.3', '默认值，可修改：上级各级分成比例由省里规定（未确认）', ${now}),
    ('2020-01-01', 200, 6000, 4000, 0, 0, 0, 0, 10000, 1000, '厅字〔2019〕32号 小微企业全额返还', '默认值，可修改', ${now}),
    ('2023-01-01', 200, 6000, 4000, 0, 0, 0, 0, 0, 1000, '厅字〔2021〕38号 延至2022-12-31；此后未确认', '默认值，可修改', ${now})`.execute(db);
}
