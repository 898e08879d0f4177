// Collection growth per grassroots union (经费增长): this year's collections against last year's. An
// employer's records count for its grassroots union — in the registry the employer and its union are one
// 基层工会 row, so a record's unit_id is the union. Used by the assessment module (fund-growth tiers).
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';

export interface GrowthRow {
  unitId: number;
  thisYearFen: number;
  lastYearFen: number;
  /** (this − last) / last; null when last year is 0. */
  rate: number | null;
}

/** Per active 基层工会: collected amounts by 所属期 year (records of both kinds: 经费 and 筹备金). */
export async function collectionGrowth(db: Executor, year: number): Promise<GrowthRow[]> {
  const thisFrom = `${year}-01`;
  const thisTo = `${year}-12`;
  const lastFrom = `${year - 1}-01`;
  const lastTo = `${year - 1}-12`;
  const rows = await sql<{ unit_id: number; this_fen: number; last_fen: number }>`
    select u.id as unit_id,
      coalesce(sum(case when r.period between ${thisFrom} and ${thisTo} then r.amount_fen end), 0) as this_fen,
      coalesce(sum(case when r.period between ${lastFrom} and ${lastTo} then r.amount_fen end), 0) as last_fen
    from unit u
    left join collection_record r on r.unit_id = u.id and r.period between ${lastFrom} and ${thisTo}
    where u.kind = '基层工会' and u.active = 1
    group by u.id
    order by u.id`.execute(db);
  return rows.rows.map((r) => ({
    unitId: r.unit_id,
    thisYearFen: Number(r.this_fen),
    lastYearFen: Number(r.last_fen),
    rate: Number(r.last_fen) === 0 ? null : (Number(r.this_fen) - Number(r.last_fen)) / Number(r.last_fen),
  }));
}
