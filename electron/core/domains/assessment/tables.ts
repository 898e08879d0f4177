// 考核评价 (百分制考核、一企一档、资金挂钩): the Kysely table types of migration 0008_assessment, merged into the DB interface in db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AssessmentTables {}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const ASSESSMENT_MAIN_TABLES: ReadonlyArray<{ table: keyof AssessmentTables & string; label: string }> = [];
