// The seven-stage budget procedure on the year's budget book: 部门提出 → 分管领导审核 → 财务汇总 →
// 会议讨论 → 经审会审查 → 常委会通过 → 上级审批. Each stage is acted on by a holder of its role, or recorded
// by the clerk (财务部门 / 办公室) on behalf of a signed paper form with the signer's name, date and scan.
// Any stage may return the budget to an earlier one with a reason. 财务汇总 fixes which version of each
// unit the book consists of; blocking rule failures stop every forward step; approval locks the book and
// its versions (the database triggers refuse any later change). Adjustments are new books (adjust.ts).
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import type { FileAreas } from '../../files';
import { formatFen } from '../../../../shared/money';
import {
  BUDGET_MODULE, BUDGET_STAGES, CLERK_ROLES, SNAPSHOT_STAGE, STAGE_DEFS, type BookKind, type BookStatus, type BudgetStage,
} from '../../../../shared/budget/constants';
import type {
  BookStageState, BookStepRow, BudgetBookDetail, BudgetBookRow, MeetingRecord, StoredFileRef, budgetBooksAct,
} from '../../../../shared/contract/budget';
import type { EndpointParsed } from '../../../../shared/contract/define';
import { bookSource, loadBookHead, storeUploads, storedFileRefs } from './structure';
import { evaluateRules, ruleOf } from './rules';
import { adjustmentsUsed } from './adjust';
import { checkCitableResolution, recordCitation } from '../oversight/sessions';

export interface BookActor extends Actor {
  displayName: string;
  roles: readonly string[];
}

type DbBook = {
  id: number;
  year: number;
  kind: string;
  seq: number;
  title: string;
  stage: number;
  status: string;
  reason: string | null;
  based_on_book_id: number | null;
  snapshot_at: string | null;
  created_at: string;
  approved_at: string | null;
  cancelled_at: string | null;
};

const LAST_STAGE = BUDGET_STAGES.length - 1;

async function bookTotals(db: Executor, b: DbBook): Promise<{ members: number; income: number; expense: number }> {
  const r = b.snapshot_at
    ? await db
        .selectFrom('budget_book_member as m')
        .innerJoin('budget_version as v', 'v.id', 'm.version_id')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('v.income_fen').as('inc'), eb.fn.sum<number>('v.expense_fen').as('exp')])
        .where('m.book_id', '=', b.id)
        .executeTakeFirst()
    : await db
        .selectFrom('budget_unit_year as c')
        .innerJoin('budget_version as v', 'v.id', 'c.current_version_id')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('v.income_fen').as('inc'), eb.fn.sum<number>('v.expense_fen').as('exp')])
        .where('c.year', '=', b.year)
        .executeTakeFirst();
  return { members: Number(r?.n ?? 0), income: Number(r?.inc ?? 0), expense: Number(r?.exp ?? 0) };
}

async function bookRow(db: Executor, b: DbBook): Promise<BudgetBookRow> {
  const t = await bookTotals(db, b);
  return {
    id: b.id,
    year: b.year,
    kind: b.kind as BookKind,
    seq: b.seq,
    title: b.title,
    stage: b.stage,
    stageName: b.status === '审批中' ? BUDGET_STAGES[b.stage] : null,
    status: b.status as BookStatus,
    reason: b.reason,
    basedOnBookId: b.based_on_book_id,
    snapshotAt: b.snapshot_at,
    createdAt: b.created_at,
    approvedAt: b.approved_at,
    cancelledAt: b.cancelled_at,
    memberCount: t.members,
    incomeFen: t.income,
    expenseFen: t.expense,
  };
}

async function loadBook(db: Executor, id: number): Promise<DbBook> {
  const b = await db.selectFrom('budget_book').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw notFound(`年度预算（编号 ${id}）`);
  return b;
}

export async function listBooks(db: Executor, year: number | null | undefined): Promise<BudgetBookRow[]> {
  let q = db.selectFrom('budget_book').selectAll();
  if (year) q = q.where('year', '=', year);
  const rows = await q.orderBy('year', 'desc').orderBy('id').execute();
  return Promise.all(rows.map((b) => bookRow(db, b)));
}

function parseJson<T>(s: string | null): T | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
}

