// Assessment rounds: a template applied to units (or workers tied to a unit) for a year. Units self-score
// with evidence, reviewers score, computed items fill in from the source modules; totals, 必备-item
// capping, grades by the template's bands and rankings per type of unit follow. Closing locks the round
// (database triggers refuse any write to its scores); a reopening needs a reason and is logged.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { withTx } from '../../db/tx';
import { bulkInsert, type Row } from '../../db/bulk';
import { AppError, forbidden, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import type { FileAreas } from '../../files';
import { storeUploads } from '../budget/structure';
import { itemRow, round1, templateDetail } from './templates';
import { measure, scoreOf } from './rules';
import { REVIEWERS, ROUND_MANAGERS, SELF_SCORERS, type GradeBand, type RuleKey, type RoundStatus } from '../../../../shared/assessment/constants';
import type {
  AssessItemRow, AssessRoundDetail, AssessRoundRow, AssessScoreRow, AssessSubjectRow, AssessSubjectSheet, AssessTemplateDetail,
} from '../../../../shared/contract/assessment';

const MODULE = '考核评价';
export const PERSON_GROUP = '工会工作者';

export interface Scorer extends Actor {
  roles: readonly string[];
  displayName: string;
}

function requireRole(actor: Scorer, roles: readonly string[], what: string) {
  if (!actor.roles.some((r) => roles.includes(r))) throw forbidden(`只有${roles.join('、')}可以${what}。`);
}

// ── grading ──────────────────────────────────────────────────────────────────────────────────────────

/** The grade of a total: the first band (best first) whose line it reaches; capped when a 必备 item failed. */
export function gradeOf(total: number, bands: readonly GradeBand[], mandatoryFailed: boolean, capGrade: string): string {
  let idx = bands.findIndex((b) => total >= b.min);
  if (idx < 0) idx = bands.length - 1;
  if (mandatoryFailed) {
    const cap = bands.findIndex((b) => b.grade === capGrade);
    if (cap > idx) idx = cap;
  }
  return bands[idx].grade;
}

/** A 必备 item fails when its final score is below its pass mark (or is 0 when it has none). */
export function mandatoryFails(item: Pick<AssessItemRow, 'mandatory' | 'passMin'>, final: number | null): boolean {
  if (!item.mandatory || final === null) return false;
  return item.passMin !== null ? final < item.passMin : final <= 0;
}

/**
 * Recomputes totals, grades and mandatory flags of a round's subjects (all, or the given ones). The sums
 * and the 必备 check run in SQL (one row per subject comes back), the grade bands in JS.
 */
export async function recalc(trx: Executor, roundId: number, subjectIds?: readonly number[]): Promise<void> {
  const round = await trx.selectFrom('assess_round').select(['template_id']).where('id', '=', roundId).executeTakeFirstOrThrow();
  const t = await templateDetail(trx, round.template_id);
  const only = subjectIds ? sql`and sc.subject_id in (${sql.join(subjectIds.length ? [...subjectIds] : [0])})` : sql``;
  const sums = await sql<{ subject_id: number; base: number | null; bonus: number | null; deduct: number | null; self: number | null; self_n: number; reviewed: number; failed: number }>`
    select sc.subject_id,
      sum(case when i.bonus = 0 and i.deduction = 0 then sc.final_score end) as base,
      sum(case when i.bonus = 1 then sc.final_score end) as bonus,
      sum(case when i.deduction = 1 then sc.final_score end) as deduct,
      sum(case when i.method = '系统计算' then sc.computed_score else sc.self_score end) as self,
      count(case when i.method = '系统计算' then sc.computed_score else sc.self_score end) as self_n,
      count(sc.final_score) as reviewed,
      max(case when i.mandatory = 1 and sc.final_score is not null
               and (case when i.pass_min is null then sc.final_score <= 0 else sc.final_score < i.pass_min end) then 1 else 0 end) as failed
    from assess_score sc join assess_item i on i.id = sc.item_id
    where sc.round_id = ${roundId} ${only}
    group by sc.subject_id`.execute(trx);
  const out: Row[] = sums.rows.map((r) => {
    // 扣分项 subtract (their scores are ≤ 0); a total never goes below 0.
    const total = round1(Math.max(0, Math.min(Number(r.base ?? 0), t.totalPoints) + Math.min(Number(r.bonus ?? 0), t.bonusCap) + Number(r.deduct ?? 0)));
    const failed = Number(r.failed) === 1;
    return {
      id: r.subject_id,
      self_total: Number(r.self_n) ? round1(Number(r.self)) : null,
      total,
      grade: gradeOf(total, t.bands, failed, t.capGrade),
      mandatory_failed: failed ? 1 : 0,
      reviewed_items: Number(r.reviewed),
    };
  });
  await sql`create temp table if not exists assess_tmp_totals (id integer primary key, self_total real, total real, grade text, mandatory_failed integer, reviewed_items integer)`.execute(trx);
  await sql`delete from assess_tmp_totals`.execute(trx);
  await bulkInsert(trx as never, 'assess_tmp_totals', out);
  await sql`update assess_subject set self_total = t.self_total, total = t.total, grade = t.grade,
      mandatory_failed = t.mandatory_failed, reviewed_items = t.reviewed_items
    from assess_tmp_totals t where assess_subject.id = t.id`.execute(trx);
  await sql`delete from assess_tmp_totals`.execute(trx);
}

/** Fills every computed item of a round from the source modules, then recalculates the totals. */
export async function computeRound(trx: Executor, roundId: number, now: Date): Promise<number> {
  const round = await trx.selectFrom('assess_round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
  const t = await templateDetail(trx, round.template_id);
  const subjects = await trx.selectFrom('assess_subject').select(['id', 'unit_id']).where('round_id', '=', roundId).execute();
  const unitIds = [...new Set(subjects.map((s) => s.unit_id))];
  const computed = t.categories.flatMap((c) => c.items).filter((i) => i.method === '系统计算' && i.ruleKey && i.ruleParams);
  await sql`create temp table if not exists assess_tmp_computed (subject_id integer, item_id integer, v text, s real, d text, primary key (subject_id, item_id))`.execute(trx);
  await sql`delete from assess_tmp_computed`.execute(trx);
  let n = 0;
  for (const item of computed) {
    const measures = await measure(trx, item.ruleKey as RuleKey, item.ruleParams!, round.year, unitIds);
    const rows: Row[] = subjects.map((s) => {
      const r = scoreOf(item.ruleKey as RuleKey, measures.get(s.unit_id) ?? null, item.ruleParams!, item.maxPoints);
      return { subject_id: s.id, item_id: item.id, v: r.value, s: r.score, d: r.detail };
    });
    n += await bulkInsert(trx as never, 'assess_tmp_computed', rows);
  }
  await sql`update assess_score set computed_value = t.v, computed_score = t.s, computed_detail = t.d,
      final_score = coalesce(assess_score.review_score, t.s)
    from assess_tmp_computed t where assess_score.subject_id = t.subject_id and assess_score.item_id = t.item_id`.execute(trx);
  await sql`delete from assess_tmp_computed`.execute(trx);
  await trx.updateTable('assess_round').set({ computed_at: now.toISOString() }).where('id', '=', roundId).execute();
  await recalc(trx, roundId);
  return n;
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────────────

async function roundRows(db: Executor, where: { roundId?: number; year?: number | null }): Promise<AssessRoundRow[]> {
  let q = db
    .selectFrom('assess_round as r')
    .innerJoin('assess_template as t', 't.id', 'r.template_id')
    .select([
      'r.id', 'r.year', 'r.name', 'r.status', 'r.self_due', 'r.review_due', 'r.created_at', 'r.closed_at', 'r.reopen_count', 'r.computed_at',
      't.id as template_id', 't.code', 't.name as template_name', 't.version',
    ])
    .select((e) => [
      e.selectFrom('assess_subject as s').whereRef('s.round_id', '=', 'r.id').select((x) => x.fn.countAll<number>().as('n')).as('subjects'),
      e.selectFrom('assess_subject as s').whereRef('s.round_id', '=', 'r.id').where('s.self_submitted_at', 'is not', null).select((x) => x.fn.countAll<number>().as('n')).as('submitted'),
      e.selectFrom('assess_item as i').whereRef('i.template_id', '=', 'r.template_id').where('i.bonus', '=', 0).where('i.deduction', '=', 0).select((x) => x.fn.countAll<number>().as('n')).as('items'),
    ]);
  if (where.roundId) q = q.where('r.id', '=', where.roundId);
  if (where.year) q = q.where('r.year', '=', where.year);
  const rows = await q.orderBy('r.year', 'desc').orderBy('r.id', 'desc').execute();
  const out: AssessRoundRow[] = [];
  for (const r of rows) {
    const full = await db
      .selectFrom('assess_subject')
      .select((x) => x.fn.countAll<number>().as('n'))
      .where('round_id', '=', r.id)
      .where('reviewed_items', '>=', Number(r.items))
      .executeTakeFirstOrThrow();
    out.push({
      id: r.id,
      year: r.year,
      name: r.name,
      status: r.status as RoundStatus,
      template: { id: r.template_id, code: r.code, name: r.template_name, version: r.version },
      subjectCount: Number(r.subjects),
      selfSubmitted: Number(r.submitted),
      fullyReviewed: Number(full.n),
      selfDue: r.self_due,
      reviewDue: r.review_due,
      createdAt: r.created_at,
      closedAt: r.closed_at,
      reopenCount: r.reopen_count,
      computedAt: r.computed_at,
    });
  }
  return out;
}

export const listRounds = (db: Executor, year?: number | null) => roundRows(db, { year });

async function roundRow(db: Executor, roundId: number): Promise<AssessRoundRow> {
  const [r] = await roundRows(db, { roundId });
  if (!r) throw notFound('考核轮次');
  return r;
}

/** Subjects with their live rank per group (window function; persisted on close). */
export async function subjectRows(
  db: Executor,
  roundId: number,
  t: AssessTemplateDetail,
  opts: { q?: string | null; rankGroup?: string | null; sort?: 'code' | 'rank'; offset?: number; limit?: number; ids?: number[] },
): Promise<{ rows: AssessSubjectRow[]; total: number }> {
  // Items that need a score (bonus and deduction items may stay empty).
  const manualItems = t.categories.flatMap((c) => c.items).filter((i) => !i.bonus && !i.deduction).length;
  const base = sql`
    select s.*, u.code as unit_code, u.name as unit_name, u.kind as unit_kind,
      rank() over (partition by s.rank_group order by coalesce(s.total, -1) desc) as live_rank
    from assess_subject s join unit u on u.id = s.unit_id
    where s.round_id = ${roundId}`;
  const filters = [sql`1 = 1`];
  if (opts.q) filters.push(sql`(x.unit_name like ${`%${opts.q}%`} or x.unit_code like ${`%${opts.q.toUpperCase()}%`} or x.person_name like ${`%${opts.q}%`})`);
  if (opts.rankGroup) filters.push(sql`x.rank_group = ${opts.rankGroup}`);
  if (opts.ids) filters.push(sql`x.id in (${sql.join(opts.ids.length ? opts.ids : [0])})`);
  const where = sql.join(filters, sql` and `);
  const order = opts.sort === 'rank' ? sql`x.rank_group, x.live_rank, x.unit_code` : sql`x.unit_code, x.person_name`;
  const count = await sql<{ n: number }>`select count(*) as n from (${base}) x where ${where}`.execute(db);
  const rows = await sql<{
    id: number; unit_id: number; unit_code: string; unit_name: string; unit_kind: string; person_name: string | null; rank_group: string;
    self_submitted_at: string | null; self_total: number | null; total: number | null; grade: string | null; mandatory_failed: number;
    reviewed_items: number; rank: number | null; live_rank: number;
  }>`select * from (${base}) x where ${where} order by ${order} limit ${opts.limit ?? -1} offset ${opts.offset ?? 0}`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  const catTotals = new Map<number, Map<number, number>>();
  if (ids.length) {
    const ct = await db
      .selectFrom('assess_score as sc')
      .innerJoin('assess_item as i', 'i.id', 'sc.item_id')
      .select(['sc.subject_id', 'i.category_id'])
      .select((e) => e.fn.sum<number>('sc.final_score').as('sum'))
      .where('sc.subject_id', 'in', ids)
      .groupBy(['sc.subject_id', 'i.category_id'])
      .execute();
    for (const r of ct) {
      const m = catTotals.get(r.subject_id) ?? new Map<number, number>();
      m.set(r.category_id, round1(Number(r.sum ?? 0)));
      catTotals.set(r.subject_id, m);
    }
  }
  return {
    total: Number(count.rows[0]?.n ?? 0),
    rows: rows.rows.map((r) => ({
      id: r.id,
      unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name, kind: r.unit_kind },
      personName: r.person_name,
      rankGroup: r.rank_group,
      selfSubmittedAt: r.self_submitted_at,
      selfTotal: r.self_total,
      total: r.total,
      grade: r.grade,
      mandatoryFailed: r.mandatory_failed === 1,
      reviewedItems: r.reviewed_items,
      manualItems,
      rank: r.total === null ? null : Number(r.live_rank),
      categoryTotals: t.categories.map((c) => catTotals.get(r.id)?.get(c.id) ?? 0),
    })),
  };
}

async function closeBlockers(db: Executor, roundId: number): Promise<string[]> {
  // Bonus items left empty count as 0; every other item needs a final score.
  const r = await sql<{ method: string; n: number; subjects: number }>`
    select i.method, count(*) as n, count(distinct sc.subject_id) as subjects
    from assess_score sc join assess_item i on i.id = sc.item_id
    where sc.round_id = ${roundId} and sc.final_score is null and i.bonus = 0 and i.deduction = 0
    group by i.method`.execute(db);
  return r.rows.map((x) =>
    x.method === '手工评分'
      ? `尚有 ${Number(x.n)} 个手工评分项未评核（涉及 ${Number(x.subjects)} 个对象）`
      : `尚有 ${Number(x.n)} 个系统计算项无数据，需评核人评分（涉及 ${Number(x.subjects)} 个对象）`,
  );
}

export async function roundDetail(
  db: Executor,
  roundId: number,
  opts: { q?: string | null; rankGroup?: string | null; sort?: 'code' | 'rank'; page?: number; pageSize?: number } = {},
): Promise<AssessRoundDetail> {
  const row = await roundRow(db, roundId);
  const t = await templateDetail(db, row.template.id);
  const page = opts.page ?? 1;
  const pageSize = opts.pageSize ?? 50;
  const subjects = await subjectRows(db, roundId, t, { ...opts, offset: (page - 1) * pageSize, limit: pageSize });
  const [groups, reopenings, grades] = await Promise.all([
    db.selectFrom('assess_subject').select('rank_group').distinct().where('round_id', '=', roundId).orderBy('rank_group').execute(),
    db.selectFrom('assess_reopen').selectAll().where('round_id', '=', roundId).orderBy('id').execute(),
    db.selectFrom('assess_subject').select(['grade']).select((e) => e.fn.countAll<number>().as('n')).where('round_id', '=', roundId).groupBy('grade').execute(),
  ]);
  const gradeCounts: Record<string, number> = {};
  for (const b of t.bands) gradeCounts[b.grade] = 0;
  for (const g of grades) if (g.grade) gradeCounts[g.grade] = Number(g.n);
  return {
    ...row,
    categories: t.categories.map((c) => ({ id: c.id, name: c.name, maxPoints: c.maxPoints })),
    bands: t.bands,
    capGrade: t.capGrade,
    subjects: { rows: subjects.rows, total: subjects.total, page, pageSize },
    rankGroups: groups.map((g) => g.rank_group),
    reopenings: reopenings.map((r) => ({ id: r.id, reason: r.reason, at: r.at, byName: r.by_name })),
    closeBlockers: row.status === '已关闭' ? [] : await closeBlockers(db, roundId),
    gradeCounts,
  };
}

export async function subjectSheet(db: Executor, subjectId: number, viewer: { userId: number; roles: readonly string[] } | null): Promise<AssessSubjectSheet> {
  const s = await db
    .selectFrom('assess_subject as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.round_id', 's.unit_id', 's.person_name', 'u.name as unit_name'])
    .where('s.id', '=', subjectId)
    .executeTakeFirst();
  if (!s) throw notFound('考核对象');
  const round = await roundRow(db, s.round_id);
  const t = await templateDetail(db, round.template.id);
  const subject = (await subjectRows(db, s.round_id, t, { ids: [subjectId] })).rows[0];
  const scores = await db
    .selectFrom('assess_score as sc')
    .leftJoin('app_user as su', 'su.id', 'sc.self_by')
    .leftJoin('app_user as ru', 'ru.id', 'sc.review_by')
    .selectAll('sc')
    .select(['su.display_name as self_name', 'ru.display_name as review_name'])
    .where('sc.subject_id', '=', subjectId)
    .execute();
  const evidence = await db
    .selectFrom('assess_evidence as e')
    .innerJoin('stored_file as f', 'f.id', 'e.file_id')
    .select(['e.item_id', 'e.file_id', 'e.name', 'e.note', 'e.created_at', 'f.size'])
    .where('e.subject_id', '=', subjectId)
    .orderBy('e.id')
    .execute();
  const byItem = new Map(scores.map((x) => [x.item_id, x]));
  const rows: AssessScoreRow[] = [];
  for (const c of t.categories) {
    for (const item of c.items) {
      const x = byItem.get(item.id);
      const final = x?.final_score ?? null;
      rows.push({
        item,
        categoryName: c.name,
        selfScore: x?.self_score ?? null,
        selfNote: x?.self_note ?? null,
        selfAt: x?.self_at ?? null,
        selfByName: x?.self_name ?? null,
        selfProxyName: x?.self_proxy_name ?? null,
        reviewScore: x?.review_score ?? null,
        reviewNote: x?.review_note ?? null,
        reviewAt: x?.review_at ?? null,
        reviewByName: x?.review_name ?? null,
        computedValue: x?.computed_value ?? null,
        computedScore: x?.computed_score ?? null,
        computedDetail: x?.computed_detail ?? null,
        finalScore: final,
        failed: mandatoryFails(item, final),
        evidence: evidence.filter((e) => e.item_id === item.id).map((e) => ({ id: e.file_id, name: e.name, size: e.size, note: e.note, at: e.created_at })),
      });
    }
  }
  const open = round.status === '进行中';
  const roles = viewer?.roles ?? [];
  let selfAs: 'self' | 'proxy' | null = null;
  if (viewer && open && roles.some((r) => SELF_SCORERS.includes(r as never))) {
    try {
      const a = await selfScoreAuthority(db, { userId: viewer.userId, username: '', role: '', roles, displayName: '' }, s);
      selfAs = a.proxy ? 'proxy' : 'self';
    } catch {
      selfAs = null;
    }
  }
  return {
    round,
    subject,
    scores: rows,
    selfAs,
    canSelf: open && !subject.selfSubmittedAt && selfAs !== null,
    canReview: open && roles.some((r) => REVIEWERS.includes(r as never)),
  };
}

// ── writing ──────────────────────────────────────────────────────────────────────────────────────────

export async function createRound(
  db: Executor,
  actor: Scorer,
  now: Date,
  input: { templateId: number; name: string; unitIds: number[]; persons: Array<{ unitId: number; personName: string }>; selfDue?: string | null; reviewDue?: string | null },
): Promise<number> {
  requireRole(actor, ROUND_MANAGERS, '发起考核轮次');
  return withTx(db, async (trx) => {
    const t = await templateDetail(trx, input.templateId);
    const items = t.categories.flatMap((c) => c.items);
    if (!items.length) throw new AppError('VALIDATION', '该模板没有考核条目，不能发起考核。');
    const unitIds = [...new Set([...input.unitIds, ...input.persons.map((p) => p.unitId)])];
    if (!unitIds.length) throw new AppError('VALIDATION', '请至少选择一个参评单位或工作者。');
    const units = new Map<number, { id: number; kind: string; active: number; name: string }>();
    for (let i = 0; i < unitIds.length; i += 10_000) {
      const chunk = unitIds.slice(i, i + 10_000);
      for (const u of await trx.selectFrom('unit').select(['id', 'kind', 'active', 'name']).where('id', 'in', chunk).execute()) units.set(u.id, u);
    }
    for (const id of unitIds) {
      const u = units.get(id);
      if (!u) throw new AppError('NOT_FOUND', `单位（编号 ${id}）不存在。`);
      if (!u.active) throw new AppError('VALIDATION', `单位“${u.name}”已停用，不能参评。`);
    }
    const round = await trx
      .insertInto('assess_round')
      .values({
        template_id: t.id, year: t.year, name: input.name, status: '进行中', self_due: input.selfDue ?? null, review_due: input.reviewDue ?? null,
        created_at: now.toISOString(), created_by: actor.userId, closed_at: null, closed_by: null, computed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const subjectRowsIn: Row[] = [
      ...[...new Set(input.unitIds)].map((id) => ({ round_id: round.id, unit_id: id, person_name: null, rank_group: units.get(id)!.kind })),
      ...input.persons.map((p) => ({ round_id: round.id, unit_id: p.unitId, person_name: p.personName, rank_group: PERSON_GROUP })),
    ];
    await bulkInsert(trx as never, 'assess_subject', subjectRowsIn);
    await sql`insert into assess_score (subject_id, item_id, round_id)
      select s.id, i.id, s.round_id from assess_subject s join assess_item i on i.template_id = ${t.id}
      where s.round_id = ${round.id}`.execute(trx);
    await computeRound(trx, round.id, now);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '发起考核', targetType: 'assess_round', targetId: round.id,
      summary: `发起考核“${input.name}”（${t.name} ${t.year} 年度第 ${t.version} 版），参评对象 ${subjectRowsIn.length} 个`,
    });
    return round.id;
  });
}

async function openRoundOf(trx: Executor, subjectId: number) {
  const s = await trx
    .selectFrom('assess_subject as s')
    .innerJoin('assess_round as r', 'r.id', 's.round_id')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.round_id', 's.unit_id', 's.self_submitted_at', 's.person_name', 'r.status', 'r.template_id', 'u.name as unit_name'])
    .where('s.id', '=', subjectId)
    .executeTakeFirst();
  if (!s) throw notFound('考核对象');
  if (s.status !== '进行中') throw new AppError('LOCKED', '考核轮次已关闭，评分已锁定；如需更改，请先重新开启本轮次（需说明理由）。');
  return s;
}

async function itemOf(trx: Executor, templateId: number, itemId: number): Promise<AssessItemRow> {
  const i = await trx.selectFrom('assess_item').selectAll().where('id', '=', itemId).where('template_id', '=', templateId).executeTakeFirst();
  if (!i) throw notFound('考核条目');
  return itemRow(i);
}

function checkScore(item: AssessItemRow, score: number | null) {
  if (score === null) return;
  if (item.deduction) {
    if (score > 0) throw new AppError('VALIDATION', `条目 ${item.code}“${item.title}”是扣分项，请填写 0 或负数（如扣 5 分填 -5）。`);
    if (score < -item.maxPoints) throw new AppError('VALIDATION', `条目 ${item.code}“${item.title}”最多扣 ${item.maxPoints} 分。`);
  } else if (score < 0) throw new AppError('VALIDATION', `条目 ${item.code}“${item.title}”的得分不能为负。`);
  if (score > item.maxPoints) throw new AppError('VALIDATION', `条目 ${item.code}“${item.title}”的得分不能超过标准分 ${item.maxPoints}。`);
  if (Math.abs(score * 10 - Math.round(score * 10)) > 1e-9) throw new AppError('VALIDATION', '得分最多保留一位小数。');
}

/** Units whose staff are the federation's own clerks (may record a unit's self-assessment on its behalf). */
export const FEDERATION_KINDS = ['总工会', '内设部门'] as const;

export type SelfScoreAuthority = { proxy: false } | { proxy: true; clerkName: string };

/**
 * Who may enter a subject's self-assessment: a user of the unit itself (for a 工会工作者 subject: the
 * worker, i.e. a user of that unit whose name is the worker's), or a federation clerk (a user with no unit
 * or of the federation's own units) recording it on the unit's behalf — then marked 代录 with the clerk's name.
 */
export async function selfScoreAuthority(
  db: Executor,
  actor: Scorer,
  subject: { unit_id: number; unit_name: string; person_name: string | null },
): Promise<SelfScoreAuthority> {
  if (actor.userId === null) throw forbidden('请先登录。');
  const u = await db
    .selectFrom('app_user as a')
    .leftJoin('unit as un', 'un.id', 'a.unit_id')
    .select(['a.unit_id', 'a.display_name', 'un.kind', 'un.name as unit_name'])
    .where('a.id', '=', actor.userId)
    .executeTakeFirst();
  if (!u) throw forbidden('当前用户不存在。');
  if (u.unit_id === subject.unit_id && (!subject.person_name || u.display_name === subject.person_name)) return { proxy: false };
  if (u.unit_id === null || FEDERATION_KINDS.includes(u.kind as never)) return { proxy: true, clerkName: u.display_name };
  if (subject.person_name) {
    throw forbidden(`只有“${subject.unit_name}”的工会工作者${subject.person_name}本人或总工会经办人（代录）可以录入其自评；您所属单位为“${u.unit_name ?? '—'}”。`);
  }
  throw forbidden(`只有“${subject.unit_name}”本单位人员或总工会经办人（代录）可以录入该单位的自评；您所属单位为“${u.unit_name ?? '—'}”。`);
}

const who = (s: { unit_name: string; person_name: string | null }) => (s.person_name ? `${s.unit_name} ${s.person_name}` : s.unit_name);

export async function setSelfScore(db: Executor, actor: Scorer, now: Date, input: { subjectId: number; itemId: number; score: number | null; note: string | null }) {
  requireRole(actor, SELF_SCORERS, '录入自评分');
  return withTx(db, async (trx) => {
    const s = await openRoundOf(trx, input.subjectId);
    if (s.self_submitted_at) throw new AppError('CONFLICT', '自评已提交，自评分不能再修改。');
    const item = await itemOf(trx, s.template_id, input.itemId);
    if (item.method === '系统计算') throw new AppError('VALIDATION', `条目 ${item.code}“${item.title}”由系统按规则计算，不需自评。`);
    const auth = await selfScoreAuthority(trx, actor, s);
    checkScore(item, input.score);
    const proxyName = auth.proxy ? auth.clerkName : null;
    await trx
      .updateTable('assess_score')
      .set({ self_score: input.score, self_note: input.note, self_by: actor.userId, self_at: now.toISOString(), self_proxy_name: proxyName })
      .where('subject_id', '=', input.subjectId)
      .where('item_id', '=', input.itemId)
      .execute();
    await recalc(trx, s.round_id, [input.subjectId]);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '自评打分', targetType: 'assess_subject', targetId: input.subjectId,
      summary: `${who(s)} 条目 ${item.code} 自评 ${input.score ?? '（清除）'} 分${proxyName ? `（${proxyName}代录）` : ''}`,
    });
  });
}

