// CLI: report audit against a database the core wrote; the workbook re-read matches the database.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { call, userWithRoles } from '../helpers/session';
import { county } from './budget-fixtures';

let db: string;
let projectId: number;
let code: string;

beforeAll(async () => {
  const c = await county(1);
  db = path.join(c.core.dir, 'ledger.sqlite3');
  await userWithRoles(c.core, 'sj', ['经审会委员']);
  const cats = (await call(c.core, 'sj', 'oversight.lookups', {})).categories;
  let p = await call(c.core, 'sj', 'oversight.projects.save', { year: 2026, name: '经费收缴审查', kind: '经费收缴审查', unitId: c.grassroots[0], deadline: '2026-06-30' });
  p = await call(c.core, 'sj', 'oversight.findings.save', { projectId: p.id, categoryId: cats.find((x: { name: string }) => x.name === '未足额收缴/上缴经费').id, description: '少缴经费', amountFen: 880000 });
  projectId = p.id;
  code = p.code;
  await c.core.close();
});

describe('report audit', () => {
  it('writes the workbook for a year and for a project', async () => {
    const out = path.join(tempDir(), '经审报告.xlsx');
    const r = await cli('report', 'audit', '--db', db, '--year', '2026', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ year: 2026, findings: 1, rectifications: 1, sheets: ['问题清单', '整改台账', '问题统计', '会议纪要'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const row = wb.getWorksheet('问题清单')!.getRow(4);
    expect(row.getCell(2).value).toBe(`${code}-1`);
    expect(row.getCell(4).value).toBe('未足额收缴/上缴经费');
    expect(row.getCell(6).value).toBe(8800);

    const one = path.join(tempDir(), '审查报告.xlsx');
    const t = await cli('report', 'audit', '--db', db, '--year', '2026', '--project', String(projectId), '--out', one);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('审查报告、问题清单、整改台账、问题统计、会议纪要');
    const again = await cli('report', 'audit', '--db', db, '--year', '2026', '--project', String(projectId), '--out', one, '--json');
    expect(again.json.error).toMatchObject({ code: 'CONFLICT' });
  });

  it('explains wrong arguments', async () => {
    const missing = await cli('report', 'audit', '--db', db, '--out', 'x.xlsx', '--json');
    expect(missing.code).toBe(2);
    expect(missing.json.error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--year') });
    const wrongYear = await cli('report', 'audit', '--db', db, '--year', '2025', '--project', String(projectId), '--out', path.join(tempDir(), 'a.xlsx'), '--json');
    expect(wrongYear.json.error.message).toContain('2026 年度');
    const gone = await cli('report', 'audit', '--db', db, '--year', '2026', '--project', '999', '--out', path.join(tempDir(), 'b.xlsx'), '--json');
    expect(gone.json.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});
