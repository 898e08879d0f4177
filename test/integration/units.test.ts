// The units registry through the contract: forms, rules, paging and filters, the Excel template, list
// export and import (all-or-nothing, by header names, re-import updates), access, and the demo county.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, callErr, initialise, userWithRoles, ORG_CODE } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { makeCreditCode, validateCreditCode } from '../../shared/validate/creditCode';
import { UNIT_COLUMNS } from '../../shared/units';
import { DEMO_PASSWORD, DEMO_USERS } from '../../electron/core/domains/demo/demo';
import type { UnitImportResult } from '../../shared/contract/units';

let core: Awaited<ReturnType<typeof tempCore>>;
let clock: ReturnType<typeof frozenClock>;
const A = 'admin';

beforeEach(async () => {
  clock = frozenClock();
  core = await tempCore({ now: clock });
});
afterEach(async () => core.close());

/** A valid 统一社会信用代码 per number (distinct numbers give distinct codes). */
const cc = (n: number, prefix = '91') => makeCreditCode(prefix, '350100', String(10_000_000 + n));

function badCheckDigit(code: string) {
  const last = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + last;
}

async function count(table: 'unit' | 'audit_log') {
  const r = await core.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const grassroots = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `测试企业${n}有限公司`,
  kind: '基层工会',
  orgType: '企业',
  ownership: '非公',
  creditCode: cc(n),
  unionStatus: '已建会',
  unionFoundedOn: '2015-06-18',
  chair: '王建国',
  memberCount: 80,
  staffCount: 100,
  payrollBaseFen: 65_000_000,
  ...extra,
});

// ── workbooks ──────────────────────────────────────────────────────────────────────────────────────

async function readExport(id: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(core.env.files.exportPath(id).path);
  return wb;
}

/** The template from units.exportTemplate, filled with rows keyed by header name. */
async function filledTemplate(rows: Record<string, unknown>[]): Promise<ExcelJS.Workbook> {
  const file = await call(core, A, 'units.exportTemplate', {});
  const wb = await readExport(file.id);
  const ws = wb.getWorksheet('单位')!;
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => col.set(String(c.value), i));
  rows.forEach((r, i) => {
    const row = ws.getRow(2 + i);
    for (const [h, v] of Object.entries(r)) {
      if (!col.has(h)) throw new Error(`no column ${h}`);
      row.getCell(col.get(h)!).value = v as ExcelJS.CellValue;
    }
  });
  return wb;
}

/** A workbook with the template's headers (no drop-downs: quicker to build), filled like filledTemplate. */
async function headerWorkbook(rows: Record<string, unknown>[]): Promise<ExcelJS.Workbook> {
  const headers = UNIT_COLUMNS.map((c) => c.header);
  return plainWorkbook(
    headers,
    rows.map((r) => {
      for (const h of Object.keys(r)) if (!headers.includes(h)) throw new Error(`no column ${h}`);
      return headers.map((h) => (r[h] === undefined ? null : r[h]));
    }),
  );
}

/** A plain workbook with one sheet: the given header row, then the rows. */
function plainWorkbook(headers: string[], rows: unknown[][], sheet = '单位'): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return wb;
}

async function importWorkbook(wb: ExcelJS.Workbook, options: { dryRun?: boolean; channel?: string; name?: string } = {}) {
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const up = core.env.files.putUpload(options.name ?? '单位.xlsx', bytes);
  return call<UnitImportResult>(core, options.channel ?? A, 'units.import', { uploadId: up.id, dryRun: options.dryRun ?? false });
}

/** A good template row for grassroots unit n. */
const goodRow = (n: number, extra: Record<string, unknown> = {}) => ({
  单位名称: `导入企业${n}有限公司`,
  类别: '基层工会',
  单位性质: '企业',
  所有制: '非公',
  统一社会信用代码: cc(n),
  建会状态: '已建会',
  建会日期: '2018-03-01',
  工会主席: '李敏',
  会员人数: 40,
  职工人数: 50,
  '月工资总额（元）': 250000,
  ...extra,
});

// ── forms ──────────────────────────────────────────────────────────────────────────────────────────

