// Organisation end-to-end: the first-run wizard, sign-in and what each role may see, the session's end,
// users and separation-of-duties rules, importing units from Excel (checked first, nothing written while
// a row is wrong), and the audit log with its hash-chain check.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, TestInfo } from '@playwright/test';
import { UNIT_COLUMNS, UNIT_TEMPLATE_SHEET } from '../../shared/units';
import { makeCreditCode } from '../../shared/validate/creditCode';
import type { Core } from '../../electron/core/app';
import {
  test,
  expect,
  RESULTS_DIR,
  TEST_ADMIN,
  TEST_ORG,
  adminChannel,
  callCore,
  createUsersInCore,
  initialiseOrg,
} from './fixtures';
import { SetupWizardPage } from './pages/SetupWizardPage';
import { UnitsPage } from './pages/UnitsPage';
import { UsersPage } from './pages/UsersPage';
import { AuditPage } from './pages/AuditPage';
import { ChangePasswordDialog } from './pages/ChangePasswordDialog';
import { HomePage } from './pages/HomePage';

const ALL_MENUS = ['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '用户与角色', '审计日志', '数据备份', '系统信息'];
/** 出纳 and 财务部门: business modules and the books, no system administration. */
const FINANCE_MENUS = ['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '系统信息'];

async function screenshot(page: Page, testInfo: TestInfo, name: string, title: string): Promise<string> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(title, { path: file, contentType: 'image/png' });
  return file;
}

async function unitCount(core: Core, kind: string): Promise<number> {
  const r = await core.db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function auditCount(core: Core): Promise<number> {
  const r = await core.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- the import workbook ------------------------------------------------------------------------

interface UnitLine {
  name: string;
  creditCode: string;
  orgType: string;
  ownership: string;
  chair: string;
  members: number;
  staff: number;
  payroll: string;
}

/** Five grassroots unions with valid codes (GB 32100 and GB 11714). */
function grassroots(): UnitLine[] {
  const org = ['A1B2C3D4', 'B2C3D4E5', 'C3D4E5F6', 'D4E5F6G7', 'E5F6G7H8'];
  const names = ['测试县鑫达机械制造有限公司', '测试县恒通物流有限公司', '测试县人民医院', '测试县宏远电子科技有限公司', '测试县第一中学'];
  const types = ['企业', '企业', '事业单位', '企业', '事业单位'];
  return names.map((name, i) => ({
    name,
    creditCode: makeCreditCode(types[i] === '企业' ? '91' : '12', '350128', org[i]!),
    orgType: types[i]!,
    ownership: types[i] === '企业' ? '非公' : '国有',
    chair: ['王建国', '李敏', '张伟', '陈静', '刘洋'][i]!,
    members: [126, 48, 620, 210, 150][i]!,
    staff: [140, 52, 700, 230, 160][i]!,
    payroll: ['658,000.50', '210000', '4,320,000.00', '980,500.25', '1,150,000'][i]!,
  }));
}

/** The last character changed: a code whose check character (char 18) is wrong. */
function breakCheckChar(code: string): string {
  const last = code[17]!;
  return code.slice(0, 17) + (last === '0' ? '1' : '0');
}

/** Writes the import workbook with the template's header names (shared/units.ts). */
async function writeWorkbook(file: string, lines: UnitLine[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(UNIT_TEMPLATE_SHEET);
  const header = (key: string) => UNIT_COLUMNS.find((c) => c.key === key)!.header;
  const keys = ['name', 'kind', 'orgType', 'ownership', 'creditCode', 'unionStatus', 'unionFoundedOn', 'chair', 'memberCount', 'staffCount', 'payrollBaseFen'];
  ws.addRow(keys.map(header));
  for (const l of lines) {
    ws.addRow([l.name, '基层工会', l.orgType, l.ownership, l.creditCode, '已建会', '2015-06-18', l.chair, l.members, l.staff, l.payroll]);
  }
  // Codes stay text (as the template asks).
  ws.getColumn(5).numFmt = '@';
  await wb.xlsx.writeFile(file);
}

// ---- tests ------------------------------------------------------------------------------------

test.describe('组织：首次使用、登录与权限', () => {
  test('首次使用向导：信用代码校验、创建管理员，然后在登录页登录', async ({ page, core, signIn, frame }, testInfo) => {
    const wizard = new SetupWizardPage(page);
    await expect(wizard.root).toBeVisible();
    await expect(wizard.currentStep()).toHaveText('本级工会');
    await expect(wizard.demoButton).toHaveText('打开演示数据');
    await screenshot(page, testInfo, 'setup-wizard.png', '首次使用向导');

    // A code with a wrong check character: the wizard says so in Chinese and stays on the step.
    const bad = breakCheckChar(TEST_ORG.creditCode);
    await wizard.fillOrg({ orgName: TEST_ORG.orgName, creditCode: bad });
    await wizard.next.click();
    await expect(wizard.fieldError(wizard.creditCode)).toContainText('统一社会信用代码第18位校验码应为');
    await expect(wizard.currentStep()).toHaveText('本级工会');
    await screenshot(page, testInfo, 'setup-wizard-error.png', '向导：信用代码错误');

    await wizard.creditCode.fill(TEST_ORG.creditCode);
    await expect(wizard.fieldError(wizard.creditCode)).toHaveCount(0);
    await wizard.next.click();
    await expect(wizard.currentStep()).toHaveText('系统管理员');
    await expect(page.getByTestId('password-rules')).toContainText('至少 8 位');
    await expect(page.getByTestId('password-rules')).toContainText('同时包含字母和数字');

    // The two passwords must agree.
    await wizard.fillAdmin(TEST_ADMIN);
    await wizard.confirm.fill(`${TEST_ADMIN.password}x`);
    await wizard.next.click();
    await expect(wizard.fieldError(wizard.confirm)).toHaveText('两次输入的密码不一致');
    await wizard.confirm.fill(TEST_ADMIN.password);
    await wizard.next.click();
    await expect(wizard.currentStep()).toHaveText('确认');
    await expect(wizard.summaryOrg).toHaveText(TEST_ORG.orgName);
    await wizard.finish.click();

    // Set up: the sign-in page, headed by the federation, the administrator's name filled in.
    await expect(signIn.root).toBeVisible();
    await expect(signIn.orgName).toHaveText(TEST_ORG.orgName);
    await expect(signIn.notice).toContainText('初始化完成');
    await expect(signIn.username).toHaveValue(TEST_ADMIN.username);
    const status = await callCore(core, 'setup.status', {});
    expect(status).toMatchObject({ initialised: true, orgName: TEST_ORG.orgName, orgCode: TEST_ORG.creditCode, level: '县级' });

    // A wrong password: the core's message with the attempts left.
    await signIn.signIn(TEST_ADMIN.username, 'Wrong2026');
    await expect(signIn.error).toContainText('用户名或密码错误');
    await expect(signIn.error).toContainText('还可尝试 4 次');

    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    await expect(frame.orgName).toHaveText(TEST_ORG.orgName);
    await expect(frame.userName).toHaveText(TEST_ADMIN.displayName);
    expect(await frame.roles()).toEqual(['系统管理员']);
    expect(await frame.menuLabels()).toEqual(ALL_MENUS);
    await expect(page.getByTestId('home-welcome-name')).toHaveText(TEST_ADMIN.displayName);
    await new HomePage(page).waitForData();
  });

  test('不同角色看到不同的菜单；只读审阅看得到用户与审计日志，但没有修改按钮', async ({ page, core, signIn, frame, pageLog }) => {
    test.setTimeout(180_000); // five sign-ins (scrypt) and as many pages
    await initialiseOrg(core);
    await createUsersInCore(core, [
      { username: 'chuna', displayName: '钱出纳', password: 'Chuna2026', roles: ['出纳'] },
      { username: 'shenyue', displayName: '孙审阅', password: 'Shenyue2026', roles: ['只读审阅'] },
      { username: 'jingshen', displayName: '李经审', password: 'Jingshen2026', roles: ['经审会主任'] },
      { username: 'caiwu', displayName: '周财务', password: 'Caiwu2026', roles: ['财务部门'] },
    ]);
    await page.reload();
    const units = new UnitsPage(page);
    const users = new UsersPage(page);

    // 出纳: 首页, 单位名录 (read only), 系统信息.
    await signIn.signInAndWait('chuna', 'Chuna2026');
    expect(await frame.menuLabels()).toEqual(FINANCE_MENUS);
    expect(await frame.roles()).toEqual(['出纳']);
    await frame.open('units', '单位名录');
    await units.waitForTable();
    await expect(units.exportButton).toBeVisible();
    await expect(units.newButton).toHaveCount(0);
    await expect(units.importButton).toHaveCount(0);
    await expect(units.templateButton).toHaveCount(0);
    // A page of another role, typed into the address bar, goes back to 首页.
    await page.goto(`${new URL(page.url()).origin}/#/users`);
    await expect(frame.pageTitle).toHaveText('首页');
    await frame.signOut();

    // 只读审阅: users and the audit log, but nothing to change.
    await signIn.signInAndWait('shenyue', 'Shenyue2026');
    expect(await frame.menuLabels()).toEqual(['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '用户与角色', '审计日志', '系统信息']);
    await frame.open('users', '用户与角色');
    await expect(users.readOnlyNote).toBeVisible();
    await expect(users.row('chuna')).toBeVisible();
    await expect(users.row('chuna')).toContainText('出纳');
    await expect(users.row('chuna')).toContainText('正常');
    await expect(users.newButton).toHaveCount(0);
    await expect(page.getByTestId('user-edit')).toHaveCount(0);
    await users.sodTab.click();
    await expect(users.sodTable.locator('[data-testid="sod-row"][data-name="会计出纳分设"]')).toContainText('生效');
    await expect(page.getByTestId('sod-new')).toHaveCount(0);
    await expect(page.getByTestId('sod-retire')).toHaveCount(0);
    await users.rolesTab.click();
    await expect(users.rolesTable.locator('[data-testid="role-row"][data-role="出纳"]')).toContainText('办理付款');
    await frame.open('units', '单位名录');
    await units.waitForTable();
    await expect(units.newButton).toHaveCount(0);
    await expect(units.importButton).toHaveCount(0);
    await frame.open('audit', '审计日志');
    await new AuditPage(page).waitForTable();
    await frame.signOut();

    // 经审会主任: the audit log, not users.
    await signIn.signInAndWait('jingshen', 'Jingshen2026');
    expect(await frame.menuLabels()).toEqual(['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '审计日志', '系统信息']);
    await frame.signOut();

    // 财务部门: may change the registry.
    await signIn.signInAndWait('caiwu', 'Caiwu2026');
    expect(await frame.menuLabels()).toEqual(FINANCE_MENUS);
    await frame.open('units', '单位名录');
    await expect(units.newButton).toBeVisible();
    await expect(units.importButton).toBeVisible();
    await frame.signOut();

    // The administrator sees everything.
    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    expect(await frame.menuLabels()).toEqual(ALL_MENUS);
    expect(pageLog.pageErrors).toEqual([]);
    expect(pageLog.consoleErrors).toEqual([]);
  });

  test('管理员新增用户：违反不相容职务规则时提示规则名称；新用户登录后只见其角色的菜单', async ({ page, signedIn, signIn }) => {
    const frame = signedIn;
    await frame.open('users', '用户与角色');
    const users = new UsersPage(page);
    await users.fillNewUser({ username: 'zhangsan', displayName: '张三', title: '出纳', password: 'Zhang2026', roles: ['出纳', '会计'] });
    // The form warns while ticking, and the core refuses with the rule's name.
    await expect(users.sodHint).toContainText('会计出纳分设');
    await users.saveDialog();
    await expect(users.dialogError).toContainText('违反不相容职务规则');
    await expect(users.dialogError).toContainText('会计出纳分设');
    await expect(users.dialogError).toHaveAttribute('data-code', 'SOD_VIOLATION');

    await users.roleCheckbox('会计').uncheck();
    await expect(users.sodHint).toHaveCount(0);
    await users.saveDialog();
    await expect(users.dialog).toHaveCount(0);
    await expect(users.row('zhangsan')).toContainText('张三');
    await expect(users.row('zhangsan')).toContainText('出纳');
    await expect(users.row('zhangsan').getByTestId('user-status')).toHaveText('正常');

    // A rule of its own, then retired (kept, marked 已停用).
    await users.sodTab.click();
    await users.addSodRule({
      name: '出纳不得兼任办公室',
      roleA: '出纳',
      roleB: '办公室',
      basis: '本会内部控制制度第十条',
      effectiveFrom: '2025-01-01',
    });
    const rule = users.sodRow('出纳不得兼任办公室');
    await expect(rule).toContainText('生效');
    await expect(rule).toContainText('本会内部控制制度第十条');
    await rule.getByTestId('sod-retire').click();
    await page.locator('.ant-modal-footer').getByRole('button', { name: '停用' }).click();
    await expect(rule).toContainText('已停用');

    await frame.signOut();
    await signIn.signInAndWait('zhangsan', 'Zhang2026');
    expect(await frame.menuLabels()).toEqual(FINANCE_MENUS);
    await expect(frame.userName).toHaveText('张三');
  });

  test('登录超时回到登录页并提示；密码被重置的用户须先修改密码', async ({ page, core, signedIn, signIn }) => {
    const frame = signedIn;
    // The home page's own calls (system figures, the overdue rectification card) finish first, so the
    // click below is the call that meets the expired session.
    await expect(page.getByTestId('home-page')).toHaveAttribute('data-loaded', 'true');
    await expect(page.getByTestId('home-oversight-overdue-count')).toBeVisible();
    // The core's idle limit passes: the next call is refused and the sign-in page says why.
    core.sessions.idleMinutes = 0;
    await page.waitForTimeout(20);
    // The click meets the expired session — unless a call of the page (a menu count) met it first and the
    // sign-in page is already there: either way the user lands on sign-in with the notice.
    await frame.menuItem('units').click({ timeout: 5_000 }).catch(() => undefined);
    await expect(signIn.root).toBeVisible();
    await expect(signIn.notice).toHaveText('登录已超时，请重新登录');
    core.sessions.idleMinutes = 30;

    // A user whose password the administrator reset must change it before anything else.
    await createUsersInCore(core, [{ username: 'kuaiji', displayName: '吴会计', password: 'Kuaiji2026', roles: ['会计'] }]);
    const channel = await adminChannel(core);
    const list = await callCore(core, 'users.list', { includeInactive: true }, channel);
    const kuaiji = list.find((u) => u.username === 'kuaiji')!;
    await callCore(core, 'users.resetPassword', { id: kuaiji.id, newPassword: 'Reset2026' }, channel);

    await signIn.signInAndWait('kuaiji', 'Reset2026');
    const dialog = new ChangePasswordDialog(page);
    await expect(dialog.root).toBeVisible();
    await expect(page.getByTestId('must-change-password')).toBeVisible();
    await expect(dialog.signOut).toBeVisible();
    await dialog.change('Reset2026', 'Kuaiji2027');
    await expect(dialog.root).toBeHidden();
    // Another user than the one whose session ended: starts on 首页.
    await expect(page.getByTestId('home-page')).toBeVisible();
    await expect(page.getByTestId('home-welcome-name')).toHaveText('吴会计');
    await frame.signOut();
    await signIn.signInAndWait('kuaiji', 'Kuaiji2027');
    await expect(dialog.root).toBeHidden();
  });
});

test.describe('单位名录：新增、停用与导出', () => {
  test('新增单位：信用代码和金额在表单中校验，保存后出现在名录中；停用；导出名录和模板', async ({ page, core, signedIn }) => {
    const frame = signedIn;
    await frame.open('units', '单位名录');
    const units = new UnitsPage(page);
    await units.waitForTable();
    await units.openNew();

    const code = makeCreditCode('91', '350128', 'K1L2M3N4');
    await units.field('name').fill('测试县新建材有限公司');
    // Enter moves on to the next field, as in finance software.
    await units.field('name').press('Enter');
    await expect(units.field('shortName')).toBeFocused();
    await units.field('creditCode').fill(breakCheckChar(code));
    await units.field('payroll').fill('abc');
    await units.save.click();
    await expect(units.fieldError('creditCode')).toContainText('第18位校验码应为');
    await expect(units.fieldError('payroll')).toContainText('金额格式不正确');
    expect(await unitCount(core, '基层工会')).toBe(0);

    await units.field('creditCode').fill(code);
    await units.field('payroll').fill('88000');
    await units.field('payroll').blur();
    await expect(units.field('payroll')).toHaveValue('88,000.00');
    await units.field('memberCount').fill('35');
    await units.field('staffCount').fill('40');
    await units.save.click();
    await expect(units.drawerTitle).toHaveText('测试县新建材有限公司');
    expect(await unitCount(core, '基层工会')).toBe(1);
    const row = units.row('测试县新建材有限公司');
    await expect(row).toContainText('88,000.00');
    await expect(row).toContainText('JC00001');

    // 停用 (with confirmation): the row says so.
    await page.getByTestId('unit-deactivate').click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await expect(page.getByTestId('unit-activate')).toBeVisible();
    await units.closeDrawer();
    await expect(row).toContainText('已停用');

    // 下载导入模板 and 导出名录 arrive as downloads in browser mode.
    const template = page.waitForEvent('download');
    await units.templateButton.click();
    expect((await template).suggestedFilename()).toBe('单位导入模板.xlsx');
    const list = page.waitForEvent('download');
    await units.exportButton.click();
    expect((await list).suggestedFilename()).toBe('单位名录.xlsx');
  });
});

test.describe('单位名录：Excel 导入与审计日志', () => {
  test('导入有错误的文件：列出行和列、不导入任何数据；改正后导入成功；审计日志记录导入并校验日志链', async ({
    page,
    core,
    dataDir,
    signedIn,
    pageLog,
  }, testInfo) => {
    test.setTimeout(180_000);
    const frame = signedIn;
    await frame.open('units', '单位名录');
    const units = new UnitsPage(page);
    await units.filterKind('基层工会');
    expect(await units.totalCount()).toBe(0);
    expect(await unitCount(core, '基层工会')).toBe(0);
    const unitsBefore = await core.db.selectFrom('unit').select(['id', 'updated_at']).execute();

    // Five rows; the fourth (Excel row 5) has a wrong check character in its credit code.
    const lines = grassroots();
    const broken = lines.map((l, i) => (i === 3 ? { ...l, creditCode: breakCheckChar(l.creditCode) } : l));
    const file = path.join(dataDir, '基层工会名录.xlsx');
    await writeWorkbook(file, broken);

    await units.chooseImportFile(file);
    await expect(units.importErrorsAlert).toContainText('未导入任何数据');
    const errors = await units.importErrorRows();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const creditError = errors.find((e) => e.column === '统一社会信用代码');
    expect(creditError, JSON.stringify(errors)).toBeDefined();
    expect(creditError).toMatchObject({ sheet: UNIT_TEMPLATE_SHEET, row: '5' });
    expect(creditError!.message).toContain('校验码');
    expect(errors.every((e) => e.row === '5')).toBe(true);
    await expect(units.importConfirm).toHaveCount(0);
    await screenshot(page, testInfo, 'units-import-errors.png', '导入错误列表');

    // Nothing was imported.
    await units.importClose.click();
    await expect(units.importDialog).toHaveCount(0);
    await units.filterKind('基层工会');
    expect(await units.totalCount()).toBe(0);
    expect(await unitCount(core, '基层工会')).toBe(0);
    expect(await core.db.selectFrom('unit').select(['id', 'updated_at']).execute()).toEqual(unitsBefore);

    // The row corrected: the check passes, shows what will happen, and only 确认导入 writes.
    await writeWorkbook(file, lines);
    await units.chooseImportFile(file);
    await expect(units.importOk).toBeVisible();
    await expect(page.getByTestId('unit-import-created')).toContainText('5');
    await expect(page.getByTestId('unit-import-updated')).toContainText('0');
    expect(await unitCount(core, '基层工会')).toBe(0);
    await units.confirmImport();
    await expect(units.importDone).toContainText('新增 5 个');
    await units.importFinish.click();

    expect(await unitCount(core, '基层工会')).toBe(5);
    expect(await units.totalCount()).toBe(5);
    expect((await units.names()).sort()).toEqual(lines.map((l) => l.name).sort());
    // Amounts in 元 with thousands separators, right-aligned.
    const hospital = units.row('测试县人民医院');
    await expect(hospital).toContainText('4,320,000.00');
    await expect(hospital).toContainText('620');
    const payrollCell = hospital.locator('td').filter({ hasText: '4,320,000.00' });
    expect(await payrollCell.evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');
    await screenshot(page, testInfo, 'units-page.png', '单位名录');

    // The drawer: the unit's fields and its history (created by the import).
    await units.openUnit('测试县人民医院');
    await expect(units.field('payroll')).toHaveValue('4,320,000.00');
    await expect(units.field('creditCode')).toHaveValue(lines[2]!.creditCode);
    // A bad amount is refused next to the field.
    await units.field('payroll').fill('12.345');
    await expect(units.fieldError('payroll')).toContainText('金额最多两位小数');
    await units.field('payroll').fill('4,400,000.5');
    await units.field('payroll').blur();
    await expect(units.field('payroll')).toHaveValue('4,400,000.50');
    await units.save.click();
    await expect(page.locator('.ant-message')).toContainText('已保存');
    await page.getByTestId('unit-tab-history').click();
    await expect(page.getByTestId('unit-history')).toContainText('4,320,000.00 元');
    await expect(page.getByTestId('unit-history')).toContainText('4,400,000.50 元');
    await screenshot(page, testInfo, 'unit-drawer-history.png', '单位变更历史');
    await units.closeDrawer();

    // The audit log shows the import, and its chain is intact.
    await frame.open('audit', '审计日志');
    const audit = new AuditPage(page);
    await audit.waitForTable();
    const importRow = audit.rowWithAction('导入单位');
    await expect(importRow).toContainText('基层工会名录.xlsx');
    await expect(importRow).toContainText('新增 5 个');
    await expect(importRow).toContainText(TEST_ADMIN.username);
    await expect(importRow.getByTestId('audit-time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const changeRow = audit.rowWithAction('修改单位');
    const diff = await audit.expand(changeRow);
    await expect(diff.locator('[data-field="payrollBaseFen"]')).toContainText('4,320,000.00 元');
    await expect(diff.locator('[data-field="payrollBaseFen"]')).toContainText('4,400,000.50 元');

    const exported = page.waitForEvent('download');
    await audit.exportButton.click();
    expect((await exported).suggestedFilename()).toBe('审计日志.xlsx');

    await audit.verify();
    const n = await auditCount(core);
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
    await expect(audit.verifyTitle).toHaveText(`日志链完整，已校验 ${n.toLocaleString('en-US')} 条`);
    await screenshot(page, testInfo, 'audit-page.png', '审计日志');
    expect(pageLog.pageErrors).toEqual([]);
    expect(pageLog.consoleErrors).toEqual([]);
  });
});
