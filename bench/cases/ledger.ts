// Ledger benchmarks (issue 6): a set on the county chart with a year of posted vouchers — county scale
// 200,000 voucher lines, city scale 1,000,000 — built once per case with the real migrations and the
// real createSet (chart, dimension rules), the vouchers and lines generated in SQL (untimed), and the
// balance table filled by the same aggregation posting maintains line by line.
//
//   ledger-trial-balance     trialBalance (试算平衡表 of December: 期初, 本期, 本年累计, 期末 per account,
//                            totals) vs a hand-written GROUP BY over the voucher lines + opening balances.
//   ledger-statement02       statement02 (工会02表 收入支出表, December: 本月数 and 本年累计数) vs a
//                            hand-written GROUP BY of the income and expense lines by level-one account.
//   ledger-account-balances  accountBalances (科目余额表 1–12 月, every level) vs a GROUP BY over the lines by
//                            account, rolled up to every parent.
//   ledger-detail-page       one 100-line page of 明细账 of 102 银行存款 (the biggest account: every voucher
//                            touches it) starting at 90 % of the year, with its carried-forward balance, vs the
//                            plain way: the same keyset page plus the balance summed over all earlier lines.
//
// The first three declare the issue's target (≤ 1.5× the hand-written SQL). The app reads the balance
// table (accounts × dimension combinations × 13 months), the baseline the voucher lines, so the ratio is
// far below 1 and shrinks as the volume grows. The 明细账 page has no ratio target: the issue asks that
// a page "returns at once regardless of the account's size" — the table shows its time and the baseline's.
import path from 'node:path';
import type sqlite3 from 'sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../electron/core/db/open';
import type { DB } from '../../electron/core/db/schema';
import { createSet } from '../../electron/core/domains/ledger/sets';
import { accountBalances, detailLedger, trialBalance } from '../../electron/core/domains/ledger/balances';
import { statement02 } from '../../electron/core/domains/ledger/statements';
import type { AccountBalances, DetailLedgerPage, Statement02, TrialBalance } from '../../shared/contract/ledger';
import { defineCase, rawAll, rawClose, rawOpenLikeApp, type BenchCase, type RunContext, type Scale } from '../lib';

const YEAR = 2026;
const LINES: Record<Scale, number> = { county: 200_000, city: 1_000_000 };
const LINES_PER_VOUCHER = 4;
const PAGE = 100;
const OPENING_BANK = 500_000_000; // 5,000,000.00 元 in 102, against 32205 累计结余

interface Built {
  file: string;
  setId: number;
  lines: number;
  /** Sum of all debits (= credits) of the year's lines. */
  turnover: number;
  /** Keyset cursor at 90 % of the lines of 102. */
  cursor: { date: string; number: number; line: number };
}

