import { sql, type Kysely } from 'kysely';

/** Platform tables: application settings and the content-addressed file store. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Attachments (scans, PDFs, imported workbooks) are stored once by SHA-256; records refer to them.
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('content', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await sql`create index stored_file_sha on stored_file (sha256)`.execute(db);
}
