// The demo county (演示县): the federation with its departments, township/street and industry
// federations, work stations and about 150 grassroots unions, plus one user per role. Used by the
// first-run "打开演示数据" button and `cli demo`. Deterministic: a seeded PRNG, no Math.random; only the
// clock (created_at, fiscal year, the latest founding dates) depends on `now`.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { bulkInsert, type Row } from '../../db/bulk';
import { setSetting, SETTING, APP_ID } from '../../settings';
import { writeAudit, type Actor } from '../audit/log';
import { createUser } from '../users/service';
import { makeCreditCode } from '../../../../shared/validate/creditCode';
import { formatUnitCode, type UnitKind } from '../../../../shared/units';
import type { RoleCode } from '../../../../shared/roles';
import { loadBudgetDemo } from '../budget/demo';
import { loadLedgerDemo } from '../ledger/demo';
import { loadExpenseDemo } from '../expense/demo';
import { loadCollectionDemo } from '../collection/demo';
import { loadOversightDemo } from '../oversight/demo';
import { loadAssessmentDemo } from '../assessment/demo';

export const DEMO_PASSWORD = 'Demo2026';
export const DEMO_ORG_NAME = '演示县总工会';
/** A region code no real county uses. */
const REGION = '350199';
const COUNTY = '演示县';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: RoleCode[];
  title: string;
}

/** One user per role (so no separation-of-duties rule is broken); all share DEMO_PASSWORD. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: '周建华', roles: ['系统管理员'], title: '信息管理员' },
  { username: 'jingban', displayName: '李晓燕', roles: ['经办人'], title: '组织部干事' },
  { username: 'bumen', displayName: '陈志强', roles: ['部门负责人'], title: '组织部部长' },
  { username: 'fenguan', displayName: '黄丽萍', roles: ['分管领导'], title: '副主席' },
  { username: 'caiwu', displayName: '林海峰', roles: ['财务部门'], title: '财务部部长' },
  { username: 'bangong', displayName: '吴敏', roles: ['办公室'], title: '办公室主任' },
  { username: 'fgcaiwu', displayName: '郑国栋', roles: ['分管财务副主席'], title: '副主席' },
  { username: 'chuna', displayName: '王雪梅', roles: ['出纳'], title: '出纳' },
  { username: 'kuaiji', displayName: '张文静', roles: ['会计'], title: '会计' },
  { username: 'changwu', displayName: '刘建军', roles: ['常务副主席'], title: '常务副主席' },
  { username: 'zhuxi', displayName: '杨立新', roles: ['主席'], title: '主席' },
  { username: 'jingshen', displayName: '许秀英', roles: ['经审会主任'], title: '经费审查委员会主任' },
  { username: 'jswy', displayName: '何志明', roles: ['经审会委员'], title: '经费审查委员会委员' },
  { username: 'changwei', displayName: '郭春兰', roles: ['常委会'], title: '常委' },
  { username: 'shenyue', displayName: '马俊', roles: ['只读审阅'], title: '年度审查人员' },
];

/** The department each demo user belongs to (none: the federation itself). */
const USER_DEPARTMENT: Record<string, string> = {
  admin: '办公室',
  jingban: '组织部',
  bumen: '组织部',
  caiwu: '财务部',
  bangong: '办公室',
  chuna: '财务部',
  kuaiji: '财务部',
  jingshen: '经费审查委员会办公室',
  jswy: '经费审查委员会办公室',
};

const DEMO_ACTOR: Actor = { userId: null, username: '（演示数据）', role: '系统管理员' };

// ── PRNG ────────────────────────────────────────────────────────────────────────────────────────────

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next = mulberry32(20260315);
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
  digits(n: number): string {
    let s = String(this.int(1, 9));
    while (s.length < n) s += String(this.int(0, 9));
    return s;
  }
}

