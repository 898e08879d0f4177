// Importing units from Excel. The workbook is read by header names (the header row may be any of the
// first 5 rows, columns in any order), every problem is reported by sheet, row and column, and nothing
// is written when any blocking error exists. Otherwise all rows go in one transaction: new units with
// one multi-row INSERT per batch, changed units with one multi-row UPDATE … FROM (VALUES …) per batch,
// unchanged units not at all; one audit entry per changed unit plus one for the import.
//
// Matching: a row updates the unit with its 统一社会信用代码; without one, the unit with its 单位编码;
// with neither, the only unit of the same name and kind that has no credit code. Columns missing from
// the file leave those fields of existing units as they are; an empty cell in a present column clears
// the field (an empty 上级单位 keeps an existing unit's parent, and puts a new one under the federation).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery, sql, type Transaction } from 'kysely';
import ExcelJS from 'exceljs';
import type { DB } from '../../db/schema';
import { withTx } from '../../db/tx';
import { bulkInsert, type Row } from '../../db/bulk';
import type { HandlerContext } from '../../context';
import { actorOf, writeAudit, writeAuditBatch, type AuditEntry } from '../audit/log';
import { MoneyError, parseFen } from '../../../../shared/money';
import { normalizeCreditCode } from '../../../../shared/validate/creditCode';
import {
  UNIT_COLUMNS, UNIT_IGNORED_HEADERS, UNIT_KINDS, UNIT_TEMPLATE_HELP_SHEET, formatUnitCode,
  normaliseHeader, type UnitColumnDef, type UnitFieldKey, type UnitKind,
} from '../../../../shared/units';
import type { UnitImportIssue, UnitImportResult } from '../../../../shared/contract/units';
import {
  COLUMN_OF, MODULE, RECORD_KEYS, TARGET, checkFields, codeNumber, describeFields, diff, federationId, localToday, nextStamp, parentRule,
  recordOf, snapshot, type UnitDbRow, type UnitRecord,
} from './service';

const MAX_LISTED = 1000;
const HEADER_SEARCH_ROWS = 5;
const UPDATE_BATCH = 1000;

// ── issues ─────────────────────────────────────────────────────────────────────────────────────────

class Issues {
  readonly errors: UnitImportIssue[] = [];
  readonly warnings: UnitImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  sheet = '';

  error(row: number | null, column: string | null, message: string) {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push({ sheet: this.sheet, row, column, message });
  }

  warn(row: number | null, column: string | null, message: string) {
    this.warningCount++;
    if (this.warnings.length < MAX_LISTED) this.warnings.push({ sheet: this.sheet, row, column, message });
  }
}

// ── reading cells ──────────────────────────────────────────────────────────────────────────────────

type Scalar = string | number | boolean | Date | null;
type CellErr = { error: string };

/** A cell's value as a plain scalar: formulas give their result, rich text and links their text. */
export function cellScalar(v: ExcelJS.CellValue | unknown): Scalar | CellErr {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    // Text written by our exports is prefixed with ' when it begins with = + - @ (formula injection).
    const s = /^'[=+\-@]/.test(v) ? v.slice(1) : v;
    const t = s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o && typeof o.error === 'string') return { error: o.error };
    if ('richText' in o && Array.isArray(o.richText)) return cellScalar(o.richText.map((r: { text?: string }) => r.text ?? '').join(''));
    if ('formula' in o || 'sharedFormula' in o) return cellScalar(o.result as ExcelJS.CellValue);
    if ('text' in o) return cellScalar(o.text as ExcelJS.CellValue);
  }
  return cellScalar(String(v));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function dateOf(d: Date): string {
  // exceljs turns date cells into Dates at UTC midnight of the calendar day.
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function halfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).replace(/，/g, ',').replace(/－/g, '-');
}

