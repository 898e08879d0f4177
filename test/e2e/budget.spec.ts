// 预算编制 end to end: a finance clerk exports the units' templates, fills them (exceljs, as the units
// would), imports a folder of three workbooks of which one is bad and sees the error with its cell, fixes
// and re-imports it, consolidates and checks the rules, starts the year's budget, and seven different users
// carry it through the seven stages, each signing in and out through the UI.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
// exceljs's own zip library (a dependency of exceljs), to open the downloaded zip of templates.
import JSZip from 'jszip';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, RESULTS_DIR, TEST_ORG } from './fixtures';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { COVER_FIELDS, FIRST_DATA_ROW, HEADER_ROW, SHEETS } from '../../shared/budget/template';
import { formatFen } from '../../shared/money';
import { BUDGET_STAGES } from '../../shared/budget/constants';
import { BudgetApprovalPage, BudgetCollectPage, BudgetConsolidatePage } from './pages/BudgetPages';

const YEAR = TEST_ORG.fiscalYear;
const PASSWORD = 'Budget2026';
const CLERK = { username: 'kuaiji', displayName: '钱会计', roles: ['财务部门'] };
/** One user per stage; the last stage is recorded by a second finance user. */
const STAGE_USERS = [
  { username: 'jingban', displayName: '孙经办', roles: ['经办人'] },
  { username: 'fenguan', displayName: '李分管', roles: ['分管领导'] },
  { username: 'caiwu', displayName: '周财务', roles: ['财务部门'] },
  { username: 'zhuxi', displayName: '吴主席', roles: ['主席'] },
  { username: 'jingshen', displayName: '郑经审', roles: ['经审会主任'] },
  { username: 'changwei', displayName: '王常委', roles: ['常委会'] },
  { username: 'caiwu2', displayName: '冯财务', roles: ['财务部门'] },
];

async function screenshot(page: Page, testInfo: TestInfo, name: string, title: string): Promise<string> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(title, { path: file, contentType: 'image/png' });
  return file;
}

// ---- filling a template as a unit would --------------------------------------------------------------

type Row = Record<string, string | number>;
interface Budget {
  income: Row[];
  projects: Row[];
  details: Row[];
}

function fillSheet(ws: ExcelJS.Worksheet, rows: Row[]) {
  const col = new Map<string, number>();
  ws.getRow(HEADER_ROW).eachCell((c, i) => col.set(String(c.value), i));
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i);
    for (const [header, v] of Object.entries(r)) {
      const c = col.get(header);
      if (!c) throw new Error(`no column ${header} on ${ws.name}`);
      row.getCell(c).value = v;
    }
  });
}

async function fillTemplate(from: string, to: string, b: Budget): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  fillSheet(wb.getWorksheet(SHEETS.income)!, b.income);
  fillSheet(wb.getWorksheet(SHEETS.projects)!, b.projects);
  fillSheet(wb.getWorksheet(SHEETS.details)!, b.details);
  await wb.xlsx.writeFile(to);
}

async function unitCodeOf(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const label = COVER_FIELDS.find((f) => f.key === 'unitCode')!.label;
  let code = '';
  wb.getWorksheet(SHEETS.cover)!.eachRow((row) => {
    if (row.getCell(1).value === label) code = String(row.getCell(2).value);
  });
  return code;
}

const PROJECT_TEXT = { 立项依据及目的: '根据年度工作要点安排', 项目负责人: '张三', 绩效目标: '完成年度任务', 绩效指标: '覆盖职工 100 人；满意度≥90%' };

