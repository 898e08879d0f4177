// The benchmark runner: `npm run bench [-- --scale county|city] [--case NAME] [--runs N]`.
//
// Each case runs in its own child process (this file re-invoked with `--child CASE`), so one case's
// memory never inflates another's peak. In the child, app and baseline runs alternate (ABBA order:
// app first on even rounds, baseline first on odd ones, which cancels drift), each on fresh state
// built by the case's untimed `setup`. A case with a memory target (`targetRssMb`) gets one child per
// side (`--child CASE --side app|baseline`), driven run by run by the parent in the same ABBA order, so
// what one side leaves resident never counts in the other side's peak. The parent takes medians,
// prints a table and writes bench/results/latest.json. Missing a target is reported, not fatal: the exit code is 0 unless a
// case crashed or the arguments were wrong.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import bulkInsert from './cases/bulk-insert';
import { budgetCases } from './cases/budget';
import { ledgerCases } from './cases/ledger';
import { expenseCases } from './cases/expense';
import { collectionCases } from './cases/collection';
import { assessmentCases } from './cases/assessment';
import {
  collectGarbage,
  fmt,
  formatTable,
  makeTempDir,
  maxRssMb,
  median,
  removeTempDir,
  resetPeakRss,
  rowsAt,
  RssSampler,
  SCALES,
  timeMs,
  type BenchCase,
  type RunContext,
  type Scale,
  type Side,
} from './lib';

/** The registry: append new cases here (see bench/README.md). */
const CASES: readonly BenchCase<any>[] = [bulkInsert, ...budgetCases, ...ledgerCases, ...expenseCases, ...collectionCases, ...assessmentCases];

const DEFAULT_RUNS = 5;
const MIN_RUNS = 3;
const DEFAULT_SEED = 20_240_601;

interface Args {
  scale: Scale;
  caseFilter?: string;
  runs: number;
  seed: number;
  child?: string;
  /** In a child: run only this side, one run per message from the parent (cases with an RSS target). */
  side?: Side;
  list: boolean;
}

const USAGE = `用法 / usage: npm run bench [-- --scale county|city] [--case NAME] [--runs N] [--seed N] [--list]
  --scale   county (default; 2,500 units) or city (25,000 units)
  --case    run only cases whose name contains NAME
  --runs    timed runs per side (default ${DEFAULT_RUNS}, minimum ${MIN_RUNS})
  --seed    data generator seed (default ${DEFAULT_SEED})
  --list    list the cases and exit`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { scale: 'county', runs: DEFAULT_RUNS, seed: DEFAULT_SEED, list: false };
  const tokens: string[] = [];
  for (const a of argv) {
    if (a === '--') continue; // `npm run bench -- --scale city -- --case x` passes the second `--` through
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) tokens.push(a.slice(0, eq), a.slice(eq + 1));
    else tokens.push(a);
  }
  for (let i = 0; i < tokens.length; i++) {
    const flag = tokens[i];
    const value = () => {
      const v = tokens[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--scale': {
        const v = value();
        if (!SCALES.includes(v as Scale)) throw new UsageError(`unknown scale "${v}" (county or city)`);
        args.scale = v as Scale;
        break;
      }
      case '--case':
        args.caseFilter = value();
        break;
      case '--runs': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--runs must be a positive integer, got "${v}"`);
        args.runs = n;
        break;
      }
      case '--seed': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n)) throw new UsageError(`--seed must be an integer, got "${v}"`);
        args.seed = n;
        break;
      }
      case '--child':
        args.child = value();
        break;
      case '--side': {
        const v = value();
        if (v !== 'app' && v !== 'baseline') throw new UsageError(`--side must be app or baseline, got "${v}"`);
        args.side = v;
        break;
      }
      case '--list':
        args.list = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new UsageError(`unknown argument "${flag}"`);
    }
  }
  return args;
}

// ── child: runs one case and reports raw measurements ────────────────────────────────────────────────

interface ChildResult {
  case: string;
  scale: Scale;
  rows: number;
  app_ms: number[];
  baseline_ms: number[];
  app_peak_mb: number;
  baseline_peak_mb: number;
  /** Whether the kernel high-water mark could be reset before each run (Linux). */
  hwm_reset: boolean;
}

type ChildMessage =
  | { type: 'result'; result: ChildResult }
  | { type: 'ran'; measure: RunMeasure }
  | { type: 'error'; message: string };
/** Parent → one-side child: do run `run`, or finish. */
type ParentMessage = { type: 'run'; run: number } | { type: 'done' };

interface RunMeasure {
  ms: number;
  peak_mb: number;
  hwm_reset: boolean;
}

/** One case in this process: `once(side, run)` = setup, timed run with its RSS peak, verify, teardown. */
function caseRunner(c: BenchCase<any>, args: Args) {
  const caseDir = makeTempDir(`ufd-bench-${c.name}-`);
  const memo = new Map<string, unknown>();

  const once = async (side: Side, run: number): Promise<RunMeasure> => {
    const dir = makeTempDir(`${side}-${run}-`, caseDir);
    const ctx: RunContext<any> = {
      scale: args.scale,
      side,
      run,
      seed: args.seed,
      dir,
      caseDir,
      memo: <T>(key: string, make: () => T): T => {
        if (!memo.has(key)) memo.set(key, make());
        return memo.get(key) as T;
      },
      state: undefined,
    };
    try {
      ctx.state = await c.setup(ctx);
      collectGarbage();
      const before = process.memoryUsage.rss() / 2 ** 20;
      const hwmReset = resetPeakRss();
      const sampler = new RssSampler();
      sampler.start(10);
      let ms: number;
      let peak: number;
      try {
        ms = await timeMs(() => c[side](ctx));
      } finally {
        const sampled = sampler.stop();
        // With the high-water mark reset, maxRSS covers exactly this run (including stretches where the
        // event loop was busy and no sample could be taken). Without it, maxRSS would include setup.
        peak = hwmReset ? Math.max(sampled, maxRssMb()) : sampled;
      }
      await c.verify?.(ctx);
      const rss = c.targetRssMb !== undefined ? ` (RSS ${fmt(before, 0)} MB at start, peak ${fmt(peak, 0)} MB)` : '';
      process.stderr.write(`  ${c.name} [${args.scale}] ${side.padEnd(8)} #${run + 1}: ${fmt(ms, 1)} ms${rss}\n`);
      return { ms, peak_mb: peak, hwm_reset: hwmReset };
    } finally {
      await c.teardown?.(ctx);
      removeTempDir(dir);
    }
  };
  return { once, close: () => removeTempDir(caseDir) };
}

