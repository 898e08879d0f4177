import { sql, type Kysely } from 'kysely';

/**
 * 考核评价: scoring templates (versioned by year: categories, items, points, 必备 and bonus items, manual or
 * computed by a named rule with thresholds), assessment rounds over units (or workers, each tied to a
 * unit) with self / reviewer / computed scores and evidence, the logged reopenings, the service ledger
 * 一企一档, and the allocation proposals that close the loop into next year's budget.
 *
 * Locking is enforced by triggers: once a round is 已关闭 its scores, subjects and evidence cannot be
 * written; an accepted proposal and its lines cannot change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table assess_template (
      id integer primary key autoincrement,
      code text not null,
      name text not null,
      year integer not null,
      version integer not null default 1,
      subject_kinds text not null,
      total_points real not null,
      bonus_cap real not null default 0,
      bands_json text not null,
      cap_grade text not null,
      uplift_grades text not null default '[]',
      cut_grades text not null default '[]',
      allowance_grades text not null default '[]',
      example integer not null default 0,
      source text,
      note text,
      created_at text not null,
      created_by integer,
      updated_at text not null
    )`,
    `create unique index assess_template_code on assess_template (code, year, version)`,
    `create table assess_category (
      id integer primary key autoincrement,
      template_id integer not null references assess_template(id),
      seq integer not null,
      name text not null,
      example integer not null default 0
    )`,
    `create index assess_category_template on assess_category (template_id, seq)`,
    `create table assess_item (
      id integer primary key autoincrement,
      template_id integer not null references assess_template(id),
      category_id integer not null references assess_category(id),
      seq integer not null,
      code text not null,
      title text not null,
      content text not null,
      max_points real not null check (max_points > 0),
      mandatory integer not null default 0,
      pass_min real,
      bonus integer not null default 0,
      deduction integer not null default 0,
      method text not null check (method in ('手工评分', '系统计算')),
      rule_key text,
      rule_params_json text,
      evidence text,
      example integer not null default 0
    )`,
    `create index assess_item_template on assess_item (template_id, seq)`,

    `create table assess_round (
      id integer primary key autoincrement,
      template_id integer not null references assess_template(id),
      year integer not null,
      name text not null,
      status text not null default '进行中' check (status in ('进行中', '已关闭')),
      self_due text,
      review_due text,
      created_at text not null,
      created_by integer,
      closed_at text,
      closed_by integer,
      reopen_count integer not null default 0,
      computed_at text
    )`,
    // One row per unit (or worker) assessed. Totals, grade and rank are written when scores change and on close.
    `create table assess_subject (
      id integer primary key autoincrement,
      round_id integer not null references assess_round(id),
      unit_id integer not null references unit(id),
      person_name text,
      rank_group text not null,
      self_submitted_at text,
      self_total real,
      total real,
      grade text,
      mandatory_failed integer not null default 0,
      reviewed_items integer not null default 0,
      rank integer
    )`,
    `create unique index assess_subject_unit on assess_subject (round_id, unit_id, coalesce(person_name, ''))`,
    `create index assess_subject_rank on assess_subject (round_id, rank_group, total)`,
    `create table assess_score (
      subject_id integer not null references assess_subject(id),
      item_id integer not null references assess_item(id),
      round_id integer not null,
      self_score real,
      self_note text,
      self_by integer,
      self_at text,
      self_proxy_name text,
      review_score real,
      review_note text,
      review_by integer,
      review_at text,
      computed_value text,
      computed_score real,
      computed_detail text,
      final_score real,
      primary key (subject_id, item_id)
    ) without rowid`,
    `create table assess_evidence (
      id integer primary key autoincrement,
      subject_id integer not null references assess_subject(id),
      item_id integer not null references assess_item(id),
      round_id integer not null,
      file_id integer not null references stored_file(id),
      name text not null,
      note text,
      created_at text not null,
      created_by integer
    )`,
    `create index assess_evidence_subject on assess_evidence (subject_id, item_id)`,
    `create table assess_reopen (
      id integer primary key autoincrement,
      round_id integer not null references assess_round(id),
      reason text not null,
      at text not null,
      by_user integer,
      by_name text not null
    )`,

    `create table assess_service (
      id integer primary key autoincrement,
      unit_id integer not null references unit(id),
      service_date text not null,
      year integer not null,
      category text not null,
      title text not null,
      people integer not null default 0 check (people >= 0),
      amount_fen integer not null default 0 check (amount_fen >= 0),
      expense_request_id integer references expense_request(id),
      satisfaction real check (satisfaction is null or (satisfaction >= 0 and satisfaction <= 100)),
      resolved integer check (resolved is null or resolved in (0, 1)),
      provider text,
      note text,
      created_at text not null,
      created_by integer,
      deleted_at text
    )`,
    `create index assess_service_unit on assess_service (unit_id, year)`,
    `create index assess_service_year on assess_service (year, category)`,

    `create table assess_proposal (
      id integer primary key autoincrement,
      round_id integer not null references assess_round(id),
      target_year integer not null,
      status text not null default '待审核' check (status in ('待审核', '已接受', '已退回')),
      params_json text not null,
      total_fen integer not null,
      created_at text not null,
      created_by integer,
      created_by_name text not null,
      decided_at text,
      decided_by integer,
      decided_by_name text,
      decision_note text
    )`,
    `create table assess_proposal_line (
      id integer primary key autoincrement,
      proposal_id integer not null references assess_proposal(id),
      unit_id integer not null references unit(id),
      subject_id integer not null references assess_subject(id),
      total real,
      grade text,
      action text not null,
      percent real not null,
      base_fen integer not null,
      amount_fen integer not null,
      allowance_fen integer not null default 0,
      rectify_by text,
      basis text not null
    )`,
    `create index assess_proposal_line_p on assess_proposal_line (proposal_id, unit_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);

  const closed = (alias: string, roundCol = 'round_id') =>
    `(select status from assess_round where id = ${alias}.${roundCol}) = '已关闭'`;
  const msg = `'考核轮次已关闭，评分已锁定；如需更改，请先重新开启本轮次（需说明理由）。'`;
  for (const table of ['assess_score', 'assess_evidence', 'assess_subject']) {
    for (const op of ['insert', 'update', 'delete']) {
      const ref = op === 'insert' ? 'new' : 'old';
      await sql.raw(`create trigger ${table}_locked_${op} before ${op} on ${table} when ${closed(ref)} begin select raise(abort, ${msg}); end`).execute(db);
    }
  }
  const acceptedMsg = `'资金分配建议已接受，不能修改。'`;
  for (const op of ['update', 'delete']) {
    await sql
      .raw(`create trigger assess_proposal_line_${op} before ${op} on assess_proposal_line
        when (select status from assess_proposal where id = old.proposal_id) = '已接受' begin select raise(abort, ${acceptedMsg}); end`)
      .execute(db);
  }
  await sql
    .raw(`create trigger assess_proposal_accepted before update on assess_proposal when old.status = '已接受' begin select raise(abort, ${acceptedMsg}); end`)
    .execute(db);
}
