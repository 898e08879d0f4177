// Year-end closing (年末结转, domain.md §1.4 and the account instructions of 财会〔2021〕7号):
//  1. income: 专项 → 32103, non-专项 → 32203, 40401 → 33103; expense: 财政拨款 part → 33103,
//     工会资金 专项 → 32103, non-专项 → 32203; 521 and 411 always → 32203;
//  2. roll the detail of 321 into 32104, of 322 into 32205, of 331 into 33104, of 332 into 33205;
//  3. check that afterwards no income or expense account and, within 321/322/331/332, only the 累计
//     sub-accounts carry balances;
// by generating and posting 结转凭证 (kind 结转, source module 'closing') dated 12-31, then close
// December and open the next year with the closing balances as its opening balances.
// 专项: a line with 项目支出 or a project flagged special (and 40302 专项转移支付补助 by its rule).
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { AppError, conflict } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { CLOSING_ACCOUNTS, ROLL_INTO, type ClosingRule } from '../../../../shared/ledger/charts';
import { isSpecialLine } from '../../../../shared/ledger/dimensions';
import { LEDGER_ROLES, type YearEndResult } from '../../../../shared/contract/ledger';
import { MODULE, accountMap, assertActorRole, describeVoucher, loadSet, voucherLabel, ym, yuan, type AccountRecord } from './common';
import { assertNoUnposted, isMonthClosed, markClosed } from './periods';
import { createSystemVoucher, type VoucherLineInput } from './vouchers';
import { applyPosting } from './posting';

type Target = '32103' | '32203' | '33103';

interface BalanceByDims {
  account_code: string;
  dim_key: string;
  project_id: number | null;
  fund_source: string | null;
  expense_type: string | null;
  econ_code: string | null;
  unit_id: number | null;
  /** 借 − 贷 */
  net: number;
}

/** Balances per account and dimension combination at the end of `toMonth` (months 0..toMonth). */
async function balancesByDims(db: Executor, setId: number, year: number, toMonth: number, where = sql``): Promise<BalanceByDims[]> {
  const r = await sql<BalanceByDims>`
    select account_code, dim_key, max(project_id) as project_id, max(fund_source) as fund_source,
      max(expense_type) as expense_type, max(econ_code) as econ_code, max(unit_id) as unit_id,
      sum(debit_fen - credit_fen) as net
    from ledger_balance
    where set_id = ${setId} and year = ${year} and month <= ${toMonth} ${where}
    group by account_code, dim_key
    having sum(debit_fen - credit_fen) <> 0
    order by account_code, dim_key
  `.execute(db);
  return r.rows.map((x) => ({ ...x, net: Number(x.net) }));
}

function ruleOf(a: AccountRecord): ClosingRule {
  return (a.closing as ClosingRule | null) ?? (a.type === '收入' ? 'project' : 'fund');
}

/** Where closing carries one income/expense balance row. */
export function closingTarget(rule: ClosingRule, row: { fund_source: string | null; expense_type: string | null }, projectSpecial: boolean): Target {
  switch (rule) {
    case '财政':
      return CLOSING_ACCOUNTS.fiscalCarry;
    case '专项':
      return CLOSING_ACCOUNTS.unionCarry;
    case '结余':
      return CLOSING_ACCOUNTS.unionSurplus;
    case 'fund':
      if (row.fund_source === '财政拨款') return CLOSING_ACCOUNTS.fiscalCarry;
      return isSpecialLine(row.expense_type, projectSpecial) ? CLOSING_ACCOUNTS.unionCarry : CLOSING_ACCOUNTS.unionSurplus;
    case 'project':
    default:
      return isSpecialLine(row.expense_type, projectSpecial) ? CLOSING_ACCOUNTS.unionCarry : CLOSING_ACCOUNTS.unionSurplus;
  }
}

interface ClassifiedRow extends BalanceByDims {
  type: '收入' | '支出';
  target: Target;
}

/** Income and expense balances at the end of `toMonth`, each with its closing target. */
export async function incomeExpenseRows(db: Executor, setId: number, year: number, toMonth: number): Promise<ClassifiedRow[]> {
  const accounts = await accountMap(db, setId);
  const rows = await balancesByDims(db, setId, year, toMonth, sql`and (account_code like '4%' or account_code like '5%')`);
  const projectIds = [...new Set(rows.map((r) => r.project_id).filter((x): x is number => x !== null))];
  const special = new Set(
    projectIds.length
      ? (await db.selectFrom('ledger_project').select(['id', 'special']).where('id', 'in', projectIds).execute()).filter((p) => p.special === 1).map((p) => p.id)
      : [],
  );
  return rows.map((r) => {
    const a = accounts.get(r.account_code);
    const type = (a?.type ?? (r.account_code.startsWith('4') ? '收入' : '支出')) as '收入' | '支出';
    const rule: ClosingRule = a ? ruleOf(a) : type === '收入' ? 'project' : 'fund';
    return { ...r, type, target: closingTarget(rule, r, r.project_id !== null && special.has(r.project_id)) };
  });
}

