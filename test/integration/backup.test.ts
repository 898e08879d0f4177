// Backups and restore through the contract (as the renderer calls them) and the CLI.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { sql } from 'kysely';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tempCore, tempDir, frozenClock } from '../helpers/temp';
import { ADMIN, call, callErr, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { openDatabase } from '../../electron/core/db/open';
import { migrations, LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { autoBackup, openExisting, sha256File } from '../../electron/core/domains/backup/service';
import { APP_ID } from '../../electron/core/settings';
import type { BackupInspection, BackupSettings, RestoreResult } from '../../shared/contract/backup';
import type { ExportedFile } from '../../shared/bridge';

type TestCore = Awaited<ReturnType<typeof tempCore>>;
let core: TestCore;
let clock: ReturnType<typeof frozenClock>;

beforeEach(async () => {
  clock = frozenClock();
  core = await tempCore({ now: clock });
});
afterEach(async () => core.close());

function exec(file: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(script, (err) => db.close(() => (err ? reject(err) : resolve())));
    });
  });
}

async function usernames(c: TestCore, channel = 'admin'): Promise<string[]> {
  return (await call<{ username: string }[]>(c, channel, 'users.list', {})).map((u) => u.username).sort();
}

async function makeBackup(c: TestCore): Promise<{ file: ExportedFile; path: string }> {
  const file = await call<ExportedFile>(c, 'admin', 'backup.create');
  return { file, path: c.env.files.exportPath(file.id).path };
}

