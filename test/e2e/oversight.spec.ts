// 经审监督 end to end: the 经审会主任 creates an audit project for a grassroots union, records two findings
// (amounts typed as 1,234.50) with evidence — a voucher of the union's books and an uploaded file — holds a
// committee session (current members present, quorum reached) that resolves one rectification item,
// exports the report workbook (re-read with exceljs) and sees the overdue count on the home page; the
// audited union responds and reports rectification, the committee closes the item; a read-only reviewer
// sees the same project without any write button.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, RESULTS_DIR } from './fixtures';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { OversightProjectsPage, OversightSessionsPage, choose, inputOf } from './pages/OversightPages';
import { federationBudget, grassrootsBudget, submit } from '../integration/budget-fixtures';

const PASSWORD = 'Audit2026';
const CHAIR = { username: 'jszr', displayName: '郑主任', roles: ['经审会主任'] };
const M1 = { username: 'jswy1', displayName: '李委员', roles: ['经审会委员'] };
const M2 = { username: 'jswy2', displayName: '王委员', roles: ['经审会委员'] };
const KJ = { username: 'kj', displayName: '钱会计', roles: ['会计'] };
const READER = { username: 'sy', displayName: '孙审阅', roles: ['只读审阅'] };
const UNION = '城关五金制品有限公司工会';
const UNION_USER = { username: 'wjgh', displayName: '赵会计', roles: ['经办人'] };

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('经审会：为基层工会立项、记录两个问题并关联证据、开会形成决议、导出报告', async ({ page, core, signIn, frame }, testInfo) => {
  test.setTimeout(150_000);
  await initialiseOrg(core);
  await createUsersInCore(core, [CHAIR, M1, M2, KJ, READER].map((u) => ({ ...u, password: PASSWORD })));
  const admin = await adminChannel(core);
  const unit = await callCore(core, 'units.create', { name: UNION, kind: '基层工会', orgType: '企业', creditCode: makeCreditCode('91', '350128', '23456789') } as never, admin);
  const unitId = unit.unit.id;
  await callCore(core, 'users.create', { ...UNION_USER, password: PASSWORD, unitId, mustChangePassword: false } as never, admin);
  // The union's books hold the voucher the first finding cites.
  const set = await callCore(core, 'ledger.sets.create', { name: `代管：${UNION}`, unitId, chart: 'G', startYear: 2026, startMonth: 1 }, admin);
  const kj = 'e2e-kj';
  await callCore(core, 'auth.signIn', { username: KJ.username, password: PASSWORD }, kj);
  await callCore(core, 'ledger.vouchers.create', {
    setId: set.id, date: '2026-02-12', summary: '购买节日慰问品（白条）',
    lines: [{ accountCode: '50102', debit: 123_450, expenseType: '基本支出', econCode: '30299' }, { accountCode: '102', credit: 123_450 }],
  } as never, kj);
  // The committee: three current members.
  const users = (await callCore(core, 'users.list', {} as never, admin)) as unknown as Array<{ id: number; username: string }>;
  const uid = (u: string) => users.find((x) => x.username === u)!.id;
  const fed = (await callCore(core, 'oversight.lookups', {}, admin)).units.find((u) => u.kind === '总工会')!.id;
  for (const [u, position] of [[CHAIR.username, '主任'], [M1.username, '委员'], [M2.username, '委员']] as const) {
    await callCore(core, 'oversight.members.add', { unitId: fed, userId: uid(u), position, termFrom: '2024-01-01', termTo: '2028-12-31' }, admin);
  }
  await page.reload();

  await signIn.signInAndWait(CHAIR.username, PASSWORD);
  const labels = await frame.allMenuLabels();
  expect(labels.filter((l) => ['审计项目', '整改台账', '经审会会议', '经审统计与报告'].includes(l))).toEqual(['审计项目', '整改台账', '经审会会议', '经审统计与报告']);

  // The project.
  await frame.open('oversight-projects', '审计项目');
  const projects = new OversightProjectsPage(page);
  await projects.createProject({ name: '2025年度经费收支审计', unit: UNION, leader: '李委员', team: '王委员', opinion: '建议健全票据审核制度' });
  await expect(page.getByTestId('oversight-project-unit-name')).toHaveText(UNION);
  const code = await projects.detail.getAttribute('data-code');
  expect(code).toMatch(/^SJ2026-001$/);

  // Two findings with evidence.
  await projects.recordFinding({ category: '票据不合规', amount: '1,234.50', description: '节日慰问品以白条入账', basis: '《基层工会经费收支管理办法》', severity: '较重' });
  await projects.linkRecord(1, '凭证', '慰问品', /购买节日慰问品/);
  await projects.recordFinding({ category: '经费使用不规范', amount: '500', description: '向职工发放购物卡' });
  const evidenceFile = path.join(testInfo.outputPath(), '购物卡发放表.pdf');
  fs.mkdirSync(path.dirname(evidenceFile), { recursive: true });
  fs.writeFileSync(evidenceFile, '%PDF-1.4 发放表');
  await projects.linkFile(2, evidenceFile);
  await expect(projects.finding(1).getByTestId('oversight-finding-amount')).toHaveText('1,234.50');
  await expect(projects.finding(1).getByTestId('oversight-evidence')).toContainText('记字第1号');
  await expect(projects.finding(1).getByTestId('oversight-evidence')).toHaveAttribute('data-exists', '1');
  await expect(projects.finding(2).getByTestId('oversight-evidence')).toContainText('购物卡发放表.pdf');
  await expect(page.getByTestId('oversight-project-totals')).toHaveText('2 个 / 1,734.50 元');
  await screenshot(page, testInfo, 'oversight-project.png');
  // The printable 审查报告.
  await page.getByTestId('oversight-project-printview').click();
  await expect(page.getByTestId('oversight-report-print')).toContainText(`关于${UNION}2025年度经费收支审计的审查报告`);
  await expect(page.getByTestId('oversight-report-print')).toContainText('1,734.50');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('oversight-report-print')).toBeHidden();
  // 会议投影: larger type and no writing control while presented; switched off, the buttons return.
  await page.getByTestId('oversight-projector').click();
  await expect(projects.root).toHaveAttribute('data-projector', 'on');
  await expect(page.getByTestId('oversight-readonly')).toBeVisible();
  await expect(page.getByTestId('oversight-finding-new')).toHaveCount(0);
  await expect(page.getByTestId('oversight-evidence-add')).toHaveCount(0);
  await screenshot(page, testInfo, 'oversight-projector.png');
  await page.getByTestId('oversight-projector').click();
  await expect(projects.root).toHaveAttribute('data-projector', 'off');
  await expect(page.getByTestId('oversight-finding-new')).toBeVisible();

  // The session: the three current members present; two rectification items on the agenda, one resolved.
  await frame.open('oversight-sessions', '经审会会议');
  const sessions = new OversightSessionsPage(page);
  await sessions.createSession({ place: '县总工会三楼会议室', chair: '郑主任', minutes: '会议听取了审计情况汇报。' });
  await expect(page.getByTestId('oversight-session-quorum')).toHaveAttribute('data-quorate', '1');
  await expect(page.getByTestId('oversight-attendee').filter({ hasText: '李委员' })).toHaveAttribute('data-counted', '1');
  await sessions.addAgenda('整改事项', new RegExp(`${code}-1`));
  await sessions.addAgenda('整改事项', new RegExp(`${code}-2`));
  await sessions.resolve(1, '通过', '责成该单位30日内补齐合规票据', 3);
  await expect(sessions.agenda(1)).toContainText('责成该单位30日内补齐合规票据');
  await expect(sessions.agenda(2)).toHaveAttribute('data-decision', '');
  await screenshot(page, testInfo, 'oversight-session.png');
  await page.getByTestId('oversight-session-printview').click();
  await expect(page.getByTestId('oversight-minutes-print')).toContainText('达到法定人数');
  await expect(page.getByTestId('oversight-minutes-print')).toContainText('责成该单位30日内补齐合规票据');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('oversight-minutes-print')).toBeHidden();

  // The report: download and re-read.
  await frame.open('oversight-reports', '经审统计与报告');
  await expect(page.getByTestId('oversight-stats-total')).toHaveText('2');
  await expect(page.getByTestId('oversight-chart-category-bar')).toHaveCount(2);
  await screenshot(page, testInfo, 'oversight-stats.png');
  await page.getByRole('tab', { name: '导出报告' }).click();
  await page.getByTestId('oversight-export-project').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: code! }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('oversight-export-run').click();
  const file = path.join(RESULTS_DIR, 'oversight-report.xlsx');
  await (await download).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['审查报告', '问题清单', '整改台账', '问题统计', '会议纪要']);
  const list = wb.getWorksheet('问题清单')!;
  expect([4, 5].map((r) => list.getRow(r).getCell(2).value)).toEqual([`${code}-1`, `${code}-2`]);
  expect([4, 5].map((r) => list.getRow(r).getCell(6).value)).toEqual([1234.5, 500]);
  expect(String(list.getRow(4).getCell(10).value)).toContain('购买节日慰问品');
  expect(list.getRow(6).getCell(6).value).toBe(1734.5);
  const minutes = wb.getWorksheet('会议纪要')!;
  expect(minutes.getRow(4).getCell(6).value).toBe('通过');
  expect(minutes.getRow(4).getCell(7).value).toBe('责成该单位30日内补齐合规票据');
  expect(minutes.getRow(5).getCell(6).value).toBeNull();

  // 整改台账: both items open; the home page counts overdue items (none yet: no deadline set).
  await frame.open('oversight-rect', '整改台账');
  await expect(page.getByTestId('oversight-rect-row')).toHaveCount(2);
  await frame.open('home');
  await expect(page.getByTestId('home-oversight-overdue-count')).toHaveText('0');
  // The auditors set item 2's deadline to yesterday: it is overdue, highlighted and counted.
  const chair = 'e2e-chair';
  await callCore(core, 'auth.signIn', { username: CHAIR.username, password: PASSWORD }, chair);
  const rects = await callCore(core, 'oversight.rect.list', { year: 2026 }, chair);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await callCore(core, 'oversight.rect.update', { id: rects[1].id, deadline: yesterday, status: '未整改' } as never, chair);
  await page.reload();
  await expect(page.getByTestId('home-oversight-overdue-count')).toHaveText('1');
  await frame.open('oversight-rect', '整改台账');
  await expect(page.locator(`[data-testid="oversight-rect-row"][data-code="${code}-2"]`)).toHaveAttribute('data-overdue', '1');
  await expect(page.locator(`[data-testid="oversight-rect-row"][data-code="${code}-2"]`).getByTestId('oversight-overdue')).toBeVisible();
  await frame.signOut();

  // The audited union responds to finding 1 and reports it rectified.
  await signIn.signInAndWait(UNION_USER.username, PASSWORD);
  await frame.open('oversight-projects', '审计项目');
  await page.getByTestId('oversight-project-row').first().click();
  await expect(page.getByTestId('oversight-finding-new')).toHaveCount(0);
  await projects.finding(1).getByTestId('oversight-finding-respond').click();
  await inputOf(page, 'oversight-respond-text').fill('情况属实，已向供应商索取发票');
  await expect(inputOf(page, 'oversight-respond-text')).toHaveValue('情况属实，已向供应商索取发票');
  await page.getByTestId('oversight-respond-save').click();
  await expect(page.getByTestId('oversight-respond-text')).toBeHidden();
  await expect(projects.finding(1).getByTestId('oversight-finding-response')).toContainText('情况属实，已向供应商索取发票');
  await frame.open('oversight-rect', '整改台账');
  await page.locator(`[data-testid="oversight-rect-row"][data-code="${code}-1"]`).click();
  const drawer = page.getByTestId('oversight-rect-drawer');
  await inputOf(page, 'oversight-rect-measures').fill('向供应商索取合规发票并补登记');
  await inputOf(page, 'oversight-rect-person').fill('赵会计');
  await choose(page, page.getByTestId('oversight-rect-status-select'), /^已整改$/);
  await inputOf(page, 'oversight-rect-completed').click();
  await inputOf(page, 'oversight-rect-completed').fill('2026-04-10');
  await inputOf(page, 'oversight-rect-completed').press('Enter');
  await page.getByTestId('oversight-rect-save').click();
  await expect(drawer.getByTestId('oversight-rect-status').first()).toHaveAttribute('data-status', '已整改');
  // Only the committee closes.
  await expect(page.getByTestId('oversight-rect-close')).toHaveCount(0);
  // The drawer's own close button: Escape would first close a date picker's popup if one is still open.
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
  await frame.signOut();

  // The 经审会主任 verifies and closes it; the history shows every step.
  await signIn.signInAndWait(CHAIR.username, PASSWORD);
  await frame.open('oversight-rect', '整改台账');
  await page.locator(`[data-testid="oversight-rect-row"][data-code="${code}-1"]`).click();
  await inputOf(page, 'oversight-rect-opinion').fill('已核验发票原件');
  await page.getByTestId('oversight-rect-close').click();
  await expect(page.locator(`[data-testid="oversight-rect-row"][data-code="${code}-1"]`)).toHaveAttribute('data-status', '已销号');
  await expect(drawer.getByTestId('oversight-rect-history-item')).toHaveCount(3);
  await expect(drawer.getByTestId('oversight-rect-history-item').last()).toHaveAttribute('data-to', '已销号');
  await screenshot(page, testInfo, 'oversight-rectification.png');
  // The drawer's own close button: Escape would first close a date picker's popup if one is still open.
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });
  await frame.signOut();

  // A read-only reviewer reads the same project, without write buttons.
  await signIn.signInAndWait(READER.username, PASSWORD);
  await frame.open('oversight-projects', '审计项目');
  await expect(page.getByTestId('oversight-readonly')).toBeVisible();
  await expect(page.getByTestId('oversight-project-new')).toHaveCount(0);
  await page.getByTestId('oversight-project-row').first().click();
  await expect(projects.finding(2)).toBeVisible();
  await expect(page.getByTestId('oversight-finding-new')).toHaveCount(0);
  await expect(page.getByTestId('oversight-evidence-add')).toHaveCount(0);
});

