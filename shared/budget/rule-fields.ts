// How the 预算规则 page edits each rule's parameters: one field per top-level parameter, with its Chinese
// label and kind. The core validates the result with the rule's own zod schema (shared/budget/rules.ts);
// these descriptors only decide the input widgets. Parameters that are lists of objects (the forbidden
// purposes, the special funds) are edited as a table of rows (`rows`), each row's fields described alike.
import { SANGONG_CATEGORIES } from './constants';
import type { RuleKey } from './rules';

export type RuleFieldKind =
  /** A share 0..1, edited as a percentage. */
  | 'share'
  /** A whole number. */
  | 'int'
  /** An amount in fen, edited in 元. */
  | 'fen'
  | 'bool'
  /** One of `options`. */
  | 'enum'
  /** Several of `options`. */
  | 'enumMulti'
  /** Subject codes (3, 5 or 7 digits). */
  | 'codes'
  /** Free words (keywords). */
  | 'words'
  | 'text'
  /** A list of objects, each with `fields`. */
  | 'rows';

export interface RuleField {
  key: string;
  label: string;
  kind: RuleFieldKind;
  options?: readonly string[];
  /** For kind 'rows': the fields of one row, and the values of a new row. */
  fields?: readonly RuleField[];
  newRow?: Record<string, unknown>;
  help?: string;
}

const SCOPE_OWN_ALL = ['本级', '全部'] as const;

export const RULE_FIELDS: Readonly<Record<RuleKey, readonly RuleField[]>> = {
  balance: [
    { key: 'allowSurplus', label: '允许收入大于支出（略有结余）', kind: 'bool' },
    { key: 'toleranceFen', label: '允许差额（元）', kind: 'fen', help: '收支差额不超过此数视为平衡' },
    { key: 'scopes', label: '检查范围', kind: 'enumMulti', options: ['本级', '基层单位'] },
  ],
  retained_to_grassroots: [
    { key: 'min', label: '最低比例', kind: 'share' },
    { key: 'numerator', label: '用于下级和基层的支出科目', kind: 'codes' },
    { key: 'denominator', label: '留存经费收入科目', kind: 'codes' },
    { key: 'scope', label: '范围', kind: 'enum', options: SCOPE_OWN_ALL },
  ],
  serve_workers: [
    { key: 'min', label: '最低比例', kind: 'share' },
    { key: 'numerator', label: '计入的支出科目', kind: 'codes' },
    { key: 'denominatorExclude', label: '不计入支出合计的科目', kind: 'codes' },
    { key: 'scope', label: '范围', kind: 'enum', options: SCOPE_OWN_ALL },
  ],
  sangong: [
    { key: 'scope', label: '范围', kind: 'enum', options: SCOPE_OWN_ALL },
    { key: 'categories', label: '计入的三公经费类别', kind: 'enumMulti', options: SANGONG_CATEGORIES },
  ],
  forbidden: [
    {
      key: 'entries',
      label: '禁止或提示的事项',
      kind: 'rows',
      fields: [
        { key: 'keywords', label: '关键词', kind: 'words' },
        { key: 'severity', label: '处理', kind: 'enum', options: ['禁止', '提示'] },
        { key: 'appliesTo', label: '适用科目表', kind: 'enum', options: ['全部', 'G', 'C'] },
        { key: 'exceptSubjects', label: '例外科目', kind: 'codes' },
        { key: 'exceptWords', label: '例外词语', kind: 'words' },
        { key: 'reason', label: '理由', kind: 'text' },
      ],
      newRow: { keywords: [], severity: '禁止', appliesTo: '全部', exceptSubjects: [], exceptWords: [], reason: '' },
    },
  ],
  special_funds: [
    {
      key: 'funds',
      label: '专项资金',
      kind: 'rows',
      fields: [
        { key: 'name', label: '名称', kind: 'text' },
        { key: 'minShare', label: '最低比例', kind: 'share' },
      ],
      newRow: { name: '', minShare: 0 },
    },
    { key: 'scope', label: '范围', kind: 'enum', options: SCOPE_OWN_ALL },
  ],
  adjustment_limit: [{ key: 'max', label: '每年预算调整次数上限', kind: 'int' }],
  procedure_separation: [{ key: 'enabled', label: '同一人不得在同一预算的两个环节审批', kind: 'bool' }],
};

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2).replace(/\.?0+$/, '')}%` : '—');

function fieldText(f: RuleField, v: unknown): string {
  if (v === undefined || v === null) return '—';
  switch (f.kind) {
    case 'share':
      return pct(v);
    case 'fen':
      return `${(Number(v) / 100).toFixed(2)} 元`;
    case 'bool':
      return v ? '是' : '否';
    case 'rows':
      return `${(v as unknown[]).length} 项`;
    default:
      return Array.isArray(v) ? (v.length ? v.join('、') : '（无）') : String(v);
  }
}

/** A one-line summary of a rule's parameters, e.g. “最低比例：80%；用于下级和基层的支出科目：508；…”. */
export function ruleParamsText(key: RuleKey, params: unknown): string {
  const p = (params ?? {}) as Record<string, unknown>;
  return RULE_FIELDS[key].map((f) => `${f.label}：${fieldText(f, p[f.key])}`).join('；');
}
