// Helpers shared by the ledger modules: sets, accounts, actors and their roles, dates and amounts.
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/tx';
import type { LedgerAccountTable, LedgerSetTable } from '../../db/schema';
import { AppError, forbidden, notFound } from '../../errors';
import type { Actor } from '../audit/log';
import { formatFen } from '../../../../shared/money';
import type { Direction, LedgerAmount } from '../../../../shared/contract/ledger';
import type { AccountType, BalanceSide, ChartCode } from '../../../../shared/ledger/charts';
import { beijingDate } from '../../../../shared/dates';

export const MODULE = '会计核算';

export type SetRecord = Selectable<LedgerSetTable>;
export type AccountRecord = Selectable<LedgerAccountTable>;

export async function loadSet(db: Executor, setId: number): Promise<SetRecord> {
  const set = await db.selectFrom('ledger_set').selectAll().where('id', '=', setId).executeTakeFirst();
  if (!set) throw notFound('账套');
  return set;
}

export const chartOf = (set: SetRecord) => set.chart as ChartCode;

/** Refuses an actor who holds none of `roles` (core functions are also called by other modules). */
export async function assertActorRole(db: Executor, actor: Actor, roles: readonly string[], what: string): Promise<void> {
  if (actor.userId === null) throw forbidden(`${what}需要以用户身份进行。`);
  const held = await db.selectFrom('user_role').select('role_code').where('user_id', '=', actor.userId).execute();
  if (!held.some((r) => roles.includes(r.role_code))) {
    throw forbidden(`${actor.username} 没有“${what}”的权限。需要以下角色之一：${roles.join('、')}。`);
  }
}

/** Display names of users, by id. */
export async function userNames(db: Executor, ids: Array<number | null | undefined>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Local (UTC+8) calendar date of an instant. */
export function localDate(now: Date): string {
  return beijingDate(now);
}

export function yearMonthOf(date: string): { year: number; month: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

export const ym = (year: number, month: number) => `${year}年${month}月`;
export const yuan = (fen: number) => `${formatFen(fen)} 元`;

export function voucherLabel(number: number): string {
  return `记-${String(number).padStart(4, '0')}`;
}

export function describeVoucher(v: { year: number; month: number; number: number }): string {
  return `${ym(v.year, v.month)} ${voucherLabel(v.number)} 号凭证`;
}

/** A signed 借 − 贷 amount as direction and absolute amount. */
export function amountOf(net: number): LedgerAmount {
  const direction: Direction = net > 0 ? '借' : net < 0 ? '贷' : '平';
  return { direction, amount: Math.abs(net), net: net === 0 ? 0 : net };
}

/** All accounts of a set keyed by code, in code order. */
export async function accountMap(db: Executor, setId: number): Promise<Map<string, AccountRecord>> {
  const rows = await db.selectFrom('ledger_account').selectAll().where('set_id', '=', setId).orderBy('code').execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/** Codes that have at least one child. */
export function parentCodes(accounts: Map<string, AccountRecord>): Set<string> {
  const out = new Set<string>();
  for (const a of accounts.values()) if (a.parent_code) out.add(a.parent_code);
  return out;
}

/** 一级—二级—… names of an account. */
export function fullName(accounts: Map<string, AccountRecord>, code: string): string {
  const names: string[] = [];
  let c: string | null = code;
  while (c) {
    const a = accounts.get(c);
    if (!a) break;
    names.unshift(a.name);
    c = a.parent_code;
  }
  return names.join('—');
}

export const typeOf = (a: AccountRecord) => a.type as AccountType;
export const sideOf = (a: AccountRecord) => a.side as BalanceSide;

/** Range bounds that select a code and all its descendants (codes are digits only). */
export function prefixRange(code: string): [string, string] {
  return [code, `${code}:`];
}

export function notOpen(message: string) {
  return new AppError('PERIOD_CLOSED', message);
}
