// Reconciliation (对账) per employer and year:
//   应缴未缴 — something is due and nothing was collected;
//   少缴     — collected less than due by more than the tolerance;
//   申报不实 — the payroll base declared on the records is below the reference payroll (企业所得税
//              工资薪金, else 社保 wage base) by more than the tolerance.
// Due per month = payroll base in force that month (history, else registry) × that month's rate; when the
// registry has no base, the reference payroll × the rate. Tolerance: the rule in force on 31 December.
// Flags are upserted per (unit, year, kind) with their figures; flags no longer found are closed with a
// system follow-up entry, so resolved flags keep their history. Follow-up entries are append-only.
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { conflict, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { bulkInsert, type Row } from '../../db/bulk';
import { userNames } from '../ledger/common';
import { COLLECTION_CLERKS, type FlagRow, type FollowupRow, type ReconcileResult } from '../../../../shared/contract/collection';
import type { Page } from '../../../../shared/contract/audit';
import { bpText, type FlagKind, type FlagStatus } from '../../../../shared/collection/split';
import { MODULE, assertRole, loadRules, monthsOf, ruleOn, type RuleRecord } from './common';

export interface Figures {
  unit_id: number;
  due: number;
  paid: number;
  declared: number;
  records: number;
  reference: number | null;
  ref_source: string | null;
}

/** The CTEs (ending with `f`: one row of figures per active 基层工会) shared by the read and the run. */
async function figuresCte(db: Executor, year: number, through: number, loaded?: RuleRecord[]) {
  const rules = loaded ?? (await loadRules(db));
  const months = monthsOf(year).slice(0, through).map((m) => ({ m, rate: ruleOn(rules, m).rate_bp }));
  // No month due yet: one row with rate 0 keeps the statement valid and every due at 0.
  const monthValues = months.length ? sql.join(months.map((x) => sql`(${x.m}, ${x.rate})`)) : sql`('0000-00', 0)`;
  const lastPeriod = `${year}-${String(Math.max(1, through)).padStart(2, '0')}`;
  const yearRate = ruleOn(rules, `${year}-12-31`).rate_bp;
  // The rate of each record's rule, inline (the rules are a handful of rows).
  const rateOf = sql.raw(`(case r.rule_id ${rules.map((x) => `when ${Number(x.id)} then ${Number(x.rate_bp)}`).join(' ')} else ${Number(yearRate)} end)`);
  return sql`
    with months(m, rate) as (values ${monthValues}),
    payers as (
      select u.id, u.payroll_base_fen, exists (select 1 from collection_payroll_base h where h.unit_id = u.id) as history
      from unit u where u.kind = '基层工会' and u.active = 1),
    bases as (
      select p.id as unit_id, months.rate as rate,
        case when p.history then coalesce((select b.payroll_base_fen from collection_payroll_base b where b.unit_id = p.id and b.from_month <= months.m
                  order by b.from_month desc limit 1), p.payroll_base_fen) else p.payroll_base_fen end as base
      from payers p cross join months),
    due as (select unit_id, sum((base * rate + 5000) / 10000) as due, count(base) as known from bases group by unit_id),
    paid as (
      select r.unit_id, sum(r.amount_fen) as paid, count(*) as n,
        sum(coalesce(r.declared_base_fen, (r.amount_fen * 10000 + ${rateOf} / 2) / ${rateOf})) as declared
      from collection_record r
      where r.period between ${`${year}-01`} and ${lastPeriod} and ${through} > 0
      group by r.unit_id),
    g as (
      select d.unit_id, d.due, d.known, pd.paid, pd.declared, pd.n,
        coalesce(t.wage_fen, s.wage_fen) * ${through} / 12 as reference,
        case when t.wage_fen is not null then t.source when s.wage_fen is not null then s.source end as ref_source
      from due d
      left join paid pd on pd.unit_id = d.unit_id
      left join collection_reference t on t.unit_id = d.unit_id and t.year = ${year} and t.source = '企业所得税'
      left join collection_reference s on s.unit_id = d.unit_id and s.year = ${year} and s.source = '社保'),
    f as (
      select unit_id,
        case when known > 0 then due when reference is not null then (reference * ${yearRate} + 5000) / 10000 * (${through} > 0) else 0 end as due,
        coalesce(paid, 0) as paid, coalesce(declared, 0) as declared, coalesce(n, 0) as records, reference, ref_source
      from g)`;
}

/** The figures behind the flags, one row per active 基层工会 (one SQL statement). */
export async function reconcileFigures(db: Executor, year: number, through = 12): Promise<Figures[]> {
  const cte = await figuresCte(db, year, through);
  return (await sql<Figures>`${cte} select * from f order by unit_id`.execute(db)).rows;
}

export interface FoundFlag extends Row {
  unit_id: number;
  year: number;
  kind: FlagKind;
  due_fen: number;
  paid_fen: number;
  declared_base_fen: number | null;
  reference_fen: number | null;
  reference_source: string | null;
  gap_fen: number;
}

/** The flags the figures give (nothing written): used by the run and by the read-only CLI. */
/**
 * The last month of `year` whose dues have fallen due on `now`: payroll of month m is due by the 15th of
 * month m + 1 (domain.md §4.1). A past year: 12; a future year: 0.
 */
export function dueThrough(year: number, now: Date): number {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, day = d.getUTCDate();
  if (year < y - 1 || (year === y - 1 && (m > 1 || day > 15))) return 12;
  if (year === y - 1) return 11;
  if (year > y) return 0;
  return Math.max(0, Math.min(12, day > 15 ? m - 1 : m - 2));
}

export async function computeFlags(db: Executor, year: number, through = 12): Promise<{ tol: number; through: number; figures: Figures[]; found: FoundFlag[]; counts: Record<FlagKind, number> }> {
  const tol = ruleOn(await loadRules(db), `${year}-12-31`).tolerance_bp;
  const figures = await reconcileFigures(db, year, through);
  const found: FoundFlag[] = [];
  const counts: Record<FlagKind, number> = { 应缴未缴: 0, 少缴: 0, 申报不实: 0 };
  for (const f of figures) {
    const due = Number(f.due), paid = Number(f.paid), declared = Number(f.declared);
    const ref = f.reference === null ? null : Number(f.reference);
    const add = (kind: FlagKind, gap: number) => {
      counts[kind]++;
      found.push({
        unit_id: f.unit_id, year, kind, due_fen: due, paid_fen: paid, declared_base_fen: Number(f.records) ? declared : null,
        reference_fen: ref, reference_source: f.ref_source, gap_fen: gap,
      });
    };
    if (due > 0 && paid === 0) add('应缴未缴', due);
    else if (due > 0 && paid * 10000 < due * (10000 - tol)) add('少缴', due - paid);
    if (ref !== null && ref > 0 && Number(f.records) > 0 && declared * 10000 < ref * (10000 - tol)) add('申报不实', ref - declared);
  }
  return { tol, through, figures, found, counts };
}

export async function runReconcile(db: Executor, actor: Actor, now: Date, year: number, throughMonth?: number): Promise<ReconcileResult> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '经费收缴对账');
    const through = throughMonth ?? dueThrough(year, now);
    const rules = await loadRules(trx);
    const tol = ruleOn(rules, `${year}-12-31`).tolerance_bp;
    const cte = await figuresCte(trx, year, through, rules);
    const at = now.toISOString();
    // Flags active before this run are marked (2); the upsert sets those found again back to 1; what is
    // still 2 afterwards has gone and is closed with a system follow-up entry (history kept).
    await sql`update collection_flag set active = 2 where year = ${year} and active = 1`.execute(trx);
    // The same rules as computeFlags, in one INSERT … SELECT … ON CONFLICT.
    await sql`${cte},
      found as (
        select unit_id, '应缴未缴' as kind, due, paid, case when records > 0 then declared end as declared, reference, ref_source, due as gap
          from f where due > 0 and paid = 0
        union all
        select unit_id, '少缴', due, paid, case when records > 0 then declared end, reference, ref_source, due - paid
          from f where due > 0 and paid > 0 and paid * 10000 < due * (10000 - ${tol})
        union all
        select unit_id, '申报不实', due, paid, declared, reference, ref_source, reference - declared
          from f where reference > 0 and records > 0 and declared * 10000 < reference * (10000 - ${tol}))
      insert into collection_flag (unit_id, year, kind, due_fen, paid_fen, declared_base_fen, reference_fen, reference_source, gap_fen, status, active, found_at, checked_at)
      select unit_id, ${year}, kind, due, paid, declared, reference, ref_source, gap, '待跟进', 1, ${at}, ${at} from found where true
      on conflict (unit_id, year, kind) do update set due_fen = excluded.due_fen, paid_fen = excluded.paid_fen,
        declared_base_fen = excluded.declared_base_fen, reference_fen = excluded.reference_fen, reference_source = excluded.reference_source,
        gap_fen = excluded.gap_fen, checked_at = excluded.checked_at,
        status = case when collection_flag.active = 0 and collection_flag.status = '已解决' and collection_flag.resolved_at = collection_flag.checked_at
                      then '待跟进' else collection_flag.status end,
        active = 1`.execute(trx);
    await sql`insert into collection_followup (flag_id, action, on_date, note, resolves, created_at, created_by)
      select id, '复核不再存在', ${at.slice(0, 10)}, '重新对账时该疑点已不存在（已缴足或数据已更正），自动关闭', 1, ${at}, ${actor.userId}
      from collection_flag where year = ${year} and active = 2`.execute(trx);
    const gone = await sql`update collection_flag set active = 0, status = '已解决', resolved_at = ${at}, checked_at = ${at} where year = ${year} and active = 2`.execute(trx);
    const cleared = Number(gone.numAffectedRows ?? 0);
    const c = (await sql<{ payers: number; unpaid: number; short: number; under: number }>`
      select (select count(*) from unit where kind = '基层工会' and active = 1) as payers,
        (select count(*) from collection_flag where year = ${year} and active = 1 and kind = '应缴未缴') as unpaid,
        (select count(*) from collection_flag where year = ${year} and active = 1 and kind = '少缴') as short,
        (select count(*) from collection_flag where year = ${year} and active = 1 and kind = '申报不实') as under`.execute(trx)).rows[0];
    const counts: Record<FlagKind, number> = { 应缴未缴: Number(c.unpaid), 少缴: Number(c.short), 申报不实: Number(c.under) };
    const payers = Number(c.payers);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '经费收缴对账', targetType: '对账', targetId: year,
      summary: `${year} 年对账（至 ${through} 月）：${payers} 个缴费单位，应缴未缴 ${counts.应缴未缴}、少缴 ${counts.少缴}、申报不实 ${counts.申报不实}（容差 ${bpText(tol)}），自动关闭 ${cleared}`,
    });
    const flags = await listFlags(trx, { year, activeOnly: true, page: 1, pageSize: 50 });
    return { year, throughMonth: through, payers, toleranceBp: tol, counts, cleared, flags: flags.rows };
  });
}

