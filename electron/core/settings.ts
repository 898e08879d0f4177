// Application settings (key → JSON value) in `app_setting`. Rules that vary by province or year live
// in their own dated tables; this is for installation facts (organisation, fiscal year, backup policy).
import type { Executor } from './db/tx';

export const SETTING = {
  orgUnitId: 'org.unit_id',
  orgLevel: 'org.level',
  fiscalYear: 'org.fiscal_year',
  demo: 'org.demo',
  appId: 'app.id',
  maxFailures: 'auth.max_failures',
  lockMinutes: 'auth.lock_minutes',
  idleMinutes: 'auth.idle_minutes',
  backupKeep: 'backup.keep',
  lastAutoBackup: 'backup.last_auto',
} as const;

/** Marks a database as this application's (checked before a restore). */
export const APP_ID = 'union-finance-desk';

export async function getSetting<T>(db: Executor, key: string, fallback: T): Promise<T> {
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as T) : fallback;
}

export async function setSetting(db: Executor, key: string, value: unknown, now: Date): Promise<void> {
  await db
    .insertInto('app_setting')
    .values({ key, value: JSON.stringify(value), updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now.toISOString() }))
    .execute();
}
