// 经审监督 through the contract: membership exclusions and the quorum of current members; the finding and
// rectification life cycle with its permissions (auditors write, the audited unit responds, only the
// committee closes); evidence links that survive and are shown; sessions with resolutions cited by the
// budget's 经审会审查 stage; and the exported workbook re-read and compared with the database.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { call, callErr, userWithRoles } from '../helpers/session';
import { A, CLERK, YEAR, county, federationBudget, grassrootsBudget, stageUsers, submit, type County } from './budget-fixtures';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import type { OversightProjectDetail, OversightSessionDetail, OversightRectRow } from '../../shared/contract/oversight';

let c: County;
let g1: number;
let g2: number;

async function unitUser(username: string, roles: string[], unitId: number) {
  const password = 'Passw0rd!';
  await call(c.core, A, 'users.create', { username, displayName: username, password, roles, unitId, mustChangePassword: false });
  await call(c.core, username, 'auth.signIn', { username, password });
  return username;
}

async function userId(username: string): Promise<number> {
  return (await c.core.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

beforeEach(async () => {
  c = await county(2);
  [g1, g2] = c.grassroots;
  await stageUsers(c.core); // jingshen = 经审会主任, zhuxi = 主席, shenyue = 只读审阅 …
  await userWithRoles(c.core, 'weiyuan1', ['经审会委员']);
  await userWithRoles(c.core, 'weiyuan2', ['经审会委员']);
  await userWithRoles(c.core, 'kuaiji', ['会计']);
  await unitUser('g1user', ['经办人'], g1);
  await unitUser('g2user', ['经办人'], g2);
});
afterEach(async () => c.core.close());

async function members() {
  for (const [u, position] of [['jingshen', '主任'], ['weiyuan1', '委员'], ['weiyuan2', '委员']] as const) {
    await call(c.core, 'jingshen', 'oversight.members.add', { unitId: c.fed, userId: await userId(u), position, termFrom: '2024-01-01', termTo: '2028-12-31' });
  }
}

async function category(name: string): Promise<number> {
  const l = await call(c.core, 'jingshen', 'oversight.lookups', {});
  return l.categories.find((x: { name: string }) => x.name === name)!.id;
}

async function project(): Promise<OversightProjectDetail> {
  return call(c.core, 'weiyuan1', 'oversight.projects.save', {
    year: YEAR, name: '2025年度经费收支审计', kind: '基层工会经费审计', unitId: g1, periodFrom: '2025-01-01', periodTo: '2025-12-31',
    team: '张审计、李审计', leader: '张审计', startOn: '2026-03-01', endOn: '2026-03-10', deadline: '2026-06-30',
    basis: '《工会会计制度》《基层工会经费收支管理办法》', scope: '2025年经费收支', method: '查阅账簿凭证、询问', opinion: '建议健全审批制度',
  });
}

describe('committee membership', () => {
  it('refuses excluded roles, and only current members count toward the quorum', async () => {
    const err = await callErr(c.core, 'jingshen', 'oversight.members.add', { unitId: c.fed, userId: await userId('kuaiji'), position: '委员', termFrom: '2024-01-01' });
    expect(err.code).toBe('SOD_VIOLATION');
    expect(err.message).toContain('会计');
    expect((await callErr(c.core, 'jingshen', 'oversight.members.add', { unitId: c.fed, userId: await userId('zhuxi'), position: '委员', termFrom: '2024-01-01' })).message).toContain('主席');
    // Only the 主任 or the administrator registers members.
    expect((await callErr(c.core, 'weiyuan1', 'oversight.members.add', { unitId: c.fed, userId: await userId('weiyuan2'), position: '委员', termFrom: '2024-01-01' })).code).toBe('FORBIDDEN');
    await members();
    // A fourth member whose term is over does not count.
    await userWithRoles(c.core, 'weiyuan3', ['经审会委员']);
    await call(c.core, 'jingshen', 'oversight.members.add', { unitId: c.fed, userId: await userId('weiyuan3'), position: '委员', termFrom: '2020-01-01', termTo: '2023-12-31' });
    const list = await call(c.core, 'jingshen', 'oversight.members.list', { unitId: c.fed });
    expect(list.map((m: { displayName: string; current: boolean }) => [m.displayName, m.current])).toEqual([
      ['jingshen', true], ['weiyuan1', true], ['weiyuan2', true], ['weiyuan3', false],
    ]);
    let s: OversightSessionDetail = await call(c.core, 'jingshen', 'oversight.sessions.save', {
      unitId: c.fed, heldOn: '2026-03-20', place: '三楼会议室', chair: 'jingshen',
      attendees: [
        { userId: await userId('jingshen'), name: 'jingshen' },
        { userId: await userId('weiyuan3'), name: 'weiyuan3' },
        { userId: await userId('kuaiji'), name: 'kuaiji', attendance: '列席' },
        { userId: await userId('weiyuan2'), name: 'weiyuan2', attendance: '请假' },
      ],
    });
    expect(s.title).toBe('2026年第1次经审会会议');
    expect(s).toMatchObject({ memberCount: 3, countedCount: 1, quorumNeeded: 2, quorate: false });
    expect(s.attendees.find((a) => a.name === 'weiyuan3')).toMatchObject({ counted: false });
    s = await call(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '其他', title: '审议经审会年度工作计划' });
    const refused = await callErr(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意' });
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('未达到法定人数');
    s = await call(c.core, 'jingshen', 'oversight.sessions.save', {
      id: s.id, unitId: c.fed, heldOn: '2026-03-20',
      attendees: [{ userId: await userId('jingshen'), name: 'jingshen' }, { userId: await userId('weiyuan1'), name: 'weiyuan1' }],
    });
    expect(s).toMatchObject({ countedCount: 2, quorate: true });
    // More votes than counted attendees is refused.
    expect((await callErr(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意', votesFor: 3 })).code).toBe('VALIDATION');
    s = await call(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意年度工作计划', votesFor: 2, votesAgainst: 0, votesAbstain: 0 });
    expect(s.agenda[0]).toMatchObject({ decision: '通过', resolution: '同意年度工作计划', votesFor: 2 });
    expect(s.status).toBe('已召开');
  });
});

describe('findings and the rectification ledger', () => {
  it('auditors write, the audited unit responds and rectifies, only the committee closes; history is kept', async () => {
    // Read-only and audited users cannot create projects.
    expect((await callErr(c.core, 'shenyue', 'oversight.projects.save', { year: YEAR, name: 'x', kind: '专项审计', unitId: g1 })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, 'g1user', 'oversight.projects.save', { year: YEAR, name: 'x', kind: '专项审计', unitId: g1 })).code).toBe('FORBIDDEN');
    let p = await project();
    expect(p).toMatchObject({ code: `SJ${YEAR}-001`, status: '计划', unitName: '测试企业1有限公司工会' });
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', {
      projectId: p.id, categoryId: await category('票据不合规'), description: '3笔慰问品支出以白条入账', amountFen: 123450, basis: '《基层工会经费收支管理办法》第十条', severity: '较重', nature: '违纪违规', requirement: '补齐合规票据',
    });
    expect(p.status).toBe('实施中');
    const f = p.findings[0];
    expect(f).toMatchObject({ seq: 1, categoryName: '票据不合规', amountFen: 123450, rectification: { status: '未整改', deadline: '2026-06-30', overdue: false } });
    expect((await callErr(c.core, 'g1user', 'oversight.findings.save', { projectId: p.id, categoryId: f.categoryId, description: 'x' })).code).toBe('FORBIDDEN');

    // The response: only the audited unit's users.
    expect((await callErr(c.core, 'g2user', 'oversight.findings.respond', { id: f.id, response: '不是我们' })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, 'weiyuan1', 'oversight.findings.respond', { id: f.id, response: '代答' })).code).toBe('FORBIDDEN');
    p = await call(c.core, 'g1user', 'oversight.findings.respond', { id: f.id, response: '情况属实，正在补票' });
    expect(p.findings[0]).toMatchObject({ response: '情况属实，正在补票', responseName: 'g1user' });

    // Rectification by the audited unit; the deadline is the auditors'.
    const rid = f.rectification.id;
    const base = { id: rid, measures: null, leader: null, person: null, deadline: '2026-06-30', completedOn: null, result: null, note: null };
    expect((await callErr(c.core, 'g2user', 'oversight.rect.update', { ...base, status: '整改中' })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, 'g1user', 'oversight.rect.update', { ...base, deadline: '2026-12-31', status: '整改中' })).code).toBe('FORBIDDEN');
    let r: OversightRectRow = await call(c.core, 'g1user', 'oversight.rect.update', { ...base, measures: '向供应商索取发票', leader: '王主席', person: '赵会计', status: '整改中' });
    expect(r.status).toBe('整改中');
    expect((await callErr(c.core, 'g1user', 'oversight.rect.update', { ...base, measures: '向供应商索取发票', status: '已整改' })).message).toContain('完成日期');
    // Closing: refused to the unit (not a committee role) and to anything not 已整改.
    expect((await callErr(c.core, 'jingshen', 'oversight.rect.verify', { id: rid, action: '销号' })).code).toBe('CONFLICT');
    r = await call(c.core, 'g1user', 'oversight.rect.update', { ...base, measures: '向供应商索取发票', leader: '王主席', person: '赵会计', status: '已整改', completedOn: '2026-04-10', result: '已取得合规发票3张' });
    expect((await callErr(c.core, 'g1user', 'oversight.rect.verify', { id: rid, action: '销号' })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, 'shenyue', 'oversight.rect.verify', { id: rid, action: '销号' })).code).toBe('FORBIDDEN');
    // The committee sends it back once, then closes it.
    expect((await callErr(c.core, 'jingshen', 'oversight.rect.verify', { id: rid, action: '退回' })).message).toContain('原因');
    r = await call(c.core, 'jingshen', 'oversight.rect.verify', { id: rid, action: '退回', opinion: '发票抬头不符' });
    expect(r.status).toBe('整改中');
    await call(c.core, 'g1user', 'oversight.rect.update', { ...base, measures: '重开发票', status: '已整改', completedOn: '2026-04-20', result: '抬头已更正' });
    r = await call(c.core, 'jingshen', 'oversight.rect.verify', { id: rid, action: '销号', opinion: '核验发票原件' });
    expect(r).toMatchObject({ status: '已销号', verifiedName: 'jingshen' });
    expect((await callErr(c.core, 'g1user', 'oversight.rect.update', { ...base, status: '整改中' })).code).toBe('CONFLICT');
    const hist = await call(c.core, 'jingshen', 'oversight.rect.history', { id: rid });
    expect(hist.map((h: { toStatus: string }) => h.toStatus)).toEqual(['未整改', '整改中', '已整改', '整改中', '已整改', '已销号']);
    // History is append-only in the database.
    await expect(c.core.db.deleteFrom('oversight_rect_history').execute()).rejects.toThrow(/只能追加/);
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });

  it('overdue items are counted and listed', async () => {
    let p = await project();
    const cat = await category('经费使用不规范');
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: cat, description: '问题一', amountFen: 100 });
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: cat, description: '问题二', amountFen: 200 });
    const [a] = p.findings;
    await call(c.core, 'weiyuan1', 'oversight.rect.update', { id: a.rectification.id, deadline: '2026-03-01', status: '整改中', measures: '整改' });
    // The frozen clock is 2025-11-20: not yet overdue.
    expect(await call(c.core, 'g1user', 'oversight.rect.overdue', {})).toEqual({ overdue: 0, open: 2 });
    c.clock.set('2026-03-02T09:00:00+08:00');
    await call(c.core, 'g1user', 'auth.signIn', { username: 'g1user', password: 'Passw0rd!' }); // the session timed out meanwhile
    expect(await call(c.core, 'g1user', 'oversight.rect.overdue', {})).toEqual({ overdue: 1, open: 2 });
    const list: OversightRectRow[] = await call(c.core, 'g1user', 'oversight.rect.list', { year: YEAR, overdueOnly: true });
    expect(list.map((x) => [x.description, x.overdue])).toEqual([['问题一', true]]);
  });
});

