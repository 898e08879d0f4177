// The units registry (单位): reading (paged list, subtree filter, tree skeleton, detail with parent
// chain, audit history), the field rules shared by the forms and the Excel import, and the changes
// (create, update with an optimistic check, deactivate/reactivate), each with its audit entry.
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { DB, UnitTable } from '../../db/schema';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { getSetting, SETTING } from '../../settings';
import { validateCreditCode } from '../../../../shared/validate/creditCode';
import { formatFen } from '../../../../shared/money';
import {
  ALLOWED_PARENT_KINDS, CREDIT_CODE_REQUIRED, OWNERSHIPS, ORG_TYPES_BY_KIND, ORG_TYPE_REQUIRED, UNION_STATUSES,
  UNIT_CODE_PREFIX, UNIT_CODE_RE, UNIT_FIELD_LABELS, UNIT_KINDS, formatUnitCode, type UnitFieldKey, type UnitKind,
} from '../../../../shared/units';
import type {
  UnitChange, UnitDetail, UnitFields, UnitHistoryEntry, UnitListResult, UnitRef, UnitRow, UnitTreeNode, unitFilter,
} from '../../../../shared/contract/units';
import type { Page } from '../../../../shared/contract/audit';
import { beijingDate } from '../../../../shared/dates';

export const MODULE = '单位';
export const TARGET = '单位';

export type UnitDbRow = Selectable<UnitTable>;
export type UnitFilter = z.output<typeof unitFilter>;

// ── field rules ────────────────────────────────────────────────────────────────────────────────────

/** A unit's own fields (no id, parent as an id, no timestamps), as the rules and the audit see them. */
export interface UnitRecord {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  orgType: string | null;
  ownership: string | null;
  creditCode: string | null;
  unionCreditCode: string | null;
  parentId: number | null;
  unionFoundedOn: string | null;
  unionStatus: string | null;
  chair: string | null;
  memberCount: number | null;
  staffCount: number | null;
  payrollBaseFen: number | null;
  bankName: string | null;
  bankAccount: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  address: string | null;
  notes: string | null;
}

/** Record key → unit table column. */
export const COLUMN_OF = {
  code: 'code',
  name: 'name',
  shortName: 'short_name',
  kind: 'kind',
  orgType: 'org_type',
  ownership: 'ownership',
  creditCode: 'credit_code',
  unionCreditCode: 'union_credit_code',
  parentId: 'parent_id',
  unionFoundedOn: 'union_founded_on',
  unionStatus: 'union_status',
  chair: 'chair',
  memberCount: 'member_count',
  staffCount: 'staff_count',
  payrollBaseFen: 'payroll_base_fen',
  bankName: 'bank_name',
  bankAccount: 'bank_account',
  contactPerson: 'contact_person',
  contactPhone: 'contact_phone',
  address: 'address',
  notes: 'notes',
} as const satisfies Record<keyof UnitRecord, keyof UnitTable>;

export const RECORD_KEYS = Object.keys(COLUMN_OF) as (keyof UnitRecord)[];

export function recordOf(r: UnitDbRow): UnitRecord {
  const out = {} as Record<keyof UnitRecord, unknown>;
  for (const k of RECORD_KEYS) out[k] = r[COLUMN_OF[k]];
  return out as unknown as UnitRecord;
}

export function columnsOf(rec: UnitRecord): Omit<UnitTable, 'id' | 'active' | 'created_at' | 'updated_at'> {
  const out: Record<string, unknown> = {};
  for (const k of RECORD_KEYS) out[COLUMN_OF[k]] = rec[k];
  return out as Omit<UnitTable, 'id' | 'active' | 'created_at' | 'updated_at'>;
}

export interface FieldIssue {
  field: UnitFieldKey;
  message: string;
}

export interface CheckedCodes {
  code: string | null;
  creditCode: string | null;
  unionCreditCode: string | null;
}

