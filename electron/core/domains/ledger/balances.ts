// Ledgers from the balance table: 科目余额表, 试算平衡表, 总账, 辅助核算余额表, and 明细账 from the voucher
// lines. The balance table holds one row per set / year / month / account / dimension combination
// (month 0 = opening), so these reports read accounts × combinations × 13 rows at most. 明细账 pages by
// keyset (date, voucher number, line) and takes the opening of a page from the balance table plus the
// lines of that page's month before it: a page costs the same whatever the account's size.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { invalid, notFound } from '../../errors';
import { DIMENSION_LABELS, type DimensionKind, type LineDimensions } from '../../../../shared/ledger/dimensions';
import type {
  AccountBalances, AuxBalances, BalanceRow, BalanceTotals, DetailLedgerPage, DetailLedgerRow, GeneralLedger, GeneralLedgerAccount,
  TrialBalance,
} from '../../../../shared/contract/ledger';
import { accountMap, amountOf, fullName, loadSet, parentCodes, prefixRange, sideOf, typeOf, voucherLabel, type AccountRecord } from './common';
import { dimensionLookup, dimensionsView, rowDimensions } from './dims';

/** Movements of one account over a range of months of a year (all signed fen). */
export interface Movement {
  /** Net 借 − 贷 at the start of the year (month 0). */
  yearOpening: number;
  /** Net 借 − 贷 at the start of the range. */
  opening: number;
  debit: number;
  credit: number;
  /** Months 1..to. */
  ytdDebit: number;
  ytdCredit: number;
  /** Part of debit/credit in the range that came from year-end closing vouchers. */
  closeDebit: number;
  closeCredit: number;
}

const zero = (): Movement => ({ yearOpening: 0, opening: 0, debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0, closeDebit: 0, closeCredit: 0 });

export type DimensionFilter = Partial<LineDimensions>;

const DIM_COLUMNS: Record<keyof LineDimensions, string> = {
  projectId: 'project_id',
  fundSource: 'fund_source',
  expenseType: 'expense_type',
  econCode: 'econ_code',
  unitId: 'unit_id',
};

function dimWhere(filter: DimensionFilter | undefined, alias = '') {
  const parts = Object.entries(filter ?? {})
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => sql`and ${sql.ref(`${alias}${DIM_COLUMNS[k as keyof LineDimensions]}`)} = ${v}`);
  return parts.length ? sql.join(parts, sql` `) : sql``;
}

/**
 * Movements per leaf account (as stored) for months from..to of a year, optionally limited to accounts
 * under a code and to a dimension combination.
 */
export async function movements(
  db: Executor,
  setId: number,
  year: number,
  from: number,
  to: number,
  opts: { accountCode?: string | null; dims?: DimensionFilter } = {},
): Promise<Map<string, Movement>> {
  const range = opts.accountCode ? prefixRange(opts.accountCode) : null;
  const r = await sql<{
    account_code: string; y0: number; before: number; pd: number; pc: number; yd: number; yc: number; cd: number; cc: number;
  }>`
    select account_code,
      sum(case when month = 0 then debit_fen - credit_fen else 0 end) as y0,
      sum(case when month between 1 and ${from - 1} then debit_fen - credit_fen else 0 end) as before,
      sum(case when month between ${from} and ${to} then debit_fen else 0 end) as pd,
      sum(case when month between ${from} and ${to} then credit_fen else 0 end) as pc,
      sum(case when month between 1 and ${to} then debit_fen else 0 end) as yd,
      sum(case when month between 1 and ${to} then credit_fen else 0 end) as yc,
      sum(case when month between ${from} and ${to} then close_debit_fen else 0 end) as cd,
      sum(case when month between ${from} and ${to} then close_credit_fen else 0 end) as cc
    from ledger_balance
    where set_id = ${setId} and year = ${year} and month <= ${to}
      ${range ? sql`and account_code >= ${range[0]} and account_code < ${range[1]}` : sql``}
      ${dimWhere(opts.dims)}
    group by account_code
  `.execute(db);
  const out = new Map<string, Movement>();
  for (const x of r.rows) {
    const y0 = Number(x.y0);
    out.set(x.account_code, {
      yearOpening: y0,
      opening: y0 + Number(x.before),
      debit: Number(x.pd),
      credit: Number(x.pc),
      ytdDebit: Number(x.yd),
      ytdCredit: Number(x.yc),
      closeDebit: Number(x.cd),
      closeCredit: Number(x.cc),
    });
  }
  return out;
}

