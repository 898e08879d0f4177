// Demo data of this domain, loaded by `demo` after the demo county's units and users exist: a saved
// column-mapping profile, this year's 税务代征 records of up to 30 employers (one batch, unposted) for the
// months before the current one — every 7th pays nothing (应缴未缴), the next declares half its payroll
// (少缴, and 申报不实 against its reference payroll) — and 企业所得税 reference payroll of last year's level.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { bulkInsert, type Row } from '../../db/bulk';
import { splitAmount } from '../../../../shared/collection/split';
import { dueFor } from '../../../../shared/collection/split';
import { loadRules, ruleOn, splitRuleOf } from './common';

export const DEMO_MAPPING = {
  payerName: '纳税人名称', creditCode: '纳税人识别号', taxVoucherNo: '电子税票号码', period: '所属期', paidOn: '入库日期', amount: '实缴金额',
  declaredBase: '计费依据', kind: '征收品目',
};

export async function loadCollectionDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const at = now.toISOString();
  await trx.insertInto('collection_profile').values({ name: '县税务局电子税票（演示）', target: '收缴', mapping_json: JSON.stringify(DEMO_MAPPING), created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(['target', 'name']).doNothing()).execute();
  const payers = await trx.selectFrom('unit').select(['id', 'name', 'credit_code', 'payroll_base_fen', 'union_status'])
    .where('kind', '=', '基层工会').where('active', '=', 1).where('payroll_base_fen', '>', 0).orderBy('id').limit(30).execute();
  const year = now.getFullYear();
  const lastMonth = now.getMonth(); // months 1 … lastMonth are complete
  if (!payers.length || lastMonth < 1) return;
  const rules = await loadRules(trx);
  const batch = await trx.insertInto('collection_batch').values({
    target: '收缴', file_name: '演示-税务代征明细.xlsx', sha256: 'demo', profile_id: null, rows_total: 0, rows_imported: 0, rows_duplicate: 0, created_at: at, created_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  const rows: Row[] = [];
  const refs: Row[] = [];
  payers.forEach((p, i) => {
    const base = p.payroll_base_fen!;
    refs.push({ unit_id: p.id, year, source: '企业所得税', wage_fen: base * 12, staff_count: null, batch_id: null, created_at: at });
    if (i % 7 === 3) return;
    const declared = i % 7 === 4 ? Math.round(base / 2) : base;
    const held = p.union_status !== '已建会';
    for (let m = 1; m <= lastMonth; m++) {
      const period = `${year}-${String(m).padStart(2, '0')}`;
      const paidOn = `${year}-${String(Math.min(12, m + 1)).padStart(2, '0')}-${m === 12 ? '28' : '15'}`;
      const rule = ruleOn(rules, paidOn);
      const amount = dueFor(declared, rule.rate_bp);
      if (amount <= 0) continue;
      const s = splitAmount(amount, splitRuleOf(rule), { held });
      rows.push({
        batch_id: batch.id, unit_id: p.id, tax_voucher_no: `DEMO${year}${String(p.id).padStart(5, '0')}${String(m).padStart(2, '0')}`, period, paid_on: paidOn,
        amount_fen: amount, declared_base_fen: declared, kind: held ? '筹备金' : '经费', channel: '税务代征', payer_name: p.name, payer_credit_code: p.credit_code,
        rule_id: rule.id, grassroots_fen: s.grassroots, county_fen: s.county, city_fen: s.city, province_fen: s.province, national_fen: s.national,
        fee_fen: s.fee, held_fen: s.held, refund_due_fen: s.refundDue, created_at: at,
      });
    }
  });
  await bulkInsert(trx, 'collection_record', rows);
  await bulkInsert(trx, 'collection_reference', refs);
  await trx.updateTable('collection_batch').set({ rows_total: rows.length, rows_imported: rows.length }).where('id', '=', batch.id).execute();
}
