// 经审监督: committee membership, the yearly plan, projects and working papers, findings with evidence and
// the audited unit's response, and the rectification ledger (整改台账) with its append-only history.
// Permissions are checked here, in the core: auditors (经审会主任/委员) write; the audited unit's users
// respond and report rectification; only the committee closes (销号) an item.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { writeAudit } from '../audit/log';
import type { FileAreas } from '../../files';
import { formatFen } from '../../../../shared/money';
import {
  OVERSIGHT_MODULE, isOverdue, type EvidenceKind, type MemberPosition, type ProjectStatus, type RectStatus,
} from '../../../../shared/oversight/constants';
import type {
  OversightCategoryRow, OversightEvidenceRow, OversightFindingRow, OversightMemberRow, OversightPaperRow, OversightPlan,
  OversightProjectDetail, OversightProjectRow, OversightRectHistoryRow, OversightRectRow, OversightRectification,
  OversightResolutionRef,
} from '../../../../shared/contract/oversight';
import {
  assertEvidenceTarget, evidenceKey, evidenceLabels, exclusionOf, isAuditor, isCommittee, missingLabel, requireAuditor,
  rolesOf, storeUpload, today, type OActor,
} from './common';

const M = OVERSIGHT_MODULE;

// ── categories ───────────────────────────────────────────────────────────────────────────────────────

export async function listCategories(db: Executor): Promise<OversightCategoryRow[]> {
  const rows = await db
    .selectFrom('oversight_category as c')
    .leftJoin('oversight_finding as f', 'f.category_id', 'c.id')
    .select((eb) => ['c.id', 'c.name', 'c.group_name', 'c.sort', 'c.active', eb.fn.count<number>('f.id').as('n')])
    .groupBy('c.id')
    .orderBy('c.sort')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, group: r.group_name, sort: r.sort, active: r.active === 1, findingCount: Number(r.n) }));
}

export async function saveCategory(db: Executor, actor: OActor, now: Date, input: { id?: number | null; name: string; group: string; active: boolean }) {
  requireAuditor(actor, '维护问题类别');
  await withTx(db, async (trx) => {
    const dup = await trx.selectFrom('oversight_category').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup && dup.id !== input.id) throw conflict(`问题类别“${input.name}”已存在。`);
    if (input.id) {
      const old = await trx.selectFrom('oversight_category').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!old) throw notFound('问题类别');
      await trx.updateTable('oversight_category').set({ name: input.name, group_name: input.group, active: input.active ? 1 : 0 }).where('id', '=', input.id).execute();
      await writeAudit(trx, now, actor, { module: M, action: '修改问题类别', targetType: '问题类别', targetId: input.id, summary: `问题类别“${old.name}”改为“${input.name}”（${input.group}${input.active ? '' : '，已停用'}）`, before: old, after: input });
    } else {
      const max = await trx.selectFrom('oversight_category').select((eb) => eb.fn.max<number>('sort').as('m')).executeTakeFirst();
      const r = await trx
        .insertInto('oversight_category')
        .values({ name: input.name, group_name: input.group, sort: Number(max?.m ?? 0) + 1, active: input.active ? 1 : 0, created_at: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, now, actor, { module: M, action: '新增问题类别', targetType: '问题类别', targetId: r.id, summary: `新增问题类别“${input.name}”（${input.group}）`, after: input });
    }
  });
}

// ── committee membership ─────────────────────────────────────────────────────────────────────────────

export async function listMembers(db: Executor, now: Date, unitId?: number | null): Promise<OversightMemberRow[]> {
  let q = db
    .selectFrom('oversight_member as m')
    .innerJoin('unit as u', 'u.id', 'm.unit_id')
    .innerJoin('app_user as a', 'a.id', 'm.user_id')
    .select(['m.id', 'm.unit_id', 'u.name as unit_name', 'm.user_id', 'a.display_name', 'a.active', 'm.position', 'm.term_from', 'm.term_to'])
    .orderBy('m.unit_id')
    .orderBy('m.id');
  if (unitId) q = q.where('m.unit_id', '=', unitId);
  const rows = await q.execute();
  return memberStates(db, rows, today(now));
}

type MemberDb = { id: number; unit_id: number; unit_name: string; user_id: number; display_name: string; active: number; position: string; term_from: string; term_to: string | null };

async function memberStates(db: Executor, rows: MemberDb[], day: string): Promise<OversightMemberRow[]> {
  const roles = await rolesOf(db, rows.map((r) => r.user_id));
  const out: OversightMemberRow[] = [];
  for (const r of rows) {
    let reason: string | null = null;
    if (r.term_from > day) reason = `任期自 ${r.term_from} 起`;
    else if (r.term_to && r.term_to < day) reason = `任期已于 ${r.term_to} 结束`;
    else if (r.active !== 1) reason = '用户已停用';
    else reason = await exclusionOf(db, roles.get(r.user_id) ?? [], r.position as MemberPosition, day);
    out.push({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      userId: r.user_id,
      displayName: r.display_name,
      position: r.position as MemberPosition,
      termFrom: r.term_from,
      termTo: r.term_to,
      current: reason === null,
      notCountedReason: reason,
    });
  }
  return out;
}