/**
 * What period-end closing would credit to 32103 / 32203 / 33103 for the income and expense not yet
 * carried forward at the end of `toMonth` (credit-positive). Zero after year-end closing.
 */
export async function pendingCarry(db: Executor, setId: number, year: number, toMonth: number): Promise<Record<Target, number>> {
  const out: Record<Target, number> = { '32103': 0, '32203': 0, '33103': 0 };
  for (const r of await incomeExpenseRows(db, setId, year, toMonth)) out[r.target] -= r.net;
  return out;
}

function dims(r: BalanceByDims) {
  return { projectId: r.project_id, fundSource: r.fund_source, expenseType: r.expense_type, econCode: r.econ_code, unitId: r.unit_id };
}

/** A line that brings a balance row to zero, on the side that makes the amount positive. */
function zeroingLine(r: BalanceByDims, summary: string): VoucherLineInput {
  return r.net > 0
    ? { summary, accountCode: r.account_code, debit: 0, credit: r.net, ...dims(r) }
    : { summary, accountCode: r.account_code, debit: -r.net, credit: 0, ...dims(r) };
}

/** A line that moves `net` (借 − 贷 to be added) onto an account. */
function receivingLine(code: string, net: number, summary: string, d: Partial<ReturnType<typeof dims>> = {}): VoucherLineInput {
  return net > 0 ? { summary, accountCode: code, debit: net, credit: 0, ...d } : { summary, accountCode: code, debit: 0, credit: -net, ...d };
}