/** Adds each leaf's movement to all its ancestors (codes are prefixes). */
export function rollUp(leaves: Map<string, Movement>): Map<string, Movement> {
  const out = new Map<string, Movement>();
  for (const [code, m] of leaves) {
    for (let len = 3; len <= code.length; len += 2) {
      const c = code.slice(0, len);
      const t = out.get(c) ?? zero();
      t.yearOpening += m.yearOpening;
      t.opening += m.opening;
      t.debit += m.debit;
      t.credit += m.credit;
      t.ytdDebit += m.ytdDebit;
      t.ytdCredit += m.ytdCredit;
      t.closeDebit += m.closeDebit;
      t.closeCredit += m.closeCredit;
      out.set(c, t);
    }
  }
  return out;
}

const closingNet = (m: Movement) => m.opening + m.debit - m.credit;

function balanceRow(a: AccountRecord, accounts: Map<string, AccountRecord>, parents: Set<string>, m: Movement): BalanceRow {
  const open = m.opening;
  const close = closingNet(m);
  return {
    code: a.code,
    name: a.name,
    fullName: fullName(accounts, a.code),
    level: a.level,
    type: typeOf(a),
    side: sideOf(a),
    isLeaf: !parents.has(a.code),
    openingDebit: open > 0 ? open : 0,
    openingCredit: open < 0 ? -open : 0,
    periodDebit: m.debit,
    periodCredit: m.credit,
    ytdDebit: m.ytdDebit,
    ytdCredit: m.ytdCredit,
    closingDebit: close > 0 ? close : 0,
    closingCredit: close < 0 ? -close : 0,
  };
}

function isZero(m: Movement) {
  return m.opening === 0 && m.debit === 0 && m.credit === 0 && m.ytdDebit === 0 && m.ytdCredit === 0;
}

/** 科目余额表 for months from..to: 期初, 本期发生, 本年累计, 期末 per account up to `maxLevel`. */
export async function accountBalances(
  db: Executor,
  input: { setId: number; year: number; monthFrom: number; monthTo: number; maxLevel?: number; accountCode?: string | null; includeZero?: boolean },
): Promise<AccountBalances> {
  const set = await loadSet(db, input.setId);
  const accounts = await accountMap(db, input.setId);
  if (input.accountCode && !accounts.has(input.accountCode)) throw notFound(`科目 ${input.accountCode}`);
  const parents = parentCodes(accounts);
  const rolled = rollUp(await movements(db, input.setId, input.year, input.monthFrom, input.monthTo, { accountCode: input.accountCode }));
  const rows: BalanceRow[] = [];
  const totals: BalanceTotals = {
    openingDebit: 0, openingCredit: 0, periodDebit: 0, periodCredit: 0, ytdDebit: 0, ytdCredit: 0, closingDebit: 0, closingCredit: 0,
  };
  for (const a of accounts.values()) {
    if (a.level > (input.maxLevel ?? 4)) continue;
    if (input.accountCode && !a.code.startsWith(input.accountCode)) continue;
    const m = rolled.get(a.code) ?? zero();
    if (!input.includeZero && isZero(m)) continue;
    const row = balanceRow(a, accounts, parents, m);
    rows.push(row);
    if (a.level === 1 || a.code === input.accountCode) {
      for (const k of Object.keys(totals) as Array<keyof BalanceTotals>) totals[k] += row[k];
    }
  }
  return {
    setId: set.id,
    setName: set.name,
    year: input.year,
    monthFrom: input.monthFrom,
    monthTo: input.monthTo,
    rows,
    totals,
    balanced:
      totals.openingDebit === totals.openingCredit && totals.periodDebit === totals.periodCredit && totals.closingDebit === totals.closingCredit,
  };
}

