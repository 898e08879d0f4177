// 经审会会议: date, attendees (only current committee members count toward the quorum), agenda items that
// link budgets under review, audit projects and rectification items, and a resolution per item. A budget's
// 经审会审查 stage may cite the resolution on that budget (citeResolution, called by the budget procedure).
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit } from '../audit/log';
import { BUDGET_STAGES } from '../../../../shared/budget/constants';
import { OVERSIGHT_MODULE, QUORUM_SHARE, type AgendaKind, type Attendance } from '../../../../shared/oversight/constants';
import type {
  OversightAgendaRow, OversightAttendeeRow, OversightBudgetResolutions, OversightSessionDetail, OversightSessionRow,
} from '../../../../shared/contract/oversight';
import { requireAuditor, type OActor } from './common';
import { currentMembers, resolutionRef } from './service';

const M = OVERSIGHT_MODULE;

export async function listSessions(db: Executor, f: { year?: number | null; id?: number }): Promise<OversightSessionRow[]> {
  let q = db
    .selectFrom('oversight_session as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select((eb) => [
      's.id', 's.unit_id', 'u.name as unit_name', 's.year', 's.seq', 's.title', 's.held_on', 's.place', 's.chair', 's.status',
      eb.selectFrom('oversight_agenda as g').select((e) => e.fn.countAll<number>().as('n')).whereRef('g.session_id', '=', 's.id').as('n'),
      eb.selectFrom('oversight_agenda as g').select((e) => e.fn.countAll<number>().as('n')).whereRef('g.session_id', '=', 's.id').where('g.decision', 'is not', null).as('resolved'),
    ])
    .orderBy('s.held_on', 'desc')
    .orderBy('s.id', 'desc');
  if (f.year) q = q.where('s.year', '=', f.year);
  if (f.id) q = q.where('s.id', '=', f.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, year: r.year, seq: r.seq, title: r.title, heldOn: r.held_on, place: r.place, chair: r.chair,
    status: r.status, agendaCount: Number(r.n ?? 0), resolvedCount: Number(r.resolved ?? 0),
  }));
}

/** Label of what an agenda item links to, resolved at read time. */
async function refLabel(db: Executor, kind: string, refId: number | null): Promise<string | null> {
  if (!refId) return null;
  if (kind === '预算审查') {
    const b = await db.selectFrom('budget_book').select(['title', 'status', 'stage']).where('id', '=', refId).executeTakeFirst();
    return b ? `${b.title}（${b.status === '审批中' ? `审批中：${BUDGET_STAGES[b.stage]}` : b.status}）` : `年度预算 编号 ${refId}（不存在）`;
  }
  if (kind === '审计项目') {
    const p = await db.selectFrom('oversight_project as p').innerJoin('unit as u', 'u.id', 'p.unit_id').select(['p.code', 'p.name', 'u.name as unit']).where('p.id', '=', refId).executeTakeFirst();
    return p ? `${p.code} ${p.name}（${p.unit}）` : `审计项目 编号 ${refId}（不存在）`;
  }
  if (kind === '整改事项') {
    const r = await db
      .selectFrom('oversight_rectification as r')
      .innerJoin('oversight_finding as f', 'f.id', 'r.finding_id')
      .innerJoin('oversight_project as p', 'p.id', 'f.project_id')
      .select(['p.code', 'f.seq', 'f.description', 'r.status'])
      .where('r.id', '=', refId)
      .executeTakeFirst();
    return r ? `整改事项 ${r.code}-${r.seq}（${r.status}）${r.description.slice(0, 40)}` : `整改事项 编号 ${refId}（不存在）`;
  }
  return null;
}

