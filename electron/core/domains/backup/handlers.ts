import {
  backupCreate,
  backupInspect,
  backupRestore,
  backupSetKeep,
  backupSettings,
} from '../../../../shared/contract/backup';
import { implement } from '../../registry';
import { actorOf } from '../audit/log';
import {
  createManualBackup,
  inspectBackupFile,
  readBackupSettings,
  restoreCoreDatabase,
  setBackupKeep,
} from './service';

export const backupHandlers = [
  implement(backupCreate, async (_input, ctx) => createManualBackup(ctx, actorOf(ctx))),

  implement(backupInspect, async (input, ctx) => {
    const upload = ctx.files.uploadPath(input.uploadId);
    return inspectBackupFile(upload.path, upload.name, ctx.dataDir);
  }),

  implement(backupRestore, async (input, ctx) => {
    const upload = ctx.files.uploadPath(input.uploadId);
    const result = await restoreCoreDatabase(ctx, upload.path, upload.name, actorOf(ctx));
    // The restored database has its own users, roles and passwords: everybody signs in again.
    ctx.sessions.endAll();
    ctx.events.emit(null, 'notice', {
      level: 'warning',
      message: `数据库已从备份“${upload.name}”恢复，所有用户需要重新登录。`,
    });
    return result;
  }),

  implement(backupSettings, async (_input, ctx) => readBackupSettings(ctx)),

  implement(backupSetKeep, async (input, ctx) => {
    await setBackupKeep(ctx, actorOf(ctx), input.keep);
    return readBackupSettings(ctx);
  }),
];
