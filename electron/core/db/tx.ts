// Transactions that nest: the outermost call opens a real transaction, inner calls use savepoints, so
// a service can call another service that also wants atomicity without knowing who started first.
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { withRawConnection } from './raw';
import type { DB } from './schema';

export type Executor = Kysely<DB> | Transaction<DB>;

let savepointSeq = 0;

export async function withTx<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(fn);
  const trx = db as Transaction<DB>;
  const name = `sp_${++savepointSeq}`;
  await sql.raw(`savepoint ${name}`).execute(trx);
  try {
    const result = await fn(trx);
    await sql.raw(`release ${name}`).execute(trx);
    return result;
  } catch (e) {
    await sql.raw(`rollback to ${name}`).execute(trx);
    await sql.raw(`release ${name}`).execute(trx);
    throw e;
  }
}

/**
 * A write transaction for hot import paths (hundreds of small transactions in a row): BEGIN IMMEDIATE and
 * COMMIT go straight to the locked connection instead of through Kysely's transaction builder, which
 * costs ~0.1 ms a transaction in promise hops — a quarter of what a 50-line budget workbook's own INSERTs
 * take. `fn` gets an executor bound to that connection; it must not open transactions of its own (use
 * plain statements). Inside an existing transaction it is an ordinary savepoint ({@link withTx}).
 */
export async function withWriteTx<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return withTx(db, fn);
  return withRawConnection(db as Kysely<DB>, async (_raw, locked) => {
    await locked.executeQuery(CompiledQuery.raw('begin immediate'));
    try {
      const result = await fn(locked);
      await locked.executeQuery(CompiledQuery.raw('commit'));
      return result;
    } catch (e) {
      await locked.executeQuery(CompiledQuery.raw('rollback'));
      throw e;
    }
  });
}
