// Every domain's endpoints, merged into one map keyed by handler name. Adding a domain: declare its
// endpoints in its own file and spread them into `domains` below.
import type { Endpoint, EndpointInput, EndpointOutput } from './define';
import { system } from './system';
import { auth } from './auth';
import { audit } from './audit';
import { backup } from './backup';
import { budget } from './budget';
import { ledger } from './ledger';
import { units } from './units';
import { expense } from './expense';
import { collection } from './collection';
import { collectionBases } from './collection-bases';
import { oversight } from './oversight';
import { assessment } from './assessment';

const domains = [system, auth, audit, backup, budget, ledger, units, expense, collection, collectionBases, oversight, assessment] as const;

type Values<T> = T extends unknown ? T[keyof T] : never;
type AllEndpoints = Values<(typeof domains)[number]>;

/** Handler name → endpoint declaration. */
export type Contract = { [E in AllEndpoints as E['name']]: E };
export type HandlerName = keyof Contract;
export type InputOf<N extends HandlerName> = EndpointInput<Contract[N]>;
export type OutputOf<N extends HandlerName> = EndpointOutput<Contract[N]>;

/** All endpoints as a list; the core's registry checks each is implemented exactly once. */
export const endpoints: readonly Endpoint[] = domains.flatMap((d) => Object.values(d) as Endpoint[]);

export * from './define';
export * from './system';
export * from './auth';
export * from './audit';
export * from './backup';
export * from './budget';
export * from './ledger';
export * from './units';
export * from './expense';
export * from './collection';
export * from './collection-bases';
export * from './oversight';
export * from './assessment';
