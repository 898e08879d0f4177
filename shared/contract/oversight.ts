// Contract: 经审监督 (审计项目、问题、整改台账、经审会会议).
export const oversight = {} as const;
