// Browser mode: the core plus the HTTP transport on 127.0.0.1. `npm run serve [-- --port N]
// [--data-dir DIR] [--no-open]`. Also what `npm start` falls back to where no Electron binary exists.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createCore } from './core/app';
import { autoBackup } from './core/domains/backup/service';
import { startHttpServer } from './http/server';
import { defaultDataDir, DB_FILE_NAME, rendererDir } from './paths';
import { parseArgs, stringOption } from './args';
import { AppError } from './core/errors';

function openBrowser(url: string) {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => console.log('未能自动打开浏览器，请手动访问上面的地址。'));
    child.unref();
  } catch {
    console.log('未能自动打开浏览器，请手动访问上面的地址。');
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['no-open']));
  const dataDir = path.resolve(stringOption(args, 'data-dir') ?? defaultDataDir());
  const portText = stringOption(args, 'port');
  const port = portText ? Number(portText) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('VALIDATION', `端口号无效：${portText}`);

  const core = await createCore({
    dbPath: path.join(dataDir, DB_FILE_NAME),
    dataDir,
    onBackup: (f) => console.log(`升级数据库前已备份到：${f}`),
  });
  console.log((await autoBackup(core)).message);
  const server = await startHttpServer({ core, staticDir: rendererDir(__dirname), port });
  console.log(`县级工会财务工作台（浏览器模式）已启动`);
  console.log(`数据库：${core.env.dbPath}`);
  console.log(`请在浏览器中打开：${server.launchUrl}`);
  if (!args.options['no-open']) openBrowser(server.launchUrl);

  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof AppError ? `错误（${e.code}）：${e.message}` : `启动失败：${(e as Error).stack ?? e}`);
  process.exit(1);
});
