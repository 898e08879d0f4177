import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { endpoints } from '../../shared/contract';

describe('cli', () => {
  it('migrate creates the database, info reports it', async () => {
    const db = path.join(tempDir(), 'cli.sqlite3');
    const m = await cli('migrate', '--db', db, '--json');
    expect(m.code).toBe(0);
    expect(m.json).toMatchObject({ dbPath: db, from: 0, to: LATEST_SCHEMA_VERSION, backup: null });
    const again = await cli('migrate', '--db', db);
    expect(again.stdout).toContain('无需升级');

    const info = await cli('info', '--db', db, '--json');
    expect(info.code).toBe(0);
    expect(info.json.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(info.json.tables.map((t: any) => t.table)).toContain('app_setting');
    const text = await cli('info', '--db', db);
    expect(text.stdout).toContain('架构版本');
  });

  it('fails with a Chinese message, an error code and a non-zero exit', async () => {
    const missing = await cli('info', '--db', path.join(tempDir(), 'none.sqlite3'), '--json');
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ ok: false, error: { code: 'DB_NOT_FOUND' } });
    const noDb = await cli('info');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/错误（USAGE）：缺少参数 --db/);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令');
  });

  it('api list documents every handler from the registry', async () => {
    const r = await cli('api', 'list', '--json');
    expect(r.code).toBe(0);
    expect(r.json.map((a: any) => a.name).sort()).toEqual(endpoints.map((e) => e.name).sort());
    for (const a of r.json) {
      expect(a.summary).toBeTruthy();
      expect(a.input).toHaveProperty('type');
      expect(a.access === 'public' || a.access === 'signed-in' || Array.isArray(a.access)).toBe(true);
    }
  });
});
