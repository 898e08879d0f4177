import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MoneyError,
  addFen,
  assertFen,
  fenToChineseUpper,
  fenToYuanNumber,
  formatFen,
  parseFen,
  subFen,
  tryParseFen,
} from '../../shared/money';

function errorOf(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MoneyError);
    return e as MoneyError;
  }
  throw new Error('expected a MoneyError');
}

describe('parseFen (text)', () => {
  it.each([
    ['1,234.5', 123450],
    ['1234.50', 123450],
    ['-0.01', -1],
    ['+3', 300],
    ['.5', 50],
    ['0.5', 50],
    ['0', 0],
    ['-0', 0],
    ['-0.00', 0],
    ['5.', 500],
    ['007.10', 710],
    ['  12.34  ', 1234],
    ['¥1,234.56', 123456],
    ['￥12', 1200],
    ['12元', 1200],
    ['￥ 1,000.00 元', 100000],
    ['-¥3.5', -350],
    ['¥-3.5', -350],
    ['１，２３４．５６', 123456],
    ['－０．０１', -1],
    ['＋３', 300],
    ['\u3000１２３\u3000', 12300],
    ['1.230', 123],
    ['1,234,567,890.12', 123456789012],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', -Number.MAX_SAFE_INTEGER],
  ])('%j → %d fen', (text, fen) => {
    expect(parseFen(text)).toBe(fen);
    expect(Object.is(parseFen(text), -0)).toBe(false);
  });

  it('rejects more than two decimals with MONEY_DECIMALS', () => {
    const e = errorOf(() => parseFen('1.234'));
    expect(e.code).toBe('MONEY_DECIMALS');
    expect(e.message).toBe('金额最多两位小数：1.234');
    expect(errorOf(() => parseFen('0.001')).code).toBe('MONEY_DECIMALS');
    expect(errorOf(() => parseFen('1.2301')).code).toBe('MONEY_DECIMALS');
  });

  it('rejects empty input', () => {
    for (const t of ['', '   ', '\u3000']) {
      const e = errorOf(() => parseFen(t));
      expect(e.code).toBe('MONEY_FORMAT');
      expect(e.message).toBe('金额不能为空');
    }
  });

  it.each(['abc', '1.2.3', '--1', '+-1', '1-', '¥', '元', '.', '-', '1e5', '12 34', '(12)', '1,234.5.6', '¥¥1', '12元元'])(
    'rejects garbage %j with MONEY_FORMAT',
    (t) => {
      const e = errorOf(() => parseFen(t));
      expect(e.code).toBe('MONEY_FORMAT');
      expect(e.message).toMatch(/^金额格式不正确：/);
    },
  );

  it.each(['1,23.00', '1,2345', ',123', '1234,567', '12,34,567', '1,,234'])('rejects misplaced thousands separators %j', (t) => {
    const e = errorOf(() => parseFen(t));
    expect(e.code).toBe('MONEY_FORMAT');
    expect(e.message).toMatch(/千分位/);
  });

  it('gives the exact message for 1,23.00', () => {
    expect(errorOf(() => parseFen('1,23.00')).message).toBe('金额千分位分隔符位置不正确：1,23.00');
  });

  it('rejects amounts beyond Number.MAX_SAFE_INTEGER fen with MONEY_RANGE', () => {
    for (const t of ['90071992547409.92', '99999999999999999', '-90071992547409.92', '1' + '0'.repeat(30)]) {
      const e = errorOf(() => parseFen(t));
      expect(e.code).toBe('MONEY_RANGE');
      expect(e.message).toMatch(/^金额超出可处理范围/);
    }
  });
});

