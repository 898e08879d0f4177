// Budget compilation benchmarks (issue 5):
//
//   budget-import       county: 500 filled unit workbooks (~50 lines each, made from the real template and
//                       read by the real reader, untimed) — the database phase (checks + one transaction per
//                       workbook: version, projects, lines, current pointer, import log, audit entry) against
//                       raw sqlite3 inserting the same version, project and line rows, one transaction per
//                       workbook. Target ratio 1.5.
//   budget-consolidate  county 2,500 / city 25,000 units × 50 lines, with last year's budget present:
//                       consolidateAll (by subject with roll-up, by source, totals, by unit, by project, each
//                       with last year) against the same GROUP BYs hand-written on raw sqlite3. Target 1.5.
//   budget-export       the consolidated workbook (five official sheets, streaming) against plain exceljs
//                       streaming the same rows from hand-written queries. Target: peak RSS ≤ 300 MB.
//
// The consolidation databases are built once per case in the case directory (untimed) with the real
// migrations; both sides read the same file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type sqlite3 from 'sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { openDatabase } from '../../electron/core/db/open';
import { bulkInsert, type Row } from '../../electron/core/db/bulk';
import type { DB } from '../../electron/core/db/schema';
import { consolidateAll } from '../../electron/core/domains/budget/consolidate';
import { writeBudgetReport } from '../../electron/core/domains/budget/report';
import { Issues, checkBudget, checkContext, readBudgetWorkbook, writeVersion, type ReadBudget } from '../../electron/core/domains/budget/import';
import { buildTemplate, templateContext } from '../../electron/core/domains/budget/template';
import { budgetSubjects } from '../../shared/budget/subjects';
import { DETAIL_COLUMNS, FIRST_DATA_ROW, INCOME_COLUMNS, PROJECT_COLUMNS, SHEETS } from '../../shared/budget/template';
import { fenToYuanNumber } from '../../shared/money';
import { generateUnits, Rng, UNITS_PER_SCALE } from '../generate';
import { defineCase, rawAll, rawClose, rawOpenLikeApp, rawRun, type BenchCase, type RunContext, type Scale } from '../lib';

const YEAR = 2026;
const LINES_PER_UNIT = 50;
export const IMPORT_FILES = 500;

// ── generated budgets ────────────────────────────────────────────────────────────────────────────────

interface GenLine {
  direction: '收入' | '支出';
  subject: string;
  expenseType: string | null;
  project: string | null;
  item: string;
  quantity: number | null;
  unitPrice: number | null;
  amount: number;
  sangong: string | null;
}
interface GenProject {
  code: string;
  name: string;
  total: number;
}
interface GenBudget {
  lines: GenLine[];
  projects: GenProject[];
  income: number;
  expense: number;
}

const G_EXPENSE = budgetSubjects('G').filter((s) => s.direction === '支出' && s.leaf).map((s) => s.code);
const G_INCOME = ['401', '402', '40301', '40302', '405', '408'];
const ITEMS = ['职工篮球赛', '技能培训', '困难职工慰问', '书屋图书', '劳动竞赛奖品', '法律讲座', '春送岗位', '夏送清凉', '金秋助学', '会员生日慰问', '办公设备', '宣传展板'];
const PROJECT_NAMES = ['职工文体活动', '金秋助学', '职工书屋建设', '劳动技能竞赛', '送温暖'];

/** ~50 lines: 4 income lines, 2 projects of 8 detail lines, 30 basic lines; income covers expenditure. */
function genBudget(unitIndex: number, year: number, seed: number): GenBudget {
  const rng = new Rng((seed * 7919 + unitIndex * 104_729 + year) >>> 0);
  const lines: GenLine[] = [];
  const projects: GenProject[] = [];
  const detailCount = LINES_PER_UNIT - 4;
  let expense = 0;
  for (let p = 0; p < 2; p++) {
    const code = `P0${p + 1}`;
    let total = 0;
    for (let i = 0; i < 8; i++) {
      const qty = rng.chance(0.5) ? rng.int(1, 20) : null;
      const price = qty ? rng.int(50, 2_000) * 100 : null;
      const amount = qty && price ? qty * price : rng.int(500, 30_000) * 100 + rng.int(0, 99);
      total += amount;
      lines.push({ direction: '支出', subject: rng.pick(G_EXPENSE), expenseType: '项目支出', project: code, item: rng.pick(ITEMS), quantity: qty, unitPrice: price, amount, sangong: null });
    }
    projects.push({ code, name: PROJECT_NAMES[(unitIndex + p) % PROJECT_NAMES.length], total });
    expense += total;
  }
  for (let i = 16; i < detailCount; i++) {
    const subject = rng.pick(G_EXPENSE);
    const amount = rng.int(100, 20_000) * 100 + rng.int(0, 99);
    expense += amount;
    lines.push({ direction: '支出', subject, expenseType: '基本支出', project: null, item: rng.pick(ITEMS), quantity: null, unitPrice: null, amount, sangong: subject === '50704' ? '公务用车购置费' : null });
  }
  let income = 0;
  const target = expense + rng.int(0, 5_000) * 100;
  for (let i = 0; i < 4; i++) {
    const amount = i < 3 ? Math.floor(target / 4) : target - 3 * Math.floor(target / 4);
    income += amount;
    lines.push({ direction: '收入', subject: G_INCOME[(unitIndex + i) % G_INCOME.length], expenseType: null, project: null, item: '收入', quantity: null, unitPrice: null, amount, sangong: null });
  }
  return { lines, projects, income, expense };
}

