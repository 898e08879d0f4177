// Helpers shared by the collection modules.
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/tx';
import type { Actor } from '../audit/log';
import { assertActorRole } from '../ledger/common';
import { invalid } from '../../errors';
import type { CollectionRuleTable } from './tables';
import type { SplitRule } from '../../../../shared/collection/split';
import type { CollectionRuleRow } from '../../../../shared/contract/collection';

export const MODULE = '经费收缴';

export type RuleRecord = Selectable<CollectionRuleTable>;

/** Refuses callers without a collection role (the core checks, not only the endpoint's access). */
export function assertRole(db: Executor, actor: Actor, roles: readonly string[], what: string): Promise<void> {
  return assertActorRole(db, actor, roles, what);
}

export function yuan(fen: number): string {
  const s = (Math.abs(fen) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${s} 元`;
}

export async function loadRules(db: Executor): Promise<RuleRecord[]> {
  return db.selectFrom('collection_rule').selectAll().orderBy('effective_from').execute();
}

/** The rule in force on a date (YYYY-MM-DD or YYYY-MM): the latest with effective_from ≤ date. */
export function ruleOn(rules: readonly RuleRecord[], d: string): RuleRecord {
  const key = d.length === 7 ? `${d}-01` : d;
  let found: RuleRecord | undefined;
  for (const r of rules) if (r.effective_from <= key) found = r;
  if (!found) throw invalid(`${d} 没有生效的分成规则，请在“分成规则”中补充自更早日期生效的规则。`);
  return found;
}

export function splitRuleOf(r: RuleRecord): SplitRule {
  return {
    rateBp: r.rate_bp,
    grassrootsBp: r.grassroots_bp,
    countyBp: r.county_bp,
    cityBp: r.city_bp,
    provinceBp: r.province_bp,
    nationalBp: r.national_bp,
    feeBp: r.fee_bp,
    smallMicroRefundBp: r.small_micro_refund_bp,
  };
}

function dayBefore(d: string): string {
  const t = new Date(`${d}T00:00:00Z`).getTime() - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function ruleRows(rules: readonly RuleRecord[]): CollectionRuleRow[] {
  return rules.map((r, i) => ({
    id: r.id,
    effectiveFrom: r.effective_from,
    effectiveTo: i + 1 < rules.length ? dayBefore(rules[i + 1].effective_from) : null,
    rateBp: r.rate_bp,
    grassrootsBp: r.grassroots_bp,
    countyBp: r.county_bp,
    cityBp: r.city_bp,
    provinceBp: r.province_bp,
    nationalBp: r.national_bp,
    feeBp: r.fee_bp,
    smallMicroRefundBp: r.small_micro_refund_bp,
    toleranceBp: r.tolerance_bp,
    source: r.source,
    note: r.note,
  }));
}

/** An employer pays 经费 once its union is founded; otherwise 筹备金 (held). */
export function kindOfStatus(unionStatus: string | null): '经费' | '筹备金' {
  return unionStatus === '已建会' ? '经费' : '筹备金';
}

/** Whether a payer counts as 小微 on a date. */
export function isSmallMicro(p: { small_micro: number; small_micro_from: string | null; small_micro_to: string | null } | undefined, d: string): boolean {
  if (!p || p.small_micro !== 1) return false;
  if (p.small_micro_from && d < p.small_micro_from) return false;
  if (p.small_micro_to && d > p.small_micro_to) return false;
  return true;
}

export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