/** Today as a local (UTC+8) calendar date. */
export function localToday(now: Date): string {
  return beijingDate(now);
}

/** Local (UTC+8) date and time for messages. */
export function localTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * The rules of one unit's own fields (everything but uniqueness and the parent, which need the
 * database): kind and types from the lists, credit codes with check digits, counts, dates. Returns the
 * normalised codes with the blocking errors and the warnings.
 */
export function checkFields(
  d: Omit<UnitRecord, 'code' | 'parentId'> & { code: string | null },
  today: string,
): { errors: FieldIssue[]; warnings: FieldIssue[]; codes: CheckedCodes } {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const codes: CheckedCodes = { code: null, creditCode: null, unionCreditCode: null };
  const err = (field: UnitFieldKey, message: string) => errors.push({ field, message });
  const warn = (field: UnitFieldKey, message: string) => warnings.push({ field, message });

  if (!d.name || !d.name.trim()) err('name', '单位名称不能为空');
  const kindOk = (UNIT_KINDS as readonly string[]).includes(d.kind);
  if (!d.kind) err('kind', '类别不能为空');
  else if (!kindOk) err('kind', `未知的类别“${d.kind}”，应为：${UNIT_KINDS.join('、')}`);
  const kind = d.kind as UnitKind;

  if (d.code) {
    const code = d.code.trim().toUpperCase();
    if (!UNIT_CODE_RE.test(code)) err('code', `单位编码“${d.code}”只能由字母、数字、-、_ 组成，最多 32 位`);
    else codes.code = code;
  }

  if (kindOk) {
    const types = ORG_TYPES_BY_KIND[kind];
    if (d.orgType) {
      if (!types.length) err('orgType', `${kind}不填写单位性质`);
      else if (!types.includes(d.orgType)) err('orgType', `单位性质“${d.orgType}”不适用于${kind}，应为：${types.join('、')}`);
    } else if (ORG_TYPE_REQUIRED.includes(kind)) {
      err('orgType', `${kind}须填写单位性质（${types.join('、')}）`);
    }
  }
  if (d.ownership && !(OWNERSHIPS as readonly string[]).includes(d.ownership)) {
    err('ownership', `所有制“${d.ownership}”无效，应为：${OWNERSHIPS.join('、')}`);
  }
  if (kind === '基层工会' && d.orgType === '企业' && !d.ownership) warn('ownership', '企业未填写所有制（国有/非公）');
  if (d.unionStatus && !(UNION_STATUSES as readonly string[]).includes(d.unionStatus)) {
    err('unionStatus', `建会状态“${d.unionStatus}”无效，应为：${UNION_STATUSES.join('、')}`);
  }

  if (d.creditCode) {
    const r = validateCreditCode(d.creditCode);
    if (!r.ok) err('creditCode', r.message);
    else {
      codes.creditCode = r.code;
      for (const w of r.warnings) warn('creditCode', w);
    }
  } else if (kindOk && CREDIT_CODE_REQUIRED.includes(kind)) {
    err('creditCode', `${kind}须填写统一社会信用代码`);
  }
  if (d.unionCreditCode) {
    const r = validateCreditCode(d.unionCreditCode);
    if (!r.ok) err('unionCreditCode', `工会${r.message}`);
    else {
      codes.unionCreditCode = r.code;
      for (const w of r.warnings) warn('unionCreditCode', `工会${w}`);
    }
  }

  for (const [field, label] of [['memberCount', '会员人数'], ['staffCount', '职工人数']] as const) {
    const v = d[field];
    if (v === null || v === undefined) continue;
    if (!Number.isInteger(v)) err(field, `${label}应为整数`);
    else if (v < 0) err(field, `${label}不能为负数`);
  }
  if (d.memberCount != null && d.staffCount != null && d.memberCount > d.staffCount) {
    warn('memberCount', `会员人数（${d.memberCount}）多于职工人数（${d.staffCount}），请核对`);
  }
  if (d.payrollBaseFen != null) {
    if (!Number.isSafeInteger(d.payrollBaseFen)) err('payrollBaseFen', '月工资总额应为整数分');
    else if (d.payrollBaseFen < 0) err('payrollBaseFen', '月工资总额不能为负数');
  }

  if (d.unionFoundedOn) {
    if (!isCalendarDate(d.unionFoundedOn)) err('unionFoundedOn', `建会日期“${d.unionFoundedOn}”不是有效日期（格式 YYYY-MM-DD）`);
    else if (d.unionFoundedOn > today) warn('unionFoundedOn', `建会日期 ${d.unionFoundedOn} 晚于今天，请核对`);
  }
  if (d.unionStatus === '已建会' && !d.unionFoundedOn && kind === '基层工会') {
    warn('unionFoundedOn', '建会状态为“已建会”，但未填写建会日期');
  }
  if (d.unionStatus === '未建会' && d.unionFoundedOn) warn('unionFoundedOn', '建会状态为“未建会”，却填写了建会日期，请核对');
  if (d.unionStatus === '未建会' && (d.memberCount ?? 0) > 0) warn('memberCount', '建会状态为“未建会”，却填写了会员人数，请核对');
  return { errors, warnings, codes };
}

