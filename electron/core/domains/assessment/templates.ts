// Scoring templates as data: versioned by year (code + year + version), categories, items with maximum
// points, 必备 (mandatory) and bonus flags, and how each item is scored (by hand, or by a named rule with
// thresholds). A template used by a round is frozen; it is changed by copying it to a new version.
import type { Executor } from '../../db/tx';
import { withTx } from '../../db/tx';
import { AppError, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { SEED_TEMPLATES, type SeedTemplate } from '../../../../shared/assessment/templates';
import type { GradeBand, RuleKey, RuleParams, ScoringMethod } from '../../../../shared/assessment/constants';
import { RULE_KEYS, SERVICE_CATEGORIES } from '../../../../shared/assessment/constants';
import type { AssessCategoryRow, AssessItemRow, AssessTemplateDetail, AssessTemplateRow } from '../../../../shared/contract/assessment';

const MODULE = '考核评价';
const json = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

type TemplateDbRow = {
  id: number; code: string; name: string; year: number; version: number; subject_kinds: string; total_points: number; bonus_cap: number;
  bands_json: string; cap_grade: string; uplift_grades: string; cut_grades: string; allowance_grades: string; example: number;
  source: string | null; note: string | null;
};

function templateRow(t: TemplateDbRow, counts: { items: number; categories: number; rounds: number }): AssessTemplateRow {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    year: t.year,
    version: t.version,
    subjectKinds: json<string[]>(t.subject_kinds, []),
    totalPoints: t.total_points,
    bonusCap: t.bonus_cap,
    bands: json<GradeBand[]>(t.bands_json, []),
    capGrade: t.cap_grade,
    upliftGrades: json<string[]>(t.uplift_grades, []),
    cutGrades: json<string[]>(t.cut_grades, []),
    allowanceGrades: json<string[]>(t.allowance_grades, []),
    example: t.example === 1,
    source: t.source,
    note: t.note,
    itemCount: counts.items,
    categoryCount: counts.categories,
    roundCount: counts.rounds,
  };
}

export function itemRow(i: {
  id: number; category_id: number; seq: number; code: string; title: string; content: string; max_points: number; mandatory: number;
  pass_min: number | null; bonus: number; deduction: number; method: string; rule_key: string | null; rule_params_json: string | null; evidence: string | null; example: number;
}): AssessItemRow {
  return {
    id: i.id,
    categoryId: i.category_id,
    seq: i.seq,
    code: i.code,
    title: i.title,
    content: i.content,
    maxPoints: i.max_points,
    mandatory: i.mandatory === 1,
    passMin: i.pass_min,
    bonus: i.bonus === 1,
    deduction: i.deduction === 1,
    method: i.method as ScoringMethod,
    ruleKey: (i.rule_key as RuleKey | null) ?? null,
    ruleParams: json<RuleParams | null>(i.rule_params_json, null),
    evidence: i.evidence,
    example: i.example === 1,
  };
}

export async function listTemplates(db: Executor, year?: number | null): Promise<AssessTemplateRow[]> {
  let q = db.selectFrom('assess_template').selectAll();
  if (year) q = q.where('year', '=', year);
  const rows = await q.orderBy('year', 'desc').orderBy('code').orderBy('version').execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [items, cats, rounds] = await Promise.all([
    db.selectFrom('assess_item').select(['template_id']).select((e) => e.fn.countAll<number>().as('n')).where('template_id', 'in', ids).groupBy('template_id').execute(),
    db.selectFrom('assess_category').select(['template_id']).select((e) => e.fn.countAll<number>().as('n')).where('template_id', 'in', ids).groupBy('template_id').execute(),
    db.selectFrom('assess_round').select(['template_id']).select((e) => e.fn.countAll<number>().as('n')).where('template_id', 'in', ids).groupBy('template_id').execute(),
  ]);
  const m = (xs: Array<{ template_id: number; n: number }>) => new Map(xs.map((x) => [x.template_id, Number(x.n)]));
  const [mi, mc, mr] = [m(items), m(cats), m(rounds)];
  return rows.map((t) => templateRow(t as TemplateDbRow, { items: mi.get(t.id) ?? 0, categories: mc.get(t.id) ?? 0, rounds: mr.get(t.id) ?? 0 }));
}