export async function submitSelf(db: Executor, actor: Scorer, now: Date, subjectId: number) {
  requireRole(actor, SELF_SCORERS, '提交自评');
  return withTx(db, async (trx) => {
    const s = await openRoundOf(trx, subjectId);
    if (s.self_submitted_at) throw new AppError('CONFLICT', '自评已提交。');
    const auth = await selfScoreAuthority(trx, actor, s);
    const missing = await trx
      .selectFrom('assess_score as sc')
      .innerJoin('assess_item as i', 'i.id', 'sc.item_id')
      .select(['i.code', 'i.title'])
      .where('sc.subject_id', '=', subjectId)
      .where('i.method', '=', '手工评分')
      .where('i.bonus', '=', 0)
      .where('i.deduction', '=', 0)
      .where('sc.self_score', 'is', null)
      .orderBy('i.seq')
      .execute();
    if (missing.length) {
      throw new AppError('VALIDATION', `尚有 ${missing.length} 个条目未自评：${missing.slice(0, 5).map((m) => `${m.code} ${m.title}`).join('、')}${missing.length > 5 ? ' 等' : ''}。`);
    }
    await trx.updateTable('assess_subject').set({ self_submitted_at: now.toISOString() }).where('id', '=', subjectId).execute();
    await writeAudit(trx, now, actor, { module: MODULE, action: '提交自评', targetType: 'assess_subject', targetId: subjectId, summary: `${who(s)} 提交自评${auth.proxy ? `（${auth.clerkName}代录）` : ''}` });
  });
}

