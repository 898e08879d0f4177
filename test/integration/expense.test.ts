// The seven-step expenditure chain through the contract: a full walk to a posted voucher; every control's
// refusal and its message; forbidden transitions (wrong role, same person twice, out of order, after
// rejection, editing after payment); duplicate invoices across requests; committed amounts released on
// rejection and withdrawal; returns and on-behalf records; budget execution and 三公 figures; exports.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, callErr, initialise, userWithRoles } from '../helpers/session';
import { getSetting, SETTING } from '../../electron/core/settings';
import { seedApprovedBudget } from '../../electron/core/domains/expense/demo';
import { expenseCommitments } from '../../electron/core/domains/expense/commitments';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { makeCreditCode } from '../../shared/validate/creditCode';
import type { ExpenseDetail, ExpenseRequestInput } from '../../shared/contract/expense';

let core: Awaited<ReturnType<typeof tempCore>>;
let clock: ReturnType<typeof frozenClock>;
let org: number;
const SELLER = makeCreditCode('91', '350102', '12345678');

const JB = 'jb_wang'; // 经办人
const FG = 'fg_li'; // 分管领导
const CW = 'cw_zhao'; // 财务部门
const FZ = 'fz_sun'; // 分管财务副主席
const CN = 'cn_zhou'; // 出纳
const KJ = 'kj_wu'; // 会计 (prepares at 会计记账)
const KJ2 = 'kj_zheng'; // second 会计 (posts the voucher)
const CY = 'cy_feng'; // 常务副主席
const BOTH = 'fg_cw_chen'; // 分管领导 + 财务部门 (same person twice)

beforeEach(async () => {
  clock = frozenClock('2026-03-15T09:00:00+08:00');
  core = await tempCore({ now: clock });
  await initialise(core);
  await userWithRoles(core, JB, ['经办人']);
  await userWithRoles(core, FG, ['分管领导']);
  await userWithRoles(core, CW, ['财务部门']);
  await userWithRoles(core, FZ, ['分管财务副主席']);
  await userWithRoles(core, CN, ['出纳']);
  await userWithRoles(core, KJ, ['会计']);
  await userWithRoles(core, KJ2, ['会计']);
  await userWithRoles(core, CY, ['常务副主席']);
  await userWithRoles(core, BOTH, ['分管领导', '财务部门']);
  org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: org, chart: 'C', startYear: 2026, startMonth: 1 });
  await seedApprovedBudget(core.db, 2026, [
    { unitId: org, subjectCode: '50501', amountFen: 1_000_000 },
    { unitId: org, subjectCode: '50602', amountFen: 500_000, sangong: '公务接待费' },
    { unitId: org, subjectCode: '50502', amountFen: 200_000, project: { code: 'XM01', name: '职代会' } },
  ]);
});
afterEach(async () => core.close());

function upload(name: string, text = name): string {
  return core.env.files.putUpload(name, new TextEncoder().encode(`内容：${text}`)).id;
}

let invSeq = 0;
function invoice(amountFen: number, extra: Record<string, unknown> = {}) {
  invSeq++;
  return { number: `2635000000000000${String(invSeq).padStart(4, '0')}`, date: '2026-03-10', sellerName: '某某培训服务有限公司', sellerCreditCode: SELLER, amountFen, taxFen: 0, ...extra };
}

function training(amountFen = 300_000, extra: Partial<ExpenseRequestInput> = {}): ExpenseRequestInput {
  return {
    unitId: org,
    applyDate: '2026-03-15',
    kind: '培训',
    purpose: '基层工会干部业务培训',
    payeeName: '某某培训服务有限公司',
    payeeBank: '农业银行城关支行',
    payeeAccount: '6228480000000000',
    payMethod: '转账',
    amountFen,
    lines: [{ unitId: org, subjectCode: '50501', fundSource: '工会资金', amountFen }],
    invoices: [invoice(amountFen)],
    attachments: [
      { itemKey: 'notice', uploadId: upload('培训通知.pdf') },
      { itemKey: 'sign_in', uploadId: upload('签到表.pdf') },
    ],
    ...extra,
  };
}

