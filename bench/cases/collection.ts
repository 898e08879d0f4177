// Fund-collection benchmarks (issue 8): 12 months × 2,500 payers (county) or 25,000 payers (city).
//
//   collection-import     the database phase of a tax-agency import: prepareImport (read the CSV, map,
//                         check, match payers, look up duplicates, split every record — untimed) then its
//                         commit (the write transaction: batch row, multi-row INSERT of the records, audit)
//                         vs the raw batched INSERT of the same rows on raw sqlite3. Target ≤ 1.5×.
//   collection-reconcile  runReconcile for the year (figures per payer from the history/registry base and
//                         the rules, one INSERT … SELECT … ON CONFLICT into the worklist, vanished flags
//                         closed, audit) vs the same steps as hand-written SQL on raw sqlite3. Target ≤ 1.5×.
// Planted data: every 20th payer pays nothing (应缴未缴), the next pays half the months (少缴), the next
// declares half its payroll (申报不实 and 少缴); reference payroll = base × 12 for everyone.
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type sqlite3 from 'sqlite3';
import { openDatabase } from '../../electron/core/db/open';
import type { DB } from '../../electron/core/db/schema';
import { FileAreas } from '../../electron/core/files';
import type { HandlerContext } from '../../electron/core/context';
import { prepareImport } from '../../electron/core/domains/collection/import';
import { runReconcile } from '../../electron/core/domains/collection/reconcile';
import { splitAmount } from '../../shared/collection/split';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { defineCase, rawAll, rawClose, rawOpenLikeApp, rawPrepare, rawRun, stmtFinalize, stmtRun, type RunContext, type Scale } from '../lib';

const YEAR = 2026;
const PAYERS: Record<Scale, number> = { county: 2_500, city: 25_000 };
const AT = '2026-12-20T00:00:00.000Z';
const MAPPING = { payerName: '纳税人名称', creditCode: '纳税人识别号', taxVoucherNo: '电子税票号码', period: '所属期', paidOn: '入库日期', amount: '实缴金额', declaredBase: '计费依据' };

interface Base { file: string; csv: string; records: number; userId: number }

const baseYuan = (i: number) => 20_000 + (i % 97) * 1_000;
const credit = (i: number) => makeCreditCode('91', '350125', `M${String(i).padStart(7, '0')}`);

/** One migrated database with the payers and a clerk, and the year's CSV, built once per case. */
async function buildBase(ctx: RunContext<unknown>): Promise<Base> {
  const file = path.join(ctx.caseDir, `collection-${ctx.scale}.sqlite3`);
  const csv = path.join(ctx.caseDir, `代征-${ctx.scale}.csv`);
  if (fs.existsSync(file)) return { file, csv, records: Number(fs.readFileSync(`${csv}.n`, 'utf8')), userId: 1 };
  const n = PAYERS[ctx.scale];
  const db = await openDatabase(file);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`insert into unit (code, name, kind, active, created_at, updated_at) values ('ORG', '基准县总工会', '总工会', 1, ${AT}, ${AT})`.execute(trx);
      const values = Array.from({ length: n }, (_, k) => k + 1);
      for (let s = 0; s < values.length; s += 2000) {
        const part = values.slice(s, s + 2000);
        await sql`insert into unit (code, name, kind, org_type, credit_code, parent_id, union_status, payroll_base_fen, staff_count, active, created_at, updated_at) values ${sql.join(
          part.map((i) => sql`(${`JC${String(i).padStart(6, '0')}`}, ${`基准企业${i}有限公司`}, '基层工会', '企业', ${credit(i)}, 1, '已建会', ${baseYuan(i) * 100}, 50, 1, ${AT}, ${AT})`),
        )}`.execute(trx);
      }
      await sql`insert into app_user (username, display_name, password_hash, password_salt, created_at, updated_at) values ('cw', '财务', 'x', 'x', ${AT}, ${AT})`.execute(trx);
      await sql`insert into user_role (user_id, role_code, granted_at) values (1, '财务部门', ${AT})`.execute(trx);
    });
  } finally {
    await db.destroy();
  }
  const lines = ['纳税人识别号,纳税人名称,所属期,电子税票号码,计费依据,实缴金额,入库日期'];
  for (let i = 1; i <= n; i++) {
    if (i % 20 === 0) continue;
    for (let m = 1; m <= 12; m++) {
      if (i % 20 === 1 && m > 6) continue;
      const base = i % 20 === 2 ? baseYuan(i) / 2 : baseYuan(i);
      const mm = String(m).padStart(2, '0');
      lines.push(`${credit(i)},基准企业${i}有限公司,${YEAR}-${mm},T${i}-${mm},${base}.00,${(base * 0.02).toFixed(2)},${YEAR}-${mm}-15`);
    }
  }
  fs.writeFileSync(csv, lines.join('\n'));
  fs.writeFileSync(`${csv}.n`, String(lines.length - 1));
  return { file, csv, records: lines.length - 1, userId: 1 };
}