export async function listFlags(
  db: Executor, f: { id?: number; year?: number; kind?: string; status?: string; activeOnly?: boolean; search?: string; page: number; pageSize: number },
): Promise<Page<FlagRow>> {
  let q = db.selectFrom('collection_flag as f').innerJoin('unit as u', 'u.id', 'f.unit_id');
  if (f.id) q = q.where('f.id', '=', f.id);
  if (f.year) q = q.where('f.year', '=', f.year);
  if (f.kind) q = q.where('f.kind', '=', f.kind);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.activeOnly) q = q.where('f.active', '=', 1);
  if (f.search?.trim()) q = q.where('u.name', 'like', `%${f.search.trim()}%`);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll('f').select([
    'u.name as unit_name', 'u.credit_code',
    (eb) => eb.selectFrom('collection_followup as x').select((e2) => e2.fn.countAll<number>().as('c')).whereRef('x.flag_id', '=', 'f.id').as('n_follow'),
    (eb) => eb.selectFrom('collection_followup as x').select('x.action').whereRef('x.flag_id', '=', 'f.id').orderBy('x.id', 'desc').limit(1).as('last_action'),
  ])
    .orderBy(sql`case f.status when '待跟进' then 0 when '跟进中' then 1 else 2 end`).orderBy('f.gap_fen', 'desc').orderBy('f.id')
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return {
    total, page: f.page, pageSize: f.pageSize,
    rows: rows.map((r) => ({
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, creditCode: r.credit_code, year: r.year, kind: r.kind as FlagKind, dueFen: r.due_fen,
      paidFen: r.paid_fen, declaredBaseFen: r.declared_base_fen, referenceFen: r.reference_fen, referenceSource: r.reference_source,
      gapFen: r.gap_fen, status: r.status as FlagStatus, active: r.active === 1, foundAt: r.found_at, checkedAt: r.checked_at,
      resolvedAt: r.resolved_at, followups: Number(r.n_follow ?? 0), lastAction: (r.last_action as string | null) ?? null,
    })),
  };
}

