// 考核评价: seeded templates, exact fund-growth tier bounds (5%, 10%, 20%), 必备-item capping, computed items
// against the source modules (collection growth, rectification rates, the service ledger), lock and logged
// reopening, the allocation proposal's figures and their appearance in next year's budget template, the
// service ledger's bill and county metrics, and every exported sheet re-read with exceljs.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import { sql } from 'kysely';
import { call, callErr, userWithRoles } from '../helpers/session';
import { A, CLERK, county, grassrootsBudget, readExport, submit, template, type County } from './budget-fixtures';
import { collectionGrowth } from '../../electron/core/domains/collection/growth';
import { rectificationRates } from '../../electron/core/domains/oversight/rates';
import { acceptedAllocations } from '../../electron/core/domains/assessment/allocations';
import { tierOf } from '../../electron/core/domains/assessment/rules';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { FUND_GROWTH_TIERS } from '../../shared/assessment/templates';
import type { AssessRoundDetail, AssessSubjectSheet, AssessTemplateDetail, AssessTemplateRow, ProposalDetail } from '../../shared/contract/assessment';

const YEAR = 2025; // the assessed year (the budget fixtures compile 2026: next year's budget)
const REVIEWER = 'reviewer';
const ZHUXI = 'zhuxi';

let c: County;
let templates: AssessTemplateRow[];
beforeEach(async () => {
  c = await county(5);
  await userWithRoles(c.core, REVIEWER, ['分管领导']);
  await userWithRoles(c.core, ZHUXI, ['主席']);
  templates = await call(c.core, A, 'assessment.templates.seed', { year: YEAR });
});
afterEach(async () => c.core.close());

const tpl = (code: string) => templates.find((t) => t.code === code)!;
const detail = (id: number) => call<AssessTemplateDetail>(c.core, A, 'assessment.templates.get', { templateId: id });

async function collected(unitId: number, year: number, fen: number) {
  await c.core.db
    .insertInto('collection_record')
    .values({
      unit_id: unitId, tax_voucher_no: `T${unitId}-${year}-${fen}`, period: `${year}-03`, paid_on: `${year}-04-10`, amount_fen: fen, kind: '经费',
      payer_name: '企业', grassroots_fen: fen, created_at: '2025-01-01T00:00:00Z',
    } as never)
    .execute();
}

async function service(unitId: number, date: string, category: string, extra: Record<string, unknown> = {}) {
  return call(c.core, CLERK, 'assessment.services.save', { unitId, date, category, title: `${category}活动`, people: 30, amountFen: 100_000, ...extra });
}

async function sheetOf(round: AssessRoundDetail, unitId: number, channel = A): Promise<AssessSubjectSheet> {
  const s = round.subjects.rows.find((r) => r.unit.id === unitId)!;
  return call(c.core, channel, 'assessment.subjects.sheet', { subjectId: s.id });
}

/** Self-scores every manual non-bonus, non-deduction item at `fraction` of its maximum (overrides by item code) and submits. */
async function selfScore(sheet: AssessSubjectSheet, fraction: number, overrides: Record<string, number> = {}) {
  for (const s of sheet.scores) {
    if (s.item.method !== '手工评分' || s.item.bonus || s.item.deduction) continue;
    const score = overrides[s.item.code] ?? Math.round(s.item.maxPoints * fraction * 10) / 10;
    await call(c.core, CLERK, 'assessment.scores.self', { subjectId: sheet.subject.id, itemId: s.item.id, score });
  }
  return call<AssessSubjectSheet>(c.core, CLERK, 'assessment.scores.submitSelf', { subjectId: sheet.subject.id });
}

/** The reviewer confirms every manual non-bonus item at its self score (overrides by item code). */
async function review(sheet: AssessSubjectSheet, overrides: Record<string, number> = {}) {
  let last = sheet;
  for (const s of sheet.scores) {
    if (s.item.method !== '手工评分' || s.item.bonus || s.item.deduction) continue;
    last = await call(c.core, REVIEWER, 'assessment.scores.review', { subjectId: sheet.subject.id, itemId: s.item.id, score: overrides[s.item.code] ?? s.selfScore });
  }
  return last;
}

