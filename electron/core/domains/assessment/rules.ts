// Computed items: each named rule measures one figure per unit and year from the module that owns the
// data, and the item's tiers turn it into points. Figures are kept as exact fractions (numerator and
// denominator in integers) and compared with thresholds in BigInt, so a growth of exactly 5%, 10% or 20%
// lands in the tier whose lower bound it is ([5,10), [10,20), [20,∞)) — no floating-point surprises.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { collectionGrowth } from '../collection/growth';
import { rectificationRates } from '../oversight/rates';
import { FIVE_ONES, RULE_LABELS, type RuleKey, type RuleParams, type Tier } from '../../../../shared/assessment/constants';

/** A measured figure in the rule's display unit (% or count or score): value = num / den, den > 0. */
export interface Measure {
  num: bigint;
  den: bigint;
  /** The figure as shown (e.g. 12.50%). */
  display: string;
  /** Where it came from, e.g. 本年 1,150.00 元 / 上年 1,000.00 元. */
  detail: string;
}

const SCALE = 10_000n;

function scaled(t: number): bigint {
  return BigInt(Math.round(t * Number(SCALE)));
}

/** value ≥ t, exactly. */
function atLeast(m: Measure, t: number): boolean {
  return m.num * SCALE >= scaled(t) * m.den;
}

/** The first tier whose [min, max) holds the figure, or null. */
export function tierOf(m: Measure, tiers: readonly Tier[]): Tier | null {
  for (const t of tiers) {
    if (t.min !== null && !atLeast(m, t.min)) continue;
    if (t.max !== null && atLeast(m, t.max)) continue;
    return t;
  }
  return null;
}

