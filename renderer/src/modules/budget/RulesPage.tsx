// 预算规则: the budget rules as dated data — which version of each rule applies to a budget year (in force
// on 1 January of that year), its parameters, whether a failure blocks the procedure (阻断) or only warns
// (提示), its basis; changing a rule adds a new version from a chosen date (the version before it is closed
// the day before, history kept, the change audited; the core checks the editor's role). The second tab
// lets the finance department withdraw (撤销) a budget still in the procedure, so that a corrected one can
// supersede it; an approved budget is locked and is changed by 预算调整 only.
import { useState, type HTMLAttributes } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert, App as AntApp, Button, Card, DatePicker, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography,
} from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { BudgetBookRow, BudgetRuleRow } from '../../../../shared/contract/budget';
import { BUDGET_BOOK_MANAGERS, BUDGET_RULE_EDITORS, BUDGET_STAGES } from '../../../../shared/budget/constants';
import { RULE_FIELDS, ruleParamsText, type RuleField } from '../../../../shared/budget/rule-fields';
import type { RuleKey } from '../../../../shared/budget/rules';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTime } from '../../format';
import { LoadError, PageHeading } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Dash, Fen, YearPicker, useDefaultYear } from './common';

const { Text, Paragraph } = Typography;
const STATUS_COLOR: Record<string, string> = { 审批中: 'processing', 已批准: 'success', 已撤销: 'default' };

export default function RulesPage() {
  const { user } = useSession();
  const [year, setYear] = useState(useDefaultYear());
  return (
    <div data-testid="budget-rules-page">
      <PageHeading
        title="预算规则"
        sub="规则按生效日期分版本保存：某年度的预算适用当年 1 月 1 日有效的版本；修改即新增一个版本，原版本保留。"
        extra={<YearPicker value={year} onChange={setYear} testId="budget-rules-year" />}
      />
      <Card size="small">
        <Tabs
          data-testid="budget-rules-tabs"
          items={[
            { key: 'rules', label: '规则', children: <RulesTab year={year} canEdit={hasAnyRole(user, BUDGET_RULE_EDITORS)} /> },
            { key: 'books', label: '撤销审批', children: <BooksTab year={year} canCancel={hasAnyRole(user, BUDGET_BOOK_MANAGERS)} /> },
          ]}
        />
      </Card>
    </div>
  );
}

// ── rules ────────────────────────────────────────────────────────────────────────────────────────────

