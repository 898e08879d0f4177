// Year-end closing on a small known data set. The expected 工会01 and 工会02 figures are computed by hand
// below (in the comments) from the opening balances and the vouchers, and compared line by line.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { tempCore, frozenClock } from '../helpers/temp';
import { call, callErr, initialise, userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { getSetting, SETTING } from '../../electron/core/settings';
import type { LedgerSetRow, Statement01, Statement02, StatementLine, VoucherDetail, YearEndResult } from '../../shared/contract/ledger';

let core: Awaited<ReturnType<typeof tempCore>>;
let clock: ReturnType<typeof frozenClock>;
let set: LedgerSetRow;
let unit: number;
const A = 'admin';
const PREP = 'kj_prep';
const REV = 'cw_rev';
const POST = 'kj_post';

/** Yuan (whole) → fen. */
const y = (yuan: number) => yuan * 100;

const fiscal = { fundSource: '财政拨款', expenseType: '基本支出', econCode: '30201' };

async function book(date: string, summary: string, lines: unknown[]): Promise<VoucherDetail> {
  const v = await call(core, PREP, 'ledger.vouchers.create', { setId: set.id, date, summary, lines });
  await call(core, REV, 'ledger.vouchers.review', { id: v.id });
  return call(core, POST, 'ledger.vouchers.post', { id: v.id });
}

const rows = (lines: StatementLine[]) => lines.map((l) => [l.lineNo, l.label, ...l.values]);

beforeAll(async () => {
  clock = frozenClock('2026-01-05T09:00:00+08:00');
  core = await tempCore({ now: clock });
  await initialise(core);
  await userWithRoles(core, PREP, ['会计']);
  await userWithRoles(core, REV, ['财务部门']);
  await userWithRoles(core, POST, ['会计']);
  unit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  set = await call(core, A, 'ledger.sets.create', { name: '测试县总工会本级', unitId: unit, chart: 'C', startYear: 2026, startMonth: 1 });
  const special = await call(core, PREP, 'ledger.dimensions.createProject', { setId: set.id, code: 'SNW', name: '送温暖', special: true });

  // Opening balances on 2026-01-01 (yuan):
  //   102 银行存款 借 500,000; 162 固定资产 借 80,000; 163 累计折旧 贷 20,000; 30104 资产基金—固定资产 贷 60,000;
  //   211 应付上级经费 贷 50,000; 32104 累计结转 贷 100,000; 32205 累计结余 贷 350,000.
  //   借 580,000 = 贷 20,000 + 60,000 + 50,000 + 100,000 + 350,000 = 580,000.
  await call(core, PREP, 'ledger.opening.set', {
    setId: set.id,
    rows: [
      { accountCode: '102', debit: y(500_000) },
      { accountCode: '162', debit: y(80_000) },
      { accountCode: '163', credit: y(20_000) },
      { accountCode: '30104', credit: y(60_000) },
      { accountCode: '211', credit: y(50_000), unitId: unit },
      { accountCode: '32104', credit: y(100_000) },
      { accountCode: '32205', credit: y(350_000) },
    ],
  });

  // V1 01-15 拨缴经费: 借 102 300,000 / 贷 402 240,000 (non-专项), 贷 211 60,000.
  await book('2026-01-15', '收到基层拨缴工会经费', [
    { accountCode: '102', debit: y(300_000) },
    { accountCode: '402', credit: y(240_000) },
    { accountCode: '211', credit: y(60_000), unitId: unit },
  ]);
  // V2 02-10 财政拨款收入: 借 102 200,000 / 贷 40401 200,000.
  await book('2026-02-10', '收到财政拨款', [
    { accountCode: '102', debit: y(200_000) },
    { accountCode: '40401', credit: y(200_000) },
  ]);
  // V3 03-20 行政支出 (财政拨款): 借 50602 80,000 / 贷 102.
  await book('2026-03-20', '支付办公费（财政拨款）', [
    { accountCode: '50602', debit: y(80_000), ...fiscal },
    { accountCode: '102', credit: y(80_000) },
  ]);
  // V4 04-18 送温暖 (工会资金, 项目支出, special project): 借 50405 50,000 / 贷 102.
  await book('2026-04-18', '送温暖慰问困难职工', [
    { accountCode: '50405', debit: y(50_000), fundSource: '工会资金', expenseType: '项目支出', econCode: '30305', projectId: special.id },
    { accountCode: '102', credit: y(50_000) },
  ]);
  // V5 05-12 会议支出 (工会资金, 基本支出): 借 50502 20,000 / 贷 102.
  await book('2026-05-12', '召开经费审查委员会会议', [
    { accountCode: '50502', debit: y(20_000), fundSource: '工会资金', expenseType: '基本支出', econCode: '30215' },
    { accountCode: '102', credit: y(20_000) },
  ]);
  // V6 06-08 上级专项补助: 借 102 70,000 / 贷 40302 70,000 (专项).
  await book('2026-06-08', '收到上级专项转移支付补助', [
    { accountCode: '102', debit: y(70_000) },
    { accountCode: '40302', credit: y(70_000) },
  ]);
  // V7 07-06 上缴上级经费: 借 211 110,000 / 贷 102.
  await book('2026-07-06', '上缴上级工会经费', [
    { accountCode: '211', debit: y(110_000), unitId: unit },
    { accountCode: '102', credit: y(110_000) },
  ]);
  // V8 08-25 a wrong 行政支出 of 5,000 (财政拨款), reversed in red on 09-03 (V9).
  const wrong = await book('2026-08-25', '支付印刷费（重复入账）', [
    { accountCode: '50602', debit: y(5_000), ...fiscal },
    { accountCode: '102', credit: y(5_000) },
  ]);
  const red = await call(core, POST, 'ledger.vouchers.reverse', { id: wrong.id, date: '2026-09-03', reason: '重复入账' });
  await call(core, REV, 'ledger.vouchers.review', { id: red.id });
  await call(core, PREP, 'ledger.vouchers.post', { id: red.id });
  // V10 10-15 以前年度支出收回 (结余): 借 102 3,000 / 贷 32201 年初余额调整 3,000.
  await book('2026-10-15', '收回以前年度多付款项', [
    { accountCode: '102', debit: y(3_000) },
    { accountCode: '32201', credit: y(3_000) },
  ]);
  // V11 11-30 计提折旧: 借 30104 2,000 / 贷 163 2,000.
  await book('2026-11-30', '计提固定资产折旧', [
    { accountCode: '30104', debit: y(2_000) },
    { accountCode: '163', credit: y(2_000) },
  ]);
});
afterAll(async () => core.close());

describe('year-end closing', () => {
  it('shows a balanced monthly 资产负债表 before closing, carrying unclosed income and expense as 期末结转 would', async () => {
    // End of June: bank 500,000 + 300,000 + 200,000 − 80,000 − 50,000 − 20,000 + 70,000 = 920,000;
    // 211: 50,000 + 60,000 = 110,000. Not yet carried: 32103 70,000 − 50,000 = 20,000;
    // 32203 240,000 − 20,000 = 220,000; 33103 200,000 − 80,000 = 120,000. So 工会资金结转 100,000 + 20,000,
    // 结余 350,000 + 220,000, 财政拨款结转 120,000; total 110,000 + 60,000 + 120,000 + 570,000 + 120,000 = 980,000
    // = assets 920,000 + (80,000 − 20,000).
    const s: Statement01 = await call(core, REV, 'ledger.reports.statement01', { setId: set.id, year: 2026, month: 6 });
    expect(s).toMatchObject({ tableNo: '工会01表', orgName: '测试县总工会', periodLabel: '2026年6月', columns: ['年初余额', '期末余额'], balanced: true, includesUnclosed: true });
    const by = (k: string) => [...s.assets, ...s.liabilitiesAndNetAssets].find((l) => l.key === k)!.values;
    expect(by('cash')).toEqual([y(500_000), y(920_000)]);
    expect(by('zeroQuota')).toEqual([0, 0]);
    expect(by('assetsTotal')).toEqual([y(560_000), y(980_000)]);
    expect(by('dueToUpper')).toEqual([y(50_000), y(110_000)]);
    expect(by('unionCarry')).toEqual([y(100_000), y(120_000)]);
    expect(by('unionSurplus')).toEqual([y(350_000), y(570_000)]);
    expect(by('fiscalCarry')).toEqual([0, y(120_000)]);
    expect(by('totalLiabilitiesNetAssets')).toEqual([y(560_000), y(980_000)]);
  });

  it('shows the red reversal as a negative 本月数 in September', async () => {
    const aug: Statement02 = await call(core, REV, 'ledger.reports.statement02', { setId: set.id, year: 2026, month: 8 });
    const sep: Statement02 = await call(core, REV, 'ledger.reports.statement02', { setId: set.id, year: 2026, month: 9 });
    const line = (s: Statement02, k: string) => s.rows.find((r) => r.key === k)!.values;
    expect(line(aug, 'administration')).toEqual([y(5_000), y(85_000)]);
    // September: 本月 −5,000; 本年累计 80,000 + 5,000 − 5,000 = 80,000.
    expect(line(sep, 'administration')).toEqual([y(-5_000), y(80_000)]);
    expect(line(sep, 'expenseTotal')).toEqual([y(-5_000), y(150_000)]);
    expect(line(sep, 'difference')).toEqual([y(5_000), y(360_000)]);
    expect(line(sep, 'openingTotal')).toEqual([null, null]);
    expect(sep.columns).toEqual(['本月数', '本年累计数']);
  });

  it('refuses year-end closing until January–November are closed and December is clean', async () => {
    expect((await callErr(core, POST, 'ledger.periods.yearEnd', { setId: set.id, year: 2026 })).message).toContain('请先结账2026年1月');
    for (let m = 1; m <= 11; m++) await call(core, POST, 'ledger.periods.close', { setId: set.id, year: 2026, month: m });
    const dec = await call(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-12-20',
      summary: '未审核的凭证',
      lines: [{ accountCode: '102', debit: 100 }, { accountCode: '408', credit: 100 }],
    });
    expect((await callErr(core, POST, 'ledger.periods.yearEnd', { setId: set.id, year: 2026 })).code).toBe('UNPOSTED_VOUCHERS');
    await call(core, PREP, 'ledger.vouchers.delete', { id: dec.id });
    expect((await callErr(core, REV, 'ledger.periods.yearEnd', { setId: set.id, year: 2026 })).code).toBe('FORBIDDEN');
    expect((await callErr(core, POST, 'ledger.periods.yearEnd', { setId: set.id, year: 2027 })).message).toContain('当前会计年度为 2026 年');
  });

  it('carries income and expense per §1.4, rolls into the 累计 sub-accounts and opens 2027', async () => {
    const r: YearEndResult = await call(core, POST, 'ledger.periods.yearEnd', { setId: set.id, year: 2026 });
    expect(r.nextYear).toBe(2027);
    expect(r.vouchers.map((v) => v.label)).toEqual(['记-0001', '记-0002', '记-0003']);
    // 30104 60,000 − 2,000; 32104 100,000 + (70,000 − 50,000); 32205 350,000 + (240,000 − 20,000) + 3,000;
    // 33104 200,000 − 80,000.
    expect(r.netAssetBalances).toEqual([
      { code: '30104', name: '固定资产', balance: y(58_000) },
      { code: '32104', name: '累计结转', balance: y(120_000) },
      { code: '32205', name: '累计结余', balance: y(573_000) },
      { code: '33104', name: '累计结转', balance: y(120_000) },
    ]);

    const income: VoucherDetail = await call(core, REV, 'ledger.vouchers.get', { id: r.vouchers[0].id });
    expect(income).toMatchObject({ kind: '结转', status: '已记账', date: '2026-12-31', sourceModule: 'closing', summary: '结转2026年收入' });
    expect(income.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['402', y(240_000), 0],
      ['40302', y(70_000), 0],
      ['40401', y(200_000), 0],
      ['32103', 0, y(70_000)],
      ['32203', 0, y(240_000)],
      ['33103', 0, y(200_000)],
    ]);
    const expense: VoucherDetail = await call(core, REV, 'ledger.vouchers.get', { id: r.vouchers[1].id });
    expect(expense.lines.map((l) => [l.accountCode, l.debit, l.credit, l.fundSource])).toEqual([
      ['50405', 0, y(50_000), '工会资金'],
      ['50502', 0, y(20_000), '工会资金'],
      ['50602', 0, y(80_000), '财政拨款'],
      ['32103', y(50_000), 0, null],
      ['32203', y(20_000), 0, null],
      ['33103', y(80_000), 0, null],
    ]);
    const roll: VoucherDetail = await call(core, REV, 'ledger.vouchers.get', { id: r.vouchers[2].id });
    expect(roll.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
      ['32103', y(20_000), 0],
      ['32104', 0, y(20_000)],
      ['32201', y(3_000), 0],
      ['32203', y(220_000), 0],
      ['32205', 0, y(223_000)],
      ['33103', y(120_000), 0],
      ['33104', 0, y(120_000)],
    ]);

    // December's trial balance includes the closing entries and balances; only 累计 sub-accounts remain.
    const tb = await call(core, REV, 'ledger.reports.trialBalance', { setId: set.id, year: 2026, month: 12 });
    expect(tb.balanced).toBe(true);
    const closing = new Map(tb.rows.filter((x: { level: number; code: string }) => x.level === 2 || x.code.length === 3).map((x: { code: string; closingDebit: number; closingCredit: number }) => [x.code, x.closingDebit - x.closingCredit]));
    for (const code of ['402', '403', '404', '504', '505', '506', '32101', '32103', '32201', '32203', '33103']) expect(closing.get(code) ?? 0, code).toBe(0);
    expect(tb.rows.find((x: { code: string }) => x.code === '402')).toMatchObject({ periodDebit: y(240_000), ytdCredit: y(240_000) });

    const status = await call(core, REV, 'ledger.periods.status', { setId: set.id, year: 2026 });
    expect(status).toMatchObject({ yearClosed: true, currentYear: 2027 });
    expect(status.months[11]).toMatchObject({ status: '已结账', posted: 3 });
    expect((await callErr(core, POST, 'ledger.periods.yearEnd', { setId: set.id, year: 2026 })).message).toContain('已完成年末结转');
    expect((await callErr(core, A, 'ledger.periods.reopen', { setId: set.id, year: 2026, month: 12, reason: '想再改一下' })).message).toContain('已完成年末结转');
    const late = await callErr(core, PREP, 'ledger.vouchers.create', {
      setId: set.id,
      date: '2026-12-31',
      summary: '补记',
      lines: [{ accountCode: '102', debit: 100 }, { accountCode: '408', credit: 100 }],
    });
    expect(late.message).toContain('2026 年度已完成年末结转');
    expect((await callErr(core, POST, 'ledger.vouchers.reverse', { id: r.vouchers[0].id, reason: '撤销结转' })).message).toContain('年末结转凭证');
  });

  it('produces the annual 工会01 资产负债表 computed by hand', async () => {
    // 年初 (2026-01-01) and 年末 (2026-12-31), yuan:
    //   货币资金 500,000 → 500,000 + 300,000 + 200,000 − 80,000 − 50,000 − 20,000 + 70,000 − 110,000 − 5,000 + 5,000 + 3,000 = 813,000
    //   固定资产原值 80,000 → 80,000; 累计折旧 20,000 → 22,000; 净值 60,000 → 58,000
    //   资产总计 560,000 → 871,000
    //   应付上级经费 50,000 → 50,000 + 60,000 − 110,000 = 0
    //   资产基金 60,000 → 58,000; 工会资金结转 100,000 → 120,000; 工会资金结余 350,000 → 573,000;
    //   财政拨款结转 0 → 120,000; 净资产合计 510,000 → 871,000; 负债与净资产总计 560,000 → 871,000
    const s: Statement01 = await call(core, REV, 'ledger.reports.statement01', { setId: set.id, year: 2026, month: 12, annual: true });
    expect(s).toMatchObject({ columns: ['年初余额', '年末余额'], periodLabel: '2026年12月31日', balanced: true, includesUnclosed: false });
    expect(rows(s.assets)).toEqual([
      [1, '货币资金', y(500_000), y(813_000)],
      // line 2 零余额账户用款额度 is shown in interim statements only
      [3, '财政应返还额度', 0, 0],
      [4, '应收上级经费', 0, 0],
      [5, '应收下级经费', 0, 0],
      [6, '其他应收款', 0, 0],
      [7, '库存物品', 0, 0],
      [8, '流动资产合计', y(500_000), y(813_000)],
      [9, '投资', 0, 0],
      [10, '在建工程', 0, 0],
      [11, '固定资产原值', y(80_000), y(80_000)],
      [12, '减：累计折旧', y(20_000), y(22_000)],
      [13, '固定资产净值', y(60_000), y(58_000)],
      [14, '无形资产原值', 0, 0],
      [15, '减：累计摊销', 0, 0],
      [16, '无形资产净值', 0, 0],
      [17, '长期待摊费用', 0, 0],
      [18, '待处理财产损溢', 0, 0],
      [19, '资产总计', y(560_000), y(871_000)],
    ]);
    expect(rows(s.liabilitiesAndNetAssets)).toEqual([
      [null, '负债：', null, null],
      [20, '应付职工薪酬', 0, 0],
      [21, '应付上级经费', y(50_000), 0],
      [22, '应付下级经费', 0, 0],
      [23, '其他应付款', 0, 0],
      [24, '代管经费', 0, 0],
      [25, '负债合计', y(50_000), 0],
      [null, '净资产：', null, null],
      [26, '资产基金', y(60_000), y(58_000)],
      [27, '专用基金', 0, 0],
      [28, '工会资金结转', y(100_000), y(120_000)],
      [29, '工会资金结余', y(350_000), y(573_000)],
      [30, '财政拨款结转', 0, y(120_000)],
      [31, '财政拨款结余', 0, 0],
      [32, '预算稳定调节基金', 0, 0],
      [33, '净资产合计', y(510_000), y(871_000)],
      [34, '负债与净资产总计', y(560_000), y(871_000)],
    ]);
  });

  it('produces the annual 工会02 收入支出表 computed by hand', async () => {
    // 年初资金结转 = 321 + 331 at 2026-01-01 = 100,000 + 0; 年初资金结余 = 322 + 332 = 350,000.
    // 调整及变动 = 32201 年初余额调整 3,000.
    // 收入: 拨缴 240,000; 上级补助 70,000; 政府补助 200,000 → 510,000.
    // 支出: 维权 50,000; 业务 20,000; 行政 80,000 + 5,000 − 5,000 = 80,000 → 150,000. 差额 360,000.
    // 年末资金结转 = 32104 120,000 + 33104 120,000 = 240,000; 年末资金结余 = 32205 573,000.
    // Check: 450,000 + 3,000 + 360,000 = 813,000 = 240,000 + 573,000.
    // 上年数: the set starts in 2026, so there is no previous year (empty).
    const s: Statement02 = await call(core, REV, 'ledger.reports.statement02', { setId: set.id, year: 2026, month: 12, annual: true });
    expect(s).toMatchObject({ tableNo: '工会02表', title: '收入支出表', columns: ['本年数', '上年数'], periodLabel: '2026年度' });
    expect(rows(s.rows)).toEqual([
      [1, '一、年初资金结转结余', y(450_000), null],
      [2, '（一）年初资金结转', y(100_000), null],
      [3, '（二）年初资金结余', y(350_000), null],
      [4, '二、资金结转结余调整及变动', y(3_000), null],
      [5, '三、收入合计', y(510_000), null],
      [6, '（一）会费收入', 0, null],
      [7, '（二）拨缴经费收入', y(240_000), null],
      [8, '（三）上级补助收入', y(70_000), null],
      [9, '（四）政府补助收入', y(200_000), null],
      [10, '（五）行政补助收入', 0, null],
      [11, '（六）附属单位上缴收入', 0, null],
      [12, '（七）投资收益', 0, null],
      [13, '（八）其他收入', 0, null],
      [14, '（九）动用预算稳定调节基金', 0, null],
      [15, '四、支出合计', y(150_000), null],
      [16, '（一）职工活动支出', 0, null],
      [17, '（二）职工活动组织支出', 0, null],
      [18, '（三）职工服务支出', 0, null],
      [19, '（四）维权支出', y(50_000), null],
      [20, '（五）业务支出', y(20_000), null],
      [21, '（六）行政支出', y(80_000), null],
      [22, '（七）资本性支出', 0, null],
      [23, '（八）补助下级支出', 0, null],
      [24, '（九）对附属单位的支出', 0, null],
      [25, '（十）其他支出', 0, null],
      [26, '（十一）安排预算稳定调节基金', 0, null],
      [27, '五、本期收支差额', y(360_000), null],
      [28, '六、年末资金结转结余', y(813_000), null],
      [29, '（一）年末资金结转', y(240_000), null],
      [30, '（二）年末资金结余', y(573_000), null],
    ]);
    // The monthly December statement leaves the closing vouchers out of 本月数.
    const dec: Statement02 = await call(core, REV, 'ledger.reports.statement02', { setId: set.id, year: 2026, month: 12 });
    const line = (k: string) => dec.rows.find((r) => r.key === k)!.values;
    expect(line('incomeTotal')).toEqual([0, y(510_000)]);
    expect(line('expenseTotal')).toEqual([0, y(150_000)]);
    expect(line('adjustment')).toEqual([0, y(3_000)]);
  });

  it('opens 2027 with the closing balances, and last year appears as 上年数', async () => {
    const tb = await call(core, REV, 'ledger.reports.trialBalance', { setId: set.id, year: 2027, month: 1 });
    const open = new Map(tb.rows.map((x: { code: string; openingDebit: number; openingCredit: number }) => [x.code, x.openingDebit - x.openingCredit]));
    expect(Object.fromEntries(open)).toEqual({
      '102': y(813_000),
      '162': y(80_000),
      '163': y(-22_000),
      '301': y(-58_000),
      '30104': y(-58_000),
      '321': y(-120_000),
      '32104': y(-120_000),
      '322': y(-573_000),
      '32205': y(-573_000),
      '331': y(-120_000),
      '33104': y(-120_000),
    });
    expect(tb.balanced).toBe(true);
    const s01: Statement01 = await call(core, REV, 'ledger.reports.statement01', { setId: set.id, year: 2027, month: 1 });
    const total = s01.assets.find((l) => l.key === 'assetsTotal')!.values;
    expect(total).toEqual([y(871_000), y(871_000)]);
    // A 2027 voucher, then the 2027 annual-style 02 shows 2026 as 上年数.
    await book('2027-01-08', '收到拨缴经费', [
      { accountCode: '102', debit: y(10_000) },
      { accountCode: '402', credit: y(10_000) },
    ]);
    const s02: Statement02 = await call(core, REV, 'ledger.reports.statement02', { setId: set.id, year: 2027, month: 12, annual: true });
    const line = (k: string) => s02.rows.find((r) => r.key === k)!.values;
    expect(line('allocated')).toEqual([y(10_000), y(240_000)]);
    // 2027 年初 = 2026 年末.
    expect(line('openingCarry')).toEqual([y(240_000), y(100_000)]);
    expect(line('openingSurplus')).toEqual([y(573_000), y(350_000)]);
    // Not yet closed: the 年末 rows include this year's unclosed surplus (573,000 + 10,000).
    expect(line('closingSurplus')).toEqual([y(583_000), y(573_000)]);
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
    const actions = (await core.db.selectFrom('audit_log').select('action').where('module', '=', '会计核算').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === '生成结转凭证')).toHaveLength(3);
    expect(actions.filter((a) => a === '年末结转')).toHaveLength(1);
    expect(actions.filter((a) => a === '月末结账')).toHaveLength(11);
  });
});
