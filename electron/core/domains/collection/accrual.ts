// Year-end accrual of what lower unions owe (domain.md §4.4: "Year-end owed by lower unions: 借 132 per the
// lower 经费收缴报告表 / 贷 402, 211").
//
// For a year the clerk reviews a per-union list built from the reconciliation (due − collected for the
// year's periods; the union's own share, and any 小微 refund, taken off by the split rule in force on
// 31 December) or enters the amount the lower union declared on its 经费收缴报告表, and posts ONE voucher
// through the ledger's createVoucher:
//   借 132 应收下级经费 (per union, unit dimension) / 贷 402 拨缴经费收入 (county share) / 贷 211 应付上级经费.
// Split of an accrued amount A (what the union owes the higher levels): 402 = A × 县级比例 ÷ (县+市+省+全总比例),
// rounded half up to the fen; 211 = A − 402, so nothing is lost.
// One accrual per union and year (a second one is refused; the unique key enforces it). When the money
// arrives in a later posting (collection.records.post dated after the accrual), the receipt's county and
// upper shares clear 132 — up to what is still open — instead of crediting 402/211 again (see records.ts;
// only records imported after the accrual: those imported before were already counted as collected),
// and each clearing is kept in collection_accrual_clear, linked to the record and the receipt voucher.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { createVoucher, type VoucherLineInput } from '../ledger/vouchers';
import { describeVoucher, loadSet } from '../ledger/common';
import {
  COLLECTION_CLERKS, type AccrualBasis, type AccrualDraftRow, type AccrualPostResult, type AccrualRow,
} from '../../../../shared/contract/collection';
import { splitAmount } from '../../../../shared/collection/split';
import { MODULE, assertRole, isSmallMicro, loadRules, ruleOn, splitRuleOf, yuan, type RuleRecord } from './common';
import { reconcileFigures } from './reconcile';

/** a × b ÷ d rounded half up, in integers. */
function mulDivHalfUp(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const dd = BigInt(d);
  return Number((n * 2n + dd) / (2n * dd));
}

/** 402 and 211 parts of an accrued amount under a rule (see the header for the rounding). */
export function accrualSplit(amountFen: number, rule: RuleRecord): { county: number; upper: number } {
  const upperLevels = rule.county_bp + rule.city_bp + rule.province_bp + rule.national_bp;
  if (upperLevels <= 0) throw invalid('分成规则中县级及以上各级的比例合计为 0，没有应收下级经费可计提。');
  const county = mulDivHalfUp(amountFen, rule.county_bp, upperLevels);
  return { county, upper: amountFen - county };
}

async function accrualRows(db: Executor, year: number): Promise<Map<number, AccrualRow>> {
  const rows = await db.selectFrom('collection_accrual as a').innerJoin('ledger_voucher as v', 'v.id', 'a.voucher_id')
    .select(['a.id', 'a.unit_id', 'a.amount_fen', 'a.county_fen', 'a.upper_fen', 'a.basis', 'a.report_no', 'a.accrued_on', 'a.voucher_id',
      'a.cleared_county_fen', 'a.cleared_upper_fen', 'v.year as v_year', 'v.month as v_month', 'v.number as v_number'])
    .where('a.year', '=', year).execute();
  return new Map(rows.map((r) => [r.unit_id, {
    id: r.id, amountFen: r.amount_fen, countyFen: r.county_fen, upperFen: r.upper_fen, basis: r.basis as AccrualBasis, reportNo: r.report_no,
    accruedOn: r.accrued_on, voucherId: r.voucher_id,
    voucherLabel: r.v_number ? describeVoucher({ year: r.v_year, month: r.v_month, number: r.v_number }) : null,
    clearedFen: r.cleared_county_fen + r.cleared_upper_fen,
  }]));
}

/**
 * The per-union list for a year: every active 基层工会 that has a union (已建会) with something due but not
 * collected, or already accrued. 筹备金 employers are left out (their money is 215, not income).
 */
