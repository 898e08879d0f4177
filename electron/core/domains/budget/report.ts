// The consolidated budget workbook in the official style (title, 编制单位, year, 单位：元, merged header
// groups, totals, signature row 工会主席 / 经费审查委员会主任 / 财务负责人 / 制表): 收入预算表, 支出预算表,
// 项目预算表 (with each project's 上年预算数 / 上年执行数), 基层单位预算汇总表 and 预算规则检查表. Written with the
// streaming WorkbookWriter; projects are read in keyset pages (last year's figures looked up per page) so a
// city-scale workbook stays well under 300 MB.
import { ExcelJS, TableWriter, printSetup, type ColumnSpec } from '../../reports/excel';
import type { Executor } from '../../db/tx';
import { orgName } from '../setup/org';
import type { ConsolidatedSubjectRow, RuleCheckFigure } from '../../../../shared/contract/budget';
import { consolidate, projectHistory, projectRows, unitActuals, unitIdsByCode, unitRows } from './consolidate';
import { evaluateRules } from './rules';
import { lastYearSource, resolveSource } from './structure';

export const REPORT_SIGNATURES = ['工会主席', '经费审查委员会主任', '财务负责人', '制表'];
export const REPORT_SHEETS = {
  income: '收入预算表',
  expense: '支出预算表',
  projects: '项目预算表',
  units: '基层单位预算汇总表',
  checks: '预算规则检查表',
} as const;

const PROJECT_PAGE = 5000;

