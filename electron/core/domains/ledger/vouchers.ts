// Vouchers (记账凭证): the ONE place that creates them — by hand through the handlers, and from other
// modules (the approval chain's 会计记账, collection receipts and splits) through `createVoucher` — so
// every voucher passes the same checks: balanced, one side per line, leaf accounts, required dimensions,
// open period, the preparer's role. States 草稿 → 已审核 → 已记账 (or 已作废); preparer, reviewer and
// poster are three different people. A posted voucher is never edited or deleted: it is reversed by a
// red voucher (红字冲销: the original lines repeated with negative amounts on the same side, dated in an
// open period and linked both ways) or corrected by an additional voucher (补充凭证, linked to it).
//
// Numbering: per set and month, assigned at creation, without gaps — a draft can be deleted only when it
// carries the last number of its month; otherwise it is voided (作废) and keeps its number.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { bulkInsert } from '../../db/bulk';
import { addFen, fenToChineseUpper } from '../../../../shared/money';
import { dimensionKey } from '../../../../shared/ledger/dimensions';
import { levelOneCode } from '../../../../shared/ledger/charts';
import {
  LEDGER_ROLES, type VoucherDetail, type VoucherKind, type VoucherListRow, type VoucherRef, type VoucherStatus,
} from '../../../../shared/contract/ledger';
import type { Page } from '../../../../shared/contract/audit';
import type { ErrorDetail } from '../../../../shared/contract/define';
import {
  MODULE, accountMap, assertActorRole, describeVoucher, fullName, loadSet, localDate, parentCodes, userNames, voucherLabel,
  yearMonthOf, yuan, type SetRecord,
} from './common';
import { dimensionLookup, dimensionProblems, dimensionsView, lineDimensions, loadRules, rowDimensions } from './dims';
import { assertDateOpen } from './periods';
import { voucherSourceHooks } from './source-hooks';

export interface VoucherLineInput {
  summary?: string | null;
  accountCode: string;
  /** fen; exactly one of debit/credit is non-zero (a missing side is 0). Positive, except on red reversal lines (negative). */
  debit?: number;
  credit?: number;
  projectId?: number | null;
  fundSource?: string | null;
  expenseType?: string | null;
  econCode?: string | null;
  unitId?: number | null;
}

/** An attachment: an already stored file, or bytes to store (kept once per SHA-256). */
export type AttachmentInput = { fileId: number } | { name: string; mime?: string | null; content: Uint8Array };

export interface VoucherSource {
  /** The calling module, e.g. 'approval', 'collection', 'closing'. */
  module: string;
  type: string;
  id: string | number;
}

export interface CreateVoucherInput {
  setId: number;
  date: string;
  summary: string;
  lines: VoucherLineInput[];
  /** 附单据张数 (paper documents). */
  attachmentCount?: number;
  attachments?: AttachmentInput[];
  source?: VoucherSource | null;
}

interface InternalOptions {
  kind: VoucherKind;
  reversesId?: number;
  supplementsId?: number;
  /** Red reversal: every amount must be negative. */
  negative?: boolean;
  /** System-generated closing vouchers skip the preparer's role and the dimension rules. */
  system?: boolean;
}

export type VoucherRecord = NonNullable<Awaited<ReturnType<typeof findVoucher>>>;