async function stepRows(db: Executor, bookId: number): Promise<BookStepRow[]> {
  const rows = await db.selectFrom('budget_step').selectAll().where('book_id', '=', bookId).orderBy('id').execute();
  const fileIds = rows.flatMap((r) => [
    ...(r.scan_file_id ? [r.scan_file_id] : []),
    ...(parseJson<number[]>(r.attachments_json) ?? []),
  ]);
  const files = await storedFileRefs(db, fileIds);
  return rows.map((r) => {
    const checks = parseJson<{ blockingFailures: number }>(r.checks_json);
    return {
      id: r.id,
      stage: r.stage,
      stageName: BUDGET_STAGES[r.stage],
      action: r.action as BookStepRow['action'],
      toStage: r.to_stage,
      toStageName: r.to_stage <= LAST_STAGE && r.action !== '撤销' ? BUDGET_STAGES[r.to_stage] : null,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      onBehalf: r.on_behalf === 1,
      signerName: r.signer_name,
      signedOn: r.signed_on,
      scanFile: r.scan_file_id ? (files.get(r.scan_file_id) ?? null) : null,
      opinion: r.opinion,
      attachments: (parseJson<number[]>(r.attachments_json) ?? []).map((id) => files.get(id)).filter((f): f is StoredFileRef => Boolean(f)),
      meeting: parseJson<MeetingRecord>(r.meeting_json),
      committeeResolutionId: r.committee_resolution_id,
      approvalDoc: r.approval_doc,
      blockingFailures: checks?.blockingFailures ?? 0,
      at: r.at,
    };
  });
}

/** The approvals that stand: a return to stage k voids the approvals of stage k and later. */
function standingApprovals(steps: readonly BookStepRow[]): Map<number, BookStepRow> {
  const out = new Map<number, BookStepRow>();
  for (const s of steps) {
    if (s.action === '通过') out.set(s.stage, s);
    else if (s.action === '退回') for (const k of [...out.keys()]) if (k >= s.toStage) out.delete(k);
  }
  return out;
}

interface Permission {
  role: string | null;
  reason: string | null;
}

/** The role in which a user acts at a stage (own role, or the clerk's when recording a paper form). */
function stageRole(stage: number, roles: readonly string[], onBehalf: boolean): Permission {
  const def = STAGE_DEFS[stage];
  if (onBehalf) {
    const clerk = CLERK_ROLES.find((r) => roles.includes(r));
    return clerk
      ? { role: clerk, reason: null }
      : { role: null, reason: `只有${CLERK_ROLES.join('或')}可以代为登记纸质签批。` };
  }
  const own = def.roles.find((r) => roles.includes(r));
  return own
    ? { role: own, reason: null }
    : {
        role: null,
        reason: `“${def.stage}”环节须由${def.roles.join('或')}办理；纸质签批的可由${CLERK_ROLES.join('或')}代为登记。`,
      };
}

function separationConflict(stage: number, userId: number | null, approvals: Map<number, BookStepRow>, enabled: boolean): BudgetStage | null {
  if (!enabled || userId === null || stage >= LAST_STAGE) return null;
  for (const [k, s] of approvals) {
    if (k === stage || k >= LAST_STAGE || s.onBehalf) continue;
    if (s.userId === userId) return BUDGET_STAGES[k];
  }
  return null;
}

export async function bookDetail(db: Executor, bookId: number, viewer: { userId: number; roles: readonly string[] } | null): Promise<BudgetBookDetail> {
  const b = await loadBook(db, bookId);
  const [row, steps, checks, limit, used] = await Promise.all([
    bookRow(db, b),
    stepRows(db, b.id),
    evaluateRules(db, b.year, bookSource({ ...b, status: b.status as BookStatus })),
    ruleOf(db, 'adjustment_limit', b.year),
    adjustmentsUsed(db, b.year),
  ]);
  const approvals = standingApprovals(steps);
  const stages: BookStageState[] = STAGE_DEFS.map((d, i) => ({
    index: i,
    stage: d.stage,
    roles: [...d.roles],
    state: b.status === '已批准' || i < b.stage ? '已完成' : i === b.stage && b.status === '审批中' ? '当前' : '未开始',
    approval: approvals.get(i) ?? null,
  }));
  let canApprove = false;
  let canReturn = false;
  let cannotReason: string | null = null;
  if (b.status !== '审批中') {
    cannotReason = b.status === '已批准' ? '预算已批准并锁定；如需变更，请发起预算调整。' : '该预算已撤销。';
  } else if (!viewer) {
    cannotReason = '尚未登录。';
  } else {
    const own = stageRole(b.stage, viewer.roles, false);
    const clerk = stageRole(b.stage, viewer.roles, true);
    if (own.role || clerk.role) {
      canReturn = b.stage > 0;
      const sep = (await ruleOf(db, 'procedure_separation', b.year)).params.enabled;
      const clash = own.role ? separationConflict(b.stage, viewer.userId, approvals, sep) : null;
      if (!checks.passed) cannotReason = `有 ${checks.blockingFailures} 项阻断规则未通过，预算不能进入下一环节。`;
      else if (clash && !clerk.role) cannotReason = `您已在“${clash}”环节签署，同一人不能在两个审批环节签署。`;
      else canApprove = true;
    } else cannotReason = own.reason;
  }
  return {
    ...row,
    stages,
    steps,
    checks,
    canApprove,
    canReturn,
    cannotReason,
    adjustmentsUsed: used,
    adjustmentsAllowed: limit.params.max,
  };
}

