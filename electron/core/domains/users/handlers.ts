import {
  authChangePassword, authMe, authSignIn, authSignOut, rolesList, sodCreate, sodList, sodRetire, usersCreate,
  usersList, usersResetPassword, usersSetRoles, usersUpdate, type SessionUser,
} from '../../../../shared/contract/auth';
import { implement } from '../../registry';
import { withTx } from '../../db/tx';
import { AppError, conflict, invalid, notFound } from '../../errors';
import { audit, actorOf, writeAudit } from '../audit/log';
import { getSetting, SETTING } from '../../settings';
import { hashPassword, verifyPassword } from './passwords';
import { createUser, listUsers, loadUser, setUserRoles, toSodRow } from './service';
import type { HandlerContext } from '../../context';
import { beijingDate } from '../../../../shared/dates';

const MODULE = '用户与角色';
const today = (ctx: Pick<HandlerContext, 'now'>) => beijingDate(ctx.now());

async function sessionUser(ctx: HandlerContext, userId: number): Promise<SessionUser> {
  const u = await loadUser(ctx.db, userId, ctx.now());
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, mustChangePassword: u.mustChangePassword };
}

function formatLocal(iso: string) {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const userHandlers = [
  implement(authSignIn, async (input, ctx) => {
    const now = ctx.now();
    const user = await ctx.db
      .selectFrom('app_user')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
      .executeTakeFirst();
    const refuse = () => new AppError('SIGN_IN_FAILED', '用户名或密码错误。');
    if (!user || user.active !== 1) throw refuse();
    if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
      throw new AppError('ACCOUNT_LOCKED', `账户因多次密码错误已锁定，请于 ${formatLocal(user.locked_until)} 后再试，或请系统管理员重置密码。`);
    }
    const ok = await verifyPassword(input.password, { hash: user.password_hash, salt: user.password_salt });
    const actor = { userId: user.id, username: user.username, role: '（登录）' };
    if (!ok) {
      const maxFailures = await getSetting(ctx.db, SETTING.maxFailures, 5);
      const lockMinutes = await getSetting(ctx.db, SETTING.lockMinutes, 15);
      const failures = user.failed_attempts + 1;
      const lock = failures >= maxFailures ? new Date(now.getTime() + lockMinutes * 60_000).toISOString() : null;
      await withTx(ctx.db, async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ failed_attempts: lock ? 0 : failures, locked_until: lock ?? user.locked_until })
          .where('id', '=', user.id)
          .execute();
        if (lock) {
          await writeAudit(trx, now, actor, {
            module: '登录',
            action: '账户锁定',
            targetType: '用户',
            targetId: user.id,
            summary: `用户 ${user.username} 连续 ${failures} 次密码错误，锁定至 ${formatLocal(lock)}`,
          });
        }
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', `密码连续错误 ${failures} 次，账户已锁定 ${lockMinutes} 分钟。`);
      throw new AppError('SIGN_IN_FAILED', `用户名或密码错误（还可尝试 ${maxFailures - failures} 次）。`);
    }
    await withTx(ctx.db, async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_attempts: 0, locked_until: null, last_sign_in_at: now.toISOString() })
        .where('id', '=', user.id)
        .execute();
      await writeAudit(trx, now, actor, { module: '登录', action: '登录', targetType: '用户', targetId: user.id, summary: `用户 ${user.username} 登录` });
    });
    const me = await sessionUser(ctx, user.id);
    ctx.sessions.begin({ userId: me.id, username: me.username, displayName: me.displayName, roles: me.roles });
    return me;
  }),

  implement(authMe, async (_input, ctx) => (ctx.session ? sessionUser(ctx, ctx.session.userId) : null)),

  implement(authSignOut, async (_input, ctx) => {
    ctx.sessions.end();
    return null;
  }),

  implement(authChangePassword, async (input, ctx) => {
    const s = ctx.session!;
    const user = await ctx.db.selectFrom('app_user').selectAll().where('id', '=', s.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.oldPassword, { hash: user.password_hash, salt: user.password_salt }))) {
      throw invalid('原密码不正确。', [{ path: 'oldPassword', message: '原密码不正确' }]);
    }
    if (input.oldPassword === input.newPassword) throw invalid('新密码不能与原密码相同。', [{ path: 'newPassword', message: '新密码不能与原密码相同' }]);
    const { hash, salt } = await hashPassword(input.newPassword);
    await withTx(ctx.db, async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ password_hash: hash, password_salt: salt, must_change_password: 0, updated_at: ctx.now().toISOString() })
        .where('id', '=', s.userId)
        .execute();
      await audit(ctx, trx, { module: MODULE, action: '修改密码', targetType: '用户', targetId: s.userId, summary: `用户 ${s.username} 修改了本人密码` });
    });
    return null;
  }),

  implement(usersList, async (input, ctx) => listUsers(ctx.db, ctx.now(), { includeInactive: input.includeInactive })),

  implement(usersCreate, async (input, ctx) => {
    const id = await createUser(ctx.db, actorOf(ctx), ctx.now(), input);
    return loadUser(ctx.db, id, ctx.now());
  }),

  implement(usersUpdate, async (input, ctx) => {
    await withTx(ctx.db, async (trx) => {
      const before = await loadUser(trx, input.id, ctx.now());
      if (!input.active && ctx.session?.userId === input.id) throw conflict('不能停用自己的账户。');
      if (input.unitId) {
        const unit = await trx.selectFrom('unit').select('id').where('id', '=', input.unitId).executeTakeFirst();
        if (!unit) throw notFound('所选单位');
      }
      await trx
        .updateTable('app_user')
        .set({
          display_name: input.displayName,
          title: input.title ?? null,
          unit_id: input.unitId ?? null,
          active: input.active ? 1 : 0,
          updated_at: ctx.now().toISOString(),
        })
        .where('id', '=', input.id)
        .execute();
      await audit(ctx, trx, {
        module: MODULE,
        action: '修改用户',
        targetType: '用户',
        targetId: input.id,
        summary: `修改用户 ${before.username} 的资料${before.active !== input.active ? (input.active ? '（启用）' : '（停用）') : ''}`,
        before: { displayName: before.displayName, title: before.title, unitId: before.unitId, active: before.active },
        after: { displayName: input.displayName, title: input.title ?? null, unitId: input.unitId ?? null, active: input.active },
      });
    });
    if (!input.active) ctx.sessions.endUser(input.id);
    return loadUser(ctx.db, input.id, ctx.now());
  }),

  implement(usersSetRoles, async (input, ctx) => {
    await setUserRoles(ctx.db, actorOf(ctx), ctx.now(), input.id, input.roles);
    // The user's open sessions carry the old roles; end them so new rights apply at next sign-in.
    if (ctx.session?.userId !== input.id) ctx.sessions.endUser(input.id);
    return loadUser(ctx.db, input.id, ctx.now());
  }),

  implement(usersResetPassword, async (input, ctx) => {
    const { hash, salt } = await hashPassword(input.newPassword);
    await withTx(ctx.db, async (trx) => {
      const user = await loadUser(trx, input.id, ctx.now());
      await trx
        .updateTable('app_user')
        .set({ password_hash: hash, password_salt: salt, must_change_password: 1, failed_attempts: 0, locked_until: null, updated_at: ctx.now().toISOString() })
        .where('id', '=', input.id)
        .execute();
      await audit(ctx, trx, {
        module: MODULE,
        action: '重置密码',
        targetType: '用户',
        targetId: input.id,
        summary: `重置用户 ${user.username} 的密码并解除锁定（下次登录须修改密码）`,
      });
    });
    ctx.sessions.endUser(input.id);
    return loadUser(ctx.db, input.id, ctx.now());
  }),

  implement(rolesList, async (_input, ctx) => {
    const rows = await ctx.db
      .selectFrom('role')
      .leftJoin('user_role', 'user_role.role_code', 'role.code')
      .select(['role.code', 'role.description', 'role.builtin', (eb) => eb.fn.count<number>('user_role.user_id').as('n')])
      .groupBy('role.code')
      .orderBy('role.sort')
      .execute();
    return rows.map((r) => ({ code: r.code, description: r.description, builtin: r.builtin === 1, userCount: Number(r.n) }));
  }),

  implement(sodList, async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('sod_rule').selectAll().orderBy('id').execute();
    return rows.map((r) => toSodRow(r, today(ctx)));
  }),

  implement(sodCreate, async (input, ctx) => {
    return withTx(ctx.db, async (trx) => {
      // A new rule must not be broken by somebody already holding both roles.
      const holders = await trx
        .selectFrom('user_role as a')
        .innerJoin('user_role as b', 'a.user_id', 'b.user_id')
        .innerJoin('app_user as u', 'u.id', 'a.user_id')
        .select(['u.display_name'])
        .where('a.role_code', '=', input.roleA)
        .where('b.role_code', '=', input.roleB)
        .execute();
      if (holders.length) {
        throw conflict(`无法新增规则：${holders.map((h) => h.display_name).join('、')} 目前同时担任“${input.roleA}”和“${input.roleB}”，请先调整其角色。`);
      }
      const row = await trx
        .insertInto('sod_rule')
        .values({
          name: input.name,
          role_a: input.roleA,
          role_b: input.roleB,
          basis: input.basis,
          effective_from: input.effectiveFrom,
          effective_to: null,
          created_at: ctx.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(ctx, trx, {
        module: '规则',
        action: '新增不相容职务规则',
        targetType: '不相容职务规则',
        targetId: row.id,
        summary: `新增规则“${input.name}”：${input.roleA} 与 ${input.roleB} 不得兼任，自 ${input.effectiveFrom} 起`,
        after: input,
      });
      return toSodRow(row, today(ctx));
    });
  }),

  implement(sodRetire, async (input, ctx) => {
    return withTx(ctx.db, async (trx) => {
      const rule = await trx.selectFrom('sod_rule').selectAll().where('id', '=', input.id).executeTakeFirst();
      if (!rule) throw notFound('规则');
      if (input.effectiveTo < rule.effective_from) throw invalid('停用日期不能早于规则生效日期。');
      await trx.updateTable('sod_rule').set({ effective_to: input.effectiveTo }).where('id', '=', input.id).execute();
      await audit(ctx, trx, {
        module: '规则',
        action: '停用不相容职务规则',
        targetType: '不相容职务规则',
        targetId: input.id,
        summary: `规则“${rule.name}”于 ${input.effectiveTo} 后停用`,
        before: { effectiveTo: rule.effective_to },
        after: { effectiveTo: input.effectiveTo },
      });
      return toSodRow({ ...rule, effective_to: input.effectiveTo }, today(ctx));
    });
  }),
];
