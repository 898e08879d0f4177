// Collected records: listing, posting to the ledger through createVoucher (receipts and splits, with the
// accounts of domain.md §4.4), and converting held 筹备金 once the employer's union is founded.
//
// Receipt voucher (税务代收): 借 102 银行存款 (amount − handling fee) / 贷 402 拨缴经费收入 (county share,
// net of the fee), 贷 211 应付上级经费 (city + province + national), 贷 21202 应付下级转拨经费 per
// grassroots union (its share, refunded later), 贷 215 其他应付款 (建会筹备金 held).
// Conversion: 借 215 / 贷 402, 211, 21202 (the new union's refund).
// A receipt for a year whose amount owed was accrued at year end (accrual.ts) credits 132 应收下级经费 for
// the county and upper shares still open, instead of 402/211 (income is not counted twice).
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { createVoucher, type VoucherLineInput } from '../ledger/vouchers';
import { describeVoucher, loadSet } from '../ledger/common';
import { COLLECTION_CLERKS, type PostResult, type RecordRow } from '../../../../shared/contract/collection';
import type { Page } from '../../../../shared/contract/audit';
import { splitAmount } from '../../../../shared/collection/split';
import { MODULE, assertRole, isSmallMicro, loadRules, ruleOn, splitRuleOf, yuan } from './common';
import { openAccruals } from './accrual';

export async function listRecords(
  db: Executor,
  f: { year?: number; period?: string; unitId?: number; batchId?: number; posted?: boolean; search?: string; page: number; pageSize: number },
): Promise<Page<RecordRow> & { totalFen: number }> {
  let q = db.selectFrom('collection_record as r').innerJoin('unit as u', 'u.id', 'r.unit_id').leftJoin('ledger_voucher as v', 'v.id', 'r.voucher_id');
  if (f.year) q = q.where('r.period', '>=', `${f.year}-01`).where('r.period', '<=', `${f.year}-12`);
  if (f.period) q = q.where('r.period', '=', f.period);
  if (f.unitId) q = q.where('r.unit_id', '=', f.unitId);
  if (f.batchId) q = q.where('r.batch_id', '=', f.batchId);
  if (f.posted === true) q = q.where('r.voucher_id', 'is not', null);
  if (f.posted === false) q = q.where('r.voucher_id', 'is', null);
  if (f.search?.trim()) {
    const like = `%${f.search.trim()}%`;
    q = q.where((eb) => eb.or([eb('u.name', 'like', like), eb('r.tax_voucher_no', 'like', like), eb('r.payer_name', 'like', like)]));
  }
  const agg = await q.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('r.amount_fen'), sql<number>`0`).as('fen')]).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'r.id', 'r.unit_id', 'u.name as unit_name', 'r.payer_name', 'r.tax_voucher_no', 'r.period', 'r.paid_on', 'r.amount_fen', 'r.declared_base_fen',
      'r.kind', 'r.channel', 'r.rule_id', 'r.grassroots_fen', 'r.county_fen', 'r.city_fen', 'r.province_fen', 'r.national_fen', 'r.fee_fen',
      'r.held_fen', 'r.refund_due_fen', 'r.refund_id', 'r.voucher_id', 'r.converted_voucher_id', 'r.batch_id', 'v.year as v_year',
      'v.month as v_month', 'v.number as v_number',
    ])
    .orderBy('r.period', 'desc').orderBy('r.id', 'desc')
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total: Number(agg.n), page: f.page, pageSize: f.pageSize, totalFen: Number(agg.fen),
    rows: rows.map((r) => ({
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, payerName: r.payer_name, taxVoucherNo: r.tax_voucher_no, period: r.period,
      paidOn: r.paid_on, amountFen: r.amount_fen, declaredBaseFen: r.declared_base_fen, kind: r.kind as '经费' | '筹备金', channel: r.channel,
      ruleId: r.rule_id, grassrootsFen: r.grassroots_fen, countyFen: r.county_fen, cityFen: r.city_fen, provinceFen: r.province_fen,
      nationalFen: r.national_fen, feeFen: r.fee_fen, heldFen: r.held_fen, refundDueFen: r.refund_due_fen, refundId: r.refund_id,
      voucherId: r.voucher_id,
      voucherLabel: r.voucher_id && r.v_year ? describeVoucher({ year: r.v_year, month: r.v_month!, number: r.v_number! }) : null,
      convertedVoucherId: r.converted_voucher_id, batchId: r.batch_id,
    })),
  };
}

interface Sums { bank: number; county: number; upper: number; held: number; grassroots: Map<number, number>; count: number; cleared?: Map<number, number> }

