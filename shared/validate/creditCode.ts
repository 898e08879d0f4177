// 统一社会信用代码 (GB 32100-2015) validation and generation.
//
// Layout (18 characters):
//   1     登记管理部门代码        2   机构类别代码
//   3–8   登记管理机关行政区划码 (6 digits)
//   9–17  主体标识码（组织机构代码, GB 11714; char 17 is its own check character)
//   18    校验码 (GB 32100, mod 31)
// The alphabet is 0–9 and the capital letters except I, O, Z, S, V (31 characters).
//
// Many codes issued to trade unions and social organisations carry an organisation-code part that
// does not satisfy the GB 11714 check, so that check is only reported as a warning. The registration
// prefix (chars 1–2) is never used to reject a code.

export type CreditCodeResult = { ok: true; code: string; warnings: string[] } | { ok: false; message: string };

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const GB32100_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const CODE_RE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;
const LABEL = '统一社会信用代码';

/** Trims, converts full-width characters to half-width and upper-cases. */
export function normalizeCreditCode(code: string): string {
  let out = '';
  for (const ch of code) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out.trim().toUpperCase();
}

/** GB 32100 check character (char 18) for the first 17 characters of a code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`${LABEL}前17位长度应为17，实际为${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`${LABEL}含非法字符“${first17[i]}”`);
    sum += v * GB32100_WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 organisation-code value of a character: 0–9 → 0–9, A–Z → 10–35; -1 otherwise. */
function gb11714Value(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** GB 11714 check character (the 9th character of an organisation code) for its first 8 characters. */
export function gb11714CheckChar(first8: string): string {
  if (first8.length !== 8) throw new Error(`组织机构代码本体应为8位，实际为${first8.length}位`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = gb11714Value(first8[i]!);
    if (v < 0) throw new Error(`组织机构代码含非法字符“${first8[i]}”`);
    sum += v * GB11714_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function describeChar(ch: string): string {
  return /^[IOZSV]$/.test(ch)
    ? `${LABEL}含非法字符“${ch}”（不使用 I、O、Z、S、V）`
    : `${LABEL}含非法字符“${ch}”（只能由数字和大写英文字母组成）`;
}

/**
 * Validates a 统一社会信用代码. Input is normalised first (trim, full-width → half-width, upper case).
 * Rejections: empty, length ≠ 18, characters outside the GB 32100 alphabet, non-digits in chars 3–8,
 * wrong check character 18. A GB 11714 mismatch of char 17 is returned as a warning.
 */
export function validateCreditCode(code: string): CreditCodeResult {
  const c = normalizeCreditCode(typeof code === 'string' ? code : '');
  if (c === '') return { ok: false, message: `${LABEL}不能为空` };
  const chars = [...c];
  if (chars.length !== 18) return { ok: false, message: `${LABEL}应为18位，实际为${chars.length}位` };
  for (const ch of chars) {
    if (!ALPHABET.includes(ch)) return { ok: false, message: describeChar(ch) };
  }
  if (!CODE_RE.test(c)) {
    return { ok: false, message: `${LABEL}第3–8位（登记管理机关行政区划码）应为6位数字` };
  }
  const expected = creditCodeCheckChar(c.slice(0, 17));
  if (c[17] !== expected) {
    return { ok: false, message: `${LABEL}第18位校验码应为 ${expected}，实际为 ${c[17]}` };
  }
  const warnings: string[] = [];
  const orgCheck = gb11714CheckChar(c.slice(8, 16));
  if (c[16] !== orgCheck) {
    warnings.push(
      `${LABEL}第9–17位（组织机构代码）不符合 GB 11714 校验：第17位应为 ${orgCheck}，实际为 ${c[16]}（部分工会、社会组织的代码如此，请核对原件）`,
    );
  }
  return { ok: true, code: c, warnings };
}

/**
 * Builds a valid code from a 2-character registration prefix (e.g. "81" 工会, "91" 企业), a 6-digit
 * region code and the organisation code: either its 8-character body (the GB 11714 check character is
 * appended) or all 9 characters (the 9th must then be the correct check character). The result passes
 * both the GB 32100 and the GB 11714 checks. Throws on malformed input.
 */
export function makeCreditCode(prefix2: string, region6: string, org9base: string): string {
  const prefix = normalizeCreditCode(prefix2);
  const region = normalizeCreditCode(region6);
  const org = normalizeCreditCode(org9base);
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}$/.test(prefix)) throw new Error(`登记管理部门及机构类别代码应为2位有效字符：${prefix2}`);
  if (!/^\d{6}$/.test(region)) throw new Error(`行政区划码应为6位数字：${region6}`);
  if (!/^[0-9A-HJ-NP-RTUW-Y]{8,9}$/.test(org)) {
    throw new Error(`组织机构代码应为8位本体（或含校验码的9位），且不含 I、O、Z、S、V：${org9base}`);
  }
  const check = gb11714CheckChar(org.slice(0, 8));
  if (org.length === 9 && org[8] !== check) {
    throw new Error(`组织机构代码第9位校验码应为 ${check}，实际为 ${org[8]}`);
  }
  const first17 = prefix + region + org.slice(0, 8) + check;
  return first17 + creditCodeCheckChar(first17);
}
