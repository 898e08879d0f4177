// Shared pieces of the oversight domain: who is acting, membership exclusions, evidence labels, files.
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import type { HandlerContext } from '../../context';
import type { FileAreas } from '../../files';
import { actorOf, type Actor } from '../audit/log';
import { AppError, forbidden, notFound } from '../../errors';
import { formatFen } from '../../../../shared/money';
import { AUDITOR_ROLES, COMMITTEE_ROLES, ROLE_OF_POSITION, type EvidenceKind, type MemberPosition } from '../../../../shared/oversight/constants';
import { beijingDate } from '../../../../shared/dates';

export interface OActor extends Actor {
  displayName: string;
  roles: readonly string[];
  unitId: number | null;
}

export async function oactor(ctx: HandlerContext): Promise<OActor> {
  const a = actorOf(ctx);
  const unit = ctx.session
    ? await ctx.db.selectFrom('app_user').select('unit_id').where('id', '=', ctx.session.userId).executeTakeFirst()
    : undefined;
  return {
    ...a,
    displayName: ctx.session?.displayName ?? ctx.session?.username ?? '（未登录）',
    roles: ctx.session?.roles ?? [],
    unitId: unit?.unit_id ?? null,
  };
}

export const isAuditor = (a: { roles: readonly string[] }) => AUDITOR_ROLES.some((r) => a.roles.includes(r));
export const isCommittee = (a: { roles: readonly string[] }) => COMMITTEE_ROLES.some((r) => a.roles.includes(r));

export function requireAuditor(a: OActor, what: string) {
  if (!isAuditor(a)) throw forbidden(`只有经审会主任或经审会委员可以${what}。`);
}

export function today(now: Date): string {
  return beijingDate(now);
}

/**
 * The membership exclusions (《中国工会章程》): the SoD rules in force that pair the committee role of the
 * position with a role the user holds. Returns the first broken rule's message, or null.
 */
export async function exclusionOf(db: Executor, userRoles: readonly string[], position: MemberPosition, day: string): Promise<string | null> {
  const role = ROLE_OF_POSITION[position];
  const rules = await db
    .selectFrom('sod_rule')
    .selectAll()
    .where('effective_from', '<=', day)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', day)]))
    .orderBy('id')
    .execute();
  for (const r of rules) {
    const other = r.role_a === role ? r.role_b : r.role_b === role ? r.role_a : null;
    if (other && userRoles.includes(other)) {
      return `担任“${other}”的人员不得担任经审会${position}（规则“${r.name}”：${r.basis}）`;
    }
  }
  return null;
}

export async function rolesOf(db: Executor, userIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!userIds.length) return out;
  const rows = await db.selectFrom('user_role').select(['user_id', 'role_code']).where('user_id', 'in', [...new Set(userIds)]).execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role_code]);
  return out;
}

// ── files (content-addressed in stored_file) ─────────────────────────────────────────────────────────

