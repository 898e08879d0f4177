// Payers (缴费单位): every active 基层工会 row of the registry is an employer with its union. The monthly
// payroll base has a history here (collection_payroll_base, from a month on); without history the
// registry's payroll_base_fen applies. Due per month = base × the rate of the rule in force that month.
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { COLLECTION_CLERKS, type PayerRow, type PayrollBaseRow } from '../../../../shared/contract/collection';
import type { Page } from '../../../../shared/contract/audit';
import { dueFor } from '../../../../shared/collection/split';
import { MODULE, assertRole, isSmallMicro, kindOfStatus, loadRules, ruleOn, yuan } from './common';

export async function listPayers(
  db: Executor,
  f: { month: string; search?: string; kind?: '经费' | '筹备金'; page: number; pageSize: number },
): Promise<Page<PayerRow> & { month: string; monthDueFen: number }> {
  const rule = ruleOn(await loadRules(db), f.month);
  const like = f.search?.trim() ? `%${f.search.trim()}%` : null;
  const kindCond =
    f.kind === '经费' ? sql`and u.union_status = '已建会'` : f.kind === '筹备金' ? sql`and coalesce(u.union_status, '') <> '已建会'` : sql``;
  const searchCond = like ? sql`and (u.name like ${like} or u.code like ${like} or u.credit_code like ${like})` : sql``;
  const base = sql`
    from unit u
    where u.kind = '基层工会' and u.active = 1 ${kindCond} ${searchCond}`;
  const count = await sql<{ n: number }>`select count(*) as n ${base}`.execute(db);
  const year = f.month.slice(0, 4);
  const rows = await sql<{
    id: number; code: string; name: string; credit_code: string | null; org_type: string | null; union_status: string | null;
    parent_name: string | null; staff_count: number | null; reg_base: number | null; hist_base: number | null; hist_from: string | null;
    hist_staff: number | null; small_micro: number | null; small_micro_from: string | null; small_micro_to: string | null; channel: string | null;
    bank_name: string | null; bank_account: string | null; paid: number;
  }>`
    select u.id, u.code, u.name, u.credit_code, u.org_type, u.union_status, p.name as parent_name, u.staff_count,
      u.payroll_base_fen as reg_base, h.payroll_base_fen as hist_base, h.from_month as hist_from, h.staff_count as hist_staff,
      cp.small_micro, cp.small_micro_from, cp.small_micro_to, cp.channel, u.bank_name, u.bank_account,
      (select coalesce(sum(r.amount_fen), 0) from collection_record r where r.unit_id = u.id and r.period between ${`${year}-01`} and ${`${year}-12`}) as paid
    from unit u
    left join unit p on p.id = u.parent_id
    left join collection_payer cp on cp.unit_id = u.id
    left join collection_payroll_base h on h.id = (
      select b.id from collection_payroll_base b where b.unit_id = u.id and b.from_month <= ${f.month} order by b.from_month desc limit 1)
    where u.kind = '基层工会' and u.active = 1 ${kindCond} ${searchCond}
    order by u.code
    limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  const total = await sql<{ due: number }>`
    select coalesce(sum(coalesce(
      (select b.payroll_base_fen from collection_payroll_base b where b.unit_id = u.id and b.from_month <= ${f.month} order by b.from_month desc limit 1),
      u.payroll_base_fen, 0)), 0) as due ${base}`.execute(db);
  return {
    month: f.month,
    monthDueFen: dueFor(Number(total.rows[0].due), rule.rate_bp),
    total: Number(count.rows[0].n),
    page: f.page,
    pageSize: f.pageSize,
    rows: rows.rows.map((r) => {
      const baseFen = r.hist_base ?? r.reg_base;
      return {
        unitId: r.id,
        code: r.code,
        name: r.name,
        creditCode: r.credit_code,
        orgType: r.org_type,
        unionStatus: r.union_status,
        parentName: r.parent_name,
        staffCount: r.hist_staff ?? r.staff_count,
        payrollBaseFen: baseFen,
        baseFrom: r.hist_from,
        monthDueFen: baseFen ? dueFor(baseFen, rule.rate_bp) : 0,
        kind: kindOfStatus(r.union_status),
        smallMicro: isSmallMicro(
          r.small_micro === null ? undefined : { small_micro: r.small_micro, small_micro_from: r.small_micro_from, small_micro_to: r.small_micro_to },
          `${f.month}-01`,
        ),
        channel: r.channel ?? '税务代征',
        bankName: r.bank_name,
        bankAccount: r.bank_account,
        yearPaidFen: Number(r.paid),
      };
    }),
  };
}

export async function baseHistory(db: Executor, unitId: number): Promise<PayrollBaseRow[]> {
  const rows = await db.selectFrom('collection_payroll_base').selectAll().where('unit_id', '=', unitId).orderBy('from_month', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    fromMonth: r.from_month,
    payrollBaseFen: r.payroll_base_fen,
    staffCount: r.staff_count,
    source: r.source,
    createdAt: r.created_at,
  }));
}

async function payerUnit(db: Executor, unitId: number) {
  const u = await db.selectFrom('unit').select(['id', 'name', 'kind', 'payroll_base_fen', 'staff_count']).where('id', '=', unitId).executeTakeFirst();
  if (!u) throw notFound('单位');
  if (u.kind !== '基层工会') throw invalid(`“${u.name}”不是基层工会（建会单位），不是缴费单位。`);
  return u;
}

/**
 * Records the payroll base from a month on. The history row for that month is replaced if it exists;
 * when the month is the latest in the history, the registry's current figure follows it.
 */
export async function setPayrollBase(
  db: Executor, actor: Actor, now: Date, input: { unitId: number; fromMonth: string; payrollBaseFen: number; staffCount?: number | null },
): Promise<PayrollBaseRow[]> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '登记工资总额');
    const u = await payerUnit(trx, input.unitId);
    const at = now.toISOString();
    const existing = await trx.selectFrom('collection_payroll_base').selectAll()
      .where('unit_id', '=', input.unitId).where('from_month', '=', input.fromMonth).executeTakeFirst();
    if (existing) {
      await trx.updateTable('collection_payroll_base')
        .set({ payroll_base_fen: input.payrollBaseFen, staff_count: input.staffCount ?? null, created_at: at, created_by: actor.userId })
        .where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('collection_payroll_base').values({
        unit_id: input.unitId, from_month: input.fromMonth, payroll_base_fen: input.payrollBaseFen, staff_count: input.staffCount ?? null,
        source: '手工', created_at: at, created_by: actor.userId,
      }).execute();
    }
    const latest = await trx.selectFrom('collection_payroll_base').select('from_month').where('unit_id', '=', input.unitId)
      .orderBy('from_month', 'desc').limit(1).executeTakeFirstOrThrow();
    if (latest.from_month === input.fromMonth) {
      await trx.updateTable('unit')
        .set({ payroll_base_fen: input.payrollBaseFen, ...(input.staffCount != null ? { staff_count: input.staffCount } : {}) })
        .where('id', '=', input.unitId).execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '登记工资总额',
      targetType: '单位',
      targetId: input.unitId,
      summary: `“${u.name}”自 ${input.fromMonth} 起月工资总额 ${yuan(input.payrollBaseFen)}${input.staffCount != null ? `，职工 ${input.staffCount} 人` : ''}`,
      before: existing ? { payrollBaseFen: existing.payroll_base_fen, staffCount: existing.staff_count } : { registry: u.payroll_base_fen },
      after: { fromMonth: input.fromMonth, payrollBaseFen: input.payrollBaseFen, staffCount: input.staffCount ?? null },
    });
    return baseHistory(trx, input.unitId);
  });
}

export async function setPayerInfo(
  db: Executor, actor: Actor, now: Date,
  input: { unitId: number; smallMicro: boolean; smallMicroFrom?: string | null; smallMicroTo?: string | null; channel: string; notes?: string | null },
): Promise<void> {
  await withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '设置缴费单位信息');
    const u = await payerUnit(trx, input.unitId);
    const values = {
      small_micro: input.smallMicro ? 1 : 0,
      small_micro_from: input.smallMicroFrom ?? null,
      small_micro_to: input.smallMicroTo ?? null,
      channel: input.channel,
      notes: input.notes ?? null,
      updated_at: now.toISOString(),
    };
    const before = await trx.selectFrom('collection_payer').selectAll().where('unit_id', '=', input.unitId).executeTakeFirst();
    await trx.insertInto('collection_payer').values({ unit_id: input.unitId, ...values })
      .onConflict((oc) => oc.column('unit_id').doUpdateSet(values)).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '设置缴费单位信息',
      targetType: '单位',
      targetId: input.unitId,
      summary: `“${u.name}”：${input.smallMicro ? '小微企业' : '非小微'}，缴费渠道 ${input.channel}`,
      before: before ?? null,
      after: values,
    });
  });
}
