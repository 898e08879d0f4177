// The books through the contract: charts, accounts, dimensions, vouchers (balance, dimensions, separation
// of preparer / reviewer / poster, immutability and red reversal, numbering without gaps, attachments),
// periods (closing, reopening), opening balances, ledgers, and the audit trail.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, callErr, initialise, userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { getSetting, SETTING } from '../../electron/core/settings';
import { createVoucher } from '../../electron/core/domains/ledger/vouchers';
import type { AccountRow, DetailLedgerPage, LedgerSetRow, VoucherDetail } from '../../shared/contract/ledger';

let core: Awaited<ReturnType<typeof tempCore>>;
let clock: ReturnType<typeof frozenClock>;
let orgUnit: number;
let set: LedgerSetRow;
const A = 'admin';
// Users (channels): 会计 prepares, 财务部门 reviews, a second 会计 posts; a third 会计, an 出纳, a reader.
const PREP = 'kj_zhang';
const REV = 'cw_li';
const POST = 'kj_wang';
const KJ3 = 'kj_zhao';
const CASH = 'cn_chen';
const READ = 'sy_liu';

beforeEach(async () => {
  clock = frozenClock('2026-03-15T09:00:00+08:00');
  core = await tempCore({ now: clock });
  await initialise(core);
  await userWithRoles(core, PREP, ['会计']);
  await userWithRoles(core, REV, ['财务部门']);
  await userWithRoles(core, POST, ['会计']);
  await userWithRoles(core, KJ3, ['会计']);
  await userWithRoles(core, CASH, ['出纳']);
  await userWithRoles(core, READ, ['只读审阅']);
  orgUnit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  set = await call(core, A, 'ledger.sets.create', { name: '县总工会本级', unitId: orgUnit, chart: 'C', startYear: 2026, startMonth: 1 });
});
afterEach(async () => core.close());

