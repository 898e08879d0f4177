// 缴费基数导入 on a real SQLite file: the template, what is due before and after a new base takes effect
// (hand-computed: due = base × 2%), re-import reports everything unchanged, an update keeps the old value
// in the audit log, every error kind by row and column leaves the database unchanged, roles, the CLI.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { call, callErr } from '../helpers/session';
import { cli } from '../helpers/cli';
import { ACC, CASH, CLERK, READ, collectionCounty, type CountyCtx } from './collection-fixtures';
import type { BaseImportResult } from '../../shared/contract/collection-bases';
import type { HandlerContext } from '../../electron/core/context';
import { importBases } from '../../electron/core/domains/collection/bases-import';

let c: CountyCtx;
const HEAD = ['单位编码', '统一社会信用代码', '起始月份', '月工资总额（元）', '职工人数', '备注'];

beforeAll(async () => {
  c = await collectionCounty();
});

const upload = (name: string, bytes: Uint8Array) => c.core.env.files.putUpload(name, bytes).id;
const run = (uploadId: string, dryRun: boolean, who = CLERK): Promise<BaseImportResult> =>
  call(c.core, who, 'collection.bases.import', { uploadId, dryRun });

async function xlsx(rows: unknown[][], head = HEAD): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工资总额');
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const csv = (lines: string[], head = HEAD) => new TextEncoder().encode('\uFEFF' + [head.join(','), ...lines].join('\r\n') + '\r\n');

async function due(month: string, unitId: number): Promise<{ payrollBaseFen: number; monthDueFen: number; baseFrom: string | null; staffCount: number | null }> {
  const list = await call(c.core, CLERK, 'collection.payers.list', { month, pageSize: 500 });
  return list.rows.find((r: any) => r.unitId === unitId);
}

/** Everything the import may touch: the history, the registry's figures and the audit log. */
async function snapshot() {
  const hist = await c.core.db.selectFrom('collection_payroll_base').selectAll().orderBy('id').execute();
  const units = await c.core.db.selectFrom('unit').select(['id', 'payroll_base_fen', 'staff_count']).orderBy('id').execute();
  const audit = await c.core.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return JSON.stringify({ hist, units, audit: Number(audit.n) });
}