function findVoucher(db: Executor, id: number) {
  return db.selectFrom('ledger_voucher').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function loadVoucher(db: Executor, id: number): Promise<VoucherRecord> {
  const v = await findVoucher(db, id);
  if (!v) throw notFound('凭证');
  return v;
}

/** Refuses an action on a voucher in the wrong state; a posted voucher is always refused. */
function assertState(v: VoucherRecord, allowed: VoucherStatus[], action: string, hint?: string): void {
  if (allowed.includes(v.status as VoucherStatus)) return;
  const what = describeVoucher(v);
  if (v.status === '已记账') {
    throw new AppError('VOUCHER_POSTED', `${what}已记账，不能${action}。已记账凭证只能用红字冲销或补充凭证更正。`);
  }
  if (v.status === '已作废') throw new AppError('VOUCHER_VOIDED', `${what}已作废，不能${action}。`);
  throw conflict(`${what}状态为“${v.status}”，不能${action}${hint ? `；${hint}` : ''}。`);
}

interface CheckedLine {
  summary: string;
  accountCode: string;
  debit: number;
  credit: number;
  projectId: number | null;
  fundSource: string | null;
  expenseType: string | null;
  econCode: string | null;
  unitId: number | null;
  dimKey: string;
}

/** Checks the lines of a voucher; throws one VALIDATION error listing every problem with its line. */
async function checkLines(db: Executor, set: SetRecord, summary: string, lines: VoucherLineInput[], opts: InternalOptions): Promise<CheckedLine[]> {
  const accounts = await accountMap(db, set.id);
  const parents = parentCodes(accounts);
  const rules = await loadRules(db, set.id);
  const look = await dimensionLookup(db, {
    projectIds: lines.map((l) => l.projectId ?? null),
    econCodes: lines.map((l) => l.econCode ?? null),
    unitIds: lines.map((l) => l.unitId ?? null),
  });
  const details: ErrorDetail[] = [];
  const out: CheckedLine[] = [];
  if (lines.length < 2) details.push({ path: 'lines', message: '凭证至少需要两行分录' });
  lines.forEach((l, i) => {
    const a = accounts.get(l.accountCode);
    const where = `第 ${i + 1} 行（${l.accountCode}${a ? ` ${a.name}` : ''}）`;
    const bad = (field: string, message: string) => details.push({ path: `lines.${i}.${field}`, message: `${where}：${message}` });
    if (!a) return bad('accountCode', '科目不存在');
    if (a.active !== 1) return bad('accountCode', '科目已停用');
    if (parents.has(a.code)) return bad('accountCode', '该科目有下级科目，凭证只能使用末级科目');
    const debit = l.debit ?? 0;
    const credit = l.credit ?? 0;
    if (!Number.isSafeInteger(debit) || !Number.isSafeInteger(credit)) return bad('debit', '金额必须是整数分');
    if ((debit !== 0) === (credit !== 0)) {
      return bad(debit === 0 ? 'debit' : 'credit', debit === 0 ? '借方和贷方金额不能都为零' : '借方和贷方只能填一方');
    }
    const amount = debit !== 0 ? debit : credit;
    if (opts.negative && amount > 0) return bad(debit !== 0 ? 'debit' : 'credit', '红字冲销凭证的金额应为负数');
    if (!opts.negative && amount < 0) {
      return bad(debit !== 0 ? 'debit' : 'credit', '金额不能为负数（更正已记账凭证请使用红字冲销）');
    }
    const d = lineDimensions(l);
    if (!opts.system) {
      for (const p of dimensionProblems(set.id, set.fiscal_funding === 1, rules, a.code, d, look)) bad(p.field, p.message);
    }
    out.push({
      summary: (l.summary ?? '').trim() || summary,
      accountCode: a.code,
      debit,
      credit,
      ...d,
      dimKey: dimensionKey(d),
    });
  });
  if (details.length) {
    throw invalid(`凭证有 ${details.length} 处错误：${details.slice(0, 3).map((d) => d.message).join('；')}${details.length > 3 ? ' 等' : ''}`, details);
  }
  const debitTotal = addFen(...out.map((l) => l.debit));
  const creditTotal = addFen(...out.map((l) => l.credit));
  if (debitTotal !== creditTotal) {
    throw new AppError(
      'UNBALANCED',
      `借贷不平衡：借方合计 ${yuan(debitTotal)}，贷方合计 ${yuan(creditTotal)}，相差 ${yuan(debitTotal - creditTotal)}。`,
      [{ path: 'lines', message: `借贷相差 ${yuan(debitTotal - creditTotal)}` }],
    );
  }
  if (debitTotal === 0) throw invalid('凭证金额合计不能为零。');
  return out;
}

async function nextNumber(db: Executor, setId: number, year: number, month: number): Promise<number> {
  const r = await db
    .selectFrom('ledger_voucher')
    .select((eb) => eb.fn.max<number>('number').as('n'))
    .where('set_id', '=', setId)
    .where('year', '=', year)
    .where('month', '=', month)
    .executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

async function writeLines(db: Executor, v: VoucherRecord, lines: CheckedLine[]): Promise<void> {
  await bulkInsert(
    db,
    'ledger_voucher_line',
    lines.map((l, i) => ({
      voucher_id: v.id,
      set_id: v.set_id,
      line_no: i + 1,
      summary: l.summary,
      account_code: l.accountCode,
      account_l1: levelOneCode(l.accountCode),
      debit_fen: l.debit,
      credit_fen: l.credit,
      project_id: l.projectId,
      fund_source: l.fundSource,
      expense_type: l.expenseType,
      econ_code: l.econCode,
      unit_id: l.unitId,
      dim_key: l.dimKey,
      date: v.date,
      year: v.year,
      month: v.month,
      voucher_number: v.number,
      posted: 0,
      closing: v.kind === '结转' ? 1 : 0,
    })),
  );
}

/** Stores attachments (once per content hash) and links them to the voucher, replacing earlier links. */
async function writeAttachments(db: Executor, actor: Actor, now: Date, voucherId: number, attachments: AttachmentInput[]): Promise<void> {
  await db.deleteFrom('ledger_voucher_attachment').where('voucher_id', '=', voucherId).execute();
  let sort = 0;
  const linked = new Set<number>();
  for (const att of attachments) {
    let fileId: number;
    let name: string;
    if ('fileId' in att) {
      const f = await db.selectFrom('stored_file').select(['id', 'name']).where('id', '=', att.fileId).executeTakeFirst();
      if (!f) throw notFound(`附件文件（编号 ${att.fileId}）`);
      fileId = f.id;
      name = f.name;
    } else {
      if (att.content.byteLength === 0) throw invalid(`附件“${att.name}”是空文件。`);
      const sha256 = crypto.createHash('sha256').update(att.content).digest('hex');
      const existing = await db
        .selectFrom('stored_file')
        .select('id')
        .where('sha256', '=', sha256)
        .where('size', '=', att.content.byteLength)
        .executeTakeFirst();
      fileId =
        existing?.id ??
        (
          await db
            .insertInto('stored_file')
            .values({
              sha256,
              name: att.name,
              size: att.content.byteLength,
              mime: att.mime ?? null,
              content: att.content,
              created_at: now.toISOString(),
              created_by: actor.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      name = att.name;
    }
    if (linked.has(fileId)) continue;
    linked.add(fileId);
    await db
      .insertInto('ledger_voucher_attachment')
      .values({ voucher_id: voucherId, file_id: fileId, name, sort: ++sort, added_at: now.toISOString(), added_by: actor.userId })
      .execute();
  }
}

function snapshot(v: VoucherRecord, lines: Array<{ accountCode: string; debit: number; credit: number; dimKey?: string }>) {
  return {
    date: v.date,
    number: v.number,
    summary: v.summary,
    status: v.status,
    debitTotal: v.debit_total_fen,
    creditTotal: v.credit_total_fen,
    lines: lines.map((l) => [l.accountCode, l.debit, l.credit, l.dimKey ?? '']),
  };
}

async function createInternal(trx: Executor, actor: Actor, now: Date, input: CreateVoucherInput, opts: InternalOptions): Promise<VoucherRecord> {
  if (!opts.system) await assertActorRole(trx, actor, LEDGER_ROLES.preparers, '填制凭证');
  if (actor.userId === null) throw forbidden('填制凭证需要以用户身份进行。');
  const set = await loadSet(trx, input.setId);
  if (set.active !== 1) throw conflict(`账套“${set.name}”已停用。`);
  await assertDateOpen(trx, set, input.date, '填制该期间的凭证');
  const summary = input.summary.trim();
  if (!summary) throw invalid('请填写摘要。', [{ path: 'summary', message: '请填写摘要' }]);
  const lines = await checkLines(trx, set, summary, input.lines, opts);
  const { year, month } = yearMonthOf(input.date);
  const number = await nextNumber(trx, set.id, year, month);
  const total = addFen(...lines.map((l) => l.debit));
  const at = now.toISOString();
  const v = await trx
    .insertInto('ledger_voucher')
    .values({
      set_id: set.id,
      year,
      month,
      number,
      date: input.date,
      summary,
      status: '草稿',
      kind: opts.kind,
      attachment_count: input.attachmentCount ?? 0,
      debit_total_fen: total,
      credit_total_fen: total,
      preparer_id: actor.userId,
      prepared_at: at,
      reverses_voucher_id: opts.reversesId ?? null,
      supplements_voucher_id: opts.supplementsId ?? null,
      source_module: input.source?.module ?? null,
      source_type: input.source?.type ?? null,
      source_id: input.source ? String(input.source.id) : null,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeLines(trx, v, lines);
  if (input.attachments?.length) await writeAttachments(trx, actor, now, v.id, input.attachments);
  await writeAudit(trx, now, actor, {
    module: MODULE,
    action: opts.kind === '红字冲销' ? '红字冲销' : opts.kind === '补充' ? '填制补充凭证' : opts.kind === '结转' ? '生成结转凭证' : '填制凭证',
    targetType: '凭证',
    targetId: v.id,
    summary: `账套“${set.name}”${describeVoucher(v)}：${summary}，金额 ${yuan(total)}${input.source ? `（来源：${input.source.module}/${input.source.type} ${input.source.id}）` : ''}`,
    after: snapshot(v, lines),
  });
  return v;
}

/**
 * Creates a voucher as 草稿 after every check (the one entry point for other modules as well as the
 * handlers). Call inside the caller's transaction to make the voucher part of its change.
 */
export async function createVoucher(db: Executor, actor: Actor, now: Date, input: CreateVoucherInput): Promise<VoucherRecord> {
  return withTx(db, (trx) => createInternal(trx, actor, now, input, { kind: '普通' }));
}

/** For the closing module: a system-generated 结转凭证 (posted by the caller). */
export async function createSystemVoucher(db: Executor, actor: Actor, now: Date, input: CreateVoucherInput): Promise<VoucherRecord> {
  return withTx(db, (trx) => createInternal(trx, actor, now, input, { kind: '结转', system: true }));
}

/** Replaces a draft's date (within its month), summary, lines and attachments. Only its preparer may. */
export async function updateDraft(
  db: Executor,
  actor: Actor,
  now: Date,
  id: number,
  input: Omit<CreateVoucherInput, 'setId' | 'source'>,
): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.preparers, '修改凭证');
    const v = await loadVoucher(trx, id);
    assertState(v, ['草稿'], '修改', v.status === '已审核' ? '请先由审核人取消审核' : undefined);
    if (v.preparer_id !== actor.userId) throw forbidden(`只有制单人本人可以修改${describeVoucher(v)}。`);
    if (v.kind === '红字冲销') {
      throw conflict(`${describeVoucher(v)}是按原凭证生成的红字冲销凭证，不能修改；如有误请作废后重新冲销。`);
    }
    const { year, month } = yearMonthOf(input.date);
    if (year !== v.year || month !== v.month) {
      throw invalid(`凭证日期只能在本月（${v.year}年${v.month}月）内修改：凭证号按月编排。如需改到其他月份，请作废或删除后重新填制。`, [
        { path: 'date', message: '只能改为本月内的日期' },
      ]);
    }
    const set = await loadSet(trx, v.set_id);
    await assertDateOpen(trx, set, input.date, '修改该期间的凭证');
    const summary = input.summary.trim();
    const lines = await checkLines(trx, set, summary, input.lines, { kind: v.kind as VoucherKind });
    const before = await trx.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', id).orderBy('line_no').execute();
    const total = addFen(...lines.map((l) => l.debit));
    await trx.deleteFrom('ledger_voucher_line').where('voucher_id', '=', id).execute();
    await trx
      .updateTable('ledger_voucher')
      .set({
        date: input.date,
        summary,
        attachment_count: input.attachmentCount ?? v.attachment_count,
        debit_total_fen: total,
        credit_total_fen: total,
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    const after = await loadVoucher(trx, id);
    await writeLines(trx, after, lines);
    if (input.attachments) await writeAttachments(trx, actor, now, id, input.attachments);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '修改凭证',
      targetType: '凭证',
      targetId: id,
      summary: `修改草稿${describeVoucher(v)}：${summary}，金额 ${yuan(total)}`,
      before: snapshot(v, before.map((l) => ({ accountCode: l.account_code, debit: l.debit_fen, credit: l.credit_fen, dimKey: l.dim_key }))),
      after: snapshot(after, lines),
    });
    return after;
  });
}

export async function reviewVoucher(db: Executor, actor: Actor, now: Date, id: number): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.reviewers, '审核凭证');
    const v = await loadVoucher(trx, id);
    assertState(v, ['草稿'], '审核', v.status === '已审核' ? '凭证已审核' : undefined);
    if (v.preparer_id === actor.userId) {
      throw new AppError('SEPARATION_OF_DUTIES', `审核人不能与制单人为同一人：${describeVoucher(v)}由您填制，请由其他有审核权限的人员审核。`);
    }
    await trx
      .updateTable('ledger_voucher')
      .set({ status: '已审核', reviewer_id: actor.userId, reviewed_at: now.toISOString(), updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '审核凭证',
      targetType: '凭证',
      targetId: id,
      summary: `审核${describeVoucher(v)}：${v.summary}，金额 ${yuan(v.debit_total_fen)}`,
    });
    return loadVoucher(trx, id);
  });
}

