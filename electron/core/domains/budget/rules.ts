// Budget rules: the rows in force for a year, changing a rule (a new dated row; the old one is closed the
// day before), the forbidden-purpose matcher the import shares, and the checks of a year's figures —
// each with pass/fail, the figures behind it and the failing units or lines.
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { formatFen } from '../../../../shared/money';
import { BUDGET_MODULE, BUDGET_RULE_EDITORS, OWN_LEVEL_KINDS, type ChartSet } from '../../../../shared/budget/constants';
import {
  FIGURE_RULES, RULE_KEYS, RULE_PARAM_SCHEMAS, ruleDateOfYear, type ForbiddenEntry, type RuleKey, type RuleParams,
} from '../../../../shared/budget/rules';
import { subjectLabel, underSubject } from '../../../../shared/budget/subjects';
import type {
  BudgetRuleRow, RuleCheckFigure, RuleCheckItem, RuleCheckReport, RuleCheckResult,
} from '../../../../shared/contract/budget';
import { zodDetails } from '../../router';
import { chartOf, lastYearSource, localDate, srcSql, unitRanges, unitRef, type Source } from './structure';
import { cellOf } from './consolidate';

export interface RuleRow<K extends RuleKey = RuleKey> {
  id: number;
  key: K;
  name: string;
  blocking: boolean;
  params: RuleParams<K>;
  effectiveFrom: string;
  effectiveTo: string | null;
  basis: string;
  createdAt: string;
}

type DbRule = {
  id: number;
  key: string;
  name: string;
  blocking: number;
  params_json: string;
  effective_from: string;
  effective_to: string | null;
  basis: string;
  created_at: string;
};

function toRule(r: DbRule): RuleRow {
  const key = r.key as RuleKey;
  return {
    id: r.id,
    key,
    name: r.name,
    blocking: r.blocking === 1,
    params: RULE_PARAM_SCHEMAS[key].parse(JSON.parse(r.params_json)) as RuleParams<RuleKey>,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    basis: r.basis,
    createdAt: r.created_at,
  };
}

const inForceOn = (r: { effectiveFrom: string; effectiveTo: string | null }, date: string) =>
  r.effectiveFrom <= date && (r.effectiveTo === null || r.effectiveTo >= date);

/** The rule rows in force on a date, one per key (the latest start wins if rows overlap). */
export async function rulesInForce(db: Executor, date: string): Promise<Map<RuleKey, RuleRow>> {
  const rows = (await db
    .selectFrom('budget_rule')
    .selectAll()
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('effective_from')
    .orderBy('id')
    .execute()) as DbRule[];
  const out = new Map<RuleKey, RuleRow>();
  for (const r of rows) if ((RULE_KEYS as readonly string[]).includes(r.key)) out.set(r.key as RuleKey, toRule(r));
  return out;
}

export async function ruleOf<K extends RuleKey>(db: Executor, key: K, year: number): Promise<RuleRow<K>> {
  const r = (await rulesInForce(db, ruleDateOfYear(year))).get(key);
  if (!r) throw notFound(`预算规则“${key}”在 ${year} 年度的有效版本`);
  return r as RuleRow<K>;
}

export function ruleRowOut(r: RuleRow, date: string): BudgetRuleRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    blocking: r.blocking,
    params: r.params,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    basis: r.basis,
    createdAt: r.createdAt,
    inForce: inForceOn(r, date),
  };
}

