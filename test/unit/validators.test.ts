import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  creditCodeCheckChar,
  gb11714CheckChar,
  makeCreditCode,
  normalizeCreditCode,
  validateCreditCode,
} from '../../shared/validate/creditCode';
import { invoiceKey, validateInvoice } from '../../shared/validate/invoice';

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码', () => {
  // Real, publicly listed codes; each was checked against this algorithm (GB 32100 and GB 11714).
  it.each([
    '91350100M000100Y43',
    '91110000802100433B',
    '91440300708461136T',
    '91110108551385082Q',
    '11610923MB2900168E',
    '1134082855783407XL', // organisation code ending in check character X
    '52610500MJU60350X1',
    '51100000500019541K',
  ])('accepts real code %s without warnings', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code, warnings: [] });
  });

  it('computes check characters', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000802100433')).toBe('B');
    expect(gb11714CheckChar('M000100Y')).toBe('4');
    expect(gb11714CheckChar('55783407')).toBe('X');
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow();
    expect(() => creditCodeCheckChar('91350100M000100I4')).toThrow();
  });

  it('makes valid codes that pass both checks', () => {
    const made = [
      makeCreditCode('81', '331023', 'MA2ABCDE'),
      makeCreditCode('81', '330100', '00000001'),
      makeCreditCode('51', '110000', '12345678'),
      makeCreditCode('91', '350100', 'M000100Y4'),
    ];
    expect(made[3]).toBe('91350100M000100Y43');
    for (const code of made) {
      expect(code).toHaveLength(18);
      expect(validateCreditCode(code)).toEqual({ ok: true, code, warnings: [] });
    }
    expect(() => makeCreditCode('91', '350100', 'M000100Y5')).toThrow(/第9位校验码应为 4/);
    expect(() => makeCreditCode('9', '350100', 'M000100Y')).toThrow();
    expect(() => makeCreditCode('91', '35010A', 'M000100Y')).toThrow();
    expect(() => makeCreditCode('91', '350100', 'M00010OY')).toThrow();
  });

  it('makeCreditCode output always validates (property)', () => {
    const ch = fc.constantFrom(...CODE_CHARS.split(''));
    const str = (n: number) => fc.array(ch, { minLength: n, maxLength: n }).map((a) => a.join(''));
    const region = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(str(2), region, str(8), (p, r, o) => {
        const code = makeCreditCode(p, r, o);
        const res = validateCreditCode(code);
        expect(res).toEqual({ ok: true, code, warnings: [] });
        // any single-character change of the check character is rejected
        const wrong = CODE_CHARS[(CODE_CHARS.indexOf(code[17]!) + 1) % 31]!;
        expect(validateCreditCode(code.slice(0, 17) + wrong).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('normalises whitespace, case and full-width characters', () => {
    expect(normalizeCreditCode(' ９１３５０１００ｍ０００１００ｙ４３\u3000')).toBe('91350100M000100Y43');
    expect(validateCreditCode('  91350100m000100y43 ')).toMatchObject({ ok: true, code: '91350100M000100Y43' });
    expect(validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３').ok).toBe(true);
  });

  it('warns (does not reject) when the organisation code part fails GB 11714', () => {
    // 9th–17th characters MC0000001: the GB 11714 check of MC000000 is not 1.
    expect(gb11714CheckChar('MC000000')).not.toBe('1');
    const first17 = '81331023MC0000001';
    const code = first17 + creditCodeCheckChar(first17);
    const res = validateCreditCode(code);
    expect(res.ok).toBe(true);
    if (res.ok) {
      expect(res.warnings).toHaveLength(1);
      expect(res.warnings[0]).toContain('GB 11714');
      expect(res.warnings[0]).toContain(`第17位应为 ${gb11714CheckChar('MC000000')}，实际为 1`);
    }
  });

  it('never rejects on the registration prefix', () => {
    for (const prefix of ['00', 'Y9', 'A1', '81', 'N3']) {
      const code = makeCreditCode(prefix, '331023', '12345678');
      expect(validateCreditCode(code).ok).toBe(true);
    }
  });

  it('rejects empty input', () => {
    expect(validateCreditCode('')).toEqual({ ok: false, message: '统一社会信用代码不能为空' });
    expect(validateCreditCode('   ')).toEqual({ ok: false, message: '统一社会信用代码不能为空' });
  });

  it('rejects wrong length', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({
      ok: false,
      message: '统一社会信用代码应为18位，实际为17位',
    });
    expect(validateCreditCode('91350100M000100Y433')).toEqual({
      ok: false,
      message: '统一社会信用代码应为18位，实际为19位',
    });
  });

  it('rejects I, O, Z, S, V and other illegal characters', () => {
    expect(validateCreditCode('91350100M000100I43')).toEqual({
      ok: false,
      message: '统一社会信用代码含非法字符“I”（不使用 I、O、Z、S、V）',
    });
    for (const bad of ['O', 'Z', 'S', 'V']) {
      const res = validateCreditCode(`91350100M000100${bad}43`);
      expect(res).toEqual({ ok: false, message: `统一社会信用代码含非法字符“${bad}”（不使用 I、O、Z、S、V）` });
    }
    expect(validateCreditCode('91350100M000100-43')).toEqual({
      ok: false,
      message: '统一社会信用代码含非法字符“-”（只能由数字和大写英文字母组成）',
    });
  });

  it('rejects a non-numeric region code', () => {
    const first17 = '913501A0M000100Y4';
    const res = validateCreditCode(first17 + creditCodeCheckChar(first17));
    expect(res).toEqual({ ok: false, message: '统一社会信用代码第3–8位（登记管理机关行政区划码）应为6位数字' });
  });

  it('rejects a wrong check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({
      ok: false,
      message: '统一社会信用代码第18位校验码应为 3，实际为 4',
    });
    expect(validateCreditCode('91110000802100433C')).toEqual({
      ok: false,
      message: '统一社会信用代码第18位校验码应为 B，实际为 C',
    });
  });
});

