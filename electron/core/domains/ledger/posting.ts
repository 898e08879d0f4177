// Posting (记账): a reviewed voucher becomes part of the books. In the same transaction its lines are
// marked posted and their amounts added to the balance table (one upsert per voucher), so reports never
// have to scan voucher lines.
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { AppError, forbidden } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { LEDGER_ROLES } from '../../../../shared/contract/ledger';
import { MODULE, assertActorRole, describeVoucher, loadSet, yuan } from './common';
import { assertDateOpen } from './periods';
import { loadVoucher, type VoucherRecord } from './vouchers';

/** Marks a voucher posted and adds its lines to the balance table. No checks: callers make them. */
export async function applyPosting(trx: Executor, v: VoucherRecord, posterId: number | null, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('ledger_voucher')
    .set({ status: '已记账', poster_id: posterId, posted_at: at, updated_at: at })
    .where('id', '=', v.id)
    .execute();
  await trx.updateTable('ledger_voucher_line').set({ posted: 1 }).where('voucher_id', '=', v.id).execute();
  await sql`
    insert into ledger_balance (set_id, year, month, account_code, dim_key, project_id, fund_source, expense_type, econ_code,
      unit_id, debit_fen, credit_fen, close_debit_fen, close_credit_fen)
    select set_id, year, month, account_code, dim_key, max(project_id), max(fund_source), max(expense_type), max(econ_code),
      max(unit_id), sum(debit_fen), sum(credit_fen),
      sum(case when closing = 1 then debit_fen else 0 end), sum(case when closing = 1 then credit_fen else 0 end)
    from ledger_voucher_line
    where voucher_id = ${v.id}
    group by account_code, dim_key
    on conflict (set_id, year, month, account_code, dim_key) do update set
      debit_fen = debit_fen + excluded.debit_fen,
      credit_fen = credit_fen + excluded.credit_fen,
      close_debit_fen = close_debit_fen + excluded.close_debit_fen,
      close_credit_fen = close_credit_fen + excluded.close_credit_fen
  `.execute(trx);
}

/** 记账 by a poster who is neither the preparer nor the reviewer, in an open period. */
export async function postVoucher(db: Executor, actor: Actor, now: Date, id: number): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.posters, '凭证记账');
    const v = await loadVoucher(trx, id);
    const what = describeVoucher(v);
    if (v.status === '已记账') throw new AppError('VOUCHER_POSTED', `${what}已记账，不能重复记账。`);
    if (v.status === '已作废') throw new AppError('VOUCHER_VOIDED', `${what}已作废，不能记账。`);
    if (v.status !== '已审核') throw new AppError('NOT_REVIEWED', `${what}尚未审核，不能记账。`);
    if (actor.userId === null) throw forbidden('记账需要以用户身份进行。');
    if (actor.userId === v.preparer_id) {
      throw new AppError('SEPARATION_OF_DUTIES', `记账人不能与制单人为同一人：${what}由您填制，请由其他会计记账。`);
    }
    if (actor.userId === v.reviewer_id) {
      throw new AppError('SEPARATION_OF_DUTIES', `记账人不能与审核人为同一人：${what}由您审核，请由其他会计记账。`);
    }
    const set = await loadSet(trx, v.set_id);
    await assertDateOpen(trx, set, v.date, '记账');
    const totals = await trx
      .selectFrom('ledger_voucher_line')
      .select((eb) => [eb.fn.sum<number>('debit_fen').as('d'), eb.fn.sum<number>('credit_fen').as('c')])
      .where('voucher_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(totals.d) !== Number(totals.c)) {
      throw new AppError('UNBALANCED', `${what}借贷不平衡（借方 ${yuan(Number(totals.d))}，贷方 ${yuan(Number(totals.c))}），不能记账。`);
    }
    await applyPosting(trx, v, actor.userId, now);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '凭证记账',
      targetType: '凭证',
      targetId: id,
      summary: `记账${what}：${v.summary}，金额 ${yuan(v.debit_total_fen)}`,
    });
    return loadVoucher(trx, id);
  });
}
