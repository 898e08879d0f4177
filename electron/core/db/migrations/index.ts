// The ordered list of migrations, imported statically (no directory scan: bundlers and asar archives
// make scans fragile). Schema version = number of migrations applied, kept in PRAGMA user_version.
// Never edit or reorder a released migration; append a new one.
import type { Kysely } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_org';
import * as m0003 from './0003_ledger';
import * as m0004 from './0004_budget';
import * as m0005 from './0005_expense';
import * as m0006 from './0006_collection';
import * as m0007 from './0007_oversight';
import * as m0008 from './0008_assessment';
import * as m0009 from './0009_accrual_correction';

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
  { name: '0005_expense', up: m0005.up },
  { name: '0006_collection', up: m0006.up },
  { name: '0007_oversight', up: m0007.up },
  { name: '0008_assessment', up: m0008.up },
  { name: '0009_accrual_correction', up: m0009.up },
];

export const LATEST_SCHEMA_VERSION = migrations.length;
