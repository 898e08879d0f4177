// Voiding, deleting or reversing a voucher that 经费收缴 generated, in 凭证管理 (ledger/source-hooks.ts and
// collection/voucher-hooks.ts): a receipt draft lets its records go back to 未记账 (and they post again),
// an accrual draft withdraws the accrual (the union can be accrued again), accrual corrections and accruals
// already cleared by receipts are refused, and a posted collection voucher is never reversed.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { call, callErr, userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { ACC, CLERK, MAPPING, collectionCounty, csv, line, type CountyCtx } from './collection-fixtures';

let c: CountyCtx;
beforeEach(async () => {
  c = await collectionCounty();
  await call(c.core, CLERK, 'collection.rules.save', {
    effectiveFrom: '2026-01-01', rateBp: 200, grassrootsBp: 6000, countyBp: 2500, cityBp: 1000, provinceBp: 400, nationalBp: 100, feeBp: 100, smallMicroRefundBp: 0, toleranceBp: 1000,
  });
  await userWithRoles(c.core, 'kj_wu', ['会计']);
});
afterEach(async () => c.core.close());

const upload = (name: string, bytes: Uint8Array) => c.core.env.files.putUpload(name, bytes).id;
const recordVouchers = async () => (await c.core.db.selectFrom('collection_record').select('voucher_id').orderBy('id').execute()).map((r) => r.voucher_id);
const postVoucher = async (id: number) => {
  await call(c.core, 'kj_wu', 'ledger.vouchers.review', { id });
  await call(c.core, ACC, 'ledger.vouchers.post', { id });
};

describe('collection vouchers in 凭证管理', () => {
  it('voiding a receipt draft puts its records back to 未记账; they post again; posted ones are not reversed', async () => {
    const p = await call(c.core, CLERK, 'collection.profiles.save', { name: '县税务局电子税票', target: '收缴', mapping: MAPPING });
    const imp = await call(c.core, CLERK, 'collection.import.run', {
      uploadId: upload('三月.csv', csv([
        line(1, c.e.full, '工会经费', '2026-03', 'F03', '100000.00', '2000.00', '2026-04-10'),
        line(2, c.e.short, '工会经费', '2026-03', 'S03', '40000.00', '800.00', '2026-04-10'),
      ])), target: '收缴', profileId: p.id, dryRun: false,
    });
    const first = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2026-04-20', batchId: imp.batchId });
    expect(await recordVouchers()).toEqual([first.voucherId, first.voucherId]);

    await call(c.core, CLERK, 'ledger.vouchers.void', { id: first.voucherId, reason: '日期填错，重新生成' });
    expect(await recordVouchers()).toEqual([null, null]);
    const log = await c.core.db.selectFrom('audit_log').select(['summary']).where('action', '=', '凭证作废后释放').execute();
    expect(log).toHaveLength(1);
    expect(log[0].summary).toContain('2 条收缴记录恢复为未记账');

    const second = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2026-04-30', batchId: imp.batchId });
    expect(second.voucherId).not.toBe(first.voucherId);
    expect(await recordVouchers()).toEqual([second.voucherId, second.voucherId]);

    await postVoucher(second.voucherId);
    const rev = await callErr(c.core, ACC, 'ledger.vouchers.reverse', { id: second.voucherId, reason: '测试' });
    expect(rev.code).toBe('CONFLICT');
    expect(rev.message).toContain('不能直接红字冲销');
    expect((await c.core.db.selectFrom('ledger_voucher').select('reversed_by_voucher_id').where('id', '=', second.voucherId).executeTakeFirstOrThrow()).reversed_by_voucher_id).toBeNull();
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });

  it('deleting an accrual draft withdraws the accrual; a cleared accrual and an accrual correction cannot be discarded', async () => {
    const accrue = (amountFen: number) => call(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.unpaid.id, amountFen, basis: '对账' }] });
    const a1 = await accrue(768_000);
    // The last draft of its month may be deleted: the accrual goes with it.
    await call(c.core, CLERK, 'ledger.vouchers.delete', { id: a1.voucherId });
    expect(await c.core.db.selectFrom('collection_accrual').selectAll().execute()).toEqual([]);
    const a2 = await accrue(700_000);
    const acc = await c.core.db.selectFrom('collection_accrual').selectAll().executeTakeFirstOrThrow();
    expect([acc.amount_fen, acc.voucher_id]).toEqual([700_000, a2.voucherId]);

    // Posted, then corrected: the correction's draft cannot be voided (its history is append-only).
    await postVoucher(a2.voucherId);
    const corr = await call(c.core, ACC, 'collection.accrual.correct', { accrualId: acc.id, amountFen: 768_000, date: '2026-12-31', reason: '按报告表更正' });
    const supplement = corr.corrections[0].voucherId;
    const refused = await callErr(c.core, ACC, 'ledger.vouchers.void', { id: supplement, reason: '测试' });
    expect(refused.message).toContain('更正记录只能追加');
    expect((await c.core.db.selectFrom('ledger_voucher').select('status').where('id', '=', supplement).executeTakeFirstOrThrow()).status).toBe('草稿');

    // A draft accrual already cleared by receipts (as records.post leaves it) cannot be voided either.
    const a3 = await call(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.short.id, amountFen: 100_000, basis: '对账' }] });
    await c.core.db.updateTable('collection_accrual').set({ cleared_county_fen: 10_000 }).where('voucher_id', '=', a3.voucherId).execute();
    expect((await callErr(c.core, CLERK, 'ledger.vouchers.void', { id: a3.voucherId, reason: '测试' })).message).toContain('已被次年收款冲减');
    expect(await c.core.db.selectFrom('collection_accrual').select('unit_id').where('voucher_id', '=', a3.voucherId).execute()).toHaveLength(1);
  });
});