/** Current members of a union's committee on a day (term covers it, user active, no excluded role). */
export async function currentMembers(db: Executor, unitId: number, day: string): Promise<OversightMemberRow[]> {
  const rows = await db
    .selectFrom('oversight_member as m')
    .innerJoin('unit as u', 'u.id', 'm.unit_id')
    .innerJoin('app_user as a', 'a.id', 'm.user_id')
    .select(['m.id', 'm.unit_id', 'u.name as unit_name', 'm.user_id', 'a.display_name', 'a.active', 'm.position', 'm.term_from', 'm.term_to'])
    .where('m.unit_id', '=', unitId)
    .execute();
  return (await memberStates(db, rows, day)).filter((m) => m.current);
}

export async function addMember(
  db: Executor,
  actor: OActor,
  now: Date,
  input: { unitId: number; userId: number; position: MemberPosition; termFrom: string; termTo: string | null },
) {
  requireMemberManager(actor);
  await withTx(db, async (trx) => {
    const user = await trx.selectFrom('app_user').select(['id', 'display_name', 'active']).where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw notFound('用户');
    if (user.active !== 1) throw invalid(`用户“${user.display_name}”已停用，不能担任经审会成员。`);
    const unit = await trx.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw notFound('单位');
    if (input.termTo && input.termTo < input.termFrom) throw invalid('任期结束日期不能早于开始日期。', [{ path: 'termTo', message: '结束日期早于开始日期' }]);
    const roles = (await rolesOf(trx, [input.userId])).get(input.userId) ?? [];
    const excl = await exclusionOf(trx, roles, input.position, today(now));
    if (excl) throw new AppError('SOD_VIOLATION', `${user.display_name}不能担任${unit.name}经审会${input.position}：${excl}。`);
    const overlap = await trx
      .selectFrom('oversight_member')
      .select('id')
      .where('unit_id', '=', input.unitId)
      .where('user_id', '=', input.userId)
      .where((eb) => eb.or([eb('term_to', 'is', null), eb('term_to', '>=', input.termFrom)]))
      .executeTakeFirst();
    if (overlap) throw conflict(`${user.display_name}已是${unit.name}经审会成员（任期重叠）。`);
    const r = await trx
      .insertInto('oversight_member')
      .values({ unit_id: input.unitId, user_id: input.userId, position: input.position, term_from: input.termFrom, term_to: input.termTo, created_at: now.toISOString(), created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, { module: M, action: '登记经审会成员', targetType: '经审会成员', targetId: r.id, summary: `${unit.name}经审会${input.position}：${user.display_name}（${input.termFrom} 至 ${input.termTo ?? '—'}）`, after: input });
  });
}

function requireMemberManager(actor: OActor) {
  if (!actor.roles.includes('经审会主任') && !actor.roles.includes('系统管理员')) throw forbidden('只有经审会主任或系统管理员可以登记经审会组成人员。');
}

export async function endMember(db: Executor, actor: OActor, now: Date, id: number, termTo: string) {
  requireMemberManager(actor);
  await withTx(db, async (trx) => {
    const m = await trx.selectFrom('oversight_member').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m) throw notFound('经审会成员');
    if (termTo < m.term_from) throw invalid('任期结束日期不能早于开始日期。');
    await trx.updateTable('oversight_member').set({ term_to: termTo }).where('id', '=', id).execute();
    await writeAudit(trx, now, actor, { module: M, action: '经审会成员任期结束', targetType: '经审会成员', targetId: id, summary: `经审会成员（用户 ${m.user_id}）任期至 ${termTo}`, before: { termTo: m.term_to }, after: { termTo } });
  });
}

// ── plan and projects ────────────────────────────────────────────────────────────────────────────────

export async function getPlan(db: Executor, year: number): Promise<{ plan: OversightPlan | null; projects: OversightProjectRow[] }> {
  const p = await db.selectFrom('oversight_plan').selectAll().where('year', '=', year).executeTakeFirst();
  return {
    plan: p ? { id: p.id, year: p.year, title: p.title, status: p.status, notes: p.notes, approvedAt: p.approved_at } : null,
    projects: await listProjects(db, { year }),
  };
}

