// Rectification rates per audited unit, read by the assessment domain (经审整改成效).
import type { Executor } from '../../db/tx';

/**
 * Per audited unit: the rectification items of findings of that year's audit projects; done = 已整改 or
 * 已销号; rate = done / total (null when the unit has no items).
 */
export async function rectificationRates(
  db: Executor,
  year: number,
): Promise<Array<{ unitId: number; total: number; done: number; rate: number | null }>> {
  const rows = await db
    .selectFrom('oversight_rectification as r')
    .innerJoin('oversight_finding as f', 'f.id', 'r.finding_id')
    .innerJoin('oversight_project as p', 'p.id', 'f.project_id')
    .select((eb) => [
      'p.unit_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('r.status', 'in', ['已整改', '已销号']).then(1).else(0).end()).as('done'),
    ])
    .where('p.year', '=', year)
    .groupBy('p.unit_id')
    .orderBy('p.unit_id')
    .execute();
  return rows.map((r) => {
    const total = Number(r.total);
    const done = Number(r.done ?? 0);
    return { unitId: r.unit_id, total, done, rate: total > 0 ? done / total : null };
  });
}
