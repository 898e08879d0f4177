// 支出审批规则 as versioned data through the contract: the core validates every new version (zod, Chinese
// messages) and refuses bad values; a version may not be dated before an existing one of the same rule;
// the list ties versions into groups and marks the one in force; a lowered cash limit is applied to requests
// dated from its effective date (and not before).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, callErr, initialise, userWithRoles } from '../helpers/session';
import { getSetting, SETTING } from '../../electron/core/settings';
import { seedApprovedBudget } from '../../electron/core/domains/expense/demo';
import { makeCreditCode } from '../../shared/validate/creditCode';
import type { ExpenseRuleRow, ExpenseRequestInput } from '../../shared/contract/expense';

let core: Awaited<ReturnType<typeof tempCore>>;
let org: number;
const SELLER = makeCreditCode('91', '350102', '12345678');
const JB = 'jb_wang';

beforeEach(async () => {
  core = await tempCore({ now: frozenClock('2026-03-15T09:00:00+08:00') });
  await initialise(core);
  await userWithRoles(core, JB, ['经办人']);
  org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  await seedApprovedBudget(core.db, 2026, [{ unitId: org, subjectCode: '50501', amountFen: 1_000_000 }]);
});
afterEach(async () => core.close());

const add = (key: string, params: unknown, effectiveFrom = '2026-03-01', basis = '测试依据') =>
  ({ key, params, effectiveFrom, basis });

function cashRequest(amountFen: number, applyDate: string): ExpenseRequestInput {
  return {
    unitId: org, applyDate, kind: '办公', purpose: '购买办公用品', payeeName: '某文具店', payeeBank: null, payeeAccount: null,
    payMethod: '现金', cashReason: '收款人无银行账户', amountFen,
    lines: [{ unitId: org, subjectCode: '50501', fundSource: '工会资金', amountFen }],
    invoices: [{ number: `2635000000000000${String(amountFen).slice(0, 4).padStart(4, '0')}`, date: '2026-02-10', sellerName: '某文具店', sellerCreditCode: SELLER, amountFen, taxFen: 0 }],
    attachments: [],
  };
}

describe('expense rules as versioned data', () => {
  it('refuses bad values with Chinese messages', async () => {
    const cases: Array<[unknown, string]> = [
      [add('cash_limit', { limitFen: -1 }), '现金支付限额不能为负数'],
      [add('cash_limit', { limitFen: 12.5 }), '现金支付限额应为整分'],
      [add('cash_limit', { limitFen: '500' }), '现金支付限额应为金额'],
      [add('budget_control', { subjectPrefix: '505', mode: '停止' }), '预算控制方式应为“禁止”或“警告”'],
      [add('budget_control', { subjectPrefix: 'abc', mode: '警告' }), '科目应为科目代码'],
      [add('checklist', { kind: '旅游', items: [] }), '请选择支出类型'],
      [add('checklist', { kind: '培训', items: [{ key: 'notice', label: '', kind: 'attachment' }] }), '清单项须有名称'],
      [add('checklist', { kind: '培训', items: [{ key: 'a1', label: '通知', kind: 'attachment' }, { key: 'a1', label: '名单', kind: 'attachment' }] }), '清单项代码“a1”重复'],
      [add('reception', { maxMeals: -1, smallGroupMax: 10, smallGroupCompanions: 3, largeGroupRatioDenominator: 0 }), '工作餐次数上限不能小于 0'],
      [add('reception', { maxMeals: null, smallGroupMax: 10, smallGroupCompanions: 3, largeGroupRatioDenominator: 3 }), '工作餐次数上限应为整数'],
      [add('forbidden', { words: [''] }), '禁止用语不能为空'],
    ];
    for (const [input, msg] of cases) {
      const e = await callErr(core, 'admin', 'expense.rules.add', input);
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain(msg);
      expect(e.message).toMatch(/^规则参数不正确：/);
    }
    const wrongRole = await callErr(core, JB, 'expense.rules.add', add('cash_limit', { limitFen: 50_000 }));
    expect(wrongRole.code).toBe('FORBIDDEN');
    // Nothing was stored.
    expect((await core.db.selectFrom('expense_rule').select('id').where('key', '=', 'cash_limit').execute())).toHaveLength(1);
  });

  it('keeps the history of versions per rule, marks the one in force, refuses back-dating before a version', async () => {
    await call(core, 'admin', 'expense.rules.add', add('cash_limit', { limitFen: 80_000 }, '2026-02-01', '县总工会财务制度（2026）'));
    await call(core, 'admin', 'expense.rules.add', add('cash_limit', { limitFen: 50_000 }, '2026-04-01', '县总工会财务制度（修订）'));
    await call(core, 'admin', 'expense.rules.add', add('checklist', { kind: '培训', items: [{ key: 'notice', label: '培训通知', kind: 'attachment' }, { key: 'invoice', label: '发票', kind: 'invoice' }] }));
    const rows = await call<ExpenseRuleRow[]>(core, JB, 'expense.rules.list', {});
    const cash = rows.filter((r) => r.group === 'cash_limit');
    expect(cash.map((r) => [r.effectiveFrom, r.effectiveTo, r.inForce])).toEqual([
      ['2000-01-01', '2026-01-31', false],
      ['2026-02-01', '2026-03-31', true],
      ['2026-04-01', null, false],
    ]);
    const training = rows.filter((r) => r.group === 'checklist:培训');
    expect(training.map((r) => r.inForce)).toEqual([false, true]);
    // Other types keep their single version in force.
    expect(rows.filter((r) => r.group === 'checklist:会议').map((r) => r.inForce)).toEqual([true]);
    const back = await callErr(core, 'admin', 'expense.rules.add', add('cash_limit', { limitFen: 10_000 }, '2026-03-01'));
    expect(back.message).toContain('已有自 2026-04-01 起生效的版本');
    // The meta the form uses follows the version in force on the date asked.
    expect((await call(core, JB, 'expense.meta', { date: '2026-03-15' })).cashLimitFen).toBe(80_000);
    expect((await call(core, JB, 'expense.meta', { date: '2026-04-02' })).cashLimitFen).toBe(50_000);
    expect((await call(core, JB, 'expense.meta', { date: '2026-03-15' })).checklists['培训'].map((i: { key: string }) => i.key)).toEqual(['notice', 'invoice']);
  });

  it('a lowered cash limit refuses a cash request dated from its effective date, naming the limit', async () => {
    expect((await call(core, JB, 'expense.check', { request: cashRequest(60_000, '2026-03-15') })).errors).toEqual([]);
    await call(core, 'admin', 'expense.rules.add', add('cash_limit', { limitFen: 50_000 }, '2026-03-10', '压缩现金使用'));
    const e = await callErr(core, JB, 'expense.save', { request: cashRequest(60_000, '2026-03-15') });
    expect(e.message).toContain('现金支付不能超过 500.00 元，本申请 600.00 元');
    // Dated before the new version: the older limit (1,000.00) applies.
    const ok = await call(core, JB, 'expense.save', { request: cashRequest(60_000, '2026-03-05') });
    expect(ok.status).toBe('草稿');
  });
});
