import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { endpoint } from '../../shared/contract/define';
import { endpoints } from '../../shared/contract';
import { createRegistry, implement } from '../../electron/core/registry';
import { createRouter } from '../../electron/core/router';
import { AppError } from '../../electron/core/errors';
import { tempCore } from '../helpers/temp';

let core: Awaited<ReturnType<typeof tempCore>>;
beforeAll(async () => {
  core = await tempCore();
});
afterAll(async () => core.close());

const echo = endpoint<{ n: number }>()({
  name: 'test.echo',
  summary: '回显',
  input: z.object({ n: z.number().int() }).strict(),
  access: ['会计'],
});
const open = endpoint<string>()({ name: 'test.open', summary: '公开', input: z.object({}), access: 'public' });

describe('registry', () => {
  it('refuses duplicate handlers and unimplemented or undeclared endpoints', () => {
    const h = implement(echo, async (i) => ({ n: i.n }));
    expect(() => createRegistry([h, h], [echo])).toThrow(/重复注册/);
    expect(() => createRegistry([], [echo])).toThrow(/未实现.*test\.echo/);
    expect(() => createRegistry([h], [])).toThrow(/未在契约中声明.*test\.echo/);
  });

  it('implements every endpoint of the contract exactly once', () => {
    const names = endpoints.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...core.registry.keys()].sort()).toEqual([...names].sort());
  });
});

describe('router', () => {
  const registry = () =>
    createRegistry(
      [
        implement(echo, async (i) => ({ n: i.n * 2 })),
        implement(open, async () => {
          throw new AppError('CUSTOM', '自定义错误');
        }),
      ],
      [echo, open],
    );

  it('returns a Chinese error for an unknown handler name', async () => {
    const r = await core.router.call('nope.nothing', {}, { channel: 't' });
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_HANDLER', message: '未知的接口：nope.nothing' } });
    const weird = await core.router.call(42 as unknown as string, {}, { channel: 't' });
    expect(weird.ok).toBe(false);
  });

  it('validates input and reports the failing field', async () => {
    const router = createRouter(registry(), core.env, { resolve: () => ({ userId: 1, username: 'a', displayName: 'A', roles: ['会计'], startedAt: '', lastSeenAt: '' }) });
    const bad = await router.call('test.echo', { n: 'x' }, { channel: 't' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.details?.[0].path).toBe('n');
      expect(bad.error.message).toMatch(/^输入有误/);
    }
    const extra = await router.call('test.echo', { n: 1, evil: true }, { channel: 't' });
    expect(extra.ok).toBe(false);
    expect(await router.call('test.echo', { n: 21 }, { channel: 't' })).toEqual({ ok: true, value: { n: 42 } });
  });

  it('checks the session and the role before running the handler', async () => {
    let ran = false;
    const reg = createRegistry([implement(echo, async (i) => ((ran = true), { n: i.n }))], [echo]);
    const anonymous = createRouter(reg, core.env, { resolve: () => undefined });
    const r1 = await anonymous.call('test.echo', { n: 1 }, { channel: 't' });
    expect(r1.ok === false && r1.error.code).toBe('UNAUTHENTICATED');
    const cashier = createRouter(reg, core.env, {
      resolve: () => ({ userId: 2, username: 'c', displayName: 'C', roles: ['出纳'], startedAt: '', lastSeenAt: '' }),
    });
    const r2 = await cashier.call('test.echo', { n: 1 }, { channel: 't' });
    expect(r2.ok === false && r2.error.code).toBe('FORBIDDEN');
    expect(r2.ok === false && r2.error.message).toMatch(/需要以下角色之一：会计/);
    expect(ran).toBe(false);
  });

  it('turns thrown AppErrors and unexpected errors into envelopes', async () => {
    const router = createRouter(registry(), core.env, { resolve: () => undefined });
    expect(await router.call('test.open', {}, { channel: 't' })).toEqual({
      ok: false,
      error: { code: 'CUSTOM', message: '自定义错误', details: undefined },
    });
  });

  it('serves system.info with real counts and the schema version', async () => {
    const r = await core.router.call('system.info', {}, { channel: 't' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const v = r.value as any;
      expect(v.dbPath).toBe(core.env.dbPath);
      expect(v.schemaVersion).toBe(v.latestSchemaVersion);
      expect(v.tables.find((t: any) => t.table === 'app_setting').rows).toBe(0);
    }
  });

  it('describes every handler with its access and JSON Schema input', async () => {
    const r = await core.router.call('system.apiList', {}, { channel: 't' });
    expect(r.ok).toBe(true);
    const list = (r as any).value as any[];
    expect(list.map((a) => a.name)).toContain('system.info');
    expect(list.find((a) => a.name === 'system.info').input.type).toBe('object');
  });
});
