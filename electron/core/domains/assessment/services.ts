// The service ledger 一企一档: per employer / grassroots union, the services it received (四送, 互助保障,
// 帮扶, 法律援助, 劳动竞赛, 职工之家 and the 五个一 events) with date, people served, amount (linked to the
// expenditure request that paid it, where there is one) and a satisfaction score where collected. The
// per-enterprise bill and the county view (coverage and the four service metrics) are read from it.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { withTx } from '../../db/tx';
import { AppError, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { FIVE_ONES, SERVICE_CATEGORIES, SERVICE_CLERKS } from '../../../../shared/assessment/constants';
import type { ServiceBill, ServiceCountySummary, ServiceRow } from '../../../../shared/contract/assessment';
import { forbidden } from '../../errors';
import { formatFen } from '../../../../shared/money';

const MODULE = '服务台账';

export interface ServiceInput {
  id?: number | null;
  unitId: number;
  date: string;
  category: string;
  title: string;
  people: number;
  amountFen: number;
  expenseRequestId?: number | null;
  satisfaction?: number | null;
  resolved?: boolean | null;
  provider: string | null;
  note: string | null;
}

type ServiceDb = {
  id: number; unit_id: number; unit_code: string; unit_name: string; unit_kind: string; service_date: string; category: string; title: string;
  people: number; amount_fen: number; expense_request_id: number | null; satisfaction: number | null; resolved: number | null; provider: string | null; note: string | null;
};

function toRow(r: ServiceDb): ServiceRow {
  return {
    id: r.id,
    unit: { id: r.unit_id, code: r.unit_code, name: r.unit_name, kind: r.unit_kind },
    date: r.service_date,
    category: r.category,
    title: r.title,
    people: r.people,
    amountFen: r.amount_fen,
    expenseRequestId: r.expense_request_id,
    satisfaction: r.satisfaction,
    resolved: r.resolved === null ? null : r.resolved === 1,
    provider: r.provider,
    note: r.note,
  };
}

function base(db: Executor) {
  return db
    .selectFrom('assess_service as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select([
      's.id', 's.unit_id', 'u.code as unit_code', 'u.name as unit_name', 'u.kind as unit_kind', 's.service_date', 's.category', 's.title', 's.people',
      's.amount_fen', 's.expense_request_id', 's.satisfaction', 's.resolved', 's.provider', 's.note',
    ])
    .where('s.deleted_at', 'is', null);
}

export async function listServices(db: Executor, q: { year: number; unitId?: number | null; category?: string | null; q?: string | null; page: number; pageSize: number }) {
  let x = base(db).where('s.year', '=', q.year);
  if (q.unitId) x = x.where('s.unit_id', '=', q.unitId);
  if (q.category) x = x.where('s.category', '=', q.category);
  if (q.q) x = x.where((e) => e.or([e('u.name', 'like', `%${q.q}%`), e('s.title', 'like', `%${q.q}%`), e('u.code', 'like', `%${q.q!.toUpperCase()}%`)]));
  const all = await x.orderBy('s.service_date', 'desc').orderBy('s.id', 'desc').execute();
  return {
    rows: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((r) => toRow(r as ServiceDb)),
    total: all.length,
    page: q.page,
    pageSize: q.pageSize,
    sumFen: all.reduce((s, r) => s + r.amount_fen, 0),
    people: all.reduce((s, r) => s + r.people, 0),
  };
}