describe('evidence links', () => {
  it('links budget lines and files, refuses missing records, and shows labels after the fact', async () => {
    await submit(c.core, CLERK, g1, grassrootsBudget());
    const line = await c.core.db.selectFrom('budget_line').select(['id', 'subject_code', 'amount_fen']).where('unit_id', '=', g1).where('direction', '=', '支出').orderBy('id').executeTakeFirstOrThrow();
    let p = await project();
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: await category('超预算或无预算支出'), description: '超预算', amountFen: 5000 });
    const fid = p.findings[0].id;
    const cands = await call(c.core, 'weiyuan1', 'oversight.evidence.candidates', { kind: '预算行', unitId: g1 });
    expect(cands.some((x: { refId: number }) => x.refId === line.id)).toBe(true);
    let f = await call(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '预算行', refId: line.id, note: '预算科目' });
    expect(f.evidence[0]).toMatchObject({ kind: '预算行', refId: line.id, exists: true });
    expect(f.evidence[0].label).toContain(line.subject_code);
    expect(f.evidence[0].label).toContain('测试企业1有限公司工会');
    expect((await callErr(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '预算行', refId: 999999 })).code).toBe('NOT_FOUND');
    expect((await callErr(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '凭证', refId: 999999 })).code).toBe('NOT_FOUND');
    expect((await callErr(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '预算行', refId: line.id })).code).toBe('CONFLICT');
    // The audited unit may not add finding evidence, but may add rectification evidence (a file).
    expect((await callErr(c.core, 'g1user', 'oversight.evidence.add', { findingId: fid, kind: '预算行', refId: line.id, purpose: '问题' })).code).toBe('FORBIDDEN');
    const up = c.core.env.files.putUpload('整改报告.pdf', new TextEncoder().encode('%PDF-1.4 rectification report'));
    f = await call(c.core, 'g1user', 'oversight.evidence.add', { findingId: fid, kind: '文件', uploadId: up.id, purpose: '整改' });
    expect(f.evidence[1]).toMatchObject({ purpose: '整改', kind: '文件', exists: true });
    expect(f.evidence[1].label).toContain('整改报告.pdf');
    // Evidence survives: read again through the project and the findings list.
    const again: OversightProjectDetail = await call(c.core, 'shenyue', 'oversight.projects.get', { id: p.id });
    expect(again.findings[0].evidence.map((e) => e.kind)).toEqual(['预算行', '文件']);
    // The file downloads with the same bytes.
    const exp = await call(c.core, 'shenyue', 'oversight.evidence.export', { id: f.evidence[1].id });
    const fs = await import('node:fs');
    expect(fs.readFileSync(c.core.env.files.exportPath(exp.id).path, 'utf8')).toBe('%PDF-1.4 rectification report');
    // Working papers carry their content hash.
    const paper = c.core.env.files.putUpload('底稿1.xlsx', new TextEncoder().encode('paper'));
    const withPaper: OversightProjectDetail = await call(c.core, 'weiyuan1', 'oversight.papers.add', { projectId: p.id, title: '凭证抽查表', note: '抽查30笔', uploadId: paper.id });
    const crypto = await import('node:crypto');
    expect(withPaper.papers[0]).toMatchObject({ title: '凭证抽查表', fileName: '底稿1.xlsx', sha256: crypto.createHash('sha256').update('paper').digest('hex') });
  });
});

