import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect, afterEach } from 'vitest';
import { sql, type Kysely } from 'kysely';
import sqlite3 from 'sqlite3';
import { openDatabase, readSchemaVersion, type Database } from '../../electron/core/db/open';
import { migrations, LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { withTx, withWriteTx } from '../../electron/core/db/tx';
import { bulkInsert } from '../../electron/core/db/bulk';
import { AppError } from '../../electron/core/errors';
import { tempDir } from '../helpers/temp';

const open: Database[] = [];
async function fresh(name = 'db.sqlite3') {
  const file = path.join(tempDir(), name);
  const db = await openDatabase(file);
  open.push(db);
  return { db, file };
}
afterEach(async () => {
  while (open.length) await open.pop()!.destroy().catch(() => {});
});

async function makeTable(db: Kysely<any>) {
  await sql`create table t (id integer primary key autoincrement, v text not null, n integer)`.execute(db);
}

describe('sqlite3 driver', () => {
  it('applies the pragmas on open', async () => {
    const { db } = await fresh();
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    const jm = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const bt = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
    expect(fk.rows[0].foreign_keys).toBe(1);
    expect(jm.rows[0].journal_mode).toBe('wal');
    expect(bt.rows[0].timeout).toBe(5000);
    // Big sorts spill to a temporary file and the page cache is 16 MB: the city-scale export's memory.
    const ts = await sql<{ temp_store: number }>`pragma temp_store`.execute(db);
    const cs = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
    expect(ts.rows[0].temp_store).toBe(1);
    expect(cs.rows[0].cache_size).toBe(-16384);
  });

  it('returns inserted ids, affected rows and RETURNING rows', async () => {
    const { db } = await fresh();
    await makeTable(db);
    const a = await db.insertInto('t' as any).values({ v: 'a' }).executeTakeFirstOrThrow();
    const b = await db.insertInto('t' as any).values({ v: 'b' }).executeTakeFirstOrThrow();
    expect(Number(a.insertId)).toBe(1);
    expect(Number(b.insertId)).toBe(2);
    const ret = await db.insertInto('t' as any).values({ v: 'c' }).returning(['id', 'v'] as any).executeTakeFirstOrThrow();
    expect(ret).toEqual({ id: 3, v: 'c' });
    const upd = await db.updateTable('t' as any).set({ n: 7 }).where('id' as any, '<', 3).executeTakeFirstOrThrow();
    expect(Number(upd.numUpdatedRows)).toBe(2);
    const del = await db.deleteFrom('t' as any).where('id' as any, '=', 1).returning('v' as any).execute();
    expect(del).toEqual([{ v: 'a' }]);
  });

  it('rolls back a failed transaction completely', async () => {
    const { db } = await fresh();
    await makeTable(db);
    await db.insertInto('t' as any).values({ v: 'kept' }).execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t' as any).values({ v: 'lost-1' }).execute();
        await trx.updateTable('t' as any).set({ v: 'changed' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await db.selectFrom('t' as any).select('v' as any).execute();
    expect(rows).toEqual([{ v: 'kept' }]);
  });

  it('never interleaves statements of concurrent transactions', async () => {
    const { db } = await fresh();
    await makeTable(db);
    const log: string[] = [];
    const tx = (name: string) =>
      db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) {
          log.push(name);
          await trx.insertInto('t' as any).values({ v: name, n: i }).execute();
          await new Promise((r) => setTimeout(r, 1));
        }
      });
    // A plain query issued meanwhile must wait for the running transaction too.
    const outside = db.insertInto('t' as any).values({ v: 'outside', n: 0 }).execute().then(() => log.push('outside'));
    await Promise.all([tx('A'), tx('B'), tx('C'), outside]);
    const runs = log.join('').replace(/outside/g, '|').split('|').join('');
    // Each transaction's five statements are contiguous in the log.
    expect(runs).toMatch(/^(AAAAA|BBBBB|CCCCC)+$/);
    expect(runs.length).toBe(15);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect(count.rows[0].n).toBe(16);
  });

  it('nests transactions with savepoints: an inner failure rolls back only the inner part', async () => {
    const { db } = await fresh();
    await makeTable(db);
    await withTx(db, async (trx) => {
      await trx.insertInto('t' as any).values({ v: 'outer' }).execute();
      await expect(
        withTx(trx, async (inner) => {
          await inner.insertInto('t' as any).values({ v: 'inner' }).execute();
          throw new AppError('X', 'inner failure');
        }),
      ).rejects.toThrow('inner failure');
      await withTx(trx, async (inner) => {
        await inner.insertInto('t' as any).values({ v: 'inner-ok' }).execute();
      });
    });
    const rows = await db.selectFrom('t' as any).select('v' as any).orderBy('id' as any).execute();
    expect(rows.map((r: any) => r.v)).toEqual(['outer', 'inner-ok']);
  });

  it('withWriteTx (the import fast path): commits, rolls back on failure, excludes other work, nests as a savepoint', async () => {
    const { db } = await fresh();
    await makeTable(db);
    const ids = await withWriteTx(db, async (trx) => {
      const a = await trx.insertInto('t' as any).values({ v: 'one' }).returning('id' as any).executeTakeFirstOrThrow();
      await trx.insertInto('t' as any).values({ v: 'two' }).execute();
      return a;
    });
    expect(ids).toEqual({ id: 1 });
    await expect(
      withWriteTx(db, async (trx) => {
        await trx.insertInto('t' as any).values({ v: 'lost' }).execute();
        throw new AppError('X', 'workbook failed');
      }),
    ).rejects.toThrow('workbook failed');
    // A statement issued while a fast transaction runs waits for it (same lock as Kysely's transactions).
    const log: string[] = [];
    const fast = withWriteTx(db, async (trx) => {
      for (let i = 0; i < 3; i++) {
        log.push('W');
        await trx.insertInto('t' as any).values({ v: 'w', n: i }).execute();
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    const outside = db.insertInto('t' as any).values({ v: 'outside' }).execute().then(() => log.push('O'));
    await Promise.all([fast, outside]);
    expect(log.join('')).toBe('WWWO');
    // Inside a transaction it is a savepoint: its failure leaves the outer work in place.
    await withTx(db, async (trx) => {
      await trx.insertInto('t' as any).values({ v: 'outer' }).execute();
      await expect(
        withWriteTx(trx, async (inner) => {
          await inner.insertInto('t' as any).values({ v: 'inner-lost' }).execute();
          throw new AppError('X', 'inner failure');
        }),
      ).rejects.toThrow('inner failure');
    });
    const rows = await db.selectFrom('t' as any).select('v' as any).orderBy('id' as any).execute();
    expect(rows.map((r: any) => r.v)).toEqual(['one', 'two', 'w', 'w', 'w', 'outside', 'outer']);
    // No transaction is left open on the connection.
    await expect(sql`begin`.execute(db).then(() => sql`commit`.execute(db))).resolves.toBeDefined();
  });

  it('bulk-inserts in batches inside one transaction and writes nothing when a row fails', async () => {
    const { db } = await fresh();
    await makeTable(db);
    const rows = Array.from({ length: 25_001 }, (_, i) => ({ v: `r${i}`, n: i }));
    let batches = 0;
    expect(await bulkInsert(db, 't', rows, { onBatch: () => batches++ })).toBe(25_001);
    expect(batches).toBeGreaterThan(1);
    const sum = await sql<{ s: number; c: number }>`select sum(n) as s, count(*) as c from t`.execute(db);
    expect(sum.rows[0]).toEqual({ c: 25_001, s: (25_000 * 25_001) / 2 });

    const bad = Array.from({ length: 3000 }, (_, i) => ({ v: i === 2500 ? null : `x${i}`, n: i }));
    await expect(bulkInsert(db, 't', bad as any)).rejects.toThrow(/NOT NULL/);
    const after = await sql<{ c: number }>`select count(*) as c from t`.execute(db);
    expect(after.rows[0].c).toBe(25_001);
  });
});

describe('migrations', () => {
  it('builds a new file at the latest schema version', async () => {
    const { db, file } = await fresh();
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    const v = await sql<{ user_version: number }>`pragma user_version`.execute(db);
    expect(v.rows[0].user_version).toBe(LATEST_SCHEMA_VERSION);
    await db.destroy();
    expect(await readSchemaVersion(file)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a database from a newer version and leaves the file untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.sqlite3');
    await new Promise<void>((resolve, reject) => {
      const raw = new sqlite3.Database(file);
      raw.exec(`create table x (a); insert into x values (1); pragma user_version = ${LATEST_SCHEMA_VERSION + 5};`, (e) =>
        raw.close(() => (e ? reject(e) : resolve())),
      );
    });
    const before = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const err = await openDatabase(file).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('DB_FROM_FUTURE');
    expect(err.message).toMatch(/更新版本的程序/);
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['future.sqlite3']);
  });

  it('backs the file up before migrating and runs pending migrations in one transaction', async () => {
    const { db, file } = await fresh('app.sqlite3');
    await sql`insert into app_setting (key, value, updated_at) values ('k', 'v', 'now')`.execute(db);
    await db.destroy();
    open.length = 0;

    const extra = [
      ...migrations,
      { name: 'test_ok', up: async (d: Kysely<any>) => void (await sql`create table extra_ok (a)`.execute(d)) },
      { name: 'test_fail', up: async (d: Kysely<any>) => void (await sql`create table broken (`.execute(d)) },
    ];
    const backups: string[] = [];
    await expect(openDatabase(file, { migrations: extra, onBackup: (f) => backups.push(f) })).rejects.toThrow();
    // Nothing of the failed run remains: version unchanged, the first extra table rolled back.
    expect(await readSchemaVersion(file)).toBe(LATEST_SCHEMA_VERSION);
    const check = await openDatabase(file);
    open.push(check);
    const t = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'extra_ok'`.execute(check);
    expect(t.rows[0].n).toBe(0);
    await check.destroy();
    open.length = 0;

    // The backup was written before the attempt and holds the data.
    expect(backups).toHaveLength(1);
    const backup = await openDatabase(backups[0], { migrate: false });
    open.push(backup);
    const kept = await sql<{ value: string }>`select value from app_setting where key = 'k'`.execute(backup);
    expect(kept.rows[0].value).toBe('v');

    const ok = await openDatabase(file, { migrations: extra.slice(0, -1) });
    open.push(ok);
    expect(await readSchemaVersion(file)).toBe(LATEST_SCHEMA_VERSION + 1);
  });
});
