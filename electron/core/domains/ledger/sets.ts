// Accounting sets (账套): the federation's own books and those it keeps for small grassroots unions
// (代管 / 代理记账). Each set copies one official chart, starts with the default dimension rules and has
// its own periods and voucher numbering.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { bulkInsert } from '../../db/bulk';
import { CHART_NAMES, chartAccounts, type ChartCode } from '../../../../shared/ledger/charts';
import { defaultDimensionRules } from '../../../../shared/ledger/dimensions';
import type { LedgerSetRow } from '../../../../shared/contract/ledger';
import { LEDGER_ROLES } from '../../../../shared/contract/ledger';
import { MODULE, assertActorRole, loadSet, type SetRecord } from './common';

export interface CreateSetInput {
  name: string;
  unitId: number;
  chart: ChartCode;
  /** Books same-level 财政拨款 (county sets only); defaults to true for the county chart. */
  fiscalFunding?: boolean | null;
  startYear: number;
  startMonth: number;
  notes?: string | null;
}

export async function listSets(db: Executor, opts: { includeInactive?: boolean; id?: number } = {}): Promise<LedgerSetRow[]> {
  let q = db
    .selectFrom('ledger_set as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .selectAll('s')
    .select('u.name as unit_name')
    .orderBy('s.id');
  if (!opts.includeInactive) q = q.where('s.active', '=', 1);
  if (opts.id !== undefined) q = q.where('s.id', '=', opts.id);
  const rows = await q.execute();
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    unitId: s.unit_id,
    unitName: s.unit_name,
    chart: s.chart as ChartCode,
    chartName: CHART_NAMES[s.chart as ChartCode],
    fiscalFunding: s.fiscal_funding === 1,
    startYear: s.start_year,
    startMonth: s.start_month,
    currentYear: s.current_year,
    active: s.active === 1,
    notes: s.notes,
    createdAt: s.created_at,
  }));
}

export async function loadSetRow(db: Executor, id: number): Promise<LedgerSetRow> {
  const [row] = await listSets(db, { includeInactive: true, id });
  if (!row) throw notFound('账套');
  return row;
}

export async function createSet(db: Executor, actor: Actor, now: Date, input: CreateSetInput): Promise<SetRecord> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '新建账套');
    const unit = await trx.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw notFound('核算单位');
    const dup = await trx.selectFrom('ledger_set').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup) throw conflict(`已有名为“${input.name}”的账套。`);
    const fiscal = input.chart === 'C' ? (input.fiscalFunding ?? true) : false;
    if (input.chart === 'G' && input.fiscalFunding) {
      throw invalid('基层工会科目体系不核算同级财政拨款，请选择县级以上工会科目体系。', [{ path: 'fiscalFunding', message: '基层工会账套不能启用财政拨款核算' }]);
    }
    const at = now.toISOString();
    const set = await trx
      .insertInto('ledger_set')
      .values({
        name: input.name,
        unit_id: input.unitId,
        chart: input.chart,
        fiscal_funding: fiscal ? 1 : 0,
        start_year: input.startYear,
        start_month: input.startMonth,
        current_year: input.startYear,
        notes: input.notes ?? null,
        created_at: at,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const accounts = chartAccounts(input.chart);
    await bulkInsert(
      trx,
      'ledger_account',
      accounts.map((a) => ({
        set_id: set.id,
        code: a.code,
        name: a.name,
        level: a.level,
        parent_code: a.parent,
        type: a.type,
        side: a.side,
        seeded: 1,
        code_assigned: a.codeAssigned ? 1 : 0,
        closing: a.closing ?? null,
        note: a.note ?? null,
        active: 1,
        created_at: at,
      })),
    );
    const rules = defaultDimensionRules(input.chart, fiscal);
    await trx
      .insertInto('ledger_dimension_rule')
      .values(
        rules.map((r) => ({
          set_id: set.id,
          prefix: r.prefix,
          kind: r.kind,
          required: r.required ? 1 : 0,
          when_expense_type: r.whenExpenseType ?? null,
          basis: r.basis,
          updated_at: at,
        })),
      )
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '新建账套',
      targetType: '账套',
      targetId: set.id,
      summary: `新建账套“${set.name}”（${unit.name}，${CHART_NAMES[input.chart]}，${input.startYear}年${input.startMonth}月启用${fiscal ? '，核算财政拨款' : ''}），预置科目 ${accounts.length} 个`,
      after: { name: set.name, unitId: set.unit_id, chart: set.chart, fiscalFunding: fiscal, startYear: set.start_year, startMonth: set.start_month },
    });
    return loadSet(trx, set.id);
  });
}
