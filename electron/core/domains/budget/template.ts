// The budget workbook a unit fills in offline. One workbook per unit: the unit and year filled in and
// protected, the subjects of the unit's chart offered as drop-down lists (data validation referring to
// named ranges on a hidden list sheet), an instructions sheet, and sheet protection with only the input
// cells unlocked (no password: the office can lift it if it must). Optionally prefilled with the unit's
// current version so that it can be edited and imported again as a new version.
import fs from 'node:fs';
import path from 'node:path';
import { ExcelJS, BORDER, safeText } from '../../reports/excel';
import type { Executor } from '../../db/tx';
import { fenToYuanNumber } from '../../../../shared/money';
import {
  CHART_LABELS, EXPENSE_TYPES, FUNDING_SOURCES_OF_CHART, SANGONG_CATEGORIES, SANGONG_SUBJECTS, type ChartSet,
} from '../../../../shared/budget/constants';
import { budgetSubjects, anySubject } from '../../../../shared/budget/subjects';
import {
  COVER_FIELDS, DETAIL_COLUMNS, FIRST_DATA_ROW, HEADER_ROW, INCOME_COLUMNS, INPUT_ROWS, PROJECT_COLUMNS, SHEETS, TEMPLATE_VERSION,
  type TemplateColumn,
} from '../../../../shared/budget/template';
import type { BudgetLineRow, BudgetProjectRow, BudgetTemplateFile } from '../../../../shared/contract/budget';
import { orgName } from '../setup/org';
import { chartOf, loadUnit, type UnitInfo } from './structure';
import { ruleOf } from './rules';
import { versionLines, versionProjects } from './versions';
import { AppError } from '../../errors';
import { acceptedAllocations } from '../assessment/allocations';
import { formatFen } from '../../../../shared/money';

const FONT = '宋体';
const LIST_NAMES = {
  income: 'L_INCOME',
  expense: 'L_EXPENSE',
  source: 'L_SOURCE',
  type: 'L_TYPE',
  sangong: 'L_SANGONG',
  fund: 'L_FUND',
  project: 'L_PROJECT',
} as const;

export interface TemplateContent {
  projects: BudgetProjectRow[];
  lines: BudgetLineRow[];
  cover: { unitHead: string | null; preparer: string | null; phone: string | null };
}

export interface TemplateOptions {
  year: number;
  unit: UnitInfo;
  orgName: string;
  specialFunds: readonly string[];
  forbiddenNotes: readonly string[];
  prefill: TemplateContent | null;
  /** The unit's starting figure from an accepted assessment allocation (reference only, never imported). */
  startingFigure?: { amountFen: number; basis: string } | null;
}

function headerCell(c: ExcelJS.Cell, text: string, required: boolean) {
  c.value = text;
  c.font = { name: FONT, size: 10, bold: true, color: { argb: required ? 'FFC00000' : 'FF000000' } };
  c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  c.border = BORDER;
  c.protection = { locked: true };
}

function locked(c: ExcelJS.Cell) {
  c.protection = { locked: true };
}

type Validations = { add(range: string, v: ExcelJS.DataValidation): void };
const validationsOf = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: Validations }).dataValidations;

