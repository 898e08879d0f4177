// Seeded, deterministic generator of realistic county data for the benchmarks: grassroots union units
// and ledger-like rows. The same (scale | n, seed) always yields the same data, on every machine —
// no Math.random, no clock. Fast enough that 200,000 ledger rows take a small fraction of a second.
//
// The account codes follow the shape of the union chart of accounts (3-digit first-level codes,
// 5-digit sub-accounts); names here only feed the summaries and are not the application's chart.
import { makeCreditCode } from '../shared/validate/creditCode';
import type { Scale } from './lib';

// ── PRNG ────────────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a tiny 32-bit PRNG, good enough for test data and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Log-uniform in [min, max]: many small values, a long tail of large ones (like amounts). */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
  /** Picks from `[value, weight]` pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let r = this.next() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
}

// ── units ───────────────────────────────────────────────────────────────────────────────────────────

export type UnitType = '企业' | '机关' | '事业单位' | '社会组织';
export type Ownership = '国有' | '非公';

export type GeneratedUnit = {
  /** 1-based, dense: ledger rows refer to units by this id. */
  id: number;
  name: string;
  type: UnitType;
  ownership: Ownership;
  county: string;
  township: string;
  industry: string;
  member_count: number;
  staff_count: number;
  /** Monthly payroll base (工资总额) in fen. */
  payroll_base_fen: number;
  /** The employer's 统一社会信用代码 (it pays the 拨缴 dues): 91 企业, 11 机关, 12 事业单位, 51/52 社会组织. */
  credit_code: string;
};

export const UNITS_PER_SCALE: Record<Scale, number> = { county: 2_500, city: 25_000 };

const COUNTIES: readonly (readonly [string, string])[] = [
  ['清河县', '411521'], ['临川县', '411522'], ['安平县', '411523'], ['永宁县', '411524'],
  ['平山县', '411525'], ['东明县', '411526'], ['新安县', '411527'], ['长丰县', '411528'],
  ['宁陵县', '411529'], ['柘城县', '411530'],
];

