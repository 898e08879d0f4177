// The scoring templates seeded for every year (as data; an administrator edits them per year).
// Sources: domain.md §6 and §9.2. Where domain.md says the exact items are not known (the 非公企业示范工会
// criteria, the sixth Shanghai category, the work-station rating items), the items below are EXAMPLES to
// adapt: their `example` flag is set and the template's note says so; the screens show 示例 beside them.
import type { GradeBand, RuleKey, RuleParams, ScoringMethod } from './constants';

export interface SeedItem {
  code: string;
  title: string;
  /** 考核验收内容 / 评分标准 */
  content: string;
  maxPoints: number;
  mandatory?: boolean;
  bonus?: boolean;
  /** 扣分项: negative points down to −maxPoints. */
  deduction?: boolean;
  method: ScoringMethod;
  rule?: { key: RuleKey; params: RuleParams };
  /** What evidence the unit attaches (佐证材料). */
  evidence?: string;
  example?: boolean;
}

export interface SeedCategory {
  name: string;
  example?: boolean;
  items: SeedItem[];
}

export interface SeedTemplate {
  code: string;
  name: string;
  /** The unit kinds the template is meant for (a round may still pick any units). */
  subjectKinds: string[];
  totalPoints: number;
  /** The most bonus points that count. */
  bonusCap: number;
  bands: GradeBand[];
  /** The grade a unit gets at best when it fails a mandatory (必备) item. */
  capGrade: string;
  /** Grades that receive the allocation uplift / the cut (closing the loop). */
  upliftGrades: string[];
  cutGrades: string[];
  /** Grades that earn the work-station allowance (工作站 templates). */
  allowanceGrades: string[];
  source: string;
  note: string;
  categories: SeedCategory[];
}

const manual = (code: string, title: string, content: string, maxPoints: number, extra: Partial<SeedItem> = {}): SeedItem => ({
  code,
  title,
  content,
  maxPoints,
  method: '手工评分',
  evidence: extra.evidence ?? '相关文件、记录、照片等佐证材料',
  ...extra,
});

const computed = (code: string, title: string, content: string, maxPoints: number, key: RuleKey, params: RuleParams, extra: Partial<SeedItem> = {}): SeedItem => ({
  code,
  title,
  content,
  maxPoints,
  method: '系统计算',
  rule: { key, params },
  ...extra,
});

/** Fund growth tiers of the 工会工作者绩效考核表 (domain.md §9.2): [20,∞) → 20, [10,20) → 15, [5,10) → 10, (−∞,5) → 5. */
export const FUND_GROWTH_TIERS = [
  { min: 20, max: null, points: 20 },
  { min: 10, max: 20, points: 15 },
  { min: 5, max: 10, points: 10 },
  { min: null, max: 5, points: 5 },
];

const heldOnce = (category: string, points: number): RuleParams => ({
  category,
  tiers: [
    { min: 1, max: null, points },
    { min: null, max: 1, points: 0 },
  ],
});

