// The registry: implementations bound to the contract's endpoints. It refuses duplicates and
// checks that every declared endpoint has exactly one implementation.
import type { Endpoint, EndpointOutput, EndpointParsed } from '../../shared/contract/define';
import { endpoints as declared } from '../../shared/contract';
import type { HandlerContext } from './context';

export interface Handler<E extends Endpoint = Endpoint> {
  endpoint: E;
  run: (input: EndpointParsed<E>, ctx: HandlerContext) => Promise<EndpointOutput<E>>;
}

/** Binds an implementation to its contract declaration (types flow from the declaration). */
export function implement<E extends Endpoint>(
  endpoint: E,
  run: (input: EndpointParsed<E>, ctx: HandlerContext) => Promise<EndpointOutput<E>>,
): Handler<E> {
  return { endpoint, run };
}

export type Registry = ReadonlyMap<string, Handler>;

export function createRegistry(handlers: readonly Handler<any>[], contract: readonly Endpoint[] = declared): Registry {
  const map = new Map<string, Handler>();
  for (const h of handlers) {
    const name = h.endpoint.name;
    if (map.has(name)) throw new Error(`接口 ${name} 被重复注册`);
    map.set(name, h as Handler);
  }
  const missing = contract.filter((e) => !map.has(e.name)).map((e) => e.name);
  if (missing.length) throw new Error(`以下接口已在契约中声明但未实现：${missing.join('、')}`);
  const undeclared = [...map.keys()].filter((n) => !contract.some((e) => e.name === n));
  if (undeclared.length) throw new Error(`以下接口未在契约中声明：${undeclared.join('、')}`);
  return map;
}