describe('units: create, update, deactivate', () => {
  beforeEach(async () => void (await initialise(core)));

  it('creates units in a tree, updates with an optimistic check, keeps history with before/after', async () => {
    const fed = (await call(core, A, 'units.list', { kind: '总工会' })).rows[0];
    expect(fed).toMatchObject({ name: '测试县总工会', code: 'ORG', creditCode: ORG_CODE });

    const town = await call(core, A, 'units.create', { name: '城关镇总工会', kind: '工会联合会', orgType: '乡镇' });
    expect(town.unit).toMatchObject({ code: 'LH00001', parentId: fed.id, parentName: '测试县总工会', active: true });
    expect(town.unit.ancestors.map((a: any) => a.name)).toEqual(['测试县总工会']);

    const saved = await call(core, A, 'units.create', { ...grassroots(1), parentId: town.unit.id });
    expect(saved.warnings).toEqual([]);
    const unit = saved.unit;
    expect(unit).toMatchObject({ code: 'JC00001', parentName: '城关镇总工会', memberCount: 80, payrollBaseFen: 65_000_000 });
    expect(unit.ancestors.map((a: any) => a.name)).toEqual(['测试县总工会', '城关镇总工会']);
    expect((await call(core, A, 'units.get', { id: town.unit.id })).childCount).toBe(1);

    // A stale updatedAt (somebody changed it meanwhile) is a conflict; the current one works.
    clock.advance(60_000);
    const { id, updatedAt, ...fields } = { ...grassroots(1), id: unit.id, updatedAt: unit.updatedAt, parentId: town.unit.id };
    const first = await call(core, A, 'units.update', { ...fields, id, updatedAt, chair: '李敏', memberCount: 90 });
    expect(first.unit).toMatchObject({ chair: '李敏', memberCount: 90 });
    expect(first.unit.updatedAt).not.toBe(updatedAt);
    const stale = await callErr(core, A, 'units.update', { ...fields, id, updatedAt, chair: '张三' });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/已于 .* 被 admin 修改.*刷新/);
    // Even with a frozen clock, each change moves updatedAt.
    const second = await call(core, A, 'units.update', { ...fields, id, updatedAt: first.unit.updatedAt, chair: '王芳', memberCount: 90 });
    expect(second.unit.updatedAt > first.unit.updatedAt).toBe(true);

    const history = await call(core, A, 'units.history', { id });
    expect(history.total).toBe(3);
    expect(history.rows.map((r: any) => r.action)).toEqual(['修改单位', '修改单位', '新增单位']);
    const change = history.rows[1];
    expect(change.username).toBe('admin');
    expect(change.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'chair', label: '工会主席', before: '王建国', after: '李敏' }),
        expect.objectContaining({ field: 'memberCount', label: '会员人数', before: 80, after: 90 }),
      ]),
    );
    expect(history.rows[2].changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'payrollBaseFen', afterText: '650,000.00 元' })]),
    );

    // Moving a unit records the parent by name.
    const other = await call(core, A, 'units.create', { name: '东山镇总工会', kind: '工会联合会', orgType: '乡镇' });
    const moved = await call(core, A, 'units.update', {
      ...fields, id, updatedAt: second.unit.updatedAt, chair: '王芳', memberCount: 90, parentId: other.unit.id,
    });
    expect(moved.unit.parentName).toBe('东山镇总工会');
    const last = (await call(core, A, 'units.history', { id })).rows[0];
    expect(last.changes).toEqual([expect.objectContaining({ field: 'parentName', beforeText: '城关镇总工会', afterText: '东山镇总工会' })]);

    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  it('deactivates instead of deleting, never a unit with active children, and reactivates top-down', async () => {
    const town = (await call(core, A, 'units.create', { name: '西河镇总工会', kind: '工会联合会', orgType: '乡镇' })).unit;
    const child = (await call(core, A, 'units.create', { ...grassroots(2), parentId: town.id })).unit;
    const refused = await callErr(core, A, 'units.setActive', { id: town.id, active: false });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('1 个启用的下级单位');
    expect(refused.message).toContain('测试企业2有限公司');

    const off = await call(core, A, 'units.setActive', { id: child.id, active: false, updatedAt: child.updatedAt });
    expect(off.unit.active).toBe(false);
    await call(core, A, 'units.setActive', { id: town.id, active: false });
    const blocked = await callErr(core, A, 'units.setActive', { id: child.id, active: true });
    expect(blocked.message).toContain('上级单位“西河镇总工会”已停用');
    await call(core, A, 'units.setActive', { id: town.id, active: true });
    await call(core, A, 'units.setActive', { id: child.id, active: true });

    const fedId = (await call(core, A, 'units.list', { kind: '总工会' })).rows[0].id;
    expect((await callErr(core, A, 'units.setActive', { id: fedId, active: false })).message).toContain('不能停用');

    const history = await call(core, A, 'units.history', { id: child.id });
    expect(history.rows.map((r: any) => r.action)).toEqual(['启用单位', '停用单位', '新增单位']);
    expect(history.rows[1].changes).toEqual([expect.objectContaining({ field: 'active', beforeText: '启用', afterText: '停用' })]);
    // The unit is still there, only marked inactive while it was.
    expect(await count('unit')).toBe(3);
  });

  it('validates fields with Chinese messages', async () => {
    const town = (await call(core, A, 'units.create', { name: '南坪乡总工会', kind: '工会联合会', orgType: '乡镇' })).unit;
    const sub = (await call(core, A, 'units.create', { name: '南坪乡某村工会联合会', kind: '工会联合会', orgType: '村', parentId: town.id })).unit;
    const g = (await call(core, A, 'units.create', grassroots(3))).unit;

    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...grassroots(4), creditCode: badCheckDigit(cc(4)) }, /第18位校验码应为/],
      [{ ...grassroots(4), creditCode: null }, /基层工会须填写统一社会信用代码/],
      [{ ...grassroots(4), creditCode: cc(3) }, /已被“测试企业3有限公司”（编码 JC00001）使用/],
      [{ ...grassroots(4), code: 'jc00001' }, /单位编码 JC00001 已被“测试企业3有限公司”使用/],
      [{ ...grassroots(4), code: '编码1' }, /只能由字母、数字/],
      [{ ...grassroots(4), parentId: 9999 }, /上级单位不存在/],
      [{ name: '某工会联合会', kind: '工会联合会', orgType: '乡镇', parentId: g.id }, /不能挂在基层工会“测试企业3有限公司”下/],
      [{ ...grassroots(4), orgType: '乡镇' }, /单位性质“乡镇”不适用于基层工会/],
      [{ ...grassroots(4), orgType: null }, /基层工会须填写单位性质/],
      [{ ...grassroots(4), memberCount: -1 }, /会员人数不能为负数/],
      [{ ...grassroots(4), staffCount: 1.5 }, /职工人数应为整数/],
      [{ ...grassroots(4), unionFoundedOn: '2015-02-30' }, /不是有效日期/],
      [{ ...grassroots(4), kind: '分会' }, /类别应为/],
      [{ name: '另一个总工会', kind: '总工会', orgType: '县级', creditCode: cc(5, '81') }, /总工会（本级工会）只有一个/],
      [{ ...grassroots(4), name: '  ' }, /请填写单位名称/],
    ];
    for (const [input, message] of cases) {
      const e = await callErr(core, A, 'units.create', input);
      expect(e.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(e.message).toMatch(message);
    }

    // A cycle: the township federation cannot move under its own sub-federation.
    const cyc = await callErr(core, A, 'units.update', {
      name: town.name, kind: '工会联合会', orgType: '乡镇', parentId: sub.id, id: town.id, updatedAt: town.updatedAt,
    });
    expect(cyc.message).toContain('上级单位不能是本单位或本单位的下级单位');
    // A kind change that does not suit the children.
    const kindChange = await callErr(core, A, 'units.update', {
      name: town.name, kind: '内设部门', id: town.id, updatedAt: town.updatedAt,
    });
    expect(kindChange.message).toMatch(/本单位下有工会联合会“南坪乡某村工会联合会”，类别不能改为内设部门/);

    // Warnings do not block.
    const w = await call(core, A, 'units.create', { ...grassroots(6), unionFoundedOn: null, memberCount: 120, staffCount: 100 });
    expect(w.warnings.join('；')).toMatch(/已建会.*未填写建会日期/);
    expect(w.warnings.join('；')).toMatch(/会员人数（120）多于职工人数（100）/);
    expect(await count('unit')).toBe(5);
  });

  it('reads for every role, writes only for 系统管理员, 财务部门 and 办公室', async () => {
    const { channel: cashier } = await userWithRoles(core, 'cn', ['出纳']);
    const { channel: office } = await userWithRoles(core, 'bgs', ['办公室']);
    expect((await call(core, cashier, 'units.list', {})).total).toBe(1);
    expect((await call(core, cashier, 'units.tree', {})).length).toBe(1);
    const refused = await callErr(core, cashier, 'units.create', grassroots(7));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('新增单位');
    const up = core.env.files.putUpload('x.xlsx', new Uint8Array([1, 2, 3]));
    expect((await callErr(core, cashier, 'units.import', { uploadId: up.id })).code).toBe('FORBIDDEN');
    const created = await call(core, office, 'units.create', grassroots(7));
    expect((await callErr(core, cashier, 'units.setActive', { id: created.unit.id, active: false })).code).toBe('FORBIDDEN');
    expect((await callErr(core, 'nobody', 'units.list', {})).code).toBe('UNAUTHENTICATED');
    expect(await count('unit')).toBe(2);
  });
});