export async function savePlan(db: Executor, actor: OActor, now: Date, input: { year: number; title: string; notes: string | null; approve: boolean }) {
  requireAuditor(actor, '编制审计计划');
  if (input.approve && !actor.roles.includes('经审会主任')) throw forbidden('审计计划须由经审会主任批准。');
  await withTx(db, async (trx) => {
    const iso = now.toISOString();
    const old = await trx.selectFrom('oversight_plan').selectAll().where('year', '=', input.year).executeTakeFirst();
    if (old?.status === '已批准' && !input.approve) throw conflict(`${input.year}年度审计计划已批准，不能再修改。`);
    const status = input.approve ? '已批准' : '草拟';
    if (old) {
      await trx
        .updateTable('oversight_plan')
        .set({ title: input.title, notes: input.notes, status, approved_at: input.approve ? (old.approved_at ?? iso) : null, approved_by: input.approve ? actor.userId : null, updated_at: iso })
        .where('id', '=', old.id)
        .execute();
    } else {
      await trx
        .insertInto('oversight_plan')
        .values({ year: input.year, title: input.title, notes: input.notes, status, approved_at: input.approve ? iso : null, approved_by: input.approve ? actor.userId : null, created_at: iso, updated_at: iso })
        .execute();
    }
    await writeAudit(trx, now, actor, { module: M, action: input.approve ? '批准审计计划' : '编制审计计划', targetType: '审计计划', targetId: input.year, summary: `${input.year}年度审计计划“${input.title}”${input.approve ? '已批准' : '已保存'}`, before: old ?? null, after: input });
  });
}

export async function listProjects(
  db: Executor,
  f: { year?: number | null; unitId?: number | null; status?: string | null; id?: number },
): Promise<OversightProjectRow[]> {
  let q = db
    .selectFrom('oversight_project as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .leftJoin('budget_book as b', 'b.id', 'p.budget_book_id')
    .select((eb) => [
      'p.id', 'p.year', 'p.code', 'p.name', 'p.kind', 'p.unit_id', 'u.name as unit_name', 'p.budget_book_id', 'b.title as book_title',
      'p.period_from', 'p.period_to', 'p.team', 'p.leader', 'p.start_on', 'p.end_on', 'p.status',
      eb.selectFrom('oversight_finding as f').select((e) => e.fn.countAll<number>().as('n')).whereRef('f.project_id', '=', 'p.id').as('n'),
      eb.selectFrom('oversight_finding as f').select((e) => e.fn.sum<number>('f.amount_fen').as('a')).whereRef('f.project_id', '=', 'p.id').as('amount'),
      eb
        .selectFrom('oversight_finding as f')
        .innerJoin('oversight_rectification as r', 'r.finding_id', 'f.id')
        .select((e) => e.fn.countAll<number>().as('o'))
        .whereRef('f.project_id', '=', 'p.id')
        .where('r.status', '<>', '已销号')
        .as('open'),
    ])
    .orderBy('p.year', 'desc')
    .orderBy('p.id');
  if (f.id) q = q.where('p.id', '=', f.id);
  if (f.year) q = q.where('p.year', '=', f.year);
  if (f.unitId) q = q.where('p.unit_id', '=', f.unitId);
  if (f.status) q = q.where('p.status', '=', f.status);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    code: r.code,
    name: r.name,
    kind: r.kind as OversightProjectRow['kind'],
    unitId: r.unit_id,
    unitName: r.unit_name,
    budgetBookId: r.budget_book_id,
    budgetBookTitle: r.book_title ?? null,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    team: r.team,
    leader: r.leader,
    startOn: r.start_on,
    endOn: r.end_on,
    status: r.status as ProjectStatus,
    findingCount: Number(r.n ?? 0),
    amountFen: Number(r.amount ?? 0),
    openRectCount: Number(r.open ?? 0),
  }));
}

async function loadProject(db: Executor, id: number) {
  const p = await db.selectFrom('oversight_project').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound(`审计项目（编号 ${id}）`);
  return p;
}

export async function projectDetail(db: Executor, id: number, now: Date): Promise<OversightProjectDetail> {
  const p = await loadProject(db, id);
  const [row] = await listProjects(db, { id });
  const papers = await db
    .selectFrom('oversight_paper as w')
    .leftJoin('stored_file as f', 'f.id', 'w.file_id')
    .leftJoin('app_user as a', 'a.id', 'w.created_by')
    .select(['w.id', 'w.title', 'w.note', 'w.file_id', 'f.name as file_name', 'f.size', 'w.sha256', 'w.created_at', 'a.display_name'])
    .where('w.project_id', '=', id)
    .orderBy('w.id')
    .execute();
  const findings = await listFindings(db, now, { projectId: id });
  return {
    ...row,
    basis: p.basis,
    scope: p.scope,
    method: p.method,
    summary: p.summary,
    strengths: p.strengths,
    opinion: p.opinion,
    deadline: p.deadline,
    papers: papers.map(
      (w): OversightPaperRow => ({
        id: w.id, title: w.title, note: w.note, fileId: w.file_id, fileName: w.file_name ?? null, size: w.size ?? null, sha256: w.sha256,
        createdAt: w.created_at, createdBy: w.display_name ?? null,
      }),
    ),
    findings,
    // Resolutions on the project itself and on its rectification items.
    resolutions: await resolutionsFor(db, [{ kind: '审计项目', refId: id }, ...findings.map((f) => ({ kind: '整改事项', refId: f.rectification.id }))]),
  };
}

