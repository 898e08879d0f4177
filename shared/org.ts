// Organisation facts used by both processes, kept free of zod so the renderer bundle stays small.
export const ORG_LEVELS = ['县级', '市级', '省级', '乡镇（街道）', '基层'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