/** The ABBA order of round `i`: app first on even rounds, baseline first on odd ones. */
const orderOf = (i: number): Side[] => (i % 2 === 0 ? ['app', 'baseline'] : ['baseline', 'app']);

function emptyResult(c: BenchCase<any>, args: Args): ChildResult {
  return {
    case: c.name,
    scale: args.scale,
    rows: rowsAt(c, args.scale),
    app_ms: [],
    baseline_ms: [],
    app_peak_mb: 0,
    baseline_peak_mb: 0,
    hwm_reset: true,
  };
}

function record(r: ChildResult, side: Side, m: RunMeasure) {
  r[side === 'app' ? 'app_ms' : 'baseline_ms'].push(m.ms);
  if (side === 'app') r.app_peak_mb = Math.max(r.app_peak_mb, m.peak_mb);
  else r.baseline_peak_mb = Math.max(r.baseline_peak_mb, m.peak_mb);
  r.hwm_reset &&= m.hwm_reset;
}

/** Both sides in this process, alternating (cases without an RSS target). */
async function runChild(c: BenchCase<any>, args: Args): Promise<ChildResult> {
  const runner = caseRunner(c, args);
  const result = emptyResult(c, args);
  try {
    for (let i = 0; i < args.runs; i++) {
      for (const side of orderOf(i)) record(result, side, await runner.once(side, i));
    }
  } finally {
    runner.close();
  }
  return result;
}

