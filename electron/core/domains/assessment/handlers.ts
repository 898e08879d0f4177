// 考核评价 (百分制考核、一企一档、资金挂钩): the handlers binding the contract to the domain's core functions.
import type { Handler } from '../../registry';

export const assessmentHandlers: Handler<any>[] = [];
