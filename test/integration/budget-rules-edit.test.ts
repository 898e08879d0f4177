// Editing the budget rules and withdrawing a book: the role checks are made in the core functions (not only
// by the endpoints' access), a figure rule cannot be changed back into a year whose budget is approved, and a
// withdrawn 年初预算 is superseded by a new one; each change is audited.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { call, callErr, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { A, CLERK, YEAR, county, federationBudget, submit, type County } from './budget-fixtures';
import { updateRule } from '../../electron/core/domains/budget/rules';
import { withdrawBook } from '../../electron/core/domains/budget/books';
import { RULE_FIELDS, ruleParamsText } from '../../shared/budget/rule-fields';
import { RULE_DEFAULTS, RULE_KEYS, RULE_PARAM_SCHEMAS } from '../../shared/budget/rules';
import type { BudgetRuleRow } from '../../shared/contract/budget';
import type { RuleKey } from '../../shared/budget/rules';

let c: County;
beforeEach(async () => {
  c = await county(1);
});
afterEach(async () => c.core.close());

async function inForce(key: RuleKey, year = YEAR): Promise<BudgetRuleRow> {
  const rows: BudgetRuleRow[] = await call(c.core, CLERK, 'budget.rules.list', { year, key });
  return rows.find((r) => r.inForce)!;
}

