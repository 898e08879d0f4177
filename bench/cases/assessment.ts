// Assessment benchmarks (issue 10): a round of the 工会工作者绩效考核表 over every grassroots unit — county
// 2,500 / city 25,000 units × 13 items — with computed items fed by real data (two years of collection
// records per unit for the fund-growth tiers, four service-ledger entries per unit for the 五个一 count and
// satisfaction; budget execution and rectification read their empty sources).
//
//   assessment-score   computeRound (every computed item measured, tiered and written; totals, 必备 flags and
//                      grades) plus the per-type ranking written as on close, against the same work
//                      hand-written on raw sqlite3 (GROUP BYs, tiers in a CASE, one UPDATE … FROM per item,
//                      totals and grades in SQL, rank() window). No ratio target is named by the issue: reported.
//   assessment-export  the round's summary ranking workbook (streaming, merged category headers, per-category
//                      self and final sums) against plain exceljs streaming the same rows from hand-written
//                      queries. Target: peak RSS ≤ 300 MB.
//
// The database is built once per case (untimed) with the real migrations and the real createRound; each run
// works on its own copy.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type sqlite3 from 'sqlite3';
import { sql } from 'kysely';
import { openDatabase } from '../../electron/core/db/open';
import { bulkInsert, type Row } from '../../electron/core/db/bulk';
import { withTx } from '../../electron/core/db/tx';
import { seedTemplates } from '../../electron/core/domains/assessment/templates';
import { computeRound, createRound } from '../../electron/core/domains/assessment/rounds';
import { writeRoundWorkbook } from '../../electron/core/domains/assessment/report';
import { FIVE_ONES } from '../../shared/assessment/constants';
import { FUND_GROWTH_TIERS } from '../../shared/assessment/templates';
import { generateUnits } from '../generate';
import { defineCase, rawAll, rawClose, rawOpenLikeApp, rawRun, type BenchCase, type RunContext, type Scale } from '../lib';

const YEAR = 2026;
const NOW = new Date('2026-12-20T01:00:00.000Z');
const ACTOR = { userId: null, username: 'bench', role: '系统管理员', roles: ['系统管理员', '办公室'], displayName: 'bench' };

interface Built {
  file: string;
  units: number;
  roundId: number;
  items: number;
  computedItems: number;
}

async function buildDb(dir: string, scale: Scale, seed: number): Promise<Built> {
  const file = path.join(dir, `assessment-${scale}.sqlite3`);
  const db = await openDatabase(file);
  try {
    const units = generateUnits(scale, seed);
    const at = NOW.toISOString();
    await bulkInsert(db, 'unit', units.map((u): Row => ({
      id: u.id, code: `JC${String(u.id).padStart(5, '0')}`, name: u.name, kind: '基层工会', org_type: u.type === '机关' ? '机关' : u.type,
      credit_code: u.credit_code, union_status: '已建会', member_count: u.member_count, staff_count: u.staff_count, payroll_base_fen: u.payroll_base_fen,
      active: 1, created_at: at, updated_at: at,
    })));
    // Collections: last year and this year per unit; growth spread over −10% … +30% (hits every tier).
    await sql`insert into collection_record (unit_id, tax_voucher_no, period, paid_on, amount_fen, kind, payer_name, grassroots_fen, created_at)
      select id, 'L' || id, ${`${YEAR - 1}-06`}, ${`${YEAR - 1}-07-10`}, 1000000, '经费', name, 1000000, ${at} from unit`.execute(db);
    await sql`insert into collection_record (unit_id, tax_voucher_no, period, paid_on, amount_fen, kind, payer_name, grassroots_fen, created_at)
      select id, 'T' || id, ${`${YEAR}-06`}, ${`${YEAR}-07-10`}, 900000 + (id * 7919 + ${seed % 1000}) % 400001, '经费', name,
        900000 + (id * 7919 + ${seed % 1000}) % 400001, ${at} from unit`.execute(db);
    // Service ledger: four entries per unit among the 五个一 and 四送, with satisfaction 60–100.
    const cats = [...FIVE_ONES, '冬送温暖', '夏送清凉'];
    await sql.raw(`with recursive n(i) as (select 0 union all select i + 1 from n where i < 3)
      insert into assess_service (unit_id, service_date, year, category, title, people, amount_fen, satisfaction, created_at)
      select u.id, '${YEAR}-0' || (n.i + 3) || '-15', ${YEAR},
        case (u.id * 31 + n.i * 17) % ${cats.length} ${cats.map((c, i) => `when ${i} then '${c}'`).join(' ')} end,
        '服务', 20 + (u.id + n.i) % 80, 10000 * ((u.id + n.i) % 50), 60 + (u.id * 13 + n.i * 7) % 41, '${at}'
      from unit u join n order by u.id, n.i`).execute(db);
    await seedTemplates(db, ACTOR, NOW, YEAR);
    const t = await db.selectFrom('assess_template').select('id').where('code', '=', 'GZZJX').where('year', '=', YEAR).executeTakeFirstOrThrow();
    const roundId = await createRound(db, ACTOR, NOW, { templateId: t.id, name: `${YEAR}年度绩效考核`, unitIds: units.map((u) => u.id), persons: [] });
    const items = await db.selectFrom('assess_item').select(['method']).where('template_id', '=', t.id).execute();
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    return { file, units: units.length, roundId, items: items.length, computedItems: items.filter((i) => i.method === '系统计算').length };
  } finally {
    await db.destroy();
  }
}

