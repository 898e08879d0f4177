// Budget structure shared by the budget modules: units as budget submitters (which chart they budget
// on, whether they belong to the federation's own level), which versions a set of figures consists of
// (the working figures = each unit's current version, or a budget book's fixed members), and small
// helpers (stored files, local dates, row mapping).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/tx';
import type { FileAreas } from '../../files';
import { AppError, invalid, notFound } from '../../errors';
import type { UnitKind } from '../../../../shared/units';
import {
  CHART_OF_KIND, OWN_LEVEL_KINDS, kindsOfScope, type BookStatus, type ChartSet, type Scope,
} from '../../../../shared/budget/constants';
import type { BudgetSourceInfo, StoredFileRef } from '../../../../shared/contract/budget';
import type { UnitRef } from '../../../../shared/contract/units';
import { beijingDate } from '../../../../shared/dates';

export interface UnitInfo {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  active: boolean;
}

export function chartOf(kind: string): ChartSet {
  return CHART_OF_KIND[kind as UnitKind] ?? 'G';
}

export function isOwnLevel(kind: string): boolean {
  return (OWN_LEVEL_KINDS as readonly string[]).includes(kind);
}

export function unitRef(r: { id: number; code: string; name: string; kind: string }): UnitRef {
  return { id: r.id, code: r.code, name: r.name, kind: r.kind };
}

