// Reading requests: detail (timeline, checks, what the viewer may do), filtered lists, to-do lists per
// user and role, budget execution per line and 三公 statistics.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/tx';
import type { DB } from '../../db/schema';
import type {
  ExpenseActions, ExpenseDetail, ExpenseListRow, ExpenseStepRow, ExpenseStepState, ExpenseTodoResult, SangongStatRow,
} from '../../../../shared/contract/expense';
import type { Page } from '../../../../shared/contract/audit';
import {
  EXPENSE_STEPS, ON_BEHALF_ROLES, ON_BEHALF_STEPS, SANGONG, STEP_COUNT, STEP_PAY, STEP_POST, STEP_ROLES, STEP_VERIFY,
  type ExpenseAction, type ExpenseKind, type ExpenseStatus, type PayMethod, type Sangong,
} from '../../../../shared/expense/constants';
import { fenToChineseUpper } from '../../../../shared/money';
import { anySubject } from '../../../../shared/budget/subjects';
import { describeVoucher } from '../ledger/common';
import { loadRequest, requestData, type RequestRecord } from './chain';
import { checkRequest, missingAsErrors } from './checks';
import { rulesInForce } from './rules';
import { allFigures, approvedBook } from './budget';

export interface ListFilter {
  year?: number | null;
  status?: ExpenseStatus | null;
  step?: number | null;
  unitId?: number | null;
  kind?: ExpenseKind | null;
  minFen?: number | null;
  maxFen?: number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  sangong?: boolean | null;
  q?: string | null;
  mine?: boolean | null;
}

function listRow(r: RequestRecord & { unit_name: string }): ExpenseListRow {
  return {
    id: r.id,
    number: r.number,
    year: r.year,
    unitId: r.unit_id,
    unitName: r.unit_name,
    applicantName: r.applicant_name,
    applyDate: r.apply_date,
    kind: r.kind as ExpenseKind,
    purpose: r.purpose,
    payeeName: r.payee_name,
    payMethod: r.pay_method as PayMethod,
    amountFen: r.amount_fen,
    sangong: (r.sangong as Sangong) ?? null,
    status: r.status as ExpenseStatus,
    step: r.step,
    stepName: r.status === '已办结' ? '已办结' : EXPENSE_STEPS[r.step - 1] ?? '',
    paidFen: r.paid_fen,
    voucherId: r.voucher_id,
  };
}

function where(f: ListFilter, userId: number | null) {
  return (eb: ExpressionBuilder<DB, 'expense_request' | 'unit'>) => {
    const c = [];
    if (f.year) c.push(eb('expense_request.year', '=', f.year));
    if (f.status) c.push(eb('expense_request.status', '=', f.status));
    if (f.step) c.push(eb('expense_request.step', '=', f.step));
    if (f.unitId) c.push(eb('expense_request.unit_id', '=', f.unitId));
    if (f.kind) c.push(eb('expense_request.kind', '=', f.kind));
    if (f.minFen != null) c.push(eb('expense_request.amount_fen', '>=', f.minFen));
    if (f.maxFen != null) c.push(eb('expense_request.amount_fen', '<=', f.maxFen));
    if (f.dateFrom) c.push(eb('expense_request.apply_date', '>=', f.dateFrom));
    if (f.dateTo) c.push(eb('expense_request.apply_date', '<=', f.dateTo));
    if (f.sangong === true) c.push(eb('expense_request.sangong', 'is not', null));
    if (f.sangong === false) c.push(eb('expense_request.sangong', 'is', null));
    if (f.mine) c.push(eb('expense_request.applicant_id', '=', userId ?? -1));
    if (f.q) {
      const like = `%${f.q}%`;
      c.push(eb.or([eb('expense_request.number', 'like', like), eb('expense_request.purpose', 'like', like), eb('expense_request.payee_name', 'like', like), eb('expense_request.applicant_name', 'like', like)]));
    }
    return eb.and(c);
  };
}

