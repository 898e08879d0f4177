// Consolidation (汇总): SQL GROUP BYs over budget_line through its covering index
// (version_id, direction, subject_code, funding_source, expense_type, amount_fen), for the units'
// current versions or a budget book's members — by subject (rolled up to level-one subjects), by funding
// source and expense type, by unit and by project, with last year's budget and last year's actual from the
// ledger beside each (by project: looked up for the rows returned only, see projectHistory). Drill-down returns the lines behind any total with their unit,
// version and workbook cell.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import type { Direction, Scope } from '../../../../shared/budget/constants';
import { anySubject } from '../../../../shared/budget/subjects';
import type {
  ConsolidatedProjectRow, ConsolidatedSourceRow, ConsolidatedSubjectRow, ConsolidatedUnitRow, ConsolidationResult,
  DrillLineRow, DrillResult, drillFilter,
} from '../../../../shared/contract/budget';
import type { z } from 'zod';
import { kindsOfScope } from '../../../../shared/budget/constants';
import { actualByLedgerProject, actualBySource, actualBySubject } from '../ledger/budget-link';
import { UNITS_PER_PIECE, chartOf, lastYearSource, resolveSource, srcSql, unitRanges, unitRef, type Source } from './structure';

// ── last year's actual (from the ledger) ─────────────────────────────────────────────────────────────

/**
 * Actual income and expenditure of a year by subject (决算/执行数), keyed `收入|40201` / `支出|50101`, read
 * from the books through the ledger's {@link actualBySubject} (posted movements, year-end closing vouchers
 * excluded). For a scope other than 全部, only the ledger sets of the scope's units count (本级: the
 * federation's own books; 基层: the 代管 sets of lower units). Null when the books have no income or
 * expenditure movement in that year (the column then shows —).
 */
export async function ledgerActual(db: Executor, year: number, scope: Scope): Promise<Map<string, number> | null> {
  const sets = await scopeSetIds(db, scope);
  const maps: Map<string, number>[] = [];
  if (!sets) maps.push(await actualBySubject(db, { year }));
  else for (const setId of sets) maps.push(await actualBySubject(db, { year, setId }));
  const out = new Map<string, number>();
  for (const m of maps) {
    for (const [code, fen] of m) {
      const direction = anySubject(code)?.direction ?? (code.startsWith('4') ? '收入' : code.startsWith('5') ? '支出' : null);
      if (!direction) continue;
      const key = `${direction}|${code}`;
      out.set(key, (out.get(key) ?? 0) + fen);
    }
  }
  return out.size ? out : null;
}

