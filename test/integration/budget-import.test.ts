// Budget templates and import through the contract: the template's structure (unit prefilled, drop-downs
// on a hidden list sheet, instructions, protection), the round trip (export → fill with exceljs → import →
// consolidate, compared with totals computed here), versions and their differences, the per-unit status
// table, and every kind of blocking error leaving the budget untouched.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { call, callErr, userWithRoles } from '../helpers/session';
import {
  CLERK, YEAR, budgetRowCounts, county, federationBudget, fenOf, fill, grassrootsBudget, importWorkbooks, readExport, template,
  totalsOf, upload, type BudgetIn, type County,
} from './budget-fixtures';
import { SHEETS } from '../../shared/budget/template';
import type { BudgetImportFileResult, BudgetImportResult } from '../../shared/contract/budget';

let c: County;
beforeEach(async () => {
  c = await county(3);
});
afterEach(async () => c.core.close());

const clone = (b: BudgetIn): BudgetIn => JSON.parse(JSON.stringify(b));

describe('template', () => {
  it('prefills the unit, offers subjects of its chart as drop-downs from a hidden list sheet, explains and protects', async () => {
    const wb = await template(c.core, CLERK, c.grassroots[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      SHEETS.help, SHEETS.cover, SHEETS.income, SHEETS.projects, SHEETS.details, SHEETS.lists, SHEETS.meta,
    ]);
    expect(wb.getWorksheet(SHEETS.lists)!.state).toBe('hidden');
    expect(wb.getWorksheet(SHEETS.meta)!.state).toBe('veryHidden');

    // Cover: year and unit filled in and locked; the totals and names open for input.
    const cover = wb.getWorksheet(SHEETS.cover)!;
    const byLabel = new Map<string, ExcelJS.Cell>();
    cover.eachRow((row) => byLabel.set(String(row.getCell(1).value), row.getCell(2)));
    expect(byLabel.get('预算年度')!.value).toBe(YEAR);
    expect(byLabel.get('单位编码')!.value).toBe('JC00001');
    expect(byLabel.get('单位名称')!.value).toBe('测试企业1有限公司工会');
    expect(byLabel.get('适用科目表')!.value).toBe('基层工会科目表');
    // Locked is Excel's default: it reads back as no explicit protection.
    expect(byLabel.get('预算年度')!.protection?.locked ?? true).toBe(true);
    expect(byLabel.get('收入预算合计（元）')!.protection?.locked).toBe(false);

    // Every visible sheet is protected; header cells locked; input columns unlocked.
    for (const name of [SHEETS.cover, SHEETS.income, SHEETS.projects, SHEETS.details]) {
      expect((wb.getWorksheet(name) as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection?.sheet, name).toBe(true);
    }
    const det = wb.getWorksheet(SHEETS.details)!;
    const headers: string[] = [];
    det.getRow(3).eachCell((cell) => headers.push(String(cell.value)));
    expect(headers).toEqual(['支出类型', '项目编号', '预算科目', '资金来源', '三公经费类别', '专项资金', '明细事项', '数量', '单价（元）', '金额（元）', '说明']);
    expect(det.getCell('C3').protection?.locked ?? true).toBe(true);
    expect(det.getColumn(3).style?.protection?.locked).toBe(false);

    // The subject column's drop-down refers to a named range on the hidden list sheet.
    const dv = (det as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv['C4']).toMatchObject({ type: 'list', formulae: ['L_EXPENSE'] });
    const names = (wb.definedNames as unknown as { model: Array<{ name: string; ranges: string[] }> }).model;
    const expense = names.find((n) => n.name === 'L_EXPENSE')!;
    expect(expense.ranges[0]).toMatch(/^'_下拉列表'!\$B\$2:\$B\$\d+$/);
    const lists = wb.getWorksheet(SHEETS.lists)!;
    const expenseLabels: string[] = [];
    lists.getColumn(2).eachCell((cell, row) => row > 1 && cell.value !== null && expenseLabels.push(String(cell.value)));
    // Grassroots chart: 501's sub-accounts, no 502/506/508 (county-only), leaves only.
    expect(expenseLabels).toContain('50101 职工教育支出');
    expect(expenseLabels).toContain('50405 送温暖支出');
    expect(expenseLabels.some((l) => /^50[268]/.test(l))).toBe(false);
    expect(expenseLabels).not.toContain('501 职工活动支出');
    const sources: string[] = [];
    lists.getColumn(3).eachCell((cell, row) => row > 1 && cell.value !== null && sources.push(String(cell.value)));
    expect(sources).toEqual(['工会资金']);
    // Instructions sheet.
    const help = wb.getWorksheet(SHEETS.help)!;
    const helpText: string[] = [];
    help.eachRow((row) => helpText.push(String(row.getCell(1).value ?? '')));
    expect(helpText.join('\n')).toMatch(/项目总额/);

    // The federation's template uses the county chart: 506, 508 and 财政拨款 offered.
    const fed = await template(c.core, CLERK, c.fed);
    const fedLabels: string[] = [];
    fed.getWorksheet(SHEETS.lists)!.getColumn(2).eachCell((cell, row) => row > 1 && cell.value !== null && fedLabels.push(String(cell.value)));
    expect(fedLabels).toContain('50602 商品和服务支出');
    expect(fedLabels).toContain('50801 一般性转移支付补助');
  });

  it('exports one workbook per unit of a set in one action, reporting progress', async () => {
    const events: Array<{ done: number; total: number }> = [];
    const off = c.core.events.subscribe((e) => {
      if (e.channel === CLERK && e.event === 'progress') events.push(e.payload as { done: number; total: number });
    });
    const ids = [c.fed, ...c.depts, c.township, ...c.grassroots];
    const r = await call(c.core, CLERK, 'budget.templates.export', { year: YEAR, unitIds: ids });
    off();
    expect(r.files).toHaveLength(ids.length);
    expect(new Set(r.files.map((f: { unitId: number }) => f.unitId))).toEqual(new Set(ids));
    expect(r.files[0].name).toMatch(/^2026年度预算填报_ORG_/);
    expect(events.at(-1)).toMatchObject({ done: ids.length, total: ids.length });
    expect(events.length).toBeGreaterThan(ids.length);
    for (const f of r.files) expect(c.core.env.files.exportPath(f.id).name).toBe(f.name);
  });

  it('refuses callers without a budget role', async () => {
    await userWithRoles(c.core, 'reader', ['只读审阅']);
    const e = await callErr(c.core, 'reader', 'budget.templates.export', { year: YEAR, unitIds: [c.fed] });
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('round trip', () => {
  it('exports, fills, imports and consolidates to the totals computed independently', async () => {
    const budgets = new Map<number, BudgetIn>([
      [c.fed, federationBudget()],
      [c.grassroots[0], grassrootsBudget(1)],
      [c.grassroots[1], grassrootsBudget(2)],
      [c.grassroots[2], grassrootsBudget(3)],
    ]);
    const files: Array<[ExcelJS.Workbook, string]> = [];
    for (const [unitId, b] of budgets) files.push([fill(await template(c.core, CLERK, unitId), b), `unit-${unitId}.xlsx`]);
    const r: BudgetImportResult = await importWorkbooks(c.core, CLERK, files);
    expect(r.rejected).toBe(0);
    expect(r.imported).toBe(4);
    for (const f of r.files) expect(f.errors, f.fileName).toEqual([]);

    // Independent totals.
    let income = 0;
    let expense = 0;
    let basic = 0;
    let project = 0;
    const bySubject = new Map<string, number>();
    for (const b of budgets.values()) {
      const t = totalsOf(b);
      income += t.income;
      expense += t.expense;
      basic += t.basic;
      project += t.project;
      for (const d of b.details) {
        const code = d.subject.split(' ')[0];
        bySubject.set(code, (bySubject.get(code) ?? 0) + fenOf(d.amount));
      }
    }
    const cons = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    expect(cons.totals).toMatchObject({ unitCount: 4, incomeFen: income, expenseFen: expense, basicFen: basic, projectFen: project });
    for (const [code, fen] of bySubject) {
      expect(cons.bySubject.find((s: { code: string; direction: string }) => s.code === code && s.direction === '支出')?.amountFen, code).toBe(fen);
    }
    // Level-one rows roll up their sub-accounts: 501 = 50101 + 50102 + 50105.
    const row = (code: string) => cons.bySubject.find((s: { code: string }) => s.code === code);
    expect(row('501').amountFen).toBe(row('50101').amountFen + row('50102').amountFen + row('50105').amountFen);
    expect(row('501').level).toBe(1);
    // By funding source: 财政拨款 income 300,000 and expenditure 250,000 (the federation only).
    const fiscal = cons.bySource.filter((s: { fundingSource: string }) => s.fundingSource === '财政拨款');
    expect(fiscal.find((s: { direction: string }) => s.direction === '收入').amountFen).toBe(30_000_000);
    expect(fiscal.find((s: { direction: string }) => s.direction === '支出').amountFen).toBe(25_000_000);
    expect(cons.bySource.reduce((s: number, r: { direction: string; amountFen: number }) => s + (r.direction === '支出' ? r.amountFen : 0), 0)).toBe(expense);

    // By unit.
    const units = await call(c.core, CLERK, 'budget.consolidate.units', { year: YEAR, pageSize: 100 });
    expect(units.total).toBe(4);
    for (const [unitId, b] of budgets) {
      const u = units.rows.find((x: { unit: { id: number } }) => x.unit.id === unitId);
      const t = totalsOf(b);
      expect(u).toMatchObject({ incomeFen: t.income, expenseFen: t.expense, basicFen: t.basic, projectFen: t.project, versionSeq: 1 });
    }
    // By project, with the 本级/基层 scopes.
    const projects = await call(c.core, CLERK, 'budget.consolidate.projects', { year: YEAR, pageSize: 100 });
    expect(projects.total).toBe(7);
    expect(projects.sumFen).toBe(project);
    const own = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '本级' });
    expect(own.totals).toMatchObject({ unitCount: 1, expenseFen: totalsOf(federationBudget()).expense });
    const lower = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, scope: '基层' });
    expect(lower.totals.expenseFen + own.totals.expenseFen).toBe(expense);

    // Drill-down from a total to its lines: unit, version and workbook cell.
    const total501 = row('501').amountFen;
    const d = await call(c.core, CLERK, 'budget.drill', { year: YEAR, filter: { direction: '支出', subjectCode: '501' }, pageSize: 500 });
    expect(d.sumFen).toBe(total501);
    expect(d.rows.reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0)).toBe(total501);
    const first = d.rows[0];
    expect(first.unit.code).toMatch(/^JC/);
    expect(first.versionSeq).toBe(1);
    expect(first.cell).toMatch(/^支出预算!J\d+$/);
    // The cell really holds that amount in the imported workbook.
    const wb = files.find(([, name]) => name === `unit-${first.unit.id}.xlsx`)![0];
    const cellValue = wb.getWorksheet(SHEETS.details)!.getCell(first.cell.split('!')[1]).value;
    expect(fenOf(String(cellValue))).toBe(first.amountFen);
    const byProject = await call(c.core, CLERK, 'budget.drill', { year: YEAR, filter: { projectId: projects.rows[0].projectId } });
    expect(byProject.sumFen).toBe(projects.rows[0].totalFen);
  });

  it('re-importing creates a new version; history shows the line-level differences', async () => {
    const unit = c.grassroots[0];
    const b1 = grassrootsBudget();
    await importWorkbooks(c.core, CLERK, [[fill(await template(c.core, CLERK, unit), b1), 'v1.xlsx']]);
    // Version 2: the prefilled template of version 1, edited.
    const wb = await template(c.core, CLERK, unit, true);
    const det = wb.getWorksheet(SHEETS.details)!;
    let basketball = 0;
    det.eachRow((row, n) => {
      if (row.getCell(7).value === '职工篮球赛') basketball = n;
    });
    expect(basketball).toBeGreaterThan(0);
    det.getCell(`H${basketball}`).value = 3; // quantity 2 → 3: 30,000
    det.getCell(`J${basketball}`).value = 30_000;
    const prj = wb.getWorksheet(SHEETS.projects)!;
    prj.getCell('K4').value = 40_000; // P01 total 30,000 → 40,000
    const cover = wb.getWorksheet(SHEETS.cover)!;
    cover.eachRow((row) => {
      if (String(row.getCell(1).value).startsWith('支出预算合计') || String(row.getCell(1).value).includes('项目支出')) row.getCell(2).value = null;
    });
    // Delete the 岗位练兵 line and add a new one.
    det.eachRow((row) => {
      if (row.getCell(7).value === '岗位练兵') row.getCell(7).value = '职工创新成果展';
    });
    const r = await importWorkbooks(c.core, CLERK, [[wb, 'v2.xlsx']]);
    expect(r.files[0].errors).toEqual([]);
    expect(r.files[0]).toMatchObject({ status: 'imported', versionSeq: 2 });

    const versions = await call(c.core, CLERK, 'budget.versions.list', { year: YEAR, unitId: unit });
    expect(versions.map((v: { seq: number; current: boolean }) => [v.seq, v.current])).toEqual([[2, true], [1, false]]);
    const diff = await call(c.core, CLERK, 'budget.versions.diff', { versionId: versions[0].id });
    expect(diff.from.seq).toBe(1);
    const changes = diff.lines.map((l: { change: string; item: string; deltaFen: number; changedFields: string[] }) => [l.change, l.item, l.deltaFen, l.changedFields]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['修改', '职工篮球赛', 1_000_000, ['金额', '数量']],
        ['新增', '职工创新成果展', 800_000, []],
        ['删除', '岗位练兵', -800_000, []],
      ]),
    );
    expect(diff.lines).toHaveLength(3);
    expect(diff.projects).toEqual([expect.objectContaining({ change: '修改', code: 'P01', deltaFen: 1_000_000, changedFields: ['项目总额'] })]);
    // Consolidation follows the current version.
    const cons = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    expect(cons.totals.expenseFen).toBe(totalsOf(b1).expense + 1_000_000);
    const detail = await call(c.core, CLERK, 'budget.versions.get', { versionId: versions[1].id });
    expect(detail.lines).toHaveLength(10);
    expect(detail.projects.map((p: { code: string }) => p.code)).toEqual(['P01', 'P02']);
  });

  it('shows per unit who has submitted, who has not and whose last file had errors', async () => {
    const good = fill(await template(c.core, CLERK, c.grassroots[0]), grassrootsBudget());
    const badBudget = grassrootsBudget();
    badBudget.details[0].amount = '20000.123';
    const bad = fill(await template(c.core, CLERK, c.grassroots[1]), badBudget);
    await importWorkbooks(c.core, CLERK, [[good, 'good.xlsx'], [bad, 'bad.xlsx']]);
    const s = await call(c.core, CLERK, 'budget.status', { year: YEAR, pageSize: 100 });
    expect(s.counts).toEqual({ 已提交: 1, 未提交: 5, 有错误: 1, 全部: 7 });
    const of = (id: number) => s.rows.find((r: { unit: { id: number } }) => r.unit.id === id);
    expect(of(c.grassroots[0])).toMatchObject({ status: '已提交', versionSeq: 1, incomeFen: totalsOf(grassrootsBudget()).income });
    expect(of(c.grassroots[1])).toMatchObject({ status: '有错误', versionId: null, lastFileName: 'bad.xlsx', lastErrorCount: 1 });
    expect(of(c.grassroots[1]).lastErrors[0]).toMatchObject({ sheet: '支出预算', column: '金额（元）', cell: '支出预算!J4' });
    expect(of(c.fed).status).toBe('未提交');
    const missing = await call(c.core, CLERK, 'budget.status', { year: YEAR, status: '未提交' });
    expect(missing.total).toBe(5);
    expect(missing.rows.every((r: { status: string }) => r.status === '未提交')).toBe(true);
    // Fixing and re-importing clears the error.
    c.clock.advance(60_000);
    badBudget.details[0].amount = 20_000;
    await importWorkbooks(c.core, CLERK, [[fill(await template(c.core, CLERK, c.grassroots[1]), badBudget), 'fixed.xlsx']]);
    const after = await call(c.core, CLERK, 'budget.status', { year: YEAR, q: 'JC00002' });
    expect(after.rows[0]).toMatchObject({ status: '已提交', versionSeq: 1, lastErrorCount: 0 });
    const log = await call(c.core, CLERK, 'budget.importLog', { year: YEAR, unitId: c.grassroots[1] });
    expect(log.rows.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);
  });

  it('a dry run checks without writing anything', async () => {
    const before = await budgetRowCounts(c.core);
    const wb = fill(await template(c.core, CLERK, c.grassroots[0]), grassrootsBudget());
    const r = await importWorkbooks(c.core, CLERK, [[wb, 'a.xlsx']], { dryRun: true });
    expect(r.files[0].status).toBe('checked');
    expect(await budgetRowCounts(c.core)).toEqual(before);
    const s = await call(c.core, CLERK, 'budget.status', { year: YEAR, q: 'JC00001' });
    expect(s.rows[0].status).toBe('未提交');
  });
});

