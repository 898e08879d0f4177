// CLI: report expenditures against a database the core wrote.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempCore } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { getSetting, SETTING } from '../../electron/core/settings';
import { seedApprovedBudget } from '../../electron/core/domains/expense/demo';
import { makeCreditCode } from '../../shared/validate/creditCode';

let db: string;
let dir: string;

beforeAll(async () => {
  const core = await tempCore({ now: () => new Date('2026-03-15T09:00:00+08:00') });
  db = path.join(core.dir, 'ledger.sqlite3');
  dir = core.dir;
  await initialise(core);
  await userWithRoles(core, 'jb', ['经办人']);
  const org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  await seedApprovedBudget(core.db, 2026, [{ unitId: org, subjectCode: '50602', amountFen: 500_000, sangong: '公务接待费' }]);
  const up = (n: string) => ({ itemKey: n, uploadId: core.env.files.putUpload(`${n}.pdf`, new TextEncoder().encode(n)).id });
  const d = await call(core, 'jb', 'expense.save', {
    request: {
      unitId: org, applyDate: '2026-03-15', kind: '接待', purpose: '接待市总工会调研组', payeeName: '城关宾馆', payeeBank: '农行', payeeAccount: '6228',
      payMethod: '转账', amountFen: 45_600, extra: { guestUnit: '市总工会', guestCount: 4, companionCount: 2, meals: 1 },
      lines: [{ unitId: org, subjectCode: '50602', fundSource: '工会资金', amountFen: 45_600 }],
      invoices: [{ number: '26350000000000000009', date: '2026-03-14', sellerName: '城关宾馆', sellerCreditCode: makeCreditCode('91', '350102', '12345678'), amountFen: 45_600 }],
      attachments: [up('official_letter'), up('reception_list')],
    },
  });
  await call(core, 'jb', 'expense.submit', { id: d.id });
  await core.close();
});

describe('report expenditures', () => {
  it('writes the year’s 支出台账 and 三公 statistics', async () => {
    const out = path.join(dir, 'out', '支出台账.xlsx');
    const r = await cli('report', 'expenditures', '--db', db, '--year', '2026', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ year: 2026, rows: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('支出台账')!;
    expect(ws.getCell('A4').value).toBe('ZC2026-0001');
    expect(ws.getCell('I4').value).toBe(456);
    const sg = new ExcelJS.Workbook();
    await sg.xlsx.readFile(r.json.sangongFile);
    const rows = sg.getWorksheet('三公经费统计')!.getSheetValues().filter(Array.isArray).map((x) => (x as unknown[]).slice(1));
    expect(rows.find((x) => x[0] === '公务接待费')).toEqual(expect.arrayContaining(['公务接待费', 5000, 456]));
    const again = await cli('report', 'expenditures', '--db', db, '--year', '2026', '--out', out);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('已存在');
    expect(fs.existsSync(out)).toBe(true);
  });
});
