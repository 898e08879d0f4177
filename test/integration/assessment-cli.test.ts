// 考核评价 against the books: the budget execution rate (computed item) equals the ledger's posted expense
// (ledger/budget-link actualBySubject) over the unit's budgeted expense; and the CLI
// `report assessment --db F --year Y --round R --out FILE.xlsx` writes the ranking (and a unit's score sheet).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { call, userWithRoles } from '../helpers/session';
import { cli } from '../helpers/cli';
import { A, CLERK, county, federationBudget, submit, type County } from './budget-fixtures';
import { actualBySubject } from '../../electron/core/domains/ledger/budget-link';
import type { AssessRoundDetail, AssessSubjectSheet, AssessTemplateRow } from '../../shared/contract/assessment';

const YEAR = 2026;
let c: County;
let dbFile: string;
let round: AssessRoundDetail;

beforeAll(async () => {
  c = await county(1);
  dbFile = path.join(c.core.dir, 'ledger.sqlite3');
  await submit(c.core, CLERK, c.fed, federationBudget(), YEAR);
  await userWithRoles(c.core, 'kj1', ['会计']);
  await userWithRoles(c.core, 'kj2', ['会计']);
  const set = await call(c.core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: c.fed, chart: 'C', startYear: YEAR });
  await call(c.core, 'kj1', 'ledger.opening.set', { setId: set.id, rows: [{ accountCode: '102', debit: 100_000_000 }, { accountCode: '32205', credit: 100_000_000 }] });
  for (const [date, fen] of [['2026-03-10', 12_345_000], ['2026-03-12', 20_000_000]] as const) {
    const v = await call(c.core, 'kj1', 'ledger.vouchers.create', {
      setId: set.id, date, summary: '办公费',
      lines: [
        { accountCode: '50602', debit: fen, fundSource: '工会资金', expenseType: '基本支出', econCode: '30201' },
        { accountCode: '102', credit: fen },
      ],
    });
    await call(c.core, CLERK, 'ledger.vouchers.review', { id: v.id });
    await call(c.core, 'kj2', 'ledger.vouchers.post', { id: v.id });
  }
  const templates = await call<AssessTemplateRow[]>(c.core, A, 'assessment.templates.seed', { year: YEAR });
  round = await call(c.core, CLERK, 'assessment.rounds.create', {
    templateId: templates.find((t) => t.code === 'GZZJX')!.id, name: '2026年度绩效考核', unitIds: [c.fed, c.grassroots[0]],
  });
});
afterAll(async () => c.core.close());

describe('budget execution rate', () => {
  it('is the ledger’s posted expense (actualBySubject) over the budgeted expense', async () => {
    const actual = [...(await actualBySubject(c.core.db, { year: YEAR })).entries()].filter(([k]) => k.startsWith('5')).reduce((s, [, v]) => s + v, 0);
    expect(actual).toBe(32_345_000);
    const budget = (await c.core.db.selectFrom('budget_version').select('expense_fen').where('unit_id', '=', c.fed).where('year', '=', YEAR).executeTakeFirstOrThrow()).expense_fen;
    const s = round.subjects.rows.find((r) => r.unit.id === c.fed)!;
    const sheet = await call<AssessSubjectSheet>(c.core, A, 'assessment.subjects.sheet', { subjectId: s.id });
    const item = sheet.scores.find((x) => x.item.ruleKey === 'budget_execution')!;
    expect(item.computedValue).toBe(`${((actual / budget) * 100).toFixed(2)}%`);
    expect(item.computedDetail).toContain(`实际支出 ${(actual / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`);
    // The grassroots union has no budget: no data.
    const g = round.subjects.rows.find((r) => r.unit.id === c.grassroots[0])!;
    const gs = await call<AssessSubjectSheet>(c.core, A, 'assessment.subjects.sheet', { subjectId: g.id });
    expect(gs.scores.find((x) => x.item.ruleKey === 'budget_execution')!.computedScore).toBeNull();
  });
});

describe('report assessment', () => {
  it('writes the round ranking, and a unit’s score sheet with --unit; explains wrong arguments', async () => {
    const out = path.join(c.core.dir, 'out', '排名.xlsx');
    const r = await cli('report', 'assessment', '--db', dbFile, '--year', String(YEAR), '--round', '2026年度绩效考核', '--out', out, '--json');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ round: '2026年度绩效考核', subjects: 2, sheets: ['汇总排名', '等次统计'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('汇总排名')!;
    expect(ws.getCell('A1').value).toBe('2026年度绩效考核汇总排名表');
    const codes: unknown[] = [];
    ws.eachRow((row, n) => n > 4 && codes.push(row.getCell(3).value));
    expect(codes.slice(0, 2).sort()).toEqual(['JC00001', 'ORG']);

    const again = await cli('report', 'assessment', '--db', dbFile, '--year', String(YEAR), '--round', String(round.id), '--out', out, '--json');
    expect(again.code).toBe(1);
    expect(again.json.error.message).toContain('--force');
    const one = path.join(c.core.dir, 'out', '评分表.xlsx');
    const u = await cli('report', 'assessment', '--db', dbFile, '--year', String(YEAR), '--round', String(round.id), '--unit', 'ORG', '--out', one, '--json');
    expect(u.code, u.stdout + u.stderr).toBe(0);
    expect(u.json.sheets).toEqual(['评分表', '佐证材料清单']);
    expect(fs.statSync(one).size).toBeGreaterThan(1000);

    const missing = await cli('report', 'assessment', '--db', dbFile, '--year', String(YEAR), '--out', out, '--json');
    expect(missing.code).toBe(2);
    expect(missing.json.error.message).toContain('--round');
    const unknown = await cli('report', 'assessment', '--db', dbFile, '--year', String(YEAR), '--round', '不存在', '--out', path.join(c.core.dir, 'x.xlsx'), '--json');
    expect(unknown.json.error.message).toContain(`现有轮次：${round.id} 2026年度绩效考核`);
  });
});
