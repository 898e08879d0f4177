// 经费收缴 (税务代征、分成、返还、对账): the handlers binding the contract to the domain's core functions.
import type { Handler } from '../../registry';
import { implement } from '../../registry';
import { actorOf } from '../audit/log';
import { collection as C } from '../../../../shared/contract/collection';
import { listRules, saveRule } from './rules';
import { baseHistory, listPayers, setPayerInfo, setPayrollBase } from './payers';
import { deleteProfile, fileColumns, listProfiles, matchPayerAlias, runImport, saveProfile } from './import';
import { convertHeld, listRecords, postRecords } from './records';
import { createRefunds, listRefunds, markRefund, refundsDue, reissueRefund, writeTransferList } from './refunds';
import { addFollowup, followups, listFlags, runReconcile } from './reconcile';
import { collectionGrowth } from './growth';
import { writeCollectionReports } from './reports';
import { accrualDraft, postAccrual, correctAccrual } from './accrual';
// Tells 凭证管理 what voiding, deleting or reversing a collection voucher does to the module's records.
import './voucher-hooks';

export const collectionHandlers: Handler<any>[] = [
  implement(C.collectionRulesList, async (_i, ctx) => listRules(ctx.db)),
  implement(C.collectionRulesSave, async (i, ctx) => saveRule(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionPayersList, async (i, ctx) => listPayers(ctx.db, i)),
  implement(C.collectionPayersBaseHistory, async (i, ctx) => baseHistory(ctx.db, i.unitId)),
  implement(C.collectionPayersSetBase, async (i, ctx) => setPayrollBase(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionPayersSetInfo, async (i, ctx) => {
    await setPayerInfo(ctx.db, actorOf(ctx), ctx.now(), i);
    return { ok: true as const };
  }),
  implement(C.collectionProfilesList, async (i, ctx) => listProfiles(ctx.db, i.target)),
  implement(C.collectionProfilesSave, async (i, ctx) => saveProfile(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionProfilesDelete, async (i, ctx) => {
    await deleteProfile(ctx.db, actorOf(ctx), ctx.now(), i.id);
    return { ok: true as const };
  }),
  implement(C.collectionImportColumns, async (i, ctx) => fileColumns(ctx, i.uploadId, i.target)),
  implement(C.collectionImportRun, async (i, ctx) => runImport(ctx, i)),
  implement(C.collectionPayersMatch, async (i, ctx) => {
    await matchPayerAlias(ctx.db, actorOf(ctx), ctx.now(), i);
    return { ok: true as const };
  }),
  implement(C.collectionRecordsList, async (i, ctx) => listRecords(ctx.db, i)),
  implement(C.collectionRecordsPost, async (i, ctx) => postRecords(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionRecordsConvertHeld, async (i, ctx) => convertHeld(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionRefundsDue, async (i, ctx) => refundsDue(ctx.db, i.year)),
  implement(C.collectionRefundsCreate, async (i, ctx) => createRefunds(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionRefundsList, async (i, ctx) => listRefunds(ctx.db, i)),
  implement(C.collectionRefundsMark, async (i, ctx) => markRefund(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionRefundsReissue, async (i, ctx) => reissueRefund(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionRefundsExport, async (i, ctx) => {
    const out = ctx.files.newExport(`返还转账清单-${i.listNo}.xlsx`);
    await writeTransferList(ctx.db, i.listNo, out.path);
    return ctx.files.finishExport(out);
  }),
  implement(C.collectionReconcileRun, async (i, ctx) => runReconcile(ctx.db, actorOf(ctx), ctx.now(), i.year, i.throughMonth)),
  implement(C.collectionFlagsList, async (i, ctx) => listFlags(ctx.db, i)),
  implement(C.collectionFlagsFollowups, async (i, ctx) => followups(ctx.db, i.flagId)),
  implement(C.collectionFlagsFollowup, async (i, ctx) => addFollowup(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionGrowth, async (i, ctx) => {
    const rows = await collectionGrowth(ctx.db, i.year);
    const names = new Map((await ctx.db.selectFrom('unit').select(['id', 'name']).where('kind', '=', '基层工会').execute()).map((u) => [u.id, u.name]));
    return rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' }));
  }),
  implement(C.collectionAccrualDraft, async (i, ctx) => accrualDraft(ctx.db, i.year)),
  implement(C.collectionAccrualPost, async (i, ctx) => postAccrual(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionAccrualCorrect, async (i, ctx) => correctAccrual(ctx.db, actorOf(ctx), ctx.now(), i)),
  implement(C.collectionReportsExport, async (i, ctx) => {
    const out = ctx.files.newExport(`经费收缴报表-${i.year}.xlsx`);
    await writeCollectionReports(ctx.db, i.year, out.path, (m) => ctx.progress(0, 0, m));
    return ctx.files.finishExport(out);
  }),
];
