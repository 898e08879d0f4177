// Withdrawing (撤销) a budget book that is still in the procedure, so that a corrected budget can supersede
// it: the issue locks a budget once approved (changes then go through 预算调整) and lets any stage return
// it to an earlier one; before approval the finance department may also withdraw the whole submission —
// the steps stay on record, the book is marked 已撤销 with the reason, a cancelled 年初预算 may be started
// again and a cancelled 预算调整 does not count against the yearly limit. The procedure itself
// (procedure.ts) does the state change; this adds the role check in the core.
import type { Executor } from '../../db/tx';
import type { Actor } from '../audit/log';
import { BUDGET_BOOK_MANAGERS } from '../../../../shared/budget/constants';
import { cancelBook } from './procedure';
import { assertRole } from './rules';

export async function withdrawBook(db: Executor, actor: Actor, now: Date, bookId: number, reason: string): Promise<void> {
  await assertRole(db, actor, BUDGET_BOOK_MANAGERS, '撤销年度预算的审批');
  await cancelBook(db, actor, now, bookId, reason);
}
