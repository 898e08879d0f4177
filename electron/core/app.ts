// The core, assembled: database, registry, router, events. Knows nothing of Electron; the desktop
// shell, the HTTP transport, the CLI and the tests all start it the same way.
import path from 'node:path';
import { openDatabase, type Database } from './db/open';
import { createRegistry, type Handler, type Registry } from './registry';
import { createRouter, type Router, type SessionResolver } from './router';
import { EventBus } from './events';
import type { CoreEnv } from './context';
import { systemHandlers } from './domains/system/handlers';
import { setupHandlers } from './domains/setup/handlers';
import { userHandlers } from './domains/users/handlers';
import { auditHandlers } from './domains/audit/handlers';
import { backupHandlers } from './domains/backup/handlers';
import { budgetHandlers } from './domains/budget/handlers';
import { ledgerHandlers } from './domains/ledger/handlers';
import { unitHandlers } from './domains/units/handlers';
import { expenseHandlers } from './domains/expense/handlers';
import { collectionHandlers } from './domains/collection/handlers';
import { collectionBasesHandlers } from './domains/collection/bases-handlers';
import { oversightHandlers } from './domains/oversight/handlers';
import { assessmentHandlers } from './domains/assessment/handlers';
import { SessionStore, DEFAULT_IDLE_MINUTES } from './sessions';
import { getSetting, SETTING } from './settings';
import { FileAreas } from './files';
import pkg from '../../package.json';

export interface CoreOptions {
  /** The SQLite file; created and migrated if needed. */
  dbPath: string;
  /** Folder for backups and exports; defaults to the database's folder. */
  dataDir?: string;
  /** The clock (tests freeze it). */
  now?: () => Date;
  /** Called after a pre-migration backup is written. */
  onBackup?: (file: string) => void;
  /** Where unexpected handler errors are logged. */
  log?: (e: unknown, name: string) => void;
}

export interface Core {
  env: CoreEnv;
  db: Database;
  router: Router;
  registry: Registry;
  events: EventBus;
  sessions: SessionStore;
  close(): Promise<void>;
}

export const APP_VERSION: string = pkg.version;

function allHandlers(getRegistry: () => Registry): Handler<any>[] {
  return [...systemHandlers(getRegistry), ...setupHandlers, ...userHandlers, ...auditHandlers, ...backupHandlers, ...budgetHandlers, ...ledgerHandlers, ...unitHandlers,
    ...expenseHandlers, ...collectionHandlers, ...collectionBasesHandlers, ...oversightHandlers, ...assessmentHandlers];
}

/** The registry alone (no database): used by `cli api list` and contract tests. */
export function buildRegistry(): Registry {
  let registry: Registry | undefined;
  registry = createRegistry(allHandlers(() => registry!));
  return registry;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const dbPath = path.resolve(options.dbPath);
  const now = options.now ?? (() => new Date());
  const db = await openDatabase(dbPath, { now, onBackup: options.onBackup });
  const events = new EventBus();
  const dataDir = options.dataDir ?? path.dirname(dbPath);
  const env: CoreEnv = {
    db,
    dbPath,
    dataDir,
    files: new FileAreas(dataDir),
    appVersion: APP_VERSION,
    now,
    events,
  };
  const registry = buildRegistry();
  const sessions = new SessionStore();
  sessions.idleMinutes = await getSetting(db, SETTING.idleMinutes, DEFAULT_IDLE_MINUTES);
  const router = createRouter(registry, env, sessions satisfies SessionResolver, options.log);
  return {
    env,
    db,
    router,
    registry,
    events,
    sessions,
    close: () => db.destroy(),
  };
}
