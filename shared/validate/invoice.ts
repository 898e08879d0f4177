// 发票代码 / 发票号码 format checks (not authenticity: that needs the tax bureau's 查验平台).
//
// 数电票（全面数字化的电子发票）: 20-digit 发票号码 and no 发票代码; digits 1–2 are the year of issue.
// Older invoices: 8-digit 发票号码 plus a 发票代码 of
//   10 digits: 1–4 region; 5–6 year (印制年份); 7 batch; 8 kind (1/5 专票, 3/6 普票, 2/7 货运专票);
//              9 copies (联次, 2–9); 10 amount version (金额版, 0–4) — `^\d{8}[2-9][0-4]$`
//   12 digits: 1 = '0'; 2–5 region; 6–7 year; 8–10 batch; 11–12 kind (11 电子普票, 12 通行费电子普票,
//              04/05 折叠普票, 06/07 卷票) — `^0\d{11}$`. Codes starting with 1 are non-VAT general
//              invoices (e.g. 通用机打发票) and are accepted as 普通发票.

export interface InvoiceInput {
  code?: string | null;
  number: string;
  /** 开票日期, YYYY-MM-DD. */
  date?: string | null;
}

export type InvoiceResult = { ok: true; kind: string; warnings: string[] } | { ok: false; message: string };

/** Trims, converts full-width characters to half-width and drops internal spaces. */
function normaliseDigits(text: string | null | undefined): string {
  if (typeof text !== 'string') return '';
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else out += ch;
  }
  return out.replace(/[\s\u3000]+/g, '');
}

function parseDate(date: string): { year: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { year };
}

const KIND_10: Record<string, string> = {
  '1': '增值税专用发票',
  '5': '增值税专用发票',
  '3': '增值税普通发票',
  '6': '增值税普通发票',
  '2': '货物运输业增值税专用发票',
  '7': '货物运输业增值税专用发票',
};

const KIND_12: Record<string, string> = {
  '11': '电子普通发票',
  '12': '通行费电子普票',
  '04': '增值税普通发票（折叠票）',
  '05': '增值税普通发票（折叠票）',
  '06': '卷票',
  '07': '卷票',
};

/**
 * Checks the format of an invoice's 发票代码 and 发票号码 (and, when given, their consistency with the
 * 开票日期) and classifies it. `kind` is a Chinese label: 数电票, 增值税专用发票, 增值税普通发票,
 * 货物运输业增值税专用发票, 电子普通发票, 通行费电子普票, 增值税普通发票（折叠票）, 卷票, or 普通发票
 * when the kind cannot be told from the code.
 */
export function validateInvoice(input: InvoiceInput): InvoiceResult {
  const code = normaliseDigits(input.code);
  const number = normaliseDigits(input.number);
  const dateText = typeof input.date === 'string' ? input.date.trim() : '';
  const warnings: string[] = [];

  let dateYear: number | null = null;
  if (dateText !== '') {
    const d = parseDate(dateText);
    if (!d) return { ok: false, message: `开票日期应为有效日期，格式 YYYY-MM-DD：${dateText}` };
    dateYear = d.year;
  }

  if (number === '') return { ok: false, message: '发票号码不能为空' };
  if (!/^\d+$/.test(number)) return { ok: false, message: `发票号码只能包含数字：${number}` };

  if (number.length === 20) {
    if (code !== '') {
      return { ok: false, message: '数电票（20位发票号码）没有发票代码，请清空发票代码' };
    }
    const yy = number.slice(0, 2);
    if (dateYear !== null) {
      const expected = String(dateYear % 100).padStart(2, '0');
      if (yy !== expected) {
        return {
          ok: false,
          message: `数电票发票号码前两位应为开票年份后两位 ${expected}，实际为 ${yy}`,
        };
      }
    }
    if (Number(yy) < 21) {
      warnings.push(`数电票发票号码前两位（年份 ${yy}）早于数电票开始试点的2021年，请核对`);
    }
    return { ok: true, kind: '数电票', warnings };
  }

  if (number.length !== 8) {
    return {
      ok: false,
      message: `发票号码应为20位（数电票）或8位（需同时填写发票代码），实际为${number.length}位`,
    };
  }

  if (code === '') return { ok: false, message: '8位发票号码须同时填写发票代码（10位或12位）' };
  if (!/^\d+$/.test(code)) return { ok: false, message: `发票代码只能包含数字：${code}` };

  let kind: string;
  let codeYear: string;
  if (code.length === 10) {
    if (!/^\d{8}[2-9][0-4]$/.test(code)) {
      return {
        ok: false,
        message: `10位发票代码第9位（联次）应为2–9、第10位（金额版）应为0–4：${code}`,
      };
    }
    codeYear = code.slice(4, 6);
    const known = KIND_10[code[7]!];
    if (known) {
      kind = known;
    } else {
      kind = '普通发票';
      warnings.push(`无法从发票代码第8位“${code[7]}”识别发票种类，按普通发票处理`);
    }
  } else if (code.length === 12) {
    if (!/^[01]\d{11}$/.test(code)) {
      return { ok: false, message: `12位发票代码首位应为0或1：${code}` };
    }
    codeYear = code.slice(5, 7);
    if (code[0] === '1') {
      kind = '普通发票';
    } else {
      const known = KIND_12[code.slice(10, 12)];
      if (known) {
        kind = known;
      } else {
        kind = '普通发票';
        warnings.push(`无法从发票代码第11–12位“${code.slice(10, 12)}”识别发票种类，按普通发票处理`);
      }
    }
  } else {
    return { ok: false, message: `发票代码应为10位或12位数字，实际为${code.length}位` };
  }

  if (dateYear !== null && dateYear >= 2000 && dateYear < 2100 && Number(codeYear) > dateYear % 100) {
    warnings.push(`发票代码中的年份（20${codeYear}）晚于开票日期（${dateYear}年），请核对`);
  }
  return { ok: true, kind, warnings };
}

/**
 * Normalised key for duplicate detection: the 20-digit number for 数电票, otherwise `code:number`
 * (full-width digits and spaces normalised, so the same invoice typed differently gives the same key).
 */
export function invoiceKey(invoice: { code?: string | null; number: string }): string {
  const number = normaliseDigits(invoice.number);
  if (/^\d{20}$/.test(number)) return number;
  return `${normaliseDigits(invoice.code)}:${number}`;
}
