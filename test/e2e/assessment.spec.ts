// 考核评价 end to end: a round of the 职工之家建设评分表 for two grassroots unions. The clerk starts it in the
// UI (the 职代会 and 文体活动 items are filled from the service ledger), enters one unit's self scores and
// submits them; the reviewer scores; the clerk closes the round, sees the ranking, drafts next year's
// allocation proposal and exports the unit's score sheet (re-read with exceljs); the chairman accepts the
// proposal, and 预算收集 for next year shows the starting figure. The second unit is scored through the core.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, adminChannel, callCore, createUsersInCore, initialiseOrg, TEST_ORG } from './fixtures';
import { AssessmentRoundsPage } from './pages/AssessmentPages';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { grassrootsBudget, submit } from '../integration/budget-fixtures';
import { formatFen } from '../../shared/money';
import type { Core } from '../../electron/core/app';

const YEAR = TEST_ORG.fiscalYear;
const PASSWORD = 'Assess2026';
const CLERK = { username: 'kaohe', displayName: '钱考核', roles: ['财务部门'] };
const REVIEWER = { username: 'pinghe', displayName: '李评核', roles: ['分管领导'] };
const CHAIR = { username: 'zhuxi', displayName: '吴主席', roles: ['主席'] };

async function addUnit(core: Core, code: string, name: string, n: number): Promise<number> {
  const now = new Date().toISOString();
  const r = await core.db
    .insertInto('unit')
    .values({
      code, name, short_name: null, kind: '基层工会', org_type: '企业', ownership: '非公', credit_code: makeCreditCode('91', '350128', String(30_000_000 + n)),
      union_credit_code: null, parent_id: null, union_founded_on: null, union_status: '已建会', chair: null, member_count: 50, staff_count: 60,
      payroll_base_fen: null, bank_name: null, bank_account: null, contact_person: null, contact_phone: null, address: null, notes: null, active: 1,
      created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function signInAs(core: Core, username: string): Promise<string> {
  const channel = `e2e-${username}`;
  await callCore(core, 'auth.signIn', { username, password: PASSWORD }, channel);
  return channel;
}

test('考核评价: self scores, review, computed item, close, ranking, allocation accepted into next year’s budget, score sheet exported', async ({ page, core, frame, signIn, dataDir }) => {
  test.setTimeout(240_000);
  await initialiseOrg(core);
  await createUsersInCore(core, [CLERK, REVIEWER, CHAIR].map((u) => ({ ...u, password: PASSWORD })));
  const admin = await adminChannel(core);
  const a = await addUnit(core, 'JC10001', '东风机械厂工会', 1);
  const b = await addUnit(core, 'JC10002', '海峡物流公司工会', 2);
  await callCore(core, 'assessment.templates.seed', { year: YEAR }, admin);
  const clerk = await signInAs(core, CLERK.username);
  // This year's budget of unit A: the base of next year's allocation.
  await submit(core, clerk, a, grassrootsBudget(), YEAR);
  const base = (await core.db.selectFrom('budget_version').select('expense_fen').where('unit_id', '=', a).executeTakeFirstOrThrow()).expense_fen;
  // The service ledger: both held their 职代会; only A a 文体活动 (computed items 4.1 and 5.2).
  for (const [u, cat] of [[a, '职工代表大会'], [b, '职工代表大会'], [a, '文体活动']] as const) {
    await callCore(core, 'assessment.services.save', { unitId: u, date: `${YEAR}-05-20`, category: cat, title: `${cat}`, people: 40, amountFen: 150_000, satisfaction: 90 }, clerk);
  }

  // ── the clerk starts the round and self-scores unit A ──
  await page.reload();
  await signIn.signInAndWait(CLERK.username, PASSWORD);
  const labels = await frame.allMenuLabels();
  expect(labels).toEqual(expect.arrayContaining(['考核模板', '考核评分', '服务台账']));
  await frame.open('assess-rounds', '考核评分');
  const rounds = new AssessmentRoundsPage(page);
  const ROUND = `${YEAR}年度职工之家评定`;
  await rounds.createRound('职工之家建设评分表', ROUND, ['东风机械厂', '海峡物流']);
  await expect(rounds.subjectRow('JC10001')).toBeVisible();
  await expect(rounds.subjectRow('JC10002')).toBeVisible();
  await rounds.openSheet('JC10001');
  // Computed from the service ledger: 职代会 held (10), 文体活动 held (10).
  await expect(rounds.item('4.1').getByTestId('assess-computed')).toHaveText('10');
  await expect(rounds.item('5.2').getByTestId('assess-computed')).toHaveText('10');
  const codes = await rounds.manualItemCodes();
  expect(codes).toHaveLength(12);
  for (const code of codes) {
    const max = Number(await rounds.item(code).getAttribute('data-max'));
    await rounds.score(code, 'self', max);
  }
  // Evidence for item 1.1 (the file chooser of the browser mode).
  const evidence = `${dataDir}/共建领导小组文件.pdf`;
  fs.writeFileSync(evidence, '%PDF-1.4 evidence');
  const chooser = page.waitForEvent('filechooser');
  await rounds.item('1.1').getByTestId('assess-evidence-add').click();
  await (await chooser).setFiles(evidence);
  await expect(rounds.item('1.1')).toContainText('佐证：共建领导小组文件.pdf');
  const back = await rounds.download(rounds.item('1.1').getByTestId('assess-evidence-file'), `${dataDir}/..`);
  expect(fs.readFileSync(back, 'utf8')).toBe('%PDF-1.4 evidence');
  fs.rmSync(back);
  await rounds.sheet.getByTestId('assess-submit-self').click();
  await expect(rounds.sheet.getByTestId('assess-self-state')).toHaveText('已提交');
  await expect(rounds.sheet.getByTestId('assess-sheet-self-total')).toHaveText('100');
  await rounds.closeSheet();

  // Unit B through the core: self scores at 60% (no 文体活动 → total below 75).
  const round = (await callCore(core, 'assessment.rounds.list', { year: YEAR }, clerk))[0];
  const detail = await callCore(core, 'assessment.rounds.get', { roundId: round.id }, clerk);
  const sb = detail.subjects.rows.find((r) => r.unit.id === b)!;
  const sheetB = await callCore(core, 'assessment.subjects.sheet', { subjectId: sb.id }, clerk);
  for (const s of sheetB.scores.filter((x) => x.item.method === '手工评分')) {
    await callCore(core, 'assessment.scores.self', { subjectId: sb.id, itemId: s.item.id, score: Math.round(s.item.maxPoints * 6) / 10 }, clerk);
  }
  await callCore(core, 'assessment.scores.submitSelf', { subjectId: sb.id }, clerk);
  await frame.signOut();

  // ── the reviewer scores unit A in the UI (one item down), B through the core ──
  await signIn.signInAndWait(REVIEWER.username, PASSWORD);
  await frame.open('assess-rounds', '考核评分');
  await rounds.openRound(ROUND);
  await rounds.openSheet('JC10001');
  for (const code of codes) {
    const max = Number(await rounds.item(code).getAttribute('data-max'));
    await rounds.score(code, 'review', code === '5.3' ? max - 2 : max);
  }
  await expect(rounds.sheet.getByTestId('assess-sheet-total')).toHaveText('98');
  await expect(rounds.sheet.getByTestId('assess-sheet-grade')).toHaveText('模范');
  await rounds.closeSheet();
  const reviewer = await signInAs(core, REVIEWER.username);
  for (const s of sheetB.scores.filter((x) => x.item.method === '手工评分')) {
    await callCore(core, 'assessment.scores.review', { subjectId: sb.id, itemId: s.item.id, score: Math.round(s.item.maxPoints * 6) / 10 }, reviewer);
  }
  await frame.signOut();

  // ── the clerk closes the round, sees the ranking, drafts the proposal and exports the score sheet ──
  await signIn.signInAndWait(CLERK.username, PASSWORD);
  await frame.open('assess-rounds', '考核评分');
  await rounds.openRound(ROUND);
  await rounds.detail.getByTestId('assess-round-close').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '关闭并锁定' }).click();
  await expect(rounds.detail.getByTestId('assess-round-status')).toHaveText('已关闭');
  await expect(rounds.subjectRow('JC10001').getByTestId('assess-subject-rank')).toHaveText('1');
  await expect(rounds.subjectRow('JC10001').getByTestId('assess-subject-grade')).toHaveText('模范');
  await expect(rounds.subjectRow('JC10002').getByTestId('assess-subject-rank')).toHaveText('2');
  await expect(rounds.subjectRow('JC10002').getByTestId('assess-subject-grade')).toHaveText('不合格');
  await rounds.proposal.getByTestId('assess-proposal-create').click();
  await expect(rounds.proposal.getByTestId('assess-proposal-status')).toHaveText('待审核');
  const lineA = rounds.proposal.locator('[data-testid="assess-proposal-line"][data-unit="JC10001"]');
  const uplifted = Math.round(base * 1.1);
  await expect(lineA.getByTestId('assess-proposal-action')).toHaveText('上调');
  await expect(lineA.getByTestId('assess-proposal-amount')).toHaveText(formatFen(uplifted));

  const file = await rounds.download(rounds.subjectRow('JC10001').getByTestId('assess-subject-export'), dataDir);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('评分表')!;
  expect(ws.getCell('A1').value).toBe('职工之家建设评分表评分表');
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push(r.values as unknown[]));
  const item53 = rows.find((r) => r[2] === '5.3')!;
  expect(item53.slice(4, 9)).toEqual([10, 10, 8, undefined, 8]);
  const total = rows.find((r) => r[1] === '合计')!;
  expect(total[8]).toBe(98);
  expect(rows.flat()).toEqual(expect.arrayContaining(['自评单位负责人：', '评核人：']));
  const ev: unknown[] = [];
  wb.getWorksheet('佐证材料清单')!.eachRow((r) => ev.push(r.getCell(3).value));
  expect(ev).toContain('共建领导小组文件.pdf');
  fs.rmSync(file);
  // The round's summary ranking: merged category headers over 自评 / 得分, ranked rows.
  const summary = await rounds.download(rounds.detail.getByTestId('assess-round-export'), dataDir);
  const sb2 = new ExcelJS.Workbook();
  await sb2.xlsx.readFile(summary);
  const rk = sb2.getWorksheet('汇总排名')!;
  expect(rk.getCell('A1').value).toBe(`${ROUND}汇总排名表`);
  expect(rk.getCell('F3').value).toBe('党政工共建（15分）');
  expect(rk.getCell('F3').isMerged).toBe(true);
  expect([rk.getCell('F4').value, rk.getCell('G4').value]).toEqual(['自评', '得分']);
  expect([rk.getCell('A5').value, rk.getCell('C5').value, rk.getCell('A6').value, rk.getCell('C6').value]).toEqual([1, 'JC10001', 2, 'JC10002']);
  await frame.signOut();

  // ── the chairman accepts; 预算收集 of next year shows the starting figure ──
  await signIn.signInAndWait(CHAIR.username, PASSWORD);
  await frame.open('assess-rounds', '考核评分');
  await rounds.openRound(ROUND);
  await rounds.proposal.getByTestId('assess-proposal-note').fill('同意，按建议编入下年度预算');
  await rounds.proposal.getByTestId('assess-proposal-accept').click();
  await expect(rounds.proposal.getByTestId('assess-proposal-status')).toHaveText('已接受');
  await frame.open('budget-collect', '预算收集');
  const yearInput = page.locator('input[data-testid="budget-year"], [data-testid="budget-year"] input').first();
  await yearInput.fill(String(YEAR + 1));
  await yearInput.press('Enter');
  const row = page.locator('[data-testid="budget-status-row"][data-unit="JC10001"]');
  await expect(row.getByTestId('budget-start-figure')).toHaveText(formatFen(uplifted));
});

