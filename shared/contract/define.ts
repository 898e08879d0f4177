// The contract: every handler the renderer may call is declared here once — its name, the zod schema
// of its input, who may call it and the type of its result. The core implements these declarations;
// the renderer's `invoke` is typed from them, so a renamed handler breaks the build, not the user.
import { z } from 'zod';

// Every validation message the user can see is Chinese, including zod's built-in ones
// (unknown keys, wrong types) that a schema does not override.
z.config(z.locales.zhCN());

/** Who may call a handler: anybody (sign-in, public information), any signed-in user, or listed roles. */
export type Access = 'public' | 'signed-in' | readonly string[];

export interface Endpoint<N extends string = string, I extends z.ZodType = z.ZodType, O = unknown> {
  readonly name: N;
  readonly summary: string;
  readonly input: I;
  readonly access: Access;
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O;
}

/**
 * Declares an endpoint. Written as `endpoint<Output>()({...})` so the output type is given explicitly
 * while the name and input schema are inferred.
 */
export function endpoint<O>() {
  return <N extends string, I extends z.ZodType>(def: {
    name: N;
    summary: string;
    input: I;
    access: Access;
  }): Endpoint<N, I, O> => def;
}

export type EndpointInput<E> = E extends Endpoint<string, infer I, unknown> ? z.input<I> : never;
export type EndpointParsed<E> = E extends Endpoint<string, infer I, unknown> ? z.output<I> : never;
export type EndpointOutput<E> = E extends Endpoint<string, z.ZodType, infer O> ? O : never;

/** The result envelope every transport returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  /** Stable machine code, e.g. `VALIDATION`, `FORBIDDEN`, `NOT_FOUND`. */
  code: string;
  /** Chinese message for the user. */
  message: string;
  /** Field- or cell-level details (path → message), where the error concerns specific inputs. */
  details?: ErrorDetail[];
}

export interface ErrorDetail {
  /** Dotted path into the input (`lines.3.amount`) or a location such as `单位!B7`. */
  path: string;
  message: string;
  sheet?: string;
  row?: number;
  column?: string;
}

/** Events pushed from the core to the renderer (progress of long tasks, notifications). */
export interface ProgressEvent {
  /** The handler (or task) that reports. */
  task: string;
  done: number;
  total: number;
  message?: string;
}

export interface EventMap {
  progress: ProgressEvent;
  notice: { level: 'info' | 'warning' | 'error'; message: string };
}
export type EventName = keyof EventMap;