export async function templateDetail(db: Executor, templateId: number): Promise<AssessTemplateDetail> {
  const t = await db.selectFrom('assess_template').selectAll().where('id', '=', templateId).executeTakeFirst();
  if (!t) throw notFound('考核模板');
  const [cats, items, rounds] = await Promise.all([
    db.selectFrom('assess_category').selectAll().where('template_id', '=', templateId).orderBy('seq').execute(),
    db.selectFrom('assess_item').selectAll().where('template_id', '=', templateId).orderBy('seq').execute(),
    db.selectFrom('assess_round').select((e) => e.fn.countAll<number>().as('n')).where('template_id', '=', templateId).executeTakeFirstOrThrow(),
  ]);
  const categories: AssessCategoryRow[] = cats.map((c) => {
    const its = items.filter((i) => i.category_id === c.id).map(itemRow);
    return { id: c.id, seq: c.seq, name: c.name, example: c.example === 1, maxPoints: round1(its.filter((i) => !i.bonus && !i.deduction).reduce((s, i) => s + i.maxPoints, 0)), items: its };
  });
  return {
    ...templateRow(t as TemplateDbRow, { items: items.length, categories: cats.length, rounds: Number(rounds.n) }),
    categories,
  };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

async function insertTemplate(db: Executor, year: number, version: number, s: SeedTemplate, example: boolean, now: string, userId: number | null) {
  const t = await db
    .insertInto('assess_template')
    .values({
      code: s.code,
      name: s.name,
      year,
      version,
      subject_kinds: JSON.stringify(s.subjectKinds),
      total_points: s.totalPoints,
      bonus_cap: s.bonusCap,
      bands_json: JSON.stringify(s.bands),
      cap_grade: s.capGrade,
      uplift_grades: JSON.stringify(s.upliftGrades),
      cut_grades: JSON.stringify(s.cutGrades),
      allowance_grades: JSON.stringify(s.allowanceGrades),
      example: example ? 1 : 0,
      source: s.source,
      note: s.note,
      created_at: now,
      created_by: userId,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seq = 0;
  for (const [ci, c] of s.categories.entries()) {
    const cat = await db
      .insertInto('assess_category')
      .values({ template_id: t.id, seq: ci + 1, name: c.name, example: c.example ? 1 : 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const i of c.items) {
      await db
        .insertInto('assess_item')
        .values({
          template_id: t.id,
          category_id: cat.id,
          seq: ++seq,
          code: i.code,
          title: i.title,
          content: i.content,
          max_points: i.maxPoints,
          mandatory: i.mandatory ? 1 : 0,
          pass_min: null,
          bonus: i.bonus ? 1 : 0,
          deduction: i.deduction ? 1 : 0,
          method: i.method,
          rule_key: i.rule?.key ?? null,
          rule_params_json: i.rule ? JSON.stringify(i.rule.params) : null,
          evidence: i.evidence ?? null,
          example: i.example ? 1 : 0,
        })
        .execute();
    }
  }
  return t.id;
}

/** A template's content in the seed shape (to copy it). */
async function asSeed(db: Executor, templateId: number): Promise<SeedTemplate & { example: boolean }> {
  const d = await templateDetail(db, templateId);
  return {
    code: d.code,
    name: d.name,
    subjectKinds: d.subjectKinds,
    totalPoints: d.totalPoints,
    bonusCap: d.bonusCap,
    bands: d.bands,
    capGrade: d.capGrade,
    upliftGrades: d.upliftGrades,
    cutGrades: d.cutGrades,
    allowanceGrades: d.allowanceGrades,
    source: d.source ?? '',
    note: d.note ?? '',
    example: d.example,
    categories: d.categories.map((c) => ({
      name: c.name,
      example: c.example,
      items: c.items.map((i) => ({
        code: i.code,
        title: i.title,
        content: i.content,
        maxPoints: i.maxPoints,
        mandatory: i.mandatory,
        bonus: i.bonus,
        deduction: i.deduction,
        method: i.method,
        rule: i.ruleKey && i.ruleParams ? { key: i.ruleKey, params: i.ruleParams } : undefined,
        evidence: i.evidence ?? undefined,
        example: i.example,
      })),
    })),
  };
}

/**
 * The year's templates: for each template code missing in `year`, the latest version of the most recent
 * earlier year is carried over; codes never seen get the seeded defaults (marked as examples).
 */
export async function seedTemplates(db: Executor, actor: Actor, now: Date, year: number): Promise<AssessTemplateRow[]> {
  return withTx(db, async (trx) => {
    const existing = new Set((await trx.selectFrom('assess_template').select('code').where('year', '=', year).execute()).map((r) => r.code));
    const earlier = await trx.selectFrom('assess_template').select(['id', 'code', 'year', 'version']).where('year', '<', year).orderBy('year', 'desc').orderBy('version', 'desc').execute();
    const latestByCode = new Map<string, number>();
    for (const e of earlier) if (!latestByCode.has(e.code)) latestByCode.set(e.code, e.id);
    const created: string[] = [];
    for (const [code, tid] of latestByCode) {
      if (existing.has(code)) continue;
      const s = await asSeed(trx, tid);
      await copyPass(trx, s, year, 1, now, actor);
      existing.add(code);
      created.push(`${s.name}（沿用上年）`);
    }
    for (const s of SEED_TEMPLATES) {
      if (existing.has(s.code)) continue;
      await insertTemplate(trx, year, 1, s, true, now.toISOString(), actor.userId);
      existing.add(s.code);
      created.push(`${s.name}（默认）`);
    }
    if (created.length) {
      await writeAudit(trx, now, actor, {
        module: MODULE, action: '生成考核模板', targetType: 'assess_template', targetId: year,
        summary: `生成 ${year} 年度考核模板：${created.join('、')}`,
      });
    }
    return listTemplates(trx, year);
  });
}

async function copyPass(trx: Executor, s: SeedTemplate & { example: boolean }, year: number, version: number, now: Date, actor: Actor) {
  return insertTemplate(trx, year, version, s, s.example, now.toISOString(), actor.userId);
}

export async function copyTemplate(db: Executor, actor: Actor, now: Date, templateId: number, year: number): Promise<AssessTemplateDetail> {
  return withTx(db, async (trx) => {
    const s = await asSeed(trx, templateId);
    const max = await trx.selectFrom('assess_template').select((e) => e.fn.max('version').as('v')).where('code', '=', s.code).where('year', '=', year).executeTakeFirst();
    const version = (Number(max?.v) || 0) + 1;
    const id = await copyPass(trx, s, year, version, now, actor);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '复制考核模板', targetType: 'assess_template', targetId: id,
      summary: `复制“${s.name}”为 ${year} 年度第 ${version} 版`,
    });
    return templateDetail(trx, id);
  });
}

async function assertEditable(db: Executor, templateId: number) {
  const used = await db.selectFrom('assess_round').select('id').where('template_id', '=', templateId).executeTakeFirst();
  if (used) throw new AppError('CONFLICT', '该模板已被考核轮次使用，不能修改；请先复制为新版本再修改。');
}

export function checkBands(bands: GradeBand[], capGrade: string, totalPoints: number) {
  const grades = bands.map((b) => b.grade);
  if (new Set(grades).size !== grades.length) throw new AppError('VALIDATION', '等次名称不能重复。');
  for (let i = 1; i < bands.length; i++) if (bands[i].min >= bands[i - 1].min) throw new AppError('VALIDATION', '等次应按分数线从高到低排列。');
  if (bands[bands.length - 1].min !== 0) throw new AppError('VALIDATION', '最低等次的分数线应为 0。');
  if (bands[0].min > totalPoints) throw new AppError('VALIDATION', '最高等次的分数线不能超过总分。');
  if (!grades.includes(capGrade)) throw new AppError('VALIDATION', `必备项未达标时的封顶等次“${capGrade}”不在等次中。`);
}

export async function updateTemplate(
  db: Executor, actor: Actor, now: Date,
  input: { templateId: number; name: string; totalPoints: number; bonusCap: number; bands: GradeBand[]; capGrade: string; upliftGrades: string[]; cutGrades: string[]; allowanceGrades: string[] },
): Promise<AssessTemplateDetail> {
  return withTx(db, async (trx) => {
    const before = await templateDetail(trx, input.templateId);
    await assertEditable(trx, input.templateId);
    checkBands(input.bands, input.capGrade, input.totalPoints);
    const grades = new Set(input.bands.map((b) => b.grade));
    for (const g of [...input.upliftGrades, ...input.cutGrades, ...input.allowanceGrades]) {
      if (!grades.has(g)) throw new AppError('VALIDATION', `等次“${g}”不在等次分档中。`);
    }
    await trx
      .updateTable('assess_template')
      .set({
        name: input.name,
        total_points: input.totalPoints,
        bonus_cap: input.bonusCap,
        bands_json: JSON.stringify(input.bands),
        cap_grade: input.capGrade,
        uplift_grades: JSON.stringify(input.upliftGrades),
        cut_grades: JSON.stringify(input.cutGrades),
        allowance_grades: JSON.stringify(input.allowanceGrades),
        updated_at: now.toISOString(),
      })
      .where('id', '=', input.templateId)
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '修改考核模板', targetType: 'assess_template', targetId: input.templateId,
      summary: `修改考核模板“${input.name}”（${before.year} 年度第 ${before.version} 版）`,
      before: { name: before.name, totalPoints: before.totalPoints, bands: before.bands, capGrade: before.capGrade },
      after: { name: input.name, totalPoints: input.totalPoints, bands: input.bands, capGrade: input.capGrade },
    });
    return templateDetail(trx, input.templateId);
  });
}