test('预算审批的“经审会审查”环节引用经审会会议的决议', async ({ page, core, signIn, frame }) => {
  test.setTimeout(120_000);
  await initialiseOrg(core);
  const stageUsers = [
    { username: 'jb', displayName: '孙经办', roles: ['经办人'] },
    { username: 'fg', displayName: '李分管', roles: ['分管领导'] },
    { username: 'cw', displayName: '周财务', roles: ['财务部门'] },
    { username: 'zx', displayName: '吴主席', roles: ['主席'] },
  ];
  await createUsersInCore(core, [...stageUsers, CHAIR, M1, M2].map((u) => ({ ...u, password: PASSWORD })));
  const admin = await adminChannel(core);
  const org = (await callCore(core, 'units.list', { kind: '总工会', page: 1, pageSize: 10 } as never, admin)).rows[0];
  const g = await callCore(core, 'units.create', { code: 'JC00001', name: UNION, kind: '基层工会', orgType: '企业', creditCode: makeCreditCode('91', '350128', '34567890'), parentId: org.id, unionStatus: '已建会' } as never, admin);
  const ch: Record<string, string> = {};
  for (const u of [...stageUsers, CHAIR]) {
    ch[u.username] = `e2e-${u.username}`;
    await callCore(core, 'auth.signIn', { username: u.username, password: PASSWORD }, ch[u.username]);
  }
  await submit(core as never, ch.cw, org.id, federationBudget());
  await submit(core as never, ch.cw, g.unit.id, grassrootsBudget());
  let book = await callCore(core, 'budget.books.create', { year: 2026, kind: '年初预算' }, ch.cw);
  const extra: Record<number, object> = { 3: { meeting: { date: '2026-01-10', place: '三楼会议室', chair: '吴主席', attendees: '主席、副主席', resolution: '同意提交经审会审查' } } };
  for (let s = 0; s < 4; s++) book = await callCore(core, 'budget.books.act', { bookId: book.id, stage: s, action: '通过', ...extra[s] } as never, ch[stageUsers[s].username]);
  expect(book.stage).toBe(4);
  // The committee reviews the budget in a session and approves it.
  const users = (await callCore(core, 'users.list', {} as never, admin)) as unknown as Array<{ id: number; username: string; displayName: string }>;
  for (const [u, position] of [[CHAIR.username, '主任'], [M1.username, '委员'], [M2.username, '委员']] as const) {
    await callCore(core, 'oversight.members.add', { unitId: org.id, userId: users.find((x) => x.username === u)!.id, position, termFrom: '2024-01-01' }, admin);
  }
  let s = await callCore(core, 'oversight.sessions.save', {
    unitId: org.id, heldOn: '2026-01-15',
    attendees: [CHAIR, M1, M2].map((u) => ({ userId: users.find((x) => x.username === u.username)!.id, name: u.displayName, attendance: '出席' as const })),
  }, ch[CHAIR.username]);
  s = await callCore(core, 'oversight.agenda.add', { sessionId: s.id, kind: '预算审查', refId: book.id }, ch[CHAIR.username]);
  await callCore(core, 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意2026年度预算草案，提请常委会审议', votesFor: 3 }, ch[CHAIR.username]);
  await page.reload();

  await signIn.signInAndWait(CHAIR.username, PASSWORD);
  await frame.open('budget-approval', '预算审批');
  await page.getByTestId('budget-book').waitFor();
  await expect(page.getByTestId('budget-action')).toContainText('经审会审查');
  await choose(page, page.getByTestId('budget-resolution'), '2026年第1次经审会会议 议题1');
  await page.getByTestId('budget-opinion').fill('经审会审查同意');
  await page.getByTestId('budget-approve').click();
  await expect(page.getByTestId('budget-book')).toHaveAttribute('data-stage', '5');
  const citation = page.getByTestId('budget-step-citation');
  await expect(citation).toContainText('引用经审会决议：2026年第1次经审会会议 议题1');
  await expect(citation).toContainText('同意2026年度预算草案，提请常委会审议');
  await expect(page.getByTestId('budget-history-timeline')).toContainText('经审会审查意见文号：2026年第1次经审会会议 议题1');
});