async function buildLedgerDb(dir: string, scale: Scale, seed: number): Promise<Built> {
  const file = path.join(dir, `ledger-${scale}.sqlite3`);
  const db = await openDatabase(file);
  const now = new Date('2026-01-02T00:00:00Z');
  const at = now.toISOString();
  try {
    await sql`insert into unit (code, name, kind, active, created_at, updated_at) values ('ORG', '清河县总工会', '总工会', 1, ${at}, ${at})`.execute(db);
    const unitId = (await db.selectFrom('unit').select('id').where('code', '=', 'ORG').executeTakeFirstOrThrow()).id;
    await sql`insert into app_user (username, display_name, password_hash, password_salt, created_at, updated_at)
      values ('bench', '基准', 'x', 'x', ${at}, ${at})`.execute(db);
    const userId = (await db.selectFrom('app_user').select('id').where('username', '=', 'bench').executeTakeFirstOrThrow()).id;
    await sql`insert into user_role (user_id, role_code, granted_at) values (${userId}, '会计', ${at})`.execute(db);
    const set = await createSet(db, { userId, username: 'bench', role: '会计' }, now, {
      name: '清河县总工会本级', unitId, chart: 'C', fiscalFunding: true, startYear: YEAR, startMonth: 1,
    });
    for (let p = 1; p <= 10; p++) {
      await sql`insert into ledger_project (set_id, code, name, special, created_at) values (${set.id}, ${`P${p}`}, ${`项目${p}`}, ${p % 3 === 0 ? 1 : 0}, ${at})`.execute(db);
    }
    const vouchers = Math.floor(LINES[scale] / LINES_PER_VOUCHER);
    const s = Math.abs(seed) % 1_000_003;
    // Leaf income and expense accounts (521 excluded: no dimensions), econ classes, projects, numbered from 0.
    await sql`create temp table g_exp as select row_number() over (order by code) - 1 as k, code, substr(code, 1, 3) as l1
      from ledger_account a where set_id = ${set.id} and type = '支出' and code not like '521%'
        and not exists (select 1 from ledger_account c where c.set_id = a.set_id and c.parent_code = a.code)`.execute(db);
    await sql`create temp table g_inc as select row_number() over (order by code) - 1 as k, code, substr(code, 1, 3) as l1
      from ledger_account a where set_id = ${set.id} and type = '收入'
        and not exists (select 1 from ledger_account c where c.set_id = a.set_id and c.parent_code = a.code)`.execute(db);
    await sql`create temp table g_econ as select row_number() over (order by code) - 1 as k, code from ledger_econ_class where level = '款'`.execute(db);
    await sql`create temp table g_proj as select row_number() over (order by id) - 1 as k, id from ledger_project where set_id = ${set.id}`.execute(db);
    // Vouchers: i = 1..V, spread evenly over the year, numbered per month; 60 % expense (3 debits on expense
    // accounts with dimensions, 1 credit to 102), 40 % income (1 debit to 102, 3 credits on income accounts).
    await sql`create temp table g_v as
      with recursive seq(i) as (select 1 union all select i + 1 from seq where i < ${vouchers})
      select i, 1 + ((i - 1) * 12) / ${vouchers} as month, ((i * 7 + ${s}) % 10) < 6 as expense from seq`.execute(db);
    await sql`create temp table g_vn as select i, month, expense,
        row_number() over (partition by month order by i) as number,
        printf('%04d-%02d-%02d', ${YEAR}, month, 1 + (i * 7 + ${s}) % 28) as date
      from g_v`.execute(db);
    await sql`create temp table g_l as
      with k(n) as (values (1), (2), (3))
      select v.i, v.month, v.number, v.date, v.expense, k.n as line_no,
        100 + ((v.i * 2654435761 + k.n * 40503 + ${s}) % 2000000) as amount,
        (v.i * 31 + k.n * 17 + ${s}) as h
      from g_vn v, k`.execute(db);
    const ne = Number((await sql<{ n: number }>`select count(*) as n from g_exp`.execute(db)).rows[0].n);
    const ni = Number((await sql<{ n: number }>`select count(*) as n from g_inc`.execute(db)).rows[0].n);
    const nc = Number((await sql<{ n: number }>`select count(*) as n from g_econ`.execute(db)).rows[0].n);
    await sql`create temp table g_line as
      select l.i, l.month, l.number, l.date, l.line_no, l.amount,
        case when l.expense then e.code else inc.code end as account_code,
        case when l.expense then e.l1 else inc.l1 end as account_l1,
        case when l.expense then l.amount else 0 end as debit_fen,
        case when l.expense then 0 else l.amount end as credit_fen,
        case when l.expense and l.h % 3 = 0 then p.id end as project_id,
        case when l.expense then (case when l.h % 7 = 0 then '财政拨款' else '工会资金' end) end as fund_source,
        case when l.expense then (case when l.h % 3 = 0 then '项目支出' else '基本支出' end) end as expense_type,
        case when l.expense then c.code end as econ_code
      from g_l l
      left join g_exp e on e.k = l.h % ${ne}
      left join g_inc inc on inc.k = l.h % ${ni}
      left join g_econ c on c.k = (l.h / 7) % ${nc}
      left join g_proj p on p.k = (l.h / 3) % 10`.execute(db);
    // The fourth line of each voucher: 102 against the three.
    await sql`insert into g_line (i, month, number, date, line_no, amount, account_code, account_l1, debit_fen, credit_fen)
      select i, month, number, date, 4, sum(amount), '102', '102', sum(credit_fen), sum(debit_fen) from g_line group by i`.execute(db);
    await sql`insert into ledger_voucher (id, set_id, year, month, number, date, summary, status, kind, attachment_count,
        debit_total_fen, credit_total_fen, preparer_id, prepared_at, reviewer_id, reviewed_at, poster_id, posted_at, created_at, updated_at)
      select i, ${set.id}, ${YEAR}, month, number, date, '基准凭证', '已记账', '普通', 1, sum(debit_fen), sum(credit_fen),
        ${userId}, ${at}, ${userId}, ${at}, ${userId}, ${at}, ${at}, ${at}
      from g_line group by i order by i`.execute(db);
    await sql`insert into ledger_voucher_line (voucher_id, set_id, line_no, summary, account_code, account_l1, debit_fen, credit_fen,
        project_id, fund_source, expense_type, econ_code, unit_id, dim_key, date, year, month, voucher_number, posted, closing)
      select i, ${set.id}, line_no, '基准分录', account_code, account_l1, debit_fen, credit_fen, project_id, fund_source, expense_type, econ_code, null,
        case when project_id is null and fund_source is null and expense_type is null and econ_code is null then ''
             else coalesce(project_id, '') || '|' || coalesce(fund_source, '') || '|' || coalesce(expense_type, '') || '|' || coalesce(econ_code, '') || '|' end,
        date, ${YEAR}, month, number, 1, 0
      from g_line order by date, number, line_no`.execute(db);
    // Opening balances (month 0) and the balance table, as posting keeps it.
    for (const [code, bal] of [['102', OPENING_BANK], ['32205', -OPENING_BANK]] as const) {
      await sql`insert into ledger_opening (set_id, account_code, dim_key, balance_fen, updated_at) values (${set.id}, ${code}, '', ${bal}, ${at})`.execute(db);
      await sql`insert into ledger_balance (set_id, year, month, account_code, dim_key, debit_fen, credit_fen)
        values (${set.id}, ${YEAR}, 0, ${code}, '', ${bal > 0 ? bal : 0}, ${bal < 0 ? -bal : 0})`.execute(db);
    }
    await sql`insert into ledger_balance (set_id, year, month, account_code, dim_key, project_id, fund_source, expense_type, econ_code, unit_id,
        debit_fen, credit_fen, close_debit_fen, close_credit_fen)
      select set_id, year, month, account_code, dim_key, project_id, fund_source, expense_type, econ_code, unit_id,
        sum(debit_fen), sum(credit_fen), 0, 0
      from ledger_voucher_line where set_id = ${set.id} and posted = 1
      group by set_id, year, month, account_code, dim_key`.execute(db);
    for (const t of ['g_exp', 'g_inc', 'g_econ', 'g_proj', 'g_v', 'g_vn', 'g_l', 'g_line']) await sql.raw(`drop table ${t}`).execute(db);
    await sql`analyze`.execute(db);
    const tot = await sql<{ n: number; d: number; c: number }>`select count(*) as n, sum(debit_fen) as d, sum(credit_fen) as c from ledger_voucher_line`.execute(db);
    const { n, d, c } = tot.rows[0];
    if (Number(d) !== Number(c)) throw new Error(`generated lines do not balance: ${d} ≠ ${c}`);
    const n102 = Number((await sql<{ n: number }>`select count(*) as n from ledger_voucher_line where set_id = ${set.id} and account_code = '102'`.execute(db)).rows[0].n);
    const cur = await sql<{ date: string; voucher_number: number; line_no: number }>`
      select date, voucher_number, line_no from ledger_voucher_line where set_id = ${set.id} and account_code = '102' and posted = 1
      order by date, voucher_number, line_no limit 1 offset ${Math.floor(n102 * 0.9)}`.execute(db);
    const x = cur.rows[0];
    return { file, setId: set.id, lines: Number(n), turnover: Number(d), cursor: { date: x.date, number: x.voucher_number, line: x.line_no } };
  } finally {
    await db.destroy();
  }
}