/** 取消审核: the reviewer takes back a review before posting; the voucher returns to 草稿. */
export async function unreviewVoucher(db: Executor, actor: Actor, now: Date, id: number): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.reviewers, '取消审核');
    const v = await loadVoucher(trx, id);
    assertState(v, ['已审核'], '取消审核', v.status === '草稿' ? '凭证尚未审核' : undefined);
    if (v.reviewer_id !== actor.userId) throw forbidden(`只有审核人本人可以取消对${describeVoucher(v)}的审核。`);
    await trx
      .updateTable('ledger_voucher')
      .set({ status: '草稿', reviewer_id: null, reviewed_at: null, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '取消审核',
      targetType: '凭证',
      targetId: id,
      summary: `取消审核${describeVoucher(v)}，凭证退回草稿`,
    });
    return loadVoucher(trx, id);
  });
}

async function mayDiscard(trx: Executor, actor: Actor, v: VoucherRecord, action: string): Promise<void> {
  if (v.preparer_id === actor.userId) return;
  const roles = await trx.selectFrom('user_role').select('role_code').where('user_id', '=', actor.userId ?? -1).execute();
  if (!roles.some((r) => r.role_code === '会计')) throw forbidden(`只有制单人本人或会计可以${action}${describeVoucher(v)}。`);
}

