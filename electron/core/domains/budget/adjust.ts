// Budget adjustment (预算调整): a new book of the year that goes through the same seven stages, limited by
// the adjustment_limit rule (default once a year, domain.md §2). The differences against the budget it
// adjusts are shown by subject (年初核定预算数 / 调整数 / 调整后预算数) and line by line for every unit whose
// version changed.
import type { Executor } from '../../db/tx';
import { invalid } from '../../errors';
import type { BookStatus, Direction } from '../../../../shared/budget/constants';
import { anySubject } from '../../../../shared/budget/subjects';
import type { BookDiffResult, BookDiffSubjectRow, LineDiffRow } from '../../../../shared/contract/budget';
import { bookSource, loadBookHead, srcSql, unitRef, type Source } from './structure';
import { subjectAggregates } from './consolidate';
import { diffLines, versionLines } from './versions';
import { listBooks } from './procedure';
import { sql } from 'kysely';

/** Adjustment books of a year that count against the limit (all but cancelled ones). */
export async function adjustmentsUsed(db: Executor, year: number): Promise<number> {
  const r = await db
    .selectFrom('budget_book')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', year)
    .where('kind', '=', '预算调整')
    .where('status', '<>', '已撤销')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function members(db: Executor, source: Source): Promise<Map<number, { versionId: number; code: string; name: string; kind: string }>> {
  const r = await sql<{ unit_id: number; version_id: number; code: string; name: string; kind: string }>`
    with src as (${srcSql(source)})
    select s.unit_id, s.version_id, u.code, u.name, u.kind from src s join unit u on u.id = s.unit_id`.execute(db);
  return new Map(r.rows.map((x) => [x.unit_id, { versionId: x.version_id, code: x.code, name: x.name, kind: x.kind }]));
}

function totals(rows: Awaited<ReturnType<typeof subjectAggregates>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.direction}|${r.subject_code}`;
    out.set(k, (out.get(k) ?? 0) + r.amount);
    if (r.subject_code.length > 3) {
      const p = `${r.direction}|${r.subject_code.slice(0, 3)}`;
      out.set(p, (out.get(p) ?? 0) + r.amount);
    }
  }
  return out;
}

export async function bookDiff(db: Executor, bookId: number, againstBookId: number | null | undefined, page: number, pageSize: number): Promise<BookDiffResult> {
  const head = await loadBookHead(db, bookId);
  const books = await listBooks(db, head.year);
  const book = books.find((b) => b.id === bookId)!;
  let againstId = againstBookId ?? book.basedOnBookId;
  if (!againstId) {
    const prior = books.filter((b) => b.status === '已批准' && b.id !== bookId && b.id < bookId).pop();
    againstId = prior?.id ?? null;
  }
  const against = againstId ? (books.find((b) => b.id === againstId) ?? null) : null;
  if (againstId && !against) throw invalid('对比的年度预算须属于同一年度。');
  const src = bookSource({ ...head, status: head.status as BookStatus });
  const againstSrc = against ? bookSource(await loadBookHead(db, against.id)) : null;

  const [nowRows, beforeRows, nowMembers, beforeMembers] = await Promise.all([
    subjectAggregates(db, src, '全部'),
    againstSrc ? subjectAggregates(db, againstSrc, '全部') : Promise.resolve([]),
    members(db, src),
    againstSrc ? members(db, againstSrc) : Promise.resolve(new Map<number, { versionId: number; code: string; name: string; kind: string }>()),
  ]);
  const after = totals(nowRows);
  const before = totals(beforeRows);
  const keys = [...new Set([...after.keys(), ...before.keys()])].sort((a, b) => {
    const [da, ca] = a.split('|');
    const [db2, cb] = b.split('|');
    return da !== db2 ? (da === '收入' ? -1 : 1) : ca < cb ? -1 : 1;
  });
  const bySubject: BookDiffSubjectRow[] = keys.map((k) => {
    const [direction, code] = k.split('|') as [Direction, string];
    const b = before.get(k) ?? 0;
    const a = after.get(k) ?? 0;
    return {
      code,
      name: anySubject(code)?.name ?? '（未知科目）',
      direction,
      level: code.length > 3 ? 2 : 1,
      beforeFen: b,
      afterFen: a,
      deltaFen: a - b,
      ratio: b === 0 ? null : a / b - 1,
    };
  });

  const changed: number[] = [];
  for (const unitId of new Set([...nowMembers.keys(), ...beforeMembers.keys()])) {
    if (nowMembers.get(unitId)?.versionId !== beforeMembers.get(unitId)?.versionId) changed.push(unitId);
  }
  changed.sort((a, b) => {
    const ca = (nowMembers.get(a) ?? beforeMembers.get(a))!.code;
    const cb = (nowMembers.get(b) ?? beforeMembers.get(b))!.code;
    return ca < cb ? -1 : 1;
  });
  const lines: LineDiffRow[] = [];
  for (const unitId of changed) {
    const m = (nowMembers.get(unitId) ?? beforeMembers.get(unitId))!;
    const a = beforeMembers.get(unitId);
    const b = nowMembers.get(unitId);
    const [la, lb] = await Promise.all([a ? versionLines(db, a.versionId) : [], b ? versionLines(db, b.versionId) : []]);
    lines.push(...diffLines(unitRef({ id: unitId, code: m.code, name: m.name, kind: m.kind }), la, lb).lines);
  }
  return {
    book,
    against,
    bySubject,
    unitsChanged: changed.length,
    lines: { rows: lines.slice((page - 1) * pageSize, page * pageSize), total: lines.length, page, pageSize },
  };
}
