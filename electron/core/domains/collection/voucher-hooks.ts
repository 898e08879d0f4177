// What happens to collection's own records when a voucher it generated is voided, deleted or reversed in
// 凭证管理 (see ledger/source-hooks.ts):
// - a receipt/split draft (收缴记录): its records go back to 未记账 (to be posted again) and any 132 clearing
//   it made is undone on the accrual;
// - a year-end accrual draft: the accrual is withdrawn (the unions may be accrued again), unless next
//   year's receipts already cleared part of it;
// - refund transfers (the money has left the bank), 筹备金 conversions and accrual corrections (append-only
//   history) are refused: correct them with a 补充凭证 or, for an accrual, another 更正;
// - a posted collection voucher is never reversed here: its records would still count it as posted.
import { conflict } from '../../errors';
import { writeAudit } from '../audit/log';
import { describeVoucher } from '../ledger/common';
import { registerVoucherSourceHooks } from '../ledger/source-hooks';
import { MODULE } from './common';

registerVoucherSourceHooks('collection', {
  async discard(trx, actor, now, v) {
    const what = describeVoucher(v);
    const refuse = (why: string) => {
      throw conflict(`${what}由经费收缴生成（${v.source_type ?? '—'}），${why}`);
    };
    if (await trx.selectFrom('collection_accrual_correction').select('id').where('voucher_id', '=', v.id).executeTakeFirst()) {
      refuse('是年末计提的更正凭证，更正记录只能追加，不能作废或删除；如更正有误，请在“年末应收下级经费”中再次更正。');
    }
    if (await trx.selectFrom('collection_refund').select('id').where('voucher_id', '=', v.id).executeTakeFirst()) {
      refuse('是返还转账的凭证，转账已经完成，不能作废或删除；如凭证有误，请修改草稿，或记账后填制补充凭证。');
    }
    if (await trx.selectFrom('collection_record').select('id').where('converted_voucher_id', '=', v.id).executeTakeFirst()) {
      refuse('是筹备金转经费的凭证，不能作废或删除；如凭证有误，请修改草稿，或记账后填制补充凭证。');
    }
    const accruals = await trx.selectFrom('collection_accrual').select(['id', 'unit_id', 'year', 'cleared_county_fen', 'cleared_upper_fen']).where('voucher_id', '=', v.id).execute();
    if (accruals.some((a) => a.cleared_county_fen + a.cleared_upper_fen > 0)) {
      refuse('其中的计提已被次年收款冲减，不能作废或删除；如计提金额有误，请记账后在“年末应收下级经费”中更正。');
    }
    const clears = await trx.selectFrom('collection_accrual_clear').selectAll().where('voucher_id', '=', v.id).execute();
    for (const c of clears) {
      await trx.updateTable('collection_accrual')
        .set((eb) => ({ cleared_county_fen: eb('cleared_county_fen', '-', c.county_fen), cleared_upper_fen: eb('cleared_upper_fen', '-', c.upper_fen) }))
        .where('id', '=', c.accrual_id).execute();
    }
    if (clears.length) await trx.deleteFrom('collection_accrual_clear').where('voucher_id', '=', v.id).execute();
    if (accruals.length) await trx.deleteFrom('collection_accrual').where('voucher_id', '=', v.id).execute();
    const released = await trx.updateTable('collection_record').set({ voucher_id: null }).where('voucher_id', '=', v.id).executeTakeFirst();
    const records = Number(released.numUpdatedRows ?? 0);
    if (!records && !accruals.length) return;
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '凭证作废后释放', targetType: '凭证', targetId: v.id,
      summary: `${what}作废或删除：${records ? `${records} 条收缴记录恢复为未记账${clears.length ? `，撤回其对应收下级经费的 ${clears.length} 笔冲减` : ''}` : ''}${accruals.length ? `${records ? '；' : ''}撤回 ${accruals.length} 个基层工会的年末计提，可重新计提` : ''}`,
      before: { records, accruals: accruals.map((a) => ({ unitId: a.unit_id, year: a.year })), clears: clears.map((c) => ({ accrualId: c.accrual_id, recordId: c.record_id, county: c.county_fen, upper: c.upper_fen })) },
    });
  },
  async reverse(_trx, v) {
    throw conflict(
      `${describeVoucher(v)}由经费收缴生成（${v.source_type ?? '—'}），不能直接红字冲销：对应的收缴记录、返还或计提仍以它为准。年末计提金额有误请用“更正”；其他差错请填制补充凭证。`,
    );
  },
});