describe('发票', () => {
  it('recognises 数电票 (20-digit number, no code)', () => {
    expect(validateInvoice({ number: '24442000000123456789' })).toEqual({ ok: true, kind: '数电票', warnings: [] });
    expect(validateInvoice({ number: '24442000000123456789', date: '2024-05-01' })).toEqual({
      ok: true,
      kind: '数电票',
      warnings: [],
    });
    expect(validateInvoice({ code: '', number: ' ２４４４２００００００１２３４５６７８９ ', date: '2024-12-31' }).ok).toBe(true);
  });

  it('rejects a 数电票 whose year digits do not match the date', () => {
    expect(validateInvoice({ number: '24442000000123456789', date: '2025-01-02' })).toEqual({
      ok: false,
      message: '数电票发票号码前两位应为开票年份后两位 25，实际为 24',
    });
  });

  it('warns about 数电票 year digits before 2021', () => {
    const res = validateInvoice({ number: '19442000000123456789' });
    expect(res).toMatchObject({ ok: true, kind: '数电票' });
    if (res.ok) expect(res.warnings[0]).toMatch(/2021/);
  });

  it('rejects a 数电票 with a 发票代码', () => {
    expect(validateInvoice({ code: '032001900111', number: '24442000000123456789' })).toEqual({
      ok: false,
      message: '数电票（20位发票号码）没有发票代码，请清空发票代码',
    });
  });

  it.each([
    ['3200191130', '增值税专用发票'],
    ['3200191530', '增值税专用发票'],
    ['1100171320', '增值税普通发票'],
    ['1100171620', '增值税普通发票'],
    ['4400151230', '货物运输业增值税专用发票'],
    ['4400151730', '货物运输业增值税专用发票'],
    ['032001900111', '电子普通发票'],
    ['032001900112', '通行费电子普票'],
    ['032001900104', '增值税普通发票（折叠票）'],
    ['032001900105', '增值税普通发票（折叠票）'],
    ['032001900106', '卷票'],
    ['032001900107', '卷票'],
    ['144031909110', '普通发票'], // non-VAT general invoice code starting with 1
  ])('code %s → %s', (code, kind) => {
    expect(validateInvoice({ code, number: '01234567', date: '2021-03-04' })).toEqual({ ok: true, kind, warnings: [] });
  });

  it('falls back to 普通发票 with a warning when the kind digit is unknown', () => {
    const ten = validateInvoice({ code: '1100171420', number: '01234567' });
    expect(ten).toMatchObject({ ok: true, kind: '普通发票' });
    if (ten.ok) expect(ten.warnings).toEqual(['无法从发票代码第8位“4”识别发票种类，按普通发票处理']);
    const twelve = validateInvoice({ code: '032001900199', number: '01234567' });
    expect(twelve).toMatchObject({ ok: true, kind: '普通发票' });
    if (twelve.ok) expect(twelve.warnings).toEqual(['无法从发票代码第11–12位“99”识别发票种类，按普通发票处理']);
  });

  it('warns when the code year is later than the invoice date', () => {
    const res = validateInvoice({ code: '3200191130', number: '01234567', date: '2018-06-30' });
    expect(res).toMatchObject({ ok: true, kind: '增值税专用发票' });
    if (res.ok) expect(res.warnings).toEqual(['发票代码中的年份（2019）晚于开票日期（2018年），请核对']);
  });

  it.each([
    [{ number: '' }, '发票号码不能为空'],
    [{ number: '   ' }, '发票号码不能为空'],
    [{ number: '0123456A' , code: '3200191130'}, '发票号码只能包含数字：0123456A'],
    [{ number: '1234567' }, '发票号码应为20位（数电票）或8位（需同时填写发票代码），实际为7位'],
    [{ number: '2444200000012345678' }, '发票号码应为20位（数电票）或8位（需同时填写发票代码），实际为19位'],
    [{ number: '01234567' }, '8位发票号码须同时填写发票代码（10位或12位）'],
    [{ number: '01234567', code: '32001911A0' }, '发票代码只能包含数字：32001911A0'],
    [{ number: '01234567', code: '32001911301' }, '发票代码应为10位或12位数字，实际为11位'],
    [{ number: '01234567', code: '3200191110' }, '10位发票代码第9位（联次）应为2–9、第10位（金额版）应为0–4：3200191110'],
    [{ number: '01234567', code: '3200191135' }, '10位发票代码第9位（联次）应为2–9、第10位（金额版）应为0–4：3200191135'],
    [{ number: '01234567', code: '232001900111' }, '12位发票代码首位应为0或1：232001900111'],
    [{ number: '01234567', code: '032001900111', date: '2024/01/01' }, '开票日期应为有效日期，格式 YYYY-MM-DD：2024/01/01'],
    [{ number: '01234567', code: '032001900111', date: '2023-02-29' }, '开票日期应为有效日期，格式 YYYY-MM-DD：2023-02-29'],
    [{ number: '24442000000123456789', date: '2024-13-01' }, '开票日期应为有效日期，格式 YYYY-MM-DD：2024-13-01'],
  ])('rejects %j', (input, message) => {
    expect(validateInvoice(input)).toEqual({ ok: false, message });
  });

  it('accepts 29 February in a leap year', () => {
    expect(validateInvoice({ number: '24442000000123456789', date: '2024-02-29' }).ok).toBe(true);
  });

  it('builds normalised keys for duplicate detection', () => {
    expect(invoiceKey({ number: '24442000000123456789' })).toBe('24442000000123456789');
    expect(invoiceKey({ code: '', number: ' 24442000000123456789 ' })).toBe('24442000000123456789');
    expect(invoiceKey({ code: '032001900111', number: '01234567' })).toBe('032001900111:01234567');
    expect(invoiceKey({ code: ' ０３２００１９００１１１', number: '０１２３４５６７ ' })).toBe('032001900111:01234567');
    expect(invoiceKey({ code: '032001900111', number: '01234567' })).not.toBe(
      invoiceKey({ code: '032001900112', number: '01234567' }),
    );
  });
});
