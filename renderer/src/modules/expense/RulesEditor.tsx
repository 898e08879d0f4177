// 支出审批规则 editor: per rule kind a form with labelled fields (amounts in 元 parsed with parseFen,
// counts, checklist items per expense type with add/remove, 禁止/警告), an effective-from date and the
// basis; saving adds a new version (the core validates it and refuses bad values with a Chinese message,
// shown here). The versions of the rule being edited are listed read-only below the form.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Empty, Flex, Input, InputNumber, Radio, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ExpenseRuleRow } from '../../../../shared/contract';
import { EXPENSE_KINDS, type ExpenseKind } from '../../../../shared/expense/constants';
import {
  DEFAULT_CHECKLISTS, DEFAULT_FORBIDDEN_WORDS, ruleGroup, type BudgetControlMode, type ChecklistItem, type ExpenseRuleKey, type ExpenseRuleParams,
} from '../../../../shared/expense/rules';
import { fenToChineseUpper, formatFen, tryParseFen } from '../../../../shared/money';
import { hasAnyRole, useSession } from '../../session';
import { api, ApiCallError, useApi } from '../../api/client';
import { todayText } from './common';

const { Text } = Typography;

const TABS: Array<{ key: ExpenseRuleKey; label: string }> = [
  { key: 'budget_control', label: '预算控制' },
  { key: 'cash_limit', label: '现金限额' },
  { key: 'checklist', label: '手续清单' },
  { key: 'reception', label: '公务接待' },
  { key: 'forbidden', label: '禁止用途' },
];

const ITEM_KIND_LABEL: Record<ChecklistItem['kind'], string> = { attachment: '附件', field: '申请事项', invoice: '发票' };

/** A rule version in plain Chinese (the history and the list of rules in force). */
export function describeRule(key: ExpenseRuleKey, params: unknown, unitName: (id: number) => string = (id) => `单位 ${id}`): string {
  const p = params as Record<string, never>;
  switch (key) {
    case 'budget_control': {
      const c = params as ExpenseRuleParams['budget_control'];
      const scope = [c.subjectPrefix ? `科目 ${c.subjectPrefix}*` : '全部科目', c.unitId ? unitName(c.unitId) : null, c.projectCode ? `项目 ${c.projectCode}` : null].filter(Boolean).join('，');
      return `${scope}：超出可用预算${c.mode === '警告' ? '仅警告' : '禁止支出'}`;
    }
    case 'cash_limit':
      return `现金支付不超过 ${formatFen(Number(p.limitFen))} 元`;
    case 'checklist': {
      const c = params as ExpenseRuleParams['checklist'];
      return `${c.kind}：${c.items.length ? c.items.map((i) => `${i.label}（${ITEM_KIND_LABEL[i.kind] ?? i.kind}）`).join('、') : '无必备手续'}`;
    }
    case 'reception': {
      const r = params as ExpenseRuleParams['reception'];
      return `工作餐不超过 ${r.maxMeals} 次；来宾 ${r.smallGroupMax} 人以内陪餐不超过 ${r.smallGroupCompanions} 人，超过时不超过来宾的 1/${r.largeGroupRatioDenominator}`;
    }
    case 'forbidden':
      return `禁止用语：${(params as ExpenseRuleParams['forbidden']).words.join('、')}`;
  }
}

/** The editable form state of one rule kind (amounts as typed text in 元). */
interface Draft {
  subjectPrefix: string;
  unitId: number | null;
  projectCode: string;
  mode: BudgetControlMode;
  limitYuan: string;
  kind: ExpenseKind;
  items: ChecklistItem[];
  reception: ExpenseRuleParams['reception'];
  words: string[];
}

const EMPTY: Draft = {
  subjectPrefix: '',
  unitId: null,
  projectCode: '',
  mode: '禁止',
  limitYuan: '1000.00',
  kind: '职工活动',
  items: DEFAULT_CHECKLISTS['职工活动'],
  reception: { maxMeals: 1, smallGroupMax: 10, smallGroupCompanions: 3, largeGroupRatioDenominator: 3 },
  words: DEFAULT_FORBIDDEN_WORDS,
};

/** The group a draft edits (same function as the core uses to tie versions together). */
function draftGroup(key: ExpenseRuleKey, d: Draft): string {
  if (key === 'budget_control') return ruleGroup(key, { subjectPrefix: d.subjectPrefix.trim(), unitId: d.unitId, projectCode: d.projectCode.trim() || null });
  if (key === 'checklist') return ruleGroup(key, { kind: d.kind });
  return ruleGroup(key, {});
}