function grassroots(detailAmount: string | number = 15_000): Budget {
  return {
    income: [
      { 预算科目: '401 会费收入', '金额（元）': 12_000, 明细事项: '会员会费' },
      { 预算科目: '402 拨缴经费收入', '金额（元）': 86_000, 明细事项: '拨缴经费留成' },
    ],
    projects: [{ 项目编号: 'P01', 项目名称: '职工文体活动', '项目总额（元）': 30_000, ...PROJECT_TEXT }],
    details: [
      { 项目编号: 'P01', 预算科目: '50102 文体活动支出', 明细事项: '职工篮球赛', 数量: 2, '单价（元）': 10_000, '金额（元）': 20_000 },
      { 项目编号: 'P01', 预算科目: '50102', 明细事项: '职工趣味运动会', '金额（元）': 10_000 },
      { 预算科目: '50101 职工教育支出', 明细事项: '职工技能培训', '金额（元）': detailAmount },
      { 预算科目: '50105 会员活动支出', 明细事项: '会员生日慰问', '金额（元）': 20_000 },
      { 预算科目: '50301 劳动和技能竞赛活动支出', 明细事项: '岗位练兵', '金额（元）': 8_000 },
    ],
  };
}
const GRASSROOTS_EXPENSE_FEN = (20_000 + 10_000 + 15_000 + 20_000 + 8_000) * 100;

function federation(): Budget {
  return {
    income: [
      { 预算科目: '402 拨缴经费收入', '金额（元）': 1_000_000, 明细事项: '本级留成' },
      { 预算科目: '40401 财政拨款收入', '金额（元）': 300_000, 资金来源: '财政拨款' },
      { 预算科目: '40301', '金额（元）': 200_000 },
    ],
    projects: [{ 项目编号: 'P01', 项目名称: '困难职工帮扶', '项目总额（元）': 150_000, 专项资金: '队伍建设专项经费', ...PROJECT_TEXT }],
    details: [
      { 预算科目: '50801 一般性转移支付补助', 明细事项: '补助基层工会', '金额（元）': 850_000 },
      { 项目编号: 'P01', 预算科目: '50404 困难职工帮扶支出', 明细事项: '困难职工生活救助', '金额（元）': 150_000 },
      { 预算科目: '50601 工资福利支出', 明细事项: '机关人员工资', '金额（元）': 250_000, 资金来源: '财政拨款' },
      { 预算科目: '50602 商品和服务支出', 明细事项: '公务用车运行维护', '金额（元）': 30_000, 三公经费类别: '公务用车运行维护费' },
      { 预算科目: '50602', 明细事项: '公务接待', '金额（元）': 10_000, 三公经费类别: '公务接待费' },
      { 预算科目: '50501 培训支出', 明细事项: '工会干部培训', '金额（元）': 60_000 },
    ],
  };
}
const FEDERATION_EXPENSE_FEN = (850_000 + 150_000 + 250_000 + 30_000 + 10_000 + 60_000) * 100;