/** Resolutions on agenda items that link to the given targets. */
export async function resolutionsFor(db: Executor, targets: Array<{ kind: string; refId: number }>): Promise<OversightResolutionRef[]> {
  if (!targets.length) return [];
  const rows = await db
    .selectFrom('oversight_agenda as g')
    .innerJoin('oversight_session as s', 's.id', 'g.session_id')
    .select(['g.id', 'g.session_id', 's.title', 's.held_on', 'g.seq', 'g.title as gtitle', 'g.decision', 'g.resolution'])
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('g.kind', '=', t.kind), eb('g.ref_id', '=', t.refId)]))))
    .orderBy('s.held_on')
    .orderBy('g.seq')
    .execute();
  return rows.map((r) => resolutionRef(r));
}

export function resolutionRef(r: { id: number; session_id: number; title: string; held_on: string; seq: number; gtitle: string; decision: string | null; resolution: string | null }): OversightResolutionRef {
  return {
    agendaId: r.id,
    sessionId: r.session_id,
    sessionTitle: r.title,
    heldOn: r.held_on,
    seq: r.seq,
    title: r.gtitle,
    decision: r.decision as OversightResolutionRef['decision'],
    resolution: r.resolution,
    label: `${r.title} 议题${r.seq}`,
  };
}

type ProjectInput = {
  id?: number | null; year: number; name: string; kind: string; unitId: number; budgetBookId: number | null;
  periodFrom: string | null; periodTo: string | null; team: string | null; leader: string | null; startOn: string | null; endOn: string | null;
  status: ProjectStatus; basis: string | null; scope: string | null; method: string | null; summary: string | null; strengths: string | null;
  opinion: string | null; deadline: string | null;
};