export function tierLabel(t: Tier, unit: string): string {
  if (t.min !== null && t.max !== null) return `[${t.min}${unit}, ${t.max}${unit})`;
  if (t.min !== null) return `≥ ${t.min}${unit}`;
  if (t.max !== null) return `< ${t.max}${unit}`;
  return '任意';
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function fraction(num: bigint, den: bigint, digits: number, unit: string): string {
  if (den === 0n) return '—';
  const neg = num < 0n;
  const f = 10n ** BigInt(digits);
  const q = ((neg ? -num : num) * f * 2n + den) / (2n * den); // rounded half up
  return `${neg ? '-' : ''}${(Number(q) / Number(f)).toFixed(digits)}${unit}`;
}

export type Measures = Map<number, Measure | null>;

/** Per unit: collected this year against last year (经费收缴模块 collectionGrowth). */
async function measureGrowth(db: Executor, year: number, unitIds: readonly number[]): Promise<Measures> {
  const rows = await collectionGrowth(db, year);
  const by = new Map(rows.map((r) => [r.unitId, r]));
  const out: Measures = new Map();
  for (const id of unitIds) {
    const r = by.get(id);
    if (!r || r.lastYearFen === 0) {
      out.set(id, null);
      continue;
    }
    const num = 100n * (BigInt(r.thisYearFen) - BigInt(r.lastYearFen));
    const den = BigInt(r.lastYearFen);
    out.set(id, { num, den, display: fraction(num, den, 2, '%'), detail: `本年实收 ${yuan(r.thisYearFen)} 元，上年实收 ${yuan(r.lastYearFen)} 元` });
  }
  return out;
}

/** Per unit: rectification items done / total (经审监督模块 rectificationRates); none at all counts as 100%. */
async function measureRectification(db: Executor, year: number, unitIds: readonly number[]): Promise<Measures> {
  const rows = await rectificationRates(db, year);
  const by = new Map(rows.map((r) => [r.unitId, r]));
  const out: Measures = new Map();
  for (const id of unitIds) {
    const r = by.get(id);
    if (!r || r.total === 0) {
      out.set(id, { num: 100n, den: 1n, display: '100.00%', detail: '本年度无经审整改事项，按 100% 计' });
      continue;
    }
    const num = 100n * BigInt(r.done);
    const den = BigInt(r.total);
    out.set(id, { num, den, display: fraction(num, den, 2, '%'), detail: `整改事项 ${r.total} 项，已整改 ${r.done} 项` });
  }
  return out;
}

/**
 * The budgeted expenditure of each unit for a year: its version in the year's latest approved budget
 * book (年初预算 or the last 预算调整), else its current version.
 */
export async function budgetExpenseByUnit(db: Executor, year: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const current = await db
    .selectFrom('budget_unit_year as c')
    .innerJoin('budget_version as v', 'v.id', 'c.current_version_id')
    .select(['c.unit_id', 'v.expense_fen'])
    .where('c.year', '=', year)
    .execute();
  for (const r of current) out.set(r.unit_id, Number(r.expense_fen));
  const book = await db
    .selectFrom('budget_book')
    .select('id')
    .where('year', '=', year)
    .where('status', '=', '已批准')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (book) {
    const members = await db
      .selectFrom('budget_book_member as m')
      .innerJoin('budget_version as v', 'v.id', 'm.version_id')
      .select(['m.unit_id', 'v.expense_fen'])
      .where('m.book_id', '=', book.id)
      .execute();
    for (const r of members) out.set(r.unit_id, Number(r.expense_fen));
  }
  return out;
}

/**
 * Posted expenditure of a year per unit (its ledger sets), as ledger/budget-link.ts `actualBySubject`
 * defines it: expense accounts, 借 − 贷, months 1–12, year-end closing vouchers excluded.
 */
export async function actualExpenseByUnit(db: Executor, year: number): Promise<Map<number, number>> {
  const r = await sql<{ unit_id: number; amount: number }>`
    select s.unit_id, sum((b.debit_fen - b.close_debit_fen) - (b.credit_fen - b.close_credit_fen)) as amount
    from ledger_balance b
    join ledger_set s on s.id = b.set_id
    join ledger_account a on a.set_id = b.set_id and a.code = b.account_code
    where b.year = ${year} and b.month between 1 and 12 and a.type = '支出'
    group by s.unit_id`.execute(db);
  return new Map(r.rows.map((x) => [x.unit_id, Number(x.amount)]));
}

async function measureExecution(db: Executor, year: number, unitIds: readonly number[]): Promise<Measures> {
  const [budget, actual] = await Promise.all([budgetExpenseByUnit(db, year), actualExpenseByUnit(db, year)]);
  const out: Measures = new Map();
  for (const id of unitIds) {
    const b = budget.get(id) ?? 0;
    if (b <= 0) {
      out.set(id, null);
      continue;
    }
    const a = actual.get(id) ?? 0;
    const num = 100n * BigInt(a);
    const den = BigInt(b);
    out.set(id, { num, den, display: fraction(num, den, 2, '%'), detail: `预算支出 ${yuan(b)} 元，实际支出 ${yuan(a)} 元` });
  }
  return out;
}

async function serviceRows(db: Executor, year: number) {
  return db
    .selectFrom('assess_service')
    .select(['unit_id', 'category'])
    .select((e) => [e.fn.countAll<number>().as('n'), e.fn.sum<number>('satisfaction').as('sat_sum'), e.fn.count<number>('satisfaction').as('sat_n')])
    .where('year', '=', year)
    .where('deleted_at', 'is', null)
    .groupBy(['unit_id', 'category'])
    .execute();
}

async function measureServices(db: Executor, year: number, unitIds: readonly number[], key: RuleKey, params: RuleParams): Promise<Measures> {
  const rows = await serviceRows(db, year);
  const byUnit = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byUnit.get(r.unit_id) ?? [];
    list.push(r);
    byUnit.set(r.unit_id, list);
  }
  const out: Measures = new Map();
  for (const id of unitIds) {
    const list = byUnit.get(id) ?? [];
    if (key === 'five_ones') {
      const held = FIVE_ONES.filter((c) => list.some((r) => r.category === c));
      out.set(id, { num: BigInt(held.length), den: 1n, display: `${held.length} 项`, detail: held.length ? `已开展：${held.join('、')}` : '服务台账中本年度无“五个一”活动记录' });
    } else if (key === 'service_held' || key === 'service_count') {
      const cat = params.category ?? null;
      const n = list.filter((r) => !cat || r.category === cat).reduce((s, r) => s + Number(r.n), 0);
      out.set(id, { num: BigInt(n), den: 1n, display: `${n} 次`, detail: `服务台账本年度${cat ? `“${cat}”` : '服务'}记录 ${n} 次` });
    } else if (key === 'satisfaction') {
      const n = list.reduce((s, r) => s + Number(r.sat_n), 0);
      const sum = list.reduce((s, r) => s + Number(r.sat_sum ?? 0), 0);
      if (n === 0) out.set(id, null);
      else {
        const num = BigInt(Math.round(sum * 100));
        const den = BigInt(n * 100);
        out.set(id, { num, den, display: fraction(num, den, 1, ' 分'), detail: `服务台账本年度 ${n} 次满意度评价的平均分` });
      }
    }
  }
  return out;
}

/** Measures a rule for the given units in a year. A null measure means no data (a reviewer scores it). */
export async function measure(db: Executor, key: RuleKey, params: RuleParams, year: number, unitIds: readonly number[]): Promise<Measures> {
  switch (key) {
    case 'collection_growth':
      return measureGrowth(db, year, unitIds);
    case 'rectification_rate':
      return measureRectification(db, year, unitIds);
    case 'budget_execution':
      return measureExecution(db, year, unitIds);
    default:
      return measureServices(db, year, unitIds, key, params);
  }
}

export interface Scored {
  value: string | null;
  score: number | null;
  detail: string;
}

/** Points for a measured figure under the item's tiers (capped at the item's maximum). */
export function scoreOf(key: RuleKey, m: Measure | null, params: RuleParams, maxPoints: number): Scored {
  const label = RULE_LABELS[key];
  if (!m) return { value: null, score: null, detail: `${label.name}：无数据（${label.source}），请评核人评分` };
  const t = tierOf(m, params.tiers);
  if (!t) return { value: m.display, score: 0, detail: `${label.name} ${m.display}（${m.detail}），不在任何档次，得 0 分` };
  const score = Math.min(t.points, maxPoints);
  return { value: m.display, score, detail: `${label.name} ${m.display}（${m.detail}），档次 ${tierLabel(t, label.unit)} 得 ${score} 分` };
}