export async function accrualDraft(db: Executor, year: number): Promise<AccrualDraftRow[]> {
  const rules = await loadRules(db);
  const rule = ruleOn(rules, `${year}-12-31`);
  const figures = await reconcileFigures(db, year, 12);
  const done = await accrualRows(db, year);
  const units = await db.selectFrom('unit as u').leftJoin('collection_payer as p', 'p.unit_id', 'u.id')
    .select(['u.id', 'u.name', 'u.union_status', 'p.small_micro', 'p.small_micro_from', 'p.small_micro_to'])
    .where('u.kind', '=', '基层工会').execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: AccrualDraftRow[] = [];
  for (const f of figures) {
    const u = byId.get(f.unit_id);
    if (!u) continue;
    const due = Number(f.due), paid = Number(f.paid);
    const owed = Math.max(0, due - paid);
    const accrual = done.get(f.unit_id) ?? null;
    if (u.union_status !== '已建会' && !accrual) continue;
    let suggested = 0;
    if (owed > 0) {
      const payer = u.small_micro === null ? undefined : { small_micro: u.small_micro, small_micro_from: u.small_micro_from, small_micro_to: u.small_micro_to };
      const p = splitAmount(owed, splitRuleOf(rule), { smallMicro: isSmallMicro(payer, `${year}-12-31`) });
      suggested = p.county + p.fee + p.city + p.province + p.national;
    }
    if (suggested === 0 && !accrual) continue;
    out.push({ unitId: f.unit_id, unitName: u.name, dueFen: due, paidFen: paid, owedFen: owed, suggestedFen: suggested, accrual });
  }
  // Accruals of unions no longer in the figures (e.g. made inactive) stay visible.
  for (const [unitId, accrual] of done) {
    if (out.some((r) => r.unitId === unitId)) continue;
    out.push({ unitId, unitName: byId.get(unitId)?.name ?? '', dueFen: 0, paidFen: 0, owedFen: 0, suggestedFen: 0, accrual });
  }
  return out.sort((a, b) => b.suggestedFen - a.suggestedFen || a.unitId - b.unitId);
}

