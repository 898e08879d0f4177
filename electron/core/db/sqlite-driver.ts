// A Kysely dialect for the asynchronous `sqlite3` package, modelled on Kysely's own SqliteDriver
// (written for the synchronous better-sqlite3). We write it ourselves because Kysely ships none for
// `sqlite3`, and the stack fixes `sqlite3` (N-API: one build serves Node and Electron, and queries run
// off the JS thread so the window never freezes).
//
// One connection behind a FIFO lock: a transaction holds the lock from BEGIN to COMMIT, so statements
// of different transactions can never interleave on the shared connection.
import sqlite3 from 'sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  SelectQueryNode,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** A FIFO mutex: waiters are served strictly in arrival order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

const READER = /^\s*(select|with|pragma|explain|values)\b/i;
const RETURNING = /\breturning\b/i;

/** Whether a statement produces rows (and so must go to `all()` rather than `run()`). */
export function returnsRows(compiled: CompiledQuery): boolean {
  const node = compiled.query as { kind?: string; returning?: unknown };
  if (SelectQueryNode.is(compiled.query)) return true;
  if (node && node.kind && node.kind !== 'RawNode') return Boolean(node.returning);
  return READER.test(compiled.sql) || RETURNING.test(compiled.sql);
}

export class SqliteConnection implements DatabaseConnection {
  constructor(readonly raw: sqlite3.Database) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[];
    if (returnsRows(compiled)) {
      return new Promise((resolve, reject) => {
        this.raw.all(compiled.sql, params, (err: Error | null, rows: R[]) =>
          err ? reject(err) : resolve({ rows }),
        );
      });
    }
    return new Promise((resolve, reject) => {
      this.raw.run(compiled.sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) return reject(err);
        resolve({
          rows: [],
          numAffectedRows: BigInt(this.changes ?? 0),
          insertId: this.lastID !== undefined ? BigInt(this.lastID) : undefined,
        });
      });
    });
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // sqlite3's each() is callback-per-row with no back-pressure; page with LIMIT/OFFSET instead would
    // change the query. Reading all rows then yielding in chunks keeps memory bounded per call site
    // that needs true streaming (reports page explicitly through keyset queries instead).
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

export interface SqliteDialectConfig {
  /** Opens the database; called once by `init()`. */
  open: () => Promise<sqlite3.Database>;
  /** Runs on the fresh connection before any query (PRAGMAs). */
  onOpen?: (conn: SqliteConnection) => Promise<void>;
}

class SqliteDriver implements Driver {
  #mutex = new Mutex();
  #release: (() => void) | undefined;
  #conn: SqliteConnection | undefined;

  constructor(private readonly config: SqliteDialectConfig) {}

  async init(): Promise<void> {
    this.#conn = new SqliteConnection(await this.config.open());
    await this.config.onOpen?.(this.#conn);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock();
    return this.#conn!;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on SQLITE_BUSY
    // when a second process (the CLI during a running app) writes too.
    await conn.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }
  async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }
  async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    const raw = this.#conn?.raw;
    this.#conn = undefined;
    if (raw) await new Promise<void>((resolve, reject) => raw.close((e) => (e ? reject(e) : resolve())));
  }
}

export class SqliteDialect implements Dialect {
  constructor(private readonly config: SqliteDialectConfig) {}
  createDriver(): Driver {
    return new SqliteDriver(this.config);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
