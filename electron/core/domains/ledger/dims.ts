// Auxiliary dimensions: the rules that say which an account requires, projects, the economic
// classification, and the check of one line's dimensions.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import {
  DIMENSION_KINDS, DIMENSION_LABELS, EXPENSE_TYPES, FUND_SOURCES, requiredKinds,
  type DimensionKind, type DimensionRuleLike, type ExpenseType, type LineDimensions,
} from '../../../../shared/ledger/dimensions';
import {
  LEDGER_ROLES, type DimensionRuleRow, type DimensionsInfo, type EconClassRow, type LineDimensionsView, type ProjectRow,
} from '../../../../shared/contract/ledger';
import { MODULE, assertActorRole, loadSet } from './common';

export async function loadRules(db: Executor, setId: number): Promise<Array<DimensionRuleLike & { id: number; basis: string }>> {
  const rows = await db.selectFrom('ledger_dimension_rule').selectAll().where('set_id', '=', setId).orderBy('prefix').orderBy('kind').execute();
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    kind: r.kind as DimensionKind,
    required: r.required === 1,
    whenExpenseType: (r.when_expense_type as ExpenseType | null) ?? null,
    basis: r.basis,
  }));
}

function ruleRow(r: DimensionRuleLike & { id: number; basis: string }): DimensionRuleRow {
  return {
    id: r.id,
    prefix: r.prefix,
    kind: r.kind,
    kindLabel: DIMENSION_LABELS[r.kind],
    required: r.required,
    whenExpenseType: r.whenExpenseType,
    basis: r.basis,
  };
}

function projectRow(p: { id: number; set_id: number; code: string; name: string; special: number; active: number }): ProjectRow {
  return { id: p.id, setId: p.set_id, code: p.code, name: p.name, special: p.special === 1, active: p.active === 1 };
}

function econRow(e: { code: string; name: string; level: string; parent_code: string | null; seeded: number; active: number }): EconClassRow {
  return { code: e.code, name: e.name, level: e.level as '类' | '款', parentCode: e.parent_code, seeded: e.seeded === 1, active: e.active === 1 };
}

export async function dimensionsInfo(db: Executor, setId: number): Promise<DimensionsInfo> {
  const set = await loadSet(db, setId);
  const projects = await db.selectFrom('ledger_project').selectAll().where('set_id', '=', setId).orderBy('code').execute();
  const econ = await db.selectFrom('ledger_econ_class').selectAll().orderBy('code').execute();
  return {
    kinds: DIMENSION_KINDS.map((kind) => ({ kind, label: DIMENSION_LABELS[kind] })),
    fundSources: [...FUND_SOURCES],
    expenseTypes: [...EXPENSE_TYPES],
    projects: projects.map(projectRow),
    econClasses: econ.map(econRow),
    rules: (await loadRules(db, setId)).map(ruleRow),
    fiscalFunding: set.fiscal_funding === 1,
  };
}

export async function createProject(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { setId: number; code: string; name: string; special: boolean },
): Promise<ProjectRow> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.projectEditors, '新增核算项目');
    const set = await loadSet(trx, input.setId);
    const dup = await trx
      .selectFrom('ledger_project')
      .select('id')
      .where('set_id', '=', input.setId)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (dup) throw conflict(`本账套已有编码为 ${input.code} 的项目。`);
    const p = await trx
      .insertInto('ledger_project')
      .values({
        set_id: input.setId,
        code: input.code,
        name: input.name,
        special: input.special ? 1 : 0,
        active: 1,
        created_at: now.toISOString(),
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '新增核算项目',
      targetType: '核算项目',
      targetId: p.id,
      summary: `账套“${set.name}”新增项目 ${p.code} ${p.name}${input.special ? '（专项）' : ''}`,
      after: projectRow(p),
    });
    return projectRow(p);
  });
}

