// 经费收缴: what is due and how a collected amount is split between the levels. Plain TypeScript shared
// by the core and the renderer. All amounts are integer fen; rates are basis points (1 bp = 0.01%).
//
// Rounding rule (no lost fen): each level's exact share amount × share / 10000 is floored, and the fen
// left over (fewer than the number of levels) go one each to the levels with the largest remainders,
// ties in the order 基层 → 县 → 市 → 省 → 全总. The handling fee is rounded half up and is borne by the
// county's share (at most the county's share). So the parts always add up to the whole.

export const COLLECTION_KINDS = ['经费', '筹备金'] as const;
export type CollectionKind = (typeof COLLECTION_KINDS)[number];

export const CHANNELS = ['税务代征', '自主拨缴', '财政划拨'] as const;

export const REFUND_STATUSES = ['待转账', '已转账', '转账失败', '已重发'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const FLAG_KINDS = ['应缴未缴', '少缴', '申报不实'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
export const FLAG_STATUSES = ['待跟进', '跟进中', '已解决'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const FOLLOWUP_ACTIONS = ['已联系', '单位已说明', '已补缴', '移交税务机关', '申请支付令', '其他'] as const;

export const REFERENCE_SOURCES = ['企业所得税', '社保'] as const;
export type ReferenceSource = (typeof REFERENCE_SOURCES)[number];

export const IMPORT_TARGETS = ['收缴', '参考工资'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

/** The fields a column-mapping profile maps file headers to, per import target. */
export const IMPORT_FIELDS: Record<ImportTarget, ReadonlyArray<{ key: string; label: string; required: boolean; guesses: readonly string[] }>> = {
  收缴: [
    { key: 'payerName', label: '缴费人名称', required: true, guesses: ['纳税人名称', '缴费人名称', '缴费单位', '单位名称'] },
    { key: 'creditCode', label: '统一社会信用代码', required: false, guesses: ['纳税人识别号', '统一社会信用代码', '社会信用代码', '识别号'] },
    { key: 'taxVoucherNo', label: '税票号码', required: true, guesses: ['税票号码', '电子税票号码', '票证号码', '完税凭证号'] },
    { key: 'period', label: '所属期', required: true, guesses: ['所属期', '税款所属期', '所属期起', '费款所属期'] },
    { key: 'paidOn', label: '入库日期', required: true, guesses: ['入库日期', '缴款日期', '实缴日期', '开票日期'] },
    { key: 'amount', label: '实缴金额（元）', required: true, guesses: ['实缴金额', '实缴金额（元）', '金额', '实缴（退）金额'] },
    { key: 'declaredBase', label: '计费依据（工资总额，元）', required: false, guesses: ['计税依据', '计费依据', '工资总额', '计征依据'] },
    { key: 'kind', label: '征收品目', required: false, guesses: ['征收品目', '品目', '征收项目'] },
  ],
  参考工资: [
    { key: 'payerName', label: '单位名称', required: true, guesses: ['纳税人名称', '单位名称', '缴费人名称'] },
    { key: 'creditCode', label: '统一社会信用代码', required: false, guesses: ['纳税人识别号', '统一社会信用代码', '社会信用代码'] },
    { key: 'year', label: '年度', required: true, guesses: ['年度', '所属年度', '税款所属年度'] },
    { key: 'wage', label: '工资薪金（元）', required: true, guesses: ['工资薪金支出', '工资薪金', '缴费工资基数', '社保缴费基数', '工资总额'] },
    { key: 'staffCount', label: '人数', required: false, guesses: ['人数', '职工人数', '参保人数'] },
  ],
};

export interface SplitRule {
  rateBp: number;
  grassrootsBp: number;
  countyBp: number;
  cityBp: number;
  provinceBp: number;
  nationalBp: number;
  feeBp: number;
  smallMicroRefundBp: number;
}

export interface SplitParts {
  grassroots: number;
  county: number;
  city: number;
  province: number;
  national: number;
  fee: number;
  held: number;
  /** What is to be returned to the grassroots union (返还): its part, unless the amount is held. */
  refundDue: number;
}

/** Rounds a non-negative product a × b / d half up, in integers (BigInt so nothing overflows). */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const dd = BigInt(d);
  return Number((n * 2n + dd) / (2n * dd));
}

/**
 * Splits `amountFen` by `rule`. `held`: 筹备金 of an employer without a union — kept whole until a union
 * is founded. `smallMicro`: a 小微 employer under a refund regime; the regime's share of the upper levels'
 * part is returned to the grassroots union (100% → the whole amount goes back).
 */
export function splitAmount(amountFen: number, rule: SplitRule, opts: { held?: boolean; smallMicro?: boolean } = {}): SplitParts {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new Error(`金额无效：${amountFen}`);
  if (opts.held) return { grassroots: 0, county: 0, city: 0, province: 0, national: 0, fee: 0, held: amountFen, refundDue: 0 };
  const r = opts.smallMicro ? rule.smallMicroRefundBp : 0;
  const UP = 10000 - r;
  // Shares in units of 1/10^8.
  const shares = [
    rule.grassrootsBp * 10000 + r * (10000 - rule.grassrootsBp),
    rule.countyBp * UP,
    rule.cityBp * UP,
    rule.provinceBp * UP,
    rule.nationalBp * UP,
  ];
  const total = 100_000_000n;
  const amt = BigInt(amountFen);
  const floors = shares.map((s) => (amt * BigInt(s)) / total);
  const rems = shares.map((s, i) => amt * BigInt(s) - floors[i] * total);
  let left = Number(amt - floors.reduce((a, b) => a + b, 0n));
  const order = [0, 1, 2, 3, 4].sort((a, b) => (rems[b] > rems[a] ? 1 : rems[b] < rems[a] ? -1 : a - b));
  const parts = floors.map(Number);
  for (const i of order) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  const fee = Math.min(mulDivHalfUp(amountFen, rule.feeBp, 10000), parts[1]);
  return {
    grassroots: parts[0],
    county: parts[1] - fee,
    city: parts[2],
    province: parts[3],
    national: parts[4],
    fee,
    held: 0,
    refundDue: parts[0],
  };
}

/** What is due for one month on a payroll base: base × rate, rounded half up to the fen. */
export function dueFor(baseFen: number, rateBp: number): number {
  return mulDivHalfUp(baseFen, rateBp, 10000);
}

/** Text of a basis-point rate as a percentage, e.g. 6000 → 60%, 250 → 2.5%. */
export function bpText(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
