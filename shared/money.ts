// Money is integer fen (分) everywhere. This module converts between user/Excel text and fen
// without ever doing decimal arithmetic in floating point: text is parsed digit by digit, and
// fen are formatted from their digit string. Shared by the Node core and the renderer: plain
// TypeScript, no Node-only APIs.

export type MoneyErrorCode = 'MONEY_FORMAT' | 'MONEY_DECIMALS' | 'MONEY_RANGE';

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
  }
}

export type TryParseFenResult = { ok: true; fen: number } | { ok: false; message: string; code: MoneyErrorCode };

const MAX_FEN = Number.MAX_SAFE_INTEGER;

/** Full-width forms that users paste from Chinese input methods / Word / WPS. */
function normaliseMoneyText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff10 && cp <= 0xff19) out += String.fromCharCode(cp - 0xff10 + 0x30); // ０-９
    else if (ch === '，') out += ','; // full-width comma
    else if (ch === '．') out += '.';
    else if (ch === '－' || ch === '−') out += '-'; // full-width hyphen-minus, U+2212 minus sign
    else if (ch === '＋') out += '+';
    else if (ch === '\u3000') out += ' ';
    else out += ch;
  }
  return out.trim();
}

/** Shortens a user's text for inclusion in an error message. */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Converts `sign`, integer digits and fraction digits to fen. `fracDigits` may have any length:
 * digits beyond the second must all be zero (e.g. "1.230" is 123 fen), otherwise MONEY_DECIMALS.
 */
function digitsToFen(negative: boolean, intDigits: string, fracDigits: string, original: string): number {
  const extra = fracDigits.slice(2);
  if (/[1-9]/.test(extra)) {
    throw new MoneyError('MONEY_DECIMALS', `金额最多两位小数：${shown(original)}`);
  }
  const all = (intDigits + fracDigits.slice(0, 2).padEnd(2, '0')).replace(/^0+/, '');
  if (all === '') return 0;
  // 16 digits is the most MAX_SAFE_INTEGER (9007199254740991) has; Number() of a digit string of at
  // most 16 digits that is <= MAX_SAFE_INTEGER is exact, and anything above rounds to >= 2^53.
  if (all.length > 16 || Number(all) > MAX_FEN) {
    throw new MoneyError('MONEY_RANGE', `金额超出可处理范围：${shown(original)}`);
  }
  const value = Number(all);
  return negative ? -value : value;
}

/** Parses the shortest decimal representation of a JS number (String(n)), including exponent forms. */
function parseNumberValue(n: number): number {
  if (!Number.isFinite(n)) {
    throw new MoneyError('MONEY_FORMAT', `金额格式不正确：${String(n)}`);
  }
  const text = String(n); // e.g. "1234.5", "-0.01", "1e-7", "1e+21", "1.5e+300"
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new MoneyError('MONEY_FORMAT', `金额格式不正确：${text}`);
  const negative = m[1] === '-';
  let intDigits = m[2]!;
  let fracDigits = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    if (exp > 40) throw new MoneyError('MONEY_RANGE', `金额超出可处理范围：${text}`);
    const moved = fracDigits.padEnd(exp, '0');
    intDigits += moved.slice(0, exp);
    fracDigits = moved.slice(exp);
  } else if (exp < 0) {
    if (-exp > 40) throw new MoneyError('MONEY_DECIMALS', `金额最多两位小数：${text}`);
    const padded = intDigits.padStart(-exp + 1, '0');
    fracDigits = padded.slice(padded.length + exp) + fracDigits;
    intDigits = padded.slice(0, padded.length + exp);
  }
  return digitsToFen(negative, intDigits, fracDigits, text);
}

