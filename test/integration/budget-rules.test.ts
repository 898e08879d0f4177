// Budget rules as dated data: every check passes and fails with the figures behind it — balance, the
// share of retained funds passed to lower unions (80%), the share serving workers and grassroots (70%),
// 三公经费 not above last year, forbidden purposes, special-fund shares — and rule changes keep history.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { call, callErr, userWithRoles } from '../helpers/session';
import { A, CLERK, YEAR, county, federationBudget, grassrootsBudget, submit, type County } from './budget-fixtures';
import type { BudgetRuleRow, RuleCheckReport, RuleCheckResult } from '../../shared/contract/budget';
import type { RuleKey } from '../../shared/budget/rules';

let c: County;
beforeEach(async () => {
  c = await county(2);
});
afterEach(async () => c.core.close());

async function checks(year = YEAR): Promise<RuleCheckReport> {
  return call(c.core, CLERK, 'budget.checks', { year });
}
const pick = (r: RuleCheckReport, key: RuleKey) => r.results.find((x) => x.key === key)!;
const fig = (r: RuleCheckResult, label: RegExp) => r.figures.find((f) => label.test(f.label))?.value;

async function rule(key: RuleKey, year = YEAR): Promise<BudgetRuleRow> {
  const rows: BudgetRuleRow[] = await call(c.core, CLERK, 'budget.rules.list', { year, key });
  return rows.find((r) => r.inForce)!;
}

async function changeRule(key: RuleKey, params: (p: any) => object, opts: { blocking?: boolean; from?: string } = {}) {
  const r = await rule(key);
  return call(c.core, CLERK, 'budget.rules.update', {
    id: r.id,
    blocking: opts.blocking ?? r.blocking,
    params: params(structuredClone(r.params)),
    effectiveFrom: opts.from ?? `${YEAR}-01-01`,
  });
}

