// 考核评价 — who may self-score: a unit's own user (app_user.unit_id = the subject's unit; for a 工会工作者
// subject the worker themself), or a federation clerk recording it on the unit's behalf (marked 代录 with the
// clerk's name in the score row, the score sheet and the export). Anyone else is refused with a message
// naming the unit. The reviewer rule (never the self-scorer) stays.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { call, callErr } from '../helpers/session';
import { A, CLERK, county, readExport, type County } from './budget-fixtures';
import type { AssessRoundDetail, AssessSubjectSheet, AssessTemplateRow } from '../../shared/contract/assessment';

const YEAR = 2025;
let c: County;
let templates: AssessTemplateRow[];

async function unitUser(username: string, roles: string[], unitId: number | null, displayName = username) {
  const password = 'Passw0rd!';
  await call(c.core, A, 'users.create', { username, displayName, password, roles, unitId, mustChangePassword: false });
  await call(c.core, username, 'auth.signIn', { username, password });
  return username;
}

beforeEach(async () => {
  c = await county(3);
  templates = await call(c.core, A, 'assessment.templates.seed', { year: YEAR });
});
afterEach(async () => c.core.close());

const tpl = (code: string) => templates.find((t) => t.code === code)!;
const sheet = (subjectId: number, channel = A) => call<AssessSubjectSheet>(c.core, channel, 'assessment.subjects.sheet', { subjectId });
const unitName = async (id: number) => (await c.core.db.selectFrom('unit').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;

describe('who may self-score', () => {
  it('the unit’s own user scores without 代录; a user of another unit is refused naming the unit; a federation clerk records as 代录', async () => {
    const [g0, g1] = c.grassroots;
    const own = await unitUser('g0clerk', ['经办人'], g0, '王会计');
    const other = await unitUser('g1clerk', ['经办人'], g1, '李出纳');
    const fedClerk = await unitUser('fedclerk', ['办公室'], c.fed, '赵办事');
    await unitUser('rev', ['分管领导'], null, '钱领导');
    const round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.create', { templateId: tpl('ZGZJ').id, name: '职工之家评定', unitIds: [g0, g1] });
    const s0 = round.subjects.rows.find((r) => r.unit.id === g0)!;
    const s1 = round.subjects.rows.find((r) => r.unit.id === g1)!;
    const manual = (await sheet(s0.id)).scores.filter((x) => x.item.method === '手工评分' && !x.item.bonus);
    const [m1, m2] = manual;

    // What each user may do, as the sheet tells the UI.
    expect(await sheet(s0.id, own)).toMatchObject({ canSelf: true, selfAs: 'self' });
    expect(await sheet(s0.id, other)).toMatchObject({ canSelf: false, selfAs: null });
    expect(await sheet(s0.id, fedClerk)).toMatchObject({ canSelf: true, selfAs: 'proxy' });

    // Own unit: entered, not 代录.
    await call(c.core, own, 'assessment.scores.self', { subjectId: s0.id, itemId: m1.item.id, score: 1, note: null });
    // Another unit's user: refused, in Chinese, naming the unit.
    const refused = await callErr(c.core, other, 'assessment.scores.self', { subjectId: s0.id, itemId: m2.item.id, score: 1, note: null });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain(`“${await unitName(g0)}”`);
    expect(refused.message).toContain('代录');
    expect((await callErr(c.core, other, 'assessment.scores.submitSelf', { subjectId: s0.id })).code).toBe('FORBIDDEN');
    // …but the same user may self-score their own unit.
    await call(c.core, other, 'assessment.scores.self', { subjectId: s1.id, itemId: m2.item.id, score: 2, note: null });

    // Federation clerk on the unit's behalf: 代录 with the clerk's name.
    for (const x of manual.slice(1)) {
      await call(c.core, fedClerk, 'assessment.scores.self', { subjectId: s0.id, itemId: x.item.id, score: x.item.maxPoints, note: null });
    }
    await call(c.core, fedClerk, 'assessment.scores.submitSelf', { subjectId: s0.id });
    const after = await sheet(s0.id);
    const row1 = after.scores.find((x) => x.item.id === m1.item.id)!;
    const row2 = after.scores.find((x) => x.item.id === m2.item.id)!;
    expect(row1).toMatchObject({ selfScore: 1, selfByName: '王会计', selfProxyName: null });
    expect(row2).toMatchObject({ selfScore: m2.item.maxPoints, selfByName: '赵办事', selfProxyName: '赵办事' });
    const db = await c.core.db.selectFrom('assess_score').select(['item_id', 'self_proxy_name']).where('subject_id', '=', s0.id).execute();
    expect(db.find((r) => r.item_id === m2.item.id)!.self_proxy_name).toBe('赵办事');
    const log = await c.core.db.selectFrom('audit_log').select(['action', 'summary']).where('module', '=', '考核评价').where('action', '=', '自评打分').execute();
    expect(log.some((l) => l.summary.includes('赵办事代录'))).toBe(true);

    // The export's score sheet marks 代录 with the clerk's name on the proxied rows only.
    const file = await call(c.core, A, 'assessment.rounds.export', { roundId: round.id, subjectId: s0.id });
    const ws = (await readExport(c.core, file.id)).getWorksheet('评分表')!;
    const rows = ws.getRows(1, ws.rowCount)!;
    const noteOf = (code: string) => String(rows.find((r) => r.getCell(2).value === code)!.getCell(9).value ?? '');
    expect(noteOf(m2.item.code)).toContain('自评代录：赵办事');
    expect(noteOf(m1.item.code)).not.toContain('代录');
    // The round's ranking marks the subject whose self scores were (partly) recorded by the clerk.
    const all = await call(c.core, A, 'assessment.rounds.export', { roundId: round.id });
    const rk = (await readExport(c.core, all.id)).getWorksheet('汇总排名')!;
    const header = rk.getRows(1, rk.rowCount)!.find((r) => (r.values as unknown[]).includes('自评录入'))!;
    const entryCol = (header.values as unknown[]).indexOf('自评录入');
    const entryOf = async (unitId: number) => {
      const name = await unitName(unitId);
      const row = rk.getRows(1, rk.rowCount)!.find((r) => (r.values as unknown[]).includes(name))!;
      return row.getCell(entryCol).value;
    };
    expect(await entryOf(g0)).toBe('代录：赵办事');
    expect(await entryOf(g1)).not.toBe('代录：赵办事');

  });

  it('a clerk holding a reviewer role cannot review an item they recorded as 代录; another reviewer can', async () => {
    const g0 = c.grassroots[0];
    const both = await unitUser('both', ['办公室', '分管领导'], null, '孙两岗');
    const rev = await unitUser('rev2', ['分管领导'], null, '周领导');
    const round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.create', { templateId: tpl('ZGZJ').id, name: '评定', unitIds: [g0] });
    const s = (await sheet(round.subjects.rows[0].id)).scores.filter((x) => x.item.method === '手工评分' && !x.item.bonus);
    for (const x of s) await call(c.core, both, 'assessment.scores.self', { subjectId: round.subjects.rows[0].id, itemId: x.item.id, score: 1, note: null });
    await call(c.core, both, 'assessment.scores.submitSelf', { subjectId: round.subjects.rows[0].id });
    const sod = await callErr(c.core, both, 'assessment.scores.review', { subjectId: round.subjects.rows[0].id, itemId: s[0].item.id, score: 1, note: null });
    expect(sod.message).toContain('同一人');
    await call(c.core, rev, 'assessment.scores.review', { subjectId: round.subjects.rows[0].id, itemId: s[0].item.id, score: 1, note: null });
    expect((await sheet(round.subjects.rows[0].id)).scores[0]).toMatchObject({ selfProxyName: '孙两岗' });
  });

  it('a 工会工作者 subject: the worker themself scores; a colleague of the same unit is refused naming the unit and the worker', async () => {
    const g0 = c.grassroots[0];
    const lin = await unitUser('lin', ['经办人'], g0, '林小红');
    const colleague = await unitUser('col', ['经办人'], g0, '张同事');
    const round = await call<AssessRoundDetail>(c.core, A, 'assessment.rounds.create', {
      templateId: tpl('GZZJX').id, name: '社会化工会工作者考核', unitIds: [], persons: [{ unitId: g0, personName: '林小红' }],
    });
    const subj = round.subjects.rows[0];
    const item = (await sheet(subj.id)).scores.find((x) => x.item.method === '手工评分')!;
    await call(c.core, lin, 'assessment.scores.self', { subjectId: subj.id, itemId: item.item.id, score: 1, note: null });
    expect((await sheet(subj.id)).scores.find((x) => x.item.id === item.item.id)).toMatchObject({ selfByName: '林小红', selfProxyName: null });
    const e = await callErr(c.core, colleague, 'assessment.scores.self', { subjectId: subj.id, itemId: item.item.id, score: 2, note: null });
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain(`“${await unitName(g0)}”`);
    expect(e.message).toContain('林小红');
    // The federation's finance clerk (no unit) records it for the worker: 代录.
    await call(c.core, CLERK, 'assessment.scores.self', { subjectId: subj.id, itemId: item.item.id, score: 2, note: null });
    expect((await sheet(subj.id)).scores.find((x) => x.item.id === item.item.id)).toMatchObject({ selfScore: 2, selfProxyName: CLERK });
  });
});
