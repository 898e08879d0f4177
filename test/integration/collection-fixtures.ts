// A small county for the collection tests: the federation with its 本级 ledger set, a township
// federation, employers (grassroots unions) with and without a union, users of the collection roles.
import { tempCore, frozenClock } from '../helpers/temp';
import { call, initialise, userWithRoles } from '../helpers/session';
import { getSetting, SETTING } from '../../electron/core/settings';
import { makeCreditCode } from '../../shared/validate/creditCode';

export const CLERK = 'cw_zhou'; // 财务部门
export const ACC = 'kj_qian'; // 会计
export const CASH = 'cn_sun'; // 出纳
export const READ = 'sy_li'; // 只读审阅

export const code = (n: number) => makeCreditCode('91', '350125', `MA${String(n).padStart(6, '0')}`);

export interface Employer { id: number; name: string; credit: string }
export type CountyCtx = Awaited<ReturnType<typeof collectionCounty>>;

export async function collectionCounty() {
  // January 2027: every month of 2026 has fallen due (payroll is due by the 15th of the next month).
  const clock = frozenClock('2027-01-20T09:00:00+08:00');
  const core = await tempCore({ now: clock });
  await initialise(core);
  await userWithRoles(core, CLERK, ['财务部门']);
  await userWithRoles(core, ACC, ['会计']);
  await userWithRoles(core, CASH, ['出纳']);
  await userWithRoles(core, READ, ['只读审阅']);
  const orgUnit = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
  const set = await call(core, 'admin', 'ledger.sets.create', { name: '县总工会本级', unitId: orgUnit, chart: 'C', startYear: 2026, startMonth: 1 });
  const now = new Date().toISOString();
  const town = await core.db.insertInto('unit').values({
    code: 'LH00001', name: '城关镇工会联合会', kind: '工会联合会', org_type: '乡镇', parent_id: orgUnit, created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  const emp = async (n: number, name: string, status: string, baseYuan: number, bank = true): Promise<Employer> => {
    const credit = code(n);
    const r = await core.db.insertInto('unit').values({
      code: `JC${String(n).padStart(5, '0')}`, name, kind: '基层工会', org_type: '企业', credit_code: credit, parent_id: town.id,
      union_status: status, payroll_base_fen: baseYuan * 100, staff_count: 50, bank_name: bank ? '工商银行演示县支行' : null,
      bank_account: bank ? `62220${String(n).padStart(14, '0')}` : null, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    return { id: r.id, name, credit };
  };
  const e = {
    full: await emp(1, '鑫达机械有限公司', '已建会', 100_000),
    micro: await emp(2, '小桥餐饮有限公司', '已建会', 50_000),
    noUnion: await emp(3, '新辉电子有限公司', '未建会', 30_000),
    unpaid: await emp(4, '远山物流有限公司', '已建会', 80_000),
    under: await emp(5, '青禾纺织有限公司', '已建会', 60_000),
    short: await emp(6, '东岭建材有限公司', '已建会', 40_000),
  };
  return { core, clock, set, orgUnit, town: town.id, e };
}

export const MAPPING = {
  payerName: '纳税人名称', creditCode: '纳税人识别号', taxVoucherNo: '电子税票号码', period: '所属期', paidOn: '入库日期',
  amount: '实缴金额', declaredBase: '计费依据', kind: '征收品目',
};

export const HEADER = ['序号', '纳税人识别号', '纳税人名称', '征收品目', '所属期', '电子税票号码', '计费依据', '实缴金额', '入库日期'];

/** A CSV line in the agency's layout. */
export function line(seq: number, e: { name: string; credit: string | null }, kind: string, period: string, voucher: string, baseYuan: string, amountYuan: string, paidOn: string): string {
  return [seq, e.credit ?? '', e.name, kind, period, voucher, baseYuan, amountYuan, paidOn].join(',');
}

export function csv(lines: string[]): Uint8Array {
  return new TextEncoder().encode('\uFEFF' + [HEADER.join(','), ...lines].join('\r\n') + '\r\n');
}
