// 考核评价 (百分制考核、一企一档、资金挂钩): the handlers binding the contract to the domain's core functions.
import fs from 'node:fs';
import {
  assessAllocationsAccepted, assessEvidenceFile, assessProposalsCreate, assessProposalsDecide, assessProposalsExport, assessProposalsGet, assessProposalsList,
  assessRoundsClose, assessRoundsCompute, assessRoundsCreate, assessRoundsExport, assessRoundsGet, assessRoundsList, assessRoundsReopen,
  assessScoresEvidence, assessScoresReview, assessScoresSelf, assessScoresSubmitSelf, assessServicesBill, assessServicesCounty,
  assessServicesDelete, assessServicesExport, assessServicesList, assessServicesSave, assessSubjectSheet, assessTemplatesCopy,
  assessTemplatesDeleteItem, assessTemplatesGet, assessTemplatesList, assessTemplatesSaveCategory, assessTemplatesSaveItem,
  assessTemplatesSeed, assessTemplatesUpdate,
} from '../../../../shared/contract/assessment';
import { implement, type Handler } from '../../registry';
import type { HandlerContext } from '../../context';
import { actorOf } from '../audit/log';
import { notFound } from '../../errors';
import { copyTemplate, deleteItem, listTemplates, saveCategory, saveItem, seedTemplates, templateDetail, updateTemplate } from './templates';
import {
  addEvidence, closeRound, computeAndRecalc, createRound, listRounds, reopenRound, roundDetail, setReviewScore, setSelfScore, subjectSheet, submitSelf,
  type Scorer,
} from './rounds';
import { countySummary, deleteService, listServices, saveService, serviceBill, serviceById } from './services';
import { acceptedAllocations, createProposal, decideProposal, listProposals, proposalDetail } from './allocations';
import { writeProposalWorkbook, writeRoundWorkbook, writeServiceWorkbook } from './report';

function scorer(ctx: HandlerContext): Scorer {
  return { ...actorOf(ctx), roles: ctx.session?.roles ?? [], displayName: ctx.session?.displayName ?? ctx.session?.username ?? '（未登录）' };
}

function viewer(ctx: HandlerContext) {
  return ctx.session ? { userId: ctx.session.userId, roles: ctx.session.roles } : null;
}