async function childMain(args: Args) {
  const send = (m: ChildMessage) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(m, () => resolve());
      else {
        process.stdout.write(JSON.stringify(m) + '\n');
        resolve();
      }
    });
  const c = CASES.find((x) => x.name === args.child);
  if (c && args.side) {
    // One side only, one run per request from the parent; the other side lives in another process.
    const side = args.side;
    const runner = caseRunner(c, args);
    let queue = Promise.resolve();
    process.on('message', (m: ParentMessage) => {
      queue = queue.then(async () => {
        if (m.type === 'done') {
          runner.close();
          process.disconnect?.();
          return;
        }
        try {
          await send({ type: 'ran', measure: await runner.once(side, m.run) });
        } catch (e) {
          await send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          runner.close();
          process.exitCode = 1;
          process.disconnect?.();
        }
      });
    });
    return;
  }
  try {
    if (!c) throw new Error(`no case named "${args.child}"`);
    await send({ type: 'result', result: await runChild(c, args) });
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

// ── parent: one child per case, then the table and latest.json ────────────────────────────────────

export interface BenchRecord {
  case: string;
  scale: Scale;
  rows: number;
  ms: number;
  baseline_ms: number;
  ratio: number;
  peak_rss_mb: number;
  target_ratio?: number;
  pass?: boolean;
}

const childArgv = (c: BenchCase<any>, args: Args, side?: Side) => [
  '--child', c.name, '--scale', args.scale, '--runs', String(args.runs), '--seed', String(args.seed), ...(side ? ['--side', side] : []),
];
const CHILD_OPTIONS = { execArgv: ['--expose-gc', '--enable-source-maps'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };

function spawnCase(c: BenchCase<any>, args: Args): Promise<ChildResult> {
  if (c.targetRssMb !== undefined) return spawnSides(c, args);
  return new Promise((resolve, reject) => {
    const child = fork(__filename, childArgv(c, args), CHILD_OPTIONS);
    let message: ChildMessage | undefined;
    child.on('message', (m) => (message = m as ChildMessage));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message?.type === 'result') resolve(message.result);
      else if (message?.type === 'error') reject(new Error(message.message));
      else reject(new Error(`child exited (${signal ?? `code ${code}`}) without a result`));
    });
  });
}

/**
 * A case with a memory target: each side in its own child process, so memory one side leaves behind
 * (freed but still resident: SQLite's page cache of a closed connection, malloc arenas) never counts
 * in the other side's peak. The parent drives both children run by run in the same ABBA order.
 */
async function spawnSides(c: BenchCase<any>, args: Args): Promise<ChildResult> {
  type Pending = { resolve: (m: RunMeasure) => void; reject: (e: Error) => void } | undefined;
  const children = new Map<Side, { request: (run: number) => Promise<RunMeasure>; finish: () => Promise<void> }>();
  const start = (side: Side) => {
    const child = fork(__filename, childArgv(c, args, side), CHILD_OPTIONS);
    let pending: Pending;
    let exited: Error | undefined;
    const exit = new Promise<void>((resolve) =>
      child.on('exit', (code, signal) => {
        exited = new Error(`${side} child exited (${signal ?? `code ${code}`})`);
        pending?.reject(exited);
        pending = undefined;
        resolve();
      }),
    );
    child.on('error', (e) => pending?.reject(e));
    child.on('message', (raw) => {
      const m = raw as ChildMessage;
      const p = pending;
      pending = undefined;
      if (m.type === 'ran') p?.resolve(m.measure);
      else if (m.type === 'error') p?.reject(new Error(m.message));
    });
    children.set(side, {
      request: (run) =>
        new Promise<RunMeasure>((resolve, reject) => {
          if (exited) return reject(exited);
          pending = { resolve, reject };
          child.send({ type: 'run', run } satisfies ParentMessage);
        }),
      finish: async () => {
        if (!exited && child.connected) child.send({ type: 'done' } satisfies ParentMessage);
        await exit;
      },
    });
  };
  start('app');
  start('baseline');
  const result = emptyResult(c, args);
  try {
    for (let i = 0; i < args.runs; i++) {
      for (const side of orderOf(i)) record(result, side, await children.get(side)!.request(i));
    }
  } finally {
    await Promise.all([...children.values()].map((ch) => ch.finish()));
  }
  return result;
}

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'bench'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

