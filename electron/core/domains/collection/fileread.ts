// Reading the agencies' files: .xlsx (first sheet with data) or .csv (UTF-8 with or without BOM, or GBK as
// the tax systems often write it). Cells come back as trimmed text or numbers/dates; the header row is
// found among the first 10 rows by the mapped header names.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cellScalar } from '../units/import';
import { normaliseHeader } from '../../../../shared/units';

export type Cell = string | number | Date | null;

export interface Sheet {
  name: string;
  /** rows[i] is Excel/CSV row i + 1 */
  rows: Cell[][];
}

export class FileReadError extends Error {}

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); out.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); out.push(row); }
  return out;
}

function decode(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (!utf8.includes('\uFFFD')) return utf8.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('gbk').decode(bytes);
  } catch {
    return utf8;
  }
}

export async function readSheet(file: string, fileName: string): Promise<Sheet> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const text = decode(fs.readFileSync(file));
    return {
      name: fileName,
      rows: parseCsv(text).map((r) => r.map((c) => {
        const t = c.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
        return t === '' ? null : t;
      })),
    };
  }
  if (ext !== '.xlsx') throw new FileReadError(`不支持 ${ext || '该'} 格式：请导入 .xlsx 或 .csv 文件（.xls 请在 Excel 或 WPS 中另存为 .xlsx）`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new FileReadError('无法读取该文件：请确认是 Excel 工作簿（.xlsx），且未加密、未损坏');
  }
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0];
  if (!ws) throw new FileReadError('文件中没有工作表');
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    const cells: Cell[] = [];
    r.eachCell({ includeEmpty: true }, (c, col) => {
      const v = cellScalar(c.value);
      cells[col - 1] = v && typeof v === 'object' && 'error' in v ? `#${v.error}` : typeof v === 'boolean' ? String(v) : (v as Cell);
    });
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
  return { name: ws.name, rows };
}

/**
 * The calendar day of an Excel date cell. Excel stores a date (and time) as a serial number with no time
 * zone; exceljs turns it into a Date whose UTC fields are the typed fields (2026-11-12 → 2026-11-12T00:00Z,
 * "2026/11/12 23:30" → 2026-11-12T23:30Z). So the UTC date is the day the clerk typed, wherever the PC is;
 * it must NOT be shifted to Beijing time (beijingDate would move 23:30 to the next day).
 */
export function excelCellDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return excelCellDate(c);
  return String(c).trim();
}

/** The header row (0-based index) whose cells contain every wanted header, or the fullest row among the first 10. */
export function findHeaderRow(sheet: Sheet, wanted: readonly string[]): number | null {
  const want = wanted.map(normaliseHeader);
  let best = -1;
  let bestCount = 0;
  for (let i = 0; i < Math.min(10, sheet.rows.length); i++) {
    const heads = (sheet.rows[i] ?? []).map((c) => normaliseHeader(cellText(c)));
    if (want.length && want.every((w) => heads.includes(w))) return i;
    const n = heads.filter((h) => h && !/^\d+(\.\d+)?$/.test(h)).length;
    if (n > bestCount) { best = i; bestCount = n; }
  }
  return want.length ? null : best >= 0 ? best : null;
}

/** Excel column letters of a 1-based index. */
export function colLetter(n: number): string {
  let s = '';
  while (n > 0) { const m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

/** Parses a date cell: Excel date, YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日. */
export function parseDate(c: Cell): string | null {
  if (c instanceof Date) return excelCellDate(c);
  if (typeof c === 'number') {
    if (c > 19000101 && c < 21001231) return parseDate(String(c));
    // A date serial left unformatted (e.g. 46338): days since 1899-12-30, its whole part is the day.
    if (c > 20000 && c < 80000) return excelCellDate(new Date(Math.floor(c - 25569) * 86400_000));
    return null;
  }
  const t = cellText(c);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(\s.*)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  m = null;
  return dt.toISOString().slice(0, 10);
}

/** Parses a 所属期: YYYY-MM, YYYYMM, YYYY年M月, a date (its month), or a range "起 至 止" (its first month). */
export function parsePeriod(c: Cell): string | null {
  if (c instanceof Date || typeof c === 'number') {
    if (typeof c === 'number' && c >= 200001 && c <= 210012) return parsePeriod(String(c));
    const d = parseDate(c);
    return d ? d.slice(0, 7) : null;
  }
  const t = cellText(c).split(/\s*(?:至|~|—|--)\s*/)[0];
  const m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (m) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}`;
  }
  const d = parseDate(t);
  return d ? d.slice(0, 7) : null;
}
