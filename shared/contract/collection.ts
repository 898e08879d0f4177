// Contract: 经费收缴 (税务代征、分成、返还、对账).
export const collection = {} as const;