const TOWN_HEADS = [
  '城关', '东关', '西关', '南关', '北关', '新集', '王庄', '李营', '张店', '刘集', '陈桥', '杨楼', '赵湾', '黄岗',
  '周口', '吴店', '孙铺', '马村', '朱集', '胡寨', '郭庄', '何营', '高桥', '林场', '罗湾', '梁集', '宋河', '郑台',
  '谢店', '韩村', '唐河', '冯集', '董庄', '萧寨', '程岗', '曹集', '袁店', '邓湾', '许营', '傅桥', '沈庄', '曾集',
];
const VILLAGES = [
  '前进', '红星', '胜利', '团结', '东风', '向阳', '和平', '光明', '幸福', '建设', '新华', '大王', '小李', '后湖',
  '沙河', '柳树', '杏花', '桃园', '枣林', '石桥', '双庙', '三里', '五里', '八里', '十字', '龙泉', '凤凰', '白马',
];
const BRANDS = [
  '宏达', '鑫源', '华盛', '金泰', '恒通', '瑞丰', '永兴', '昌盛', '德隆', '万丰', '盛世', '天成', '中原', '豫丰',
  '嘉禾', '润泽', '福源', '兴旺', '广源', '新宇', '佳美', '东方', '汇丰', '亿达', '安泰', '信诚', '博远', '鼎盛',
  '正大', '祥和', '丰源', '康达', '华瑞', '金鼎', '恒信', '通达', '宏图', '远航', '明珠', '立信', '长江', '黄河',
  '绿源', '春晖', '晨光', '锦程', '荣盛', '弘毅', '世纪', '宇通', '振华', '中天', '同力', '方圆', '诚信', '聚力',
  '百川', '海纳', '凯旋', '星辰', '银河', '腾飞', '新星', '建华', '利民', '惠民', '益民', '富民', '兴农', '绿野',
];
/** Trade word → industry section (GB/T 4754 门类). */
const TRADES: readonly (readonly [string, string])[] = [
  ['机械制造', '制造业'], ['纺织', '制造业'], ['食品', '制造业'], ['服装', '制造业'], ['电子科技', '制造业'],
  ['化工', '制造业'], ['新型建材', '制造业'], ['家具', '制造业'], ['印刷包装', '制造业'], ['面业', '制造业'],
  ['酒业', '制造业'], ['制药', '制造业'], ['塑料制品', '制造业'], ['钢结构', '制造业'], ['汽车配件', '制造业'],
  ['建筑工程', '建筑业'], ['建设工程', '建筑业'], ['装饰工程', '建筑业'], ['路桥工程', '建筑业'],
  ['商贸', '批发和零售业'], ['百货', '批发和零售业'], ['农资', '批发和零售业'], ['医药连锁', '批发和零售业'],
  ['物流', '交通运输、仓储和邮政业'], ['运输', '交通运输、仓储和邮政业'], ['仓储', '交通运输、仓储和邮政业'],
  ['餐饮管理', '住宿和餐饮业'], ['酒店管理', '住宿和餐饮业'],
  ['网络科技', '信息传输、软件和信息技术服务业'], ['信息技术', '信息传输、软件和信息技术服务业'],
  ['房地产开发', '房地产业'], ['物业服务', '房地产业'],
  ['劳务派遣', '租赁和商务服务业'], ['企业管理咨询', '租赁和商务服务业'], ['广告传媒', '租赁和商务服务业'],
  ['农业科技', '农、林、牧、渔业'], ['牧业', '农、林、牧、渔业'], ['林业', '农、林、牧、渔业'], ['种植专业合作社', '农、林、牧、渔业'],
  ['新能源', '电力、热力、燃气及水生产和供应业'], ['燃气', '电力、热力、燃气及水生产和供应业'],
  ['环保科技', '水利、环境和公共设施管理业'], ['家政服务', '居民服务、修理和其他服务业'], ['汽车维修', '居民服务、修理和其他服务业'],
];
const COMPANY_SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 60], ['有限责任公司', 25], ['股份有限公司', 10], ['集团有限公司', 5],
];
/** County-level state-owned enterprises (a few per county). */
const STATE_OWNED: readonly (readonly [string, string])[] = [
  ['城市建设投资集团有限公司', '租赁和商务服务业'], ['国有资产经营有限公司', '租赁和商务服务业'],
  ['交通投资有限公司', '交通运输、仓储和邮政业'], ['供水有限公司', '电力、热力、燃气及水生产和供应业'],
  ['粮食购销有限公司', '批发和零售业'], ['公共交通有限公司', '交通运输、仓储和邮政业'],
  ['农业发展投资有限公司', '农、林、牧、渔业'], ['水利投资有限公司', '水利、环境和公共设施管理业'],
  ['文化旅游发展有限公司', '文化、体育和娱乐业'], ['城乡供热有限公司', '电力、热力、燃气及水生产和供应业'],
  ['农村商业银行股份有限公司', '金融业'], ['融资担保有限公司', '金融业'], ['供销合作社联合社', '批发和零售业'],
  ['烟草专卖局（分公司）', '批发和零售业'], ['供电公司', '电力、热力、燃气及水生产和供应业'], ['邮政分公司', '交通运输、仓储和邮政业'],
];
const AGENCIES = [
  '县委办公室', '县政府办公室', '县人大常委会机关', '县政协机关', '县纪委监委机关', '县委组织部', '县委宣传部',
  '县委统战部', '县委政法委员会', '人民法院', '人民检察院', '公安局', '财政局', '教育局', '发展和改革委员会',
  '工业和信息化局', '民政局', '司法局', '人力资源和社会保障局', '自然资源局', '住房和城乡建设局', '交通运输局',
  '水利局', '农业农村局', '商务局', '文化广电和旅游局', '卫生健康委员会', '退役军人事务局', '应急管理局',
  '审计局', '市场监督管理局', '统计局', '医疗保障局', '林业局', '城市管理局', '信访局', '税务局', '总工会机关',
  '妇女联合会', '科学技术协会', '残疾人联合会',
];

