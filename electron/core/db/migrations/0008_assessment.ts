import type { Kysely } from 'kysely';

/** 考核评价 (百分制考核、一企一档、资金挂钩): the domain's tables. */
export async function up(_db: Kysely<any>): Promise<void> {}