describe('evidence from the books and from collection', () => {
  it('links a voucher of the union’s books and a collection record, labelled from the records', async () => {
    await userWithRoles(c.core, 'kj1', ['会计']);
    const set = await call(c.core, A, 'ledger.sets.create', { name: '代管：测试企业1有限公司工会', unitId: g1, chart: 'G', startYear: YEAR, startMonth: 1 });
    const v = await call(c.core, 'kj1', 'ledger.vouchers.create', {
      setId: set.id, date: '2026-02-12', summary: '购买节日慰问品',
      lines: [{ accountCode: '50102', debit: 123_450, expenseType: '基本支出', econCode: '30299' }, { accountCode: '102', credit: 123_450 }],
    });
    const rec = await c.core.db
      .insertInto('collection_record' as never)
      .values({ unit_id: g1, tax_voucher_no: '3350001234', period: '2026-01', paid_on: '2026-02-10', amount_fen: 80_000, kind: '经费', payer_name: '测试企业1有限公司', grassroots_fen: 80_000, created_at: '2026-02-10T00:00:00Z' } as never)
      .returning('id' as never)
      .executeTakeFirstOrThrow() as unknown as { id: number };
    let p = await project();
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: await category('未足额收缴/上缴经费'), description: '经费少缴', amountFen: 8000 });
    const fid = p.findings[0].id;
    const vc = await call(c.core, 'weiyuan1', 'oversight.evidence.candidates', { kind: '凭证', unitId: g1, q: '慰问品' });
    expect(vc).toEqual([{ refId: v.id, label: expect.stringContaining('购买节日慰问品') }]);
    // Another unit's filter finds nothing.
    expect(await call(c.core, 'weiyuan1', 'oversight.evidence.candidates', { kind: '凭证', unitId: g2 })).toEqual([]);
    await call(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '凭证', refId: v.id });
    const f = await call(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '收缴记录', refId: rec.id });
    expect(f.evidence.map((e: { kind: string; exists: boolean }) => [e.kind, e.exists])).toEqual([['凭证', true], ['收缴记录', true]]);
    expect(f.evidence[0].label).toContain('1,234.50元');
    expect(f.evidence[1].label).toContain('3350001234');
    expect(f.evidence[1].label).toContain('800.00元');
    // 支出申请 with a missing id is refused by name.
    expect((await callErr(c.core, 'weiyuan1', 'oversight.evidence.add', { findingId: fid, kind: '支出申请', refId: 424242 })).message).toContain('支出申请');
  });
});

