// Auxiliary dimensions (辅助核算) on voucher lines, and the default rules saying which an account needs
// (domain.md §1.1 "Expense detail" and "Funding source"). The rules are rows of a table per set; these
// are only the defaults a new set starts with. Plain TypeScript: shared by the core and the renderer.
import type { ChartCode } from './charts';

export const DIMENSION_KINDS = ['project', 'fundSource', 'expenseType', 'econClass', 'unit'] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export const DIMENSION_LABELS: Record<DimensionKind, string> = {
  project: '项目',
  fundSource: '资金来源',
  expenseType: '基本支出/项目支出',
  econClass: '经济分类（款级）',
  unit: '单位',
};

export const FUND_SOURCES = ['工会资金', '财政拨款'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export const EXPENSE_TYPES = ['基本支出', '项目支出'] as const;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];

/** The dimension values of one line (null = not given). */
export interface LineDimensions {
  projectId: number | null;
  fundSource: FundSource | null;
  expenseType: ExpenseType | null;
  econCode: string | null;
  unitId: number | null;
}

export const NO_DIMENSIONS: LineDimensions = { projectId: null, fundSource: null, expenseType: null, econCode: null, unitId: null };

/**
 * Canonical key of a dimension combination (balances are kept per account and key). Empty when the line
 * carries no dimension. Order and separators are fixed: changing them would split existing balances.
 */
export function dimensionKey(d: LineDimensions): string {
  if (d.projectId === null && d.fundSource === null && d.expenseType === null && d.econCode === null && d.unitId === null) return '';
  return [d.projectId ?? '', d.fundSource ?? '', d.expenseType ?? '', d.econCode ?? '', d.unitId ?? ''].join('|');
}

/**
 * 部门预算支出经济分类科目 (政府收支分类科目): the classes (类) and a well-known subset of their items (款)
 * in common use by union offices. Seeded once; administrators may add, rename or retire items.
 */
export const ECON_CLASSES: ReadonlyArray<{ code: string; name: string; level: '类' | '款' }> = [
  { code: '301', name: '工资福利支出', level: '类' },
  { code: '30101', name: '基本工资', level: '款' },
  { code: '30102', name: '津贴补贴', level: '款' },
  { code: '30103', name: '奖金', level: '款' },
  { code: '30106', name: '伙食补助费', level: '款' },
  { code: '30107', name: '绩效工资', level: '款' },
  { code: '30108', name: '机关事业单位基本养老保险缴费', level: '款' },
  { code: '30109', name: '职业年金缴费', level: '款' },
  { code: '30110', name: '职工基本医疗保险缴费', level: '款' },
  { code: '30111', name: '公务员医疗补助缴费', level: '款' },
  { code: '30112', name: '其他社会保障缴费', level: '款' },
  { code: '30113', name: '住房公积金', level: '款' },
  { code: '30114', name: '医疗费', level: '款' },
  { code: '30199', name: '其他工资福利支出', level: '款' },
  { code: '302', name: '商品和服务支出', level: '类' },
  { code: '30201', name: '办公费', level: '款' },
  { code: '30202', name: '印刷费', level: '款' },
  { code: '30203', name: '咨询费', level: '款' },
  { code: '30204', name: '手续费', level: '款' },
  { code: '30205', name: '水费', level: '款' },
  { code: '30206', name: '电费', level: '款' },
  { code: '30207', name: '邮电费', level: '款' },
  { code: '30208', name: '取暖费', level: '款' },
  { code: '30209', name: '物业管理费', level: '款' },
  { code: '30211', name: '差旅费', level: '款' },
  { code: '30212', name: '因公出国（境）费用', level: '款' },
  { code: '30213', name: '维修（护）费', level: '款' },
  { code: '30214', name: '租赁费', level: '款' },
  { code: '30215', name: '会议费', level: '款' },
  { code: '30216', name: '培训费', level: '款' },
  { code: '30217', name: '公务接待费', level: '款' },
  { code: '30218', name: '专用材料费', level: '款' },
  { code: '30224', name: '被装购置费', level: '款' },
  { code: '30225', name: '专用燃料费', level: '款' },
  { code: '30226', name: '劳务费', level: '款' },
  { code: '30227', name: '委托业务费', level: '款' },
  { code: '30228', name: '工会经费', level: '款' },
  { code: '30229', name: '福利费', level: '款' },
  { code: '30231', name: '公务用车运行维护费', level: '款' },
  { code: '30239', name: '其他交通费用', level: '款' },
  { code: '30240', name: '税金及附加费用', level: '款' },
  { code: '30299', name: '其他商品和服务支出', level: '款' },
  { code: '303', name: '对个人和家庭的补助', level: '类' },
  { code: '30301', name: '离休费', level: '款' },
  { code: '30302', name: '退休费', level: '款' },
  { code: '30303', name: '退职（役）费', level: '款' },
  { code: '30304', name: '抚恤金', level: '款' },
  { code: '30305', name: '生活补助', level: '款' },
  { code: '30306', name: '救济费', level: '款' },
  { code: '30307', name: '医疗费补助', level: '款' },
  { code: '30308', name: '助学金', level: '款' },
  { code: '30309', name: '奖励金', level: '款' },
  { code: '30399', name: '其他对个人和家庭的补助', level: '款' },
  { code: '310', name: '资本性支出', level: '类' },
  { code: '31001', name: '房屋建筑物购建', level: '款' },
  { code: '31002', name: '办公设备购置', level: '款' },
  { code: '31003', name: '专用设备购置', level: '款' },
  { code: '31005', name: '基础设施建设', level: '款' },
  { code: '31006', name: '大型修缮', level: '款' },
  { code: '31007', name: '信息网络及软件购置更新', level: '款' },
  { code: '31013', name: '公务用车购置', level: '款' },
  { code: '31019', name: '其他交通工具购置', level: '款' },
  { code: '31022', name: '无形资产购置', level: '款' },
  { code: '31099', name: '其他资本性支出', level: '款' },
  { code: '399', name: '其他支出', level: '类' },
  { code: '39906', name: '赠与', level: '款' },
  { code: '39999', name: '其他支出', level: '款' },
];