export async function setReviewScore(db: Executor, actor: Scorer, now: Date, input: { subjectId: number; itemId: number; score: number | null; note: string | null }) {
  requireRole(actor, REVIEWERS, '评核打分');
  return withTx(db, async (trx) => {
    const s = await openRoundOf(trx, input.subjectId);
    const item = await itemOf(trx, s.template_id, input.itemId);
    const sc = await trx.selectFrom('assess_score').selectAll().where('subject_id', '=', input.subjectId).where('item_id', '=', input.itemId).executeTakeFirstOrThrow();
    if (item.method === '手工评分' && !s.self_submitted_at) throw new AppError('CONFLICT', '该单位尚未提交自评，请在自评提交后评核。');
    if (sc.self_by !== null && sc.self_by === actor.userId) throw forbidden('同一人不能既自评又评核同一条目。');
    if (item.method === '系统计算' && input.score !== null && !input.note) {
      throw new AppError('VALIDATION', '调整系统计算得分须填写说明。');
    }
    checkScore(item, input.score);
    const final = input.score ?? (item.method === '系统计算' ? sc.computed_score : null);
    await trx
      .updateTable('assess_score')
      .set({ review_score: input.score, review_note: input.note, review_by: input.score === null ? null : actor.userId, review_at: now.toISOString(), final_score: final })
      .where('subject_id', '=', input.subjectId)
      .where('item_id', '=', input.itemId)
      .execute();
    await recalc(trx, s.round_id, [input.subjectId]);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '评核打分', targetType: 'assess_subject', targetId: input.subjectId,
      summary: `${who(s)} 条目 ${item.code} 评核 ${input.score ?? '（清除）'} 分`,
      before: { reviewScore: sc.review_score }, after: { reviewScore: input.score, note: input.note },
    });
  });
}

