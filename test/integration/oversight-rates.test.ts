// rectificationRates (read by the assessment domain): per audited unit, done = 已整改 or 已销号.
import { describe, it, expect, afterEach } from 'vitest';
import { county, type County } from './budget-fixtures';
import { rectificationRates } from '../../electron/core/domains/oversight/rates';

let c: County;
afterEach(async () => c?.core.close());

describe('rectificationRates', () => {
  it('counts the items of that year per unit, done = 已整改/已销号, null rate without items', async () => {
    c = await county(2);
    const db = c.core.db;
    const now = '2026-01-01T00:00:00Z';
    expect(await rectificationRates(db, 2026)).toEqual([]);
    const cat = (await db.selectFrom('oversight_category').select('id').executeTakeFirstOrThrow()).id;
    let n = 0;
    async function project(year: number, unitId: number, statuses: string[]) {
      const p = await db
        .insertInto('oversight_project')
        .values({ year, code: `T${++n}`, name: 'p', kind: '专项审计', unit_id: unitId, status: '实施中', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      let seq = 0;
      for (const s of statuses) {
        const f = await db
          .insertInto('oversight_finding')
          .values({ project_id: p.id, seq: ++seq, category_id: cat, description: 'd', severity: '一般', nature: '管理不规范', created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('oversight_rectification').values({ finding_id: f.id, status: s, updated_at: now }).execute();
      }
    }
    await project(2026, c.grassroots[0], ['未整改', '整改中', '已整改', '已销号']);
    await project(2026, c.grassroots[1], ['未整改']);
    await project(2025, c.grassroots[1], ['已销号']);
    const rates = await rectificationRates(db, 2026);
    expect(rates).toEqual([
      { unitId: c.grassroots[0], total: 4, done: 2, rate: 0.5 },
      { unitId: c.grassroots[1], total: 1, done: 0, rate: 0 },
    ]);
    expect(await rectificationRates(db, 2025)).toEqual([{ unitId: c.grassroots[1], total: 1, done: 1, rate: 1 }]);
  });
});