// ── 1. 非公企业示范工会创建表 (Shanghai Yangpu 定海路街道, 6 categories / 33 items / 100 points) ──
const E = { example: true };
const demonstration: SeedTemplate = {
  code: 'FGSF',
  name: '非公企业示范工会创建表',
  subjectKinds: ['基层工会'],
  totalPoints: 100,
  bonusCap: 0,
  bands: [
    { grade: '示范', min: 90 },
    { grade: '达标', min: 75 },
    { grade: '未达标', min: 0 },
  ],
  capGrade: '未达标',
  upliftGrades: ['示范'],
  cutGrades: ['未达标'],
  allowanceGrades: [],
  source: '上海杨浦定海路街道总工会“两表一单”（domain.md §9.2）',
  note:
    '原表为 6 大类 33 项 100 分，已知类别名称为工会组织创建、职工权益维护、民主管理、服务职工、企业发展，第六类名称及各项具体内容未见原文（domain.md §10 第 5、8 条）。以下条目为示例，请按本地文件调整。',
  categories: [
    {
      name: '工会组织创建',
      items: [
        manual('1.1', '依法建立工会组织', '按《工会法》依法建会，取得工会法人资格证书', 4, { mandatory: true, ...E }),
        manual('1.2', '工会委员会按期换届', '工会委员会、经费审查委员会按期换届，选举程序规范', 3, E),
        manual('1.3', '职工入会率', '职工入会率达到 90% 以上（含农民工、劳务派遣工）', 4, E),
        manual('1.4', '工会主席配备', '工会主席依法选举产生，配备专（兼）职工会干部', 3, E),
        manual('1.5', '会员档案管理', '会员名册、会员证管理规范，动态更新', 3, E),
        manual('1.6', '工会阵地建设', '有固定的工会办公场所和职工活动阵地', 3, E),
      ],
    },
    {
      name: '职工权益维护',
      items: [
        manual('2.1', '劳动合同签订率', '劳动合同签订率达到 95% 以上', 4, E),
        computed('2.2', '工资集体协商', '年内开展工资集体协商并签订专项集体合同', 4, 'service_held', heldOnce('工资集体协商', 4), E),
        manual('2.3', '劳动保护监督', '开展劳动安全卫生监督检查，无重大安全事故', 3, E),
        manual('2.4', '劳动争议调解', '建立劳动争议调解组织，调解及时', 3, E),
        manual('2.5', '女职工权益保护', '签订女职工权益保护专项集体合同', 3, E),
        manual('2.6', '法律宣传与援助', '开展法律宣传，为职工提供法律援助渠道', 3, E),
      ],
    },
    {
      name: '民主管理',
      items: [
        computed('3.1', '职工代表大会', '每年召开职工代表大会，审议企业重大事项', 4, 'service_held', heldOnce('职工代表大会', 4), { mandatory: true, ...E }),
        manual('3.2', '厂务公开', '厂务公开制度健全，内容真实及时', 3, E),
        manual('3.3', '职工董事监事', '按规定建立职工董事、职工监事制度（适用的企业）', 2, E),
        manual('3.4', '合理化建议', '开展合理化建议活动并有落实', 3, E),
        computed('3.5', '会员代表大会', '每年召开会员（代表）大会', 3, 'service_held', heldOnce('会员代表大会', 3), E),
      ],
    },
    {
      name: '服务职工',
      items: [
        manual('4.1', '送温暖活动', '开展四送（春送岗位、夏送清凉、金秋助学、冬送温暖）活动', 4, E),
        manual('4.2', '困难职工帮扶', '困难职工建档立卡，帮扶及时', 3, E),
        manual('4.3', '互助保障', '组织职工参加互助保障', 3, E),
        computed('4.4', '文体活动', '每年组织职工文体活动', 3, 'service_held', heldOnce('文体活动', 3), E),
        manual('4.5', '职工之家建设', '建有职工之家（职工书屋、母婴室等）并正常使用', 3, E),
        computed('4.6', '职工满意度', '服务台账满意度平均分：90 分以上 4 分，80–90 分 3 分，70–80 分 2 分，其余 0 分', 4, 'satisfaction', {
          tiers: [
            { min: 90, max: null, points: 4 },
            { min: 80, max: 90, points: 3 },
            { min: 70, max: 80, points: 2 },
            { min: null, max: 70, points: 0 },
          ],
        }, E),
      ],
    },
    {
      name: '企业发展',
      items: [
        computed('5.1', '劳动技能竞赛', '组织劳动和技能竞赛', 3, 'service_held', heldOnce('劳动技能竞赛', 3), E),
        manual('5.2', '职工技能培训', '开展职工技能培训，技能人才比例提高', 3, E),
        manual('5.3', '创新工作室', '建立劳模（职工）创新工作室或开展“五小”活动', 2, E),
        manual('5.4', '企业文化建设', '参与企业文化建设，和谐劳动关系创建', 2, E),
        manual('5.5', '产业工人队伍建设改革', '落实产改任务', 3, E),
      ],
    },
    {
      name: '工会自身建设（第六类名称未知，示例）',
      example: true,
      items: [
        manual('6.1', '按时足额拨缴工会经费', '按全部职工工资总额 2% 按时足额拨缴工会经费', 3, { mandatory: true, ...E }),
        manual('6.2', '经费独立管理', '工会经费独立建账、专款专用', 3, E),
        manual('6.3', '经费审查', '经费审查委员会按规定开展审查', 2, E),
        manual('6.4', '会费收缴', '会员按规定缴纳会费', 2, E),
        manual('6.5', '工作台账', '工作计划、总结及台账资料齐全', 2, E),
      ],
    },
  ],
};

