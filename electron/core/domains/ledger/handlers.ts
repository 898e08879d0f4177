// The ledger's handlers: thin wrappers binding the contract to the core functions, which do every check
// (other modules call the same functions).
import fs from 'node:fs';
import path from 'node:path';
import {
  ledgerAccountsCreate, ledgerAccountsDelete, ledgerAccountsList, ledgerAccountsRename, ledgerDimensionsCreateProject,
  ledgerDimensionsList, ledgerDimensionsSaveEconClass, ledgerDimensionsSaveRule, ledgerOpeningCheck, ledgerOpeningGet,
  ledgerOpeningSet, ledgerPeriodsClose, ledgerPeriodsReopen, ledgerPeriodsStatus, ledgerPeriodsYearEnd,
  ledgerReportsAccountBalances, ledgerReportsAuxBalances, ledgerReportsDetailLedger, ledgerReportsGeneralLedger,
  ledgerReportsExportStatements, ledgerReportsStatement01, ledgerReportsStatement02, ledgerReportsTrialBalance, ledgerSetsCreate, ledgerSetsList,
  ledgerVouchersCreate, ledgerVouchersDelete, ledgerVouchersExportAttachment, ledgerVouchersGet, ledgerVouchersList,
  ledgerVouchersPost, ledgerVouchersReverse, ledgerVouchersReview, ledgerVouchersSupplement, ledgerVouchersUnreview,
  ledgerVouchersUpdateDraft, ledgerVouchersVoid, ledgerReportsBudgetExecution, ledgerReportsExportBudgetExecution, ledgerReportsExportBook,
} from '../../../../shared/contract/ledger';
import { implement } from '../../registry';
import { notFound } from '../../errors';
import { actorOf } from '../audit/log';
import type { HandlerContext } from '../../context';
import { createSet, listSets, loadSetRow } from './sets';
import { createAccount, deleteAccount, listAccounts, renameAccount } from './accounts';
import { createProject, dimensionsInfo, saveEconClass, saveRule } from './dims';
import {
  createVoucher, deleteVoucher, listVouchers, reverseVoucher, reviewVoucher, supplementVoucher, unreviewVoucher, updateDraft,
  voidVoucher, voucherDetail, type AttachmentInput,
} from './vouchers';
import { postVoucher } from './posting';
import { closeMonth, periodStatus, reopenMonth } from './periods';
import { yearEnd } from './closing';
import { openingCheck, openingView, setOpening } from './opening';
import { accountBalances, auxBalances, detailLedger, generalLedger, trialBalance } from './balances';
import { statement01, statement02 } from './statements';
import { statementsFileName, writeStatementsWorkbook } from './excel';
import { loadSet } from './common';
import { budgetExecution } from './budget-exec';
import { bookFileName, budgetExecutionFileName, writeBookWorkbook, writeBudgetExecutionWorkbook } from './books-excel';

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd',
};

/** Uploaded files are read into the content-addressed store; stored files are referenced by id. */
function attachmentsOf(ctx: HandlerContext, list: Array<{ fileId: number } | { uploadId: string }>): AttachmentInput[] {
  return list.map((a) => {
    if ('fileId' in a) return { fileId: a.fileId };
    const up = ctx.files.uploadPath(a.uploadId);
    return { name: up.name, mime: MIME[path.extname(up.name).toLowerCase()] ?? null, content: fs.readFileSync(up.path) };
  });
}