/** Whether a unit of `kind` may sit under a unit of `parentKind`; the message when not. */
export function parentRule(kind: string, parent: { kind: string; name: string } | null): string | null {
  const allowed = ALLOWED_PARENT_KINDS[kind as UnitKind];
  if (!allowed) return null; // an unknown kind is reported on its own
  if (!parent) return kind === '总工会' ? null : `${kind}须有上级单位`;
  if (kind === '总工会') return '总工会（本级工会）没有上级单位';
  if (!allowed.includes(parent.kind as UnitKind)) {
    return `${kind}不能挂在${parent.kind}“${parent.name}”下，上级单位应为：${allowed.join('、')}`;
  }
  return null;
}

/** Highest number used after a kind's code prefix (JC00042 → 42), in SQL. */
export async function maxCodeNumber(db: Executor, kind: UnitKind): Promise<number> {
  const prefix = UNIT_CODE_PREFIX[kind];
  const r = await sql<{ n: number | null }>`select max(cast(substr(code, ${prefix.length + 1}) as integer)) as n from unit
    where code glob ${prefix + '[0-9]*'} and substr(code, ${prefix.length + 1}) not glob '*[^0-9]*'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Parses a code's number after the kind's prefix, or null. */
export function codeNumber(code: string, kind: UnitKind): number | null {
  const prefix = UNIT_CODE_PREFIX[kind];
  if (!code.startsWith(prefix)) return null;
  const rest = code.slice(prefix.length);
  return /^\d{1,15}$/.test(rest) ? Number(rest) : null;
}

/** A new updated_at strictly after the previous one (a frozen or coarse clock must still move it). */
export function nextStamp(prev: string | null, now: Date): string {
  const iso = now.toISOString();
  if (!prev || iso > prev) return iso;
  return new Date(Date.parse(prev) + 1).toISOString();
}

export async function federationId(db: Executor): Promise<number | null> {
  return getSetting<number | null>(db, SETTING.orgUnitId, null);
}

// ── audit snapshots ────────────────────────────────────────────────────────────────────────────────

export type Snapshot = Partial<UnitRecord> & { parentName?: string | null; active?: boolean };

export function snapshot(rec: UnitRecord, parentName: string | null, active = true): Snapshot {
  return { ...rec, parentName, active };
}

/** The changed fields only, before and after (parentName travels with parentId). */
export function diff(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot; fields: string[] } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const k of Object.keys(after) as (keyof Snapshot)[]) {
    if (k === 'parentName') continue;
    const x = before[k] ?? null;
    const y = after[k] ?? null;
    if (x !== y) {
      b[k] = x;
      a[k] = y;
      fields.push(k);
    }
  }
  if (!fields.length) return null;
  if ('parentId' in a) {
    b.parentName = before.parentName ?? null;
    a.parentName = after.parentName ?? null;
  }
  return { before: b as Snapshot, after: a as Snapshot, fields };
}

export function describeFields(fields: string[]): string {
  return fields.map((f) => UNIT_FIELD_LABELS[f] ?? f).filter((v, i, all) => all.indexOf(v) === i).join('、');
}

// ── reading ────────────────────────────────────────────────────────────────────────────────────────

function rowOf(r: UnitDbRow & { parent_name: string | null }): UnitRow {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    orgType: r.org_type,
    ownership: r.ownership,
    creditCode: r.credit_code,
    unionCreditCode: r.union_credit_code,
    parentId: r.parent_id,
    parentName: r.parent_name,
    unionFoundedOn: r.union_founded_on,
    unionStatus: r.union_status,
    chair: r.chair,
    memberCount: r.member_count,
    staffCount: r.staff_count,
    payrollBaseFen: r.payroll_base_fen,
    bankName: r.bank_name,
    bankAccount: r.bank_account,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    address: r.address,
    notes: r.notes,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const SORT_COLUMN = {
  code: 'u.code',
  name: 'u.name',
  kind: 'u.kind',
  orgType: 'u.org_type',
  unionStatus: 'u.union_status',
  unionFoundedOn: 'u.union_founded_on',
  memberCount: 'u.member_count',
  staffCount: 'u.staff_count',
  payrollBaseFen: 'u.payroll_base_fen',
  parentName: 'p.name',
  updatedAt: 'u.updated_at',
} as const;

function escapeLike(s: string) {
  return `%${s.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
}

/** The filtered units joined to their parents (the base of the list, its totals and the export). */
export function filteredUnits(db: Executor, f: Omit<UnitFilter, 'sort' | 'order'>) {
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .where((eb) => {
      const c = [];
      if (f.kind) c.push(eb('u.kind', '=', f.kind));
      if (f.orgType) c.push(eb('u.org_type', '=', f.orgType));
      if (f.ownership) c.push(eb('u.ownership', '=', f.ownership));
      if (f.unionStatus) c.push(eb('u.union_status', '=', f.unionStatus));
      if (f.parentId) c.push(eb('u.parent_id', '=', f.parentId));
      if (f.active === true || f.active === false) c.push(eb('u.active', '=', f.active ? 1 : 0));
      if (f.ancestorId) {
        c.push(
          eb(
            'u.id',
            'in',
            sql<number>`(with recursive sub(id) as (
              select id from unit where parent_id = ${f.ancestorId}
              union all select x.id from unit x join sub on x.parent_id = sub.id
            ) select id from sub)`,
          ),
        );
      }
      if (f.q) {
        const like = escapeLike(f.q);
        c.push(
          sql<boolean>`(u.name like ${like} escape '\\' or u.short_name like ${like} escape '\\' or u.code like ${like} escape '\\'
            or u.credit_code like ${like} escape '\\' or u.union_credit_code like ${like} escape '\\' or u.chair like ${like} escape '\\')`,
        );
      }
      return eb.and(c);
    });
}

export function sortedUnits(db: Executor, f: UnitFilter) {
  return filteredUnits(db, f)
    .selectAll('u')
    .select('p.name as parent_name')
    .orderBy(SORT_COLUMN[f.sort], f.order)
    .orderBy('u.id', f.order);
}

export async function listUnits(db: Executor, f: UnitFilter & { page: number; pageSize: number }): Promise<UnitListResult> {
  const agg = await filteredUnits(db, f)
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | null>('u.member_count').as('members'),
      eb.fn.sum<number | null>('u.staff_count').as('staff'),
      eb.fn.sum<number | null>('u.payroll_base_fen').as('payroll'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await sortedUnits(db, f).limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return {
    rows: rows.map(rowOf),
    total: Number(agg.n),
    page: f.page,
    pageSize: f.pageSize,
    sums: { memberCount: Number(agg.members ?? 0), staffCount: Number(agg.staff ?? 0), payrollBaseFen: Number(agg.payroll ?? 0) },
  };
}

export async function ancestorsOf(db: Executor, parentId: number | null): Promise<UnitRef[]> {
  const chain: UnitRef[] = [];
  const seen = new Set<number>();
  let next = parentId;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    const p = await db.selectFrom('unit').select(['id', 'code', 'name', 'kind', 'parent_id']).where('id', '=', next).executeTakeFirst();
    if (!p) break;
    chain.unshift({ id: p.id, code: p.code, name: p.name, kind: p.kind });
    next = p.parent_id;
  }
  return chain;
}

export async function loadUnit(db: Executor, id: number): Promise<UnitDetail> {
  const r = await db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .selectAll('u')
    .select('p.name as parent_name')
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound('单位');
  const counts = await db
    .selectFrom('unit')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number | null>('active').as('a')])
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    ...rowOf(r),
    ancestors: await ancestorsOf(db, r.parent_id),
    childCount: Number(counts.n),
    activeChildCount: Number(counts.a ?? 0),
  };
}

