// 经费收缴 (税务代征、分成、返还、对账): the Kysely table types of migration 0006_collection, merged into the DB interface in db/schema.ts.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CollectionTables {}

/** The domain's main tables, with Chinese labels, for the home page and `cli info`. */
export const COLLECTION_MAIN_TABLES: ReadonlyArray<{ table: keyof CollectionTables & string; label: string }> = [];