function fileName(s: string) {
  return s.replace(/[\\/:*?"<>|]/g, '_');
}

export const assessmentHandlers: Handler<any>[] = [
  implement(assessTemplatesList, async (input, ctx) => listTemplates(ctx.db, input.year)),
  implement(assessTemplatesGet, async (input, ctx) => templateDetail(ctx.db, input.templateId)),
  implement(assessTemplatesSeed, async (input, ctx) => seedTemplates(ctx.db, actorOf(ctx), ctx.now(), input.year)),
  implement(assessTemplatesCopy, async (input, ctx) => copyTemplate(ctx.db, actorOf(ctx), ctx.now(), input.templateId, input.year)),
  implement(assessTemplatesUpdate, async (input, ctx) => updateTemplate(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(assessTemplatesSaveCategory, async (input, ctx) => saveCategory(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(assessTemplatesSaveItem, async (input, ctx) => saveItem(ctx.db, actorOf(ctx), ctx.now(), input)),
  implement(assessTemplatesDeleteItem, async (input, ctx) => deleteItem(ctx.db, actorOf(ctx), ctx.now(), input.itemId)),

  implement(assessRoundsList, async (input, ctx) => listRounds(ctx.db, input.year)),
  implement(assessRoundsCreate, async (input, ctx) => {
    const id = await createRound(ctx.db, scorer(ctx), ctx.now(), input);
    return roundDetail(ctx.db, id);
  }),
  implement(assessRoundsGet, async (input, ctx) => roundDetail(ctx.db, input.roundId, input)),
  implement(assessSubjectSheet, async (input, ctx) => subjectSheet(ctx.db, input.subjectId, viewer(ctx))),
  implement(assessScoresSelf, async (input, ctx) => {
    await setSelfScore(ctx.db, scorer(ctx), ctx.now(), input);
    return subjectSheet(ctx.db, input.subjectId, viewer(ctx));
  }),
  implement(assessScoresSubmitSelf, async (input, ctx) => {
    await submitSelf(ctx.db, scorer(ctx), ctx.now(), input.subjectId);
    return subjectSheet(ctx.db, input.subjectId, viewer(ctx));
  }),
  implement(assessScoresReview, async (input, ctx) => {
    await setReviewScore(ctx.db, scorer(ctx), ctx.now(), input);
    return subjectSheet(ctx.db, input.subjectId, viewer(ctx));
  }),
  implement(assessScoresEvidence, async (input, ctx) => {
    await addEvidence(ctx.db, ctx.files, scorer(ctx), ctx.now(), input);
    return subjectSheet(ctx.db, input.subjectId, viewer(ctx));
  }),
  implement(assessEvidenceFile, async (input, ctx) => {
    const e = await ctx.db.selectFrom('assess_evidence').select('file_id').where('subject_id', '=', input.subjectId).where('file_id', '=', input.fileId).executeTakeFirst();
    if (!e) throw notFound('佐证材料');
    const f = await ctx.db.selectFrom('stored_file').select(['name', 'content']).where('id', '=', input.fileId).executeTakeFirstOrThrow();
    const out = ctx.files.newExport(f.name);
    fs.writeFileSync(out.path, f.content);
    return ctx.files.finishExport(out);
  }),
  implement(assessRoundsCompute, async (input, ctx) => {
    await computeAndRecalc(ctx.db, scorer(ctx), ctx.now(), input.roundId);
    return roundDetail(ctx.db, input.roundId);
  }),
  implement(assessRoundsClose, async (input, ctx) => {
    await closeRound(ctx.db, scorer(ctx), ctx.now(), input.roundId);
    return roundDetail(ctx.db, input.roundId, { sort: 'rank' });
  }),
  implement(assessRoundsReopen, async (input, ctx) => {
    await reopenRound(ctx.db, scorer(ctx), ctx.now(), input.roundId, input.reason);
    return roundDetail(ctx.db, input.roundId);
  }),
  implement(assessRoundsExport, async (input, ctx) => {
    const d = await roundDetail(ctx.db, input.roundId, { pageSize: 1 });
    let name = `${d.year}年度${d.name}_汇总排名.xlsx`;
    if (input.subjectId) {
      const s = await subjectSheet(ctx.db, input.subjectId, null);
      name = `${d.year}年度${d.name}_评分表_${s.subject.unit.code}_${s.subject.unit.name}${s.subject.personName ? `_${s.subject.personName}` : ''}.xlsx`;
    }
    const out = ctx.files.newExport(fileName(name));
    await writeRoundWorkbook(ctx.db, input.roundId, out.path, { subjectId: input.subjectId, progress: ctx.progress });
    return ctx.files.finishExport(out);
  }),

  implement(assessServicesList, async (input, ctx) => listServices(ctx.db, input)),
  implement(assessServicesSave, async (input, ctx) =>
    saveService(ctx.db, scorer(ctx), ctx.now(), { ...input, provider: input.provider ?? null, note: input.note ?? null }),
  ),
  implement(assessServicesDelete, async (input, ctx) => deleteService(ctx.db, scorer(ctx), ctx.now(), input.id, input.reason)),
  implement(assessServicesBill, async (input, ctx) => serviceBill(ctx.db, input.unitId)),
  implement(assessServicesCounty, async (input, ctx) => countySummary(ctx.db, input.year)),
  implement(assessServicesExport, async (input, ctx) => {
    const suffix = input.unitId ? `_${(await serviceBill(ctx.db, input.unitId)).unit.name}` : '';
    const out = ctx.files.newExport(fileName(`${input.year}年度服务台账${suffix}.xlsx`));
    await writeServiceWorkbook(ctx.db, input.year, input.unitId, out.path);
    return ctx.files.finishExport(out);
  }),

  implement(assessProposalsCreate, async (input, ctx) => proposalDetail(ctx.db, await createProposal(ctx.db, scorer(ctx), ctx.now(), input))),
  implement(assessProposalsList, async (input, ctx) => listProposals(ctx.db, input.roundId)),
  implement(assessProposalsGet, async (input, ctx) => proposalDetail(ctx.db, input.proposalId)),
  implement(assessProposalsDecide, async (input, ctx) => {
    await decideProposal(ctx.db, scorer(ctx), ctx.now(), input);
    return proposalDetail(ctx.db, input.proposalId);
  }),
  implement(assessProposalsExport, async (input, ctx) => {
    const p = await proposalDetail(ctx.db, input.proposalId);
    const out = ctx.files.newExport(fileName(`${p.targetYear}年度资金分配建议_${p.roundName}.xlsx`));
    await writeProposalWorkbook(ctx.db, input.proposalId, out.path);
    return ctx.files.finishExport(out);
  }),
  implement(assessAllocationsAccepted, async (input, ctx) => acceptedAllocations(ctx.db, input.year)),
];

void serviceById;
