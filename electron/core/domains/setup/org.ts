// The installation's own organisation (本级工会): its unit row and the settings around it.
import type { Executor } from '../../db/tx';
import { getSetting, SETTING } from '../../settings';
import type { SetupStatus } from '../../../../shared/contract/auth';

export async function setupStatus(db: Executor): Promise<SetupStatus> {
  const unitId = await getSetting<number | null>(db, SETTING.orgUnitId, null);
  const unit = unitId ? await db.selectFrom('unit').select(['name', 'credit_code']).where('id', '=', unitId).executeTakeFirst() : undefined;
  return {
    initialised: Boolean(unit),
    orgName: unit?.name ?? null,
    orgCode: unit?.credit_code ?? null,
    level: unit ? await getSetting<string | null>(db, SETTING.orgLevel, null) : null,
    fiscalYear: unit ? await getSetting<number | null>(db, SETTING.fiscalYear, null) : null,
    demo: await getSetting(db, SETTING.demo, false),
  };
}

/** The organisation's name for report headers (编制单位). */
export async function orgName(db: Executor): Promise<string> {
  return (await setupStatus(db)).orgName ?? '（未设置单位名称）';
}
