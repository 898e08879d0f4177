// The seven-step chain (domain.md §9.1, §7.3): 经办人办理 → 分管领导审批 → 财务和办公室审核 →
// 分管财务副主席审批 → 出纳付款 → 会计记账 → 常务副主席核查. Every action is authorised here (the
// actor's roles read from user_role, not only the endpoint's access), checked for separation of duties
// within the request (no person on two steps; the cashier neither applicant nor accountant), re-runs the
// controls when advancing, and is recorded on the append-only timeline and in the audit log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Selectable } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import type { FileAreas } from '../../files';
import { getSetting, SETTING } from '../../settings';
import type { ExpenseRequestTable } from './tables';
import {
  EXPENSE_STEPS, KIND_ECON_CODE, KIND_SANGONG, ON_BEHALF_ROLES, ON_BEHALF_STEPS, PAY_ACCOUNTS, STEP_COUNT, STEP_PAY, STEP_POST,
  STEP_ROLES, STEP_VERIFY, requestNumber, type ExpenseAction, type ExpenseKind, type PayMethod,
} from '../../../../shared/expense/constants';
import { formatFen } from '../../../../shared/money';
import { invoiceKey, validateInvoice } from '../../../../shared/validate/invoice';
import { checkRequest, missingAsErrors, type RequestData } from './checks';
import { rulesInForce } from './rules';
import { lineFigure } from './budget';
import { createVoucher } from '../ledger/vouchers';
import { createProject } from '../ledger/dims';
import { describeVoucher } from '../ledger/common';
import { beijingDate } from '../../../../shared/dates';

export const MODULE = '支出审批';
export type RequestRecord = Selectable<ExpenseRequestTable>;
const yuan = (fen: number) => `${formatFen(fen)} 元`;

export function localDate(now: Date): string {
  return beijingDate(now);
}

export async function loadRequest(db: Executor, id: number): Promise<RequestRecord> {
  const r = await db.selectFrom('expense_request').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(`支出申请（编号 ${id}）`);
  return r;
}

async function rolesOf(db: Executor, userId: number | null): Promise<string[]> {
  if (userId === null) return [];
  return (await db.selectFrom('user_role').select('role_code').where('user_id', '=', userId).execute()).map((r) => r.role_code);
}