async function save(req: ExpenseRequestInput, who = JB): Promise<ExpenseDetail> {
  return call(core, who, 'expense.save', { request: req });
}
async function submitted(req = training()): Promise<ExpenseDetail> {
  const d = await save(req);
  return call(core, JB, 'expense.submit', { id: d.id });
}
const approve = (who: string, id: number, step: number, opinion = '同意') => call<ExpenseDetail>(core, who, 'expense.act', { id, step, action: '通过', opinion });
async function toPayment(id: number) {
  await approve(FG, id, 2);
  await approve(CW, id, 3);
  await approve(FZ, id, 4);
}
const pay = (who: string, id: number, amountFen = 300_000) =>
  call<ExpenseDetail>(core, who, 'expense.pay', { id, paidOn: '2026-03-16', method: '转账', bankRef: 'NB20260316001', amountFen });

async function figure(subject = '50501') {
  const lines = await call(core, JB, 'expense.budgetLines', { year: 2026 });
  return lines.find((l: { subjectCode: string }) => l.subjectCode === subject);
}

describe('the seven-step chain', () => {
  it('takes one request through all seven steps to a posted voucher linked both ways', async () => {
    const draft = await save(training());
    expect(draft.number).toBe('ZC2026-0001');
    expect(draft.status).toBe('草稿');
    expect(draft.amountUpper).toBe('叁仟元整');
    expect(draft.checklist.every((c) => c.done)).toBe(true);
    expect((await figure()).committedFen).toBe(0); // a draft reserves nothing

    let d = await call<ExpenseDetail>(core, JB, 'expense.submit', { id: draft.id });
    expect(d.step).toBe(2);
    expect((await figure()).committedFen).toBe(300_000);
    expect((await figure()).availableFen).toBe(700_000);
    // to-do lists per role
    const todoFg = await call(core, FG, 'expense.todo', {});
    expect(todoFg.rows.map((r: { number: string }) => r.number)).toEqual(['ZC2026-0001']);
    expect((await call(core, CN, 'expense.todo', {})).total).toBe(0);

    await toPayment(d.id);
    d = await pay(CN, d.id);
    expect(d.step).toBe(6);
    expect(d.payment).toMatchObject({ amountFen: 300_000, method: '转账', bankRef: 'NB20260316001', fromAccount: '102' });
    expect(await figure()).toMatchObject({ committedFen: 0, paidFen: 300_000, availableFen: 700_000 });

    d = await call(core, KJ, 'expense.post', { id: d.id });
    expect(d.step).toBe(7);
    expect(d.voucher).toBeTruthy();
    const v = await call(core, KJ, 'ledger.vouchers.get', { id: d.voucher!.id });
    expect(v.debitTotal ?? v.debitTotalFen ?? v.debit_total_fen).toBeDefined();
    const row = await core.db.selectFrom('ledger_voucher').selectAll().where('id', '=', d.voucher!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source_module: '支出审批', source_type: '支出申请', source_id: String(d.id), debit_total_fen: 300_000, credit_total_fen: 300_000 });
    const lines = await core.db.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', row.id).orderBy('line_no').execute();
    expect(lines.map((l) => [l.account_code, l.debit_fen, l.credit_fen, l.expense_type, l.econ_code])).toEqual([
      ['50501', 300_000, 0, '基本支出', '30216'],
      ['102', 0, 300_000, null, null],
    ]);
    const atts = await core.db.selectFrom('ledger_voucher_attachment').select('file_id').where('voucher_id', '=', row.id).execute();
    expect(atts).toHaveLength(2);

    // 核查 needs the voucher posted (reviewed by 财务部门, posted by a second 会计).
    const early = await callErr(core, CY, 'expense.verify', { id: d.id, action: '核查通过' });
    expect(early.message).toContain('须审核记账后才能核查办结');
    await call(core, CW, 'ledger.vouchers.review', { id: row.id });
    await call(core, KJ2, 'ledger.vouchers.post', { id: row.id });
    d = await call(core, CY, 'expense.verify', { id: d.id, action: '核查通过', opinion: '核查无误' });
    expect(d.status).toBe('已办结');
    expect(d.steps.every((s) => s.state === '已完成')).toBe(true);
    expect(d.history.map((h) => [h.step, h.action])).toEqual([[1, '提交'], [2, '通过'], [3, '通过'], [4, '通过'], [5, '付款'], [6, '记账'], [7, '核查通过']]);

    const exec = await call(core, CW, 'expense.execution', { year: 2026 });
    const line = exec.rows.find((r: { subjectCode: string }) => r.subjectCode === '50501');
    expect(line).toMatchObject({ budgetFen: 1_000_000, committedFen: 0, paidFen: 300_000, availableFen: 700_000 });
    expect(line.rate).toBeCloseTo(0.3);
    expect(await expenseCommitments(core.db, { year: 2026 })).toEqual([{ subjectCode: '50501', projectId: null, fundSource: '工会资金', committedFen: 0, paidFen: 300_000, unitId: org }]);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
    const audit = await core.db.selectFrom('audit_log').select('action').where('module', '=', '支出审批').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['新建支出申请', '提交支出申请', '支出审批通过', '出纳付款', '会计记账', '支出审批核查通过']));
  });

  it('returns to an earlier step with a reason, records on-behalf approvals, and skips payment already made', async () => {
    let d = await submitted();
    const noReason = await callErr(core, FG, 'expense.act', { id: d.id, step: 2, action: '退回', returnTo: 1 });
    expect(noReason.message).toContain('须写明原因');
    d = await call(core, FG, 'expense.act', { id: d.id, step: 2, action: '退回', returnTo: 1, opinion: '请补充培训方案' });
    expect(d.step).toBe(1);
    expect(d.actions.edit).toBe(false); // the viewer (分管领导) may not edit
    const mine = await call<ExpenseDetail>(core, JB, 'expense.get', { id: d.id });
    expect(mine.actions.edit && mine.actions.submit).toBe(true);
    expect((await figure()).committedFen).toBe(300_000); // still in the chain
    d = await call(core, JB, 'expense.submit', { id: d.id });
    await approve(FG, d.id, 2);
    // 财务和办公室审核 recorded by the clerk (财务部门) for a paper signer
    d = await call(core, CW, 'expense.act', {
      id: d.id, step: 3, action: '通过', opinion: '手续齐全',
      onBehalf: { signerName: '办公室主任刘某', signedOn: '2026-03-15', scanUploadId: upload('签批单.pdf', 'scan') },
    });
    const h = d.history.find((x) => x.step === 3)!;
    expect(h).toMatchObject({ onBehalf: true, signerName: '办公室主任刘某', signedOn: '2026-03-15', role: '财务部门（代录）' });
    expect(h.scanFile?.name).toBe('签批单.pdf');
    expect(d.steps[2].signer).toBe('办公室主任刘某（cw_zhao代录）');
    await approve(FZ, d.id, 4);
    await pay(CN, d.id);
    // 核查 finds a problem at 财务和办公室审核 after payment: returns there; on approval it skips payment.
    d = await call(core, KJ, 'expense.post', { id: d.id });
    await call(core, CW, 'ledger.vouchers.review', { id: d.voucher!.id });
    await call(core, KJ2, 'ledger.vouchers.post', { id: d.voucher!.id });
    d = await call(core, CY, 'expense.verify', { id: d.id, action: '核查问题', returnTo: 3, opinion: '签到表人数与通知不符，请财务复核' });
    expect(d.step).toBe(3);
    const refusal = await callErr(core, CN, 'expense.pay', { id: d.id, paidOn: '2026-03-16', method: '转账', bankRef: 'X', amountFen: 300_000 });
    expect(refusal.message).toContain('当前在“财务和办公室审核”环节');
    d = await call(core, CW, 'expense.act', { id: d.id, step: 3, action: '通过', opinion: '已复核' });
    d = await approve(FZ, d.id, 4);
    expect(d.step).toBe(7); // paid and posted already
    d = await call(core, CY, 'expense.verify', { id: d.id, action: '核查通过' });
    expect(d.status).toBe('已办结');
  });
});