export async function saveProject(db: Executor, actor: OActor, now: Date, input: ProjectInput): Promise<number> {
  requireAuditor(actor, '建立或修改审计项目');
  return withTx(db, async (trx) => {
    const unit = await trx.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw notFound('被审计单位');
    if (input.kind === '预算审查' && input.budgetBookId) {
      const b = await trx.selectFrom('budget_book').select(['id', 'year']).where('id', '=', input.budgetBookId).executeTakeFirst();
      if (!b) throw notFound('年度预算');
    } else if (input.kind !== '预算审查') input.budgetBookId = null;
    if (input.periodFrom && input.periodTo && input.periodTo < input.periodFrom) throw invalid('审计期间的结束日期早于开始日期。', [{ path: 'periodTo', message: '结束日期早于开始日期' }]);
    if (input.startOn && input.endOn && input.endOn < input.startOn) throw invalid('结束日期早于开始日期。', [{ path: 'endOn', message: '结束日期早于开始日期' }]);
    if (input.status === '已归档' && !actor.roles.includes('经审会主任')) throw forbidden('审计项目须由经审会主任归档。');
    const iso = now.toISOString();
    const values = {
      year: input.year, name: input.name, kind: input.kind, unit_id: input.unitId, budget_book_id: input.budgetBookId,
      period_from: input.periodFrom, period_to: input.periodTo, team: input.team, leader: input.leader, start_on: input.startOn, end_on: input.endOn,
      status: input.status, basis: input.basis, scope: input.scope, method: input.method, summary: input.summary, strengths: input.strengths,
      opinion: input.opinion, deadline: input.deadline, updated_at: iso,
    };
    if (input.id) {
      const old = await loadProject(trx, input.id);
      if (old.status === '已归档') throw conflict(`审计项目“${old.name}”已归档，不能修改。`);
      await trx.updateTable('oversight_project').set(values).where('id', '=', input.id).execute();
      await writeAudit(trx, now, actor, { module: M, action: '修改审计项目', targetType: '审计项目', targetId: input.id, summary: `修改审计项目 ${old.code}“${input.name}”（${input.status}）`, before: old, after: values });
      return input.id;
    }
    const n = await trx.selectFrom('oversight_project').select((eb) => eb.fn.countAll<number>().as('n')).where('year', '=', input.year).executeTakeFirst();
    let seq = Number(n?.n ?? 0) + 1;
    let code = `SJ${input.year}-${String(seq).padStart(3, '0')}`;
    while (await trx.selectFrom('oversight_project').select('id').where('code', '=', code).executeTakeFirst()) code = `SJ${input.year}-${String(++seq).padStart(3, '0')}`;
    const r = await trx
      .insertInto('oversight_project')
      .values({ ...values, code, created_at: iso, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, { module: M, action: '新建审计项目', targetType: '审计项目', targetId: r.id, summary: `新建审计项目 ${code}“${input.name}”（${input.kind}，被审计单位：${unit.name}）`, after: { code, ...values } });
    return r.id;
  });
}

export async function addPaper(db: Executor, files: FileAreas, actor: OActor, now: Date, input: { projectId: number; title: string; note: string | null; uploadId?: string | null }) {
  requireAuditor(actor, '添加工作底稿');
  await withTx(db, async (trx) => {
    const p = await loadProject(trx, input.projectId);
    if (p.status === '已归档') throw conflict(`审计项目“${p.name}”已归档，不能再添加底稿。`);
    if (!input.uploadId && !input.note) throw invalid('请上传底稿文件或填写底稿说明。');
    const f = input.uploadId ? await storeUpload(trx, files, input.uploadId, actor.userId, now) : null;
    const r = await trx
      .insertInto('oversight_paper')
      .values({ project_id: p.id, title: input.title, note: input.note, file_id: f?.id ?? null, sha256: f?.sha256 ?? null, created_at: now.toISOString(), created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, { module: M, action: '添加工作底稿', targetType: '工作底稿', targetId: r.id, summary: `${p.code} 添加工作底稿“${input.title}”${f ? `（${f.name}，SHA-256 ${f.sha256}）` : ''}`, after: { projectId: p.id, title: input.title, file: f?.name ?? null, sha256: f?.sha256 ?? null } });
  });
}

// ── findings ─────────────────────────────────────────────────────────────────────────────────────────

export async function listFindings(
  db: Executor,
  now: Date,
  f: { year?: number | null; unitId?: number | null; categoryId?: number | null; projectId?: number | null; ids?: number[] },
): Promise<OversightFindingRow[]> {
  let q = db
    .selectFrom('oversight_finding as f')
    .innerJoin('oversight_project as p', 'p.id', 'f.project_id')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('oversight_category as c', 'c.id', 'f.category_id')
    .innerJoin('oversight_rectification as r', 'r.finding_id', 'f.id')
    .select([
      'f.id', 'f.project_id', 'p.code', 'p.name as project_name', 'p.unit_id', 'u.name as unit_name', 'f.seq', 'f.category_id', 'c.name as category_name',
      'f.description', 'f.amount_fen', 'f.basis', 'f.severity', 'f.nature', 'f.requirement', 'f.response', 'f.response_name', 'f.response_at',
      'r.id as rid', 'r.measures', 'r.leader', 'r.person', 'r.deadline', 'r.status', 'r.completed_on', 'r.result', 'r.verified_name', 'r.verified_at',
      'r.note', 'r.updated_at',
    ])
    .orderBy('p.year')
    .orderBy('p.id')
    .orderBy('f.seq');
  if (f.year) q = q.where('p.year', '=', f.year);
  if (f.unitId) q = q.where('p.unit_id', '=', f.unitId);
  if (f.categoryId) q = q.where('f.category_id', '=', f.categoryId);
  if (f.projectId) q = q.where('f.project_id', '=', f.projectId);
  if (f.ids) q = q.where('f.id', 'in', f.ids.length ? f.ids : [0]);
  const rows = await q.execute();
  const ev = rows.length
    ? await db.selectFrom('oversight_evidence').selectAll().where('finding_id', 'in', rows.map((r) => r.id)).orderBy('id').execute()
    : [];
  const labels = await evidenceLabels(db, ev.map((e) => ({ kind: e.kind, refId: e.ref_id, fileId: e.file_id })));
  const day = today(now);
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectCode: r.code,
    projectName: r.project_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    seq: r.seq,
    categoryId: r.category_id,
    categoryName: r.category_name,
    description: r.description,
    amountFen: r.amount_fen,
    basis: r.basis,
    severity: r.severity as OversightFindingRow['severity'],
    nature: r.nature as OversightFindingRow['nature'],
    requirement: r.requirement,
    response: r.response,
    responseName: r.response_name,
    responseAt: r.response_at,
    evidence: ev
      .filter((e) => e.finding_id === r.id)
      .map((e): OversightEvidenceRow => {
        const l = labels.get(evidenceKey({ kind: e.kind, refId: e.ref_id, fileId: e.file_id }));
        return {
          id: e.id, purpose: e.purpose as OversightEvidenceRow['purpose'], kind: e.kind as EvidenceKind, refId: e.ref_id, fileId: e.file_id,
          label: l?.label ?? missingLabel({ kind: e.kind, refId: e.ref_id }), exists: Boolean(l?.exists), note: e.note, createdAt: e.created_at,
        };
      }),
    rectification: {
      id: r.rid, findingId: r.id, measures: r.measures, leader: r.leader, person: r.person, deadline: r.deadline, status: r.status as RectStatus,
      completedOn: r.completed_on, result: r.result, verifiedName: r.verified_name, verifiedAt: r.verified_at, note: r.note,
      overdue: isOverdue({ status: r.status, deadline: r.deadline }, day), updatedAt: r.updated_at,
    },
  }));
}

type FindingInput = {
  id?: number | null; projectId: number; categoryId: number; description: string; amountFen: number; basis: string | null;
  severity: string; nature: string; requirement: string | null;
};

