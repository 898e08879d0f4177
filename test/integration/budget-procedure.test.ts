// The seven-stage procedure on the year's budget book: every stage by its role and refused to others,
// paper forms recorded on behalf with a scan, returns with a reason, separation of duties, blocking rules
// stopping the budget, locking once approved (enforced by the database), and adjustments limited by rule.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { sql } from 'kysely';
import { call, callErr } from '../helpers/session';
import { A, CLERK, YEAR, budgetRowCounts, county, federationBudget, grassrootsBudget, stageUsers, submit, type County } from './budget-fixtures';
import { userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { BUDGET_STAGES } from '../../shared/budget/constants';
import type { BudgetBookDetail } from '../../shared/contract/budget';

let c: County;
beforeEach(async () => {
  c = await county(2);
  await stageUsers(c.core);
  await submit(c.core, CLERK, c.fed, federationBudget());
  await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget());
});
afterEach(async () => c.core.close());

const USERS = ['jingban', 'fenguan', 'caiwu', 'zhuxi', 'jingshen', 'changwei', 'caiwu2'];
const EXTRA: Record<number, object> = {
  3: { meeting: { date: '2025-12-01', place: '三楼会议室', chair: '王主席', attendees: '主席、副主席、各部门负责人', resolution: '同意提交经审会审查' } },
  4: { committeeResolutionId: 'JSH-2025-07' },
  6: { approvalDoc: '市总工财〔2025〕12号', opinion: '上级工会批复同意' },
};

async function createBook(kind = '年初预算', reason?: string): Promise<BudgetBookDetail> {
  return call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind, ...(reason ? { reason } : {}) });
}

function act(channel: string, book: { id: number }, stage: number, extra: object = {}): Promise<BudgetBookDetail> {
  return call(c.core, channel, 'budget.books.act', { bookId: book.id, stage, action: '通过', ...EXTRA[stage], ...extra });
}

function actErr(channel: string, book: { id: number }, stage: number, extra: object = {}) {
  return callErr(c.core, channel, 'budget.books.act', { bookId: book.id, stage, action: '通过', ...EXTRA[stage], ...extra });
}

async function walk(book: { id: number }, from = 0, to = 6): Promise<BudgetBookDetail> {
  let d: BudgetBookDetail | undefined;
  for (let s = from; s <= to; s++) d = await act(USERS[s], book, s);
  return d!;
}

function scan(name = '签批表.pdf') {
  return c.core.env.files.putUpload(name, new TextEncoder().encode('%PDF-1.4 scanned form')).id;
}