function RulesTab({ year, canEdit }: { year: number; canEdit: boolean }) {
  const rules = useApi('budget.rules.list', { year });
  const [editing, setEditing] = useState<BudgetRuleRow | null>(null);
  const [historyOf, setHistoryOf] = useState<RuleKey | null>(null);
  const all = rules.data ?? [];
  const inForce = all.filter((r) => r.inForce);
  const latest = (key: RuleKey) => all.filter((r) => r.key === key).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];

  const columns: TableColumnsType<BudgetRuleRow> = [
    { title: '规则', dataIndex: 'name', width: 170, render: (n: string) => <strong>{n}</strong> },
    {
      title: '未通过时',
      dataIndex: 'blocking',
      width: 90,
      render: (b: boolean) => <Tag color={b ? 'red' : 'gold'} data-testid="budget-rule-blocking-tag">{b ? '阻断' : '提示'}</Tag>,
    },
    { title: '参数', key: 'params', render: (_, r) => <span data-testid="budget-rule-params">{ruleParamsText(r.key, r.params)}</span> },
    {
      title: '有效期',
      key: 'period',
      width: 190,
      render: (_, r) => (
        <span data-testid="budget-rule-period">
          {r.effectiveFrom} 至 {r.effectiveTo ?? '今后'}
        </span>
      ),
    },
    { title: '依据', dataIndex: 'basis', width: 220, ellipsis: true },
    {
      title: '',
      key: 'actions',
      width: 160,
      fixed: 'right',
      render: (_, r) => {
        const newer = latest(r.key);
        return (
          <Space size={4}>
            <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistoryOf(r.key)} data-testid="budget-rule-history">
              历史
            </Button>
            {canEdit && (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(newer)} data-testid="budget-rule-edit">
                修改
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      {rules.error && <LoadError title="无法读取预算规则" error={rules.error} onRetry={rules.reload} testId="budget-rules-error" />}
      <Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {year} 年度预算适用以下规则（{year}-01-01 有效的版本）。“阻断”的规则未通过时，预算不能推进到下一审批环节；“提示”只显示结果。
        {!canEdit && ' 修改规则需要系统管理员或财务部门角色。'}
      </Paragraph>
      <Table<BudgetRuleRow>
        size="small"
        rowKey="id"
        loading={rules.loading}
        columns={columns}
        dataSource={inForce}
        pagination={false}
        scroll={{ x: 1200 }}
        data-testid="budget-rules-table"
        onRow={(r) => ({ 'data-testid': 'budget-rule-row', 'data-key': r.key }) as HTMLAttributes<HTMLElement>}
      />
      {editing && (
        <RuleEditor
          rule={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rules.reload();
          }}
        />
      )}
      <Drawer
        open={historyOf !== null}
        onClose={() => setHistoryOf(null)}
        size={760}
        title={historyOf ? `规则版本：${all.find((r) => r.key === historyOf)?.name ?? ''}` : ''}
        destroyOnHidden
      >
        {historyOf && <RuleHistory ruleKey={historyOf} year={year} />}
      </Drawer>
    </>
  );
}

function RuleHistory({ ruleKey, year }: { ruleKey: RuleKey; year: number }) {
  const rows = useApi('budget.rules.list', { key: ruleKey, year });
  return (
    <Table<BudgetRuleRow>
      size="small"
      rowKey="id"
      loading={rows.loading}
      dataSource={rows.data ?? []}
      pagination={false}
      data-testid="budget-rule-versions"
      onRow={() => ({ 'data-testid': 'budget-rule-version' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '生效日期', dataIndex: 'effectiveFrom', width: 110 },
        { title: '截止日期', dataIndex: 'effectiveTo', width: 110, render: (d: string | null) => d ?? <Text type="secondary">今后</Text> },
        { title: '未通过时', dataIndex: 'blocking', width: 80, render: (b: boolean) => (b ? '阻断' : '提示') },
        { title: '参数', key: 'params', render: (_, r) => ruleParamsText(r.key, r.params) },
        { title: '依据', dataIndex: 'basis', width: 160, ellipsis: true },
        { title: '登记时间', dataIndex: 'createdAt', width: 150, render: (d: string) => formatDateTime(d) },
        { title: `${year}年度`, dataIndex: 'inForce', width: 80, render: (b: boolean) => (b ? <Tag color="blue">适用</Tag> : null) },
      ]}
    />
  );
}

/** The first of January after the later of today and the rule's current start: the usual start of a new version. */
function defaultStart(rule: BudgetRuleRow): Dayjs {
  const base = dayjs(rule.effectiveFrom).isAfter(dayjs()) ? dayjs(rule.effectiveFrom) : dayjs();
  return base.add(1, 'year').startOf('year');
}

function RuleEditor({ rule, onClose, onSaved }: { rule: BudgetRuleRow; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [params, setParams] = useState<Record<string, unknown>>(() => structuredClone((rule.params ?? {}) as Record<string, unknown>));
  const [blocking, setBlocking] = useState(rule.blocking);
  const [from, setFrom] = useState<Dayjs | null>(defaultStart(rule));
  const [basis, setBasis] = useState('');
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);

  async function save() {
    if (!from) {
      setError(new ApiCallError({ code: 'VALIDATION', message: '请选择生效日期。' }));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = await api.invoke('budget.rules.update', {
        id: rule.id,
        blocking,
        params,
        effectiveFrom: from.format('YYYY-MM-DD'),
        basis: basis.trim() || null,
      });
      message.success(`已保存“${saved.name}”的新版本，自 ${saved.effectiveFrom} 起生效`);
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open
      onClose={onClose}
      size={720}
      title={`修改规则：${rule.name}`}
      data-testid="budget-rule-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="budget-rule-save">
            保存为新版本
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`现行版本自 ${rule.effectiveFrom} 起生效。保存后新增一个版本，自所选日期起生效，现行版本截止到前一天；已批准年度适用的规则不能追溯修改。`}
      />
      <Form layout="vertical">
        <Form.Item label="生效日期" required>
          <DatePicker value={from} onChange={setFrom} allowClear={false} data-testid="budget-rule-from" />
        </Form.Item>
        <Form.Item label="未通过时">
          <Space>
            <Switch checked={blocking} onChange={setBlocking} data-testid="budget-rule-blocking" />
            <Text>{blocking ? '阻断：不能推进到下一审批环节' : '提示：只显示检查结果'}</Text>
          </Space>
        </Form.Item>
        {RULE_FIELDS[rule.key].map((f) => (
          <Form.Item key={f.key} label={f.label} help={f.help}>
            <FieldInput field={f} value={params[f.key]} onChange={(v) => setParams({ ...params, [f.key]: v })} testId={`budget-rule-field-${f.key}`} />
          </Form.Item>
        ))}
        <Form.Item label="修改依据">
          <Input.TextArea rows={2} value={basis} onChange={(e) => setBasis(e.target.value)} placeholder={`不填则沿用：${rule.basis}`} maxLength={300} data-testid="budget-rule-basis" />
        </Form.Item>
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          data-testid="budget-rule-error"
          message={error.message}
          description={error.details?.length ? error.details.map((d) => `${d.path}：${d.message}`).join('；') : undefined}
        />
      )}
    </Drawer>
  );
}

