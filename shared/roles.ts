// The roles the procedures need, seeded as data (the `role` table); handlers name them in `access`.
export const ROLES = {
  经办人: '经办人',
  部门负责人: '部门负责人',
  分管领导: '分管领导',
  财务部门: '财务部门',
  办公室: '办公室',
  分管财务副主席: '分管财务副主席',
  出纳: '出纳',
  会计: '会计',
  常务副主席: '常务副主席',
  主席: '主席',
  经审会主任: '经审会主任',
  经审会委员: '经审会委员',
  常委会: '常委会',
  系统管理员: '系统管理员',
  只读审阅: '只读审阅',
} as const;
export type RoleCode = keyof typeof ROLES;

export const ROLE_DESCRIPTIONS: Record<RoleCode, string> = {
  经办人: '办理支出申请、报销，提出部门预算',
  部门负责人: '审核本部门的申请与预算',
  分管领导: '审批分管范围内的支出与预算',
  财务部门: '财务审核、预算汇总、经费收缴管理',
  办公室: '会同财务审核支出手续',
  分管财务副主席: '审批支出，分管财务工作',
  出纳: '办理付款、收款，登记银行与现金',
  会计: '填制、审核与登记记账凭证，编制报表',
  常务副主席: '对已记账支出进行核查',
  主席: '工会主席，单位负责人',
  经审会主任: '主持经费审查委员会工作',
  经审会委员: '参加经费审查、审查会议',
  常委会: '常务委员会成员，审议通过预算',
  系统管理员: '初始化系统、管理用户、角色与规则',
  只读审阅: '年度审查等只读查阅，不能修改任何数据',
};

/** Roles whose holders may read everything but change nothing. */
export const READ_ONLY_ROLES: readonly RoleCode[] = ['只读审阅'];

/** Roles that may read organisation-wide registers (units, users list). */
export const ALL_ROLES = Object.keys(ROLES) as RoleCode[];

/** The separation-of-duties rules seeded by default (domain.md §5.1, §7.3). */
export const DEFAULT_SOD_RULES: ReadonlyArray<{ name: string; a: RoleCode; b: RoleCode; basis: string }> = [
  { name: '会计出纳分设', a: '出纳', b: '会计', basis: '会计、出纳要分设，钱、账、物要分管' },
  ...(['经审会主任', '经审会委员'] as const).flatMap((auditor) =>
    (['主席', '常务副主席', '分管财务副主席', '分管领导', '财务部门', '出纳', '会计', '常委会'] as const).map((other) => ({
      name: `${auditor}不得兼任${other}`,
      a: auditor as RoleCode,
      b: other as RoleCode,
      basis:
        other === '常委会'
          ? '工会委员会（常委会）与经费审查委员会成员不得交叉任职'
          : '主席、副主席、财务负责人及经管钱物人员不得担任同级经费审查委员会成员（《中国工会章程》）',
    })),
  ),
];
