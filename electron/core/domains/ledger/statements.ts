// The official statements of 财会〔2021〕7号 (domain.md §8) as plain data an Excel writer can lay out
// directly: 工会01表 资产负债表 (资产 | 负债与净资产, 年初余额 / 期末余额 or 年末余额) and 工会02表
// 收入支出表 (本月数 / 本年累计数, or 本年数 / 上年数 annually). Values are fen; line numbers are ours.
//
// Before year-end closing, income and expense not yet carried forward are shown within 工会资金结转,
// 工会资金结余 and 财政拨款结转 as the period-end closing would carry them (the account instructions say
// 期末结转), so the monthly 资产负债表 balances; after closing that amount is zero.
import type { Executor } from '../../db/tx';
import type { Statement01, Statement02, StatementLine } from '../../../../shared/contract/ledger';
import { loadSet } from './common';
import { movements, rollUp, type Movement } from './balances';
import { pendingCarry } from './closing';

interface Item {
  key: string;
  label: string;
  /** Level-one (or detail) codes summed. */
  codes?: string[];
  /** Keys of earlier items summed (with sign). */
  sum?: Array<[string, 1 | -1]>;
  /** 'debit': 借 − 贷; 'credit': 贷 − 借. */
  sign?: 'debit' | 'credit';
  kind?: StatementLine['kind'];
  indent?: number;
  annualOnly?: boolean;
  interimOnly?: boolean;
  /** Add the pending carry-forward to this closing account (工会01 only). */
  pending?: '32103' | '32203' | '33103';
}

const ASSETS: Item[] = [
  { key: 'cash', label: '货币资金', codes: ['101', '102'] },
  { key: 'zeroQuota', label: '零余额账户用款额度', codes: ['111'], interimOnly: true },
  { key: 'fiscalReturn', label: '财政应返还额度', codes: ['121'] },
  { key: 'dueFromUpper', label: '应收上级经费', codes: ['131'] },
  { key: 'dueFromLower', label: '应收下级经费', codes: ['132'] },
  { key: 'otherReceivable', label: '其他应收款', codes: ['135'] },
  { key: 'inventory', label: '库存物品', codes: ['141'] },
  {
    key: 'currentTotal',
    label: '流动资产合计',
    kind: 'total',
    sum: [['cash', 1], ['zeroQuota', 1], ['fiscalReturn', 1], ['dueFromUpper', 1], ['dueFromLower', 1], ['otherReceivable', 1], ['inventory', 1]],
  },
  { key: 'investment', label: '投资', codes: ['151'] },
  { key: 'construction', label: '在建工程', codes: ['161'] },
  { key: 'fixedCost', label: '固定资产原值', codes: ['162'] },
  { key: 'depreciation', label: '减：累计折旧', codes: ['163'], sign: 'credit', indent: 1 },
  { key: 'fixedNet', label: '固定资产净值', sum: [['fixedCost', 1], ['depreciation', -1]] },
  { key: 'intangibleCost', label: '无形资产原值', codes: ['171'] },
  { key: 'amortisation', label: '减：累计摊销', codes: ['172'], sign: 'credit', indent: 1 },
  { key: 'intangibleNet', label: '无形资产净值', sum: [['intangibleCost', 1], ['amortisation', -1]] },
  { key: 'deferred', label: '长期待摊费用', codes: ['181'] },
  { key: 'pendingLoss', label: '待处理财产损溢', codes: ['182'] },
  {
    key: 'assetsTotal',
    label: '资产总计',
    kind: 'total',
    sum: [['currentTotal', 1], ['investment', 1], ['construction', 1], ['fixedNet', 1], ['intangibleNet', 1], ['deferred', 1], ['pendingLoss', 1]],
  },
];