describe('sessions and the budget', () => {
  it('a 预算审查 resolution is cited by the budget’s 经审会审查 stage', async () => {
    await members();
    await submit(c.core, CLERK, c.fed, federationBudget());
    await submit(c.core, CLERK, g1, grassrootsBudget());
    let book = await call(c.core, CLERK, 'budget.books.create', { year: YEAR, kind: '年初预算' });
    const stages: Array<[string, object]> = [
      ['jingban', {}], ['fenguan', {}], ['caiwu', {}],
      ['zhuxi', { meeting: { date: '2025-12-01', place: '三楼会议室', chair: '王主席', attendees: '主席、副主席', resolution: '同意提交经审会审查' } }],
    ];
    for (let s = 0; s < stages.length; s++) book = await call(c.core, stages[s][0], 'budget.books.act', { bookId: book.id, stage: s, action: '通过', ...stages[s][1] });
    expect(book.stage).toBe(4);
    // The 预算审查 project tied to the book.
    const p: OversightProjectDetail = await call(c.core, 'jingshen', 'oversight.projects.save', { year: YEAR, name: '2026年度预算审查', kind: '预算审查', unitId: c.fed, budgetBookId: book.id });
    expect(p.budgetBookTitle).toBe(`${YEAR}年度预算`);
    let s: OversightSessionDetail = await call(c.core, 'jingshen', 'oversight.sessions.save', {
      unitId: c.fed, heldOn: '2025-12-05',
      attendees: [{ userId: await userId('jingshen'), name: 'jingshen' }, { userId: await userId('weiyuan1'), name: 'weiyuan1' }, { userId: await userId('weiyuan2'), name: 'weiyuan2' }],
    });
    s = await call(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '预算审查', refId: book.id });
    s = await call(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '审计项目', refId: p.id });
    expect(s.agenda[0].refLabel).toContain('经审会审查');
    expect((await callErr(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '预算审查', refId: 9999 })).code).toBe('NOT_FOUND');
    // Not yet resolved: nothing to cite, and citing it is refused.
    expect((await call(c.core, 'jingshen', 'oversight.budget.resolutions', { bookId: book.id })).citable).toEqual([]);
    const notYet = await callErr(c.core, 'jingshen', 'budget.books.act', { bookId: book.id, stage: 4, action: '通过', oversightResolutionId: s.agenda[0].id });
    expect(notYet.message).toContain('尚未形成决议');
    s = await call(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意2026年度预算草案提交常委会', votesFor: 3, votesAgainst: 0, votesAbstain: 0 });
    // The project's agenda item is a different resolution: not citable for the budget.
    s = await call(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[1].id, decision: '通过', resolution: '同意审查报告' });
    expect((await callErr(c.core, 'jingshen', 'budget.books.act', { bookId: book.id, stage: 4, action: '通过', oversightResolutionId: s.agenda[1].id })).message).toContain('不是针对本预算');
    const res = await call(c.core, 'jingshen', 'oversight.budget.resolutions', { bookId: book.id });
    expect(res.citable.map((r: { label: string }) => r.label)).toEqual(['2025年第1次经审会会议 议题1']);
    book = await call(c.core, 'jingshen', 'budget.books.act', { bookId: book.id, stage: 4, action: '通过', oversightResolutionId: s.agenda[0].id });
    expect(book.stage).toBe(5);
    const step = book.steps.find((x: { stage: number; action: string }) => x.stage === 4 && x.action === '通过');
    expect(step.committeeResolutionId).toBe('2025年第1次经审会会议 议题1');
    const after = await call(c.core, 'shenyue', 'oversight.budget.resolutions', { bookId: book.id });
    expect(after.citations).toEqual([{ stepId: step.id, resolution: expect.objectContaining({ agendaId: s.agenda[0].id, decision: '通过' }) }]);
    // The project shows the session's resolution on it.
    const pd: OversightProjectDetail = await call(c.core, 'shenyue', 'oversight.projects.get', { id: p.id });
    expect(pd.resolutions.map((r) => r.resolution)).toEqual(['同意审查报告']);
  });
});