describe('parseFen (numbers, e.g. Excel cells)', () => {
  it.each([
    [0.1, 10],
    [0.07, 7],
    [1.15, 115],
    [1234.5, 123450],
    [-0.01, -1],
    [-0, 0],
    [19.99, 1999],
    [1e6, 100000000],
    [123456789012.34, 12345678901234],
  ])('%d → %d fen', (n, fen) => {
    expect(parseFen(n)).toBe(fen);
  });

  it('rejects exponent forms with too many decimals', () => {
    const e = errorOf(() => parseFen(1e-7));
    expect(e.code).toBe('MONEY_DECIMALS');
    expect(e.message).toBe('金额最多两位小数：1e-7');
    expect(errorOf(() => parseFen(1.5e-7)).code).toBe('MONEY_DECIMALS');
    // floating-point artefacts are refused rather than silently rounded
    expect(errorOf(() => parseFen(0.1 + 0.2)).code).toBe('MONEY_DECIMALS');
  });

  it('rejects huge numbers with MONEY_RANGE', () => {
    const e = errorOf(() => parseFen(1e21));
    expect(e.code).toBe('MONEY_RANGE');
    expect(e.message).toMatch(/^金额超出可处理范围/);
    expect(errorOf(() => parseFen(1.5e300)).code).toBe('MONEY_RANGE');
    expect(errorOf(() => parseFen(1e14)).code).toBe('MONEY_RANGE');
  });

  it('handles large whole numbers and small decimals', () => {
    expect(parseFen(1e13)).toBe(1e15);
    expect(parseFen(5e-2)).toBe(5);
  });

  it('rejects NaN and Infinity', () => {
    expect(errorOf(() => parseFen(Number.NaN)).code).toBe('MONEY_FORMAT');
    expect(errorOf(() => parseFen(Number.POSITIVE_INFINITY)).code).toBe('MONEY_FORMAT');
  });
});

describe('tryParseFen', () => {
  it('returns ok with fen', () => {
    expect(tryParseFen('1,234.50')).toEqual({ ok: true, fen: 123450 });
  });
  it('returns the message instead of throwing', () => {
    expect(tryParseFen('1.234')).toEqual({ ok: false, message: '金额最多两位小数：1.234', code: 'MONEY_DECIMALS' });
    expect(tryParseFen('')).toMatchObject({ ok: false, message: '金额不能为空' });
  });
});

describe('formatFen', () => {
  it.each([
    [123450, undefined, '1,234.50'],
    [-1, undefined, '-0.01'],
    [0, undefined, '0.00'],
    [5, undefined, '0.05'],
    [100, undefined, '1.00'],
    [123456789012, undefined, '1,234,567,890.12'],
    [123456789012, { thousands: false }, '1234567890.12'],
    [-123450, { thousands: false }, '-1234.50'],
    [5, { sign: true }, '+0.05'],
    [-5, { sign: true }, '-0.05'],
    [0, { sign: true }, '0.00'],
    [Number.MAX_SAFE_INTEGER, undefined, '90,071,992,547,409.91'],
  ] as const)('%d %j → %s', (fen, opts, text) => {
    expect(formatFen(fen, opts)).toBe(text);
  });

  it('refuses non-integer or unsafe fen', () => {
    expect(() => formatFen(1.5)).toThrow(MoneyError);
    expect(() => formatFen(Number.MAX_SAFE_INTEGER + 1)).toThrow(MoneyError);
    expect(() => formatFen(Number.NaN)).toThrow(MoneyError);
  });
});

describe('assertFen / addFen / subFen / fenToYuanNumber', () => {
  it('assertFen accepts safe integers and rejects others', () => {
    expect(() => assertFen(0)).not.toThrow();
    expect(() => assertFen(-Number.MAX_SAFE_INTEGER)).not.toThrow();
    expect(errorOf(() => assertFen(0.5)).code).toBe('MONEY_FORMAT');
    expect(errorOf(() => assertFen('1')).code).toBe('MONEY_FORMAT');
    expect(errorOf(() => assertFen(Number.MAX_SAFE_INTEGER + 1)).code).toBe('MONEY_RANGE');
    expect(errorOf(() => assertFen(Number.POSITIVE_INFINITY)).code).toBe('MONEY_RANGE');
  });

  it('addFen sums and detects overflow', () => {
    expect(addFen()).toBe(0);
    expect(addFen(1, 2, 3)).toBe(6);
    expect(addFen(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(errorOf(() => addFen(Number.MAX_SAFE_INTEGER, 1)).code).toBe('MONEY_RANGE');
    expect(errorOf(() => addFen(-Number.MAX_SAFE_INTEGER, -1)).code).toBe('MONEY_RANGE');
    expect(() => addFen(1, 0.5)).toThrow(MoneyError);
    expect(subFen(10, 3)).toBe(7);
    expect(errorOf(() => subFen(-Number.MAX_SAFE_INTEGER, 1)).code).toBe('MONEY_RANGE');
  });

  it('fenToYuanNumber gives yuan numbers that parse back exactly', () => {
    expect(fenToYuanNumber(123450)).toBe(1234.5);
    expect(fenToYuanNumber(-1)).toBe(-0.01);
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (fen) => parseFen(fenToYuanNumber(fen)) === fen),
      { numRuns: 2000 },
    );
  });
});

