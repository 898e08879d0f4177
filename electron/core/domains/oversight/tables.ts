// 经审监督 (审计项目、问题、整改台账、经审会会议): the Kysely table types of migration 0007_oversight, merged into the DB interface in db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OversightTables {}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const OVERSIGHT_MAIN_TABLES: ReadonlyArray<{ table: keyof OversightTables & string; label: string }> = [];