export async function saveCategory(db: Executor, actor: Actor, now: Date, input: { templateId: number; categoryId?: number | null; name: string }) {
  return withTx(db, async (trx) => {
    await templateDetail(trx, input.templateId);
    await assertEditable(trx, input.templateId);
    if (input.categoryId) {
      const c = await trx.selectFrom('assess_category').select('id').where('id', '=', input.categoryId).where('template_id', '=', input.templateId).executeTakeFirst();
      if (!c) throw notFound('考核类别');
      await trx.updateTable('assess_category').set({ name: input.name }).where('id', '=', input.categoryId).execute();
    } else {
      const max = await trx.selectFrom('assess_category').select((e) => e.fn.max('seq').as('s')).where('template_id', '=', input.templateId).executeTakeFirst();
      await trx.insertInto('assess_category').values({ template_id: input.templateId, seq: (Number(max?.s) || 0) + 1, name: input.name, example: 0 }).execute();
    }
    await writeAudit(trx, now, actor, { module: MODULE, action: input.categoryId ? '修改考核类别' : '新增考核类别', targetType: 'assess_template', targetId: input.templateId, summary: `考核类别“${input.name}”` });
    return templateDetail(trx, input.templateId);
  });
}

export function checkRule(method: ScoringMethod, ruleKey: string | null | undefined, params: RuleParams | null | undefined, maxPoints: number) {
  if (method === '手工评分') return;
  if (!ruleKey || !RULE_KEYS.includes(ruleKey as RuleKey)) throw new AppError('VALIDATION', '系统计算的条目须选择计算规则。');
  if (!params?.tiers?.length) throw new AppError('VALIDATION', '系统计算的条目须设置档次（分数线与得分）。');
  for (const t of params.tiers) {
    if (t.points > maxPoints) throw new AppError('VALIDATION', `档次得分 ${t.points} 超过本条目标准分 ${maxPoints}。`);
    if (t.min !== null && t.max !== null && t.min >= t.max) throw new AppError('VALIDATION', `档次 [${t.min}, ${t.max}) 的下限应小于上限。`);
  }
  if (ruleKey === 'service_held' && !(SERVICE_CATEGORIES as readonly string[]).includes(params.category ?? '')) {
    throw new AppError('VALIDATION', '“指定服务开展次数”规则须选择服务类别。');
  }
}