describe('templates', () => {
  it('seeds the four templates for a year; the 示范工会创建表 has 6 categories, 33 items, 100 points, marked as examples', async () => {
    expect(templates.map((t) => t.code).sort()).toEqual(['FGSF', 'GZZJX', 'GZZPJ', 'ZGZJ']);
    const fg = await detail(tpl('FGSF').id);
    expect(fg.categories).toHaveLength(6);
    expect(fg.itemCount).toBe(33);
    expect(fg.categories.reduce((s, c) => s + c.maxPoints, 0)).toBe(100);
    expect(fg.example).toBe(true);
    expect(fg.note).toContain('示例');
    expect(fg.categories[5].example).toBe(true);
    const home = await detail(tpl('ZGZJ').id);
    expect(home.bands).toEqual([{ grade: '模范', min: 90 }, { grade: '合格', min: 75 }, { grade: '不合格', min: 0 }]);
    expect(home.categories.reduce((s, c) => s + c.maxPoints, 0)).toBe(100);
    const perf = await detail(tpl('GZZJX').id);
    const growth = perf.categories.flatMap((c) => c.items).find((i) => i.ruleKey === 'collection_growth')!;
    expect(growth.ruleParams!.tiers).toEqual(FUND_GROWTH_TIERS);
    // Seeding again adds nothing; the next year carries this year's templates over.
    expect(await call(c.core, A, 'assessment.templates.seed', { year: YEAR })).toHaveLength(4);
    const next = await call<AssessTemplateRow[]>(c.core, A, 'assessment.templates.seed', { year: YEAR + 1 });
    expect(next.map((t) => t.year)).toEqual([YEAR + 1, YEAR + 1, YEAR + 1, YEAR + 1]);
  });

  it('an administrator edits items; a template used by a round is frozen and is changed through a new version', async () => {
    const t = await detail(tpl('ZGZJ').id);
    const item = t.categories[0].items[0];
    const edited = await call<AssessTemplateDetail>(c.core, A, 'assessment.templates.saveItem', {
      templateId: t.id, itemId: item.id, categoryId: item.categoryId, code: item.code, title: item.title, content: '改写的内容', maxPoints: 5, method: '手工评分',
    });
    expect(edited.categories[0].items[0]).toMatchObject({ content: '改写的内容', example: false });
    expect((await callErr(c.core, CLERK, 'assessment.templates.saveItem', { templateId: t.id, categoryId: item.categoryId, code: 'x', title: 'x', maxPoints: 1, method: '手工评分' })).code).toBe('FORBIDDEN');
    const bad = await callErr(c.core, A, 'assessment.templates.saveItem', {
      templateId: t.id, categoryId: item.categoryId, code: '9', title: '计算项', maxPoints: 5, method: '系统计算', ruleKey: 'five_ones', ruleParams: { tiers: [{ min: 1, max: null, points: 8 }] },
    });
    expect(bad.message).toContain('超过本条目标准分');
    await call(c.core, CLERK, 'assessment.rounds.create', { templateId: t.id, name: '职工之家评定', unitIds: [c.grassroots[0]] });
    const frozen = await callErr(c.core, A, 'assessment.templates.saveItem', {
      templateId: t.id, itemId: item.id, categoryId: item.categoryId, code: item.code, title: item.title, maxPoints: 5, method: '手工评分',
    });
    expect(frozen.message).toContain('复制为新版本');
    const v2 = await call<AssessTemplateDetail>(c.core, A, 'assessment.templates.copy', { templateId: t.id, year: YEAR });
    expect(v2).toMatchObject({ code: 'ZGZJ', year: YEAR, version: 2, roundCount: 0, itemCount: t.itemCount });
  });
});