/** A grassroots union unit for 代理记账 sets and unit dimensions. */
async function grassrootsUnit(name = '城关镇第一小学工会'): Promise<number> {
  const now = new Date().toISOString();
  const r = await core.db
    .insertInto('unit')
    .values({ code: `T${Math.floor(Math.random() * 1e9)}`, name, kind: '基层工会', parent_id: orgUnit, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** An expense line of the county set: 工会资金, 基本支出, 办公费 unless given. */
const exp = (code: string, debit: number, extra: Record<string, unknown> = {}) => ({
  accountCode: code,
  debit,
  fundSource: '工会资金',
  expenseType: '基本支出',
  econCode: '30201',
  ...extra,
});
const cr = (code: string, credit: number, extra: Record<string, unknown> = {}) => ({ accountCode: code, credit, ...extra });
const dr = (code: string, debit: number, extra: Record<string, unknown> = {}) => ({ accountCode: code, debit, ...extra });

async function draft(lines: unknown[], opts: { date?: string; summary?: string; channel?: string; setId?: number } = {}): Promise<VoucherDetail> {
  return call(core, opts.channel ?? PREP, 'ledger.vouchers.create', {
    setId: opts.setId ?? set.id,
    date: opts.date ?? '2026-03-10',
    summary: opts.summary ?? '购买办公用品',
    lines,
  });
}

/** Prepared by PREP, reviewed by REV, posted by POST. */
async function posted(lines: unknown[], opts: Parameters<typeof draft>[1] = {}): Promise<VoucherDetail> {
  const v = await draft(lines, opts);
  await call(core, REV, 'ledger.vouchers.review', { id: v.id });
  return call(core, POST, 'ledger.vouchers.post', { id: v.id });
}

const office = (amount: number) => [exp('50602', amount), cr('102', amount)];

describe('charts and accounts', () => {
  it('seeds both official charts with their prescribed sub-accounts', async () => {
    const c: AccountRow[] = await call(core, READ, 'ledger.accounts.list', { setId: set.id });
    const level1 = c.filter((a) => a.level === 1);
    expect(level1).toHaveLength(45);
    const byCode = new Map(c.map((a) => [a.code, a]));
    const expectNames = (pairs: Array<[string, string]>) => {
      for (const [code, name] of pairs) expect(byCode.get(code)?.name, code).toBe(name);
    };
    expectNames([
      ['12101', '财政直接支付'], ['12102', '财政授权支付'], ['13101', '应收上级补助'], ['13102', '应收上级转拨经费'],
      ['21201', '应付下级补助'], ['21202', '应付下级转拨经费'], ['30101', '库存物品'], ['30106', '长期待摊费用'],
      ['32101', '年初余额调整'], ['32102', '单位内部调剂'], ['32103', '本年收支结转'], ['32104', '累计结转'],
      ['32201', '年初余额调整'], ['32204', '结转转入'], ['32205', '累计结余'], ['33104', '累计结转'], ['33202', '归集上缴'],
      ['33205', '累计结余'], ['40301', '一般性转移支付补助'], ['40302', '专项转移支付补助'], ['40401', '财政拨款收入'],
      ['40402', '非同级财政拨款收入'], ['50301', '劳动和技能竞赛活动支出'], ['50305', '其他服务支出'], ['50401', '劳动关系协调支出'],
      ['50405', '送温暖支出'], ['50406', '其他维权支出'], ['50501', '培训支出'], ['50504', '其他业务支出'], ['50601', '工资福利支出'],
      ['50604', '其他行政支出'], ['50701', '房屋建筑物购建'], ['50707', '其他资本性支出'], ['50801', '一般性转移支付补助'],
      ['50802', '专项转移支付补助'], ['20101', '基本工资'], ['20107', '其他个人收入'], ['16101', '建筑安装工程投资'],
      ['16107', '预付工程款'], ['18201', '待处理财产价值'], ['18202', '处理净收入'],
    ]);
    expect(byCode.get('20103')).toMatchObject({ codeAssigned: true, seeded: true, fullName: '应付职工薪酬—规范津贴补贴（绩效工资）' });
    expect(byCode.get('32104')).toMatchObject({ codeAssigned: false, type: '净资产', side: '贷' });
    expect(byCode.get('163')).toMatchObject({ type: '资产', side: '贷' });
    expect(byCode.has('501')).toBe(false); // 职工活动支出 is grassroots only
    expect(byCode.get('50602')!.requiredDimensions).toEqual(['fundSource', 'expenseType', 'econClass']);
    expect(byCode.get('521')!.requiredDimensions).toEqual([]);
    expect(byCode.get('13101')!.requiredDimensions).toEqual(['unit']);
    expect(byCode.get('21202')!.requiredDimensions).toEqual(['unit']);

    const g = await call(core, A, 'ledger.sets.create', { name: '城关一小工会（代理记账）', unitId: await grassrootsUnit(), chart: 'G', startYear: 2026 });
    expect(g).toMatchObject({ chart: 'G', fiscalFunding: false, startMonth: 1, currentYear: 2026 });
    const gAccounts: AccountRow[] = await call(core, A, 'ledger.accounts.list', { setId: g.id });
    expect(gAccounts.filter((a) => a.level === 1).map((a) => a.code)).toEqual([
      '101', '102', '131', '135', '141', '162', '163', '182', '211', '215', '301', '321', '322', '401', '402', '403', '405', '408',
      '501', '503', '504', '505', '507', '510',
    ]);
    const gCodes = new Set(gAccounts.map((a) => a.code));
    for (const code of ['50101', '50106', '30101', '30104', '32104', '32205', '40302']) expect(gCodes.has(code), code).toBe(true);
    for (const code of ['30102', '111', '33104', '50201']) expect(gCodes.has(code), code).toBe(false);
    // No funding-source dimension in a grassroots set.
    expect(gAccounts.find((a) => a.code === '50102')!.requiredDimensions).toEqual(['expenseType', 'econClass']);

    const dims = await call(core, READ, 'ledger.dimensions.list', { setId: set.id });
    const econ = new Map(dims.econClasses.map((e: { code: string; name: string }) => [e.code, e.name]));
    expect(econ.get('30201')).toBe('办公费');
    expect(econ.get('30217')).toBe('公务接待费');
    expect(econ.get('30231')).toBe('公务用车运行维护费');
    expect(econ.get('31002')).toBe('办公设备购置');
    expect(dims.fiscalFunding).toBe(true);
  });

  it('lets administrators add sub-accounts but never change or delete official ones or accounts in use', async () => {
    const bank = await call(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10201', name: '工商银行基本户' });
    expect(bank).toMatchObject({ code: '10201', level: 2, seeded: false, type: '资产', side: '借', fullName: '银行存款—工商银行基本户' });
    expect((await callErr(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10301', name: 'x' })).code).toBe('VALIDATION');
    expect((await callErr(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '1021', name: 'x' })).code).toBe('VALIDATION');
    expect((await callErr(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10201', name: 'x' })).code).toBe('CONFLICT');
    expect((await callErr(core, CASH, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10202', name: 'x' })).code).toBe('FORBIDDEN');

    expect((await callErr(core, A, 'ledger.accounts.rename', { setId: set.id, code: '102', name: '存款' })).message).toContain('名称不得更改');
    expect((await callErr(core, A, 'ledger.accounts.rename', { setId: set.id, code: '32104', name: '滚存' })).code).toBe('CONFLICT');
    expect(await call(core, PREP, 'ledger.accounts.rename', { setId: set.id, code: '10201', name: '工行基本户' })).toMatchObject({ name: '工行基本户' });

    expect((await callErr(core, A, 'ledger.accounts.delete', { setId: set.id, code: '102' })).message).toContain('一级科目');
    expect((await callErr(core, A, 'ledger.accounts.delete', { setId: set.id, code: '32101' })).message).toContain('制度规定');

    // 102 now has a child: vouchers must use the leaf.
    const e = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-02', summary: 'x', lines: office(100) });
    expect(e.message).toContain('末级科目');
    await posted([exp('50602', 100), cr('10201', 100)]);
    expect((await callErr(core, A, 'ledger.accounts.delete', { setId: set.id, code: '10201' })).message).toContain('已有凭证或余额');
    expect((await callErr(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '10201', code: '1020101', name: '子户' })).message).toContain(
      '不能再增设下级科目',
    );
    const unused = await call(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10202', name: '农业银行' });
    expect(unused.inUse).toBe(false);
    await call(core, A, 'ledger.accounts.delete', { setId: set.id, code: '10202' });
    const after: AccountRow[] = await call(core, A, 'ledger.accounts.list', { setId: set.id });
    expect(after.some((a) => a.code === '10202')).toBe(false);
    expect(after.find((a) => a.code === '102')).toMatchObject({ isLeaf: false, inUse: true });
  });
});

describe('vouchers: balance and dimensions', () => {
  it('refuses unbalanced vouchers, naming the difference, and bad amounts', async () => {
    const e = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '购买办公用品',
      lines: [exp('50602', 12_345), cr('102', 12_335)],
    });
    expect(e.code).toBe('UNBALANCED');
    expect(e.message).toBe('借贷不平衡：借方合计 123.45 元，贷方合计 123.35 元，相差 0.10 元。');

    const both = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: 'x',
      lines: [{ ...exp('50602', 100), credit: 100 }, cr('102', 100)],
    });
    expect(both.code).toBe('VALIDATION');
    expect(both.details?.[0]).toMatchObject({ path: 'lines.0.credit', message: expect.stringContaining('借方和贷方只能填一方') });
    const negative = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: [exp('50602', -100), cr('102', -100)] });
    expect(negative.message).toContain('金额不能为负数');
    const fraction = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: [exp('50602', 10.5), cr('102', 10.5)] });
    expect(fraction.code).toBe('VALIDATION');
    expect(fraction.message).toContain('整数分');
    const oneLine = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: [exp('50602', 100)] });
    expect(oneLine.message).toContain('至少需要两行');
    const badDate = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-02-30', summary: 'x', lines: office(100) });
    expect(badDate.message).toContain('日期不存在');
  });

  it('refuses a line missing a required dimension, naming the line and the dimension', async () => {
    const missingEcon = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '差旅费',
      lines: [cr('102', 800), { accountCode: '50602', debit: 800, fundSource: '工会资金', expenseType: '基本支出' }],
    });
    expect(missingEcon.code).toBe('VALIDATION');
    expect(missingEcon.details).toEqual([{ path: 'lines.1.econCode', message: '第 2 行（50602 商品和服务支出）：缺少辅助核算“经济分类（款级）”' }]);

    const missingAll = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '会议',
      lines: [dr('50502', 500), cr('102', 500)],
    });
    expect(missingAll.details!.map((d) => d.path)).toEqual(['lines.0.fundSource', 'lines.0.expenseType', 'lines.0.econCode']);
    expect(missingAll.message).toContain('资金来源');

    const project = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '送温暖',
      lines: [exp('50405', 1000, { expenseType: '项目支出', econCode: '30305' }), cr('102', 1000)],
    });
    expect(project.message).toContain('第 1 行（50405 送温暖支出）：缺少辅助核算“项目”');

    const unit = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '应收上级补助',
      lines: [dr('13101', 1000), cr('40301', 1000)],
    });
    expect(unit.message).toContain('第 1 行（13101 应收上级补助）：缺少辅助核算“单位”');

    const wrongEcon = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: [exp('50602', 100, { econCode: '30298' }), cr('102', 100)] });
    expect(wrongEcon.message).toContain('经济分类 30298 不存在');
    const notLeaf = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: [dr('102', 100), cr('403', 100)] });
    expect(notLeaf.message).toContain('第 2 行（403 上级补助收入）：该科目有下级科目');

    // 521 needs none; a project makes 项目支出 complete; the unit dimension satisfies 131.
    await draft([dr('521', 5_000), cr('341', 5_000)], { summary: '安排预算稳定调节基金' });
    const p = await call(core, PREP, 'ledger.dimensions.createProject', { setId: set.id, code: 'SNW2026', name: '2026年送温暖', special: true });
    await draft([exp('50405', 1000, { expenseType: '项目支出', econCode: '30305', projectId: p.id }), cr('102', 1000)], { summary: '送温暖' });
    await draft([dr('13101', 1000, { unitId: orgUnit }), cr('40301', 1000)], { summary: '年末应收上级补助' });

    // Rules are data: making 215 require a unit changes what a voucher needs.
    await call(core, A, 'ledger.dimensions.saveRule', { setId: set.id, prefix: '215', kind: 'unit', required: true, basis: '按对方单位核算' });
    const e215 = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: '暂收款', lines: [dr('102', 100), cr('215', 100)] });
    expect(e215.message).toContain('第 2 行（215 其他应付款）：缺少辅助核算“单位”');
  });

  it('in a grassroots set requires 基本/项目支出 and 经济分类 but no funding source, and refuses 财政拨款', async () => {
    const g = await call(core, A, 'ledger.sets.create', { name: '城关一小工会', unitId: await grassrootsUnit(), chart: 'G', startYear: 2026 });
    const ok = await draft([{ accountCode: '50102', debit: 3_000, expenseType: '基本支出', econCode: '30299' }, cr('102', 3_000)], {
      setId: g.id,
      summary: '购买篮球',
    });
    expect(ok.number).toBe(1);
    const fiscal = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: g.id,
      date: '2026-03-10',
      summary: 'x',
      lines: [{ accountCode: '50102', debit: 3_000, expenseType: '基本支出', econCode: '30299', fundSource: '财政拨款' }, cr('102', 3_000)],
    });
    expect(fiscal.message).toContain('未启用财政拨款核算');
  });

  it('lets other modules create vouchers through the same core function and checks', async () => {
    const users = await core.db.selectFrom('app_user').select(['id', 'username']).execute();
    const id = (u: string) => users.find((x) => x.username === u)!.id;
    const now = clock();
    const v = await createVoucher(core.db, { userId: id(PREP), username: PREP, role: '会计' }, now, {
      setId: set.id,
      date: '2026-03-12',
      summary: '支付报销款（审批单 BX-2026-0012）',
      lines: office(45_600),
      source: { module: 'approval', type: '报销单', id: 12 },
    });
    const detail: VoucherDetail = await call(core, READ, 'ledger.vouchers.get', { id: v.id });
    expect(detail).toMatchObject({ status: '草稿', sourceModule: 'approval', sourceType: '报销单', sourceId: '12', preparer: { name: PREP } });
    await expect(
      createVoucher(core.db, { userId: id(PREP), username: PREP, role: '会计' }, now, {
        setId: set.id,
        date: '2026-03-12',
        summary: 'x',
        lines: [exp('50602', 100), cr('102', 90)],
      }),
    ).rejects.toMatchObject({ code: 'UNBALANCED' });
    await expect(
      createVoucher(core.db, { userId: id(READ), username: READ, role: '只读审阅' }, now, { setId: set.id, date: '2026-03-12', summary: 'x', lines: office(100) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const listed = await call(core, READ, 'ledger.vouchers.list', { setId: set.id, sourceModule: 'approval' });
    expect(listed.rows.map((r: { id: number }) => r.id)).toEqual([v.id]);
  });
});

describe('vouchers: review and posting by three different people', () => {
  it('refuses the preparer as reviewer or poster and the reviewer as poster', async () => {
    const v = await draft(office(10_000));
    expect(v).toMatchObject({ status: '草稿', number: 1, label: '记-0001', debitTotal: 10_000, totalUpper: '壹佰元整', preparer: { name: PREP } });
    // The 会计 who prepared it may review in general, but not this voucher.
    const self = await callErr(core, PREP, 'ledger.vouchers.review', { id: v.id });
    expect(self.code).toBe('SEPARATION_OF_DUTIES');
    expect(self.message).toContain('审核人不能与制单人为同一人');
    expect((await callErr(core, POST, 'ledger.vouchers.post', { id: v.id })).code).toBe('NOT_REVIEWED');
    // KJ3 (会计) reviews; then KJ3 may not post it, nor may the preparer.
    await call(core, KJ3, 'ledger.vouchers.review', { id: v.id });
    const byReviewer = await callErr(core, KJ3, 'ledger.vouchers.post', { id: v.id });
    expect(byReviewer).toMatchObject({ code: 'SEPARATION_OF_DUTIES', message: expect.stringContaining('记账人不能与审核人为同一人') });
    const byPreparer = await callErr(core, PREP, 'ledger.vouchers.post', { id: v.id });
    expect(byPreparer).toMatchObject({ code: 'SEPARATION_OF_DUTIES', message: expect.stringContaining('记账人不能与制单人为同一人') });
    // Roles: 财务部门 and 出纳 may not post; 出纳 may not review.
    expect((await callErr(core, REV, 'ledger.vouchers.post', { id: v.id })).code).toBe('FORBIDDEN');
    const done = await call(core, POST, 'ledger.vouchers.post', { id: v.id });
    expect(done).toMatchObject({ status: '已记账', reviewer: { name: KJ3 }, poster: { name: POST } });

    const c = await draft(office(500), { channel: CASH, summary: '出纳填制的付款凭证' });
    expect(c.preparer.name).toBe(CASH);
    expect((await callErr(core, CASH, 'ledger.vouchers.review', { id: c.id })).code).toBe('FORBIDDEN');
    expect((await callErr(core, READ, 'ledger.vouchers.create', { setId: set.id, date: '2026-03-10', summary: 'x', lines: office(1) })).code).toBe('FORBIDDEN');
  });

  it('lets only the reviewer take back a review before posting', async () => {
    const v = await draft(office(2_000));
    await call(core, REV, 'ledger.vouchers.review', { id: v.id });
    expect((await callErr(core, KJ3, 'ledger.vouchers.unreview', { id: v.id })).message).toContain('只有审核人本人');
    expect((await callErr(core, PREP, 'ledger.vouchers.updateDraft', { id: v.id, date: '2026-03-10', summary: 'x', lines: office(3_000) })).message).toContain(
      '请先由审核人取消审核',
    );
    const back = await call(core, REV, 'ledger.vouchers.unreview', { id: v.id });
    expect(back).toMatchObject({ status: '草稿', reviewer: null });
    const edited = await call(core, PREP, 'ledger.vouchers.updateDraft', { id: v.id, date: '2026-03-11', summary: '购买办公用品（更正金额）', lines: office(3_000) });
    expect(edited).toMatchObject({ date: '2026-03-11', debitTotal: 3_000, number: 1 });
    expect((await callErr(core, POST, 'ledger.vouchers.updateDraft', { id: v.id, date: '2026-03-11', summary: 'x', lines: office(3_000) })).message).toContain(
      '只有制单人本人',
    );
  });
});

describe('vouchers: a posted voucher is immutable and reversed in red', () => {
  // Every ledger handler that takes a voucher id, except reverse/supplement (which create new vouchers)
  // and get/exportAttachment (which only read).
  it('refuses every change through every handler that takes a voucher id', async () => {
    const v = await posted(office(88_800));
    const body = { id: v.id, date: '2026-03-10', summary: '改', lines: office(1) };
    const attempts: Array<[string, string, unknown]> = [
      [PREP, 'ledger.vouchers.updateDraft', body],
      [REV, 'ledger.vouchers.review', { id: v.id }],
      [REV, 'ledger.vouchers.unreview', { id: v.id }],
      [KJ3, 'ledger.vouchers.post', { id: v.id }],
      [PREP, 'ledger.vouchers.void', { id: v.id, reason: '作废试试' }],
      [PREP, 'ledger.vouchers.delete', { id: v.id }],
      [A, 'ledger.vouchers.updateDraft', body],
      [A, 'ledger.vouchers.delete', { id: v.id }],
    ];
    for (const [who, name, input] of attempts) {
      const e = await callErr(core, who, name, input);
      expect(['VOUCHER_POSTED', 'FORBIDDEN'], `${name} by ${who}`).toContain(e.code);
      if (e.code === 'VOUCHER_POSTED') expect(e.message).toContain('已记账');
    }
    // Even bypassing the handlers, the database refuses.
    await expect(core.db.updateTable('ledger_voucher').set({ summary: '篡改' }).where('id', '=', v.id).execute()).rejects.toThrow(/已记账凭证不能修改/);
    await expect(core.db.deleteFrom('ledger_voucher_line').where('voucher_id', '=', v.id).execute()).rejects.toThrow(/不能删除/);
    await expect(core.db.updateTable('ledger_voucher_line').set({ debit_fen: 1 }).where('voucher_id', '=', v.id).execute()).rejects.toThrow(/不能修改/);
    await expect(core.db.deleteFrom('ledger_voucher').where('id', '=', v.id).execute()).rejects.toThrow(/不能删除/);
    const again: VoucherDetail = await call(core, READ, 'ledger.vouchers.get', { id: v.id });
    expect(again).toMatchObject({ status: '已记账', summary: '购买办公用品', debitTotal: 88_800 });
  });

  it('reverses a posted voucher with negative amounts, linked both ways, and nets the balances to zero', async () => {
    const v = await posted(office(88_800), { date: '2026-03-05' });
    expect((await callErr(core, REV, 'ledger.vouchers.reverse', { id: v.id, reason: '重复报销' })).code).toBe('FORBIDDEN');
    const r: VoucherDetail = await call(core, POST, 'ledger.vouchers.reverse', { id: v.id, reason: '重复报销' });
    expect(r).toMatchObject({
      kind: '红字冲销',
      status: '草稿',
      date: '2026-03-15', // today (the frozen clock), an open period
      number: 2,
      debitTotal: -88_800,
      creditTotal: -88_800,
      reverses: { id: v.id, label: '记-0001', status: '已记账' },
      preparer: { name: POST },
      summary: '冲销2026年3月 记-0001 号凭证：重复报销',
    });
    expect(r.lines.map((l) => [l.accountCode, l.debit, l.credit, l.fundSource, l.expenseType, l.econCode])).toEqual([
      ['50602', -88_800, 0, '工会资金', '基本支出', '30201'],
      ['102', 0, -88_800, null, null, null],
    ]);
    const orig: VoucherDetail = await call(core, READ, 'ledger.vouchers.get', { id: v.id });
    expect(orig.reversedBy).toEqual({ id: r.id, label: '记-0002', status: '草稿' });
    expect(orig.status).toBe('已记账');
    expect((await callErr(core, POST, 'ledger.vouchers.reverse', { id: v.id, reason: '再冲一次' })).message).toContain('已被');
    const edit = await callErr(core, POST, 'ledger.vouchers.updateDraft', { id: r.id, date: '2026-03-15', summary: '改', lines: office(1) });
    expect(edit.message).toContain('不能修改');

    // The red voucher goes through review and posting like any other (three people again).
    await call(core, REV, 'ledger.vouchers.review', { id: r.id });
    expect((await callErr(core, POST, 'ledger.vouchers.post', { id: r.id })).code).toBe('SEPARATION_OF_DUTIES');
    await call(core, KJ3, 'ledger.vouchers.post', { id: r.id });
    const tb = await call(core, READ, 'ledger.reports.trialBalance', { setId: set.id, year: 2026, month: 3, includeZero: true });
    const row = (code: string) => tb.rows.find((x: { code: string }) => x.code === code);
    expect(row('50602')).toMatchObject({ periodDebit: 0, periodCredit: 0, closingDebit: 0, closingCredit: 0 });
    expect(row('102')).toMatchObject({ periodCredit: 0, closingCredit: 0 });
    expect(tb.balanced).toBe(true);
    expect((await callErr(core, POST, 'ledger.vouchers.reverse', { id: r.id, reason: '冲销红字' })).message).toContain('本身是红字冲销凭证');
    // The 明细账 shows both, the red one in negative.
    const dl: DetailLedgerPage = await call(core, READ, 'ledger.reports.detailLedger', { setId: set.id, accountCode: '50602', year: 2026 });
    expect(dl.rows.map((x) => [x.voucherLabel, x.debit, x.direction, x.amount])).toEqual([
      ['记-0001', 88_800, '借', 88_800],
      ['记-0002', -88_800, '平', 0],
    ]);
  });

  it('voiding a red-reversal draft releases the original; supplements link to the original', async () => {
    const v = await posted(office(1_000));
    const r = await call(core, POST, 'ledger.vouchers.reverse', { id: v.id, reason: '金额错误' });
    await call(core, POST, 'ledger.vouchers.void', { id: r.id, reason: '改用补充凭证' });
    expect((await call(core, READ, 'ledger.vouchers.get', { id: v.id })).reversedBy).toBeNull();
    const s: VoucherDetail = await call(core, POST, 'ledger.vouchers.supplement', {
      id: v.id,
      date: '2026-03-20',
      summary: '补记少记的办公用品款',
      lines: office(200),
    });
    expect(s).toMatchObject({ kind: '补充', status: '草稿', supplementsVoucher: { id: v.id }, sourceModule: 'ledger' });
    const orig: VoucherDetail = await call(core, READ, 'ledger.vouchers.get', { id: v.id });
    expect(orig.supplements).toEqual([{ id: s.id, label: s.label, status: '草稿' }]);
    const draftOnly = await draft(office(5));
    expect((await callErr(core, POST, 'ledger.vouchers.reverse', { id: draftOnly.id, reason: '冲销草稿' })).message).toContain('尚未记账');
  });
});

describe('voucher numbering', () => {
  it('numbers per set and month without gaps: only the last draft may be deleted, others are voided', async () => {
    const a = await draft(office(100), { date: '2026-03-01' });
    const b = await draft(office(200), { date: '2026-03-20' });
    const c = await draft(office(300), { date: '2026-03-02' });
    expect([a.number, b.number, c.number]).toEqual([1, 2, 3]);
    const april = await draft(office(400), { date: '2026-04-01' });
    expect(april.number).toBe(1);
    const g = await call(core, A, 'ledger.sets.create', { name: '城关一小工会', unitId: await grassrootsUnit(), chart: 'G', startYear: 2026 });
    const other = await draft([{ accountCode: '50102', debit: 100, expenseType: '基本支出', econCode: '30299' }, cr('102', 100)], { setId: g.id });
    expect(other.number).toBe(1);

    const notLast = await callErr(core, PREP, 'ledger.vouchers.delete', { id: b.id });
    expect(notLast.code).toBe('NOT_LAST_NUMBER');
    expect(notLast.message).toContain('请改为作废');
    expect((await callErr(core, CASH, 'ledger.vouchers.delete', { id: c.id })).message).toContain('只有制单人本人或会计');
    await call(core, PREP, 'ledger.vouchers.delete', { id: c.id });
    const d = await draft(office(500), { date: '2026-03-25' });
    expect(d.number).toBe(3);
    const voided = await call(core, PREP, 'ledger.vouchers.void', { id: b.id, reason: '业务取消' });
    expect(voided).toMatchObject({ status: '已作废', number: 2, voidReason: '业务取消' });
    expect((await callErr(core, REV, 'ledger.vouchers.review', { id: b.id })).code).toBe('VOUCHER_VOIDED');
    const e = await draft(office(600));
    expect(e.number).toBe(4);
    const list = await call(core, READ, 'ledger.vouchers.list', { setId: set.id, year: 2026, month: 3 });
    expect(list.rows.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
      [1, '草稿'], [2, '已作废'], [3, '草稿'], [4, '草稿'],
    ]);
    // A draft's date may move within its month only.
    const moved = await callErr(core, PREP, 'ledger.vouchers.updateDraft', { id: a.id, date: '2026-04-02', summary: 'x', lines: office(100) });
    expect(moved.message).toContain('只能在本月');
    // Filters.
    expect((await call(core, READ, 'ledger.vouchers.list', { setId: set.id, numberFrom: 2, numberTo: 3, month: 3 })).total).toBe(2);
    expect((await call(core, READ, 'ledger.vouchers.list', { setId: set.id, status: '已作废' })).total).toBe(1);
    expect((await call(core, READ, 'ledger.vouchers.list', { setId: set.id, keyword: '办公' })).total).toBe(5);
    expect((await call(core, READ, 'ledger.vouchers.list', { setId: set.id, accountCode: '506' })).total).toBe(5);
    expect((await call(core, READ, 'ledger.vouchers.list', { setId: set.id, accountCode: '504' })).total).toBe(0);
  });
});