// ── databases ────────────────────────────────────────────────────────────────────────────────────────

const NOW = '2025-11-20T01:00:00.000Z';

function unitRows(scale: Scale, seed: number, limit?: number): Row[] {
  return generateUnits(scale, seed)
    .slice(0, limit)
    .map(
      (u): Row => ({
        id: u.id,
        code: `JC${String(u.id).padStart(5, '0')}`,
        name: u.name,
        kind: '基层工会',
        org_type: u.type === '机关' ? '机关' : u.type,
        credit_code: u.credit_code,
        union_status: '已建会',
        member_count: u.member_count,
        staff_count: u.staff_count,
        payroll_base_fen: u.payroll_base_fen,
        active: 1,
        created_at: NOW,
        updated_at: NOW,
      }),
    );
}

async function insertUnits(db: Kysely<DB>, scale: Scale, seed: number, limit?: number): Promise<number> {
  return bulkInsert(db, 'unit', unitRows(scale, seed, limit));
}

interface Built {
  file: string;
  units: number;
  income: Record<number, number>;
  expense: Record<number, number>;
  projects: number;
  lines: number;
}

/**
 * Fills the budget tables of a year inside SQLite (recursive CTEs, pseudo-random but deterministic
 * expressions of unit, line and seed): per grassroots unit one version of 50 lines — 16 project lines in two
 * projects, 30 basic lines, 4 income lines covering the expenditure — then the projects and version totals
 * from the lines. Runs in a separate node process (below), so none of the generator's memory stays in the
 * benchmark process whose peak RSS is measured.
 */