export async function loadUnit(db: Executor, id: number): Promise<UnitInfo> {
  const r = await db.selectFrom('unit').select(['id', 'code', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(`单位（编号 ${id}）`);
  return { id: r.id, code: r.code, name: r.name, kind: r.kind as UnitKind, active: r.active === 1 };
}

/** Today as a local (UTC+8) calendar date. */
export function localDate(now: Date): string {
  return beijingDate(now);
}

// ── which versions ───────────────────────────────────────────────────────────────────────────────────

/**
 * A set of figures for a year: the units' current versions, or a book's members once fixed at 财务汇总.
 * A book before 财务汇总 (or cancelled) reads the current versions.
 */
export type Source =
  | { kind: 'current'; year: number; info: BudgetSourceInfo }
  | { kind: 'book'; year: number; bookId: number; info: BudgetSourceInfo };

export interface BookHead {
  id: number;
  year: number;
  title: string;
  status: BookStatus;
  snapshot_at: string | null;
}

export function currentSource(year: number): Source {
  return { kind: 'current', year, info: { bookId: null, title: `${year}年度各单位现行版本（工作数）`, fixed: false } };
}

export function bookSource(b: BookHead): Source {
  if (b.snapshot_at) return { kind: 'book', year: b.year, bookId: b.id, info: { bookId: b.id, title: b.title, fixed: true } };
  return { kind: 'current', year: b.year, info: { bookId: b.id, title: `${b.title}（尚未财务汇总，按各单位现行版本）`, fixed: false } };
}

export async function loadBookHead(db: Executor, bookId: number): Promise<BookHead> {
  const b = await db
    .selectFrom('budget_book')
    .select(['id', 'year', 'title', 'status', 'snapshot_at'])
    .where('id', '=', bookId)
    .executeTakeFirst();
  if (!b) throw notFound(`年度预算（编号 ${bookId}）`);
  return { ...b, status: b.status as BookStatus };
}

export async function resolveSource(db: Executor, year: number, bookId: number | null | undefined): Promise<Source> {
  if (!bookId) return currentSource(year);
  const b = await loadBookHead(db, bookId);
  if (b.year !== year) throw invalid(`所选年度预算“${b.title}”属于 ${b.year} 年度，不是 ${year} 年度。`);
  return bookSource(b);
}

/** The figures of the previous year: its last approved book, else its working figures; null when it has none. */
export async function lastYearSource(db: Executor, year: number): Promise<Source | null> {
  const prev = year - 1;
  const book = await db
    .selectFrom('budget_book')
    .select(['id', 'year', 'title', 'status', 'snapshot_at'])
    .where('year', '=', prev)
    .where('status', '=', '已批准')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (book) return bookSource({ ...book, status: book.status as BookStatus });
  const any = await db
    .selectFrom('budget_unit_year')
    .select('unit_id')
    .where('year', '=', prev)
    .where('current_version_id', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return any ? currentSource(prev) : null;
}

/** A range of unit ids (inclusive), to split a large GROUP BY into bounded pieces. */
export interface UnitRange {
  from: number;
  to: number;
}

/**
 * The (unit_id, version_id) pairs of a source, optionally limited to a scope's unit kinds and a range or
 * list of unit ids, as SQL for a `with src as (…)` clause. Uses the primary keys of budget_unit_year /
 * budget_book_member (both lead with the year or book, then the unit).
 */
export function srcSql(source: Source, scope: Scope = '全部', range?: UnitRange | readonly number[]): RawBuilder<unknown> {
  const kinds = kindsOfScope(scope);
  const within = !range
    ? sql``
    : Array.isArray(range)
      ? sql` and m.unit_id in (${sql.join((range as readonly number[]).map((id) => sql`${id}`))})`
      : sql` and m.unit_id between ${(range as UnitRange).from} and ${(range as UnitRange).to}`;
  const base =
    source.kind === 'book'
      ? sql`select m.unit_id, m.version_id from budget_book_member m where m.book_id = ${source.bookId}${within}`
      : sql`select m.unit_id, m.current_version_id as version_id from budget_unit_year m
            where m.year = ${source.year} and m.current_version_id is not null${within}`;
  if (!kinds) return base;
  return sql`select s.unit_id, s.version_id from (${base}) s join unit u on u.id = s.unit_id
             where u.kind in (${sql.join(kinds.map((k) => sql`${k}`))})`;
}

/** Units per piece of a split GROUP BY: bounds SQLite's sorter to ~125,000 lines at a time. */
export const UNITS_PER_PIECE = 2500;

/**
 * Unit-id ranges of a source with at most `size` units each (one range for a county). A GROUP BY over a
 * city's 1.25 million lines sorts them all in memory; piece by piece it stays well under 300 MB.
 */
export async function unitRanges(db: Executor, source: Source, size = UNITS_PER_PIECE): Promise<UnitRange[]> {
  const ids = (
    await sql<{ unit_id: number }>`select s.unit_id from (${srcSql(source)}) s order by s.unit_id`.execute(db)
  ).rows.map((r) => r.unit_id);
  const out: UnitRange[] = [];
  for (let i = 0; i < ids.length; i += size) out.push({ from: ids[i], to: ids[Math.min(ids.length, i + size) - 1] });
  return out;
}

// ── stored files (attachments, scans) ────────────────────────────────────────────────────────────────

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Copies uploads into stored_file (inside the caller's transaction) and returns their references. */
export async function storeUploads(
  db: Executor,
  files: FileAreas,
  uploadIds: readonly string[],
  userId: number | null,
  now: Date,
): Promise<StoredFileRef[]> {
  const out: StoredFileRef[] = [];
  for (const uploadId of uploadIds) {
    const up = files.uploadPath(uploadId);
    const bytes = fs.readFileSync(up.path);
    if (bytes.byteLength > 50 * 1024 * 1024) throw new AppError('VALIDATION', `附件“${up.name}”超过 50 MB，请压缩后再上传。`);
    const row = await db
      .insertInto('stored_file')
      .values({
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        name: up.name,
        size: bytes.byteLength,
        mime: MIME[path.extname(up.name).toLowerCase()] ?? null,
        content: bytes,
        created_at: now.toISOString(),
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push({ id: row.id, name: up.name, size: bytes.byteLength });
  }
  return out;
}

export async function storedFileRefs(db: Executor, ids: readonly number[]): Promise<Map<number, StoredFileRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('stored_file').select(['id', 'name', 'size']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, size: r.size }]));
}

/** A number of fen as 元 text for messages: 123456 → 1,234.56. */
export { formatFen as yuan } from '../../../../shared/money';