function ledgerDb(ctx: RunContext<unknown>): Promise<Built> {
  return ctx.memo(`ledger-db-${ctx.scale}`, () => buildLedgerDb(ctx.caseDir, ctx.scale, ctx.seed));
}

// ── hand-written baselines over the voucher lines ─────────────────────────────────────────────────────

interface Acct {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

type Sums = { open: number; pd: number; pc: number; yd: number; yc: number };

/** Per account (every level): 期初 net, 本期借/贷, 本年累计借/贷 over months from..to, from lines + opening. */
async function baselineBalances(raw: sqlite3.Database, setId: number, from: number, to: number) {
  const accounts = await rawAll<Acct>(raw, 'select code, name, level, parent_code from ledger_account where set_id = ? order by code', [setId]);
  const lines = await rawAll<{ account_code: string; before: number; pd: number; pc: number; yd: number; yc: number }>(
    raw,
    `select account_code,
       sum(case when month < ? then debit_fen - credit_fen else 0 end) as before,
       sum(case when month between ? and ? then debit_fen else 0 end) as pd,
       sum(case when month between ? and ? then credit_fen else 0 end) as pc,
       sum(debit_fen) as yd, sum(credit_fen) as yc
     from ledger_voucher_line where set_id = ? and year = ? and posted = 1 and month <= ?
     group by account_code`,
    [from, from, to, from, to, setId, YEAR, to],
  );
  const opening = await rawAll<{ account_code: string; b: number }>(raw, 'select account_code, sum(balance_fen) as b from ledger_opening where set_id = ? group by account_code', [setId]);
  const leaf = new Map<string, Sums>();
  const at = (c: string) => leaf.get(c) ?? (leaf.set(c, { open: 0, pd: 0, pc: 0, yd: 0, yc: 0 }), leaf.get(c)!);
  for (const o of opening) at(o.account_code).open += o.b;
  for (const l of lines) {
    const x = at(l.account_code);
    x.open += l.before;
    x.pd += l.pd;
    x.pc += l.pc;
    x.yd += l.yd;
    x.yc += l.yc;
  }
  const rolled = new Map<string, Sums>();
  for (const [code, m] of leaf) {
    for (let len = 3; len <= code.length; len += 2) {
      const c = code.slice(0, len);
      const t = rolled.get(c) ?? { open: 0, pd: 0, pc: 0, yd: 0, yc: 0 };
      t.open += m.open;
      t.pd += m.pd;
      t.pc += m.pc;
      t.yd += m.yd;
      t.yc += m.yc;
      rolled.set(c, t);
    }
  }
  const rows = accounts
    .filter((a) => rolled.has(a.code))
    .map((a) => {
      const m = rolled.get(a.code)!;
      const close = m.open + m.pd - m.pc;
      return { code: a.code, name: a.name, level: a.level, openingDebit: Math.max(m.open, 0), openingCredit: Math.max(-m.open, 0), periodDebit: m.pd, periodCredit: m.pc, ytdDebit: m.yd, ytdCredit: m.yc, closingDebit: Math.max(close, 0), closingCredit: Math.max(-close, 0) };
    });
  const top = rows.filter((r) => r.level === 1);
  const sum = (k: keyof (typeof rows)[number]) => top.reduce((s, r) => s + (r[k] as number), 0);
  return { rows, totals: { periodDebit: sum('periodDebit'), periodCredit: sum('periodCredit'), closingDebit: sum('closingDebit'), closingCredit: sum('closingCredit'), ytdDebit: sum('ytdDebit') } };
}

/** 收入支出表 of a month: 本月数 and 本年累计数 per level-one income and expense account, and the totals. */
async function baselineStatement02(raw: sqlite3.Database, setId: number, month: number) {
  const r = await rawAll<{ l1: string; m: number; y: number }>(
    raw,
    `select account_l1 as l1,
       sum(case when month = ? then (case when account_l1 < '5' then credit_fen - debit_fen else debit_fen - credit_fen end) else 0 end) as m,
       sum(case when account_l1 < '5' then credit_fen - debit_fen else debit_fen - credit_fen end) as y
     from ledger_voucher_line
     where set_id = ? and year = ? and month <= ? and posted = 1 and closing = 0 and account_l1 >= '4' and account_l1 < '6'
     group by account_l1`,
    [month, setId, YEAR, month],
  );
  const names = await rawAll<{ code: string; name: string }>(raw, "select code, name from ledger_account where set_id = ? and level = 1 and code >= '4' and code < '6'", [setId]);
  const income = r.filter((x) => x.l1 < '5');
  const expense = r.filter((x) => x.l1 >= '5');
  const total = (xs: typeof r) => [xs.reduce((s, x) => s + x.m, 0), xs.reduce((s, x) => s + x.y, 0)];
  return { names, income, expense, incomeTotal: total(income), expenseTotal: total(expense) };
}

/** A 明细账 page the plain way: the keyset page, and the balance before it summed over every earlier line. */
async function baselineDetailPage(raw: sqlite3.Database, setId: number, c: Built['cursor']) {
  const opening = await rawAll<{ b: number }>(raw, "select coalesce(sum(balance_fen), 0) as b from ledger_opening where set_id = ? and account_code = '102'", [setId]);
  const before = await rawAll<{ n: number }>(
    raw,
    `select coalesce(sum(debit_fen - credit_fen), 0) as n from ledger_voucher_line
     where set_id = ? and account_code = '102' and posted = 1 and date >= ? and (date, voucher_number, line_no) <= (?, ?, ?)`,
    [setId, `${YEAR}-01-01`, c.date, c.number, c.line],
  );
  const rows = await rawAll<{ voucher_id: number; date: string; voucher_number: number; line_no: number; summary: string; debit_fen: number; credit_fen: number }>(
    raw,
    `select voucher_id, date, voucher_number, line_no, summary, debit_fen, credit_fen from ledger_voucher_line
     where set_id = ? and account_code = '102' and posted = 1 and date <= ? and (date, voucher_number, line_no) > (?, ?, ?)
     order by date, voucher_number, line_no limit ?`,
    [setId, `${YEAR}-12-31`, c.date, c.number, c.line, PAGE + 1],
  );
  let net = opening[0].b + before[0].n;
  const pageOpening = net;
  const out = rows.slice(0, PAGE).map((r) => ({ ...r, balance: (net += r.debit_fen - r.credit_fen) }));
  return { pageOpening, rows: out, last: net };
}

// ── the cases ────────────────────────────────────────────────────────────────────────────────────────

type State<A, B> =
  | { side: 'app'; db: Kysely<DB>; built: Built; result?: A }
  | { side: 'baseline'; raw: sqlite3.Database; built: Built; result?: B };

async function open<A, B>(ctx: RunContext<undefined>): Promise<State<A, B>> {
  const built = await ledgerDb(ctx);
  if (ctx.side === 'app') return { side: 'app', db: await openDatabase(built.file), built };
  return { side: 'baseline', raw: await rawOpenLikeApp(built.file), built };
}

async function close(ctx: RunContext<State<unknown, unknown>>) {
  const s = ctx.state;
  if (s.side === 'app') await s.db.destroy();
  else await rawClose(s.raw);
}

function check(what: string, got: unknown, want: unknown) {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

type TB = Awaited<ReturnType<typeof baselineBalances>>;

const trial: BenchCase<State<TrialBalance, TB>> = defineCase<State<TrialBalance, TB>>({
  name: 'ledger-trial-balance',
  description: '试算平衡表 (December) from the balance table vs a GROUP BY over the year\'s voucher lines',
  scales: ['county', 'city'],
  rows: LINES,
  targetRatio: 1.5,
  setup: (ctx) => open(ctx),
  async app(ctx) {
    const s = ctx.state;
    if (s.side === 'app') s.result = await trialBalance(s.db, s.built.setId, YEAR, 12, false);
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side === 'baseline') s.result = await baselineBalances(s.raw, s.built.setId, 12, 12);
  },
  verify(ctx) {
    const s = ctx.state;
    const t = s.result!.totals;
    // Both sides: balanced, and the year's turnover (本年累计借方) equals the generated lines' debits.
    check(`${ctx.side} trial balance`, [t.ytdDebit, t.periodDebit === t.periodCredit, t.closingDebit === t.closingCredit], [s.built.turnover, true, true]);
  },
  teardown: close,
});

type S02B = Awaited<ReturnType<typeof baselineStatement02>>;

const stmt02: BenchCase<State<Statement02, S02B>> = defineCase<State<Statement02, S02B>>({
  name: 'ledger-statement02',
  description: '工会02表 收入支出表 (December, 本月数 and 本年累计数) vs a GROUP BY of income/expense lines',
  scales: ['county', 'city'],
  rows: LINES,
  targetRatio: 1.5,
  setup: (ctx) => open(ctx),
  async app(ctx) {
    const s = ctx.state;
    if (s.side === 'app') s.result = await statement02(s.db, { setId: s.built.setId, year: YEAR, month: 12, annual: false });
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side === 'baseline') s.result = await baselineStatement02(s.raw, s.built.setId, 12);
  },
  verify(ctx) {
    const s = ctx.state;
    let income: unknown;
    let expense: unknown;
    if (s.side === 'app') {
      income = s.result!.rows.find((r) => r.label.includes('收入合计'))?.values;
      expense = s.result!.rows.find((r) => r.label.includes('支出合计'))?.values;
    } else {
      income = s.result!.incomeTotal;
      expense = s.result!.expenseTotal;
    }
    // Every generated voucher moves 102 by its income or expense total: 收入 − 支出 for the year = 102's net movement.
    const memo = ctx.memo(`s02-${ctx.scale}`, () => ({ income, expense }));
    check(`${ctx.side} 收入支出表 totals`, { income, expense }, memo);
  },
  teardown: close,
});