/** When a red-reversal draft goes away, the original is no longer reversed. */
async function unlinkReversal(trx: Executor, v: VoucherRecord): Promise<void> {
  if (v.reverses_voucher_id) {
    await trx
      .updateTable('ledger_voucher')
      .set({ reversed_by_voucher_id: null })
      .where('id', '=', v.reverses_voucher_id)
      .where('reversed_by_voucher_id', '=', v.id)
      .execute();
  }
}

/** 作废: a draft keeps its number and lines but never posts. */
export async function voidVoucher(db: Executor, actor: Actor, now: Date, id: number, reason: string): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.preparers, '作废凭证');
    const v = await loadVoucher(trx, id);
    assertState(v, ['草稿'], '作废', v.status === '已审核' ? '请先由审核人取消审核' : undefined);
    await mayDiscard(trx, actor, v, '作废');
    await voucherSourceHooks(v.source_module)?.discard?.(trx, actor, now, v);
    await trx
      .updateTable('ledger_voucher')
      .set({ status: '已作废', voided_by: actor.userId, voided_at: now.toISOString(), void_reason: reason, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await unlinkReversal(trx, v);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '作废凭证',
      targetType: '凭证',
      targetId: id,
      summary: `作废${describeVoucher(v)}（凭证号保留），原因：${reason}`,
      after: { reason },
    });
    return loadVoucher(trx, id);
  });
}

