// The router: name → handler. It validates input, checks the session and role, runs the handler and
// wraps the outcome in the result envelope. Unknown names and bad input are clear errors, never crashes.
import { z } from 'zod';
import type { ApiError, ErrorDetail, Result } from '../../shared/contract/define';
import type { Registry } from './registry';
import type { CoreEnv, HandlerContext, Session } from './context';
import { AppError } from './errors';

export interface CallMeta {
  /** The transport's key for this caller; sessions are held per channel. */
  channel: string;
}

export interface SessionResolver {
  /** The live session of a channel (refreshing its idle timer), or undefined. */
  resolve(channel: string, now: Date): Promise<Session | undefined> | Session | undefined;
  begin?(channel: string, session: Omit<Session, 'startedAt' | 'lastSeenAt'>, now: Date): Session;
  end?(channel: string): void;
  endUser?(userId: number): void;
  endAll?(): void;
}

export interface Router {
  call(name: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
  readonly registry: Registry;
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function describeAccess(roles: readonly string[]) {
  return roles.join('、');
}

export function createRouter(
  registry: Registry,
  env: CoreEnv,
  sessions: SessionResolver,
  log: (e: unknown, name: string) => void = (e, name) => console.error(`[router] ${name}:`, e),
): Router {
  async function call(name: string, input: unknown, meta: CallMeta): Promise<Result<unknown>> {
    const handler = typeof name === 'string' ? registry.get(name) : undefined;
    if (!handler) return fail({ code: 'UNKNOWN_HANDLER', message: `未知的接口：${String(name)}` });
    const { endpoint } = handler;
    try {
      const session = await sessions.resolve(meta.channel, env.now());
      const access = endpoint.access;
      if (access !== 'public') {
        if (!session) return fail({ code: 'UNAUTHENTICATED', message: '尚未登录或登录已超时，请重新登录。' });
        if (access !== 'signed-in' && !access.some((r) => session.roles.includes(r))) {
          return fail({
            code: 'FORBIDDEN',
            message: `您没有“${endpoint.summary}”的权限。需要以下角色之一：${describeAccess(access)}。`,
          });
        }
      }
      const parsed = endpoint.input.safeParse(input ?? {});
      if (!parsed.success) {
        const details = zodDetails(parsed.error);
        return fail({
          code: 'VALIDATION',
          message: `输入有误：${details.map((d) => (d.path ? `${d.path}：${d.message}` : d.message)).join('；')}`,
          details,
        });
      }
      const actingRole = !session
        ? '（未登录）'
        : access === 'public' || access === 'signed-in'
          ? session.roles.join('、') || '（无角色）'
          : session.roles.find((r) => access.includes(r))!;
      const ctx: HandlerContext = {
        ...env,
        channel: meta.channel,
        session,
        actingRole,
        sessions: {
          begin: (s) => {
            if (!sessions.begin) throw new AppError('INTERNAL', '当前传输方式不支持登录。');
            return sessions.begin(meta.channel, s, env.now());
          },
          end: () => sessions.end?.(meta.channel),
          endUser: (userId) => sessions.endUser?.(userId),
          endAll: () => sessions.endAll?.(),
        },
        progress: (done, total, message) =>
          env.events.emit(meta.channel, 'progress', { task: endpoint.name, done, total, message }),
      };
      return { ok: true, value: await handler.run(parsed.data, ctx) };
    } catch (e) {
      if (e instanceof AppError) return fail({ code: e.code, message: e.message, details: e.details });
      if (e instanceof z.ZodError) {
        return fail({ code: 'VALIDATION', message: '数据格式有误。', details: zodDetails(e) });
      }
      const sqliteCode = (e as { code?: string })?.code;
      if (sqliteCode === 'SQLITE_BUSY') {
        return fail({ code: 'BUSY', message: '数据库正被其他程序占用，请稍后重试。' });
      }
      if (sqliteCode === 'SQLITE_CONSTRAINT') {
        return fail({ code: 'CONFLICT', message: `数据与已有记录冲突：${(e as Error).message}` });
      }
      log(e, endpoint.name);
      return fail({ code: 'INTERNAL', message: `系统内部错误（${endpoint.summary}）：${(e as Error)?.message ?? String(e)}` });
    }
  }
  return { call, registry };
}

function fail(error: ApiError): Result<never> {
  return { ok: false, error };
}
