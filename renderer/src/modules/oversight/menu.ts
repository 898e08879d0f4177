// 经审监督 (审计项目、问题、整改台账、经审会会议): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import type { ModuleDef } from '../../modules';

export const OVERSIGHT_MODULES: readonly ModuleDef[] = [];