test.describe('预算编制', () => {
  test('导出模板、导入一个有错误的文件夹、改正后重新导入、汇总与规则检查、七个环节由七位用户审批', async ({ page, core, dataDir, signIn, frame, pageLog }, testInfo) => {
    test.setTimeout(300_000);
    await initialiseOrg(core);
    const admin = await adminChannel(core);
    const org = (await callCore(core, 'units.list', { kind: '总工会', page: 1, pageSize: 10 }, admin)).rows[0];
    for (let i = 1; i <= 3; i++) {
      await callCore(
        core,
        'units.create',
        {
          code: `JC0000${i}`,
          name: `测试企业${i}有限公司工会`,
          kind: '基层工会',
          orgType: '企业',
          creditCode: makeCreditCode('91', '350128', String(30_000_000 + i)),
          parentId: org.id,
          unionStatus: '已建会',
        } as never,
        admin,
      );
    }
    await createUsersInCore(core, [CLERK, ...STAGE_USERS].map((u) => ({ ...u, password: PASSWORD })));
    const unitTotal = Number((await core.db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).executeTakeFirstOrThrow()).n);

    // ── the clerk: templates for every unit ───────────────────────────────────────────────────
    await page.reload();
    await signIn.signInAndWait(CLERK.username, PASSWORD);
    await frame.open('budget-collect', '预算收集');
    const collect = new BudgetCollectPage(page);
    await collect.waitForTable();
    expect(await collect.count('全部')).toBe(unitTotal);
    expect(await collect.count('未提交')).toBe(unitTotal);

    const templatesDir = path.join(dataDir, 'templates');
    fs.mkdirSync(templatesDir);
    // Browser mode: every unit's template in one zip (one download, no per-file prompt).
    const zip = await collect.exportAllTemplates(templatesDir);
    expect(zip.zipName).toBe(`${YEAR}年度预算填报模板（${unitTotal}个单位）.zip`);
    const archive = await JSZip.loadAsync(fs.readFileSync(zip.path));
    const entries = Object.values(archive.files).filter((f) => !f.dir);
    expect(entries.length).toBe(unitTotal);
    const byCode = new Map<string, string>();
    for (const e of entries) {
      expect(e.name).toMatch(/\.xlsx$/);
      const p = path.join(templatesDir, e.name);
      fs.writeFileSync(p, await e.async('nodebuffer'));
      byCode.set(await unitCodeOf(p), p);
    }
    expect(byCode.size).toBe(unitTotal);
    expect([...byCode.keys()]).toEqual(expect.arrayContaining([org.code, 'JC00001', 'JC00002', 'JC00003']));

    // ── a folder of three filled workbooks, the third with an amount of three decimals ─────────
    const folder = path.join(dataDir, '收回的预算');
    fs.mkdirSync(folder);
    const fedFile = path.join(folder, '总工会本级.xlsx');
    const goodFile = path.join(folder, '测试企业1.xlsx');
    const badFile = path.join(folder, '测试企业2.xlsx');
    await fillTemplate(byCode.get(org.code)!, fedFile, federation());
    await fillTemplate(byCode.get('JC00001')!, goodFile, grassroots());
    await fillTemplate(byCode.get('JC00002')!, badFile, grassroots('15000.555'));
    await collect.importFiles([fedFile, goodFile, badFile]);

    await expect(page.getByTestId('budget-import-summary')).toContainText('已导入 2 个，被拒绝 1 个');
    await expect(collect.fileResult('总工会本级.xlsx')).toHaveAttribute('data-status', 'imported');
    await expect(collect.fileResult('测试企业1.xlsx')).toHaveAttribute('data-status', 'imported');
    await expect(collect.fileResult('测试企业2.xlsx')).toHaveAttribute('data-status', 'rejected');
    const errors = await collect.errorRows('测试企业2.xlsx');
    const amountError = errors.find((e) => e.column === '金额（元）');
    expect(amountError, JSON.stringify(errors)).toBeDefined();
    expect(amountError!.sheet).toBe(SHEETS.details);
    expect(amountError!.row).toBe(String(FIRST_DATA_ROW + 2));
    expect(amountError!.cell).toMatch(new RegExp(`^${SHEETS.details}!\\w+${FIRST_DATA_ROW + 2}$`));
    await screenshot(page, testInfo, 'budget-import-errors.png', '预算导入：被拒绝的文件及其单元格');
    await collect.importClose.click();
    await collect.waitForTable();
    await expect(page.getByTestId('budget-count-有错误')).toContainText('1');
    expect(await collect.count('已提交')).toBe(2);
    expect(await collect.count('有错误')).toBe(1);
    expect(await collect.count('未提交')).toBe(unitTotal - 3);
    await expect(collect.row('JC00002')).toHaveAttribute('data-status', '有错误');
    await expect(collect.row('JC00003')).toHaveAttribute('data-status', '未提交');
    await screenshot(page, testInfo, 'budget-collect.png', '预算收集：报送情况');

    // The bad workbook corrected and imported again.
    await fillTemplate(byCode.get('JC00002')!, badFile, grassroots());
    await collect.importFiles([badFile]);
    await expect(collect.fileResult('测试企业2.xlsx')).toHaveAttribute('data-status', 'imported');
    await collect.importClose.click();
    await collect.waitForTable();
    await expect(collect.row('JC00002')).toHaveAttribute('data-status', '已提交');
    expect(await collect.count('已提交')).toBe(3);
    expect(await collect.count('有错误')).toBe(0);

    // ── consolidation and the rule checks ─────────────────────────────────────────────────────
    await frame.open('budget-consolidate', '预算汇总');
    const cons = new BudgetConsolidatePage(page);
    const expected = FEDERATION_EXPENSE_FEN + 2 * GRASSROOTS_EXPENSE_FEN;
    await expect(cons.totalExpense).toHaveText(formatFen(expected));
    await cons.tab('支出（按科目）');
    await page.getByTestId('budget-subjects-支出').locator('[data-code="50102"]').getByTestId('budget-drill-link').click();
    await expect(cons.drill.getByTestId('budget-drill-row')).toHaveCount(4);
    await expect(page.getByTestId('budget-drill-sum')).toContainText(formatFen(2 * 30_000 * 100));
    await expect(cons.drill).toContainText(`${SHEETS.details}!`);
    await screenshot(page, testInfo, 'budget-drill.png', '预算汇总：穿透到工作簿单元格');
    await page.keyboard.press('Escape');
    await cons.tab('规则检查');
    await expect(page.getByTestId('budget-checks-summary')).toContainText('阻断性规则全部通过');
    await screenshot(page, testInfo, 'budget-checks.png', '预算汇总：规则检查');

    // ── the year's budget through the seven stages ───────────────────────────────────────────
    await frame.open('budget-approval', '预算审批');
    const approval = new BudgetApprovalPage(page);
    await approval.createBook();
    expect(await approval.stage()).toBe(0);
    await frame.signOut();

    for (let s = 0; s < 7; s++) {
      const u = STAGE_USERS[s];
      await signIn.signInAndWait(u.username, PASSWORD);
      await frame.open('budget-approval', '预算审批');
      await approval.book.waitFor();
      expect(await approval.stage()).toBe(s);
      await expect(approval.action).toContainText(BUDGET_STAGES[s]);
      if (s === 3) {
        await page.getByTestId('budget-meeting-place').fill('三楼会议室');
        await page.getByTestId('budget-meeting-chair').fill(u.displayName);
        await page.getByTestId('budget-meeting-resolution').fill('同意提交经审会审查');
      }
      if (s === 4) await page.getByTestId('budget-committee').fill('JSH-2026-01');
      if (s === 6) await page.getByTestId('budget-approval-doc').fill('市总工财〔2026〕12号');
      await approval.opinion.fill(`${BUDGET_STAGES[s]}：同意`);
      if (s === 3) await screenshot(page, testInfo, 'budget-stage-meeting.png', '预算审批：会议讨论环节');
      await approval.approve.click();
      if (s < 6) await expect(approval.book).toHaveAttribute('data-stage', String(s + 1));
      else await expect(approval.status).toHaveText('已批准');
      await expect(approval.actError).toHaveCount(0);
      if (s < 6) await frame.signOut();
    }
    await expect(page.getByTestId('budget-book-locked')).toBeVisible();
    await expect(approval.action).toHaveCount(0);
    await expect(approval.timeline.getByTestId('budget-step')).toHaveCount(7);
    await screenshot(page, testInfo, 'budget-approved.png', '预算审批：已批准并锁定');

    const book = (await callCore(core, 'budget.books.list', { year: YEAR }, admin))[0];
    expect(book.status).toBe('已批准');
    const detail = await callCore(core, 'budget.books.get', { bookId: book.id }, admin);
    expect(detail.steps.map((x) => x.username)).toEqual(STAGE_USERS.map((x) => x.username));

    // ── a changed workbook after approval: a second version, its differences, and a 预算调整 ─────
    await frame.open('budget-collect', '预算收集');
    await collect.waitForTable();
    await fillTemplate(byCode.get('JC00001')!, goodFile, grassroots(18_000));
    await collect.importFiles([goodFile]);
    await expect(collect.fileResult('测试企业1.xlsx')).toHaveAttribute('data-status', 'imported');
    await expect(collect.fileResult('测试企业1.xlsx')).toContainText('第 2 版');
    await collect.importClose.click();
    await collect.waitForTable();
    await collect.row('JC00001').getByTestId('budget-row-history').click();
    const diff = page.getByTestId('budget-version-diff');
    await expect(diff).toContainText('第 2 版与第 1 版的差异');
    const changed = diff.locator('[data-testid="budget-diff-row"][data-change="修改"]');
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText('职工技能培训');
    await expect(changed).toContainText(formatFen(3_000 * 100));
    await screenshot(page, testInfo, 'budget-version-diff.png', '预算收集：版本差异');
    await page.keyboard.press('Escape');

    await frame.open('budget-approval', '预算审批');
    await page.getByTestId('budget-adjust-create').click();
    await page.getByTestId('budget-create-reason').fill('测试企业1职工技能培训增加');
    await page.getByTestId('budget-create-ok').click();
    await expect(approval.book).toHaveAttribute('data-status', '审批中');
    await expect(approval.book).toContainText('第 1 次调整');
    await expect(approval.book).toContainText('本年已调整');
    await page.getByRole('tab', { name: '调整前后对比' }).click();
    const adjusted = page.getByTestId('budget-book-diff').locator('[data-testid="budget-bookdiff-row"]');
    await expect(adjusted).toHaveCount(1);
    await expect(adjusted).toContainText('职工技能培训');
    await screenshot(page, testInfo, 'budget-adjustment.png', '预算审批：预算调整前后对比');
    // Only one adjustment may be under way: the button is gone while it is.
    await expect(page.getByTestId('budget-adjust-create')).toHaveCount(0);

    // The clerk records the first stage on behalf of a signed paper form (signer, date, scan) …
    await expect(page.getByTestId('budget-onbehalf')).toBeChecked();
    await page.getByTestId('budget-signer').fill('孙经办');
    const scanFile = path.join(dataDir, '部门预算签批表.pdf');
    fs.writeFileSync(scanFile, '%PDF-1.4 scanned form');
    const scanChooser = page.waitForEvent('filechooser');
    await page.getByTestId('budget-scan').click();
    await (await scanChooser).setFiles(scanFile);
    await expect(page.getByTestId('budget-scan')).toContainText('部门预算签批表.pdf');
    await approval.opinion.fill('同意调整');
    await approval.approve.click();
    await expect(approval.book).toHaveAttribute('data-stage', '1');
    const recorded = approval.timeline.getByTestId('budget-step').first();
    await expect(recorded.getByTestId('budget-step-onbehalf')).toHaveText('纸质签批代录');
    await expect(recorded).toContainText('签署人：孙经办');
    await expect(recorded).toContainText('部门预算签批表.pdf');
    // … and the 分管领导's paper form returning it to 部门提出 with a reason.
    await page.getByTestId('budget-signer').fill('李分管');
    const scanChooser2 = page.waitForEvent('filechooser');
    await page.getByTestId('budget-scan').click();
    await (await scanChooser2).setFiles(scanFile);
    await page.getByTestId('budget-return-to').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('部门提出').click();
    await approval.opinion.fill('测算依据不足，请补充');
    await page.getByTestId('budget-return').click();
    await expect(approval.book).toHaveAttribute('data-stage', '0');
    await expect(approval.timeline.locator('[data-testid="budget-step"][data-action="退回"]')).toContainText('测算依据不足');
    await screenshot(page, testInfo, 'budget-onbehalf-return.png', '预算审批：代录纸质签批与退回');
    expect(pageLog.pageErrors).toEqual([]);
  });
});