/**
 * Parses an amount in yuan (元) to integer fen, without floating point.
 *
 * Accepts `1,234.5`, `1234.50`, `-0.01`, `+3`, `.5`, `5.`, surrounding whitespace, full-width digits
 * and punctuation (０-９ ， ． － ＋), an optional `¥`/`￥` (before or after the sign) and a trailing
 * `元`. Extra decimals that are all zero (`1.230`) are accepted; any non-zero third decimal is
 * rejected rather than rounded.
 *
 * Numbers (e.g. Excel cells) are converted through their shortest decimal representation
 * (`String(n)`), never multiplied by 100 in floating point: `0.1` → 10, `1e-7` → rejected.
 *
 * @throws MoneyError with code MONEY_FORMAT, MONEY_DECIMALS or MONEY_RANGE and a Chinese message.
 */
export function parseFen(text: string | number): number {
  if (typeof text === 'number') return parseNumberValue(text);
  if (typeof text !== 'string') {
    throw new MoneyError('MONEY_FORMAT', '金额格式不正确');
  }
  const s = normaliseMoneyText(text);
  if (s === '') throw new MoneyError('MONEY_FORMAT', '金额不能为空');

  const m = /^([+-]?)\s*[¥￥]?\s*([+-]?)\s*([\d,]*)(?:\.(\d*))?\s*元?$/.exec(s);
  if (!m || (m[1] !== '' && m[2] !== '')) {
    throw new MoneyError('MONEY_FORMAT', `金额格式不正确：${shown(s)}`);
  }
  const sign = m[1] || m[2];
  const intPart = m[3]!;
  const fracPart = m[4] ?? '';
  if (intPart === '' && fracPart === '') {
    throw new MoneyError('MONEY_FORMAT', `金额格式不正确：${shown(s)}`);
  }
  if (intPart.includes(',') && !/^\d{1,3}(,\d{3})+$/.test(intPart)) {
    throw new MoneyError('MONEY_FORMAT', `金额千分位分隔符位置不正确：${shown(s)}`);
  }
  const fen = digitsToFen(sign === '-', intPart.replace(/,/g, ''), fracPart, s);
  return fen === 0 ? 0 : fen; // never -0
}

/** Non-throwing variant of {@link parseFen}. */
export function tryParseFen(text: string | number): TryParseFenResult {
  try {
    return { ok: true, fen: parseFen(text) };
  } catch (e) {
    if (e instanceof MoneyError) return { ok: false, message: e.message, code: e.code };
    throw e;
  }
}

/** Throws unless `n` is an integer number of fen within ±Number.MAX_SAFE_INTEGER. */
export function assertFen(n: unknown, what = '金额'): asserts n is number {
  if (typeof n !== 'number' || Number.isNaN(n)) {
    throw new MoneyError('MONEY_FORMAT', `${what}不是有效数字`);
  }
  if (!Number.isFinite(n) || Math.abs(n) > MAX_FEN) {
    throw new MoneyError('MONEY_RANGE', `${what}超出可处理范围`);
  }
  if (!Number.isInteger(n)) {
    throw new MoneyError('MONEY_FORMAT', `${what}必须是整数分：${n}`);
  }
}

/** Sums fen amounts; throws MONEY_RANGE if any partial sum leaves the safe-integer range. */
export function addFen(...xs: number[]): number {
  let total = 0;
  for (const x of xs) {
    assertFen(x);
    // Both operands are safe integers: the sum is exact whenever it is itself a safe integer,
    // and lands at or beyond 2^53 (not safe) when it is not.
    total += x;
    if (!Number.isSafeInteger(total)) {
      throw new MoneyError('MONEY_RANGE', '金额合计超出可处理范围');
    }
  }
  return total === 0 ? 0 : total;
}

/** a − b in fen, with the same overflow checking as {@link addFen}. */
export function subFen(a: number, b: number): number {
  assertFen(b);
  return addFen(a, -b);
}

/** Splits a fen amount into sign and its yuan-digit / two fen-digit strings, exactly. */
function splitFen(fen: number): { negative: boolean; yuan: string; cents: string } {
  assertFen(fen);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return { negative: fen < 0, yuan: digits.slice(0, -2), cents: digits.slice(-2) };
}