export async function saveFinding(db: Executor, actor: OActor, now: Date, input: FindingInput): Promise<number> {
  requireAuditor(actor, '记录审计发现的问题');
  return withTx(db, async (trx) => {
    const p = await loadProject(trx, input.projectId);
    if (p.status === '已归档') throw conflict(`审计项目“${p.name}”已归档，不能再修改问题。`);
    const cat = await trx.selectFrom('oversight_category').selectAll().where('id', '=', input.categoryId).executeTakeFirst();
    if (!cat) throw notFound('问题类别');
    const iso = now.toISOString();
    const values = {
      category_id: input.categoryId, description: input.description, amount_fen: input.amountFen, basis: input.basis, severity: input.severity,
      nature: input.nature, requirement: input.requirement, updated_at: iso,
    };
    if (input.id) {
      const old = await trx.selectFrom('oversight_finding').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!old || old.project_id !== p.id) throw notFound('问题');
      const rect = await trx.selectFrom('oversight_rectification').select('status').where('finding_id', '=', old.id).executeTakeFirstOrThrow();
      if (rect.status === '已销号') throw conflict(`问题 ${p.code}-${old.seq} 已销号，不能修改。`);
      await trx.updateTable('oversight_finding').set(values).where('id', '=', old.id).execute();
      await writeAudit(trx, now, actor, { module: M, action: '修改审计问题', targetType: '审计问题', targetId: old.id, summary: `修改问题 ${p.code}-${old.seq}（${cat.name}，涉及金额 ${formatFen(input.amountFen)} 元）`, before: old, after: values });
      return old.id;
    }
    if (!cat.active) throw invalid(`问题类别“${cat.name}”已停用。`, [{ path: 'categoryId', message: '类别已停用' }]);
    const max = await trx.selectFrom('oversight_finding').select((eb) => eb.fn.max<number>('seq').as('m')).where('project_id', '=', p.id).executeTakeFirst();
    const seq = Number(max?.m ?? 0) + 1;
    const r = await trx
      .insertInto('oversight_finding')
      .values({ ...values, project_id: p.id, seq, created_at: iso, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rect = await trx
      .insertInto('oversight_rectification')
      .values({ finding_id: r.id, status: '未整改', deadline: p.deadline, updated_at: iso })
      .returning('id')
      .executeTakeFirstOrThrow();
    await history(trx, actor, now, rect.id, null, '未整改', `${p.code}-${seq} 建立整改事项`);
    if (p.status === '计划') await trx.updateTable('oversight_project').set({ status: '实施中', updated_at: iso }).where('id', '=', p.id).execute();
    await writeAudit(trx, now, actor, { module: M, action: '记录审计问题', targetType: '审计问题', targetId: r.id, summary: `${p.code} 问题 ${seq}：${cat.name}，涉及金额 ${formatFen(input.amountFen)} 元`, after: { projectId: p.id, seq, ...values } });
    return r.id;
  });
}

async function findingContext(db: Executor, findingId: number) {
  const f = await db
    .selectFrom('oversight_finding as f')
    .innerJoin('oversight_project as p', 'p.id', 'f.project_id')
    .innerJoin('oversight_rectification as r', 'r.finding_id', 'f.id')
    .select(['f.id', 'f.seq', 'f.project_id', 'p.code', 'p.unit_id', 'p.status as project_status', 'r.id as rid', 'r.status'])
    .where('f.id', '=', findingId)
    .executeTakeFirst();
  if (!f) throw notFound(`问题（编号 ${findingId}）`);
  return f;
}

/** The audited unit's users (their unit is the audited unit) may respond and report rectification. */
function isAuditedUnit(actor: OActor, unitId: number) {
  return actor.unitId !== null && actor.unitId === unitId;
}

export async function respondFinding(db: Executor, actor: OActor, now: Date, id: number, response: string) {
  await withTx(db, async (trx) => {
    const f = await findingContext(trx, id);
    if (!isAuditedUnit(actor, f.unit_id)) throw forbidden('只有被审计单位的人员可以填写反馈意见。');
    if (f.project_status === '已归档') throw conflict('审计项目已归档，不能再反馈。');
    await trx
      .updateTable('oversight_finding')
      .set({ response, response_by: actor.userId, response_name: actor.displayName, response_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, now, actor, { module: M, action: '被审计单位反馈', targetType: '审计问题', targetId: id, summary: `${f.code}-${f.seq} 被审计单位反馈：${response.slice(0, 100)}`, after: { response } });
  });
}

export async function addEvidence(
  db: Executor,
  files: FileAreas,
  actor: OActor,
  now: Date,
  input: { findingId: number; purpose: '问题' | '整改'; kind: EvidenceKind; refId?: number | null; uploadId?: string | null; note: string | null },
) {
  await withTx(db, async (trx) => {
    const f = await findingContext(trx, input.findingId);
    if (input.purpose === '问题') requireAuditor(actor, '关联问题的证据');
    else if (!isAuditor(actor) && !isAuditedUnit(actor, f.unit_id)) throw forbidden('只有审计人员或被审计单位可以提交整改佐证材料。');
    if (f.status === '已销号') throw conflict('该问题已销号，不能再添加证据。');
    let refId: number | null = null;
    let fileId: number | null = null;
    let label: string;
    if (input.kind === '文件') {
      if (!input.uploadId) throw invalid('请选择要上传的文件。', [{ path: 'uploadId', message: '请选择文件' }]);
      const sf = await storeUpload(trx, files, input.uploadId, actor.userId, now);
      fileId = sf.id;
      label = `文件 ${sf.name}（SHA-256 ${sf.sha256}）`;
    } else {
      if (!input.refId) throw invalid(`请选择要关联的${input.kind}。`, [{ path: 'refId', message: '请选择记录' }]);
      label = await assertEvidenceTarget(trx, input.kind, input.refId);
      refId = input.refId;
      const dup = await trx
        .selectFrom('oversight_evidence')
        .select('id')
        .where('finding_id', '=', f.id)
        .where('purpose', '=', input.purpose)
        .where('kind', '=', input.kind)
        .where('ref_id', '=', refId)
        .executeTakeFirst();
      if (dup) throw conflict(`已关联过该${input.kind}。`);
    }
    const r = await trx
      .insertInto('oversight_evidence')
      .values({ finding_id: f.id, purpose: input.purpose, kind: input.kind, ref_id: refId, file_id: fileId, note: input.note, created_at: now.toISOString(), created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, { module: M, action: input.purpose === '问题' ? '关联问题证据' : '提交整改佐证', targetType: '审计问题', targetId: f.id, summary: `${f.code}-${f.seq} ${input.purpose}证据：${label}`, after: { evidenceId: r.id, kind: input.kind, refId, fileId } });
  });
}

// ── rectification ledger ─────────────────────────────────────────────────────────────────────────────

async function history(trx: Transaction<DB>, actor: OActor, now: Date, rectId: number, from: string | null, to: string, summary: string) {
  const snap = await trx.selectFrom('oversight_rectification').selectAll().where('id', '=', rectId).executeTakeFirstOrThrow();
  await trx
    .insertInto('oversight_rect_history')
    .values({ rectification_id: rectId, at: now.toISOString(), user_id: actor.userId, username: actor.displayName, role: actor.role, from_status: from, to_status: to, summary, snapshot_json: JSON.stringify(snap) })
    .execute();
}

export async function listRect(
  db: Executor,
  now: Date,
  f: { year?: number | null; unitId?: number | null; projectId?: number | null; status?: string | null; overdueOnly?: boolean; id?: number },
): Promise<OversightRectRow[]> {
  let q = db
    .selectFrom('oversight_rectification as r')
    .innerJoin('oversight_finding as f', 'f.id', 'r.finding_id')
    .innerJoin('oversight_project as p', 'p.id', 'f.project_id')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('oversight_category as c', 'c.id', 'f.category_id')
    .selectAll('r')
    .select((eb) => [
      'f.seq', 'f.project_id', 'p.code', 'p.name as project_name', 'p.unit_id', 'u.name as unit_name', 'c.name as category_name', 'f.description',
      'f.amount_fen', 'f.basis', 'f.requirement', 'f.severity',
      eb.selectFrom('oversight_evidence as e').select((e) => e.fn.countAll<number>().as('n')).whereRef('e.finding_id', '=', 'f.id').as('ev'),
    ])
    .orderBy('p.year')
    .orderBy('p.id')
    .orderBy('f.seq');
  if (f.id) q = q.where('r.id', '=', f.id);
  if (f.year) q = q.where('p.year', '=', f.year);
  if (f.unitId) q = q.where('p.unit_id', '=', f.unitId);
  if (f.projectId) q = q.where('p.id', '=', f.projectId);
  if (f.status) q = q.where('r.status', '=', f.status);
  const day = today(now);
  if (f.overdueOnly) q = q.where('r.deadline', '<', day).where('r.status', 'in', ['未整改', '整改中']);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, findingId: r.finding_id, measures: r.measures, leader: r.leader, person: r.person, deadline: r.deadline, status: r.status as RectStatus,
    completedOn: r.completed_on, result: r.result, verifiedName: r.verified_name, verifiedAt: r.verified_at, note: r.note,
    overdue: isOverdue(r, day), updatedAt: r.updated_at,
    seq: r.seq, projectId: r.project_id, projectCode: r.code, projectName: r.project_name, unitId: r.unit_id, unitName: r.unit_name,
    categoryName: r.category_name, description: r.description, amountFen: r.amount_fen, basis: r.basis, requirement: r.requirement,
    severity: r.severity as OversightRectRow['severity'], evidenceCount: Number(r.ev ?? 0),
  }));
}