/** Deletes a draft — only the last number of its month, so numbering stays without gaps. */
export async function deleteVoucher(db: Executor, actor: Actor, now: Date, id: number): Promise<void> {
  await withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.preparers, '删除凭证');
    const v = await loadVoucher(trx, id);
    assertState(v, ['草稿'], '删除', v.status === '已审核' ? '请先由审核人取消审核' : undefined);
    await mayDiscard(trx, actor, v, '删除');
    await voucherSourceHooks(v.source_module)?.discard?.(trx, actor, now, v);
    const last = await nextNumber(trx, v.set_id, v.year, v.month);
    if (v.number !== last - 1) {
      throw new AppError(
        'NOT_LAST_NUMBER',
        `${describeVoucher(v)}不是本月最后一号凭证（本月已编到 ${voucherLabel(last - 1)}），删除会使凭证号断号；请改为作废，凭证号将保留。`,
      );
    }
    const lines = await trx.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', id).orderBy('line_no').execute();
    await unlinkReversal(trx, v);
    await trx.deleteFrom('ledger_voucher_attachment').where('voucher_id', '=', id).execute();
    await trx.deleteFrom('ledger_voucher_line').where('voucher_id', '=', id).execute();
    await trx.deleteFrom('ledger_voucher').where('id', '=', id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '删除凭证',
      targetType: '凭证',
      targetId: id,
      summary: `删除草稿${describeVoucher(v)}：${v.summary}（本月最后一号）`,
      before: snapshot(v, lines.map((l) => ({ accountCode: l.account_code, debit: l.debit_fen, credit: l.credit_fen, dimKey: l.dim_key }))),
    });
  });
}

