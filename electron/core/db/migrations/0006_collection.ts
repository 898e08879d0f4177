import type { Kysely } from 'kysely';

/** 经费收缴 (税务代征、分成、返还、对账): the domain's tables. */
export async function up(_db: Kysely<any>): Promise<void> {}