export interface FormatFenOptions {
  /** Group the yuan digits with commas (default true). */
  thousands?: boolean;
  /** Prefix positive amounts with "+" (negative amounts always get "-"; zero never gets a sign). */
  sign?: boolean;
}

/** Formats fen as yuan with exactly two decimals: 123450 → "1,234.50", -1 → "-0.01", 0 → "0.00". */
export function formatFen(fen: number, opts: FormatFenOptions = {}): string {
  const { negative, yuan, cents } = splitFen(fen);
  const grouped = opts.thousands === false ? yuan : yuan.replace(/\B(?=(\d{3})+$)/g, ',');
  const prefix = negative ? '-' : opts.sign && fen > 0 ? '+' : '';
  return `${prefix}${grouped}.${cents}`;
}

/**
 * fen → yuan as a JS number, for writing numeric Excel cells only. This is the one place where
 * `fen / 100` (floating point) is acceptable: a single correctly rounded division yields the double
 * nearest to the exact decimal, whose shortest representation is that decimal for every amount below
 * about 2×10^13 元 (so `parseFen(fenToYuanNumber(fen)) === fen`). Never compute with the result.
 */
export function fenToYuanNumber(fen: number): number {
  assertFen(fen);
  return fen / 100;
}

const UPPER_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const UPPER_UNITS = ['', '拾', '佰', '仟'] as const;

/** 1..9999 → e.g. 1004 → 壹仟零肆, 1010 → 壹仟零壹拾, 10 → 壹拾. No leading or trailing 零. */
function upperBelow10k(digits: string): string {
  let out = '';
  let zero = false;
  const len = digits.length;
  for (let i = 0; i < len; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += UPPER_DIGITS[d]! + UPPER_UNITS[len - 1 - i]!;
  }
  return out;
}

/**
 * Integer (as a digit string without leading zeros, non-zero) → 大写 without 元.
 * Above 10^8 the number is "<high>亿<low>" where <high> is itself written with 万 (so 10^12 is
 * 壹万亿 and 1,0001,0000,0000 is 壹万零壹亿); likewise "<high>万<low>" above 10^4. A 零 is written
 * when the lower part is non-zero but does not fill its top digit (100,010,000 → 壹亿零壹万,
 * 10,000,100 → 壹仟万零壹佰), and not when the higher part merely ends in zeros (101,000 → 壹拾万壹仟).
 */
function upperInteger(digits: string): string {
  for (const [size, unit] of [[8, '亿'], [4, '万']] as const) {
    if (digits.length > size) {
      const high = digits.slice(0, -size);
      const low = digits.slice(-size).replace(/^0+/, '');
      let out = upperInteger(high) + unit;
      if (low !== '') out += (low.length < size ? '零' : '') + upperInteger(low);
      return out;
    }
  }
  return upperBelow10k(digits);
}

/**
 * fen → 人民币大写金额 as written on vouchers and cheques:
 * 5 → 伍分, 1050 → 壹拾元伍角整, 10000000001 → 壹亿元零壹分, 100400 → 壹仟零肆元整, 0 → 零元整,
 * negative amounts are prefixed with 负. Ends with 整 unless the amount has 分.
 */
export function fenToChineseUpper(fen: number): string {
  const { negative, yuan, cents } = splitFen(fen);
  const intDigits = yuan.replace(/^0+/, '');
  const jiao = cents.charCodeAt(0) - 48;
  const fenDigit = cents.charCodeAt(1) - 48;

  let out = negative ? '负' : '';
  if (intDigits !== '') out += upperInteger(intDigits) + '元';

  if (jiao === 0 && fenDigit === 0) {
    out += intDigits === '' ? '零元整' : '整';
  } else if (jiao === 0) {
    out += (intDigits !== '' ? '零' : '') + UPPER_DIGITS[fenDigit] + '分';
  } else {
    out += UPPER_DIGITS[jiao] + '角' + (fenDigit === 0 ? '整' : UPPER_DIGITS[fenDigit] + '分');
  }
  return out;
}
