// Closing the loop: from a closed round, a proposal of next year's allocations. Units graded in the
// template's uplift grades get the uplift, units in its cut grades get the cut and a rectification
// deadline, the others keep their figure; work-station allowances (站长 3,600 元, 副站长 3,000 元 a year by
// default) follow the ratings. The base is the unit's budgeted expenditure of the round's year (approved
// budget book, else its current version). A reviewer other than the drafter accepts or returns it; once
// accepted, the figures are the starting figures of those units in next year's budget compilation.
import type { Executor } from '../../db/tx';
import { withTx } from '../../db/tx';
import { AppError, forbidden, notFound } from '../../errors';
import { writeAudit } from '../audit/log';
import { formatFen } from '../../../../shared/money';
import { PROPOSAL_DECIDERS, ROUND_MANAGERS, type AllocationAction, type ProposalStatus } from '../../../../shared/assessment/constants';
import type { ProposalDetail, ProposalParams, ProposalRow } from '../../../../shared/contract/assessment';
import { templateDetail } from './templates';
import { budgetExpenseByUnit } from './rules';
import type { Scorer } from './rounds';

const MODULE = '考核评价';

/** Accepted allocations of a target year: one figure per unit (the latest accepted proposal wins). */
export async function acceptedAllocations(db: Executor, year: number): Promise<Array<{ unitId: number; amountFen: number; basis: string }>> {
  const rows = await db
    .selectFrom('assess_proposal_line as l')
    .innerJoin('assess_proposal as p', 'p.id', 'l.proposal_id')
    .select(['l.unit_id', 'l.amount_fen', 'l.allowance_fen', 'l.basis', 'p.decided_at', 'p.id'])
    .where('p.target_year', '=', year)
    .where('p.status', '=', '已接受')
    .orderBy('p.decided_at')
    .orderBy('p.id')
    .execute();
  const out = new Map<number, { unitId: number; amountFen: number; basis: string }>();
  for (const r of rows) out.set(r.unit_id, { unitId: r.unit_id, amountFen: r.amount_fen + r.allowance_fen, basis: r.basis });
  return [...out.values()].sort((a, b) => a.unitId - b.unitId);
}

export interface ProposalLineDraft {
  unitId: number;
  subjectId: number;
  total: number | null;
  grade: string | null;
  action: AllocationAction;
  percent: number;
  baseFen: number;
  amountFen: number;
  allowanceFen: number;
  rectifyBy: string | null;
  basis: string;
}

/** The proposal's figures (pure): uplift/cut by grade, rounded to the fen, and allowances. */
export function draftLines(
  round: { name: string; year: number },
  t: { upliftGrades: string[]; cutGrades: string[]; allowanceGrades: string[] },
  subjects: ReadonlyArray<{ id: number; unit_id: number; total: number | null; grade: string | null }>,
  base: ReadonlyMap<number, number>,
  p: ProposalParams,
): ProposalLineDraft[] {
  const target = round.year + 1;
  return subjects.map((s) => {
    const b = base.get(s.unit_id) ?? 0;
    const grade = s.grade ?? '';
    const action: AllocationAction = t.upliftGrades.includes(grade) ? '上调' : t.cutGrades.includes(grade) ? '核减' : '维持';
    const percent = action === '上调' ? p.upliftPercent : action === '核减' ? -p.cutPercent : 0;
    // Half away from zero on whole fen, computed in integers (percent has at most 2 decimals).
    const deltaTimes = BigInt(b) * BigInt(Math.round(percent * 100));
    const q = deltaTimes / 10_000n;
    const r = deltaTimes % 10_000n;
    const delta = Number(q + (r * 2n >= 10_000n ? 1n : r * 2n <= -10_000n ? -1n : 0n));
    const amount = b + delta;
    const allowance = t.allowanceGrades.includes(grade) ? p.chiefFen + p.deputies * p.deputyFen : 0;
    const rectifyBy = action === '核减' ? p.rectifyBy : null;
    const parts = [`${round.name}：${s.total ?? '—'} 分，${grade || '未评定'}`];
    if (action === '上调') parts.push(`上调 ${p.upliftPercent}%（${formatFen(b)} → ${formatFen(amount)} 元）`);
    else if (action === '核减') parts.push(`核减 ${p.cutPercent}%（${formatFen(b)} → ${formatFen(amount)} 元），限 ${rectifyBy} 前整改`);
    else parts.push(`维持 ${formatFen(b)} 元`);
    if (allowance) parts.push(`岗位补贴 ${formatFen(allowance)} 元（站长 ${formatFen(p.chiefFen)} 元 + 副站长 ${p.deputies} 名 × ${formatFen(p.deputyFen)} 元）`);
    void target;
    return { unitId: s.unit_id, subjectId: s.id, total: s.total, grade: s.grade, action, percent, baseFen: b, amountFen: amount, allowanceFen: allowance, rectifyBy, basis: parts.join('；') };
  });
}