describe('the seven stages', () => {
  it('each stage is acted on only by its role; seven users carry the budget to approval and lock it', async () => {
    const book = await createBook();
    expect(book).toMatchObject({ title: `${YEAR}年度预算`, stage: 0, stageName: '部门提出', status: '审批中', memberCount: 2 });
    expect(book.stages.map((s) => s.roles)).toEqual([['经办人', '部门负责人'], ['分管领导'], ['财务部门'], ['主席', '常务副主席'], ['经审会主任'], ['常委会'], ['财务部门']]);
    // Wrong users per stage: a holder of another stage's role, and a read-only reviewer.
    const wrong: string[][] = [['fenguan', 'caiwu'], ['jingban', 'zhuxi'], ['zhuxi', 'jingshen'], ['caiwu', 'changwei'], ['changwei', 'zhuxi'], ['jingshen', 'caiwu'], ['zhuxi', 'changwei']];
    const auditBefore = (await budgetRowCounts(c.core)).audit_log;
    for (let s = 0; s < 7; s++) {
      for (const u of wrong[s]) {
        const e = await actErr(u, book, s);
        expect(e.code, `${u} at ${BUDGET_STAGES[s]}`).toBe('FORBIDDEN');
        expect(e.message).toContain(`“${BUDGET_STAGES[s]}”环节须由`);
      }
      const r = await callErr(c.core, 'shenyue', 'budget.books.act', { bookId: book.id, stage: s, action: '通过' });
      expect(r.code).toBe('FORBIDDEN');
      const d = await act(USERS[s], book, s);
      expect(d.stage).toBe(s + 1);
      expect(d.stages[s]).toMatchObject({ state: '已完成', approval: { username: USERS[s], action: '通过' } });
      if (s === 2) {
        expect(d.snapshotAt).not.toBeNull();
        expect(d.memberCount).toBe(2);
      }
    }
    const done: BudgetBookDetail = await call(c.core, 'caiwu', 'budget.books.get', { bookId: book.id });
    expect(done).toMatchObject({ status: '已批准', stage: 7, stageName: null, canApprove: false });
    expect(done.cannotReason).toMatch(/已批准并锁定/);
    expect(done.steps.map((s) => [s.stageName, s.role])).toEqual([
      ['部门提出', '经办人'], ['分管领导审核', '分管领导'], ['财务汇总', '财务部门'], ['会议讨论', '主席'], ['经审会审查', '经审会主任'], ['常委会通过', '常委会'], ['上级审批', '财务部门'],
    ]);
    expect(done.steps[3].meeting).toMatchObject({ date: '2025-12-01', place: '三楼会议室' });
    expect(done.steps[4].committeeResolutionId).toBe('JSH-2025-07');
    expect(done.steps[6]).toMatchObject({ approvalDoc: '市总工财〔2025〕12号', opinion: '上级工会批复同意' });
    expect((await budgetRowCounts(c.core)).audit_log).toBe(auditBefore + 7);
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);

    // Locked: the versions, the book and its steps cannot change — not even by SQL.
    const versions = await c.core.db.selectFrom('budget_version').select(['id', 'locked']).execute();
    expect(versions.every((v) => v.locked === 1)).toBe(true);
    await expect(sql`update budget_line set amount_fen = 1 where version_id = ${versions[0].id}`.execute(c.core.db)).rejects.toThrow(/预算已批准锁定/);
    await expect(sql`delete from budget_line where version_id = ${versions[0].id}`.execute(c.core.db)).rejects.toThrow(/预算已批准锁定/);
    await expect(sql`update budget_project set total_fen = 1`.execute(c.core.db)).rejects.toThrow(/预算已批准锁定/);
    await expect(sql`insert into budget_line (version_id, unit_id, direction, subject_code, funding_source, amount_fen, sheet, row_no)
      values (${versions[0].id}, 1, '支出', '50101', '工会资金', 1, 'x', 1)`.execute(c.core.db)).rejects.toThrow(/预算已批准锁定/);
    await expect(sql`update budget_version set income_fen = 0 where id = ${versions[0].id}`.execute(c.core.db)).rejects.toThrow(/预算已批准锁定/);
    await expect(sql`update budget_book set title = 'x'`.execute(c.core.db)).rejects.toThrow(/预算已批准/);
    await expect(sql`delete from budget_book_member`.execute(c.core.db)).rejects.toThrow(/预算已批准/);
    await expect(sql`delete from budget_step`.execute(c.core.db)).rejects.toThrow(/只能追加/);
    // No handler changes it either.
    expect((await actErr('caiwu2', book, 6)).code).toBe('CONFLICT');
    expect((await callErr(c.core, CLERK, 'budget.books.cancel', { bookId: book.id, reason: '试图撤销' })).code).toBe('CONFLICT');
    const second = await callErr(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
    expect(second.message).toMatch(/请发起预算调整/);

    // A later import is a new version outside the approved book; the book's figures stay as approved.
    const approved = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, bookId: book.id });
    const more = grassrootsBudget();
    more.details.push({ subject: '50101', item: '新增培训', amount: 1_000 });
    const f = await submit(c.core, CLERK, c.grassroots[0], more);
    expect(f.versionSeq).toBe(2);
    const after = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR, bookId: book.id });
    expect(after.totals).toEqual(approved.totals);
    expect(after.source).toMatchObject({ bookId: book.id, fixed: true });
    const working = await call(c.core, CLERK, 'budget.consolidate', { year: YEAR });
    expect(working.totals.expenseFen).toBe(approved.totals.expenseFen + 100_000);
  });

  it('常务副主席 may hold the meeting stage; 部门负责人 may propose', async () => {
    await userWithRoles(c.core, 'bmfzr', ['部门负责人']);
    const book = await createBook();
    await act('bmfzr', book, 0);
    await act('fenguan', book, 1);
    await act('caiwu', book, 2);
    const d = await act('fuzhuxi', book, 3);
    expect(d.steps[3]).toMatchObject({ role: '常务副主席', meeting: { resolution: '同意提交经审会审查' } });
  });

  it('the meeting stage records the meeting; a stale page is refused', async () => {
    const book = await createBook();
    await walk(book, 0, 2);
    const e = await callErr(c.core, 'zhuxi', 'budget.books.act', { bookId: book.id, stage: 3, action: '通过' });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/须记录会议/);
    const stale = await actErr('fenguan', book, 1);
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/当前处于“会议讨论”环节/);
  });

  it('the clerk records a signed paper form on behalf, with signer, date and scan', async () => {
    const book = await createBook();
    await act('jingban', book, 0);
    const noScan = await callErr(c.core, 'bangong', 'budget.books.act', {
      bookId: book.id, stage: 1, action: '通过', onBehalf: { signerName: '赵分管', signedOn: '2025-11-25' },
    });
    expect(noScan.code).toBe('VALIDATION');
    const notClerk = await actErr('jingban', book, 1, { onBehalf: { signerName: '赵分管', signedOn: '2025-11-25', scanUploadId: scan() } });
    expect(notClerk.code).toBe('FORBIDDEN');
    expect(notClerk.message).toMatch(/只有财务部门或办公室可以代为登记/);
    const minutes = c.core.env.files.putUpload('分管领导意见.docx', new TextEncoder().encode('minutes')).id;
    const d = await act('bangong', book, 1, {
      onBehalf: { signerName: '赵分管', signedOn: '2025-11-25', scanUploadId: scan() },
      opinion: '同意',
      attachmentUploadIds: [minutes],
    });
    expect(d.stage).toBe(2);
    expect(d.steps[1]).toMatchObject({
      onBehalf: true, signerName: '赵分管', signedOn: '2025-11-25', role: '办公室', username: 'bangong', opinion: '同意',
      scanFile: { name: '签批表.pdf' }, attachments: [{ name: '分管领导意见.docx' }],
    });
    const stored = await c.core.db.selectFrom('stored_file').select(['name', 'size']).where('id', '=', d.steps[1].scanFile!.id).executeTakeFirstOrThrow();
    expect(stored.size).toBeGreaterThan(0);
    const audit = await call(c.core, A, 'audit.list', { module: '预算编制', pageSize: 1 });
    expect(audit.rows[0].summary).toMatch(/代为登记 赵分管 2025-11-25 的纸质签批/);
  });

  it('returns to any earlier stage with a reason, voiding later approvals and the 财务汇总 snapshot', async () => {
    const book = await createBook();
    await walk(book, 0, 3);
    const noReason = await callErr(c.core, 'jingshen', 'budget.books.act', { bookId: book.id, stage: 4, action: '退回', returnTo: 1 });
    expect(noReason.message).toMatch(/退回须写明原因/);
    const forward = await callErr(c.core, 'jingshen', 'budget.books.act', { bookId: book.id, stage: 4, action: '退回', returnTo: 4, opinion: 'x' });
    expect(forward.code).toBe('VALIDATION');
    const d: BudgetBookDetail = await call(c.core, 'jingshen', 'budget.books.act', {
      bookId: book.id, stage: 4, action: '退回', returnTo: 1, opinion: '项目绩效目标不具体，请分管领导重新审核',
    });
    expect(d).toMatchObject({ stage: 1, stageName: '分管领导审核', snapshotAt: null });
    expect(d.stages[0].approval?.username).toBe('jingban');
    expect(d.stages.slice(1).every((s) => s.approval === null)).toBe(true);
    expect(d.steps.at(-1)).toMatchObject({ action: '退回', stageName: '经审会审查', toStageName: '分管领导审核', opinion: '项目绩效目标不具体，请分管领导重新审核' });
    expect(await c.core.db.selectFrom('budget_book_member').select('unit_id').where('book_id', '=', book.id).execute()).toEqual([]);
    // A unit fixes its budget meanwhile; the second 财务汇总 takes the new version.
    const fixed = await submit(c.core, CLERK, c.grassroots[0], grassrootsBudget(2));
    const again = await walk(book, 1, 6);
    expect(again.status).toBe('已批准');
    const members = await c.core.db.selectFrom('budget_book_member').select('version_id').where('book_id', '=', book.id).execute();
    expect(members.map((m) => m.version_id)).toContain(fixed.versionId);
  });

  it('one user may not approve two stages (上级审批 records the higher union and is exempt)', async () => {
    await userWithRoles(c.core, 'both', ['经办人', '分管领导']);
    const book = await createBook();
    await act('both', book, 0);
    const e = await actErr('both', book, 1);
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/您已在“部门提出”环节签署/);
    const d: BudgetBookDetail = await call(c.core, 'both', 'budget.books.get', { bookId: book.id });
    expect(d.canApprove).toBe(false);
    await act('fenguan', book, 1);
    await walk(book, 2, 5);
    const done = await act('caiwu', book, 6); // the same finance user as at 财务汇总
    expect(done.status).toBe('已批准');
  });

  it('blocking rule failures stop the budget from advancing; fixing the figures lets it go on', async () => {
    const deficit = grassrootsBudget();
    deficit.details.push({ subject: '50101', item: '额外培训', amount: 100_000 });
    await submit(c.core, CLERK, c.grassroots[1], deficit);
    const book = await createBook();
    expect(book.checks.passed).toBe(false);
    const d: BudgetBookDetail = await call(c.core, 'jingban', 'budget.books.get', { bookId: book.id });
    expect(d.canApprove).toBe(false);
    expect(d.cannotReason).toMatch(/1 项阻断规则未通过/);
    const before = await budgetRowCounts(c.core);
    const e = await actErr('jingban', book, 0);
    expect(e.code).toBe('RULE_BLOCKED');
    expect(e.message).toMatch(/收支平衡/);
    expect(e.details?.[0].path).toBe('checks.balance');
    expect(await budgetRowCounts(c.core)).toEqual(before);
    // Fixing the figures lets it go on.
    await submit(c.core, CLERK, c.grassroots[1], grassrootsBudget());
    expect((await act('jingban', book, 0)).stage).toBe(1);
  });

  it('a failing rule that is not blocking does not stop the budget', async () => {
    const deficit = grassrootsBudget();
    deficit.details.push({ subject: '50101', item: '额外培训', amount: 100_000 });
    await submit(c.core, CLERK, c.grassroots[1], deficit);
    const rule = (await call(c.core, CLERK, 'budget.rules.list', { year: YEAR, key: 'balance' })).find((r: { inForce: boolean }) => r.inForce);
    await call(c.core, A, 'budget.rules.update', { id: rule.id, blocking: false, params: rule.params, effectiveFrom: `${YEAR}-01-01` });
    const book = await createBook();
    const balance = book.checks.results.find((r) => r.key === 'balance')!;
    expect(balance).toMatchObject({ status: '未通过', blocking: false });
    expect(book.checks.passed).toBe(true);
    expect((await act('jingban', book, 0)).stage).toBe(1);
  });

  it('a book is cancelled only while in the procedure', async () => {
    const book = await createBook();
    await walk(book, 0, 2);
    const d = await call(c.core, CLERK, 'budget.books.cancel', { bookId: book.id, reason: '重新编制' });
    expect(d).toMatchObject({ status: '已撤销', memberCount: 2 });
    expect((await actErr('zhuxi', book, 3)).code).toBe('CONFLICT');
    const fresh = await createBook();
    expect(fresh.id).not.toBe(book.id);
    const jb = await callErr(c.core, 'jingban', 'budget.books.create', { year: YEAR, kind: '年初预算' });
    expect(jb.code).toBe('FORBIDDEN');
  });
});

