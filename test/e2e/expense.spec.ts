// 支出审批 end to end: seven users take one request through the seven steps in the browser — the clerk
// fills the form (budget line with its available figure, invoice with live checks, checklist uploads),
// is refused a duplicate invoice already reimbursed in an earlier request, fixes it and submits; 财务
// returns it once to 分管领导 with a reason; 出纳 pays, 会计 generates the voucher (reviewed and posted in
// the books by two other people), 常务副主席 closes it. The voucher and the budget execution show the figures.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg } from './fixtures';
import { ExpensePage } from './pages/ExpensePages';
import { getSetting, SETTING } from '../../electron/core/settings';
import { seedApprovedBudget } from '../../electron/core/domains/expense/demo';
import { makeCreditCode } from '../../shared/validate/creditCode';

const PASSWORD = 'Passw0rd!2026';
const USERS = [
  { username: 'jb_wang', displayName: '王经办', roles: ['经办人'] },
  { username: 'fg_li', displayName: '李分管', roles: ['分管领导'] },
  { username: 'cw_zhao', displayName: '赵财务', roles: ['财务部门'] },
  { username: 'fz_sun', displayName: '孙副主席', roles: ['分管财务副主席'] },
  { username: 'cn_zhou', displayName: '周出纳', roles: ['出纳'] },
  { username: 'kj_wu', displayName: '吴会计', roles: ['会计'] },
  { username: 'cy_feng', displayName: '冯常务', roles: ['常务副主席'] },
  { username: 'kj_zheng', displayName: '郑会计', roles: ['会计'] },
];
const SELLER = makeCreditCode('91', '350102', '12345678');

function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