export async function sessionDetail(db: Executor, id: number): Promise<OversightSessionDetail> {
  const [row] = await listSessions(db, { id });
  if (!row) throw notFound(`经审会会议（编号 ${id}）`);
  const s = await db.selectFrom('oversight_session').select(['minutes']).where('id', '=', id).executeTakeFirstOrThrow();
  const members = await currentMembers(db, row.unitId, row.heldOn);
  const memberIds = new Set(members.map((m) => m.userId));
  const att = await db.selectFrom('oversight_attendee').selectAll().where('session_id', '=', id).orderBy('name').execute();
  const attendees: OversightAttendeeRow[] = att.map((a) => {
    const member = a.user_id !== null && memberIds.has(a.user_id);
    const present = a.attendance === '出席';
    return {
      userId: a.user_id,
      name: a.name,
      attendance: a.attendance as Attendance,
      counted: member && present,
      reason: !present ? a.attendance : member ? null : '非本届经审会现任成员（列席或已不再任职），不计入法定人数',
    };
  });
  const countedCount = new Set(attendees.filter((a) => a.counted).map((a) => a.userId)).size;
  const quorumNeeded = Math.floor(members.length * QUORUM_SHARE) + 1;
  const agendaRows = await db.selectFrom('oversight_agenda').selectAll().where('session_id', '=', id).orderBy('seq').execute();
  const agenda: OversightAgendaRow[] = [];
  for (const g of agendaRows) {
    agenda.push({
      id: g.id, seq: g.seq, kind: g.kind as AgendaKind, refId: g.ref_id, title: g.title, refLabel: await refLabel(db, g.kind, g.ref_id),
      decision: g.decision as OversightAgendaRow['decision'], resolution: g.resolution, votesFor: g.votes_for, votesAgainst: g.votes_against,
      votesAbstain: g.votes_abstain, resolvedAt: g.resolved_at,
    });
  }
  return {
    ...row,
    minutes: s.minutes,
    attendees,
    agenda,
    memberCount: members.length,
    countedCount,
    quorumNeeded,
    quorate: members.length > 0 && countedCount >= quorumNeeded,
  };
}

type SessionInput = {
  id?: number | null; unitId: number; heldOn: string; title: string | null; place: string | null; chair: string | null; minutes: string | null;
  attendees: Array<{ userId: number | null; name: string; attendance: Attendance }>;
};