describe('budget adjustment', () => {
  it('goes through the same procedure, limited by rule, with differences by subject and line', async () => {
    const early = await callErr(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '预算调整', reason: '年中调整' });
    expect(early.message).toMatch(/尚未批准，不能调整/);
    const base = await createBook();
    await walk(base);

    expect((await callErr(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '预算调整' })).message).toMatch(/请说明预算调整的原因/);
    const adj = await createBook('预算调整', '增加困难职工帮扶');
    expect(adj).toMatchObject({ title: `${YEAR}年度第1次预算调整`, kind: '预算调整', seq: 1, basedOnBookId: base.id, adjustmentsUsed: 1, adjustmentsAllowed: 1 });
    expect((await callErr(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '预算调整', reason: '再调' })).code).toBe('CONFLICT');
    // Cancelled adjustments do not count against the limit.
    await call(c.core, CLERK, 'budget.books.cancel', { bookId: adj.id, reason: '方案有误' });
    const adj2 = await createBook('预算调整', '增加困难职工帮扶');
    expect(adj2.seq).toBe(1);

    // The federation adjusts: 帮扶 +50,000, funded by 上级补助 +50,000.
    const fed = federationBudget();
    fed.income[2].amount = 250_000;
    fed.projects[0].total = 200_000;
    fed.details[1].amount = 200_000;
    await submit(c.core, CLERK, c.fed, fed);
    const done = await walk(adj2);
    expect(done.status).toBe('已批准');

    const diff = await call(c.core, CLERK, 'budget.books.diff', { bookId: adj2.id });
    expect(diff.against.id).toBe(base.id);
    expect(diff.unitsChanged).toBe(1);
    const s = (code: string, dir: string) => diff.bySubject.find((r: { code: string; direction: string }) => r.code === code && r.direction === dir);
    expect(s('50404', '支出')).toMatchObject({ beforeFen: 15_000_000, afterFen: 20_000_000, deltaFen: 5_000_000 });
    expect(s('504', '支出').deltaFen).toBe(5_000_000);
    expect(s('40301', '收入')).toMatchObject({ beforeFen: 20_000_000, afterFen: 25_000_000 });
    expect(s('40301', '收入').ratio).toBeCloseTo(0.25, 10);
    expect(diff.lines.rows).toHaveLength(2);
    expect(diff.lines.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: '修改', unit: expect.objectContaining({ code: 'ORG' }), subjectCode: '50404', beforeFen: 15_000_000, afterFen: 20_000_000 }),
        expect.objectContaining({ change: '修改', subjectCode: '40301', deltaFen: 5_000_000 }),
      ]),
    );

    // The limit (once a year) is reached.
    const over = await callErr(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '预算调整', reason: '第二次' });
    expect(over.code).toBe('RULE_BLOCKED');
    expect(over.message).toMatch(/已调整 1 次，达到规则“预算调整次数”允许的次数（每年 1 次）/);
    // Raising the limit in the rules allows a second one.
    const rule = (await call(c.core, CLERK, 'budget.rules.list', { year: YEAR, key: 'adjustment_limit' })).find((r: { inForce: boolean }) => r.inForce);
    await call(c.core, A, 'budget.rules.update', { id: rule.id, blocking: true, params: { max: 2 }, effectiveFrom: `${YEAR}-01-01` });
    const third = await createBook('预算调整', '第二次调整');
    expect(third).toMatchObject({ seq: 2, title: `${YEAR}年度第2次预算调整`, basedOnBookId: adj2.id, adjustmentsUsed: 2, adjustmentsAllowed: 2 });
  });
});