// ── import ─────────────────────────────────────────────────────────────────────────────────────────

describe('units: Excel template and import', () => {
  beforeEach(async () => void (await initialise(core)));

  it('exports a template with instructions, drop-downs, frozen and protected header, and no data rows', async () => {
    const file = await call(core, A, 'units.exportTemplate', {});
    expect(file.name).toBe('单位导入模板.xlsx');
    const wb = await readExport(file.id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', '单位']);
    const ws = wb.getWorksheet('单位')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...UNIT_COLUMNS.map((c) => c.header)]);
    // The sheet is protected: the header cells keep Excel's default lock, data cells are unlocked.
    expect(ws.getRow(1).getCell(1).protection?.locked).not.toBe(false);
    expect(ws.getColumn(2).style?.protection?.locked).toBe(false);
    expect(ws.rowCount).toBe(1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ws as any).sheetProtection?.sheet).toBe(true);
    const kindCol = ws.getColumn(UNIT_COLUMNS.findIndex((c) => c.header === '类别') + 1).letter;
    expect(ws.getCell(`${kindCol}2`).dataValidation).toMatchObject({ type: 'list', formulae: ['"总工会,内设部门,工会联合会,工作站,基层工会"'] });
    const statusCol = ws.getColumn(UNIT_COLUMNS.findIndex((c) => c.header === '建会状态') + 1).letter;
    expect(ws.getCell(`${statusCol}500`).dataValidation?.formulae).toEqual(['"已建会,筹建中,未建会"']);
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    const help = wb.getWorksheet('填写说明')!;
    const text: string[] = [];
    help.eachRow((r) => r.eachCell((c) => text.push(String(c.value))));
    expect(text.join('\n')).toContain('只要有一处错误，整个文件都不会导入');

    // Imported unchanged: a clear message, nothing written.
    const before = await count('audit_log');
    const r = await importWorkbook(wb);
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(/没有数据行/);
    expect(await count('audit_log')).toBe(before);
  });

  it('imports a filled template: parents by name within the file, dates, amounts; dry run writes nothing', async () => {
    const wb = await filledTemplate([
      { 单位编码: 'CG01', 单位名称: '城关镇总工会', 类别: '工会联合会', 单位性质: '乡镇', 工会主席: '赵强' },
      { 单位名称: '经济开发区工会工作站', 类别: '工作站', 单位性质: '区域', 上级单位: '城关镇总工会' },
      goodRow(1, { 上级单位: '经济开发区工会工作站', 建会日期: new Date(Date.UTC(2012, 4, 20)), '月工资总额（元）': '1,234,567.80' }),
      goodRow(2, { 上级单位: 'cg01', 单位编码: 'QY-0002', 会员人数: '35', 建会状态: '筹建中', 建会日期: null }),
      goodRow(3, { 单位编码: null, 统一社会信用代码: ` ${cc(3).toLowerCase()} `, '月工资总额（元）': 98765.43 }),
    ]);
    const events: any[] = [];
    const off = core.events.subscribe((e) => e.event === 'progress' && events.push(e.payload));

    const dry = await importWorkbook(wb, { dryRun: true });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rows: 5, created: 5, updated: 0, unchanged: 0, errors: [] });
    expect(await count('unit')).toBe(1);

    const auditBefore = await count('audit_log');
    const r = await importWorkbook(wb);
    off();
    expect(r).toMatchObject({ ok: true, dryRun: false, sheet: '单位', rows: 5, created: 5, updated: 0, unchanged: 0 });
    expect(events.some((e) => e.task === 'units.import' && e.message === '导入完成')).toBe(true);
    expect(await count('unit')).toBe(6);
    expect(await count('audit_log')).toBe(auditBefore + 1 + 5);

    const list = (await call(core, A, 'units.list', { sort: 'code' })).rows;
    const by = (name: string) => list.find((u: any) => u.name === name);
    expect(by('城关镇总工会')).toMatchObject({ code: 'CG01', parentName: '测试县总工会', chair: '赵强' });
    expect(by('经济开发区工会工作站')).toMatchObject({ code: 'GZ00001', parentName: '城关镇总工会' });
    expect(by('导入企业1有限公司')).toMatchObject({
      code: 'JC00001', parentName: '经济开发区工会工作站', unionFoundedOn: '2012-05-20', payrollBaseFen: 123_456_780,
    });
    expect(by('导入企业2有限公司')).toMatchObject({ code: 'QY-0002', parentName: '城关镇总工会', memberCount: 35, unionStatus: '筹建中' });
    expect(by('导入企业3有限公司')).toMatchObject({ code: 'JC00002', creditCode: cc(3), payrollBaseFen: 9_876_543 });

    const summary = await core.db.selectFrom('audit_log').selectAll().where('action', '=', '导入单位').executeTakeFirstOrThrow();
    expect(summary.summary).toContain('新增 5 个');
    expect(JSON.parse(summary.after_json!)).toMatchObject({ fileName: '单位.xlsx', created: 5, rows: 5 });
    const h = await call(core, A, 'units.history', { id: by('导入企业1有限公司').id });
    expect(h.rows[0]).toMatchObject({ action: '导入新增单位' });
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  it('one bad check digit among 1,000 good rows: error by sheet/row/column, nothing imported', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => goodRow(i + 1));
    rows[499] = goodRow(500, { 统一社会信用代码: badCheckDigit(cc(500)) });
    const wb = await filledTemplate(rows);
    const units = await count('unit');
    const audits = await count('audit_log');
    const r = await importWorkbook(wb);
    expect(r.ok).toBe(false);
    expect(r.created + r.updated + r.unchanged).toBe(0);
    expect(r.errorCount).toBe(1);
    expect(r.errors[0]).toMatchObject({ sheet: '单位', row: 501, column: '统一社会信用代码' });
    expect(r.errors[0].message).toMatch(/第18位校验码应为/);
    expect(await count('unit')).toBe(units);
    expect(await count('audit_log')).toBe(audits);
  });

  const blocking: Array<[string, () => Promise<ExcelJS.Workbook>, { row: number | null; column: string | null; message: RegExp }]> = [
    [
      'duplicate unit code in the file',
      () => headerWorkbook([goodRow(1, { 单位编码: 'A1' }), goodRow(2, { 单位编码: 'a1' })]),
      { row: 3, column: '单位编码', message: /单位编码 A1 与第 2 行重复/ },
    ],
    [
      'duplicate credit code in the file',
      () => headerWorkbook([goodRow(1), goodRow(2), goodRow(1, { 单位名称: '另一家' })]),
      { row: 4, column: '统一社会信用代码', message: /与第 2 行重复/ },
    ],
    [
      'unit code already used by another unit in the database',
      () => headerWorkbook([goodRow(1, { 单位编码: 'ORG' })]),
      { row: 2, column: '单位编码', message: /单位编码 ORG 已被“测试县总工会”/ },
    ],
    [
      'unknown parent',
      () => headerWorkbook([goodRow(1, { 上级单位: '不存在的工会联合会' })]),
      { row: 2, column: '上级单位', message: /上级单位“不存在的工会联合会”不存在/ },
    ],
    [
      'parent that only appears later in the file',
      () => headerWorkbook([goodRow(1, { 上级单位: '后面的联合会' }), { 单位名称: '后面的联合会', 类别: '工会联合会', 单位性质: '行业' }]),
      { row: 2, column: '上级单位', message: /须排在本行之前/ },
    ],
    [
      'negative member count',
      () => headerWorkbook([goodRow(1), goodRow(2, { 会员人数: -3 })]),
      { row: 3, column: '会员人数', message: /会员人数不能为负数/ },
    ],
    [
      'text in a number column',
      () => headerWorkbook([goodRow(1, { 职工人数: '约五十人' })]),
      { row: 2, column: '职工人数', message: /职工人数应为整数，实际为“约五十人”/ },
    ],
    [
      'amount with three decimals',
      () => headerWorkbook([goodRow(1, { '月工资总额（元）': '12345.678' })]),
      { row: 2, column: '月工资总额（元）', message: /最多两位小数/ },
    ],
    [
      'amount with three decimals in a number cell',
      () => headerWorkbook([goodRow(1, { '月工资总额（元）': 12345.678 })]),
      { row: 2, column: '月工资总额（元）', message: /最多两位小数/ },
    ],
    [
      'unknown kind',
      () => headerWorkbook([goodRow(1, { 类别: '分工会' })]),
      { row: 2, column: '类别', message: /未知的类别“分工会”/ },
    ],
    [
      'bad date',
      () => headerWorkbook([goodRow(1, { 建会日期: '2019-13-01' })]),
      { row: 2, column: '建会日期', message: /不是有效日期/ },
    ],
    [
      'a bank account stored as a number by Excel',
      () => headerWorkbook([goodRow(1, { 银行账号: 6222021409001234567 })]),
      { row: 2, column: '银行账号', message: /存成了数字/ },
    ],
    [
      'missing required column',
      async () => plainWorkbook(['单位名称', '类别', '单位性质'], [['某公司', '基层工会', '企业']]),
      { row: 1, column: '统一社会信用代码', message: /缺少必需的列“统一社会信用代码”/ },
    ],
    [
      'no header row',
      async () => plainWorkbook(['名称', '代码'], [['某公司', cc(1)]]),
      { row: null, column: null, message: /未找到表头/ },
    ],
  ];

  it('refuses files that are not .xlsx workbooks, writing nothing', async () => {
    const garbage = core.env.files.putUpload('单位.xlsx', new Uint8Array(Buffer.from('这不是 Excel 文件')));
    const r1 = await call<UnitImportResult>(core, A, 'units.import', { uploadId: garbage.id });
    expect(r1).toMatchObject({ ok: false, errors: [expect.objectContaining({ row: null, message: expect.stringContaining('无法读取') })] });
    const xls = core.env.files.putUpload('单位.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    const r2 = await call<UnitImportResult>(core, A, 'units.import', { uploadId: xls.id });
    expect(r2.errors[0].message).toContain('另存为');
    expect(await count('unit')).toBe(1);
  });

  for (const [what, make, expected] of blocking) {
    it(`blocks the whole file on ${what}`, async () => {
      await call(core, A, 'units.create', { name: '已有联合会', kind: '工会联合会', orgType: '行业' });
      const units = await count('unit');
      const audits = await count('audit_log');
      const r = await importWorkbook(await make());
      expect(r.ok).toBe(false);
      expect(r.created).toBe(0);
      const hit = r.errors.find((e) => expected.message.test(e.message));
      expect(hit, JSON.stringify(r.errors)).toBeDefined();
      expect(hit).toMatchObject({ sheet: '单位', row: expected.row, column: expected.column });
      expect(await count('unit')).toBe(units);
      expect(await count('audit_log')).toBe(audits);
    });
  }

  it('reads by header names in any order, finds the header within the first rows, warns on unknown columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['某某县基层工会名单']);
    ws.addRow([]);
    ws.addRow(['统一社会信用代码', '会员人数', '单位名称 ', '类别', '单位性质(必填)', '建会状态', '行业', '月工资总额(元)']);
    ws.addRow([cc(11), 12, '甲公司', '基层工会', '企业', '未建会', '制造业', 3000]);
    ws.addRow([]);
    ws.addRow([cc(12), 7, '乙公司', '基层工会', '社会组织', '已建会', '服务业', 1000.5]);
    const r = await importWorkbook(wb);
    expect(r).toMatchObject({ ok: true, sheet: '数据', rows: 2, created: 2 });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: '行业', message: expect.stringContaining('未识别的列“行业”') }),
        expect.objectContaining({ row: 4, column: '会员人数', message: expect.stringContaining('未建会') }),
        expect.objectContaining({ row: 6, column: '建会日期', message: expect.stringContaining('未填写建会日期') }),
      ]),
    );
    const b = (await call(core, A, 'units.list', { q: '乙公司' })).rows[0];
    expect(b).toMatchObject({ memberCount: 7, payrollBaseFen: 100_050, orgType: '社会组织' });
  });

  it('re-import updates by credit code or code instead of duplicating; unchanged rows are not rewritten', async () => {
    const first = await headerWorkbook([
      { 单位编码: 'XH01', 单位名称: '建筑业工会联合会', 类别: '工会联合会', 单位性质: '行业' },
      goodRow(1, { 上级单位: 'XH01' }),
      goodRow(2, { 上级单位: '建筑业工会联合会' }),
      goodRow(3),
    ]);
    expect(await importWorkbook(first)).toMatchObject({ ok: true, created: 4 });
    const units = await count('unit');
    const g2 = (await call(core, A, 'units.list', { q: '导入企业2' })).rows[0];

    clock.advance(60_000);
    const second = await headerWorkbook([
      // Matched by code (no credit code): renamed.
      { 单位编码: 'XH01', 单位名称: '演示县建筑业工会联合会', 类别: '工会联合会', 单位性质: '行业' },
      // Matched by credit code, code left empty: unchanged.
      goodRow(1, { 上级单位: 'XH01' }),
      // Matched by credit code: chair and payroll change.
      goodRow(2, { 上级单位: 'XH01', 工会主席: '孙丽', '月工资总额（元）': 260000 }),
      goodRow(3),
      goodRow(4),
    ]);
    const audits = await count('audit_log');
    const r = await importWorkbook(second);
    expect(r).toMatchObject({ ok: true, created: 1, updated: 2, unchanged: 2 });
    expect(await count('unit')).toBe(units + 1);
    expect(await count('audit_log')).toBe(audits + 1 + 3);
    const after = await call(core, A, 'units.get', { id: g2.id });
    expect(after).toMatchObject({ chair: '孙丽', payrollBaseFen: 26_000_000, parentName: '演示县建筑业工会联合会', code: g2.code });
    expect(after.updatedAt > g2.updatedAt).toBe(true);
    const h = await call(core, A, 'units.history', { id: g2.id });
    expect(h.rows[0].action).toBe('导入修改单位');
    expect(h.rows[0].changes.map((c: any) => c.field).sort()).toEqual(['chair', 'payrollBaseFen']);
    const g1 = (await call(core, A, 'units.list', { q: '导入企业1' })).rows[0];
    expect(g1.updatedAt).toBe(g2.updatedAt); // unchanged: not rewritten
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });

  it('exports the filtered list in official style with a 合计 row, and the export re-imports as unchanged', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => goodRow(i + 1, { 会员人数: i + 1, 职工人数: 2 * (i + 1), '月工资总额（元）': `${i + 1}000.25` }));
    rows.unshift({ 单位名称: '=HYPERLINK("x")', 类别: '工会联合会', 单位性质: '行业' } as any);
    expect(await importWorkbook(await headerWorkbook(rows))).toMatchObject({ ok: true, created: 31 });

    const file = await call(core, A, 'units.exportList', { kind: '基层工会', sort: 'memberCount', order: 'desc' });
    expect(file.name).toBe('单位名录.xlsx');
    const wb = await readExport(file.id);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('单位名录');
    expect(String(ws.getCell('A2').value)).toBe('编制单位：测试县总工会');
    const header = ws.getRow(3).values as unknown[];
    expect(header).toContain('单位名称');
    expect(header).toContain('月工资总额（元）');
    const nameCol = header.indexOf('单位名称');
    expect(ws.getRow(4).getCell(nameCol).value).toBe('导入企业30有限公司');
    let total: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(nameCol).value === '合计') total = r;
    });
    expect(total).toBeDefined();
    expect(total!.getCell(header.indexOf('会员人数')).value).toBe(465);
    expect(total!.getCell(header.indexOf('职工人数')).value).toBe(930);
    expect(total!.getCell(header.indexOf('月工资总额（元）')).value).toBeCloseTo(465_007.5, 2);

    // The whole list (including the federation and the formula-like name) round-trips unchanged.
    const all = await call(core, A, 'units.exportList', {});
    const again = await readExport(all.id);
    const r = await importWorkbook(again, { name: '单位名录.xlsx' });
    expect(r).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 32, errors: [] });
    expect((await call(core, A, 'units.list', { q: 'HYPERLINK' })).rows[0].name).toBe('=HYPERLINK("x")');
  });
});

