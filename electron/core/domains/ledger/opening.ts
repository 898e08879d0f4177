// Opening balances (期初余额) of a set, per account and dimension combination, with the trial check:
// debits = credits, and 资产 = 负债 + 净资产 when no income or expense is entered. A set that starts after
// January also takes each account's year-to-date debit and credit before the start (本年累计), kept in
// the balance table as the movements of the month before the start month.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { dimensionKey } from '../../../../shared/ledger/dimensions';
import { LEDGER_ROLES, type OpeningCheck, type OpeningView } from '../../../../shared/contract/ledger';
import { bulkInsert } from '../../db/bulk';
import { MODULE, accountMap, assertActorRole, fullName, loadSet, parentCodes, typeOf, ym, yuan } from './common';
import { dimensionLookup, dimensionProblems, dimensionsView, lineDimensions, loadRules, rowDimensions } from './dims';
import type { ErrorDetail } from '../../../../shared/contract/define';

export interface OpeningRowInput {
  accountCode: string;
  debit: number;
  credit: number;
  ytdDebit: number;
  ytdCredit: number;
  projectId?: number | null;
  fundSource?: string | null;
  expenseType?: string | null;
  econCode?: string | null;
  unitId?: number | null;
}

export async function openingCheck(db: Executor, setId: number): Promise<OpeningCheck> {
  const accounts = await accountMap(db, setId);
  const rows = await db.selectFrom('ledger_opening').select(['account_code', 'balance_fen']).where('set_id', '=', setId).execute();
  let debitTotal = 0;
  let creditTotal = 0;
  const byType = { 资产: 0, 负债: 0, 净资产: 0, 收入: 0, 支出: 0 };
  for (const r of rows) {
    if (r.balance_fen > 0) debitTotal += r.balance_fen;
    else creditTotal -= r.balance_fen;
    const a = accounts.get(r.account_code);
    if (a) byType[typeOf(a)] += r.balance_fen;
  }
  const assets = byType.资产;
  const liabilities = -byType.负债;
  const netAssets = -byType.净资产;
  const income = -byType.收入;
  const expense = byType.支出;
  const balanced = debitTotal === creditTotal;
  const equationApplies = income === 0 && expense === 0;
  const equationHolds = assets === liabilities + netAssets;
  const messages: string[] = [];
  if (!balanced) messages.push(`借方合计 ${yuan(debitTotal)}，贷方合计 ${yuan(creditTotal)}，相差 ${yuan(debitTotal - creditTotal)}`);
  if (equationApplies && !equationHolds) {
    messages.push(`资产 ${yuan(assets)} ≠ 负债 ${yuan(liabilities)} + 净资产 ${yuan(netAssets)}，相差 ${yuan(assets - liabilities - netAssets)}`);
  }
  if (!messages.length) messages.push(rows.length ? '期初余额试算平衡' : '尚未录入期初余额（全部为零，试算平衡）');
  return { debitTotal, creditTotal, balanced, assets, liabilities, netAssets, income, expense, equationApplies, equationHolds, messages };
}

async function firstMonthClosed(db: Executor, setId: number, year: number, month: number): Promise<boolean> {
  const p = await db.selectFrom('ledger_period').select('closed').where('set_id', '=', setId).where('year', '=', year).where('month', '=', month).executeTakeFirst();
  return p?.closed === 1;
}

export async function openingView(db: Executor, setId: number): Promise<OpeningView> {
  const set = await loadSet(db, setId);
  const accounts = await accountMap(db, setId);
  const rows = await db.selectFrom('ledger_opening').selectAll().where('set_id', '=', setId).orderBy('account_code').orderBy('dim_key').execute();
  const look = await dimensionLookup(db, {
    projectIds: rows.map((r) => r.project_id),
    econCodes: rows.map((r) => r.econ_code),
    unitIds: rows.map((r) => r.unit_id),
  });
  return {
    setId,
    year: set.start_year,
    month: set.start_month,
    editable: set.current_year === set.start_year && !(await firstMonthClosed(db, setId, set.start_year, set.start_month)),
    rows: rows.map((r) => {
      const a = accounts.get(r.account_code)!;
      return {
        accountCode: r.account_code,
        accountName: a.name,
        accountFullName: fullName(accounts, r.account_code),
        type: typeOf(a),
        debit: r.balance_fen > 0 ? r.balance_fen : 0,
        credit: r.balance_fen < 0 ? -r.balance_fen : 0,
        ytdDebit: r.ytd_debit_fen,
        ytdCredit: r.ytd_credit_fen,
        ...dimensionsView(rowDimensions(r), look),
      };
    }),
    check: await openingCheck(db, setId),
  };
}