// ── name pools ──────────────────────────────────────────────────────────────────────────────────────

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = [
  '建国', '建华', '国强', '志刚', '秀英', '桂英', '丽华', '海燕', '伟', '敏', '静', '磊', '洋', '勇', '军', '杰', '娟', '涛', '明',
  '超', '霞', '平', '刚', '辉', '玲', '芳', '红梅', '春生', '秋菊', '金凤', '德明', '文华', '晓东', '晓红', '立军', '卫东',
  '振华', '玉兰', '淑珍', '新民', '永强', '宏伟', '雪莲', '俊峰', '艳', '亮', '斌', '婷', '鹏', '慧',
];
const TOWNS = [
  ['城关镇', '乡镇'], ['东山镇', '乡镇'], ['西河镇', '乡镇'], ['南坪乡', '乡镇'], ['北岭镇', '乡镇'], ['青石镇', '乡镇'],
  ['城东街道', '街道'], ['城西街道', '街道'],
] as const;
const ROADS = ['人民路', '解放路', '建设路', '工业路', '新华街', '府前路', '滨江路', '文化路', '东环路', '兴业大道', '迎宾大道', '学府路'];
const BANKS = [
  '中国工商银行演示县支行', '中国农业银行演示县支行', '中国建设银行演示县支行', '中国银行演示县支行',
  '演示县农村商业银行营业部', '中国邮政储蓄银行演示县支行',
];
const BRANDS = [
  '鑫达', '恒通', '宏远', '华盛', '金源', '永兴', '瑞丰', '天成', '盛泰', '嘉禾', '润达', '兴隆', '正和', '宏基', '隆鑫',
  '众诚', '广源', '聚力', '博远', '新亚', '鼎盛', '汇丰', '安泰', '信诚', '锦程', '荣盛', '振华', '同力', '方圆', '百川',
  '海纳', '凯旋', '星辰', '腾飞', '明珠', '立信', '祥和', '康达', '华瑞', '绿源', '春晖', '晨光', '德隆', '万丰', '佳美',
];

type Placement = 'town' | '建筑' | '物流' | '餐饮' | '开发区' | '商贸街区' | '电商园';
/** [trade, short trade, placement, typical size range]. */
const TRADES: readonly (readonly [string, string, Placement, number, number])[] = [
  ['机械制造', '机械', '开发区', 30, 600], ['电子科技', '电子', '开发区', 40, 900], ['新材料科技', '新材料', '开发区', 20, 400],
  ['食品', '食品', 'town', 15, 300], ['纺织', '纺织', 'town', 30, 800], ['服装', '服装', 'town', 20, 500],
  ['新型建材', '建材', 'town', 15, 200], ['家具', '家具', 'town', 10, 250], ['茶业', '茶业', 'town', 8, 120],
  ['竹木制品', '竹木', 'town', 8, 150], ['农业开发', '农业', 'town', 8, 80], ['印刷包装', '包装', '开发区', 15, 200],
  ['建筑工程', '建筑', '建筑', 30, 500], ['装饰工程', '装饰', '建筑', 10, 120], ['路桥工程', '路桥', '建筑', 40, 400],
  ['物流', '物流', '物流', 10, 300], ['快递服务', '快递', '物流', 10, 150], ['运输', '运输', '物流', 10, 200],
  ['餐饮管理', '餐饮', '餐饮', 8, 150], ['酒店管理', '酒店', '餐饮', 15, 200],
  ['商贸', '商贸', '商贸街区', 5, 80], ['百货', '百货', '商贸街区', 10, 200], ['医药连锁', '医药', '商贸街区', 10, 150],
  ['电子商务', '电商', '电商园', 5, 120], ['网络科技', '网络', '电商园', 5, 100],
];
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司'];