function built(ctx: RunContext<unknown>): Promise<Built> {
  return ctx.memo(`db-${ctx.scale}`, () => buildDb(ctx.caseDir, ctx.scale, ctx.seed));
}

interface State {
  b: Built;
  file: string;
  out: string;
}

async function copyFor(ctx: RunContext<unknown>): Promise<State> {
  const b = await built(ctx);
  const file = path.join(ctx.dir, 'a.sqlite3');
  fs.copyFileSync(b.file, file);
  return { b, file, out: path.join(ctx.dir, 'ranking.xlsx') };
}

/** Resets the computed columns so that both sides start from an unscored round. */
async function unscored(file: string) {
  const raw = await rawOpenLikeApp(file);
  await rawRun(raw, `update assess_score set computed_value = null, computed_score = null, computed_detail = null, final_score = null`);
  await rawRun(raw, `update assess_subject set total = null, grade = null, rank = null`);
  await rawClose(raw);
}

// ── baseline: the scoring on raw sqlite3 ─────────────────────────────────────────────────────────────

const tierCase = (expr: string, tiers: ReadonlyArray<{ min: number | null; max: number | null; points: number }>) =>
  `case ${tiers
    .map((t) => `when ${[t.min !== null ? `${expr} >= ${t.min}` : '1', t.max !== null ? `${expr} < ${t.max}` : '1'].join(' and ')} then ${t.points}`)
    .join(' ')} else 0 end`;

