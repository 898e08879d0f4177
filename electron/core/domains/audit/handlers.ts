import type { ExpressionBuilder } from 'kysely';
import { auditExport, auditList, auditVerify, type AuditLogRow } from '../../../../shared/contract/audit';
import type { z } from 'zod';
import type { auditFilter } from '../../../../shared/contract/audit';
import type { DB } from '../../db/schema';
import { implement } from '../../registry';
import { verifyAuditLog } from './log';
import { ExcelJS, TableWriter, printSetup } from '../../reports/excel';
import { orgName } from '../setup/org';
import type { Executor } from '../../db/tx';

type Filter = z.output<typeof auditFilter>;

function where(f: Filter) {
  return (eb: ExpressionBuilder<DB, 'audit_log'>) => {
    const c = [];
    if (f.userId) c.push(eb('user_id', '=', f.userId));
    if (f.module) c.push(eb('module', '=', f.module));
    if (f.targetType) c.push(eb('target_type', '=', f.targetType));
    if (f.targetId) c.push(eb('target_id', '=', f.targetId));
    // Times are stored in UTC ISO; the filter's dates are local (UTC+8) calendar days.
    if (f.from) c.push(eb('at', '>=', new Date(`${f.from}T00:00:00+08:00`).toISOString()));
    if (f.to) c.push(eb('at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString()));
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
      c.push(eb.or([eb('summary', 'like', like), eb('username', 'like', like), eb('action', 'like', like)]));
    }
    return eb.and(c);
  };
}

function toRow(r: { id: number; at: string; user_id: number | null; username: string; role: string; module: string; action: string; target_type: string; target_id: string | null; summary: string; before_json: string | null; after_json: string | null }): AuditLogRow {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    username: r.username,
    role: r.role,
    module: r.module,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    summary: r.summary,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
  };
}

function localTime(iso: string) {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export async function exportAuditLog(db: Executor, filter: Filter, file: string, now: Date) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('审计日志');
  printSetup(ws, true);
  const t = new TableWriter(
    ws,
    {
      sheetName: '审计日志',
      title: '审计日志',
      orgName: await orgName(db),
      period: `导出时间：${localTime(now.toISOString())}`,
      unitLabel: '',
      columns: [
        { header: '序号', key: 'id', width: 8, kind: 'int' },
        { header: '时间', key: 'at', width: 20 },
        { header: '用户', key: 'username', width: 12 },
        { header: '角色', key: 'role', width: 14 },
        { header: '模块', key: 'module', width: 12 },
        { header: '操作', key: 'action', width: 14 },
        { header: '对象', key: 'target', width: 16 },
        { header: '摘要', key: 'summary', width: 50 },
        { header: '变更前', key: 'before', width: 30 },
        { header: '变更后', key: 'after', width: 30 },
      ],
    },
    true,
  );
  let last = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where(where(filter)).where('id', '>', last).orderBy('id').limit(2000).execute();
    for (const r of rows) {
      t.row({
        id: r.id,
        at: localTime(r.at),
        username: r.username,
        role: r.role,
        module: r.module,
        action: r.action,
        target: `${r.target_type}${r.target_id ? ` #${r.target_id}` : ''}`,
        summary: r.summary,
        before: r.before_json ?? '',
        after: r.after_json ?? '',
      });
      last = r.id;
    }
    if (rows.length < 2000) break;
  }
  ws.commit();
  await wb.commit();
}

const READERS_NOTE = '审计日志';

export const auditHandlers = [
  implement(auditList, async (input, ctx) => {
    const { page, pageSize, ...filter } = input;
    const base = ctx.db.selectFrom('audit_log').where(where(filter));
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
    const modules = (await ctx.db.selectFrom('audit_log').select('module').distinct().orderBy('module').execute()).map((m) => m.module);
    return { rows: rows.map(toRow), total, page, pageSize, modules };
  }),

  implement(auditExport, async (input, ctx) => {
    const out = ctx.files.newExport(`${READERS_NOTE}.xlsx`);
    await exportAuditLog(ctx.db, input, out.path, ctx.now());
    return ctx.files.finishExport(out);
  }),

  implement(auditVerify, async (_input, ctx) => verifyAuditLog(ctx.db)),
];
