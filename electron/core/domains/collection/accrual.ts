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
// One accrual per union and year (a second one is refused; the unique key enforces it; the accountant corrects
// a posted one with a 补充凭证 for the difference, correctAccrual, keeping each correction). When the money
// arrives in a later posting (collection.records.post dated after the accrual), the receipt's county and
// upper shares clear 132 — up to what is still open — instead of crediting 402/211 again (see records.ts;
// only records imported after the accrual: those imported before were already counted as collected),
// and each clearing is kept in collection_accrual_clear, linked to the record and the receipt voucher.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { createVoucher, loadVoucher, supplementVoucher, type VoucherLineInput } from '../ledger/vouchers';
import { describeVoucher, loadSet } from '../ledger/common';
import {
  ACCRUAL_CORRECTORS, COLLECTION_CLERKS, type AccrualBasis, type AccrualCorrectionRow, type AccrualDraftRow, type AccrualPostResult, type AccrualRow,
} from '../../../../shared/contract/collection';
import { mulDivHalfUp, splitAmount } from '../../../../shared/collection/split';
import { MODULE, assertRole, isSmallMicro, loadRules, ruleOn, splitRuleOf, yuan, type RuleRecord } from './common';
import { reconcileFigures } from './reconcile';

/** 402 and 211 parts of an accrued amount under a rule (see the header for the rounding). */
export function accrualSplit(amountFen: number, rule: RuleRecord): { county: number; upper: number } {
  const upperLevels = rule.county_bp + rule.city_bp + rule.province_bp + rule.national_bp;
  if (upperLevels <= 0) throw invalid('分成规则中县级及以上各级的比例合计为 0，没有应收下级经费可计提。');
  const county = mulDivHalfUp(amountFen, rule.county_bp, upperLevels);
  return { county, upper: amountFen - county };
}

async function accrualRows(db: Executor, year: number, accrualId?: number): Promise<Map<number, AccrualRow>> {
  let q = db.selectFrom('collection_accrual as a').innerJoin('ledger_voucher as v', 'v.id', 'a.voucher_id')
    .select(['a.id', 'a.unit_id', 'a.amount_fen', 'a.county_fen', 'a.upper_fen', 'a.basis', 'a.report_no', 'a.accrued_on', 'a.voucher_id',
      'a.cleared_county_fen', 'a.cleared_upper_fen', 'v.year as v_year', 'v.month as v_month', 'v.number as v_number'])
    .where('a.year', '=', year);
  if (accrualId !== undefined) q = q.where('a.id', '=', accrualId);
  const rows = await q.execute();
  const corrections = await correctionsOf(db, rows.map((r) => r.id));
  return new Map(rows.map((r) => [r.unit_id, {
    id: r.id, amountFen: r.amount_fen, countyFen: r.county_fen, upperFen: r.upper_fen, basis: r.basis as AccrualBasis, reportNo: r.report_no,
    accruedOn: r.accrued_on, voucherId: r.voucher_id,
    voucherLabel: r.v_number ? describeVoucher({ year: r.v_year, month: r.v_month, number: r.v_number }) : null,
    clearedFen: r.cleared_county_fen + r.cleared_upper_fen,
    corrections: corrections.get(r.id) ?? [],
  }]));
}