export async function saveEconClass(db: Executor, actor: Actor, now: Date, input: { code: string; name: string; active: boolean }): Promise<EconClassRow> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '维护经济分类');
    const parent = await trx.selectFrom('ledger_econ_class').selectAll().where('code', '=', input.code.slice(0, 3)).executeTakeFirst();
    if (!parent || parent.level !== '类') throw invalid(`经济分类 ${input.code} 的类级 ${input.code.slice(0, 3)} 不存在。`);
    const before = await trx.selectFrom('ledger_econ_class').selectAll().where('code', '=', input.code).executeTakeFirst();
    const at = now.toISOString();
    if (before) {
      await trx
        .updateTable('ledger_econ_class')
        .set({ name: input.name, active: input.active ? 1 : 0, updated_at: at })
        .where('code', '=', input.code)
        .execute();
    } else {
      await trx
        .insertInto('ledger_econ_class')
        .values({ code: input.code, name: input.name, level: '款', parent_code: parent.code, seeded: 0, active: input.active ? 1 : 0, updated_at: at })
        .execute();
    }
    const after = await trx.selectFrom('ledger_econ_class').selectAll().where('code', '=', input.code).executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: before ? '修改经济分类' : '新增经济分类',
      targetType: '经济分类',
      targetId: input.code,
      summary: `${before ? '修改' : '新增'}经济分类款级 ${input.code} ${input.name}${input.active ? '' : '（停用）'}`,
      before: before ? econRow(before) : undefined,
      after: econRow(after),
    });
    return econRow(after);
  });
}

export async function saveRule(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { setId: number; prefix: string; kind: DimensionKind; required: boolean; whenExpenseType?: ExpenseType | null; basis: string },
): Promise<DimensionRuleRow> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '设置辅助核算规则');
    const set = await loadSet(trx, input.setId);
    const before = await trx
      .selectFrom('ledger_dimension_rule')
      .selectAll()
      .where('set_id', '=', input.setId)
      .where('prefix', '=', input.prefix)
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    if (input.kind === 'fundSource' && input.required && set.fiscal_funding !== 1) {
      throw invalid('本账套未启用财政拨款核算，不能要求“资金来源”。');
    }
    const values = {
      required: input.required ? 1 : 0,
      when_expense_type: input.whenExpenseType ?? null,
      basis: input.basis,
      updated_at: now.toISOString(),
    };
    if (before) await trx.updateTable('ledger_dimension_rule').set(values).where('id', '=', before.id).execute();
    else await trx.insertInto('ledger_dimension_rule').values({ set_id: input.setId, prefix: input.prefix, kind: input.kind, ...values }).execute();
    const rule = (await loadRules(trx, input.setId)).find((r) => r.prefix === input.prefix && r.kind === input.kind)!;
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '设置辅助核算规则',
      targetType: '账套',
      targetId: input.setId,
      summary: `账套“${set.name}”：编码以 ${input.prefix} 开头的科目${input.required ? '必须' : '不必'}填写“${DIMENSION_LABELS[input.kind]}”${input.whenExpenseType ? `（当${input.whenExpenseType}时）` : ''}`,
      before: before ? { required: before.required === 1, whenExpenseType: before.when_expense_type, basis: before.basis } : undefined,
      after: { required: input.required, whenExpenseType: input.whenExpenseType ?? null, basis: input.basis },
    });
    return ruleRow(rule);
  });
}

/** Reference data for checking and showing dimension values of many lines at once. */
export interface DimensionLookup {
  projects: Map<number, { name: string; code: string; special: boolean; active: boolean; setId: number }>;
  econ: Map<string, { name: string; level: string; active: boolean }>;
  units: Map<number, { name: string; active: boolean }>;
}

export async function dimensionLookup(db: Executor, d: { projectIds?: Iterable<number | null>; econCodes?: Iterable<string | null>; unitIds?: Iterable<number | null> }): Promise<DimensionLookup> {
  const ids = (xs?: Iterable<number | null>) => [...new Set([...(xs ?? [])].filter((x): x is number => typeof x === 'number'))];
  const codes = [...new Set([...(d.econCodes ?? [])].filter((x): x is string => typeof x === 'string'))];
  const projectIds = ids(d.projectIds);
  const unitIds = ids(d.unitIds);
  const projects = projectIds.length
    ? await db.selectFrom('ledger_project').selectAll().where('id', 'in', projectIds).execute()
    : [];
  const econ = codes.length ? await db.selectFrom('ledger_econ_class').selectAll().where('code', 'in', codes).execute() : [];
  const units = unitIds.length ? await db.selectFrom('unit').select(['id', 'name', 'active']).where('id', 'in', unitIds).execute() : [];
  return {
    projects: new Map(projects.map((p) => [p.id, { name: p.name, code: p.code, special: p.special === 1, active: p.active === 1, setId: p.set_id }])),
    econ: new Map(econ.map((e) => [e.code, { name: e.name, level: e.level, active: e.active === 1 }])),
    units: new Map(units.map((u) => [u.id, { name: u.name, active: u.active === 1 }])),
  };
}

