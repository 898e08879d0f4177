// The two official charts of accounts of 《工会会计制度》 (财会〔2021〕7号) as data: the grassroots chart
// (G, 24 level-one accounts) and the county-and-above chart (C, 45), with the sub-accounts the system
// prescribes (domain.md §1.2, §1.3). A set (账套) copies one chart when it is created; administrators
// may add lower-level accounts (code = parent code + 2 digits) but never change or delete these.
//
// `codeAssigned` marks sub-accounts whose names the system prescribes without codes (201's seven items,
// 161's items, 182's two items, 502's items "参照501设置"): we number them in the order given.
// `closing` says where the year-end closing carries an income or expense account (domain.md §1.4).
// Plain TypeScript: shared by the core and the renderer.

export type ChartCode = 'G' | 'C';
export type AccountType = '资产' | '负债' | '净资产' | '收入' | '支出';
export type BalanceSide = '借' | '贷';

export const CHART_NAMES: Record<ChartCode, string> = {
  G: '基层工会会计科目',
  C: '县级以上工会会计科目',
};

export const ACCOUNT_TYPES: readonly AccountType[] = ['资产', '负债', '净资产', '收入', '支出'];

/**
 * Where year-end closing carries an income/expense account's balance:
 * - `project`: 专项 (a special project, or 项目支出) → 32103 本年收支结转 (工会资金结转); otherwise → 32203.
 * - `fund`: 财政拨款 part → 33103; 工会资金 专项 → 32103; 工会资金 non-专项 → 32203 (expense accounts).
 * - `专项`: always → 32103 (40302 专项转移支付补助).
 * - `结余`: always → 32203 (401 会费收入, 40301, 411, 521).
 * - `财政`: always → 33103 (40401 财政拨款收入).
 */
export type ClosingRule = 'project' | 'fund' | '专项' | '结余' | '财政';

export interface ChartAccount {
  code: string;
  name: string;
  /** 1 for three-digit codes, 2 for five digits, 3 for seven. */
  level: number;
  parent: string | null;
  type: AccountType;
  /** Normal balance side. */
  side: BalanceSide;
  /** The charts that contain the account. */
  charts: readonly ChartCode[];
  /** The doc names the sub-account without a code; the code is ours, in the order given. */
  codeAssigned?: boolean;
  closing?: ClosingRule;
  /** Short note on the source of a sub-account, shown in the chart screen. */
  note?: string;
}

const GC: readonly ChartCode[] = ['G', 'C'];
const C: readonly ChartCode[] = ['C'];
const G: readonly ChartCode[] = ['G'];

type Top = [code: string, name: string, type: AccountType, side: BalanceSide, charts: readonly ChartCode[], closing?: ClosingRule];
type Sub = [code: string, name: string, opts?: { charts?: readonly ChartCode[]; codeAssigned?: boolean; closing?: ClosingRule; note?: string }];