describe('computed items', () => {
  it('fund growth exactly at 5%, 10% and 20% lands in the tier it opens; the figures are collectionGrowth’s', async () => {
    const g = c.grassroots;
    const last = 1_000_000;
    const cases: Array<[number, number]> = [[g[0], 1_049_999], [g[1], 1_050_000], [g[2], 1_100_000], [g[3], 1_200_000], [g[4], 1_199_999]];
    for (const [u, now] of cases) {
      await collected(u, YEAR - 1, last);
      await collected(u, YEAR, now);
    }
    const round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('GZZJX').id, name: '工会工作者绩效考核', unitIds: g });
    const growth = await collectionGrowth(c.core.db, YEAR);
    const expected = [5, 10, 15, 20, 15];
    for (const [i, [u]] of cases.entries()) {
      const sheet = await sheetOf(round, u);
      const item = sheet.scores.find((s) => s.item.ruleKey === 'collection_growth')!;
      expect(item.computedScore, `unit ${i}`).toBe(expected[i]);
      const src = growth.find((r) => r.unitId === u)!;
      expect(item.computedValue).toBe(`${(src.rate! * 100).toFixed(2)}%`);
      expect(item.computedDetail).toContain('本年实收');
    }
    // The pure tier function: exact bounds as fractions.
    const m = (num: bigint, den: bigint) => ({ num, den, display: '', detail: '' });
    expect(tierOf(m(500n, 100n), FUND_GROWTH_TIERS)!.points).toBe(10);
    expect(tierOf(m(499_999n, 100_000n), FUND_GROWTH_TIERS)!.points).toBe(5);
    expect(tierOf(m(2000n, 100n), FUND_GROWTH_TIERS)!.points).toBe(20);
    expect(tierOf(m(-300n, 100n), FUND_GROWTH_TIERS)!.points).toBe(5);
  });

  it('rectification rates and the 五个一 events come from the oversight module and the service ledger; no data asks for a reviewer', async () => {
    const db = c.core.db;
    const at = '2025-06-01T00:00:00Z';
    const cat = (await db.selectFrom('oversight_category').select('id').executeTakeFirstOrThrow()).id;
    const p = await db.insertInto('oversight_project').values({ year: YEAR, code: 'SJ1', name: '专项审计', kind: '专项审计', unit_id: c.grassroots[0], status: '实施中', created_at: at, updated_at: at } as never).returning('id').executeTakeFirstOrThrow();
    let seq = 0;
    for (const status of ['已整改', '已销号', '整改中', '已整改', '未整改']) {
      const f = await db.insertInto('oversight_finding').values({ project_id: p.id, seq: ++seq, category_id: cat, description: 'd', severity: '一般', nature: '管理不规范', created_at: at, updated_at: at } as never).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('oversight_rectification').values({ finding_id: f.id, status, updated_at: at } as never).execute();
    }
    for (const cat of ['会员代表大会', '职工代表大会', '文体活动']) await service(c.grassroots[0], `${YEAR}-05-0${cat.length}`, cat, { satisfaction: 92 });
    await service(c.grassroots[0], `${YEAR}-07-01`, '文体活动', { satisfaction: 85 });
    await service(c.grassroots[0], `${YEAR - 1}-07-01`, '劳动技能竞赛'); // another year: not counted
    const round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('GZZJX').id, name: '绩效考核', unitIds: [c.grassroots[0], c.grassroots[1]] });
    const s0 = await sheetOf(round, c.grassroots[0]);
    const rect = s0.scores.find((s) => s.item.ruleKey === 'rectification_rate')!;
    const src = (await rectificationRates(db, YEAR)).find((r) => r.unitId === c.grassroots[0])!;
    expect(src).toMatchObject({ total: 5, done: 3 });
    expect(rect).toMatchObject({ computedValue: '60.00%', computedScore: 5 });
    const five = s0.scores.find((s) => s.item.ruleKey === 'five_ones')!;
    expect(five).toMatchObject({ computedValue: '3 项', computedScore: 12 });
    const sat = s0.scores.find((s) => s.item.ruleKey === 'satisfaction')!;
    expect(sat).toMatchObject({ computedValue: '90.3 分', computedScore: 10 });
    // The second unit: no rectification items (counts as 100%), no services (no data → the reviewer scores).
    const s1 = await sheetOf(round, c.grassroots[1]);
    expect(s1.scores.find((s) => s.item.ruleKey === 'rectification_rate')).toMatchObject({ computedScore: 15 });
    const noSat = s1.scores.find((s) => s.item.ruleKey === 'satisfaction')!;
    expect(noSat.computedScore).toBeNull();
    expect(noSat.computedDetail).toContain('无数据');
    // The budget execution rate needs an approved budget: with none, it is no data too.
    expect(s1.scores.find((s) => s.item.ruleKey === 'budget_execution')!.computedScore).toBeNull();
    // A reviewer's adjustment of a computed score must be explained.
    await selfScore(s1, 1);
    const err = await callErr(c.core, REVIEWER, 'assessment.scores.review', { subjectId: s1.subject.id, itemId: noSat.item.id, score: 6 });
    expect(err.message).toContain('须填写说明');
    const after = await call<AssessSubjectSheet>(c.core, REVIEWER, 'assessment.scores.review', { subjectId: s1.subject.id, itemId: noSat.item.id, score: 6, note: '走访问卷平均 82 分' });
    expect(after.scores.find((s) => s.item.id === noSat.item.id)!.finalScore).toBe(6);
  });
});

