// The chart of a set: listing, and the few changes allowed — adding lower-level accounts beneath
// existing ones, renaming or deleting the ones administrators added (never seeded ones), and only
// while unused.
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { requiredKinds } from '../../../../shared/ledger/dimensions';
import { LEDGER_ROLES, type AccountRow } from '../../../../shared/contract/ledger';
import { MODULE, accountMap, assertActorRole, fullName, loadSet, parentCodes, sideOf, typeOf, type AccountRecord } from './common';
import { loadRules } from './dims';

/** Whether an account (or any account below it) has voucher lines, balances or opening balances. */
export async function accountInUse(db: Executor, setId: number, code: string): Promise<boolean> {
  const hi = `${code}:`;
  const line = await db
    .selectFrom('ledger_voucher_line')
    .select('id')
    .where('set_id', '=', setId)
    .where('account_code', '>=', code)
    .where('account_code', '<', hi)
    .limit(1)
    .executeTakeFirst();
  if (line) return true;
  const bal = await db
    .selectFrom('ledger_balance')
    .select('year')
    .where('set_id', '=', setId)
    .where('account_code', '>=', code)
    .where('account_code', '<', hi)
    .limit(1)
    .executeTakeFirst();
  if (bal) return true;
  const op = await db
    .selectFrom('ledger_opening')
    .select('account_code')
    .where('set_id', '=', setId)
    .where('account_code', '>=', code)
    .where('account_code', '<', hi)
    .limit(1)
    .executeTakeFirst();
  return Boolean(op);
}

export async function listAccounts(db: Executor, setId: number, opts: { includeInactive?: boolean; code?: string } = {}): Promise<AccountRow[]> {
  await loadSet(db, setId);
  const accounts = await accountMap(db, setId);
  const parents = parentCodes(accounts);
  const rules = await loadRules(db, setId);
  const used = new Set(
    (
      await db
        .selectFrom('ledger_voucher_line')
        .select('account_code')
        .distinct()
        .where('set_id', '=', setId)
        .execute()
    ).map((r) => r.account_code),
  );
  for (const r of await db.selectFrom('ledger_balance').select('account_code').distinct().where('set_id', '=', setId).execute()) used.add(r.account_code);
  for (const r of await db.selectFrom('ledger_opening').select('account_code').distinct().where('set_id', '=', setId).execute()) used.add(r.account_code);
  const usedWithAncestors = new Set<string>();
  for (const c of used) for (let i = 3; i <= c.length; i += 2) usedWithAncestors.add(c.slice(0, i));
  const out: AccountRow[] = [];
  for (const a of accounts.values()) {
    if (opts.code && a.code !== opts.code) continue;
    if (!opts.includeInactive && a.active !== 1) continue;
    out.push(toRow(a, accounts, parents, usedWithAncestors, rules));
  }
  return out;
}

function toRow(
  a: AccountRecord,
  accounts: Map<string, AccountRecord>,
  parents: Set<string>,
  used: Set<string>,
  rules: Awaited<ReturnType<typeof loadRules>>,
): AccountRow {
  const isLeaf = !parents.has(a.code);
  return {
    code: a.code,
    name: a.name,
    fullName: fullName(accounts, a.code),
    level: a.level,
    parentCode: a.parent_code,
    type: typeOf(a),
    side: sideOf(a),
    seeded: a.seeded === 1,
    codeAssigned: a.code_assigned === 1,
    note: a.note,
    isLeaf,
    inUse: used.has(a.code),
    active: a.active === 1,
    requiredDimensions: isLeaf ? requiredKinds(rules, a.code, null) : [],
  };
}

async function loadAccount(db: Executor, setId: number, code: string): Promise<AccountRecord> {
  const a = await db.selectFrom('ledger_account').selectAll().where('set_id', '=', setId).where('code', '=', code).executeTakeFirst();
  if (!a) throw notFound(`科目 ${code}`);
  return a;
}

async function accountRow(db: Executor, setId: number, code: string): Promise<AccountRow> {
  const [row] = await listAccounts(db, setId, { includeInactive: true, code });
  if (!row) throw notFound(`科目 ${code}`);
  return row;
}

