// CLI: collection import (JSON summary, non-zero exit when rejected), collection reconcile, report collection.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { call } from '../helpers/session';
import { cli } from '../helpers/cli';
import { CLERK, MAPPING, collectionCounty, csv, line, type CountyCtx } from './collection-fixtures';

let db: string;
let dir: string;
let c: CountyCtx;

beforeAll(async () => {
  c = await collectionCounty();
  dir = c.core.dir;
  db = path.join(dir, 'ledger.sqlite3');
  await call(c.core, CLERK, 'collection.profiles.save', { name: '县税务局', target: '收缴', mapping: MAPPING });
  await c.core.close();
});

describe('collection CLI', () => {
  it('imports with a profile, rejects a bad file with a non-zero exit, reconciles and writes the reports', async () => {
    const e = c.e;
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, csv([line(1, e.full, '工会经费', '2026-11', 'C1', '100000', 'abc', '2026-12-10')]));
    const user = ['--user', CLERK, '--password', 'Passw0rd!'];
    const r1 = await cli('collection', 'import', '--db', db, '--file', bad, '--profile', '县税务局', ...user, '--json');
    expect(r1.code).toBe(2);
    expect(r1.json).toMatchObject({ status: 'rejected', errorCount: 1, newRows: 0 });
    expect(r1.json.errors[0]).toMatchObject({ row: 2, column: '实缴金额（H列）' });

    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, csv([
      line(1, e.full, '工会经费', '2026-11', 'C1', '100000', '2000', '2026-12-10'),
      line(2, e.under, '工会经费', '2026-11', 'C2', '30000', '600', '2026-12-10'),
    ]));
    const r2 = await cli('collection', 'import', '--db', db, '--file', good, '--profile', '县税务局', ...user, '--json');
    expect(r2.code).toBe(0);
    expect(r2.json).toMatchObject({ status: 'imported', newRows: 2, duplicates: 0 });
    const r3 = await cli('collection', 'import', '--db', db, '--file', good, '--profile', '县税务局', ...user, '--json');
    expect(r3.json).toMatchObject({ status: 'imported', newRows: 0, duplicates: 2 });
    const noUser = await cli('collection', 'import', '--db', db, '--file', good, '--profile', '县税务局', '--json');
    expect(noUser.code).not.toBe(0);

    const rec = await cli('collection', 'reconcile', '--db', db, '--year', '2026', '--through', '12', '--json');
    expect(rec.code).toBe(0);
    expect(rec.json).toMatchObject({ stored: false, year: 2026, payers: 6, throughMonth: 12 });
    // Only November paid by two of six: the others owe the year; the two paid a twelfth.
    expect(rec.json.counts).toEqual({ 应缴未缴: 4, 少缴: 2, 申报不实: 0 });
    const stored = await cli('collection', 'reconcile', '--db', db, '--year', '2026', '--through', '12', ...user, '--json');
    expect(stored.json).toMatchObject({ stored: true, counts: { 应缴未缴: 4, 少缴: 2 } });

    // Year-end accrual list (read-only): 远山物流 paid nothing on 80,000 a month → owes 19,200 元, 40% = 7,680 元 upward.
    const acc = await cli('collection', 'accrual', '--db', db, '--year', '2026', '--json');
    expect(acc.code).toBe(0);
    expect(acc.json.rows.find((r: any) => r.unitName === '远山物流有限公司')).toMatchObject({ owedFen: 1_920_000, suggestedFen: 768_000, accrual: null });
    expect(acc.json.rows.some((r: any) => r.unitName === '新辉电子有限公司')).toBe(false);

    const out = path.join(dir, 'out', '收缴报表.xlsx');
    const rep = await cli('report', 'collection', '--db', db, '--year', '2026', '--out', out, '--json');
    expect(rep.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toContain('应缴未缴清单');
    expect((await cli('report', 'collection', '--db', db, '--year', '2026', '--out', out)).code).not.toBe(0);
  });
});
