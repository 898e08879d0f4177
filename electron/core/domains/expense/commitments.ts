// Committed and paid amounts of the expenditure chain per budget line, for the ledger's 预算执行情况表
// and the budget-execution view: committed = requests in the chain not yet paid (line state 占用),
// paid = paid requests (state 已付). Rejected and withdrawn requests (释放) and drafts do not count.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';

export interface ExpenseCommitment {
  subjectCode: string;
  /** budget_project.id of the approved book's version the line was drawn on; null for 基本支出. */
  projectId: number | null;
  fundSource: string;
  committedFen: number;
  paidFen: number;
  /** The unit whose budget the line belongs to (extra; the key above sums over units for basic lines). */
  unitId?: number;
}

/** Rows per budget line key (and, as an extra field, the unit whose budget the line belongs to). */
export async function expenseCommitments(db: Executor, q: { year: number }): Promise<Array<{ subjectCode: string; projectId: number | null; fundSource: string; committedFen: number; paidFen: number; unitId: number }>> {
  const rows = await sql<{ unit_id: number; subject_code: string; project_id: number | null; fund_source: string; committed: number; paid: number }>`
    select unit_id, subject_code, budget_project_id as project_id, fund_source,
      coalesce(sum(case when state = '占用' then amount_fen else 0 end), 0) as committed,
      coalesce(sum(case when state = '已付' then amount_fen else 0 end), 0) as paid
    from expense_line
    where year = ${q.year} and state in ('占用', '已付')
    group by unit_id, subject_code, budget_project_id, fund_source
    order by subject_code, budget_project_id, fund_source, unit_id`.execute(db);
  return rows.rows.map((r) => ({
    subjectCode: r.subject_code,
    projectId: r.project_id,
    fundSource: r.fund_source,
    committedFen: Number(r.committed),
    paidFen: Number(r.paid),
    unitId: r.unit_id,
  }));
}
