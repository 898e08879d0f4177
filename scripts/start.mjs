// `npm start`: build what is needed, then open the desktop app — or, where the Electron binary is not
// installed (machines that cannot download it), say so in one line and start browser mode instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

const build = spawn(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
build.on('exit', (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const bin = electronBinary();
  const child = bin.ok
    ? spawn(bin.path, [root, ...passThrough], { stdio: 'inherit' })
    : (console.log(`${bin.reason}，改为以浏览器模式启动。`),
      spawn(process.execPath, [path.join(root, 'build/electron/serve.js'), ...passThrough], { stdio: 'inherit' }));
  child.on('exit', (c) => process.exit(c ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
});