describe('rounds', () => {
  it('self scores, review, 必备-item capping, grades, rankings per unit type, lock and logged reopening', async () => {
    const g = c.grassroots;
    const t = await detail(tpl('ZGZJ').id);
    // The 职代会 (mandatory, computed) is held by units 0 and 1 only; 文体活动 by all three.
    for (const u of [g[0], g[1], c.township]) await service(u, `${YEAR}-04-01`, '职工代表大会');
    for (const u of [g[0], g[1], g[2]]) await service(u, `${YEAR}-05-01`, '文体活动');
    let round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', {
      templateId: t.id, name: '2025年度职工之家评定', unitIds: [g[0], g[1], g[2], c.township],
    });
    expect(round.subjects.total).toBe(4);
    expect(round.rankGroups).toEqual(['基层工会', '工会联合会']);
    // Roles: a reviewer cannot self-score; a clerk cannot review; review waits for the submitted self-assessment.
    const s0 = await sheetOf(round, g[0]);
    const manual = s0.scores.find((s) => s.item.method === '手工评分')!;
    expect((await callErr(c.core, REVIEWER, 'assessment.scores.self', { subjectId: s0.subject.id, itemId: manual.item.id, score: 1 })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, CLERK, 'assessment.scores.review', { subjectId: s0.subject.id, itemId: manual.item.id, score: 1 })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, REVIEWER, 'assessment.scores.review', { subjectId: s0.subject.id, itemId: manual.item.id, score: 1 })).message).toContain('尚未提交自评');
    expect((await callErr(c.core, CLERK, 'assessment.scores.self', { subjectId: s0.subject.id, itemId: manual.item.id, score: manual.item.maxPoints + 1 })).message).toContain('不能超过标准分');
    expect((await callErr(c.core, CLERK, 'assessment.scores.submitSelf', { subjectId: s0.subject.id })).message).toContain('未自评');
    // Evidence with the self-assessment.
    const up = c.core.env.files.putUpload('共建领导小组文件.pdf', new TextEncoder().encode('%PDF-1.4 evidence'));
    const withEv = await call<AssessSubjectSheet>(c.core, CLERK, 'assessment.scores.evidence', { subjectId: s0.subject.id, itemId: manual.item.id, uploadIds: [up.id], note: '党组文件' });
    expect(withEv.scores.find((s) => s.item.id === manual.item.id)!.evidence.map((e) => e.name)).toEqual(['共建领导小组文件.pdf']);
    const evFile = withEv.scores.find((s) => s.item.id === manual.item.id)!.evidence[0];
    const got = await call(c.core, REVIEWER, 'assessment.evidence.file', { subjectId: s0.subject.id, fileId: evFile.id });
    expect(fs.readFileSync(c.core.env.files.exportPath(got.id).path, 'utf8')).toBe('%PDF-1.4 evidence');
    expect((await callErr(c.core, REVIEWER, 'assessment.evidence.file', { subjectId: s0.subject.id + 1, fileId: evFile.id })).code).toBe('NOT_FOUND');

    // Unit 0: full marks → 100, 模范. Unit 1: 80% of manual items. Unit 2: full marks but no 职代会 (必备) → capped.
    // Unit 3 (the township federation): 必备 足额拨缴 item 0 → capped too.
    const sheets = await Promise.all([g[0], g[1], g[2], c.township].map((u) => sheetOf(round, u)));
    const must = sheets[3].scores.find((s) => s.item.mandatory && s.item.method === '手工评分')!;
    await review(await selfScore(sheets[0], 1));
    await review(await selfScore(sheets[1], 0.8), { '2.1': 6 });
    await review(await selfScore(sheets[2], 1));
    await review(await selfScore(sheets[3], 1), { [must.item.code]: 0 });
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.get', { roundId: round.id, sort: 'rank' });
    const by = (u: number) => round.subjects.rows.find((r) => r.unit.id === u)!;
    expect(by(g[0])).toMatchObject({ total: 100, grade: '模范', mandatoryFailed: false, rank: 1 });
    // 80% of the 80 manual points item by item (64; 2.1 reviewed down from 8 to 6) + 20 computed = 82 → 合格.
    expect(by(g[1])).toMatchObject({ total: 82, grade: '合格', rank: 3 });
    expect(by(g[1]).selfTotal).toBe(84);
    expect(by(g[2])).toMatchObject({ total: 90, grade: '不合格', mandatoryFailed: true, rank: 2 });
    // The township: 80 manual − 5 (必备 1.3 at 0) + 职代会 10, no 文体活动 = 85, capped.
    expect(by(c.township)).toMatchObject({ total: 85, grade: '不合格', mandatoryFailed: true, rank: 1, rankGroup: '工会联合会' });
    expect(round.categories.map((x) => x.maxPoints)).toEqual([15, 20, 15, 20, 30]);
    expect(by(g[0]).categoryTotals).toEqual([15, 20, 15, 20, 30]);
    // The same person cannot self-score and review the same item.
    const both = await userWithRoles(c.core, 'both', ['办公室', '分管领导']);
    void both;

    // Close: locked, persisted ranks; writes refused by the core and by the database.
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    expect(round.status).toBe('已关闭');
    expect(round.gradeCounts).toEqual({ 模范: 1, 合格: 1, 不合格: 2 });
    const locked = await callErr(c.core, REVIEWER, 'assessment.scores.review', { subjectId: sheets[1].subject.id, itemId: manual.item.id, score: 1 });
    expect(locked.code).toBe('LOCKED');
    await expect(sql`update assess_score set review_score = 0 where subject_id = ${sheets[0].subject.id}`.execute(c.core.db)).rejects.toThrow(/已关闭/);
    const ranks = await c.core.db.selectFrom('assess_subject').select(['unit_id', 'rank']).where('round_id', '=', round.id).execute();
    expect(new Map(ranks.map((r) => [r.unit_id, r.rank]))).toEqual(new Map([[g[0], 1], [g[2], 2], [g[1], 3], [c.township, 1]]));

    // Reopen needs a reason, is logged, and allows a correction; closing again re-ranks.
    expect((await callErr(c.core, A, 'assessment.rounds.reopen', { roundId: round.id, reason: '' })).code).toBe('VALIDATION');
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.reopen', { roundId: round.id, reason: '城关镇工联会补交经费拨缴凭证' });
    expect(round).toMatchObject({ status: '进行中', reopenCount: 1 });
    expect(round.reopenings).toEqual([expect.objectContaining({ reason: '城关镇工联会补交经费拨缴凭证', byName: '系统管理员' })]);
    await call(c.core, REVIEWER, 'assessment.scores.review', { subjectId: sheets[3].subject.id, itemId: must.item.id, score: must.item.maxPoints });
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    expect(round.subjects.rows.find((r) => r.unit.id === c.township)).toMatchObject({ total: 90, grade: '模范', mandatoryFailed: false });
    const log = await c.core.db.selectFrom('audit_log').select(['action', 'summary']).where('module', '=', '考核评价').execute();
    expect(log.map((l) => l.action)).toEqual(expect.arrayContaining(['发起考核', '自评打分', '提交自评', '评核打分', '上传佐证材料', '关闭考核', '重新开启考核']));
    expect(log.find((l) => l.action === '重新开启考核')!.summary).toContain('补交经费拨缴凭证');
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });

  it('refuses to close while items are not reviewed, and a reviewer cannot review an item they self-scored', async () => {
    await userWithRoles(c.core, 'both', ['办公室', '分管领导']);
    const round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('ZGZJ').id, name: '评定', unitIds: [c.grassroots[0]] });
    expect(round.closeBlockers.join('')).toContain('未评核');
    expect((await callErr(c.core, A, 'assessment.rounds.close', { roundId: round.id })).message).toContain('不能关闭');
    const s = await sheetOf(round, c.grassroots[0]);
    const item = s.scores.find((x) => x.item.method === '手工评分')!;
    for (const x of s.scores) {
      if (x.item.method !== '手工评分' || x.item.bonus || x.item.deduction) continue;
      await call(c.core, x.item.id === item.item.id ? 'both' : CLERK, 'assessment.scores.self', { subjectId: s.subject.id, itemId: x.item.id, score: 1 });
    }
    await call(c.core, CLERK, 'assessment.scores.submitSelf', { subjectId: s.subject.id });
    const sod = await callErr(c.core, 'both', 'assessment.scores.review', { subjectId: s.subject.id, itemId: item.item.id, score: 1 });
    expect(sod.message).toContain('同一人');
  });
});