function copyBase(ctx: RunContext<unknown>, base: Base): string {
  const file = path.join(ctx.dir, 'run.sqlite3');
  fs.copyFileSync(base.file, file);
  return file;
}

function handlerCtx(db: Kysely<DB>, dir: string): HandlerContext {
  return {
    db, dbPath: '', dataDir: dir, appVersion: 'bench', now: () => new Date(AT), events: { emit: () => {} } as never, files: new FileAreas(dir),
    channel: 'bench', session: { userId: 1, username: 'cw', displayName: '财务', roles: ['财务部门'], startedAt: AT, lastSeenAt: AT },
    actingRole: '财务部门', sessions: {} as never, progress: () => {},
  } as HandlerContext;
}

// ── import ────────────────────────────────────────────────────────────────────────────────────────────

type ImportState =
  | { side: 'app'; db: Kysely<DB>; commit: () => Promise<unknown>; expected: number }
  | { side: 'baseline'; raw: sqlite3.Database; rows: unknown[][]; expected: number };

const RECORD_COLUMNS = [
  'batch_id', 'unit_id', 'tax_voucher_no', 'period', 'paid_on', 'amount_fen', 'declared_base_fen', 'kind', 'channel', 'payer_name', 'payer_credit_code',
  'rule_id', 'grassroots_fen', 'county_fen', 'city_fen', 'province_fen', 'national_fen', 'fee_fen', 'held_fen', 'refund_due_fen', 'created_at',
];

const importCase = defineCase<ImportState>({
  name: 'collection-import',
  description: '12 months × payers of 税务代征 records: the import\'s write transaction vs the raw batched INSERT',
  scales: ['county', 'city'],
  rows: { county: PAYERS.county * 12, city: PAYERS.city * 12 },
  targetRatio: 1.5,
  async setup(ctx) {
    const base = await buildBase(ctx);
    const file = copyBase(ctx, base);
    if (ctx.side === 'app') {
      const db = await openDatabase(file);
      const hc = handlerCtx(db, ctx.dir);
      const upload = hc.files.putUpload('代征.csv', fs.readFileSync(base.csv));
      const p = await prepareImport(hc, { uploadId: upload.id, target: '收缴', mapping: MAPPING, referenceSource: '企业所得税', dryRun: false });
      if (!p.commit) throw new Error(`import rejected: ${JSON.stringify(p.result.errors.slice(0, 3))}`);
      return { side: 'app', db, commit: p.commit, expected: base.records };
    }
    // The baseline inserts the same records, split the same way (computed here, untimed).
    const raw = await rawOpenLikeApp(file);
    const units = new Map((await rawAll<{ id: number; credit_code: string }>(raw, `select id, credit_code from unit where kind = '基层工会'`)).map((u) => [u.credit_code, u.id]));
    const rule = (await rawAll<Record<string, number>>(raw, `select * from collection_rule where effective_from <= '${YEAR}-01-01' order by effective_from desc limit 1`))[0];
    await rawRun(raw, `insert into collection_batch (target, file_name, sha256, rows_total, rows_imported, rows_duplicate, created_at) values ('收缴', 'x', 'x', 0, 0, 0, '${AT}')`);
    const rows: unknown[][] = [];
    for (const line of fs.readFileSync(base.csv, 'utf8').split('\n').slice(1)) {
      const [code, name, period, voucher, baseY, amountY, paid] = line.split(',');
      const amount = Math.round(Number(amountY) * 100);
      const s = splitAmount(amount, {
        rateBp: rule.rate_bp, grassrootsBp: rule.grassroots_bp, countyBp: rule.county_bp, cityBp: rule.city_bp, provinceBp: rule.province_bp,
        nationalBp: rule.national_bp, feeBp: rule.fee_bp, smallMicroRefundBp: rule.small_micro_refund_bp,
      });
      rows.push([1, units.get(code), voucher, period, paid, amount, Math.round(Number(baseY) * 100), '经费', '税务代征', name, code, rule.id,
        s.grassroots, s.county, s.city, s.province, s.national, s.fee, s.held, s.refundDue, AT]);
    }
    return { side: 'baseline', raw, rows, expected: base.records };
  },
  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('wrong side');
    await s.commit();
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('wrong side');
    const cols = RECORD_COLUMNS;
    const batch = Math.min(1000, Math.floor(32_000 / cols.length));
    const head = `insert into collection_record (${cols.join(', ')}) values `;
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    await rawRun(s.raw, 'begin immediate');
    const full = await rawPrepare(s.raw, head + Array(batch).fill(tuple).join(', '));
    try {
      for (let start = 0; start < s.rows.length; start += batch) {
        const part = s.rows.slice(start, start + batch);
        const params = part.flat();
        if (part.length === batch) await stmtRun(full, params);
        else await rawRun(s.raw, head + Array(part.length).fill(tuple).join(', '), params);
      }
    } finally {
      await stmtFinalize(full);
    }
    await rawRun(s.raw, 'commit');
  },
  async verify(ctx) {
    const s = ctx.state;
    const q = 'select count(*) as n, sum(grassroots_fen + county_fen + city_fen + province_fen + national_fen + fee_fen + held_fen - amount_fen) as diff from collection_record';
    const got = s.side === 'app' ? (await sql<{ n: number; diff: number }>`${sql.raw(q)}`.execute(s.db)).rows[0] : (await rawAll<{ n: number; diff: number }>(s.raw, q))[0];
    if (Number(got.n) !== s.expected || Number(got.diff) !== 0) throw new Error(`${ctx.side}: ${JSON.stringify(got)}, expected ${s.expected} records`);
  },
  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});