/** The ledger sets of a scope's units (null = every set of the database, for 全部). */
async function scopeSetIds(db: Executor, scope: Scope): Promise<number[] | null> {
  const kinds = kindsOfScope(scope);
  if (!kinds) return null;
  const sets = await db
    .selectFrom('ledger_set as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select('s.id')
    .where('u.kind', 'in', [...kinds])
    .orderBy('s.id')
    .execute();
  return sets.map((x) => x.id);
}

/**
 * Last year's actual by funding source and expense type, keyed like {@link sourceRows}
 * (`支出|工会资金|项目支出`), through the ledger's {@link actualBySource} with the same scope rule as
 * {@link ledgerActual}. A ledger line without 资金来源 counts as 工会资金 (财政拨款 on 40401 财政拨款收入),
 * as the year-end closing reads it.
 */
export async function ledgerActualBySource(db: Executor, year: number, scope: Scope): Promise<Map<string, number>> {
  const sets = await scopeSetIds(db, scope);
  if (!sets) return actualBySource(db, { year });
  const out = new Map<string, number>();
  for (const setId of sets) for (const [k, v] of await actualBySource(db, { year, setId })) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

// ── by subject / by funding source ───────────────────────────────────────────────────────────────────

interface SubjectAggRow {
  direction: Direction;
  subject_code: string;
  funding_source: string;
  expense_type: string | null;
  amount: number;
  n: number;
}

/** Totals by direction, subject, funding source and expense type: one GROUP BY per range of units, merged. */
export async function subjectAggregates(db: Executor, source: Source, scope: Scope): Promise<SubjectAggRow[]> {
  const merged = new Map<string, SubjectAggRow>();
  for (const range of await unitRanges(db, source)) {
    const r = await sql<SubjectAggRow>`
      with src as (${srcSql(source, scope, range)})
      select l.direction, l.subject_code, l.funding_source, l.expense_type, sum(l.amount_fen) as amount, count(*) as n
      from src s join budget_line l on l.version_id = s.version_id
      group by l.direction, l.subject_code, l.funding_source, l.expense_type`.execute(db);
    for (const row of r.rows) {
      const k = `${row.direction}|${row.subject_code}|${row.funding_source}|${row.expense_type ?? ''}`;
      const m = merged.get(k);
      if (m) {
        m.amount += row.amount;
        m.n += row.n;
      } else merged.set(k, { ...row });
    }
  }
  return [...merged.values()];
}

interface SubjectAcc {
  amount: number;
  unionFund: number;
  fiscal: number;
  basic: number;
  project: number;
  n: number;
}

const emptyAcc = (): SubjectAcc => ({ amount: 0, unionFund: 0, fiscal: 0, basic: 0, project: 0, n: 0 });

/** direction|code → totals, for the leaf codes and their level-one parents. */
function rollUp(rows: readonly SubjectAggRow[]): Map<string, SubjectAcc> {
  const out = new Map<string, SubjectAcc>();
  const add = (key: string, r: SubjectAggRow) => {
    let a = out.get(key);
    if (!a) out.set(key, (a = emptyAcc()));
    a.amount += r.amount;
    a.n += r.n;
    if (r.funding_source === '财政拨款') a.fiscal += r.amount;
    else a.unionFund += r.amount;
    if (r.expense_type === '项目支出') a.project += r.amount;
    else if (r.expense_type === '基本支出') a.basic += r.amount;
  };
  for (const r of rows) {
    add(`${r.direction}|${r.subject_code}`, r);
    if (r.subject_code.length > 3) add(`${r.direction}|${r.subject_code.slice(0, 3)}`, r);
  }
  return out;
}

function sortKey(key: string): string {
  const [direction, code] = key.split('|');
  return `${direction === '收入' ? 0 : 1}|${code}`;
}

export function subjectRows(
  current: readonly SubjectAggRow[],
  lastYear: readonly SubjectAggRow[] | null,
  actual: Map<string, number> | null,
): ConsolidatedSubjectRow[] {
  const now = rollUp(current);
  const before = lastYear ? rollUp(lastYear) : null;
  const actualRolled = actual ? new Map<string, number>() : null;
  if (actual && actualRolled) {
    for (const [k, v] of actual) {
      const [d, code] = k.split('|');
      actualRolled.set(k, (actualRolled.get(k) ?? 0) + v);
      if (code.length > 3) actualRolled.set(`${d}|${code.slice(0, 3)}`, (actualRolled.get(`${d}|${code.slice(0, 3)}`) ?? 0) + v);
    }
  }
  const keys = new Set([...now.keys(), ...(before?.keys() ?? []), ...(actualRolled?.keys() ?? [])]);
  const rows: ConsolidatedSubjectRow[] = [];
  for (const key of [...keys].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))) {
    const [direction, code] = key.split('|') as [Direction, string];
    const a = now.get(key) ?? emptyAcc();
    const last = before ? (before.get(key)?.amount ?? 0) : null;
    const subject = anySubject(code);
    rows.push({
      code,
      name: subject?.name ?? '（未知科目）',
      level: code.length > 3 ? 2 : 1,
      direction,
      amountFen: a.amount,
      unionFundFen: a.unionFund,
      fiscalFen: a.fiscal,
      basicFen: a.basic,
      projectFen: a.project,
      lineCount: a.n,
      lastYearFen: last,
      actualFen: actualRolled ? (actualRolled.get(key) ?? 0) : null,
      deltaFen: last === null ? null : a.amount - last,
    });
  }
  return rows;
}

/**
 * Totals by direction, funding source and (expenditure) expense type, with last year's budget and — when
 * the books have movements that year (`actual` not null) — last year's actual; a combination found only in
 * last year's budget or only in the books gets a row of its own.
 */
