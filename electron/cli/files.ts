// What the read-only report commands share: the output file of `--out` (refusing to overwrite without
// --force) and a database opened as it is, refused when its schema is not this program's.
import fs from 'node:fs';
import path from 'node:path';
import { stringOption, type ParsedArgs } from '../args';
import { openDatabase, schemaVersion, type Database } from '../core/db/open';
import { LATEST_SCHEMA_VERSION } from '../core/db/migrations';
import { AppError } from '../core/errors';

/** The absolute path of `--out FILE.xlsx`, its folder created; an existing file only with --force. */
export function outputFile(args: ParsedArgs): string {
  const outArg = stringOption(args, 'out');
  if (!outArg) throw new AppError('USAGE', '缺少参数 --out FILE.xlsx（输出文件）。');
  const out = path.resolve(outArg);
  if (fs.existsSync(out) && !args.options.force) throw new AppError('CONFLICT', `目标文件已存在：${out}。如需覆盖请加 --force。`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  return out;
}

/** Opens the database without migrating it; the caller closes it. */
export async function openCurrentDatabase(file: string): Promise<Database> {
  const db = await openDatabase(file, { migrate: false });
  const version = await schemaVersion(db);
  if (version !== LATEST_SCHEMA_VERSION) {
    await db.destroy();
    throw new AppError('SCHEMA_MISMATCH', `数据库架构版本为 ${version}，程序为 ${LATEST_SCHEMA_VERSION}。请先运行 migrate 升级数据库。`);
  }
  return db;
}
