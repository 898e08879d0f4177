// 经审监督 (审计项目、问题、整改台账、经审会会议): the handlers binding the contract to the domain's core functions.
import { implement, type Handler } from '../../registry';
import {
  oversightAgendaAdd, oversightAgendaResolve, oversightBudgetResolutions, oversightCategoriesSave, oversightEvidenceAdd,
  oversightEvidenceCandidates, oversightEvidenceExport, oversightFindingsList, oversightFindingsRespond, oversightFindingsSave,
  oversightLookups, oversightMembersAdd, oversightMembersEnd, oversightMembersList, oversightPapersAdd, oversightPapersExport,
  oversightPlanGet, oversightPlanSave, oversightProjectsGet, oversightProjectsList, oversightProjectsSave, oversightRectHistory,
  oversightRectList, oversightRectOverdue, oversightRectUpdate, oversightRectVerify, oversightReportExport, oversightSessionsGet,
  oversightSessionsList, oversightSessionsSave, oversightStats,
} from '../../../../shared/contract/oversight';
import { BUDGET_STAGES } from '../../../../shared/budget/constants';
import { notFound } from '../../errors';
import { evidenceCandidates, exportStoredFile, isAuditor, isCommittee, oactor, rolesOf } from './common';
import {
  addEvidence, addMember, addPaper, endMember, getPlan, listCategories, listFindings, listMembers, listProjects, listRect,
  overdueCount, projectDetail, rectHistory, rectRow, respondFinding, saveCategory, saveFinding, savePlan, saveProject, updateRect,
  verifyRect,
} from './service';
import { addAgenda, budgetResolutions, listSessions, resolveAgenda, saveSession, sessionDetail } from './sessions';
import { reportFileName, stats, writeOversightReport } from './report';

