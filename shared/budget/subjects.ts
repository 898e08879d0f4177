// Budget subjects (预算科目) are the union chart's income and expense accounts with their sub-accounts
// (财会〔2021〕7号 总说明 2), taken from the chart in shared/ledger/charts.ts — never a copy of it. A
// grassroots union budgets on the G chart, the federation and its departments on the C chart. Lines sit
// on leaf accounts (a level-one account with sub-accounts takes its sub-accounts). The income side may
// also draw on last year's carry-over (321/322, and 331/332 on C), shown as 使用上年结转结余.
import { chartAccounts, type ChartAccount } from '../ledger/charts';
import { CARRY_OVER_CODES, SANGONG_SUBJECTS, type ChartSet, type Direction } from './constants';

export interface BudgetSubject {
  code: string;
  name: string;
  /** 1 for three-digit codes, 2 for five digits. */
  level: number;
  parent: string | null;
  direction: Direction;
  /** A line may be booked on it (no sub-accounts in this chart). */
  leaf: boolean;
  /** A net-asset account used on the income side (使用上年结转结余). */
  carryOver: boolean;
  /** A 三公 category may be marked on its lines. */
  sangong: boolean;
  /** What the template's drop-down shows and the import accepts: "50101 职工教育支出". */
  label: string;
}

const cache = new Map<ChartSet, BudgetSubject[]>();

function toSubject(a: ChartAccount, direction: Direction, leaf: boolean, carryOver: boolean): BudgetSubject {
  const name = carryOver ? `使用上年${a.name}` : a.name;
  return {
    code: a.code,
    name,
    level: a.level,
    parent: a.parent,
    direction,
    leaf,
    carryOver,
    sangong: SANGONG_SUBJECTS.includes(a.code),
    label: `${a.code} ${name}`,
  };
}

/** The subjects of a chart's budgets (income first, then expense), sorted by code. */
export function budgetSubjects(chart: ChartSet): readonly BudgetSubject[] {
  let list = cache.get(chart);
  if (list) return list;
  const accounts = chartAccounts(chart);
  const hasChildren = new Set(accounts.map((a) => a.parent).filter((p): p is string => p !== null));
  const carry = new Set(CARRY_OVER_CODES[chart]);
  list = [];
  for (const a of accounts) {
    if (carry.has(a.code)) list.push(toSubject(a, '收入', true, true));
  }
  for (const a of accounts) {
    if (a.type === '收入') list.push(toSubject(a, '收入', !hasChildren.has(a.code), false));
  }
  for (const a of accounts) {
    if (a.type === '支出') list.push(toSubject(a, '支出', !hasChildren.has(a.code), false));
  }
  cache.set(chart, list);
  return list;
}

const byCodeCache = new Map<ChartSet, Map<string, BudgetSubject>>();

export function subjectMap(chart: ChartSet): ReadonlyMap<string, BudgetSubject> {
  let m = byCodeCache.get(chart);
  if (!m) {
    m = new Map(budgetSubjects(chart).map((s) => [s.code, s]));
    byCodeCache.set(chart, m);
  }
  return m;
}

/** Every budget subject of either chart by code (names agree between the charts). */
export function anySubject(code: string): BudgetSubject | undefined {
  return subjectMap('C').get(code) ?? subjectMap('G').get(code);
}

/** Display name of a code in either chart ("50101 职工教育支出"), or the code itself when unknown. */
export function subjectLabel(code: string): string {
  return anySubject(code)?.label ?? code;
}

/** Whether `code` is `ancestor` or one of its sub-accounts (by code prefix, as the chart numbers them). */
export function underSubject(code: string, ancestor: string): boolean {
  return code === ancestor || (code.length > ancestor.length && code.startsWith(ancestor));
}