export async function saveSession(db: Executor, actor: OActor, now: Date, input: SessionInput): Promise<number> {
  requireAuditor(actor, '登记经审会会议');
  return withTx(db, async (trx) => {
    const unit = await trx.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw notFound('单位');
    const names = new Set<string>();
    for (const a of input.attendees) {
      if (names.has(a.name)) throw invalid(`出席人员“${a.name}”重复。`, [{ path: 'attendees', message: `“${a.name}”重复` }]);
      names.add(a.name);
      if (a.userId) {
        const u = await trx.selectFrom('app_user').select('id').where('id', '=', a.userId).executeTakeFirst();
        if (!u) throw notFound(`用户（编号 ${a.userId}）`);
      }
    }
    const year = Number(input.heldOn.slice(0, 4));
    let id: number;
    if (input.id) {
      const old = await trx.selectFrom('oversight_session').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!old) throw notFound('经审会会议');
      if (old.unit_id !== input.unitId) throw invalid('会议所属单位不能修改。');
      const resolved = await trx.selectFrom('oversight_agenda').select('id').where('session_id', '=', old.id).where('decision', 'is not', null).executeTakeFirst();
      if (resolved && (old.held_on !== input.heldOn)) throw conflict('会议已形成决议，不能再修改会议日期。');
      await trx
        .updateTable('oversight_session')
        .set({ held_on: input.heldOn, title: input.title ?? old.title, place: input.place, chair: input.chair, minutes: input.minutes })
        .where('id', '=', old.id)
        .execute();
      id = old.id;
      if (resolved) {
        // Attendance that made the quorum of a recorded resolution stays; new names may be added.
        const kept = await trx.selectFrom('oversight_attendee').select('name').where('session_id', '=', id).execute();
        const missing = kept.filter((k) => !names.has(k.name));
        if (missing.length) throw conflict(`会议已形成决议，不能删除出席记录（${missing.map((m) => m.name).join('、')}）。`);
      }
    } else {
      const max = await trx.selectFrom('oversight_session').select((eb) => eb.fn.max<number>('seq').as('m')).where('unit_id', '=', input.unitId).where('year', '=', year).executeTakeFirst();
      const seq = Number(max?.m ?? 0) + 1;
      const title = input.title ?? `${year}年第${seq}次经审会会议`;
      const r = await trx
        .insertInto('oversight_session')
        .values({ unit_id: input.unitId, year, seq, title, held_on: input.heldOn, place: input.place, chair: input.chair, status: '筹备', minutes: input.minutes, closed_at: null, created_at: now.toISOString(), created_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = r.id;
    }
    await trx.deleteFrom('oversight_attendee').where('session_id', '=', id).execute();
    if (input.attendees.length) {
      await trx.insertInto('oversight_attendee').values(input.attendees.map((a) => ({ session_id: id, user_id: a.userId, name: a.name, attendance: a.attendance }))).execute();
    }
    await writeAudit(trx, now, actor, { module: M, action: input.id ? '修改经审会会议' : '登记经审会会议', targetType: '经审会会议', targetId: id, summary: `${unit.name}经审会会议（${input.heldOn}），出席 ${input.attendees.filter((a) => a.attendance === '出席').length} 人`, after: input });
    return id;
  });
}

async function assertAgendaTarget(db: Executor, kind: AgendaKind, refId: number | null): Promise<string> {
  if (kind === '其他') return '其他事项';
  if (!refId) throw invalid(`请选择议题关联的${kind === '预算审查' ? '年度预算' : kind}。`, [{ path: 'refId', message: '请选择关联对象' }]);
  const label = await refLabel(db, kind, refId);
  if (!label || label.endsWith('（不存在）')) throw notFound(`${kind === '预算审查' ? '年度预算' : kind}（编号 ${refId}）`);
  return label;
}

export async function addAgenda(db: Executor, actor: OActor, now: Date, input: { sessionId: number; kind: AgendaKind; refId?: number | null; title: string | null }) {
  requireAuditor(actor, '添加会议议题');
  await withTx(db, async (trx) => {
    const s = await trx.selectFrom('oversight_session').selectAll().where('id', '=', input.sessionId).executeTakeFirst();
    if (!s) throw notFound('经审会会议');
    const label = await assertAgendaTarget(trx, input.kind, input.refId ?? null);
    if (input.kind === '其他' && !input.title) throw invalid('请填写议题。', [{ path: 'title', message: '请填写议题' }]);
    const title = input.title ?? `审议：${label}`;
    const max = await trx.selectFrom('oversight_agenda').select((eb) => eb.fn.max<number>('seq').as('m')).where('session_id', '=', s.id).executeTakeFirst();
    const seq = Number(max?.m ?? 0) + 1;
    await trx
      .insertInto('oversight_agenda')
      .values({ session_id: s.id, seq, kind: input.kind, ref_id: input.kind === '其他' ? null : (input.refId ?? null), title })
      .execute();
    await writeAudit(trx, now, actor, { module: M, action: '添加会议议题', targetType: '经审会会议', targetId: s.id, summary: `${s.title} 议题${seq}：${title}`, after: input });
  });
}

export async function resolveAgenda(
  db: Executor,
  actor: OActor,
  now: Date,
  input: { id: number; decision: string; resolution: string; votesFor: number | null; votesAgainst: number | null; votesAbstain: number | null },
) {
  requireAuditor(actor, '记录会议决议');
  await withTx(db, async (trx) => {
    const g = await trx.selectFrom('oversight_agenda').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!g) throw notFound('会议议题');
    if (g.decision) throw conflict(`议题${g.seq}已形成决议，不能修改。`);
    const d = await sessionDetail(trx, g.session_id);
    if (!d.quorate) {
      throw conflict(
        d.memberCount === 0
          ? `${d.unitName}经审会在 ${d.heldOn} 没有现任成员，不能形成决议；请先登记经审会组成人员。`
          : `出席的现任经审会成员 ${d.countedCount} 人，未达到法定人数（现任 ${d.memberCount} 人，须过半数即至少 ${d.quorumNeeded} 人），不能形成决议。`,
      );
    }
    const votes = (input.votesFor ?? 0) + (input.votesAgainst ?? 0) + (input.votesAbstain ?? 0);
    if (votes > d.countedCount) throw invalid(`表决票数 ${votes} 超过出席的现任成员人数 ${d.countedCount}。`, [{ path: 'votesFor', message: '票数超过出席人数' }]);
    const iso = now.toISOString();
    await trx
      .updateTable('oversight_agenda')
      .set({ decision: input.decision, resolution: input.resolution, votes_for: input.votesFor, votes_against: input.votesAgainst, votes_abstain: input.votesAbstain, resolved_at: iso, resolved_by: actor.userId })
      .where('id', '=', g.id)
      .execute();
    await trx.updateTable('oversight_session').set({ status: '已召开' }).where('id', '=', g.session_id).execute();
    await writeAudit(trx, now, actor, { module: M, action: '会议决议', targetType: '经审会会议', targetId: g.session_id, summary: `${d.title} 议题${g.seq}“${g.title}”决议：${input.decision}——${input.resolution.slice(0, 100)}`, after: { agendaId: g.id, ...input } });
  });
}