export async function createAccount(
  db: Executor,
  actor: Actor,
  now: Date,
  input: { setId: number; parentCode: string; code: string; name: string },
): Promise<AccountRow> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '增设会计科目');
    const set = await loadSet(trx, input.setId);
    const parent = await loadAccount(trx, input.setId, input.parentCode);
    if (input.code.length !== parent.code.length + 2 || !input.code.startsWith(parent.code)) {
      throw invalid(`下级科目编码应为上级编码 ${parent.code} 后加 2 位数字（如 ${parent.code}01）。`, [{ path: 'code', message: '编码应为上级编码加 2 位数字' }]);
    }
    if (input.code.endsWith('00')) throw invalid('下级科目编码的后 2 位不能为 00。', [{ path: 'code', message: '后 2 位应为 01–99' }]);
    const existing = await trx.selectFrom('ledger_account').select('code').where('set_id', '=', input.setId).where('code', '=', input.code).executeTakeFirst();
    if (existing) throw conflict(`科目编码 ${input.code} 已存在。`);
    const sibling = await trx
      .selectFrom('ledger_account')
      .select('code')
      .where('set_id', '=', input.setId)
      .where('parent_code', '=', parent.code)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (sibling) throw conflict(`科目“${parent.name}”下已有名为“${input.name}”的科目（${sibling.code}）。`);
    const siblings = await trx.selectFrom('ledger_account').select('code').where('set_id', '=', input.setId).where('parent_code', '=', parent.code).limit(1).execute();
    if (!siblings.length && (await accountInUse(trx, input.setId, parent.code))) {
      throw conflict(`科目 ${parent.code} ${parent.name} 已有凭证或余额，不能再增设下级科目（凭证只能使用末级科目，已记账的分录不能改动）。`);
    }
    await trx
      .insertInto('ledger_account')
      .values({
        set_id: input.setId,
        code: input.code,
        name: input.name,
        level: parent.level + 1,
        parent_code: parent.code,
        type: parent.type,
        side: parent.side,
        seeded: 0,
        code_assigned: 0,
        closing: parent.closing,
        note: null,
        active: 1,
        created_at: now.toISOString(),
      })
      .execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '增设科目',
      targetType: '会计科目',
      targetId: `${input.setId}:${input.code}`,
      summary: `账套“${set.name}”在 ${parent.code} ${parent.name} 下增设科目 ${input.code} ${input.name}`,
      after: { code: input.code, name: input.name, parentCode: parent.code },
    });
    return accountRow(trx, input.setId, input.code);
  });
}

export async function renameAccount(db: Executor, actor: Actor, now: Date, input: { setId: number; code: string; name: string }): Promise<AccountRow> {
  return withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '修改会计科目');
    const set = await loadSet(trx, input.setId);
    const a = await loadAccount(trx, input.setId, input.code);
    if (a.seeded === 1) {
      throw conflict(`科目 ${a.code} ${a.name} 是《工会会计制度》规定的科目，名称不得更改。`);
    }
    if (a.name === input.name) return accountRow(trx, input.setId, input.code);
    const sibling = await trx
      .selectFrom('ledger_account')
      .select('code')
      .where('set_id', '=', input.setId)
      .where('parent_code', '=', a.parent_code)
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (sibling) throw conflict(`同一上级科目下已有名为“${input.name}”的科目（${sibling.code}）。`);
    await trx.updateTable('ledger_account').set({ name: input.name }).where('set_id', '=', input.setId).where('code', '=', input.code).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '修改科目名称',
      targetType: '会计科目',
      targetId: `${input.setId}:${input.code}`,
      summary: `账套“${set.name}”科目 ${a.code} 名称由“${a.name}”改为“${input.name}”`,
      before: { name: a.name },
      after: { name: input.name },
    });
    return accountRow(trx, input.setId, input.code);
  });
}

export async function deleteAccount(db: Executor, actor: Actor, now: Date, input: { setId: number; code: string }): Promise<void> {
  await withTx(db, async (trx) => {
    await assertActorRole(trx, actor, LEDGER_ROLES.chartAdmins, '删除会计科目');
    const set = await loadSet(trx, input.setId);
    const a = await loadAccount(trx, input.setId, input.code);
    if (a.level === 1) throw conflict(`一级科目 ${a.code} ${a.name} 由《工会会计制度》统一规定，不能删除。`);
    if (a.seeded === 1) throw conflict(`科目 ${a.code} ${a.name} 是制度规定的明细科目，不能删除（不需要的科目可以不用）。`);
    const child = await trx.selectFrom('ledger_account').select('code').where('set_id', '=', input.setId).where('parent_code', '=', a.code).limit(1).executeTakeFirst();
    if (child) throw conflict(`科目 ${a.code} ${a.name} 还有下级科目 ${child.code}，请先删除下级科目。`);
    if (await accountInUse(trx, input.setId, a.code)) throw conflict(`科目 ${a.code} ${a.name} 已有凭证或余额，不能删除。`);
    await trx.deleteFrom('ledger_account').where('set_id', '=', input.setId).where('code', '=', a.code).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '删除科目',
      targetType: '会计科目',
      targetId: `${input.setId}:${input.code}`,
      summary: `账套“${set.name}”删除未使用的自设科目 ${a.code} ${a.name}`,
      before: { code: a.code, name: a.name, parentCode: a.parent_code },
    });
  });
}