export async function postAccrual(
  db: Executor, actor: Actor, now: Date,
  input: { setId: number; year: number; date: string; items: Array<{ unitId: number; amountFen: number; basis: AccrualBasis; reportNo?: string | null }> },
): Promise<AccrualPostResult> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '年末计提应收下级经费');
    if (!input.date.startsWith(`${input.year}-`)) throw invalid(`计提日期 ${input.date} 不在 ${input.year} 年度内（应为年末 12 月 31 日或该年最后一个未结账日）。`, [{ path: 'date', message: '不在计提年度内' }]);
    const set = await loadSet(trx, input.setId);
    if (set.chart !== 'C') throw invalid(`账套“${set.name}”不是县级以上工会账套，不能计提应收下级经费。`);
    const seen = new Set<number>();
    for (const it of input.items) {
      if (seen.has(it.unitId)) throw invalid('同一基层工会在计提清单中出现了两次。');
      seen.add(it.unitId);
      if (it.basis === '收缴报告表' && !it.reportNo?.trim()) throw invalid('按经费收缴报告表计提时，请填写报告表编号或所属期说明。', [{ path: 'reportNo', message: '请填写' }]);
    }
    const units = await trx.selectFrom('unit').select(['id', 'name', 'kind']).where('id', 'in', [...seen]).execute();
    const names = new Map(units.map((u) => [u.id, u.name]));
    for (const u of units) if (u.kind !== '基层工会') throw invalid(`“${u.name}”不是基层工会，不能计提应收下级经费。`);
    for (const idv of seen) if (!names.has(idv)) throw notFound('单位');
    const existing = await trx.selectFrom('collection_accrual').select(['unit_id']).where('year', '=', input.year).where('unit_id', 'in', [...seen]).execute();
    if (existing.length) {
      throw conflict(`${existing.map((e) => `“${names.get(e.unit_id)}”`).join('、')}${input.year} 年已计提应收下级经费，不能重复计提；如数额有误，请冲销原凭证后由管理员处理。`);
    }
    const rule = ruleOn(await loadRules(trx), `${input.year}-12-31`);
    const figures = new Map((await reconcileFigures(trx, input.year, 12)).map((f) => [f.unit_id, f]));
    const parts = input.items.map((it) => ({ it, ...accrualSplit(it.amountFen, rule) })).sort((a, b) => a.it.unitId - b.it.unitId);
    const county = parts.reduce((a, p) => a + p.county, 0);
    const upper = parts.reduce((a, p) => a + p.upper, 0);
    const total = county + upper;
    const lines: VoucherLineInput[] = parts.map((p) => ({
      accountCode: '132', debit: p.it.amountFen, unitId: p.it.unitId,
      summary: p.it.basis === '收缴报告表' ? `应收${names.get(p.it.unitId)}${input.year}年经费（收缴报告表 ${p.it.reportNo!.trim()}）` : `应收${names.get(p.it.unitId)}${input.year}年应缴未缴经费`,
    }));
    if (county) lines.push({ accountCode: '402', credit: county, summary: `${input.year}年末计提下级应缴经费（县级留成）` });
    if (upper) lines.push({ accountCode: '211', credit: upper, unitId: set.unit_id, summary: `${input.year}年末计提下级应缴经费（应上解上级）` });
    const v = await createVoucher(trx, actor, now, {
      setId: set.id, date: input.date, summary: `${input.year}年末计提应收下级经费 ${parts.length} 个基层工会`, lines,
      source: { module: 'collection', type: '年末应收下级经费', id: `year:${input.year}` },
    });
    const at = now.toISOString();
    const last = await trx.selectFrom('collection_record').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    const lastRecordId = Number(last?.m ?? 0);
    for (const p of parts) {
      const f = figures.get(p.it.unitId);
      await trx.insertInto('collection_accrual').values({
        year: input.year, unit_id: p.it.unitId, basis: p.it.basis, report_no: p.it.reportNo?.trim() || null,
        due_fen: f ? Number(f.due) : 0, paid_fen: f ? Number(f.paid) : 0, amount_fen: p.it.amountFen, county_fen: p.county, upper_fen: p.upper,
        rule_id: rule.id, voucher_id: v.id, accrued_on: input.date, last_record_id: lastRecordId, cleared_county_fen: 0, cleared_upper_fen: 0, created_at: at, created_by: actor.userId,
      }).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '年末计提应收下级经费', targetType: '凭证', targetId: v.id,
      summary: `${input.year} 年末计提 ${parts.length} 个基层工会应收下级经费 ${yuan(total)}（402 ${yuan(county)}，211 ${yuan(upper)}），${describeVoucher(v)}`,
      after: parts.map((p) => ({ unitId: p.it.unitId, amountFen: p.it.amountFen, basis: p.it.basis, reportNo: p.it.reportNo ?? null, county: p.county, upper: p.upper })),
    });
    return { voucherId: v.id, voucherLabel: describeVoucher(v), unions: parts.length, amountFen: total, countyFen: county, upperFen: upper };
  });
}

export interface OpenAccrual { id: number; unitId: number; year: number; accruedOn: string; lastRecordId: number; openCounty: number; openUpper: number }

/** Accruals still open (not fully cleared) for the given units, keyed by `${unitId}:${year}`. */
export async function openAccruals(db: Executor, unitIds: number[]): Promise<Map<string, OpenAccrual>> {
  const out = new Map<string, OpenAccrual>();
  const ids = [...new Set(unitIds)];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('collection_accrual').selectAll().where('unit_id', 'in', ids.slice(i, i + 5000)).execute();
    for (const r of rows) {
      const openCounty = r.county_fen - r.cleared_county_fen, openUpper = r.upper_fen - r.cleared_upper_fen;
      if (openCounty > 0 || openUpper > 0) out.set(`${r.unit_id}:${r.year}`, { id: r.id, unitId: r.unit_id, year: r.year, accruedOn: r.accrued_on, lastRecordId: r.last_record_id, openCounty, openUpper });
    }
  }
  return out;
}
