// CLI: ledger trial-balance against a database the core wrote.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { tempCore } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { getSetting, SETTING } from '../../electron/core/settings';

let db: string;

beforeAll(async () => {
  const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
  db = path.join(core.dir, 'ledger.sqlite3');
  await initialise(core);
  await userWithRoles(core, 'kj1', ['会计']);
  await userWithRoles(core, 'cw1', ['财务部门']);
  await userWithRoles(core, 'kj2', ['会计']);
  const unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  const set = await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: unit, chart: 'C', startYear: 2026 });
  await call(core, 'kj1', 'ledger.opening.set', {
    setId: set.id,
    rows: [
      { accountCode: '102', debit: 10_000_000 },
      { accountCode: '32205', credit: 10_000_000 },
    ],
  });
  const v = await call(core, 'kj1', 'ledger.vouchers.create', {
    setId: set.id,
    date: '2026-03-10',
    summary: '购买办公用品',
    lines: [
      { accountCode: '50602', debit: 123_450, fundSource: '工会资金', expenseType: '基本支出', econCode: '30201' },
      { accountCode: '102', credit: 123_450 },
    ],
  });
  await call(core, 'cw1', 'ledger.vouchers.review', { id: v.id });
  await call(core, 'kj2', 'ledger.vouchers.post', { id: v.id });
  await core.close();
});

describe('ledger trial-balance', () => {
  it('prints the trial balance as JSON and as text', async () => {
    const r = await cli('ledger', 'trial-balance', '--db', db, '--set', '县总工会本级', '--year', '2026', '--month', '3', '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ setName: '县总工会本级', year: 2026, month: 3, balanced: true });
    expect(r.json.totals).toMatchObject({ openingDebit: 10_000_000, openingCredit: 10_000_000, periodDebit: 123_450, periodCredit: 123_450 });
    expect(r.json.rows.find((x: { code: string }) => x.code === '102')).toMatchObject({ closingDebit: 9_876_550 });

    const t = await cli('ledger', 'trial-balance', '--db', db, '--set', '1', '--year', '2026', '--month', '3');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('试算平衡表  账套：县总工会本级  期间：2026年3月  单位：元');
    expect(t.stdout).toContain('1,234.50');
    expect(t.stdout).toContain('试算结果：平衡');
  });

  it('explains wrong arguments', async () => {
    const missing = await cli('ledger', 'trial-balance', '--db', db, '--set', '1', '--year', '2026', '--json');
    expect(missing.code).toBe(2);
    expect(missing.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--month') });
    const unknown = await cli('ledger', 'trial-balance', '--db', db, '--set', '不存在的账套', '--year', '2026', '--month', '3', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.json.error.message).toContain('现有账套：1 县总工会本级');
  });
});