export async function addEvidence(
  db: Executor, files: FileAreas, actor: Scorer, now: Date,
  input: { subjectId: number; itemId: number; uploadIds: string[]; note: string | null },
) {
  requireRole(actor, [...SELF_SCORERS, ...REVIEWERS], '上传佐证材料');
  return withTx(db, async (trx) => {
    const s = await openRoundOf(trx, input.subjectId);
    const item = await itemOf(trx, s.template_id, input.itemId);
    if (!actor.roles.some((r) => REVIEWERS.includes(r as never))) await selfScoreAuthority(trx, actor, s);
    const stored = await storeUploads(trx, files, input.uploadIds, actor.userId, now);
    for (const f of stored) {
      await trx
        .insertInto('assess_evidence')
        .values({ subject_id: input.subjectId, item_id: input.itemId, round_id: s.round_id, file_id: f.id, name: f.name, note: input.note, created_at: now.toISOString(), created_by: actor.userId })
        .execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '上传佐证材料', targetType: 'assess_subject', targetId: input.subjectId,
      summary: `${who(s)} 条目 ${item.code} 佐证材料：${stored.map((f) => f.name).join('、')}`,
    });
  });
}

export async function computeAndRecalc(db: Executor, actor: Scorer, now: Date, roundId: number) {
  requireRole(actor, ROUND_MANAGERS, '计算考核得分');
  return withTx(db, async (trx) => {
    const r = await trx.selectFrom('assess_round').select(['status', 'name']).where('id', '=', roundId).executeTakeFirst();
    if (!r) throw notFound('考核轮次');
    if (r.status !== '进行中') throw new AppError('LOCKED', '考核轮次已关闭，不能重新计算。');
    await computeRound(trx, roundId, now);
  });
}