/** Fills the draft's fields for `key` from a stored version. */
function fromVersion(d: Draft, key: ExpenseRuleKey, params: unknown): Draft {
  const p = params as Record<string, unknown>;
  switch (key) {
    case 'budget_control':
      return { ...d, subjectPrefix: String(p.subjectPrefix ?? ''), unitId: (p.unitId as number | null) ?? null, projectCode: String(p.projectCode ?? ''), mode: p.mode === '警告' ? '警告' : '禁止' };
    case 'cash_limit':
      return { ...d, limitYuan: formatFen(Number(p.limitFen)).replace(/,/g, '') };
    case 'checklist':
      return { ...d, kind: p.kind as ExpenseKind, items: (p.items as ChecklistItem[]).map((i) => ({ ...i })) };
    case 'reception':
      return { ...d, reception: { ...(p as unknown as ExpenseRuleParams['reception']) } };
    case 'forbidden':
      return { ...d, words: [...(p.words as string[])] };
  }
}

/** The parameters sent to the core, or a message when a typed amount does not parse. */
function toParams(key: ExpenseRuleKey, d: Draft): { ok: true; params: Record<string, unknown> } | { ok: false; message: string } {
  switch (key) {
    case 'budget_control':
      return { ok: true, params: { subjectPrefix: d.subjectPrefix.trim(), mode: d.mode, ...(d.unitId ? { unitId: d.unitId } : {}), ...(d.projectCode.trim() ? { projectCode: d.projectCode.trim() } : {}) } };
    case 'cash_limit': {
      const f = tryParseFen(d.limitYuan);
      return f.ok ? { ok: true, params: { limitFen: f.fen } } : { ok: false, message: `现金支付限额：${f.message}` };
    }
    case 'checklist':
      return { ok: true, params: { kind: d.kind, items: d.items } };
    case 'reception':
      return { ok: true, params: { ...d.reception } };
    case 'forbidden':
      return { ok: true, params: { words: d.words } };
  }
}