/** 清河县 + 县委办公室 → 清河县委办公室; 清河县 + 财政局 → 清河县财政局. */
const agencyName = (county: string, agency: string) => (agency.startsWith('县') ? county.slice(0, -1) : county) + agency;
const COUNTY_INSTITUTIONS = [
  '人民医院', '中医院', '妇幼保健院', '疾病预防控制中心', '第一高级中学', '第二高级中学', '第三高级中学',
  '职业教育中心', '实验小学', '实验中学', '第一初级中学', '第二初级中学', '特殊教育学校', '融媒体中心', '图书馆',
  '文化馆', '博物馆', '档案馆', '机关事务服务中心', '政务服务中心', '公共资源交易中心', '不动产登记中心',
  '农业技术推广中心', '畜牧兽医服务中心', '水利工程管理站', '住房公积金管理中心', '社会保险中心', '就业服务中心',
];
const TOWN_INSTITUTIONS = ['中心小学', '初级中学', '中心幼儿园', '卫生院', '农业综合服务中心', '文化服务中心', '社会事务服务中心'];
const SOCIAL_ORGS: readonly (readonly [string, '51' | '52', string])[] = [
  ['个体劳动者协会', '51', '公共管理、社会保障和社会组织'], ['私营企业协会', '51', '公共管理、社会保障和社会组织'],
  ['建筑业协会', '51', '公共管理、社会保障和社会组织'], ['餐饮行业协会', '51', '公共管理、社会保障和社会组织'],
  ['物流协会', '51', '公共管理、社会保障和社会组织'], ['家政服务业协会', '51', '公共管理、社会保障和社会组织'],
  ['商会', '51', '公共管理、社会保障和社会组织'], ['养老院', '52', '卫生和社会工作'], ['民办幼儿园', '52', '教育'],
  ['培训学校', '52', '教育'], ['社会工作服务中心', '52', '卫生和社会工作'], ['康复中心', '52', '卫生和社会工作'],
];

/** Member count: most grassroots unions are small, a few are large. */
function memberCount(rng: Rng, type: UnitType): number {
  switch (type) {
    case '企业':
      return Math.round(rng.logUniform(3, rng.chance(0.05) ? 3000 : 300));
    case '机关':
      return rng.int(8, 180);
    case '事业单位':
      return Math.round(rng.logUniform(10, 1200));
    case '社会组织':
      return rng.int(3, 60);
  }
}

/** Deterministic units for a scale: 2,500 (county) or 25,000 (city, spread over ten counties). */
export function generateUnits(scale: Scale, seed: number): GeneratedUnit[] {
  const rng = new Rng(seed ^ 0x5eed_0001);
  const total = UNITS_PER_SCALE[scale];
  const counties = scale === 'county' ? COUNTIES.slice(0, 1) : COUNTIES;
  const perCounty = Math.ceil(total / counties.length);
  const units: GeneratedUnit[] = [];
  const codes = new Set<string>();

  const orgBody = () => {
    for (;;) {
      const body = String(rng.int(10_000_000, 99_999_999));
      if (!codes.has(body)) {
        codes.add(body);
        return body;
      }
    }
  };

  for (const [county, division] of counties) {
    const townCount = rng.int(12, 22);
    const towns: string[] = [];
    for (const head of TOWN_HEADS) {
      if (towns.length === townCount) break;
      if (towns.length === 0 || rng.chance(0.6)) towns.push(head + (rng.chance(0.7) ? '镇' : '乡'));
    }

    // Name pools for the public sector, finite like in a real county ([name, township]; county-level
    // bodies sit in the county seat, towns[0] = 城关); enterprises are open-ended.
    const seat = towns[0];
    const agencies: [string, string][] = [
      ...AGENCIES.map((a): [string, string] => [agencyName(county, a), seat]),
      ...towns.map((t): [string, string] => [`${county}${t}人民政府机关`, t]),
    ];
    const institutions: [string, string][] = [
      ...COUNTY_INSTITUTIONS.map((i): [string, string] => [county + i, seat]),
      ...towns.flatMap((t) => TOWN_INSTITUTIONS.map((i): [string, string] => [`${county}${t}${i}`, t])),
      ...towns.flatMap((t) => VILLAGES.slice(0, 10).map((v): [string, string] => [`${county}${t}${v}小学`, t])),
    ];
    const stateOwned = STATE_OWNED.map(([n, ind]) => [county + n, ind] as const);
    const names = new Set<string>();
    const want = Math.min(perCounty, total - units.length);
    let made = 0;

    while (made < want) {
      let township = rng.pick(towns);
      let type = rng.weighted<UnitType>([['企业', 76], ['机关', 8], ['事业单位', 12], ['社会组织', 4]]);
      let ownership: Ownership = '非公';
      let name = '';
      let industry = '';
      let authority = '91';

      if (type === '机关' && agencies.length) {
        [name, township] = agencies.splice(rng.int(0, agencies.length - 1), 1)[0];
        industry = '公共管理、社会保障和社会组织';
        ownership = '国有';
        authority = '11';
      } else if (type === '事业单位' && institutions.length) {
        [name, township] = institutions.splice(rng.int(0, institutions.length - 1), 1)[0];
        industry = /医院|卫生|保健|疾病/.test(name) ? '卫生和社会工作' : /学|幼儿园|教育/.test(name) ? '教育' : '公共管理、社会保障和社会组织';
        ownership = '国有';
        authority = '12';
      } else if (type === '社会组织') {
        const [kind, code, ind] = rng.pick(SOCIAL_ORGS);
        name = code === '51' && !kind.includes('商会') ? county + kind : `${county}${rng.pick(BRANDS)}${kind}`;
        if (kind === '商会') name = `${county}${rng.pick(['浙江', '福建', '温州', '江苏', '安徽', '湖北', '山东'])}商会`;
        industry = ind;
        authority = code;
      } else {
        type = '企业';
        if (stateOwned.length && rng.chance(0.04)) {
          const [n, ind] = stateOwned.splice(rng.int(0, stateOwned.length - 1), 1)[0];
          name = n;
          industry = ind;
          ownership = '国有';
        } else {
          const [trade, ind] = rng.pick(TRADES);
          name = `${county}${rng.pick(BRANDS)}${trade}${trade.endsWith('合作社') ? '' : rng.weighted(COMPANY_SUFFIXES)}`;
          industry = ind;
          ownership = rng.chance(0.03) ? '国有' : '非公';
        }
      }
      name += '工会';
      if (names.has(name)) continue; // a real county has no two unions of the same name
      names.add(name);

      const members = memberCount(rng, type);
      const staff = Math.max(members, Math.round(members / (0.7 + rng.next() * 0.3)));
      const monthlyWageYuan = type === '机关' || type === '事业单位' ? rng.int(4800, 8500) : rng.int(2600, 7500);
      made++;
      units.push({
        id: units.length + 1,
        name,
        type,
        ownership,
        county,
        township,
        industry,
        member_count: members,
        staff_count: staff,
        payroll_base_fen: staff * monthlyWageYuan * 100,
        credit_code: makeCreditCode(authority, division, orgBody()),
      });
    }
  }
  return units;
}