export async function createBook(db: Executor, actor: Actor, now: Date, input: { year: number; kind: BookKind; reason: string | null }): Promise<number> {
  return withTx(db, async (trx) => {
    const books = await trx.selectFrom('budget_book').selectAll().where('year', '=', input.year).where('status', '<>', '已撤销').execute();
    const open = books.find((b) => b.status === '审批中');
    if (open) throw conflict(`“${open.title}”正在审批中（${BUDGET_STAGES[open.stage]}），不能同时发起新的审批。`);
    let seq = 0;
    let title = `${input.year}年度预算`;
    let basedOn: number | null = null;
    if (input.kind === '年初预算') {
      if (books.some((b) => b.kind === '年初预算')) {
        throw conflict(`${input.year}年度预算已经发起过审批；如需变更已批准的预算，请发起预算调整。`);
      }
    } else {
      const approved = books.filter((b) => b.status === '已批准').sort((a, b) => b.seq - a.seq)[0];
      if (!approved) throw invalid(`${input.year}年度预算尚未批准，不能调整；未批准的预算可退回修改。`);
      if (!input.reason) throw invalid('请说明预算调整的原因。', [{ path: 'reason', message: '请说明预算调整的原因' }]);
      const limit = await ruleOf(trx, 'adjustment_limit', input.year);
      const used = books.filter((b) => b.kind === '预算调整').length;
      if (used >= limit.params.max) {
        throw new AppError(
          'RULE_BLOCKED',
          `${input.year}年度预算已调整 ${used} 次，达到规则“${limit.name}”允许的次数（每年 ${limit.params.max} 次），不能再调整。`,
        );
      }
      seq = used + 1;
      title = `${input.year}年度第${seq}次预算调整`;
      basedOn = approved.id;
    }
    const row = await trx
      .insertInto('budget_book')
      .values({
        year: input.year,
        kind: input.kind,
        seq,
        title,
        stage: 0,
        status: '审批中',
        reason: input.reason,
        based_on_book_id: basedOn,
        snapshot_at: null,
        created_at: now.toISOString(),
        created_by: actor.userId,
        approved_at: null,
        cancelled_at: null,
        cancel_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: BUDGET_MODULE,
      action: input.kind === '年初预算' ? '发起预算审批' : '发起预算调整',
      targetType: '年度预算',
      targetId: row.id,
      summary: `发起“${title}”的审批${input.reason ? `：${input.reason}` : ''}`,
      after: { bookId: row.id, year: input.year, kind: input.kind, seq, basedOn },
    });
    return row.id;
  });
}

type ActInput = EndpointParsed<typeof budgetBooksAct>;

async function snapshot(trx: Transaction<DB>, b: DbBook, now: Date): Promise<number> {
  const cur = await trx
    .selectFrom('budget_unit_year')
    .select(['unit_id', 'current_version_id'])
    .where('year', '=', b.year)
    .where('current_version_id', 'is not', null)
    .execute();
  if (cur.length === 0) throw invalid(`${b.year}年度尚无任何单位提交预算，不能完成财务汇总。`);
  await trx.deleteFrom('budget_book_member').where('book_id', '=', b.id).execute();
  const BATCH = 5000;
  for (let i = 0; i < cur.length; i += BATCH) {
    await trx
      .insertInto('budget_book_member')
      .values(cur.slice(i, i + BATCH).map((c) => ({ book_id: b.id, unit_id: c.unit_id, version_id: c.current_version_id! })))
      .execute();
  }
  await trx.updateTable('budget_book').set({ snapshot_at: now.toISOString() }).where('id', '=', b.id).execute();
  return cur.length;
}

