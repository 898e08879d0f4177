import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { tempCore, frozenClock } from '../helpers/temp';
import { ADMIN, call, callErr, initialise, userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';

let core: Awaited<ReturnType<typeof tempCore>>;
let clock: ReturnType<typeof frozenClock>;
beforeEach(async () => {
  clock = frozenClock();
  core = await tempCore({ now: clock });
});
afterEach(async () => core.close());

describe('first run', () => {
  it('reports not initialised, then initialises once, with a validated credit code', async () => {
    expect((await call(core, 'x', 'setup.status')).initialised).toBe(false);
    const bad = await callErr(core, 'x', 'setup.initialise', {
      orgName: '测试县总工会', creditCode: '91350100M000100Y44', level: '县级', fiscalYear: 2026, admin: ADMIN,
    });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.message).toMatch(/校验码/);
    await initialise(core);
    const s = await call(core, 'x', 'setup.status');
    expect(s).toMatchObject({ initialised: true, orgName: '测试县总工会', level: '县级', fiscalYear: 2026 });
    const again = await callErr(core, 'x', 'setup.initialise', {
      orgName: '另一个', creditCode: '91350100M000100Y43', level: '县级', fiscalYear: 2026, admin: { ...ADMIN, username: 'x2' },
    });
    expect(again.code).toBe('CONFLICT');
    expect((await callErr(core, 'x', 'setup.loadDemo')).code).toBe('CONFLICT');
  });
});

describe('sign-in and sessions', () => {
  beforeEach(async () => void (await initialise(core)));

  it('never returns password hashes and signs out', async () => {
    const me = await call(core, 'admin', 'auth.me');
    expect(me).toMatchObject({ username: 'admin', roles: ['系统管理员'] });
    const users = await call(core, 'admin', 'users.list', {});
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password_?hash|passwordHash|salt/i);
    await call(core, 'admin', 'auth.signOut');
    expect(await call(core, 'admin', 'auth.me')).toBeNull();
    expect((await callErr(core, 'admin', 'users.list', {})).code).toBe('UNAUTHENTICATED');
  });

  it('ends a session after the idle limit', async () => {
    clock.advance(31 * 60_000);
    expect(await call(core, 'admin', 'auth.me')).toBeNull();
  });

  it('locks an account after five wrong passwords and an administrator reset unlocks it', async () => {
    await userWithRoles(core, 'kj', ['会计']);
    for (let i = 1; i <= 4; i++) {
      const e = await callErr(core, 'guess', 'auth.signIn', { username: 'kj', password: 'wrong' + i });
      expect(e.code).toBe('SIGN_IN_FAILED');
      expect(e.message).toContain(`还可尝试 ${5 - i} 次`);
    }
    const locked = await callErr(core, 'guess', 'auth.signIn', { username: 'kj', password: 'wrong5' });
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused while locked.
    expect((await callErr(core, 'guess', 'auth.signIn', { username: 'kj', password: 'Passw0rd!' })).code).toBe('ACCOUNT_LOCKED');
    const list = await call(core, 'admin', 'users.list', {});
    const kj = list.find((u: any) => u.username === 'kj');
    expect(kj.locked).toBe(true);
    await call(core, 'admin', 'users.resetPassword', { id: kj.id, newPassword: 'NewPass2026' });
    const me = await call(core, 'guess', 'auth.signIn', { username: 'kj', password: 'NewPass2026' });
    expect(me.mustChangePassword).toBe(true);
    await call(core, 'guess', 'auth.changePassword', { oldPassword: 'NewPass2026', newPassword: 'Another2026' });
    expect((await call(core, 'guess', 'auth.me')).mustChangePassword).toBe(false);
    // The lock expires on its own too.
    for (let i = 0; i < 5; i++) await callErr(core, 'g2', 'auth.signIn', { username: 'kj', password: 'bad' });
    clock.advance(16 * 60_000);
    await call(core, 'g2', 'auth.signIn', { username: 'kj', password: 'Another2026' });
  });

  it('makes users created by the administrator change their initial password at first sign-in', async () => {
    await call(core, 'admin', 'users.create', { username: 'newbie', displayName: '新用户', password: 'Initial2026', roles: ['经办人'] });
    const me = await call(core, 'newbie', 'auth.signIn', { username: 'newbie', password: 'Initial2026' });
    expect(me.mustChangePassword).toBe(true);
  });

  it('rejects weak passwords and duplicate usernames with Chinese messages', async () => {
    const weak = await callErr(core, 'admin', 'users.create', { username: 'u1', displayName: 'U', password: 'short', roles: [] });
    expect(weak.message).toMatch(/密码至少 8 位/);
    const noDigit = await callErr(core, 'admin', 'users.create', { username: 'u1', displayName: 'U', password: 'abcdefghij', roles: [] });
    expect(noDigit.message).toMatch(/字母和数字/);
    const dup = await callErr(core, 'admin', 'users.create', { username: 'ADMIN', displayName: 'U', password: 'abcdefg123', roles: [] });
    expect(dup.code).toBe('CONFLICT');
  });
});