// ── ledger-like rows ────────────────────────────────────────────────────────────────────────────────

export type FundingSource = '工会资金' | '财政拨款';

/** A ledger line as later issues will store it. Money in integer fen; exactly one of debit/credit is 0. */
export type LedgerRow = {
  voucher_no: string;
  date: string;
  account_code: string;
  summary: string;
  debit_fen: number;
  credit_fen: number;
  unit_id: number;
  project_code: string | null;
  funding_source: FundingSource;
};

export const LEDGER_COLUMNS = [
  'voucher_no', 'date', 'account_code', 'summary', 'debit_fen', 'credit_fen', 'unit_id', 'project_code', 'funding_source',
] as const satisfies readonly (keyof LedgerRow)[];

/** Expense sub-accounts with what a line on them typically says. */
const EXPENSES: readonly (readonly [string, readonly string[]])[] = [
  ['50101', ['职工文体活动费用', '职工运动会器材采购', '职工书屋图书购置']],
  ['50102', ['劳动竞赛奖励', '职工技能比武费用']],
  ['50103', ['职工教育培训费', '职工学历提升补助']],
  ['50201', ['困难职工帮扶慰问', '春节送温暖慰问金', '金秋助学金']],
  ['50202', ['夏季送清凉物资', '职工疗休养费用']],
  ['50203', ['劳模慰问金', '职工互助保障费']],
  ['50301', ['劳动法律援助费用', '职工法律咨询服务费']],
  ['50302', ['劳动保护监督检查费用', '集体协商培训费']],
  ['50401', ['工会干部培训费', '会议费']],
  ['50402', ['差旅费报销', '办公用品采购', '印刷费', '邮电费']],
  ['50403', ['宣传资料印制费', '网上工会平台运维费']],
  ['505', ['购置办公电脑', '职工之家设施购置', '职工服务中心改造工程款']],
  ['506', ['补助基层工会经费', '拨付基层工会建家补助']],
  ['507', ['拨付附属单位经费']],
  ['508', ['上缴上级工会经费']],
  ['509', ['其他支出']],
];