/** 试算平衡表 of one month: level-one and detail accounts, totals and a balanced flag. */
export async function trialBalance(db: Executor, setId: number, year: number, month: number, includeZero = false): Promise<TrialBalance> {
  const b = await accountBalances(db, { setId, year, monthFrom: month, monthTo: month, includeZero });
  return {
    ...b,
    month,
    differences: {
      opening: b.totals.openingDebit - b.totals.openingCredit,
      period: b.totals.periodDebit - b.totals.periodCredit,
      closing: b.totals.closingDebit - b.totals.closingCredit,
    },
  };
}

/** 总账: per account, the year's opening, then each month's debit, credit, cumulative and balance. */
export async function generalLedger(db: Executor, input: { setId: number; year: number; accountCode?: string | null; toMonth: number }): Promise<GeneralLedger> {
  const set = await loadSet(db, input.setId);
  const accounts = await accountMap(db, input.setId);
  const code = input.accountCode ?? null;
  if (code && !accounts.has(code)) throw notFound(`科目 ${code}`);
  const len = code ? code.length : 3;
  const range = code ? prefixRange(code) : null;
  const r = await sql<{ code: string; month: number; d: number; c: number }>`
    select substr(account_code, 1, ${len}) as code, month, sum(debit_fen) as d, sum(credit_fen) as c
    from ledger_balance
    where set_id = ${input.setId} and year = ${input.year} and month <= ${input.toMonth}
      ${range ? sql`and account_code >= ${range[0]} and account_code < ${range[1]}` : sql``}
    group by 1, month
    order by 1, month
  `.execute(db);
  const byCode = new Map<string, Map<number, { d: number; c: number }>>();
  for (const x of r.rows) {
    const m = byCode.get(x.code) ?? new Map();
    m.set(Number(x.month), { d: Number(x.d), c: Number(x.c) });
    byCode.set(x.code, m);
  }
  const codes = code ? [code] : [...byCode.keys()].sort();
  const firstMonth = input.year === set.start_year ? Math.max(1, set.start_month - 1) : 1;
  const out: GeneralLedgerAccount[] = [];
  for (const c of codes) {
    const a = accounts.get(c);
    if (!a) continue;
    const months = byCode.get(c) ?? new Map();
    const y0 = months.get(0);
    let net = y0 ? y0.d - y0.c : 0;
    let cumDebit = 0;
    let cumCredit = 0;
    const rows = [];
    for (let m = firstMonth; m <= input.toMonth; m++) {
      const x = months.get(m) ?? { d: 0, c: 0 };
      cumDebit += x.d;
      cumCredit += x.c;
      net += x.d - x.c;
      rows.push({ month: m, debit: x.d, credit: x.c, cumDebit, cumCredit, ...amountOf(net) });
    }
    out.push({ code: c, name: a.name, side: sideOf(a), opening: amountOf(y0 ? y0.d - y0.c : 0), months: rows });
  }
  return { setId: set.id, setName: set.name, year: input.year, accounts: out };
}

interface Cursor {
  date: string;
  number: number;
  line: number;
}

function parseCursor(s: string): Cursor {
  const m = /^(\d{4}-\d{2}-\d{2}):(\d+):(\d+)$/.exec(s);
  if (!m) throw invalid('分页标记无效，请从第一页重新查询。', [{ path: 'cursor', message: '分页标记无效' }]);
  return { date: m[1], number: Number(m[2]), line: Number(m[3]) };
}

