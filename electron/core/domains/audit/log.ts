// The audit log: append-only and hash-chained. Each row stores the SHA-256 of its own content and
// the previous row's hash, so altering, inserting or deleting a row breaks the chain at that row.
// Every change to money, approvals, roles, rules and units writes here inside the same transaction.
import crypto from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { bulkInsert, type Row as BulkRow } from '../../db/bulk';
import type { HandlerContext } from '../../context';

export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  userId: number | null;
  username: string;
  role: string;
}

export interface AuditEntry {
  /** Module in Chinese, e.g. 用户与角色, 单位, 预算编制. */
  module: string;
  /** What was done, e.g. 新增用户, 修改单位, 导入单位. */
  action: string;
  targetType: string;
  targetId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

interface Row {
  id: number;
  at: string;
  user_id: number | null;
  username: string;
  role: string;
  module: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export function rowHash(r: Omit<Row, 'hash'>): string {
  const content = JSON.stringify([
    r.id, r.at, r.user_id, r.username, r.role, r.module, r.action, r.target_type, r.target_id, r.summary,
    r.before_json, r.after_json, r.prev_hash,
  ]);
  return crypto.createHash('sha256').update(content).digest('hex');
}

/** The actor of a handler call: the signed-in user and the role they act in. */
export function actorOf(ctx: Pick<HandlerContext, 'session' | 'actingRole'>): Actor {
  return ctx.session
    ? { userId: ctx.session.userId, username: ctx.session.username, role: ctx.actingRole }
    : { userId: null, username: '（未登录）', role: ctx.actingRole };
}

/** Appends one entry. Call inside the transaction that makes the change. */
export async function writeAudit(db: Executor, at: Date | string, actor: Actor, e: AuditEntry): Promise<number> {
  const [id] = await writeAuditBatch(db, at, actor, [e]);
  return id;
}

/**
 * Appends many entries at once (imports), continuing the chain with multi-row INSERTs: 25,000 entries
 * one by one took ~10 s, batched well under one. Call inside the transaction that makes the changes.
 */
export async function writeAuditBatch(
  db: Executor,
  at: Date | string,
  actor: Actor,
  entries: readonly AuditEntry[],
  onBatch?: (written: number) => void,
): Promise<number[]> {
  if (!entries.length) return [];
  const iso = typeof at === 'string' ? at : at.toISOString();
  // One entry and a remembered chain head (the last row this process wrote): a single guarded
  // INSERT … SELECT … WHERE that writes only if that row is still the head — its id and hash unchanged,
  // no row after it, the AUTOINCREMENT counter not past it. Checked by SQLite inside the same statement,
  // under the write transaction's lock, so another process, a rolled-back transaction or another
  // database file can only make the guess miss (0 rows written), never link the chain wrongly; on a miss
  // the head is read as below. Saves two statements per audited change (imports write hundreds).
  if (entries.length === 1 && lastWritten) {
    const guess = lastWritten;
    const row = chainRow(guess.id + 1, iso, actor, entries[0], guess.hash);
    const cols = Object.keys(row) as (keyof Row)[];
    const r = await db.executeQuery(
      CompiledQuery.raw(
        `insert into audit_log (${cols.join(', ')}) select ${cols.map(() => '?').join(', ')}
           where (select hash from audit_log where id = ?) = ?
             and not exists (select 1 from audit_log where id > ?)
             and coalesce((select seq from sqlite_sequence where name = 'audit_log'), 0) <= ?`,
        [...cols.map((c) => row[c]), guess.id, guess.hash, guess.id, guess.id],
      ),
    );
    if (Number(r.numAffectedRows ?? 0) === 1) {
      lastWritten = { id: row.id, hash: row.hash };
      return [row.id];
    }
    lastWritten = undefined;
  }
  // The chain head and the AUTOINCREMENT counter in one statement.
  const head = (
    await sql<{ id: number | null; hash: string | null; seq: number | null }>`
      select a.id, a.hash, (select seq from sqlite_sequence where name = 'audit_log') as seq
      from (select 1) left join (select id, hash from audit_log order by id desc limit 1) a on 1`.execute(db)
  ).rows[0];
  let id = Math.max(head?.id ?? 0, head?.seq ?? 0);
  let prev = head?.hash ?? GENESIS_HASH;
  const rows: Row[] = entries.map((e) => {
    const row = chainRow(++id, iso, actor, e, prev);
    prev = row.hash;
    return row;
  });
  if (rows.length === 1) await db.insertInto('audit_log').values(rows[0]).execute();
  else await bulkInsert(db, 'audit_log', rows as unknown as BulkRow[], { onBatch });
  const tail = rows[rows.length - 1];
  lastWritten = { id: tail.id, hash: tail.hash };
  return rows.map((r) => r.id);
}

/**
 * The last entry this process appended (any database): only a guess for the next append, which the
 * guarded INSERT verifies; never trusted without that check.
 */
let lastWritten: { id: number; hash: string } | undefined;

function chainRow(id: number, iso: string, actor: Actor, e: AuditEntry, prevHash: string): Row {
  const row: Omit<Row, 'hash'> = {
    id,
    at: iso,
    user_id: actor.userId,
    username: actor.username,
    role: actor.role,
    module: e.module,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
    summary: e.summary,
    before_json: e.before === undefined ? null : JSON.stringify(e.before),
    after_json: e.after === undefined ? null : JSON.stringify(e.after),
    prev_hash: prevHash,
  };
  return { ...row, hash: rowHash(row) };
}

/** Shorthand for handlers: the actor and time come from the context. */
export function audit(ctx: Pick<HandlerContext, 'session' | 'actingRole' | 'now'>, db: Executor, e: AuditEntry) {
  return writeAudit(db, ctx.now(), actorOf(ctx), e);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastId: number;
  /** The first broken row and what is wrong with it. */
  firstBad?: { id: number; problem: string };
}

/** Walks the chain from the first row and names the first altered, inserted or deleted row. */
export async function verifyAuditLog(db: Executor): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  const PAGE = 5000;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>=', expectedId)
      .orderBy('id')
      .limit(PAGE)
      .execute()) as Row[];
    for (const r of rows) {
      if (r.id !== expectedId) {
        return bad(checked, r.id, `第 ${expectedId} 条至第 ${r.id - 1} 条记录缺失（被删除）`, expectedId - 1);
      }
      if (r.prev_hash !== prevHash) {
        return bad(checked, r.id, `第 ${r.id} 条记录的前序哈希与上一条不符（其前有记录被删除、插入或修改）`, r.id);
      }
      const { hash, ...content } = r;
      if (rowHash(content) !== hash) return bad(checked, r.id, `第 ${r.id} 条记录的内容与其哈希不符（被修改）`, r.id);
      prevHash = hash;
      expectedId++;
      checked++;
    }
    if (rows.length < PAGE) break;
  }
  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'audit_log'`.execute(db);
  const maxSeq = seq.rows[0]?.seq ?? 0;
  if (maxSeq > expectedId - 1) {
    return bad(checked, expectedId, `第 ${expectedId} 条至第 ${maxSeq} 条记录缺失（末尾记录被删除）`, expectedId - 1);
  }
  return { ok: true, checked, lastId: expectedId - 1 };
}

function bad(checked: number, id: number, problem: string, lastId: number): VerifyResult {
  return { ok: false, checked, lastId, firstBad: { id, problem } };
}