const TAG_SEPARATORS = [',', '，', '、', ' ', ';', '；'];

function FieldInput({ field, value, onChange, testId }: { field: RuleField; value: unknown; onChange: (v: unknown) => void; testId: string }) {
  switch (field.kind) {
    case 'share':
      return (
        <InputNumber<number>
          min={0}
          max={100}
          step={1}
          precision={2}
          value={typeof value === 'number' ? Math.round(value * 10_000) / 100 : null}
          onChange={(v) => onChange(v === null ? value : Math.round(v * 100) / 10_000)}
          addonAfter="%"
          data-testid={testId}
        />
      );
    case 'int':
      return <InputNumber<number> min={0} precision={0} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? 0)} data-testid={testId} />;
    case 'fen':
      return (
        <InputNumber<number>
          min={0}
          precision={2}
          value={typeof value === 'number' ? value / 100 : null}
          onChange={(v) => onChange(v === null ? 0 : Math.round(v * 100))}
          addonAfter="元"
          data-testid={testId}
        />
      );
    case 'bool':
      return <Switch checked={Boolean(value)} onChange={onChange} data-testid={testId} />;
    case 'enum':
      return <Select style={{ width: 200 }} value={value as string} onChange={onChange} options={(field.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={testId} />;
    case 'enumMulti':
      return (
        <Select mode="multiple" style={{ width: '100%' }} value={(value as string[]) ?? []} onChange={onChange} options={(field.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={testId} />
      );
    case 'codes':
    case 'words':
      return (
        <Select
          mode="tags"
          style={{ width: '100%' }}
          value={(value as string[]) ?? []}
          onChange={(v: string[]) => onChange(v.map((s) => s.trim()).filter(Boolean))}
          tokenSeparators={TAG_SEPARATORS}
          open={false}
          placeholder={field.kind === 'codes' ? '输入科目编码后回车，如 508' : '输入词语后回车'}
          data-testid={testId}
        />
      );
    case 'text':
      return <Input value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
    case 'rows': {
      const rows = ((value as Record<string, unknown>[]) ?? []).map((r) => r);
      const set = (i: number, k: string, v: unknown) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
      return (
        <div data-testid={testId}>
          {rows.map((r, i) => (
            <Card
              key={i}
              size="small"
              style={{ marginBottom: 8 }}
              title={`第 ${i + 1} 项`}
              data-testid={`${testId}-row`}
              extra={
                <Button size="small" danger icon={<DeleteOutlined />} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  删除
                </Button>
              }
            >
              {(field.fields ?? []).map((f) => (
                <Flex key={f.key} gap={8} align="center" style={{ marginBottom: 6 }}>
                  <Text style={{ width: 90, flex: 'none' }}>{f.label}</Text>
                  <div style={{ flex: 1 }}>
                    <FieldInput field={f} value={r[f.key]} onChange={(v) => set(i, f.key, v)} testId={`${testId}-${f.key}`} />
                  </div>
                </Flex>
              ))}
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => onChange([...rows, structuredClone(field.newRow ?? {})])}>
            添加一项
          </Button>
        </div>
      );
    }
  }
}

// ── withdrawing a budget in the procedure ────────────────────────────────────────────────────────────

function BooksTab({ year, canCancel }: { year: number; canCancel: boolean }) {
  const { message } = AntApp.useApp();
  const books = useApi('budget.books.list', { year });
  const [target, setTarget] = useState<BudgetBookRow | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const d = await api.invoke('budget.books.cancel', { bookId: target.id, reason: reason.trim() });
      message.success(`已撤销“${d.title}”`);
      setTarget(null);
      setReason('');
      books.reload();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<BudgetBookRow> = [
    { title: '年度预算', dataIndex: 'title', width: 220 },
    { title: '类型', dataIndex: 'kind', width: 90 },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_, b) => (
        <Tag color={STATUS_COLOR[b.status]} data-testid="budget-book-status">
          {b.status}
          {b.status === '审批中' ? `（${BUDGET_STAGES[b.stage]}）` : ''}
        </Tag>
      ),
    },
    { title: '单位数', dataIndex: 'memberCount', width: 80, align: 'right' },
    { title: '收入（元）', dataIndex: 'incomeFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '支出（元）', dataIndex: 'expenseFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '发起时间', dataIndex: 'createdAt', width: 150, render: (d: string) => formatDateTime(d) },
    {
      title: '批准 / 撤销',
      key: 'end',
      width: 160,
      render: (_, b) => (b.approvedAt ? `批准于 ${formatDateTime(b.approvedAt)}` : b.cancelledAt ? `撤销于 ${formatDateTime(b.cancelledAt)}` : <Dash />),
    },
    {
      title: '',
      key: 'actions',
      width: 90,
      render: (_, b) =>
        canCancel && b.status === '审批中' ? (
          <Button size="small" danger icon={<StopOutlined />} onClick={() => setTarget(b)} data-testid="budget-book-cancel">
            撤销
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      {books.error && <LoadError title="无法读取年度预算" error={books.error} onRetry={books.reload} testId="budget-books-error" />}
      <Paragraph type="secondary" style={{ marginBottom: 8 }}>
        审批中的年度预算或预算调整可由财务部门撤销（须说明原因，审批记录保留）：撤销年初预算后可在“预算审批”中重新发起；撤销的预算调整不占每年的调整次数。
        已批准的预算已锁定，不能撤销，如需变更请发起预算调整。
      </Paragraph>
      {(books.data ?? []).length === 0 && !books.loading ? (
        <Empty description={`${year} 年度尚未发起预算审批。`} />
      ) : (
        <Table<BudgetBookRow>
          size="small"
          rowKey="id"
          loading={books.loading}
          columns={columns}
          dataSource={books.data ?? []}
          pagination={false}
          scroll={{ x: 1300 }}
          data-testid="budget-books-table"
          onRow={(b) => ({ 'data-testid': 'budget-book-row', 'data-id': b.id }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <Modal
        open={target !== null}
        title={target ? `撤销“${target.title}”` : ''}
        okText="撤销"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: busy, 'data-testid': 'budget-cancel-confirm' } as ButtonProps}
        onOk={() => void cancel()}
        onCancel={() => {
          setTarget(null);
          setError(null);
        }}
        destroyOnHidden
      >
        <Paragraph>撤销后本次审批终止，已有的审批记录保留；各单位的预算版本不受影响。</Paragraph>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="撤销原因（必填）" maxLength={500} data-testid="budget-cancel-reason" />
        {error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} data-testid="budget-cancel-error" />}
      </Modal>
    </>
  );
}
