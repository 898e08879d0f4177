// 支出审批 — the actions besides the straight walk, in the browser: the applicant withdraws a request before
// any approval (the committed amount is released in the budget-line figures); an office clerk records the
// 分管领导's signed paper form (signer, date, scan) and the steps and history show it as 代录; 分管领导
// rejects with a reason and the applicant sees 已驳回 with that reason; the administrator lowers the cash
// limit in the rule editor (a bad value is refused with the core's message first) and a cash request above
// the new limit is refused with a message naming it; the 培训 checklist is edited (an item removed, one
// added, a nameless item refused by the core) and the applicant's form asks for the new list.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, TEST_ADMIN } from './fixtures';
import type { Core } from '../../electron/core/app';
import { ExpensePage, ExpenseRulesEditor } from './pages/ExpensePages';
import { getSetting, SETTING } from '../../electron/core/settings';
import { seedApprovedBudget } from '../../electron/core/domains/expense/demo';
import { makeCreditCode } from '../../shared/validate/creditCode';
import type { ExpenseRequestInput } from '../../shared/contract/expense';

const PASSWORD = 'Passw0rd!2026';
const USERS = [
  { username: 'jb_wang', displayName: '王经办', roles: ['经办人'] },
  { username: 'fg_li', displayName: '李分管', roles: ['分管领导'] },
  { username: 'bgs_qian', displayName: '钱办公室', roles: ['办公室'] },
];
const SELLER = makeCreditCode('91', '350102', '12345678');

function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

let invSeq = 0;
/** The org, a 10,000.00 budget on 50501, the users; returns the applicant's channel. */
async function arrange(core: Core): Promise<{ org: number; jb: string }> {
  await initialiseOrg(core);
  await adminChannel(core);
  const org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  await seedApprovedBudget(core.db, Number(today().slice(0, 4)), [{ unitId: org, subjectCode: '50501', amountFen: 1_000_000 }]);
  await createUsersInCore(core, USERS.map((u) => ({ ...u, password: PASSWORD })));
  const jb = 'e2e-jb';
  await callCore(core, 'auth.signIn', { username: 'jb_wang', password: PASSWORD }, jb);
  return { org, jb };
}

/** A submitted 培训 request of `amountFen` (through the core), now at 分管领导审批; returns its number. */
async function submittedTraining(core: Core, org: number, jb: string, amountFen: number, purpose: string): Promise<string> {
  const notice = core.env.files.putUpload('通知.pdf', new TextEncoder().encode('%PDF-1.4 notice'));
  const sign = core.env.files.putUpload('签到表.pdf', new TextEncoder().encode('%PDF-1.4 sign'));
  invSeq++;
  const year = today().slice(2, 4);
  const req: ExpenseRequestInput = {
    unitId: org, applyDate: today(), kind: '培训', purpose, payeeName: '某培训中心', payeeBank: '农业银行城关支行', payeeAccount: '622848000001',
    payMethod: '转账', amountFen, lines: [{ unitId: org, subjectCode: '50501', fundSource: '工会资金', amountFen }],
    invoices: [{ number: `${year}35000000000000${String(invSeq).padStart(4, '0')}`, date: today(), sellerName: '某培训中心', sellerCreditCode: SELLER, amountFen }],
    attachments: [{ itemKey: 'notice', uploadId: notice.id }, { itemKey: 'sign_in', uploadId: sign.id }],
  };
  const saved = await callCore(core, 'expense.save', { request: req }, jb);
  const d = await callCore(core, 'expense.submit', { id: saved.id }, jb);
  expect(d.step).toBe(2);
  return d.number;
}