/** 明细账: one page of posted lines of an account (and its sub-accounts), with running balances. */
export async function detailLedger(
  db: Executor,
  input: {
    setId: number;
    accountCode: string;
    year: number;
    monthFrom: number;
    monthTo: number;
    dimensions?: DimensionFilter;
    cursor?: string | null;
    pageSize: number;
  },
): Promise<DetailLedgerPage> {
  await loadSet(db, input.setId);
  const accounts = await accountMap(db, input.setId);
  const account = accounts.get(input.accountCode);
  if (!account) throw notFound(`科目 ${input.accountCode}`);
  const parents = parentCodes(accounts);
  const dims = Object.fromEntries(Object.entries(input.dimensions ?? {}).filter(([, v]) => v !== null && v !== undefined)) as DimensionFilter;
  const [lo, hi] = prefixRange(account.code);
  // Which index to walk: a leaf by its code, a level-one account by account_l1, otherwise a code range.
  const accountWhere = !parents.has(account.code)
    ? sql`l.account_code = ${account.code}`
    : account.level === 1
      ? sql`l.account_l1 = ${account.code}`
      : sql`l.account_code >= ${lo} and l.account_code < ${hi}`;
  const from = `${input.year}-${String(input.monthFrom).padStart(2, '0')}-01`;
  const to = `${input.year}-${String(input.monthTo).padStart(2, '0')}-31`;

  const netBefore = async (month: number) => {
    const m = await movements(db, input.setId, input.year, month, month, { accountCode: account.code, dims });
    let n = 0;
    for (const x of m.values()) n += x.opening;
    return n;
  };
  const rangeOpening = await netBefore(input.monthFrom);
  const cursor = input.cursor ? parseCursor(input.cursor) : null;
  let pageOpening = rangeOpening;
  if (cursor) {
    // The page starts after `cursor`: balance at the start of the cursor's month plus the lines of that
    // month up to and including the cursor (bounded by one month of this account).
    const cm = Number(cursor.date.slice(5, 7));
    const monthStart = `${cursor.date.slice(0, 7)}-01`;
    const base = cm === input.monthFrom ? rangeOpening : await netBefore(cm);
    const s = await sql<{ n: number }>`
      select coalesce(sum(l.debit_fen - l.credit_fen), 0) as n
      from ledger_voucher_line l
      where l.set_id = ${input.setId} and ${accountWhere} and l.posted = 1
        and l.date >= ${monthStart} and (l.date, l.voucher_number, l.line_no) <= (${cursor.date}, ${cursor.number}, ${cursor.line})
        ${dimWhere(dims, 'l.')}
    `.execute(db);
    pageOpening = base + Number(s.rows[0]?.n ?? 0);
  }
  const rows = await sql<{
    id: number; voucher_id: number; date: string; voucher_number: number; line_no: number; summary: string; account_code: string;
    debit_fen: number; credit_fen: number; project_id: number | null; fund_source: string | null; expense_type: string | null;
    econ_code: string | null; unit_id: number | null;
  }>`
    select l.id, l.voucher_id, l.date, l.voucher_number, l.line_no, l.summary, l.account_code, l.debit_fen, l.credit_fen,
      l.project_id, l.fund_source, l.expense_type, l.econ_code, l.unit_id
    from ledger_voucher_line l
    where l.set_id = ${input.setId} and ${accountWhere} and l.posted = 1
      and l.date >= ${from} and l.date <= ${to}
      ${cursor ? sql`and (l.date, l.voucher_number, l.line_no) > (${cursor.date}, ${cursor.number}, ${cursor.line})` : sql``}
      ${dimWhere(dims, 'l.')}
    order by l.date, l.voucher_number, l.line_no
    limit ${input.pageSize + 1}
  `.execute(db);
  const more = rows.rows.length > input.pageSize;
  const page = rows.rows.slice(0, input.pageSize);
  const look = await dimensionLookup(db, {
    projectIds: page.map((r) => r.project_id),
    econCodes: page.map((r) => r.econ_code),
    unitIds: page.map((r) => r.unit_id),
  });
  let net = pageOpening;
  const out: DetailLedgerRow[] = page.map((r) => {
    net += r.debit_fen - r.credit_fen;
    return {
      voucherId: r.voucher_id,
      date: r.date,
      voucherLabel: voucherLabel(r.voucher_number),
      voucherNumber: r.voucher_number,
      lineNo: r.line_no,
      summary: r.summary,
      accountCode: r.account_code,
      accountName: accounts.get(r.account_code)?.name ?? r.account_code,
      debit: r.debit_fen,
      credit: r.credit_fen,
      ...dimensionsView(rowDimensions(r), look),
      ...amountOf(net),
    };
  });
  const last = page[page.length - 1];
  return {
    setId: input.setId,
    account: { code: account.code, name: account.name, fullName: fullName(accounts, account.code), side: sideOf(account) },
    year: input.year,
    monthFrom: input.monthFrom,
    monthTo: input.monthTo,
    rangeOpening: amountOf(rangeOpening),
    pageOpening: amountOf(pageOpening),
    rows: out,
    nextCursor: more && last ? `${last.date}:${last.voucher_number}:${last.line_no}` : null,
  };
}