test.describe('支出审批', () => {
  test('seven users take one request through the seven steps; a duplicate invoice is refused; one return on the way', async ({ page, core, frame, signIn, dataDir }) => {
    test.setTimeout(240_000);
    await initialiseOrg(core);
    const admin = await adminChannel(core);
    const org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
    const year = Number(today().slice(0, 4));
    await callCore(core, 'ledger.sets.create', { name: '县总工会本级', unitId: org, chart: 'C', startYear: year, startMonth: 1 }, admin);
    await seedApprovedBudget(core.db, year, [{ unitId: org, subjectCode: '50501', amountFen: 1_000_000 }]);
    await createUsersInCore(core, USERS.map((u) => ({ ...u, password: PASSWORD })));
    // An earlier request (through the core) already reimbursed invoice …0001.
    const jbCh = 'e2e-jb';
    await callCore(core, 'auth.signIn', { username: 'jb_wang', password: PASSWORD }, jbCh);
    const notice = core.env.files.putUpload('通知.pdf', new TextEncoder().encode('%PDF-1.4 notice'));
    const sign = core.env.files.putUpload('签到表.pdf', new TextEncoder().encode('%PDF-1.4 sign'));
    const dupNumber = `${String(year % 100)}350000000000000001`;
    const earlier = await callCore(core, 'expense.save', {
      request: {
        unitId: org, applyDate: today(), kind: '培训', purpose: '上期工会干部培训', payeeName: '某培训中心', payeeBank: '农行', payeeAccount: '622848000001',
        payMethod: '转账', amountFen: 100_000, lines: [{ unitId: org, subjectCode: '50501', fundSource: '工会资金', amountFen: 100_000 }],
        invoices: [{ number: dupNumber, date: today(), sellerName: '某培训中心', sellerCreditCode: SELLER, amountFen: 100_000 }],
        attachments: [{ itemKey: 'notice', uploadId: notice.id }, { itemKey: 'sign_in', uploadId: sign.id }],
      },
    }, jbCh);
    await callCore(core, 'expense.submit', { id: earlier.id }, jbCh);

    const ex = new ExpensePage(page);
    const signInAs = async (username: string) => {
      await signIn.signInAndWait(username, PASSWORD);
      await frame.open('expense', '支出申请');
    };
    const switchTo = async (username: string) => {
      if (await ex.detail.isVisible()) {
        await ex.closeDetail();
        await expect(ex.detail).toHaveCount(0);
      }
      await frame.signOut();
      await signInAs(username);
    };

    // ── 经办人办理 ───────────────────────────────────────────────────────────────────────────
    await page.reload();
    await signInAs('jb_wang');
    const labels = await frame.allMenuLabels();
    expect(labels).toEqual(expect.arrayContaining(['支出申请', '预算执行与三公']));
    await page.getByTestId('expense-new').click();
    await ex.form.waitFor();
    await ex.pick(ex.field('form-kind'), '培训');
    await ex.field('form-purpose').fill('第二期基层工会干部业务培训');
    await ex.field('form-payee').fill('某某培训服务有限公司');
    await ex.field('form-bank').fill('农业银行城关支行');
    await ex.field('form-account').fill('6228480000000000');
    await ex.field('form-amount').fill('3,000.00');
    await expect(ex.field('form-upper')).toHaveText('叁仟元整');
    await ex.pick(ex.field('form-line-0-pick'), '50501');
    await expect(ex.field('form-line-0-figures')).toContainText('可用 9,000.00');
    await ex.field('form-line-0-amount').fill('3000');
    await ex.field('form-invoice-add').click();
    await ex.field('inv-0-number').fill('1234');
    await expect(ex.field('inv-0-msg')).toContainText('发票号码应为20位');
    await ex.field('inv-0-number').fill(dupNumber);
    await ex.field('inv-0-sellerName').fill('某某培训服务有限公司');
    await ex.field('inv-0-sellerCreditCode').fill(SELLER);
    await ex.field('inv-0-amount').fill('3000');
    await expect(page.getByTestId('check-sign_in')).toHaveAttribute('data-done', 'no');
    const noticeFile = path.join(dataDir, '培训通知.pdf');
    const signFile = path.join(dataDir, '签到表.pdf');
    fs.writeFileSync(noticeFile, '%PDF-1.4 培训通知');
    fs.writeFileSync(signFile, '%PDF-1.4 签到表');
    await ex.upload('notice', noticeFile);
    await ex.upload('sign_in', signFile);
    await expect(page.getByTestId('check-sign_in')).toHaveAttribute('data-done', 'yes');
    // The live check already names the earlier request; saving is refused with the same message.
    await expect(ex.field('inv-0-msg')).toContainText(`已在支出申请 ${earlier.number}`);
    await ex.field('expense-form-save').click();
    await expect(ex.field('expense-form-error')).toContainText(`已在支出申请 ${earlier.number}`);
    await expect(ex.field('expense-form-error')).toContainText('同一张发票不能重复报销');
    await ex.field('inv-0-number').fill(`${String(year % 100)}350000000000000002`);
    await expect(page.getByTestId('form-check-ok')).toBeVisible();
    await ex.field('expense-form-save').click();
    await ex.detail.waitFor();
    const number = (await page.getByTestId('detail-number').innerText()).trim();
    expect(number).toBe(`ZC${year}-0002`);
    await expect(page.getByTestId('detail-upper')).toHaveText('叁仟元整');
    await ex.action('submit').click();
    await expect(ex.detail).toHaveAttribute('data-step', '2');

    // ── 分管领导审批 ───────────────────────────────────────────────────────────────────────────
    await switchTo('fg_li');
    await expect(page.getByTestId('expense-todo-count-2')).toContainText('2');
    await expect(page.getByTestId('menu-badge-expense')).toHaveText('2');
    // The home page's to-do card shows the same.
    await frame.open('home', '首页');
    await expect(page.getByTestId('home-expense-todo-title')).toHaveText('支出审批待办（2）');
    await expect(page.getByTestId('home-expense-todo')).toContainText(number);
    await frame.open('expense', '支出申请');
    await ex.openFromTodo(number);
    await ex.opinion('同意');
    await ex.action('approve').click();
    await expect(ex.detail).toHaveAttribute('data-step', '3');

    // ── 财务和办公室审核: returns it once to 分管领导 ─────────────────────────────────────────
    await switchTo('cw_zhao');
    await ex.openFromTodo(number);
    await ex.opinion('请分管领导确认培训人数');
    await ex.returnTo('分管领导审批');
    await expect(ex.detail).toHaveAttribute('data-step', '2');
    await expect(page.getByTestId('detail-history')).toContainText('退回 到“分管领导审批”');
    await switchTo('fg_li');
    await ex.openFromTodo(number);
    await ex.opinion('已确认 45 人');
    await ex.action('approve').click();
    await expect(ex.detail).toHaveAttribute('data-step', '3');
    await switchTo('cw_zhao');
    await ex.openFromTodo(number);
    await ex.action('approve').click();
    await expect(ex.detail).toHaveAttribute('data-step', '4');

    // ── 分管财务副主席审批 ─────────────────────────────────────────────────────────────────────
    await switchTo('fz_sun');
    await ex.openFromTodo(number);
    await ex.action('approve').click();
    await expect(ex.detail).toHaveAttribute('data-step', '5');

    // ── 出纳付款 ──────────────────────────────────────────────────────────────────────────────
    await switchTo('cn_zhou');
    await ex.openFromTodo(number);
    await page.getByTestId('pay-ref').fill('NB2026120601');
    await ex.action('pay').click();
    await expect(ex.detail).toHaveAttribute('data-step', '6');
    await expect(page.getByTestId('detail-payment')).toContainText('NB2026120601');

    // ── 会计记账 ──────────────────────────────────────────────────────────────────────────────
    await switchTo('kj_wu');
    await ex.openFromTodo(number);
    await ex.action('post').click();
    await expect(ex.detail).toHaveAttribute('data-step', '7');
    await expect(page.getByTestId('detail-voucher')).toContainText('记-0001');
    // The books: 财务部门 reviews, a second 会计 posts (preparer/reviewer/poster are three people).
    const req = await core.db.selectFrom('expense_request').select(['id', 'voucher_id']).where('number', '=', number).executeTakeFirstOrThrow();
    const cwCh = 'e2e-cw';
    const kj2Ch = 'e2e-kj2';
    await callCore(core, 'auth.signIn', { username: 'cw_zhao', password: PASSWORD }, cwCh);
    await callCore(core, 'auth.signIn', { username: 'kj_zheng', password: PASSWORD }, kj2Ch);
    await callCore(core, 'ledger.vouchers.review', { id: req.voucher_id! }, cwCh);
    await callCore(core, 'ledger.vouchers.post', { id: req.voucher_id! }, kj2Ch);

    // ── 常务副主席核查 ─────────────────────────────────────────────────────────────────────────
    await switchTo('cy_feng');
    await ex.openFromTodo(number);
    await expect(page.getByTestId('detail-voucher-status')).toHaveText('已记账');
    await ex.opinion('核查无误');
    await ex.action('verify').click();
    await expect(ex.detail).toHaveAttribute('data-status', '已办结');
    for (let s = 1; s <= 7; s++) await expect(page.getByTestId(`detail-step-${s}`)).not.toBeEmpty();
    await page.getByTestId('detail-print').click();
    await expect(page.getByTestId('expense-print-view')).toContainText('叁仟元整');
    await expect(page.getByTestId('print-step-5')).toContainText('周出纳');
    await expect(page.getByTestId('print-step-7')).toContainText('核查无误');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('expense-print-view')).toHaveCount(0);
    await ex.closeDetail();
    await expect(ex.detail).toHaveCount(0);

    // The voucher in the books: 借 50501 3,000.00 / 贷 102 3,000.00, linked to the request.
    const v = await core.db.selectFrom('ledger_voucher').selectAll().where('id', '=', req.voucher_id!).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ status: '已记账', debit_total_fen: 300_000, credit_total_fen: 300_000, source_id: String(req.id) });
    // Budget execution: 1,000.00 committed (the earlier request), 3,000.00 paid, 6,000.00 available.
    await frame.open('expense-execution', '预算执行与三公');
    const row = page.getByTestId('exec-row-50501');
    await expect(row).toContainText('10,000.00');
    await expect(row).toContainText('1,000.00');
    await expect(row).toContainText('3,000.00');
    await expect(row).toContainText('6,000.00');
    await expect(row).toContainText('30.00%');
  });
});

export type { Page };