function listValidation(ws: ExcelJS.Worksheet, col: string, rows: number, name: string, title: string, error: string) {
  validationsOf(ws).add(`${col}${FIRST_DATA_ROW}:${col}${FIRST_DATA_ROW + rows - 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [name],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error,
  });
}

const PROTECTION = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: true,
  formatColumns: true,
  formatRows: true,
  insertRows: true,
  deleteRows: true,
  sort: false,
  autoFilter: false,
};

/** A list sheet: title, unit line, header row, unlocked input columns with formats and drop-downs. */
function listSheet<K extends string>(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  o: TemplateOptions,
  columns: readonly TemplateColumn<K>[],
  rows: number,
  lists: Partial<Record<K, { name: string; error: string }>>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `A${FIRST_DATA_ROW}` }] });
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: {
      font: { name: FONT, size: 10 },
      protection: { locked: false },
      numFmt: c.type === 'amount' ? '#,##0.00' : c.type === 'quantity' ? 'General' : c.type === 'date' ? 'yyyy-mm-dd' : '@',
    },
  }));
  const last = columns.length;
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: FONT, size: 14, bold: true };
  t.alignment = { horizontal: 'center' };
  ws.mergeCells(1, 1, 1, last);
  const info = ws.getRow(2);
  info.getCell(1).value = `单位：${o.unit.name}（${o.unit.code}）　预算年度：${o.year}`;
  info.getCell(last).value = '单位：元';
  info.getCell(last).alignment = { horizontal: 'right' };
  for (let r = 1; r <= 2; r++) for (let c = 1; c <= last; c++) locked(ws.getCell(r, c));
  info.getCell(1).font = { name: FONT, size: 10 };
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    headerCell(header.getCell(i + 1), c.header, c.required);
    header.getCell(i + 1).note = c.help;
  });
  header.height = 30;
  columns.forEach((c, i) => {
    const list = lists[c.key];
    if (list) listValidation(ws, ws.getColumn(i + 1).letter, rows, list.name, c.header, list.error);
  });
  return ws;
}

function put(ws: ExcelJS.Worksheet, rowNo: number, columns: readonly TemplateColumn[], values: Record<string, unknown>) {
  const row = ws.getRow(rowNo);
  columns.forEach((c, i) => {
    const v = values[c.key];
    if (v === null || v === undefined || v === '') return;
    const cell = row.getCell(i + 1);
    if (c.type === 'amount') cell.value = fenToYuanNumber(v as number);
    else if (c.type === 'quantity') cell.value = Number(v);
    else cell.value = typeof v === 'string' ? safeText(v) : (v as ExcelJS.CellValue);
  });
}

function helpSheet(wb: ExcelJS.Workbook, o: TemplateOptions, chart: ChartSet) {
  const help = wb.addWorksheet(SHEETS.help);
  help.columns = [{ width: 20 }, { width: 10 }, { width: 90 }];
  const title = help.addRow([`${o.year}年度单位预算填报说明`]);
  title.font = { name: FONT, size: 16, bold: true };
  help.mergeCells(1, 1, 1, 3);
  const rules = [
    `本工作簿供“${o.unit.name}”（单位编码 ${o.unit.code}）填报 ${o.year} 年度预算，适用${CHART_LABELS[chart]}。请不要修改单位和年度，不要增删、重命名工作表。`,
    '预算分三级：“部门预算”表为本单位预算的封面和合计；“项目预算”表逐项列出项目（目的、期间、负责人、绩效目标和指标、项目总额）；“支出预算”表是明细预算，每行一笔支出（科目、事项、数量、单价、金额）。',
    '“收入预算”表逐行填写收入科目和金额；使用上年结转结余安排支出的，在收入预算中选“使用上年……”科目列示。',
    '“支出预算”表中，基本支出直接填写；项目支出须填写项目编号，同一项目各明细行金额之和必须等于“项目预算”表中的项目总额，否则整个文件不能导入。',
    '金额单位为元，最多两位小数，不能为负数；填写数量和单价的，金额须等于数量×单价。预算科目请从下拉列表选择，有明细科目的须选明细科目。',
    '不得列支工会经费不能支付的事项：购物卡、代金券、现金慰问，宴请，高档娱乐健身，应由行政负担的工会专职人员工资、奖金、津贴、社会保险等。含有这些内容的行会被拒绝导入。',
    '导入时系统逐项检查；发现错误的文件不会导入任何内容，并列出每处错误所在的工作表、行和列，改正后重新导入即可。每次导入成功都生成一个新版本，历史版本保留可查。',
    '表格已设保护，只有填写区域可以编辑；需要更多行时可插入行。',
  ];
  if (o.startingFigure) {
    rules.push(
      `资金分配起始数（参考，不导入）：根据考核结果，本单位 ${o.year} 年度资金分配起始数为 ${formatFen(o.startingFigure.amountFen)} 元。依据：${o.startingFigure.basis}`,
    );
  }
  help.addRow([]);
  rules.forEach((r, i) => {
    const row = help.addRow([`${i + 1}. ${r}`]);
    help.mergeCells(row.number, 1, row.number, 3);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 32;
  });
  const section = (name: string, cols: readonly { header?: string; label?: string; required?: boolean; fixed?: boolean; help: string }[]) => {
    help.addRow([]);
    const h = help.addRow([`“${name}”表`]);
    h.font = { name: FONT, size: 11, bold: true };
    const head = help.addRow(['栏目', '是否必填', '填写要求']);
    head.eachCell((c) => {
      c.font = { name: FONT, size: 10, bold: true };
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      c.border = BORDER;
    });
    for (const c of cols) {
      const row = help.addRow([c.header ?? c.label, c.fixed ? '系统填写' : c.required ? '必填' : '选填', c.help]);
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.font = { name: FONT, size: 10 };
        cell.border = BORDER;
        cell.alignment = { wrapText: true, vertical: 'top' };
      });
    }
  };
  section(SHEETS.cover, COVER_FIELDS);
  section(SHEETS.income, INCOME_COLUMNS);
  section(SHEETS.projects, PROJECT_COLUMNS);
  section(SHEETS.details, DETAIL_COLUMNS);
  if (o.forbiddenNotes.length) {
    help.addRow([]);
    const h = help.addRow(['禁止列支事项（规则）']);
    h.font = { name: FONT, size: 11, bold: true };
    for (const n of o.forbiddenNotes) {
      const row = help.addRow([n]);
      help.mergeCells(row.number, 1, row.number, 3);
      row.getCell(1).alignment = { wrapText: true };
    }
  }
  return help;
}

/** Builds the workbook for one unit (in memory; templates are small). */
export async function buildTemplate(o: TemplateOptions): Promise<ExcelJS.Workbook> {
  const chart = chartOf(o.unit.kind);
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  wb.title = `${o.year}年度预算填报模板`;

  helpSheet(wb, o, chart);

  // ── 部门预算 (cover) ──
  const cover = wb.addWorksheet(SHEETS.cover);
  cover.columns = [{ width: 24 }, { width: 40 }, { width: 60 }];
  const ct = cover.getCell(1, 1);
  ct.value = `${o.unit.name}${o.year}年度部门预算`;
  ct.font = { name: FONT, size: 16, bold: true };
  ct.alignment = { horizontal: 'center' };
  cover.mergeCells(1, 1, 1, 3);
  cover.getCell(2, 1).value = `编制单位：${o.orgName}`;
  cover.getCell(2, 3).value = '单位：元';
  cover.getCell(2, 3).alignment = { horizontal: 'right' };
  const fixedValue: Record<string, string | number> = {
    year: o.year,
    unitCode: o.unit.code,
    unitName: o.unit.name,
    unitKind: o.unit.kind,
    chart: CHART_LABELS[chart],
  };
  const prefillCover: Record<string, string | number | null> = {};
  if (o.prefill) {
    let income = 0;
    let expense = 0;
    let basic = 0;
    let project = 0;
    for (const l of o.prefill.lines) {
      if (l.direction === '收入') income += l.amountFen;
      else {
        expense += l.amountFen;
        if (l.expenseType === '项目支出') project += l.amountFen;
        else basic += l.amountFen;
      }
    }
    Object.assign(prefillCover, {
      incomeTotal: income,
      expenseTotal: expense,
      basicTotal: basic,
      projectTotal: project,
      unitHead: o.prefill.cover.unitHead,
      preparer: o.prefill.cover.preparer,
      phone: o.prefill.cover.phone,
    });
  }
  COVER_FIELDS.forEach((f, i) => {
    const r = 4 + i;
    const label = cover.getCell(r, 1);
    label.value = f.label;
    label.font = { name: FONT, size: 11, bold: true };
    label.border = BORDER;
    label.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    const v = cover.getCell(r, 2);
    v.border = BORDER;
    v.font = { name: FONT, size: 11 };
    if (f.fixed) {
      v.value = fixedValue[f.key];
      v.protection = { locked: true };
    } else {
      v.protection = { locked: false };
      v.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFE0' } };
      const pre = prefillCover[f.key];
      if (f.kind === 'amount') {
        v.numFmt = '#,##0.00';
        if (typeof pre === 'number') v.value = fenToYuanNumber(pre);
      } else {
        v.numFmt = f.kind === 'date' ? 'yyyy-mm-dd' : '@';
        if (pre) v.value = safeText(String(pre));
      }
    }
    const h = cover.getCell(r, 3);
    h.value = f.help;
    h.font = { name: FONT, size: 9, color: { argb: 'FF666666' } };
  });

  // ── 收入预算 ──
  const income = listSheet(wb, SHEETS.income, `${o.year}年度收入预算`, o, INCOME_COLUMNS, INPUT_ROWS.income, {
    subject: { name: LIST_NAMES.income, error: '请从下拉列表选择收入科目' },
    fundingSource: { name: LIST_NAMES.source, error: `资金来源应为：${FUNDING_SOURCES_OF_CHART[chart].join('、')}` },
  });
  // ── 项目预算 ──
  const projects = listSheet(wb, SHEETS.projects, `${o.year}年度项目预算`, o, PROJECT_COLUMNS, INPUT_ROWS.projects, {
    fundingSource: { name: LIST_NAMES.source, error: `资金来源应为：${FUNDING_SOURCES_OF_CHART[chart].join('、')}` },
    specialFund: { name: LIST_NAMES.fund, error: '请从下拉列表选择专项资金' },
  });
  // ── 支出预算 (明细预算) ──
  const details = listSheet(wb, SHEETS.details, `${o.year}年度支出预算（明细预算）`, o, DETAIL_COLUMNS, INPUT_ROWS.details, {
    expenseType: { name: LIST_NAMES.type, error: '支出类型应为：基本支出、项目支出' },
    project: { name: LIST_NAMES.project, error: '请填写“项目预算”表中的项目编号' },
    subject: { name: LIST_NAMES.expense, error: '请从下拉列表选择支出科目（有明细科目的选明细科目）' },
    fundingSource: { name: LIST_NAMES.source, error: `资金来源应为：${FUNDING_SOURCES_OF_CHART[chart].join('、')}` },
    sangong: { name: LIST_NAMES.sangong, error: `三公经费类别应为：${SANGONG_CATEGORIES.join('、')}（仅 ${SANGONG_SUBJECTS.join('、')}）` },
    specialFund: { name: LIST_NAMES.fund, error: '请从下拉列表选择专项资金' },
  });

  // ── hidden lists ──
  const subjects = budgetSubjects(chart);
  const incomeLabels = subjects.filter((s) => s.direction === '收入' && s.leaf).map((s) => s.label);
  const expenseLabels = subjects.filter((s) => s.direction === '支出' && s.leaf).map((s) => s.label);
  const lists = wb.addWorksheet(SHEETS.lists);
  const listCols: Array<[keyof typeof LIST_NAMES, string, readonly string[]]> = [
    ['income', '收入科目', incomeLabels],
    ['expense', '支出科目', expenseLabels],
    ['source', '资金来源', FUNDING_SOURCES_OF_CHART[chart]],
    ['type', '支出类型', EXPENSE_TYPES],
    ['sangong', '三公经费类别', SANGONG_CATEGORIES],
    ['fund', '专项资金', o.specialFunds.length ? o.specialFunds : ['（无）']],
  ];
  listCols.forEach(([key, caption, values], i) => {
    const col = i + 1;
    lists.getCell(1, col).value = caption;
    values.forEach((v, j) => (lists.getCell(2 + j, col).value = v));
    const letter = lists.getColumn(col).letter;
    wb.definedNames.add(`'${SHEETS.lists}'!$${letter}$2:$${letter}$${1 + values.length}`, LIST_NAMES[key]);
  });
  wb.definedNames.add(
    `'${SHEETS.projects}'!$A$${FIRST_DATA_ROW}:$A$${FIRST_DATA_ROW + INPUT_ROWS.projects - 1}`,
    LIST_NAMES.project,
  );
  lists.state = 'hidden';

  if (o.prefill) {
    let r = FIRST_DATA_ROW;
    for (const l of o.prefill.lines) {
      if (l.direction !== '收入') continue;
      put(income, r++, INCOME_COLUMNS, {
        subject: anySubject(l.subjectCode)?.label ?? l.subjectCode,
        fundingSource: l.fundingSource,
        item: l.item,
        amount: l.amountFen,
        note: l.note,
      });
    }
    r = FIRST_DATA_ROW;
    for (const p of o.prefill.projects) {
      put(projects, r++, PROJECT_COLUMNS, {
        code: p.code,
        name: p.name,
        fundingSource: p.fundingSource,
        specialFund: p.specialFund,
        purpose: p.purpose,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        manager: p.manager,
        goals: p.goals,
        indicators: p.indicators,
        total: p.totalFen,
      });
    }
    r = FIRST_DATA_ROW;
    for (const l of o.prefill.lines) {
      if (l.direction !== '支出') continue;
      put(details, r++, DETAIL_COLUMNS, {
        expenseType: l.expenseType,
        project: l.projectCode,
        subject: anySubject(l.subjectCode)?.label ?? l.subjectCode,
        fundingSource: l.fundingSource,
        sangong: l.sangong,
        specialFund: l.specialFund,
        item: l.item,
        quantity: l.quantity,
        unitPrice: l.unitPriceFen,
        amount: l.amountFen,
        note: l.note,
      });
    }
  }

  // ── template facts (very hidden) ──
  const meta = wb.addWorksheet(SHEETS.meta);
  const facts: Array<[string, string | number]> = [
    ['模板版本', TEMPLATE_VERSION],
    ['预算年度', o.year],
    ['单位编码', o.unit.code],
    ['科目表', chart],
    ['生成方式', o.prefill ? '含现行版本' : '空白'],
  ];
  facts.forEach(([k, v], i) => {
    meta.getCell(i + 1, 1).value = k;
    meta.getCell(i + 1, 2).value = v;
  });
  meta.state = 'veryHidden';

  for (const ws of [cover, income, projects, details, lists, meta]) await ws.protect('', PROTECTION);
  await wb.getWorksheet(SHEETS.help)!.protect('', PROTECTION);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return wb;
}

/** The per-year facts every template of a batch shares: organisation name, special funds, forbidden notes. */
export async function templateContext(db: Executor, year: number) {
  const [org, funds, forbidden] = await Promise.all([orgName(db), ruleOf(db, 'special_funds', year), ruleOf(db, 'forbidden', year)]);
  return {
    orgName: org,
    specialFunds: funds.params.funds.map((f) => f.name),
    forbiddenNotes: forbidden.params.entries.map(
      (e) => `${e.severity === '禁止' ? '禁止' : '提示'}（${e.appliesTo === '全部' ? '全部单位' : CHART_LABELS[e.appliesTo]}）：${e.keywords.join('、')}——${e.reason}`,
    ),
  };
}

export async function templateContent(db: Executor, year: number, unitId: number): Promise<TemplateContent | null> {
  const c = await db
    .selectFrom('budget_unit_year as c')
    .innerJoin('budget_version as v', 'v.id', 'c.current_version_id')
    .select(['v.id', 'v.unit_head', 'v.preparer', 'v.phone'])
    .where('c.year', '=', year)
    .where('c.unit_id', '=', unitId)
    .executeTakeFirst();
  if (!c) return null;
  const [projects, lines] = await Promise.all([versionProjects(db, c.id), versionLines(db, c.id)]);
  return { projects, lines, cover: { unitHead: c.unit_head, preparer: c.preparer, phone: c.phone } };
}

export function templateFileName(year: number, unit: { code: string; name: string }): string {
  return `${year}年度预算填报_${unit.code}_${unit.name}.xlsx`.replace(/[\\/:*?"<>|]/g, '_');
}

/**
 * Writes one template per unit. `target` gives each unit's output path (a reserved export, or a file in
 * the CLI's --out folder) and `done` turns a written path into the result entry.
 */
export async function writeTemplates(
  db: Executor,
  year: number,
  unitIds: readonly number[],
  prefill: boolean,
  target: (unit: UnitInfo, fileName: string) => { path: string; finish: () => { id: string; name: string; size: number } },
  progress?: (done: number, total: number, message?: string) => void,
): Promise<BudgetTemplateFile[]> {
  const ctx = await templateContext(db, year);
  const starts = new Map((await acceptedAllocations(db, year)).map((a) => [a.unitId, a]));
  const out: BudgetTemplateFile[] = [];
  const ids = [...new Set(unitIds)];
  let done = 0;
  for (const id of ids) {
    const unit = await loadUnit(db, id);
    if (!unit.active) throw new AppError('VALIDATION', `单位“${unit.name}”已停用，不能生成预算模板。`);
    progress?.(done, ids.length, `正在生成 ${unit.name} 的预算模板`);
    const wb = await buildTemplate({ year, unit, ...ctx, prefill: prefill ? await templateContent(db, year, id) : null, startingFigure: starts.get(id) ?? null });
    const t = target(unit, templateFileName(year, unit));
    fs.mkdirSync(path.dirname(t.path), { recursive: true });
    await wb.xlsx.writeFile(t.path);
    const f = t.finish();
    out.push({ ...f, unitId: unit.id, unitCode: unit.code, unitName: unit.name });
    done++;
  }
  progress?.(done, ids.length, `已生成 ${done} 个预算模板`);
  return out;
}