describe('attachments', () => {
  it('stores scans once by SHA-256 and exports them', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 发票扫描件');
    const u1 = core.env.files.putUpload('发票.pdf', bytes);
    const u2 = core.env.files.putUpload('发票-副本.pdf', bytes);
    const v: VoucherDetail = await call(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '购买办公用品',
      lines: office(100),
      attachmentCount: 2,
      attachments: [{ uploadId: u1.id }],
    });
    expect(v.attachmentCount).toBe(2);
    expect(v.attachments).toHaveLength(1);
    expect(v.attachments[0]).toMatchObject({ name: '发票.pdf', mime: 'application/pdf', size: bytes.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const w: VoucherDetail = await call(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-03-10',
      summary: '同一张发票的复印件',
      lines: office(100),
      attachments: [{ uploadId: u2.id }],
    });
    expect(w.attachments[0].fileId).toBe(v.attachments[0].fileId);
    const files = await core.db.selectFrom('stored_file').select('id').execute();
    expect(files).toHaveLength(1);
    const out = await call(core, READ, 'ledger.vouchers.exportAttachment', { id: v.id, fileId: v.attachments[0].fileId });
    expect(out.name).toBe('发票.pdf');
    // After posting, the attachment set is frozen as well.
    await call(core, REV, 'ledger.vouchers.review', { id: v.id });
    await call(core, POST, 'ledger.vouchers.post', { id: v.id });
    await expect(core.db.deleteFrom('ledger_voucher_attachment').where('voucher_id', '=', v.id).execute()).rejects.toThrow(/附件不能删除/);
  });
});