/**
 * 红字冲销: a new draft voucher repeating the original's lines with negative amounts, dated in an open
 * period (today by default), linked both ways. It is reviewed and posted like any voucher.
 */
export async function reverseVoucher(
  db: Executor,
  actor: Actor,
  now: Date,
  id: number,
  input: { date?: string | null; reason: string },
): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.reversers, '红字冲销');
    const orig = await loadVoucher(trx, id);
    if (orig.status !== '已记账') throw conflict(`${describeVoucher(orig)}尚未记账，不需要冲销：草稿可直接修改、作废或删除。`);
    if (orig.kind === '结转') throw conflict(`${describeVoucher(orig)}是年末结转凭证，不能冲销。`);
    if (orig.kind === '红字冲销') throw conflict(`${describeVoucher(orig)}本身是红字冲销凭证，不能再冲销；如需更正请填制新凭证。`);
    await voucherSourceHooks(orig.source_module)?.reverse?.(trx, orig);
    if (orig.reversed_by_voucher_id) {
      const by = await loadVoucher(trx, orig.reversed_by_voucher_id);
      throw conflict(`${describeVoucher(orig)}已被${describeVoucher(by)}冲销（${by.status}）。`);
    }
    const lines = await trx.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', id).orderBy('line_no').execute();
    const date = input.date ?? localDate(now);
    const rev = await createInternal(
      trx,
      actor,
      now,
      {
        setId: orig.set_id,
        date,
        summary: `冲销${describeVoucher(orig)}：${input.reason}`,
        lines: lines.map((l) => ({
          summary: `冲销：${l.summary}`,
          accountCode: l.account_code,
          debit: -l.debit_fen,
          credit: -l.credit_fen,
          ...rowDimensions(l),
        })),
        attachmentCount: 0,
        source: { module: 'ledger', type: '红字冲销', id: orig.id },
      },
      { kind: '红字冲销', reversesId: orig.id, negative: true },
    );
    await trx.updateTable('ledger_voucher').set({ reversed_by_voucher_id: rev.id }).where('id', '=', orig.id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '红字冲销',
      targetType: '凭证',
      targetId: orig.id,
      summary: `${describeVoucher(orig)}由${describeVoucher(rev)}红字冲销，原因：${input.reason}`,
      after: { reversedByVoucherId: rev.id },
    });
    return loadVoucher(trx, rev.id);
  });
}