export async function serviceById(db: Executor, id: number): Promise<ServiceRow> {
  const r = await base(db).where('s.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('服务记录');
  return toRow(r as ServiceDb);
}

async function expenseTableExists(db: Executor): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'expense_request'`.execute(db);
  return Number(r.rows[0]?.n) > 0;
}

export async function saveService(db: Executor, actor: Actor & { roles: readonly string[] }, now: Date, input: ServiceInput): Promise<ServiceRow> {
  if (!actor.roles.some((r) => SERVICE_CLERKS.includes(r as never))) throw forbidden(`只有${SERVICE_CLERKS.join('、')}可以登记服务台账。`);
  if (!(SERVICE_CATEGORIES as readonly string[]).includes(input.category)) throw new AppError('VALIDATION', '服务类别不正确。');
  return withTx(db, async (trx) => {
    const unit = await trx.selectFrom('unit').select(['id', 'name', 'kind', 'active']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw notFound('单位');
    if (input.expenseRequestId) {
      if (!(await expenseTableExists(trx))) throw new AppError('VALIDATION', '支出审批模块尚未启用，不能关联支出。');
      const e = await sql<{ id: number; amount_fen: number; number: string }>`select id, amount_fen, number from expense_request where id = ${input.expenseRequestId}`.execute(trx);
      if (!e.rows.length) throw new AppError('VALIDATION', `支出申请（编号 ${input.expenseRequestId}）不存在。`, [{ path: 'expenseRequestId', message: '支出申请不存在' }]);
      if (input.amountFen > Number(e.rows[0].amount_fen)) {
        throw new AppError('VALIDATION', `服务金额 ${formatFen(input.amountFen)} 元超过所关联支出申请 ${e.rows[0].number} 的金额 ${formatFen(Number(e.rows[0].amount_fen))} 元。`, [{ path: 'amountFen', message: '超过关联支出金额' }]);
      }
    }
    const values = {
      unit_id: input.unitId,
      service_date: input.date,
      year: Number(input.date.slice(0, 4)),
      category: input.category,
      title: input.title,
      people: input.people,
      amount_fen: input.amountFen,
      expense_request_id: input.expenseRequestId ?? null,
      satisfaction: input.satisfaction ?? null,
      resolved: input.resolved === null || input.resolved === undefined ? null : input.resolved ? 1 : 0,
      provider: input.provider,
      note: input.note,
    };
    let id = input.id ?? null;
    let before: ServiceRow | undefined;
    if (id) {
      before = await serviceById(trx, id);
      await trx.updateTable('assess_service').set(values).where('id', '=', id).execute();
    } else {
      id = (await trx.insertInto('assess_service').values({ ...values, created_at: now.toISOString(), created_by: actor.userId, deleted_at: null }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: before ? '修改服务记录' : '登记服务', targetType: 'assess_service', targetId: id,
      summary: `${unit.name} ${input.date} ${input.category}：${input.title}，${input.people} 人，${formatFen(input.amountFen)} 元`,
      before, after: values,
    });
    return serviceById(trx, id);
  });
}

export async function deleteService(db: Executor, actor: Actor & { roles: readonly string[] }, now: Date, id: number, reason: string) {
  if (!actor.roles.some((r) => SERVICE_CLERKS.includes(r as never))) throw forbidden(`只有${SERVICE_CLERKS.join('、')}可以作废服务记录。`);
  return withTx(db, async (trx) => {
    const before = await serviceById(trx, id);
    await trx.updateTable('assess_service').set({ deleted_at: now.toISOString() }).where('id', '=', id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '作废服务记录', targetType: 'assess_service', targetId: id,
      summary: `作废 ${before.unit.name} ${before.date} ${before.category}：${before.title}。原因：${reason}`, before,
    });
    return { id };
  });
}

const avg = (sum: number | null, n: number) => (n ? Math.round((Number(sum) / n) * 10) / 10 : null);

export async function serviceBill(db: Executor, unitId: number): Promise<ServiceBill> {
  const unit = await db.selectFrom('unit').select(['id', 'code', 'name', 'kind']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('单位');
  const rows = await db
    .selectFrom('assess_service')
    .select(['year', 'category'])
    .select((e) => [
      e.fn.countAll<number>().as('n'), e.fn.sum<number>('people').as('people'), e.fn.sum<number>('amount_fen').as('amount'),
      e.fn.sum<number>('satisfaction').as('sat_sum'), e.fn.count<number>('satisfaction').as('sat_n'),
    ])
    .where('unit_id', '=', unitId)
    .where('deleted_at', 'is', null)
    .groupBy(['year', 'category'])
    .orderBy('year', 'desc')
    .execute();
  const years = [...new Set(rows.map((r) => r.year))];
  const order = (c: string) => (SERVICE_CATEGORIES as readonly string[]).indexOf(c);
  return {
    unit,
    years: years.map((y) => {
      const list = rows.filter((r) => r.year === y).sort((a, b) => order(a.category) - order(b.category));
      const satN = list.reduce((s, r) => s + Number(r.sat_n), 0);
      const satSum = list.reduce((s, r) => s + Number(r.sat_sum ?? 0), 0);
      return {
        year: y,
        count: list.reduce((s, r) => s + Number(r.n), 0),
        people: list.reduce((s, r) => s + Number(r.people ?? 0), 0),
        amountFen: list.reduce((s, r) => s + Number(r.amount ?? 0), 0),
        satisfaction: avg(satSum, satN),
        byCategory: list.map((r) => ({
          category: r.category, count: Number(r.n), people: Number(r.people ?? 0), amountFen: Number(r.amount ?? 0), satisfaction: avg(r.sat_sum, Number(r.sat_n)),
        })),
      };
    }),
    fiveOnes: years.map((y) => {
      const held = FIVE_ONES.filter((c) => rows.some((r) => r.year === y && r.category === c));
      return { year: y, held: [...held], missing: FIVE_ONES.filter((c) => !held.includes(c)) };
    }),
  };
}

/**
 * The county view of a year. 服务覆盖率 = grassroots unions with at least one service ÷ active grassroots
 * unions; 问题解决率 = services marked resolved ÷ services with an outcome recorded (all categories except
 * 工资集体协商); 协商成功率 = 工资集体协商 marked successful ÷ 工资集体协商 with an outcome; 职工满意度 = the
 * average of the satisfaction scores collected. (domain.md §9.4 gives no formulas: these are the inferred
 * numerator/denominator over the service log.)
 */
export async function countySummary(db: Executor, year: number): Promise<ServiceCountySummary> {
  const [units, served, cats, months, outcome] = await Promise.all([
    db.selectFrom('unit').select((e) => e.fn.countAll<number>().as('n')).where('kind', '=', '基层工会').where('active', '=', 1).executeTakeFirstOrThrow(),
    sql<{ n: number }>`select count(distinct s.unit_id) as n from assess_service s join unit u on u.id = s.unit_id
      where s.year = ${year} and s.deleted_at is null and u.kind = '基层工会' and u.active = 1`.execute(db),
    db
      .selectFrom('assess_service')
      .select(['category'])
      .select((e) => [
        e.fn.countAll<number>().as('n'), e.fn.count<number>(sql`distinct unit_id`).as('units'), e.fn.sum<number>('people').as('people'),
        e.fn.sum<number>('amount_fen').as('amount'), e.fn.sum<number>('satisfaction').as('sat_sum'), e.fn.count<number>('satisfaction').as('sat_n'),
      ])
      .where('year', '=', year)
      .where('deleted_at', 'is', null)
      .groupBy('category')
      .execute(),
    sql<{ m: string; n: number; amount: number }>`select substr(service_date, 6, 2) as m, count(*) as n, sum(amount_fen) as amount
      from assess_service where year = ${year} and deleted_at is null group by m order by m`.execute(db),
    sql<{ bargaining: number; ok: number; n: number }>`select category = '工资集体协商' as bargaining, sum(resolved) as ok, count(resolved) as n
      from assess_service where year = ${year} and deleted_at is null group by bargaining`.execute(db),
  ]);
  const unitsTotal = Number(units.n);
  const unitsServed = Number(served.rows[0]?.n ?? 0);
  const order = (c: string) => (SERVICE_CATEGORIES as readonly string[]).indexOf(c);
  const byCategory = cats
    .sort((a, b) => order(a.category) - order(b.category))
    .map((r) => ({ category: r.category, count: Number(r.n), units: Number(r.units), people: Number(r.people ?? 0), amountFen: Number(r.amount ?? 0), satisfaction: avg(r.sat_sum, Number(r.sat_n)) }));
  const satN = cats.reduce((s, r) => s + Number(r.sat_n), 0);
  const satSum = cats.reduce((s, r) => s + Number(r.sat_sum ?? 0), 0);
  const res = outcome.rows.find((r) => Number(r.bargaining) === 0);
  const barg = outcome.rows.find((r) => Number(r.bargaining) === 1);
  const share = (a: number, b: number) => (b ? a / b : null);
  return {
    year,
    unitsTotal,
    unitsServed,
    count: byCategory.reduce((s, r) => s + r.count, 0),
    people: byCategory.reduce((s, r) => s + r.people, 0),
    amountFen: byCategory.reduce((s, r) => s + r.amountFen, 0),
    metrics: [
      { key: 'coverage', label: '服务覆盖率', value: share(unitsServed, unitsTotal), numerator: unitsServed, denominator: unitsTotal, formula: '有服务记录的基层工会数 ÷ 在册基层工会数' },
      { key: 'resolution', label: '问题解决率', value: share(Number(res?.ok ?? 0), Number(res?.n ?? 0)), numerator: Number(res?.ok ?? 0), denominator: Number(res?.n ?? 0), formula: '标记“已解决”的服务数 ÷ 记录了结果的服务数（工资集体协商除外）' },
      { key: 'bargaining', label: '协商成功率', value: share(Number(barg?.ok ?? 0), Number(barg?.n ?? 0)), numerator: Number(barg?.ok ?? 0), denominator: Number(barg?.n ?? 0), formula: '达成协议的工资集体协商数 ÷ 记录了结果的工资集体协商数' },
      { key: 'satisfaction', label: '职工满意度', value: avg(satSum, satN), numerator: Math.round(satSum * 10) / 10, denominator: satN, formula: '收集到的满意度评分（0–100）的平均值' },
    ],
    byCategory,
    byMonth: months.rows.map((r) => ({ month: Number(r.m), count: Number(r.n), amountFen: Number(r.amount ?? 0) })),
  };
}