export async function followups(db: Executor, flagId: number): Promise<FollowupRow[]> {
  const rows = await db.selectFrom('collection_followup').selectAll().where('flag_id', '=', flagId).orderBy('id').execute();
  const names = await userNames(db, rows.map((r) => r.created_by));
  return rows.map((r) => ({
    id: r.id, action: r.action, onDate: r.on_date, note: r.note, resolves: r.resolves === 1, createdAt: r.created_at,
    createdBy: r.created_by ? (names.get(r.created_by) ?? null) : '系统',
  }));
}

export async function addFollowup(
  db: Executor, actor: Actor, now: Date, input: { flagId: number; action: string; onDate: string; note?: string | null; resolves: boolean },
): Promise<FlagRow> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '登记疑点跟进');
    const f = await trx.selectFrom('collection_flag as f').innerJoin('unit as u', 'u.id', 'f.unit_id').selectAll('f').select('u.name').where('f.id', '=', input.flagId).executeTakeFirst();
    if (!f) throw notFound('对账疑点');
    if (input.onDate > new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)) {
      throw conflict('跟进日期不能晚于今天。');
    }
    const at = now.toISOString();
    await trx.insertInto('collection_followup').values({
      flag_id: f.id, action: input.action, on_date: input.onDate, note: input.note?.trim() || null, resolves: input.resolves ? 1 : 0, created_at: at, created_by: actor.userId,
    }).execute();
    const status: FlagStatus = input.resolves ? '已解决' : '跟进中';
    await trx.updateTable('collection_flag').set({ status, resolved_at: input.resolves ? at : null }).where('id', '=', f.id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '登记疑点跟进', targetType: '对账疑点', targetId: f.id,
      summary: `“${f.name}”${f.year} 年${f.kind}：${input.onDate} ${input.action}${input.note ? `（${input.note.trim()}）` : ''}${input.resolves ? '，已解决' : ''}`,
      before: { status: f.status }, after: { status },
    });
    return (await listFlags(trx, { id: f.id, page: 1, pageSize: 1 })).rows[0];
  });
}

