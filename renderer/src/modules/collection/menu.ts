// 经费收缴 (税务代征、分成、返还、对账): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import type { ModuleDef } from '../../modules';

export const COLLECTION_MODULES: readonly ModuleDef[] = [];