async function proposalRows(db: Executor, where: { proposalId?: number; roundId?: number | null }): Promise<ProposalRow[]> {
  let q = db
    .selectFrom('assess_proposal as p')
    .innerJoin('assess_round as r', 'r.id', 'p.round_id')
    .selectAll('p')
    .select(['r.name as round_name'])
    .select((e) => [
      e.selectFrom('assess_proposal_line as l').whereRef('l.proposal_id', '=', 'p.id').select((x) => x.fn.countAll<number>().as('n')).as('lines'),
      e.selectFrom('assess_proposal_line as l').whereRef('l.proposal_id', '=', 'p.id').select((x) => x.fn.sum<number>('l.allowance_fen').as('a')).as('allowance'),
    ]);
  if (where.proposalId) q = q.where('p.id', '=', where.proposalId);
  if (where.roundId) q = q.where('p.round_id', '=', where.roundId);
  const rows = await q.orderBy('p.id', 'desc').execute();
  return rows.map((p) => ({
    id: p.id,
    roundId: p.round_id,
    roundName: p.round_name,
    targetYear: p.target_year,
    status: p.status as ProposalStatus,
    params: JSON.parse(p.params_json) as ProposalParams,
    totalFen: p.total_fen,
    allowanceFen: Number(p.allowance ?? 0),
    lineCount: Number(p.lines),
    createdAt: p.created_at,
    createdByName: p.created_by_name,
    decidedAt: p.decided_at,
    decidedByName: p.decided_by_name,
    decisionNote: p.decision_note,
  }));
}

export const listProposals = (db: Executor, roundId?: number | null) => proposalRows(db, { roundId });

export async function proposalDetail(db: Executor, proposalId: number): Promise<ProposalDetail> {
  const [p] = await proposalRows(db, { proposalId });
  if (!p) throw notFound('资金分配建议');
  const lines = await db
    .selectFrom('assess_proposal_line as l')
    .innerJoin('unit as u', 'u.id', 'l.unit_id')
    .selectAll('l')
    .select(['u.code', 'u.name', 'u.kind'])
    .where('l.proposal_id', '=', proposalId)
    .orderBy('u.code')
    .execute();
  return {
    ...p,
    lines: lines.map((l) => ({
      id: l.id,
      unit: { id: l.unit_id, code: l.code, name: l.name, kind: l.kind },
      total: l.total,
      grade: l.grade,
      action: l.action as AllocationAction,
      percent: l.percent,
      baseFen: l.base_fen,
      amountFen: l.amount_fen,
      allowanceFen: l.allowance_fen,
      rectifyBy: l.rectify_by,
      basis: l.basis,
    })),
  };
}