const AGENCIES = [
  '县委办公室', '县政府办公室', '县人大常委会机关', '县政协机关', '县纪委监委机关', '县委组织部', '县委宣传部', '人民法院',
  '人民检察院', '公安局', '财政局', '教育局', '发展和改革局', '民政局', '人力资源和社会保障局', '自然资源局',
  '住房和城乡建设局', '交通运输局', '农业农村局', '卫生健康局',
];
const COUNTY_INSTITUTIONS: readonly (readonly [string, number, number])[] = [
  ['人民医院', 520, 760], ['中医院', 260, 380], ['妇幼保健院', 90, 150], ['疾病预防控制中心', 40, 70],
  ['第一中学', 150, 220], ['第二中学', 110, 170], ['实验小学', 90, 140], ['职业中专学校', 70, 110],
  ['融媒体中心', 45, 80], ['图书馆', 15, 30], ['文化馆', 15, 30], ['农业技术推广中心', 25, 50],
];
const TOWN_INSTITUTIONS: readonly (readonly [string, number, number])[] = [
  ['中心小学', 35, 80], ['卫生院', 25, 60], ['初级中学', 40, 90],
];
const SOCIAL_ORGS: readonly (readonly [string, '51' | '52', Placement | 'county'])[] = [
  ['建筑业协会', '51', '建筑'], ['物流协会', '51', '物流'], ['餐饮行业协会', '51', '餐饮'], ['个体劳动者协会', '51', 'county'],
  ['家政服务业协会', '51', 'county'], ['福建商会', '51', 'county'], ['阳光养老院', '52', 'county'],
  ['启明民办幼儿园', '52', 'county'], ['新航培训学校', '52', 'county'], ['同心社会工作服务中心', '52', 'county'],
];
const STATE_OWNED: readonly (readonly [string, Placement | 'county'])[] = [
  ['城市建设投资集团有限公司', 'county'], ['国有资产投资经营有限公司', 'county'], ['自来水有限公司', 'county'],
  ['公共交通有限公司', '物流'], ['粮食购销有限公司', 'county'], ['交通建设投资有限公司', '建筑'],
  ['文化旅游发展有限公司', 'county'], ['农村商业银行股份有限公司', 'county'], ['燃气有限公司', 'county'],
  ['水利投资有限公司', 'county'], ['供销合作社联合社', 'county'], ['宾馆有限公司', '餐饮'],
];

// ── building ────────────────────────────────────────────────────────────────────────────────────────

interface NewUnit {
  name: string;
  short_name: string | null;
  kind: UnitKind;
  org_type: string | null;
  ownership: string | null;
  credit_code: string | null;
  union_credit_code: string | null;
  union_founded_on: string | null;
  union_status: string | null;
  chair: string | null;
  member_count: number | null;
  staff_count: number | null;
  payroll_base_fen: number | null;
  bank_name: string | null;
  bank_account: string | null;
  contact_person: string | null;
  contact_phone: string | null;
  address: string | null;
  notes: string | null;
}

const EMPTY: Omit<NewUnit, 'name' | 'kind'> = {
  short_name: null, org_type: null, ownership: null, credit_code: null, union_credit_code: null, union_founded_on: null,
  union_status: null, chair: null, member_count: null, staff_count: null, payroll_base_fen: null, bank_name: null,
  bank_account: null, contact_person: null, contact_phone: null, address: null, notes: null,
};

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

class Maker {
  readonly rng = new Rng();
  private readonly bodies = new Set<string>();
  private readonly names = new Set<string>();

  person(): string {
    for (;;) {
      const n = this.rng.pick([...SURNAMES]) + this.rng.pick(GIVEN);
      if (!this.names.has(n)) {
        this.names.add(n);
        return n;
      }
    }
  }

  phone(): string {
    return `1${this.rng.pick(['38', '39', '58', '59', '87', '88', '35', '36'])}${this.rng.digits(8)}`;
  }

  /** A valid code: registration prefix, the demo region, a unique organisation-code body. */
  creditCode(prefix: string): string {
    for (;;) {
      let body = prefix.startsWith('9') && this.rng.chance(0.8) ? 'MA' : '';
      while (body.length < 8) body += body.length < 2 && !body ? String(this.rng.int(1, 9)) : this.rng.pick([...CODE_ALPHABET]);
      if (this.bodies.has(body)) continue;
      this.bodies.add(body);
      return makeCreditCode(prefix, REGION, body);
    }
  }