describe('forbidden transitions', () => {
  it('refuses the wrong role, the same person twice, acting out of order and acting after rejection', async () => {
    const d = await submitted();
    const wrong = await callErr(core, CN, 'expense.act', { id: d.id, step: 2, action: '通过' });
    expect(wrong.code).toBe('FORBIDDEN');
    const wrongRole = await callErr(core, CW, 'expense.act', { id: d.id, step: 2, action: '通过' });
    expect(wrongRole.message).toContain('没有“分管领导审批”环节的权限');
    const order = await callErr(core, CW, 'expense.act', { id: d.id, step: 3, action: '通过' });
    expect(order.message).toContain('当前在“分管领导审批”环节');
    await approve(BOTH, d.id, 2);
    const twice = await callErr(core, BOTH, 'expense.act', { id: d.id, step: 3, action: '通过' });
    expect(twice.code).toBe('SEPARATION_OF_DUTIES');
    expect(twice.message).toContain('已在本申请的“分管领导审批”环节通过');
    const rejNoReason = await callErr(core, CW, 'expense.act', { id: d.id, step: 3, action: '驳回' });
    expect(rejNoReason.message).toContain('驳回须写明原因');
    const rejected = await call<ExpenseDetail>(core, CW, 'expense.act', { id: d.id, step: 3, action: '驳回', opinion: '不属于工会经费开支范围' });
    expect(rejected.status).toBe('已驳回');
    expect((await figure()).committedFen).toBe(0); // released
    const after = await callErr(core, CW, 'expense.act', { id: d.id, step: 3, action: '通过' });
    expect(after.message).toContain('已被驳回');
    const edit = await callErr(core, JB, 'expense.save', { id: d.id, request: training() });
    expect(edit.message).toContain('不能修改');
  });

  it('keeps the cashier apart from the applicant and the accountant, and refuses editing after payment', async () => {
    const { user } = await userWithRoles(core, 'jb_cn', ['经办人', '出纳']);
    void user;
    const d = await save(training(), 'jb_cn');
    await call(core, 'jb_cn', 'expense.submit', { id: d.id });
    await toPayment(d.id);
    const self = await callErr(core, 'jb_cn', 'expense.pay', { id: d.id, paidOn: '2026-03-16', method: '转账', bankRef: 'X', amountFen: 300_000 });
    expect(self.code).toBe('SEPARATION_OF_DUTIES');
    expect(self.message).toContain('出纳不能是经办人');
    const wrongAmount = await callErr(core, CN, 'expense.pay', { id: d.id, paidOn: '2026-03-16', method: '转账', bankRef: 'X', amountFen: 1 });
    expect(wrongAmount.message).toContain('与审批金额');
    await pay(CN, d.id);
    const edit = await callErr(core, 'jb_cn', 'expense.save', { id: d.id, request: training() });
    expect(edit.code).toBe('PAID');
    const reject = await callErr(core, KJ, 'expense.act', { id: d.id, step: 6, action: '驳回', opinion: '错' });
    expect(reject.message).toContain('已付款，不能驳回');
    // the trigger also refuses a direct change of a paid request's amount
    await expect(core.db.updateTable('expense_request').set({ amount_fen: 1 }).where('id', '=', d.id).execute()).rejects.toThrow('已付款');
  });

  it('lets the applicant withdraw before the first approval only, releasing the committed amount', async () => {
    const d = await submitted();
    expect((await figure()).committedFen).toBe(300_000);
    const other = await callErr(core, FG, 'expense.withdraw', { id: d.id, reason: '不需要了' });
    expect(other.code).toBe('FORBIDDEN');
    const w = await call<ExpenseDetail>(core, JB, 'expense.withdraw', { id: d.id, reason: '培训延期' });
    expect(w.status).toBe('已撤回');
    expect((await figure()).committedFen).toBe(0);
    const again = await call<ExpenseDetail>(core, JB, 'expense.submit', { id: d.id });
    expect(again.status).toBe('审批中');
    await approve(FG, d.id, 2);
    const late = await callErr(core, JB, 'expense.withdraw', { id: d.id, reason: '培训取消' });
    expect(late.message).toContain('已有审批通过，不能撤回');
  });
});

