// 经费收缴 (税务代征、分成、返还、对账): the handlers binding the contract to the domain's core functions.
import type { Handler } from '../../registry';

export const collectionHandlers: Handler<any>[] = [];