export async function closeRound(db: Executor, actor: Scorer, now: Date, roundId: number) {
  requireRole(actor, ROUND_MANAGERS, '关闭考核轮次');
  return withTx(db, async (trx) => {
    const r = await trx.selectFrom('assess_round').select(['status', 'name']).where('id', '=', roundId).executeTakeFirst();
    if (!r) throw notFound('考核轮次');
    if (r.status !== '进行中') throw new AppError('CONFLICT', '考核轮次已关闭。');
    await computeRound(trx, roundId, now);
    const blockers = await closeBlockers(trx, roundId);
    if (blockers.length) throw new AppError('VALIDATION', `不能关闭：${blockers.join('；')}。`);
    await sql`update assess_subject set rank = x.rk from (
        select id, rank() over (partition by rank_group order by total desc) as rk from assess_subject where round_id = ${roundId}
      ) x where assess_subject.id = x.id`.execute(trx);
    await trx.updateTable('assess_round').set({ status: '已关闭', closed_at: now.toISOString(), closed_by: actor.userId }).where('id', '=', roundId).execute();
    const grades = await trx.selectFrom('assess_subject').select(['grade']).select((e) => e.fn.countAll<number>().as('n')).where('round_id', '=', roundId).groupBy('grade').execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '关闭考核', targetType: 'assess_round', targetId: roundId,
      summary: `关闭考核“${r.name}”，结果锁定：${grades.map((g) => `${g.grade} ${g.n}`).join('，')}`,
    });
  });
}

