import { sql } from 'kysely';
import { z } from 'zod';
import { systemApiList, systemInfo, systemPing, type ApiDescription } from '../../../../shared/contract/system';
import { implement, type Registry } from '../../registry';
import { MAIN_TABLES } from '../../db/schema';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { schemaVersion } from '../../db/open';
import type { CoreEnv } from '../../context';

export const APP_NAME = '县级工会财务工作台';

export async function describeDatabase(env: Pick<CoreEnv, 'db' | 'dbPath' | 'appVersion'>) {
  const { db } = env;
  const tables = [];
  for (const t of MAIN_TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.table)}`.execute(db);
    tables.push({ table: t.table, label: t.label, rows: Number(r.rows[0]?.n ?? 0) });
  }
  const v = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
  return {
    appName: APP_NAME,
    appVersion: env.appVersion,
    dbPath: env.dbPath,
    schemaVersion: await schemaVersion(db),
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    sqliteVersion: v.rows[0]?.v ?? '',
    tables,
  };
}

/** The contract's documentation, generated from the registry (used by `cli api list`). */
export function describeApi(registry: Registry): ApiDescription[] {
  return [...registry.values()]
    .map(({ endpoint }) => ({
      name: endpoint.name,
      summary: endpoint.summary,
      access: endpoint.access === 'public' || endpoint.access === 'signed-in' ? endpoint.access : [...endpoint.access],
      input: z.toJSONSchema(endpoint.input, { unrepresentable: 'any', io: 'input' }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function systemHandlers(getRegistry: () => Registry) {
  return [
    implement(systemInfo, async (_input, ctx) => describeDatabase(ctx)),
    implement(systemPing, async (_input, ctx) => ({ pong: true as const, at: ctx.now().toISOString() })),
    implement(systemApiList, async () => describeApi(getRegistry())),
  ];
}