describe('roles and separation of duties', () => {
  beforeEach(async () => void (await initialise(core)));

  it('refuses 出纳 with 会计 and names the rule', async () => {
    const e = await callErr(core, 'admin', 'users.create', { username: 'xx', displayName: '张三', password: 'Passw0rd!', roles: ['出纳', '会计'] });
    expect(e.code).toBe('SOD_VIOLATION');
    expect(e.message).toContain('会计出纳分设');
    const { user } = await userWithRoles(core, 'cn', ['出纳']);
    const e2 = await callErr(core, 'admin', 'users.setRoles', { id: user.id, roles: ['出纳', '会计'] });
    expect(e2.message).toContain('会计出纳分设');
  });

  it('refuses audit-committee roles together with chair, vice-chair, finance, cashier, accountant or standing committee', async () => {
    for (const other of ['主席', '常务副主席', '分管财务副主席', '财务部门', '出纳', '会计', '常委会']) {
      for (const auditor of ['经审会主任', '经审会委员']) {
        const e = await callErr(core, 'admin', 'users.create', {
          username: `a${Math.random().toString(36).slice(2, 8)}`, displayName: '李四', password: 'Passw0rd!', roles: [auditor, other],
        });
        expect(e.code).toBe('SOD_VIOLATION');
        expect(e.message).toContain(`${auditor}不得兼任${other}`);
      }
    }
  });

  it('allows several compatible roles and applies new rules with effective dates', async () => {
    const { user } = await userWithRoles(core, 'multi', ['经办人', '部门负责人']);
    expect(user.roles).toEqual(['经办人', '部门负责人']);
    const blocked = await callErr(core, 'admin', 'sod.create', {
      name: '经办人不得兼任部门负责人', roleA: '经办人', roleB: '部门负责人', basis: '测试', effectiveFrom: '2026-01-01',
    });
    expect(blocked.message).toMatch(/目前同时担任/);
    await call(core, 'admin', 'users.setRoles', { id: user.id, roles: ['经办人'] });
    const rule = await call(core, 'admin', 'sod.create', {
      name: '经办人不得兼任部门负责人', roleA: '经办人', roleB: '部门负责人', basis: '测试', effectiveFrom: '2026-01-01',
    });
    expect(rule.active).toBe(true);
    expect((await callErr(core, 'admin', 'users.setRoles', { id: user.id, roles: ['经办人', '部门负责人'] })).message).toContain('经办人不得兼任部门负责人');
    await call(core, 'admin', 'sod.retire', { id: rule.id, effectiveTo: '2026-03-01' });
    await call(core, 'admin', 'users.setRoles', { id: user.id, roles: ['经办人', '部门负责人'] });
  });

  it('ends the sessions of a user whose roles change', async () => {
    const { user, channel } = await userWithRoles(core, 'fz', ['分管领导']);
    await call(core, 'admin', 'users.setRoles', { id: user.id, roles: ['部门负责人'] });
    expect(await call(core, channel, 'auth.me')).toBeNull();
  });

  it('refuses every handler to a signed-in user without roles, except sign-in, own session and public information', async () => {
    await userWithRoles(core, 'nobody', []);
    const personal = new Set(['auth.signOut', 'auth.changePassword']);
    const checked: string[] = [];
    for (const [name, h] of core.registry) {
      const access = h.endpoint.access;
      if (access === 'public') continue;
      if (access === 'signed-in') {
        expect(personal.has(name), `${name} is open to every signed-in user`).toBe(true);
        continue;
      }
      const e = await callErr(core, 'nobody', name, {});
      expect(e.code, name).toBe('FORBIDDEN');
      expect(e.message).toMatch(/您没有“.+”的权限/);
      checked.push(name);
    }
    expect(checked.length).toBeGreaterThan(10);
    // Anonymous callers are refused too.
    for (const name of checked) expect((await callErr(core, 'anon', name, {})).code).toBe('UNAUTHENTICATED');
  });

  it('writes every change to the audit log with user, role and before/after, and the chain verifies', async () => {
    const { user } = await userWithRoles(core, 'kj2', ['会计']);
    await call(core, 'admin', 'users.setRoles', { id: user.id, roles: ['会计', '办公室'] });
    const log = await call(core, 'admin', 'audit.list', { targetType: '用户', targetId: String(user.id) });
    const change = log.rows.find((r: any) => r.action === '分配角色');
    expect(change).toMatchObject({ username: 'admin', role: '系统管理员', before: { roles: ['会计'] }, after: { roles: ['会计', '办公室'] } });
    expect((await verifyAuditLog(core.db)).ok).toBe(true);
    const v = await call(core, 'admin', 'audit.verify');
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(3);
  });
});