export async function rectRow(db: Executor, now: Date, id: number): Promise<OversightRectRow> {
  const [r] = await listRect(db, now, { id });
  if (!r) throw notFound('整改事项');
  return r;
}

export async function overdueCount(db: Executor, now: Date) {
  const day = today(now);
  const r = await db
    .selectFrom('oversight_rectification')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when(eb.and([eb('deadline', '<', day), eb('status', 'in', ['未整改', '整改中'])])).then(1).else(0).end()).as('overdue'),
      eb.fn.sum<number>(eb.case().when('status', '<>', '已销号').then(1).else(0).end()).as('open'),
    ])
    .executeTakeFirst();
  return { overdue: Number(r?.overdue ?? 0), open: Number(r?.open ?? 0) };
}

type RectInput = {
  id: number; measures: string | null; leader: string | null; person: string | null; deadline: string | null;
  status: '未整改' | '整改中' | '已整改'; completedOn: string | null; result: string | null; note: string | null;
};

export async function updateRect(db: Executor, actor: OActor, now: Date, input: RectInput) {
  await withTx(db, async (trx) => {
    const old = await trx.selectFrom('oversight_rectification').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!old) throw notFound('整改事项');
    const f = await findingContext(trx, old.finding_id);
    const auditor = isAuditor(actor);
    if (!auditor && !isAuditedUnit(actor, f.unit_id)) throw forbidden('只有被审计单位或审计人员可以登记整改情况。');
    if (old.status === '已销号') throw conflict(`整改事项 ${f.code}-${f.seq} 已销号，不能再修改。`);
    // The deadline is set by the auditors (整改时限 in the report); the unit may not move it.
    if (!auditor && input.deadline !== old.deadline) throw forbidden('整改时限由审计人员确定，被审计单位不能修改。');
    if (input.status === '已整改') {
      if (!input.measures) throw invalid('标记为已整改前，请填写整改措施。', [{ path: 'measures', message: '请填写整改措施' }]);
      if (!input.completedOn) throw invalid('标记为已整改前，请填写整改完成日期。', [{ path: 'completedOn', message: '请填写完成日期' }]);
    }
    const iso = now.toISOString();
    await trx
      .updateTable('oversight_rectification')
      .set({
        measures: input.measures, leader: input.leader, person: input.person, deadline: input.deadline, status: input.status,
        completed_on: input.status === '已整改' ? input.completedOn : null, result: input.result, note: input.note, updated_at: iso,
      })
      .where('id', '=', old.id)
      .execute();
    const moved = old.status !== input.status;
    await history(trx, actor, now, old.id, old.status, input.status, moved ? `${f.code}-${f.seq} 状态 ${old.status} → ${input.status}` : `${f.code}-${f.seq} 更新整改情况`);
    await writeAudit(trx, now, actor, { module: M, action: '登记整改情况', targetType: '整改事项', targetId: old.id, summary: `${f.code}-${f.seq} 整改：${old.status} → ${input.status}`, before: old, after: input });
  });
}