describe('controls', () => {
  it('无预算不支出: stops above the available amount, or warns where the rule says warn', async () => {
    await submitted(training(800_000));
    const over = await callErr(core, JB, 'expense.save', { request: training(300_000) });
    expect(over.code).toBe('CONTROL');
    expect(over.message).toContain('无预算不支出');
    expect(over.message).toContain('超出可用预算 2,000.00 元');
    const none = await callErr(core, JB, 'expense.save', { request: training(1000, { lines: [{ unitId: org, subjectCode: '50101', fundSource: '工会资金', amountFen: 1000 }] }) });
    expect(none.message).toContain('没有预算');
    // Stop/Warn per line: the 职代会 project line warns, other 50502 lines still stop.
    const meeting = (amountFen: number, projectCode: string) => training(amountFen, { kind: '会议', lines: [{ unitId: org, subjectCode: '50502', fundSource: '工会资金', projectCode, amountFen }] });
    const stopped = await callErr(core, JB, 'expense.save', { request: meeting(250_000, 'XM01') });
    expect(stopped.message).toContain('无预算不支出');
    await call(core, 'admin', 'expense.rules.add', { key: 'budget_control', params: { subjectPrefix: '50502', projectCode: 'XM01', mode: '警告' }, effectiveFrom: '2026-01-01', basis: '职代会项目超支仅警告（测试）' });
    const lineWarn = await save(meeting(250_000, 'XM01'));
    expect(lineWarn.warnings.map((w) => w.message).join()).toContain('超预算警告');
    expect(lineWarn.lines[0].figure?.mode).toBe('警告');
    await call(core, 'admin', 'expense.rules.add', { key: 'budget_control', params: { subjectPrefix: '505', mode: '警告' }, effectiveFrom: '2026-01-01', basis: '会议培训超预算仅警告（测试）' });
    const warned = await save(training(300_000));
    expect(warned.warnings.map((w) => w.message).join()).toContain('超预算警告');
    const rules = await call(core, JB, 'expense.rules.list', {});
    expect(rules.filter((r: { key: string; inForce: boolean }) => r.key === 'budget_control' && r.inForce)).toHaveLength(3);
    const notAdmin = await callErr(core, JB, 'expense.rules.add', { key: 'cash_limit', params: { limitFen: 1 }, effectiveFrom: '2026-01-01', basis: '测试' });
    expect(notAdmin.code).toBe('FORBIDDEN');
  });

  it('无预算不支出: a request never counts against itself — the whole line can go through every step and payment', async () => {
    // The line's budget is 1,000,000 fen; one request for all of it is re-checked at every step.
    const d = await submitted(training(1_000_000));
    expect((await figure()).availableFen).toBe(0);
    await toPayment(d.id);
    const paid = await pay(CN, d.id, 1_000_000);
    expect(paid.step).toBe(6);
    expect(await figure()).toMatchObject({ committedFen: 0, paidFen: 1_000_000, availableFen: 0 });
    // Another request for one fen on the same line is stopped, with the figures behind it.
    const more = await callErr(core, JB, 'expense.save', { request: training(1) });
    expect(more.code).toBe('CONTROL');
    expect(more.message).toContain('申请 0.01 元 超出可用预算 0.00 元');
    expect(more.message).toContain('已支付 10,000.00 元');
  });

  it('手续不全不付款: a request missing checklist items saves as a draft but cannot advance', async () => {
    const d = await save(training(300_000, { attachments: [{ itemKey: 'notice', uploadId: upload('通知.pdf') }] }));
    expect(d.checklist.filter((c) => !c.done).map((c) => c.label)).toEqual(['签到表']);
    const sub = await callErr(core, JB, 'expense.submit', { id: d.id });
    expect(sub.message).toContain('手续不全不付款：缺少 签到表');
    // The clerk adds the missing 签到表 and keeps the stored 通知 by id; a file not attached to this request is refused.
    const foreign = await callErr(core, JB, 'expense.save', { id: d.id, request: training(300_000, { invoices: d.invoices.map(({ lineNo: _l, kind: _k, ...i }) => i) as never, attachments: [{ itemKey: 'notice', fileId: 999_999 }] }) });
    expect(foreign.code).toBe('NOT_FOUND');
    const fixed = await call<ExpenseDetail>(core, JB, 'expense.save', {
      id: d.id,
      request: training(300_000, {
        invoices: d.invoices.map(({ lineNo: _l, kind: _k, ...i }) => i) as never,
        attachments: [{ itemKey: 'notice', fileId: d.attachments[0].fileId }, { itemKey: 'sign_in', uploadId: upload('签到表2.pdf') }],
      }),
    });
    expect(fixed.checklist.every((c) => c.done)).toBe(true);
    expect(fixed.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await call<ExpenseDetail>(core, JB, 'expense.submit', { id: d.id })).step).toBe(2);
    // 接待 needs 公函, 接待清单 and its fields
    const r = await call(core, JB, 'expense.check', { request: { ...training(10_000), kind: '接待', lines: [{ unitId: org, subjectCode: '50602', fundSource: '工会资金', amountFen: 10_000 }], invoices: [invoice(10_000)], attachments: [] } });
    expect(r.missing.map((m: { label: string }) => m.label)).toEqual(['公函', '接待清单', '来宾单位', '来宾人数', '陪餐人数', '工作餐次数']);
  });

  it('checks reception rules, forbidden purposes and 三公 flags', async () => {
    const base = { ...training(20_000), kind: '接待' as const, purpose: '接待市总工会调研组', lines: [{ unitId: org, subjectCode: '50602', fundSource: '工会资金', amountFen: 20_000 }], invoices: [invoice(20_000)] };
    const res = await call(core, JB, 'expense.check', { request: { ...base, attachments: [], extra: { guestUnit: '市总工会', guestCount: 4, companionCount: 5, meals: 2 } } });
    const msgs = res.errors.map((e: { message: string }) => e.message).join('\n');
    expect(msgs).toContain('陪餐不得超过 3 人');
    expect(msgs).toContain('工作餐不得超过 1 次');
    expect(res.missing.map((m: { label: string }) => m.label)).toEqual(['公函', '接待清单']);
    expect(res.sangong).toBe('公务接待费');
    const bad = await callErr(core, JB, 'expense.save', { request: { ...training(), purpose: '采购购物卡发放职工' } });
    expect(bad.message).toContain('禁止的支出用途');
    const ok = await save({ ...base, extra: { guestUnit: '市总工会', guestCount: 4, companionCount: 3, meals: 1 }, attachments: [{ itemKey: 'official_letter', uploadId: upload('公函.pdf') }, { itemKey: 'reception_list', uploadId: upload('接待清单.xlsx') }] });
    expect(ok.sangong).toBe('公务接待费');
    await call(core, JB, 'expense.submit', { id: ok.id });
    const stats = await call(core, CW, 'expense.sangong', { year: 2026 });
    expect(stats.find((s: { category: string }) => s.category === '公务接待费')).toMatchObject({ budgetFen: 500_000, committedFen: 20_000, count: 1 });
    const list = await call(core, CW, 'expense.list', { sangong: true });
    expect(list.total).toBe(1);
  });

  it('发票不规范不付款: formats, credit code, date, total, and never the same invoice twice across requests and years', async () => {
    const bad = await call(core, JB, 'expense.check', {
      request: training(300_000, {
        invoices: [
          invoice(100_000, { number: '1234567' }),
          invoice(100_000, { sellerCreditCode: '91350102123456780X' }),
          invoice(50_000, { date: '2026-03-20' }),
        ],
      }),
    });
    const m = bad.errors.map((e: { message: string }) => e.message).join('\n');
    expect(m).toContain('第 1 张发票：发票号码应为20位');
    expect(m).toContain('第 2 张发票销售方统一社会信用代码');
    expect(m).toContain('晚于申请日期');
    expect(m).toContain('发票金额合计 2,500.00 元 与申请金额 3,000.00 元 不一致');
    const inv = { code: '3500261130', number: '00001234', date: '2025-12-20', sellerName: '某宾馆', amountFen: 100_000, taxFen: 0 };
    // reimbursed last year
    await seedApprovedBudget(core.db, 2025, [{ unitId: org, subjectCode: '50501', amountFen: 1_000_000 }]);
    const old = await save(training(100_000, { applyDate: '2025-12-28', invoices: [inv] }));
    await call(core, JB, 'expense.submit', { id: old.id });
    const dup = await callErr(core, JB, 'expense.save', { request: training(100_000, { invoices: [{ ...inv, number: '０００01234' }] }) });
    expect(dup.message).toContain(`已在支出申请 ${old.number}`);
    expect(dup.message).toContain('同一张发票不能重复报销');
    // once the earlier request is rejected, the invoice is free again
    await call(core, FG, 'expense.act', { id: old.id, step: 2, action: '驳回', opinion: '跨年度报销，驳回' });
    const fine = await save(training(100_000, { invoices: [inv] }));
    expect(fine.status).toBe('草稿');
  });

  it('能转账拒付现金: cash above the limit is refused, below it needs a reason', async () => {
    const cash = { payMethod: '现金' as const, payeeBank: null, payeeAccount: null };
    const big = await callErr(core, JB, 'expense.save', { request: training(150_000, cash) });
    expect(big.message).toContain('现金支付不能超过 1,000.00 元');
    const noReason = await callErr(core, JB, 'expense.save', { request: training(50_000, cash) });
    expect(noReason.message).toContain('须说明不能转账的原因');
    const ok = await save(training(50_000, { ...cash, cashReason: '收款人无银行账户' }));
    await call(core, JB, 'expense.submit', { id: ok.id });
    await toPayment(ok.id);
    const d = await call<ExpenseDetail>(core, CN, 'expense.pay', { id: ok.id, paidOn: '2026-03-16', method: '现金', amountFen: 50_000 });
    expect(d.payment?.fromAccount).toBe('101');
    const noBank = await callErr(core, JB, 'expense.save', { request: training(50_000, { payeeAccount: null }) });
    expect(noBank.message).toContain('转账支付须填写收款人开户行和账号');
  });
});

