// 预算执行情况表: per budget subject the approved budget (预算数), the amount committed in the expenditure
// chain but not yet paid (已占用), the posted actual from the books (执行数), the balance and the execution
// rate (执行率 = 执行数 ÷ 预算数).
//
// - Budget: the year's last approved budget book (年初预算 or a later approved 预算调整, which carries the
//   full adjusted budget), from the budget module's tables. Which units' budgets: for the federation's own
//   set (a set kept for a 总工会 or 内设部门 unit) the 本级 units (总工会 + 内设部门); for a 代管 set of a
//   lower unit that unit alone; for all sets together every unit of the book. No approved book: budget 0
//   and the report says so.
// - Committed: expenseCommitments (expense module) — requests in the chain not yet paid (占用). They belong
//   to the federation's own expenditure chain, so they count for the 本级 set and for all sets together,
//   not for a 代管 set (unless a line names that set's unit).
// - Actual: actualBySubject (budget-link.ts): posted movements, year-end closing vouchers excluded.
// - Balance (余额): income: 预算数 − 执行数 (still to collect); expense: 预算数 − 已占用 − 执行数 (still
//   available). Rows: leaf subjects with any figure and their level-one subject as a subtotal.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { notFound } from '../../errors';
import { anySubject } from '../../../../shared/budget/subjects';
import { OWN_LEVEL_KINDS, type Direction } from '../../../../shared/budget/constants';
import type { BudgetExecution, BudgetExecutionRow } from '../../../../shared/contract/ledger';
import { actualBySubject } from './budget-link';
import { expenseCommitments } from '../expense/commitments';

interface Acc {
  budget: number;
  committed: number;
  actual: number;
}

const key = (direction: Direction, code: string) => `${direction}|${code}`;

function directionOf(code: string): Direction | null {
  const s = anySubject(code);
  if (s) return s.direction;
  return code.startsWith('4') ? '收入' : code.startsWith('5') ? '支出' : null;
}

