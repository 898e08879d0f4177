// The budget workbook a unit fills in offline: its sheets, the cover fields and the columns of each
// list sheet, with the help texts the 填写说明 sheet shows. The exporter writes from these definitions and
// the importer reads by the same header names (columns may be moved; the header row may be any of the
// first rows of a sheet). Plain TypeScript, shared by the core and the renderer.

export const TEMPLATE_VERSION = 'budget-2026.1';

export const SHEETS = {
  help: '填写说明',
  cover: '部门预算',
  income: '收入预算',
  projects: '项目预算',
  details: '支出预算',
  lists: '_下拉列表',
  meta: '_模板信息',
} as const;

export type CoverKey =
  | 'year' | 'unitCode' | 'unitName' | 'unitKind' | 'chart' | 'incomeTotal' | 'expenseTotal' | 'basicTotal' | 'projectTotal'
  | 'unitHead' | 'preparer' | 'phone' | 'preparedOn';

export interface CoverField {
  key: CoverKey;
  label: string;
  /** Filled by the system and protected in the template. */
  fixed: boolean;
  kind: 'text' | 'amount' | 'int' | 'date';
  help: string;
}

/** The cover sheet (部门预算): label in column A, value in column B. */
export const COVER_FIELDS: readonly CoverField[] = [
  { key: 'year', label: '预算年度', fixed: true, kind: 'int', help: '由系统填写，不能修改。导入时须与所选年度一致。' },
  { key: 'unitCode', label: '单位编码', fixed: true, kind: 'text', help: '由系统填写，不能修改。系统按单位编码识别报送单位。' },
  { key: 'unitName', label: '单位名称', fixed: true, kind: 'text', help: '由系统填写。' },
  { key: 'unitKind', label: '单位类别', fixed: true, kind: 'text', help: '由系统填写。' },
  { key: 'chart', label: '适用科目表', fixed: true, kind: 'text', help: '基层工会、工会联合会、工作站使用基层工会科目表；总工会本级及内设部门使用县级以上工会科目表。' },
  { key: 'incomeTotal', label: '收入预算合计（元）', fixed: false, kind: 'amount', help: '可不填；填写的，须等于“收入预算”表各行金额之和。' },
  { key: 'expenseTotal', label: '支出预算合计（元）', fixed: false, kind: 'amount', help: '可不填；填写的，须等于“支出预算”表各行金额之和。' },
  { key: 'basicTotal', label: '其中：基本支出（元）', fixed: false, kind: 'amount', help: '可不填；填写的，须等于基本支出各行之和。' },
  { key: 'projectTotal', label: '其中：项目支出（元）', fixed: false, kind: 'amount', help: '可不填；填写的，须等于项目支出各行之和（也即各项目总额之和）。' },
  { key: 'unitHead', label: '单位负责人', fixed: false, kind: 'text', help: '工会主席或部门负责人姓名。' },
  { key: 'preparer', label: '填报人', fixed: false, kind: 'text', help: '' },
  { key: 'phone', label: '联系电话', fixed: false, kind: 'text', help: '' },
  { key: 'preparedOn', label: '填报日期', fixed: false, kind: 'date', help: '格式 YYYY-MM-DD。' },
];

export type ColumnType = 'text' | 'amount' | 'quantity' | 'date' | 'subject' | 'list' | 'project';

export interface TemplateColumn<K extends string = string> {
  key: K;
  header: string;
  aliases?: readonly string[];
  type: ColumnType;
  /** The cell must be filled on every data row. */
  required: boolean;
  width: number;
  maxLength?: number;
  help: string;
}

export type IncomeKey = 'subject' | 'fundingSource' | 'item' | 'amount' | 'note';
export type ProjectKey =
  | 'code' | 'name' | 'fundingSource' | 'specialFund' | 'purpose' | 'periodStart' | 'periodEnd' | 'manager' | 'goals' | 'indicators' | 'total';
export type DetailKey =
  | 'expenseType' | 'project' | 'subject' | 'fundingSource' | 'sangong' | 'specialFund' | 'item' | 'quantity' | 'unitPrice' | 'amount' | 'note';

export const INCOME_COLUMNS: readonly TemplateColumn<IncomeKey>[] = [
  { key: 'subject', header: '预算科目', aliases: ['收入科目', '科目'], type: 'subject', required: true, width: 34, help: '从下拉列表选择收入科目（编码 名称），也可只填科目编码。动用上年结转结余的，选“使用上年……”。' },
  { key: 'fundingSource', header: '资金来源', type: 'list', required: false, width: 12, help: '工会资金或财政拨款（仅县级以上工会），不填视为工会资金。' },
  { key: 'item', header: '明细事项', aliases: ['收入项目', '事项'], type: 'text', required: false, width: 30, maxLength: 100, help: '可不填，如“2026年拨缴经费留成”。' },
  { key: 'amount', header: '金额（元）', aliases: ['金额', '预算数', '本年预算数'], type: 'amount', required: true, width: 16, help: '单位：元，最多两位小数，不能为负数。' },
  { key: 'note', header: '说明', aliases: ['备注'], type: 'text', required: false, width: 30, maxLength: 200, help: '测算依据等。' },
];