const GENERATE_SQL = (year: number, yearIndex: number, seed: number, unitCount: number, expenseCodes: readonly string[], incomeCodes: readonly string[]) => {
  const list = (codes: readonly string[]) => codes.map((c, i) => `(${i}, '${c}')`).join(', ');
  const off = yearIndex * unitCount;
  const items = ['职工篮球赛', '技能培训', '困难职工慰问', '书屋图书', '劳动竞赛奖品', '法律讲座', '春送岗位', '夏送清凉', '金秋助学', '会员生日慰问', '办公设备', '宣传展板'];
  const itemCase = `case (v.id * 31 + n.i * 7) % ${items.length} ${items.map((t, i) => `when ${i} then '${t}'`).join(' ')} end`;
  // h(v, i): a deterministic hash in [0, 2^31).
  const h = (salt: number) => `(((v.id + ${seed % 100_000}) * 1103515245 + n.i * 12345 + ${salt}) % 2147483648)`;
  return [
    'begin',
    `insert into budget_version (id, year, unit_id, seq, chart, source, file_name, layout_json, income_fen, expense_fen, basic_fen,
       project_fen, line_count, project_count, locked, created_at, created_by, created_by_name)
     select ${off} + u.id, ${year}, u.id, 1, 'G', '导入', 'u' || u.id || '.xlsx', '{"收入预算":"D","支出预算":"J"}', 0, 0, 0, 0, 50, 2, 0,
            '${NOW}', null, 'bench'
     from unit u where u.kind = '基层工会' order by u.id`,
    `with recursive n(i) as (select 0 union all select i + 1 from n where i < 45),
     codes(k, code) as (values ${list(expenseCodes)})
     insert into budget_line (version_id, unit_id, direction, subject_code, expense_type, funding_source, project_id, item, quantity,
       unit_price_fen, amount_fen, sangong, special_fund, note, sheet, row_no)
     select v.id, v.unit_id, '支出', c.code, case when n.i < 16 then '项目支出' else '基本支出' end, '工会资金',
            case when n.i < 16 then (v.id - 1) * 2 + 1 + n.i / 8 end, ${itemCase}, null, null,
            ${h(7)} % 2950000 + 50000, case when c.code = '50704' then '公务用车购置费' end, null, null, '支出预算', ${FIRST_DATA_ROW} + n.i
     from budget_version v join n join codes c on c.k = ${h(3)} % ${expenseCodes.length}
     where v.year = ${year} order by v.id, n.i`,
    `with recursive n(i) as (select 0 union all select i + 1 from n where i < 3),
     codes(k, code) as (values ${list(incomeCodes)}),
     e(version_id, unit_id, total) as (select l.version_id, min(l.unit_id), sum(l.amount_fen) from budget_line l
       join budget_version v on v.id = l.version_id where v.year = ${year} group by l.version_id)
     insert into budget_line (version_id, unit_id, direction, subject_code, expense_type, funding_source, project_id, item, quantity,
       unit_price_fen, amount_fen, sangong, special_fund, note, sheet, row_no)
     select e.version_id, e.unit_id, '收入', c.code, null, '工会资金', null, '收入', null, null,
            case when n.i < 3 then e.total / 4 else e.total - 3 * (e.total / 4) + (e.version_id * 7) % 500000 end,
            null, null, null, '收入预算', ${FIRST_DATA_ROW} + n.i
     from e join n join codes c on c.k = (e.version_id + n.i) % ${incomeCodes.length} order by e.version_id, n.i`,
    `insert into budget_project (id, version_id, code, name, funding_source, special_fund, purpose, period_start, period_end, manager, goals,
       indicators, total_fen, sheet, row_no)
     select l.project_id, min(l.version_id), 'P0' || (2 - l.project_id % 2), case l.project_id % 5 when 0 then '职工文体活动'
              when 1 then '金秋助学' when 2 then '职工书屋建设' when 3 then '劳动技能竞赛' else '送温暖' end, '工会资金', null,
            '年度工作安排', '${year}-01-01', '${year}-12-31', '张三', '完成年度任务', '满意度≥90%', sum(l.amount_fen), '项目预算',
            ${FIRST_DATA_ROW} + (1 - l.project_id % 2)
     from budget_line l join budget_version v on v.id = l.version_id
     where v.year = ${year} and l.project_id is not null group by l.project_id`,
    `update budget_version set
       income_fen = (select sum(amount_fen) from budget_line l where l.version_id = budget_version.id and l.direction = '收入'),
       expense_fen = (select sum(amount_fen) from budget_line l where l.version_id = budget_version.id and l.direction = '支出'),
       project_fen = (select sum(amount_fen) from budget_line l where l.version_id = budget_version.id and l.expense_type = '项目支出'),
       basic_fen = (select sum(amount_fen) from budget_line l where l.version_id = budget_version.id and l.expense_type = '基本支出')
     where year = ${year}`,
    'commit',
  ];
};

