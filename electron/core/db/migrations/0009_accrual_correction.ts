import { sql, type Kysely } from 'kysely';

/**
 * 年末计提更正: a posted year-end accrual (借 132 / 贷 402, 211) is never edited; an accountant corrects a
 * union's accrued amount with a 补充凭证 for the difference, and each correction is kept here, append-only,
 * with the figures before and after, the voucher and the reason. collection_accrual carries the amounts
 * now in force (what receipts clear against).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table collection_accrual_correction (
      id integer primary key autoincrement,
      accrual_id integer not null references collection_accrual(id),
      before_amount_fen integer not null,
      before_county_fen integer not null,
      before_upper_fen integer not null,
      amount_fen integer not null check (amount_fen > 0),
      county_fen integer not null check (county_fen >= 0),
      upper_fen integer not null check (upper_fen >= 0),
      voucher_id integer not null references ledger_voucher(id),
      corrected_on text not null,
      reason text not null,
      created_at text not null,
      created_by integer references app_user(id),
      check (county_fen + upper_fen = amount_fen)
    )`,
    `create index collection_accrual_correction_accrual on collection_accrual_correction (accrual_id, id)`,
    `create trigger collection_accrual_correction_no_update before update on collection_accrual_correction
       begin select raise(abort, '计提更正记录只能追加，不能修改'); end`,
    `create trigger collection_accrual_correction_no_delete before delete on collection_accrual_correction
       begin select raise(abort, '计提更正记录只能追加，不能删除'); end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
