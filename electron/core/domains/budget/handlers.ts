import {
  budgetBooksAct, budgetBooksCancel, budgetBooksCreate, budgetBooksDiff, budgetBooksGet, budgetBooksList, budgetChecks,
  budgetConsolidate, budgetConsolidateProjects, budgetConsolidateUnits, budgetDrill, budgetImport, budgetImportLog,
  budgetReportExport, budgetRulesList, budgetRulesUpdate, budgetStatus, budgetSubjects, budgetTemplatesExport,
  budgetVersionsDiff, budgetVersionsGet, budgetVersionsList,
} from '../../../../shared/contract/budget';
import { budgetSubjects as subjectsOf } from '../../../../shared/budget/subjects';
import { implement } from '../../registry';
import type { HandlerContext } from '../../context';
import { actorOf } from '../audit/log';
import { consolidate, drill, projectHistory, projectRows, unitRows } from './consolidate';
import { evaluateRules, listRules, updateRule } from './rules';
import { importBudgetFiles, assertWorkbooks } from './import';
import { writeTemplates } from './template';
import { diffVersions, importLog, listVersions, submissionStatus, versionDetail } from './versions';
import { actOnBook, bookDetail, createBook, listBooks } from './procedure';
import { withdrawBook } from './books';
import { bookDiff } from './adjust';
import { writeBudgetReport } from './report';
import { lastYearSource, resolveSource } from './structure';

function writer(ctx: HandlerContext) {
  return { ...actorOf(ctx), displayName: ctx.session?.displayName ?? ctx.session?.username ?? '（未登录）' };
}

function viewer(ctx: HandlerContext) {
  return ctx.session ? { userId: ctx.session.userId, roles: ctx.session.roles } : null;
}

function page<T>(rows: T[], p: number, size: number) {
  return { rows: rows.slice((p - 1) * size, p * size), total: rows.length, page: p, pageSize: size };
}

export const budgetHandlers = [
  implement(budgetSubjects, async (input) => subjectsOf(input.chart).map((s) => ({ ...s }))),

  implement(budgetTemplatesExport, async (input, ctx) => {
    const files = await writeTemplates(
      ctx.db,
      input.year,
      input.unitIds,
      input.prefill,
      (_unit, name) => {
        const out = ctx.files.newExport(name);
        return { path: out.path, finish: () => ctx.files.finishExport(out) };
      },
      ctx.progress,
    );
    return { year: input.year, files };
  }),

  implement(budgetImport, async (input, ctx) => {
    const files = input.uploadIds.map((id) => ctx.files.uploadPath(id));
    assertWorkbooks(files);
    return importBudgetFiles(ctx.db, files, {
      year: input.year,
      expectUnitId: input.expectUnitId ?? null,
      dryRun: input.dryRun,
      actor: writer(ctx),
      now: ctx.now,
      progress: ctx.progress,
    });
  }),

  implement(budgetStatus, async (input, ctx) => submissionStatus(ctx.db, input)),

  implement(budgetImportLog, async (input, ctx) => importLog(ctx.db, input.year, input.unitId, input.page, input.pageSize)),

  implement(budgetVersionsList, async (input, ctx) => listVersions(ctx.db, input.year, input.unitId)),

  implement(budgetVersionsGet, async (input, ctx) => versionDetail(ctx.db, input.versionId)),

  implement(budgetVersionsDiff, async (input, ctx) => diffVersions(ctx.db, input.versionId, input.againstVersionId)),

  implement(budgetConsolidate, async (input, ctx) => consolidate(ctx.db, input.year, input.bookId, input.scope)),

  implement(budgetConsolidateUnits, async (input, ctx) => {
    const source = await resolveSource(ctx.db, input.year, input.bookId);
    let rows = await unitRows(ctx.db, source, input.scope, await lastYearSource(ctx.db, input.year));
    if (input.q) rows = rows.filter((r) => r.unit.name.includes(input.q!) || r.unit.code.includes(input.q!.toUpperCase()));
    if (input.sort === 'expense') rows.sort((a, b) => b.expenseFen - a.expenseFen);
    else if (input.sort === 'income') rows.sort((a, b) => b.incomeFen - a.incomeFen);
    else if (input.sort === 'balance') rows.sort((a, b) => a.balanceFen - b.balanceFen);
    return page(rows, input.page, input.pageSize);
  }),

  implement(budgetConsolidateProjects, async (input, ctx) => {
    const source = await resolveSource(ctx.db, input.year, input.bookId);
    const rows = await projectRows(ctx.db, source, input.scope, { q: input.q, unitId: input.unitId, specialFund: input.specialFund });
    const shown = page(rows, input.page, input.pageSize);
    await projectHistory(ctx.db, input.year, shown.rows); // last year's budget and actual: for the page only
    return { ...shown, sumFen: rows.reduce((s, r) => s + r.totalFen, 0) };
  }),

  implement(budgetDrill, async (input, ctx) => drill(ctx.db, input.year, input.bookId, input.scope, input.filter, input.page, input.pageSize)),

  implement(budgetChecks, async (input, ctx) => evaluateRules(ctx.db, input.year, await resolveSource(ctx.db, input.year, input.bookId))),

  implement(budgetRulesList, async (input, ctx) => listRules(ctx.db, input.year, input.key, ctx.now())),

  implement(budgetRulesUpdate, async (input, ctx) =>
    updateRule(ctx.db, actorOf(ctx), ctx.now(), { ...input, basis: input.basis ?? null }),
  ),

  implement(budgetBooksList, async (input, ctx) => listBooks(ctx.db, input.year)),

  implement(budgetBooksGet, async (input, ctx) => bookDetail(ctx.db, input.bookId, viewer(ctx))),

  implement(budgetBooksCreate, async (input, ctx) => {
    const id = await createBook(ctx.db, actorOf(ctx), ctx.now(), { year: input.year, kind: input.kind, reason: input.reason ?? null });
    return bookDetail(ctx.db, id, viewer(ctx));
  }),

  implement(budgetBooksAct, async (input, ctx) => {
    await actOnBook(ctx.db, ctx.files, { ...writer(ctx), roles: ctx.session?.roles ?? [] }, ctx.now(), input);
    return bookDetail(ctx.db, input.bookId, viewer(ctx));
  }),

  implement(budgetBooksCancel, async (input, ctx) => {
    await withdrawBook(ctx.db, actorOf(ctx), ctx.now(), input.bookId, input.reason);
    return bookDetail(ctx.db, input.bookId, viewer(ctx));
  }),

  implement(budgetBooksDiff, async (input, ctx) => bookDiff(ctx.db, input.bookId, input.againstBookId, input.page, input.pageSize)),

  implement(budgetReportExport, async (input, ctx) => {
    const out = ctx.files.newExport(`${input.year}年度预算汇总表.xlsx`);
    await writeBudgetReport(ctx.db, input.year, input.bookId, out.path, ctx.progress);
    return ctx.files.finishExport(out);
  }),
];