export async function reopenRound(db: Executor, actor: Scorer, now: Date, roundId: number, reason: string) {
  requireRole(actor, ROUND_MANAGERS, '重新开启考核轮次');
  return withTx(db, async (trx) => {
    const r = await trx.selectFrom('assess_round').select(['status', 'name', 'reopen_count']).where('id', '=', roundId).executeTakeFirst();
    if (!r) throw notFound('考核轮次');
    if (r.status !== '已关闭') throw new AppError('CONFLICT', '考核轮次未关闭，无需重新开启。');
    const p = await trx.selectFrom('assess_proposal').select(['id', 'status']).where('round_id', '=', roundId).where('status', '!=', '已退回').executeTakeFirst();
    if (p) {
      throw new AppError('CONFLICT', p.status === '已接受' ? '本轮次的资金分配建议已接受，不能重新开启。' : '本轮次有待审核的资金分配建议，请先退回该建议再重新开启。');
    }
    await trx.updateTable('assess_round').set({ status: '进行中', closed_at: null, closed_by: null, reopen_count: r.reopen_count + 1 }).where('id', '=', roundId).execute();
    await trx.updateTable('assess_subject').set({ rank: null }).where('round_id', '=', roundId).execute();
    await trx.insertInto('assess_reopen').values({ round_id: roundId, reason, at: now.toISOString(), by_user: actor.userId, by_name: actor.displayName }).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '重新开启考核', targetType: 'assess_round', targetId: roundId,
      summary: `重新开启考核“${r.name}”（第 ${r.reopen_count + 1} 次），理由：${reason}`,
    });
  });
}