describe('checks on a sound budget', () => {
  beforeEach(async () => {
    await submit(c.core, CLERK, c.fed, federationBudget());
    await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget());
  });

  it('all pass (or do not apply), each with its figures', async () => {
    const r = await checks();
    expect(r.passed).toBe(true);
    expect(r.blockingFailures).toBe(0);
    expect(Object.fromEntries(r.results.map((x) => [x.key, x.status]))).toEqual({
      balance: '通过',
      retained_to_grassroots: '通过',
      serve_workers: '通过',
      sangong: '不适用',
      forbidden: '通过',
      special_funds: '不适用',
    });
    const retained = pick(r, 'retained_to_grassroots');
    expect(fig(retained, /^用于下级和基层/)).toBe(85_000_000);
    expect(fig(retained, /^留存经费/)).toBe(100_000_000);
    expect(fig(retained, /^实际比例/)).toBeCloseTo(0.85, 10);
    expect(fig(retained, /^规定比例/)).toBe(0.8);
    expect(retained.message).toMatch(/85\.00%，不低于 80\.00%/);
    const serve = pick(r, 'serve_workers');
    expect(fig(serve, /^服务职工/)).toBe(100_000_000);
    expect(fig(serve, /^支出合计/)).toBe(135_000_000);
    expect(serve.message).toMatch(/74\.07%/);
    const balance = pick(r, 'balance');
    expect(fig(balance, /^本级收支差额/)).toBe(15_000_000);
    expect(fig(balance, /^收支不平衡的基层单位/)).toBe(0);
    expect(pick(r, 'sangong').message).toMatch(/没有上年预算数据/);
  });

  it('the 80% share fails when the rule asks for more, from the date it takes effect', async () => {
    await changeRule('retained_to_grassroots', (p) => ({ ...p, min: 0.9 }));
    const r = pick(await checks(), 'retained_to_grassroots');
    expect(r.status).toBe('未通过');
    expect(r.message).toMatch(/85\.00%，低于规定的 90\.00%/);
    expect(fig(r, /^规定比例/)).toBe(0.9);
    // 2025 still uses the old row.
    expect((await rule('retained_to_grassroots', 2025)).params).toMatchObject({ min: 0.8 });
  });

  it('the 70% share fails when less than the set share serves workers and grassroots', async () => {
    await changeRule('serve_workers', (p) => ({ ...p, min: 0.75 }));
    const r = pick(await checks(), 'serve_workers');
    expect(r.status).toBe('未通过');
    expect(r.message).toMatch(/74\.07%，低于规定的 75\.00%/);
    expect((await checks()).passed).toBe(false);
  });

  it('forbidden purposes: a keyword added later catches lines already imported', async () => {
    await changeRule('forbidden', (p) => ({
      entries: [...p.entries, { keywords: ['篮球'], appliesTo: '全部', severity: '禁止', reason: '测试：不得列支' }],
    }));
    const r = pick(await checks(), 'forbidden');
    expect(r.status).toBe('未通过');
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ at: '支出预算!J4', unit: { code: 'JC00001' } });
    expect(r.items[0].text).toMatch(/职工篮球赛.*含“篮球”——测试：不得列支/);
    expect((await checks()).passed).toBe(false);
  });

  it('forbidden purposes: 提示 entries are listed as hints; an entry applies only to its chart', async () => {
    await changeRule('forbidden', (p) => ({
      entries: [
        ...p.entries,
        { keywords: ['篮球'], appliesTo: '全部', severity: '提示', reason: '请核实' },
        { keywords: ['培训'], appliesTo: 'G', severity: '禁止', reason: '仅基层' },
      ],
    }));
    const r = pick(await checks(), 'forbidden');
    // 培训 appears in the federation's 工会干部培训 (C chart: exempt) and the grassroots 职工技能培训 (G: caught).
    expect(r.status).toBe('未通过');
    expect(r.items.filter((i) => /仅基层/.test(i.text)).map((i) => i.unit?.code)).toEqual(['JC00001']);
    expect(r.items.some((i) => /请核实/.test(i.text))).toBe(true);
    expect(fig(r, /^需核实事项/)).toBe(1);
  });

  it('special funds pass at or above their set share', async () => {
    await changeRule('special_funds', (p) => ({ ...p, funds: [{ name: '队伍建设专项经费', minShare: 0.1 }] }));
    const ok = pick(await checks(), 'special_funds');
    expect(ok.status).toBe('通过');
    expect(fig(ok, /^队伍建设专项经费$/)).toBe(15_000_000);
    expect(fig(ok, /占比$/)).toBeCloseTo(150_000 / 1_350_000, 10);
    // A change from 2 January does not apply to the 2026 budget (the row in force on 1 January does).
    await changeRule('special_funds', (p) => ({ ...p, funds: [{ name: '队伍建设专项经费', minShare: 0.2 }] }), { from: `${YEAR}-01-02` });
    expect(pick(await checks(), 'special_funds').status).toBe('通过');
  });

  it('special funds fail below their set share', async () => {
    await changeRule('special_funds', (p) => ({ ...p, funds: [{ name: '队伍建设专项经费', minShare: 0.2 }] }));
    const r = pick(await checks(), 'special_funds');
    expect(r.status).toBe('未通过');
    expect(r.items[0].text).toMatch(/队伍建设专项经费 150,000\.00 元，占 11\.11%，低于规定的 20\.00%/);
  });
});

describe('balance', () => {
  it('fails for a grassroots deficit and for a 本级 deficit; a surplus fails when the rule forbids it', async () => {
    await submit(c.core, CLERK, c.fed, federationBudget());
    const deficit = grassrootsBudget();
    deficit.details.push({ subject: '50101', item: '额外培训', amount: 100_000 });
    await submit(c.core, CLERK, c.grassroots[0], deficit);
    let r = pick(await checks(), 'balance');
    expect(r.status).toBe('未通过');
    expect(r.items.map((i) => i.unit?.code)).toEqual(['JC00001']);
    expect(r.items[0].text).toMatch(/赤字 96,000\.00 元/);
    expect(fig(r, /^收支不平衡的基层单位/)).toBe(1);

    // Fixed: the unit re-imports a balanced version.
    await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget());
    expect(pick(await checks(), 'balance').status).toBe('通过');

    // 本级 deficit: the federation spends more than it receives.
    const fed = federationBudget();
    fed.details.push({ subject: '50501', item: '大规模培训', amount: 500_000 });
    await submit(c.core, CLERK, c.fed, fed);
    r = pick(await checks(), 'balance');
    expect(r.status).toBe('未通过');
    expect(r.items[0].text).toMatch(/^本级：收入 1,500,000\.00 元，支出 1,850,000\.00 元，差额 -350,000\.00 元/);

    await submit(c.core, CLERK, c.fed, federationBudget());
    await changeRule('balance', (p) => ({ ...p, allowSurplus: false }));
    r = pick(await checks(), 'balance');
    expect(r.status).toBe('未通过');
    expect(r.message).toMatch(/收支应相等/);
  });
});