const TOP: Top[] = [
  ['101', '库存现金', '资产', '借', GC],
  ['102', '银行存款', '资产', '借', GC],
  ['111', '零余额账户用款额度', '资产', '借', C],
  ['121', '财政应返还额度', '资产', '借', C],
  ['131', '应收上级经费', '资产', '借', GC],
  ['132', '应收下级经费', '资产', '借', C],
  ['135', '其他应收款', '资产', '借', GC],
  ['141', '库存物品', '资产', '借', GC],
  ['151', '投资', '资产', '借', C],
  ['161', '在建工程', '资产', '借', C],
  ['162', '固定资产', '资产', '借', GC],
  ['163', '累计折旧', '资产', '贷', GC],
  ['171', '无形资产', '资产', '借', C],
  ['172', '累计摊销', '资产', '贷', C],
  ['181', '长期待摊费用', '资产', '借', C],
  ['182', '待处理财产损溢', '资产', '借', GC],
  ['201', '应付职工薪酬', '负债', '贷', C],
  ['211', '应付上级经费', '负债', '贷', GC],
  ['212', '应付下级经费', '负债', '贷', C],
  ['215', '其他应付款', '负债', '贷', GC],
  ['221', '代管经费', '负债', '贷', C],
  ['301', '资产基金', '净资产', '贷', GC],
  ['311', '专用基金', '净资产', '贷', C],
  ['321', '工会资金结转', '净资产', '贷', GC],
  ['322', '工会资金结余', '净资产', '贷', GC],
  ['331', '财政拨款结转', '净资产', '贷', C],
  ['332', '财政拨款结余', '净资产', '贷', C],
  ['341', '预算稳定调节基金', '净资产', '贷', C],
  ['401', '会费收入', '收入', '贷', G, '结余'],
  ['402', '拨缴经费收入', '收入', '贷', GC, 'project'],
  ['403', '上级补助收入', '收入', '贷', GC, 'project'],
  ['404', '政府补助收入', '收入', '贷', C, 'project'],
  ['405', '行政补助收入', '收入', '贷', G, 'project'],
  ['406', '附属单位上缴收入', '收入', '贷', C, 'project'],
  ['407', '投资收益', '收入', '贷', C, 'project'],
  ['408', '其他收入', '收入', '贷', GC, 'project'],
  ['411', '动用预算稳定调节基金', '收入', '贷', C, '结余'],
  ['501', '职工活动支出', '支出', '借', G, 'fund'],
  ['502', '职工活动组织支出', '支出', '借', C, 'fund'],
  ['503', '职工服务支出', '支出', '借', GC, 'fund'],
  ['504', '维权支出', '支出', '借', GC, 'fund'],
  ['505', '业务支出', '支出', '借', GC, 'fund'],
  ['506', '行政支出', '支出', '借', C, 'fund'],
  ['507', '资本性支出', '支出', '借', GC, 'fund'],
  ['508', '补助下级支出', '支出', '借', C, 'fund'],
  ['509', '对附属单位的支出', '支出', '借', C, 'fund'],
  ['510', '其他支出', '支出', '借', GC, 'fund'],
  ['521', '安排预算稳定调节基金', '支出', '借', C, '结余'],
];

const ASSIGNED = { codeAssigned: true } as const;
const NAMES_501 = ['职工教育支出', '文体活动支出', '宣传活动支出', '劳模职工疗休养支出', '会员活动支出', '其他活动支出'];

/** Prescribed sub-accounts; without `charts` they belong to every chart their parent is in. */
const SUBS: Sub[] = [
  ['12101', '财政直接支付'],
  ['12102', '财政授权支付'],
  ['13101', '应收上级补助'],
  ['13102', '应收上级转拨经费'],
  ['16101', '建筑安装工程投资', ASSIGNED],
  ['1610101', '建筑工程', ASSIGNED],
  ['1610102', '安装工程', ASSIGNED],
  ['16102', '设备投资', ASSIGNED],
  ['16103', '待摊投资', ASSIGNED],
  ['16104', '其他投资', ASSIGNED],
  ['16105', '待核销基建支出', ASSIGNED],
  ['16106', '基建转出投资', ASSIGNED],
  ['16107', '预付工程款', ASSIGNED],
  ['18201', '待处理财产价值', ASSIGNED],
  ['18202', '处理净收入', ASSIGNED],
  ['20101', '基本工资', ASSIGNED],
  ['20102', '国家统一规定的津贴补贴', ASSIGNED],
  ['20103', '规范津贴补贴（绩效工资）', ASSIGNED],
  ['20104', '改革性补贴', ASSIGNED],
  ['20105', '社会保险费', ASSIGNED],
  ['20106', '住房公积金', ASSIGNED],
  ['20107', '其他个人收入', ASSIGNED],
  ['21201', '应付下级补助'],
  ['21202', '应付下级转拨经费'],
  // The grassroots chart has 库存物品 and 固定资产 only, so only their 资产基金 items.
  ['30101', '库存物品'],
  ['30102', '投资', { charts: C }],
  ['30103', '在建工程', { charts: C }],
  ['30104', '固定资产'],
  ['30105', '无形资产', { charts: C }],
  ['30106', '长期待摊费用', { charts: C }],
  ['32101', '年初余额调整'],
  ['32102', '单位内部调剂'],
  ['32103', '本年收支结转'],
  ['32104', '累计结转'],
  ['32201', '年初余额调整'],
  ['32202', '单位内部调剂'],
  ['32203', '本年收支结转'],
  ['32204', '结转转入'],
  ['32205', '累计结余'],
  ['33101', '年初余额调整'],
  ['33102', '单位内部调剂'],
  ['33103', '本年收支结转'],
  ['33104', '累计结转'],
  ['33201', '年初余额调整'],
  ['33202', '归集上缴'],
  ['33203', '单位内部调剂'],
  ['33204', '结转转入'],
  ['33205', '累计结余'],
  ['40301', '一般性转移支付补助', { closing: '结余' }],
  ['40302', '专项转移支付补助', { closing: '专项' }],
  ['40401', '财政拨款收入', { closing: '财政' }],
  ['40402', '非同级财政拨款收入'],
  ...NAMES_501.map((name, i): Sub => [`5010${i + 1}`, name]),
  ...NAMES_501.map((name, i): Sub => [`5020${i + 1}`, name, { codeAssigned: true, note: '参照“职工活动支出”设置' }]),
  ['50301', '劳动和技能竞赛活动支出'],
  ['50302', '建家活动支出'],
  ['50303', '职工创新活动支出'],
  ['50304', '职工书屋活动支出'],
  ['50305', '其他服务支出'],
  ['50401', '劳动关系协调支出'],
  ['50402', '劳动保护支出'],
  ['50403', '法律援助支出'],
  ['50404', '困难职工帮扶支出'],
  ['50405', '送温暖支出'],
  ['50406', '其他维权支出'],
  ['50501', '培训支出'],
  ['50502', '会议支出'],
  ['50503', '专项业务支出'],
  ['50504', '其他业务支出'],
  ['50601', '工资福利支出'],
  ['50602', '商品和服务支出'],
  ['50603', '对个人和家庭的补助支出'],
  ['50604', '其他行政支出'],
  ['50701', '房屋建筑物购建'],
  ['50702', '办公设备购置'],
  ['50703', '专用设备购置'],
  ['50704', '交通工具购置'],
  ['50705', '大型修缮'],
  ['50706', '信息网络购建'],
  ['50707', '其他资本性支出'],
  ['50801', '一般性转移支付补助'],
  ['50802', '专项转移支付补助'],
];