function figureText(f: RuleCheckFigure): string {
  if (f.value === null) return `${f.label}：—`;
  if (f.format === 'amount') return `${f.label}：${(Number(f.value) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
  if (f.format === 'percent') return `${f.label}：${(Number(f.value) * 100).toFixed(2)}%`;
  return `${f.label}：${f.value}`;
}

function subjectCells(r: ConsolidatedSubjectRow) {
  return {
    code: r.code,
    name: r.level > 1 ? `　${r.name}` : r.name,
    lastYear: r.lastYearFen,
    actual: r.actualFen,
    amount: r.amountFen,
    unionFund: r.unionFundFen,
    fiscal: r.fiscalFen,
    basic: r.basicFen,
    project: r.projectFen,
    delta: r.deltaFen,
  };
}

export interface ReportSummary {
  incomeFen: number;
  expenseFen: number;
  units: number;
  projects: number;
  projectFen: number;
}

/** Writes the consolidated budget workbook of a year (a book's figures, or the working figures). */
export async function writeBudgetReport(
  db: Executor,
  year: number,
  bookId: number | null | undefined,
  file: string,
  progress?: (done: number, total: number, message?: string) => void,
): Promise<ReportSummary> {
  progress?.(0, 6, '正在汇总和检查规则');
  const source = await resolveSource(db, year, bookId);
  const last = await lastYearSource(db, year);
  const [org, cons, checks] = await Promise.all([orgName(db), consolidate(db, year, bookId, '全部'), evaluateRules(db, year, source)]);
  const period = `${year}年度（${source.info.title}）`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  wb.creator = '县级工会财务工作台';

  progress?.(1, 6, '正在写收入预算表');
  // ── 收入预算表 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.income);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '科目编码', key: 'code', width: 10 },
      { header: '科目名称', key: 'name', width: 28 },
      { header: '上年预算数', key: 'lastYear', kind: 'amount' },
      { header: '上年执行数', key: 'actual', kind: 'amount' },
      { header: '合计', key: 'amount', kind: 'amount' },
      { header: '工会资金', key: 'unionFund', kind: 'amount' },
      { header: '财政拨款', key: 'fiscal', kind: 'amount' },
      { header: '比上年增减', key: 'delta', kind: 'amount' },
    ];
    const t = new TableWriter(
      ws,
      {
        sheetName: REPORT_SHEETS.income,
        title: `${year}年度工会经费收入预算表`,
        orgName: org,
        period,
        columns,
        headerGroups: [{ caption: '本年预算数', from: 'amount', to: 'fiscal' }],
        signatures: REPORT_SIGNATURES,
      },
      true,
    );
    let total = 0;
    let totalLast = 0;
    for (const r of cons.bySubject.filter((s) => s.direction === '收入')) {
      t.row(subjectCells(r), { bold: r.level === 1 });
      if (r.level === 1) {
        total += r.amountFen;
        totalLast += r.lastYearFen ?? 0;
      }
    }
    // Level-one rows already contain their sub-accounts: the 合计 sums level-one rows only.
    const sum = (k: keyof ConsolidatedSubjectRow) =>
      cons.bySubject.filter((s) => s.direction === '收入' && s.level === 1).reduce((a, s) => a + (Number(s[k]) || 0), 0);
    t.totalRow('收入合计', 'name', {
      code: '',
      amount: total,
      unionFund: sum('unionFundFen'),
      fiscal: sum('fiscalFen'),
      lastYear: cons.lastYearSource ? totalLast : null,
      actual: cons.actualAvailable ? sum('actualFen') : null,
      delta: cons.lastYearSource ? total - totalLast : null,
    });
    t.signatures();
    ws.commit();
  }

  progress?.(2, 6, '正在写支出预算表');
  // ── 支出预算表 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.expense);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '科目编码', key: 'code', width: 10 },
      { header: '科目名称', key: 'name', width: 28 },
      { header: '上年预算数', key: 'lastYear', kind: 'amount' },
      { header: '上年执行数', key: 'actual', kind: 'amount' },
      { header: '合计', key: 'amount', kind: 'amount' },
      { header: '基本支出', key: 'basic', kind: 'amount' },
      { header: '项目支出', key: 'project', kind: 'amount' },
      { header: '工会资金', key: 'unionFund', kind: 'amount' },
      { header: '财政拨款', key: 'fiscal', kind: 'amount' },
      { header: '比上年增减', key: 'delta', kind: 'amount' },
    ];
    const t = new TableWriter(
      ws,
      {
        sheetName: REPORT_SHEETS.expense,
        title: `${year}年度工会经费支出预算表`,
        orgName: org,
        period,
        columns,
        headerGroups: [
          { caption: '本年预算数', from: 'amount', to: 'project' },
          { caption: '其中：资金来源', from: 'unionFund', to: 'fiscal' },
        ],
        signatures: REPORT_SIGNATURES,
      },
      true,
    );
    const top = cons.bySubject.filter((s) => s.direction === '支出' && s.level === 1);
    for (const r of cons.bySubject.filter((s) => s.direction === '支出')) t.row(subjectCells(r), { bold: r.level === 1 });
    const sum = (k: keyof ConsolidatedSubjectRow) => top.reduce((a, s) => a + (Number(s[k]) || 0), 0);
    t.totalRow('支出合计', 'name', {
      code: '',
      amount: sum('amountFen'),
      basic: sum('basicFen'),
      project: sum('projectFen'),
      unionFund: sum('unionFundFen'),
      fiscal: sum('fiscalFen'),
      lastYear: cons.lastYearSource ? sum('lastYearFen') : null,
      actual: cons.actualAvailable ? sum('actualFen') : null,
      delta: cons.lastYearSource ? sum('amountFen') - sum('lastYearFen') : null,
    });
    t.note(`收支差额：${((cons.totals.incomeFen - cons.totals.expenseFen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元。`);
    t.signatures();
    ws.commit();
  }

  progress?.(3, 6, '正在写项目预算表');
  // ── 项目预算表 ──
  let projectCount = 0;
  let projectFen = 0;
  let units = 0;
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.projects);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '序号', key: 'seq', width: 7, kind: 'int' },
      { header: '单位编码', key: 'unitCode', width: 11 },
      { header: '单位名称', key: 'unitName', width: 28 },
      { header: '项目编号', key: 'code', width: 9 },
      { header: '项目名称', key: 'name', width: 24 },
      { header: '资金来源', key: 'source', width: 10 },
      { header: '专项资金', key: 'fund', width: 14 },
      { header: '开始日期', key: 'start', width: 11 },
      { header: '结束日期', key: 'end', width: 11 },
      { header: '项目负责人', key: 'manager', width: 10 },
      { header: '绩效目标', key: 'goals', width: 30 },
      { header: '项目总额', key: 'total', kind: 'amount' },
      { header: '上年预算数', key: 'lastYear', kind: 'amount' },
      { header: '上年执行数', key: 'actual', kind: 'amount' },
    ];
    const t = new TableWriter(
      ws,
      {
        sheetName: REPORT_SHEETS.projects,
        title: `${year}年度项目预算表`,
        orgName: org,
        period,
        columns,
        headerGroups: [{ caption: '实施期间', from: 'start', to: 'end' }],
        signatures: REPORT_SIGNATURES,
      },
      true,
    );
    let anyActual = false;
    for (let after = 0; ; ) {
      const page = await projectHistory(db, year, await projectRows(db, source, '全部', { afterId: after, limit: PROJECT_PAGE }), last);
      for (const p of page) {
        if (p.actualFen !== null) anyActual = true;
        projectCount++;
        projectFen += p.totalFen;
        t.row({
          seq: projectCount,
          unitCode: p.unit.code,
          unitName: p.unit.name,
          code: p.code,
          name: p.name,
          source: p.fundingSource,
          fund: p.specialFund,
          start: p.periodStart,
          end: p.periodEnd,
          manager: p.manager,
          goals: p.goals,
          total: p.totalFen,
          lastYear: p.lastYearFen,
          actual: p.actualFen,
        });
      }
      if (page.length < PROJECT_PAGE) break;
      after = page[page.length - 1].projectId;
    }
    // 上年预算数 / 上年执行数 sum what is known; — when no project has a figure (no last-year budget, no books).
    t.totalRow('合计', 'unitName', {
      unitCode: `共 ${projectCount} 个项目`,
      ...(last ? {} : { lastYear: null }),
      ...(anyActual ? {} : { actual: null }),
    });
    t.signatures();
    ws.commit();
  }

  progress?.(4, 6, '正在写基层单位预算汇总表');
  // ── 基层单位预算汇总表 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.units);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '序号', key: 'seq', width: 7, kind: 'int' },
      { header: '单位编码', key: 'code', width: 11 },
      { header: '单位名称', key: 'name', width: 30 },
      { header: '类别', key: 'kind', width: 10 },
      { header: '版本', key: 'version', width: 6, kind: 'int' },
      { header: '上年收入预算', key: 'lastIncome', kind: 'amount' },
      { header: '收入预算', key: 'income', kind: 'amount' },
      { header: '合计', key: 'expense', kind: 'amount' },
      { header: '基本支出', key: 'basic', kind: 'amount' },
      { header: '项目支出', key: 'project', kind: 'amount' },
      { header: '上年支出预算', key: 'lastExpense', kind: 'amount' },
      { header: '上年收入执行数', key: 'actualIncome', kind: 'amount' },
      { header: '上年支出执行数', key: 'actualExpense', kind: 'amount' },
      { header: '收支差额', key: 'balance', kind: 'amount' },
    ];
    const t = new TableWriter(
      ws,
      {
        sheetName: REPORT_SHEETS.units,
        title: `${year}年度基层单位预算汇总表`,
        orgName: org,
        period,
        columns,
        headerGroups: [{ caption: '支出预算', from: 'expense', to: 'project' }],
        signatures: REPORT_SIGNATURES,
      },
      true,
    );
    let seq = 0;
    const actuals = await unitActuals(db, year - 1);
    for (const ids of await unitIdsByCode(db, source, '全部')) {
      for (const u of await unitRows(db, source, '全部', last, ids, actuals)) t.row({
        seq: ++seq,
        code: u.unit.code,
        name: u.unit.name,
        kind: u.unit.kind,
        version: u.versionSeq,
        lastIncome: u.lastYearIncomeFen,
        income: u.incomeFen,
        expense: u.expenseFen,
        basic: u.basicFen,
        project: u.projectFen,
        lastExpense: u.lastYearExpenseFen,
        actualIncome: u.actualIncomeFen,
        actualExpense: u.actualExpenseFen,
        balance: u.balanceFen,
      });
    }
    units = seq;
    t.totalRow('合计', 'name', { code: `共 ${seq} 个单位` });
    t.signatures();
    ws.commit();
  }

  progress?.(5, 6, '正在写预算规则检查表');
  // ── 预算规则检查表 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.checks);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '序号', key: 'seq', width: 7, kind: 'int' },
      { header: '检查项目', key: 'name', width: 22 },
      { header: '是否阻断', key: 'blocking', width: 9 },
      { header: '检查结果', key: 'status', width: 9 },
      { header: '说明', key: 'message', width: 50 },
      { header: '计算数据', key: 'figures', width: 70 },
    ];
    const t = new TableWriter(
      ws,
      { sheetName: REPORT_SHEETS.checks, title: `${year}年度预算规则检查表`, orgName: org, period, columns, unitLabel: '', signatures: REPORT_SIGNATURES },
      true,
    );
    checks.results.forEach((r, i) => {
      t.row({
        seq: i + 1,
        name: r.name,
        blocking: r.blocking ? '是' : '否',
        status: r.status,
        message: r.message + (r.itemCount ? `（涉及 ${r.itemCount} 处：${r.items.slice(0, 5).map((x) => x.text).join('；')}${r.itemCount > 5 ? '……' : ''}）` : ''),
        figures: r.figures.map(figureText).join('；'),
      });
    });
    t.note(checks.passed ? '结论：阻断规则全部通过。' : `结论：有 ${checks.blockingFailures} 项阻断规则未通过，预算不能进入下一审批环节。`);
    t.signatures();
    ws.commit();
  }

  await wb.commit();
  progress?.(6, 6, '预算汇总表已导出');
  return { incomeFen: cons.totals.incomeFen, expenseFen: cons.totals.expenseFen, units, projects: projectCount, projectFen };
}
