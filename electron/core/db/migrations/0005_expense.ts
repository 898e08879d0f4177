import type { Kysely } from 'kysely';

/** 支出审批 (七步审批链): the domain's tables. */
export async function up(_db: Kysely<any>): Promise<void> {}
