// Split rules as data with effective dates (分成规则): one row per effective date; saving a date that
// exists replaces that row's figures. Every change is audited.
import { withTx, type Executor } from '../../db/tx';
import { invalid } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { COLLECTION_CLERKS, type CollectionRuleRow } from '../../../../shared/contract/collection';
import { bpText } from '../../../../shared/collection/split';
import { MODULE, assertRole, loadRules, ruleRows } from './common';

export interface RuleInput {
  effectiveFrom: string;
  rateBp: number;
  grassrootsBp: number;
  countyBp: number;
  cityBp: number;
  provinceBp: number;
  nationalBp: number;
  feeBp: number;
  smallMicroRefundBp: number;
  toleranceBp: number;
  source?: string | null;
  note?: string | null;
}

export async function listRules(db: Executor): Promise<CollectionRuleRow[]> {
  return ruleRows(await loadRules(db));
}

export async function saveRule(db: Executor, actor: Actor, now: Date, input: RuleInput): Promise<CollectionRuleRow[]> {
  const sum = input.grassrootsBp + input.countyBp + input.cityBp + input.provinceBp + input.nationalBp;
  if (sum !== 10000) {
    throw invalid(`基层、县、市、省、全总分成比例合计应为 100%，现为 ${bpText(sum)}。`, [{ path: 'grassrootsBp', message: '分成比例合计应为 100%' }]);
  }
  if (input.feeBp > input.countyBp) throw invalid('代收手续费由县级留成负担，手续费率不能高于县级分成比例。', [{ path: 'feeBp', message: '不能高于县级分成比例' }]);
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '修改分成规则');
    const at = now.toISOString();
    const values = {
      rate_bp: input.rateBp,
      grassroots_bp: input.grassrootsBp,
      county_bp: input.countyBp,
      city_bp: input.cityBp,
      province_bp: input.provinceBp,
      national_bp: input.nationalBp,
      fee_bp: input.feeBp,
      small_micro_refund_bp: input.smallMicroRefundBp,
      tolerance_bp: input.toleranceBp,
      source: input.source?.trim() || null,
      note: input.note?.trim() || null,
    };
    const existing = await trx.selectFrom('collection_rule').selectAll().where('effective_from', '=', input.effectiveFrom).executeTakeFirst();
    if (existing) {
      await trx.updateTable('collection_rule').set(values).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('collection_rule').values({ ...values, effective_from: input.effectiveFrom, created_at: at, created_by: actor.userId }).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: existing ? '修改分成规则' : '新增分成规则',
      targetType: '分成规则',
      targetId: input.effectiveFrom,
      summary: `自 ${input.effectiveFrom} 起：费率 ${bpText(input.rateBp)}，基层 ${bpText(input.grassrootsBp)}、县 ${bpText(input.countyBp)}、市 ${bpText(input.cityBp)}、省 ${bpText(input.provinceBp)}、全总 ${bpText(input.nationalBp)}，手续费 ${bpText(input.feeBp)}，小微返还 ${bpText(input.smallMicroRefundBp)}，容差 ${bpText(input.toleranceBp)}`,
      before: existing ?? null,
      after: values,
    });
    return ruleRows(await loadRules(trx));
  });
}