/** 补充凭证: an additional (blue) voucher correcting a posted one, linked to it. */
export async function supplementVoucher(
  db: Executor,
  actor: Actor,
  now: Date,
  id: number,
  input: Omit<CreateVoucherInput, 'setId'>,
): Promise<VoucherRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.reversers, '填制补充凭证');
    const orig = await loadVoucher(trx, id);
    if (orig.status !== '已记账') throw conflict(`${describeVoucher(orig)}尚未记账，可直接修改，无需补充凭证。`);
    return createInternal(
      trx,
      actor,
      now,
      { ...input, setId: orig.set_id, source: input.source ?? { module: 'ledger', type: '补充凭证', id: orig.id } },
      { kind: '补充', supplementsId: orig.id },
    );
  });
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────────────

function ref(v: { id: number; number: number; status: string } | undefined): VoucherRef | null {
  return v ? { id: v.id, label: voucherLabel(v.number), status: v.status as VoucherStatus } : null;
}

function listRow(v: VoucherRecord, names: Map<number, string>): VoucherListRow {
  const user = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? `用户${id}` });
  return {
    id: v.id,
    setId: v.set_id,
    year: v.year,
    month: v.month,
    number: v.number,
    label: voucherLabel(v.number),
    date: v.date,
    summary: v.summary,
    status: v.status as VoucherStatus,
    kind: v.kind as VoucherKind,
    debitTotal: v.debit_total_fen,
    creditTotal: v.credit_total_fen,
    attachmentCount: v.attachment_count,
    preparer: user(v.preparer_id)!,
    reviewer: user(v.reviewer_id),
    poster: user(v.poster_id),
    sourceModule: v.source_module,
    reversesVoucherId: v.reverses_voucher_id,
    reversedByVoucherId: v.reversed_by_voucher_id,
    supplementsVoucherId: v.supplements_voucher_id,
  };
}