async function baselineScore(raw: sqlite3.Database, roundId: number) {
  const items = await rawAll<{ id: number; rule_key: string | null; rule_params_json: string | null; max_points: number; bonus: number }>(
    raw,
    `select i.id, i.rule_key, i.rule_params_json, i.max_points, i.bonus from assess_item i join assess_round r on r.template_id = i.template_id where r.id = ?`,
    [roundId],
  );
  await rawRun(raw, 'begin');
  for (const it of items.filter((i) => i.rule_key)) {
    const tiers = JSON.parse(it.rule_params_json!).tiers;
    let measure: string;
    if (it.rule_key === 'collection_growth') {
      measure = `select r.unit_id, case when sum(case when r.period like '${YEAR - 1}-%' then r.amount_fen end) > 0 then
          100.0 * (coalesce(sum(case when r.period like '${YEAR}-%' then r.amount_fen end), 0) - sum(case when r.period like '${YEAR - 1}-%' then r.amount_fen end))
          / sum(case when r.period like '${YEAR - 1}-%' then r.amount_fen end) end as v
        from collection_record r where r.period between '${YEAR - 1}-01' and '${YEAR}-12' group by r.unit_id`;
    } else if (it.rule_key === 'five_ones') {
      measure = `select unit_id, count(distinct category) as v from assess_service where year = ${YEAR} and deleted_at is null
        and category in (${FIVE_ONES.map((c) => `'${c}'`).join(', ')}) group by unit_id`;
    } else if (it.rule_key === 'satisfaction') {
      measure = `select unit_id, avg(satisfaction) as v from assess_service where year = ${YEAR} and deleted_at is null and satisfaction is not null group by unit_id`;
    } else if (it.rule_key === 'rectification_rate') {
      measure = `select s.unit_id, coalesce((select 100.0 * sum(case when r.status in ('已整改', '已销号') then 1 else 0 end) / count(*)
          from oversight_rectification r join oversight_finding f on f.id = r.finding_id join oversight_project p on p.id = f.project_id
          where p.year = ${YEAR} and p.unit_id = s.unit_id), 100) as v from assess_subject s where s.round_id = ${roundId}`;
    } else {
      // budget_execution: approved or current budget vs posted expense (both empty here → no data).
      measure = `select c.unit_id, 100.0 * coalesce((select sum((b.debit_fen - b.close_debit_fen) - (b.credit_fen - b.close_credit_fen))
          from ledger_balance b join ledger_set s on s.id = b.set_id join ledger_account a on a.set_id = b.set_id and a.code = b.account_code
          where s.unit_id = c.unit_id and b.year = ${YEAR} and a.type = '支出'), 0) / v.expense_fen as v
        from budget_unit_year c join budget_version v on v.id = c.current_version_id where c.year = ${YEAR} and v.expense_fen > 0`;
    }
    await rawRun(
      raw,
      `update assess_score set computed_score = min(${it.max_points}, ${tierCase('m.v', tiers)}), computed_value = m.v,
         final_score = coalesce(assess_score.review_score, min(${it.max_points}, ${tierCase('m.v', tiers)}))
       from (select s.id as subject_id, x.v from assess_subject s join (${measure}) x on x.unit_id = s.unit_id where s.round_id = ${roundId} and x.v is not null) m
       where assess_score.subject_id = m.subject_id and assess_score.item_id = ${it.id}`,
    );
  }
  await rawRun(
    raw,
    `update assess_subject set total = t.total, reviewed_items = t.n,
       grade = case when t.total >= 90 then '优秀' when t.total >= 75 then '合格' when t.total >= 60 then '基本合格' else '不合格' end
     from (select sc.subject_id, round(min(sum(case when i.bonus = 0 then coalesce(sc.final_score, 0) else 0 end), 100)
             + min(sum(case when i.bonus = 1 then coalesce(sc.final_score, 0) else 0 end), 10), 1) as total, count(sc.final_score) as n
           from assess_score sc join assess_item i on i.id = sc.item_id where sc.round_id = ${roundId} group by sc.subject_id) t
     where assess_subject.id = t.subject_id`,
  );
  await rawRun(
    raw,
    `update assess_subject set rank = x.rk from (select id, rank() over (partition by rank_group order by total desc) as rk
       from assess_subject where round_id = ${roundId}) x where assess_subject.id = x.id`,
  );
  await rawRun(raw, 'commit');
}

async function checkScored(file: string, b: Built) {
  const raw = await rawOpenLikeApp(file);
  const [r] = await rawAll<{ scored: number; totals: number; ranked: number }>(
    raw,
    `select (select count(*) from assess_score where computed_score is not null) as scored,
       (select count(*) from assess_subject where total is not null and grade is not null) as totals,
       (select count(*) from assess_subject where rank is not null) as ranked`,
  );
  await rawClose(raw);
  // growth, rectification, five_ones and satisfaction for every unit; budget execution has no data.
  const expected = b.units * (b.computedItems - 1);
  if (r.scored !== expected || r.totals !== b.units || r.ranked !== b.units) {
    throw new Error(`scored ${r.scored}/${expected}, totals ${r.totals}/${b.units}, ranked ${r.ranked}/${b.units}`);
  }
}

const score = defineCase<State>({
  name: 'assessment-score',
  description: 'assessment round over every unit: computed items measured and tiered, totals, grades, ranks (vs raw SQL)',
  scales: ['county', 'city'],
  rows: { county: 2_500, city: 25_000 },
  async setup(ctx) {
    const s = await copyFor(ctx);
    await unscored(s.file);
    return s;
  },
  async app(ctx) {
    const db = await openDatabase(ctx.state.file, { migrate: false });
    try {
      await withTx(db, async (trx) => {
        await computeRound(trx, ctx.state.b.roundId, NOW);
        await sql`update assess_subject set rank = x.rk from (
            select id, rank() over (partition by rank_group order by total desc) as rk from assess_subject where round_id = ${ctx.state.b.roundId}
          ) x where assess_subject.id = x.id`.execute(trx);
      });
    } finally {
      await db.destroy();
    }
  },
  async baseline(ctx) {
    const raw = await rawOpenLikeApp(ctx.state.file);
    try {
      await baselineScore(raw, ctx.state.b.roundId);
    } finally {
      await rawClose(raw);
    }
  },
  verify: (ctx) => checkScored(ctx.state.file, ctx.state.b),
});