/** Replaces all opening balances of a set (the whole grid is saved at once). */
export async function setOpening(db: Executor, actor: Actor, now: Date, setId: number, input: OpeningRowInput[]): Promise<void> {
  await withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.openingEditors, '录入期初余额');
    const set = await loadSet(trx, setId);
    if (set.current_year !== set.start_year || (await firstMonthClosed(trx, setId, set.start_year, set.start_month))) {
      throw conflict(`账套启用期间 ${ym(set.start_year, set.start_month)} 已结账，期初余额不能再修改。`);
    }
    const accounts = await accountMap(trx, setId);
    const parents = parentCodes(accounts);
    const rules = await loadRules(trx, setId);
    const look = await dimensionLookup(trx, {
      projectIds: input.map((r) => r.projectId ?? null),
      econCodes: input.map((r) => r.econCode ?? null),
      unitIds: input.map((r) => r.unitId ?? null),
    });
    const details: ErrorDetail[] = [];
    const seen = new Map<string, number>();
    const rows: Array<Record<string, string | number | null>> = [];
    input.forEach((r, i) => {
      const where = `第 ${i + 1} 行（${r.accountCode}）`;
      const bad = (field: string, message: string) => details.push({ path: `rows.${i}.${field}`, message: `${where}：${message}` });
      const a = accounts.get(r.accountCode);
      if (!a) return bad('accountCode', '科目不存在');
      if (parents.has(a.code)) return bad('accountCode', `科目 ${a.name} 有下级科目，请录入末级科目`);
      if (r.debit < 0 || r.credit < 0 || r.ytdDebit < 0 || r.ytdCredit < 0) return bad('debit', '金额不能为负数');
      if (r.debit !== 0 && r.credit !== 0) return bad('credit', '借方与贷方余额只能填一方');
      if (set.start_month === 1 && (r.ytdDebit !== 0 || r.ytdCredit !== 0)) return bad('ytdDebit', '账套从 1 月启用，无需录入本年累计发生额');
      const d = lineDimensions(r);
      for (const p of dimensionProblems(setId, set.fiscal_funding === 1, rules, a.code, d, look)) bad(p.field, p.message);
      const key = dimensionKey(d);
      const dup = seen.get(`${a.code}#${key}`);
      if (dup !== undefined) return bad('accountCode', `与第 ${dup + 1} 行的科目和辅助核算相同`);
      seen.set(`${a.code}#${key}`, i);
      if (r.debit === 0 && r.credit === 0 && r.ytdDebit === 0 && r.ytdCredit === 0) return;
      rows.push({
        set_id: setId,
        account_code: a.code,
        dim_key: key,
        project_id: d.projectId,
        fund_source: d.fundSource,
        expense_type: d.expenseType,
        econ_code: d.econCode,
        unit_id: d.unitId,
        balance_fen: r.debit - r.credit,
        ytd_debit_fen: r.ytdDebit,
        ytd_credit_fen: r.ytdCredit,
        updated_at: now.toISOString(),
      });
    });
    if (details.length) {
      throw invalid(`期初余额有 ${details.length} 处错误：${details.slice(0, 3).map((d) => d.message).join('；')}${details.length > 3 ? ' 等' : ''}`, details);
    }
    const before = await openingCheck(trx, setId);
    await trx.deleteFrom('ledger_opening').where('set_id', '=', setId).execute();
    await bulkInsert(trx, 'ledger_opening', rows);
    // Materialise into the balance table: month 0 = 年初余额 (opening − year-to-date movement) and,
    // for a set starting after January, the year-to-date movement as the month before the start.
    const preMonth = set.start_month - 1;
    await trx
      .deleteFrom('ledger_balance')
      .where('set_id', '=', setId)
      .where('year', '=', set.start_year)
      .where('month', 'in', preMonth > 0 ? [0, preMonth] : [0])
      .execute();
    const bal: Array<Record<string, string | number | null>> = [];
    for (const r of rows) {
      const dims = {
        set_id: setId,
        year: set.start_year,
        account_code: r.account_code,
        dim_key: r.dim_key,
        project_id: r.project_id,
        fund_source: r.fund_source,
        expense_type: r.expense_type,
        econ_code: r.econ_code,
        unit_id: r.unit_id,
        close_debit_fen: 0,
        close_credit_fen: 0,
      };
      const ytdD = Number(r.ytd_debit_fen);
      const ytdC = Number(r.ytd_credit_fen);
      const yearOpening = Number(r.balance_fen) - (ytdD - ytdC);
      if (yearOpening !== 0) {
        bal.push({ ...dims, month: 0, debit_fen: yearOpening > 0 ? yearOpening : 0, credit_fen: yearOpening < 0 ? -yearOpening : 0 });
      }
      if (preMonth > 0 && (ytdD !== 0 || ytdC !== 0)) bal.push({ ...dims, month: preMonth, debit_fen: ytdD, credit_fen: ytdC });
    }
    await bulkInsert(trx, 'ledger_balance', bal);
    const after = await openingCheck(trx, setId);
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '录入期初余额',
      targetType: '账套',
      targetId: setId,
      summary: `账套“${set.name}”保存期初余额 ${rows.length} 行（借方合计 ${yuan(after.debitTotal)}，贷方合计 ${yuan(after.creditTotal)}${after.balanced ? '，试算平衡' : '，试算不平衡'}）`,
      before: { debitTotal: before.debitTotal, creditTotal: before.creditTotal },
      after: { debitTotal: after.debitTotal, creditTotal: after.creditTotal, rows: rows.length },
    });
  });
}
