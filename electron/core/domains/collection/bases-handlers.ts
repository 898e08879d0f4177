// 缴费基数导入: the handlers of shared/contract/collection-bases.ts (template download, preview and import).
import type { Handler } from '../../registry';
import { implement } from '../../registry';
import { actorOf } from '../audit/log';
import { collectionBases as B } from '../../../../shared/contract/collection-bases';
import { COLLECTION_CLERKS } from '../../../../shared/contract/collection';
import { assertRole } from './common';
import { importBases, writeBaseTemplate } from './bases-import';

export const collectionBasesHandlers: Handler<any>[] = [
  implement(B.collectionBasesTemplate, async (i, ctx) => {
    await assertRole(ctx.db, actorOf(ctx), COLLECTION_CLERKS, '下载月工资总额导入模板');
    const out = ctx.files.newExport(i.withPayers ? '缴费基数导入模板（含缴费单位）.xlsx' : '缴费基数导入模板.xlsx');
    await writeBaseTemplate(ctx.db, out.path, { payers: i.withPayers });
    return ctx.files.finishExport(out);
  }),
  implement(B.collectionBasesImport, async (i, ctx) => importBases(ctx, i)),
];