describe('三公经费', () => {
  it('does not apply without last year; passes when not above it; fails above it', async () => {
    // Last year's budget: 三公 40,000 (用车 30,000 + 接待 10,000).
    await submit(c.core, CLERK, c.fed, federationBudget(), YEAR - 1);
    await submit(c.core, CLERK, c.fed, federationBudget());
    let r = pick(await checks(), 'sangong');
    expect(r.status).toBe('通过');
    expect(fig(r, /^本年三公经费合计/)).toBe(4_000_000);
    expect(fig(r, /^上年三公经费合计/)).toBe(4_000_000);
    expect(fig(r, /^本年 公务接待费/)).toBe(1_000_000);

    const more = federationBudget();
    more.details.push({ subject: '50602', item: '公务接待（增加）', amount: 5_000, sangong: '公务接待费' });
    await submit(c.core, CLERK, c.fed, more);
    r = pick(await checks(), 'sangong');
    expect(r.status).toBe('未通过');
    expect(r.message).toMatch(/三公经费 45,000\.00 元，比上年 40,000\.00 元增加 5,000\.00 元（只减不增）/);
    expect(r.blocking).toBe(true);
    // A vehicle purchase counts as 三公 too.
    const less = federationBudget();
    less.details[3].amount = 20_000;
    less.details.push({ subject: '50704 交通工具购置', item: '购置公务用车', amount: 5_000 });
    await submit(c.core, CLERK, c.fed, less);
    r = pick(await checks(), 'sangong');
    expect(fig(r, /^本年三公经费合计/)).toBe(3_500_000);
    expect(fig(r, /^本年 公务用车购置费/)).toBe(500_000);
    expect(r.status).toBe('通过');
  });
});

describe('rule changes', () => {
  it('keep history, validate parameters, are audited and need an editor role', async () => {
    const before = await rule('retained_to_grassroots');
    expect(before).toMatchObject({ effectiveFrom: '2000-01-01', effectiveTo: null, blocking: true });
    const saved = await call(c.core, A, 'budget.rules.update', {
      id: before.id,
      blocking: false,
      params: { ...(before.params as object), min: 0.85 },
      effectiveFrom: '2027-01-01',
      basis: '本省 2027 年新规定',
    });
    expect(saved).toMatchObject({ key: 'retained_to_grassroots', blocking: false, effectiveFrom: '2027-01-01', basis: '本省 2027 年新规定' });
    const all: BudgetRuleRow[] = await call(c.core, CLERK, 'budget.rules.list', { key: 'retained_to_grassroots' });
    expect(all.map((r) => [r.effectiveFrom, r.effectiveTo])).toEqual([
      ['2000-01-01', '2026-12-31'],
      ['2027-01-01', null],
    ]);
    expect((await rule('retained_to_grassroots', 2026)).params).toMatchObject({ min: 0.8 });
    expect((await rule('retained_to_grassroots', 2027)).params).toMatchObject({ min: 0.85 });

    // Only the latest row can be changed, from a later date, with valid parameters.
    const stale = await callErr(c.core, A, 'budget.rules.update', { id: before.id, blocking: true, params: before.params, effectiveFrom: '2028-01-01' });
    expect(stale.code).toBe('CONFLICT');
    const early = await callErr(c.core, A, 'budget.rules.update', { id: saved.id, blocking: true, params: saved.params, effectiveFrom: '2026-06-01' });
    expect(early.message).toMatch(/须晚于现行版本的生效日期 2027-01-01/);
    const bad = await callErr(c.core, A, 'budget.rules.update', { id: saved.id, blocking: true, params: { ...(saved.params as object), min: 1.5 }, effectiveFrom: '2028-01-01' });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.details?.[0].path).toBe('params.min');
    expect(bad.message).toMatch(/比例不能大于 1/);

    const audit = await call(c.core, A, 'audit.list', { module: '预算编制' });
    expect(audit.rows[0]).toMatchObject({ action: '修改预算规则' });

    await userWithRoles(c.core, 'jb', ['经办人']);
    expect((await callErr(c.core, 'jb', 'budget.rules.update', { id: saved.id, blocking: true, params: saved.params, effectiveFrom: '2029-01-01' })).code).toBe('FORBIDDEN');
  });
});