async function correctionsOf(db: Executor, accrualIds: readonly number[]): Promise<Map<number, AccrualCorrectionRow[]>> {
  const out = new Map<number, AccrualCorrectionRow[]>();
  for (let i = 0; i < accrualIds.length; i += 5000) {
    const rows = await db.selectFrom('collection_accrual_correction as c')
      .innerJoin('ledger_voucher as v', 'v.id', 'c.voucher_id')
      .leftJoin('app_user as u', 'u.id', 'c.created_by')
      .select(['c.id', 'c.accrual_id', 'c.before_amount_fen', 'c.amount_fen', 'c.corrected_on', 'c.reason', 'c.voucher_id', 'v.year', 'v.month', 'v.number', 'u.display_name'])
      .where('c.accrual_id', 'in', accrualIds.slice(i, i + 5000)).orderBy('c.id').execute();
    for (const r of rows) {
      const list = out.get(r.accrual_id) ?? [];
      list.push({
        id: r.id, beforeAmountFen: r.before_amount_fen, amountFen: r.amount_fen, correctedOn: r.corrected_on, reason: r.reason,
        voucherId: r.voucher_id, voucherLabel: describeVoucher({ year: r.year, month: r.month, number: r.number }), byName: r.display_name,
      });
      out.set(r.accrual_id, list);
    }
  }
  return out;
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
      throw conflict(`${existing.map((e) => `“${names.get(e.unit_id)}”`).join('、')}${input.year} 年已计提应收下级经费，不能重复计提；如数额有误，请由会计在该单位的计提上“更正”（差额填制补充凭证）。`);
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

/**
 * 更正年末计提: a posted accrual is never edited. The accountant enters the right amount; the difference
 * goes into a 补充凭证 linked to the original accrual voucher — more: 借 132 / 贷 402, 211; less: the same
 * amounts on the opposite sides (借 402, 211 / 贷 132) — split by the accrual's own rule, and the correction
 * is kept (before, after, voucher, reason, who) in collection_accrual_correction. The accrual row then
 * carries the amounts in force. What later receipts have already cleared cannot be corrected away.
 */
export async function correctAccrual(
  db: Executor, actor: Actor, now: Date,
  input: { accrualId: number; amountFen: number; date: string; reason: string },
): Promise<AccrualRow> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, ACCRUAL_CORRECTORS, '更正年末计提');
    const a = await trx.selectFrom('collection_accrual').selectAll().where('id', '=', input.accrualId).executeTakeFirst();
    if (!a) throw notFound('年末计提');
    const unit = await trx.selectFrom('unit').select('name').where('id', '=', a.unit_id).executeTakeFirstOrThrow();
    const orig = await loadVoucher(trx, a.voucher_id);
    if (orig.status !== '已记账') {
      throw conflict(`“${unit.name}”${a.year} 年的计提凭证${describeVoucher(orig)}尚未记账（${orig.status}）：请先审核、记账，再更正计提金额；不要直接修改该凭证的金额。`);
    }
    const rules = await loadRules(trx);
    const rule = rules.find((r) => r.id === a.rule_id) ?? ruleOn(rules, `${a.year}-12-31`);
    const next = accrualSplit(input.amountFen, rule);
    if (input.amountFen === a.amount_fen) throw invalid(`更正后的金额与现计提金额 ${yuan(a.amount_fen)} 相同，无需更正。`, [{ path: 'amountFen', message: '金额未变' }]);
    if (next.county < a.cleared_county_fen || next.upper < a.cleared_upper_fen) {
      throw invalid(
        `“${unit.name}”的计提已有 ${yuan(a.cleared_county_fen + a.cleared_upper_fen)} 由收款冲抵（县级 ${yuan(a.cleared_county_fen)}，上级 ${yuan(a.cleared_upper_fen)}），更正后的金额不能使任一部分低于已冲抵数。`,
        [{ path: 'amountFen', message: '低于已冲抵的金额' }],
      );
    }
    const set = await loadSet(trx, orig.set_id);
    const dAmount = input.amountFen - a.amount_fen;
    const dCounty = next.county - a.county_fen;
    const dUpper = next.upper - a.upper_fen;
    const more = dAmount > 0;
    const tag = `更正${unit.name}${a.year}年应收经费（${yuan(a.amount_fen)} → ${yuan(input.amountFen)}）`;
    const lines: VoucherLineInput[] = more
      ? [
          { accountCode: '132', debit: dAmount, unitId: a.unit_id, summary: tag },
          ...(dCounty ? [{ accountCode: '402', credit: dCounty, summary: `${tag}（县级留成）` }] : []),
          ...(dUpper ? [{ accountCode: '211', credit: dUpper, unitId: set.unit_id, summary: `${tag}（应上解上级）` }] : []),
        ]
      : [
          ...(dCounty ? [{ accountCode: '402', debit: -dCounty, summary: `${tag}（县级留成）` }] : []),
          ...(dUpper ? [{ accountCode: '211', debit: -dUpper, unitId: set.unit_id, summary: `${tag}（应上解上级）` }] : []),
          { accountCode: '132', credit: -dAmount, unitId: a.unit_id, summary: tag },
        ];
    const v = await supplementVoucher(trx, actor, now, orig.id, {
      date: input.date, summary: `${tag}：${input.reason}`, lines,
      source: { module: 'collection', type: '年末应收下级经费更正', id: a.id },
    });
    const at = now.toISOString();
    await trx.insertInto('collection_accrual_correction').values({
      accrual_id: a.id, before_amount_fen: a.amount_fen, before_county_fen: a.county_fen, before_upper_fen: a.upper_fen,
      amount_fen: input.amountFen, county_fen: next.county, upper_fen: next.upper, voucher_id: v.id, corrected_on: input.date,
      reason: input.reason, created_at: at, created_by: actor.userId,
    }).execute();
    await trx.updateTable('collection_accrual').set({ amount_fen: input.amountFen, county_fen: next.county, upper_fen: next.upper }).where('id', '=', a.id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '更正年末计提', targetType: '年末计提', targetId: a.id,
      summary: `${tag}，${describeVoucher(v)}，原因：${input.reason}`,
      before: { amountFen: a.amount_fen, countyFen: a.county_fen, upperFen: a.upper_fen },
      after: { amountFen: input.amountFen, countyFen: next.county, upperFen: next.upper, voucherId: v.id },
    });
    return (await accrualRows(trx, a.year, a.id)).get(a.unit_id)!;
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
