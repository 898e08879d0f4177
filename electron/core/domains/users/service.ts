// Users, roles and separation of duties. Role assignment is checked against the SoD rules in force.
import type { Executor } from '../../db/tx';
import { withTx } from '../../db/tx';
import type { SodRuleRow, UserRow } from '../../../../shared/contract/auth';
import { AppError, conflict, notFound } from '../../errors';
import { hashPassword } from './passwords';
import { writeAudit, type Actor } from '../audit/log';
import { beijingDate } from '../../../../shared/dates';

const MODULE = '用户与角色';

export async function loadUser(db: Executor, id: number, now: Date): Promise<UserRow> {
  const rows = await listUsers(db, now, { id });
  if (!rows[0]) throw notFound('用户');
  return rows[0];
}

export async function listUsers(db: Executor, now: Date, filter: { id?: number; includeInactive?: boolean } = {}): Promise<UserRow[]> {
  let q = db
    .selectFrom('app_user as u')
    .leftJoin('unit', 'unit.id', 'u.unit_id')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.title', 'u.unit_id', 'unit.name as unit_name', 'u.active',
      'u.locked_until', 'u.failed_attempts', 'u.must_change_password', 'u.last_sign_in_at', 'u.created_at',
    ])
    .orderBy('u.id');
  if (filter.id !== undefined) q = q.where('u.id', '=', filter.id);
  if (filter.includeInactive === false) q = q.where('u.active', '=', 1);
  const users = await q.execute();
  const roles = await db.selectFrom('user_role').select(['user_id', 'role_code']).execute();
  const order = await db.selectFrom('role').select(['code', 'sort']).execute();
  const sort = new Map(order.map((r) => [r.code, r.sort]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    title: u.title,
    unitId: u.unit_id,
    unitName: u.unit_name,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => r.role_code)
      .sort((a, b) => (sort.get(a) ?? 99) - (sort.get(b) ?? 99)),
    active: u.active === 1,
    locked: Boolean(u.locked_until && Date.parse(u.locked_until) > now.getTime()),
    lockedUntil: u.locked_until,
    failedAttempts: u.failed_attempts,
    mustChangePassword: u.must_change_password === 1,
    lastSignInAt: u.last_sign_in_at,
    createdAt: u.created_at,
  }));
}

export function toSodRow(r: { id: number; name: string; role_a: string; role_b: string; basis: string; effective_from: string; effective_to: string | null }, today: string): SodRuleRow {
  return {
    id: r.id,
    name: r.name,
    roleA: r.role_a,
    roleB: r.role_b,
    basis: r.basis,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    active: r.effective_from <= today && (!r.effective_to || r.effective_to >= today),
  };
}

/** Refuses a set of roles that breaks a separation-of-duties rule in force today, naming the rule. */
export async function assertSeparationOfDuties(db: Executor, roles: readonly string[], today: string, who = '同一人') {
  const set = new Set(roles);
  const rules = await db
    .selectFrom('sod_rule')
    .selectAll()
    .where('effective_from', '<=', today)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', today)]))
    .orderBy('id')
    .execute();
  for (const r of rules) {
    if (set.has(r.role_a) && set.has(r.role_b)) {
      throw new AppError(
        'SOD_VIOLATION',
        `违反不相容职务规则“${r.name}”：${who}不能同时担任“${r.role_a}”和“${r.role_b}”（依据：${r.basis}）。`,
      );
    }
  }
}

export interface NewUser {
  username: string;
  displayName: string;
  title?: string | null;
  unitId?: number | null;
  password: string;
  roles: string[];
  mustChangePassword?: boolean;
}

export async function createUser(db: Executor, actor: Actor, now: Date, u: NewUser): Promise<number> {
  const { hash, salt } = await hashPassword(u.password);
  return withTx(db, async (trx) => {
    const exists = await trx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', u.username.toLowerCase()))
      .executeTakeFirst();
    if (exists) throw conflict(`用户名“${u.username}”已被使用。`);
    const roles = [...new Set(u.roles)];
    await assertSeparationOfDuties(trx, roles, beijingDate(now), `用户“${u.displayName}”`);
    const iso = now.toISOString();
    const { id } = await trx
      .insertInto('app_user')
      .values({
        username: u.username,
        display_name: u.displayName,
        title: u.title ?? null,
        unit_id: u.unitId ?? null,
        password_hash: hash,
        password_salt: salt,
        must_change_password: u.mustChangePassword ? 1 : 0,
        created_at: iso,
        updated_at: iso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (roles.length) {
      await trx
        .insertInto('user_role')
        .values(roles.map((role_code) => ({ user_id: id, role_code, granted_at: iso, granted_by: actor.userId })))
        .execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '新增用户',
      targetType: '用户',
      targetId: id,
      summary: `新增用户 ${u.username}（${u.displayName}），角色：${roles.join('、') || '无'}`,
      after: { username: u.username, displayName: u.displayName, title: u.title ?? null, unitId: u.unitId ?? null, roles },
    });
    return id;
  });
}

export async function setUserRoles(db: Executor, actor: Actor, now: Date, userId: number, roles: string[]) {
  return withTx(db, async (trx) => {
    const user = await trx.selectFrom('app_user').select(['id', 'username', 'display_name']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('用户');
    const next = [...new Set(roles)];
    await assertSeparationOfDuties(trx, next, beijingDate(now), `用户“${user.display_name}”`);
    const before = (await trx.selectFrom('user_role').select('role_code').where('user_id', '=', userId).execute()).map((r) => r.role_code);
    if (actor.userId === userId && before.includes('系统管理员') && !next.includes('系统管理员')) {
      const admins = await trx.selectFrom('user_role').select('user_id').where('role_code', '=', '系统管理员').execute();
      if (admins.length <= 1) throw conflict('不能移除最后一位系统管理员的管理员角色。');
    }
    await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
    const iso = now.toISOString();
    if (next.length) {
      await trx
        .insertInto('user_role')
        .values(next.map((role_code) => ({ user_id: userId, role_code, granted_at: iso, granted_by: actor.userId })))
        .execute();
    }
    await writeAudit(trx, now, actor, {
      module: MODULE,
      action: '分配角色',
      targetType: '用户',
      targetId: userId,
      summary: `用户 ${user.username} 的角色由“${before.join('、') || '无'}”改为“${next.join('、') || '无'}”`,
      before: { roles: before },
      after: { roles: next },
    });
  });
}