export async function saveItem(
  db: Executor, actor: Actor, now: Date,
  input: {
    templateId: number; itemId?: number | null; categoryId: number; code: string; title: string; content: string; maxPoints: number; mandatory: boolean;
    passMin?: number | null; bonus: boolean; deduction?: boolean; method: ScoringMethod; ruleKey?: RuleKey | null; ruleParams?: RuleParams | null; evidence: string | null;
  },
): Promise<AssessTemplateDetail> {
  return withTx(db, async (trx) => {
    const before = await templateDetail(trx, input.templateId);
    await assertEditable(trx, input.templateId);
    if (!before.categories.some((c) => c.id === input.categoryId)) throw notFound('考核类别');
    checkRule(input.method, input.ruleKey, input.ruleParams, input.maxPoints);
    if (input.passMin != null && input.passMin > input.maxPoints) throw new AppError('VALIDATION', '必备项及格分不能超过标准分。');
    if (input.deduction) {
      if (input.bonus) throw new AppError('VALIDATION', '扣分项不能同时是加分项。');
      if (input.mandatory) throw new AppError('VALIDATION', '扣分项不能设为必备项。');
      if (input.method !== '手工评分') throw new AppError('VALIDATION', '扣分项须手工评分（按发生的问题逐起扣分）。');
    }
    const values = {
      category_id: input.categoryId,
      code: input.code,
      title: input.title,
      content: input.content,
      max_points: input.maxPoints,
      mandatory: input.mandatory ? 1 : 0,
      pass_min: input.mandatory ? (input.passMin ?? null) : null,
      bonus: input.bonus ? 1 : 0,
      deduction: input.deduction ? 1 : 0,
      method: input.method,
      rule_key: input.method === '系统计算' ? (input.ruleKey ?? null) : null,
      rule_params_json: input.method === '系统计算' && input.ruleParams ? JSON.stringify(input.ruleParams) : null,
      evidence: input.evidence,
      example: 0,
    };
    let itemId = input.itemId ?? null;
    const old = itemId ? before.categories.flatMap((c) => c.items).find((i) => i.id === itemId) : null;
    if (itemId && !old) throw notFound('考核条目');
    if (itemId) await trx.updateTable('assess_item').set(values).where('id', '=', itemId).execute();
    else {
      const max = await trx.selectFrom('assess_item').select((e) => e.fn.max('seq').as('s')).where('template_id', '=', input.templateId).executeTakeFirst();
      itemId = (await trx.insertInto('assess_item').values({ ...values, template_id: input.templateId, seq: (Number(max?.s) || 0) + 1 }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await writeAudit(trx, now, actor, {
      module: MODULE, action: old ? '修改考核条目' : '新增考核条目', targetType: 'assess_item', targetId: itemId,
      summary: `${before.name}（${before.year}）条目 ${input.code} ${input.title}，${input.deduction ? `扣分项，最多扣 ${input.maxPoints} 分` : `标准分 ${input.maxPoints}`}`,
      before: old ?? undefined, after: values,
    });
    return templateDetail(trx, input.templateId);
  });
}

export async function deleteItem(db: Executor, actor: Actor, now: Date, itemId: number): Promise<AssessTemplateDetail> {
  return withTx(db, async (trx) => {
    const item = await trx.selectFrom('assess_item').selectAll().where('id', '=', itemId).executeTakeFirst();
    if (!item) throw notFound('考核条目');
    await assertEditable(trx, item.template_id);
    await trx.deleteFrom('assess_item').where('id', '=', itemId).execute();
    await writeAudit(trx, now, actor, { module: MODULE, action: '删除考核条目', targetType: 'assess_item', targetId: itemId, summary: `删除条目 ${item.code} ${item.title}`, before: item });
    return templateDetail(trx, item.template_id);
  });
}
