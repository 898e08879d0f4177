// The agreed interface for the ledger's 预算执行情况表: committed/paid per budget-line key.
import { describe, it, expect, afterEach } from 'vitest';
import { tempCore } from '../helpers/temp';
import { expenseCommitments } from '../../electron/core/domains/expense/commitments';

let core: Awaited<ReturnType<typeof tempCore>>;
afterEach(async () => core.close());

describe('expenseCommitments', () => {
  it('is empty on a fresh database and the default rules are seeded', async () => {
    core = await tempCore();
    expect(await expenseCommitments(core.db, { year: 2026 })).toEqual([]);
    const rules = await core.db.selectFrom('expense_rule').select('key').execute();
    expect(rules.map((r) => r.key)).toContain('cash_limit');
  });
});