const PROJECT_CODES = ['GH01', 'GH02', 'GH03', 'GH05', 'GH08', 'CZ01', 'CZ02', 'BZ11', 'BZ12', 'WQ03'];

/** Workdays of a calendar (= fiscal) year as YYYY-MM-DD, Monday to Friday. */
function workdays(year: number): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** An amount in fen, most often whole yuan. */
function amountFen(rng: Rng, minYuan: number, maxYuan: number): number {
  const yuan = rng.logUniform(minYuan, maxYuan);
  return rng.chance(0.7) ? Math.round(yuan) * 100 : Math.round(yuan * 100);
}

export interface LedgerOptions {
  /** Unit ids are drawn from 1..unitCount (default: county scale, 2,500). */
  unitCount?: number;
  /** Fiscal year (default 2024). */
  year?: number;
}

/**
 * `n` ledger lines grouped into balanced vouchers (debits = credits per voucher, 2–6 lines each),
 * in date order over the workdays of the fiscal year, voucher numbers `YYYYMM-NNNN` per month.
 */
export function generateLedgerRows(n: number, seed: number, options: LedgerOptions = {}): LedgerRow[] {
  const rng = new Rng(seed ^ 0x1ed9_e700);
  const unitCount = options.unitCount ?? UNITS_PER_SCALE.county;
  const year = options.year ?? 2024;
  const days = workdays(year);
  const rows: LedgerRow[] = new Array(n);
  let k = 0;
  let month = '';
  let seq = 0;

  while (k < n) {
    const remaining = n - k;
    let lines = rng.int(2, 5);
    if (remaining - lines < 2) lines = remaining;
    const date = days[Math.floor((k / n) * days.length)];
    const m = date.slice(0, 7);
    if (m !== month) {
      month = m;
      seq = 0;
    }
    const voucherNo = `${m.slice(0, 4)}${m.slice(5, 7)}-${String(++seq).padStart(4, '0')}`;
    const unitId = rng.int(1, unitCount);
    const monthNum = Number(m.slice(5, 7));
    const kind = rng.next();
    let funding: FundingSource = '工会资金';
    let project: string | null = null;

    if (kind < 0.62) {
      // Expense: debit lines on expense accounts, one credit to the bank (or cash for small sums).
      if (rng.chance(0.15)) funding = '财政拨款';
      if (rng.chance(0.55)) project = `${year}-${rng.pick(PROJECT_CODES)}`;
      let total = 0;
      let summary = '其他支出';
      for (let i = 0; i < lines - 1; i++) {
        const [code, summaries] = rng.pick(EXPENSES);
        const debit = amountFen(rng, 80, 60_000);
        total += debit;
        summary = rng.pick(summaries);
        rows[k++] = {
          voucher_no: voucherNo, date, account_code: code, summary,
          debit_fen: debit, credit_fen: 0, unit_id: unitId, project_code: project, funding_source: funding,
        };
      }
      rows[k++] = {
        voucher_no: voucherNo, date, account_code: total < 100_000 && rng.chance(0.3) ? '101' : '102',
        summary, debit_fen: 0, credit_fen: total, unit_id: unitId, project_code: project,
        funding_source: funding,
      };
    } else {
      // Income: one debit to the bank, credit lines on income accounts.
      let code: string;
      let summary: string;
      if (kind < 0.9) {
        code = rng.chance(0.5) ? '40201' : '40202';
        summary = `收${monthNum}月工会经费拨缴款`;
      } else if (kind < 0.95) {
        code = '401';
        summary = `收${monthNum}月会费`;
      } else if (kind < 0.98) {
        code = '403';
        summary = '收上级工会补助';
      } else {
        code = '404';
        summary = '收财政拨款';
        funding = '财政拨款';
        project = `${year}-${rng.pick(PROJECT_CODES)}`;
      }
      const start = k++;
      let total = 0;
      for (let i = 0; i < lines - 1; i++) {
        const credit = amountFen(rng, 200, 200_000);
        total += credit;
        rows[k++] = {
          voucher_no: voucherNo, date, account_code: code, summary, debit_fen: 0, credit_fen: credit,
          unit_id: unitId, project_code: project, funding_source: funding,
        };
      }
      rows[start] = {
        voucher_no: voucherNo, date, account_code: '102', summary, debit_fen: total, credit_fen: 0,
        unit_id: unitId, project_code: project, funding_source: funding,
      };
    }
  }
  return rows;
}
