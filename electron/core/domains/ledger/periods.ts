// Periods: the open fiscal year of a set, monthly closing (结账) that locks a month, and reopening
// (反结账) by an administrator with a reason. Months close in order and reopen in reverse order.
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, invalid } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { LEDGER_ROLES, type PeriodMonth, type PeriodStatus } from '../../../../shared/contract/ledger';
import { MODULE, assertActorRole, describeVoucher, loadSet, notOpen, userNames, ym, yearMonthOf, type SetRecord } from './common';
import { openingCheck } from './opening';

export async function isMonthClosed(db: Executor, setId: number, year: number, month: number): Promise<boolean> {
  const p = await db
    .selectFrom('ledger_period')
    .select('closed')
    .where('set_id', '=', setId)
    .where('year', '=', year)
    .where('month', '=', month)
    .executeTakeFirst();
  return p?.closed === 1;
}

const beforeStart = (set: SetRecord, year: number, month: number) =>
  year < set.start_year || (year === set.start_year && month < set.start_month);

/** Refuses a date outside the open periods of the set: another fiscal year, before the start, or a closed month. */
export async function assertDateOpen(db: Executor, set: SetRecord, date: string, what: string): Promise<void> {
  const { year, month } = yearMonthOf(date);
  if (year < set.current_year) throw notOpen(`${year} 年度已完成年末结转，不能${what}（日期 ${date}）。`);
  if (year > set.current_year) {
    throw notOpen(`${year} 年度尚未开启，不能${what}（日期 ${date}）；请先完成 ${set.current_year} 年度的年末结转。`);
  }
  if (beforeStart(set, year, month)) {
    throw notOpen(`日期 ${date} 早于账套“${set.name}”的启用期间 ${ym(set.start_year, set.start_month)}，不能${what}。`);
  }
  if (await isMonthClosed(db, set.id, year, month)) {
    throw notOpen(`${ym(year, month)}已结账，不能${what}；如需调整，请由系统管理员反结账。`);
  }
}

