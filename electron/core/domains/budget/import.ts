// Importing unit budget workbooks. Each workbook is read by header names (columns may be moved, the
// header row may be any of the first rows of a sheet), validated completely — every problem reported by
// sheet, row, column and cell in Chinese — and imported on its own in one transaction as a new version of
// the unit's budget; a workbook with any blocking error writes nothing (only its attempt is logged, so
// the status table can show 有错误 with the errors).
//
// Three phases, so the benchmark can time the database work apart from reading Excel:
//   readBudgetWorkbook (Excel → typed cells, no database) → checkBudget (rules, subjects, roll-ups;
//   units and rules from a per-batch context) → writeVersion (one transaction: version, projects, lines,
//   current pointer, audit entry).
import crypto from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { CompiledQuery } from 'kysely';
import type { Executor } from '../../db/tx';
import { withTx, withWriteTx } from '../../db/tx';
import type { Row } from '../../db/bulk';
import { writeAudit, type Actor } from '../audit/log';
import { AppError } from '../../errors';
import { MoneyError, formatFen, parseFen } from '../../../../shared/money';
import {
  BUDGET_MODULE, CHART_LABELS, EXPENSE_TYPES, FUNDING_SOURCES_OF_CHART, NO_EXPENSE_TYPE_CODES, SANGONG_CATEGORIES,
  SANGONG_DEFAULT_OF_SUBJECT, SANGONG_SUBJECTS, SNAPSHOT_STAGE, type ChartSet, type Direction,
} from '../../../../shared/budget/constants';
import { budgetSubjects, subjectMap, anySubject, type BudgetSubject } from '../../../../shared/budget/subjects';
import {
  COVER_FIELDS, DETAIL_COLUMNS, INCOME_COLUMNS, PROJECT_COLUMNS, SHEETS, normaliseLabel, type CoverKey, type DetailKey,
  type IncomeKey, type ProjectKey, type TemplateColumn,
} from '../../../../shared/budget/template';
import type { ForbiddenEntry, RuleParams } from '../../../../shared/budget/rules';
import type { BudgetImportFileResult, BudgetImportIssue, BudgetImportResult } from '../../../../shared/contract/budget';
import type { UnitKind } from '../../../../shared/units';
import { chartOf, isOwnLevel, unitRef, type UnitInfo } from './structure';
import { matchForbidden, ruleOf } from './rules';

const MAX_LISTED = 1000;
const HEADER_SEARCH_ROWS = 8;
const TOTAL_WORDS = new Set(['合计', '小计', '总计', '合 计']);

// ── issues ─────────────────────────────────────────────────────────────────────────────────────────

export class Issues {
  readonly errors: BudgetImportIssue[] = [];
  readonly warnings: BudgetImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;

  error(sheet: string, row: number | null, column: string | null, cell: string | null, message: string) {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push({ sheet, row, column, cell: cell ? `${sheet}!${cell}` : null, message });
  }

  warn(sheet: string, row: number | null, column: string | null, cell: string | null, message: string) {
    this.warningCount++;
    if (this.warnings.length < MAX_LISTED) this.warnings.push({ sheet, row, column, cell: cell ? `${sheet}!${cell}` : null, message });
  }
}

// ── reading cells ──────────────────────────────────────────────────────────────────────────────────

type Scalar = string | number | boolean | Date | null;
type CellErr = { error: string };

function cellScalar(v: unknown): Scalar | CellErr {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = /^'[=+\-@]/.test(v) ? v.slice(1) : v;
    const t = s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o && typeof o.error === 'string') return { error: o.error };
    if ('richText' in o && Array.isArray(o.richText)) return cellScalar((o.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
    if ('formula' in o || 'sharedFormula' in o) return cellScalar(o.result);
    if ('text' in o) return cellScalar(o.text);
  }
  return cellScalar(String(v));
}

const isErr = (v: Scalar | CellErr): v is CellErr => v !== null && typeof v === 'object' && !(v instanceof Date);
const pad2 = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;

function shown(v: Scalar): string {
  if (v instanceof Date) return dateOf(v);
  const s = String(v);
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

type Conv<T> = { ok: true; value: T | null } | { ok: false; message: string };

function toText(v: Scalar, label: string, max = 500): Conv<string> {
  if (v === null) return { ok: true, value: null };
  const s = (typeof v === 'string' ? v : shown(v)).trim();
  if ([...s].length > max) return { ok: false, message: `${label}最多 ${max} 个字符` };
  return { ok: true, value: s || null };
}

function toAmount(v: Scalar, label: string): Conv<number> {
  if (v === null) return { ok: true, value: null };
  if (typeof v !== 'number' && typeof v !== 'string') return { ok: false, message: `${label}应为金额，实际为“${shown(v)}”` };
  try {
    const fen = parseFen(v);
    if (fen < 0) return { ok: false, message: `${label}不能为负数：${shown(v)}` };
    return { ok: true, value: fen };
  } catch (e) {
    if (e instanceof MoneyError) return { ok: false, message: `${label}：${e.message}` };
    throw e;
  }
}

export interface Quantity {
  text: string;
  /** The quantity × 10,000, exactly. */
  scaled: bigint;
}

function toQuantity(v: Scalar, label: string): Conv<Quantity> {
  if (v === null) return { ok: true, value: null };
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.replace(/[,，\s]/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)) : '';
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, message: `${label}应为不小于 0 的数字，实际为“${shown(v)}”` };
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 4) return { ok: false, message: `${label}最多四位小数：${shown(v)}` };
  const scaled = BigInt(m[1]) * 10_000n + BigInt((frac || '0').padEnd(4, '0'));
  const text = frac ? `${BigInt(m[1])}.${frac}` : String(BigInt(m[1]));
  return { ok: true, value: { text, scaled } };
}

