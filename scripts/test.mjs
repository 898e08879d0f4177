// `npm test`: typecheck, unit and integration tests (vitest), end-to-end tests (Playwright in Debian's
// Chromium). Runs every stage even after a failure, prints one summary line, exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function run(label, cmd, args) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  console.log(`=== ${label}：${ok ? '通过' : '失败'}（${((Date.now() - started) / 1000).toFixed(0)} 秒）===`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const stages = [];

stages.push(['类型检查', run('类型检查 (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])]);

const vitestJson = path.join(results, 'vitest.json');
fs.rmSync(vitestJson, { force: true });
stages.push(['单元与集成测试', run('单元与集成测试 (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}

stages.push(['界面构建', run('界面与主进程构建', process.execPath, [path.join(root, 'scripts/build.mjs')])]);
const e2eJson = path.join(results, 'e2e.json');
fs.rmSync(e2eJson, { force: true });
stages.push(['端到端测试', run('端到端测试 (Playwright + Chromium)', bin('playwright'), ['test'])]);
const p = readJson(e2eJson);
if (p?.stats) {
  passed += p.stats.expected ?? 0;
  failed += (p.stats.unexpected ?? 0) + (p.stats.flaky ?? 0);
  skipped += p.stats.skipped ?? 0;
}

const failedStages = stages.filter(([, ok]) => !ok).map(([name]) => name);
// A stage that failed without reporting a failed test (e.g. a type error) still counts as a failure.
if (failedStages.length && failed === 0) failed = failedStages.length;
console.log(`\n测试汇总：${failedStages.length ? `失败的阶段：${failedStages.join('、')}` : '全部阶段通过'}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length ? 1 : 0);