export async function createProposal(
  db: Executor,
  actor: Scorer,
  now: Date,
  input: { roundId: number; upliftPercent: number; cutPercent: number; rectifyBy?: string | null; chiefFen: number; deputyFen: number; deputies: number },
): Promise<number> {
  if (!actor.roles.some((r) => ROUND_MANAGERS.includes(r as never))) throw forbidden(`只有${ROUND_MANAGERS.join('、')}可以拟定资金分配建议。`);
  return withTx(db, async (trx) => {
    const round = await trx.selectFrom('assess_round').selectAll().where('id', '=', input.roundId).executeTakeFirst();
    if (!round) throw notFound('考核轮次');
    if (round.status !== '已关闭') throw new AppError('CONFLICT', '考核轮次关闭（结果锁定）后才能生成资金分配建议。');
    const open = await trx.selectFrom('assess_proposal').select(['id', 'status']).where('round_id', '=', round.id).where('status', '!=', '已退回').executeTakeFirst();
    if (open) throw new AppError('CONFLICT', open.status === '已接受' ? '本轮次的资金分配建议已接受。' : '本轮次已有待审核的资金分配建议，请先审核或退回。');
    const t = await templateDetail(trx, round.template_id);
    const target = round.year + 1;
    const rectifyBy = input.rectifyBy ?? `${target}-06-30`;
    if (rectifyBy.slice(0, 4) < String(round.year)) throw new AppError('VALIDATION', '整改期限不能早于考核年度。');
    const params: ProposalParams = { upliftPercent: input.upliftPercent, cutPercent: input.cutPercent, rectifyBy, chiefFen: input.chiefFen, deputyFen: input.deputyFen, deputies: input.deputies };
    // Allocations go to units: workers' subjects (person_name set) are not allocated.
    const subjects = await trx
      .selectFrom('assess_subject')
      .select(['id', 'unit_id', 'total', 'grade'])
      .where('round_id', '=', round.id)
      .where('person_name', 'is', null)
      .orderBy('id')
      .execute();
    const base = await budgetExpenseByUnit(trx, round.year);
    const lines = draftLines(round, t, subjects, base, params);
    const total = lines.reduce((s, l) => s + l.amountFen + l.allowanceFen, 0);
    const p = await trx
      .insertInto('assess_proposal')
      .values({
        round_id: round.id, target_year: target, status: '待审核', params_json: JSON.stringify(params), total_fen: total,
        created_at: now.toISOString(), created_by: actor.userId, created_by_name: actor.displayName,
        decided_at: null, decided_by: null, decided_by_name: null, decision_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < lines.length; i += 2000) {
      await trx
        .insertInto('assess_proposal_line')
        .values(
          lines.slice(i, i + 2000).map((l) => ({
            proposal_id: p.id, unit_id: l.unitId, subject_id: l.subjectId, total: l.total, grade: l.grade, action: l.action, percent: l.percent,
            base_fen: l.baseFen, amount_fen: l.amountFen, allowance_fen: l.allowanceFen, rectify_by: l.rectifyBy, basis: l.basis,
          })),
        )
        .execute();
    }
    const count = (a: AllocationAction) => lines.filter((l) => l.action === a).length;
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '拟定资金分配建议', targetType: 'assess_proposal', targetId: p.id,
      summary: `依据“${round.name}”拟定 ${target} 年度资金分配建议：上调 ${count('上调')}、维持 ${count('维持')}、核减 ${count('核减')}，合计 ${formatFen(total)} 元`,
      after: params,
    });
    return p.id;
  });
}

export async function decideProposal(db: Executor, actor: Scorer, now: Date, input: { proposalId: number; action: '接受' | '退回'; note: string | null }) {
  if (!actor.roles.some((r) => PROPOSAL_DECIDERS.includes(r as never))) throw forbidden(`只有${PROPOSAL_DECIDERS.join('、')}可以审核资金分配建议。`);
  return withTx(db, async (trx) => {
    const p = await trx.selectFrom('assess_proposal').selectAll().where('id', '=', input.proposalId).executeTakeFirst();
    if (!p) throw notFound('资金分配建议');
    if (p.status !== '待审核') throw new AppError('CONFLICT', `该建议${p.status}，不能再审核。`);
    if (p.created_by !== null && p.created_by === actor.userId) throw forbidden('拟定人不能审核自己拟定的资金分配建议。');
    if (input.action === '退回' && !input.note) throw new AppError('VALIDATION', '退回须说明理由。');
    const status: ProposalStatus = input.action === '接受' ? '已接受' : '已退回';
    await trx
      .updateTable('assess_proposal')
      .set({ status, decided_at: now.toISOString(), decided_by: actor.userId, decided_by_name: actor.displayName, decision_note: input.note })
      .where('id', '=', p.id)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: input.action === '接受' ? '接受资金分配建议' : '退回资金分配建议', targetType: 'assess_proposal', targetId: p.id,
      summary: `${p.target_year} 年度资金分配建议（合计 ${formatFen(p.total_fen)} 元）${status}${input.note ? `：${input.note}` : ''}`,
    });
  });
}