export async function yearEnd(db: Executor, actor: Actor, now: Date, setId: number, year: number): Promise<YearEndResult> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.closers, '年末结转');
    const set = await loadSet(trx, setId);
    const done = await trx.selectFrom('ledger_year_close').select('year').where('set_id', '=', setId).where('year', '=', year).executeTakeFirst();
    if (done || year < set.current_year) throw conflict(`${year} 年度已完成年末结转。`);
    if (year > set.current_year) throw conflict(`当前会计年度为 ${set.current_year} 年，请先完成该年度的年末结转。`);
    const firstMonth = year === set.start_year ? set.start_month : 1;
    for (let m = firstMonth; m <= 11; m++) {
      if (!(await isMonthClosed(trx, setId, year, m))) throw conflict(`请先结账${ym(year, m)}：年末结转前 1–11 月须全部结账。`);
    }
    if (await isMonthClosed(trx, setId, year, 12)) {
      throw conflict(`${ym(year, 12)}已结账。年末结转凭证记入 12 月，请由系统管理员反结账 12 月后再进行年末结转。`);
    }
    await assertNoUnposted(trx, setId, year, 12, '年末结转');

    const accounts = await accountMap(trx, setId);
    const date = `${year}-12-31`;
    const vouchers: Array<{ id: number; number: number; status: string; summary: string }> = [];
    const post = async (summary: string, lines: VoucherLineInput[], type: string) => {
      if (lines.length < 2) return;
      const v = await createSystemVoucher(trx, actor, now, {
        setId,
        date,
        summary,
        lines,
        source: { module: 'closing', type, id: year },
      });
      await applyPosting(trx, v, actor.userId, now);
      vouchers.push({ id: v.id, number: v.number, status: '已记账', summary });
    };

    // 1. Income and expense into 本年收支结转.
    const rows = await incomeExpenseRows(trx, setId, year, 12);
    for (const type of ['收入', '支出'] as const) {
      const summary = type === '收入' ? `结转${year}年收入` : `结转${year}年支出`;
      const lines: VoucherLineInput[] = [];
      const toTarget = new Map<Target, number>();
      for (const r of rows.filter((x) => x.type === type)) {
        if (!accounts.has(r.target)) {
          throw new AppError('CLOSING_CHECK', `账套科目表中没有结转科目 ${r.target}，无法结转 ${r.account_code}。`);
        }
        lines.push(zeroingLine(r, summary));
        toTarget.set(r.target, (toTarget.get(r.target) ?? 0) + r.net);
      }
      for (const [target, net] of [...toTarget].sort()) if (net !== 0) lines.push(receivingLine(target, net, summary));
      await post(summary, lines, type === '收入' ? '收入结转' : '支出结转');
    }

    // 2. Roll the detail of 321/322/331/332 into their 累计 sub-accounts (keeping dimensions).
    const rollLines: VoucherLineInput[] = [];
    const rollSummary = `${year}年结转结余转入累计结转、累计结余`;
    for (const { parent, into } of ROLL_INTO) {
      if (!accounts.has(into)) continue;
      const detail = await balancesByDims(
        trx,
        setId,
        year,
        12,
        sql`and account_code >= ${parent} and account_code < ${`${parent}:`} and not (account_code >= ${into} and account_code < ${`${into}:`})`,
      );
      const byKey = new Map<string, { net: number; row: BalanceByDims }>();
      for (const r of detail) {
        rollLines.push(zeroingLine(r, rollSummary));
        const t = byKey.get(r.dim_key) ?? { net: 0, row: r };
        t.net += r.net;
        byKey.set(r.dim_key, t);
      }
      for (const { net, row } of byKey.values()) if (net !== 0) rollLines.push(receivingLine(into, net, rollSummary, dims(row)));
    }
    await post(rollSummary, rollLines, '结转结余滚存');

    // 3. The check of §1.4: only 累计 sub-accounts (and 资产基金, funds) carry net-asset balances.
    const after = await balancesByDims(trx, setId, year, 12);
    const problems: string[] = [];
    for (const r of after) {
      const first = r.account_code[0];
      if (first === '4' || first === '5') problems.push(`${r.account_code} ${accounts.get(r.account_code)?.name ?? ''} 余额 ${yuan(r.net)}`);
      const roll = ROLL_INTO.find((x) => r.account_code.startsWith(x.parent));
      if (roll && !r.account_code.startsWith(roll.into)) problems.push(`${r.account_code} ${accounts.get(r.account_code)?.name ?? ''} 余额 ${yuan(-r.net)}`);
    }
    if (problems.length) {
      throw new AppError('CLOSING_CHECK', `年末结转后以下科目仍有余额，结转未完成：${problems.slice(0, 5).join('；')}${problems.length > 5 ? ' 等' : ''}`);
    }

    // 4. Close December, open the next year with the closing balances.
    await markClosed(trx, actor, now, setId, year, 12);
    await sql`
      insert into ledger_balance (set_id, year, month, account_code, dim_key, project_id, fund_source, expense_type, econ_code,
        unit_id, debit_fen, credit_fen, close_debit_fen, close_credit_fen)
      select set_id, ${year + 1}, 0, account_code, dim_key, max(project_id), max(fund_source), max(expense_type), max(econ_code),
        max(unit_id),
        case when sum(debit_fen - credit_fen) > 0 then sum(debit_fen - credit_fen) else 0 end,
        case when sum(debit_fen - credit_fen) < 0 then -sum(debit_fen - credit_fen) else 0 end,
        0, 0
      from ledger_balance
      where set_id = ${setId} and year = ${year}
      group by set_id, account_code, dim_key
      having sum(debit_fen - credit_fen) <> 0
    `.execute(trx);
    await trx
      .insertInto('ledger_year_close')
      .values({ set_id: setId, year, closed_at: now.toISOString(), closed_by: actor.userId, voucher_ids: JSON.stringify(vouchers.map((v) => v.id)) })
      .execute();
    await trx.updateTable('ledger_set').set({ current_year: year + 1 }).where('id', '=', setId).execute();

    const netAssets = new Map<string, number>();
    for (const r of after) if (r.account_code.startsWith('3')) netAssets.set(r.account_code, (netAssets.get(r.account_code) ?? 0) - r.net);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '年末结转',
      targetType: '账套',
      targetId: setId,
      summary: `账套“${set.name}”${year} 年度年末结转：生成并记账结转凭证 ${vouchers.map((v) => voucherLabel(v.number)).join('、') || '（无）'}，12 月结账，开启 ${year + 1} 年度`,
      after: {
        vouchers: vouchers.map((v) => ({ id: v.id, label: describeVoucher({ year, month: 12, number: v.number }), summary: v.summary })),
        netAssets: Object.fromEntries(netAssets),
      },
    });
    return {
      setId,
      year,
      vouchers: vouchers.map((v) => ({ id: v.id, label: voucherLabel(v.number), status: '已记账' as const })),
      nextYear: year + 1,
      netAssetBalances: [...netAssets]
        .filter(([, b]) => b !== 0)
        .map(([code, balance]) => ({ code, name: accounts.get(code)?.name ?? code, balance })),
    };
  });
}