describe('lists and exports', () => {
  it('filters requests, exports 支出台账 and 三公 statistics that open in exceljs', async () => {
    await submitted();
    await save(training(100_000));
    expect((await call(core, CW, 'expense.list', {})).total).toBe(2);
    expect((await call(core, JB, 'expense.list', { mine: true, q: '培训' })).total).toBe(2);
    expect((await call(core, CW, 'expense.list', { status: '审批中' })).total).toBe(1);
    expect((await call(core, CW, 'expense.list', { status: '草稿' })).total).toBe(1);
    expect((await call(core, CW, 'expense.list', { minFen: 200_000 })).total).toBe(1);
    expect((await call(core, CW, 'expense.list', { kind: '培训', step: 2 })).total).toBe(1);
    const f = await call(core, CW, 'expense.exportLedger', { year: 2026 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(core.env.files.exportPath(f.id).path);
    const ws = wb.getWorksheet('支出台账')!;
    expect(ws.getCell('A1').value).toBe('支出台账');
    expect(ws.getRow(3).values).toContain('申请编号');
    const amounts = [ws.getCell('I4').value, ws.getCell('I5').value];
    expect(amounts).toEqual([3000, 1000]);
    const s = await call(core, CW, 'expense.exportSangong', { year: 2026 });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(core.env.files.exportPath(s.id).path);
    expect(wb2.getWorksheet('三公经费统计')!.getCell('A4').value).toBe('因公出国（境）费');
  });
});
