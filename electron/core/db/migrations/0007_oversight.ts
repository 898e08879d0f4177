import { sql, type Kysely } from 'kysely';
import { DEFAULT_FINDING_CATEGORIES } from '../../../../shared/oversight/constants';

/** 经审监督 (审计项目、问题、整改台账、经审会会议): the domain's tables. */
export async function up(db: Kysely<any>): Promise<void> {
  const stmts = [
    // The editable taxonomy of findings (domain.md §5.3), seeded below.
    `create table oversight_category (
      id integer primary key autoincrement,
      name text not null unique,
      group_name text not null,
      sort integer not null,
      active integer not null default 1,
      created_at text not null
    )`,
    // The committee's membership per union (unit): only current members count toward a quorum.
    `create table oversight_member (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      user_id integer not null references app_user(id),
      position text not null,
      term_from text not null,
      term_to text,
      created_at text not null,
      created_by integer
    )`,
    `create index oversight_member_unit on oversight_member (unit_id, user_id)`,
    // The yearly audit plan.
    `create table oversight_plan (
      id integer primary key autoincrement,
      year integer not null unique,
      title text not null,
      status text not null,
      notes text,
      approved_at text,
      approved_by integer,
      created_at text not null,
      updated_at text not null
    )`,
    `create table oversight_project (
      id integer primary key autoincrement,
      year integer not null,
      code text not null unique,
      name text not null,
      kind text not null,
      unit_id integer not null references unit(id),
      budget_book_id integer references budget_book(id),
      period_from text,
      period_to text,
      team text,
      leader text,
      start_on text,
      end_on text,
      status text not null,
      basis text,
      scope text,
      method text,
      summary text,
      strengths text,
      opinion text,
      deadline text,
      created_at text not null,
      created_by integer,
      updated_at text not null
    )`,
    `create index oversight_project_year on oversight_project (year, unit_id)`,
    // Working papers: files stored once by content hash (stored_file), with notes.
    `create table oversight_paper (
      id integer primary key autoincrement,
      project_id integer not null references oversight_project(id),
      title text not null,
      note text,
      file_id integer references stored_file(id),
      sha256 text,
      created_at text not null,
      created_by integer
    )`,
    `create index oversight_paper_project on oversight_paper (project_id)`,
    `create table oversight_finding (
      id integer primary key autoincrement,
      project_id integer not null references oversight_project(id),
      seq integer not null,
      category_id integer not null references oversight_category(id),
      description text not null,
      amount_fen integer not null default 0,
      basis text,
      severity text not null,
      nature text not null,
      requirement text,
      response text,
      response_by integer,
      response_name text,
      response_at text,
      created_at text not null,
      created_by integer,
      updated_at text not null,
      unique (project_id, seq)
    )`,
    `create index oversight_finding_category on oversight_finding (category_id)`,
    // Evidence: links to records of other modules (kind + id; labels resolved at read time) or files.
    `create table oversight_evidence (
      id integer primary key autoincrement,
      finding_id integer not null references oversight_finding(id),
      purpose text not null,
      kind text not null,
      ref_id integer,
      file_id integer references stored_file(id),
      note text,
      created_at text not null,
      created_by integer
    )`,
    `create index oversight_evidence_finding on oversight_evidence (finding_id, purpose)`,
    `create index oversight_evidence_ref on oversight_evidence (kind, ref_id)`,
    // 整改台账: one rectification per finding.
    `create table oversight_rectification (
      id integer primary key autoincrement,
      finding_id integer not null unique references oversight_finding(id),
      measures text,
      leader text,
      person text,
      deadline text,
      status text not null,
      completed_on text,
      result text,
      verified_by integer,
      verified_name text,
      verified_at text,
      note text,
      updated_at text not null
    )`,
    `create index oversight_rectification_status on oversight_rectification (status, deadline)`,
    `create table oversight_rect_history (
      id integer primary key autoincrement,
      rectification_id integer not null references oversight_rectification(id),
      at text not null,
      user_id integer,
      username text not null,
      role text not null,
      from_status text,
      to_status text not null,
      summary text not null,
      snapshot_json text not null
    )`,
    `create index oversight_rect_history_rect on oversight_rect_history (rectification_id, id)`,
    `create trigger oversight_rect_history_no_update before update on oversight_rect_history
      begin select raise(abort, '整改历史只能追加，不能修改'); end`,
    `create trigger oversight_rect_history_no_delete before delete on oversight_rect_history
      begin select raise(abort, '整改历史只能追加，不能删除'); end`,
    // Committee sessions.
    `create table oversight_session (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      year integer not null,
      seq integer not null,
      title text not null,
      held_on text not null,
      place text,
      chair text,
      status text not null,
      minutes text,
      closed_at text,
      created_at text not null,
      created_by integer,
      unique (unit_id, year, seq)
    )`,
    `create table oversight_attendee (
      session_id integer not null references oversight_session(id),
      user_id integer references app_user(id),
      name text not null,
      attendance text not null,
      primary key (session_id, name)
    )`,
    `create table oversight_agenda (
      id integer primary key autoincrement,
      session_id integer not null references oversight_session(id),
      seq integer not null,
      kind text not null,
      ref_id integer,
      title text not null,
      decision text,
      resolution text,
      votes_for integer,
      votes_against integer,
      votes_abstain integer,
      resolved_at text,
      resolved_by integer,
      unique (session_id, seq)
    )`,
    `create index oversight_agenda_ref on oversight_agenda (kind, ref_id)`,
    // A budget's 经审会审查 step citing the resolution that decided it (budget_step is append-only).
    `create table oversight_budget_citation (
      step_id integer primary key references budget_step(id),
      agenda_id integer not null references oversight_agenda(id),
      created_at text not null
    )`,
    `create trigger oversight_budget_citation_no_update before update on oversight_budget_citation
      begin select raise(abort, '审批记录的引用只能追加，不能修改'); end`,
    `create trigger oversight_budget_citation_no_delete before delete on oversight_budget_citation
      begin select raise(abort, '审批记录的引用只能追加，不能删除'); end`,
  ];
  for (const s of stmts) await sql.raw(s).execute(db);
  const now = new Date().toISOString();
  await db
    .insertInto('oversight_category')
    .values(DEFAULT_FINDING_CATEGORIES.map((c, i) => ({ name: c.name, group_name: c.group, sort: i + 1, active: 1, created_at: now })))
    .execute();
}