// ── 2. 工会工作者绩效考核表 (fund growth tiers, domain.md §9.2) ──
const performance: SeedTemplate = {
  code: 'GZZJX',
  name: '工会工作者绩效考核表',
  subjectKinds: ['工会联合会', '工作站', '基层工会'],
  totalPoints: 100,
  bonusCap: 10,
  bands: [
    { grade: '优秀', min: 90 },
    { grade: '合格', min: 75 },
    { grade: '基本合格', min: 60 },
    { grade: '不合格', min: 0 },
  ],
  capGrade: '基本合格',
  upliftGrades: ['优秀'],
  cutGrades: ['不合格'],
  allowanceGrades: [],
  source: '上海杨浦“两表一单”工会工作者绩效考核表；双考核（domain.md §9.2、§9.3、§9.4）',
  note:
    '经费增长档次为原表规定（≥20% 得 20 分，10%–20% 得 15 分，5%–10% 得 10 分，5% 以下得 5 分，按左闭右开区间）。其余条目与分值为示例（社会化工会工作者等级标准未见原文，domain.md §10 第 5 条），请按本地文件调整。',
  categories: [
    {
      name: '经费收缴',
      items: [
        computed('1.1', '经费收缴增长', '本年实收拨缴经费比上年增长：≥20% 得 20 分；10%–20% 得 15 分；5%–10% 得 10 分；5% 以下得 5 分', 20, 'collection_growth', { tiers: FUND_GROWTH_TIERS }),
      ],
    },
    {
      name: '经费使用效益',
      example: true,
      items: [
        computed('2.1', '预算执行率', '实际支出占已批准预算支出：≥90% 得 15 分，80%–90% 得 12 分，60%–80% 得 8 分，其余 4 分', 15, 'budget_execution', {
          tiers: [
            { min: 90, max: null, points: 15 },
            { min: 80, max: 90, points: 12 },
            { min: 60, max: 80, points: 8 },
            { min: null, max: 60, points: 4 },
          ],
        }, E),
        computed('2.2', '经审整改完成率', '经审发现问题的整改完成率：100% 得 15 分，≥80% 得 10 分，≥50% 得 5 分，其余 0 分；无整改事项得满分', 15, 'rectification_rate', {
          tiers: [
            { min: 100, max: null, points: 15 },
            { min: 80, max: 100, points: 10 },
            { min: 50, max: 80, points: 5 },
            { min: null, max: 50, points: 0 },
          ],
        }, E),
        manual('2.3', '经费科目归集规范', '支出按科目归集规范，专款专用', 10, { mandatory: true, ...E }),
        // domain.md §9.3 经费使用效益考核 (经费审查合规度): a deduction item, as an example to adapt.
        manual('2.4', '违规使用经费', '发生违规使用经费问题，每起扣 5 分，最多扣 10 分（扣分项，无则不扣）', 10, { deduction: true, evidence: '经审意见、整改通知', ...E }),
      ],
    },
    {
      name: '队伍服务效能',
      example: true,
      items: [
        computed('3.1', '“五个一”活动', '所联系企业开展“五个一”（会员代表大会、职代会、工资集体协商、劳动技能竞赛、文体活动）每项 4 分', 20, 'five_ones', {
          tiers: [
            { min: 5, max: null, points: 20 },
            { min: 4, max: 5, points: 16 },
            { min: 3, max: 4, points: 12 },
            { min: 2, max: 3, points: 8 },
            { min: 1, max: 2, points: 4 },
            { min: null, max: 1, points: 0 },
          ],
        }, E),
        computed('3.2', '职工满意度', '服务台账满意度平均分：≥90 得 10 分，80–90 得 8 分，70–80 得 5 分，其余 0 分', 10, 'satisfaction', {
          tiers: [
            { min: 90, max: null, points: 10 },
            { min: 80, max: 90, points: 8 },
            { min: 70, max: 80, points: 5 },
            { min: null, max: 70, points: 0 },
          ],
        }, E),
        manual('3.3', '走访企业与问题解决', '按计划走访企业，反馈预期计划、具体实施、已解决和待解决的问题', 10, E),
      ],
    },
    {
      name: '加分项（按难度加权）',
      example: true,
      items: [
        manual('4.1', '新建工会组织', '新建非公企业工会，每家加 2 分', 6, { bonus: true, ...E }),
        manual('4.2', '疑难劳动关系问题化解', '化解集体劳动争议等疑难问题，视难度加 2–4 分', 4, { bonus: true, ...E }),
      ],
    },
  ],
};