// ── reconcile ─────────────────────────────────────────────────────────────────────────────────────────

type RecState = { side: 'app'; db: Kysely<DB> } | { side: 'baseline'; raw: sqlite3.Database };

/** Base database with the year's records (imported once through the app) and reference payroll. */
async function reconcileBase(ctx: RunContext<unknown>): Promise<string> {
  const base = await buildBase(ctx);
  const file = path.join(ctx.caseDir, `reconcile-${ctx.scale}.sqlite3`);
  if (fs.existsSync(file)) return file;
  fs.copyFileSync(base.file, file);
  const db = await openDatabase(file);
  try {
    const hc = handlerCtx(db, ctx.caseDir);
    const upload = hc.files.putUpload('代征.csv', fs.readFileSync(base.csv));
    const p = await prepareImport(hc, { uploadId: upload.id, target: '收缴', mapping: MAPPING, referenceSource: '企业所得税', dryRun: false });
    await p.commit!();
    await sql`insert into collection_reference (unit_id, year, source, wage_fen, created_at)
      select id, ${YEAR}, '企业所得税', payroll_base_fen * 12, ${AT} from unit where kind = '基层工会'`.execute(db);
  } finally {
    await db.destroy();
  }
  return file;
}

const expectedFlags = (n: number) => {
  let unpaid = 0, short = 0, under = 0;
  for (let i = 1; i <= n; i++) {
    if (i % 20 === 0) unpaid++;
    if (i % 20 === 1 || i % 20 === 2) short++;
    if (i % 20 === 1 || i % 20 === 2) under++; // half a year paid or half the payroll declared: both below the reference
  }
  return { unpaid, short, under };
};

/**
 * The same job by hand: mark the year's active flags, compute the figures (history or registry base per
 * month × rate; paid and declared; reference 企业所得税 else 社保) and upsert the three kinds of flag,
 * then close (with a follow-up row) the flags not found again.
 */