describe('the report', () => {
  it('exports 审查报告, 问题清单, 整改台账, 问题统计, 会议纪要 matching the database', async () => {
    await members();
    let p = await project();
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: await category('票据不合规'), description: '白条入账', amountFen: 123450, basis: '第十条', nature: '违纪违规' });
    p = await call(c.core, 'weiyuan1', 'oversight.findings.save', { projectId: p.id, categoryId: await category('经费使用不规范'), description: '=SUM(A1:A2) 发放购物卡', amountFen: 50000 });
    let s: OversightSessionDetail = await call(c.core, 'jingshen', 'oversight.sessions.save', {
      unitId: c.fed, heldOn: '2026-03-20', minutes: '会议审议了审计报告。',
      attendees: [{ userId: await userId('jingshen'), name: 'jingshen' }, { userId: await userId('weiyuan1'), name: 'weiyuan1' }],
    });
    s = await call(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '审计项目', refId: p.id });
    s = await call(c.core, 'jingshen', 'oversight.agenda.add', { sessionId: s.id, kind: '整改事项', refId: p.findings[0].rectification.id });
    await call(c.core, 'jingshen', 'oversight.agenda.resolve', { id: s.agenda[0].id, decision: '通过', resolution: '同意审查报告', votesFor: 2 });

    const stats = await call(c.core, 'shenyue', 'oversight.stats', { year: YEAR });
    expect(stats).toMatchObject({ totalFindings: 2, totalAmountFen: 173450 });
    expect(stats.byCategory.map((x: { name: string; count: number }) => [x.name, x.count])).toEqual([['经费使用不规范', 1], ['票据不合规', 1]]);

    const file = await call(c.core, 'shenyue', 'oversight.report.export', { year: YEAR, projectId: p.id });
    expect(file.name).toBe(`审查报告_${p.code}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.core.env.files.exportPath(file.id).path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['审查报告', '问题清单', '整改台账', '问题统计', '会议纪要']);
    const report = wb.getWorksheet('审查报告')!;
    const texts: string[] = [];
    report.eachRow((r) => r.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.join('|')).toContain('关于测试企业1有限公司工会2025年度经费收支审计的审查报告');
    expect(texts.some((t) => t.includes('同意审查报告'))).toBe(true);

    const list = wb.getWorksheet('问题清单')!;
    const header = list.getRow(3).values as unknown[];
    expect(header.slice(1, 7)).toEqual(['序号', '项目编号', '被审计单位', '问题类别', '问题描述', '涉及金额']);
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const rows = [4, 5].map((i) => list.getRow(i));
    const db = await c.core.db.selectFrom('oversight_finding').select(['seq', 'description', 'amount_fen']).where('project_id', '=', p.id).orderBy('seq').execute();
    rows.forEach((r, i) => {
      expect(r.getCell(2).value).toBe(`${p.code}-${db[i].seq}`);
      expect(r.getCell(6).value).toBe(db[i].amount_fen / 100);
      expect(r.getCell(6).numFmt).toBe('#,##0.00');
    });
    expect(rows[0].getCell(5).value).toBe('白条入账');
    // Text that looks like a formula is written as text.
    expect(rows[1].getCell(5).value).toBe("'=SUM(A1:A2) 发放购物卡");
    expect(list.getRow(6).getCell(6).value).toBe(1734.5);

    const ledger = wb.getWorksheet('整改台账')!;
    expect(ledger.getRow(3).getCell(13).value).toBe('整改状态');
    expect(ledger.getRow(4).getCell(13).value).toBe('未整改');
    expect(ledger.getRow(4).getCell(12).value).toBe('2026-06-30');

    const minutes = wb.getWorksheet('会议纪要')!;
    expect(minutes.getRow(4).getCell(1).value).toBe('2026年第1次经审会会议');
    expect(minutes.getRow(4).getCell(6).value).toBe('通过');
    expect(String(minutes.getRow(4).getCell(3).value)).toContain('达到法定人数');
  });
});

describe('the demo county', () => {
  it('has a committee, an audited union with an overdue item and a resolved session', async () => {
    const { tempCore, frozenClock } = await import('../helpers/temp');
    const core = await tempCore({ now: frozenClock('2026-03-15T09:00:00+08:00') });
    try {
      await call(core, 'x', 'setup.loadDemo', {});
      await call(core, 'x', 'auth.signIn', { username: 'shenyue', password: 'Demo2026' });
      expect(await call(core, 'x', 'oversight.rect.overdue', {})).toEqual({ overdue: 1, open: 1 });
      const members = await call(core, 'x', 'oversight.members.list', {});
      expect(members.map((m: { displayName: string; current: boolean }) => [m.displayName, m.current])).toEqual([['许秀英', true], ['何志明', true]]);
      const [s] = await call(core, 'x', 'oversight.sessions.list', { year: 2026 });
      const d: OversightSessionDetail = await call(core, 'x', 'oversight.sessions.get', { id: s.id });
      expect(d).toMatchObject({ quorate: true, countedCount: 2 });
      expect(d.agenda[0].decision).toBe('通过');
      const lookups = await call(core, 'x', 'oversight.lookups', {});
      expect(lookups).toMatchObject({ canWrite: false, canClose: false, users: [] });
    } finally {
      await core.close();
    }
  });
});