const balances: BenchCase<State<AccountBalances, TB>> = defineCase<State<AccountBalances, TB>>({
  name: 'ledger-account-balances',
  description: '科目余额表 (1–12 月, every level) from the balance table vs a GROUP BY over the lines rolled up',
  scales: ['county', 'city'],
  rows: LINES,
  targetRatio: 1.5,
  setup: (ctx) => open(ctx),
  async app(ctx) {
    const s = ctx.state;
    if (s.side === 'app') s.result = await accountBalances(s.db, { setId: s.built.setId, year: YEAR, monthFrom: 1, monthTo: 12, maxLevel: 4, includeZero: false });
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side === 'baseline') s.result = await baselineBalances(s.raw, s.built.setId, 1, 12);
  },
  verify(ctx) {
    const s = ctx.state;
    const r = s.result!;
    const key = r.rows.map((x) => `${x.code}:${x.periodDebit}:${x.periodCredit}:${x.closingDebit}:${x.closingCredit}`).join(',');
    const want = ctx.memo(`ab-${ctx.scale}`, () => key);
    if (key !== want) throw new Error(`${ctx.side}: 科目余额表 rows differ from the other side`);
    check(`${ctx.side} turnover`, r.totals.periodDebit, s.built.turnover);
  },
  teardown: close,
});

