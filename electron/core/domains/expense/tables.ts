// 支出审批 (七步审批链): the Kysely table types of migration 0005_expense, merged into the DB interface in db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExpenseTables {}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const EXPENSE_MAIN_TABLES: ReadonlyArray<{ table: keyof ExpenseTables & string; label: string }> = [];
