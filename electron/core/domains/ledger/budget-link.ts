// The ledger side of budget execution (预算执行): what the books have actually taken in and spent in a
// year, per budget subject (预算科目). The budget, expense and assessment modules read it from here.
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
