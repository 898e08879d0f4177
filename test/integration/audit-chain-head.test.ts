// The audit writer remembers the last row it appended and links the next entry to it with one guarded
// INSERT. The guess must never link the chain wrongly: two database files written alternately from one
// process, a rolled-back transaction, a write from another connection and a deleted tail must all leave
// every chain intact (verifyAuditLog) with consecutive ids.
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, it, expect } from 'vitest';
import { tempDir } from '../helpers/temp';
import { openDatabase } from '../../electron/core/db/open';
import { withTx } from '../../electron/core/db/tx';
import { verifyAuditLog, writeAudit, writeAuditBatch, type Actor } from '../../electron/core/domains/audit/log';

const actor: Actor = { userId: null, username: 'test', role: '财务部门' };
const entry = (n: number) => ({ module: '测试', action: '写入', targetType: '测试', targetId: n, summary: `第 ${n} 条` });
const AT = '2026-03-15T01:00:00.000Z';

function rawExec(file: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(script, (err) => db.close(() => (err ? reject(err) : resolve())));
    });
  });
}

describe('audit chain head guess', () => {
  it('keeps two databases written alternately, a rollback and a foreign write intact', async () => {
    const dir = tempDir();
    const fa = path.join(dir, 'a.sqlite3');
    const a = await openDatabase(fa);
    const b = await openDatabase(path.join(dir, 'b.sqlite3'));
    try {
      const idsA: number[] = [];
      const idsB: number[] = [];
      for (let i = 0; i < 5; i++) {
        idsA.push(await withTx(a, (trx) => writeAudit(trx, AT, actor, entry(i))));
        idsB.push(await withTx(b, (trx) => writeAudit(trx, AT, actor, entry(i))));
        idsA.push(await withTx(a, (trx) => writeAudit(trx, AT, actor, entry(i + 100))));
      }
      // A transaction that appends and then fails: its row is rolled back, the next append must not
      // link to it.
      await expect(
        withTx(a, async (trx) => {
          await writeAudit(trx, AT, actor, entry(999));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      idsA.push(await withTx(a, (trx) => writeAudit(trx, AT, actor, entry(1000))));
      // Another connection appends a correctly chained row through its own writer path: simulate with
      // a batch (which always reads the head) on a second Kysely instance of the same file.
      const a2 = await openDatabase(fa);
      try {
        const [foreign] = await withTx(a2, (trx) => writeAuditBatch(trx, AT, actor, [entry(2000), entry(2001)]));
        idsA.push(foreign, foreign + 1);
      } finally {
        await a2.destroy();
      }
      idsA.push(await withTx(a, (trx) => writeAudit(trx, AT, actor, entry(3000))));
      expect(idsA).toEqual(Array.from({ length: idsA.length }, (_, k) => idsA[0] + k));
      expect(idsB).toEqual(Array.from({ length: 5 }, (_, k) => idsB[0] + k));
      const va = await verifyAuditLog(a);
      const vb = await verifyAuditLog(b);
      expect(va).toMatchObject({ ok: true, lastId: idsA[idsA.length - 1] });
      expect(vb).toMatchObject({ ok: true, lastId: idsB[4] });
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });

  it('continues after the AUTOINCREMENT counter, not the remembered row, when the counter is ahead', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.sqlite3');
    const db = await openDatabase(file);
    let last = 0;
    try {
      for (let i = 0; i < 3; i++) last = await withTx(db, (trx) => writeAudit(trx, AT, actor, entry(i)));
    } finally {
      await db.destroy();
    }
    // Someone advanced the counter (as a deleted tail would): the guess (last row) must miss and the
    // next id must follow the counter, exactly as without the guess.
    await rawExec(file, `update sqlite_sequence set seq = seq + 5 where name = 'audit_log'`);
    const db2 = await openDatabase(file);
    try {
      const id = await withTx(db2, (trx) => writeAudit(trx, AT, actor, entry(9)));
      expect(id).toBe(last + 6);
    } finally {
      await db2.destroy();
    }
  });
});