function upload(c: TestCore, name: string, bytes: Uint8Array | string) {
  return c.env.files.putUpload(name, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
}

function backupsIn(c: TestCore): string[] {
  const dir = path.join(c.dir, 'backups');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

async function signIn(c: TestCore) {
  await call(c, 'admin', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
}

function beforeRestoreFiles(dbPath: string): string[] {
  const dir = path.join(path.dirname(dbPath), 'backups');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes('before-restore')) : [];
}

async function lastAudit(c: TestCore) {
  return c.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

describe('manual backup and restore through the contract', () => {
  beforeEach(async () => {
    await initialise(core);
    await userWithRoles(core, 'kj1', ['会计']);
  });

  it('backs up, restores the old data after changes, ends all sessions and records the restore', async () => {
    const { file, path: backupPath } = await makeBackup(core);
    expect(file.name).toBe('工会财务备份-20260315-0900.sqlite3');
    expect(fs.readFileSync(backupPath).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const made = await lastAudit(core);
    expect(made).toMatchObject({ module: '备份与恢复', action: '手动备份', username: 'admin' });
    expect(made.summary).toContain(await sha256File(backupPath));

    // Changes after the backup (within the 30-minute idle limit of the sessions).
    clock.advance(10 * 60_000);
    await userWithRoles(core, 'kj2', ['出纳']);
    await call(core, 'admin', 'users.update', { id: 2, displayName: '改过的名字', title: null, unitId: null, active: true });
    expect(await usernames(core)).toEqual(['admin', 'kj1', 'kj2']);

    // What the file is.
    const up = upload(core, file.name, fs.readFileSync(backupPath));
    const info = await call<BackupInspection>(core, 'admin', 'backup.inspect', { uploadId: up.id });
    expect(info).toMatchObject({
      ok: true,
      failure: null,
      schemaVersion: LATEST_SCHEMA_VERSION,
      needsUpgrade: false,
      orgName: '测试县总工会',
      fiscalYear: 2026,
      counts: { units: 1, users: 2 },
      auditChain: { ok: true },
    });
    expect(info.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(info.sha256).toBe(await sha256File(backupPath));
    expect(info.lastAuditAt).toBe(new Date('2026-03-15T09:00:00+08:00').toISOString());

    // Confirmation is required, literally true.
    for (const input of [{ uploadId: up.id }, { uploadId: up.id, confirm: false }, { uploadId: up.id, confirm: 'yes' }]) {
      const e = await callErr(core, 'admin', 'backup.restore', input);
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain('请确认');
    }
    expect(await usernames(core)).toEqual(['admin', 'kj1', 'kj2']);

    clock.advance(60_000);
    const r = await call<RestoreResult>(core, 'admin', 'backup.restore', { uploadId: up.id, confirm: true });
    expect(r).toMatchObject({ fromSchemaVersion: LATEST_SCHEMA_VERSION, schemaVersion: LATEST_SCHEMA_VERSION, signedOut: true });

    // The pre-restore backup holds the data as it was just before.
    expect(path.basename(r.preRestoreBackup)).toBe('ledger-before-restore-20260315-091100.sqlite3');
    expect(backupsIn(core)).toContain('ledger-before-restore-20260315-091100.sqlite3');
    const pre = openExisting(r.preRestoreBackup, true);
    try {
      expect((await pre.selectFrom('app_user').select('username').orderBy('username').execute()).map((u) => u.username)).toEqual(['admin', 'kj1', 'kj2']);
      const preLast = await pre.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(preLast).toMatchObject({ action: '恢复前备份', username: 'admin' });
      expect((await verifyAuditLog(pre)).ok).toBe(true);
    } finally {
      await pre.destroy();
    }

    // Everybody was signed out; the old data is back.
    expect(await call(core, 'admin', 'auth.me')).toBeNull();
    expect(await call(core, 'kj1', 'auth.me')).toBeNull();
    expect((await callErr(core, 'admin', 'users.list', {})).code).toBe('UNAUTHENTICATED');
    await signIn(core);
    expect(await usernames(core)).toEqual(['admin', 'kj1']);
    const kj1 = (await call<{ username: string; displayName: string }[]>(core, 'admin', 'users.list', {})).find((u) => u.username === 'kj1');
    expect(kj1?.displayName).toBe('kj1');

    // The restored database's audit log verifies and ends with the restore entry.
    const v = await verifyAuditLog(core.db);
    expect(v.ok).toBe(true);
    const entry = await core.db.selectFrom('audit_log').selectAll().where('id', '=', r.auditId).executeTakeFirstOrThrow();
    // The backup's rows, then the restore entry (then the sign-in just made).
    expect(r.auditId).toBe(info.counts.auditRows! + 1);
    expect(entry).toMatchObject({ module: '备份与恢复', action: '恢复数据库', username: 'admin', role: '系统管理员', at: clock().toISOString() });
    expect(entry.summary).toContain(file.name);
    expect(entry.summary).toContain(info.sha256);
    expect(entry.user_id).toBe(1);
    expect(JSON.parse(entry.after_json!)).toMatchObject({ sha256: info.sha256, preRestoreBackup: 'ledger-before-restore-20260315-091100.sqlite3' });

    // The core stayed open and keeps working on the restored database.
    const jm = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(core.db);
    expect(jm.rows[0].journal_mode).toBe('wal');
    await userWithRoles(core, 'kj3', ['出纳']);
    expect(await usernames(core)).toEqual(['admin', 'kj1', 'kj3']);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  it('restores a backup of an older schema version and upgrades it', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old.sqlite3');
    const db = await openDatabase(old, { migrations: migrations.slice(0, 1) });
    await db.insertInto('app_setting').values({ key: 'app.id', value: JSON.stringify(APP_ID), updated_at: '2025-01-01T00:00:00Z' }).execute();
    await db.destroy();

    const up = upload(core, 'old.sqlite3', fs.readFileSync(old));
    const info = await call<BackupInspection>(core, 'admin', 'backup.inspect', { uploadId: up.id });
    expect(info).toMatchObject({ ok: true, schemaVersion: 1, needsUpgrade: true, orgName: null, counts: { units: null, users: null, auditRows: null } });
    expect(info.warnings.join()).toContain('自动升级');

    const r = await call<RestoreResult>(core, 'admin', 'backup.restore', { uploadId: up.id, confirm: true });
    expect(r).toMatchObject({ fromSchemaVersion: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    const sys = await call(core, 'x', 'system.info');
    expect(sys.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await call(core, 'x', 'setup.status')).initialised).toBe(false);
    const entries = await core.db.selectFrom('audit_log').selectAll().execute();
    expect(entries).toHaveLength(1);
    // The restorer's account does not exist in the restored database: named, but without a user id.
    expect(entries[0]).toMatchObject({ action: '恢复数据库', username: 'admin', user_id: null });
    expect(entries[0].summary).toContain(`已升级到 ${LATEST_SCHEMA_VERSION}`);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  it('restores a backup whose page size differs from the live database', async () => {
    const { path: good } = await makeBackup(core);
    const copy = path.join(tempDir(), 'big-pages.sqlite3');
    fs.copyFileSync(good, copy);
    await exec(copy, 'pragma page_size = 8192; vacuum;');
    expect(fs.readFileSync(copy).readUInt16BE(16)).toBe(8192);
    await userWithRoles(core, 'kj2', ['出纳']);
    const up = upload(core, 'big-pages.sqlite3', fs.readFileSync(copy));
    await call(core, 'admin', 'backup.restore', { uploadId: up.id, confirm: true });
    await signIn(core);
    expect(await usernames(core)).toEqual(['admin', 'kj1']);
    const ps = await sql<{ page_size: number }>`pragma page_size`.execute(core.db);
    expect(ps.rows[0].page_size).toBe(4096);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  describe('refuses a file that fails a check, leaving the live data untouched', () => {
    async function expectRefused(name: string, bytes: Uint8Array | string, code: string, message: RegExp, failedCheck: string) {
      const before = await lastAudit(core);
      const up = upload(core, name, bytes);
      const info = await call<BackupInspection>(core, 'admin', 'backup.inspect', { uploadId: up.id });
      expect(info.ok).toBe(false);
      expect(info.failureCode).toBe(code);
      expect(info.failure).toMatch(message);
      expect(info.checks.find((c) => c.status === 'failed')?.key).toBe(failedCheck);
      const e = await callErr(core, 'admin', 'backup.restore', { uploadId: up.id, confirm: true });
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(e.message).toBe(info.failure);
      // Untouched: same users, same audit log, no pre-restore backup, still signed in.
      expect(await usernames(core)).toEqual(['admin', 'kj1']);
      expect((await lastAudit(core)).id).toBe(before.id);
      expect(backupsIn(core).filter((f) => f.includes('before-restore'))).toEqual([]);
      expect(fs.readdirSync(core.dir).filter((f) => f.startsWith('.restore-staging-'))).toEqual([]);
      return info;
    }

    it('a file that is not an SQLite database', async () => {
      await expectRefused('备份.sqlite3', '这不是数据库文件，只是一段文字。'.repeat(20), 'NOT_SQLITE', /不是 SQLite 数据库文件/, 'sqlite');
      await expectRefused('empty.sqlite3', '', 'NOT_SQLITE', /不是 SQLite 数据库文件/, 'sqlite');
    });

    it('an SQLite database of another application', async () => {
      const dir = tempDir();
      const other = path.join(dir, 'other.sqlite3');
      await exec(other, `create table app_setting (key text primary key, value text not null, updated_at text not null);
        insert into app_setting values ('app.id', '"some-other-app"', '2026-01-01');
        create table unit (id integer primary key); create table audit_log (id integer primary key, prev_hash text, hash text);
        pragma user_version = 2;`);
      await expectRefused('other.sqlite3', fs.readFileSync(other), 'FOREIGN_DB', /其他程序的数据库（程序标识“some-other-app”）/, 'application');

      const plain = path.join(dir, 'plain.sqlite3');
      await exec(plain, `create table notes (id integer primary key, body text); insert into notes (body) values ('hello');`);
      const info = await expectRefused('plain.sqlite3', fs.readFileSync(plain), 'FOREIGN_DB', /不是县级工会财务工作台的数据库/, 'application');
      expect(info.failure).toContain('unit');
    });

    it('a corrupted database (bytes flipped in a copy)', async () => {
      const { path: good } = await makeBackup(core);
      const bytes = Buffer.from(fs.readFileSync(good));
      const pageSize = bytes.readUInt16BE(16);
      // Smash the b-tree page headers of every page after the first.
      for (let p = pageSize; p < bytes.length; p += pageSize) bytes.fill(0xa5, p, p + 8);
      await expectRefused('damaged.sqlite3', bytes, 'DB_CORRUPT', /备份文件已损坏/, 'integrity');
    });

    it('a database from a newer schema version', async () => {
      const { path: good } = await makeBackup(core);
      const copy = path.join(tempDir(), 'future.sqlite3');
      fs.copyFileSync(good, copy);
      await exec(copy, `pragma user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      const info = await expectRefused(
        'future.sqlite3',
        fs.readFileSync(copy),
        'DB_FROM_FUTURE',
        new RegExp(`更新版本的程序创建（架构版本 ${LATEST_SCHEMA_VERSION + 1}），本程序最高支持版本 ${LATEST_SCHEMA_VERSION}`),
        'version',
      );
      // Still says what it is.
      expect(info.orgName).toBe('测试县总工会');
    });
  });

  it('is for the system administrator only', async () => {
    const { channel } = await userWithRoles(core, 'sh', ['只读审阅']);
    const up = upload(core, 'x.sqlite3', 'x');
    for (const [name, input] of [
      ['backup.create', {}],
      ['backup.inspect', { uploadId: up.id }],
      ['backup.restore', { uploadId: up.id, confirm: true }],
      ['backup.settings', {}],
      ['backup.setKeep', { keep: 5 }],
    ] as const) {
      const e = await callErr(core, channel, name, input);
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain('系统管理员');
      expect((await callErr(core, 'kj1', name, input)).code).toBe('FORBIDDEN');
      expect((await callErr(core, 'nobody', name, input)).code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('automatic backups', () => {
  it('skips an uninitialised database', async () => {
    const r = await autoBackup(core);
    expect(r.status).toBe('skipped');
    expect(backupsIn(core)).toEqual([]);
  });

  it('runs at most once per (Beijing) calendar day and keeps the newest N', async () => {
    await initialise(core);
    const first = await autoBackup(core);
    expect(first.status).toBe('created');
    expect(path.basename(first.file!)).toBe('ledger-auto-20260315-090000.sqlite3');
    expect(first.message).toContain(first.file!);
    expect((await lastAudit(core))).toMatchObject({ action: '自动备份', username: '（系统）' });

    clock.set('2026-03-15T23:59:00+08:00');
    expect((await autoBackup(core)).status).toBe('skipped');
    // 00:30 in Beijing is still 15 March in UTC: the local date decides.
    clock.set('2026-03-16T00:30:00+08:00');
    const second = await autoBackup(core);
    expect(second.status).toBe('created');
    expect(path.basename(second.file!)).toBe('ledger-auto-20260316-003000.sqlite3');
    expect((await autoBackup(core)).status).toBe('skipped');

    await signIn(core);
    let s = await call<BackupSettings>(core, 'admin', 'backup.settings');
    expect(s).toMatchObject({ keep: 10, lastAuto: clock().toISOString(), backupDir: path.join(core.dir, 'backups') });
    expect(s.recent.map((b) => b.name)).toEqual(['ledger-auto-20260316-003000.sqlite3', 'ledger-auto-20260315-090000.sqlite3']);
    expect(s.recent.every((b) => b.size > 0 && b.kind === 'auto')).toBe(true);

    expect((await callErr(core, 'admin', 'backup.setKeep', { keep: 0 })).code).toBe('VALIDATION');
    expect((await callErr(core, 'admin', 'backup.setKeep', { keep: 366 })).code).toBe('VALIDATION');
    expect((await callErr(core, 'admin', 'backup.setKeep', { keep: 2.5 })).code).toBe('VALIDATION');
    s = await call<BackupSettings>(core, 'admin', 'backup.setKeep', { keep: 3 });
    expect(s.keep).toBe(3);
    expect(await lastAudit(core)).toMatchObject({ action: '修改备份设置', summary: expect.stringContaining('自动备份保留份数：10 → 3') });
    // Nothing deleted by the setting itself.
    expect(s.recent).toHaveLength(2);

    for (let day = 17; day <= 21; day++) {
      clock.set(`2026-03-${day}T08:15:00+08:00`);
      expect((await autoBackup(core)).status).toBe('created');
    }
    const autos = backupsIn(core).filter((f) => f.includes('-auto-'));
    expect(autos).toEqual(['ledger-auto-20260319-081500.sqlite3', 'ledger-auto-20260320-081500.sqlite3', 'ledger-auto-20260321-081500.sqlite3']);
    await signIn(core);
    s = await call<BackupSettings>(core, 'admin', 'backup.settings');
    expect(s.recent.map((b) => b.name)).toEqual([...autos].reverse());

    // Each automatic backup is a usable database of this application.
    const up = core.env.files.copyUpload(path.join(core.dir, 'backups', autos[0]));
    expect((await call<BackupInspection>(core, 'admin', 'backup.inspect', { uploadId: up.id })).ok).toBe(true);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });
});

describe('CLI backup and restore', () => {
  it('backs up a file, refuses to restore without --yes, restores with it', async () => {
    await initialise(core);
    await userWithRoles(core, 'kj1', ['会计']);
    const db = core.env.dbPath;
    await core.close();

    const out = path.join(tempDir(), 'copy.sqlite3');
    const b = await cli('backup', '--db', db, '--out', out, '--json');
    expect(b.code).toBe(0);
    expect(b.json).toMatchObject({ dbPath: db, out, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(b.json.sha256).toBe(await sha256File(out));
    expect((await cli('backup', '--db', db, '--out', out)).code).toBe(1);

    // Change the live file after the backup.
    core = await tempCore({ now: clock, dbPath: db });
    await signIn(core);
    await userWithRoles(core, 'kj2', ['出纳']);
    await core.close();

    const ask = await cli('restore', '--db', db, '--from', out);
    expect(ask.code).toBe(2);
    expect(ask.stdout).toContain('--yes');
    expect(ask.stdout).toContain('测试县总工会');
    const foreign = path.join(tempDir(), 'notes.sqlite3');
    await exec(foreign, 'create table notes (id integer primary key)');
    const refused = await cli('restore', '--db', db, '--from', foreign, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FOREIGN_DB');
    expect(beforeRestoreFiles(db)).toEqual([]);

    const done = await cli('restore', '--db', db, '--from', out, '--yes');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('已从');
    expect(done.stdout).toContain('恢复前的数据库已备份到');
    expect(beforeRestoreFiles(db)).toHaveLength(1);

    core = await tempCore({ now: clock, dbPath: db });
    await signIn(core);
    expect(await usernames(core)).toEqual(['admin', 'kj1']);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
    const restoreEntry = await core.db.selectFrom('audit_log').selectAll().where('action', '=', '恢复数据库').executeTakeFirstOrThrow();
    expect(restoreEntry).toMatchObject({ role: '命令行', user_id: null });
    expect(restoreEntry.summary).toContain(b.json.sha256);
    expect((await cli('audit-log', 'verify', '--db', db)).code).toBe(0);
  });

  it('restores into the database of a running core (the app sees the restored data)', async () => {
    await initialise(core);
    const out = path.join(tempDir(), 'copy.sqlite3');
    expect((await cli('backup', '--db', core.env.dbPath, '--out', out)).code).toBe(0);
    await userWithRoles(core, 'kj2', ['出纳']);
    expect((await cli('restore', '--db', core.env.dbPath, '--from', out, '--yes')).code).toBe(0);
    expect(await usernames(core)).toEqual(['admin']);
  });
});
