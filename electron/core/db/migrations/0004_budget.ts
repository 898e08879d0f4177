import { sql, type Kysely } from 'kysely';
import { RULE_DEFAULTS, RULE_PARAM_SCHEMAS } from '../../../../shared/budget/rules';

/**
 * Budget compilation: rules as dated data, versions of each unit's budget (部门预算) with its projects
 * (项目预算) and detail lines (明细预算), the per-unit submission state of a year, the import log, and
 * the year's consolidated budget books carried through the seven-stage procedure.
 *
 * Immutability is enforced by triggers, not only by the handlers: lines, projects and versions of a
 * locked (approved) version, approved books and their member lists, and every procedure step cannot be
 * updated or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budget_rule')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('blocking', 'integer', (c) => c.notNull())
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await sql`create index budget_rule_key on budget_rule (key, effective_from)`.execute(db);

  await db.schema
    .createTable('budget_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('chart', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('file_sha256', 'text')
    .addColumn('preparer', 'text')
    .addColumn('phone', 'text')
    .addColumn('prepared_on', 'text')
    .addColumn('unit_head', 'text')
    // Where the amounts sit in the workbook: sheet → column letter of 金额（元） (for drill-down cells).
    .addColumn('layout_json', 'text')
    // Notes of the import that created the version (the version row is the record of a successful import).
    .addColumn('warnings_json', 'text')
    .addColumn('income_fen', 'integer', (c) => c.notNull())
    .addColumn('expense_fen', 'integer', (c) => c.notNull())
    .addColumn('basic_fen', 'integer', (c) => c.notNull())
    .addColumn('project_fen', 'integer', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('project_count', 'integer', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index budget_version_unit on budget_version (year, unit_id, seq)`.execute(db);

  await db.schema
    .createTable('budget_project')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('budget_version.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('special_fund', 'text')
    .addColumn('purpose', 'text')
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('manager', 'text')
    .addColumn('goals', 'text')
    .addColumn('indicators', 'text')
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('sheet', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index budget_project_version on budget_project (version_id, code)`.execute(db);

  await db.schema
    .createTable('budget_line')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('version_id', 'integer', (c) => c.notNull().references('budget_version.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addColumn('expense_type', 'text')
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('project_id', 'integer', (c) => c.references('budget_project.id'))
    .addColumn('item', 'text')
    .addColumn('quantity', 'text')
    .addColumn('unit_price_fen', 'integer')
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('sangong', 'text')
    .addColumn('special_fund', 'text')
    .addColumn('note', 'text')
    .addColumn('sheet', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .execute();
  // Covering index for the consolidation GROUP BYs (by subject, by funding source / expense type).
  await sql`create index budget_line_sum on budget_line
    (version_id, direction, subject_code, funding_source, expense_type, amount_fen)`.execute(db);
  await sql`create index budget_line_project on budget_line (project_id) where project_id is not null`.execute(db);
  await sql`create index budget_line_sangong on budget_line (version_id, sangong) where sangong is not null`.execute(db);

  // One row per unit and year that ever had a budget import: the current version and the last attempt.
  // A rowid table on purpose: joined from its (year, unit_id) key, SQLite knows the rows come in unit order
  // and aggregates per unit as it scans (WITHOUT ROWID made it sort 1.25 million lines at city scale).
  await db.schema
    .createTable('budget_unit_year')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('current_version_id', 'integer', (c) => c.references('budget_version.id'))
    .addColumn('version_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_attempt_ok', 'integer')
    .addColumn('last_file_name', 'text')
    .addColumn('last_error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_errors_json', 'text')
    .addPrimaryKeyConstraint('budget_unit_year_pk', ['year', 'unit_id'])
    .execute();

  // Rejected import attempts (a rejected file changes no budget data; this keeps its errors for the
  // status table and the import history). Successful imports are recorded by their version rows.
  // The newest version of a unit's year is its current one, and the successful import is its last attempt:
  // kept by the database itself, in the same statement that records the version.
  await sql
    .raw(
      `create trigger budget_version_current after insert on budget_version begin
         insert into budget_unit_year (year, unit_id, current_version_id, version_count, last_attempt_at, last_attempt_ok,
           last_file_name, last_error_count, last_errors_json)
         values (new.year, new.unit_id, new.id, new.seq, new.created_at, 1, new.file_name, 0, null)
         on conflict (year, unit_id) do update set current_version_id = excluded.current_version_id,
           version_count = excluded.version_count, last_attempt_at = excluded.last_attempt_at, last_attempt_ok = 1,
           last_file_name = excluded.last_file_name, last_error_count = 0, last_errors_json = null;
       end`,
    )
    .execute(db);

  await db.schema
    .createTable('budget_import_rejection')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('warning_count', 'integer', (c) => c.notNull())
    .addColumn('errors_json', 'text')
    .addColumn('warnings_json', 'text')
    .execute();
  await sql`create index budget_import_rejection_unit on budget_import_rejection (year, unit_id, id)`.execute(db);

  await db.schema
    .createTable('budget_book')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('based_on_book_id', 'integer', (c) => c.references('budget_book.id'))
    .addColumn('snapshot_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('approved_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text')
    .execute();
  await sql`create index budget_book_year on budget_book (year, status)`.execute(db);

  await db.schema
    .createTable('budget_book_member')
    .addColumn('book_id', 'integer', (c) => c.notNull().references('budget_book.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('budget_version.id'))
    .addPrimaryKeyConstraint('budget_book_member_pk', ['book_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('budget_step')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('book_id', 'integer', (c) => c.notNull().references('budget_book.id'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signer_name', 'text')
    .addColumn('signed_on', 'text')
    .addColumn('scan_file_id', 'integer', (c) => c.references('stored_file.id'))
    .addColumn('opinion', 'text')
    .addColumn('attachments_json', 'text')
    .addColumn('meeting_json', 'text')
    .addColumn('committee_resolution_id', 'text')
    .addColumn('approval_doc', 'text')
    .addColumn('checks_json', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index budget_step_book on budget_step (book_id, id)`.execute(db);

  // ── immutability ────────────────────────────────────────────────────────────────────────────────
  const lockedMsg = "'预算已批准锁定，不能修改或删除；如需变更请办理预算调整'";
  for (const t of ['budget_line', 'budget_project']) {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${t}_locked_${op} before ${op} on ${t}
           when (select locked from budget_version where id = old.version_id) = 1
           begin select raise(abort, ${lockedMsg}); end`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `create trigger ${t}_locked_insert before insert on ${t}
         when (select locked from budget_version where id = new.version_id) = 1
         begin select raise(abort, ${lockedMsg}); end`,
      )
      .execute(db);
  }
  await sql
    .raw(`create trigger budget_version_locked_update before update on budget_version when old.locked = 1
          begin select raise(abort, ${lockedMsg}); end`)
    .execute(db);
  await sql
    .raw(`create trigger budget_version_locked_delete before delete on budget_version when old.locked = 1
          begin select raise(abort, ${lockedMsg}); end`)
    .execute(db);
  const approvedMsg = "'预算已批准，不能修改或删除'";
  await sql
    .raw(`create trigger budget_book_approved_update before update on budget_book when old.status = '已批准'
          begin select raise(abort, ${approvedMsg}); end`)
    .execute(db);
  await sql
    .raw(`create trigger budget_book_approved_delete before delete on budget_book when old.status = '已批准'
          begin select raise(abort, ${approvedMsg}); end`)
    .execute(db);
  for (const op of ['insert', 'update', 'delete']) {
    const ref = op === 'insert' ? 'new' : 'old';
    await sql
      .raw(
        `create trigger budget_book_member_${op} before ${op} on budget_book_member
         when (select status from budget_book where id = ${ref}.book_id) = '已批准'
         begin select raise(abort, ${approvedMsg}); end`,
      )
      .execute(db);
  }
  await sql
    .raw(`create trigger budget_step_no_update before update on budget_step
          begin select raise(abort, '审批记录只能追加，不能修改'); end`)
    .execute(db);
  await sql
    .raw(`create trigger budget_step_no_delete before delete on budget_step
          begin select raise(abort, '审批记录只能追加，不能删除'); end`)
    .execute(db);

  // ── default rules ───────────────────────────────────────────────────────────────────────────────
  const now = new Date().toISOString();
  await db
    .insertInto('budget_rule')
    .values(
      RULE_DEFAULTS.map((r) => ({
        key: r.key,
        name: r.name,
        blocking: r.blocking ? 1 : 0,
        // Parsed so that the stored row always carries every parameter with its default.
        params_json: JSON.stringify(RULE_PARAM_SCHEMAS[r.key].parse(r.params)),
        effective_from: '2000-01-01',
        effective_to: null,
        basis: r.basis,
        created_at: now,
        created_by: null,
      })),
    )
    .execute();
}