export async function voucherDetail(db: Executor, id: number): Promise<VoucherDetail> {
  const v = await loadVoucher(db, id);
  const set = await loadSet(db, v.set_id);
  const accounts = await accountMap(db, v.set_id);
  const lines = await db.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', id).orderBy('line_no').execute();
  const look = await dimensionLookup(db, {
    projectIds: lines.map((l) => l.project_id),
    econCodes: lines.map((l) => l.econ_code),
    unitIds: lines.map((l) => l.unit_id),
  });
  const names = await userNames(db, [v.preparer_id, v.reviewer_id, v.poster_id, v.voided_by]);
  const linkedIds = [v.reverses_voucher_id, v.reversed_by_voucher_id, v.supplements_voucher_id].filter((x): x is number => x !== null);
  const linked = linkedIds.length
    ? await db.selectFrom('ledger_voucher').select(['id', 'number', 'status']).where('id', 'in', linkedIds).execute()
    : [];
  const byId = (x: number | null) => (x === null ? undefined : linked.find((l) => l.id === x));
  const supplements = await db
    .selectFrom('ledger_voucher')
    .select(['id', 'number', 'status'])
    .where('supplements_voucher_id', '=', id)
    .orderBy('id')
    .execute();
  const attachments = await db
    .selectFrom('ledger_voucher_attachment as a')
    .innerJoin('stored_file as f', 'f.id', 'a.file_id')
    .select(['a.file_id', 'a.name', 'f.size', 'f.sha256', 'f.mime'])
    .where('a.voucher_id', '=', id)
    .orderBy('a.sort')
    .execute();
  return {
    ...listRow(v, names),
    setName: set.name,
    totalUpper: fenToChineseUpper(v.debit_total_fen),
    preparedAt: v.prepared_at,
    reviewedAt: v.reviewed_at,
    postedAt: v.posted_at,
    voidedBy: v.voided_by === null ? null : { id: v.voided_by, name: names.get(v.voided_by) ?? '' },
    voidedAt: v.voided_at,
    voidReason: v.void_reason,
    sourceType: v.source_type,
    sourceId: v.source_id,
    reverses: ref(byId(v.reverses_voucher_id)),
    reversedBy: ref(byId(v.reversed_by_voucher_id)),
    supplementsVoucher: ref(byId(v.supplements_voucher_id)),
    supplements: supplements.map((s) => ref(s)!),
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      summary: l.summary,
      accountCode: l.account_code,
      accountName: accounts.get(l.account_code)?.name ?? l.account_code,
      accountFullName: fullName(accounts, l.account_code),
      debit: l.debit_fen,
      credit: l.credit_fen,
      ...dimensionsView(rowDimensions(l), look),
    })),
    attachments: attachments.map((a) => ({ fileId: a.file_id, name: a.name, size: a.size, sha256: a.sha256, mime: a.mime })),
  };
}

export interface VoucherFilter {
  setId: number;
  year?: number | null;
  month?: number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  status?: VoucherStatus | null;
  kind?: VoucherKind | null;
  numberFrom?: number | null;
  numberTo?: number | null;
  accountCode?: string | null;
  keyword?: string | null;
  sourceModule?: string | null;
  page: number;
  pageSize: number;
}

export async function listVouchers(db: Executor, f: VoucherFilter): Promise<Page<VoucherListRow>> {
  await loadSet(db, f.setId);
  let q = db.selectFrom('ledger_voucher as v').where('v.set_id', '=', f.setId);
  if (f.year) q = q.where('v.year', '=', f.year);
  if (f.month) q = q.where('v.month', '=', f.month);
  if (f.dateFrom) q = q.where('v.date', '>=', f.dateFrom);
  if (f.dateTo) q = q.where('v.date', '<=', f.dateTo);
  if (f.status) q = q.where('v.status', '=', f.status);
  if (f.kind) q = q.where('v.kind', '=', f.kind);
  if (f.numberFrom) q = q.where('v.number', '>=', f.numberFrom);
  if (f.numberTo) q = q.where('v.number', '<=', f.numberTo);
  if (f.sourceModule) q = q.where('v.source_module', '=', f.sourceModule);
  if (f.accountCode) {
    const code = f.accountCode;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ledger_voucher_line as l')
          .select(sql`1`.as('one'))
          .whereRef('l.voucher_id', '=', 'v.id')
          .where('l.account_code', '>=', code)
          .where('l.account_code', '<', `${code}:`),
      ),
    );
  }
  if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(({ or, exists, selectFrom }) =>
      or([
        sql<boolean>`v.summary like ${like} escape '\\'`,
        exists(
          selectFrom('ledger_voucher_line as l')
            .select(sql`1`.as('one'))
            .whereRef('l.voucher_id', '=', 'v.id')
            .where(sql<boolean>`l.summary like ${like} escape '\\'`),
        ),
      ]),
    );
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q
    .selectAll('v')
    .orderBy('v.year')
    .orderBy('v.month')
    .orderBy('v.number')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const names = await userNames(db, rows.flatMap((r) => [r.preparer_id, r.reviewer_id, r.poster_id]));
  return { rows: rows.map((r) => listRow(r, names)), total, page: f.page, pageSize: f.pageSize };
}