describe('workers', () => {
  it('a round over workers: each reads the unit they serve, ranked apart as 工会工作者', async () => {
    await collected(c.grassroots[0], YEAR - 1, 1_000_000);
    await collected(c.grassroots[0], YEAR, 1_250_000);
    const round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', {
      templateId: tpl('GZZJX').id, name: '社会化工会工作者考核', unitIds: [c.grassroots[1]],
      persons: [{ unitId: c.grassroots[0], personName: '林小红' }, { unitId: c.grassroots[1], personName: '陈大海' }],
    });
    expect(round.rankGroups).toEqual(['基层工会', '工会工作者']);
    const lin = round.subjects.rows.find((r) => r.personName === '林小红')!;
    const sheet = await call<AssessSubjectSheet>(c.core, A, 'assessment.subjects.sheet', { subjectId: lin.id });
    expect(sheet.scores.find((s) => s.item.ruleKey === 'collection_growth')).toMatchObject({ computedValue: '25.00%', computedScore: 20 });
    expect(lin).toMatchObject({ rankGroup: '工会工作者', unit: expect.objectContaining({ id: c.grassroots[0] }) });
  });
});

describe('closing the loop', () => {
  it('proposes uplift / cut with a rectification deadline and station allowances; accepted figures start next year’s budget', async () => {
    const g = c.grassroots;
    // This year's (2025) budgets of two units are the base.
    await submit(c.core, CLERK, g[0], grassrootsBudget(), YEAR);
    await submit(c.core, CLERK, g[1], grassrootsBudget(2), YEAR);
    const base0 = (await c.core.db.selectFrom('budget_version').select('expense_fen').where('unit_id', '=', g[0]).where('year', '=', YEAR).executeTakeFirstOrThrow()).expense_fen;
    const base1 = (await c.core.db.selectFrom('budget_version').select('expense_fen').where('unit_id', '=', g[1]).where('year', '=', YEAR).executeTakeFirstOrThrow()).expense_fen;
    for (const u of [g[0], g[1], g[2]]) await service(u, `${YEAR}-04-01`, '职工代表大会');
    for (const u of [g[0], g[1], g[2]]) await service(u, `${YEAR}-05-01`, '文体活动');
    let round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('ZGZJ').id, name: '职工之家评定', unitIds: [g[0], g[1], g[2]] });
    const [a, b, d] = await Promise.all([g[0], g[1], g[2]].map((u) => sheetOf(round, u)));
    await review(await selfScore(a, 1));
    await review(await selfScore(b, 0.5));
    await review(await selfScore(d, 0.75));
    expect((await callErr(c.core, CLERK, 'assessment.proposals.create', { roundId: round.id })).message).toContain('关闭');
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    const p = await call<ProposalDetail>(c.core, CLERK, 'assessment.proposals.create', { roundId: round.id, upliftPercent: 10, cutPercent: 15 });
    expect(p).toMatchObject({ targetYear: YEAR + 1, status: '待审核', lineCount: 3 });
    const line = (u: number) => p.lines.find((l) => l.unit.id === u)!;
    expect(line(g[0])).toMatchObject({ grade: '模范', action: '上调', percent: 10, baseFen: base0, amountFen: Math.round(base0 * 1.1), rectifyBy: null });
    expect(line(g[1])).toMatchObject({ grade: '不合格', action: '核减', percent: -15, baseFen: base1, amountFen: base1 - Math.round((base1 * 15) / 100), rectifyBy: `${YEAR + 1}-06-30` });
    expect(line(g[2])).toMatchObject({ total: 80.3, grade: '合格', action: '维持', baseFen: 0, amountFen: 0 });
    expect(p.totalFen).toBe(Math.round(base0 * 1.1) + base1 - Math.round((base1 * 15) / 100));
    // The drafter cannot accept; a 主席 does; accepted lines are immutable; the round can no longer reopen.
    await userWithRoles(c.core, 'drafter', ['财务部门', '主席']);
    expect((await callErr(c.core, CLERK, 'assessment.proposals.decide', { proposalId: p.id, action: '接受' })).code).toBe('FORBIDDEN');
    const accepted = await call<ProposalDetail>(c.core, ZHUXI, 'assessment.proposals.decide', { proposalId: p.id, action: '接受', note: '同意' });
    expect(accepted).toMatchObject({ status: '已接受', decidedByName: ZHUXI });
    await expect(sql`update assess_proposal_line set amount_fen = 1 where proposal_id = ${p.id}`.execute(c.core.db)).rejects.toThrow(/已接受/);
    expect((await callErr(c.core, A, 'assessment.rounds.reopen', { roundId: round.id, reason: '想改一下分数' })).message).toContain('已接受');
    const alloc = await acceptedAllocations(c.core.db, YEAR + 1);
    expect(alloc.map((x) => [x.unitId, x.amountFen])).toEqual([[g[0], Math.round(base0 * 1.1)], [g[1], base1 - Math.round((base1 * 15) / 100)], [g[2], 0]].sort((x, y) => x[0] - y[0]));
    expect(await call(c.core, A, 'assessment.allocations.accepted', { year: YEAR + 1 })).toEqual(alloc);
    // Next year's budget template for the unit shows the starting figure on its instructions sheet.
    const wb = await template(c.core, CLERK, g[0], false, YEAR + 1);
    const help = wb.worksheets[0];
    const texts: string[] = [];
    help.eachRow((r) => texts.push(String(r.getCell(1).value ?? '')));
    const start = texts.find((x) => x.includes('资金分配起始数'))!;
    expect(start).toContain((Math.round(base0 * 1.1) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }));
    expect(start).toContain('职工之家评定');

    // The proposal workbook re-read: lines, amounts in 元, totals.
    const file = await call(c.core, A, 'assessment.proposals.export', { proposalId: p.id });
    const book = await readExport(c.core, file.id);
    const ws = book.getWorksheet('资金分配建议')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push(r.values as unknown[]));
    const r0 = rows.find((r) => r[2] === (line(g[0]).unit.name))!;
    expect(r0[8]).toBe(Math.round(base0 * 1.1) / 100);
    expect(book.getWorksheet('岗位补贴名单')).toBeTruthy();
  });

  it('work-station ratings give the allowance of 3,600 + 3,000 元 to the stations rated 优秀', async () => {
    const at = new Date().toISOString();
    const st = await c.core.db.insertInto('unit').values({ code: 'GZZ0001', name: '物流行业工作站', kind: '工作站', org_type: '行业', parent_id: c.fed, active: 1, created_at: at, updated_at: at } as never).returning('id').executeTakeFirstOrThrow();
    const st2 = await c.core.db.insertInto('unit').values({ code: 'GZZ0002', name: '园区工作站', kind: '工作站', org_type: '区域', parent_id: c.fed, active: 1, created_at: at, updated_at: at } as never).returning('id').executeTakeFirstOrThrow();
    for (const cat of ['会员代表大会', '职工代表大会', '工资集体协商', '劳动技能竞赛', '文体活动']) await service(st.id, `${YEAR}-06-01`, cat);
    let round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('GZZPJ').id, name: '工作站评级', unitIds: [st.id, st2.id] });
    const [s1, s2] = await Promise.all([st.id, st2.id].map((u) => sheetOf(round, u)));
    expect(s1.scores.filter((s) => s.item.method === '系统计算').map((s) => s.computedScore)).toEqual([12, 12, 12, 12, 12]);
    await review(await selfScore(s1, 0.9));
    await review(await selfScore(s2, 0.9));
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    expect(round.subjects.rows.map((r) => [r.unit.code, r.total, r.grade])).toEqual([['GZZ0001', 96, '优秀'], ['GZZ0002', 36, '不合格']]);
    const p = await call<ProposalDetail>(c.core, CLERK, 'assessment.proposals.create', { roundId: round.id });
    expect(p.lines.find((l) => l.unit.id === st.id)!.allowanceFen).toBe(660_000);
    expect(p.lines.find((l) => l.unit.id === st2.id)!.allowanceFen).toBe(0);
    const file = await call(c.core, A, 'assessment.proposals.export', { proposalId: p.id });
    const ws = (await readExport(c.core, file.id)).getWorksheet('岗位补贴名单')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push(r.values as unknown[]));
    const row = rows.find((r) => r[2] === '物流行业工作站')!;
    expect(row.slice(3, 8)).toEqual(['优秀', 3600, 1, 3000, 6600]);
  });
});