describe('blocking errors leave the budget unchanged', () => {
  type Case = {
    name: string;
    change: (b: BudgetIn) => void;
    unit?: 'grassroots' | 'fed';
    expect: Partial<{ sheet: string; column: string | null; cell: string | null; row: number | null }> & { message: RegExp };
    wb?: (wb: ExcelJS.Workbook) => void;
    extra?: (c: County) => object;
  };
  const cases: Case[] = [
    { name: 'unknown subject', change: (b) => (b.details[3].subject = '59999 不存在的科目'), expect: { sheet: '支出预算', column: '预算科目', cell: '支出预算!C7', message: /未知的预算科目/ } },
    { name: 'subject of the other chart', change: (b) => (b.details[3].subject = '50601 工资福利支出'), expect: { cell: '支出预算!C7', message: /不属于基层工会科目表.*行政支出应由用人单位负担/ } },
    { name: 'level-one subject with sub-accounts', change: (b) => (b.details[3].subject = '501'), expect: { cell: '支出预算!C7', message: /下设明细科目，请选择明细科目（如“50101 职工教育支出”）/ } },
    { name: 'income subject on the expense sheet', change: (b) => (b.details[3].subject = '401 会费收入'), expect: { cell: '支出预算!C7', message: /是收入科目，不能填在支出预算表/ } },
    { name: 'amount with three decimals', change: (b) => (b.details[3].amount = 15_000.123), expect: { sheet: '支出预算', row: 7, column: '金额（元）', cell: '支出预算!J7', message: /最多两位小数/ } },
    { name: 'amount as text with three decimals', change: (b) => (b.income[0].amount = '12000.005'), expect: { cell: '收入预算!D4', message: /最多两位小数/ } },
    { name: 'negative amount', change: (b) => (b.details[3].amount = -5), expect: { cell: '支出预算!J7', message: /不能为负数/ } },
    { name: 'words in an amount', change: (b) => (b.details[3].amount = '一万五'), expect: { cell: '支出预算!J7', message: /金额格式不正确/ } },
    { name: 'detail lines not summing to the project', change: (b) => (b.projects[0].total = 31_000), expect: { sheet: '项目预算', column: '项目总额（元）', cell: '项目预算!K4', message: /项目“P01 职工文体活动”的明细合计 30,000\.00 元与项目总额 31,000\.00 元不符（相差 -1,000\.00 元）；明细行：“支出预算”表第 4、5 行/ } },
    { name: 'project without detail lines', change: (b) => b.projects.push({ code: 'P03', name: '空项目', total: 100 }), expect: { cell: '项目预算!K6', message: /没有明细行/ } },
    { name: 'detail line of an unknown project', change: (b) => (b.details[0].project = 'P09'), expect: { cell: '支出预算!B4', message: /项目编号“P09”在“项目预算”表中不存在/ } },
    { name: 'project expense without a project', change: (b) => (b.details[3].expenseType = '项目支出'), expect: { cell: '支出预算!B7', message: /项目支出须填写所属项目的项目编号/ } },
    { name: 'shopping cards (八不准)', change: (b) => (b.details[4].item = '中秋节发放购物卡'), expect: { cell: '支出预算!G8', message: /禁止列支事项，含“购物卡”/ } },
    { name: 'banquet', change: (b) => (b.details[1].note = '活动后宴请'), expect: { cell: '支出预算!G5', message: /宴请/ } },
    { name: 'salaries of staff the employer pays', change: (b) => (b.details[3].item = '专职工会干部工资'), expect: { cell: '支出预算!G7', message: /工资.*应由行政（用人单位）负担/ } },
    { name: 'social insurance of staff', change: (b) => (b.details[3].item = '工会专职人员社会保险'), expect: { message: /社会保险/ } },
    { name: 'forbidden purpose in a project', change: (b) => (b.projects[1].purpose = '向职工出借资金'), expect: { sheet: '项目预算', cell: '项目预算!B5', message: /出借/ } },
    { name: 'quantity × unit price ≠ amount', change: (b) => (b.details[0].amount = 20_500), expect: { cell: '支出预算!J4', message: /与数量×单价（2 × 10,000\.00 = 20,000\.00 元）不符/ } },
    { name: 'quantity without unit price', change: (b) => (b.details[3].quantity = 3), expect: { cell: '支出预算!I7', message: /须同时填写单价/ } },
    { name: 'missing item', change: (b) => (b.details[3].item = ''), expect: { cell: '支出预算!G7', message: /请填写明细事项/ } },
    { name: 'fiscal money at a grassroots union', change: (b) => (b.details[3].fundingSource = '财政拨款'), expect: { cell: '支出预算!D7', message: /只能是工会资金/ } },
    { name: '三公 category on another subject', change: (b) => (b.details[3].sangong = '公务接待费'), expect: { cell: '支出预算!E7', message: /三公经费只能列在/ } },
    { name: 'duplicate project code', change: (b) => b.projects.push({ code: 'p01', name: '重复', total: 1 }), expect: { cell: '项目预算!A6', message: /项目编号“P01”重复/ } },
    { name: 'unknown special fund', change: (b) => (b.projects[0].specialFund = '自设基金'), expect: { cell: '项目预算!D4', message: /不在规则设定的专项资金中/ } },
    { name: 'cover total not agreeing', change: (b) => (b.cover = { ...b.cover, expenseTotal: 1 }), expect: { sheet: '部门预算', cell: '部门预算!B10', row: 10, message: /支出预算合计（元） 1\.00 元与“支出预算”表各行之和 99,000\.50 元不符（相差 -98,999\.50 元）/ } },
    { name: 'project end before start', change: (b) => (b.projects[1].periodEnd = '2026-07-01'), expect: { cell: '项目预算!G5', message: /早于开始日期/ } },
    {
      name: 'workbook for another year',
      change: () => undefined,
      wb: (wb) => setCover(wb, '预算年度', 2025),
      expect: { sheet: '部门预算', row: 4, cell: '部门预算!B4', message: /这是 2025 年度的预算工作簿，不能导入 2026 年度/ },
    },
    {
      name: 'workbook of an unknown unit',
      change: () => undefined,
      wb: (wb) => setCover(wb, '单位编码', 'JC99999'),
      expect: { cell: '部门预算!B5', message: /单位编码“JC99999”在单位名录中不存在/ },
    },
    {
      name: 'workbook for another unit than the one chosen',
      change: () => undefined,
      extra: (cc) => ({ expectUnitId: cc.grassroots[2] }),
      expect: { cell: '部门预算!B5', message: /这是“测试企业1有限公司工会”（JC00001）的预算工作簿，不是所选单位“测试企业3有限公司工会”的/ },
    },
    {
      name: 'missing sheet',
      change: () => undefined,
      wb: (wb) => wb.removeWorksheet(wb.getWorksheet(SHEETS.details)!.id),
      expect: { sheet: '支出预算', cell: null, message: /缺少工作表“支出预算”/ },
    },
    {
      name: 'missing amount column',
      change: () => undefined,
      wb: (wb) => (wb.getWorksheet(SHEETS.details)!.getCell('J3').value = '金额合计'),
      expect: { sheet: '支出预算', column: '金额（元）', message: /缺少“金额（元）”列/ },
    },
    {
      name: 'empty workbook',
      change: (b) => {
        b.income = [];
        b.projects = [];
        b.details = [];
      },
      expect: { message: /没有任何预算行/ },
    },
  ];

  function setCover(wb: ExcelJS.Workbook, label: string, value: ExcelJS.CellValue) {
    wb.getWorksheet(SHEETS.cover)!.eachRow((row) => {
      if (row.getCell(1).value === label) row.getCell(2).value = value;
    });
  }

  it.each(cases)('$name', async (k) => {
    // A good version exists first: a rejected file must not touch it either.
    await importWorkbooks(c.core, CLERK, [[fill(await template(c.core, CLERK, c.grassroots[0]), grassrootsBudget()), 'good.xlsx']]);
    const before = await budgetRowCounts(c.core);
    const consBefore = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    const b = clone(grassrootsBudget());
    k.change(b);
    const wb = fill(await template(c.core, CLERK, c.grassroots[0]), b);
    k.wb?.(wb);
    const r: BudgetImportResult = await importWorkbooks(c.core, CLERK, [[wb, 'bad.xlsx']], k.extra?.(c) ?? {});
    const f: BudgetImportFileResult = r.files[0];
    expect(f.status).toBe('rejected');
    expect(r.rejected).toBe(1);
    expect(f.errors.some((e) => k.expect.message.test(e.message)), JSON.stringify(f.errors, null, 1)).toBe(true);
    const e = f.errors.find((x) => k.expect.message.test(x.message))!;
    const { message: _m, ...where } = k.expect;
    expect(e).toMatchObject(where);
    expect(await budgetRowCounts(c.core)).toEqual(before);
    expect((await call(c.core, CLERK, 'budget.consolidate', { year: YEAR })).totals).toEqual(consBefore.totals);
  });

  it('reports every error of a file, not only the first', async () => {
    const b = grassrootsBudget();
    b.details[0].amount = 1.234;
    b.details[3].subject = '99999';
    b.details[4].item = '购物卡';
    b.income[0].amount = -1;
    const r = await importWorkbooks(c.core, CLERK, [[fill(await template(c.core, CLERK, c.grassroots[0]), b), 'many.xlsx']]);
    expect(r.files[0].errors.map((e: { cell: string }) => e.cell)).toEqual(
      expect.arrayContaining(['支出预算!J4', '支出预算!C7', '支出预算!G8', '收入预算!D4']),
    );
    expect(r.files[0].errorCount).toBeGreaterThanOrEqual(4);
  });

  it('rejects a file that is not a workbook; the other files of the batch still import', async () => {
    const before = await budgetRowCounts(c.core);
    const junk = c.core.env.files.putUpload('notes.xlsx', new TextEncoder().encode('not a workbook')).id;
    const good = await upload(c.core, fill(await template(c.core, CLERK, c.grassroots[1]), grassrootsBudget()), 'good.xlsx');
    const r = await call(c.core, CLERK, 'budget.import', { year: YEAR, uploadIds: [junk, good] });
    expect(r.files.map((f: { status: string }) => f.status)).toEqual(['rejected', 'imported']);
    expect(r.files[0].errors[0].message).toMatch(/不是有效的 Excel 工作簿/);
    const after = await budgetRowCounts(c.core);
    expect(after.budget_version).toBe(before.budget_version + 1);
  });

  it('warns (without blocking) on a deficit, 体检 and a missing 三公 category of a vehicle purchase', async () => {
    const b = grassrootsBudget();
    b.details.push({ subject: '50704 交通工具购置', item: '工会活动用车', amount: 200_000 });
    b.details.push({ subject: '50305 其他服务支出', item: '职工体检', amount: 1_000 });
    const r = await importWorkbooks(c.core, CLERK, [[fill(await template(c.core, CLERK, c.grassroots[0]), b), 'warn.xlsx']]);
    const f = r.files[0];
    expect(f.status).toBe('imported');
    const messages = f.warnings.map((w: { message: string }) => w.message).join('\n');
    expect(messages).toMatch(/收支不平衡/);
    expect(messages).toMatch(/体检/);
    expect(messages).toMatch(/按“公务用车购置费”计入三公经费/);
    const d = await call(c.core, CLERK, 'budget.drill', { year: YEAR, filter: { sangong: '公务用车购置费' } });
    expect(d.sumFen).toBe(20_000_000);
  });
});
