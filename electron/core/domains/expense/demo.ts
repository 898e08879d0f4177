// Demo data of this domain, loaded by `demo` after the demo county's units and users exist. The expense
// chain needs an approved budget book; the demo's budget module decides that, so nothing is loaded here.
// `seedApprovedBudget` arranges an approved book directly (tests, e2e arrangement and the bench).
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Executor } from '../../db/tx';

export async function loadExpenseDemo(_trx: Transaction<DB>, _now: Date): Promise<void> {}

export interface SeedLine {
  unitId: number;
  subjectCode: string;
  fundSource?: string;
  amountFen: number;
  project?: { code: string; name: string };
  sangong?: string | null;
}

/** Writes one locked version per unit with the given expense lines and an approved 年初预算 book of them. */
export async function seedApprovedBudget(db: Executor, year: number, lines: SeedLine[], now = new Date()): Promise<number> {
  const at = now.toISOString();
  const byUnit = new Map<number, SeedLine[]>();
  for (const l of lines) byUnit.set(l.unitId, [...(byUnit.get(l.unitId) ?? []), l]);
  const book = await db
    .insertInto('budget_book')
    .values({ year, kind: '年初预算', seq: 1, title: `${year}年度预算`, stage: 6, status: '审批中', reason: null, based_on_book_id: null, snapshot_at: at, created_at: at, created_by: null, approved_at: null, cancelled_at: null, cancel_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [unitId, ls] of byUnit) {
    const prev = await db.selectFrom('budget_version').select((eb) => eb.fn.max<number>('seq').as('m')).where('year', '=', year).where('unit_id', '=', unitId).executeTakeFirst();
    const total = ls.reduce((a, l) => a + l.amountFen, 0);
    const v = await db
      .insertInto('budget_version')
      .values({
        year, unit_id: unitId, seq: Number(prev?.m ?? 0) + 1, chart: 'C', source: '测试', file_name: null, file_sha256: null, preparer: null, phone: null,
        prepared_on: null, unit_head: null, layout_json: null, warnings_json: null, income_fen: total, expense_fen: total, basic_fen: total, project_fen: 0,
        line_count: ls.length, project_count: 0, created_at: at, created_by: null, created_by_name: '测试',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const projects = new Map<string, number>();
    for (const [i, l] of ls.entries()) {
      let projectId: number | null = null;
      if (l.project) {
        projectId = projects.get(l.project.code) ?? null;
        if (!projectId) {
          projectId = (
            await db
              .insertInto('budget_project')
              .values({ version_id: v.id, code: l.project.code, name: l.project.name, funding_source: l.fundSource ?? '工会资金', special_fund: null, purpose: null, period_start: null, period_end: null, manager: null, goals: null, indicators: null, total_fen: l.amountFen, sheet: '项目', row_no: i + 5 })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
          projects.set(l.project.code, projectId);
        }
      }
      await db
        .insertInto('budget_line')
        .values({
          version_id: v.id, unit_id: unitId, direction: '支出', subject_code: l.subjectCode, expense_type: l.project ? '项目支出' : '基本支出', funding_source: l.fundSource ?? '工会资金',
          project_id: projectId, item: null, quantity: null, unit_price_fen: null, amount_fen: l.amountFen, sangong: l.sangong ?? null, special_fund: null, note: null, sheet: '支出预算', row_no: i + 5,
        })
        .execute();
    }
    await db.updateTable('budget_version').set({ locked: 1 }).where('id', '=', v.id).execute();
    await db.insertInto('budget_book_member').values({ book_id: book.id, unit_id: unitId, version_id: v.id }).execute();
  }
  await db.updateTable('budget_book').set({ status: '已批准', stage: 6, approved_at: at }).where('id', '=', book.id).execute();
  return book.id;
}