const LIABILITIES: Item[] = [
  { key: 'liabilitiesHead', label: '负债：', kind: 'section' },
  { key: 'payroll', label: '应付职工薪酬', codes: ['201'], sign: 'credit' },
  { key: 'dueToUpper', label: '应付上级经费', codes: ['211'], sign: 'credit' },
  { key: 'dueToLower', label: '应付下级经费', codes: ['212'], sign: 'credit' },
  { key: 'otherPayable', label: '其他应付款', codes: ['215'], sign: 'credit' },
  { key: 'custodial', label: '代管经费', codes: ['221'], sign: 'credit' },
  {
    key: 'liabilitiesTotal',
    label: '负债合计',
    kind: 'total',
    sum: [['payroll', 1], ['dueToUpper', 1], ['dueToLower', 1], ['otherPayable', 1], ['custodial', 1]],
  },
  { key: 'netAssetsHead', label: '净资产：', kind: 'section' },
  { key: 'assetFund', label: '资产基金', codes: ['301'], sign: 'credit' },
  { key: 'specialFund', label: '专用基金', codes: ['311'], sign: 'credit' },
  { key: 'unionCarry', label: '工会资金结转', codes: ['321'], sign: 'credit', pending: '32103' },
  { key: 'unionSurplus', label: '工会资金结余', codes: ['322'], sign: 'credit', pending: '32203' },
  { key: 'fiscalCarry', label: '财政拨款结转', codes: ['331'], sign: 'credit', pending: '33103' },
  { key: 'fiscalSurplus', label: '财政拨款结余', codes: ['332'], sign: 'credit' },
  { key: 'stabilisation', label: '预算稳定调节基金', codes: ['341'], sign: 'credit' },
  {
    key: 'netAssetsTotal',
    label: '净资产合计',
    kind: 'total',
    sum: [['assetFund', 1], ['specialFund', 1], ['unionCarry', 1], ['unionSurplus', 1], ['fiscalCarry', 1], ['fiscalSurplus', 1], ['stabilisation', 1]],
  },
  { key: 'totalLiabilitiesNetAssets', label: '负债与净资产总计', kind: 'total', sum: [['liabilitiesTotal', 1], ['netAssetsTotal', 1]] },
];

const INCOME: Array<[string, string, string]> = [
  ['dues', '（一）会费收入', '401'],
  ['allocated', '（二）拨缴经费收入', '402'],
  ['upperSubsidy', '（三）上级补助收入', '403'],
  ['governmentSubsidy', '（四）政府补助收入', '404'],
  ['adminSubsidy', '（五）行政补助收入', '405'],
  ['affiliates', '（六）附属单位上缴收入', '406'],
  ['investmentIncome', '（七）投资收益', '407'],
  ['otherIncome', '（八）其他收入', '408'],
  ['useStabilisation', '（九）动用预算稳定调节基金', '411'],
];

const EXPENSE: Array<[string, string, string]> = [
  ['memberActivities', '（一）职工活动支出', '501'],
  ['activityOrganisation', '（二）职工活动组织支出', '502'],
  ['services', '（三）职工服务支出', '503'],
  ['rights', '（四）维权支出', '504'],
  ['business', '（五）业务支出', '505'],
  ['administration', '（六）行政支出', '506'],
  ['capital', '（七）资本性支出', '507'],
  ['lowerSubsidy', '（八）补助下级支出', '508'],
  ['affiliateSpending', '（九）对附属单位的支出', '509'],
  ['otherSpending', '（十）其他支出', '510'],
  ['arrangeStabilisation', '（十一）安排预算稳定调节基金', '521'],
];

const ADJUSTMENT_CODES = ['32101', '32201', '33101', '33201', '33202'];

function periodLabel(year: number, month: number, annual: boolean) {
  return annual ? `${year}年度` : `${year}年${month}月`;
}

export async function orgNameOf(db: Executor, unitId: number): Promise<string> {
  return (await db.selectFrom('unit').select('name').where('id', '=', unitId).executeTakeFirst())?.name ?? '';
}

const noNegZero = (v: number | null) => (v === 0 ? 0 : v);