export function dimensionsView(l: LineDimensions, look: DimensionLookup): LineDimensionsView {
  return {
    projectId: l.projectId,
    projectName: l.projectId !== null ? (look.projects.get(l.projectId)?.name ?? null) : null,
    fundSource: l.fundSource,
    expenseType: l.expenseType,
    econCode: l.econCode,
    econName: l.econCode !== null ? (look.econ.get(l.econCode)?.name ?? null) : null,
    unitId: l.unitId,
    unitName: l.unitId !== null ? (look.units.get(l.unitId)?.name ?? null) : null,
  };
}

/**
 * Problems with one line's dimensions: a required one missing, or a value that does not exist, is
 * retired or belongs to another set. Each problem names the dimension; the caller adds the line.
 */
export function dimensionProblems(
  setId: number,
  fiscalFunding: boolean,
  rules: readonly DimensionRuleLike[],
  accountCode: string,
  d: LineDimensions,
  look: DimensionLookup,
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const kind of requiredKinds(rules, accountCode, d.expenseType)) {
    const missing =
      (kind === 'project' && d.projectId === null) ||
      (kind === 'fundSource' && d.fundSource === null) ||
      (kind === 'expenseType' && d.expenseType === null) ||
      (kind === 'econClass' && d.econCode === null) ||
      (kind === 'unit' && d.unitId === null);
    if (missing) {
      const field = kind === 'econClass' ? 'econCode' : kind === 'project' ? 'projectId' : kind === 'unit' ? 'unitId' : kind;
      const why = kind === 'project' ? '（项目支出须按具体项目核算）' : '';
      out.push({ field, message: `缺少辅助核算“${DIMENSION_LABELS[kind]}”${why}` });
    }
  }
  if (d.projectId !== null) {
    const p = look.projects.get(d.projectId);
    if (!p || p.setId !== setId) out.push({ field: 'projectId', message: '所选项目不存在或不属于本账套' });
    else if (!p.active) out.push({ field: 'projectId', message: `项目“${p.name}”已停用` });
  }
  if (d.fundSource === '财政拨款' && !fiscalFunding) {
    out.push({ field: 'fundSource', message: '本账套未启用财政拨款核算，资金来源不能为“财政拨款”' });
  }
  if (d.econCode !== null) {
    const e = look.econ.get(d.econCode);
    if (!e || e.level !== '款') out.push({ field: 'econCode', message: `经济分类 ${d.econCode} 不存在或不是款级科目` });
    else if (!e.active) out.push({ field: 'econCode', message: `经济分类 ${d.econCode} ${e.name} 已停用` });
  }
  if (d.unitId !== null) {
    const u = look.units.get(d.unitId);
    if (!u) out.push({ field: 'unitId', message: '所选单位不存在' });
  }
  return out;
}

export function lineDimensions(x: {
  projectId?: number | null;
  fundSource?: string | null;
  expenseType?: string | null;
  econCode?: string | null;
  unitId?: number | null;
}): LineDimensions {
  return {
    projectId: x.projectId ?? null,
    fundSource: (x.fundSource as LineDimensions['fundSource']) ?? null,
    expenseType: (x.expenseType as LineDimensions['expenseType']) ?? null,
    econCode: x.econCode ?? null,
    unitId: x.unitId ?? null,
  };
}

export function rowDimensions(r: {
  project_id: number | null;
  fund_source: string | null;
  expense_type: string | null;
  econ_code: string | null;
  unit_id: number | null;
}): LineDimensions {
  return lineDimensions({ projectId: r.project_id, fundSource: r.fund_source, expenseType: r.expense_type, econCode: r.econ_code, unitId: r.unit_id });
}