export async function listRules(db: Executor, year: number | null | undefined, key: RuleKey | null | undefined, now: Date) {
  let q = db.selectFrom('budget_rule').selectAll();
  if (key) q = q.where('key', '=', key);
  const rows = (await q.orderBy('key').orderBy('effective_from').execute()) as DbRule[];
  const date = year ? ruleDateOfYear(year) : localDate(now);
  const order = new Map(RULE_KEYS.map((k, i) => [k, i]));
  return rows
    .map(toRule)
    .sort((a, b) => (order.get(a.key)! - order.get(b.key)!) || (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    .map((r) => ruleRowOut(r, date));
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Refuses an actor without one of `roles` (checked here, not only by the endpoint's access). */
export async function assertRole(db: Executor, actor: Actor, roles: readonly string[], what: string): Promise<void> {
  if (actor.userId === null) throw forbidden(`${what}需要以用户身份进行。`);
  const held = await db.selectFrom('user_role').select('role_code').where('user_id', '=', actor.userId).execute();
  if (!held.some((r) => roles.includes(r.role_code))) {
    throw forbidden(`${actor.username} 没有“${what}”的权限，需要以下角色之一：${roles.join('、')}。`);
  }
}

/** Replaces the rule row `id` from `effectiveFrom` on: the old row is closed the day before, history kept. */
export async function updateRule(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { id: number; blocking: boolean; params: Record<string, unknown>; effectiveFrom: string; basis: string | null },
): Promise<BudgetRuleRow> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, BUDGET_RULE_EDITORS, '修改预算规则');
    const old = (await trx.selectFrom('budget_rule').selectAll().where('id', '=', input.id).executeTakeFirst()) as DbRule | undefined;
    if (!old) throw notFound(`预算规则（编号 ${input.id}）`);
    const prev = toRule(old);
    if (prev.effectiveTo !== null && prev.effectiveTo < input.effectiveFrom) {
      throw conflict(`该规则版本已于 ${prev.effectiveTo} 停止生效，请修改现行版本。`);
    }
    if (input.effectiveFrom <= prev.effectiveFrom) {
      throw invalid(`新规则的生效日期须晚于现行版本的生效日期 ${prev.effectiveFrom}。`);
    }
    const later = await trx
      .selectFrom('budget_rule')
      .select('effective_from')
      .where('key', '=', prev.key)
      .where('effective_from', '>', prev.effectiveFrom)
      .executeTakeFirst();
    if (later) throw conflict(`该规则已有自 ${later.effective_from} 起生效的新版本，请在最新版本上修改。`);
    // A budget already approved keeps the checks of its figures it was approved with: a change of a figure
    // rule may only start after 1 January of the last year with an approved budget. (The adjustment limit
    // and the procedure's separation of duties govern what is still to come, and may change for that year.)
    const approved = !FIGURE_RULES.includes(prev.key) ? undefined : await trx
      .selectFrom('budget_book')
      .select(['year', 'title'])
      .where('status', '=', '已批准')
      .orderBy('year', 'desc')
      .executeTakeFirst();
    if (approved && ruleDateOfYear(approved.year) >= input.effectiveFrom) {
      throw conflict(
        `“${approved.title}”已经批准，当时适用的规则不能追溯修改；新规则最早自 ${approved.year + 1}-01-01 起生效（适用于 ${approved.year + 1} 年度及以后的预算）。`,
      );
    }
    const parsed = RULE_PARAM_SCHEMAS[prev.key].safeParse(input.params);
    if (!parsed.success) {
      const details = zodDetails(parsed.error).map((d) => ({ ...d, path: `params.${d.path}` }));
      throw invalid(`规则参数有误：${details.map((d) => `${d.path}：${d.message}`).join('；')}`, details);
    }
    await trx.updateTable('budget_rule').set({ effective_to: dayBefore(input.effectiveFrom) }).where('id', '=', prev.id).execute();
    const row = await trx
      .insertInto('budget_rule')
      .values({
        key: prev.key,
        name: prev.name,
        blocking: input.blocking ? 1 : 0,
        params_json: JSON.stringify(parsed.data),
        effective_from: input.effectiveFrom,
        effective_to: prev.effectiveTo,
        basis: input.basis ?? prev.basis,
        created_at: now.toISOString(),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: BUDGET_MODULE,
      action: '修改预算规则',
      targetType: '预算规则',
      targetId: row.id,
      summary: `修改预算规则“${prev.name}”，自 ${input.effectiveFrom} 起生效${input.blocking ? '（阻断）' : '（提示）'}`,
      before: { id: prev.id, blocking: prev.blocking, params: prev.params, effectiveFrom: prev.effectiveFrom },
      after: { id: row.id, blocking: input.blocking, params: parsed.data, effectiveFrom: input.effectiveFrom },
    });
    const saved = (await trx.selectFrom('budget_rule').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as DbRule;
    return ruleRowOut(toRule(saved), localDate(now));
  });
}

// ── forbidden purposes ───────────────────────────────────────────────────────────────────────────────

export interface ForbiddenHit {
  entry: ForbiddenEntry;
  keyword: string;
}

const keywordPatterns = new WeakMap<readonly ForbiddenEntry[], RegExp>();

/** One pattern of every keyword of a rule's entries: most texts match none and are done in one test. */
function anyKeyword(entries: readonly ForbiddenEntry[]): RegExp {
  let re = keywordPatterns.get(entries);
  if (!re) {
    const words = [...new Set(entries.flatMap((e) => e.keywords))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = words.length ? new RegExp(words.join('|')) : /(?!)/;
    keywordPatterns.set(entries, re);
  }
  return re;
}

/** The forbidden-purpose entries a text on a subject of a chart matches. */
export function matchForbidden(
  entries: readonly ForbiddenEntry[],
  texts: ReadonlyArray<string | null | undefined>,
  subjectCode: string | null,
  chart: ChartSet,
): ForbiddenHit[] {
  const hits: ForbiddenHit[] = [];
  const joined = texts.filter(Boolean).join(' ');
  if (!joined || !anyKeyword(entries).test(joined)) return hits;
  for (const entry of entries) {
    if (entry.appliesTo !== '全部' && entry.appliesTo !== chart) continue;
    if (subjectCode && entry.exceptSubjects.some((c) => underSubject(subjectCode, c))) continue;
    let text = joined;
    for (const w of entry.exceptWords) text = text.split(w).join(' ');
    const keyword = entry.keywords.find((k) => text.includes(k));
    if (keyword) hits.push({ entry, keyword });
  }
  return hits;
}

// ── checks ───────────────────────────────────────────────────────────────────────────────────────────

const MAX_ITEMS = 50;
const OWN_SQL = sql.join(OWN_LEVEL_KINDS.map((k) => sql`${k}`));

interface UnitTotal {
  unit_id: number;
  code: string;
  name: string;
  kind: string;
  direction: string;
  amount: number;
}

interface OwnSubjectTotal {
  own: number;
  direction: string;
  subject_code: string;
  amount: number;
}

interface TagTotal {
  own: number;
  tag: string;
  amount: number;
}

async function unitTotals(db: Executor, source: Source): Promise<UnitTotal[]> {
  return (
    await sql<UnitTotal>`
      with src as (${srcSql(source)})
      select s.unit_id, u.code, u.name, u.kind, l.direction, sum(l.amount_fen) as amount
      from src s join budget_line l on l.version_id = s.version_id join unit u on u.id = s.unit_id
      group by s.unit_id, l.direction`.execute(db)
  ).rows;
}

async function subjectTotals(db: Executor, source: Source): Promise<OwnSubjectTotal[]> {
  const merged = new Map<string, OwnSubjectTotal>();
  for (const range of await unitRanges(db, source)) {
    const r = await sql<OwnSubjectTotal>`
      with src as (${srcSql(source, '全部', range)})
      select (u.kind in (${OWN_SQL})) as own, l.direction, l.subject_code, sum(l.amount_fen) as amount
      from src s join unit u on u.id = s.unit_id join budget_line l on l.version_id = s.version_id
      group by own, l.direction, l.subject_code`.execute(db);
    for (const row of r.rows) {
      const k = `${row.own}|${row.direction}|${row.subject_code}`;
      const m = merged.get(k);
      if (m) m.amount += row.amount;
      else merged.set(k, { ...row });
    }
  }
  return [...merged.values()];
}

async function tagTotals(db: Executor, source: Source, column: 'sangong' | 'special_fund'): Promise<TagTotal[]> {
  return (
    await sql<TagTotal>`
      with src as (${srcSql(source)})
      select (u.kind in (${OWN_SQL})) as own, l.${sql.ref(column)} as tag, sum(l.amount_fen) as amount
      from src s join unit u on u.id = s.unit_id join budget_line l on l.version_id = s.version_id
      where l.${sql.ref(column)} is not null
      group by own, tag`.execute(db)
  ).rows;
}

interface CandidateLine {
  unit_id: number;
  code: string;
  name: string;
  kind: string;
  version_id: number;
  subject_code: string | null;
  texts: string;
  text2: string | null;
  sheet: string;
  row_no: number;
  layout_json: string | null;
}

/** Lines and projects whose texts contain any keyword (SQL narrows; the matcher decides). */
async function forbiddenCandidates(db: Executor, source: Source, keywords: readonly string[]): Promise<CandidateLine[]> {
  if (keywords.length === 0) return [];
  const lineHit = sql.join(
    keywords.map((k) => sql`instr(coalesce(l.item, '') || ' ' || coalesce(l.note, ''), ${k}) > 0`),
    sql` or `,
  );
  const projectHit = sql.join(
    keywords.map((k) => sql`instr(p.name || ' ' || coalesce(p.purpose, ''), ${k}) > 0`),
    sql` or `,
  );
  const r = await sql<CandidateLine>`
    with src as (${srcSql(source)})
    select s.unit_id, u.code, u.name, u.kind, s.version_id, l.subject_code, coalesce(l.item, '') as texts, l.note as text2,
           l.sheet, l.row_no, v.layout_json
    from src s join budget_line l on l.version_id = s.version_id join unit u on u.id = s.unit_id
      join budget_version v on v.id = s.version_id
    where ${lineHit}
    union all
    select s.unit_id, u.code, u.name, u.kind, s.version_id, null as subject_code, p.name as texts, p.purpose as text2,
           p.sheet, p.row_no, null as layout_json
    from src s join budget_project p on p.version_id = s.version_id join unit u on u.id = s.unit_id
    where ${projectHit}
    limit 5000`.execute(db);
  return r.rows;
}

const amount = (label: string, fen: number | null): RuleCheckFigure => ({ label, value: fen, format: 'amount' });
const percent = (label: string, v: number | null): RuleCheckFigure => ({ label, value: v, format: 'percent' });
const count = (label: string, n: number): RuleCheckFigure => ({ label, value: n, format: 'count' });
const text = (label: string, v: string): RuleCheckFigure => ({ label, value: v, format: 'text' });
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** num / den ≥ min, exactly (min to 1/10,000). */
function shareAtLeast(num: number, den: number, min: number): boolean {
  const bp = BigInt(Math.round(min * 10_000));
  return BigInt(num) * 10_000n >= bp * BigInt(den);
}

function sumUnder(rows: readonly OwnSubjectTotal[], direction: string, codes: readonly string[], ownOnly: boolean): number {
  let s = 0;
  for (const r of rows) {
    if (r.direction !== direction || (ownOnly && r.own !== 1)) continue;
    if (codes.some((c) => underSubject(r.subject_code, c))) s += r.amount;
  }
  return s;
}

function sumDirection(rows: readonly OwnSubjectTotal[], direction: string, ownOnly: boolean, exclude: readonly string[] = []): number {
  let s = 0;
  for (const r of rows) {
    if (r.direction !== direction || (ownOnly && r.own !== 1)) continue;
    if (exclude.some((c) => underSubject(r.subject_code, c))) continue;
    s += r.amount;
  }
  return s;
}

function result(rule: RuleRow, status: RuleCheckResult['status'], message: string, figures: RuleCheckFigure[], items: RuleCheckItem[] = [], itemCount = items.length): RuleCheckResult {
  return {
    ruleId: rule.id,
    key: rule.key,
    name: rule.name,
    blocking: rule.blocking,
    status,
    message,
    figures,
    items: items.slice(0, MAX_ITEMS),
    itemCount,
  };
}

const scopeLabel = (s: '本级' | '全部') => (s === '本级' ? '本级（总工会及内设部门）' : '全部单位汇总');

/** Runs every figure rule in force for the year against a source's figures. */
export async function evaluateRules(db: Executor, year: number, source: Source): Promise<RuleCheckReport> {
  const rules = await rulesInForce(db, ruleDateOfYear(year));
  const last = await lastYearSource(db, year);
  const forbiddenRule = rules.get('forbidden') as RuleRow<'forbidden'> | undefined;
  const keywords = [...new Set(forbiddenRule?.params.entries.flatMap((e) => e.keywords) ?? [])];
  const [units, subjects, sangongNow, sangongLast, funds, candidates] = await Promise.all([
    unitTotals(db, source),
    subjectTotals(db, source),
    tagTotals(db, source, 'sangong'),
    last ? tagTotals(db, last, 'sangong') : Promise.resolve(null),
    tagTotals(db, source, 'special_fund'),
    forbiddenCandidates(db, source, keywords),
  ]);
  const hasOwn = units.some((u) => OWN_LEVEL_KINDS.includes(u.kind as never));
  const results: RuleCheckResult[] = [];

  for (const key of FIGURE_RULES) {
    const rule = rules.get(key);
    if (!rule) continue;
    switch (key) {
      case 'balance': {
        const p = (rule as RuleRow<'balance'>).params;
        const figures: RuleCheckFigure[] = [];
        const items: RuleCheckItem[] = [];
        const fails = (income: number, expense: number) =>
          expense - income > p.toleranceFen || (!p.allowSurplus && income - expense > p.toleranceFen);
        let failed = 0;
        let checked = 0;
        if (p.scopes.includes('本级') && hasOwn) {
          const inc = sumDirection(subjects, '收入', true);
          const exp = sumDirection(subjects, '支出', true);
          figures.push(amount('本级收入预算', inc), amount('本级支出预算', exp), amount('本级收支差额', inc - exp));
          checked++;
          if (fails(inc, exp)) {
            failed++;
            items.push({ unit: null, versionId: null, at: null, text: `本级：收入 ${formatFen(inc)} 元，支出 ${formatFen(exp)} 元，差额 ${formatFen(inc - exp)} 元` });
          }
        }
        if (p.scopes.includes('基层单位')) {
          const per = new Map<number, { u: UnitTotal; inc: number; exp: number }>();
          for (const u of units) {
            if (OWN_LEVEL_KINDS.includes(u.kind as never)) continue;
            const e = per.get(u.unit_id) ?? { u, inc: 0, exp: 0 };
            if (u.direction === '收入') e.inc += u.amount;
            else e.exp += u.amount;
            per.set(u.unit_id, e);
          }
          let bad = 0;
          for (const e of [...per.values()].sort((a, b) => (a.u.code < b.u.code ? -1 : 1))) {
            checked++;
            if (!fails(e.inc, e.exp)) continue;
            bad++;
            items.push({
              unit: unitRef({ id: e.u.unit_id, code: e.u.code, name: e.u.name, kind: e.u.kind }),
              versionId: null,
              at: null,
              text: `${e.u.name}：收入 ${formatFen(e.inc)} 元，支出 ${formatFen(e.exp)} 元，${e.exp > e.inc ? `赤字 ${formatFen(e.exp - e.inc)} 元` : `结余 ${formatFen(e.inc - e.exp)} 元`}`,
            });
          }
          failed += bad;
          figures.push(count('检查的基层单位', per.size), count('收支不平衡的基层单位', bad));
        }
        if (checked === 0) results.push(result(rule, '不适用', '尚无预算数据。', figures));
        else if (failed) results.push(result(rule, '未通过', `有 ${failed} 处收支不平衡（支出不得超过收入${p.allowSurplus ? '' : '，且收支应相等'}）。`, figures, items, failed));
        else results.push(result(rule, '通过', '收支平衡。', figures));
        break;
      }
      case 'retained_to_grassroots': {
        const p = (rule as RuleRow<'retained_to_grassroots'>).params;
        const own = p.scope === '本级';
        const num = sumUnder(subjects, '支出', p.numerator, own);
        const den = sumUnder(subjects, '收入', p.denominator, own);
        const figures = [
          text('范围', scopeLabel(p.scope)),
          amount(`用于下级和基层（${p.numerator.map(subjectLabel).join('、')}）`, num),
          amount(`留存经费（${p.denominator.map(subjectLabel).join('、')}）`, den),
          percent('实际比例', den ? num / den : null),
          percent('规定比例（不低于）', p.min),
        ];
        if (den === 0) results.push(result(rule, '不适用', `${scopeLabel(p.scope)}预算中没有留存经费收入，无法计算比例。`, figures));
        else if (shareAtLeast(num, den, p.min)) results.push(result(rule, '通过', `用于下级和基层的比例为 ${pct(num / den)}，不低于 ${pct(p.min)}。`, figures));
        else results.push(result(rule, '未通过', `用于下级和基层的比例为 ${pct(num / den)}，低于规定的 ${pct(p.min)}。`, figures));
        break;
      }
      case 'serve_workers': {
        const p = (rule as RuleRow<'serve_workers'>).params;
        const own = p.scope === '本级';
        const num = sumUnder(subjects, '支出', p.numerator, own);
        const den = sumDirection(subjects, '支出', own, p.denominatorExclude);
        const figures = [
          text('范围', scopeLabel(p.scope)),
          amount(`服务职工和支持基层支出（${p.numerator.join('、')}）`, num),
          amount(`支出合计${p.denominatorExclude.length ? `（不含 ${p.denominatorExclude.join('、')}）` : ''}`, den),
          percent('实际比例', den ? num / den : null),
          percent('规定比例（不低于）', p.min),
        ];
        if (den === 0) results.push(result(rule, '不适用', `${scopeLabel(p.scope)}预算中没有支出，无法计算比例。`, figures));
        else if (shareAtLeast(num, den, p.min)) results.push(result(rule, '通过', `服务职工和支持基层的支出占 ${pct(num / den)}，不低于 ${pct(p.min)}。`, figures));
        else results.push(result(rule, '未通过', `服务职工和支持基层的支出占 ${pct(num / den)}，低于规定的 ${pct(p.min)}。`, figures));
        break;
      }
      case 'sangong': {
        const p = (rule as RuleRow<'sangong'>).params;
        const own = p.scope === '本级';
        const pick = (rows: readonly TagTotal[] | null, cat: string) =>
          (rows ?? []).filter((r) => r.tag === cat && (!own || r.own === 1)).reduce((s, r) => s + r.amount, 0);
        const figures: RuleCheckFigure[] = [text('范围', scopeLabel(p.scope))];
        let now = 0;
        let before = 0;
        for (const c of p.categories) {
          const a = pick(sangongNow, c);
          const b = pick(sangongLast, c);
          now += a;
          before += b;
          figures.push(amount(`本年 ${c}`, a), amount(`上年 ${c}`, sangongLast ? b : null));
        }
        figures.unshift(amount('本年三公经费合计', now), amount('上年三公经费合计', sangongLast ? before : null));
        if (!last) results.push(result(rule, '不适用', '没有上年预算数据，无法比较三公经费。', figures));
        else if (now <= before) results.push(result(rule, '通过', `三公经费 ${formatFen(now)} 元，未超过上年的 ${formatFen(before)} 元。`, figures));
        else results.push(result(rule, '未通过', `三公经费 ${formatFen(now)} 元，比上年 ${formatFen(before)} 元增加 ${formatFen(now - before)} 元（只减不增）。`, figures));
        break;
      }
      case 'forbidden': {
        const p = (rule as RuleRow<'forbidden'>).params;
        const blocked: RuleCheckItem[] = [];
        const hints: RuleCheckItem[] = [];
        for (const c of candidates) {
          const hits = matchForbidden(p.entries, [c.texts, c.text2], c.subject_code, chartOf(c.kind));
          for (const h of hits) {
            const item: RuleCheckItem = {
              unit: unitRef({ id: c.unit_id, code: c.code, name: c.name, kind: c.kind }),
              versionId: c.version_id,
              at: c.subject_code ? cellOf(c.layout_json, c.sheet, c.row_no) : `${c.sheet}!${c.row_no}`,
              text: `${c.name}：“${c.texts}”含“${h.keyword}”——${h.entry.reason}`,
            };
            (h.entry.severity === '禁止' ? blocked : hints).push(item);
          }
        }
        const figures = [count('禁止事项', blocked.length), count('需核实事项（提示）', hints.length), count('关键词', keywords.length)];
        if (blocked.length) results.push(result(rule, '未通过', `有 ${blocked.length} 行预算属于禁止列支的事项。`, figures, [...blocked, ...hints], blocked.length + hints.length));
        else results.push(result(rule, '通过', hints.length ? `没有禁止列支的事项；${hints.length} 行需核实。` : '没有禁止列支的事项。', figures, hints));
        break;
      }
      case 'special_funds': {
        const p = (rule as RuleRow<'special_funds'>).params;
        const own = p.scope === '本级';
        const total = sumDirection(subjects, '支出', own);
        const figures: RuleCheckFigure[] = [text('范围', scopeLabel(p.scope)), amount('支出合计', total)];
        const items: RuleCheckItem[] = [];
        let set = 0;
        for (const f of p.funds) {
          const a = funds.filter((r) => r.tag === f.name && (!own || r.own === 1)).reduce((s, r) => s + r.amount, 0);
          figures.push(amount(f.name, a), percent(`${f.name}占比`, total ? a / total : null), percent(`${f.name}规定比例（不低于）`, f.minShare));
          if (f.minShare <= 0) continue;
          set++;
          if (total === 0 || !shareAtLeast(a, total, f.minShare)) {
            items.push({ unit: null, versionId: null, at: null, text: `${f.name} ${formatFen(a)} 元，占 ${total ? pct(a / total) : '—'}，低于规定的 ${pct(f.minShare)}` });
          }
        }
        if (set === 0) results.push(result(rule, '不适用', '尚未设定专项资金的最低比例。', figures));
        else if (total === 0) results.push(result(rule, '不适用', `${scopeLabel(p.scope)}预算中没有支出。`, figures));
        else if (items.length) results.push(result(rule, '未通过', `有 ${items.length} 项专项资金低于规定比例。`, figures, items));
        else results.push(result(rule, '通过', '专项资金均达到规定比例。', figures));
        break;
      }
    }
  }
  const blockingFailures = results.filter((r) => r.blocking && r.status === '未通过').length;
  return { year, source: source.info, results, blockingFailures, passed: blockingFailures === 0 };
}