const AUX_COLUMN: Record<DimensionKind, string> = {
  project: 'project_id',
  fundSource: 'fund_source',
  expenseType: 'expense_type',
  econClass: 'econ_code',
  unit: 'unit_id',
};

/** 辅助核算余额表 by one dimension kind: per value and account, 期初, 本期借贷, 期末. */
export async function auxBalances(
  db: Executor,
  input: { setId: number; year: number; monthFrom: number; monthTo: number; kind: DimensionKind; accountCode?: string | null },
): Promise<AuxBalances> {
  await loadSet(db, input.setId);
  const accounts = await accountMap(db, input.setId);
  const col = sql.ref(AUX_COLUMN[input.kind]);
  const range = input.accountCode ? prefixRange(input.accountCode) : null;
  const r = await sql<{ v: string | number; account_code: string; open: number; pd: number; pc: number }>`
    select ${col} as v, account_code,
      sum(case when month < ${input.monthFrom} then debit_fen - credit_fen else 0 end) as open,
      sum(case when month between ${input.monthFrom} and ${input.monthTo} then debit_fen else 0 end) as pd,
      sum(case when month between ${input.monthFrom} and ${input.monthTo} then credit_fen else 0 end) as pc
    from ledger_balance
    where set_id = ${input.setId} and year = ${input.year} and month <= ${input.monthTo} and ${col} is not null
      ${range ? sql`and account_code >= ${range[0]} and account_code < ${range[1]}` : sql``}
    group by 1, account_code
    order by 1, account_code
  `.execute(db);
  const look = await dimensionLookup(db, {
    projectIds: input.kind === 'project' ? r.rows.map((x) => Number(x.v)) : [],
    econCodes: input.kind === 'econClass' ? r.rows.map((x) => String(x.v)) : [],
    unitIds: input.kind === 'unit' ? r.rows.map((x) => Number(x.v)) : [],
  });
  const label = (v: string | number) => {
    if (input.kind === 'project') {
      const p = look.projects.get(Number(v));
      return p ? `${p.code} ${p.name}` : String(v);
    }
    if (input.kind === 'unit') return look.units.get(Number(v))?.name ?? String(v);
    if (input.kind === 'econClass') return `${v} ${look.econ.get(String(v))?.name ?? ''}`.trim();
    return String(v);
  };
  const rows = r.rows
    .map((x) => {
      const open = Number(x.open);
      const d = Number(x.pd);
      const c = Number(x.pc);
      return {
        value: String(x.v),
        label: label(x.v),
        accountCode: x.account_code,
        accountName: fullName(accounts, x.account_code),
        opening: amountOf(open),
        debit: d,
        credit: c,
        closing: amountOf(open + d - c),
      };
    })
    .filter((x) => x.opening.net !== 0 || x.debit !== 0 || x.credit !== 0);
  return { setId: input.setId, year: input.year, monthFrom: input.monthFrom, monthTo: input.monthTo, kind: input.kind, kindLabel: DIMENSION_LABELS[input.kind], rows };
}