  bank(): { bank_name: string; bank_account: string } {
    return { bank_name: this.rng.pick(BANKS), bank_account: this.rng.digits(19) };
  }

  address(town: string): string {
    return `${COUNTY}${town}${this.rng.pick(ROADS)}${this.rng.int(1, 288)}号`;
  }

  date(fromYear: number, toYear: number): string {
    const y = this.rng.int(fromYear, toYear);
    const m = this.rng.int(1, 12);
    const d = this.rng.int(1, 28);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
}

type GrassrootsSpec = {
  name: string;
  short: string | null;
  type: '企业' | '机关' | '事业单位' | '社会组织';
  ownership: '国有' | '非公' | null;
  prefix: string;
  place: Placement | 'county' | string;
  town: string;
  staff: number;
  wage: [number, number];
  status: [number, number, number];
};

export async function loadDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const m = new Maker();
  const rng = m.rng;
  const iso = now.toISOString();
  const year = now.getFullYear();
  let insertedUnits = 0;

  const insertOne = async (u: NewUnit, code: string, parentId: number | null): Promise<number> => {
    const { id } = await trx
      .insertInto('unit')
      .values({ ...u, code, parent_id: parentId, active: 1, created_at: iso, updated_at: iso })
      .returning('id')
      .executeTakeFirstOrThrow();
    insertedUnits++;
    return id;
  };

  // The federation, set up as the first-run setup would.
  const fedCode = makeCreditCode('81', REGION, '50000001');
  const fedId = await insertOne(
    {
      ...EMPTY,
      name: DEMO_ORG_NAME,
      short_name: '县总工会',
      kind: '总工会',
      org_type: '县级',
      credit_code: fedCode,
      union_credit_code: fedCode,
      union_founded_on: '1951-05-01',
      union_status: '已建会',
      chair: '杨立新',
      bank_name: '中国工商银行演示县支行',
      bank_account: '1406021209000018866',
      contact_person: '吴敏',
      contact_phone: '0591-22801234',
      address: `${COUNTY}城关镇人民路1号`,
    },
    'ORG',
    null,
  );
  await setSetting(trx, SETTING.appId, APP_ID, now);
  await setSetting(trx, SETTING.orgUnitId, fedId, now);
  await setSetting(trx, SETTING.orgLevel, '县级', now);
  await setSetting(trx, SETTING.fiscalYear, year, now);
  await setSetting(trx, SETTING.demo, true, now);
  await writeAudit(trx, now, DEMO_ACTOR, {
    module: '系统设置',
    action: '载入演示数据',
    targetType: '单位',
    targetId: fedId,
    summary: `载入演示数据：${DEMO_ORG_NAME}（县级，${year} 年度）`,
    after: { orgName: DEMO_ORG_NAME, creditCode: fedCode, level: '县级', fiscalYear: year, demo: true },
  });