/** The separate process: runs the statements on the file and prints the expected totals as JSON. */
const BUILDER = `
const sqlite3 = require('sqlite3');
const [file] = process.argv.slice(1);
const { statements, years, units } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const db = new sqlite3.Database(file);
const run = (q, p = []) => new Promise((res, rej) => db.run(q, p, (e) => (e ? rej(e) : res())));
const all = (q) => new Promise((res, rej) => db.all(q, (e, r) => (e ? rej(e) : res(r))));
(async () => {
  await run('pragma journal_mode = wal');
  // The units first, 500 a statement.
  await run('begin');
  const cols = Object.keys(units[0]);
  const tuple = '(' + cols.map(() => '?').join(', ') + ')';
  for (let i = 0; i < units.length; i += 500) {
    const batch = units.slice(i, i + 500);
    await run('insert into unit (' + cols.join(', ') + ') values ' + batch.map(() => tuple).join(', '), batch.flatMap((u) => cols.map((c) => u[c])));
  }
  await run('commit');
  for (const q of statements) await run(q);
  const out = {};
  for (const y of years) {
    out[y] = (await all(\`select sum(case when l.direction = '收入' then l.amount_fen else 0 end) as income,
      sum(case when l.direction = '支出' then l.amount_fen else 0 end) as expense, count(*) as lines,
      (select count(*) from budget_project p join budget_version v on v.id = p.version_id where v.year = \${y}) as projects
      from budget_line l join budget_version v on v.id = l.version_id where v.year = \${y}\`))[0];
  }
  db.close(() => process.stdout.write(JSON.stringify(out)));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/**
 * A database with the grassroots units of a scale and, for last year and this year, one current version of
 * 50 lines each. Only the (empty) schema is made here, with the real migrations; the units and the budgets
 * are written by the separate process, so the measured process keeps none of that memory.
 */
export async function buildConsolidationDb(dir: string, scale: Scale, seed: number): Promise<Built> {
  const file = path.join(dir, `budget-${scale}.sqlite3`);
  const db = await openDatabase(file);
  await db.destroy();
  const units = unitRows(scale, seed);
  const statements = [YEAR - 1, YEAR].flatMap((year, i) => GENERATE_SQL(year, i, seed, units.length, G_EXPENSE, G_INCOME));
  const r = spawnSync(process.execPath, ['-e', BUILDER, file], {
    cwd: path.resolve(__dirname, '..', '..'),
    input: JSON.stringify({ statements, years: [YEAR - 1, YEAR], units }),
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`building the budget database failed: ${r.stderr || r.error}`);
  const totals = JSON.parse(r.stdout) as Record<number, { income: number; expense: number; lines: number; projects: number }>;
  return {
    file,
    units: units.length,
    income: { [YEAR - 1]: totals[YEAR - 1].income, [YEAR]: totals[YEAR].income },
    expense: { [YEAR - 1]: totals[YEAR - 1].expense, [YEAR]: totals[YEAR].expense },
    projects: totals[YEAR].projects,
    lines: totals[YEAR].lines,
  };
}

function consolidationDb(ctx: RunContext<unknown>): Promise<Built> {
  return ctx.memo(`db-${ctx.scale}`, () => buildConsolidationDb(ctx.caseDir, ctx.scale, ctx.seed));
}

// ── the hand-written baseline queries ────────────────────────────────────────────────────────────────

const SRC = (year: number, range?: [number, number]) =>
  `select unit_id, current_version_id as version_id from budget_unit_year where year = ${year} and current_version_id is not null${
    range ? ` and unit_id between ${range[0]} and ${range[1]}` : ''
  }`;

/** Like the application, the baseline groups 2,500 units at a time, so that neither side sorts a city in memory. */
const PIECE = 2500;

export const BASE = {
  subjects: (year: number, range?: [number, number]) => `with src as (${SRC(year, range)})
    select l.direction, l.subject_code, l.funding_source, l.expense_type, sum(l.amount_fen) as amount, count(*) as n
    from src s join budget_line l on l.version_id = s.version_id
    group by l.direction, l.subject_code, l.funding_source, l.expense_type`,
  counts: (year: number) => `with src as (${SRC(year)})
    select (select count(*) from src) as units, (select count(*) from src s join budget_project p on p.version_id = s.version_id) as projects`,
  units: (year: number) => `with src as (${SRC(year)}),
    agg as (select s.unit_id, s.version_id, l.direction, sum(l.amount_fen) as amount,
                   sum(case when l.expense_type = '基本支出' then l.amount_fen else 0 end) as basic,
                   sum(case when l.expense_type = '项目支出' then l.amount_fen else 0 end) as project, count(*) as n
            from src s join budget_line l on l.version_id = s.version_id group by s.unit_id, s.version_id, l.direction)
    select a.unit_id, a.version_id, a.direction, a.amount, a.basic, a.project, a.n, u.code, u.name, u.kind, v.seq
    from agg a join unit u on u.id = a.unit_id join budget_version v on v.id = a.version_id order by u.code`,
  projects: (year: number) => `with src as (${SRC(year)})
    select p.id, v.unit_id, p.version_id, v.seq, u.code as ucode, u.name as uname, p.code, p.name, p.funding_source, p.special_fund,
           p.manager, p.period_start, p.period_end, p.goals, p.total_fen, (select count(*) from budget_line l where l.project_id = p.id) as n
    from budget_project p join budget_version v on v.id = p.version_id join unit u on u.id = v.unit_id
    where p.version_id in (select version_id from src)
    order by p.id`,
};

async function unitIdRanges(raw: sqlite3.Database, year: number): Promise<Array<[number, number]>> {
  const ids = (await rawAll<{ unit_id: number }>(raw, `${SRC(year)} order by unit_id`)).map((r) => r.unit_id);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < ids.length; i += PIECE) out.push([ids[i], ids[Math.min(ids.length, i + PIECE) - 1]]);
  return out;
}

type SubjectRow = { direction: string; subject_code: string; funding_source: string; expense_type: string | null; amount: number; n: number };

async function baselineSubjects(raw: sqlite3.Database, year: number): Promise<SubjectRow[]> {
  const merged = new Map<string, SubjectRow>();
  for (const range of await unitIdRanges(raw, year)) {
    for (const r of await rawAll<SubjectRow>(raw, BASE.subjects(year, range))) {
      const k = `${r.direction}|${r.subject_code}|${r.funding_source}|${r.expense_type}`;
      const m = merged.get(k);
      if (m) {
        m.amount += r.amount;
        m.n += r.n;
      } else merged.set(k, r);
    }
  }
  return [...merged.values()];
}

async function baselineConsolidate(raw: sqlite3.Database) {
  const subjects = await baselineSubjects(raw, YEAR);
  const lastSubjects = await baselineSubjects(raw, YEAR - 1);
  const counts = await rawAll(raw, BASE.counts(YEAR));
  const units = await rawAll<{ amount: number; direction: string }>(raw, BASE.units(YEAR));
  const lastUnits = await rawAll(raw, BASE.units(YEAR - 1));
  const projects = await rawAll<{ total_fen: number }>(raw, BASE.projects(YEAR));
  return { subjects, lastSubjects, counts, units, lastUnits, projects };
}

// ── budget-consolidate ───────────────────────────────────────────────────────────────────────────────

type ConsState =
  | { side: 'app'; db: Kysely<DB>; built: Built; result?: Awaited<ReturnType<typeof consolidateAll>> }
  | { side: 'baseline'; raw: sqlite3.Database; built: Built; result?: Awaited<ReturnType<typeof baselineConsolidate>> };

const consolidate: BenchCase<ConsState> = defineCase<ConsState>({
  name: 'budget-consolidate',
  description: 'consolidation (by subject/source/unit/project, with last year) over units × 50 lines vs hand-written GROUP BYs',
  scales: ['county', 'city'],
  rows: { county: UNITS_PER_SCALE.county * LINES_PER_UNIT, city: UNITS_PER_SCALE.city * LINES_PER_UNIT },
  targetRatio: 1.5,

  async setup(ctx) {
    const built = await consolidationDb(ctx);
    if (ctx.side === 'app') return { side: 'app', db: await openDatabase(built.file), built };
    return { side: 'baseline', raw: await rawOpenLikeApp(built.file), built };
  },

  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('app run without an app database');
    s.result = await consolidateAll(s.db, YEAR, null, '全部');
  },

  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('baseline run without a raw database');
    s.result = await baselineConsolidate(s.raw);
  },

  verify(ctx) {
    const s = ctx.state;
    const want = { income: s.built.income[YEAR], expense: s.built.expense[YEAR], units: s.built.units, projects: s.built.projects };
    let got: typeof want;
    if (s.side === 'app') {
      const r = s.result!;
      got = { income: r.totals.incomeFen, expense: r.totals.expenseFen, units: r.byUnit.length, projects: r.byProject.length };
      if (r.totals.lastYearExpenseFen !== s.built.expense[YEAR - 1]) throw new Error('last year differs');
      if (r.byUnit.reduce((a, u) => a + u.expenseFen, 0) !== want.expense) throw new Error('by-unit expense differs');
    } else {
      const r = s.result!;
      const sum = (rows: Array<{ direction: string; amount: number }>, d: string) => rows.filter((x) => x.direction === d).reduce((a, x) => a + x.amount, 0);
      got = { income: sum(r.subjects, '收入'), expense: sum(r.subjects, '支出'), units: new Set(r.units.map((u) => (u as { unit_id?: number }).unit_id)).size, projects: r.projects.length };
      if (sum(r.units, '支出') !== want.expense) throw new Error('by-unit expense differs');
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${ctx.side}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  },

  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});

// ── budget-export ────────────────────────────────────────────────────────────────────────────────────

type ExportState = { side: 'app'; db: Kysely<DB>; built: Built; file: string } | { side: 'baseline'; raw: sqlite3.Database; built: Built; file: string };

/** The same five sheets with plain exceljs streaming: title, header, rows, totals — no shared writer. */
async function baselineExport(raw: sqlite3.Database, file: string) {
  const data = await baselineConsolidate(raw);
  // The rule sheet's aggregates, hand-written (unit balances, subject totals by level, 三公, special funds).
  const ruleRows = await rawAll(raw, `with src as (${SRC(YEAR)}) select s.unit_id, l.direction, sum(l.amount_fen) as amount
    from src s join budget_line l on l.version_id = s.version_id join unit u on u.id = s.unit_id group by s.unit_id, l.direction`);
  for (const range of await unitIdRanges(raw, YEAR)) {
    await rawAll(raw, `with src as (${SRC(YEAR, range)}) select (u.kind in ('总工会','内设部门')) as own, l.direction, l.subject_code, sum(l.amount_fen)
      from src s join unit u on u.id = s.unit_id join budget_line l on l.version_id = s.version_id group by own, l.direction, l.subject_code`);
  }
  for (const y of [YEAR, YEAR - 1]) {
    await rawAll(raw, `with src as (${SRC(y)}) select (u.kind in ('总工会','内设部门')) as own, l.sangong, sum(l.amount_fen)
      from src s join unit u on u.id = s.unit_id join budget_line l on l.version_id = s.version_id where l.sangong is not null group by own, l.sangong`);
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const sheet = (name: string, header: string[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([`${YEAR}年度${name}`]).commit();
    ws.addRow(['编制单位：bench', '', '单位：元']).commit();
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.commit();
    return ws;
  };
  const money = (fen: number) => fen / 100;
  for (const dir of ['收入', '支出']) {
    const ws = sheet(`${dir}预算表`, ['科目编码', '科目名称', '上年预算数', '本年预算数']);
    const by = new Map<string, number>();
    for (const r of data.subjects as Array<{ direction: string; subject_code: string; amount: number }>) {
      if (r.direction === dir) by.set(r.subject_code, (by.get(r.subject_code) ?? 0) + r.amount);
    }
    let total = 0;
    for (const [code, fen] of [...by].sort()) {
      total += fen;
      const row = ws.addRow([code, code, null, money(fen)]);
      row.getCell(4).numFmt = '#,##0.00';
      row.commit();
    }
    ws.addRow(['', '合计', null, money(total)]).commit();
    ws.addRow(['工会主席：', '经费审查委员会主任：', '财务负责人：', '制表：']).commit();
    ws.commit();
  }
  {
    const ws = sheet('项目预算表', ['序号', '单位编码', '单位名称', '项目编号', '项目名称', '资金来源', '项目负责人', '绩效目标', '项目总额']);
    let i = 0;
    let total = 0;
    for (const p of data.projects as Array<{ ucode: string; uname: string; code: string; name: string; funding_source: string; manager: string; goals: string; total_fen: number }>) {
      total += p.total_fen;
      const row = ws.addRow([++i, p.ucode, p.uname, p.code, p.name, p.funding_source, p.manager, p.goals, money(p.total_fen)]);
      row.getCell(9).numFmt = '#,##0.00';
      row.commit();
    }
    ws.addRow(['', '', '合计', '', '', '', '', '', money(total)]).commit();
    ws.commit();
  }
  {
    const ws = sheet('基层单位预算汇总表', ['序号', '单位编码', '单位名称', '收入预算', '支出预算']);
    const per = new Map<number, { code: string; name: string; income: number; expense: number }>();
    for (const r of data.units as Array<{ unit_id: number; code: string; name: string; direction: string; amount: number }>) {
      const e = per.get(r.unit_id) ?? { code: r.code, name: r.name, income: 0, expense: 0 };
      if (r.direction === '收入') e.income += r.amount;
      else e.expense += r.amount;
      per.set(r.unit_id, e);
    }
    let i = 0;
    for (const e of per.values()) ws.addRow([++i, e.code, e.name, money(e.income), money(e.expense)]).commit();
    ws.commit();
  }
  {
    const ws = sheet('预算规则检查表', ['序号', '检查项目', '结果', '说明']);
    ws.addRow([1, '收支平衡', ruleRows.length ? '通过' : '不适用', '']).commit();
    ws.commit();
  }
  await wb.commit();
}

const exportCase: BenchCase<ExportState> = defineCase<ExportState>({
  name: 'budget-export',
  description: 'consolidated budget workbook (5 official sheets, streaming) vs plain exceljs streaming the same rows',
  scales: ['county', 'city'],
  rows: { county: UNITS_PER_SCALE.county * LINES_PER_UNIT, city: UNITS_PER_SCALE.city * LINES_PER_UNIT },
  targetRssMb: 300,

  async setup(ctx) {
    const built = await consolidationDb(ctx);
    if (process.env.UFD_BENCH_DEBUG) {
      (globalThis as { gc?: () => void }).gc?.();
      process.stderr.write(`  [debug] rss after setup ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB\n`);
    }
    const file = path.join(ctx.dir, 'report.xlsx');
    if (ctx.side === 'app') return { side: 'app', db: await openDatabase(built.file), built, file };
    return { side: 'baseline', raw: await rawOpenLikeApp(built.file), built, file };
  },

  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('app run without an app database');
    await writeBudgetReport(s.db, YEAR, null, s.file);
  },

  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('baseline run without a raw database');
    await baselineExport(s.raw, s.file);
  },

  async verify(ctx) {
    const s = ctx.state;
    const size = fs.statSync(s.file).size;
    if (size < 10_000) throw new Error(`${ctx.side}: workbook too small (${size} bytes)`);
    if (s.side === 'app' && ctx.scale === 'county') {
      // Re-read the app's workbook: the units sheet lists every unit and the expense total agrees.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(s.file);
      const ws = wb.getWorksheet('支出预算表')!;
      let total: number | null = null;
      ws.eachRow((row) => {
        if (row.getCell(2).value === '支出合计') total = Math.round(Number(row.getCell(5).value) * 100);
      });
      if (total !== s.built.expense[YEAR]) throw new Error(`expense total ${total} ≠ ${s.built.expense[YEAR]}`);
    }
  },

  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});

// ── budget-import ────────────────────────────────────────────────────────────────────────────────────

interface ImportData {
  baseDb: string;
  reads: ReadBudget[];
  lines: number;
  expense: number;
  /** The rows the baseline inserts, per workbook (the same the app writes). */
  rows: Array<{ version: Row; projects: Row[]; lines: Row[] }>;
}

function fillSheet(ws: ExcelJS.Worksheet, columns: readonly { key: string }[], rows: Array<Record<string, unknown>>) {
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i);
    columns.forEach((c, j) => {
      const v = r[c.key];
      if (v !== undefined && v !== null) row.getCell(j + 1).value = v as ExcelJS.CellValue;
    });
  });
}

export async function buildImportData(dir: string, seed: number): Promise<ImportData> {
  const baseDb = path.join(dir, 'import-base.sqlite3');
  const db = await openDatabase(baseDb);
  await insertUnits(db, 'county', seed);
  const tctx = await templateContext(db, YEAR);
  const wbDir = path.join(dir, 'workbooks');
  fs.mkdirSync(wbDir, { recursive: true });
  const reads: ReadBudget[] = [];
  const rows: ImportData['rows'] = [];
  let lines = 0;
  let expense = 0;
  const units = await db.selectFrom('unit').select(['id', 'code', 'name', 'kind', 'active']).orderBy('id').limit(IMPORT_FILES).execute();
  let vid = 0;
  let pid = 0;
  for (const u of units) {
    const b = genBudget(u.id, YEAR, seed);
    const unit = { id: u.id, code: u.code, name: u.name, kind: '基层工会' as const, active: true };
    const wb = await buildTemplate({ year: YEAR, unit, ...tctx, prefill: null });
    fillSheet(wb.getWorksheet(SHEETS.income)!, INCOME_COLUMNS, b.lines.filter((l) => l.direction === '收入').map((l) => ({ subject: l.subject, item: l.item, amount: fenToYuanNumber(l.amount) })));
    fillSheet(wb.getWorksheet(SHEETS.projects)!, PROJECT_COLUMNS, b.projects.map((p) => ({ code: p.code, name: p.name, purpose: '年度工作安排', manager: '张三', goals: '完成年度任务', indicators: '满意度≥90%', total: fenToYuanNumber(p.total) })));
    fillSheet(wb.getWorksheet(SHEETS.details)!, DETAIL_COLUMNS, b.lines.filter((l) => l.direction === '支出').map((l) => ({
      project: l.project, subject: l.subject, item: l.item, quantity: l.quantity, unitPrice: l.unitPrice === null ? null : fenToYuanNumber(l.unitPrice), amount: fenToYuanNumber(l.amount), sangong: l.sangong,
    })));
    const file = path.join(wbDir, `${u.code}.xlsx`);
    await wb.xlsx.writeFile(file);
    const read = await readBudgetWorkbook(file, `${u.code}.xlsx`);
    if (read.issues.errorCount) throw new Error(`${u.code}: ${JSON.stringify(read.issues.errors.slice(0, 3))}`);
    reads.push(read);
    lines += b.lines.length;
    expense += b.expense;
    // The baseline's rows: the same values the app derives.
    const version = ++vid;
    const pids = new Map<string, number>();
    const projects = b.projects.map((p, i): Row => {
      const id = ++pid;
      pids.set(p.code, id);
      return { id, version_id: version, code: p.code, name: p.name, funding_source: '工会资金', special_fund: null, purpose: '年度工作安排', period_start: null, period_end: null, manager: '张三', goals: '完成年度任务', indicators: '满意度≥90%', total_fen: p.total, sheet: SHEETS.projects, row_no: FIRST_DATA_ROW + i };
    });
    let inc = FIRST_DATA_ROW;
    let det = FIRST_DATA_ROW;
    rows.push({
      version: {
        id: version, year: YEAR, unit_id: u.id, seq: 1, chart: 'G', source: '导入', file_name: `${u.code}.xlsx`, file_sha256: read.sha256, preparer: null, phone: null,
        prepared_on: null, unit_head: null, layout_json: '{"收入预算":"D","支出预算":"J"}', income_fen: b.income, expense_fen: b.expense,
        basic_fen: 0, project_fen: 0, line_count: b.lines.length, project_count: b.projects.length, locked: 0, created_at: NOW, created_by: null, created_by_name: 'bench',
      },
      projects,
      lines: b.lines.map((l): Row => ({
        version_id: version, unit_id: u.id, direction: l.direction, subject_code: l.subject, expense_type: l.expenseType, funding_source: '工会资金',
        project_id: l.project ? pids.get(l.project)! : null, item: l.item, quantity: l.quantity === null ? null : String(l.quantity), unit_price_fen: l.unitPrice,
        amount_fen: l.amount, sangong: l.sangong, special_fund: null, note: null, sheet: l.direction === '收入' ? SHEETS.income : SHEETS.details,
        row_no: l.direction === '收入' ? inc++ : det++,
      })),
    });
  }
  await db.destroy();
  return { baseDb, reads, lines, expense, rows };
}

type ImportState = { side: 'app'; db: Kysely<DB>; data: ImportData } | { side: 'baseline'; raw: sqlite3.Database; data: ImportData };

export function insertSql(table: string, rows: readonly Row[]): { sql: string; params: unknown[] } {
  const cols = Object.keys(rows[0]);
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const params: unknown[] = [];
  for (const r of rows) for (const c of cols) params.push(r[c] ?? null);
  return { sql: `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${rows.map(() => tuple).join(', ')}`, params };
}

const importCase: BenchCase<ImportState> = defineCase<ImportState>({
  name: 'budget-import',
  description: '500 filled unit workbooks × ~50 lines: checks + one transaction per workbook vs raw batched insert of the same rows',
  scales: ['county'],
  rows: IMPORT_FILES * LINES_PER_UNIT,
  targetRatio: 1.5,

  async setup(ctx) {
    const data = await ctx.memo('import', () => buildImportData(ctx.caseDir, ctx.seed));
    const file = path.join(ctx.dir, 'import.sqlite3');
    fs.copyFileSync(data.baseDb, file);
    if (ctx.side === 'app') return { side: 'app', db: await openDatabase(file), data };
    return { side: 'baseline', raw: await rawOpenLikeApp(file), data };
  },

  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('app run without an app database');
    const check = await checkContext(s.db, YEAR, null);
    const actor = { userId: null, username: 'bench', role: '财务部门', displayName: 'bench' };
    const now = new Date(NOW);
    for (const read of s.data.reads) {
      const checked = checkBudget({ ...read, issues: new Issues() }, check);
      if (!checked.prepared) throw new Error(`${read.fileName}: ${JSON.stringify(checked.issues.errors.slice(0, 3))}`);
      await writeVersion(s.db, checked.prepared, actor, now, checked.issues);
    }
  },

  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('baseline run without a raw database');
    for (const w of s.data.rows) {
      await rawRun(s.raw, 'begin immediate');
      const v = insertSql('budget_version', [w.version]);
      await rawRun(s.raw, v.sql, v.params);
      const p = insertSql('budget_project', w.projects);
      await rawRun(s.raw, p.sql, p.params);
      const l = insertSql('budget_line', w.lines);
      await rawRun(s.raw, l.sql, l.params);
      await rawRun(s.raw, 'commit');
    }
  },

  async verify(ctx) {
    const s = ctx.state;
    const q = `select count(*) as n, sum(case when direction = '支出' then amount_fen else 0 end) as expense from budget_line`;
    const got = s.side === 'app'
      ? (await s.db.executeQuery<{ n: number; expense: number }>(CompiledQuery.raw(q))).rows[0]
      : (await rawAll<{ n: number; expense: number }>(s.raw, q))[0];
    if (got.n !== s.data.lines || got.expense !== s.data.expense) {
      throw new Error(`${ctx.side}: ${got.n} lines / ${got.expense} fen, expected ${s.data.lines} / ${s.data.expense}`);
    }
  },

  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});

export const budgetCases: readonly BenchCase<any>[] = [importCase, consolidate, exportCase];