function linesOf(s: Sums, upperUnit: number, creditHeld: boolean): VoucherLineInput[] {
  const lines: VoucherLineInput[] = [];
  if (creditHeld) lines.push({ accountCode: '102', debit: s.bank, summary: '收到税务代征工会经费' });
  // A receipt that clears a year-end accrual takes its whole county share from 132; the handling fee then
  // reduces 402 (a debit) instead of being netted off this receipt's own credit.
  if (s.county > 0) lines.push({ accountCode: '402', credit: s.county, summary: '县级留成（已扣代收手续费）' });
  if (s.county < 0) lines.push({ accountCode: '402', debit: -s.county, summary: '代收手续费冲减县级留成（已于上年末计提）' });
  if (s.upper) lines.push({ accountCode: '211', credit: s.upper, unitId: upperUnit, summary: '应上解上级工会经费' });
  for (const [unitId, fen] of [...(s.cleared ?? new Map<number, number>())].sort((a, b) => a[0] - b[0])) {
    if (fen) lines.push({ accountCode: '132', credit: fen, unitId, summary: '收回上年末计提的应收下级经费' });
  }
  for (const [unitId, fen] of [...s.grassroots].sort((a, b) => a[0] - b[0])) {
    if (fen) lines.push({ accountCode: '21202', credit: fen, unitId, summary: '应返还基层工会经费' });
  }
  if (creditHeld && s.held) lines.push({ accountCode: '215', credit: s.held, summary: '建会筹备金' });
  return lines;
}

export async function postRecords(
  db: Executor, actor: Actor, now: Date, input: { setId: number; date: string; batchId?: number; period?: string; ids?: number[] },
): Promise<PostResult> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '收缴记录记账');
    const set = await loadSet(trx, input.setId);
    if (set.chart !== 'C') throw invalid(`账套“${set.name}”不是县级以上工会账套，不能登记税务代收经费。`);
    let q = trx.selectFrom('collection_record').select(['id', 'unit_id', 'period', 'amount_fen', 'county_fen', 'city_fen', 'province_fen', 'national_fen', 'fee_fen', 'held_fen', 'grassroots_fen'])
      .where('voucher_id', 'is', null);
    if (input.batchId) q = q.where('batch_id', '=', input.batchId);
    if (input.period) q = q.where('period', '=', input.period);
    if (input.ids?.length) q = q.where('id', 'in', input.ids);
    if (!input.batchId && !input.period && !input.ids?.length) throw invalid('请选择要记账的导入批次、所属期或记录。');
    const recs = await q.orderBy('id').execute();
    if (!recs.length) throw conflict('所选范围内没有尚未记账的收缴记录。');
    const s: Sums = { bank: 0, county: 0, upper: 0, held: 0, grassroots: new Map(), count: recs.length, cleared: new Map() };
    // Year-end accruals (accrual.ts) still open for these payers: the part of a receipt that was already
    // counted as income at year end clears 132 instead of crediting 402/211 a second time.
    const accruals = await openAccruals(trx, recs.map((r) => r.unit_id));
    const clears: Array<{ accrualId: number; recordId: number; county: number; upper: number }> = [];
    for (const r of recs) {
      s.bank += r.amount_fen - r.fee_fen;
      let county = r.county_fen, upper = r.city_fen + r.province_fen + r.national_fen;
      const a = accruals.get(`${r.unit_id}:${r.period.slice(0, 4)}`);
      // Only money that was not yet counted as collected when the accrual was made (imported after it).
      if (a && input.date > a.accruedOn && r.id > a.lastRecordId) {
        const cc = Math.min(a.openCounty, r.county_fen + r.fee_fen), cu = Math.min(a.openUpper, upper);
        if (cc || cu) {
          a.openCounty -= cc; a.openUpper -= cu;
          county -= cc; upper -= cu;
          s.cleared!.set(r.unit_id, (s.cleared!.get(r.unit_id) ?? 0) + cc + cu);
          clears.push({ accrualId: a.id, recordId: r.id, county: cc, upper: cu });
        }
      }
      s.county += county;
      s.upper += upper;
      s.held += r.held_fen;
      if (r.grassroots_fen) s.grassroots.set(r.unit_id, (s.grassroots.get(r.unit_id) ?? 0) + r.grassroots_fen);
    }
    const v = await createVoucher(trx, actor, now, {
      setId: set.id,
      date: input.date,
      summary: `收到税务代征工会经费 ${recs.length} 笔并分成`,
      lines: linesOf(s, set.unit_id, true),
      source: { module: 'collection', type: '收缴记录', id: input.batchId ? `batch:${input.batchId}` : input.period ? `period:${input.period}` : `ids:${recs[0].id}` },
    });
    const at = now.toISOString();
    for (const c of clears) {
      await trx.insertInto('collection_accrual_clear').values({ accrual_id: c.accrualId, record_id: c.recordId, voucher_id: v.id, county_fen: c.county, upper_fen: c.upper, created_at: at }).execute();
      await trx.updateTable('collection_accrual').set((eb) => ({
        cleared_county_fen: eb('cleared_county_fen', '+', c.county), cleared_upper_fen: eb('cleared_upper_fen', '+', c.upper),
      })).where('id', '=', c.accrualId).execute();
    }
    const clearedFen = clears.reduce((x, c) => x + c.county + c.upper, 0);
    const ids = recs.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 5000) {
      await trx.updateTable('collection_record').set({ voucher_id: v.id }).where('id', 'in', ids.slice(i, i + 5000)).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '收缴记录记账', targetType: '凭证', targetId: v.id,
      summary: `${recs.length} 笔收缴记录生成${describeVoucher(v)}，银行存款 ${yuan(s.bank)}${clearedFen ? `，其中收回上年末计提的应收下级经费 ${yuan(clearedFen)}（贷 132）` : ''}`,
    });
    return { voucherId: v.id, voucherLabel: describeVoucher(v), records: recs.length, debitFen: v.debit_total_fen };
  });
}