  const counters = new Map<UnitKind, number>();
  const nextCode = (kind: UnitKind) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return formatUnitCode(kind, n);
  };

  // Departments.
  const departments = new Map<string, number>();
  for (const name of ['办公室', '财务部', '组织部', '权益保障部', '经费审查委员会办公室']) {
    const id = await insertOne({ ...EMPTY, name, kind: '内设部门', contact_person: m.person(), contact_phone: `0591-2280${rng.int(1000, 9999)}` }, nextCode('内设部门'), fedId);
    departments.set(name, id);
  }

  // Township and street federations, industry federations, work stations.
  const federation = async (name: string, type: string, parentId: number, town: string, short: string | null) => {
    const code = m.creditCode('81');
    return insertOne(
      {
        ...EMPTY,
        name,
        short_name: short,
        kind: '工会联合会',
        org_type: type,
        credit_code: code,
        union_credit_code: code,
        union_founded_on: m.date(1984, 2012),
        union_status: '已建会',
        chair: m.person(),
        ...m.bank(),
        contact_person: m.person(),
        contact_phone: m.phone(),
        address: m.address(town),
      },
      nextCode('工会联合会'),
      parentId,
    );
  };
  const towns = new Map<string, number>();
  for (const [town, type] of TOWNS) towns.set(town, await federation(`${town}总工会`, type, fedId, town, null));
  const industries = new Map<Placement, number>([
    ['建筑', await federation(`${COUNTY}建筑业工会联合会`, '行业', fedId, '城关镇', '建筑业工联会')],
    ['物流', await federation(`${COUNTY}物流快递行业工会联合会`, '行业', fedId, '城东街道', '物流快递工联会')],
    ['餐饮', await federation(`${COUNTY}餐饮住宿业工会联合会`, '行业', fedId, '城西街道', '餐饮住宿工联会')],
  ]);
  const station = async (name: string, parentId: number, town: string) =>
    insertOne(
      { ...EMPTY, name, kind: '工作站', org_type: '区域', chair: m.person(), contact_person: m.person(), contact_phone: m.phone(), address: m.address(town) },
      nextCode('工作站'),
      parentId,
    );
  const stations = new Map<Placement, number>([
    ['开发区', await station(`${COUNTY}经济开发区工会工作站`, fedId, '城关镇')],
    ['商贸街区', await station('城东商贸街区工会工作站', towns.get('城东街道')!, '城东街道')],
    ['电商园', await station('电子商务产业园工会工作站', towns.get('城关镇')!, '城关镇')],
  ]);

  // Grassroots unions: public bodies first, then social organisations and enterprises.
  const specs: GrassrootsSpec[] = [];
  const townNames = TOWNS.map(([t]) => t);
  for (const a of AGENCIES) {
    specs.push({
      name: a.startsWith('县') ? `演示${a}` : `${COUNTY}${a}`,
      short: null, type: '机关', ownership: null, prefix: '11', place: 'county', town: '城关镇',
      staff: rng.int(14, 95), wage: [7200, 10500], status: [1, 0, 0],
    });
  }
  for (const [n, lo, hi] of COUNTY_INSTITUTIONS) {
    specs.push({
      name: `${COUNTY}${n}`, short: null, type: '事业单位', ownership: null, prefix: '12', place: 'county', town: '城关镇',
      staff: rng.int(lo, hi), wage: [6200, 9800], status: [1, 0, 0],
    });
  }
  for (const town of townNames.slice(0, 6)) {
    for (const [n, lo, hi] of TOWN_INSTITUTIONS) {
      if (specs.filter((s) => s.type === '事业单位').length >= 25) break;
      specs.push({
        name: `${COUNTY}${town}${n}`, short: null, type: '事业单位', ownership: null, prefix: '12', place: town, town,
        staff: rng.int(lo, hi), wage: [5800, 8800], status: [1, 0, 0],
      });
    }
  }
  for (const [n, prefix, place] of SOCIAL_ORGS) {
    specs.push({
      name: `${COUNTY}${n}`, short: null, type: '社会组织', ownership: null, prefix, place, town: '城关镇',
      staff: rng.int(5, 40), wage: [3200, 5800], status: [0.7, 0.2, 0.1],
    });
  }
  for (const [n, place] of STATE_OWNED) {
    specs.push({
      name: `${COUNTY}${n}`, short: null, type: '企业', ownership: '国有', prefix: '91', place, town: '城关镇',
      staff: Math.round(rng.logUniform(40, 600)), wage: [6000, 11000], status: [1, 0, 0],
    });
  }
  const used = new Set(specs.map((s) => s.name));
  while (specs.length < 150) {
    const [trade, short, place, lo, hi] = rng.pick(TRADES);
    const brand = rng.pick(BRANDS);
    const name = `${COUNTY}${brand}${trade}${rng.pick(SUFFIXES)}`;
    if (used.has(name) || [...used].some((u) => u.startsWith(`${COUNTY}${brand}${trade}`))) continue;
    used.add(name);
    const town = place === 'town' ? rng.pick(townNames) : place === '商贸街区' ? '城东街道' : '城关镇';
    specs.push({
      name, short: `${brand}${short}`, type: '企业', ownership: '非公', prefix: '91', place, town,
      staff: Math.round(rng.logUniform(lo, hi)), wage: [3800, 8500], status: [0.82, 0.11, 0.07],
    });
  }

  const parentOf = (s: GrassrootsSpec): number => {
    if (s.place === 'county') return fedId;
    if (towns.has(s.place)) return towns.get(s.place)!;
    if (s.place === 'town') return towns.get(s.town)!;
    return industries.get(s.place as Placement) ?? stations.get(s.place as Placement) ?? fedId;
  };

  const rows: Row[] = specs.map((s) => {
    const r = rng.next();
    const status = r < s.status[0] ? '已建会' : r < s.status[0] + s.status[1] ? '筹建中' : '未建会';
    const built = status === '已建会';
    const members = built ? Math.max(1, Math.round(s.staff * (s.ownership === '非公' || s.type === '社会组织' ? 0.6 + rng.next() * 0.38 : 0.88 + rng.next() * 0.12))) : 0;
    const wageYuan = Math.round(rng.int(s.wage[0], s.wage[1]) / 10) * 10;
    const founded = built ? (s.ownership === '非公' || s.type === '社会组织' ? m.date(2005, year - 1) : m.date(1985, 2012)) : null;
    const bank = built ? m.bank() : { bank_name: null, bank_account: null };
    return {
      code: nextCode('基层工会'),
      name: s.name,
      short_name: s.short,
      kind: '基层工会',
      org_type: s.type,
      ownership: s.ownership,
      credit_code: m.creditCode(s.prefix),
      union_credit_code: built && rng.chance(0.6) ? m.creditCode('81') : null,
      parent_id: parentOf(s),
      union_founded_on: founded,
      union_status: status,
      chair: status === '未建会' ? null : m.person(),
      member_count: members,
      staff_count: s.staff,
      payroll_base_fen: s.staff * wageYuan * 100,
      bank_name: bank.bank_name,
      bank_account: bank.bank_account,
      contact_person: m.person(),
      contact_phone: m.phone(),
      address: m.address(s.town),
      notes: status === '筹建中' ? '正在筹备建会，按月缴纳建会筹备金' : status === '未建会' ? '尚未建会，列入建会攻坚名单' : null,
      active: 1,
      created_at: iso,
      updated_at: iso,
    };
  });
  await bulkInsert(trx, 'unit', rows);
  insertedUnits += rows.length;

  const byKind = (k: UnitKind) => counters.get(k) ?? 0;
  await writeAudit(trx, now, DEMO_ACTOR, {
    module: '单位',
    action: '载入演示单位',
    targetType: '单位',
    targetId: null,
    summary: `载入演示单位 ${insertedUnits} 个：总工会 1 个、内设部门 ${byKind('内设部门')} 个、工会联合会 ${byKind('工会联合会')} 个、工作站 ${byKind('工作站')} 个、基层工会 ${byKind('基层工会')} 个`,
    after: {
      total: insertedUnits,
      内设部门: byKind('内设部门'),
      工会联合会: byKind('工会联合会'),
      工作站: byKind('工作站'),
      基层工会: byKind('基层工会'),
    },
  });

  for (const u of DEMO_USERS) {
    await createUser(trx, DEMO_ACTOR, now, {
      username: u.username,
      displayName: u.displayName,
      title: u.title,
      unitId: departments.get(USER_DEPARTMENT[u.username] ?? '') ?? fedId,
      password: DEMO_PASSWORD,
      roles: u.roles,
    });
  }

  // The later domains' demo data (each function lives beside its domain).
  await loadLedgerDemo(trx, now, year);
  await loadBudgetDemo(trx, now, year);
  await loadExpenseDemo(trx, now);
  await loadCollectionDemo(trx, now);
  await loadOversightDemo(trx, now);
  await loadAssessmentDemo(trx, now);
}
