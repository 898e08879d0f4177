// Versions of a unit's budget: each import is a version (never edited afterwards). Reading a version
// with its projects and lines, listing a unit's versions, the line-by-line difference between two
// versions, the per-unit submission summary of a year (已提交 / 未提交 / 有错误) and the import log.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { notFound } from '../../errors';
import { anySubject } from '../../../../shared/budget/subjects';
import type { Direction, SubmissionStatus } from '../../../../shared/budget/constants';
import type { UnitKind } from '../../../../shared/units';
import type {
  BudgetImportIssue, BudgetLineRow, BudgetProjectRow, BudgetStatusResult, BudgetStatusRow, BudgetVersionDetail, BudgetVersionRow,
  ImportLogRow, LineDiffRow, ProjectDiffRow, VersionDiffResult,
} from '../../../../shared/contract/budget';
import type { Page } from '../../../../shared/contract/audit';
import type { UnitRef } from '../../../../shared/contract/units';
import { chartOf, unitRef } from './structure';
import type { BookStatus } from '../../../../shared/budget/constants';

// ── reading versions ─────────────────────────────────────────────────────────────────────────────────

export async function versionRows(db: Executor, where: { versionIds?: number[]; year?: number; unitId?: number }): Promise<BudgetVersionRow[]> {
  let q = db
    .selectFrom('budget_version as v')
    .innerJoin('unit as u', 'u.id', 'v.unit_id')
    .leftJoin('budget_unit_year as c', (j) => j.onRef('c.year', '=', 'v.year').onRef('c.unit_id', '=', 'v.unit_id'))
    .select([
      'v.id', 'v.year', 'v.unit_id', 'v.seq', 'v.chart', 'v.source', 'v.file_name', 'v.preparer', 'v.unit_head', 'v.income_fen',
      'v.expense_fen', 'v.basic_fen', 'v.project_fen', 'v.line_count', 'v.project_count', 'v.locked', 'v.created_at',
      'v.created_by_name', 'u.code', 'u.name', 'u.kind', 'c.current_version_id',
    ]);
  if (where.versionIds) q = q.where('v.id', 'in', where.versionIds.length ? where.versionIds : [-1]);
  if (where.year !== undefined) q = q.where('v.year', '=', where.year);
  if (where.unitId !== undefined) q = q.where('v.unit_id', '=', where.unitId);
  const rows = await q.orderBy('v.unit_id').orderBy('v.seq', 'desc').execute();
  const ids = rows.map((r) => r.id);
  const books = ids.length
    ? await db
        .selectFrom('budget_book_member as m')
        .innerJoin('budget_book as b', 'b.id', 'm.book_id')
        .select(['m.version_id', 'b.id', 'b.title', 'b.status'])
        .where('m.version_id', 'in', ids)
        .orderBy('b.id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    unit: unitRef({ id: r.unit_id, code: r.code, name: r.name, kind: r.kind }),
    seq: r.seq,
    chart: r.chart as BudgetVersionRow['chart'],
    source: r.source,
    fileName: r.file_name,
    preparer: r.preparer,
    unitHead: r.unit_head,
    incomeFen: r.income_fen,
    expenseFen: r.expense_fen,
    basicFen: r.basic_fen,
    projectFen: r.project_fen,
    lineCount: r.line_count,
    projectCount: r.project_count,
    locked: r.locked === 1,
    current: r.current_version_id === r.id,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    books: books.filter((b) => b.version_id === r.id).map((b) => ({ id: b.id, title: b.title, status: b.status as BookStatus })),
  }));
}

export async function versionRow(db: Executor, versionId: number): Promise<BudgetVersionRow> {
  const [row] = await versionRows(db, { versionIds: [versionId] });
  if (!row) throw notFound(`预算版本（编号 ${versionId}）`);
  return row;
}

export async function versionProjects(db: Executor, versionId: number): Promise<BudgetProjectRow[]> {
  const rows = await db.selectFrom('budget_project').selectAll().where('version_id', '=', versionId).orderBy('id').execute();
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    fundingSource: p.funding_source,
    specialFund: p.special_fund,
    purpose: p.purpose,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    manager: p.manager,
    goals: p.goals,
    indicators: p.indicators,
    totalFen: p.total_fen,
    sheet: p.sheet,
    row: p.row_no,
  }));
}

