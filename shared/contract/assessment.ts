// Contract: 考核评价 (百分制考核、一企一档、资金挂钩).
export const assessment = {} as const;