type DPB = Awaited<ReturnType<typeof baselineDetailPage>>;

const detailPage: BenchCase<State<DetailLedgerPage, DPB>> = defineCase<State<DetailLedgerPage, DPB>>({
  name: 'ledger-detail-page',
  description: 'one 100-line 明细账 page of 102 at 90 % of the year (balance table + one month) vs summing all earlier lines',
  scales: ['county', 'city'],
  rows: LINES,
  setup: (ctx) => open(ctx),
  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') return;
    const c = s.built.cursor;
    s.result = await detailLedger(s.db, { setId: s.built.setId, accountCode: '102', year: YEAR, monthFrom: 1, monthTo: 12, cursor: `${c.date}:${c.number}:${c.line}`, pageSize: PAGE });
  },
  async baseline(ctx) {
    const s = ctx.state;
    if (s.side === 'baseline') s.result = await baselineDetailPage(s.raw, s.built.setId, s.built.cursor);
  },
  verify(ctx) {
    const s = ctx.state;
    let got: { opening: number; n: number; last: number };
    if (s.side === 'app') {
      const r = s.result!;
      got = { opening: r.pageOpening.net, n: r.rows.length, last: r.rows[r.rows.length - 1].net };
    } else {
      const r = s.result!;
      got = { opening: r.pageOpening, n: r.rows.length, last: r.last };
    }
    const want = ctx.memo(`dp-${ctx.scale}`, () => got);
    check(`${ctx.side} 明细账 page`, got, want);
    if (got.n !== PAGE) throw new Error(`${ctx.side}: page has ${got.n} rows, want ${PAGE}`);
  },
  teardown: close,
});

export const ledgerCases: BenchCase<any>[] = [trial, stmt02, balances, detailPage];
