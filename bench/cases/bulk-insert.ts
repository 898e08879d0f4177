// Bulk insert of 200,000 ledger-like rows: the application's write path (openDatabase with its
// pragmas and migrations, then bulkInsert through Kysely and our sqlite3 driver) against raw sqlite3
// doing the same multi-row INSERTs with one prepared, reused statement inside begin … commit.
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type sqlite3 from 'sqlite3';
import { openDatabase } from '../../electron/core/db/open';
import { bulkInsert } from '../../electron/core/db/bulk';
import { generateLedgerRows, LEDGER_COLUMNS, UNITS_PER_SCALE, type LedgerRow } from '../generate';
import {
  defineCase,
  rawAll,
  rawClose,
  rawOpenLikeApp,
  rawPrepare,
  rawRun,
  stmtFinalize,
  stmtRun,
  type RunContext,
} from '../lib';

const ROWS = 200_000;
const TABLE = 'bench_ledger_line';

const CREATE_TABLE = `create table ${TABLE} (
  id integer primary key,
  voucher_no text not null,
  date text not null,
  account_code text not null,
  summary text not null,
  debit_fen integer not null,
  credit_fen integer not null,
  unit_id integer not null,
  project_code text,
  funding_source text not null
)`;

/** bulkInsert's batch size for these columns (min(1000, ⌊32000 / columns⌋)); the baseline uses the same. */
const BATCH = Math.min(1000, Math.floor(32_000 / LEDGER_COLUMNS.length));

interface Data {
  rows: LedgerRow[];
  debitTotal: number;
  creditTotal: number;
}

type State = { side: 'app'; db: Kysely<any> } | { side: 'baseline'; raw: sqlite3.Database };

function data(ctx: RunContext<unknown>): Data {
  return ctx.memo('ledger', () => {
    const rows = generateLedgerRows(ROWS, ctx.seed, { unitCount: UNITS_PER_SCALE[ctx.scale] });
    let debitTotal = 0;
    let creditTotal = 0;
    for (const r of rows) {
      debitTotal += r.debit_fen;
      creditTotal += r.credit_fen;
    }
    return { rows, debitTotal, creditTotal };
  });
}

function check(ctx: RunContext<State>, got: { n: number; debit: number; credit: number } | undefined) {
  const want = data(ctx);
  if (!got || got.n !== want.rows.length || got.debit !== want.debitTotal || got.credit !== want.creditTotal) {
    throw new Error(
      `${ctx.side} run ${ctx.run + 1}: table holds ${JSON.stringify(got)}, expected ` +
        `n=${want.rows.length} debit=${want.debitTotal} credit=${want.creditTotal}`,
    );
  }
}

const TOTALS = `select count(*) as n, coalesce(sum(debit_fen), 0) as debit, coalesce(sum(credit_fen), 0) as credit from ${TABLE}`;

export default defineCase<State>({
  name: 'bulk-insert',
  description: '200,000 ledger rows: openDatabase + bulkInsert vs raw sqlite3 multi-row INSERT with a reused prepared statement',
  scales: ['county', 'city'],
  rows: ROWS,
  targetRatio: 1.5,

  async setup(ctx) {
    data(ctx); // generate once, outside any timing
    if (ctx.side === 'app') {
      const db = await openDatabase(path.join(ctx.dir, 'app.sqlite3'));
      await sql.raw(CREATE_TABLE).execute(db);
      return { side: 'app', db };
    }
    const raw = await rawOpenLikeApp(path.join(ctx.dir, 'baseline.sqlite3'));
    await rawRun(raw, CREATE_TABLE);
    return { side: 'baseline', raw };
  },

  async app(ctx) {
    const s = ctx.state;
    if (s.side !== 'app') throw new Error('app run without an app database');
    const written = await bulkInsert(s.db, TABLE, data(ctx).rows);
    if (written !== ROWS) throw new Error(`bulkInsert reported ${written} rows`);
  },

  async baseline(ctx) {
    const s = ctx.state;
    if (s.side !== 'baseline') throw new Error('baseline run without a raw database');
    const { rows } = data(ctx);
    const cols = LEDGER_COLUMNS;
    const head = `insert into "${TABLE}" (${cols.map((c) => `"${c}"`).join(', ')}) values `;
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const statement = (n: number) => head + Array(n).fill(tuple).join(', ');

    await rawRun(s.raw, 'begin immediate');
    const full = await rawPrepare(s.raw, statement(BATCH));
    try {
      for (let start = 0; start < rows.length; start += BATCH) {
        const end = Math.min(rows.length, start + BATCH);
        const params: unknown[] = new Array((end - start) * cols.length);
        let k = 0;
        for (let i = start; i < end; i++) {
          const row = rows[i];
          for (const c of cols) params[k++] = row[c];
        }
        if (end - start === BATCH) await stmtRun(full, params);
        else await rawRun(s.raw, statement(end - start), params);
      }
    } finally {
      await stmtFinalize(full);
    }
    await rawRun(s.raw, 'commit');
  },

  async verify(ctx) {
    const s = ctx.state;
    const got =
      s.side === 'app'
        ? (await sql<{ n: number; debit: number; credit: number }>`${sql.raw(TOTALS)}`.execute(s.db)).rows[0]
        : (await rawAll<{ n: number; debit: number; credit: number }>(s.raw, TOTALS))[0];
    check(ctx, got);
  },

  async teardown(ctx) {
    const s = ctx.state;
    if (s.side === 'app') await s.db.destroy();
    else await rawClose(s.raw);
  },
});
