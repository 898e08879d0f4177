// Benchmark helpers: the case contract, timing, medians, RSS sampling, temporary directories and a
// plain-text table. Used only by `npm run bench` (bench/run.ts); never part of `npm test`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { APP_PRAGMAS } from '../electron/core/db/open';

export type Scale = 'county' | 'city';
export const SCALES: readonly Scale[] = ['county', 'city'];

export type Side = 'app' | 'baseline';

/** What a case sees on each run. `state` is what its `setup` returned for this run. */
export interface RunContext<S = unknown> {
  scale: Scale;
  /** Which side this run is for: `setup` prepares for exactly one side. */
  side: Side;
  /** 0-based index of this run within its side. */
  run: number;
  /** Seed for the data generator; the same for every run of a case. */
  seed: number;
  /** A fresh empty directory for this run only (database files, workbooks); removed after the run. */
  dir: string;
  /** A directory that lives as long as the case (for data shared by all runs); removed at the end. */
  caseDir: string;
  /** Builds a value once per case (e.g. generated rows) and hands the same value to later runs. */
  memo<T>(key: string, make: () => T): T;
  /** The value `setup` returned for this run (undefined inside `setup` itself). */
  state: S;
}

/**
 * A benchmark case. Per run: `setup` (not timed) → `app` or `baseline` (timed) → `verify` (not
 * timed) → `teardown` (not timed). `app` does the work through the application's own code path;
 * `baseline` does the same work with plain SQL on raw sqlite3 (or plain exceljs for Excel cases).
 */
export interface BenchCase<S = unknown> {
  name: string;
  /** One line for `--list` and the README. */
  description?: string;
  scales: readonly Scale[];
  /** Rows of work per run, for the table; a number or one per scale. */
  rows: number | Partial<Record<Scale, number>>;
  /** Declared target for app/baseline (e.g. 1.5); cases without one are reported without PASS/FAIL. */
  targetRatio?: number;
  /** Declared ceiling for the app's peak RSS in MB (e.g. 300 for city-scale exports). */
  targetRssMb?: number;
  setup(ctx: RunContext<undefined>): Promise<S> | S;
  app(ctx: RunContext<S>): Promise<void>;
  baseline(ctx: RunContext<S>): Promise<void>;
  /** Throws if the run did not do the whole job (so neither side can cheat). */
  verify?(ctx: RunContext<S>): Promise<void> | void;
  /** Closes handles opened by `setup`. The run directory is removed afterwards by the runner. */
  teardown?(ctx: RunContext<S>): Promise<void> | void;
}

/** Identity with type inference for `S`, so a case file can write `export default defineCase({...})`. */
export function defineCase<S>(c: BenchCase<S>): BenchCase<S> {
  return c;
}

export function rowsAt(c: BenchCase<any>, scale: Scale): number {
  return typeof c.rows === 'number' ? c.rows : (c.rows[scale] ?? 0);
}

// ── timing ──────────────────────────────────────────────────────────────────────────────────────────

/** Runs `fn` and returns its wall time in milliseconds (monotonic clock). */
export async function timeMs(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ── memory ──────────────────────────────────────────────────────────────────────────────────────────

const MB = 1024 * 1024;

/**
 * Linux only: resets the kernel's RSS high-water mark (VmHWM, and so `resourceUsage().maxRSS`) to the
 * current RSS, so a later maxRSS covers only what happened since — not the untimed data setup.
 * Returns false where this is not possible; maxRSS then covers the whole process life.
 */
export function resetPeakRss(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The process's RSS high-water mark in MB (maxRSS is in KiB). */
export function maxRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

/**
 * Samples RSS every `intervalMs` while running. A sample can only be taken when the event loop is
 * free, so synchronous stretches are covered by the kernel's high-water mark (see `resetPeakRss`).
 */
export class RssSampler {
  #timer: NodeJS.Timeout | undefined;
  #peak = 0;

  start(intervalMs = 10): void {
    this.#peak = process.memoryUsage.rss();
    this.#timer = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > this.#peak) this.#peak = rss;
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops sampling; returns the peak in MB (including one final sample). */
  stop(): number {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#peak = Math.max(this.#peak, process.memoryUsage.rss());
    return this.#peak / MB;
  }
}

/** Collects garbage twice when the process runs with --expose-gc (the runner's children do). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

// ── temporary directories ───────────────────────────────────────────────────────────────────────────

const created = new Set<string>();
let hooked = false;

function removeAllTempDirs() {
  for (const d of created) fs.rmSync(d, { recursive: true, force: true });
  created.clear();
}

/** A new directory under the OS temp dir; removed by `removeTempDir` or, at the latest, at exit. */
export function makeTempDir(prefix = 'ufd-bench-', parent = os.tmpdir()): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAllTempDirs);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        removeAllTempDirs();
        process.exit(130);
      });
    }
  }
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  created.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  created.delete(dir);
}

// ── output ──────────────────────────────────────────────────────────────────────────────────────────

/** Terminal display width: CJK and full-width forms take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd)
      ? 2
      : 1;
  }
  return w;
}

/** A plain-text table; columns listed in `right` are right-aligned (numbers). */
export function formatTable(headers: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - displayWidth(s));
    return right.has(i) ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
}

// ── raw sqlite3 for baselines ───────────────────────────────────────────────────────────────────────

/** The pragmas `openDatabase` applies: baselines use the same list, so only the code path differs. */
export { APP_PRAGMAS };

export function rawOpen(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (e) => (e ? reject(e) : resolve(db)));
  });
}

/** Opens a raw connection with the application's pragmas. */
export async function rawOpenLikeApp(file: string): Promise<sqlite3.Database> {
  const db = await rawOpen(file);
  for (const p of APP_PRAGMAS) await rawAll(db, p);
  return db;
}

export function rawRun(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (e: Error | null) => (e ? reject(e) : resolve())));
}

export function rawAll<T = Record<string, unknown>>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (e: Error | null, rows: T[]) => (e ? reject(e) : resolve(rows))));
}

export function rawPrepare(db: sqlite3.Database, sql: string): Promise<sqlite3.Statement> {
  return new Promise((resolve, reject) => {
    const stmt = db.prepare(sql, (e: Error | null) => (e ? reject(e) : resolve(stmt)));
  });
}

export function stmtRun(stmt: sqlite3.Statement, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => stmt.run(params, (e: Error | null) => (e ? reject(e) : resolve())));
}

export function stmtFinalize(stmt: sqlite3.Statement): Promise<void> {
  return new Promise((resolve) => stmt.finalize(() => resolve()));
}

export function rawClose(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));
}
