// Fixtures for the budget tests: a small county (the federation, two departments, a township federation
// and grassroots unions), users for every stage, and filling the exported template programmatically with
// exceljs — by header names, as a clerk's colleague would type it.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import type { Core } from '../../electron/core/app';
import { COVER_FIELDS, FIRST_DATA_ROW, HEADER_ROW, SHEETS } from '../../shared/budget/template';
import { makeCreditCode } from '../../shared/validate/creditCode';

export const YEAR = 2026;
export const A = 'admin';
/** The finance clerk (财务部门) who exports templates and imports workbooks. */
export const CLERK = 'clerk';

export type TestCore = Awaited<ReturnType<typeof tempCore>>;

export interface County {
  core: TestCore;
  clock: ReturnType<typeof frozenClock>;
  fed: number;
  depts: number[];
  township: number;
  grassroots: number[];
  units: Map<string, number>;
}

async function addUnit(core: Core, code: string, name: string, kind: string, parentId: number | null, n: number) {
  const now = new Date().toISOString();
  const r = await core.db
    .insertInto('unit')
    .values({
      code,
      name,
      short_name: null,
      kind,
      org_type: kind === '基层工会' ? '企业' : kind === '工会联合会' ? '乡镇' : null,
      ownership: null,
      credit_code: kind === '基层工会' ? makeCreditCode('91', '350100', String(20_000_000 + n)) : null,
      union_credit_code: null,
      parent_id: parentId,
      union_founded_on: null,
      union_status: kind === '基层工会' ? '已建会' : null,
      chair: null,
      member_count: null,
      staff_count: null,
      payroll_base_fen: null,
      bank_name: null,
      bank_account: null,
      contact_person: null,
      contact_phone: null,
      address: null,
      notes: null,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** A county with the federation (ORG), 2 departments, 1 township federation and `n` grassroots unions. */
export async function county(n = 3): Promise<County> {
  const clock = frozenClock('2025-11-20T09:00:00+08:00');
  const core = await tempCore({ now: clock });
  await initialise(core, A);
  await userWithRoles(core, CLERK, ['财务部门']);
  const fed = (await core.db.selectFrom('unit').select('id').where('code', '=', 'ORG').executeTakeFirstOrThrow()).id;
  const units = new Map<string, number>([['ORG', fed]]);
  const depts = [
    await addUnit(core, 'BM00001', '办公室', '内设部门', fed, 1),
    await addUnit(core, 'BM00002', '基层工作部', '内设部门', fed, 2),
  ];
  units.set('BM00001', depts[0]).set('BM00002', depts[1]);
  const township = await addUnit(core, 'LH00001', '城关镇工会联合会', '工会联合会', fed, 3);
  units.set('LH00001', township);
  const grassroots: number[] = [];
  for (let i = 1; i <= n; i++) {
    const code = `JC${String(i).padStart(5, '0')}`;
    const id = await addUnit(core, code, `测试企业${i}有限公司工会`, '基层工会', township, 10 + i);
    grassroots.push(id);
    units.set(code, id);
  }
  return { core, clock, fed, depts, township, grassroots, units };
}

export const STAGE_USERS: ReadonlyArray<[string, string[]]> = [
  ['jingban', ['经办人']],
  ['fenguan', ['分管领导']],
  ['caiwu', ['财务部门']],
  ['zhuxi', ['主席']],
  ['jingshen', ['经审会主任']],
  ['changwei', ['常委会']],
  ['caiwu2', ['财务部门']],
];

/** Users for the seven stages (the last stage by a second finance user), a clerk and a read-only reviewer. */
export async function stageUsers(core: Core) {
  for (const [name, roles] of STAGE_USERS) await userWithRoles(core, name, roles);
  await userWithRoles(core, 'bangong', ['办公室']);
  await userWithRoles(core, 'shenyue', ['只读审阅']);
  await userWithRoles(core, 'fuzhuxi', ['常务副主席']);
}

// ── workbook data ────────────────────────────────────────────────────────────────────────────────────

export interface IncomeIn {
  subject: string;
  amount: string | number;
  fundingSource?: string;
  item?: string;
  note?: string;
}
export interface ProjectIn {
  code: string;
  name: string;
  total: string | number;
  purpose?: string;
  manager?: string;
  goals?: string;
  indicators?: string;
  fundingSource?: string;
  specialFund?: string;
  periodStart?: string;
  periodEnd?: string;
}
export interface DetailIn {
  subject: string;
  item: string;
  amount: string | number;
  project?: string;
  expenseType?: string;
  fundingSource?: string;
  sangong?: string;
  specialFund?: string;
  quantity?: number | string;
  unitPrice?: number | string;
  note?: string;
}
export interface BudgetIn {
  cover?: Partial<Record<(typeof COVER_FIELDS)[number]['key'], unknown>>;
  income: IncomeIn[];
  projects: ProjectIn[];
  details: DetailIn[];
}

const INCOME_HEAD: Record<keyof IncomeIn, string> = { subject: '预算科目', amount: '金额（元）', fundingSource: '资金来源', item: '明细事项', note: '说明' };
const PROJECT_HEAD: Record<keyof ProjectIn, string> = {
  code: '项目编号', name: '项目名称', total: '项目总额（元）', purpose: '立项依据及目的', manager: '项目负责人', goals: '绩效目标',
  indicators: '绩效指标', fundingSource: '资金来源', specialFund: '专项资金', periodStart: '实施开始日期', periodEnd: '实施结束日期',
};
const DETAIL_HEAD: Record<keyof DetailIn, string> = {
  subject: '预算科目', item: '明细事项', amount: '金额（元）', project: '项目编号', expenseType: '支出类型', fundingSource: '资金来源',
  sangong: '三公经费类别', specialFund: '专项资金', quantity: '数量', unitPrice: '单价（元）', note: '说明',
};

function fillSheet(ws: ExcelJS.Worksheet, head: Record<string, string>, rows: object[]) {
  const col = new Map<string, number>();
  ws.getRow(HEADER_ROW).eachCell((c, i) => col.set(String(c.value), i));
  rows.forEach((r, i) => {
    const row = ws.getRow(FIRST_DATA_ROW + i);
    for (const [k, v] of Object.entries(r)) {
      if (v === undefined) continue;
      const c = col.get(head[k]);
      if (!c) throw new Error(`no column ${head[k]} on ${ws.name}`);
      row.getCell(c).value = v as ExcelJS.CellValue;
    }
  });
}

/** Fills an exported template workbook with a budget (amounts as numbers or text, as typed). */
export function fill(wb: ExcelJS.Workbook, b: BudgetIn): ExcelJS.Workbook {
  const defaults = (p: ProjectIn): ProjectIn => ({
    purpose: '根据年度工作要点安排',
    manager: '张三',
    goals: '完成年度任务',
    indicators: '覆盖职工 100 人；满意度≥90%',
    ...p,
  });
  fillSheet(wb.getWorksheet(SHEETS.income)!, INCOME_HEAD, b.income);
  fillSheet(wb.getWorksheet(SHEETS.projects)!, PROJECT_HEAD, b.projects.map(defaults));
  fillSheet(wb.getWorksheet(SHEETS.details)!, DETAIL_HEAD, b.details);
  if (b.cover) {
    const ws = wb.getWorksheet(SHEETS.cover)!;
    for (const [k, v] of Object.entries(b.cover)) {
      const label = COVER_FIELDS.find((f) => f.key === k)!.label;
      ws.eachRow((row) => {
        if (row.getCell(1).value === label) row.getCell(2).value = v as ExcelJS.CellValue;
      });
    }
  }
  return wb;
}

export async function readExport(core: Core, id: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(core.env.files.exportPath(id).path);
  return wb;
}

/** Exports the template of a unit through the contract. */
export async function template(core: Core, channel: string, unitId: number, prefill = false, year = YEAR): Promise<ExcelJS.Workbook> {
  const r = await call(core, channel, 'budget.templates.export', { year, unitIds: [unitId], prefill });
  return readExport(core, r.files[0].id);
}

/** Writes a workbook into the upload area and returns its upload id. */
export async function upload(core: Core, wb: ExcelJS.Workbook, name: string): Promise<string> {
  const buf = await wb.xlsx.writeBuffer();
  return core.env.files.putUpload(name, new Uint8Array(buf as ArrayBuffer)).id;
}

export async function importWorkbooks(core: Core, channel: string, files: Array<[ExcelJS.Workbook, string]>, extra: object = {}) {
  const uploadIds = [];
  for (const [wb, name] of files) uploadIds.push(await upload(core, wb, name));
  return call(core, channel, 'budget.import', { year: YEAR, uploadIds, ...extra });
}

/** A typical grassroots budget: 会费 + 拨缴留成 income, two projects, basic lines. */
export function grassrootsBudget(scale = 1): BudgetIn {
  const k = (n: number) => n * scale;
  return {
    cover: { unitHead: '王建国', preparer: '李敏', phone: '13800000000' },
    income: [
      { subject: '401 会费收入', amount: k(12_000), item: '会员会费' },
      { subject: '402 拨缴经费收入', amount: `${k(86_000)}.50`, item: '拨缴经费留成' },
      { subject: '405', amount: k(5_000), item: '行政补助' },
    ],
    projects: [
      { code: 'P01', name: '职工文体活动', total: k(30_000) },
      { code: 'P02', name: '金秋助学', total: k(20_000), periodStart: '2026-08-01', periodEnd: '2026-09-30' },
    ],
    details: [
      { project: 'P01', subject: '50102 文体活动支出', item: '职工篮球赛', quantity: 2, unitPrice: k(10_000), amount: k(20_000) },
      { project: 'P01', subject: '50102', item: '职工趣味运动会', amount: k(10_000) },
      { project: 'P02', subject: '50405 送温暖支出', item: '资助困难职工子女', quantity: 20, unitPrice: k(1_000), amount: k(20_000) },
      { subject: '50101 职工教育支出', item: '职工技能培训', amount: k(15_000) },
      { subject: '50105 会员活动支出', item: '会员生日慰问（蛋糕券）', amount: `${k(20_000)}.50` },
      { subject: '50301 劳动和技能竞赛活动支出', item: '岗位练兵', amount: k(8_000) },
      { subject: '50702 办公设备购置', item: '职工书屋电脑', amount: k(6_000) },
    ],
  };
}

/** The federation's own budget (C chart): 402 retained funds, 404 fiscal money, 508 to lower unions. */
export function federationBudget(): BudgetIn {
  return {
    income: [
      { subject: '402 拨缴经费收入', amount: 1_000_000, item: '本级留成' },
      { subject: '40401 财政拨款收入', amount: 300_000, fundingSource: '财政拨款' },
      { subject: '40301', amount: 200_000 },
    ],
    projects: [{ code: 'P01', name: '困难职工帮扶', total: 150_000, specialFund: '队伍建设专项经费' }],
    details: [
      { subject: '50801 一般性转移支付补助', item: '补助基层工会', amount: 850_000 },
      { project: 'P01', subject: '50404 困难职工帮扶支出', item: '困难职工生活救助', amount: 150_000 },
      { subject: '50601 工资福利支出', item: '机关人员工资', amount: 250_000, fundingSource: '财政拨款' },
      { subject: '50602 商品和服务支出', item: '公务用车运行维护', amount: 30_000, sangong: '公务用车运行维护费' },
      { subject: '50602', item: '公务接待', amount: 10_000, sangong: '公务接待费' },
      { subject: '50501 培训支出', item: '工会干部培训', amount: 60_000 },
    ],
  };
}

export function fenOf(v: string | number): number {
  const [i, f = ''] = String(v).split('.');
  return Number(i) * 100 + Number((f + '00').slice(0, 2));
}

/** Exports, fills and imports one unit's budget; returns the file result. */
export async function submit(core: Core, channel: string, unitId: number, b: BudgetIn, year = YEAR) {
  const r = await importWorkbooks(core, channel, [[fill(await template(core, channel, unitId, false, year), b), `u${unitId}-${year}.xlsx`]], { year });
  if (r.files[0].status !== 'imported') throw new Error(`import failed: ${JSON.stringify(r.files[0].errors)}`);
  return r.files[0];
}

/** Independent totals of a budget as the test computes them. */
export function totalsOf(b: BudgetIn) {
  const income = b.income.reduce((s, l) => s + fenOf(l.amount), 0);
  const expense = b.details.reduce((s, l) => s + fenOf(l.amount), 0);
  const project = b.details.filter((l) => l.project).reduce((s, l) => s + fenOf(l.amount), 0);
  return { income, expense, project, basic: expense - project };
}

export async function budgetRowCounts(core: Core) {
  const out: Record<string, number> = {};
  for (const t of ['budget_version', 'budget_line', 'budget_project', 'budget_book', 'budget_book_member', 'budget_step', 'audit_log'] as const) {
    out[t] = Number((await core.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return out;
}

export function writeFileIn(dir: string, name: string, bytes: Uint8Array) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}
