// Where data lives by default: the per-user application data folder, as Electron's
// app.getPath('userData') would give — %APPDATA%\县级工会财务工作台 on Windows, ~/.config/… on Linux.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'union-finance-desk';
export const DB_FILE_NAME = 'ledger.sqlite3';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_DIR_NAME);
}

/** The built renderer folder, next to the bundled main-process files (build/electron → build/renderer). */
export function rendererDir(fromDir: string = __dirname): string {
  return path.resolve(fromDir, '..', 'renderer');
}