describe('缴费基数导入', () => {
  it('template lists the columns, instructions and (optionally) the payers', async () => {
    const f = await call(c.core, CLERK, 'collection.bases.template', { withPayers: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.core.env.files.exportPath(f.id).path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['工资总额', '填写说明']);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['单位编码', '统一社会信用代码', '单位名称（仅供核对，不导入）', '起始月份', '月工资总额（元）', '职工人数', '备注']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Six employers, not the township federation.
    expect(ws.actualRowCount).toBe(7);
    expect(ws.getRow(2).getCell(1).value).toBe('JC00001');
    expect(ws.getRow(2).getCell(2).value).toBe(c.e.full.credit);
    const blank = await call(c.core, CLERK, 'collection.bases.template', {});
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(c.core.env.files.exportPath(blank.id).path);
    expect(wb2.worksheets[0].actualRowCount).toBe(1);
    // The template filled in imports as it is (its 单位名称 column is only for checking).
    const t = wb.worksheets[0];
    t.getRow(2).getCell(4).value = '2025-01';
    t.getRow(2).getCell(5).value = 100000;
    for (let r = 3; r <= 7; r++) t.spliceRows(3, 1);
    const filled = upload('模板.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    const r = await run(filled, true);
    expect(r).toMatchObject({ status: 'checked', rows: 1, newCount: 1, errorCount: 0 });
  });

  it('imports a new base: due before and after the month it takes effect; re-import is all unchanged', async () => {
    // 鑫达: registry 100,000 元/月. History from 2026-01 at 100,000 (50 staff), from 2026-07 at 120,000 (60 staff).
    // 青禾 (by credit code only, month as a date cell): from 2026-03 at 66,000.50 元.
    const file = await xlsx([
      ['JC00001', c.e.full.credit, '2026-01', 100000, 50, '年初核定'],
      ['JC00001', null, '2026-07', '120,000.00', 60, '年中调资'],
      [null, c.e.under.credit, new Date(Date.UTC(2026, 2, 1)), '66000.50', null, null],
    ]);
    const id = upload('2026年工资总额.xlsx', file);
    const before = await snapshot();
    const preview = await run(id, true);
    expect(preview).toMatchObject({ status: 'checked', rows: 3, newCount: 3, changedCount: 0, unchangedCount: 0, errorCount: 0, sheet: '工资总额', headerRow: 1 });
    expect(preview.preview.map((p) => [p.row, p.unitName, p.fromMonth, p.payrollBaseFen, p.status])).toEqual([
      [2, '鑫达机械有限公司', '2026-01', 10_000_000, '新增'],
      [3, '鑫达机械有限公司', '2026-07', 12_000_000, '新增'],
      [4, '青禾纺织有限公司', '2026-03', 6_600_050, '新增'],
    ]);
    expect(await snapshot()).toBe(before);

    const done = await run(id, false);
    expect(done).toMatchObject({ status: 'imported', newCount: 3, changedCount: 0, errorCount: 0 });
    // June: 100,000 × 2% = 2,000 元; July: 120,000 × 2% = 2,400 元.
    expect(await due('2026-06', c.e.full.id)).toMatchObject({ payrollBaseFen: 10_000_000, monthDueFen: 200_000, baseFrom: '2026-01', staffCount: 50 });
    expect(await due('2026-07', c.e.full.id)).toMatchObject({ payrollBaseFen: 12_000_000, monthDueFen: 240_000, baseFrom: '2026-07', staffCount: 60 });
    // 青禾 March: 66,000.50 × 2% = 1,320.01 元 exactly.
    expect(await due('2026-03', c.e.under.id)).toMatchObject({ payrollBaseFen: 6_600_050, monthDueFen: 132_001, baseFrom: '2026-03' });
    // The registry's current figure follows the latest month (as with the single-payer form).
    const full = await c.core.db.selectFrom('unit').select(['payroll_base_fen', 'staff_count']).where('id', '=', c.e.full.id).executeTakeFirstOrThrow();
    expect(full).toEqual({ payroll_base_fen: 12_000_000, staff_count: 60 });
    const hist = await call(c.core, CLERK, 'collection.payers.baseHistory', { unitId: c.e.full.id });
    expect(hist.map((h: any) => [h.fromMonth, h.payrollBaseFen, h.source])).toEqual([['2026-07', 12_000_000, '导入'], ['2026-01', 10_000_000, '导入']]);
    // Audit: one summary entry plus one per row.
    const audit = await c.core.db.selectFrom('audit_log').selectAll().where('action', 'in', ['导入月工资总额', '导入登记工资总额']).orderBy('id').execute();
    expect(audit).toHaveLength(4);
    expect(audit[0].summary).toContain('新增 3 行，修改 0 行');
    expect(audit[1].summary).toContain('“鑫达机械有限公司”自 2026-01 起月工资总额 100,000.00 元，职工 50 人');
    expect(JSON.parse(audit[1].after_json!)).toMatchObject({ note: '年初核定', row: 2 });

    // The same file again: all unchanged, nothing written.
    const snap = await snapshot();
    const again = await run(upload('2026年工资总额.xlsx', file), false);
    expect(again).toMatchObject({ status: 'imported', newCount: 0, changedCount: 0, unchangedCount: 3, errorCount: 0 });
    expect(await snapshot()).toBe(snap);
  });

  it('an update keeps the old value in the audit log; a month before the history is inserted (GBK CSV too)', async () => {
    const file = csv([
      `JC00001,,2026-07,130000.00,,更正`, // changed: staff left empty keeps 60
      `JC00001,,2025-07,90000,45,补录`, // new, in the past: registry unchanged (2026-07 is still the latest)
    ]);
    const r = await run(upload('更正.csv', file), false);
    expect(r).toMatchObject({ status: 'imported', newCount: 1, changedCount: 1, unchangedCount: 0 });
    expect(r.preview[0]).toMatchObject({ status: '修改', fromMonth: '2026-07', payrollBaseFen: 13_000_000, beforeFen: 12_000_000, staffCount: 60, beforeStaff: 60 });
    const upd = await c.core.db.selectFrom('audit_log').selectAll().where('action', '=', '导入修改工资总额').executeTakeFirstOrThrow();
    expect(JSON.parse(upd.before_json!)).toEqual({ fromMonth: '2026-07', payrollBaseFen: 12_000_000, staffCount: 60 });
    expect(JSON.parse(upd.after_json!)).toMatchObject({ payrollBaseFen: 13_000_000, staffCount: 60, note: '更正', registryUpdated: true });
    expect(await due('2025-08', c.e.full.id)).toMatchObject({ payrollBaseFen: 9_000_000, monthDueFen: 180_000, baseFrom: '2025-07' });
    expect(await due('2026-08', c.e.full.id)).toMatchObject({ payrollBaseFen: 13_000_000, monthDueFen: 260_000 });
    const full = await c.core.db.selectFrom('unit').select(['payroll_base_fen', 'staff_count']).where('id', '=', c.e.full.id).executeTakeFirstOrThrow();
    expect(full).toEqual({ payroll_base_fen: 13_000_000, staff_count: 60 });

    // A GBK CSV as older tax systems write it: 单位编码,起始月份,月工资总额（元）,职工人数,备注 / JC00002,2026-05,52000.00,40,春季调资
    const gbk = Buffer.from('b5a5cebbb1e0c2eb2cc6f0cabcd4c2b7dd2cd4c2b9a4d7cad7dcb6eea3a8d4aaa3a92cd6b0b9a4c8cbcafd2cb1b8d7a20d0a4a4330303030322c323032362d30352c35323030302e30302c34302cb4babcbeb5f7d7ca0d0a', 'hex');
    const g = await run(upload('gbk.csv', gbk), false);
    expect(g).toMatchObject({ status: 'imported', newCount: 1 });
    expect(g.preview[0]).toMatchObject({ unitName: '小桥餐饮有限公司', fromMonth: '2026-05', payrollBaseFen: 5_200_000, staffCount: 40, note: '春季调资' });
  });

  it('every error kind is reported by sheet, row and column and leaves the database unchanged', async () => {
    await c.core.db.updateTable('unit').set({ active: 0 }).where('id', '=', c.e.short.id).execute();
    const good = ['JC00004', null, '2026-09', 90000, 30, null];
    const cases: Array<{ row: unknown[]; column: string; message: RegExp }> = [
      { row: ['JC09999', null, '2026-09', 1000, null, null], column: '单位编码（A列）', message: /JC09999.*不存在/ },
      { row: [null, '91350125MA0000999X', '2026-09', 1000, null, null], column: '统一社会信用代码（B列）', message: /不存在/ },
      { row: ['LH00001', null, '2026-09', 1000, null, null], column: '单位编码（A列）', message: /工会联合会，不是缴费单位/ },
      { row: ['JC00001', c.e.micro.credit, '2026-09', 1000, null, null], column: '统一社会信用代码（B列）', message: /不是同一单位.*鑫达.*小桥/ },
      { row: ['JC00006', null, '2026-09', 1000, null, null], column: '单位编码（A列）', message: /已停用/ },
      { row: [null, null, '2026-09', 1000, null, null], column: '单位编码（A列）', message: /至少填写一项/ },
      { row: ['JC00001', null, '2026-13', 1000, null, null], column: '起始月份（C列）', message: /无法识别/ },
      { row: ['JC00001', null, 2026.1, 1000, null, null], column: '起始月份（C列）', message: /小数/ },
      { row: ['JC00001', null, null, 1000, null, null], column: '起始月份（C列）', message: /为空/ },
      { row: ['JC00001', null, '2026-09', '1000.123', null, null], column: '月工资总额（元）（D列）', message: /小数/ },
      { row: ['JC00001', null, '2026-09', -5, null, null], column: '月工资总额（元）（D列）', message: /不能为负数/ },
      { row: ['JC00001', null, '2026-09', '一千', null, null], column: '月工资总额（元）（D列）', message: /格式/ },
      { row: ['JC00001', null, '2026-09', 1000, 'abc', null], column: '职工人数（E列）', message: /整数/ },
      { row: ['JC00004', null, '2026-09', 80000, null, null], column: '起始月份（C列）', message: /与第 2 行重复/ },
    ];
    for (const k of cases) {
      const before = await snapshot();
      const id = upload('错误.xlsx', await xlsx([good, k.row]));
      for (const dryRun of [true, false]) {
        const r = await run(id, dryRun);
        expect(r.status, JSON.stringify(k.row)).toBe('rejected');
        expect(r.errorCount, JSON.stringify(r.errors)).toBe(1);
        expect(r.errors[0]).toMatchObject({ sheet: '工资总额', row: 3, column: k.column });
        expect(r.errors[0].message).toMatch(k.message);
      }
      expect(await snapshot()).toBe(before);
    }
    // All of them in one file: every one listed, the good row not written either.
    const before = await snapshot();
    const all = await run(upload('全部错误.xlsx', await xlsx([good, ...cases.map((k) => k.row)])), false);
    expect(all.status).toBe('rejected');
    expect(all.errorCount).toBe(cases.length);
    expect(all.errors.map((e) => e.row)).toEqual(cases.map((_, i) => i + 3));
    expect(await snapshot()).toBe(before);
    // File-level errors.
    const noHead = await run(upload('无表头.csv', csv(['JC00001,2026-01,100'], ['编号', '月', '金额'])), false);
    expect(noHead).toMatchObject({ status: 'rejected', errorCount: 1 });
    expect(noHead.errors[0].message).toMatch(/找不到表头/);
    const xls = await run(upload('旧格式.xls', new Uint8Array([1, 2, 3])), false);
    expect(xls.errors[0].message).toMatch(/不支持/);
    expect(await snapshot()).toBe(before);
    await c.core.db.updateTable('unit').set({ active: 1 }).where('id', '=', c.e.short.id).execute();
  });

  it('only the collection clerks may import or download the template', async () => {
    const id = upload('x.csv', csv(['JC00003,,2026-01,30000,,']));
    for (const who of [READ, CASH]) {
      expect((await callErr(c.core, who, 'collection.bases.import', { uploadId: id, dryRun: true })).code).toBe('FORBIDDEN');
      expect((await callErr(c.core, who, 'collection.bases.template', {})).code).toBe('FORBIDDEN');
    }
    // 会计 is a collection clerk.
    expect(await run(id, true, ACC)).toMatchObject({ status: 'checked', newCount: 1 });
    // The core refuses on its own (not only the endpoint's access): a 只读审阅 user calling the core function.
    const reader = await c.core.db.selectFrom('app_user').select(['id', 'username']).where('username', '=', READ).executeTakeFirstOrThrow();
    const ctx = {
      db: c.core.db, session: { userId: reader.id, username: reader.username }, actingRole: '只读审阅', files: c.core.env.files,
      progress: () => {}, now: () => new Date(),
    } as unknown as HandlerContext;
    const before = await snapshot();
    await expect(importBases(ctx, { uploadId: id, dryRun: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot()).toBe(before);
  });

  it('CLI: collection bases-import FILE [--dry-run] [--json], non-zero exit when rejected', async () => {
    const db = path.join(c.core.dir, 'ledger.sqlite3');
    const dir = c.core.dir;
    const bad = path.join(dir, 'bases-bad.csv');
    fs.writeFileSync(bad, csv(['JC00003,,2026-01,30000.001,,', 'JC00003,,2026-02,30000,,']));
    const good = path.join(dir, 'bases-good.csv');
    fs.writeFileSync(good, csv(['JC00003,,2026-01,30000,20,', 'JC00003,,2026-02,32000,21,']));
    await c.core.close();
    const user = ['--user', CLERK, '--password', 'Passw0rd!'];
    const r1 = await cli('collection', 'bases-import', '--db', db, bad, ...user, '--json');
    expect(r1.code).toBe(2);
    // The good row is counted (what it would be) but nothing is written.
    expect(r1.json).toMatchObject({ status: 'rejected', errorCount: 1, newCount: 1 });
    expect(r1.json.errors[0]).toMatchObject({ row: 2, column: '月工资总额（元）（D列）' });
    const dry = await cli('collection', 'bases-import', '--db', db, good, '--dry-run', ...user, '--json');
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ status: 'checked', newCount: 2 });
    const r2 = await cli('collection', 'bases-import', '--db', db, good, ...user, '--json');
    // Nothing from the rejected file or the dry run: both rows are new.
    expect(r2.json).toMatchObject({ status: 'imported', newCount: 2, changedCount: 0 });
    const text = await cli('collection', 'bases-import', '--db', db, good, ...user);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('无变化 2');
    expect((await cli('collection', 'bases-import', '--db', db, good, '--json')).code).not.toBe(0);
    expect((await cli('collection', 'bases-import', '--db', db, ...user)).code).not.toBe(0);
  });
});