/** Evaluates a list of items for several columns; `value(codes, sign, item, column)` gives leaf values. */
function evaluate(
  items: Item[],
  columns: number,
  firstLineNo: number,
  value: (item: Item, col: number) => number | null,
  skip: (item: Item) => boolean,
): { lines: StatementLine[]; byKey: Map<string, Array<number | null>>; next: number } {
  const byKey = new Map<string, Array<number | null>>();
  // Items first, then totals in dependency order (a total may be listed before its parts).
  for (const item of items) {
    if (item.sum) continue;
    byKey.set(item.key, Array.from({ length: columns }, (_, c) => (item.kind === 'section' ? null : noNegZero(value(item, c)))));
  }
  const totals = items.filter((i) => i.sum);
  for (let round = 0; round <= totals.length && byKey.size < items.length; round++) {
    for (const item of totals) {
      if (byKey.has(item.key) || !item.sum!.every(([k]) => byKey.has(k))) continue;
      byKey.set(
        item.key,
        Array.from({ length: columns }, (_, c) => {
          let t = 0;
          for (const [k, s] of item.sum!) {
            const v = byKey.get(k)![c];
            if (v === null) return null;
            t += s * v;
          }
          return noNegZero(t);
        }),
      );
    }
  }
  const lines: StatementLine[] = [];
  let lineNo = firstLineNo;
  for (const item of items) {
    const kind = item.kind ?? 'item';
    const number = kind === 'section' ? null : lineNo++;
    if (skip(item)) continue;
    const values = byKey.get(item.key);
    if (!values) throw new Error(`报表定义错误：${item.key} 的合计项无法计算`);
    lines.push({ lineNo: number, key: item.key, label: item.label, indent: item.indent ?? 0, kind, values, accounts: item.codes ?? [] });
  }
  return { lines, byKey, next: lineNo };
}

const sumNet = (rolled: Map<string, Movement>, codes: string[], f: (m: Movement) => number) =>
  codes.reduce((t, c) => t + (rolled.has(c) ? f(rolled.get(c)!) : 0), 0);

/** 工会01表 资产负债表 at the end of a month (annual: 年末余额 at year end, without 零余额账户用款额度). */
export async function statement01(db: Executor, input: { setId: number; year: number; month: number; annual?: boolean }): Promise<Statement01> {
  const set = await loadSet(db, input.setId);
  const annual = Boolean(input.annual);
  const rolled = rollUp(await movements(db, input.setId, input.year, input.month, input.month));
  const pendingOpen = await pendingCarry(db, input.setId, input.year, 0);
  const pendingClose = await pendingCarry(db, input.setId, input.year, input.month);
  const includesUnclosed = Object.values(pendingClose).some((x) => x !== 0);
  // Column 0: 年初余额 (month 0); column 1: 期末余额 (end of the month).
  const value = (item: Item, col: number) => {
    const net = sumNet(rolled, item.codes ?? [], (m) => (col === 0 ? m.yearOpening : m.opening + m.debit - m.credit));
    let v = item.sign === 'credit' ? -net : net;
    if (item.pending) v += (col === 0 ? pendingOpen : pendingClose)[item.pending];
    return v;
  };
  const skip = (item: Item) => Boolean(annual && item.interimOnly);
  const left = evaluate(ASSETS, 2, 1, value, skip);
  const right = evaluate(LIABILITIES, 2, left.next, value, skip);
  const a = left.byKey.get('assetsTotal')!;
  const l = right.byKey.get('totalLiabilitiesNetAssets')!;
  return {
    tableNo: '工会01表',
    title: '资产负债表',
    setId: set.id,
    setName: set.name,
    orgName: await orgNameOf(db, set.unit_id),
    year: input.year,
    month: input.month,
    annual,
    periodLabel: annual ? `${input.year}年12月31日` : periodLabel(input.year, input.month, false),
    unitLabel: '单位：元',
    columns: ['年初余额', annual ? '年末余额' : '期末余额'],
    assets: left.lines,
    liabilitiesAndNetAssets: right.lines,
    balanced: a[0] === l[0] && a[1] === l[1],
    includesUnclosed,
  };
}

/** Income/expense movements of a range, without year-end closing entries, rolled up to level one. */
async function ordinary(db: Executor, setId: number, year: number, from: number, to: number) {
  const m = rollUp(await movements(db, setId, year, from, to));
  return {
    /** 贷 − 借 of the range without closing entries. */
    credit: (code: string) => {
      const x = m.get(code);
      return x ? x.credit - x.closeCredit - (x.debit - x.closeDebit) : 0;
    },
    /** Year opening and range-end balance (借 − 贷). */
    yearOpening: (code: string) => m.get(code)?.yearOpening ?? 0,
    closing: (code: string) => {
      const x = m.get(code);
      return x ? x.opening + x.debit - x.credit : 0;
    },
  };
}

