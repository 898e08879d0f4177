// The ordered list of migrations, imported statically (no directory scan: bundlers and asar archives
// make scans fragile). Schema version = number of migrations applied, kept in PRAGMA user_version.
// Never edit or reorder a released migration; append a new one.
import type { Kysely } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_org';
import * as m0003 from './0003_ledger';
import * as m0004 from './0004_budget';

export interface Migration {
  name: string;
  up: (db: Kysely<any>) => Promise<void>;
}

export const migrations: readonly Migration[] = [
  { name: '0001_platform', up: m0001.up },
  { name: '0002_org', up: m0002.up },
  { name: '0004_budget', up: m0004.up },
  // Appended after 0004_budget, which was released first: the list order (not the name) is the schema version.
  { name: '0003_ledger', up: m0003.up },
];

export const LATEST_SCHEMA_VERSION = migrations.length;