/** `month`: actual through that month (1–M月累计; default the whole year); budget and commitments stay the year's. */
export async function budgetExecution(db: Executor, input: { year: number; setId?: number | null; month?: number | null }): Promise<BudgetExecution> {
  let scopeLabel = '全部账套';
  let unitIds: number[] | null = null; // null: every unit of the book
  let withCommitments = true;
  let setName: string | null = null;
  if (input.setId) {
    const set = await db
      .selectFrom('ledger_set as s')
      .innerJoin('unit as u', 'u.id', 's.unit_id')
      .select(['s.id', 's.name', 's.unit_id', 'u.kind', 'u.name as unit_name'])
      .where('s.id', '=', input.setId)
      .executeTakeFirst();
    if (!set) throw notFound('账套');
    setName = set.name;
    if ((OWN_LEVEL_KINDS as readonly string[]).includes(set.kind)) {
      const own = await db.selectFrom('unit').select('id').where('kind', 'in', [...OWN_LEVEL_KINDS]).execute();
      unitIds = own.map((u) => u.id);
      scopeLabel = `本级（${set.name}）`;
    } else {
      unitIds = [set.unit_id];
      withCommitments = false;
      scopeLabel = `代管账套：${set.unit_name}`;
    }
  }

  const acc = new Map<string, Acc>();
  const get = (direction: Direction, code: string) => {
    const k = key(direction, code);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { budget: 0, committed: 0, actual: 0 }));
    return a;
  };

  // ── budget: the last approved book of the year ──
  const book = await db
    .selectFrom('budget_book')
    .select(['id', 'title', 'kind', 'approved_at'])
    .where('year', '=', input.year)
    .where('status', '=', '已批准')
    .orderBy('seq', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (book) {
    const within = unitIds === null ? sql`` : unitIds.length ? sql`and m.unit_id in (${sql.join(unitIds.map((id) => sql`${id}`))})` : sql`and 0`;
    const r = await sql<{ direction: Direction; subject_code: string; amount: number }>`
      select l.direction, l.subject_code, sum(l.amount_fen) as amount
      from budget_book_member m join budget_line l on l.version_id = m.version_id
      where m.book_id = ${book.id} ${within}
      group by l.direction, l.subject_code`.execute(db);
    for (const x of r.rows) get(x.direction, x.subject_code).budget += Number(x.amount);
  }

  // ── committed: the expenditure chain's open requests ──
  if (withCommitments || unitIds) {
    const wanted = unitIds ? new Set(unitIds) : null;
    for (const c of await expenseCommitments(db, { year: input.year })) {
      const unitId = (c as { unitId?: number | null }).unitId ?? null;
      if (!withCommitments && (unitId === null || !wanted?.has(unitId))) continue;
      if (withCommitments && wanted && unitId !== null && !wanted.has(unitId)) continue;
      if (c.committedFen) get('支出', c.subjectCode).committed += c.committedFen;
    }
  }

  // ── actual: the books ──
  const through = input.month ?? undefined;
  const actualMaps = input.setId ? [await actualBySubject(db, { year: input.year, setId: input.setId, throughMonth: through })] : [await actualBySubject(db, { year: input.year, throughMonth: through })];
  for (const m of actualMaps) {
    for (const [code, fen] of m) {
      const d = directionOf(code);
      if (d) get(d, code).actual += fen;
    }
  }

  // ── rows: leaves, then level-one subtotals ──
  const leaves = [...acc.entries()].filter(([, a]) => a.budget || a.committed || a.actual);
  const tops = new Map<string, Acc>();
  for (const [k, a] of leaves) {
    const [direction, code] = k.split('|') as [Direction, string];
    if (code.length <= 3) continue;
    const t = tops.get(key(direction, code.slice(0, 3))) ?? { budget: 0, committed: 0, actual: 0 };
    t.budget += a.budget;
    t.committed += a.committed;
    t.actual += a.actual;
    tops.set(key(direction, code.slice(0, 3)), t);
  }
  const rowOf = (direction: Direction, code: string, a: Acc, subtotal: boolean): BudgetExecutionRow => {
    const s = anySubject(code);
    const committed = direction === '支出' ? a.committed : 0;
    return {
      direction,
      code,
      name: s?.name ?? code,
      level: code.length <= 3 ? 1 : 2,
      subtotal,
      budget: a.budget,
      committed,
      actual: a.actual,
      balance: a.budget - committed - a.actual,
      rate: a.budget ? a.actual / a.budget : null,
    };
  };
  const rows: BudgetExecutionRow[] = [];
  const seen = new Set<string>();
  const entries = [...leaves.map(([k, a]) => ({ k, a, subtotal: false })), ...[...tops.entries()].map(([k, a]) => ({ k, a, subtotal: true }))];
  entries.sort((x, y) => {
    const [dx, cx] = x.k.split('|');
    const [dy, cy] = y.k.split('|');
    if (dx !== dy) return dx === '收入' ? -1 : 1;
    // carry-over (使用上年结转结余, 3xx) after income accounts
    const ox = cx.startsWith('3') ? `9${cx}` : cx;
    const oy = cy.startsWith('3') ? `9${cy}` : cy;
    return ox < oy ? -1 : ox > oy ? 1 : 0;
  });
  for (const e of entries) {
    if (seen.has(e.k)) continue;
    seen.add(e.k);
    const [direction, code] = e.k.split('|') as [Direction, string];
    // A level-one subject with sub-subjects shows as subtotal (its own direct figures are added in).
    const direct = acc.get(e.k);
    const top = tops.get(e.k);
    const a = top && direct ? { budget: top.budget + direct.budget, committed: top.committed + direct.committed, actual: top.actual + direct.actual } : e.a;
    rows.push(rowOf(direction, code, a, Boolean(top)));
  }
  const total = (direction: Direction): BudgetExecutionRow => {
    const a = { budget: 0, committed: 0, actual: 0 };
    for (const [k, x] of leaves) {
      if (!k.startsWith(`${direction}|`)) continue;
      a.budget += x.budget;
      a.committed += x.committed;
      a.actual += x.actual;
    }
    return { ...rowOf(direction, '', a, true), code: '', name: direction === '收入' ? '收入合计' : '支出合计', level: 0 };
  };
  return {
    year: input.year,
    setId: input.setId ?? null,
    setName,
    scopeLabel,
    book: book ? { id: book.id, title: book.title, approvedAt: book.approved_at } : null,
    rows,
    incomeTotal: total('收入'),
    expenseTotal: total('支出'),
    commitmentsIncluded: withCommitments,
  };
}