export async function periodStatus(db: Executor, setId: number, year?: number | null): Promise<PeriodStatus> {
  const set = await loadSet(db, setId);
  const y = year ?? set.current_year;
  const periods = await db.selectFrom('ledger_period').selectAll().where('set_id', '=', setId).where('year', '=', y).execute();
  const counts = await db
    .selectFrom('ledger_voucher')
    .select(['month', 'status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('set_id', '=', setId)
    .where('year', '=', y)
    .groupBy(['month', 'status'])
    .execute();
  const names = await userNames(db, periods.map((p) => p.closed_by));
  const yearClosed = Boolean(await db.selectFrom('ledger_year_close').select('year').where('set_id', '=', setId).where('year', '=', y).executeTakeFirst());
  const months: PeriodMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const p = periods.find((x) => x.month === m);
    const n = (s: string) => Number(counts.find((c) => c.month === m && c.status === s)?.n ?? 0);
    months.push({
      month: m,
      status: beforeStart(set, y, m) ? '未启用' : p?.closed === 1 ? '已结账' : '未结账',
      closedAt: p?.closed === 1 ? p.closed_at : null,
      closedBy: p?.closed === 1 && p.closed_by ? (names.get(p.closed_by) ?? null) : null,
      reopenedAt: p?.reopened_at ?? null,
      reopenReason: p?.reopen_reason ?? null,
      drafts: n('草稿'),
      reviewed: n('已审核'),
      posted: n('已记账'),
      voided: n('已作废'),
    });
  }
  return {
    setId,
    year: y,
    currentYear: set.current_year,
    startYear: set.start_year,
    startMonth: set.start_month,
    yearClosed,
    months,
  };
}

/** Refuses while unposted (草稿/已审核) vouchers remain in the month, naming them. */
export async function assertNoUnposted(db: Executor, setId: number, year: number, month: number, what: string): Promise<void> {
  const open = await db
    .selectFrom('ledger_voucher')
    .select(['year', 'month', 'number', 'status'])
    .where('set_id', '=', setId)
    .where('year', '=', year)
    .where('month', '=', month)
    .where('status', 'in', ['草稿', '已审核'])
    .orderBy('number')
    .execute();
  if (open.length) {
    const drafts = open.filter((v) => v.status === '草稿').length;
    const shown = open.slice(0, 5).map((v) => `${describeVoucher(v)}（${v.status}）`).join('、');
    throw new AppError(
      'UNPOSTED_VOUCHERS',
      `${ym(year, month)}还有 ${open.length} 张未记账凭证（草稿 ${drafts} 张，已审核 ${open.length - drafts} 张）：${shown}${open.length > 5 ? ' 等' : ''}。请先审核记账或作废后再${what}。`,
    );
  }
}

/** Marks a month closed (inside the caller's transaction; checks done by the caller). */
export async function markClosed(db: Executor, actor: Actor, now: Date, setId: number, year: number, month: number): Promise<void> {
  await db
    .insertInto('ledger_period')
    .values({ set_id: setId, year, month, closed: 1, closed_at: now.toISOString(), closed_by: actor.userId })
    .onConflict((oc) => oc.columns(['set_id', 'year', 'month']).doUpdateSet({ closed: 1, closed_at: now.toISOString(), closed_by: actor.userId }))
    .execute();
}

export async function closeMonth(db: Executor, actor: Actor, now: Date, setId: number, year: number, month: number): Promise<void> {
  await withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.closers, '月末结账');
    const set = await loadSet(trx, setId);
    if (year !== set.current_year) throw conflict(`只能结账当前会计年度（${set.current_year} 年）的月份。`);
    if (beforeStart(set, year, month)) throw invalid(`${ym(year, month)}早于账套启用期间，无需结账。`);
    if (await isMonthClosed(trx, setId, year, month)) throw conflict(`${ym(year, month)}已经结账。`);
    const firstMonth = year === set.start_year ? set.start_month : 1;
    if (month > firstMonth && !(await isMonthClosed(trx, setId, year, month - 1))) {
      throw conflict(`请先结账${ym(year, month - 1)}：各月须按顺序结账。`);
    }
    if (year === set.start_year && month === set.start_month) {
      const check = await openingCheck(trx, setId);
      if (!check.balanced || (check.equationApplies && !check.equationHolds)) {
        throw new AppError('OPENING_UNBALANCED', `期初余额试算不平衡，不能结账：${check.messages.join('；')}`);
      }
    }
    await assertNoUnposted(trx, setId, year, month, '结账');
    await markClosed(trx, actor, now, setId, year, month);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '月末结账',
      targetType: '会计期间',
      targetId: `${setId}:${year}-${String(month).padStart(2, '0')}`,
      summary: `账套“${set.name}”${ym(year, month)}结账`,
    });
  });
}

export async function reopenMonth(db: Executor, actor: Actor, now: Date, input: { setId: number; year: number; month: number; reason: string }): Promise<void> {
  const { setId, year, month, reason } = input;
  await withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.reopeners, '反结账');
    const set = await loadSet(trx, setId);
    if (year < set.current_year) throw conflict(`${year} 年度已完成年末结转，不能反结账。`);
    if (!(await isMonthClosed(trx, setId, year, month))) throw conflict(`${ym(year, month)}尚未结账。`);
    const later = await trx
      .selectFrom('ledger_period')
      .select('month')
      .where('set_id', '=', setId)
      .where('year', '=', year)
      .where('month', '>', month)
      .where('closed', '=', 1)
      .orderBy('month', 'desc')
      .executeTakeFirst();
    if (later) throw conflict(`请先反结账${ym(year, later.month)}：只能从最后一个已结账月份开始反结账。`);
    await trx
      .updateTable('ledger_period')
      .set({ closed: 0, reopened_at: now.toISOString(), reopened_by: actor.userId, reopen_reason: reason })
      .where('set_id', '=', setId)
      .where('year', '=', year)
      .where('month', '=', month)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '反结账',
      targetType: '会计期间',
      targetId: `${setId}:${year}-${String(month).padStart(2, '0')}`,
      summary: `账套“${set.name}”${ym(year, month)}反结账，原因：${reason}`,
      after: { reason },
    });
  });
}