function toDate(v: Scalar, label: string): Conv<string> {
  if (v === null) return { ok: true, value: null };
  if (v instanceof Date) return { ok: true, value: dateOf(v) };
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 21001231) {
      const s = String(v);
      return { ok: true, value: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` };
    }
    if (v > 0 && v < 80_000) return { ok: true, value: dateOf(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000)) };
  }
  if (typeof v === 'string') {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
    if (m) {
      const d = `${m[1]}-${pad2(Number(m[2]))}-${pad2(Number(m[3]))}`;
      const t = new Date(`${d}T00:00:00Z`);
      if (!Number.isNaN(t.getTime()) && dateOf(t) === d) return { ok: true, value: d };
    }
  }
  return { ok: false, message: `${label}“${shown(v)}”不是日期，格式应为 YYYY-MM-DD` };
}

function toList(v: Scalar): Conv<string> {
  if (v === null) return { ok: true, value: null };
  const s = (typeof v === 'string' ? v : shown(v)).replace(/[\s\u3000]/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  return { ok: true, value: s || null };
}

function toSubjectText(v: Scalar): Conv<string> {
  if (v === null) return { ok: true, value: null };
  if (typeof v === 'number') return { ok: true, value: String(v) };
  return { ok: true, value: (typeof v === 'string' ? v : shown(v)).trim() || null };
}

type Typed = string | number | Quantity | null;

function convert(col: TemplateColumn, raw: Scalar): Conv<Typed> {
  switch (col.type) {
    case 'amount':
      return toAmount(raw, col.header);
    case 'quantity':
      return toQuantity(raw, col.header);
    case 'date':
      return toDate(raw, col.header);
    case 'list':
      return toList(raw);
    case 'subject':
      return toSubjectText(raw);
    case 'project':
      return toText(raw, col.header, col.maxLength ?? 20);
    default:
      return toText(raw, col.header, col.maxLength ?? 500);
  }
}

// ── reading the workbook ───────────────────────────────────────────────────────────────────────────

export interface ReadRow<K extends string> {
  rowNo: number;
  values: Partial<Record<K, Typed>>;
  /** Columns whose cell could not be read (already reported). */
  failed: Set<K>;
}

export interface ReadSheet<K extends string> {
  name: string;
  present: boolean;
  /** Column key → letter and header as found. */
  cols: Map<K, { letter: string; header: string }>;
  rows: ReadRow<K>[];
}

export interface ReadCover {
  present: boolean;
  values: Partial<Record<CoverKey, string | number | null>>;
  cells: Partial<Record<CoverKey, string>>;
}

export interface ReadBudget {
  fileName: string;
  sha256: string;
  cover: ReadCover;
  income: ReadSheet<IncomeKey>;
  projects: ReadSheet<ProjectKey>;
  details: ReadSheet<DetailKey>;
  /** Problems found while reading (format, missing sheets or columns). */
  issues: Issues;
}

function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const want = normaliseLabel(name);
  return wb.worksheets.find((w) => normaliseLabel(w.name) === want);
}

function readCover(ws: ExcelJS.Worksheet | undefined, issues: Issues): ReadCover {
  const out: ReadCover = { present: Boolean(ws), values: {}, cells: {} };
  if (!ws) {
    issues.error(SHEETS.cover, null, null, null, `缺少工作表“${SHEETS.cover}”，请使用系统导出的预算模板填写`);
    return out;
  }
  const byLabel = new Map(COVER_FIELDS.map((f) => [normaliseLabel(f.label), f]));
  const last = Math.min(ws.rowCount, 60);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= Math.min(row.cellCount, 6); c++) {
      const label = cellScalar(row.getCell(c).value);
      if (typeof label !== 'string') continue;
      const f = byLabel.get(normaliseLabel(label));
      if (!f || f.key in out.cells) continue;
      const cell = row.getCell(c + 1);
      const addr = cell.address;
      out.cells[f.key] = addr;
      const raw = cellScalar(cell.value);
      if (isErr(raw)) {
        issues.error(ws.name, r, f.label, addr, `单元格是错误值 ${raw.error}，请改为实际内容`);
        continue;
      }
      let conv: Conv<Typed>;
      if (f.kind === 'amount') conv = toAmount(raw, f.label);
      else if (f.kind === 'date') conv = toDate(raw, f.label);
      else if (f.kind === 'int') {
        conv =
          raw === null
            ? { ok: true, value: null }
            : typeof raw === 'number' && Number.isInteger(raw)
              ? { ok: true, value: raw }
              : typeof raw === 'string' && /^\d{4}$/.test(raw.replace(/年度?$/, ''))
                ? { ok: true, value: Number(raw.replace(/年度?$/, '')) }
                : { ok: false, message: `${f.label}应为四位年份，实际为“${shown(raw)}”` };
      } else conv = toText(raw, f.label, 100);
      if (!conv.ok) issues.error(ws.name, r, f.label, addr, conv.message);
      else out.values[f.key] = conv.value as string | number | null;
    }
  }
  return out;
}

function readListSheet<K extends string>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly TemplateColumn<K>[],
  issues: Issues,
  required: boolean,
): ReadSheet<K> {
  const out: ReadSheet<K> = { name, present: false, cols: new Map(), rows: [] };
  const ws = findSheet(wb, name);
  if (!ws) {
    if (required) issues.error(name, null, null, null, `缺少工作表“${name}”，请使用系统导出的预算模板填写`);
    return out;
  }
  out.present = true;
  out.name = ws.name;
  const headerOf = new Map<string, TemplateColumn<K>>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) headerOf.set(normaliseLabel(h), c);

  let headerRow = 0;
  let best = new Map<K, { letter: string; header: string; index: number }>();
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    const found = new Map<K, { letter: string; header: string; index: number }>();
    ws.getRow(r).eachCell((cell, colNumber) => {
      const v = cellScalar(cell.value);
      if (typeof v !== 'string') return;
      const col = headerOf.get(normaliseLabel(v));
      if (col && !found.has(col.key)) found.set(col.key, { letter: ws.getColumn(colNumber).letter, header: v, index: colNumber });
    });
    if (found.size >= 2 && found.size > best.size) {
      best = found;
      headerRow = r;
    }
  }
  if (!headerRow) {
    issues.error(ws.name, null, null, null, `未找到表头行（应包含：${columns.filter((c) => c.required).map((c) => c.header).join('、')}）`);
    return out;
  }
  for (const c of columns) {
    if (c.required && !best.has(c.key)) issues.error(ws.name, headerRow, c.header, null, `缺少“${c.header}”列`);
  }
  for (const [k, v] of best) out.cols.set(k, { letter: v.letter, header: v.header });

  const mapped = columns.filter((c) => best.has(c.key));
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const raws = new Map<K, Scalar | CellErr>();
    let any = false;
    let total = false;
    for (const c of mapped) {
      const v = cellScalar(row.getCell(best.get(c.key)!.index).value);
      raws.set(c.key, v);
      if (v !== null) any = true;
      if (typeof v === 'string' && TOTAL_WORDS.has(v.replace(/\s/g, '').replace(/：$/, ''))) total = true;
    }
    if (!any || total) continue;
    const read: ReadRow<K> = { rowNo: r, values: {}, failed: new Set() };
    for (const c of mapped) {
      const raw = raws.get(c.key)!;
      const addr = `${best.get(c.key)!.letter}${r}`;
      if (isErr(raw)) {
        issues.error(ws.name, r, c.header, addr, `单元格是错误值 ${raw.error}，请改为实际内容`);
        read.failed.add(c.key);
        continue;
      }
      const conv = convert(c, raw);
      if (!conv.ok) {
        issues.error(ws.name, r, c.header, addr, conv.message);
        read.failed.add(c.key);
      } else read.values[c.key] = conv.value;
    }
    out.rows.push(read);
  }
  return out;
}

/** Reads a workbook file into typed cells. Never touches the database. */
export async function readBudgetWorkbook(filePath: string, fileName: string): Promise<ReadBudget> {
  const issues = new Issues();
  const bytes = fs.readFileSync(filePath);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const wb = new ExcelJS.Workbook();
  const empty = <K extends string>(name: string): ReadSheet<K> => ({ name, present: false, cols: new Map(), rows: [] });
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    issues.error(fileName, null, null, null, '无法读取文件：不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 另存为 .xlsx 后重新导入');
    return { fileName, sha256, cover: { present: false, values: {}, cells: {} }, income: empty(SHEETS.income), projects: empty(SHEETS.projects), details: empty(SHEETS.details), issues };
  }
  return readLoadedWorkbook(wb, fileName, sha256, issues);
}

export function readLoadedWorkbook(wb: ExcelJS.Workbook, fileName: string, sha256: string, issues = new Issues()): ReadBudget {
  const cover = readCover(findSheet(wb, SHEETS.cover), issues);
  const income = readListSheet(wb, SHEETS.income, INCOME_COLUMNS, issues, false);
  const projects = readListSheet(wb, SHEETS.projects, PROJECT_COLUMNS, issues, false);
  const details = readListSheet(wb, SHEETS.details, DETAIL_COLUMNS, issues, true);
  return { fileName, sha256, cover, income, projects, details, issues };
}

// ── checking ───────────────────────────────────────────────────────────────────────────────────────

/** What every file of a batch is checked against (loaded once per batch). */
export interface CheckContext {
  year: number;
  unitsByCode: ReadonlyMap<string, UnitInfo>;
  forbidden: readonly ForbiddenEntry[];
  specialFunds: readonly string[];
  balance: RuleParams<'balance'> | null;
  expectUnitId: number | null;
  /** Set when the year's budget book has fixed its versions (after 财务汇总): a new version stays outside it. */
  fixedBookTitle: string | null;
}

export async function checkContext(db: Executor, year: number, expectUnitId: number | null): Promise<CheckContext> {
  const [units, forbidden, funds, balance, book] = await Promise.all([
    db.selectFrom('unit').select(['id', 'code', 'name', 'kind', 'active']).execute(),
    ruleOf(db, 'forbidden', year),
    ruleOf(db, 'special_funds', year),
    ruleOf(db, 'balance', year),
    db
      .selectFrom('budget_book')
      .select(['title', 'stage'])
      .where('year', '=', year)
      .where('status', '=', '审批中')
      .where('stage', '>', SNAPSHOT_STAGE)
      .executeTakeFirst(),
  ]);
  return {
    year,
    unitsByCode: new Map(
      units.map((u) => [u.code.toUpperCase(), { id: u.id, code: u.code, name: u.name, kind: u.kind as UnitKind, active: u.active === 1 }]),
    ),
    forbidden: forbidden.params.entries,
    specialFunds: funds.params.funds.map((f) => f.name),
    balance: balance.params,
    expectUnitId,
    fixedBookTitle: book?.title ?? null,
  };
}

export interface PreparedProject {
  code: string;
  name: string;
  fundingSource: string;
  specialFund: string | null;
  purpose: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  manager: string | null;
  goals: string | null;
  indicators: string | null;
  totalFen: number;
  sheet: string;
  rowNo: number;
}

export interface PreparedLine {
  direction: Direction;
  subjectCode: string;
  expenseType: string | null;
  fundingSource: string;
  projectCode: string | null;
  item: string | null;
  quantity: string | null;
  unitPriceFen: number | null;
  amountFen: number;
  sangong: string | null;
  specialFund: string | null;
  note: string | null;
  sheet: string;
  rowNo: number;
}

export interface PreparedVersion {
  year: number;
  unit: UnitInfo;
  chart: ChartSet;
  fileName: string;
  sha256: string;
  preparer: string | null;
  phone: string | null;
  preparedOn: string | null;
  unitHead: string | null;
  layout: Record<string, string>;
  projects: PreparedProject[];
  lines: PreparedLine[];
  incomeFen: number;
  expenseFen: number;
  basicFen: number;
  projectFen: number;
}

export interface Checked {
  prepared: PreparedVersion | null;
  unit: UnitInfo | null;
  issues: Issues;
}

function resolveSubject(
  text: string,
  chart: ChartSet,
  direction: Direction,
): { subject: BudgetSubject } | { message: string } {
  const m = /^(\d{3}(?:\d{2})*)(?!\d)/.exec(text.replace(/\s+/g, ' '));
  let subject: BudgetSubject | undefined;
  const map = subjectMap(chart);
  if (m) {
    subject = map.get(m[1]);
    if (!subject) {
      const other = anySubject(m[1]);
      if (other) {
        const otherChart: ChartSet = chart === 'G' ? 'C' : 'G';
        return {
          message: `科目“${other.label}”不属于${CHART_LABELS[chart]}${otherChart === 'C' && other.code.startsWith('506') ? '（行政支出应由用人单位负担，基层工会不得列支）' : ''}，请选择${CHART_LABELS[chart]}中的科目`,
        };
      }
      return { message: `未知的预算科目“${text}”，请从下拉列表选择` };
    }
  } else {
    const name = text.replace(/\s/g, '');
    const byName = budgetSubjects(chart).filter((s) => s.name === name && s.direction === direction);
    if (byName.length === 1) subject = byName[0];
    else if (byName.length > 1) return { message: `科目名称“${text}”对应多个科目，请填写科目编码` };
    else return { message: `未知的预算科目“${text}”，请从下拉列表选择` };
  }
  if (subject.direction !== direction) {
    return {
      message: `“${subject.label}”是${subject.direction}科目，不能填在${direction === '收入' ? SHEETS.income : SHEETS.details}表`,
    };
  }
  if (!subject.leaf) {
    const child = budgetSubjects(chart).find((s) => s.parent === subject!.code);
    return { message: `科目“${subject.label}”下设明细科目，请选择明细科目${child ? `（如“${child.label}”）` : ''}` };
  }
  return { subject };
}

const str = (v: Typed | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: Typed | undefined): number | null => (typeof v === 'number' ? v : null);

/** Checks a read workbook against the batch context. Pure: no database. */
export function checkBudget(read: ReadBudget, ctx: CheckContext): Checked {
  const issues = read.issues;
  const coverSheet = SHEETS.cover;
  const coverCell = (k: CoverKey) => read.cover.cells[k]?.replace(/^.*!/, '') ?? null;
  const coverRow = (k: CoverKey) => {
    const a = coverCell(k);
    return a ? Number(a.replace(/^[A-Z]+/, '')) : null;
  };
  const coverLabel = (k: CoverKey) => COVER_FIELDS.find((f) => f.key === k)!.label;

  // ── which unit and year ──
  let unit: UnitInfo | null = null;
  const cv = read.cover.values;
  if (read.cover.present) {
    const year = cv.year;
    if (year === null || year === undefined) {
      if (read.cover.cells.year) issues.error(coverSheet, coverRow('year'), coverLabel('year'), coverCell('year'), '预算年度不能为空');
      else issues.error(coverSheet, coverRow('year'), coverLabel('year'), null, '封面缺少“预算年度”');
    } else if (year !== ctx.year) {
      issues.error(coverSheet, coverRow('year'), coverLabel('year'), coverCell('year'), `这是 ${year} 年度的预算工作簿，不能导入 ${ctx.year} 年度`);
    }
    const code = typeof cv.unitCode === 'string' ? cv.unitCode.trim().toUpperCase() : cv.unitCode == null ? null : String(cv.unitCode);
    if (!code) {
      issues.error(coverSheet, coverRow('unitCode'), coverLabel('unitCode'), coverCell('unitCode'), read.cover.cells.unitCode ? '单位编码不能为空' : '封面缺少“单位编码”');
    } else {
      const u = ctx.unitsByCode.get(code);
      if (!u) issues.error(coverSheet, coverRow('unitCode'), coverLabel('unitCode'), coverCell('unitCode'), `单位编码“${code}”在单位名录中不存在`);
      else if (!u.active) issues.error(coverSheet, coverRow('unitCode'), coverLabel('unitCode'), coverCell('unitCode'), `单位“${u.name}”（${u.code}）已停用，不能导入预算`);
      else {
        unit = u;
        if (ctx.expectUnitId && ctx.expectUnitId !== u.id) {
          const want = [...ctx.unitsByCode.values()].find((x) => x.id === ctx.expectUnitId);
          issues.error(coverSheet, coverRow('unitCode'), coverLabel('unitCode'), coverCell('unitCode'), `这是“${u.name}”（${u.code}）的预算工作簿，不是所选单位“${want?.name ?? ctx.expectUnitId}”的`);
        }
        const name = typeof cv.unitName === 'string' ? cv.unitName.trim() : null;
        if (name && name !== u.name) {
          issues.warn(coverSheet, coverRow('unitName'), coverLabel('unitName'), coverCell('unitName'), `工作簿中的单位名称“${name}”与单位名录中的“${u.name}”不同，按单位编码导入为“${u.name}”`);
        }
      }
    }
  }
  const chart: ChartSet = unit ? chartOf(unit.kind) : 'G';
  const sources = FUNDING_SOURCES_OF_CHART[chart];
  const funds = new Set(ctx.specialFunds);

  const colOf = <K extends string>(s: ReadSheet<K>, k: K) => s.cols.get(k);
  const at = <K extends string>(s: ReadSheet<K>, k: K, r: ReadRow<K>) => {
    const c = colOf(s, k);
    return c ? `${c.letter}${r.rowNo}` : null;
  };
  const header = <K extends string>(columns: readonly TemplateColumn<K>[], k: K) => columns.find((c) => c.key === k)!.header;
  const need = <K extends string>(s: ReadSheet<K>, columns: readonly TemplateColumn<K>[], r: ReadRow<K>, k: K, what?: string): boolean => {
    if (r.failed.has(k)) return false;
    const v = r.values[k];
    if (v === null || v === undefined) {
      if (colOf(s, k) || columns.find((c) => c.key === k)!.required) {
        issues.error(s.name, r.rowNo, header(columns, k), at(s, k, r), what ?? `请填写${header(columns, k)}`);
      }
      return false;
    }
    return true;
  };
  const fundingOf = <K extends string>(s: ReadSheet<K>, columns: readonly TemplateColumn<K>[], r: ReadRow<K>, k: K, fallback: string): string | null => {
    const v = str(r.values[k]);
    if (!v) return r.failed.has(k) ? null : fallback;
    if (!(sources as readonly string[]).includes(v)) {
      issues.error(s.name, r.rowNo, header(columns, k), at(s, k, r), chart === 'G' && v === '财政拨款'
        ? '基层工会的预算资金来源只能是工会资金（财政拨款仅适用于县级以上工会）'
        : `资金来源应为：${sources.join('、')}，实际为“${v}”`);
      return null;
    }
    return v;
  };
  const fundOf = <K extends string>(s: ReadSheet<K>, columns: readonly TemplateColumn<K>[], r: ReadRow<K>, k: K): string | null | false => {
    const v = str(r.values[k]);
    if (!v || v === '（无）') return null;
    if (!funds.has(v)) {
      issues.error(s.name, r.rowNo, header(columns, k), at(s, k, r), funds.size
        ? `专项资金“${v}”不在规则设定的专项资金中（可选：${[...funds].join('、')}）`
        : `规则中未设定专项资金，不能填写“${v}”`);
      return false;
    }
    return v;
  };
  const forbidden = <K extends string>(s: ReadSheet<K>, columns: readonly TemplateColumn<K>[], r: ReadRow<K>, k: K, texts: Array<string | null>, subjectCode: string | null) => {
    for (const hit of matchForbidden(ctx.forbidden, texts, subjectCode, chart)) {
      const msg = `含“${hit.keyword}”：${hit.entry.reason}`;
      if (hit.entry.severity === '禁止') issues.error(s.name, r.rowNo, header(columns, k), at(s, k, r), `禁止列支事项，${msg}`);
      else issues.warn(s.name, r.rowNo, header(columns, k), at(s, k, r), `请核实，${msg}`);
    }
  };

  const lines: PreparedLine[] = [];
  let incomeFen = 0;
  let expenseFen = 0;
  let basicFen = 0;
  let projectFen = 0;

  // ── 收入预算 ──
  const inc = read.income;
  for (const r of inc.rows) {
    let subject: BudgetSubject | null = null;
    if (need(inc, INCOME_COLUMNS, r, 'subject')) {
      const res = resolveSubject(str(r.values.subject)!, chart, '收入');
      if ('message' in res) issues.error(inc.name, r.rowNo, header(INCOME_COLUMNS, 'subject'), at(inc, 'subject', r), res.message);
      else subject = res.subject;
    }
    const fundingSource = fundingOf(inc, INCOME_COLUMNS, r, 'fundingSource', '工会资金');
    const amount = need(inc, INCOME_COLUMNS, r, 'amount') ? num(r.values.amount) : null;
    if (amount === 0) issues.warn(inc.name, r.rowNo, header(INCOME_COLUMNS, 'amount'), at(inc, 'amount', r), '金额为 0');
    if (subject && fundingSource && amount !== null) {
      incomeFen += amount;
      lines.push({
        direction: '收入',
        subjectCode: subject.code,
        expenseType: null,
        fundingSource,
        projectCode: null,
        item: str(r.values.item),
        quantity: null,
        unitPriceFen: null,
        amountFen: amount,
        sangong: null,
        specialFund: null,
        note: str(r.values.note),
        sheet: inc.name,
        rowNo: r.rowNo,
      });
    }
  }

  // ── 项目预算 ──
  const prj = read.projects;
  const projects: PreparedProject[] = [];
  const projectByCode = new Map<string, { p: PreparedProject | null; r: ReadRow<ProjectKey>; sum: number; rows: number[]; incomplete: boolean }>();
  for (const r of prj.rows) {
    const code = need(prj, PROJECT_COLUMNS, r, 'code') ? str(r.values.code)!.toUpperCase() : null;
    if (code && projectByCode.has(code)) {
      issues.error(prj.name, r.rowNo, header(PROJECT_COLUMNS, 'code'), at(prj, 'code', r), `项目编号“${code}”重复（第 ${projectByCode.get(code)!.r.rowNo} 行已使用）`);
      continue;
    }
    const name = need(prj, PROJECT_COLUMNS, r, 'name') ? str(r.values.name) : null;
    const purpose = need(prj, PROJECT_COLUMNS, r, 'purpose', '请填写立项依据及目的') ? str(r.values.purpose) : null;
    const manager = need(prj, PROJECT_COLUMNS, r, 'manager', '请填写项目负责人') ? str(r.values.manager) : null;
    const goals = need(prj, PROJECT_COLUMNS, r, 'goals', '请填写绩效目标') ? str(r.values.goals) : null;
    const total = need(prj, PROJECT_COLUMNS, r, 'total', '请填写项目总额') ? num(r.values.total) : null;
    const indicators = str(r.values.indicators);
    if (!indicators && !r.failed.has('indicators')) issues.warn(prj.name, r.rowNo, header(PROJECT_COLUMNS, 'indicators'), at(prj, 'indicators', r), '未填写绩效指标');
    const fundingSource = fundingOf(prj, PROJECT_COLUMNS, r, 'fundingSource', '工会资金');
    const specialFund = fundOf(prj, PROJECT_COLUMNS, r, 'specialFund');
    const start = str(r.values.periodStart);
    const end = str(r.values.periodEnd);
    if (start && end && end < start) {
      issues.error(prj.name, r.rowNo, header(PROJECT_COLUMNS, 'periodEnd'), at(prj, 'periodEnd', r), `实施结束日期 ${end} 早于开始日期 ${start}`);
    }
    if ((start && start > `${ctx.year}-12-31`) || (end && end < `${ctx.year}-01-01`)) {
      issues.warn(prj.name, r.rowNo, header(PROJECT_COLUMNS, 'periodStart'), at(prj, 'periodStart', r), `实施期间不在 ${ctx.year} 年度内`);
    }
    forbidden(prj, PROJECT_COLUMNS, r, 'name', [name, purpose], null);
    const ok = code && name && purpose && manager && goals && total !== null && fundingSource && specialFund !== false;
    const p: PreparedProject | null = ok
      ? {
          code: code!,
          name: name!,
          fundingSource: fundingSource!,
          specialFund: specialFund || null,
          purpose,
          periodStart: start,
          periodEnd: end,
          manager,
          goals,
          indicators,
          totalFen: total!,
          sheet: prj.name,
          rowNo: r.rowNo,
        }
      : null;
    if (p) projects.push(p);
    if (code) projectByCode.set(code, { p, r, sum: 0, rows: [], incomplete: false });
  }

  // ── 支出预算 (明细预算) ──
  const det = read.details;
  for (const r of det.rows) {
    let subject: BudgetSubject | null = null;
    if (need(det, DETAIL_COLUMNS, r, 'subject')) {
      const res = resolveSubject(str(r.values.subject)!, chart, '支出');
      if ('message' in res) issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'subject'), at(det, 'subject', r), res.message);
      else subject = res.subject;
    }
    const projectCode = str(r.values.project)?.toUpperCase() ?? null;
    const project = projectCode ? projectByCode.get(projectCode) : undefined;
    let expenseType = str(r.values.expenseType);
    let typeOk = !r.failed.has('expenseType');
    if (expenseType && !(EXPENSE_TYPES as readonly string[]).includes(expenseType)) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'expenseType'), at(det, 'expenseType', r), `支出类型应为：${EXPENSE_TYPES.join('、')}，实际为“${expenseType}”`);
      typeOk = false;
    }
    if (!expenseType) expenseType = projectCode ? '项目支出' : '基本支出';
    if (subject && NO_EXPENSE_TYPE_CODES.includes(subject.code)) expenseType = null;
    if (typeOk && expenseType === '项目支出' && !projectCode && !r.failed.has('project')) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'project'), at(det, 'project', r), '项目支出须填写所属项目的项目编号');
      typeOk = false;
    }
    if (typeOk && expenseType === '基本支出' && projectCode) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'project'), at(det, 'project', r), `基本支出不应填写项目编号（${projectCode}）；属于项目的请将支出类型改为项目支出`);
      typeOk = false;
    }
    if (projectCode && !project) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'project'), at(det, 'project', r), `项目编号“${projectCode}”在“${SHEETS.projects}”表中不存在`);
      typeOk = false;
    }
    const fundingSource = fundingOf(det, DETAIL_COLUMNS, r, 'fundingSource', project?.p?.fundingSource ?? '工会资金');
    let specialFund = fundOf(det, DETAIL_COLUMNS, r, 'specialFund');
    if (specialFund === null) specialFund = project?.p?.specialFund ?? null;
    let sangong = str(r.values.sangong);
    let sangongOk = true;
    if (sangong && !(SANGONG_CATEGORIES as readonly string[]).includes(sangong)) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'sangong'), at(det, 'sangong', r), `三公经费类别应为：${SANGONG_CATEGORIES.join('、')}，实际为“${sangong}”`);
      sangongOk = false;
    } else if (sangong && subject && !SANGONG_SUBJECTS.includes(subject.code)) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'sangong'), at(det, 'sangong', r), `三公经费只能列在 ${SANGONG_SUBJECTS.map((c) => anySubject(c)?.label ?? c).join('、')} 科目，“${subject.label}”不能标记三公经费类别`);
      sangongOk = false;
    }
    if (!sangong && subject && SANGONG_DEFAULT_OF_SUBJECT[subject.code]) {
      sangong = SANGONG_DEFAULT_OF_SUBJECT[subject.code];
      issues.warn(det.name, r.rowNo, header(DETAIL_COLUMNS, 'sangong'), at(det, 'sangong', r), `未填三公经费类别，按“${sangong}”计入三公经费`);
    }
    const item = need(det, DETAIL_COLUMNS, r, 'item', '请填写明细事项') ? str(r.values.item) : null;
    const note = str(r.values.note);
    const amount = need(det, DETAIL_COLUMNS, r, 'amount', '请填写金额') ? num(r.values.amount) : null;
    const quantity = r.values.quantity && typeof r.values.quantity === 'object' ? (r.values.quantity as Quantity) : null;
    const price = num(r.values.unitPrice);
    let qtyOk = true;
    if (quantity && price === null && !r.failed.has('unitPrice')) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'unitPrice'), at(det, 'unitPrice', r), '填写了数量，须同时填写单价');
      qtyOk = false;
    } else if (!quantity && price !== null && !r.failed.has('quantity')) {
      issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'quantity'), at(det, 'quantity', r), '填写了单价，须同时填写数量');
      qtyOk = false;
    } else if (quantity && price !== null && amount !== null) {
      // amount = round(quantity × price) to the fen, half up, in exact integers.
      const expected = Number((quantity.scaled * BigInt(price) + 5_000n) / 10_000n);
      if (expected !== amount) {
        issues.error(det.name, r.rowNo, header(DETAIL_COLUMNS, 'amount'), at(det, 'amount', r),
          `金额 ${formatFen(amount)} 元与数量×单价（${quantity.text} × ${formatFen(price)} = ${formatFen(expected)} 元）不符`);
        qtyOk = false;
      }
    }
    if (amount === 0) issues.warn(det.name, r.rowNo, header(DETAIL_COLUMNS, 'amount'), at(det, 'amount', r), '金额为 0');
    forbidden(det, DETAIL_COLUMNS, r, 'item', [item, note], subject?.code ?? null);
    if (project && amount !== null) {
      project.sum += amount;
      project.rows.push(r.rowNo);
    } else if (project) project.incomplete = true; // its amount is already reported; no second error for the sum

    if (subject && item && amount !== null && fundingSource && typeOk && sangongOk && qtyOk && specialFund !== false) {
      expenseFen += amount;
      if (expenseType === '项目支出') projectFen += amount;
      else if (expenseType === '基本支出') basicFen += amount;
      lines.push({
        direction: '支出',
        subjectCode: subject.code,
        expenseType,
        fundingSource,
        projectCode: projectCode && project ? projectCode : null,
        item,
        quantity: quantity?.text ?? null,
        unitPriceFen: price,
        amountFen: amount,
        sangong,
        specialFund: specialFund || null,
        note,
        sheet: det.name,
        rowNo: r.rowNo,
      });
    }
  }

  // ── roll-ups: detail lines → project totals → 部门预算 totals ──
  for (const [code, e] of projectByCode) {
    if (!e.p || e.incomplete) continue;
    if (e.rows.length === 0) {
      issues.error(prj.name, e.r.rowNo, header(PROJECT_COLUMNS, 'total'), at(prj, 'total', e.r), `项目“${code} ${e.p.name}”在“${SHEETS.details}”表中没有明细行`);
    } else if (e.sum !== e.p.totalFen) {
      issues.error(prj.name, e.r.rowNo, header(PROJECT_COLUMNS, 'total'), at(prj, 'total', e.r),
        `项目“${code} ${e.p.name}”的明细合计 ${formatFen(e.sum)} 元与项目总额 ${formatFen(e.p.totalFen)} 元不符（相差 ${formatFen(e.sum - e.p.totalFen)} 元）；明细行：“${SHEETS.details}”表第 ${e.rows.join('、')} 行`);
    }
  }
  const declared: Array<[CoverKey, number, string]> = [
    ['incomeTotal', incomeFen, `“${SHEETS.income}”表各行之和`],
    ['expenseTotal', expenseFen, `“${SHEETS.details}”表各行之和`],
    ['basicTotal', basicFen, '基本支出各行之和'],
    ['projectTotal', projectFen, '项目支出各行之和'],
  ];
  if (issues.errorCount === 0) {
    for (const [k, sum, what] of declared) {
      const v = cv[k];
      if (typeof v === 'number' && v !== sum) {
        issues.error(coverSheet, coverRow(k), coverLabel(k), coverCell(k), `${coverLabel(k)} ${formatFen(v)} 元与${what} ${formatFen(sum)} 元不符（相差 ${formatFen(v - sum)} 元）`);
      }
    }
  }
  if (lines.length === 0 && issues.errorCount === 0) {
    issues.error(det.name, null, null, null, '工作簿中没有任何预算行（收入预算和支出预算均为空）');
  }

  // Notes that do not block: the balance of a lower unit's budget, a book whose versions are fixed.
  if (unit && issues.errorCount === 0) {
    if (ctx.balance && !isOwnLevel(unit.kind) && ctx.balance.scopes.includes('基层单位') && expenseFen - incomeFen > ctx.balance.toleranceFen) {
      issues.warn(coverSheet, null, null, null, `收支不平衡：支出 ${formatFen(expenseFen)} 元超过收入 ${formatFen(incomeFen)} 元 ${formatFen(expenseFen - incomeFen)} 元（“收支平衡”规则检查将不通过）`);
    }
    if (ctx.fixedBookTitle) {
      issues.warn(coverSheet, null, null, null, `“${ctx.fixedBookTitle}”已完成财务汇总，本次导入的新版本不进入该预算；如需纳入，请将该预算退回至财务汇总或之前的环节`);
    }
  }

  if (issues.errorCount > 0 || !unit) return { prepared: null, unit, issues };
  const layout: Record<string, string> = {};
  const incomeAmount = inc.cols.get('amount');
  const detailAmount = det.cols.get('amount');
  if (incomeAmount) layout[inc.name] = incomeAmount.letter;
  if (detailAmount) layout[det.name] = detailAmount.letter;
  return {
    unit,
    issues,
    prepared: {
      year: ctx.year,
      unit,
      chart,
      fileName: read.fileName,
      sha256: read.sha256,
      preparer: str(cv.preparer ?? null),
      phone: cv.phone == null ? null : String(cv.phone),
      preparedOn: str(cv.preparedOn ?? null),
      unitHead: str(cv.unitHead ?? null),
      layout,
      projects,
      lines,
      incomeFen,
      expenseFen,
      basicFen,
      projectFen,
    },
  };
}

// ── writing ────────────────────────────────────────────────────────────────────────────────────────

export interface WriteActor extends Actor {
  displayName: string;
}

const LINE_COLUMNS = [
  'version_id', 'unit_id', 'direction', 'subject_code', 'expense_type', 'funding_source', 'project_id', 'item', 'quantity',
  'unit_price_fen', 'amount_fen', 'sangong', 'special_fund', 'note', 'sheet', 'row_no',
] as const;
const PROJECT_DB_COLUMNS = [
  'version_id', 'code', 'name', 'funding_source', 'special_fund', 'purpose', 'period_start', 'period_end', 'manager', 'goals',
  'indicators', 'total_fen', 'sheet', 'row_no',
] as const;
const PROJECT_INSERT_HEAD = `insert into budget_project (${PROJECT_DB_COLUMNS.join(', ')}) values `;
const PROJECT_TUPLE = `(${PROJECT_DB_COLUMNS.map(() => '?').join(', ')})`;
const LINES_PER_INSERT = 1000;
const LINE_INSERT_HEAD = `insert into budget_line (${LINE_COLUMNS.join(', ')}) values `;
const LINE_TUPLE = `(${LINE_COLUMNS.map(() => '?').join(', ')})`;
const LINE_INSERT_FULL = LINE_INSERT_HEAD + Array(LINES_PER_INSERT).fill(LINE_TUPLE).join(', ');

/**
 * Writes a checked workbook as a new version of the unit's budget, atomically: version, projects, lines,
 * the unit's current-version pointer and the audit entry in one transaction (the version row is the
 * record of the import; the lines go in as multi-row INSERTs).
 */
export async function writeVersion(db: Executor, p: PreparedVersion, actor: WriteActor, now: Date, warnings: Issues): Promise<{ id: number; seq: number }> {
  const at = now.toISOString();
  return withWriteTx(db, async (trx) => {
    // The next version number is computed inside the INSERT (no separate read); the unique index on
    // (year, unit_id, seq) guards against two imports of the same unit racing. The three small inserts
    // are plain parameterised SQL: an import of hundreds of files runs them hundreds of times.
    const version: Row = {
      year: p.year,
      unit_id: p.unit.id,
      chart: p.chart,
      source: '导入',
      file_name: p.fileName,
      file_sha256: p.sha256,
      preparer: p.preparer,
      phone: p.phone,
      prepared_on: p.preparedOn,
      unit_head: p.unitHead,
      layout_json: JSON.stringify(p.layout),
      warnings_json: warnings.warnings.length ? JSON.stringify(warnings.warnings) : null,
      income_fen: p.incomeFen,
      expense_fen: p.expenseFen,
      basic_fen: p.basicFen,
      project_fen: p.projectFen,
      line_count: p.lines.length,
      project_count: p.projects.length,
      created_at: at,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    };
    const vcols = Object.keys(version);
    const v = (
      await trx.executeQuery<{ id: number; seq: number }>(
        CompiledQuery.raw(
          `insert into budget_version (${vcols.join(', ')}, seq) values (${vcols.map(() => '?').join(', ')},
             (select coalesce(max(seq), 0) + 1 from budget_version where year = ? and unit_id = ?)) returning id, seq`,
          [...vcols.map((c) => version[c]), p.year, p.unit.id],
        ),
      )
    ).rows[0];
    const seq = v.seq;
    // Projects in one multi-row INSERT per 1,000 without RETURNING: the rows of one INSERT into an
    // AUTOINCREMENT table get consecutive ids ending at last_insert_rowid() (we hold the write lock and
    // no trigger inserts into budget_project), so the ids follow from insertId — one round trip less
    // of result rows per workbook.
    const projectIds = new Map<string, number>();
    for (let i = 0; i < p.projects.length; i += 1000) {
      const chunk = p.projects.slice(i, i + 1000);
      const params: unknown[] = [];
      for (const x of chunk) {
        params.push(v.id, x.code, x.name, x.fundingSource, x.specialFund, x.purpose, x.periodStart, x.periodEnd, x.manager, x.goals, x.indicators, x.totalFen, x.sheet, x.rowNo);
      }
      const r = await trx.executeQuery(CompiledQuery.raw(PROJECT_INSERT_HEAD + Array(chunk.length).fill(PROJECT_TUPLE).join(', '), params));
      const last = Number(r.insertId);
      if (!Number.isSafeInteger(last) || Number(r.numAffectedRows) !== chunk.length) throw new AppError('INTERNAL', '写入预算项目时未取得编号。');
      chunk.forEach((x, j) => projectIds.set(x.code, last - chunk.length + 1 + j));
    }
    // The lines as multi-row INSERTs straight in this transaction (at most 1,000 rows, 16,000 parameters a
    // statement): bulkInsert would wrap them in a savepoint of its own, two more round trips per workbook.
    // Parameters straight from the prepared lines, in LINE_COLUMNS order (no row objects in between).
    for (let i = 0; i < p.lines.length; i += LINES_PER_INSERT) {
      const chunk = p.lines.slice(i, i + LINES_PER_INSERT);
      const params: unknown[] = [];
      for (const l of chunk) {
        params.push(
          v.id, p.unit.id, l.direction, l.subjectCode, l.expenseType ?? null, l.fundingSource,
          l.projectCode ? (projectIds.get(l.projectCode) ?? null) : null, l.item ?? null, l.quantity ?? null, l.unitPriceFen ?? null,
          l.amountFen, l.sangong ?? null, l.specialFund ?? null, l.note ?? null, l.sheet, l.rowNo,
        );
      }
      await trx.executeQuery(
        CompiledQuery.raw(
          chunk.length === LINES_PER_INSERT ? LINE_INSERT_FULL : LINE_INSERT_HEAD + Array(chunk.length).fill(LINE_TUPLE).join(', '),
          params,
        ),
      );
    }
    // budget_unit_year (the current-version pointer) follows by trigger (budget_version_current).
    await writeAudit(trx, now, actor, {
      module: BUDGET_MODULE,
      action: '导入单位预算',
      targetType: '预算版本',
      targetId: v.id,
      summary: `导入“${p.unit.name}”${p.year}年度预算第 ${seq} 版：收入 ${formatFen(p.incomeFen)} 元，支出 ${formatFen(p.expenseFen)} 元，${p.lines.length} 行，${p.projects.length} 个项目（${p.fileName}）`,
      before: seq > 1 ? { previousSeq: seq - 1 } : undefined,
      after: {
        versionId: v.id,
        seq,
        file: p.fileName,
        sha256: p.sha256,
        incomeFen: p.incomeFen,
        expenseFen: p.expenseFen,
        lines: p.lines.length,
        projects: p.projects.length,
      },
    });
    return { id: v.id, seq };
  });
}

/** Records a rejected attempt (the budget itself is untouched) so the status table can show 有错误. */
async function logRejection(db: Executor, year: number, unit: UnitInfo | null, read: ReadBudget, actor: WriteActor, now: Date) {
  const at = now.toISOString();
  const errorsJson = JSON.stringify(read.issues.errors);
  await withTx(db, async (trx) => {
    await trx
      .insertInto('budget_import_rejection')
      .values({
        year,
        unit_id: unit?.id ?? null,
        file_name: read.fileName,
        file_sha256: read.sha256,
        at,
        user_id: actor.userId,
        username: actor.username,
        error_count: read.issues.errorCount,
        warning_count: read.issues.warningCount,
        errors_json: errorsJson,
        warnings_json: read.issues.warnings.length ? JSON.stringify(read.issues.warnings) : null,
      })
      .execute();
    if (!unit) return;
    const attempt = {
      last_attempt_at: at,
      last_attempt_ok: 0,
      last_file_name: read.fileName,
      last_error_count: read.issues.errorCount,
      last_errors_json: JSON.stringify(read.issues.errors.slice(0, 50)),
    };
    const r = await trx.updateTable('budget_unit_year').set(attempt).where('year', '=', year).where('unit_id', '=', unit.id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      await trx.insertInto('budget_unit_year').values({ year, unit_id: unit.id, current_version_id: null, version_count: 0, ...attempt }).execute();
    }
  });
}

function fileResult(read: ReadBudget, checked: Checked, status: BudgetImportFileResult['status'], version: { id: number; seq: number } | null, year: number): BudgetImportFileResult {
  const p = checked.prepared;
  return {
    fileName: read.fileName,
    status,
    unit: checked.unit ? unitRef(checked.unit) : null,
    year: typeof read.cover.values.year === 'number' ? read.cover.values.year : year,
    versionId: version?.id ?? null,
    versionSeq: version?.seq ?? null,
    lines: p?.lines.length ?? 0,
    projects: p?.projects.length ?? 0,
    incomeFen: p?.incomeFen ?? 0,
    expenseFen: p?.expenseFen ?? 0,
    errors: read.issues.errors,
    warnings: read.issues.warnings,
    errorCount: read.issues.errorCount,
    warningCount: read.issues.warningCount,
  };
}

export interface ImportFile {
  name: string;
  path: string;
}

/**
 * Imports workbooks one by one, each on its own: a rejected file writes nothing but its log entry; the
 * others go on. Within one batch, a second workbook of the same unit becomes the next version.
 */
export async function importBudgetFiles(
  db: Executor,
  files: readonly ImportFile[],
  opts: { year: number; expectUnitId: number | null; dryRun: boolean; actor: WriteActor; now: () => Date; progress?: (done: number, total: number, message?: string) => void },
): Promise<BudgetImportResult> {
  const ctx = await checkContext(db, opts.year, opts.expectUnitId);
  const results: BudgetImportFileResult[] = [];
  const seen = new Set<number>();
  let done = 0;
  for (const f of files) {
    opts.progress?.(done, files.length, `正在检查 ${f.name}`);
    const read = await readBudgetWorkbook(f.path, f.name);
    const checked = checkBudget(read, ctx);
    if (checked.unit && seen.has(checked.unit.id) && checked.prepared) {
      read.issues.warn(SHEETS.cover, null, null, null, `本批次中已有“${checked.unit.name}”的工作簿，本文件作为其下一版本导入`);
    }
    if (!checked.prepared) {
      if (!opts.dryRun) await logRejection(db, opts.year, checked.unit, read, opts.actor, opts.now());
      results.push(fileResult(read, checked, 'rejected', null, opts.year));
    } else if (opts.dryRun) {
      results.push(fileResult(read, checked, 'checked', null, opts.year));
    } else {
      const v = await writeVersion(db, checked.prepared, opts.actor, opts.now(), read.issues);
      seen.add(checked.unit!.id);
      results.push(fileResult(read, checked, 'imported', v, opts.year));
    }
    done++;
  }
  opts.progress?.(done, files.length, `已处理 ${done} 个文件`);
  return {
    year: opts.year,
    dryRun: opts.dryRun,
    files: results,
    imported: results.filter((r) => r.status === 'imported').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
  };
}

/** Guards a file list: at least one .xlsx. */
export function assertWorkbooks(files: readonly ImportFile[]) {
  if (files.length === 0) throw new AppError('VALIDATION', '没有可导入的 Excel 文件（.xlsx）。');
}
