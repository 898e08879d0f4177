// Tamper detection of the hash-chained audit log: an attacker with the database file drops the
// append-only triggers and edits rows with raw SQL; `audit-log verify` (and verifyAuditLog) must name
// the first bad row and fail.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, it, expect, beforeAll } from 'vitest';
import { tempCore, tempDir, frozenClock } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { rowHash, verifyAuditLog } from '../../electron/core/domains/audit/log';
import { openExisting } from '../../electron/core/domains/backup/service';

let original: string;
let rows: number;

function exec(file: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(script, (err) => db.close(() => (err ? reject(err) : resolve())));
    });
  });
}

function all<T>(file: string, query: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.all(query, (err: Error | null, r: T[]) => db.close(() => (err ? reject(err) : resolve(r))));
    });
  });
}

const DROP_TRIGGERS = 'drop trigger audit_log_no_update; drop trigger audit_log_no_delete;';

/** A copy of the database with the attacker's SQL applied (after dropping the append-only triggers). */
async function tampered(script: string): Promise<string> {
  const file = path.join(tempDir(), 'tampered.sqlite3');
  fs.copyFileSync(original, file);
  await exec(file, DROP_TRIGGERS + script);
  return file;
}

async function verifyDirect(file: string) {
  const db = openExisting(file, true);
  try {
    return await verifyAuditLog(db);
  } finally {
    await db.destroy();
  }
}

async function expectBroken(file: string, id: number, problem: RegExp) {
  const direct = await verifyDirect(file);
  expect(direct.ok).toBe(false);
  expect(direct.firstBad?.id).toBe(id);
  expect(direct.firstBad?.problem).toMatch(problem);

  const text = await cli('audit-log', 'verify', '--db', file);
  expect(text.code).toBe(1);
  expect(text.stdout).toContain(`第一条问题记录为第 ${id} 条`);
  expect(text.stdout).toMatch(problem);

  const json = await cli('audit-log', 'verify', '--db', file, '--json');
  expect(json.code).toBe(1);
  expect(json.json).toMatchObject({ ok: false, firstBad: { id } });
  return direct;
}

beforeAll(async () => {
  const clock = frozenClock();
  const core = await tempCore({ now: clock });
  await initialise(core);
  for (const name of ['kj1', 'cn1', 'sh1']) {
    clock.advance(60_000);
    await userWithRoles(core, name, name === 'kj1' ? ['会计'] : name === 'cn1' ? ['出纳'] : ['只读审阅']);
  }
  clock.advance(60_000);
  await call(core, 'admin', 'users.update', { id: 2, displayName: '会计甲', title: '会计', unitId: null, active: true });
  original = core.env.dbPath;
  await core.close();
  rows = (await all<{ n: number }>(original, 'select count(*) as n from audit_log'))[0].n;
  expect(rows).toBeGreaterThanOrEqual(8);
});

describe('audit-log verify', () => {
  it('passes an untouched log (text, JSON and the function agree)', async () => {
    const text = await cli('audit-log', 'verify', '--db', original);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('OK');
    expect(text.stdout).toContain(`共 ${rows} 条记录`);
    const json = await cli('audit-log', 'verify', '--db', original, '--json');
    expect(json.code).toBe(0);
    expect(json.json).toMatchObject({ ok: true, checked: rows, lastId: rows });
    expect(await verifyDirect(original)).toEqual({ ok: true, checked: rows, lastId: rows });
  });

  it('refuses to change the log while the triggers are in place', async () => {
    const file = path.join(tempDir(), 'guarded.sqlite3');
    fs.copyFileSync(original, file);
    await expect(exec(file, "update audit_log set summary = 'x' where id = 3")).rejects.toThrow('审计日志只能追加，不能修改');
    await expect(exec(file, 'delete from audit_log where id = 3')).rejects.toThrow('审计日志只能追加，不能删除');
    expect((await verifyDirect(file)).ok).toBe(true);
  });

  it('names an altered row', async () => {
    const file = await tampered("update audit_log set summary = summary || '（已篡改）' where id = 4;");
    await expectBroken(file, 4, /第 4 条记录的内容与其哈希不符（被修改）/);
  });

  it('names an altered row even when the attacker also rewrote its own hash', async () => {
    const [r] = await all<any>(original, 'select * from audit_log where id = 4');
    const { hash: _old, ...content } = r;
    const forged = { ...content, summary: '伪造的摘要' };
    const file = await tampered(`update audit_log set summary = '伪造的摘要', hash = '${rowHash(forged)}' where id = 4;`);
    // Row 4 now checks out on its own; row 5's link to it does not.
    await expectBroken(file, 5, /第 5 条记录的前序哈希与上一条不符/);
  });

  it('names a deleted middle row', async () => {
    const file = await tampered('delete from audit_log where id = 3;');
    const r = await expectBroken(file, 4, /第 3 条至第 3 条记录缺失（被删除）/);
    expect(r.checked).toBe(2);
  });

  it('names a deleted last row', async () => {
    const file = await tampered(`delete from audit_log where id = ${rows};`);
    await expectBroken(file, rows, new RegExp(`第 ${rows} 条至第 ${rows} 条记录缺失（末尾记录被删除）`));
  });

  it('names the row after a forged row inserted in the middle', async () => {
    // The attacker shifts rows 3… up by one and inserts a well-formed row 3 chained to row 2.
    const [prev] = await all<{ hash: string }>(original, 'select hash from audit_log where id = 2');
    const forged = {
      id: 3,
      at: '2026-03-15T01:00:30.000Z',
      user_id: 1,
      username: 'admin',
      role: '系统管理员',
      module: '用户与角色',
      action: '修改用户',
      target_type: '用户',
      target_id: '1',
      summary: '伪造的记录',
      before_json: null,
      after_json: null,
      prev_hash: prev.hash,
    };
    const values = [forged.id, forged.at, forged.user_id, forged.username, forged.role, forged.module, forged.action, forged.target_type, forged.target_id, forged.summary, forged.before_json, forged.after_json, forged.prev_hash, rowHash(forged)]
      .map((v) => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v}'`))
      .join(', ');
    const file = await tampered(`
      update audit_log set id = -id where id >= 3;
      update audit_log set id = 1 - id where id < 0;
      insert into audit_log (id, at, user_id, username, role, module, action, target_type, target_id, summary, before_json, after_json, prev_hash, hash)
        values (${values});
      update sqlite_sequence set seq = ${rows + 1} where name = 'audit_log';`);
    expect((await all<{ n: number }>(file, 'select count(*) as n from audit_log'))[0].n).toBe(rows + 1);
    const r = await expectBroken(file, 4, /第 4 条记录的前序哈希与上一条不符/);
    expect(r.checked).toBe(3);
  });

  it('reports a file without an audit log and a missing file as errors', async () => {
    const plain = path.join(tempDir(), 'plain.sqlite3');
    await exec(plain, 'create table t (x)');
    const r = await cli('audit-log', 'verify', '--db', plain);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('没有审计日志表');
    const missing = await cli('audit-log', 'verify', '--db', path.join(tempDir(), 'none.sqlite3'), '--json');
    expect(missing.code).toBe(1);
    expect(missing.json.error.code).toBe('DB_NOT_FOUND');
  });
});