// ── the summary export ───────────────────────────────────────────────────────────────────────────────

async function baselineExport(file: string, out: string, roundId: number) {
  const raw = await rawOpenLikeApp(file);
  try {
    const cats = await rawAll<{ id: number; name: string }>(raw, `select c.id, c.name from assess_category c join assess_round r on r.template_id = c.template_id where r.id = ? order by c.seq`, [roundId]);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true });
    const ws = wb.addWorksheet('汇总排名', { views: [{ state: 'frozen', ySplit: 4 }] });
    ws.addRow(['汇总排名表']).commit();
    ws.addRow(['编制单位']).commit();
    ws.addRow(['排名', '类别', '单位编码', '单位名称', '工作者', ...cats.flatMap((c) => [c.name, '']), '自评总分', '总分', '等次', '必备项']).commit();
    ws.addRow(['', '', '', '', '', ...cats.flatMap(() => ['自评', '得分']), '', '', '', '']).commit();
    const PAGE = 5000;
    for (let offset = 0; ; offset += PAGE) {
      const rows = await rawAll<{ id: number; rank_group: string; code: string; name: string; person_name: string | null; self_total: number | null; total: number | null; grade: string | null; mandatory_failed: number; rk: number }>(
        raw,
        `select s.id, s.rank_group, u.code, u.name, s.person_name, s.self_total, s.total, s.grade, s.mandatory_failed,
           rank() over (partition by s.rank_group order by coalesce(s.total, -1) desc) as rk
         from assess_subject s join unit u on u.id = s.unit_id where s.round_id = ? order by s.rank_group, rk, u.code limit ? offset ?`,
        [roundId, PAGE, offset],
      );
      if (!rows.length) break;
      const sums = await rawAll<{ subject_id: number; category_id: number; self: number | null; fin: number | null }>(
        raw,
        `select sc.subject_id, i.category_id, sum(case when i.method = '系统计算' then sc.computed_score else sc.self_score end) as self, sum(sc.final_score) as fin
         from assess_score sc join assess_item i on i.id = sc.item_id where sc.subject_id in (${rows.map((r) => r.id).join(',')}) group by sc.subject_id, i.category_id`,
      );
      const by = new Map(sums.map((s) => [`${s.subject_id}:${s.category_id}`, s]));
      for (const r of rows) {
        const row = ws.addRow([r.total === null ? null : r.rk, r.rank_group, r.code, r.name, r.person_name, ...cats.flatMap((c) => {
          const v = by.get(`${r.id}:${c.id}`);
          return [v?.self ?? null, v?.fin ?? null];
        }), r.self_total, r.total, r.grade, r.mandatory_failed ? '未达标（封顶）' : '达标']);
        row.commit();
      }
    }
    ws.commit();
    await wb.commit();
  } finally {
    await rawClose(raw);
  }
}

const exportCase = defineCase<State>({
  name: 'assessment-export',
  description: 'summary ranking workbook of a scored round, streaming (vs plain exceljs)',
  scales: ['county', 'city'],
  rows: { county: 2_500, city: 25_000 },
  targetRssMb: 300,
  setup: (ctx) => copyFor(ctx),
  async app(ctx) {
    const db = await openDatabase(ctx.state.file, { migrate: false });
    try {
      await writeRoundWorkbook(db, ctx.state.b.roundId, ctx.state.out);
    } finally {
      await db.destroy();
    }
  },
  baseline: (ctx) => baselineExport(ctx.state.file, ctx.state.out, ctx.state.b.roundId),
  async verify(ctx) {
    const size = fs.statSync(ctx.state.out).size;
    if (size < ctx.state.b.units * 20) throw new Error(`ranking workbook too small: ${size} bytes`);
  },
});

export const assessmentCases: readonly BenchCase<any>[] = [score, exportCase];