// ── paging and filters ─────────────────────────────────────────────────────────────────────────────

describe('units: paging, filters and tree over a few thousand units', () => {
  beforeEach(async () => void (await initialise(core)));

  it('pages, filters by kind/type/ownership/status/parent/subtree/text, sorts, and counts the tree', async () => {
    const towns = ['甲镇', '乙镇', '丙街道'];
    const types = ['企业', '企业', '企业', '机关', '事业单位', '社会组织'] as const;
    const statuses = ['已建会', '已建会', '已建会', '筹建中', '未建会'] as const;
    const rows: Record<string, unknown>[] = [
      ...towns.map((t) => ({ 单位名称: `${t}总工会`, 类别: '工会联合会', 单位性质: t.endsWith('街道') ? '街道' : '乡镇' })),
      { 单位名称: '丙街道工会工作站', 类别: '工作站', 单位性质: '社区', 上级单位: '丙街道总工会' },
    ];
    const N = 3000;
    for (let i = 1; i <= N; i++) {
      const type = types[i % types.length];
      rows.push({
        单位名称: `单位${String(i).padStart(4, '0')}`,
        类别: '基层工会',
        单位性质: type,
        所有制: type === '企业' ? (i % 10 === 0 ? '国有' : '非公') : null,
        统一社会信用代码: cc(i),
        上级单位: i % 4 === 3 ? '丙街道工会工作站' : `${towns[i % 3]}总工会`,
        建会状态: statuses[i % statuses.length],
        建会日期: statuses[i % statuses.length] === '已建会' ? '2010-01-01' : null,
        工会主席: i === 1234 ? '欧阳春晓' : '张三',
        会员人数: statuses[i % statuses.length] === '已建会' ? i % 97 : 0,
        职工人数: 100 + (i % 50),
        '月工资总额（元）': (100 + (i % 50)) * 5000,
      });
    }
    const started = Date.now();
    const r = await importWorkbook(await headerWorkbook(rows));
    expect(r).toMatchObject({ ok: true, created: N + 4 });
    expect(Date.now() - started).toBeLessThan(20_000);

    const all = await call(core, A, 'units.list', { pageSize: 200 });
    expect(all.total).toBe(N + 5);
    expect(all.rows).toHaveLength(200);
    const p2 = await call(core, A, 'units.list', { pageSize: 200, page: 2, sort: 'code' });
    expect(p2.rows[0].code > all.rows[199].code).toBe(true);
    expect((await callErr(core, A, 'units.list', { pageSize: 500 })).message).toMatch(/每页最多 200 条/);

    const g = await call(core, A, 'units.list', { kind: '基层工会', pageSize: 1 });
    expect(g.total).toBe(N);
    expect(g.sums.staffCount).toBe(Array.from({ length: N }, (_, k) => 100 + ((k + 1) % 50)).reduce((a, b) => a + b, 0));
    const agencies = await call(core, A, 'units.list', { orgType: '机关' });
    expect(agencies.total).toBe(N / 6);
    const soe = await call(core, A, 'units.list', { ownership: '国有' });
    expect(soe.total).toBe(Array.from({ length: N }, (_, k) => k + 1).filter((i) => types[i % 6] === '企业' && i % 10 === 0).length);
    const preparing = await call(core, A, 'units.list', { unionStatus: '筹建中' });
    expect(preparing.total).toBe(N / 5);

    const tree = await call(core, A, 'units.tree', {});
    expect(tree.map((n: any) => n.kind)).toEqual(['总工会', '工会联合会', '工会联合会', '工会联合会', '工作站']);
    const street = tree.find((n: any) => n.name === '丙街道总工会');
    const station = tree.find((n: any) => n.name === '丙街道工会工作站');
    expect(station.parentId).toBe(street.id);
    const direct = await call(core, A, 'units.list', { parentId: street.id, pageSize: 1 });
    const subtree = await call(core, A, 'units.list', { ancestorId: street.id, pageSize: 1 });
    expect(direct.total).toBe(street.childCount);
    expect(subtree.total).toBe(street.childCount + station.childCount);
    expect(street.subtreeGrassroots).toBe(street.grassrootsCount + station.grassrootsCount);
    expect(tree[0].subtreeGrassroots).toBe(N);
    expect(tree[0].subtreeMembers).toBe(g.sums.memberCount);
    const fromFed = await call(core, A, 'units.list', { ancestorId: tree[0].id, pageSize: 1 });
    expect(fromFed.total).toBe(N + 4);

    expect((await call(core, A, 'units.list', { q: '欧阳' })).rows.map((u: any) => u.name)).toEqual(['单位1234']);
    expect((await call(core, A, 'units.list', { q: cc(77).slice(0, 17) })).rows.map((u: any) => u.name)).toEqual(['单位0077']);
    expect((await call(core, A, 'units.list', { q: '100%' })).total).toBe(0);
    const top = await call(core, A, 'units.list', { kind: '基层工会', sort: 'memberCount', order: 'desc', pageSize: 3 });
    expect(top.rows.map((u: any) => u.memberCount)).toEqual([96, 96, 96]);
    const byParent = await call(core, A, 'units.list', { sort: 'parentName', pageSize: 5 });
    expect(byParent.rows[0].parentName).toBeNull();

    const one = all.rows.find((u: any) => u.kind === '基层工会');
    await call(core, A, 'units.setActive', { id: one.id, active: false });
    expect((await call(core, A, 'units.list', { active: false })).rows.map((u: any) => u.id)).toEqual([one.id]);
    expect((await call(core, A, 'units.list', { active: true, pageSize: 1 })).total).toBe(N + 4);
  });
});