function showValue(v: Scalar): string {
  if (v instanceof Date) return dateOf(v);
  const s = String(v);
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

type Parsed = { ok: true; value: string | number | null } | { ok: false; message: string };

/** Converts one cell to the column's type, with a Chinese message when it cannot. */
function parseCell(def: UnitColumnDef, raw: Scalar | CellErr): Parsed {
  const label = def.header;
  if (raw !== null && typeof raw === 'object' && !(raw instanceof Date)) {
    return { ok: false, message: `单元格是错误值 ${raw.error}，请改为实际内容` };
  }
  const v = raw as Scalar;
  if (v === null) return { ok: true, value: null };
  switch (def.type) {
    case 'int': {
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) return { ok: false, message: `${label}应为整数，实际为 ${v}` };
        return { ok: true, value: v };
      }
      if (typeof v === 'string') {
        const s = halfWidthDigits(v).replace(/[\s人]/g, '');
        if (/^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$/.test(s)) return { ok: true, value: Number(s.replace(/,/g, '')) };
        if (/^[+-]?\d+\.\d+$/.test(s)) return { ok: false, message: `${label}应为整数，实际为 ${v}` };
      }
      return { ok: false, message: `${label}应为整数，实际为“${showValue(v)}”（文字不能填入数字列）` };
    }
    case 'amount': {
      if (typeof v !== 'number' && typeof v !== 'string') {
        return { ok: false, message: `${label}应为金额，实际为“${showValue(v)}”` };
      }
      try {
        return { ok: true, value: parseFen(v) };
      } catch (e) {
        if (e instanceof MoneyError) return { ok: false, message: `${label}：${e.message}` };
        throw e;
      }
    }
    case 'date': {
      if (v instanceof Date) return { ok: true, value: dateOf(v) };
      if (typeof v === 'number') {
        if (Number.isInteger(v) && v >= 19000101 && v <= 21001231) {
          const s = String(v);
          return { ok: true, value: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` };
        }
        if (v > 0 && v < 80_000) {
          // An Excel serial day number that lost its date format (1900 date system).
          return { ok: true, value: dateOf(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000)) };
        }
        return { ok: false, message: `${label}“${v}”不是日期，格式应为 YYYY-MM-DD` };
      }
      if (typeof v === 'string') {
        const s = halfWidthDigits(v);
        const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
        if (m) return { ok: true, value: `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}` };
      }
      return { ok: false, message: `${label}“${showValue(v)}”不是日期，格式应为 YYYY-MM-DD` };
    }
    case 'code': {
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || v >= 1e15) {
          return {
            ok: false,
            message: `${label}被 Excel 存成了数字（${showValue(v)}），末几位可能已经丢失；请把该列设为文本格式后重新填写`,
          };
        }
        return { ok: true, value: String(v) };
      }
      if (typeof v !== 'string') return { ok: false, message: `${label}内容无效：“${showValue(v)}”` };
      return tooLong(def, v.replace(/[\s\u3000]/g, '') || null);
    }
    case 'list': {
      const s = typeof v === 'string' ? v : showValue(v);
      return { ok: true, value: s.replace(/[\s\u3000]/g, '').replace(/\(/g, '（').replace(/\)/g, '）') || null };
    }
    case 'parent':
      return { ok: true, value: typeof v === 'string' ? v : showValue(v) };
    default: {
      if (typeof v === 'boolean') return { ok: false, message: `${label}内容无效：${v ? 'TRUE' : 'FALSE'}` };
      return tooLong(def, typeof v === 'string' ? v : showValue(v));
    }
  }
}

function tooLong(def: UnitColumnDef, s: string | null): Parsed {
  if (s && def.maxLength && [...s].length > def.maxLength) return { ok: false, message: `${def.header}最多 ${def.maxLength} 个字符` };
  return { ok: true, value: s };
}

// ── reading the sheet ──────────────────────────────────────────────────────────────────────────────

interface Column {
  def: UnitColumnDef;
  index: number;
}

interface ParsedRow {
  rowNo: number;
  values: Partial<Record<UnitFieldKey, string | number | null>>;
  failed: Set<UnitFieldKey>;
}

interface ParsedSheet {
  sheet: string;
  headerRow: number;
  /** null: the header row has blocking problems (missing or doubled columns). */
  columns: Map<UnitFieldKey, Column> | null;
  rows: ParsedRow[];
}

const HEADER_INDEX = new Map<string, UnitColumnDef>();
for (const def of UNIT_COLUMNS) {
  HEADER_INDEX.set(normaliseHeader(def.header), def);
  for (const a of def.aliases ?? []) HEADER_INDEX.set(normaliseHeader(a), def);
}
const IGNORED = new Set(UNIT_IGNORED_HEADERS.map(normaliseHeader));

function headerText(cell: ExcelJS.Cell): string {
  const v = cellScalar(cell.value);
  return v === null || typeof v === 'object' ? '' : normaliseHeader(String(v));
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A header row names 单位名称 and at least one other known column. */
function isHeaderRow(row: ExcelJS.Row): boolean {
  let known = 0;
  let hasName = false;
  row.eachCell((cell) => {
    const def = HEADER_INDEX.get(headerText(cell));
    if (def) {
      known++;
      if (def.key === 'name') hasName = true;
    }
  });
  return hasName && known >= 2;
}

/** Maps the header row's columns; reports unknown (warning), doubled and missing required ones (errors). */
function headerColumns(row: ExcelJS.Row, issues: Issues): Map<UnitFieldKey, Column> | null {
  const columns = new Map<UnitFieldKey, Column>();
  let blocked = false;
  row.eachCell((cell, col) => {
    const text = headerText(cell);
    if (!text) return;
    const def = HEADER_INDEX.get(text);
    if (def) {
      const seen = columns.get(def.key);
      if (seen) {
        issues.error(row.number, def.header, `列“${def.header}”出现了两次（第 ${colLetter(seen.index)} 列和第 ${colLetter(col)} 列），请删除其中一列`);
        blocked = true;
      } else columns.set(def.key, { def, index: col });
    } else if (!IGNORED.has(text)) {
      issues.warn(row.number, text, `未识别的列“${text}”（第 ${colLetter(col)} 列），导入时忽略`);
    }
  });
  for (const def of UNIT_COLUMNS) {
    if (def.required && !columns.has(def.key)) {
      issues.error(row.number, def.header, `缺少必需的列“${def.header}”，请使用导入模板或补上该列`);
      blocked = true;
    }
  }
  return blocked ? null : columns;
}

/** One data row, or null for rows that are not units (blank, 合计, a signature line). */
function dataRow(row: ExcelJS.Row, columns: Map<UnitFieldKey, Column>, issues: Issues): ParsedRow | null {
  const cols = [...columns.values()];
  const raw = cols.map((c) => cellScalar(row.getCell(c.index).value));
  if (raw.every((v) => v === null)) return null; // blank, or only 序号 / a note line
  const name = cellScalar(row.getCell(columns.get('name')!.index).value);
  const kind = cellScalar(row.getCell(columns.get('kind')!.index).value);
  if ((name === '合计' || name === '总计') && kind === null) return null; // the 合计 row of an exported list
  if (name === null) {
    let totalRow = false;
    row.eachCell((cell) => {
      const v = cellScalar(cell.value);
      if (v === '合计' || v === '总计') totalRow = true;
    });
    if (totalRow) return null;
    // The signature line of an exported list (单位负责人： 制表人： 日期：).
    if (kind === null && raw.every((v) => v === null || (typeof v === 'string' && /[:：]$/.test(v)))) return null;
  }
  const r = row.number;
  const parsed: ParsedRow = { rowNo: r, values: {}, failed: new Set() };
  cols.forEach((c, i) => {
    const p = parseCell(c.def, raw[i]);
    if (p.ok) parsed.values[c.def.key] = p.value;
    else {
      parsed.values[c.def.key] = null;
      parsed.failed.add(c.def.key);
      issues.error(r, c.def.header, p.message);
    }
  });
  return parsed;
}

/**
 * Streams the workbook (exceljs WorkbookReader: about twice as fast as loading it whole, and a
 * fraction of the memory) and parses the first sheet, other than 填写说明, whose first 5 rows hold
 * the header. Returns null when no sheet has one.
 */
async function readWorkbook(
  file: string,
  issues: Issues,
  progress: (rows: number) => void,
): Promise<{ parsed: ParsedSheet | null; firstSheet: string | null }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let parsed: ParsedSheet | null = null;
  let firstSheet: string | null = null;
  for await (const sheet of reader) {
    const ws = sheet as unknown as { name: string } & AsyncIterable<ExcelJS.Row>;
    const name = ws.name.trim();
    const candidate = !parsed && name !== UNIT_TEMPLATE_HELP_SHEET;
    if (candidate) firstSheet ??= ws.name;
    let current: ParsedSheet | null = null;
    let searching = candidate;
    for await (const row of ws) {
      if (searching) {
        if (row.number > HEADER_SEARCH_ROWS) searching = false;
        else if (isHeaderRow(row)) {
          searching = false;
          issues.sheet = ws.name;
          current = parsed = { sheet: ws.name, headerRow: row.number, columns: headerColumns(row, issues), rows: [] };
        }
        continue;
      }
      if (!current?.columns) continue; // not the data sheet (the rest is read and dropped)
      const r = dataRow(row, current.columns, issues);
      if (r) {
        current.rows.push(r);
        if (current.rows.length % 2000 === 0) progress(current.rows.length);
      }
    }
  }
  return { parsed, firstSheet };
}

// ── planning ───────────────────────────────────────────────────────────────────────────────────────

type ParentRef = { db: number } | { row: number };

interface Planned {
  row: ParsedRow;
  target: UnitDbRow | null;
  record: UnitRecord;
  /** null: keep (existing) or none (the federation). */
  parent: ParentRef | null;
  status: 'create' | 'update' | 'unchanged';
  id: number;
  /** The row has a blocking error (later checks skip what would only repeat it). */
  bad: boolean;
}

interface DbState {
  units: UnitDbRow[];
  byId: Map<number, UnitDbRow>;
  byCode: Map<string, UnitDbRow>;
  byCredit: Map<string, UnitDbRow>;
  byName: Map<string, UnitDbRow[]>;
  children: Map<number, UnitDbRow[]>;
  fedId: number | null;
}

async function loadState(trx: Transaction<DB>): Promise<DbState> {
  const units = await trx.selectFrom('unit').selectAll().execute();
  const s: DbState = {
    units,
    byId: new Map(),
    byCode: new Map(),
    byCredit: new Map(),
    byName: new Map(),
    children: new Map(),
    fedId: await federationId(trx),
  };
  for (const u of units) {
    s.byId.set(u.id, u);
    s.byCode.set(u.code, u);
    if (u.credit_code) s.byCredit.set(u.credit_code, u);
    const named = s.byName.get(u.name);
    if (named) named.push(u);
    else s.byName.set(u.name, [u]);
    if (u.parent_id !== null) {
      const kids = s.children.get(u.parent_id);
      if (kids) kids.push(u);
      else s.children.set(u.parent_id, [u]);
    }
  }
  return s;
}

function plan(rows: ParsedRow[], columns: Map<UnitFieldKey, Column>, db: DbState, issues: Issues, today: string): Planned[] {
  const header = (key: UnitFieldKey) => columns.get(key)?.def.header ?? UNIT_COLUMNS.find((c) => c.key === key)!.header;
  const present = (key: UnitFieldKey) => columns.has(key);
  const out: Planned[] = [];
  const fileCode = new Map<string, number>(); // final code → index in out
  const fileCredit = new Map<string, number>();
  const fileName = new Map<string, number[]>();
  const fileTarget = new Map<number, number>(); // existing unit id → index in out
  const renamed = new Set<number>(); // existing units an earlier row renames
  const firstRowOfCode = new Map<string, number>();
  const firstRowOfCredit = new Map<string, number>();
  const rowOf = (i: number) => out[i].row.rowNo;

  for (const row of rows) {
    const v = row.values;
    const r = row.rowNo;
    const str = (k: UnitFieldKey) => (v[k] === undefined || v[k] === null ? null : String(v[k]));
    const codeIn = str('code')?.toUpperCase() ?? null;
    const creditIn = str('creditCode') ? normalizeCreditCode(str('creditCode')!) : null;
    const kindIn = str('kind');
    const nameIn = str('name');
    let rowOk = true;

    // Duplicates inside the file.
    if (creditIn) {
      const first = firstRowOfCredit.get(creditIn);
      if (first !== undefined) {
        issues.error(r, header('creditCode'), `统一社会信用代码 ${creditIn} 与第 ${first} 行重复`);
        rowOk = false;
      } else firstRowOfCredit.set(creditIn, r);
    }
    if (codeIn) {
      const first = firstRowOfCode.get(codeIn);
      if (first !== undefined) {
        issues.error(r, header('code'), `单位编码 ${codeIn} 与第 ${first} 行重复`);
        rowOk = false;
      } else firstRowOfCode.set(codeIn, r);
    }

    // Which existing unit this row is.
    let target: UnitDbRow | null = (creditIn && db.byCredit.get(creditIn)) || null;
    if (!target && codeIn) {
      const byCode = db.byCode.get(codeIn);
      if (byCode) {
        if (!creditIn || !byCode.credit_code) target = byCode;
        else {
          issues.error(r, header('code'), `单位编码 ${codeIn} 已被“${byCode.name}”（统一社会信用代码 ${byCode.credit_code}）使用；如要更正该单位的信用代码，请在单位名录中修改`);
          rowOk = false;
        }
      }
    }
    if (!target && !creditIn && !codeIn && nameIn && kindIn) {
      const same = (db.byName.get(nameIn) ?? []).filter((u) => u.kind === kindIn && !u.credit_code);
      if (same.length === 1) target = same[0];
    }
    if (target && codeIn && codeIn !== target.code) {
      const other = db.byCode.get(codeIn);
      if (other && other.id !== target.id) {
        issues.error(r, header('code'), `单位编码 ${codeIn} 已被“${other.name}”使用`);
        rowOk = false;
      }
    }
    if (target) {
      const first = fileTarget.get(target.id);
      if (first !== undefined) {
        issues.error(r, header(creditIn ? 'creditCode' : 'code'), `与第 ${rowOf(first)} 行是同一个已有单位“${target.name}”`);
        rowOk = false;
      }
    }

    // The record: file values over the existing unit's (columns missing from the file keep them).
    const base: UnitRecord | null = target ? recordOf(target) : null;
    const pick = <K extends keyof UnitRecord>(k: K, fileKey: UnitFieldKey = k as UnitFieldKey): UnitRecord[K] =>
      (present(fileKey) ? (v[fileKey] ?? null) : (base ? base[k] : null)) as UnitRecord[K];
    const draft = {
      code: codeIn,
      name: nameIn ?? '',
      shortName: pick('shortName'),
      kind: kindIn ?? '',
      orgType: pick('orgType'),
      ownership: pick('ownership'),
      creditCode: present('creditCode') ? creditIn : (base?.creditCode ?? null),
      unionCreditCode: pick('unionCreditCode'),
      unionFoundedOn: pick('unionFoundedOn'),
      unionStatus: pick('unionStatus'),
      chair: pick('chair'),
      memberCount: pick('memberCount'),
      staffCount: pick('staffCount'),
      payrollBaseFen: pick('payrollBaseFen'),
      bankName: pick('bankName'),
      bankAccount: pick('bankAccount'),
      contactPerson: pick('contactPerson'),
      contactPhone: pick('contactPhone'),
      address: pick('address'),
      notes: pick('notes'),
    };
    const checked = checkFields(draft, today);
    for (const e of checked.errors) {
      if (row.failed.has(e.field)) continue; // already reported as an unreadable cell
      issues.error(r, header(e.field), e.message);
      rowOk = false;
    }
    if (row.failed.size) rowOk = false;
    for (const w of checked.warnings) issues.warn(r, header(w.field), w.message);
    if (target?.credit_code && present('creditCode') && !creditIn) {
      issues.warn(r, header('creditCode'), `该单位原有统一社会信用代码 ${target.credit_code}，本次导入将清空`);
    }

    // The federation is registered by setup; it can be updated, never added or changed into.
    const isFed = target !== null && target.id === db.fedId;
    if (kindIn === '总工会' && !isFed) {
      issues.error(r, header('kind'), '总工会（本级工会）只有一个，由系统初始化时登记；导入文件只能更新本级总工会，不能新增');
      rowOk = false;
    } else if (isFed && kindIn && kindIn !== '总工会') {
      issues.error(r, header('kind'), '本级总工会的类别不能修改');
      rowOk = false;
    }

    // The parent.
    let parent: ParentRef | null = null;
    const parentText = present('parent') ? str('parent') : null;
    if (parentText) {
      if (isFed || kindIn === '总工会') {
        issues.error(r, header('parent'), '总工会（本级工会）没有上级单位，请清空此格');
        rowOk = false;
      } else {
        const found = resolveParent(parentText, { db, out, fileCode, fileCredit, fileName, renamed });
        if ('error' in found) {
          issues.error(r, header('parent'), found.error);
          rowOk = false;
        } else parent = found;
      }
    } else if (!target && !isFed && kindIn !== '总工会') {
      if (db.fedId === null) {
        issues.error(r, header('parent'), '系统尚未初始化本级总工会，无法确定上级单位');
        rowOk = false;
      } else parent = { db: db.fedId };
    }

    const record: UnitRecord = {
      ...draft,
      code: checked.codes.code ?? target?.code ?? '',
      creditCode: checked.codes.creditCode,
      unionCreditCode: checked.codes.unionCreditCode,
      parentId: isFed ? null : parent && 'db' in parent ? parent.db : (target?.parent_id ?? null),
    };
    const index = out.length;
    out.push({ row, target, record, parent, status: target ? 'update' : 'create', id: target?.id ?? 0, bad: !rowOk });
    if (target) {
      fileTarget.set(target.id, index);
      if (record.name !== target.name) renamed.add(target.id);
    }
    if (record.code) fileCode.set(record.code, index);
    if (record.creditCode) fileCredit.set(record.creditCode, index);
    if (record.name) {
      const same = fileName.get(record.name);
      if (same) {
        if (!target) issues.warn(r, header('name'), `单位名称与第 ${rowOf(same[0])} 行相同，请确认不是重复登记`);
        same.push(index);
      } else fileName.set(record.name, [index]);
      if (!target) {
        const inDb = (db.byName.get(record.name) ?? [])[0];
        if (inDb) issues.warn(r, header('name'), `已有同名单位“${record.name}”（编码 ${inDb.code}），请确认不是重复登记`);
      }
    }
  }
  return out;
}

function resolveParent(
  text: string,
  s: {
    db: DbState;
    out: Planned[];
    fileCode: Map<string, number>;
    fileCredit: Map<string, number>;
    fileName: Map<string, number[]>;
    renamed: Set<number>;
  },
): ParentRef | { error: string } {
  const ref = (i: number): ParentRef => (s.out[i].target ? { db: s.out[i].target!.id } : { row: i });
  const upper = text.toUpperCase();
  const credit = normalizeCreditCode(text);
  // Earlier rows of the file first (they may rename or recode an existing unit), then the database.
  let i = s.fileCode.get(upper);
  if (i !== undefined) return ref(i);
  const byCode = s.db.byCode.get(upper);
  if (byCode) return { db: byCode.id };
  i = s.fileCredit.get(credit);
  if (i !== undefined) return ref(i);
  const byCredit = s.db.byCredit.get(credit);
  if (byCredit) return { db: byCredit.id };
  const inFile = s.fileName.get(text) ?? [];
  const refs = new Map<string, ParentRef>();
  for (const j of inFile) {
    const r = ref(j);
    refs.set('db' in r ? `d${r.db}` : `r${r.row}`, r);
  }
  for (const u of s.db.byName.get(text) ?? []) {
    // A unit renamed by an earlier row no longer answers to its old name.
    if (!s.renamed.has(u.id)) refs.set(`d${u.id}`, { db: u.id });
  }
  if (refs.size === 1) return [...refs.values()][0];
  if (refs.size > 1) return { error: `上级单位“${text}”有 ${refs.size} 个同名单位，请改填其单位编码或统一社会信用代码` };
  return { error: `上级单位“${text}”不存在（可填单位名称、单位编码或统一社会信用代码；如为本表中的单位，须排在本行之前）` };
}

/** Checks that need every row planned: parent kinds and activity, cycles, kind changes with children. */
function checkGraph(planned: Planned[], db: DbState, issues: Issues, header: (k: UnitFieldKey) => string) {
  const inFile = new Map<number, Planned>();
  for (const p of planned) if (p.target) inFile.set(p.target.id, p);
  const kindOf = (ref: ParentRef) => ('row' in ref ? planned[ref.row].record : (inFile.get(ref.db)?.record ?? recordOf(db.byId.get(ref.db)!)));
  const nameOf = (ref: ParentRef) => kindOf(ref).name;
  const key = (ref: ParentRef) => ('row' in ref ? `r${ref.row}` : `d${ref.db}`);
  const parentOf = (ref: ParentRef): ParentRef | null => {
    const p = 'row' in ref ? planned[ref.row] : inFile.get(ref.db);
    if (p) return p.parent ?? (p.target?.parent_id != null ? { db: p.target.parent_id } : null);
    const u = db.byId.get((ref as { db: number }).db);
    return u?.parent_id != null ? { db: u.parent_id } : null;
  };

  for (const p of planned) {
    const r = p.row.rowNo;
    const parentRef = p.parent ?? (p.target?.parent_id != null ? { db: p.target.parent_id } : null);
    if (!p.bad && p.record.kind !== '总工会' && (UNIT_KINDS as readonly string[]).includes(p.record.kind)) {
      const parent = parentRef ? kindOf(parentRef) : null;
      const rule = parentRule(p.record.kind, parent ? { kind: parent.kind, name: parent.name } : null);
      if (rule) {
        issues.error(r, header(p.parent ? 'parent' : 'kind'), rule);
        p.bad = true;
      }
    }
    const parentChanged = p.parent !== null && (!p.target || !('db' in p.parent) || p.parent.db !== p.target.parent_id);
    if (parentChanged && p.parent && 'db' in p.parent) {
      const u = db.byId.get(p.parent.db);
      if (u && u.active !== 1) {
        issues.error(r, header('parent'), `上级单位“${u.name}”已停用`);
        p.bad = true;
      }
    }
    if (p.target && parentChanged) {
      // Walk up from the new parent; meeting this unit again would close a loop.
      const self = `d${p.target.id}`;
      let at: ParentRef | null = p.parent;
      for (let steps = 0; at && steps <= planned.length + db.units.length; steps++) {
        if (key(at) === self) {
          issues.error(r, header('parent'), `上级单位“${nameOf(p.parent!)}”是本单位或本单位的下级单位，不能作为上级单位`);
          p.bad = true;
          break;
        }
        at = parentOf(at);
      }
    }
    if (p.target && p.target.kind !== p.record.kind) {
      for (const child of db.children.get(p.target.id) ?? []) {
        const c = inFile.get(child.id);
        if (c && c.parent !== null) continue; // that row states its own parent and is checked there
        const childKind = c ? c.record.kind : child.kind;
        if (parentRule(childKind, { kind: p.record.kind, name: p.record.name })) {
          issues.error(r, header('kind'), `本单位下有${childKind}“${c ? c.record.name : child.name}”，类别不能改为${p.record.kind}`);
          p.bad = true;
          break;
        }
      }
    }
  }
}

// ── writing ────────────────────────────────────────────────────────────────────────────────────────

const UPDATE_COLUMNS = [...RECORD_KEYS.map((k) => COLUMN_OF[k]), 'updated_at'] as const;

/** UPDATE unit SET … FROM (VALUES (id, …), …): one statement per batch of changed units. */
async function batchedUpdate(trx: Transaction<DB>, rows: unknown[][], onBatch: (n: number) => void) {
  const set = UPDATE_COLUMNS.map((c, i) => `"${c}" = v.column${i + 2}`).join(', ');
  const tuple = `(${['?', ...UPDATE_COLUMNS.map(() => '?')].join(', ')})`;
  for (let start = 0; start < rows.length; start += UPDATE_BATCH) {
    const batch = rows.slice(start, start + UPDATE_BATCH);
    const text = `update unit set ${set} from (values ${batch.map(() => tuple).join(', ')}) as v where unit.id = v.column1`;
    await trx.executeQuery(CompiledQuery.raw(text, batch.flat()));
    onBatch(start + batch.length);
  }
}

export async function importUnits(ctx: HandlerContext, uploadId: string, options: { dryRun: boolean }): Promise<UnitImportResult> {
  const upload = ctx.files.uploadPath(uploadId);
  const issues = new Issues();
  const result = (sheet: string | null, rows: number, counts = { created: 0, updated: 0, unchanged: 0 }): UnitImportResult => {
    const ok = issues.errorCount === 0;
    return {
      ok,
      dryRun: options.dryRun,
      fileName: upload.name,
      sheet,
      rows,
      ...(ok ? counts : { created: 0, updated: 0, unchanged: 0 }),
      errors: issues.errors,
      warnings: issues.warnings,
      errorCount: issues.errorCount,
      warningCount: issues.warningCount,
    };
  };

  ctx.progress(0, 1, '正在读取 Excel 文件…');
  issues.sheet = upload.name;
  const ext = path.extname(upload.name).toLowerCase();
  if (ext === '.xls' || ext === '.et' || ext === '.csv') {
    issues.error(null, null, `不支持 ${ext} 格式，请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入`);
    return result(null, 0);
  }
  let read: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    read = await readWorkbook(upload.path, issues, (n) => ctx.progress(n, 0, `已读取 ${n} 行…`));
  } catch {
    issues.sheet = upload.name;
    issues.error(null, null, '无法读取该文件：请确认是 Excel 工作簿（.xlsx），且未加密、未损坏');
    return result(null, 0);
  }
  const parsed = read.parsed;
  if (!parsed) {
    issues.sheet = read.firstSheet ?? upload.name;
    issues.error(null, null, `未找到表头：前 ${HEADER_SEARCH_ROWS} 行中应有“单位名称”“类别”等列名。请使用“下载导入模板”得到的文件填写`);
    return result(read.firstSheet, 0);
  }
  const sheetName = parsed.sheet;
  if (!parsed.columns) return result(sheetName, 0);
  if (parsed.rows.length === 0) {
    issues.error(null, null, `没有数据行：工作表“${sheetName}”的表头（第 ${parsed.headerRow} 行）以下没有填写任何单位`);
    return result(sheetName, 0);
  }
  const columns = parsed.columns;
  const header = (key: UnitFieldKey) => columns.get(key)?.def.header ?? UNIT_COLUMNS.find((c) => c.key === key)!.header;
  const now = ctx.now();
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(upload.path)).digest('hex');

  return withTx(ctx.db, async (trx) => {
    const db = await loadState(trx);
    const planned = plan(parsed.rows, columns, db, issues, localToday(now));
    checkGraph(planned, db, issues, header);
    if (issues.errorCount) return result(sheetName, parsed.rows.length);

    // Codes for rows that left 单位编码 empty: the next numbers after the highest in use.
    const used = new Set<string>([...db.byCode.keys(), ...planned.map((p) => p.record.code).filter(Boolean)]);
    const next = new Map<UnitKind, number>();
    for (const code of used) {
      for (const k of UNIT_KINDS) {
        const n = codeNumber(code, k);
        if (n !== null && n > (next.get(k) ?? 0)) next.set(k, n);
      }
    }
    for (const p of planned) {
      if (p.record.code) continue;
      const kind = p.record.kind as UnitKind;
      let n = next.get(kind) ?? 0;
      let code: string;
      do code = formatUnitCode(kind, ++n);
      while (used.has(code));
      next.set(kind, n);
      used.add(code);
      p.record.code = code;
    }

    // Ids for new units (so later rows can point at them as parents), then statuses.
    const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'unit'`.execute(trx);
    let lastId = db.units.reduce((m, u) => Math.max(m, u.id), seq.rows[0]?.seq ?? 0);
    for (const p of planned) if (!p.target) p.id = ++lastId;
    for (const p of planned) {
      if (p.parent && 'row' in p.parent) p.record.parentId = planned[p.parent.row].id;
      if (p.target) {
        const before = recordOf(p.target);
        p.status = RECORD_KEYS.every((k) => (before[k] ?? null) === (p.record[k] ?? null)) ? 'unchanged' : 'update';
      }
    }
    const creates = planned.filter((p) => p.status === 'create');
    const updates = planned.filter((p) => p.status === 'update');
    const counts = { created: creates.length, updated: updates.length, unchanged: planned.length - creates.length - updates.length };
    if (options.dryRun) return result(sheetName, parsed.rows.length, counts);

    const total = creates.length + updates.length;
    const iso = now.toISOString();
    const report = (done: number, message: string) => ctx.progress(done, total * 2, message);
    await bulkInsert(
      trx,
      'unit',
      creates.map((p) => {
        const row: Row = { id: p.id };
        for (const k of RECORD_KEYS) row[COLUMN_OF[k]] = p.record[k];
        row.active = 1;
        row.created_at = iso;
        row.updated_at = iso;
        return row;
      }),
      { onBatch: (n) => report(n, `正在写入新单位（${n}/${creates.length}）…`) },
    );
    await batchedUpdate(
      trx,
      updates.map((p) => [p.id, ...RECORD_KEYS.map((k) => p.record[k]), nextStamp(p.target!.updated_at, now)]),
      (n) => report(creates.length + n, `正在更新已有单位（${n}/${updates.length}）…`),
    );

    // Audit: one entry for the import, one per new or changed unit with its before/after values.
    const actor = actorOf(ctx);
    const nameById = new Map<number, string>();
    for (const u of db.units) nameById.set(u.id, u.name);
    for (const p of planned) nameById.set(p.id, p.record.name);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '导入单位',
      targetType: TARGET,
      targetId: null,
      summary: `从“${upload.name}”导入单位：新增 ${counts.created} 个，修改 ${counts.updated} 个，未变 ${counts.unchanged} 个（共 ${parsed.rows.length} 行）`,
      after: { fileName: upload.name, sha256, sheet: sheetName, rows: parsed.rows.length, ...counts, warnings: issues.warningCount },
    });
    const entries: AuditEntry[] = [];
    for (const p of planned) {
      if (p.status === 'unchanged') continue;
      const parentName = p.record.parentId !== null ? (nameById.get(p.record.parentId) ?? null) : null;
      if (p.status === 'create') {
        entries.push({
          module: MODULE,
          action: '导入新增单位',
          targetType: TARGET,
          targetId: p.id,
          summary: `导入新增${p.record.kind}“${p.record.name}”（编码 ${p.record.code}，文件第 ${p.row.rowNo} 行）`,
          after: snapshot(p.record, parentName),
        });
      } else {
        const t = p.target!;
        const change = diff(
          snapshot(recordOf(t), t.parent_id !== null ? (nameById.get(t.parent_id) ?? null) : null, t.active === 1),
          snapshot(p.record, parentName, t.active === 1),
        )!;
        entries.push({
          module: MODULE,
          action: '导入修改单位',
          targetType: TARGET,
          targetId: p.id,
          summary: `导入修改单位“${p.record.name}”（编码 ${p.record.code}，文件第 ${p.row.rowNo} 行）：${describeFields(change.fields)}`,
          before: change.before,
          after: change.after,
        });
      }
    }
    await writeAuditBatch(trx, now, actor, entries, (n) => report(total + n, `正在写审计日志（${n}/${total}）…`));
    report(total * 2, '导入完成');
    return result(sheetName, parsed.rows.length, counts);
  });
}