export function sourceRows(
  current: readonly SubjectAggRow[],
  lastYear: readonly SubjectAggRow[] | null,
  actual: Map<string, number> | null = null,
): ConsolidatedSourceRow[] {
  const acc = new Map<string, { amount: number; n: number; last: number }>();
  const keyOf = (r: SubjectAggRow) => `${r.direction}|${r.funding_source}|${r.direction === '支出' ? (r.expense_type ?? '') : ''}`;
  for (const r of current) {
    const k = keyOf(r);
    const a = acc.get(k) ?? { amount: 0, n: 0, last: 0 };
    a.amount += r.amount;
    a.n += r.n;
    acc.set(k, a);
  }
  for (const r of lastYear ?? []) {
    const k = keyOf(r);
    const a = acc.get(k) ?? { amount: 0, n: 0, last: 0 };
    a.last += r.amount;
    acc.set(k, a);
  }
  for (const k of actual?.keys() ?? []) if (!acc.has(k)) acc.set(k, { amount: 0, n: 0, last: 0 });
  return [...acc.entries()]
    .sort(([a], [b]) => (sortKey(a) < sortKey(b) ? -1 : 1))
    .map(([k, a]) => {
      const [direction, fundingSource, expenseType] = k.split('|');
      return {
        direction: direction as Direction,
        fundingSource,
        expenseType: expenseType || null,
        amountFen: a.amount,
        lineCount: a.n,
        lastYearFen: lastYear ? a.last : null,
        actualFen: actual ? (actual.get(k) ?? 0) : null,
      };
    });
}

/** Last year's actual income and expenditure of a unit that keeps books here (its ledger sets). */
export interface UnitActual {
  income: number;
  expense: number;
}

/**
 * Actual income and expenditure of a year per unit, from each ledger set through {@link actualBySubject}
 * (the federation's own books and the 代管 sets of lower units); units without books or movements are absent.
 */
export async function unitActuals(db: Executor, year: number): Promise<Map<number, UnitActual>> {
  const sets = await db.selectFrom('ledger_set').select(['id', 'unit_id']).orderBy('id').execute();
  const out = new Map<number, UnitActual>();
  for (const set of sets) {
    const m = await actualBySubject(db, { year, setId: set.id });
    if (!m.size) continue;
    const a = out.get(set.unit_id) ?? { income: 0, expense: 0 };
    for (const [code, fen] of m) {
      const direction = anySubject(code)?.direction ?? (code.startsWith('4') ? '收入' : '支出');
      if (direction === '收入') a.income += fen;
      else a.expense += fen;
    }
    out.set(set.unit_id, a);
  }
  return out;
}

function sumActual(actual: Map<string, number>, direction: Direction): number {
  let sum = 0;
  for (const [k, v] of actual) if (k.startsWith(`${direction}|`)) sum += v;
  return sum;
}

export async function consolidate(db: Executor, year: number, bookId: number | null | undefined, scope: Scope): Promise<ConsolidationResult> {
  const source = await resolveSource(db, year, bookId);
  const last = await lastYearSource(db, year);
  const [current, lastRows, counts, actual, actualSources] = await Promise.all([
    subjectAggregates(db, source, scope),
    last ? subjectAggregates(db, last, scope) : Promise.resolve(null),
    sql<{ units: number; projects: number }>`
      with src as (${srcSql(source, scope)})
      select (select count(*) from src) as units,
             (select count(*) from src s join budget_project p on p.version_id = s.version_id) as projects`.execute(db),
    ledgerActual(db, year - 1, scope),
    ledgerActualBySource(db, year - 1, scope),
  ]);
  let income = 0;
  let expense = 0;
  let basic = 0;
  let project = 0;
  let lines = 0;
  for (const r of current) {
    lines += r.n;
    if (r.direction === '收入') income += r.amount;
    else {
      expense += r.amount;
      if (r.expense_type === '项目支出') project += r.amount;
      else if (r.expense_type === '基本支出') basic += r.amount;
    }
  }
  let lastIncome: number | null = null;
  let lastExpense: number | null = null;
  if (lastRows) {
    lastIncome = 0;
    lastExpense = 0;
    for (const r of lastRows) {
      if (r.direction === '收入') lastIncome += r.amount;
      else lastExpense += r.amount;
    }
  }
  return {
    year,
    scope,
    source: source.info,
    lastYearSource: last?.info ?? null,
    actualAvailable: actual !== null,
    totals: {
      unitCount: Number(counts.rows[0]?.units ?? 0),
      lineCount: lines,
      projectCount: Number(counts.rows[0]?.projects ?? 0),
      incomeFen: income,
      expenseFen: expense,
      basicFen: basic,
      projectFen: project,
      lastYearIncomeFen: lastIncome,
      lastYearExpenseFen: lastExpense,
      actualIncomeFen: actual ? sumActual(actual, '收入') : null,
      actualExpenseFen: actual ? sumActual(actual, '支出') : null,
    },
    bySubject: subjectRows(current, lastRows, actual),
    bySource: sourceRows(current, lastRows, actual ? actualSources : null),
  };
}

