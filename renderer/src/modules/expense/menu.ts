// 支出审批 (七步审批链): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import type { ModuleDef } from '../../modules';

export const EXPENSE_MODULES: readonly ModuleDef[] = [];