export async function unitTree(db: Executor, includeInactive: boolean): Promise<UnitTreeNode[]> {
  let q = db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'short_name', 'kind', 'org_type', 'parent_id', 'active'])
    .where('kind', '!=', '基层工会');
  if (!includeInactive) q = q.where('active', '=', 1);
  const nodes = await q.orderBy('code').execute();
  let c = db
    .selectFrom('unit')
    .select((eb) => [
      'parent_id',
      eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when kind = '基层工会' then 1 else 0 end)`.as('g'),
      sql<number>`sum(case when kind = '基层工会' then coalesce(member_count, 0) else 0 end)`.as('m'),
      sql<number>`sum(case when kind = '基层工会' then coalesce(staff_count, 0) else 0 end)`.as('s'),
    ])
    .where('parent_id', 'is not', null)
    .groupBy('parent_id');
  if (!includeInactive) c = c.where('active', '=', 1);
  const counts = new Map((await c.execute()).map((r) => [r.parent_id!, r]));
  const byParent = new Map<number, number[]>();
  for (const n of nodes) {
    if (n.parent_id === null) continue;
    const list = byParent.get(n.parent_id) ?? [];
    list.push(n.id);
    byParent.set(n.parent_id, list);
  }
  const subtree = new Map<number, { g: number; m: number; s: number }>();
  const visiting = new Set<number>();
  const total = (id: number): { g: number; m: number; s: number } => {
    const done = subtree.get(id);
    if (done) return done;
    const own = counts.get(id);
    const t = { g: Number(own?.g ?? 0), m: Number(own?.m ?? 0), s: Number(own?.s ?? 0) };
    if (visiting.has(id)) return t;
    visiting.add(id);
    for (const child of byParent.get(id) ?? []) {
      const ct = total(child);
      t.g += ct.g;
      t.m += ct.m;
      t.s += ct.s;
    }
    subtree.set(id, t);
    return t;
  };
  const kindOrder = (k: string) => (UNIT_KINDS as readonly string[]).indexOf(k);
  return nodes
    .map((n) => {
      const own = counts.get(n.id);
      const t = total(n.id);
      return {
        id: n.id,
        code: n.code,
        name: n.name,
        shortName: n.short_name,
        kind: n.kind,
        orgType: n.org_type,
        parentId: n.parent_id,
        active: n.active === 1,
        childCount: Number(own?.n ?? 0),
        grassrootsCount: Number(own?.g ?? 0),
        subtreeGrassroots: t.g,
        subtreeMembers: t.m,
        subtreeStaff: t.s,
      };
    })
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.code.localeCompare(b.code));
}

function display(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (field === 'payrollBaseFen' && typeof v === 'number') return `${formatFen(v)} 元`;
  if (field === 'active') return v ? '启用' : '停用';
  if (typeof v === 'number') return v.toLocaleString('en-US');
  return String(v);
}

export function changesOf(before: Record<string, unknown> | null, after: Record<string, unknown> | null): UnitChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const hasName = keys.includes('parentName');
  const out: UnitChange[] = [];
  for (const k of keys) {
    if (k === 'parentId' && hasName) continue;
    const b = before ? (before[k] ?? null) : null;
    const a = after ? (after[k] ?? null) : null;
    if (before && after && JSON.stringify(a) === JSON.stringify(b)) continue;
    if (!before && (a === null || a === '')) continue;
    out.push({ field: k, label: UNIT_FIELD_LABELS[k] ?? k, before: b, after: a, beforeText: display(k, b), afterText: display(k, a) });
  }
  return out;
}

export async function unitHistory(db: Executor, id: number, page: number, pageSize: number): Promise<Page<UnitHistoryEntry>> {
  const exists = await db.selectFrom('unit').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw notFound('单位');
  const base = db.selectFrom('audit_log').where('target_type', '=', TARGET).where('target_id', '=', String(id));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      username: r.username,
      role: r.role,
      module: r.module,
      action: r.action,
      summary: r.summary,
      changes: changesOf(r.before_json ? JSON.parse(r.before_json) : null, r.after_json ? JSON.parse(r.after_json) : null),
    })),
    total,
    page,
    pageSize,
  };
}

// ── changing ───────────────────────────────────────────────────────────────────────────────────────

function fail(errors: FieldIssue[]): never {
  throw invalid(errors.map((e) => e.message).join('；'), errors.map((e) => ({ path: e.field, message: e.message })));
}

interface Resolved {
  record: UnitRecord;
  parent: UnitDbRow | null;
  warnings: string[];
}

/** Applies every rule to a form's input: fields, uniqueness, parent (existence, kind, active, no cycle). */
async function resolveInput(trx: Executor, input: UnitFields, now: Date, current: UnitDbRow | null): Promise<Resolved> {
  const fedId = await federationId(trx);
  const isFederation = current !== null && current.id === fedId;
  const { errors, warnings, codes } = checkFields(
    {
      ...input,
      ownership: input.ownership ?? null,
      unionFoundedOn: input.unionFoundedOn ?? null,
      unionStatus: input.unionStatus ?? null,
      memberCount: input.memberCount ?? null,
      staffCount: input.staffCount ?? null,
      payrollBaseFen: input.payrollBaseFen ?? null,
    },
    localToday(now),
  );
  const kind = input.kind as UnitKind;
  if (!current && kind === '总工会') {
    errors.push({ field: 'kind', message: '总工会（本级工会）只有一个，由系统初始化时登记，不能新增' });
  }
  if (current && isFederation && kind !== '总工会') errors.push({ field: 'kind', message: '本级总工会的类别不能修改' });
  if (current && !isFederation && kind === '总工会') errors.push({ field: 'kind', message: '总工会（本级工会）只有一个，不能把其他单位改为总工会' });

  // Uniqueness.
  const selfId = current?.id ?? -1;
  if (codes.code) {
    const other = await trx.selectFrom('unit').select(['id', 'name']).where('code', '=', codes.code).where('id', '!=', selfId).executeTakeFirst();
    if (other) errors.push({ field: 'code', message: `单位编码 ${codes.code} 已被“${other.name}”使用` });
  }
  if (codes.creditCode) {
    const other = await trx
      .selectFrom('unit')
      .select(['id', 'name', 'code'])
      .where('credit_code', '=', codes.creditCode)
      .where('id', '!=', selfId)
      .executeTakeFirst();
    if (other) errors.push({ field: 'creditCode', message: `统一社会信用代码 ${codes.creditCode} 已被“${other.name}”（编码 ${other.code}）使用` });
  }
  const sameName = await trx.selectFrom('unit').select('code').where('name', '=', input.name).where('id', '!=', selfId).executeTakeFirst();
  if (sameName) warnings.push({ field: 'name', message: `已有同名单位“${input.name}”（编码 ${sameName.code}），请确认不是重复登记` });

  // Parent.
  let parent: UnitDbRow | null = null;
  if (!isFederation && kind !== '总工会') {
    const parentId = input.parentId ?? fedId;
    if (parentId === null) errors.push({ field: 'parent', message: '系统尚未初始化本级总工会，无法确定上级单位' });
    else {
      parent = (await trx.selectFrom('unit').selectAll().where('id', '=', parentId).executeTakeFirst()) ?? null;
      if (!parent) errors.push({ field: 'parent', message: '上级单位不存在' });
      else {
        const rule = parentRule(kind, parent);
        if (rule) errors.push({ field: 'parent', message: rule });
        const parentChanged = !current || current.parent_id !== parent.id;
        if (parentChanged && parent.active !== 1) errors.push({ field: 'parent', message: `上级单位“${parent.name}”已停用` });
        if (current && parentChanged) {
          const chain = await ancestorsOf(trx, parent.id);
          if (parent.id === current.id || chain.some((a) => a.id === current.id)) {
            errors.push({ field: 'parent', message: '上级单位不能是本单位或本单位的下级单位' });
          }
        }
      }
    }
  } else if (input.parentId) {
    errors.push({ field: 'parent', message: '总工会（本级工会）没有上级单位' });
  }

  // A kind change must suit the children.
  if (current && current.kind !== kind && (UNIT_KINDS as readonly string[]).includes(kind)) {
    const kids = await trx.selectFrom('unit').select(['kind', 'name']).where('parent_id', '=', current.id).execute();
    const bad = kids.find((k) => parentRule(k.kind, { kind, name: input.name }) !== null);
    if (bad) errors.push({ field: 'kind', message: `本单位下有${bad.kind}“${bad.name}”，类别不能改为${kind}` });
  }

  if (errors.length) fail(errors);

  let code = codes.code;
  if (!code) code = current?.code ?? formatUnitCode(kind, (await maxCodeNumber(trx, kind)) + 1);
  const record: UnitRecord = {
    code,
    name: input.name,
    shortName: input.shortName,
    kind,
    orgType: input.orgType,
    ownership: input.ownership ?? null,
    creditCode: codes.creditCode,
    unionCreditCode: codes.unionCreditCode,
    parentId: isFederation ? null : (parent?.id ?? null),
    unionFoundedOn: input.unionFoundedOn ?? null,
    unionStatus: input.unionStatus ?? null,
    chair: input.chair,
    memberCount: input.memberCount ?? null,
    staffCount: input.staffCount ?? null,
    payrollBaseFen: input.payrollBaseFen ?? null,
    bankName: input.bankName,
    bankAccount: input.bankAccount,
    contactPerson: input.contactPerson,
    contactPhone: input.contactPhone,
    address: input.address,
    notes: input.notes,
  };
  return { record, parent, warnings: warnings.map((w) => w.message) };
}

export async function createUnit(db: Executor, actor: Actor, now: Date, input: UnitFields): Promise<{ id: number; warnings: string[] }> {
  return withTx(db, async (trx) => {
    const { record, parent, warnings } = await resolveInput(trx, input, now, null);
    const iso = now.toISOString();
    const { id } = await trx
      .insertInto('unit')
      .values({ ...columnsOf(record), active: 1, created_at: iso, updated_at: iso })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '新增单位',
      targetType: TARGET,
      targetId: id,
      summary: `新增${record.kind}“${record.name}”（编码 ${record.code}${record.creditCode ? `，信用代码 ${record.creditCode}` : ''}）${parent ? `，上级单位：${parent.name}` : ''}`,
      after: snapshot(record, parent?.name ?? null),
    });
    return { id, warnings };
  });
}

async function assertFresh(trx: Executor, current: UnitDbRow, readAt: string | null | undefined) {
  if (!readAt || current.updated_at === readAt) return;
  const last = await trx
    .selectFrom('audit_log')
    .select(['username', 'at'])
    .where('target_type', '=', TARGET)
    .where('target_id', '=', String(current.id))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  throw conflict(
    `单位“${current.name}”已于 ${localTime(current.updated_at)}${last ? ` 被 ${last.username} ` : ' '}修改，您看到的是修改前的内容。请刷新后重新修改。`,
  );
}

export async function updateUnit(
  db: Executor,
  actor: Actor,
  now: Date,
  input: UnitFields & { id: number; updatedAt: string },
): Promise<{ warnings: string[] }> {
  return withTx(db, async (trx) => {
    const current = await trx.selectFrom('unit').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!current) throw notFound('单位');
    await assertFresh(trx, current, input.updatedAt);
    const { record, parent, warnings } = await resolveInput(trx, input, now, current);
    const beforeParent = current.parent_id
      ? ((await trx.selectFrom('unit').select('name').where('id', '=', current.parent_id).executeTakeFirst())?.name ?? null)
      : null;
    const change = diff(snapshot(recordOf(current), beforeParent, current.active === 1), snapshot(record, parent?.name ?? null, current.active === 1));
    if (!change) return { warnings };
    const stamp = nextStamp(current.updated_at, now);
    const res = await trx
      .updateTable('unit')
      .set({ ...columnsOf(record), updated_at: stamp })
      .where('id', '=', current.id)
      .where('updated_at', '=', current.updated_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`单位“${current.name}”刚被他人修改，请刷新后重新修改。`);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '修改单位',
      targetType: TARGET,
      targetId: current.id,
      summary: `修改单位“${record.name}”（编码 ${record.code}）：${describeFields(change.fields)}`,
      before: change.before,
      after: change.after,
    });
    return { warnings };
  });
}

export async function setUnitActive(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { id: number; active: boolean; updatedAt?: string | null },
): Promise<void> {
  await withTx(db, async (trx) => {
    const current = await trx.selectFrom('unit').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!current) throw notFound('单位');
    await assertFresh(trx, current, input.updatedAt);
    if ((current.active === 1) === input.active) return;
    if (!input.active) {
      if (current.id === (await federationId(trx))) throw new AppError('CONFLICT', '本级总工会不能停用。');
      const kids = await trx
        .selectFrom('unit')
        .select(['name'])
        .where('parent_id', '=', current.id)
        .where('active', '=', 1)
        .orderBy('code')
        .execute();
      if (kids.length) {
        const shown = kids.slice(0, 3).map((k) => `“${k.name}”`).join('、');
        throw conflict(`单位“${current.name}”下还有 ${kids.length} 个启用的下级单位（${shown}${kids.length > 3 ? ' 等' : ''}），请先停用或调整这些单位的上级单位。`);
      }
    } else if (current.parent_id) {
      const parent = await trx.selectFrom('unit').select(['name', 'active']).where('id', '=', current.parent_id).executeTakeFirst();
      if (parent && parent.active !== 1) throw conflict(`上级单位“${parent.name}”已停用，请先启用上级单位。`);
    }
    await trx
      .updateTable('unit')
      .set({ active: input.active ? 1 : 0, updated_at: nextStamp(current.updated_at, now) })
      .where('id', '=', current.id)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: input.active ? '启用单位' : '停用单位',
      targetType: TARGET,
      targetId: current.id,
      summary: `${input.active ? '启用' : '停用'}单位“${current.name}”（编码 ${current.code}）`,
      before: { active: current.active === 1 },
      after: { active: input.active },
    });
  });
}
