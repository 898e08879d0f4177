// 考核评价 (百分制考核、一企一档、资金挂钩): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import type { ModuleDef } from '../../modules';

export const ASSESSMENT_MODULES: readonly ModuleDef[] = [];