describe('periods', () => {
  it('refuses to close with unposted vouchers, locks the closed month, and reopens only by an administrator', async () => {
    const jan = await draft(office(1_000), { date: '2026-01-20' });
    expect((await callErr(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 2 })).message).toContain('请先结账2026年1月');
    const unposted = await callErr(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    expect(unposted.code).toBe('UNPOSTED_VOUCHERS');
    expect(unposted.message).toContain('2026年1月还有 1 张未记账凭证（草稿 1 张，已审核 0 张）');
    await call(core, REV, 'ledger.vouchers.review', { id: jan.id });
    expect((await callErr(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 })).message).toContain('已审核 1 张');
    await call(core, POST, 'ledger.vouchers.post', { id: jan.id });
    expect((await callErr(core, REV, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 })).code).toBe('FORBIDDEN');
    const status = await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    expect(status.months[0]).toMatchObject({ month: 1, status: '已结账', closedBy: POST, posted: 1 });
    expect(status.months[1].status).toBe('未结账');

    const locked = await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2026-01-31', summary: '补记', lines: office(10) });
    expect(locked.code).toBe('PERIOD_CLOSED');
    expect(locked.message).toContain('2026年1月已结账');
    // Reversal must be dated in an open period.
    const e = await callErr(core, POST, 'ledger.vouchers.reverse', { id: jan.id, date: '2026-01-31', reason: '冲销' });
    expect(e.code).toBe('PERIOD_CLOSED');
    clock.set('2026-02-10T10:00:00+08:00');
    const r = await call(core, POST, 'ledger.vouchers.reverse', { id: jan.id, reason: '冲销一月凭证' });
    expect(r).toMatchObject({ date: '2026-02-10', month: 2, number: 1 });
    expect((await callErr(core, PREP, 'ledger.vouchers.create', { setId: set.id, date: '2027-01-05', summary: 'x', lines: office(10) })).message).toContain(
      '2027 年度尚未开启',
    );

    expect((await callErr(core, POST, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '补记漏记凭证' })).code).toBe('FORBIDDEN');
    expect((await callErr(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '' })).code).toBe('VALIDATION');
    await call(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '补记漏记的银行手续费' });
    const fee = await draft(office(10), { date: '2026-01-31', summary: '补记银行手续费' });
    expect(fee.number).toBe(2);
    const log = await core.db.selectFrom('audit_log').selectAll().where('action', '=', '反结账').execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ username: 'admin', module: '会计核算', summary: expect.stringContaining('原因：补记漏记的银行手续费') });
    expect((await callErr(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '再反一次试试' })).message).toContain('尚未结账');
  });

  it('reopens in reverse order only', async () => {
    await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 2 });
    expect((await callErr(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '调整一月' })).message).toContain(
      '请先反结账2026年2月',
    );
    await call(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 2, reason: '调整二月' });
    await call(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '调整一月' });
  });
});