export async function verifyRect(db: Executor, actor: OActor, now: Date, input: { id: number; action: '销号' | '退回'; opinion: string | null }) {
  if (!isCommittee(actor)) throw forbidden('只有经审会可以核验整改并销号。');
  await withTx(db, async (trx) => {
    const old = await trx.selectFrom('oversight_rectification').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!old) throw notFound('整改事项');
    const f = await findingContext(trx, old.finding_id);
    if (old.status !== '已整改') throw conflict(`整改事项 ${f.code}-${f.seq} 的状态是“${old.status}”，只有“已整改”的事项可以${input.action}。`);
    if (input.action === '退回' && !input.opinion) throw invalid('退回须写明原因。', [{ path: 'opinion', message: '请填写退回原因' }]);
    const iso = now.toISOString();
    const to: RectStatus = input.action === '销号' ? '已销号' : '整改中';
    await trx
      .updateTable('oversight_rectification')
      .set(
        input.action === '销号'
          ? { status: to, verified_by: actor.userId, verified_name: actor.displayName, verified_at: iso, updated_at: iso, note: input.opinion ?? old.note }
          : { status: to, completed_on: null, updated_at: iso },
      )
      .where('id', '=', old.id)
      .execute();
    await history(trx, actor, now, old.id, old.status, to, `${f.code}-${f.seq} 经审会${input.action}${input.opinion ? `：${input.opinion}` : ''}`);
    await writeAudit(trx, now, actor, { module: M, action: input.action === '销号' ? '整改销号' : '整改退回', targetType: '整改事项', targetId: old.id, summary: `${f.code}-${f.seq} ${input.action}（核验人 ${actor.displayName}）${input.opinion ? `：${input.opinion}` : ''}`, before: { status: old.status }, after: { status: to } });
  });
}

export async function rectHistory(db: Executor, id: number): Promise<OversightRectHistoryRow[]> {
  const rows = await db.selectFrom('oversight_rect_history').selectAll().where('rectification_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, at: r.at, username: r.username, role: r.role, fromStatus: r.from_status, toStatus: r.to_status, summary: r.summary }));
}

export type { OversightRectification };