export async function listRequests(db: Executor, f: ListFilter, page: number, pageSize: number, userId: number | null): Promise<Page<ExpenseListRow>> {
  const base = db.selectFrom('expense_request').innerJoin('unit', 'unit.id', 'expense_request.unit_id').where(where(f, userId));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll('expense_request').select('unit.name as unit_name').orderBy('expense_request.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { rows: rows.map(listRow), total, page, pageSize };
}

/** Streams every row of a filter in id order (exports). */
export async function* iterateRequests(db: Executor, f: ListFilter, batch = 2000): AsyncGenerator<ExpenseListRow[]> {
  let last = 0;
  for (;;) {
    const rows = await db
      .selectFrom('expense_request')
      .innerJoin('unit', 'unit.id', 'expense_request.unit_id')
      .where(where(f, null))
      .where('expense_request.id', '>', last)
      .selectAll('expense_request')
      .select('unit.name as unit_name')
      .orderBy('expense_request.id')
      .limit(batch)
      .execute();
    if (!rows.length) return;
    yield rows.map(listRow);
    last = rows[rows.length - 1].id;
    if (rows.length < batch) return;
  }
}

/** The to-do list of a user: requests waiting at a step whose role they hold (and their own returned ones). */
export async function todo(db: Executor, userId: number, limit: number): Promise<ExpenseTodoResult> {
  const roles = (await db.selectFrom('user_role').select('role_code').where('user_id', '=', userId).execute()).map((r) => r.role_code);
  const steps = Object.entries(STEP_ROLES).filter(([s, rs]) => Number(s) > 1 && rs.some((r) => roles.includes(r))).map(([s]) => Number(s));
  const counts: Record<number, number> = {};
  const c = await db
    .selectFrom('expense_request')
    .select(['step', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', '审批中')
    .where((eb) => eb.or([eb('step', 'in', steps.length ? steps : [-1]), eb.and([eb('step', '=', 1), eb('applicant_id', '=', userId)])]))
    .groupBy('step')
    .execute();
  for (const x of c) counts[x.step] = Number(x.n);
  const rows = await db
    .selectFrom('expense_request')
    .innerJoin('unit', 'unit.id', 'expense_request.unit_id')
    .selectAll('expense_request')
    .select('unit.name as unit_name')
    .where('expense_request.status', '=', '审批中')
    .where((eb) => eb.or([eb('expense_request.step', 'in', steps.length ? steps : [-1]), eb.and([eb('expense_request.step', '=', 1), eb('expense_request.applicant_id', '=', userId)])]))
    .orderBy('expense_request.id')
    .limit(limit)
    .execute();
  return { rows: rows.map(listRow), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

// ── detail ────────────────────────────────────────────────────────────────────────────────────────

export async function requestDetail(db: Executor, id: number, viewer: { userId: number; roles: readonly string[] } | null): Promise<ExpenseDetail> {
  const r = await loadRequest(db, id);
  const unit = await db.selectFrom('unit').select('name').where('id', '=', r.unit_id).executeTakeFirst();
  const data = await requestData(db, r);
  const rules = await rulesInForce(db, r.apply_date);
  const check = await checkRequest(db, data, r.id, rules);
  const lines = await db.selectFrom('expense_line').selectAll().where('request_id', '=', r.id).orderBy('line_no').execute();
  const invoices = await db.selectFrom('expense_invoice').selectAll().where('request_id', '=', r.id).orderBy('line_no').execute();
  const atts = await db.selectFrom('expense_attachment').innerJoin('stored_file', 'stored_file.id', 'expense_attachment.file_id').select(['expense_attachment.id', 'item_key', 'file_id', 'expense_attachment.name', 'expense_attachment.sha256', 'stored_file.size']).where('request_id', '=', r.id).orderBy('expense_attachment.id').execute();
  const steps = await db.selectFrom('expense_step').selectAll().where('request_id', '=', r.id).orderBy('id').execute();
  const scanIds = steps.map((s) => s.scan_file_id).filter((x): x is number => x !== null);
  const scans = scanIds.length ? new Map((await db.selectFrom('stored_file').select(['id', 'name']).where('id', 'in', scanIds).execute()).map((f) => [f.id, f])) : new Map();
  const history: ExpenseStepRow[] = steps.map((s) => ({
    id: s.id,
    step: s.step,
    stepName: EXPENSE_STEPS[s.step - 1],
    action: s.action as ExpenseAction,
    toStep: s.to_step,
    userId: s.user_id,
    username: s.username,
    displayName: s.display_name,
    role: s.role,
    onBehalf: s.on_behalf === 1,
    signerName: s.signer_name,
    signedOn: s.signed_on,
    scanFile: s.scan_file_id ? scans.get(s.scan_file_id) ?? null : null,
    opinion: s.opinion,
    at: s.at,
  }));
  const closed = r.status === '已办结';
  const stepStates: ExpenseStepState[] = EXPENSE_STEPS.map((name, i) => {
    const n = i + 1;
    const last = [...history].reverse().find((h) => h.step === n && ['提交', '通过', '付款', '记账', '核查通过'].includes(h.action));
    const done = closed || (r.status !== '草稿' && n < r.step);
    return {
      step: n,
      name,
      roles: STEP_ROLES[n],
      state: done ? '已完成' : n === r.step && r.status === '审批中' ? '当前' : '未开始',
      signer: last ? (last.onBehalf ? `${last.signerName}（${last.displayName}代录）` : last.displayName) : null,
      signedAt: last ? (last.onBehalf ? last.signedOn : last.at) : null,
      opinion: last?.opinion ?? null,
      onBehalf: last?.onBehalf ?? false,
    };
  });
  const pay = await db.selectFrom('expense_payment').selectAll().where('request_id', '=', r.id).executeTakeFirst();
  const cashier = pay ? await db.selectFrom('app_user').select('display_name').where('id', '=', pay.cashier_id).executeTakeFirst() : undefined;
  const v = r.voucher_id ? await db.selectFrom('ledger_voucher').selectAll().where('id', '=', r.voucher_id).executeTakeFirst() : undefined;
  const figures = new Map(check.figures.map((f) => [`${f.unitId}|${f.subjectCode}|${f.fundSource}|${f.projectCode}`, f]));
  const base = listRow({ ...r, unit_name: unit?.name ?? '' });
  const errors = [...check.errors, ...(r.status === '审批中' || r.status === '草稿' ? missingAsErrors(check.missing) : [])];
  return {
    ...base,
    payeeBank: r.payee_bank,
    payeeAccount: r.payee_account,
    cashReason: r.cash_reason,
    extra: JSON.parse(r.extra_json),
    amountUpper: fenToChineseUpper(r.amount_fen),
    applicantId: r.applicant_id,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      unitId: l.unit_id,
      subjectCode: l.subject_code,
      subjectName: anySubject(l.subject_code)?.name ?? l.subject_code,
      expenseType: l.expense_type,
      fundSource: l.fund_source,
      projectCode: l.project_code,
      projectName: l.project_name,
      amountFen: l.amount_fen,
      state: l.state,
      figure: figures.get(`${l.unit_id}|${l.subject_code}|${l.fund_source}|${l.project_code}`) ?? null,
    })),
    invoices: invoices.map((i) => ({
      lineNo: i.line_no, code: i.invoice_code, number: i.invoice_number, kind: i.kind, date: i.invoice_date, sellerName: i.seller_name,
      sellerCreditCode: i.seller_credit_code, item: i.item, amountFen: i.amount_fen, taxFen: i.tax_fen, verifyResult: i.verify_result,
    })),
    attachments: atts.map((a) => ({ id: a.id, itemKey: a.item_key, fileId: a.file_id, name: a.name, sha256: a.sha256, size: a.size })),
    checklist: check.checklist.map((c) => ({ ...c, done: !check.missing.some((m) => m.key === c.key) })),
    errors: closed ? [] : errors,
    warnings: check.warnings,
    steps: stepStates,
    history,
    payment: pay ? { paidOn: pay.paid_on, method: pay.method, bankRef: pay.bank_ref, amountFen: pay.amount_fen, fromAccount: pay.from_account, cashierName: cashier?.display_name ?? '' } : null,
    voucher: v ? { id: v.id, label: describeVoucher(v), status: v.status, debitTotalFen: v.debit_total_fen } : null,
    actions: actionsFor(r, history, viewer),
  };
}

function actionsFor(r: RequestRecord, history: ExpenseStepRow[], viewer: { userId: number; roles: readonly string[] } | null): ExpenseActions {
  const none: ExpenseActions = { edit: false, submit: false, withdraw: false, approve: false, returnTo: [], reject: false, onBehalf: false, pay: false, post: false, verify: false, reason: null };
  if (!viewer) return none;
  const mine = r.applicant_id === viewer.userId;
  const isClerk = viewer.roles.includes('经办人');
  const editable = r.status === '草稿' || r.status === '已撤回' || (r.status === '审批中' && r.step === 1);
  const out = { ...none };
  if (editable && mine && isClerk && r.paid_fen === 0) {
    out.edit = true;
    out.submit = true;
  }
  const approved = history.some((h) => h.step >= 2 && ['通过', '付款', '记账', '核查通过'].includes(h.action));
  if (mine && r.status === '审批中' && !approved && r.paid_fen === 0) out.withdraw = true;
  if (r.status !== '审批中' || r.step === 1) return out;
  const step = r.step;
  const hasRole = STEP_ROLES[step].some((x) => viewer.roles.includes(x));
  const actedElsewhere = history.find((h) => h.step !== step && h.action !== '撤回' && !h.onBehalf && h.userId === viewer.userId);
  const returns = Array.from({ length: step - 1 }, (_, i) => i + 1);
  if (hasRole && !actedElsewhere && !mine) {
    out.approve = step < STEP_PAY;
    out.pay = step === STEP_PAY;
    out.post = step === STEP_POST;
    out.verify = step === STEP_VERIFY;
    out.returnTo = returns;
    out.reject = r.paid_fen === 0;
  } else if (hasRole) {
    out.reason = mine ? '您是本申请的经办人，不能审批自己的申请。' : `您已在“${EXPENSE_STEPS[actedElsewhere!.step - 1]}”环节办理过本申请，按不相容职务分离不能再办理本环节。`;
  } else {
    out.reason = `当前环节“${EXPENSE_STEPS[step - 1]}”由${STEP_ROLES[step].join('或')}办理。`;
  }
  if (ON_BEHALF_STEPS.includes(step) && ON_BEHALF_ROLES.some((x) => viewer.roles.includes(x))) {
    out.onBehalf = true;
    if (!out.returnTo.length) out.returnTo = returns;
    out.reject = out.reject || r.paid_fen === 0;
  }
  return out;
}

// ── execution and 三公 ────────────────────────────────────────────────────────────────────────────

export async function execution(db: Executor, year: number, today: string) {
  const rules = await rulesInForce(db, today);
  const { book, rows } = await allFigures(db, year, null, rules);
  const sum = (k: 'budgetFen' | 'committedFen' | 'paidFen' | 'availableFen') => rows.reduce((a, r) => a + r[k], 0);
  return { year, bookTitle: book?.title ?? null, rows, totals: { budgetFen: sum('budgetFen'), committedFen: sum('committedFen'), paidFen: sum('paidFen'), availableFen: sum('availableFen') } };
}

/** Budget 三公 categories (budget_line.sangong) mapped onto the request categories. */
function budgetCategory(s: string | null, subject: string): Sangong | null {
  if (!s) return subject === '50704' ? '公务用车购置及运行维护费' : null;
  if (s.includes('出国')) return '因公出国（境）费';
  if (s.includes('公务用车')) return '公务用车购置及运行维护费';
  if (s.includes('接待')) return '公务接待费';
  return null;
}

export async function sangongStats(db: Executor, year: number): Promise<SangongStatRow[]> {
  const out = new Map<Sangong, SangongStatRow>(SANGONG.map((c) => [c, { category: c, budgetFen: 0, committedFen: 0, paidFen: 0, count: 0, lastYearPaidFen: 0 }]));
  const book = await approvedBook(db, year);
  if (book) {
    const b = await sql<{ sangong: string | null; subject_code: string; amount: number }>`
      select l.sangong, l.subject_code, sum(l.amount_fen) as amount
      from budget_book_member m join budget_line l on l.version_id = m.version_id and l.direction = '支出'
      where m.book_id = ${book.id} and (l.sangong is not null or l.subject_code = '50704')
      group by l.sangong, l.subject_code`.execute(db);
    for (const x of b.rows) {
      const c = budgetCategory(x.sangong, x.subject_code);
      if (c) out.get(c)!.budgetFen += Number(x.amount);
    }
  }
  const used = await sql<{ sangong: string; year: number; committed: number; paid: number; n: number }>`
    select q.sangong, q.year, sum(case when l.state = '占用' then l.amount_fen else 0 end) as committed,
      sum(case when l.state = '已付' then l.amount_fen else 0 end) as paid, count(distinct q.id) as n
    from expense_request q join expense_line l on l.request_id = q.id
    where q.year in (${year}, ${year - 1}) and q.sangong is not null and l.state in ('占用', '已付')
    group by q.sangong, q.year`.execute(db);
  for (const u of used.rows) {
    const row = out.get(u.sangong as Sangong);
    if (!row) continue;
    if (u.year === year) {
      row.committedFen += Number(u.committed);
      row.paidFen += Number(u.paid);
      row.count += Number(u.n);
    } else row.lastYearPaidFen += Number(u.paid);
  }
  return [...out.values()];
}

export { STEP_COUNT };