async function userId(name: string): Promise<number> {
  return (await c.core.db.selectFrom('app_user').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
}

describe('the 预算规则 page edits every parameter of every rule', () => {
  it('one field per parameter of each rule schema, and each default summarised', () => {
    for (const key of RULE_KEYS) {
      const shape = (RULE_PARAM_SCHEMAS[key] as unknown as { shape: Record<string, unknown> }).shape;
      expect(RULE_FIELDS[key].map((f) => f.key).sort(), key).toEqual(Object.keys(shape).sort());
      const d = RULE_DEFAULTS.find((r) => r.key === key)!;
      expect(ruleParamsText(key, d.params)).not.toMatch(/undefined|NaN|\[object/);
    }
    expect(ruleParamsText('balance', { allowSurplus: true, toleranceFen: 150, scopes: ['本级'] })).toBe('允许收入大于支出（略有结余）：是；允许差额（元）：1.50 元；检查范围：本级');
  });
});

describe('rule changes in the core', () => {
  it('refuse an actor without an editor role even when called directly, and leave the rules unchanged', async () => {
    await userWithRoles(c.core, 'kj', ['会计']);
    const r = await inForce('serve_workers');
    const count = async () => (await c.core.db.selectFrom('budget_rule').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    await expect(
      updateRule(c.core.db, { userId: await userId('kj'), username: 'kj', role: '会计' }, new Date(), {
        id: r.id, blocking: false, params: r.params as Record<string, unknown>, effectiveFrom: '2027-01-01', basis: null,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      updateRule(c.core.db, { userId: null, username: '（未登录）', role: '（未登录）' }, new Date(), {
        id: r.id, blocking: false, params: r.params as Record<string, unknown>, effectiveFrom: '2027-01-01', basis: null,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before);
    // The clerk (财务部门) may: a new version, the old one closed the day before, audited with before/after.
    const saved: BudgetRuleRow = await call(c.core, CLERK, 'budget.rules.update', {
      id: r.id, blocking: false, params: { ...(r.params as object), min: 0.75 }, effectiveFrom: '2027-01-01', basis: '2027 年起 75%',
    });
    expect(saved).toMatchObject({ blocking: false, effectiveFrom: '2027-01-01', effectiveTo: null });
    expect((await inForce('serve_workers', YEAR)).params).toMatchObject({ min: 0.7 });
    expect((await inForce('serve_workers', 2027)).params).toMatchObject({ min: 0.75 });
    const audit = await call(c.core, A, 'audit.list', { module: '预算编制' });
    expect(audit.rows[0]).toMatchObject({ action: '修改预算规则', username: CLERK });
    expect(ruleParamsText('serve_workers', saved.params)).toMatch(/^最低比例：75%；计入的支出科目：501、502、503、504、508/);

    // The CLI lists the version a year applies, or every version.
    const db = c.core.env.dbPath;
    const y2027 = await cli('budget', 'rules', '--db', db, '--year', '2027', '--json');
    expect(y2027.code).toBe(0);
    expect(y2027.json.rules.find((r: BudgetRuleRow) => r.key === 'serve_workers')).toMatchObject({ id: saved.id, effectiveFrom: '2027-01-01' });
    const text = await cli('budget', 'rules', '--db', db, '--year', String(YEAR), '--all');
    expect(text.stdout).toMatch(/\* 服务职工和支持基层支出比例（阻断，2000-01-01 至 2026-12-31）：最低比例：70%/);
    expect(text.stdout).toMatch(/ {3}服务职工和支持基层支出比例（提示，2027-01-01 至 今后）：最低比例：75%/);
  });

  it('a figure rule cannot reach back into a year with an approved budget; the adjustment limit can', async () => {
    await c.core.db
      .insertInto('budget_book')
      .values({
        year: YEAR, kind: '年初预算', seq: 0, title: `${YEAR}年度预算`, stage: 7, status: '已批准', reason: null, based_on_book_id: null,
        snapshot_at: new Date().toISOString(), created_at: new Date().toISOString(), created_by: null, approved_at: new Date().toISOString(),
        cancelled_at: null, cancel_reason: null,
      })
      .execute();
    const balance = await inForce('balance');
    const back = await callErr(c.core, CLERK, 'budget.rules.update', { id: balance.id, blocking: false, params: balance.params, effectiveFrom: `${YEAR}-01-01` });
    expect(back.code).toBe('CONFLICT');
    expect(back.message).toMatch(new RegExp(`已经批准.*最早自 ${YEAR + 1}-01-01 起生效`));
    expect((await inForce('balance')).id).toBe(balance.id);
    const next = await call(c.core, CLERK, 'budget.rules.update', { id: balance.id, blocking: false, params: balance.params, effectiveFrom: `${YEAR + 1}-01-01` });
    expect(next.effectiveFrom).toBe(`${YEAR + 1}-01-01`);
    const limit = await inForce('adjustment_limit');
    const raised = await call(c.core, CLERK, 'budget.rules.update', { id: limit.id, blocking: true, params: { max: 2 }, effectiveFrom: `${YEAR}-01-01` });
    expect(raised.params).toEqual({ max: 2 });
  });
});

describe('withdrawing a book', () => {
  it('needs the finance department in the core; a withdrawn 年初预算 is superseded by a new one', async () => {
    await submit(c.core, CLERK, c.fed, federationBudget());
    const book = await call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
    await userWithRoles(c.core, 'zx', ['主席']);
    await expect(withdrawBook(c.core.db, { userId: await userId('zx'), username: 'zx', role: '主席' }, new Date(), book.id, '不要了')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await callErr(c.core, 'zx', 'budget.books.cancel', { bookId: book.id, reason: '不要了' })).code).toBe('FORBIDDEN');
    expect((await call(c.core, CLERK, 'budget.books.get', { bookId: book.id })).status).toBe('审批中');

    const cancelled = await call(c.core, CLERK, 'budget.books.cancel', { bookId: book.id, reason: '重新编制' });
    expect(cancelled).toMatchObject({ status: '已撤销' });
    expect(cancelled.steps.at(-1)).toMatchObject({ action: '撤销', opinion: '重新编制' });
    const again = await call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
    expect(again).toMatchObject({ status: '审批中', stage: 0, kind: '年初预算' });
    const list = await call(c.core, CLERK, 'budget.books.list', { year: YEAR });
    expect(list.map((b: { status: string }) => b.status)).toEqual(['已撤销', '审批中']);
    const audit = await call(c.core, A, 'audit.list', { module: '预算编制' });
    expect(audit.rows.map((r: { action: string }) => r.action)).toContain('撤销预算审批');
  });
});