export async function versionLines(db: Executor, versionId: number): Promise<BudgetLineRow[]> {
  const rows = await db
    .selectFrom('budget_line as l')
    .leftJoin('budget_project as p', 'p.id', 'l.project_id')
    .select([
      'l.id', 'l.version_id', 'l.direction', 'l.subject_code', 'l.expense_type', 'l.funding_source', 'l.project_id', 'l.item',
      'l.quantity', 'l.unit_price_fen', 'l.amount_fen', 'l.sangong', 'l.special_fund', 'l.note', 'l.sheet', 'l.row_no',
      'p.code as pcode', 'p.name as pname',
    ])
    .where('l.version_id', '=', versionId)
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    versionId: r.version_id,
    direction: r.direction as Direction,
    subjectCode: r.subject_code,
    subjectName: anySubject(r.subject_code)?.name ?? '（未知科目）',
    expenseType: r.expense_type,
    fundingSource: r.funding_source,
    projectId: r.project_id,
    projectCode: r.pcode,
    projectName: r.pname,
    item: r.item,
    quantity: r.quantity,
    unitPriceFen: r.unit_price_fen,
    amountFen: r.amount_fen,
    sangong: r.sangong,
    specialFund: r.special_fund,
    note: r.note,
    sheet: r.sheet,
    row: r.row_no,
  }));
}

export async function versionDetail(db: Executor, versionId: number): Promise<BudgetVersionDetail> {
  const version = await versionRow(db, versionId);
  const [projects, lines] = await Promise.all([versionProjects(db, versionId), versionLines(db, versionId)]);
  return { version, projects, lines };
}

export async function listVersions(db: Executor, year: number, unitId: number): Promise<BudgetVersionRow[]> {
  return versionRows(db, { year, unitId });
}

// ── differences ──────────────────────────────────────────────────────────────────────────────────────

const LINE_FIELDS: ReadonlyArray<[keyof BudgetLineRow, string]> = [
  ['amountFen', '金额'],
  ['quantity', '数量'],
  ['unitPriceFen', '单价'],
  ['sangong', '三公经费类别'],
  ['specialFund', '专项资金'],
  ['note', '说明'],
];

const PROJECT_FIELDS: ReadonlyArray<[keyof BudgetProjectRow, string]> = [
  ['name', '项目名称'],
  ['totalFen', '项目总额'],
  ['fundingSource', '资金来源'],
  ['specialFund', '专项资金'],
  ['purpose', '立项依据及目的'],
  ['periodStart', '实施开始日期'],
  ['periodEnd', '实施结束日期'],
  ['manager', '项目负责人'],
  ['goals', '绩效目标'],
  ['indicators', '绩效指标'],
];

/** Lines are matched by what they are (direction, project, subject, type, source, item), not by row. */
function lineKey(l: BudgetLineRow): string {
  return [l.direction, l.projectCode ?? '', l.subjectCode, l.expenseType ?? '', l.fundingSource, (l.item ?? '').trim()].join('\u0001');
}

function lineDiff(change: LineDiffRow['change'], unit: UnitRef, a: BudgetLineRow | null, b: BudgetLineRow | null, fields: string[]): LineDiffRow {
  const l = (b ?? a)!;
  const before = a ? a.amountFen : null;
  const after = b ? b.amountFen : null;
  return {
    change,
    unit,
    direction: l.direction,
    subjectCode: l.subjectCode,
    subjectName: l.subjectName,
    expenseType: l.expenseType,
    fundingSource: l.fundingSource,
    projectCode: l.projectCode,
    projectName: l.projectName,
    item: l.item,
    beforeFen: before,
    afterFen: after,
    deltaFen: (after ?? 0) - (before ?? 0),
    changedFields: fields,
    beforeAt: a ? `${a.sheet}!${a.row}` : null,
    afterAt: b ? `${b.sheet}!${b.row}` : null,
  };
}