describe('fenToChineseUpper', () => {
  it.each([
    // required examples
    [5, '伍分'],
    [1050, '壹拾元伍角整'],
    [10000000001, '壹亿元零壹分'],
    [100400, '壹仟零肆元整'],
    [0, '零元整'],
    [50, '伍角整'],
    [100, '壹元整'],
    [105, '壹元零伍分'],
    [1000, '壹拾元整'],
    [10100000, '壹拾万壹仟元整'],
    [100001000, '壹佰万零壹拾元整'],
    [10000000000, '壹亿元整'],
    [101010101, '壹佰零壹万零壹佰零壹元零壹分'],
    [2000000000, '贰仟万元整'],
    [120, '壹元贰角整'],
    [12345678912, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分'],
    // zeros across the 万 and 亿 boundaries
    [10001000000, '壹亿零壹万元整'],
    [100000000000, '壹拾亿元整'],
    [1000010000, '壹仟万零壹佰元整'],
    [10000100000, '壹亿零壹仟元整'],
    [10000000100, '壹亿零壹元整'],
    [12000000000, '壹亿贰仟万元整'],
    [100100000000, '壹拾亿零壹佰万元整'],
    [101000000000, '壹拾亿壹仟万元整'],
    [1000100000000, '壹佰亿零壹佰万元整'],
    [1000000, '壹万元整'],
    [1000500, '壹万零伍元整'],
    [1050000, '壹万零伍佰元整'],
    [1100000, '壹万壹仟元整'],
    [140950, '壹仟肆佰零玖元伍角整'],
    [600714, '陆仟零柒元壹角肆分'],
    [1, '壹分'],
    [11, '壹角壹分'],
    [1001, '壹拾元零壹分'],
    [1010, '壹拾元壹角整'],
    [1111, '壹拾壹元壹角壹分'],
    // 万亿 (10^12 元) and above
    [100000000000000, '壹万亿元整'],
    [100010000000000, '壹万零壹亿元整'],
    [1000100000000000, '壹拾万零壹拾亿元整'],
    [Number.MAX_SAFE_INTEGER, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
    // negative
    [-5, '负伍分'],
    [-100400, '负壹仟零肆元整'],
  ])('%d fen → %s', (fen, text) => {
    expect(fenToChineseUpper(fen)).toBe(text);
  });

  it('refuses non-integer fen', () => {
    expect(() => fenToChineseUpper(1.5)).toThrow(MoneyError);
  });
});

describe('properties', () => {
  const safeFen = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  // Amounts with many zero digits exercise the 零 rules far better than uniform integers.
  const zeroHeavyFen = fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 15 })
    .map((ds) => Number(ds.join('')))
    .filter((n) => n <= Number.MAX_SAFE_INTEGER);

  it('parseFen(formatFen(fen)) === fen, with and without thousands separators', () => {
    fc.assert(
      fc.property(fc.oneof(safeFen, zeroHeavyFen), (fen) => {
        expect(parseFen(formatFen(fen))).toBe(fen);
        expect(parseFen(formatFen(fen, { thousands: false }))).toBe(fen);
        expect(parseFen(formatFen(fen, { sign: true }))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });

  it('fenToChineseUpper never contains 零零, never starts or ends badly, ends with 整 or 分', () => {
    fc.assert(
      fc.property(fc.oneof(safeFen, zeroHeavyFen), (fen) => {
        const s = fenToChineseUpper(fen);
        expect(s).not.toContain('零零');
        expect(s).toMatch(/[整分]$/);
        if (fen !== 0) {
          expect(s).not.toMatch(/零[元万亿角整]/);
          expect(s).not.toMatch(/^负?零/);
        }
        expect(s.startsWith('负')).toBe(fen < 0);
      }),
      { numRuns: 3000 },
    );
  });
});