export interface DimensionRuleSeed {
  /** Applies to accounts whose code starts with this prefix; the longest matching prefix wins per kind. */
  prefix: string;
  kind: DimensionKind;
  required: boolean;
  /** Required only when the line's 基本支出/项目支出 is this value. */
  whenExpenseType?: ExpenseType;
  basis: string;
}

const BASIS_EXPENSE = '总说明二：除“安排预算稳定调节基金”外，各支出科目按“基本支出”“项目支出”及部门预算支出经济分类款级明细核算';
const BASIS_PROJECT = '总说明二：在“项目支出”下按照具体项目进行明细核算';
const BASIS_FISCAL = '总说明二：取得同级财政拨款的县级以上工会，支出科目按“财政拨款”“工会资金”明细核算';
const BASIS_UNIT = '应收/应付上下级经费按单位核算';
const BASIS_521 = '“安排预算稳定调节基金”不按基本/项目支出、经济分类、资金来源核算';

/** The rules a new set starts with. `fiscalFunding`: the set receives same-level 财政拨款 (county only). */
export function defaultDimensionRules(chart: ChartCode, fiscalFunding: boolean): DimensionRuleSeed[] {
  const rules: DimensionRuleSeed[] = [
    { prefix: '5', kind: 'expenseType', required: true, basis: BASIS_EXPENSE },
    { prefix: '5', kind: 'econClass', required: true, basis: BASIS_EXPENSE },
    { prefix: '5', kind: 'project', required: true, whenExpenseType: '项目支出', basis: BASIS_PROJECT },
    { prefix: '131', kind: 'unit', required: true, basis: BASIS_UNIT },
    { prefix: '211', kind: 'unit', required: true, basis: BASIS_UNIT },
  ];
  if (chart === 'C') {
    rules.push(
      { prefix: '132', kind: 'unit', required: true, basis: BASIS_UNIT },
      { prefix: '212', kind: 'unit', required: true, basis: BASIS_UNIT },
      { prefix: '521', kind: 'expenseType', required: false, basis: BASIS_521 },
      { prefix: '521', kind: 'econClass', required: false, basis: BASIS_521 },
      { prefix: '521', kind: 'project', required: false, basis: BASIS_521 },
    );
    if (fiscalFunding) {
      rules.push({ prefix: '5', kind: 'fundSource', required: true, basis: BASIS_FISCAL });
      rules.push({ prefix: '521', kind: 'fundSource', required: false, basis: BASIS_521 });
    }
  }
  return rules;
}

export interface DimensionRuleLike {
  prefix: string;
  kind: DimensionKind;
  required: boolean;
  whenExpenseType: ExpenseType | null;
}

/** The dimensions an account requires for a line with the given 基本支出/项目支出 (longest prefix wins). */
export function requiredKinds(rules: readonly DimensionRuleLike[], code: string, expenseType: ExpenseType | null): DimensionKind[] {
  const out: DimensionKind[] = [];
  for (const kind of DIMENSION_KINDS) {
    let best: DimensionRuleLike | undefined;
    for (const r of rules) {
      if (r.kind === kind && code.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
    }
    if (best?.required && (!best.whenExpenseType || best.whenExpenseType === expenseType)) out.push(kind);
  }
  return out;
}

/** Whether a line is 专项 for closing: 项目支出, or a project flagged special (专项). */
export function isSpecialLine(expenseType: string | null, projectSpecial: boolean): boolean {
  return expenseType === '项目支出' || projectSpecial;
}