function newKey(items: ChecklistItem[], prefix: string): string {
  let n = 1;
  while (items.some((i) => i.key === `${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

export default function RulesEditor() {
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const rules = useApi('expense.rules.list', {});
  const meta = useApi('expense.meta', {});
  const admin = hasAnyRole(user, ['系统管理员']);
  const [key, setKey] = useState<ExpenseRuleKey>('budget_control');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [from, setFrom] = useState(todayText());
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const all = useMemo(() => rules.data ?? [], [rules.data]);
  const unitName = (id: number) => meta.data?.units.find((u) => u.id === id)?.name ?? `单位 ${id}`;
  const group = draftGroup(key, draft);
  const versions = all.filter((r) => r.group === group);
  const current = versions.find((v) => v.inForce) ?? versions.at(-1);

  // When the rule being edited changes (kind, expense type, subject/unit/project), start from its version in force.
  const loadKey = `${key}|${key === 'checklist' ? draft.kind : ''}|${rules.data ? 'loaded' : ''}`;
  useEffect(() => {
    if (!rules.data) return;
    const v = rules.data.filter((r) => r.group === draftGroup(key, draft)).find((r) => r.inForce);
    if (v) setDraft((d) => fromVersion(d, key, v.params));
    else if (key === 'checklist') setDraft((d) => ({ ...d, items: (DEFAULT_CHECKLISTS[d.kind] ?? []).map((i) => ({ ...i })) }));
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadKey]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setItem = (i: number, patch: Partial<ChecklistItem>) => set('items', draft.items.map((it, j) => (j === i ? { ...it, ...patch } : it)));

  async function save() {
    setError(null);
    const p = toParams(key, draft);
    if (!p.ok) {
      setError(p.message);
      return;
    }
    setBusy(true);
    try {
      await api.invoke('expense.rules.add', { key, params: p.params, effectiveFrom: from.trim(), basis });
      message.success(`已保存新版本，自 ${from.trim()} 起生效`);
      setBasis('');
      rules.reload();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const limit = tryParseFen(draft.limitYuan);
  const form = (() => {
    switch (key) {
      case 'budget_control':
        return (
          <Row gutter={[12, 8]}>
            <Col span={6}><div>科目代码（前缀，空为全部科目）</div><Input value={draft.subjectPrefix} onChange={(e) => set('subjectPrefix', e.target.value)} placeholder="如 505" data-testid="rule-bc-subject" /></Col>
            <Col span={6}><div>单位（可选）</div><Select allowClear style={{ width: '100%' }} value={draft.unitId} onChange={(v) => set('unitId', v ?? null)} placeholder="全部单位" options={(meta.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="rule-bc-unit" /></Col>
            <Col span={5}><div>项目代码（可选）</div><Input value={draft.projectCode} onChange={(e) => set('projectCode', e.target.value)} placeholder="全部项目" data-testid="rule-bc-project" /></Col>
            <Col span={7}><div>超出可用预算时</div>
              <Radio.Group value={draft.mode} onChange={(e) => set('mode', e.target.value)} data-testid="rule-bc-mode"
                options={[{ value: '禁止', label: '禁止（不能提交、不能通过）' }, { value: '警告', label: '警告（提示后可继续）' }]} /></Col>
            <Col span={24}><Text type="secondary">最具体的规则优先：指定项目 &gt; 指定单位 &gt; 科目代码越长越优先。</Text></Col>
          </Row>
        );
      case 'cash_limit':
        return (
          <Space align="start" wrap>
            <div>
              <div>现金支付限额（元）</div>
              <Input style={{ width: 180, textAlign: 'right' }} value={draft.limitYuan} onChange={(e) => set('limitYuan', e.target.value)} status={limit.ok ? undefined : 'error'} data-testid="rule-cash-limit" />
              <div style={{ fontSize: 12 }} data-testid="rule-cash-limit-upper">{limit.ok ? fenToChineseUpper(limit.fen) : <Text type="danger">{limit.message}</Text>}</div>
            </div>
            <Text type="secondary" style={{ maxWidth: 420, display: 'block', marginTop: 22 }}>超过限额的现金支付一律拒绝（请改为转账或公务卡）；限额以内的现金支付须说明不能转账的原因。</Text>
          </Space>
        );
      case 'checklist':
        return (
          <div>
            <Space style={{ marginBottom: 8 }}>支出类型
              <Select style={{ width: 180 }} value={draft.kind} onChange={(v) => set('kind', v)} options={EXPENSE_KINDS.map((k) => ({ value: k, label: k }))} data-testid="rule-cl-kind" />
            </Space>
            <Table<ChecklistItem & { i: number }> size="small" pagination={false} rowKey="i" dataSource={draft.items.map((it, i) => ({ ...it, i }))} data-testid="rule-cl-items"
              locale={{ emptyText: '无必备手续' }}
              onRow={(r) => ({ 'data-testid': `rule-cl-item-${r.i}` }) as never}
              columns={[
                { title: '名称', render: (_, r) => <Input value={r.label} onChange={(e) => setItem(r.i, { label: e.target.value })} data-testid={`rule-cl-label-${r.i}`} /> },
                { title: '类型', width: 140, render: (_, r) => (
                  <Select style={{ width: '100%' }} value={r.kind} onChange={(v) => setItem(r.i, { kind: v })}
                    options={(['attachment', 'field', 'invoice'] as const).map((k) => ({ value: k, label: ITEM_KIND_LABEL[k] }))} />
                ) },
                { title: '代码', width: 160, render: (_, r) => <Input value={r.key} onChange={(e) => setItem(r.i, { key: e.target.value })} data-testid={`rule-cl-key-${r.i}`} /> },
                { title: '', width: 60, render: (_, r) => <Button size="small" danger icon={<DeleteOutlined />} onClick={() => set('items', draft.items.filter((_, j) => j !== r.i))} data-testid={`rule-cl-remove-${r.i}`} aria-label="删除" /> },
              ]} />
            <Space style={{ marginTop: 8 }}>
              <Button icon={<PlusOutlined />} onClick={() => set('items', [...draft.items, { key: newKey(draft.items, 'att'), label: '', kind: 'attachment' }])} data-testid="rule-cl-add-attachment">添加附件</Button>
              <Button icon={<PlusOutlined />} onClick={() => set('items', [...draft.items, { key: newKey(draft.items, 'field'), label: '', kind: 'field' }])} data-testid="rule-cl-add-field">添加申请事项</Button>
              {!draft.items.some((i) => i.kind === 'invoice') && <Button icon={<PlusOutlined />} onClick={() => set('items', [...draft.items, { key: 'invoice', label: '发票', kind: 'invoice' }])} data-testid="rule-cl-add-invoice">添加发票</Button>}
            </Space>
          </div>
        );
      case 'reception': {
        // An emptied field is sent as null: the core refuses it with its message rather than taking 0.
        const num = (k: keyof ExpenseRuleParams['reception'], label: string, testId: string) => (
          <Col span={6}><div>{label}</div><InputNumber style={{ width: '100%' }} precision={0} value={draft.reception[k]} onChange={(v) => set('reception', { ...draft.reception, [k]: v as number })} data-testid={testId} /></Col>
        );
        return (
          <Row gutter={[12, 8]}>
            {num('maxMeals', '工作餐次数上限', 'rule-rc-meals')}
            {num('smallGroupMax', '来宾较少：人数不超过', 'rule-rc-small')}
            {num('smallGroupCompanions', '来宾较少时陪餐人数上限', 'rule-rc-companions')}
            {num('largeGroupRatioDenominator', '来宾较多时陪餐不超过来宾的 1/', 'rule-rc-ratio')}
          </Row>
        );
      }
      case 'forbidden':
        return (
          <div>
            <div>事由或发票品目含以下用语的申请一律拒绝（输入后回车添加，点 × 删除）</div>
            <Select mode="tags" style={{ width: '100%' }} value={draft.words} onChange={(v) => set('words', v)} tokenSeparators={[',', '，', '、']} data-testid="rule-fb-words" />
          </div>
        );
    }
  })();

  return (
    <Card size="small" title="支出审批规则（按生效日期取当天有效的版本）" style={{ marginTop: 12 }} data-testid="expense-rules">
      <Tabs activeKey={key} onChange={(k) => setKey(k as ExpenseRuleKey)} items={TABS.map((t) => ({ key: t.key, label: <span data-testid={`rule-tab-${t.key}`}>{t.label}</span> }))} />
      <Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        当前有效：<span data-testid="rule-current">{current ? `${describeRule(key, current.params, unitName)}（自 ${current.effectiveFrom} 起）` : '尚无版本（使用系统默认值）'}</span>
      </Text>
      <fieldset disabled={!admin} style={{ border: 0, padding: 0, margin: 0 }} data-testid="rule-form">
        {form}
        {admin && (
          <Flex gap={12} wrap align="end" style={{ marginTop: 12 }}>
            <div><div>生效日期</div><Input style={{ width: 140 }} value={from} onChange={(e) => setFrom(e.target.value)} placeholder="YYYY-MM-DD" data-testid="rule-from" /></div>
            <div style={{ flex: 1, minWidth: 260 }}><div>依据（文件、会议决定）</div><Input value={basis} onChange={(e) => setBasis(e.target.value)} data-testid="rule-basis" /></div>
            <Button type="primary" loading={busy} onClick={save} data-testid="rule-save">保存为新版本</Button>
          </Flex>
        )}
      </fieldset>
      {!admin && <Text type="secondary">只有系统管理员可以修改规则。</Text>}
      {error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={<span data-testid="rule-error">{error}</span>} />}
      <div style={{ marginTop: 12 }}>
        <Text strong>该规则的历史版本</Text>
        <Table<ExpenseRuleRow> size="small" rowKey="id" dataSource={versions} loading={rules.loading} pagination={false} data-testid="rule-history"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无版本（使用系统默认值）" /> }}
          onRow={(r) => ({ 'data-testid': 'rule-history-row', 'data-in-force': r.inForce ? 'yes' : 'no' }) as never}
          columns={[
            { title: '生效期间', width: 210, render: (_, r) => `${r.effectiveFrom} 起${r.effectiveTo ? ` 至 ${r.effectiveTo}` : ''}` },
            { title: '内容', render: (_, r) => describeRule(r.key, r.params, unitName) },
            { title: '依据', dataIndex: 'basis', ellipsis: true },
            { title: '', dataIndex: 'inForce', width: 70, render: (v: boolean) => (v ? <Tag color="green">有效</Tag> : null) },
          ]} />
      </div>
      {key === 'budget_control' && (
        <div style={{ marginTop: 12 }}>
          <Text strong>当前有效的预算控制规则</Text>（点击一行编辑）
          <Table<ExpenseRuleRow> size="small" rowKey="id" pagination={false} dataSource={all.filter((r) => r.key === 'budget_control' && r.inForce)} data-testid="rule-bc-list"
            onRow={(r) => ({ onClick: () => setDraft((d) => fromVersion(d, 'budget_control', r.params)), style: { cursor: 'pointer' } })}
            columns={[
              { title: '范围与方式', render: (_, r) => describeRule(r.key, r.params, unitName) },
              { title: '生效', width: 130, render: (_, r) => `${r.effectiveFrom} 起` },
            ]} />
        </div>
      )}
    </Card>
  );
}
