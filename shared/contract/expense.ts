// Contract: 支出审批 (七步审批链).
export const expense = {} as const;