/** The line-by-line and project differences between two sets of a unit's lines (either may be empty). */
export function diffLines(
  unit: UnitRef,
  before: readonly BudgetLineRow[],
  after: readonly BudgetLineRow[],
): { lines: LineDiffRow[]; unchanged: number } {
  const pool = new Map<string, BudgetLineRow[]>();
  for (const l of before) {
    const k = lineKey(l);
    const list = pool.get(k);
    if (list) list.push(l);
    else pool.set(k, [l]);
  }
  const out: LineDiffRow[] = [];
  let unchanged = 0;
  const added: BudgetLineRow[] = [];
  for (const b of after) {
    const list = pool.get(lineKey(b));
    if (!list || list.length === 0) {
      added.push(b);
      continue;
    }
    // Prefer an exact twin; otherwise the first of the same key.
    let i = list.findIndex((a) => LINE_FIELDS.every(([f]) => a[f] === b[f]));
    if (i < 0) i = 0;
    const [a] = list.splice(i, 1);
    const fields = LINE_FIELDS.filter(([f]) => a[f] !== b[f]).map(([, label]) => label);
    if (fields.length) out.push(lineDiff('修改', unit, a, b, fields));
    else unchanged++;
  }
  for (const b of added) out.push(lineDiff('新增', unit, null, b, []));
  for (const list of pool.values()) for (const a of list) out.push(lineDiff('删除', unit, a, null, []));
  return { lines: out, unchanged };
}

export function diffProjects(unit: UnitRef, before: readonly BudgetProjectRow[], after: readonly BudgetProjectRow[]): ProjectDiffRow[] {
  const old = new Map(before.map((p) => [p.code, p]));
  const out: ProjectDiffRow[] = [];
  for (const b of after) {
    const a = old.get(b.code);
    old.delete(b.code);
    if (!a) {
      out.push({ change: '新增', unit, code: b.code, name: b.name, beforeFen: null, afterFen: b.totalFen, deltaFen: b.totalFen, changedFields: [] });
      continue;
    }
    const fields = PROJECT_FIELDS.filter(([f]) => a[f] !== b[f]).map(([, label]) => label);
    if (fields.length) {
      out.push({ change: '修改', unit, code: b.code, name: b.name, beforeFen: a.totalFen, afterFen: b.totalFen, deltaFen: b.totalFen - a.totalFen, changedFields: fields });
    }
  }
  for (const a of old.values()) {
    out.push({ change: '删除', unit, code: a.code, name: a.name, beforeFen: a.totalFen, afterFen: null, deltaFen: -a.totalFen, changedFields: [] });
  }
  return out;
}

/** Differences of a version against another of the same unit (default: the version before it). */
export async function diffVersions(db: Executor, versionId: number, againstVersionId: number | null | undefined): Promise<VersionDiffResult> {
  const to = await versionRow(db, versionId);
  let fromId = againstVersionId ?? null;
  if (!fromId) {
    const prev = await db
      .selectFrom('budget_version')
      .select('id')
      .where('year', '=', to.year)
      .where('unit_id', '=', to.unit.id)
      .where('seq', '<', to.seq)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    fromId = prev?.id ?? null;
  }
  const from = fromId ? await versionRow(db, fromId) : null;
  const [beforeLines, afterLines, beforeProjects, afterProjects] = await Promise.all([
    from ? versionLines(db, from.id) : Promise.resolve([]),
    versionLines(db, to.id),
    from ? versionProjects(db, from.id) : Promise.resolve([]),
    versionProjects(db, to.id),
  ]);
  const { lines, unchanged } = diffLines(to.unit, beforeLines, afterLines);
  return { from, to, lines, projects: diffProjects(to.unit, beforeProjects, afterProjects), unchangedLines: unchanged };
}

// ── submission status ────────────────────────────────────────────────────────────────────────────────

function issues(json: string | null, limit: number): BudgetImportIssue[] {
  if (!json) return [];
  try {
    return (JSON.parse(json) as BudgetImportIssue[]).slice(0, limit);
  } catch {
    return [];
  }
}

/** 有错误 when the last import attempt was rejected; 已提交 when a version exists; otherwise 未提交. */
const STATUS_SQL = sql<SubmissionStatus>`case when c.last_attempt_ok = 0 then '有错误'
  when c.current_version_id is not null then '已提交' else '未提交' end`;