export const PROJECT_COLUMNS: readonly TemplateColumn<ProjectKey>[] = [
  { key: 'code', header: '项目编号', type: 'text', required: true, width: 10, maxLength: 20, help: '本单位内不重复，如 P01、P02；“支出预算”表中项目支出的明细行用它指明所属项目。' },
  { key: 'name', header: '项目名称', type: 'text', required: true, width: 28, maxLength: 100, help: '如“金秋助学”“职工书屋建设”。' },
  { key: 'fundingSource', header: '资金来源', type: 'list', required: false, width: 12, help: '不填视为工会资金。明细行不填资金来源的，取项目的资金来源。' },
  { key: 'specialFund', header: '专项资金', type: 'list', required: false, width: 18, help: '属于专项资金（如队伍建设专项经费）的，从下拉列表选择；专款专用。' },
  { key: 'purpose', header: '立项依据及目的', aliases: ['立项依据', '项目目的'], type: 'text', required: true, width: 34, maxLength: 500, help: '必填：依据的文件或工作安排、要达到的目的。' },
  { key: 'periodStart', header: '实施开始日期', aliases: ['开始日期'], type: 'date', required: false, width: 13, help: '格式 YYYY-MM-DD。' },
  { key: 'periodEnd', header: '实施结束日期', aliases: ['结束日期'], type: 'date', required: false, width: 13, help: '格式 YYYY-MM-DD，不早于开始日期。' },
  { key: 'manager', header: '项目负责人', aliases: ['负责人'], type: 'text', required: true, width: 10, maxLength: 40, help: '必填。' },
  { key: 'goals', header: '绩效目标', type: 'text', required: true, width: 34, maxLength: 500, help: '必填：项目完成后要达到的产出和效果。' },
  { key: 'indicators', header: '绩效指标', type: 'text', required: false, width: 34, maxLength: 500, help: '数量、质量、时效、成本、满意度等指标及指标值，如“资助困难职工子女 50 名；满意度≥90%”。' },
  { key: 'total', header: '项目总额（元）', aliases: ['项目总额', '项目预算（元）'], type: 'amount', required: true, width: 16, help: '必填，须等于“支出预算”表中该项目各明细行金额之和。' },
];

export const DETAIL_COLUMNS: readonly TemplateColumn<DetailKey>[] = [
  { key: 'expenseType', header: '支出类型', type: 'list', required: false, width: 11, help: '基本支出或项目支出；不填时，填了项目编号的为项目支出，否则为基本支出。' },
  { key: 'project', header: '项目编号', type: 'project', required: false, width: 10, help: '项目支出必填，须是“项目预算”表中的项目编号；基本支出不填。' },
  { key: 'subject', header: '预算科目', aliases: ['支出科目', '科目'], type: 'subject', required: true, width: 34, help: '从下拉列表选择支出科目（编码 名称），有明细科目的须选明细科目；也可只填科目编码。' },
  { key: 'fundingSource', header: '资金来源', type: 'list', required: false, width: 12, help: '不填时取项目的资金来源，基本支出视为工会资金。' },
  { key: 'sangong', header: '三公经费类别', aliases: ['三公经费'], type: 'list', required: false, width: 18, help: '因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费，只能用于 50602 商品和服务支出和 50704 交通工具购置（50704 不填视为公务用车购置费）。' },
  { key: 'specialFund', header: '专项资金', type: 'list', required: false, width: 18, help: '不填时取项目的专项资金。' },
  { key: 'item', header: '明细事项', aliases: ['事项', '支出事项'], type: 'text', required: true, width: 30, maxLength: 100, help: '必填，如“职工篮球赛场地租赁”。' },
  { key: 'quantity', header: '数量', type: 'quantity', required: false, width: 9, help: '可不填；填写数量的须同时填写单价，金额须等于数量×单价（四舍五入到分）。' },
  { key: 'unitPrice', header: '单价（元）', aliases: ['单价'], type: 'amount', required: false, width: 13, help: '单位：元，最多两位小数。' },
  { key: 'amount', header: '金额（元）', aliases: ['金额', '预算数'], type: 'amount', required: true, width: 16, help: '必填，单位：元，最多两位小数，不能为负数。' },
  { key: 'note', header: '说明', aliases: ['备注'], type: 'text', required: false, width: 30, maxLength: 200, help: '测算依据等。' },
];

/** First data row of the list sheets (row 1 title, row 2 unit and 单位：元, row 3 header). */
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;
/** Input rows prepared (drop-downs, formats, unlocked cells) on each list sheet. */
export const INPUT_ROWS = { income: 100, projects: 100, details: 1000 } as const;

/** Normalises a header or label for matching: no spaces, half-width brackets → full-width, no * or （必填）. */
export function normaliseLabel(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/：/g, ':')
    .replace(/（必填）|[*＊]/g, '')
    .replace(/:$/, '');
}