describe('reports', () => {
  it('the ranking with merged category headers and the score sheet with signatures re-read with exceljs', async () => {
    const g = c.grassroots;
    for (const u of [g[0], g[1]]) await service(u, `${YEAR}-04-01`, '职工代表大会');
    let round = await call<AssessRoundDetail>(c.core, CLERK, 'assessment.rounds.create', { templateId: tpl('ZGZJ').id, name: '职工之家评定', unitIds: [g[0], g[1]] });
    const [a, b] = await Promise.all([g[0], g[1]].map((u) => sheetOf(round, u)));
    await review(await selfScore(a, 1));
    await review(await selfScore(b, 0.9));
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    const file = await call(c.core, A, 'assessment.rounds.export', { roundId: round.id });
    const wb = await readExport(c.core, file.id);
    const ws = wb.getWorksheet('汇总排名')!;
    expect(ws.getCell('A1').value).toBe('职工之家评定汇总排名表');
    // Row 3: category captions merged over 自评 / 得分; row 4: the leaf headers.
    expect(ws.getCell('F3').value).toBe('党政工共建（15分）');
    expect(ws.getCell('F3').isMerged && ws.getCell('G3').isMerged).toBe(true);
    expect([ws.getCell('F4').value, ws.getCell('G4').value]).toEqual(['自评', '得分']);
    const header = (ws.getRow(3).values as unknown[]).concat(ws.getRow(4).values as unknown[]);
    expect(header).toEqual(expect.arrayContaining(['排名', '单位名称', '总分', '等次']));
    const first = ws.getRow(5).values as unknown[];
    expect(first.slice(1, 5)).toEqual([1, '基层工会', a.subject.unit.code, a.subject.unit.name]);
    const totalCol = (ws.getRow(3).values as unknown[]).indexOf('总分');
    expect(first[totalCol]).toBe(round.subjects.rows.find((r) => r.unit.id === g[0])!.total);

    const one = await call(c.core, A, 'assessment.rounds.export', { roundId: round.id, subjectId: b.subject.id });
    const sheet = (await readExport(c.core, one.id)).getWorksheet('评分表')!;
    const cells: string[] = [];
    sheet.eachRow((r) => r.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toEqual(expect.arrayContaining(['条件', '考核验收内容', '标准分', '自考分', '评核分', '得分', '备注', '自评单位负责人：', '评核人：']));
    const totalRow = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    expect(totalRow.getCell(8).value).toBe(round.subjects.rows.find((r) => r.unit.id === g[1])!.total);
  });

  it('service ledger: bill per enterprise, county coverage and metrics, linked expenditure, export re-read', async () => {
    const g = c.grassroots;
    await service(g[0], `${YEAR}-01-20`, '冬送温暖', { people: 12, amountFen: 600_000, satisfaction: 95, resolved: true });
    await service(g[0], `${YEAR}-07-10`, '夏送清凉', { people: 80, amountFen: 240_000, satisfaction: 88 });
    await service(g[0], `${YEAR}-09-01`, '工资集体协商', { people: 200, amountFen: 0, resolved: true });
    await service(g[1], `${YEAR}-09-02`, '工资集体协商', { people: 150, amountFen: 0, resolved: false });
    await service(g[1], `${YEAR}-03-02`, '法律援助', { people: 1, amountFen: 0, resolved: false, satisfaction: 70 });
    const bill = await call(c.core, A, 'assessment.services.bill', { unitId: g[0] });
    expect(bill.years[0]).toMatchObject({ year: YEAR, count: 3, people: 292, amountFen: 840_000, satisfaction: 91.5 });
    expect(bill.fiveOnes[0].held).toEqual(['工资集体协商']);
    const county = await call(c.core, A, 'assessment.services.county', { year: YEAR });
    expect(county).toMatchObject({ unitsTotal: 5, unitsServed: 2, count: 5, amountFen: 840_000 });
    const m = Object.fromEntries(county.metrics.map((x: { key: string; value: number | null }) => [x.key, x.value]));
    expect(m).toEqual({ coverage: 0.4, resolution: 0.5, bargaining: 0.5, satisfaction: 84.3 });
    // Linking to an expenditure that does not exist is refused.
    const bad = await callErr(c.core, CLERK, 'assessment.services.save', { unitId: g[0], date: `${YEAR}-02-01`, category: '金秋助学', title: '助学', people: 3, amountFen: 1, expenseRequestId: 999 });
    expect(bad.message).toContain('不存在');
    // Linked to a real expenditure request (the expense module's table): allowed up to the request's amount.
    const applicant = (await c.core.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow()).id;
    const at = '2025-08-01T00:00:00Z';
    const req = await c.core.db
      .insertInto('expense_request')
      .values({
        number: 'ZC2025-0001', year: YEAR, seq: 1, unit_id: c.fed, applicant_id: applicant, applicant_name: '经办人', apply_date: `${YEAR}-08-01`, kind: '一般支出',
        purpose: '金秋助学', payee_name: '困难职工子女', pay_method: '转账', amount_fen: 300_000, status: '已付款', step: 7, created_at: at, updated_at: at,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const linked = await service(g[0], `${YEAR}-08-20`, '金秋助学', { amountFen: 300_000, expenseRequestId: req.id });
    expect(linked).toMatchObject({ expenseRequestId: req.id, amountFen: 300_000 });
    const over = await callErr(c.core, CLERK, 'assessment.services.save', { unitId: g[0], date: `${YEAR}-08-21`, category: '金秋助学', title: '助学', people: 3, amountFen: 300_001, expenseRequestId: req.id });
    expect(over.message).toContain('超过所关联支出申请 ZC2025-0001');
    await call(c.core, CLERK, 'assessment.services.delete', { id: linked.id, reason: '改为按人登记' });
    const file = await call(c.core, A, 'assessment.services.export', { year: YEAR, unitId: g[0] });
    const wb = await readExport(c.core, file.id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['服务台账', '一企一档服务账单', '全县服务汇总']);
    const ledger = wb.getWorksheet('服务台账')!;
    const amounts: number[] = [];
    ledger.eachRow((r, n) => n > 3 && typeof r.getCell(7).value === 'number' && amounts.push(r.getCell(7).value as number));
    expect(amounts).toEqual([6000, 2400, 0, 8400]);
    const cs = wb.getWorksheet('全县服务汇总')!;
    expect(cs.getRow(4).getCell(1).value).toBe('服务覆盖率');
    expect(cs.getRow(4).getCell(6).value).toBe('40.00%');
    // Removing a record needs a reason and is logged.
    const list = await call(c.core, A, 'assessment.services.list', { year: YEAR, unitId: g[1] });
    await call(c.core, CLERK, 'assessment.services.delete', { id: list.rows[0].id, reason: '重复登记' });
    expect((await call(c.core, A, 'assessment.services.list', { year: YEAR, unitId: g[1] })).total).toBe(1);
  });
});