export const oversightHandlers: Handler<any>[] = [
  implement(oversightLookups, async (_input, ctx) => {
    const actor = await oactor(ctx);
    const [units, users, books, categories] = await Promise.all([
      ctx.db.selectFrom('unit').select(['id', 'code', 'name', 'kind']).where('active', '=', 1).orderBy('code').execute(),
      ctx.db.selectFrom('app_user').select(['id', 'display_name', 'unit_id']).where('active', '=', 1).orderBy('id').execute(),
      ctx.db.selectFrom('budget_book').select(['id', 'year', 'title', 'status', 'stage']).orderBy('year', 'desc').orderBy('id').execute(),
      listCategories(ctx.db),
    ]);
    const roles = await rolesOf(ctx.db, users.map((u) => u.id));
    return {
      units,
      // The people pickers (attendees, members) are for those who record sessions and register members.
      users: isAuditor(actor) || actor.roles.includes('系统管理员')
        ? users.map((u) => ({ id: u.id, displayName: u.display_name, unitId: u.unit_id, roles: roles.get(u.id) ?? [] }))
        : [],
      budgetBooks: books.map((b) => ({ id: b.id, year: b.year, title: b.title, status: b.status, stageName: b.status === '审批中' ? BUDGET_STAGES[b.stage] : null })),
      categories,
      canWrite: isAuditor(actor),
      canClose: isCommittee(actor),
      myUnitId: actor.unitId,
    };
  }),
  implement(oversightCategoriesSave, async (input, ctx) => {
    await saveCategory(ctx.db, await oactor(ctx), ctx.now(), { ...input, id: input.id ?? null });
    return listCategories(ctx.db);
  }),
  implement(oversightMembersList, async (input, ctx) => listMembers(ctx.db, ctx.now(), input.unitId)),
  implement(oversightMembersAdd, async (input, ctx) => {
    await addMember(ctx.db, await oactor(ctx), ctx.now(), input);
    return listMembers(ctx.db, ctx.now(), input.unitId);
  }),
  implement(oversightMembersEnd, async (input, ctx) => {
    await endMember(ctx.db, await oactor(ctx), ctx.now(), input.id, input.termTo);
    return listMembers(ctx.db, ctx.now());
  }),

  implement(oversightPlanGet, async (input, ctx) => getPlan(ctx.db, input.year)),
  implement(oversightPlanSave, async (input, ctx) => {
    await savePlan(ctx.db, await oactor(ctx), ctx.now(), input);
    return getPlan(ctx.db, input.year);
  }),
  implement(oversightProjectsList, async (input, ctx) => listProjects(ctx.db, input)),
  implement(oversightProjectsGet, async (input, ctx) => projectDetail(ctx.db, input.id, ctx.now())),
  implement(oversightProjectsSave, async (input, ctx) => {
    const id = await saveProject(ctx.db, await oactor(ctx), ctx.now(), { ...input, id: input.id ?? null });
    return projectDetail(ctx.db, id, ctx.now());
  }),
  implement(oversightPapersAdd, async (input, ctx) => {
    await addPaper(ctx.db, ctx.files, await oactor(ctx), ctx.now(), input);
    return projectDetail(ctx.db, input.projectId, ctx.now());
  }),
  implement(oversightPapersExport, async (input, ctx) => {
    const p = await ctx.db
      .selectFrom('oversight_paper as w')
      .innerJoin('stored_file as f', 'f.id', 'w.file_id')
      .select(['w.file_id', 'f.name'])
      .where('w.id', '=', input.id)
      .executeTakeFirst();
    if (!p?.file_id) throw notFound('工作底稿文件');
    return exportStoredFile(ctx.db, ctx.files, p.file_id, p.name);
  }),

  implement(oversightFindingsSave, async (input, ctx) => {
    await saveFinding(ctx.db, await oactor(ctx), ctx.now(), { ...input, id: input.id ?? null });
    return projectDetail(ctx.db, input.projectId, ctx.now());
  }),
  implement(oversightFindingsRespond, async (input, ctx) => {
    await respondFinding(ctx.db, await oactor(ctx), ctx.now(), input.id, input.response);
    const f = await ctx.db.selectFrom('oversight_finding').select('project_id').where('id', '=', input.id).executeTakeFirstOrThrow();
    return projectDetail(ctx.db, f.project_id, ctx.now());
  }),
  implement(oversightFindingsList, async (input, ctx) => listFindings(ctx.db, ctx.now(), input)),
  implement(oversightEvidenceCandidates, async (input, ctx) => evidenceCandidates(ctx.db, input)),
  implement(oversightEvidenceAdd, async (input, ctx) => {
    await addEvidence(ctx.db, ctx.files, await oactor(ctx), ctx.now(), input);
    const [f] = await listFindings(ctx.db, ctx.now(), { ids: [input.findingId] });
    return f;
  }),
  implement(oversightEvidenceExport, async (input, ctx) => {
    const e = await ctx.db
      .selectFrom('oversight_evidence as e')
      .innerJoin('stored_file as f', 'f.id', 'e.file_id')
      .select(['e.file_id', 'f.name'])
      .where('e.id', '=', input.id)
      .executeTakeFirst();
    if (!e?.file_id) throw notFound('证据文件');
    return exportStoredFile(ctx.db, ctx.files, e.file_id, e.name);
  }),

  implement(oversightRectList, async (input, ctx) => listRect(ctx.db, ctx.now(), input)),
  implement(oversightRectOverdue, async (_input, ctx) => overdueCount(ctx.db, ctx.now())),
  implement(oversightRectUpdate, async (input, ctx) => {
    await updateRect(ctx.db, await oactor(ctx), ctx.now(), input);
    return rectRow(ctx.db, ctx.now(), input.id);
  }),
  implement(oversightRectVerify, async (input, ctx) => {
    await verifyRect(ctx.db, await oactor(ctx), ctx.now(), input);
    return rectRow(ctx.db, ctx.now(), input.id);
  }),
  implement(oversightRectHistory, async (input, ctx) => rectHistory(ctx.db, input.id)),

  implement(oversightSessionsList, async (input, ctx) => listSessions(ctx.db, input)),
  implement(oversightSessionsGet, async (input, ctx) => sessionDetail(ctx.db, input.id)),
  implement(oversightSessionsSave, async (input, ctx) => {
    const id = await saveSession(ctx.db, await oactor(ctx), ctx.now(), { ...input, id: input.id ?? null });
    return sessionDetail(ctx.db, id);
  }),
  implement(oversightAgendaAdd, async (input, ctx) => {
    await addAgenda(ctx.db, await oactor(ctx), ctx.now(), input);
    return sessionDetail(ctx.db, input.sessionId);
  }),
  implement(oversightAgendaResolve, async (input, ctx) => {
    await resolveAgenda(ctx.db, await oactor(ctx), ctx.now(), input);
    const g = await ctx.db.selectFrom('oversight_agenda').select('session_id').where('id', '=', input.id).executeTakeFirstOrThrow();
    return sessionDetail(ctx.db, g.session_id);
  }),
  implement(oversightBudgetResolutions, async (input, ctx) => budgetResolutions(ctx.db, input.bookId)),

  implement(oversightStats, async (input, ctx) => stats(ctx.db, input.year, ctx.now())),
  implement(oversightReportExport, async (input, ctx) => {
    const project = input.projectId
      ? await ctx.db.selectFrom('oversight_project').select(['code', 'year']).where('id', '=', input.projectId).executeTakeFirst()
      : null;
    if (input.projectId && !project) throw notFound('审计项目');
    const out = ctx.files.newExport(reportFileName(input.year, project ?? null));
    ctx.progress(0, 1, '正在生成经审报告');
    await writeOversightReport(ctx.db, ctx.now(), { year: project?.year ?? input.year, projectId: input.projectId, unitId: input.unitId }, out.path);
    ctx.progress(1, 1, '经审报告已生成');
    return ctx.files.finishExport(out);
  }),
];
