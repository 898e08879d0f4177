// The demo county's own books: one accounting set of the federation on the county chart (with 财政拨款)
// from January of the demo year, created by the demo administrator through the ledger's own createSet
// (chart seeded, periods open), so the demo's expense chain can reach 会计记账 and post its voucher.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { createSet } from './sets';

export async function loadLedgerDemo(trx: Transaction<DB>, now: Date, year: number): Promise<void> {
  const admin = await trx.selectFrom('app_user').select(['id', 'username']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  const fed = await trx.selectFrom('unit').select(['id', 'name']).where('kind', '=', '总工会').executeTakeFirstOrThrow();
  await createSet(trx, { userId: admin.id, username: admin.username, role: '系统管理员' }, now, {
    name: `${fed.name}本级`, unitId: fed.id, chart: 'C', fiscalFunding: true, startYear: year, startMonth: 1,
    notes: '演示账套：本级工会的账簿（县级以上工会会计科目）',
  });
}
