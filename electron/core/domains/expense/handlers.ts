// 支出审批 (七步审批链): the handlers binding the contract to the domain's core functions, which do every
// check themselves (roles, separation of duties, controls), so the CLI and other modules get the same.
import fs from 'node:fs';
import {
  expenseAct, expenseBudgetLines, expenseCheck, expenseExecution, expenseExportLedger, expenseExportSangong, expenseFile, expenseGet,
  expenseList, expenseMeta, expensePay, expensePost, expenseRulesAdd, expenseRulesList, expenseSangong, expenseSave, expenseSubmit,
  expenseTodo, expenseVerify, expenseWithdraw,
} from '../../../../shared/contract/expense';
import { implement, type Handler } from '../../registry';
import { forbidden, notFound } from '../../errors';
import { actorOf } from '../audit/log';
import type { HandlerContext } from '../../context';
import {
  EXPENSE_KINDS, EXPENSE_STEPS, KIND_DEFAULT_SUBJECT, KIND_SANGONG, PAY_METHODS, SANGONG, STEP_ROLES, STEP_VERIFY,
} from '../../../../shared/expense/constants';
import { actOnRequest, checkDraft, localDate, payRequest, postRequest, saveRequest, submitRequest, withdrawRequest } from './chain';
import { checklistOf, rulesInForce, listRules, addRule } from './rules';
import { allFigures } from './budget';
import { execution, listRequests, requestDetail, sangongStats, todo } from './views';
import { writeExpenseLedger, writeSangong } from './excel';

const viewer = (ctx: HandlerContext) => (ctx.session ? { userId: ctx.session.userId, roles: ctx.session.roles } : null);
const detail = (ctx: HandlerContext, id: number) => requestDetail(ctx.db, id, viewer(ctx));