test.describe('支出审批：撤回、代录、驳回、规则', () => {
  test('the applicant withdraws before the first approval; the committed amount is released', async ({ page, core, frame, signIn }) => {
    test.setTimeout(120_000);
    const { org, jb } = await arrange(core);
    const number = await submittedTraining(core, org, jb, 300_000, '第三期工会干部培训');
    await page.reload();
    await signIn.signInAndWait('jb_wang', PASSWORD);
    const labels = await frame.allMenuLabels();
    expect(labels).toEqual(expect.arrayContaining(['支出申请', '预算执行与三公']));
    // Budget execution: 3,000.00 committed, 7,000.00 available.
    await frame.open('expense-execution', '预算执行与三公');
    const cells = page.getByTestId('exec-row-50501').locator('td');
    await expect(cells.nth(4)).toHaveText('10,000.00');
    await expect(cells.nth(5)).toHaveText('3,000.00');
    await expect(cells.nth(7)).toHaveText('7,000.00');

    await frame.open('expense', '支出申请');
    const ex = new ExpensePage(page);
    await ex.openFromList(number);
    await expect(ex.detail).toHaveAttribute('data-status', '审批中');
    await ex.opinion('培训延期，撤回重报');
    await ex.action('withdraw').click();
    await expect(ex.detail).toHaveAttribute('data-status', '已撤回');
    await expect(page.getByTestId('detail-status')).toHaveText('已撤回');
    await expect(page.getByTestId('detail-outcome')).toContainText('占用的预算已释放');
    await expect(page.getByTestId('detail-outcome-reason')).toHaveText('原因：培训延期，撤回重报');
    await expect(page.getByTestId('detail-history')).toContainText('撤回');
    await ex.closeDetail();
    await expect(ex.detail).toHaveCount(0);

    // Released: nothing committed, 10,000.00 available again.
    await frame.open('expense-execution', '预算执行与三公');
    await expect(cells.nth(5)).toHaveText('0.00');
    await expect(cells.nth(7)).toHaveText('10,000.00');
  });

  test('an office clerk records the 分管领导 paper signature on his behalf; the steps and history show 代录', async ({ page, core, frame, signIn, dataDir }) => {
    test.setTimeout(120_000);
    const { org, jb } = await arrange(core);
    const number = await submittedTraining(core, org, jb, 200_000, '工会财务人员培训');
    await page.reload();
    await signIn.signInAndWait('bgs_qian', PASSWORD);
    await frame.open('expense', '支出申请');
    const ex = new ExpensePage(page);
    await ex.openFromList(number);
    await expect(ex.detail).toHaveAttribute('data-step', '2');
    // Not the 办公室's step: no approve button until the on-behalf box is ticked.
    await expect(ex.action('approve')).toHaveCount(0);
    await page.getByTestId('action-behalf').check();
    await page.getByTestId('behalf-signer').fill('李分管');
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('behalf-date').fill(yesterday);
    const scan = path.join(dataDir, '分管领导签批单.pdf');
    fs.writeFileSync(scan, '%PDF-1.4 签批单扫描件');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('behalf-scan').click();
    await (await chooser).setFiles(scan);
    await expect(page.getByTestId('behalf-scan')).toContainText('分管领导签批单.pdf');
    await ex.opinion('同意（纸质签批）');
    await ex.action('approve').click();
    await expect(ex.detail).toHaveAttribute('data-step', '3');
    await expect(page.getByTestId('detail-step-2')).toContainText('李分管');
    await expect(page.getByTestId('detail-step-2')).toContainText('代录');
    const item = page.getByTestId('detail-history-item').filter({ hasText: '分管领导审批' });
    await expect(item).toContainText('代录纸质签批');
    await expect(item).toContainText(`签署人 李分管，${yesterday}`);
    await expect(item).toContainText('分管领导签批单.pdf');
    await expect(item).toContainText('意见：同意（纸质签批）');
    await page.getByTestId('detail-print').click();
    await expect(page.getByTestId('print-step-2')).toContainText('李分管（钱办公室代录）');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('expense-print-view')).toHaveCount(0);
    // The core recorded it as on behalf, with the scan stored.
    const step = await core.db.selectFrom('expense_step').selectAll().where('on_behalf', '=', 1).executeTakeFirstOrThrow();
    expect(step).toMatchObject({ signer_name: '李分管', signed_on: yesterday });
    expect(step.scan_file_id).not.toBeNull();
  });

  test('分管领导 rejects with a reason; the applicant sees 已驳回 with that reason', async ({ page, core, frame, signIn }) => {
    test.setTimeout(120_000);
    const { org, jb } = await arrange(core);
    const number = await submittedTraining(core, org, jb, 150_000, '外出考察学习');
    await page.reload();
    await signIn.signInAndWait('fg_li', PASSWORD);
    await frame.open('expense', '支出申请');
    const ex = new ExpensePage(page);
    await ex.openFromTodo(number);
    // A rejection without a reason is refused by the core.
    await ex.action('reject').click();
    await expect(page.getByTestId('detail-action-error')).toContainText('驳回须写明原因');
    await ex.opinion('不属于年度培训计划，不予支出');
    await ex.action('reject').click();
    await expect(ex.detail).toHaveAttribute('data-status', '已驳回');
    await expect(page.getByTestId('detail-outcome')).toContainText('已驳回：在“分管领导审批”环节由 李分管 驳回');
    await expect(page.getByTestId('detail-outcome-reason')).toHaveText('原因：不属于年度培训计划，不予支出');
    await ex.closeDetail();
    await expect(ex.detail).toHaveCount(0);

    await frame.signOut();
    await signIn.signInAndWait('jb_wang', PASSWORD);
    await frame.open('expense', '支出申请');
    await ex.openFromList(number);
    await expect(page.getByTestId('detail-status')).toHaveText('已驳回');
    await expect(page.getByTestId('detail-outcome-reason')).toHaveText('原因：不属于年度培训计划，不予支出');
    await expect(page.getByTestId('detail-history')).toContainText('意见：不属于年度培训计划，不予支出');
    await expect(ex.action('submit')).toHaveCount(0);
  });

  test('the administrator lowers the cash limit in the rule editor; a cash request above it is refused naming the limit', async ({ page, core, frame, signIn }) => {
    test.setTimeout(120_000);
    await arrange(core);
    await page.reload();
    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    await frame.open('expense-execution', '预算执行与三公');
    const rules = new ExpenseRulesEditor(page);
    await rules.tab('cash_limit');
    await expect(rules.current).toContainText('现金支付不超过 1,000.00 元');
    await expect(rules.history).toHaveCount(1);
    await expect(rules.field('rule-cash-limit')).toHaveValue('1000.00');
    // Typed text that is not an amount: refused before it reaches the core.
    await rules.field('rule-cash-limit').fill('五百');
    await rules.save(today(), '县总工会财务制度（修订）');
    await expect(rules.error).toContainText('现金支付限额');
    // A negative amount parses but the core refuses it, with its Chinese message shown.
    await rules.field('rule-cash-limit').fill('-5');
    await rules.field('rule-save').click();
    await expect(rules.error).toHaveText('规则参数不正确：现金支付限额不能为负数。');
    await rules.field('rule-cash-limit').fill('500');
    await expect(rules.field('rule-cash-limit-upper')).toHaveText('伍佰元整');
    await rules.field('rule-save').click();
    await expect(rules.error).toHaveCount(0);
    await expect(rules.history).toHaveCount(2);
    await expect(rules.history.nth(1)).toHaveAttribute('data-in-force', 'yes');
    await expect(rules.history.nth(1)).toContainText(`${today()} 起`);
    await expect(rules.history.nth(1)).toContainText('县总工会财务制度（修订）');
    await expect(rules.history.nth(0)).toHaveAttribute('data-in-force', 'no');
    await expect(rules.history.nth(0)).toContainText('现金支付不超过 1,000.00 元');
    await expect(rules.current).toContainText('现金支付不超过 500.00 元');

    // The applicant: a 600.00 cash request is refused, the message names the 500.00 limit.
    await frame.signOut();
    await signIn.signInAndWait('jb_wang', PASSWORD);
    await frame.open('expense', '支出申请');
    const ex = new ExpensePage(page);
    await page.getByTestId('expense-new').click();
    await ex.form.waitFor();
    await ex.pick(ex.field('form-kind'), '培训');
    await ex.field('form-purpose').fill('工会小组长培训场地费');
    await ex.field('form-payee').fill('城关文具店');
    await ex.pick(ex.field('form-method'), '现金');
    await expect(ex.form).toContainText('现金限额 500.00 元');
    await ex.field('form-cash-reason').fill('收款人无银行账户');
    await ex.field('form-amount').fill('600');
    await ex.pick(ex.field('form-line-0-pick'), '50501');
    await ex.field('form-line-0-amount').fill('600');
    await expect(ex.field('form-check')).toContainText('现金支付不能超过 500.00 元，本申请 600.00 元');
    await ex.field('expense-form-save').click();
    await expect(ex.field('expense-form-error')).toContainText('能转账拒付现金：现金支付不能超过 500.00 元');
  });

  test('the administrator edits the 培训 checklist (remove an item, add one); the applicant form follows it', async ({ page, core, frame, signIn }) => {
    test.setTimeout(120_000);
    await arrange(core);
    await page.reload();
    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    await frame.open('expense-execution', '预算执行与三公');
    const rules = new ExpenseRulesEditor(page);
    const ex = new ExpensePage(page);
    await rules.tab('checklist');
    await ex.pick(rules.field('rule-cl-kind'), '培训');
    await expect(rules.current).toContainText('培训：培训通知（附件）、签到表（附件）、发票（发票）');
    await expect(rules.field('rule-cl-label-1')).toHaveValue('签到表');
    await rules.field('rule-cl-remove-1').click();
    await rules.field('rule-cl-add-attachment').click();
    await expect(rules.field('rule-cl-key-2')).toHaveValue('att1');
    // An item without a name: the core refuses it.
    await rules.save(today(), '培训报销改为凭培训方案（测试）');
    await expect(rules.error).toContainText('清单项须有名称');
    await rules.field('rule-cl-label-2').fill('培训方案');
    await rules.field('rule-save').click();
    await expect(rules.error).toHaveCount(0);
    await expect(rules.history).toHaveCount(2);
    await expect(rules.current).toContainText('培训：培训通知（附件）、发票（发票）、培训方案（附件）');
    await expect(rules.history.nth(1)).toHaveAttribute('data-in-force', 'yes');
    // Other types keep their own rule.
    await ex.pick(rules.field('rule-cl-kind'), '会议');
    await expect(rules.history).toHaveCount(1);
    await expect(rules.current).toContainText('会议：会议通知（附件）、签到表（附件）');

    await frame.signOut();
    await signIn.signInAndWait('jb_wang', PASSWORD);
    await frame.open('expense', '支出申请');
    await page.getByTestId('expense-new').click();
    await ex.form.waitFor();
    await ex.pick(ex.field('form-kind'), '培训');
    await expect(page.getByTestId('check-att1')).toContainText('培训方案');
    await expect(page.getByTestId('check-att1')).toHaveAttribute('data-done', 'no');
    await expect(page.getByTestId('check-notice')).toBeVisible();
    await expect(page.getByTestId('check-sign_in')).toHaveCount(0);
  });
});