// ── by unit ──────────────────────────────────────────────────────────────────────────────────────────

interface UnitAggRow {
  unit_id: number;
  version_id: number;
  direction: Direction;
  amount: number;
  basic: number;
  project: number;
  n: number;
  code: string;
  name: string;
  kind: string;
  seq: number;
}

/**
 * Totals per unit and direction. Grouped by (unit, version, direction) — the order in which the join
 * delivers rows (src by unit, the covering index by version and direction) — so SQLite aggregates as it
 * scans, without a temporary B-tree; the basic/project split is a conditional sum.
 */
async function unitAggregates(db: Executor, source: Source, scope: Scope, ids?: readonly number[]): Promise<UnitAggRow[]> {
  const r = await sql<UnitAggRow>`
    with src as (${srcSql(source, scope, ids)}),
    agg as (
      select s.unit_id, s.version_id, l.direction, sum(l.amount_fen) as amount,
             sum(case when l.expense_type = '基本支出' then l.amount_fen else 0 end) as basic,
             sum(case when l.expense_type = '项目支出' then l.amount_fen else 0 end) as project,
             count(*) as n
      from src s join budget_line l on l.version_id = s.version_id
      group by s.unit_id, s.version_id, l.direction
    )
    select a.unit_id, a.version_id, a.direction, a.amount, a.basic, a.project, a.n, u.code, u.name, u.kind, v.seq
    from agg a join unit u on u.id = a.unit_id join budget_version v on v.id = a.version_id`.execute(db);
  return r.rows;
}

/**
 * Every unit of the source (or of the listed unit ids) with its totals, sorted by unit code. The report
 * asks for a few thousand units at a time (see {@link unitIdsByCode}) to keep memory flat.
 */
export async function unitRows(
  db: Executor,
  source: Source,
  scope: Scope,
  last: Source | null,
  ids?: readonly number[],
  actuals?: Map<number, UnitActual>,
): Promise<ConsolidatedUnitRow[]> {
  const [rows, lastRows, actual] = await Promise.all([
    unitAggregates(db, source, scope, ids),
    last ? unitAggregates(db, last, scope, ids) : Promise.resolve(null),
    actuals ?? unitActuals(db, source.year - 1),
  ]);
  const byUnit = new Map<number, ConsolidatedUnitRow>();
  for (const r of rows) {
    let u = byUnit.get(r.unit_id);
    if (!u) {
      u = {
        unit: unitRef({ id: r.unit_id, code: r.code, name: r.name, kind: r.kind }),
        chart: chartOf(r.kind),
        versionId: r.version_id,
        versionSeq: r.seq,
        incomeFen: 0,
        expenseFen: 0,
        basicFen: 0,
        projectFen: 0,
        balanceFen: 0,
        lineCount: 0,
        lastYearIncomeFen: lastRows ? 0 : null,
        lastYearExpenseFen: lastRows ? 0 : null,
        actualIncomeFen: actual.get(r.unit_id)?.income ?? null,
        actualExpenseFen: actual.get(r.unit_id)?.expense ?? null,
      };
      byUnit.set(r.unit_id, u);
    }
    u.lineCount += r.n;
    if (r.direction === '收入') u.incomeFen += r.amount;
    else {
      u.expenseFen += r.amount;
      u.basicFen += r.basic;
      u.projectFen += r.project;
    }
  }
  for (const r of lastRows ?? []) {
    const u = byUnit.get(r.unit_id);
    if (!u) continue;
    if (r.direction === '收入') u.lastYearIncomeFen! += r.amount;
    else u.lastYearExpenseFen! += r.amount;
  }
  const out = [...byUnit.values()];
  for (const u of out) u.balanceFen = u.incomeFen - u.expenseFen;
  out.sort((a, b) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0));
  return out;
}

