// Contract: the units registry (单位) — list, tree, detail, create/update/deactivate, history, Excel
// template, list export and import.
import { z } from 'zod';
import { endpoint } from './define';
import type { Page } from './audit';
import type { ExportedFile } from '../bridge';
import { ALL_ROLES } from '../roles';
import { OWNERSHIPS, UNION_STATUSES, UNIT_KINDS, UNIT_SORT_KEYS } from '../units';

/** Who may change the registry. Everybody signed in with a role may read it. */
export const UNIT_WRITERS = ['系统管理员', '财务部门', '办公室'] as const;
const READERS = ALL_ROLES;

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  kind: string;
}

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  orgType: string | null;
  ownership: string | null;
  creditCode: string | null;
  unionCreditCode: string | null;
  parentId: number | null;
  parentName: string | null;
  unionFoundedOn: string | null;
  unionStatus: string | null;
  chair: string | null;
  memberCount: number | null;
  staffCount: number | null;
  /** 月工资总额 in fen. */
  payrollBaseFen: number | null;
  bankName: string | null;
  bankAccount: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  address: string | null;
  notes: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UnitDetail extends UnitRow {
  /** From the top (the federation) down to the direct parent. */
  ancestors: UnitRef[];
  childCount: number;
  activeChildCount: number;
}

export interface UnitListResult extends Page<UnitRow> {
  /** Sums over all rows matching the filter (not just this page). */
  sums: { memberCount: number; staffCount: number; payrollBaseFen: number };
}

export interface UnitTreeNode {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  orgType: string | null;
  parentId: number | null;
  active: boolean;
  /** Direct children of any kind (respecting includeInactive). */
  childCount: number;
  /** Direct children that are 基层工会. */
  grassrootsCount: number;
  /** 基层工会 anywhere below this node, and their members and staff. */
  subtreeGrassroots: number;
  subtreeMembers: number;
  subtreeStaff: number;
}

export interface UnitSaved {
  unit: UnitDetail;
  /** Notes that did not prevent saving (e.g. 已建会 without a founding date). */
  warnings: string[];
}

export interface UnitChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
  /** Display text (amounts in 元, booleans as 启用/停用). */
  beforeText: string;
  afterText: string;
}

export interface UnitHistoryEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  role: string;
  module: string;
  action: string;
  summary: string;
  changes: UnitChange[];
}

export interface UnitImportIssue {
  sheet: string;
  /** 1-based Excel row number, or null when the problem concerns the whole sheet or file. */
  row: number | null;
  /** The column's header (e.g. 统一社会信用代码), or null. */
  column: string | null;
  message: string;
}

export interface UnitImportResult {
  /** True when there is no blocking error (and, unless dryRun, the rows were written). */
  ok: boolean;
  dryRun: boolean;
  fileName: string;
  sheet: string | null;
  /** Data rows read (blank rows and a 合计 row are skipped). */
  rows: number;
  /** What was (or, in a dry run, would be) done; all 0 when ok is false. */
  created: number;
  updated: number;
  unchanged: number;
  /** Blocking problems (at most 1,000 listed; errorCount has the total). */
  errors: UnitImportIssue[];
  /** Notes that do not block the import (at most 1,000 listed). */
  warnings: UnitImportIssue[];
  errorCount: number;
  warningCount: number;
}

