// 支出审批 (七步审批链): the handlers binding the contract to the domain's core functions.
import type { Handler } from '../../registry';

export const expenseHandlers: Handler<any>[] = [];