async function userName(db: Executor, userId: number | null): Promise<string> {
  if (userId === null) return '';
  return (await db.selectFrom('app_user').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? '';
}

/** The role the actor acts in at a step: the first of the step's roles they hold, else a FORBIDDEN error. */
async function roleAt(db: Executor, actor: Actor, step: number, what: string): Promise<string> {
  if (actor.userId === null) throw forbidden(`${what}需要以用户身份进行。`);
  const held = await rolesOf(db, actor.userId);
  const role = STEP_ROLES[step].find((r) => held.includes(r));
  if (!role) throw forbidden(`${actor.username} 没有“${EXPENSE_STEPS[step - 1]}”环节的权限（需要角色：${STEP_ROLES[step].join('、')}），不能${what}。`);
  return role;
}

// ── stored data ↔ input shape ─────────────────────────────────────────────────────────────────────

export async function requestData(db: Executor, r: RequestRecord): Promise<RequestData> {
  const lines = await db.selectFrom('expense_line').selectAll().where('request_id', '=', r.id).orderBy('line_no').execute();
  const invoices = await db.selectFrom('expense_invoice').selectAll().where('request_id', '=', r.id).orderBy('line_no').execute();
  const atts = await db.selectFrom('expense_attachment').selectAll().where('request_id', '=', r.id).orderBy('id').execute();
  return {
    unitId: r.unit_id,
    applyDate: r.apply_date,
    kind: r.kind as ExpenseKind,
    purpose: r.purpose,
    payeeName: r.payee_name,
    payeeBank: r.payee_bank,
    payeeAccount: r.payee_account,
    payMethod: r.pay_method as PayMethod,
    cashReason: r.cash_reason,
    amountFen: r.amount_fen,
    sangong: (r.sangong as RequestData['sangong']) ?? null,
    extra: JSON.parse(r.extra_json),
    lines: lines.map((l) => ({ unitId: l.unit_id, subjectCode: l.subject_code, fundSource: l.fund_source, projectCode: l.project_code, amountFen: l.amount_fen })),
    invoices: invoices.map((i) => ({
      code: i.invoice_code,
      number: i.invoice_number,
      date: i.invoice_date,
      sellerName: i.seller_name,
      sellerCreditCode: i.seller_credit_code,
      item: i.item,
      amountFen: i.amount_fen,
      taxFen: i.tax_fen,
      verifyResult: i.verify_result,
    })),
    attachments: atts.map((a) => ({ itemKey: a.item_key, fileId: a.file_id })),
  };
}

/** Runs every control on the stored request; throws one error listing the blocking ones. */
async function assertControls(db: Executor, r: RequestRecord, withChecklist: boolean, what: string): Promise<string[]> {
  const rules = await rulesInForce(db, r.apply_date);
  const res = await checkRequest(db, await requestData(db, r), r.id, rules);
  const errors = [...res.errors, ...(withChecklist ? missingAsErrors(res.missing) : [])];
  if (errors.length) {
    throw new AppError('CONTROL', `${r.number} 不能${what}：${errors.map((e) => e.message).join('；')}`, errors.map((e) => ({ path: e.path ?? '', message: e.message })));
  }
  return res.warnings.map((w) => w.message);
}

// ── files ─────────────────────────────────────────────────────────────────────────────────────────

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.ofd': 'application/ofd',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Stores an upload once per content hash (SHA-256 + size) and returns the stored file. */
export async function storeUpload(db: Executor, files: FileAreas, uploadId: string, userId: number | null, now: Date) {
  const up = files.uploadPath(uploadId);
  const bytes = fs.readFileSync(up.path);
  if (bytes.byteLength === 0) throw invalid(`附件“${up.name}”是空文件。`);
  if (bytes.byteLength > 50 * 1024 * 1024) throw invalid(`附件“${up.name}”超过 50 MB，请压缩后再上传。`);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const existing = await db.selectFrom('stored_file').select(['id', 'sha256']).where('sha256', '=', sha256).where('size', '=', bytes.byteLength).executeTakeFirst();
  if (existing) return { id: existing.id, name: up.name, sha256 };
  const row = await db
    .insertInto('stored_file')
    .values({ sha256, name: up.name, size: bytes.byteLength, mime: MIME[path.extname(up.name).toLowerCase()] ?? null, content: bytes, created_at: now.toISOString(), created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name: up.name, sha256 };
}

// ── save (create / edit) ──────────────────────────────────────────────────────────────────────────

function editable(r: RequestRecord): boolean {
  return r.status === '草稿' || r.status === '已撤回' || (r.status === '审批中' && r.step === 1);
}

export async function saveRequest(
  db: Executor,
  files: FileAreas,
  actor: Actor,
  now: Date,
  id: number | null | undefined,
  input: RequestData & { attachments: Array<{ itemKey: string; fileId: number } | { itemKey: string; uploadId: string }> },
): Promise<number> {
  return withTx(db, async (trx) => {
    const held = await rolesOf(trx, actor.userId);
    if (!held.includes('经办人')) throw forbidden(`${actor.username} 没有“经办人”角色，不能办理支出申请。`);
    const year = Number(input.applyDate.slice(0, 4));
    let before: RequestRecord | null = null;
    if (id) {
      before = await loadRequest(trx, id);
      if (before.applicant_id !== actor.userId) throw forbidden(`只有经办人 ${before.applicant_name} 本人可以修改 ${before.number}。`);
      if (before.paid_fen > 0) throw new AppError('PAID', `${before.number} 已付款，不能修改。`);
      if (!editable(before)) throw conflict(`${before.number} 状态为“${before.status}”（${EXPENSE_STEPS[before.step - 1] ?? '已办结'}），不能修改；只有草稿、已撤回或退回给经办人的申请可以修改。`);
      if (before.year !== year) throw invalid(`${before.number} 属于 ${before.year} 年度，申请日期不能改到其他年度。`);
    }
    // Attachments: uploads stored by content hash; stored files referenced by id.
    const atts: Array<{ itemKey: string; fileId: number; name: string; sha256: string }> = [];
    for (const a of input.attachments) {
      if ('uploadId' in a) {
        const f = await storeUpload(trx, files, a.uploadId, actor.userId, now);
        atts.push({ itemKey: a.itemKey, fileId: f.id, name: f.name, sha256: f.sha256 });
      } else {
        // Only files already attached to this request may be kept by id (no reaching into other modules' files).
        const prev = id ? await trx.selectFrom('expense_attachment').select(['name', 'sha256']).where('request_id', '=', id).where('file_id', '=', a.fileId).executeTakeFirst() : undefined;
        if (!prev) throw notFound(`本申请的附件文件（编号 ${a.fileId}）`);
        atts.push({ itemKey: a.itemKey, fileId: a.fileId, name: prev.name, sha256: prev.sha256 });
      }
    }
    const data: RequestData = { ...input, attachments: atts.map((a) => ({ itemKey: a.itemKey, fileId: a.fileId })) };
    const rules = await rulesInForce(trx, input.applyDate);
    const res = await checkRequest(trx, data, id ?? null, rules);
    if (res.errors.length) {
      throw new AppError('CONTROL', `不能保存：${res.errors.map((e) => e.message).join('；')}`, res.errors.map((e) => ({ path: e.path ?? '', message: e.message })));
    }
    const at = now.toISOString();
    const sangong = input.sangong ?? KIND_SANGONG[input.kind as ExpenseKind] ?? null;
    const applicant = await userName(trx, actor.userId);
    const values = {
      unit_id: input.unitId,
      apply_date: input.applyDate,
      kind: input.kind,
      purpose: input.purpose,
      payee_name: input.payeeName,
      payee_bank: input.payeeBank ?? null,
      payee_account: input.payeeAccount ?? null,
      pay_method: input.payMethod,
      cash_reason: input.cashReason ?? null,
      amount_fen: input.amountFen,
      sangong,
      extra_json: JSON.stringify(input.extra ?? {}),
      warnings_json: res.warnings.length ? JSON.stringify(res.warnings) : null,
      updated_at: at,
    };
    let reqId: number;
    let number: string;
    if (before) {
      await trx.updateTable('expense_request').set(values).where('id', '=', before.id).execute();
      await trx.deleteFrom('expense_line').where('request_id', '=', before.id).execute();
      await trx.deleteFrom('expense_invoice').where('request_id', '=', before.id).execute();
      await trx.deleteFrom('expense_attachment').where('request_id', '=', before.id).execute();
      reqId = before.id;
      number = before.number;
    } else {
      const seq = Number((await trx.selectFrom('expense_request').select((eb) => eb.fn.max<number>('seq').as('m')).where('year', '=', year).executeTakeFirst())?.m ?? 0) + 1;
      number = requestNumber(year, seq);
      const row = await trx
        .insertInto('expense_request')
        .values({ ...values, number, year, seq, applicant_id: actor.userId!, applicant_name: applicant, status: '草稿', step: 1, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      reqId = row.id;
    }
    const state = before && before.status === '审批中' ? '占用' : '草稿';
    for (const [i, l] of input.lines.entries()) {
      const f = res.figures.find((x) => x.unitId === l.unitId && x.subjectCode === l.subjectCode && x.fundSource === l.fundSource && x.projectCode === (l.projectCode ?? ''));
      await trx
        .insertInto('expense_line')
        .values({
          request_id: reqId, line_no: i + 1, year, unit_id: l.unitId, subject_code: l.subjectCode, expense_type: f?.expenseType ?? (l.projectCode ? '项目支出' : '基本支出'),
          fund_source: l.fundSource, project_code: l.projectCode ?? '', project_name: f?.projectName ?? null, budget_project_id: f?.budgetProjectId ?? null,
          amount_fen: l.amountFen, state,
        })
        .execute();
    }
    for (const [i, inv] of input.invoices.entries()) {
      const v = validateInvoice({ code: inv.code ?? null, number: inv.number, date: inv.date });
      await trx
        .insertInto('expense_invoice')
        .values({
          request_id: reqId, line_no: i + 1, inv_key: invoiceKey({ code: inv.code ?? null, number: inv.number }), invoice_code: inv.code || null,
          invoice_number: inv.number, kind: v.ok ? v.kind : null, invoice_date: inv.date, seller_name: inv.sellerName,
          seller_credit_code: inv.sellerCreditCode || null, item: inv.item ?? null, amount_fen: inv.amountFen, tax_fen: inv.taxFen, verify_result: inv.verifyResult ?? null,
        })
        .execute();
    }
    for (const a of atts) {
      await trx.insertInto('expense_attachment').values({ request_id: reqId, item_key: a.itemKey, file_id: a.fileId, name: a.name, sha256: a.sha256, added_at: at, added_by: actor.userId }).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: before ? '修改支出申请' : '新建支出申请',
      targetType: '支出申请',
      targetId: reqId,
      summary: `${before ? '修改' : '新建'}支出申请 ${number}：${input.kind}，${input.purpose}，金额 ${yuan(input.amountFen)}，${input.payMethod}，发票 ${input.invoices.length} 张，附件 ${atts.length} 个`,
      before: before ? { amount: before.amount_fen, kind: before.kind, purpose: before.purpose } : undefined,
      after: { amount: input.amountFen, kind: input.kind, purpose: input.purpose, lines: input.lines, invoices: input.invoices.map((i) => invoiceKey(i)) },
    });
    return reqId;
  });
}

// ── the timeline ──────────────────────────────────────────────────────────────────────────────────

interface StepRecord {
  step: number;
  action: ExpenseAction;
  toStep: number;
  role: string;
  opinion: string | null;
  onBehalf?: { signerName: string; signedOn: string; scanFileId: number } | null;
}

async function record(trx: Executor, actor: Actor, now: Date, r: RequestRecord, s: StepRecord): Promise<void> {
  await trx
    .insertInto('expense_step')
    .values({
      request_id: r.id,
      step: s.step,
      action: s.action,
      to_step: s.toStep,
      user_id: actor.userId,
      username: actor.username,
      display_name: await userName(trx, actor.userId),
      role: s.role,
      on_behalf: s.onBehalf ? 1 : 0,
      signer_name: s.onBehalf?.signerName ?? null,
      signed_on: s.onBehalf?.signedOn ?? null,
      scan_file_id: s.onBehalf?.scanFileId ?? null,
      opinion: s.opinion ?? null,
      at: now.toISOString(),
    })
    .execute();
}

/**
 * Separation of duties within one request: the person acting (the signer, for a paper form) must not
 * have acted on any other step of it. Identities are user ids, and names for paper signers.
 */
async function assertSeparation(trx: Executor, r: RequestRecord, step: number, who: { userId: number | null; name: string }): Promise<void> {
  const rows = await trx.selectFrom('expense_step').select(['step', 'action', 'user_id', 'display_name', 'on_behalf', 'signer_name']).where('request_id', '=', r.id).execute();
  for (const x of rows) {
    if (x.step === step || x.action === '撤回') continue;
    const same = x.on_behalf ? x.signer_name === who.name : (who.userId !== null && x.user_id === who.userId) || x.display_name === who.name;
    if (same) {
      const extra = step === STEP_PAY && x.step === 1 ? '（出纳不能是经办人）' : step === STEP_POST && x.step === STEP_PAY ? '（会计不能是出纳）' : '';
      throw new AppError('SEPARATION_OF_DUTIES', `不相容职务分离：${who.name} 已在本申请的“${EXPENSE_STEPS[x.step - 1]}”环节${x.action}，不能再办理“${EXPENSE_STEPS[step - 1]}”${extra}。`);
    }
  }
  if (step !== 1 && who.userId === r.applicant_id) {
    throw new AppError('SEPARATION_OF_DUTIES', `不相容职务分离：${who.name} 是本申请的经办人，不能办理“${EXPENSE_STEPS[step - 1]}”。`);
  }
}

/** The step after `step`, skipping payment and posting when they are already done (after a return). */
async function nextStep(trx: Executor, r: RequestRecord, step: number): Promise<number> {
  let s = step + 1;
  for (;;) {
    if (s === STEP_PAY && r.paid_fen > 0) s++;
    else if (s === STEP_POST && (await voucherValid(trx, r.voucher_id))) s++;
    else break;
  }
  return s;
}

async function voucherValid(trx: Executor, voucherId: number | null): Promise<boolean> {
  if (!voucherId) return false;
  const v = await trx.selectFrom('ledger_voucher').select(['status', 'reversed_by_voucher_id']).where('id', '=', voucherId).executeTakeFirst();
  return !!v && v.status !== '已作废' && v.reversed_by_voucher_id === null;
}

function assertAt(r: RequestRecord, step: number, what: string): void {
  if (r.status === '已驳回') throw conflict(`${r.number} 已被驳回，不能再${what}。`);
  if (r.status === '已撤回') throw conflict(`${r.number} 已撤回，不能再${what}；请经办人修改后重新提交。`);
  if (r.status === '已办结') throw conflict(`${r.number} 已办结，不能再${what}。`);
  if (r.status === '草稿' && step !== 1) throw conflict(`${r.number} 尚未提交，不能${what}。`);
  if (r.step !== step) {
    throw conflict(`${r.number} 当前在“${EXPENSE_STEPS[r.step - 1]}”环节，不能在“${EXPENSE_STEPS[step - 1]}”环节${what}（可能已有人处理，请刷新）。`);
  }
}

async function setLines(trx: Executor, requestId: number, state: string): Promise<void> {
  await trx.updateTable('expense_line').set({ state }).where('request_id', '=', requestId).execute();
}

async function touch(trx: Executor, id: number, now: Date, set: Partial<Omit<RequestRecord, 'id'>>): Promise<void> {
  await trx.updateTable('expense_request').set({ ...set, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

// ── 经办人办理 / 撤回 ───────────────────────────────────────────────────────────────────────────────

export async function submitRequest(db: Executor, actor: Actor, now: Date, id: number, opinion: string | null | undefined): Promise<void> {
  await withTx(db, async (trx) => {
    const r = await loadRequest(trx, id);
    if (!(r.status === '草稿' || r.status === '已撤回' || (r.status === '审批中' && r.step === 1))) assertAt(r, 1, '提交');
    const role = await roleAt(trx, actor, 1, '提交');
    if (r.applicant_id !== actor.userId) throw forbidden(`只有经办人 ${r.applicant_name} 本人可以提交 ${r.number}。`);
    const warnings = await assertControls(trx, r, true, '提交');
    const to = await nextStep(trx, r, 1);
    await setLines(trx, r.id, r.paid_fen > 0 ? '已付' : '占用');
    await touch(trx, r.id, now, { status: '审批中', step: to, warnings_json: warnings.length ? JSON.stringify(warnings) : null });
    await record(trx, actor, now, r, { step: 1, action: '提交', toStep: to, role, opinion: opinion ?? null });
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '提交支出申请', targetType: '支出申请', targetId: r.id,
      summary: `${r.number} 提交审批（${yuan(r.amount_fen)}，占用预算），转“${EXPENSE_STEPS[to - 1]}”${warnings.length ? `；警告：${warnings.join('；')}` : ''}`,
    });
  });
}

export async function withdrawRequest(db: Executor, actor: Actor, now: Date, id: number, reason: string): Promise<void> {
  await withTx(db, async (trx) => {
    const r = await loadRequest(trx, id);
    if (r.applicant_id !== actor.userId) throw forbidden(`只有经办人 ${r.applicant_name} 本人可以撤回 ${r.number}。`);
    if (r.status !== '审批中') throw conflict(`${r.number} 状态为“${r.status}”，不能撤回。`);
    const approved = await trx.selectFrom('expense_step').select('id').where('request_id', '=', r.id).where('step', '>=', 2).where('action', 'in', ['通过', '付款', '记账', '核查通过']).executeTakeFirst();
    if (approved || r.paid_fen > 0) throw conflict(`${r.number} 已有审批通过，不能撤回；如需终止请由当前环节审批人驳回。`);
    const role = await roleAt(trx, actor, 1, '撤回');
    await setLines(trx, r.id, '释放');
    await touch(trx, r.id, now, { status: '已撤回', step: 1 });
    await record(trx, actor, now, r, { step: r.step, action: '撤回', toStep: 1, role, opinion: reason });
    await writeAudit(trx, now, actor, { module: MODULE, action: '撤回支出申请', targetType: '支出申请', targetId: r.id, summary: `${r.number} 撤回，释放占用预算 ${yuan(r.amount_fen)}；原因：${reason}` });
  });
}

// ── approvals (steps 2–4), returns and rejections at any step ─────────────────────────────────────

export interface ActInput {
  id: number;
  step: number;
  action: '通过' | '退回' | '驳回' | '核查通过' | '核查问题';
  returnTo?: number | null;
  opinion?: string | null;
  onBehalf?: { signerName: string; signedOn: string; scanUploadId: string } | null;
}

export async function actOnRequest(db: Executor, files: FileAreas, actor: Actor, now: Date, input: ActInput): Promise<void> {
  await withTx(db, async (trx) => {
    const r = await loadRequest(trx, input.id);
    const step = input.step;
    const verb = input.action;
    assertAt(r, step, verb);
    if ((verb === '核查通过' || verb === '核查问题') !== (step === STEP_VERIFY)) {
      throw invalid(step === STEP_VERIFY ? '常务副主席核查环节只能“核查通过”或提出“核查问题”。' : `“${verb}”只用于常务副主席核查环节。`);
    }
    if (verb === '通过' && (step === STEP_PAY || step === STEP_POST)) throw invalid(`“${EXPENSE_STEPS[step - 1]}”环节请登记${step === STEP_PAY ? '付款' : '记账凭证'}。`);
    // Who acts: the user in the step's role, or a clerk recording a signed paper form.
    let role: string;
    let who: { userId: number | null; name: string };
    let onBehalf: StepRecord['onBehalf'] = null;
    if (input.onBehalf) {
      if (!ON_BEHALF_STEPS.includes(step)) throw invalid(`“${EXPENSE_STEPS[step - 1]}”环节不能代录纸质签批，须由本人办理。`);
      const held = await rolesOf(trx, actor.userId);
      const clerkRole = ON_BEHALF_ROLES.find((x) => held.includes(x));
      if (!clerkRole) throw forbidden(`${actor.username} 不能代录纸质签批（需要角色：${ON_BEHALF_ROLES.join('、')}）。`);
      if (input.onBehalf.signedOn > localDate(now)) throw invalid('签署日期不能晚于今天。');
      const scan = await storeUpload(trx, files, input.onBehalf.scanUploadId, actor.userId, now);
      role = `${clerkRole}（代录）`;
      who = { userId: null, name: input.onBehalf.signerName };
      onBehalf = { signerName: input.onBehalf.signerName, signedOn: input.onBehalf.signedOn, scanFileId: scan.id };
    } else {
      role = await roleAt(trx, actor, step, verb);
      who = { userId: actor.userId, name: await userName(trx, actor.userId) };
    }
    await assertSeparation(trx, r, step, who);
    const opinion = input.opinion?.trim() || null;
    let to: number;
    let summary: string;
    if (verb === '通过' || verb === '核查通过') {
      if (verb === '核查通过') {
        const v = r.voucher_id ? await trx.selectFrom('ledger_voucher').selectAll().where('id', '=', r.voucher_id).executeTakeFirst() : undefined;
        if (!v || v.status !== '已记账') throw conflict(`${r.number} 的记账凭证${v ? `${describeVoucher(v)}状态为“${v.status}”` : '尚未生成'}，须审核记账后才能核查办结。`);
        if (r.paid_fen !== r.amount_fen) throw conflict(`${r.number} 付款金额与申请金额不一致，不能核查办结。`);
      } else {
        await assertControls(trx, r, true, `在“${EXPENSE_STEPS[step - 1]}”环节通过`);
      }
      to = verb === '核查通过' ? STEP_COUNT + 1 : await nextStep(trx, r, step);
      await touch(trx, r.id, now, verb === '核查通过' ? { step: to, status: '已办结', closed_at: now.toISOString() } : { step: to });
      summary = verb === '核查通过' ? `${r.number} 常务副主席核查通过，办结` : `${r.number} “${EXPENSE_STEPS[step - 1]}”通过，转“${EXPENSE_STEPS[to - 1]}”`;
    } else if (verb === '退回' || verb === '核查问题') {
      const back = input.returnTo;
      if (!back || back >= step) throw invalid('请选择退回到之前的哪个环节。', [{ path: 'returnTo', message: '请选择之前的环节' }]);
      if (!opinion) throw invalid(`${verb === '核查问题' ? '提出问题' : '退回'}须写明原因。`, [{ path: 'opinion', message: '请填写原因' }]);
      to = back;
      await touch(trx, r.id, now, { step: to });
      summary = `${r.number} 在“${EXPENSE_STEPS[step - 1]}”${verb === '核查问题' ? '核查发现问题' : '退回'}到“${EXPENSE_STEPS[to - 1]}”：${opinion}`;
    } else {
      if (!opinion) throw invalid('驳回须写明原因。', [{ path: 'opinion', message: '请填写驳回原因' }]);
      if (r.paid_fen > 0) throw conflict(`${r.number} 已付款，不能驳回；请退回到出错的环节更正。`);
      to = step;
      await setLines(trx, r.id, '释放');
      await touch(trx, r.id, now, { status: '已驳回' });
      summary = `${r.number} 在“${EXPENSE_STEPS[step - 1]}”被驳回，释放占用预算 ${yuan(r.amount_fen)}：${opinion}`;
    }
    await record(trx, actor, now, r, { step, action: verb, toStep: to, role, opinion, onBehalf });
    await writeAudit(trx, now, actor, {
      module: MODULE, action: `支出审批${verb}`, targetType: '支出申请', targetId: r.id,
      summary: onBehalf ? `${summary}（代录 ${onBehalf.signerName} ${onBehalf.signedOn} 纸质签批）` : summary,
    });
  });
}

// ── 出纳付款 ──────────────────────────────────────────────────────────────────────────────────────

export async function payRequest(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { id: number; paidOn: string; method: PayMethod; bankRef?: string | null; amountFen: number; opinion?: string | null },
): Promise<void> {
  await withTx(db, async (trx) => {
    const r = await loadRequest(trx, input.id);
    assertAt(r, STEP_PAY, '付款');
    const role = await roleAt(trx, actor, STEP_PAY, '付款');
    await assertSeparation(trx, r, STEP_PAY, { userId: actor.userId, name: await userName(trx, actor.userId) });
    if (r.paid_fen > 0) throw conflict(`${r.number} 已付款。`);
    await assertControls(trx, r, true, '付款');
    if (input.amountFen !== r.amount_fen) throw invalid(`付款金额 ${yuan(input.amountFen)} 与审批金额 ${yuan(r.amount_fen)} 不一致。`, [{ path: 'amountFen', message: '应与审批金额一致' }]);
    if (input.method !== r.pay_method) throw invalid(`付款方式“${input.method}”与申请的“${r.pay_method}”不一致。`, [{ path: 'method', message: '应与申请一致' }]);
    if (input.method !== '现金' && !input.bankRef?.trim()) throw invalid('转账或公务卡付款请填写银行流水号。', [{ path: 'bankRef', message: '请填写银行流水号' }]);
    if (input.paidOn < r.apply_date) throw invalid('付款日期不能早于申请日期。', [{ path: 'paidOn', message: '早于申请日期' }]);
    const from = PAY_ACCOUNTS[input.method];
    await trx
      .insertInto('expense_payment')
      .values({ request_id: r.id, paid_on: input.paidOn, method: input.method, bank_ref: input.bankRef?.trim() || null, amount_fen: input.amountFen, from_account: from, cashier_id: actor.userId!, created_at: now.toISOString() })
      .execute();
    await setLines(trx, r.id, '已付');
    const after = { ...r, paid_fen: input.amountFen };
    const to = await nextStep(trx, after, STEP_PAY);
    await touch(trx, r.id, now, { paid_fen: input.amountFen, paid_on: input.paidOn, step: to });
    await record(trx, actor, now, r, { step: STEP_PAY, action: '付款', toStep: to, role, opinion: input.opinion ?? `${input.method}付款 ${yuan(input.amountFen)}${input.bankRef ? `，流水号 ${input.bankRef}` : ''}` });
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '出纳付款', targetType: '支出申请', targetId: r.id,
      summary: `${r.number} 出纳付款 ${yuan(input.amountFen)}（${input.method}，${input.paidOn}${input.bankRef ? `，流水号 ${input.bankRef}` : ''}，付款账户 ${from}）`,
      after: input,
    });
  });
}

// ── 会计记账 ──────────────────────────────────────────────────────────────────────────────────────

async function setFor(trx: Executor, setId: number | null | undefined): Promise<number> {
  if (setId) return setId;
  const org = await getSetting<number | null>(trx, SETTING.orgUnitId, null);
  const sets = await trx.selectFrom('ledger_set').select(['id', 'unit_id']).where('active', '=', 1).orderBy('id').execute();
  const s = sets.find((x) => x.unit_id === org) ?? sets[0];
  if (!s) throw conflict('还没有账套，不能生成记账凭证；请先在“会计核算”中新建账套。');
  return s.id;
}

export async function postRequest(db: Executor, actor: Actor, now: Date, input: { id: number; setId?: number | null; date?: string | null; opinion?: string | null }): Promise<void> {
  await withTx(db, async (trx) => {
    const r = await loadRequest(trx, input.id);
    assertAt(r, STEP_POST, '记账');
    const role = await roleAt(trx, actor, STEP_POST, '记账');
    await assertSeparation(trx, r, STEP_POST, { userId: actor.userId, name: await userName(trx, actor.userId) });
    if (r.paid_fen === 0) throw conflict(`${r.number} 尚未付款，不能记账。`);
    if (await voucherValid(trx, r.voucher_id)) throw conflict(`${r.number} 已有记账凭证；如需重做请先作废或冲销原凭证。`);
    const pay = await trx.selectFrom('expense_payment').selectAll().where('request_id', '=', r.id).executeTakeFirstOrThrow();
    const setId = await setFor(trx, input.setId);
    const lines = await trx.selectFrom('expense_line').selectAll().where('request_id', '=', r.id).orderBy('line_no').execute();
    const set = await trx.selectFrom('ledger_set').select(['id', 'fiscal_funding']).where('id', '=', setId).executeTakeFirstOrThrow();
    const econ = KIND_ECON_CODE[r.kind as ExpenseKind] ?? '30299';
    const voucherLines = [];
    for (const l of lines) {
      let projectId: number | null = null;
      if (l.project_code) {
        const p = await trx.selectFrom('ledger_project').select('id').where('set_id', '=', setId).where('code', '=', l.project_code).executeTakeFirst();
        projectId = p?.id ?? (await createProject(trx, actor, now, { setId, code: l.project_code, name: l.project_name ?? l.project_code, special: false })).id;
      }
      voucherLines.push({
        summary: `${r.number} ${r.purpose}`.slice(0, 100),
        accountCode: l.subject_code,
        debit: l.amount_fen,
        expenseType: l.expense_type,
        econCode: econ,
        projectId,
        fundSource: set.fiscal_funding === 1 || l.fund_source !== '工会资金' ? l.fund_source : null,
      });
    }
    voucherLines.push({ summary: `${r.number} 付 ${r.payee_name}`.slice(0, 100), accountCode: pay.from_account, credit: r.paid_fen });
    const atts = await trx.selectFrom('expense_attachment').select('file_id').where('request_id', '=', r.id).execute();
    const invCount = Number((await trx.selectFrom('expense_invoice').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', r.id).executeTakeFirst())?.n ?? 0);
    const v = await createVoucher(trx, actor, now, {
      setId,
      date: input.date ?? localDate(now),
      summary: `${r.number} ${r.kind}：${r.purpose}`.slice(0, 120),
      lines: voucherLines,
      attachmentCount: invCount + atts.length,
      attachments: atts.map((a) => ({ fileId: a.file_id })),
      source: { module: MODULE, type: '支出申请', id: r.id },
    });
    const after = { ...r, voucher_id: v.id };
    const to = await nextStep(trx, after, STEP_POST);
    await touch(trx, r.id, now, { voucher_id: v.id, step: to });
    await record(trx, actor, now, r, { step: STEP_POST, action: '记账', toStep: to, role, opinion: input.opinion ?? `生成${describeVoucher(v)}` });
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '会计记账', targetType: '支出申请', targetId: r.id,
      summary: `${r.number} 生成${describeVoucher(v)}（借 ${lines.map((l) => l.subject_code).join('、')}，贷 ${pay.from_account}，${yuan(r.paid_fen)}）`,
    });
  });
}

/** Checks of a request that is not yet saved, or of a stored one with changes. */
export async function checkDraft(db: Executor, id: number | null | undefined, input: RequestData) {
  const rules = await rulesInForce(db, input.applyDate);
  return checkRequest(db, input, id ?? null, rules);
}

export { lineFigure };
