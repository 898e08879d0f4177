// Signing in through the contract, as the renderer does.
import type { Core } from '../../electron/core/app';

export const ADMIN = { username: 'admin', displayName: '系统管理员', password: 'Admin2026' };
/** A valid 统一社会信用代码 for the test federation. */
export const ORG_CODE = '91350100M000100Y43';

export async function call<T = any>(core: Core, channel: string, name: string, input: unknown = {}): Promise<T> {
  const r = await core.router.call(name, input, { channel });
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { error: r.error });
  return r.value as T;
}

export async function callErr(core: Core, channel: string, name: string, input: unknown = {}) {
  const r = await core.router.call(name, input, { channel });
  if (r.ok) throw new Error(`${name} should have failed but returned ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** Runs first-run setup and signs the administrator in on `channel`. */
export async function initialise(core: Core, channel = 'admin') {
  await call(core, channel, 'setup.initialise', {
    orgName: '测试县总工会',
    creditCode: ORG_CODE,
    level: '县级',
    fiscalYear: 2026,
    admin: ADMIN,
  });
  await call(core, channel, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
  return channel;
}

/** Creates a user with the given roles (as the admin) and signs them in on a channel of their name. */
export async function userWithRoles(core: Core, username: string, roles: string[], adminChannel = 'admin') {
  const password = 'Passw0rd!';
  const user = await call(core, adminChannel, 'users.create', { username, displayName: username, password, roles, mustChangePassword: false });
  await call(core, username, 'auth.signIn', { username, password });
  return { user, channel: username };
}
