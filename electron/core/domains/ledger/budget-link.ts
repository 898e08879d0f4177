// The ledger side of budget execution (预算执行): what the books have actually taken in and spent in a
// year, per budget subject (预算科目), per funding source (actualBySource) and per ledger project
// (actualByLedgerProject). The budget, expense and assessment modules read it from here.
//
// Mapping ledger accounts → budget subjects (domain.md §1.2, §2 "Budget lines = income accounts; expense
// accounts/sub-accounts"; shared/budget/subjects.ts):
// - Budget subjects ARE the union chart's income (4xx) and expense (5xx) accounts, on the level where
//   budget lines sit: a level-one account without prescribed sub-accounts (e.g. 401 会费收入, 510 其他支出)
//   or a prescribed sub-account (e.g. 40301, 50101, 50602). A set's chart copy keeps these codes, and
//   administrators may only add lower levels beneath them (parent code + 2 digits).
// - So a ledger account maps to the longest prefix of its code that is a budget subject of the set's
//   chart (G or C); an account a grassroots set borrowed from the county chart maps through the other
//   chart. Self-added sub-accounts (e.g. 5010101) therefore count towards their prescribed subject
//   (50101). Income and expense accounts only; asset, liability and net-asset accounts are not budget
//   subjects. The income-side carry-over subjects (使用上年结转结余, 321/322/331/332) are not movements
//   of the books and get no actual here.
// - Actual = posted movements of months 1–12 of the year (a set started after January includes the
//   year-to-date movement entered with its opening balances), net of red reversals, WITHOUT the year-end
//   closing vouchers (结转凭证): income = 贷 − 借, expense = 借 − 贷, in fen.
// - Sets: one set (`setId`), or every set of the database (the federation's own books and the 代管 sets it
//   keeps for grassroots unions) — as the year's approved budget book consolidates every unit's budget.
// Reads the balance table only (accounts × dimension combinations × 12 rows), never the voucher lines.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { subjectMap } from '../../../../shared/budget/subjects';
import type { ChartSet } from '../../../../shared/budget/constants';

/** The budget subject (its code) a ledger account of a set on `chart` counts towards, or null. */
export function subjectOfAccount(chart: ChartSet, accountCode: string): string | null {
  const other: ChartSet = chart === 'C' ? 'G' : 'C';
  for (const map of [subjectMap(chart), subjectMap(other)]) {
    for (let len = accountCode.length; len >= 3; len -= 2) {
      const s = map.get(accountCode.slice(0, len));
      if (s && !s.carryOver) return s.code;
    }
  }
  return null;
}

/**
 * Posted actual income and expenditure of a year per budget subject code, in fen (income 贷 − 借,
 * expense 借 − 贷, year-end closing vouchers excluded). Subjects without movements are absent.
 */