test('考核模板 and 服务台账: templates generated with examples marked, an item edited, a version copied; a service registered with the county metrics, the bill and the export', async ({ page, core, frame, signIn, dataDir }) => {
  test.setTimeout(120_000);
  await initialiseOrg(core);
  const OFFICE = { username: 'bangong', displayName: '周办公', roles: ['办公室'], password: PASSWORD };
  await createUsersInCore(core, [OFFICE]);
  await addUnit(core, 'JC20001', '闽江纺织厂工会', 11);
  await addUnit(core, 'JC20002', '榕城电子公司工会', 12);
  await page.reload();
  await signIn.signInAndWait(OFFICE.username, PASSWORD);

  // ── templates ──
  await frame.open('assess-templates', '考核模板');
  await page.getByTestId('assess-templates-seed').click();
  const rows = page.getByTestId('assess-template-row');
  await expect(rows).toHaveCount(4);
  await page.locator('[data-testid="assess-template-row"][data-code="FGSF"]').click();
  const detail = page.getByTestId('assess-template-detail');
  await expect(detail.getByTestId('assess-template-note')).toContainText('示例');
  await expect(detail.getByTestId('assess-category')).toHaveCount(6);
  await expect(detail.getByTestId('assess-item')).toHaveCount(33);
  await detail.locator('[data-testid="assess-item"][data-code="1.1"]').getByTestId('assess-item-edit').click();
  const itemForm = page.getByTestId('assess-item-form');
  await itemForm.getByTestId('assess-item-title').fill('依法建会并取得法人资格');
  await itemForm.getByTestId('assess-item-save').click();
  await expect(itemForm).toBeHidden();
  await expect(detail.locator('[data-testid="assess-item"][data-code="1.1"]')).toContainText('依法建会并取得法人资格');
  await detail.getByTestId('assess-template-copy').click();
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('assess-template-detail')).toContainText('第 2 版');
  // The new version's grade bands are edited (the used/unused rule: version 2 is not used by any round).
  await page.getByTestId('assess-template-edit').click();
  const head = page.getByTestId('assess-head-form');
  await head.getByTestId('assess-head-bands').fill('示范 92\n达标 75\n未达标 0');
  await head.getByTestId('assess-head-save').click();
  await expect(head).toBeHidden();
  await expect(page.getByTestId('assess-template-detail')).toContainText('示范 ≥ 92');

  // ── service ledger ──
  await frame.open('assess-services', '服务台账（一企一档）');
  await page.getByTestId('assess-service-new').click();
  const form = page.getByTestId('assess-service-form');
  const unitSelect = form.getByTestId('assess-service-unit-select');
  await unitSelect.click();
  await unitSelect.locator('input').fill('闽江');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '闽江纺织厂工会' }).click();
  await form.getByTestId('assess-service-category').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '冬送温暖' }).click();
  await form.getByTestId('assess-service-title').fill('春节慰问困难职工');
  await form.locator('input[data-testid="assess-service-people"], [data-testid="assess-service-people"] input').first().fill('12');
  await form.getByTestId('assess-service-amount').fill('1,234.50');
  await form.locator('input[data-testid="assess-service-satisfaction"], [data-testid="assess-service-satisfaction"] input').first().fill('95');
  await form.getByTestId('assess-service-save').click();
  await expect(form).toBeHidden();
  const row = page.locator('[data-testid="assess-service-row"][data-unit="JC20001"]');
  await expect(row).toContainText('1,234.50');
  await expect(row).toContainText('冬送温暖');
  await expect(page.getByTestId('assess-metric-coverage')).toContainText('50.00');
  await expect(page.getByTestId('assess-metric-satisfaction')).toContainText('95');
  await row.getByTestId('assess-service-unit').click();
  const bill = page.getByTestId('assess-bill');
  await expect(bill.getByTestId('assess-bill-year')).toContainText('1 次');
  await expect(bill.getByTestId('assess-bill-year')).toContainText('1,234.50');
  await bill.locator('.ant-drawer-close').click();

  const d = page.waitForEvent('download');
  await page.getByTestId('assess-services-export').click();
  const file = `${dataDir}/${(await d).suggestedFilename()}`;
  await (await d).saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['服务台账', '全县服务汇总']);
  const ledger = wb.getWorksheet('服务台账')!;
  expect(ledger.getRow(4).getCell(2).value).toBe('闽江纺织厂工会');
  expect(ledger.getRow(4).getCell(7).value).toBe(1234.5);
});