function build(): ChartAccount[] {
  const out = new Map<string, ChartAccount>();
  for (const [code, name, type, side, charts, closing] of TOP) {
    out.set(code, { code, name, level: 1, parent: null, type, side, charts, ...(closing ? { closing } : {}) });
  }
  for (const [code, name, opts = {}] of SUBS) {
    const parentCode = code.slice(0, -2);
    const parent = out.get(parentCode);
    if (!parent) throw new Error(`科目表定义错误：${code} 的上级 ${parentCode} 不存在`);
    const charts = opts.charts ?? parent.charts;
    out.set(code, {
      code,
      name,
      level: parent.level + 1,
      parent: parentCode,
      type: parent.type,
      side: parent.side,
      charts,
      ...(opts.codeAssigned ? { codeAssigned: true } : {}),
      ...((opts.closing ?? parent.closing) ? { closing: opts.closing ?? parent.closing } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    });
  }
  return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Every account of both charts, sorted by code. */
export const ALL_CHART_ACCOUNTS: readonly ChartAccount[] = build();

/** The accounts of one chart, sorted by code. */
export function chartAccounts(chart: ChartCode): ChartAccount[] {
  return ALL_CHART_ACCOUNTS.filter((a) => a.charts.includes(chart));
}

/** Level-one account of a code (its first three digits). */
export const levelOneCode = (code: string) => code.slice(0, 3);

/** The account type implied by a code's first digit. */
export function typeOfCode(code: string): AccountType {
  return (['资产', '负债', '净资产', '收入', '支出'] as const)[Number(code[0]) - 1] ?? '资产';
}

/** Accounts the year-end closing writes to (domain.md §1.4). */
export const CLOSING_ACCOUNTS = {
  /** 工会资金结转——本年收支结转 */
  unionCarry: '32103',
  unionCarryCumulative: '32104',
  /** 工会资金结余——本年收支结转 */
  unionSurplus: '32203',
  unionSurplusCumulative: '32205',
  /** 财政拨款结转——本年收支结转 */
  fiscalCarry: '33103',
  fiscalCarryCumulative: '33104',
  fiscalSurplusCumulative: '33205',
} as const;

/** Level-one net-asset accounts whose detail rolls into one 累计 sub-account at year end. */
export const ROLL_INTO: ReadonlyArray<{ parent: string; into: string }> = [
  { parent: '321', into: '32104' },
  { parent: '322', into: '32205' },
  { parent: '331', into: '33104' },
  { parent: '332', into: '33205' },
];