export async function actualBySubject(db: Executor, q: { year: number; setId?: number; throughMonth?: number }): Promise<Map<string, number>> {
  const r = await sql<{ chart: string; account_code: string; type: string; d: number; c: number }>`
    select s.chart, b.account_code, a.type,
      sum(b.debit_fen - b.close_debit_fen) as d,
      sum(b.credit_fen - b.close_credit_fen) as c
    from ledger_balance b
    join ledger_set s on s.id = b.set_id
    join ledger_account a on a.set_id = b.set_id and a.code = b.account_code
    where b.year = ${q.year} and b.month between 1 and ${q.throughMonth ?? 12}
      and a.type in ('收入', '支出')
      ${q.setId !== undefined ? sql`and b.set_id = ${q.setId}` : sql``}
    group by s.chart, b.account_code, a.type
  `.execute(db);
  const out = new Map<string, number>();
  for (const x of r.rows) {
    const subject = subjectOfAccount(x.chart as ChartSet, x.account_code);
    if (!subject) continue;
    const amount = x.type === '收入' ? Number(x.c) - Number(x.d) : Number(x.d) - Number(x.c);
    out.set(subject, (out.get(subject) ?? 0) + amount);
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

/**
 * The funding source (资金来源) a ledger movement counts towards: the line's own 资金来源 dimension when
 * given; otherwise 财政拨款 for an account whose year-end closing goes to 财政拨款结转 (40401 财政拨款收入 and
 * its sub-accounts), else 工会资金 — the same reading the year-end closing makes (closing.ts
 * closingTarget): only county sets that receive same-level 财政拨款 are required to carry the dimension, so
 * an untagged line in the books is union money, and a grassroots set has nothing but union money.
 */
export function fundSourceOf(fundSource: string | null, accountClosing: string | null): string {
  if (fundSource) return fundSource;
  return accountClosing === '财政' ? '财政拨款' : '工会资金';
}

/**
 * Posted actual income and expenditure of a year by funding source and (expenditure only) 基本支出 /
 * 项目支出, in fen, keyed like the budget's by-source rows: `收入|工会资金|`, `支出|财政拨款|基本支出`,
 * `支出|工会资金|` (an expense line without 基本/项目, e.g. 521 安排预算稳定调节基金). Same movements as
 * {@link actualBySubject} (months 1–12, red reversals netted, year-end closing vouchers excluded, only
 * accounts that map to a budget subject; income 贷 − 借, expense 借 − 贷), the funding source read by
 * {@link fundSourceOf}. Keys without a net movement are absent.
 */
export async function actualBySource(db: Executor, q: { year: number; setId?: number }): Promise<Map<string, number>> {
  const r = await sql<{ chart: string; account_code: string; type: string; closing: string | null; fund_source: string | null; expense_type: string | null; d: number; c: number }>`
    select s.chart, b.account_code, a.type, a.closing, b.fund_source, b.expense_type,
      sum(b.debit_fen - b.close_debit_fen) as d,
      sum(b.credit_fen - b.close_credit_fen) as c
    from ledger_balance b
    join ledger_set s on s.id = b.set_id
    join ledger_account a on a.set_id = b.set_id and a.code = b.account_code
    where b.year = ${q.year} and b.month between 1 and 12
      and a.type in ('收入', '支出')
      ${q.setId !== undefined ? sql`and b.set_id = ${q.setId}` : sql``}
    group by s.chart, b.account_code, a.type, a.closing, b.fund_source, b.expense_type
  `.execute(db);
  const out = new Map<string, number>();
  for (const x of r.rows) {
    if (!subjectOfAccount(x.chart as ChartSet, x.account_code)) continue;
    const income = x.type === '收入';
    const key = `${x.type}|${fundSourceOf(x.fund_source, x.closing)}|${income ? '' : (x.expense_type ?? '')}`;
    const amount = income ? Number(x.c) - Number(x.d) : Number(x.d) - Number(x.c);
    out.set(key, (out.get(key) ?? 0) + amount);
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

/**
 * Posted actual expenditure of a year per ledger project (辅助核算“项目”) of the given sets, in fen
 * (借 − 贷 on expense accounts that map to a budget subject, months 1–12, red reversals netted, year-end
 * closing vouchers excluded), keyed by ledger_project.id. Projects without a net movement are absent.
 */
export async function actualByLedgerProject(db: Executor, q: { year: number; setIds: readonly number[] }): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!q.setIds.length) return out;
  const r = await sql<{ chart: string; project_id: number; account_code: string; d: number; c: number }>`
    select s.chart, b.project_id, b.account_code,
      sum(b.debit_fen - b.close_debit_fen) as d,
      sum(b.credit_fen - b.close_credit_fen) as c
    from ledger_balance b
    join ledger_set s on s.id = b.set_id
    join ledger_account a on a.set_id = b.set_id and a.code = b.account_code
    where b.set_id in (${sql.join(q.setIds.map((id) => sql`${id}`))})
      and b.year = ${q.year} and b.month between 1 and 12
      and b.project_id is not null and a.type = '支出'
    group by s.chart, b.project_id, b.account_code
  `.execute(db);
  for (const x of r.rows) {
    if (!subjectOfAccount(x.chart as ChartSet, x.account_code)) continue;
    out.set(x.project_id, (out.get(x.project_id) ?? 0) + Number(x.d) - Number(x.c));
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}