describe('opening balances', () => {
  const balanced = [
    { accountCode: '102', debit: 50_000_000 },
    { accountCode: '162', debit: 8_000_000 },
    { accountCode: '163', credit: 2_000_000 },
    { accountCode: '30104', credit: 6_000_000 },
    { accountCode: '211', credit: 5_000_000 },
    { accountCode: '32104', credit: 10_000_000 },
    { accountCode: '32205', credit: 35_000_000 },
  ];

  it('checks debits = credits and 资产 = 负债 + 净资产, and blocks closing the first month until balanced', async () => {
    const missingUnit = await callErr(core, PREP, 'ledger.opening.set', { setId: set.id, rows: balanced });
    expect(missingUnit.message).toContain('第 5 行（211）：缺少辅助核算“单位”');
    const rows = balanced.map((r) => (r.accountCode === '211' ? { ...r, unitId: orgUnit } : r));
    const unbalanced = await call(core, PREP, 'ledger.opening.set', { setId: set.id, rows: rows.slice(0, 6) });
    expect(unbalanced.check).toMatchObject({ balanced: false, debitTotal: 58_000_000, creditTotal: 23_000_000 });
    expect(unbalanced.check.messages[0]).toBe('借方合计 580,000.00 元，贷方合计 230,000.00 元，相差 350,000.00 元');
    const e = await callErr(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    expect(e.code).toBe('OPENING_UNBALANCED');

    const view = await call(core, PREP, 'ledger.opening.set', { setId: set.id, rows });
    expect(view.check).toMatchObject({
      balanced: true,
      equationApplies: true,
      equationHolds: true,
      assets: 56_000_000, // 500,000 + 80,000 − 20,000
      liabilities: 5_000_000,
      netAssets: 51_000_000, // 60,000 + 100,000 + 350,000
    });
    expect(view.rows.find((r: { accountCode: string }) => r.accountCode === '211')).toMatchObject({ credit: 5_000_000, unitName: '测试县总工会' });
    const tb = await call(core, READ, 'ledger.reports.trialBalance', { setId: set.id, year: 2026, month: 1 });
    expect(tb.totals).toMatchObject({ openingDebit: 58_000_000, openingCredit: 58_000_000 });
    expect(tb.balanced).toBe(true);
    await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    expect((await callErr(core, PREP, 'ledger.opening.set', { setId: set.id, rows })).message).toContain('期初余额不能再修改');
    expect((await call(core, READ, 'ledger.opening.get', { setId: set.id })).editable).toBe(false);
  });

  it('refuses a non-leaf account, two sides, and takes year-to-date figures for a set starting mid-year', async () => {
    expect((await callErr(core, PREP, 'ledger.opening.set', { setId: set.id, rows: [{ accountCode: '403', credit: 100 }] })).message).toContain('有下级科目');
    expect((await callErr(core, PREP, 'ledger.opening.set', { setId: set.id, rows: [{ accountCode: '102', debit: 100, credit: 100 }] })).message).toContain(
      '只能填一方',
    );
    const g = await call(core, A, 'ledger.sets.create', { name: '七月启用的工会', unitId: await grassrootsUnit(), chart: 'G', startYear: 2026, startMonth: 7 });
    // On 1 July: bank 30,000 after 会费 12,000 and spending 2,000 in January–June; 年初 bank 20,000 = 结余 20,000.
    await call(core, PREP, 'ledger.opening.set', {
      setId: g.id,
      rows: [
        { accountCode: '102', debit: 3_000_000, ytdDebit: 1_200_000, ytdCredit: 200_000 },
        { accountCode: '32205', credit: 2_000_000 },
        { accountCode: '401', credit: 1_200_000, ytdCredit: 1_200_000 },
        { accountCode: '50105', debit: 200_000, ytdDebit: 200_000, expenseType: '基本支出', econCode: '30299' },
      ],
    });
    const check = await call(core, READ, 'ledger.opening.check', { setId: g.id });
    expect(check).toMatchObject({ balanced: true, equationApplies: false, income: 1_200_000, expense: 200_000 });
    const tb = await call(core, READ, 'ledger.reports.trialBalance', { setId: g.id, year: 2026, month: 7 });
    const bank = tb.rows.find((r: { code: string }) => r.code === '102');
    expect(bank).toMatchObject({ openingDebit: 3_000_000, periodDebit: 0, ytdDebit: 1_200_000, ytdCredit: 200_000, closingDebit: 3_000_000 });
    const s02 = await call(core, READ, 'ledger.reports.statement02', { setId: g.id, year: 2026, month: 7 });
    const line = (k: string) => s02.rows.find((r: { key: string }) => r.key === k).values;
    expect(line('dues')).toEqual([0, 1_200_000]);
    expect(line('memberActivities')).toEqual([0, 200_000]);
  });
});

describe('ledgers', () => {
  it('pages the 明细账 with running balances that continue across pages, and totals the other ledgers', async () => {
    await call(core, PREP, 'ledger.opening.set', {
      setId: set.id,
      rows: [
        { accountCode: '102', debit: 1_000_000 },
        { accountCode: '32205', credit: 1_000_000 },
      ],
    });
    const p = await call(core, PREP, 'ledger.dimensions.createProject', { setId: set.id, code: 'JN01', name: '职工技能竞赛', special: false });
    const amounts = [10_000, 20_000, 30_000, 40_000, 50_000];
    for (const [i, a] of amounts.entries()) {
      await posted([exp('50301', a, { expenseType: '项目支出', projectId: p.id, econCode: '30299' }), cr('102', a)], {
        date: `2026-0${i < 2 ? 1 : 2}-1${i}`,
        summary: `竞赛支出${i + 1}`,
      });
    }
    await posted([dr('102', 70_000), cr('40301', 70_000)], { date: '2026-02-20', summary: '收到上级补助' });

    const first: DetailLedgerPage = await call(core, READ, 'ledger.reports.detailLedger', { setId: set.id, accountCode: '102', year: 2026, pageSize: 2 });
    expect(first.rangeOpening).toEqual({ direction: '借', amount: 1_000_000, net: 1_000_000 });
    expect(first.rows.map((r) => [r.date, r.credit, r.amount])).toEqual([
      ['2026-01-10', 10_000, 990_000],
      ['2026-01-11', 20_000, 970_000],
    ]);
    const second: DetailLedgerPage = await call(core, READ, 'ledger.reports.detailLedger', {
      setId: set.id,
      accountCode: '102',
      year: 2026,
      pageSize: 2,
      cursor: first.nextCursor,
    });
    expect(second.pageOpening.amount).toBe(970_000);
    expect(second.rows.map((r) => r.amount)).toEqual([940_000, 900_000]);
    const third: DetailLedgerPage = await call(core, READ, 'ledger.reports.detailLedger', {
      setId: set.id,
      accountCode: '102',
      year: 2026,
      pageSize: 2,
      cursor: second.nextCursor,
    });
    expect(third.rows.map((r) => [r.summary, r.debit, r.credit, r.amount])).toEqual([
      ['竞赛支出5', 0, 50_000, 850_000],
      ['收到上级补助', 70_000, 0, 920_000],
    ]);
    expect(third.nextCursor).toBeNull();
    // From February only, by the level-one account of the expense, with the project filter.
    const feb: DetailLedgerPage = await call(core, READ, 'ledger.reports.detailLedger', {
      setId: set.id,
      accountCode: '503',
      year: 2026,
      monthFrom: 2,
      dimensions: { projectId: p.id },
    });
    expect(feb.rangeOpening.amount).toBe(30_000);
    expect(feb.rows.map((r) => [r.debit, r.amount, r.projectName])).toEqual([
      [30_000, 60_000, '职工技能竞赛'],
      [40_000, 100_000, '职工技能竞赛'],
      [50_000, 150_000, '职工技能竞赛'],
    ]);

    const gl = await call(core, READ, 'ledger.reports.generalLedger', { setId: set.id, year: 2026, accountCode: '102', toMonth: 3 });
    expect(gl.accounts[0].opening).toEqual({ direction: '借', amount: 1_000_000, net: 1_000_000 });
    expect(gl.accounts[0].months.map((m: { month: number; debit: number; credit: number; cumCredit: number; amount: number }) => [m.month, m.debit, m.credit, m.cumCredit, m.amount])).toEqual([
      [1, 0, 30_000, 30_000, 970_000],
      [2, 70_000, 120_000, 150_000, 920_000],
      [3, 0, 0, 150_000, 920_000],
    ]);
    const all = await call(core, READ, 'ledger.reports.generalLedger', { setId: set.id, year: 2026, toMonth: 2 });
    expect(all.accounts.map((a: { code: string }) => a.code)).toEqual(['102', '322', '403', '503']);

    const aux = await call(core, READ, 'ledger.reports.auxBalances', { setId: set.id, year: 2026, monthTo: 2, kind: 'project' });
    expect(aux.rows).toEqual([
      expect.objectContaining({ label: 'JN01 职工技能竞赛', accountCode: '50301', debit: 150_000, closing: { direction: '借', amount: 150_000, net: 150_000 } }),
    ]);
    const econ = await call(core, READ, 'ledger.reports.auxBalances', { setId: set.id, year: 2026, monthFrom: 2, monthTo: 2, kind: 'econClass' });
    expect(econ.rows[0]).toMatchObject({ label: '30299 其他商品和服务支出', opening: { amount: 30_000 }, debit: 120_000 });

    const bal = await call(core, READ, 'ledger.reports.accountBalances', { setId: set.id, year: 2026, monthFrom: 1, monthTo: 2, maxLevel: 1 });
    expect(bal.rows.map((r: { code: string }) => r.code)).toEqual(['102', '322', '403', '503']);
    expect(bal.totals).toMatchObject({ openingDebit: 1_000_000, openingCredit: 1_000_000, periodDebit: 220_000, periodCredit: 220_000 });
    expect(bal.balanced).toBe(true);
    const tb = await call(core, READ, 'ledger.reports.trialBalance', { setId: set.id, year: 2026, month: 2 });
    expect(tb.rows.map((r: { code: string }) => r.code)).toEqual(['102', '322', '32205', '403', '40301', '503', '50301']);
    expect(tb.totals).toMatchObject({ ytdDebit: 220_000, ytdCredit: 220_000, closingDebit: 1_070_000, closingCredit: 1_070_000 });
    expect(tb.differences).toEqual({ opening: 0, period: 0, closing: 0 });
  });
});

describe('audit trail', () => {
  it('records every change to vouchers, periods and the chart, and the chain verifies', async () => {
    await call(core, A, 'ledger.accounts.create', { setId: set.id, parentCode: '102', code: '10201', name: '工行' });
    const v = await posted([exp('50602', 100), cr('10201', 100)]);
    await call(core, POST, 'ledger.vouchers.reverse', { id: v.id, reason: '测试冲销' });
    await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: 1 });
    await call(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 1, reason: '测试反结账' });
    const rows = await core.db.selectFrom('audit_log').select(['action', 'username', 'target_type']).where('module', '=', '会计核算').orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['新建账套', '增设科目', '填制凭证', '审核凭证', '凭证记账', '红字冲销', '红字冲销', '月末结账', '反结账']);
    expect(rows.find((r) => r.action === '凭证记账')?.username).toBe(POST);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
  });
});
