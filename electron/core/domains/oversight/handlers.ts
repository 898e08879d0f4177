// 经审监督 (审计项目、问题、整改台账、经审会会议): the handlers binding the contract to the domain's core functions.
import type { Handler } from '../../registry';

export const oversightHandlers: Handler<any>[] = [];
