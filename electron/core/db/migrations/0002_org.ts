import { sql, type Kysely } from 'kysely';
import { ALL_ROLES, ROLE_DESCRIPTIONS, DEFAULT_SOD_RULES } from '../../../../shared/roles';

/** Organisation, people and trust: roles, users, separation-of-duties rules, units, audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('role')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('org_type', 'text')
    .addColumn('ownership', 'text')
    .addColumn('credit_code', 'text')
    .addColumn('union_credit_code', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('union_founded_on', 'text')
    .addColumn('union_status', 'text')
    .addColumn('chair', 'text')
    .addColumn('member_count', 'integer')
    .addColumn('staff_count', 'integer')
    .addColumn('payroll_base_fen', 'integer')
    .addColumn('bank_name', 'text')
    .addColumn('bank_account', 'text')
    .addColumn('contact_person', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index unit_credit_code on unit (credit_code) where credit_code is not null`.execute(db);
  await sql`create index unit_parent on unit (parent_id)`.execute(db);
  await sql`create index unit_kind on unit (kind, org_type)`.execute(db);
  await sql`create index unit_name on unit (name)`.execute(db);

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id'))
    .addColumn('title', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_salt', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_sign_in_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index app_user_username on app_user (username collate nocase)`.execute(db);

  await db.schema
    .createTable('user_role')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('role_code', 'text', (c) => c.notNull().references('role.code'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'integer')
    .addPrimaryKeyConstraint('user_role_pk', ['user_id', 'role_code'])
    .execute();

  // Separation of duties as data: role pairs one person may not hold together.
  await db.schema
    .createTable('sod_rule')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role_a', 'text', (c) => c.notNull().references('role.code'))
    .addColumn('role_b', 'text', (c) => c.notNull().references('role.code'))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Append-only, hash-chained audit log. AUTOINCREMENT keeps sqlite_sequence, so deleting the last
  // rows is detectable too.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`create index audit_log_target on audit_log (target_type, target_id)`.execute(db);
  await sql`create index audit_log_user on audit_log (user_id, at)`.execute(db);
  await sql`create index audit_log_module on audit_log (module, at)`.execute(db);
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, '审计日志只能追加，不能修改'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, '审计日志只能追加，不能删除'); end`.execute(db);
  await seed(db, new Date().toISOString());
}

async function seed(db: Kysely<any>, now: string): Promise<void> {
  await db
    .insertInto('role')
    .values(ALL_ROLES.map((code, i) => ({ code, description: ROLE_DESCRIPTIONS[code], sort: i + 1, builtin: 1 })))
    .execute();
  await db
    .insertInto('sod_rule')
    .values(
      DEFAULT_SOD_RULES.map((r) => ({
        name: r.name,
        role_a: r.a,
        role_b: r.b,
        basis: r.basis,
        effective_from: '2000-01-01',
        effective_to: null,
        created_at: now,
      })),
    )
    .execute();
}