/** 工会02表 收入支出表 for a month (本月数, 本年累计数) or the year (本年数, 上年数). */
export async function statement02(db: Executor, input: { setId: number; year: number; month: number; annual?: boolean }): Promise<Statement02> {
  const set = await loadSet(db, input.setId);
  const annual = Boolean(input.annual);
  const { year, month } = input;
  // Two columns: monthly [本月, 1..M of this year]; annual [1..12 of this year, 1..12 of last year].
  const cols = annual
    ? [
        { year, from: 1, to: 12 },
        { year: year - 1, from: 1, to: 12 },
      ]
    : [
        { year, from: month, to: month },
        { year, from: 1, to: month },
      ];
  const hasYear = (y: number) => y >= set.start_year && y <= set.current_year;
  const data = await Promise.all(cols.map((c) => (hasYear(c.year) ? ordinary(db, set.id, c.year, c.from, c.to) : null)));
  // What closing would carry is shown only in the annual 年末资金结转结余 rows.
  const pendings = annual ? await Promise.all(cols.map((c) => (hasYear(c.year) ? pendingCarry(db, set.id, c.year, c.to) : null))) : cols.map(() => null);

  const items: Item[] = [
    { key: 'openingTotal', label: '一、年初资金结转结余', kind: 'total', sum: [['openingCarry', 1], ['openingSurplus', 1]], annualOnly: true },
    { key: 'openingCarry', label: '（一）年初资金结转', codes: ['321', '331'], indent: 1, annualOnly: true },
    { key: 'openingSurplus', label: '（二）年初资金结余', codes: ['322', '332'], indent: 1, annualOnly: true },
    { key: 'adjustment', label: '二、资金结转结余调整及变动', codes: ADJUSTMENT_CODES },
    { key: 'incomeTotal', label: '三、收入合计', kind: 'total', sum: INCOME.map(([k]) => [k, 1] as [string, 1]) },
    ...INCOME.map(([key, label, code]): Item => ({ key, label, codes: [code], indent: 1 })),
    { key: 'expenseTotal', label: '四、支出合计', kind: 'total', sum: EXPENSE.map(([k]) => [k, 1] as [string, 1]) },
    ...EXPENSE.map(([key, label, code]): Item => ({ key, label, codes: [code], sign: 'debit', indent: 1 })),
    { key: 'difference', label: '五、本期收支差额', kind: 'total', sum: [['incomeTotal', 1], ['expenseTotal', -1]] },
    { key: 'closingTotal', label: '六、年末资金结转结余', kind: 'total', sum: [['closingCarry', 1], ['closingSurplus', 1]], annualOnly: true },
    { key: 'closingCarry', label: '（一）年末资金结转', codes: ['321', '331'], indent: 1, annualOnly: true },
    { key: 'closingSurplus', label: '（二）年末资金结余', codes: ['322', '332'], indent: 1, annualOnly: true },
  ];
  const value = (item: Item, col: number): number | null => {
    const d = data[col];
    if (!d) return null;
    if (item.annualOnly && !annual) return null;
    const codes = item.codes ?? [];
    if (item.key === 'openingCarry' || item.key === 'openingSurplus') return -codes.reduce((t, c) => t + d.yearOpening(c), 0);
    if (item.key === 'closingCarry' || item.key === 'closingSurplus') {
      const p = pendings[col]!;
      const pending = item.key === 'closingCarry' ? p['32103'] + p['33103'] : p['32203'];
      return -codes.reduce((t, c) => t + d.closing(c), 0) + pending;
    }
    const credit = codes.reduce((t, c) => t + d.credit(c), 0);
    return item.sign === 'debit' ? -credit : credit;
  };
  const { lines } = evaluate(items, 2, 1, value, () => false);
  if (!annual) for (const l of lines) if (items.find((i) => i.key === l.key)?.annualOnly) l.values = [null, null];
  return {
    tableNo: '工会02表',
    title: '收入支出表',
    setId: set.id,
    setName: set.name,
    orgName: await orgNameOf(db, set.unit_id),
    year,
    month,
    annual,
    periodLabel: periodLabel(year, month, annual),
    unitLabel: '单位：元',
    columns: annual ? ['本年数', '上年数'] : ['本月数', '本年累计数'],
    rows: lines,
  };
}
