// Whether Electron's binary is installed. The `electron` package installs without it and downloads it
// on first use, which fails on machines without internet: so we look for path.txt and dist/ instead
// of running `electron`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export function electronBinary() {
  const require = createRequire(import.meta.url);
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: '未安装 electron 软件包' };
  }
  const pathTxt = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathTxt)) return { ok: false, reason: `Electron 二进制未安装（缺少 ${pathTxt}）` };
  const exe = path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  if (!fs.existsSync(exe)) return { ok: false, reason: `Electron 二进制未安装（缺少 ${exe}）` };
  return { ok: true, path: exe };
}
