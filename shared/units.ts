// The units registry (单位): the federation itself, its departments, sub-federations, work stations and
// the grassroots unions (one row per employer with its union). The allowed values and the Excel
// import template live here so that the core, the renderer and the template agree on them.
// Plain TypeScript: shared by the Node core and the renderer.
import { ORG_LEVELS } from './org';

/** 类别 */
export const UNIT_KINDS = ['总工会', '内设部门', '工会联合会', '工作站', '基层工会'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const FEDERATION_TYPES = ['乡镇', '街道', '行业', '区域', '社区', '村'] as const;
export const GRASSROOTS_TYPES = ['企业', '机关', '事业单位', '社会组织', '其他'] as const;

/** 单位性质 allowed per 类别 (an empty list: the kind takes no 单位性质). */
export const ORG_TYPES_BY_KIND: Readonly<Record<UnitKind, readonly string[]>> = {
  总工会: ORG_LEVELS,
  内设部门: [],
  工会联合会: FEDERATION_TYPES,
  工作站: FEDERATION_TYPES,
  基层工会: GRASSROOTS_TYPES,
};

/** Kinds whose rows must fill 单位性质. */
export const ORG_TYPE_REQUIRED: readonly UnitKind[] = ['工会联合会', '基层工会'];

/** Every 单位性质 of any kind (for the template's drop-down list). */
export const ALL_ORG_TYPES: readonly string[] = [...new Set(Object.values(ORG_TYPES_BY_KIND).flat())];

/** 所有制 */
export const OWNERSHIPS = ['国有', '非公'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** 建会状态 */
export const UNION_STATUSES = ['已建会', '筹建中', '未建会'] as const;
export type UnionStatus = (typeof UNION_STATUSES)[number];

/** Kinds that must carry an 统一社会信用代码. */
export const CREDIT_CODE_REQUIRED: readonly UnitKind[] = ['总工会', '基层工会'];

/** Which kinds a unit of a kind may sit under (its 上级单位). The 总工会 has no parent. */
export const ALLOWED_PARENT_KINDS: Readonly<Record<UnitKind, readonly UnitKind[]>> = {
  总工会: [],
  内设部门: ['总工会', '内设部门'],
  工会联合会: ['总工会', '工会联合会'],
  工作站: ['总工会', '工会联合会'],
  基层工会: ['总工会', '工会联合会', '工作站'],
};

/** Prefixes of generated unit codes (JC00001 …); the federation's code is ORG (set by first-run setup). */
export const UNIT_CODE_PREFIX: Readonly<Record<UnitKind, string>> = {
  总工会: 'ORG',
  内设部门: 'BM',
  工会联合会: 'LH',
  工作站: 'GZ',
  基层工会: 'JC',
};
export const UNIT_CODE_DIGITS = 5;
/** A unit code typed by a user: letters, digits, - and _, at most 32 characters (stored upper-case). */
export const UNIT_CODE_RE = /^[A-Za-z0-9_-]{1,32}$/;

export function formatUnitCode(kind: UnitKind, n: number): string {
  return UNIT_CODE_PREFIX[kind] + String(n).padStart(UNIT_CODE_DIGITS, '0');
}

/** Field keys of a unit as the contract and the audit log name them. */
export type UnitFieldKey =
  | 'code' | 'name' | 'shortName' | 'kind' | 'orgType' | 'ownership' | 'creditCode' | 'unionCreditCode'
  | 'parent' | 'unionFoundedOn' | 'unionStatus' | 'chair' | 'memberCount' | 'staffCount' | 'payrollBaseFen'
  | 'bankName' | 'bankAccount' | 'contactPerson' | 'contactPhone' | 'address' | 'notes';

/** Chinese labels of the fields as the audit history shows them. */
export const UNIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  code: '单位编码',
  name: '单位名称',
  shortName: '简称',
  kind: '类别',
  orgType: '单位性质',
  ownership: '所有制',
  creditCode: '统一社会信用代码',
  unionCreditCode: '工会统一社会信用代码',
  parent: '上级单位',
  parentId: '上级单位',
  parentName: '上级单位',
  unionFoundedOn: '建会日期',
  unionStatus: '建会状态',
  chair: '工会主席',
  memberCount: '会员人数',
  staffCount: '职工人数',
  payrollBaseFen: '月工资总额（元）',
  bankName: '开户银行',
  bankAccount: '银行账号',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  address: '地址',
  notes: '备注',
  active: '状态',
};

// ── Excel import template ──────────────────────────────────────────────────────────────────────────

export type UnitColumnType = 'text' | 'code' | 'list' | 'int' | 'amount' | 'date' | 'parent';

export interface UnitColumnDef {
  key: UnitFieldKey;
  /** The header text in the template (and what the import looks for). */
  header: string;
  /** Other header texts the import accepts for this column. */
  aliases?: readonly string[];
  /** The column must be present in an import file (a missing one is a blocking error). */
  required: boolean;
  /** Which rows must fill the cell: every row, or rows of the listed kinds. */
  valueRequired?: 'always' | readonly UnitKind[];
  type: UnitColumnType;
  /** Drop-down values (type 'list'). */
  options?: readonly string[];
  maxLength?: number;
  width: number;
  /** How to fill it (shown on the 填写说明 sheet). */
  help: string;
  /** An example value (shown on the 填写说明 sheet only, never in the data sheet). */
  example: string;
}

export const UNIT_TEMPLATE_SHEET = '单位';
export const UNIT_TEMPLATE_HELP_SHEET = '填写说明';

export const UNIT_COLUMNS: readonly UnitColumnDef[] = [
  {
    key: 'code', header: '单位编码', required: false, type: 'code', width: 12, maxLength: 32,
    help: '本系统内的单位编码，由字母、数字、-、_ 组成。留空则自动生成（基层工会为 JC00001 起顺序编号）。已有单位按统一社会信用代码匹配，无信用代码的按单位编码匹配。',
    example: '（留空自动生成）',
  },
  {
    key: 'name', header: '单位名称', required: true, valueRequired: 'always', type: 'text', width: 32, maxLength: 100,
    help: '必填。基层工会填写建会单位（用人单位）的全称。', example: '演示县鑫达机械制造有限公司',
  },
  { key: 'shortName', header: '简称', required: false, type: 'text', width: 14, maxLength: 40, help: '可不填。', example: '鑫达机械' },
  {
    key: 'kind', header: '类别', required: true, valueRequired: 'always', type: 'list', options: UNIT_KINDS, width: 12,
    help: `必填，从下拉列表选择：${UNIT_KINDS.join('、')}。总工会（本级工会）只有一个，由系统初始化时登记。`,
    example: '基层工会',
  },
  {
    key: 'orgType', header: '单位性质', aliases: ['性质', '单位类型'], required: false, valueRequired: ORG_TYPE_REQUIRED, type: 'list',
    options: ALL_ORG_TYPES, width: 12,
    help: `基层工会必填：${GRASSROOTS_TYPES.join('、')}；工会联合会必填：${FEDERATION_TYPES.join('、')}；工作站可填同上；内设部门不填。`,
    example: '企业',
  },
  {
    key: 'ownership', header: '所有制', required: false, type: 'list', options: OWNERSHIPS, width: 10,
    help: `企业填写：${OWNERSHIPS.join('、')}。`, example: '非公',
  },
  {
    key: 'creditCode', header: '统一社会信用代码', aliases: ['信用代码', '社会信用代码'], required: true, valueRequired: CREDIT_CODE_REQUIRED,
    type: 'code', width: 22,
    help: '基层工会必填，填写建会单位（用人单位）的18位统一社会信用代码，系统会校验校验位。请保持本列为文本格式。',
    example: '91350125MA2Y0KQ875',
  },
  {
    key: 'unionCreditCode', header: '工会统一社会信用代码', aliases: ['工会信用代码'], required: false, type: 'code', width: 22,
    help: '工会本身已取得统一社会信用代码（工会法人资格证书）的填写，可不填。', example: '81350125MC0123450L',
  },
  {
    key: 'parent', header: '上级单位', aliases: ['上级单位名称', '上级单位编码', '上级工会'], required: false, type: 'parent', width: 24,
    help: '填写上级单位的名称、单位编码或统一社会信用代码，可以是本表中排在前面的单位。新单位留空则挂在本级总工会下；已有单位留空则保持原上级不变。',
    example: '城关镇工会联合会',
  },
  {
    key: 'unionFoundedOn', header: '建会日期', required: false, type: 'date', width: 12,
    help: '格式 YYYY-MM-DD（如 2015-06-18），也可以是 Excel 日期。建会状态为“已建会”的应填写。', example: '2015-06-18',
  },
  {
    key: 'unionStatus', header: '建会状态', required: false, type: 'list', options: UNION_STATUSES, width: 10,
    help: `从下拉列表选择：${UNION_STATUSES.join('、')}。`, example: '已建会',
  },
  { key: 'chair', header: '工会主席', required: false, type: 'text', width: 10, maxLength: 40, help: '可不填。', example: '王建国' },
  {
    key: 'memberCount', header: '会员人数', required: false, type: 'int', width: 10,
    help: '不小于 0 的整数。', example: '126',
  },
  {
    key: 'staffCount', header: '职工人数', required: false, type: 'int', width: 10,
    help: '不小于 0 的整数，一般不少于会员人数。', example: '140',
  },
  {
    key: 'payrollBaseFen', header: '月工资总额（元）', aliases: ['月工资总额', '工资总额（元）', '工资总额'], required: false, type: 'amount', width: 16,
    help: '每月全部职工工资总额，单位：元，最多两位小数，如 658000 或 658,000.50。用于计算 2% 工会经费。', example: '658000.00',
  },
  { key: 'bankName', header: '开户银行', required: false, type: 'text', width: 22, maxLength: 80, help: '工会经费账户的开户银行。', example: '中国工商银行演示县支行' },
  {
    key: 'bankAccount', header: '银行账号', required: false, type: 'code', width: 24, maxLength: 40,
    help: '请保持本列为文本格式，以免 Excel 丢失长账号的末几位。', example: '1409020309000123456',
  },
  { key: 'contactPerson', header: '联系人', required: false, type: 'text', width: 10, maxLength: 40, help: '可不填。', example: '李敏' },
  { key: 'contactPhone', header: '联系电话', required: false, type: 'code', width: 14, maxLength: 40, help: '可不填。', example: '13805910001' },
  { key: 'address', header: '地址', required: false, type: 'text', width: 30, maxLength: 120, help: '可不填。', example: '演示县城关镇工业路18号' },
  { key: 'notes', header: '备注', required: false, type: 'text', width: 20, maxLength: 500, help: '可不填。', example: '' },
];

/** Headers the import recognises and skips silently (they appear in the exported 单位名录). */
export const UNIT_IGNORED_HEADERS: readonly string[] = ['序号', '状态'];

/** Normalises a header cell for matching: no spaces, half-width brackets → full-width, no * or （必填）. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/（必填）|[*＊]/g, '');
}

/** Sort keys accepted by units.list / units.exportList. */
export const UNIT_SORT_KEYS = [
  'code', 'name', 'kind', 'orgType', 'unionStatus', 'unionFoundedOn', 'memberCount', 'staffCount', 'payrollBaseFen',
  'parentName', 'updatedAt',
] as const;
export type UnitSortKey = (typeof UNIT_SORT_KEYS)[number];