export async function submissionStatus(
  db: Executor,
  input: { year: number; q?: string | null; kind?: UnitKind | null; status?: SubmissionStatus | null; page: number; pageSize: number },
): Promise<BudgetStatusResult> {
  const base = () => {
    let q = db
      .selectFrom('unit as u')
      .leftJoin('budget_unit_year as c', (j) => j.onRef('c.unit_id', '=', 'u.id').on('c.year', '=', input.year))
      .where('u.active', '=', 1);
    if (input.kind) q = q.where('u.kind', '=', input.kind);
    if (input.q) {
      const like = `%${input.q}%`;
      q = q.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.code', 'like', like), eb('u.short_name', 'like', like)]));
    }
    return q;
  };
  const countRows = await base()
    .select([STATUS_SQL.as('status'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: BudgetStatusResult['counts'] = { 已提交: 0, 未提交: 0, 有错误: 0, 全部: 0 };
  for (const r of countRows) {
    counts[r.status as SubmissionStatus] = Number(r.n);
    counts.全部 += Number(r.n);
  }
  let q = base()
    .leftJoin('unit as pu', 'pu.id', 'u.parent_id')
    .leftJoin('budget_version as v', 'v.id', 'c.current_version_id')
    .select([
      'u.id', 'u.code', 'u.name', 'u.kind', 'pu.name as parent_name', 'c.current_version_id', 'c.version_count', 'c.last_attempt_at',
      'c.last_file_name', 'c.last_error_count', 'c.last_errors_json', 'v.seq', 'v.income_fen', 'v.expense_fen', STATUS_SQL.as('status'),
    ]);
  if (input.status) q = q.where(STATUS_SQL, '=', input.status);
  const rows = await q
    .orderBy('u.code')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const total = input.status ? counts[input.status] : counts.全部;
  return {
    rows: rows.map(
      (r): BudgetStatusRow => ({
        unit: unitRef(r),
        parentName: r.parent_name,
        chart: chartOf(r.kind),
        status: r.status as SubmissionStatus,
        versionId: r.current_version_id ?? null,
        versionSeq: r.seq ?? null,
        versionCount: r.version_count ?? 0,
        incomeFen: r.income_fen ?? null,
        expenseFen: r.expense_fen ?? null,
        lastAttemptAt: r.last_attempt_at ?? null,
        lastFileName: r.last_file_name ?? null,
        lastErrorCount: r.last_error_count ?? 0,
        lastErrors: r.status === '有错误' ? issues(r.last_errors_json ?? null, 5) : [],
      }),
    ),
    total,
    page: input.page,
    pageSize: input.pageSize,
    counts,
  };
}

/**
 * The import history of a year: successful imports (their versions) and rejected attempts, newest first.
 */
export async function importLog(db: Executor, year: number, unitId: number | null | undefined, page: number, pageSize: number): Promise<Page<ImportLogRow>> {
  const unitFilter = (col: string) => (unitId ? sql`and ${sql.ref(col)} = ${unitId}` : sql``);
  const union = sql`
    select v.id as id, 1 as ok, v.year, v.unit_id, v.file_name, v.created_at as at, v.created_by_name as username, v.id as version_id,
           0 as error_count, v.warnings_json, null as errors_json
    from budget_version v where v.year = ${year} ${unitFilter('v.unit_id')}
    union all
    select g.id as id, 0 as ok, g.year, g.unit_id, g.file_name, g.at, g.username, null as version_id,
           g.error_count, g.warnings_json, g.errors_json
    from budget_import_rejection g where g.year = ${year} ${unitFilter('g.unit_id')}`;
  const total = Number((await sql<{ n: number }>`select count(*) as n from (${union})`.execute(db)).rows[0]?.n ?? 0);
  const rows = (
    await sql<{
      id: number; ok: number; year: number; unit_id: number | null; file_name: string | null; at: string; username: string;
      version_id: number | null; error_count: number; warnings_json: string | null; errors_json: string | null;
      code: string | null; name: string | null; kind: string | null;
    }>`select x.*, u.code, u.name, u.kind from (${union}) x left join unit u on u.id = x.unit_id
       order by x.at desc, x.ok desc, x.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db)
  ).rows;
  return {
    rows: rows.map((r) => {
      const warnings = issues(r.warnings_json, 1000);
      return {
        id: r.ok ? r.id : -r.id,
        year: r.year,
        unit: r.unit_id && r.code ? unitRef({ id: r.unit_id, code: r.code, name: r.name!, kind: r.kind! }) : null,
        fileName: r.file_name ?? '',
        at: r.at,
        username: r.username,
        ok: r.ok === 1,
        versionId: r.version_id,
        errorCount: r.error_count,
        warningCount: warnings.length,
        errors: issues(r.errors_json, 1000),
        warnings,
      };
    }),
    total,
    page,
    pageSize,
  };
}