export const ledgerHandlers = [
  implement(ledgerSetsList, async (input, ctx) => listSets(ctx.db, { includeInactive: input.includeInactive })),
  implement(ledgerSetsCreate, async (input, ctx) => {
    const set = await createSet(ctx.db, actorOf(ctx), ctx.now(), input);
    return loadSetRow(ctx.db, set.id);
  }),

  implement(ledgerAccountsList, async (input, ctx) => listAccounts(ctx.db, input.setId, { includeInactive: input.includeInactive })),
  implement(ledgerAccountsCreate, async (input, ctx) => createAccount(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(ledgerAccountsRename, async (input, ctx) => renameAccount(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(ledgerAccountsDelete, async (input, ctx) => {
    await deleteAccount(ctx.db, actorOf(ctx), ctx.now(), input);
    return null;
  }),

  implement(ledgerDimensionsList, async (input, ctx) => dimensionsInfo(ctx.db, input.setId)),
  implement(ledgerDimensionsCreateProject, async (input, ctx) => createProject(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(ledgerDimensionsSaveEconClass, async (input, ctx) => saveEconClass(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(ledgerDimensionsSaveRule, async (input, ctx) => saveRule(ctx.db, actorOf(ctx), ctx.now(), input)),

  implement(ledgerVouchersList, async (input, ctx) => listVouchers(ctx.db, input)),
  implement(ledgerVouchersGet, async (input, ctx) => voucherDetail(ctx.db, input.id)),
  implement(ledgerVouchersCreate, async (input, ctx) => {
    const v = await createVoucher(ctx.db, actorOf(ctx), ctx.now(), { ...input, attachments: attachmentsOf(ctx, input.attachments) });
    return voucherDetail(ctx.db, v.id);
  }),
  implement(ledgerVouchersUpdateDraft, async (input, ctx) => {
    const { id, ...body } = input;
    const v = await updateDraft(ctx.db, actorOf(ctx), ctx.now(), id, { ...body, attachments: attachmentsOf(ctx, body.attachments) });
    return voucherDetail(ctx.db, v.id);
  }),
  implement(ledgerVouchersReview, async (input, ctx) => voucherDetail(ctx.db, (await reviewVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id)).id)),
  implement(ledgerVouchersUnreview, async (input, ctx) => voucherDetail(ctx.db, (await unreviewVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id)).id)),
  implement(ledgerVouchersPost, async (input, ctx) => voucherDetail(ctx.db, (await postVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id)).id)),
  implement(ledgerVouchersVoid, async (input, ctx) =>
    voucherDetail(ctx.db, (await voidVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id, input.reason)).id),
  ),
  implement(ledgerVouchersDelete, async (input, ctx) => {
    await deleteVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id);
    return null;
  }),
  implement(ledgerVouchersReverse, async (input, ctx) =>
    voucherDetail(ctx.db, (await reverseVoucher(ctx.db, actorOf(ctx), ctx.now(), input.id, { date: input.date, reason: input.reason })).id),
  ),
  implement(ledgerVouchersSupplement, async (input, ctx) => {
    const { id, ...body } = input;
    const v = await supplementVoucher(ctx.db, actorOf(ctx), ctx.now(), id, { ...body, attachments: attachmentsOf(ctx, body.attachments) });
    return voucherDetail(ctx.db, v.id);
  }),
  implement(ledgerVouchersExportAttachment, async (input, ctx) => {
    const row = await ctx.db
      .selectFrom('ledger_voucher_attachment as a')
      .innerJoin('stored_file as f', 'f.id', 'a.file_id')
      .select(['a.name', 'f.content'])
      .where('a.voucher_id', '=', input.id)
      .where('a.file_id', '=', input.fileId)
      .executeTakeFirst();
    if (!row) throw notFound('凭证附件');
    const out = ctx.files.newExport(row.name);
    fs.writeFileSync(out.path, row.content);
    return ctx.files.finishExport(out);
  }),

  implement(ledgerPeriodsStatus, async (input, ctx) => periodStatus(ctx.db, input.setId, input.year)),
  implement(ledgerPeriodsClose, async (input, ctx) => {
    await closeMonth(ctx.db, actorOf(ctx), ctx.now(), input.setId, input.year, input.month);
    return periodStatus(ctx.db, input.setId, input.year);
  }),
  implement(ledgerPeriodsReopen, async (input, ctx) => {
    await reopenMonth(ctx.db, actorOf(ctx), ctx.now(), input);
    return periodStatus(ctx.db, input.setId, input.year);
  }),
  implement(ledgerPeriodsYearEnd, async (input, ctx) => yearEnd(ctx.db, actorOf(ctx), ctx.now(), input.setId, input.year)),

  implement(ledgerOpeningGet, async (input, ctx) => openingView(ctx.db, input.setId)),
  implement(ledgerOpeningSet, async (input, ctx) => {
    await setOpening(ctx.db, actorOf(ctx), ctx.now(), input.setId, input.rows);
    return openingView(ctx.db, input.setId);
  }),
  implement(ledgerOpeningCheck, async (input, ctx) => openingCheck(ctx.db, input.setId)),

  implement(ledgerReportsTrialBalance, async (input, ctx) => trialBalance(ctx.db, input.setId, input.year, input.month, input.includeZero)),
  implement(ledgerReportsAccountBalances, async (input, ctx) => accountBalances(ctx.db, input)),
  implement(ledgerReportsGeneralLedger, async (input, ctx) => generalLedger(ctx.db, input)),
  implement(ledgerReportsDetailLedger, async (input, ctx) => detailLedger(ctx.db, input)),
  implement(ledgerReportsAuxBalances, async (input, ctx) => auxBalances(ctx.db, input)),
  implement(ledgerReportsStatement01, async (input, ctx) => statement01(ctx.db, input)),
  implement(ledgerReportsStatement02, async (input, ctx) => statement02(ctx.db, input)),
  implement(ledgerReportsExportStatements, async (input, ctx) => {
    const set = await loadSet(ctx.db, input.setId);
    const out = ctx.files.newExport(statementsFileName(set.name, input.year, input.month, input.annual));
    await writeStatementsWorkbook(ctx.db, input, out.path);
    return ctx.files.finishExport(out);
  }),
  implement(ledgerReportsBudgetExecution, async (input, ctx) => budgetExecution(ctx.db, input)),
  implement(ledgerReportsExportBudgetExecution, async (input, ctx) => {
    const setName = input.setId ? (await loadSet(ctx.db, input.setId)).name : null;
    const out = ctx.files.newExport(budgetExecutionFileName(input.year, setName));
    await writeBudgetExecutionWorkbook(ctx.db, input, out.path);
    return ctx.files.finishExport(out);
  }),
  implement(ledgerReportsExportBook, async (input, ctx) => {
    const set = await loadSet(ctx.db, input.setId);
    const out = ctx.files.newExport(bookFileName(set.name, input));
    await writeBookWorkbook(ctx.db, input, out.path);
    return ctx.files.finishExport(out);
  }),
];
