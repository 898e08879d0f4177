import type { Kysely } from 'kysely';

/** 经审监督 (审计项目、问题、整改台账、经审会会议): the domain's tables. */
export async function up(_db: Kysely<any>): Promise<void> {}
