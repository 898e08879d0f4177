// Builds what the app needs: the main-process bundles (esbuild) and the renderer (Vite).
//   --if-needed  skip a part whose outputs are newer than every source file
//   --main-only  build only the main-process bundles (CLI, bench)
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const out = path.join(root, 'build');

const mainEntries = [
  ['electron/main.ts', 'electron/main.js'],
  ['electron/preload.ts', 'electron/preload.js'],
  ['electron/cli.ts', 'electron/cli.js'],
  ['electron/serve.ts', 'electron/serve.js'],
  ['bench/run.ts', 'bench/run.js'],
].filter(([src]) => fs.existsSync(path.join(root, src)));

function newestMtime(dirs) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (path.basename(p) === 'node_modules') return;
      for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  dirs.forEach((d) => walk(path.join(root, d)));
  return newest;
}

function upToDate(outputs, sources) {
  if (!args.has('--if-needed')) return false;
  const outs = outputs.map((o) => path.join(out, o));
  if (!outs.every((o) => fs.existsSync(o))) return false;
  const oldestOut = Math.min(...outs.map((o) => fs.statSync(o).mtimeMs));
  return newestMtime(sources) < oldestOut;
}

async function buildMain() {
  if (upToDate(mainEntries.map(([, o]) => o), ['electron', 'shared', 'bench', 'package.json'])) return;
  await Promise.all(
    mainEntries.map(([src, dst]) =>
      esbuild({
        entryPoints: [path.join(root, src)],
        outfile: path.join(out, dst),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: true,
        // Native and Electron modules stay outside the bundle; exceljs is large and loads lazily.
        external: ['electron', 'sqlite3', 'exceljs'],
        logLevel: 'warning',
        legalComments: 'none',
      }),
    ),
  );
  for (const [src, dst] of mainEntries) {
    if (src === 'electron/cli.ts') {
      const file = path.join(out, dst);
      const body = fs.readFileSync(file, 'utf8');
      if (!body.startsWith('#!')) fs.writeFileSync(file, '#!/usr/bin/env node\n' + body);
      fs.chmodSync(file, 0o755);
    }
  }
}

async function buildRenderer() {
  if (!fs.existsSync(path.join(root, 'renderer/index.html'))) return;
  if (upToDate(['renderer/index.html'], ['renderer', 'shared', 'vite.config.ts'])) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const started = Date.now();
await buildMain();
if (!args.has('--main-only')) await buildRenderer();
if (!args.has('--if-needed')) console.log(`构建完成（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