// ── 3. 工作站评级表 (Jinzhou “5+N”, 100 points; allowances for chief 3,600 / deputy 3,000 元 a year) ──
const station: SeedTemplate = {
  code: 'GZZPJ',
  name: '工会工作站评级表（5+N）',
  subjectKinds: ['工作站'],
  totalPoints: 100,
  bonusCap: 0,
  bands: [
    { grade: '优秀', min: 90 },
    { grade: '良好', min: 80 },
    { grade: '合格', min: 60 },
    { grade: '不合格', min: 0 },
  ],
  capGrade: '合格',
  upliftGrades: ['优秀'],
  cutGrades: ['不合格'],
  allowanceGrades: ['优秀'],
  source: '锦州“非层级化”工作站（domain.md §9.2）',
  note: '“5+N”与百分制、评为优秀的站长每年 3,600 元、副站长每年 3,000 元岗位补贴为原文所载；评分条目与分值为示例，请按本地文件调整。',
  categories: [
    {
      name: '“5”项规定工作',
      items: [
        computed('1.1', '指导召开会员代表大会', '年内指导召开会员（代表）大会', 12, 'service_held', heldOnce('会员代表大会', 12), E),
        computed('1.2', '指导召开职工代表大会', '年内指导召开职工代表大会', 12, 'service_held', heldOnce('职工代表大会', 12), E),
        computed('1.3', '开展工资集体协商', '年内开展一轮工资集体协商', 12, 'service_held', heldOnce('工资集体协商', 12), E),
        computed('1.4', '组织劳动技能竞赛', '年内组织一次劳动和技能竞赛', 12, 'service_held', heldOnce('劳动技能竞赛', 12), E),
        computed('1.5', '开展文体活动', '年内开展一次群众性文体活动', 12, 'service_held', heldOnce('文体活动', 12), E),
      ],
    },
    {
      name: '“N”项拓展工作',
      example: true,
      items: [
        manual('2.1', '拓展工作', '结合行业、区域特点开展的其他工作（N 项），视成效评分', 20, E),
      ],
    },
    {
      name: '站务管理',
      example: true,
      items: [
        manual('3.1', '人员到位与制度', '站长、副站长、工作人员到位，工作制度健全', 10, { mandatory: true, ...E }),
        manual('3.2', '经费使用', '每站每年 30,000 元工作经费使用规范', 10, E),
      ],
    },
  ],
};

// ── 4. 职工之家建设评分表 (Luohe 100 points ≥75 合格 / ≥90 模范; Fujian 必备 items) ──
const home: SeedTemplate = {
  code: 'ZGZJ',
  name: '职工之家建设评分表',
  subjectKinds: ['基层工会'],
  totalPoints: 100,
  bonusCap: 0,
  bands: [
    { grade: '模范', min: 90 },
    { grade: '合格', min: 75 },
    { grade: '不合格', min: 0 },
  ],
  capGrade: '不合格',
  upliftGrades: ['模范'],
  cutGrades: ['不合格'],
  allowanceGrades: [],
  source: '漯河职工之家标准（100 分，≥75 合格、≥90 模范）；福建模范职工之家评分细则（必备项）（domain.md §6）',
  note: '百分制、75/90 分档与“必备项缺一即不通过”为原文所载；各条目为依据福建细则整理的示例，请按本地标准（企业、事业、机关分设）调整。',
  categories: [
    {
      name: '党政工共建',
      items: [
        manual('1.1', '共建领导小组', '成立党政工共建职工之家领导小组', 5, E),
        manual('1.2', '建家列入单位规划', '建家工作列入单位工作计划', 5, E),
        manual('1.3', '足额拨缴与会费', '行政按时足额拨缴工会经费，会员按时缴纳会费', 5, { mandatory: true, ...E }),
      ],
    },
    {
      name: '组织建设',
      items: [
        manual('2.1', '组织健全', '工会委员会、经审会、女职工委员会健全，按期换届', 10, E),
        manual('2.2', '会员发展', '应入会职工全部入会', 10, E),
      ],
    },
    {
      name: '维权',
      items: [
        manual('3.1', '集体协商', '开展集体协商，职工对集体合同满意度 ≥90%', 5, E),
        manual('3.2', '劳动合同', '劳动合同签订率 ≥95%', 4, E),
        manual('3.3', '劳动保护监督', '开展劳动保护监督检查', 3, E),
        manual('3.4', '送温暖', '开展送温暖活动', 3, E),
      ],
    },
    {
      name: '民主管理',
      items: [
        computed('4.1', '职工代表大会', '每年召开职工代表大会', 10, 'service_held', heldOnce('职工代表大会', 10), { mandatory: true, ...E }),
        manual('4.2', '厂务公开', '厂务公开制度落实', 10, E),
      ],
    },
    {
      name: '服务与活动',
      items: [
        manual('5.1', '活动阵地', '职工活动场所、职工书屋等设施完善', 10, E),
        computed('5.2', '文体活动', '年内开展文体活动', 10, 'service_held', heldOnce('文体活动', 10), E),
        manual('5.3', '会员评家', '开展“会员评家”，会员满意', 10, E),
      ],
    },
  ],
};

export const SEED_TEMPLATES: readonly SeedTemplate[] = [demonstration, performance, station, home];

/** Work-station allowances (domain.md §9.2): chief 3,600 元, deputy 3,000 元 a year, if rated high. */
export const STATION_ALLOWANCE = { chiefFen: 360_000, deputyFen: 300_000 } as const;

/** The default closing-the-loop parameters (editable on each proposal). */
export const DEFAULT_PROPOSAL_PARAMS = {
  upliftPercent: 10,
  cutPercent: 10,
  /** Rectification deadline for cut units: this month-day of the target year. */
  rectifyBy: '06-30',
  chiefFen: STATION_ALLOWANCE.chiefFen,
  deputyFen: STATION_ALLOWANCE.deputyFen,
  deputies: 1,
} as const;
