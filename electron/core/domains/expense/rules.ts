// The rules in force on a date (expense_rule rows with effective dates; the newest row in force wins).
import type { Executor } from '../../db/tx';
import { forbidden } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import type { ExpenseRuleRow } from '../../../../shared/contract/expense';
import {
  DEFAULT_CHECKLISTS, EXPENSE_RULE_NAMES, type BudgetControlMode, type ChecklistItem, type ExpenseRuleKey, type ExpenseRuleParams, parseRuleParams, ruleGroup,
} from '../../../../shared/expense/rules';
import type { ExpenseKind } from '../../../../shared/expense/constants';
import { invalid } from '../../errors';

export interface RulesInForce {
  date: string;
  /** The most specific rule wins: a line (unit + project) over a unit, then the longest subjectPrefix; '' is the default. */
  budgetControl: Array<{ subjectPrefix: string; unitId: number | null; projectCode: string | null; mode: BudgetControlMode }>;
  cashLimitFen: number;
  checklists: Map<string, ChecklistItem[]>;
  reception: ExpenseRuleParams['reception'];
  forbiddenWords: string[];
}

export async function rulesInForce(db: Executor, date: string): Promise<RulesInForce> {
  const rows = await db
    .selectFrom('expense_rule')
    .selectAll()
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('effective_from')
    .orderBy('id')
    .execute();
  const out: RulesInForce = {
    date,
    budgetControl: [],
    cashLimitFen: 100_000,
    checklists: new Map(Object.entries(DEFAULT_CHECKLISTS)),
    reception: { maxMeals: 1, smallGroupMax: 10, smallGroupCompanions: 3, largeGroupRatioDenominator: 3 },
    forbiddenWords: [],
  };
  const control = new Map<string, RulesInForce['budgetControl'][number]>();
  for (const r of rows) {
    const p = JSON.parse(r.params_json);
    switch (r.key as ExpenseRuleKey) {
      case 'budget_control':
        {
          const c = { subjectPrefix: String(p.subjectPrefix ?? ''), unitId: p.unitId ?? null, projectCode: p.projectCode ?? null, mode: (p.mode === '警告' ? '警告' : '禁止') as BudgetControlMode };
          control.set(JSON.stringify([c.subjectPrefix, c.unitId, c.projectCode]), c);
        }
        break;
      case 'cash_limit':
        out.cashLimitFen = Number(p.limitFen);
        break;
      case 'checklist':
        out.checklists.set(p.kind, p.items);
        break;
      case 'reception':
        out.reception = p;
        break;
      case 'forbidden':
        out.forbiddenWords = p.words;
        break;
    }
  }
  out.budgetControl = [...control.values()];
  return out;
}

/** Stop (禁止) or Warn (警告) for a budget line: the most specific rule in force wins. */
export function controlMode(rules: RulesInForce, line: { subjectCode: string; unitId?: number; projectCode?: string }): BudgetControlMode {
  let best: RulesInForce['budgetControl'][number] | undefined;
  let bestScore = -1;
  for (const r of rules.budgetControl) {
    if (!line.subjectCode.startsWith(r.subjectPrefix)) continue;
    if (r.unitId !== null && r.unitId !== line.unitId) continue;
    if (r.projectCode !== null && r.projectCode !== (line.projectCode ?? '')) continue;
    const score = (r.projectCode !== null ? 2000 : 0) + (r.unitId !== null ? 1000 : 0) + r.subjectPrefix.length;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best?.mode ?? '禁止';
}

export function checklistOf(rules: RulesInForce, kind: ExpenseKind): ChecklistItem[] {
  return rules.checklists.get(kind) ?? DEFAULT_CHECKLISTS[kind] ?? [];
}

/** Every version of every rule, oldest first; `group` ties the versions that replace each other, `inForce`
 *  marks the one version of each group in force today, `effectiveTo` is the day before the next version. */
export async function listRules(db: Executor, today: string): Promise<ExpenseRuleRow[]> {
  const rows = await db.selectFrom('expense_rule').selectAll().orderBy('key').orderBy('effective_from').orderBy('id').execute();
  const out: ExpenseRuleRow[] = rows.map((r) => {
    const params = JSON.parse(r.params_json);
    return {
      id: r.id,
      key: r.key as ExpenseRuleKey,
      name: r.name,
      group: ruleGroup(r.key as ExpenseRuleKey, params),
      params,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      basis: r.basis,
      createdAt: r.created_at,
      inForce: false,
    };
  });
  const byGroup = new Map<string, ExpenseRuleRow[]>();
  for (const r of out) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  for (const versions of byGroup.values()) {
    for (const [i, v] of versions.entries()) {
      const next = versions.slice(i + 1).find((n) => n.effectiveFrom > v.effectiveFrom);
      if (next && (v.effectiveTo === null || v.effectiveTo >= next.effectiveFrom)) v.effectiveTo = dayBefore(next.effectiveFrom);
      // Same effective date: the later version replaces it from the start.
      if (versions.slice(i + 1).some((n) => n.effectiveFrom === v.effectiveFrom)) v.effectiveTo = dayBefore(v.effectiveFrom);
    }
    const current = versions.filter((v) => v.effectiveFrom <= today && (v.effectiveTo === null || v.effectiveTo >= today)).at(-1);
    if (current) current.inForce = true;
  }
  return out;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function addRule(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { key: ExpenseRuleKey; params: Record<string, unknown>; effectiveFrom: string; basis: string },
): Promise<void> {
  const roles = await db.selectFrom('user_role').select('role_code').where('user_id', '=', actor.userId ?? -1).execute();
  if (!roles.some((r) => r.role_code === '系统管理员')) throw forbidden('只有系统管理员可以修改支出审批规则。');
  const parsed = parseRuleParams(input.key, input.params);
  if (!parsed.ok) throw invalid(parsed.message, [{ path: 'params', message: parsed.message }]);
  const p = parsed.value;
  const group = ruleGroup(input.key, p);
  const later = (await db.selectFrom('expense_rule').select(['params_json', 'effective_from']).where('key', '=', input.key).where('effective_from', '>', input.effectiveFrom).execute())
    .filter((r) => ruleGroup(input.key, JSON.parse(r.params_json)) === group);
  if (later.length) {
    const last = later.map((r) => r.effective_from).sort().at(-1);
    throw invalid(`“${EXPENSE_RULE_NAMES[input.key]}”已有自 ${last} 起生效的版本，新版本的生效日期不能早于它（不能改写已有版本的生效期间）。`, [{ path: 'effectiveFrom', message: `不能早于 ${last}` }]);
  }
  await db
    .insertInto('expense_rule')
    .values({
      key: input.key,
      name: EXPENSE_RULE_NAMES[input.key],
      params_json: JSON.stringify(p),
      effective_from: input.effectiveFrom,
      effective_to: null,
      basis: input.basis,
      created_at: now.toISOString(),
      created_by: actor.userId,
    })
    .execute();
  await writeAudit(db, now, actor, {
    module: '支出审批',
    action: '新增规则',
    targetType: '支出审批规则',
    targetId: input.key,
    summary: `新增规则“${EXPENSE_RULE_NAMES[input.key]}”，自 ${input.effectiveFrom} 起生效：${JSON.stringify(p)}`,
    after: { ...input, params: p },
  });
}
