// 考核评价 — 扣分项: a template item marked as a deduction takes 0 down to −its maximum ("每起扣 5 分，最多扣
// 10 分"), is optional (empty = no deduction), subtracts from the total, shows on the score sheet and in the
// export; the editor refuses a deduction that is also a bonus / 必备 / computed item; the seeded 工会工作者
// 绩效考核表 carries one as an example (domain.md §9.3 经费使用效益 — 经费审查合规度).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { call, callErr, userWithRoles } from '../helpers/session';
import { A, CLERK, county, readExport, type County } from './budget-fixtures';
import type { AssessRoundDetail, AssessSubjectSheet, AssessTemplateDetail, AssessTemplateRow } from '../../shared/contract/assessment';

const YEAR = 2025;
let c: County;
let templates: AssessTemplateRow[];
beforeEach(async () => {
  c = await county(3);
  await userWithRoles(c.core, 'rev', ['分管领导']);
  templates = await call(c.core, A, 'assessment.templates.seed', { year: YEAR });
});
afterEach(async () => c.core.close());

const tpl = (code: string) => templates.find((t) => t.code === code)!;
const sheet = (subjectId: number) => call<AssessSubjectSheet>(c.core, A, 'assessment.subjects.sheet', { subjectId });

describe('扣分项', () => {
  it('the seeded 工会工作者绩效考核表 has the example deduction; it does not count in the category maximum', async () => {
    const d = await call<AssessTemplateDetail>(c.core, A, 'assessment.templates.get', { templateId: tpl('GZZJX').id });
    const cat = d.categories.find((x) => x.name === '经费使用效益')!;
    const ded = cat.items.find((i) => i.deduction)!;
    expect(ded).toMatchObject({ code: '2.4', title: '违规使用经费', maxPoints: 10, deduction: true, bonus: false, mandatory: false, method: '手工评分', example: true });
    expect(ded.content).toContain('每起扣 5 分');
    expect(cat.maxPoints).toBe(40); // 15 + 15 + 10, the deduction's 10 not included
  });

  it('editor marks a deduction; totals subtract it; limits and sign checked; optional for submit and close; export shows it', async () => {
    const copy = await call<AssessTemplateDetail>(c.core, A, 'assessment.templates.get', { templateId: tpl('ZGZJ').id });
    const catId = copy.categories[0].id;
    const base = { templateId: copy.id, categoryId: catId, content: '发生违规使用经费问题，每起扣 5 分', method: '手工评分' as const, evidence: null };
    // Refused combinations.
    expect((await callErr(c.core, A, 'assessment.templates.saveItem', { ...base, code: '9.1', title: '违规', maxPoints: 10, deduction: true, bonus: true })).message).toContain('扣分项不能同时是加分项');
    expect((await callErr(c.core, A, 'assessment.templates.saveItem', { ...base, code: '9.1', title: '违规', maxPoints: 10, deduction: true, mandatory: true })).message).toContain('必备项');
    expect((await callErr(c.core, A, 'assessment.templates.saveItem', {
      ...base, code: '9.1', title: '违规', maxPoints: 10, deduction: true, method: '系统计算', ruleKey: 'service_count', ruleParams: { tiers: [{ min: null, max: null, points: 0 }] },
    })).message).toContain('手工评分');
    const saved = await call<AssessTemplateDetail>(c.core, A, 'assessment.templates.saveItem', { ...base, code: '9.1', title: '违规使用经费', maxPoints: 10, deduction: true });
    const dedItem = saved.categories[0].items.find((i) => i.code === '9.1')!;
    expect(dedItem.deduction).toBe(true);
    expect(saved.categories[0].maxPoints).toBe(copy.categories[0].maxPoints);

    const g = c.grassroots;
    let round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.create', { templateId: copy.id, name: '职工之家评定（含扣分项）', unitIds: [g[0], g[1]] });
    const subj = (u: number) => round.subjects.rows.find((r) => r.unit.id === u)!;
    for (const u of [g[0], g[1]]) {
      const s = await sheet(subj(u).id);
      for (const x of s.scores) {
        if (x.item.method !== '手工评分' || x.item.bonus || x.item.deduction) continue;
        await call(c.core, CLERK, 'assessment.scores.self', { subjectId: s.subject.id, itemId: x.item.id, score: x.item.maxPoints, note: null });
      }
      // The deduction item is optional: submitting without it works.
      if (u === g[0]) {
        // Sign and limit.
        expect((await callErr(c.core, CLERK, 'assessment.scores.self', { subjectId: s.subject.id, itemId: dedItem.id, score: 5, note: null })).message).toContain('负数');
        expect((await callErr(c.core, CLERK, 'assessment.scores.self', { subjectId: s.subject.id, itemId: dedItem.id, score: -15, note: null })).message).toContain('最多扣 10 分');
        await call(c.core, CLERK, 'assessment.scores.self', { subjectId: s.subject.id, itemId: dedItem.id, score: -5, note: '1 起' });
      }
      await call(c.core, CLERK, 'assessment.scores.submitSelf', { subjectId: s.subject.id });
      for (const x of s.scores) {
        if (x.item.method !== '手工评分' || x.item.bonus || x.item.deduction) continue;
        await call(c.core, 'rev', 'assessment.scores.review', { subjectId: s.subject.id, itemId: x.item.id, score: x.item.maxPoints, note: null });
      }
    }
    // A normal item refuses a negative score.
    const normal = (await sheet(subj(g[0]).id)).scores.find((x) => x.item.method === '手工评分' && !x.item.deduction)!;
    expect((await callErr(c.core, 'rev', 'assessment.scores.review', { subjectId: subj(g[0]).id, itemId: normal.item.id, score: -1, note: null })).message).toContain('不能为负');
    // The reviewer confirms two cases (−10) for g0.
    await call(c.core, 'rev', 'assessment.scores.review', { subjectId: subj(g[0]).id, itemId: dedItem.id, score: -10, note: '经审发现 2 起' });
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.get', { roundId: round.id });
    const t0 = subj(g[0]).total!;
    const t1 = subj(g[1]).total!;
    expect(t1 - t0).toBe(10);
    expect(subj(g[0]).selfTotal! - subj(g[1]).selfTotal!).toBe(-5);
    const s0 = await sheet(subj(g[0]).id);
    expect(s0.scores.find((x) => x.item.id === dedItem.id)).toMatchObject({ selfScore: -5, reviewScore: -10, finalScore: -10 });
    // Closing does not need the deduction item on g1 (no violation).
    expect(round.closeBlockers).toEqual([]);
    round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.close', { roundId: round.id });
    expect(round.status).toBe('已关闭');

    // Export: the deduction row with −10 standard, −10 final, marked 扣分项; 合计 standard excludes it.
    const file = await call(c.core, A, 'assessment.rounds.export', { roundId: round.id, subjectId: subj(g[0]).id });
    const ws = (await readExport(c.core, file.id)).getWorksheet('评分表')!;
    const rows = ws.getRows(1, ws.rowCount)!;
    const dr = rows.find((r) => r.getCell(2).value === '9.1')!;
    expect([dr.getCell(4).value, dr.getCell(5).value, dr.getCell(6).value, dr.getCell(8).value]).toEqual([-10, -5, -10, -10]);
    expect(String(dr.getCell(9).value)).toContain('扣分项');
    const total = rows.find((r) => r.getCell(1).value === '合计')!;
    expect(total.getCell(4).value).toBe(100);
    expect(total.getCell(8).value).toBe(t0);
  });
});