/** 筹备金 of an employer whose union has since been founded: split by the rule on `date`, and posted 借 215. */
export async function convertHeld(db: Executor, actor: Actor, now: Date, input: { setId: number; unitId: number; date: string }): Promise<PostResult> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '筹备金转经费');
    const set = await loadSet(trx, input.setId);
    const u = await trx.selectFrom('unit').select(['id', 'name', 'union_status']).where('id', '=', input.unitId).executeTakeFirst();
    if (!u) throw notFound('单位');
    if (u.union_status !== '已建会') throw conflict(`“${u.name}”尚未建会（建会状态：${u.union_status ?? '未填'}），筹备金不能返还。请先在单位名录中登记建会。`);
    const recs = await trx.selectFrom('collection_record').selectAll().where('unit_id', '=', input.unitId).where('held_fen', '>', 0).orderBy('id').execute();
    if (!recs.length) throw conflict(`“${u.name}”没有待转的建会筹备金。`);
    if (recs.some((r) => r.voucher_id === null)) throw conflict('该单位还有未记账的筹备金收缴记录，请先记账。');
    const rule = ruleOn(await loadRules(trx), input.date);
    const payer = await trx.selectFrom('collection_payer').selectAll().where('unit_id', '=', input.unitId).executeTakeFirst();
    const s: Sums = { bank: 0, county: 0, upper: 0, held: 0, grassroots: new Map(), count: recs.length };
    const splits = recs.map((r) => {
      const p = splitAmount(r.held_fen, splitRuleOf(rule), { smallMicro: isSmallMicro(payer, input.date) });
      s.held += r.held_fen;
      s.county += p.county + p.fee; // no handling fee on a conversion: the county keeps its share whole
      s.upper += p.city + p.province + p.national;
      s.grassroots.set(input.unitId, (s.grassroots.get(input.unitId) ?? 0) + p.grassroots);
      return { r, p };
    });
    const lines = [{ accountCode: '215', debit: s.held, summary: `“${u.name}”建会，筹备金转经费` } as VoucherLineInput, ...linesOf(s, set.unit_id, false)];
    const v = await createVoucher(trx, actor, now, {
      setId: set.id, date: input.date, summary: `“${u.name}”建会，建会筹备金转为工会经费并分成`, lines,
      source: { module: 'collection', type: '筹备金转经费', id: input.unitId },
    });
    for (const { r, p } of splits) {
      await trx.updateTable('collection_record').set({
        held_fen: 0, grassroots_fen: p.grassroots, county_fen: p.county + p.fee, city_fen: p.city, province_fen: p.province,
        national_fen: p.national, fee_fen: 0, refund_due_fen: p.grassroots, rule_id: rule.id, kind: '筹备金', converted_voucher_id: v.id,
      }).where('id', '=', r.id).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '筹备金转经费', targetType: '单位', targetId: input.unitId,
      summary: `“${u.name}”建会：${recs.length} 笔筹备金 ${yuan(s.held)} 转经费，${describeVoucher(v)}`,
    });
    return { voucherId: v.id, voucherLabel: describeVoucher(v), records: recs.length, debitFen: v.debit_total_fen };
  });
}