export const expenseHandlers: Handler<any>[] = [
  implement(expenseMeta, async (input, ctx) => {
    const date = input.date ?? localDate(ctx.now());
    const rules = await rulesInForce(ctx.db, date);
    const units = await ctx.db.selectFrom('unit').select(['id', 'name', 'kind']).where('active', '=', 1).where('kind', 'in', ['总工会', '内设部门']).orderBy('code').execute();
    const sets = await ctx.db.selectFrom('ledger_set').select(['id', 'name']).where('active', '=', 1).orderBy('id').execute();
    const me = ctx.session ? await ctx.db.selectFrom('app_user').select('unit_id').where('id', '=', ctx.session.userId).executeTakeFirst() : undefined;
    return {
      kinds: EXPENSE_KINDS,
      payMethods: PAY_METHODS,
      sangong: SANGONG,
      steps: EXPENSE_STEPS.map((name, i) => ({ step: i + 1, name, roles: STEP_ROLES[i + 1] })),
      checklists: Object.fromEntries(EXPENSE_KINDS.map((k) => [k, checklistOf(rules, k)])),
      cashLimitFen: rules.cashLimitFen,
      kindSangong: KIND_SANGONG,
      kindSubject: KIND_DEFAULT_SUBJECT,
      units,
      myUnitId: units.some((u) => u.id === me?.unit_id) ? me!.unit_id : null,
      ledgerSets: sets,
    };
  }),
  implement(expenseBudgetLines, async (input, ctx) => {
    const rules = await rulesInForce(ctx.db, localDate(ctx.now()));
    const { rows } = await allFigures(ctx.db, input.year, input.unitId ?? null, rules);
    const q = input.q?.trim();
    return q ? rows.filter((r) => `${r.subjectCode} ${r.subjectName} ${r.projectName ?? ''} ${r.unitName}`.includes(q)) : rows;
  }),
  implement(expenseCheck, async (input, ctx) => checkDraft(ctx.db, input.id, input.request as never)),
  implement(expenseSave, async (input, ctx) => {
    const id = await saveRequest(ctx.db, ctx.files, actorOf(ctx), ctx.now(), input.id, input.request as never);
    return detail(ctx, id);
  }),
  implement(expenseSubmit, async (input, ctx) => {
    await submitRequest(ctx.db, actorOf(ctx), ctx.now(), input.id, input.opinion);
    return detail(ctx, input.id);
  }),
  implement(expenseWithdraw, async (input, ctx) => {
    await withdrawRequest(ctx.db, actorOf(ctx), ctx.now(), input.id, input.reason);
    return detail(ctx, input.id);
  }),
  implement(expenseAct, async (input, ctx) => {
    if (input.step === STEP_VERIFY && input.action === '通过') {
      await actOnRequest(ctx.db, ctx.files, actorOf(ctx), ctx.now(), { ...input, action: '核查通过' });
    } else await actOnRequest(ctx.db, ctx.files, actorOf(ctx), ctx.now(), input);
    return detail(ctx, input.id);
  }),
  implement(expensePay, async (input, ctx) => {
    await payRequest(ctx.db, actorOf(ctx), ctx.now(), input);
    return detail(ctx, input.id);
  }),
  implement(expensePost, async (input, ctx) => {
    await postRequest(ctx.db, actorOf(ctx), ctx.now(), input);
    return detail(ctx, input.id);
  }),
  implement(expenseVerify, async (input, ctx) => {
    await actOnRequest(ctx.db, ctx.files, actorOf(ctx), ctx.now(), { ...input, step: STEP_VERIFY });
    return detail(ctx, input.id);
  }),
  implement(expenseGet, async (input, ctx) => detail(ctx, input.id)),
  implement(expenseList, async (input, ctx) => {
    const { page, pageSize, ...f } = input;
    return listRequests(ctx.db, f, page, pageSize, ctx.session?.userId ?? null);
  }),
  implement(expenseTodo, async (input, ctx) => {
    if (!ctx.session) throw forbidden('请先登录。');
    return todo(ctx.db, ctx.session.userId, input.limit);
  }),
  implement(expenseExecution, async (input, ctx) => execution(ctx.db, input.year, localDate(ctx.now()))),
  implement(expenseSangong, async (input, ctx) => sangongStats(ctx.db, input.year)),
  implement(expenseExportLedger, async (input, ctx) => {
    const out = ctx.files.newExport(`支出台账${input.year ? `-${input.year}` : ''}.xlsx`);
    await writeExpenseLedger(ctx.db, input, out.path, (n) => ctx.progress(n, n, `已写入 ${n} 条`));
    return ctx.files.finishExport(out);
  }),
  implement(expenseExportSangong, async (input, ctx) => {
    const out = ctx.files.newExport(`三公经费统计-${input.year}.xlsx`);
    await writeSangong(ctx.db, input.year, out.path);
    return ctx.files.finishExport(out);
  }),
  implement(expenseRulesList, async (_input, ctx) => listRules(ctx.db, localDate(ctx.now()))),
  implement(expenseRulesAdd, async (input, ctx) => {
    await addRule(ctx.db, actorOf(ctx), ctx.now(), input);
    return listRules(ctx.db, localDate(ctx.now()));
  }),
  implement(expenseFile, async (input, ctx) => {
    const linked =
      (await ctx.db.selectFrom('expense_attachment').select('file_id').where('request_id', '=', input.id).where('file_id', '=', input.fileId).executeTakeFirst()) ??
      (await ctx.db.selectFrom('expense_step').select('scan_file_id as file_id').where('request_id', '=', input.id).where('scan_file_id', '=', input.fileId).executeTakeFirst());
    if (!linked) throw notFound('附件');
    const f = await ctx.db.selectFrom('stored_file').select(['name', 'content']).where('id', '=', input.fileId).executeTakeFirstOrThrow();
    const out = ctx.files.newExport(f.name);
    fs.writeFileSync(out.path, f.content);
    return ctx.files.finishExport(out);
  }),
];