/** The unit ids of a source in unit-code order, in pieces of at most `size`. */
export async function unitIdsByCode(db: Executor, source: Source, scope: Scope, size = UNITS_PER_PIECE): Promise<number[][]> {
  const ids = (
    await sql<{ unit_id: number }>`with src as (${srcSql(source, scope)})
      select s.unit_id from src s join unit u on u.id = s.unit_id order by u.code`.execute(db)
  ).rows.map((r) => r.unit_id);
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

// ── by project ───────────────────────────────────────────────────────────────────────────────────────

interface ProjectDbRow {
  id: number;
  unit_id: number;
  version_id: number;
  seq: number;
  ucode: string;
  uname: string;
  kind: string;
  code: string;
  name: string;
  funding_source: string;
  special_fund: string | null;
  manager: string | null;
  period_start: string | null;
  period_end: string | null;
  goals: string | null;
  total_fen: number;
  sheet: string;
  row_no: number;
  n: number;
}

export function projectRow(r: ProjectDbRow): ConsolidatedProjectRow {
  return {
    projectId: r.id,
    unit: unitRef({ id: r.unit_id, code: r.ucode, name: r.uname, kind: r.kind }),
    versionId: r.version_id,
    versionSeq: r.seq,
    code: r.code,
    name: r.name,
    fundingSource: r.funding_source,
    specialFund: r.special_fund,
    manager: r.manager,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    goals: r.goals,
    totalFen: r.total_fen,
    lineCount: r.n,
    sheet: r.sheet,
    row: r.row_no,
    lastYearFen: null,
    actualFen: null,
  };
}

export interface ProjectFilter {
  q?: string | null;
  unitId?: number | null;
  specialFund?: string | null;
  /** Keyset paging: projects with an id above this. */
  afterId?: number;
  limit?: number;
}

/**
 * Projects of a source with their line counts, ordered by project id (keyset-pageable). Driven from
 * budget_project in id order with the source as a membership test, so a page stops at its LIMIT and
 * counts lines only for the projects it returns (no sort of every project of a city).
 */
export async function projectRows(db: Executor, source: Source, scope: Scope, f: ProjectFilter = {}): Promise<ConsolidatedProjectRow[]> {
  const conds = [sql`p.version_id in (select version_id from src)`];
  if (f.unitId) conds.push(sql`v.unit_id = ${f.unitId}`);
  if (f.specialFund) conds.push(sql`p.special_fund = ${f.specialFund}`);
  if (f.q) {
    const like = `%${f.q}%`;
    conds.push(sql`(p.name like ${like} or p.code like ${like} or u.name like ${like} or u.code like ${like})`);
  }
  if (f.afterId) conds.push(sql`p.id > ${f.afterId}`);
  const r = await sql<ProjectDbRow>`
    with src as (${srcSql(source, scope)})
    select p.id, v.unit_id, p.version_id, v.seq, u.code as ucode, u.name as uname, u.kind, p.code, p.name, p.funding_source,
           p.special_fund, p.manager, p.period_start, p.period_end, p.goals, p.total_fen, p.sheet, p.row_no,
           (select count(*) from budget_line l where l.project_id = p.id) as n
    from budget_project p
      join budget_version v on v.id = p.version_id
      join unit u on u.id = v.unit_id
    where ${sql.join(conds, sql` and `)}
    order by p.id
    ${f.limit ? sql`limit ${f.limit}` : sql``}`.execute(db);
  return r.rows.map(projectRow);
}

/** Largest page {@link projectHistory} looks up by its units' ids (and set ids per query): bounds the SQL parameters. */
const HISTORY_PIECE = 2000;

/**
 * Fills last year's budget and actual into project rows of `year` (a page: the handler's page, the report's
 * keyset page), reading only what those rows' units need:
 * - 上年预算数: the same unit's project with the same code in last year's figures ({@link lastYearSource}:
 *   its approved book, else its working figures); 0 when the unit had no such project; null when last year
 *   has no budget at all.
 * - 上年执行数: last year's posted expenditure (ledger {@link actualByLedgerProject}) on the ledger project
 *   (辅助核算“项目”) of the unit's own ledger sets (ledger_set.unit_id) with the same code; when no ledger
 *   project of those sets has that code, the ones with exactly the same name (a budget's P01/P02 are
 *   workbook numbers, the books often number projects their own way but name them alike). 0 when nothing
 *   matches or nothing was spent; null when the unit had no ledger set here that year (none, or started
 *   later) — e.g. a 内设部门, whose spending is in the federation's own books under the federation.
 */
export async function projectHistory(
  db: Executor,
  year: number,
  rows: ConsolidatedProjectRow[],
  last?: Source | null,
  whole = rows.length > HISTORY_PIECE,
): Promise<ConsolidatedProjectRow[]> {
  if (!rows.length) return rows;
  const lastSource = last === undefined ? await lastYearSource(db, year) : last;
  // A page (the UI's, the report's keyset page) looks up its own units; a whole source's list (`whole`: the
  // CLI's consolidateAll) reads last year's projects and the ledger sets once instead of unit by unit.
  if (whole) await historyPiece(db, year - 1, rows, lastSource, null);
  else await historyPiece(db, year - 1, rows, lastSource, [...new Set(rows.map((r) => r.unit.id))]);
  return rows;
}

async function historyPiece(db: Executor, prev: number, rows: ConsolidatedProjectRow[], last: Source | null, unitIds: number[] | null): Promise<void> {
  const lastTotals = new Map<string, number>();
  if (last) {
    const r = await sql<{ unit_id: number; code: string; total_fen: number }>`
      with ls as (${unitIds ? srcSql(last, '全部', unitIds) : srcSql(last)})
      select ls.unit_id, lp.code, lp.total_fen from ls join budget_project lp on lp.version_id = ls.version_id`.execute(db);
    for (const x of r.rows) lastTotals.set(`${x.unit_id}|${x.code}`, Number(x.total_fen));
  }
  let setQuery = db.selectFrom('ledger_set').select(['id', 'unit_id']).where('start_year', '<=', prev);
  if (unitIds) setQuery = setQuery.where('unit_id', 'in', unitIds);
  const sets = await setQuery.execute();
  const setsOfUnit = new Map<number, number[]>();
  for (const s of sets) setsOfUnit.set(s.unit_id, [...(setsOfUnit.get(s.unit_id) ?? []), s.id]);
  const ledgerProjects: { id: number; set_id: number; code: string; name: string }[] = [];
  const spent = new Map<number, number>();
  for (let i = 0; i < sets.length; i += HISTORY_PIECE) {
    const setIds = sets.slice(i, i + HISTORY_PIECE).map((s) => s.id);
    const [projects, amounts] = await Promise.all([
      db.selectFrom('ledger_project').select(['id', 'set_id', 'code', 'name']).where('set_id', 'in', setIds).execute(),
      actualByLedgerProject(db, { year: prev, setIds }),
    ]);
    ledgerProjects.push(...projects);
    for (const [k, v] of amounts) spent.set(k, v);
  }
  const bySet = new Map<number, typeof ledgerProjects>();
  for (const p of ledgerProjects) bySet.set(p.set_id, [...(bySet.get(p.set_id) ?? []), p]);
  for (const row of rows) {
    row.lastYearFen = last ? (lastTotals.get(`${row.unit.id}|${row.code}`) ?? 0) : null;
    const unitSets = setsOfUnit.get(row.unit.id);
    if (!unitSets) {
      row.actualFen = null;
      continue;
    }
    const candidates = unitSets.flatMap((id) => bySet.get(id) ?? []);
    let matched = candidates.filter((p) => p.code === row.code);
    if (!matched.length) matched = candidates.filter((p) => p.name.trim() === row.name.trim());
    row.actualFen = matched.reduce((sum, p) => sum + (spent.get(p.id) ?? 0), 0);
  }
}

/** Everything the CLI's `budget consolidate` and the report need, in one go. */
export async function consolidateAll(db: Executor, year: number, bookId: number | null | undefined, scope: Scope) {
  const consolidation = await consolidate(db, year, bookId, scope);
  const source = await resolveSource(db, year, bookId);
  const last = await lastYearSource(db, year);
  const [units, projects] = await Promise.all([unitRows(db, source, scope, last), projectRows(db, source, scope)]);
  return { ...consolidation, byUnit: units, byProject: await projectHistory(db, year, projects, last, true) };
}

// ── drill-down ───────────────────────────────────────────────────────────────────────────────────────

type DrillFilter = z.output<typeof drillFilter>;

interface DrillDbRow {
  id: number;
  version_id: number;
  direction: Direction;
  subject_code: string;
  expense_type: string | null;
  funding_source: string;
  project_id: number | null;
  item: string | null;
  quantity: string | null;
  unit_price_fen: number | null;
  amount_fen: number;
  sangong: string | null;
  special_fund: string | null;
  note: string | null;
  sheet: string;
  row_no: number;
  unit_id: number;
  ucode: string;
  uname: string;
  kind: string;
  seq: number;
  layout_json: string | null;
  pcode: string | null;
  pname: string | null;
}

function drillConditions(f: DrillFilter) {
  const conds = [sql`1 = 1`];
  if (f.direction) conds.push(sql`l.direction = ${f.direction}`);
  if (f.subjectCode) conds.push(sql`substr(l.subject_code, 1, ${f.subjectCode.length}) = ${f.subjectCode}`);
  if (f.unitId) conds.push(sql`s.unit_id = ${f.unitId}`);
  if (f.projectId) conds.push(sql`l.project_id = ${f.projectId}`);
  if (f.fundingSource) conds.push(sql`l.funding_source = ${f.fundingSource}`);
  if (f.expenseType) conds.push(sql`l.expense_type = ${f.expenseType}`);
  if (f.sangong) conds.push(sql`l.sangong = ${f.sangong}`);
  if (f.specialFund) conds.push(sql`l.special_fund = ${f.specialFund}`);
  return sql.join(conds, sql` and `);
}

export function cellOf(layoutJson: string | null, sheet: string, row: number): string {
  let col = '';
  if (layoutJson) {
    try {
      col = (JSON.parse(layoutJson) as Record<string, string>)[sheet] ?? '';
    } catch {
      col = '';
    }
  }
  return `${sheet}!${col}${row}`;
}

export async function drill(
  db: Executor,
  year: number,
  bookId: number | null | undefined,
  scope: Scope,
  filter: DrillFilter,
  page: number,
  pageSize: number,
): Promise<DrillResult> {
  const source = await resolveSource(db, year, bookId);
  const where = drillConditions(filter);
  const [agg, rows] = await Promise.all([
    sql<{ n: number; total: number | null }>`
      with src as (${srcSql(source, scope)})
      select count(*) as n, sum(l.amount_fen) as total
      from src s join budget_line l on l.version_id = s.version_id
      where ${where}`.execute(db),
    sql<DrillDbRow>`
      with src as (${srcSql(source, scope)})
      select l.id, l.version_id, l.direction, l.subject_code, l.expense_type, l.funding_source, l.project_id, l.item, l.quantity,
             l.unit_price_fen, l.amount_fen, l.sangong, l.special_fund, l.note, l.sheet, l.row_no,
             s.unit_id, u.code as ucode, u.name as uname, u.kind, v.seq, v.layout_json, p.code as pcode, p.name as pname
      from src s join budget_line l on l.version_id = s.version_id
        join unit u on u.id = s.unit_id join budget_version v on v.id = s.version_id
        left join budget_project p on p.id = l.project_id
      where ${where}
      order by u.code, l.id
      limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db),
  ]);
  return {
    rows: rows.rows.map(
      (r): DrillLineRow => ({
        id: r.id,
        versionId: r.version_id,
        direction: r.direction,
        subjectCode: r.subject_code,
        subjectName: anySubject(r.subject_code)?.name ?? '（未知科目）',
        expenseType: r.expense_type,
        fundingSource: r.funding_source,
        projectId: r.project_id,
        projectCode: r.pcode,
        projectName: r.pname,
        item: r.item,
        quantity: r.quantity,
        unitPriceFen: r.unit_price_fen,
        amountFen: r.amount_fen,
        sangong: r.sangong,
        specialFund: r.special_fund,
        note: r.note,
        sheet: r.sheet,
        row: r.row_no,
        unit: unitRef({ id: r.unit_id, code: r.ucode, name: r.uname, kind: r.kind }),
        versionSeq: r.seq,
        cell: cellOf(r.layout_json, r.sheet, r.row_no),
      }),
    ),
    total: Number(agg.rows[0]?.n ?? 0),
    sumFen: Number(agg.rows[0]?.total ?? 0),
    page,
    pageSize,
  };
}

