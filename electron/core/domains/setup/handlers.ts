import { setupInitialise, setupLoadDemo, setupStatus as setupStatusEndpoint } from '../../../../shared/contract/auth';
import { validateCreditCode } from '../../../../shared/validate/creditCode';
import { implement } from '../../registry';
import { withTx } from '../../db/tx';
import { conflict, invalid } from '../../errors';
import { setSetting, SETTING, APP_ID } from '../../settings';
import { writeAudit } from '../audit/log';
import { createUser } from '../users/service';
import { setupStatus } from './org';
import { loadDemo, DEMO_USERS, DEMO_PASSWORD } from '../demo/demo';

const SETUP_ACTOR = { userId: null, username: '（首次设置）', role: '系统管理员' };

export const setupHandlers = [
  implement(setupStatusEndpoint, async (_input, ctx) => setupStatus(ctx.db)),

  implement(setupInitialise, async (input, ctx) => {
    const check = validateCreditCode(input.creditCode);
    if (!check.ok) throw invalid(check.message, [{ path: 'creditCode', message: check.message }]);
    const code = input.creditCode.trim().toUpperCase();
    const now = ctx.now();
    await withTx(ctx.db, async (trx) => {
      if ((await setupStatus(trx)).initialised) throw conflict('系统已完成初始化，不能重复设置。');
      const iso = now.toISOString();
      const { id } = await trx
        .insertInto('unit')
        .values({
          code: 'ORG',
          name: input.orgName,
          short_name: null,
          kind: '总工会',
          org_type: input.level,
          ownership: null,
          credit_code: code,
          union_credit_code: code,
          parent_id: null,
          union_founded_on: null,
          union_status: '已建会',
          chair: null,
          member_count: null,
          staff_count: null,
          payroll_base_fen: null,
          bank_name: null,
          bank_account: null,
          contact_person: null,
          contact_phone: null,
          address: null,
          notes: null,
          created_at: iso,
          updated_at: iso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await setSetting(trx, SETTING.appId, APP_ID, now);
      await setSetting(trx, SETTING.orgUnitId, id, now);
      await setSetting(trx, SETTING.orgLevel, input.level, now);
      await setSetting(trx, SETTING.fiscalYear, input.fiscalYear, now);
      await writeAudit(trx, now, SETUP_ACTOR, {
        module: '系统设置',
        action: '初始化',
        targetType: '单位',
        targetId: id,
        summary: `初始化系统：${input.orgName}（${input.level}，${input.fiscalYear} 年度）`,
        after: { orgName: input.orgName, creditCode: code, level: input.level, fiscalYear: input.fiscalYear },
      });
      await createUser(trx, SETUP_ACTOR, now, {
        username: input.admin.username,
        displayName: input.admin.displayName,
        password: input.admin.password,
        roles: ['系统管理员'],
      });
    });
    return setupStatus(ctx.db);
  }),

  implement(setupLoadDemo, async (_input, ctx) => {
    await withTx(ctx.db, async (trx) => {
      if ((await setupStatus(trx)).initialised) throw conflict('系统已完成初始化，不能再载入演示数据。');
      await loadDemo(trx, ctx.now());
    });
    return {
      ...(await setupStatus(ctx.db)),
      demoAccounts: DEMO_USERS.map((u) => ({ username: u.username, displayName: u.displayName, title: u.title, roles: [...u.roles] })),
      demoPassword: DEMO_PASSWORD,
    };
  }),
];
