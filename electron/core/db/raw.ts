// The raw sqlite3 handle behind a Kysely instance, for the few operations Kysely cannot express — the
// online backup API that a restore uses to replace the live database without closing the core.
// `openDatabase` records each instance's connection here when the driver opens it.
import type sqlite3 from 'sqlite3';
import type { Kysely } from 'kysely';
import type { SqliteConnection } from './sqlite-driver';
import { AppError } from '../errors';

const connections = new WeakMap<object, SqliteConnection>();

/** Called by `openDatabase`'s onOpen hook: remembers the connection of a Kysely instance. */
export function rememberConnection(db: object, conn: SqliteConnection): void {
  connections.set(db, conn);
}

/**
 * Runs `fn` holding the driver's connection lock (no other statement or transaction of this core can
 * interleave) with the raw sqlite3 handle and a Kysely instance bound to the same connection. Use the
 * bound instance for queries inside `fn`: the outer one would wait for the lock held here and deadlock.
 */
export async function withRawConnection<DB, T>(
  db: Kysely<DB>,
  fn: (raw: sqlite3.Database, locked: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (locked) => {
    // The first statement opens the connection lazily; by now the driver is initialised.
    const conn = connections.get(db);
    if (!conn) throw new AppError('INTERNAL', '无法取得数据库底层连接（数据库未通过 openDatabase 打开）。');
    return fn(conn.raw, locked);
  });
}