export async function actOnBook(db: Executor, files: FileAreas, actor: BookActor, now: Date, input: ActInput): Promise<void> {
  await withTx(db, async (trx) => {
    const b = await loadBook(trx, input.bookId);
    if (b.status === '已批准') throw conflict(`“${b.title}”已批准并锁定，不能再审批或退回；如需变更，请发起预算调整。`);
    if (b.status !== '审批中') throw conflict(`“${b.title}”已撤销。`);
    if (b.stage !== input.stage) {
      throw conflict(`“${b.title}”当前处于“${BUDGET_STAGES[b.stage]}”环节，不是“${BUDGET_STAGES[input.stage]}”；请刷新后再办理。`);
    }
    const def = STAGE_DEFS[b.stage];
    const onBehalf = Boolean(input.onBehalf);
    const perm = stageRole(b.stage, actor.roles, onBehalf);
    if (!perm.role) throw forbidden(`您不能办理“${def.stage}”环节：${perm.reason}`);
    const steps = await stepRows(trx, b.id);
    const approvals = standingApprovals(steps);
    let toStage: number;
    let checksJson: string | null = null;

    if (input.action === '退回') {
      if (input.returnTo === null || input.returnTo === undefined) throw invalid('请选择退回到哪个环节。', [{ path: 'returnTo', message: '请选择退回的环节' }]);
      if (input.returnTo >= b.stage) throw invalid(`只能退回到“${def.stage}”之前的环节。`, [{ path: 'returnTo', message: '只能退回到之前的环节' }]);
      if (!input.opinion) throw invalid('退回须写明原因。', [{ path: 'opinion', message: '请填写退回原因' }]);
      toStage = input.returnTo;
    } else {
      if (def.records === 'meeting' && !input.meeting) {
        throw invalid('“会议讨论”环节须记录会议（日期、地点、主持人、参加人员、议定事项）。', [{ path: 'meeting', message: '请记录会议' }]);
      }
      const sep = (await ruleOf(trx, 'procedure_separation', b.year)).params.enabled;
      const clash = onBehalf ? null : separationConflict(b.stage, actor.userId, approvals, sep);
      if (clash) {
        throw forbidden(`您已在“${clash}”环节签署，同一人不能在同一预算的两个审批环节签署（规则“审批职责分离”）。`);
      }
      if (b.stage === SNAPSHOT_STAGE) await snapshot(trx, b, now);
      const fresh = await loadBook(trx, b.id);
      const report = await evaluateRules(trx, b.year, bookSource({ ...fresh, status: fresh.status as BookStatus }));
      if (!report.passed) {
        const failed = report.results.filter((r) => r.blocking && r.status === '未通过');
        throw new AppError(
          'RULE_BLOCKED',
          `有 ${failed.length} 项阻断规则未通过，预算不能进入下一环节：${failed.map((r) => `${r.name}（${r.message}）`).join('；')}`,
          failed.map((r) => ({ path: `checks.${r.key}`, message: `${r.name}：${r.message}` })),
        );
      }
      checksJson = JSON.stringify({ blockingFailures: 0, results: report.results.map((r) => ({ key: r.key, status: r.status })) });
      toStage = b.stage + 1;
    }

    const attachments = await storeUploads(trx, files, input.attachmentUploadIds, actor.userId, now);
    let scanFileId: number | null = null;
    if (input.onBehalf) {
      const [scan] = await storeUploads(trx, files, [input.onBehalf.scanUploadId], actor.userId, now);
      scanFileId = scan.id;
    }
    // 经审会审查 may cite the committee session's resolution on this budget (经审监督).
    let citation: { agendaId: number; label: string } | null = null;
    if (input.oversightResolutionId) {
      if (input.action !== '通过' || def.records !== 'committee') {
        throw invalid('只有通过“经审会审查”环节时可以引用经审会决议。', [{ path: 'oversightResolutionId', message: '本环节不引用经审会决议' }]);
      }
      citation = { agendaId: input.oversightResolutionId, label: await checkCitableResolution(trx, b.id, input.oversightResolutionId) };
    }
    const meeting: MeetingRecord | null = input.meeting
      ? {
          date: input.meeting.date,
          place: input.meeting.place ?? null,
          chair: input.meeting.chair ?? null,
          attendees: input.meeting.attendees ?? null,
          resolution: input.meeting.resolution ?? null,
        }
      : null;
    const step = await trx
      .insertInto('budget_step')
      .values({
        book_id: b.id,
        stage: b.stage,
        action: input.action,
        to_stage: toStage,
        user_id: actor.userId,
        username: actor.username,
        display_name: actor.displayName,
        role: perm.role,
        on_behalf: onBehalf ? 1 : 0,
        signer_name: input.onBehalf?.signerName ?? null,
        signed_on: input.onBehalf?.signedOn ?? null,
        scan_file_id: scanFileId,
        opinion: input.opinion ?? null,
        attachments_json: attachments.length ? JSON.stringify(attachments.map((a) => a.id)) : null,
        meeting_json: meeting ? JSON.stringify(meeting) : null,
        committee_resolution_id: input.committeeResolutionId ?? citation?.label ?? null,
        approval_doc: input.approvalDoc ?? null,
        checks_json: checksJson,
        at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (citation) await recordCitation(trx, step.id, citation.agendaId, now);

    let summary: string;
    if (input.action === '退回') {
      if (toStage <= SNAPSHOT_STAGE && b.snapshot_at) {
        await trx.deleteFrom('budget_book_member').where('book_id', '=', b.id).execute();
        await trx.updateTable('budget_book').set({ snapshot_at: null }).where('id', '=', b.id).execute();
      }
      await trx.updateTable('budget_book').set({ stage: toStage }).where('id', '=', b.id).execute();
      summary = `“${b.title}”由“${def.stage}”退回至“${BUDGET_STAGES[toStage]}”：${input.opinion}`;
    } else if (b.stage === LAST_STAGE) {
      // Lock the member versions first, then the book (an approved book can no longer be updated).
      const members = await trx.selectFrom('budget_book_member').select('version_id').where('book_id', '=', b.id).execute();
      const ids = members.map((m) => m.version_id);
      for (let i = 0; i < ids.length; i += 5000) {
        await trx.updateTable('budget_version').set({ locked: 1 }).where('id', 'in', ids.slice(i, i + 5000)).where('locked', '=', 0).execute();
      }
      await trx.updateTable('budget_book').set({ stage: toStage, status: '已批准', approved_at: now.toISOString() }).where('id', '=', b.id).execute();
      const t = await bookTotals(trx, { ...b, snapshot_at: b.snapshot_at ?? now.toISOString() });
      summary = `“${b.title}”经上级审批，已批准并锁定（${t.members} 个单位，收入 ${formatFen(t.income)} 元，支出 ${formatFen(t.expense)} 元）`;
    } else {
      await trx.updateTable('budget_book').set({ stage: toStage }).where('id', '=', b.id).execute();
      summary = `“${b.title}”通过“${def.stage}”，进入“${BUDGET_STAGES[toStage]}”`;
    }
    if (onBehalf) summary += `（${actor.displayName}代为登记 ${input.onBehalf!.signerName} ${input.onBehalf!.signedOn} 的纸质签批）`;
    await writeAudit(trx, now, { userId: actor.userId, username: actor.username, role: perm.role }, {
      module: BUDGET_MODULE,
      action: input.action === '退回' ? '退回预算' : b.stage === LAST_STAGE ? '批准预算' : '审批预算',
      targetType: '年度预算',
      targetId: b.id,
      summary,
      before: { stage: BUDGET_STAGES[b.stage], status: b.status },
      after: {
        stage: toStage <= LAST_STAGE ? BUDGET_STAGES[toStage] : null,
        status: input.action === '通过' && b.stage === LAST_STAGE ? '已批准' : '审批中',
        role: perm.role,
        onBehalf,
        signer: input.onBehalf?.signerName ?? null,
        opinion: input.opinion ?? null,
        attachments: attachments.map((a) => a.name),
      },
    });
  });
}

export async function cancelBook(db: Executor, actor: Actor, now: Date, bookId: number, reason: string): Promise<void> {
  await withTx(db, async (trx) => {
    const b = await loadBookHead(trx, bookId);
    if (b.status !== '审批中') throw conflict(b.status === '已批准' ? `“${b.title}”已批准，不能撤销；如需变更请发起预算调整。` : `“${b.title}”已撤销。`);
    const full = await loadBook(trx, bookId);
    await trx.deleteFrom('budget_book_member').where('book_id', '=', bookId).execute();
    await trx
      .updateTable('budget_book')
      .set({ status: '已撤销', cancelled_at: now.toISOString(), cancel_reason: reason, snapshot_at: null })
      .where('id', '=', bookId)
      .execute();
    await trx
      .insertInto('budget_step')
      .values({
        book_id: bookId,
        stage: full.stage,
        action: '撤销',
        to_stage: full.stage,
        user_id: actor.userId,
        username: actor.username,
        display_name: actor.username,
        role: actor.role,
        on_behalf: 0,
        signer_name: null,
        signed_on: null,
        scan_file_id: null,
        opinion: reason,
        attachments_json: null,
        meeting_json: null,
        committee_resolution_id: null,
        approval_doc: null,
        checks_json: null,
        at: now.toISOString(),
      })
      .execute();
    await writeAudit(trx, now, actor, {
      module: BUDGET_MODULE,
      action: '撤销预算审批',
      targetType: '年度预算',
      targetId: bookId,
      summary: `撤销“${b.title}”：${reason}`,
      before: { status: '审批中', stage: BUDGET_STAGES[full.stage] },
      after: { status: '已撤销' },
    });
  });
}