const id = z.number().int().positive();
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 个字符`)
    .nullish()
    .transform((v) => (v ? v : null));
const count = (label: string) =>
  z.number({ error: `${label}应为整数` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(10_000_000, `${label}过大`).nullish();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const unitFields = z
  .object({
    /** Empty: generated from the kind (JC00001 …). */
    code: text(32, '单位编码'),
    name: z.string({ error: '请填写单位名称' }).trim().min(1, '请填写单位名称').max(100, '单位名称最多 100 个字符'),
    shortName: text(40, '简称'),
    kind: z.enum(UNIT_KINDS, { error: `类别应为：${UNIT_KINDS.join('、')}` }),
    orgType: text(20, '单位性质'),
    ownership: z.enum(OWNERSHIPS, { error: `所有制应为：${OWNERSHIPS.join('、')}` }).nullish(),
    creditCode: text(40, '统一社会信用代码'),
    unionCreditCode: text(40, '工会统一社会信用代码'),
    /** Empty: directly under the federation. */
    parentId: id.nullish(),
    unionFoundedOn: isoDate.nullish(),
    unionStatus: z.enum(UNION_STATUSES, { error: `建会状态应为：${UNION_STATUSES.join('、')}` }).nullish(),
    chair: text(40, '工会主席'),
    memberCount: count('会员人数'),
    staffCount: count('职工人数'),
    /** 月工资总额 in integer fen. */
    payrollBaseFen: z
      .number({ error: '月工资总额应为整数分' })
      .int('月工资总额应为整数分')
      .min(0, '月工资总额不能为负数')
      .max(Number.MAX_SAFE_INTEGER, '月工资总额过大')
      .nullish(),
    bankName: text(80, '开户银行'),
    bankAccount: text(40, '银行账号'),
    contactPerson: text(40, '联系人'),
    contactPhone: text(40, '联系电话'),
    address: text(120, '地址'),
    notes: text(500, '备注'),
  })
  .strict();
export type UnitFieldsInput = z.input<typeof unitFields>;
export type UnitFields = z.output<typeof unitFields>;

export const unitFilter = z
  .object({
    /** Matches name, short name, code, credit codes and chair. */
    q: z.string().trim().max(80).nullish(),
    kind: z.enum(UNIT_KINDS).nullish(),
    orgType: z.string().max(20).nullish(),
    ownership: z.enum(OWNERSHIPS).nullish(),
    unionStatus: z.enum(UNION_STATUSES).nullish(),
    /** Direct children of this unit. */
    parentId: id.nullish(),
    /** Everything below this unit (its whole subtree, not the unit itself). */
    ancestorId: id.nullish(),
    /** true: active only, false: deactivated only, null/absent: both. */
    active: z.boolean().nullish(),
    sort: z.enum(UNIT_SORT_KEYS).default('code'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();

export const unitsList = endpoint<UnitListResult>()({
  name: 'units.list',
  summary: '查询单位名录',
  input: unitFilter.extend({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200, '每页最多 200 条').default(50),
  }),
  access: READERS,
});

export const unitsGet = endpoint<UnitDetail>()({
  name: 'units.get',
  summary: '查看单位',
  input: z.object({ id }).strict(),
  access: READERS,
});

export const unitsTree = endpoint<UnitTreeNode[]>()({
  name: 'units.tree',
  summary: '单位层级（总工会、内设部门、工会联合会、工作站）',
  input: z.object({ includeInactive: z.boolean().default(false) }).strict(),
  access: READERS,
});

export const unitsCreate = endpoint<UnitSaved>()({
  name: 'units.create',
  summary: '新增单位',
  input: unitFields,
  access: UNIT_WRITERS,
});

export const unitsUpdate = endpoint<UnitSaved>()({
  name: 'units.update',
  summary: '修改单位',
  input: unitFields.extend({
    id,
    /** The updatedAt the unit was read at; a different current value means somebody else changed it. */
    updatedAt: z.string().min(1, '缺少修改时间戳'),
  }),
  access: UNIT_WRITERS,
});

export const unitsSetActive = endpoint<UnitSaved>()({
  name: 'units.setActive',
  summary: '停用或启用单位',
  input: z.object({ id, active: z.boolean(), updatedAt: z.string().nullish() }).strict(),
  access: UNIT_WRITERS,
});

export const unitsHistory = endpoint<Page<UnitHistoryEntry>>()({
  name: 'units.history',
  summary: '单位变更记录',
  input: z
    .object({ id, page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(200).default(50) })
    .strict(),
  access: READERS,
});

export const unitsExportTemplate = endpoint<ExportedFile>()({
  name: 'units.exportTemplate',
  summary: '下载单位导入模板（Excel）',
  input: z.object({}).strict(),
  access: READERS,
});

export const unitsExportList = endpoint<ExportedFile>()({
  name: 'units.exportList',
  summary: '导出单位名录（Excel）',
  input: unitFilter,
  access: READERS,
});

export const unitsImport = endpoint<UnitImportResult>()({
  name: 'units.import',
  summary: '从 Excel 导入单位',
  input: z
    .object({
      uploadId: z.string().min(1, '请先选择文件'),
      /** Check only: report what would happen, write nothing. */
      dryRun: z.boolean().default(false),
    })
    .strict(),
  access: UNIT_WRITERS,
});

export const units = {
  unitsList, unitsGet, unitsTree, unitsCreate, unitsUpdate, unitsSetActive, unitsHistory, unitsExportTemplate,
  unitsExportList, unitsImport,
};