const BASELINE_SQL = (tol: number) => [
  `update collection_flag set active = 2 where year = ${YEAR} and active = 1`,
  `with months(m) as (values ${Array.from({ length: 12 }, (_, k) => `('${YEAR}-${String(k + 1).padStart(2, '0')}')`).join(', ')}),
  due as (
    select u.id as unit_id, sum((coalesce((select b.payroll_base_fen from collection_payroll_base b where b.unit_id = u.id and b.from_month <= months.m order by b.from_month desc limit 1), u.payroll_base_fen, 0) * 200 + 5000) / 10000) as due
    from unit u cross join months where u.kind = '基层工会' and u.active = 1 group by u.id),
  paid as (select unit_id, sum(amount_fen) as paid, sum(coalesce(declared_base_fen, amount_fen * 50)) as declared from collection_record where period between '${YEAR}-01' and '${YEAR}-12' group by unit_id),
  f as (
    select d.unit_id, d.due, coalesce(p.paid, 0) as paid, p.declared, coalesce(r.wage_fen, s.wage_fen) as ref, case when r.wage_fen is not null then '企业所得税' else '社保' end as src
    from due d left join paid p on p.unit_id = d.unit_id
    left join collection_reference r on r.unit_id = d.unit_id and r.year = ${YEAR} and r.source = '企业所得税'
    left join collection_reference s on s.unit_id = d.unit_id and s.year = ${YEAR} and s.source = '社保')
  insert into collection_flag (unit_id, year, kind, due_fen, paid_fen, declared_base_fen, reference_fen, reference_source, gap_fen, status, active, found_at, checked_at)
  select unit_id, ${YEAR}, '应缴未缴', due, paid, declared, ref, src, due, '待跟进', 1, '${AT}', '${AT}' from f where due > 0 and paid = 0
  union all
  select unit_id, ${YEAR}, '少缴', due, paid, declared, ref, src, due - paid, '待跟进', 1, '${AT}', '${AT}' from f where paid > 0 and paid * 10000 < due * (10000 - ${tol})
  union all
  select unit_id, ${YEAR}, '申报不实', due, paid, declared, ref, src, ref - declared, '待跟进', 1, '${AT}', '${AT}' from f where paid > 0 and ref > 0 and declared * 10000 < ref * (10000 - ${tol})
  on conflict (unit_id, year, kind) do update set due_fen = excluded.due_fen, paid_fen = excluded.paid_fen, declared_base_fen = excluded.declared_base_fen,
    reference_fen = excluded.reference_fen, reference_source = excluded.reference_source, gap_fen = excluded.gap_fen, checked_at = excluded.checked_at, active = 1`,
  `insert into collection_followup (flag_id, action, on_date, note, resolves, created_at) select id, '复核不再存在', '2026-12-20', '', 1, '${AT}' from collection_flag where year = ${YEAR} and active = 2`,
  `update collection_flag set active = 0, status = '已解决', resolved_at = '${AT}' where year = ${YEAR} and active = 2`,
];

const reconcileCase = defineCase<RecState>({
  name: 'collection-reconcile',
  description: 'reconciliation of a year (应缴未缴/少缴/申报不实 into the worklist): runReconcile vs one hand-written INSERT … SELECT',
  scales: ['county', 'city'],
  rows: PAYERS,
  targetRatio: 1.5,
  async setup(ctx) {
    const file = path.join(ctx.dir, 'run.sqlite3');
    fs.copyFileSync(await reconcileBase(ctx), file);
    if (ctx.side === 'app') return { side: 'app', db: await openDatabase(file) };
    return { side: 'baseline', raw: await rawOpenLikeApp(file) };
  },
  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('wrong side');
    await runReconcile(s.db, { userId: 1, username: 'cw', role: '财务部门' }, new Date(AT), YEAR, 12);
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('wrong side');
    await rawRun(s.raw, 'begin immediate');
    for (const statement of BASELINE_SQL(1000)) await rawRun(s.raw, statement);
    await rawRun(s.raw, 'commit');
  },
  async verify(ctx) {
    const s = ctx.state;
    const q = `select kind, count(*) as n from collection_flag where year = ${YEAR} and active = 1 group by kind`;
    const rows = s.side === 'app' ? (await sql<{ kind: string; n: number }>`${sql.raw(q)}`.execute(s.db)).rows : await rawAll<{ kind: string; n: number }>(s.raw, q);
    const got = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    const e = expectedFlags(PAYERS[ctx.scale]);
    if (got['应缴未缴'] !== e.unpaid || got['少缴'] !== e.short || got['申报不实'] !== e.under) {
      throw new Error(`${ctx.side}: flags ${JSON.stringify(got)}, expected ${JSON.stringify(e)}`);
    }
  },
  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});

export const collectionCases = [importCase, reconcileCase];
