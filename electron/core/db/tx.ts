// Transactions that nest: the outermost call opens a real transaction, inner calls use savepoints, so
// a service can call another service that also wants atomicity without knowing who started first.
import { sql, type Kysely, type Transaction } from 'kysely';
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