async function parentMain(args: Args) {
  if (args.list) {
    for (const c of CASES) console.log(`${c.name.padEnd(28)} ${c.scales.join('/').padEnd(12)} ${c.description ?? ''}`);
    return;
  }
  const runs = Math.max(MIN_RUNS, args.runs);
  if (runs !== args.runs) console.log(`--runs ${args.runs} raised to the minimum of ${MIN_RUNS}.`);
  const childArgs = { ...args, runs };

  const matching = CASES.filter((c) => !args.caseFilter || c.name.includes(args.caseFilter));
  if (matching.length === 0) {
    console.error(`No case matches "${args.caseFilter}". Cases: ${CASES.map((c) => c.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = matching.filter((c) => c.scales.includes(args.scale));
  for (const c of matching.filter((x) => !selected.includes(x))) {
    console.log(`skip ${c.name}: not defined at ${args.scale} scale (only ${c.scales.join(', ')})`);
  }

  console.log(
    `bench: scale ${args.scale}, ${runs} runs per side, seed ${args.seed}; node ${process.version}, ` +
      `SQLite ${sqlite3.VERSION}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.platform()}`,
  );

  const records: BenchRecord[] = [];
  const rows: string[][] = [];
  const failures: string[] = [];
  const errors: string[] = [];
  let sampledOnly = false;

  for (const c of selected) {
    console.log(`\n▶ ${c.name} [${args.scale}]`);
    try {
      const r = await spawnCase(c, childArgs);
      sampledOnly ||= !r.hwm_reset;
      const ms = median(r.app_ms);
      const baseMs = median(r.baseline_ms);
      const ratio = ms / baseMs;
      const rec: BenchRecord = {
        case: r.case,
        scale: r.scale,
        rows: r.rows,
        ms: round(ms, 1),
        baseline_ms: round(baseMs, 1),
        ratio: round(ratio, 3),
        peak_rss_mb: round(r.app_peak_mb, 1),
      };
      const misses: string[] = [];
      if (c.targetRatio !== undefined) {
        rec.target_ratio = c.targetRatio;
        if (!(ratio <= c.targetRatio)) misses.push(`ratio ${fmt(ratio, 2)} > ${c.targetRatio}`);
      }
      if (c.targetRssMb !== undefined && !(r.app_peak_mb <= c.targetRssMb)) {
        misses.push(`peak RSS ${fmt(r.app_peak_mb, 0)} MB > ${c.targetRssMb} MB`);
      }
      const hasTarget = c.targetRatio !== undefined || c.targetRssMb !== undefined;
      if (hasTarget) rec.pass = misses.length === 0;
      if (misses.length) failures.push(`${c.name} [${args.scale}]: ${misses.join('; ')}`);
      records.push(rec);
      const target = [
        c.targetRatio !== undefined ? `≤${c.targetRatio}×` : '',
        c.targetRssMb !== undefined ? `≤${c.targetRssMb} MB` : '',
      ].filter(Boolean);
      rows.push([
        c.name,
        args.scale,
        fmt(r.rows),
        fmt(ms, 1),
        fmt(baseMs, 1),
        fmt(ratio, 2),
        fmt(r.app_peak_mb, 0),
        fmt(r.baseline_peak_mb, 0),
        target.join(', ') || '—',
        hasTarget ? (rec.pass ? 'PASS' : 'FAIL') : '—',
      ]);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      errors.push(`${c.name} [${args.scale}]: ${msg}`);
      rows.push([c.name, args.scale, fmt(rowsAt(c, args.scale)), '—', '—', '—', '—', '—', '—', 'ERROR']);
    }
  }

  console.log('\n' + formatTable(
    ['case', 'scale', 'rows', 'app ms', 'baseline ms', 'ratio', 'peak RSS MB', 'baseline RSS MB', 'target', 'result'],
    rows,
    new Set([2, 3, 4, 5, 6, 7]),
  ));
  console.log(
    '\napp ms / baseline ms: medians; ratio = app / baseline; peak RSS: highest resident memory during the timed ' +
      `runs of that side${sampledOnly ? ' (sampled every 10 ms only: the high-water mark could not be reset here)' : ''}.`,
  );

  const outDir = path.join(repoRoot(), 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, 'latest.json');
  fs.writeFileSync(outFile, JSON.stringify(records, null, 2) + '\n');
  console.log(`results: ${path.relative(process.cwd(), outFile) || outFile}`);

  if (failures.length) {
    console.log(`\n✗ ${failures.length} target(s) missed:`);
    for (const f of failures) console.log(`  - ${f}`);
  } else if (records.some((r) => r.pass !== undefined)) {
    console.log('\n✓ all declared targets met');
  }
  if (errors.length) {
    console.error(`\n${errors.length} case(s) failed to run:`);
    for (const e of errors) console.error(`  - ${e}`);
    process.exitCode = 1;
  }
}

async function main() {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.child) await childMain(args);
  else await parentMain(args);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