// ── the budget link ──────────────────────────────────────────────────────────────────────────────────

const CITABLE = ['通过', '原则通过'];

async function bookResolutions(db: Executor, bookId: number) {
  return db
    .selectFrom('oversight_agenda as g')
    .innerJoin('oversight_session as s', 's.id', 'g.session_id')
    .select(['g.id', 'g.session_id', 's.title', 's.held_on', 'g.seq', 'g.title as gtitle', 'g.decision', 'g.resolution'])
    .where('g.kind', '=', '预算审查')
    .where('g.ref_id', '=', bookId)
    .orderBy('s.held_on')
    .orderBy('g.seq')
    .execute();
}

export async function budgetResolutions(db: Executor, bookId: number): Promise<OversightBudgetResolutions> {
  const rows = await bookResolutions(db, bookId);
  const cites = await db
    .selectFrom('oversight_budget_citation as c')
    .innerJoin('budget_step as t', 't.id', 'c.step_id')
    .innerJoin('oversight_agenda as g', 'g.id', 'c.agenda_id')
    .innerJoin('oversight_session as s', 's.id', 'g.session_id')
    .select(['c.step_id', 'g.id', 'g.session_id', 's.title', 's.held_on', 'g.seq', 'g.title as gtitle', 'g.decision', 'g.resolution'])
    .where('t.book_id', '=', bookId)
    .orderBy('c.step_id')
    .execute();
  return {
    citable: rows.filter((r) => r.decision && CITABLE.includes(r.decision)).map(resolutionRef),
    citations: cites.map((c) => ({ stepId: c.step_id, resolution: resolutionRef(c) })),
  };
}

/**
 * Checks that an agenda item is a resolution on this budget book decided 通过/原则通过, and records that the
 * step cites it. Returns the citation label (written into the step's 审查意见文号 when none was given).
 */
export async function checkCitableResolution(db: Executor, bookId: number, agendaId: number): Promise<string> {
  const r = (await bookResolutions(db, bookId)).find((x) => x.id === agendaId);
  if (!r) throw invalid('所选经审会决议不是针对本预算的审查决议。', [{ path: 'oversightResolutionId', message: '决议与本预算无关' }]);
  if (!r.decision || !CITABLE.includes(r.decision)) {
    throw invalid(`所选经审会决议为“${r.decision ?? '尚未形成决议'}”，不能据此通过经审会审查。`, [{ path: 'oversightResolutionId', message: '决议未同意' }]);
  }
  return resolutionRef(r).label;
}

export async function recordCitation(trx: Transaction<DB>, stepId: number, agendaId: number, now: Date): Promise<void> {
  await trx.insertInto('oversight_budget_citation').values({ step_id: stepId, agenda_id: agendaId, created_at: now.toISOString() }).execute();
}
