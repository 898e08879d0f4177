import {
  unitsCreate, unitsExportList, unitsExportTemplate, unitsGet, unitsHistory, unitsImport, unitsList, unitsSetActive,
  unitsTree, unitsUpdate,
} from '../../../../shared/contract/units';
import { implement } from '../../registry';
import { actorOf } from '../audit/log';
import { createUnit, listUnits, loadUnit, setUnitActive, unitHistory, unitTree, updateUnit } from './service';
import { exportUnitList, exportUnitTemplate } from './export';
import { importUnits } from './import';

export const unitHandlers = [
  implement(unitsList, async (input, ctx) => listUnits(ctx.db, input)),

  implement(unitsGet, async (input, ctx) => loadUnit(ctx.db, input.id)),

  implement(unitsTree, async (input, ctx) => unitTree(ctx.db, input.includeInactive)),

  implement(unitsCreate, async (input, ctx) => {
    const { id, warnings } = await createUnit(ctx.db, actorOf(ctx), ctx.now(), input);
    return { unit: await loadUnit(ctx.db, id), warnings };
  }),

  implement(unitsUpdate, async (input, ctx) => {
    const { warnings } = await updateUnit(ctx.db, actorOf(ctx), ctx.now(), input);
    return { unit: await loadUnit(ctx.db, input.id), warnings };
  }),

  implement(unitsSetActive, async (input, ctx) => {
    await setUnitActive(ctx.db, actorOf(ctx), ctx.now(), input);
    return { unit: await loadUnit(ctx.db, input.id), warnings: [] };
  }),

  implement(unitsHistory, async (input, ctx) => unitHistory(ctx.db, input.id, input.page, input.pageSize)),

  implement(unitsExportTemplate, async (_input, ctx) => {
    const out = ctx.files.newExport('单位导入模板.xlsx');
    await exportUnitTemplate(out.path);
    return ctx.files.finishExport(out);
  }),

  implement(unitsExportList, async (input, ctx) => {
    const out = ctx.files.newExport('单位名录.xlsx');
    await exportUnitList(ctx.db, input, out.path, ctx.now());
    return ctx.files.finishExport(out);
  }),

  implement(unitsImport, async (input, ctx) => importUnits(ctx, input.uploadId, { dryRun: input.dryRun })),
];