export async function storeUpload(db: Executor, files: FileAreas, uploadId: string, userId: number | null, now: Date) {
  const up = files.uploadPath(uploadId);
  const bytes = fs.readFileSync(up.path);
  if (bytes.byteLength === 0) throw new AppError('VALIDATION', `文件“${up.name}”是空文件。`);
  if (bytes.byteLength > 50 * 1024 * 1024) throw new AppError('VALIDATION', `文件“${up.name}”超过 50 MB，请压缩后再上传。`);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const existing = await db.selectFrom('stored_file').select('id').where('sha256', '=', sha256).where('size', '=', bytes.byteLength).executeTakeFirst();
  const id =
    existing?.id ??
    (
      await db
        .insertInto('stored_file')
        .values({ sha256, name: up.name, size: bytes.byteLength, mime: null, content: bytes, created_at: now.toISOString(), created_by: userId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return { id, name: up.name, sha256, size: bytes.byteLength };
}

export async function exportStoredFile(db: Executor, files: FileAreas, fileId: number, name: string) {
  const row = await db.selectFrom('stored_file').select(['content', 'name']).where('id', '=', fileId).executeTakeFirst();
  if (!row) throw notFound('文件');
  const out = files.newExport(name || row.name || path.basename(`file-${fileId}`));
  fs.writeFileSync(out.path, row.content);
  return files.finishExport(out);
}

// ── evidence: records of other modules, resolved at read time ───────────────────────────────────────

export async function tableExists(db: Executor, name: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

interface KindDef {
  table: string;
  /** select list (aliases used by `label`), from-clause, unit column, searchable text expression. */
  select: string;
  from: string;
  unit: string;
  search: string;
  label: (r: any) => string;
}

const yuan = (fen: unknown) => `${formatFen(Number(fen ?? 0))}元`;

const KINDS: Record<Exclude<EvidenceKind, '文件'>, KindDef> = {
  凭证: {
    table: 'ledger_voucher',
    select: 'v.id as id, s.name as set_name, v.year as year, v.month as month, v.number as number, v.date as date, v.summary as summary, v.debit_total_fen as amount, v.status as status',
    from: 'ledger_voucher v join ledger_set s on s.id = v.set_id',
    unit: 's.unit_id',
    search: "v.summary || ' ' || v.number || ' ' || v.date",
    label: (r) => `凭证 ${r.set_name} ${r.year}年${r.month}月 记字第${r.number}号（${r.date}）${r.summary} ${yuan(r.amount)}〔${r.status}〕`,
  },
  支出申请: {
    table: 'expense_request',
    select: 'e.id as id, e.number as number, e.purpose as purpose, e.payee_name as payee, e.amount_fen as amount, e.status as status',
    from: 'expense_request e',
    unit: 'e.unit_id',
    search: "e.number || ' ' || e.purpose || ' ' || e.payee_name",
    label: (r) => `支出申请 ${r.number} ${r.purpose}（收款人 ${r.payee}）${yuan(r.amount)}〔${r.status}〕`,
  },
  收缴记录: {
    table: 'collection_record',
    select: 'c.id as id, c.tax_voucher_no as no, c.payer_name as payer, c.period as period, c.paid_on as paid_on, c.amount_fen as amount',
    from: 'collection_record c',
    unit: 'c.unit_id',
    search: "c.tax_voucher_no || ' ' || c.payer_name || ' ' || c.period",
    label: (r) => `收缴记录 ${r.no} ${r.payer} ${r.period}（${r.paid_on} 缴）${yuan(r.amount)}`,
  },
  预算行: {
    table: 'budget_line',
    select:
      "l.id as id, u.name as unit_name, v.year as year, l.direction as direction, l.subject_code as subject, coalesce(l.item, '') as item, l.amount_fen as amount, l.sheet as sheet, l.row_no as row_no",
    from: 'budget_line l join budget_version v on v.id = l.version_id join unit u on u.id = l.unit_id',
    unit: 'l.unit_id',
    search: "l.subject_code || ' ' || coalesce(l.item, '') || ' ' || u.name",
    label: (r) => `预算行 ${r.unit_name} ${r.year}年 ${r.direction} ${r.subject} ${r.item} ${yuan(r.amount)}（${r.sheet}第${r.row_no}行）`,
  },
};

/** Labels for evidence links; a missing record (or table not yet present) gives exists=false. */
export async function evidenceLabels(
  db: Executor,
  items: ReadonlyArray<{ kind: string; refId: number | null; fileId: number | null }>,
): Promise<Map<string, { label: string; exists: boolean }>> {
  const out = new Map<string, { label: string; exists: boolean }>();
  const byKind = new Map<string, number[]>();
  for (const i of items) {
    if (i.kind === '文件') {
      if (i.fileId) byKind.set('文件', [...(byKind.get('文件') ?? []), i.fileId]);
    } else if (i.refId) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i.refId]);
  }
  for (const [kind, ids] of byKind) {
    if (kind === '文件') {
      const rows = await db.selectFrom('stored_file').select(['id', 'name', 'sha256']).where('id', 'in', ids).execute();
      for (const r of rows) out.set(`文件:${r.id}`, { label: `文件 ${r.name}（SHA-256 ${r.sha256.slice(0, 12)}…）`, exists: true });
      continue;
    }
    const def = KINDS[kind as keyof typeof KINDS];
    if (!def || !(await tableExists(db, def.table))) continue;
    const alias = def.select.split('.')[0];
    const rows = await sql<any>`select ${sql.raw(def.select)} from ${sql.raw(def.from)} where ${sql.raw(alias)}.id in (${sql.join(ids)})`.execute(db);
    for (const r of rows.rows) out.set(`${kind}:${r.id}`, { label: def.label(r), exists: true });
  }
  return out;
}

export function evidenceKey(i: { kind: string; refId: number | null; fileId: number | null }): string {
  return i.kind === '文件' ? `文件:${i.fileId}` : `${i.kind}:${i.refId}`;
}

export function missingLabel(i: { kind: string; refId: number | null }): string {
  return `${i.kind} 编号 ${i.refId}（记录不存在或所属模块尚未启用）`;
}

/** Records of a kind that may be linked as evidence (for the picker), newest first. */
export async function evidenceCandidates(
  db: Executor,
  input: { kind: EvidenceKind; unitId?: number | null; q?: string | null; refId?: number | null },
): Promise<Array<{ refId: number; label: string }>> {
  if (input.kind === '文件') return [];
  const def = KINDS[input.kind];
  if (!(await tableExists(db, def.table))) return [];
  const alias = def.select.split('.')[0];
  const where = [sql`1 = 1`];
  if (input.refId) where.push(sql`${sql.raw(alias)}.id = ${input.refId}`);
  if (input.unitId) where.push(sql`${sql.raw(def.unit)} = ${input.unitId}`);
  if (input.q) where.push(sql`(${sql.raw(def.search)}) like ${`%${input.q}%`}`);
  const rows = await sql<any>`select ${sql.raw(def.select)} from ${sql.raw(def.from)} where ${sql.join(where, sql` and `)}
    order by ${sql.raw(alias)}.id desc limit 50`.execute(db);
  return rows.rows.map((r) => ({ refId: Number(r.id), label: def.label(r) }));
}

/** Refuses a link to a record that does not exist (or whose module is not present). */
export async function assertEvidenceTarget(db: Executor, kind: EvidenceKind, refId: number): Promise<string> {
  const def = KINDS[kind as keyof typeof KINDS];
  if (!def) throw new AppError('VALIDATION', `未知的证据类型“${kind}”。`);
  if (!(await tableExists(db, def.table))) throw new AppError('VALIDATION', `“${kind}”所属的模块尚未启用，不能关联。`);
  const found = await evidenceCandidates(db, { kind, refId });
  if (!found[0]) throw notFound(`${kind}（编号 ${refId}）`);
  return found[0].label;
}