// ── demo ───────────────────────────────────────────────────────────────────────────────────────────

describe('demo county', () => {
  it('loads a realistic, valid county with one user per role, all able to sign in', async () => {
    const status = await call(core, 'x', 'setup.loadDemo', {});
    expect(status).toMatchObject({ initialised: true, orgName: '演示县总工会', level: '县级', fiscalYear: 2026, demo: true });
    expect(validateCreditCode(status.orgCode).ok).toBe(true);

    const units = await core.db.selectFrom('unit').selectAll().execute();
    const g = units.filter((u) => u.kind === '基层工会');
    expect(g.length).toBeGreaterThanOrEqual(140);
    expect(g.length).toBeLessThanOrEqual(160);
    for (const u of g) {
      expect(validateCreditCode(u.credit_code!).ok, u.credit_code!).toBe(true);
      if (u.union_credit_code) expect(validateCreditCode(u.union_credit_code).ok).toBe(true);
      expect(u.member_count!).toBeLessThanOrEqual(u.staff_count!);
      expect(u.payroll_base_fen! / u.staff_count! / 100).toBeGreaterThanOrEqual(3000);
      expect(u.payroll_base_fen! / u.staff_count! / 100).toBeLessThanOrEqual(12000);
      expect(['已建会', '筹建中', '未建会']).toContain(u.union_status);
      if (u.union_status === '已建会') expect(u.union_founded_on! <= '2026-03-15').toBe(true);
    }
    expect(new Set(units.map((u) => u.credit_code).filter(Boolean)).size).toBe(units.filter((u) => u.credit_code).length);
    const types = new Set(g.map((u) => u.org_type));
    expect([...types].sort()).toEqual(['事业单位', '企业', '机关', '社会组织']);
    expect(g.filter((u) => u.ownership === '国有').length).toBeGreaterThan(5);
    expect(g.filter((u) => u.ownership === '非公').length).toBeGreaterThan(60);
    expect(g.filter((u) => u.union_status !== '已建会').length).toBeGreaterThan(5);
    expect(units.filter((u) => u.kind === '内设部门').map((u) => u.name)).toEqual(
      expect.arrayContaining(['办公室', '财务部', '组织部', '权益保障部', '经费审查委员会办公室']),
    );
    const feds = units.filter((u) => u.kind === '工会联合会');
    expect(feds.filter((u) => u.org_type === '乡镇' || u.org_type === '街道').length).toBe(8);
    expect(feds.filter((u) => u.org_type === '行业').length).toBe(3);
    expect(units.filter((u) => u.kind === '工作站').length).toBe(3);

    expect(new Set(DEMO_USERS.flatMap((u) => u.roles)).size).toBe(DEMO_USERS.length);
    for (const u of DEMO_USERS) {
      const me = await call(core, `demo-${u.username}`, 'auth.signIn', { username: u.username, password: DEMO_PASSWORD });
      expect(me.roles).toEqual(u.roles);
    }
    // The registry reads through the contract for the demo users too.
    const tree = await call(core, 'demo-shenyue', 'units.tree', {});
    expect(tree[0]).toMatchObject({ name: '演示县总工会', subtreeGrassroots: g.length });
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
    const summary = await core.db.selectFrom('audit_log').selectAll().where('action', '=', '载入演示单位').execute();
    expect(summary).toHaveLength(1);
  });

  it('is deterministic', async () => {
    await call(core, 'x', 'setup.loadDemo', {});
    const other = await tempCore({ now: frozenClock() });
    try {
      await call(other as any, 'x', 'setup.loadDemo', {});
      const pick = (db: typeof core.db) =>
        db.selectFrom('unit').select(['code', 'name', 'credit_code', 'parent_id', 'member_count', 'payroll_base_fen', 'chair']).orderBy('id').execute();
      expect(await pick(other.db)).toEqual(await pick(core.db));
    } finally {
      await other.close();
    }
  });
});
