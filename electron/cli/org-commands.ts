import type { CliCommand } from './command';
import { requireDb } from './platform-commands';
import { createCore } from '../core/app';
import { withTx } from '../core/db/tx';
import { setupStatus } from '../core/domains/setup/org';
import { loadDemo, DEMO_USERS, DEMO_PASSWORD } from '../core/domains/demo/demo';
import { AppError } from '../core/errors';

export const demoCommand: CliCommand = {
  words: ['demo'],
  summary: '在新数据库中创建演示县（单位、用户等演示数据）',
  usage: 'demo --db FILE [--json]',
  async run(args) {
    const file = requireDb(args, false);
    const core = await createCore({ dbPath: file });
    try {
      await withTx(core.db, async (trx) => {
        if ((await setupStatus(trx)).initialised) {
          throw new AppError('CONFLICT', `数据库 ${file} 已完成初始化，不能再载入演示数据。请指定一个新文件。`);
        }
        await loadDemo(trx, core.env.now());
      });
      const status = await setupStatus(core.db);
      const units = await core.db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { dbPath: file, orgName: status.orgName, units: Number(units.n), users: DEMO_USERS.map((u) => ({ ...u, password: DEMO_PASSWORD })) };
    } finally {
      await core.close();
    }
  },
  text: (r) =>
    [
      `已创建演示数据：${r.orgName}，共 ${r.units} 个单位。`,
      `数据库：${r.dbPath}`,
      '演示用户（密码均为 ' + DEMO_PASSWORD + '）：',
      ...r.users.map((u: { username: string; displayName: string; roles: string[] }) => `  ${u.username.padEnd(12)} ${u.displayName}（${u.roles.join('、')}）`),
    ].join('\n'),
};

export const orgCommands = [demoCommand];
