// 账套设置: accounting sets (the federation's own and 代管 sets for grassroots unions), the chart of a set
// (add lower-level accounts; the official accounts cannot be renamed or deleted and accounts in use
// cannot be deleted — the core refuses and its message is shown), auxiliary dimensions (projects and the
// rules saying which dimensions an account requires) and opening balances with the trial-balance check.
import { useMemo, useState } from 'react';
import {
  App as AntApp, Alert, Button, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Switch,
  Table, Tabs, Tag, Tooltip, Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { AccountRow, DimensionRuleRow, EconClassRow, InputOf, LedgerSetRow, OpeningView, ProjectRow } from '../../../../shared/contract';
import { LEDGER_ROLES } from '../../../../shared/contract/ledger';
import { DIMENSION_KINDS, DIMENSION_LABELS } from '../../../../shared/ledger/dimensions';
import { parseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatFen } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { SetPicker, useLedgerSet } from './common';
import { DimensionInputs, type EditLine } from './VouchersPage';

const { Text } = Typography;

function errorText(e: unknown): string {
  const err = ApiCallError.from(e);
  const more = (err.details ?? []).length > 1 ? `\n${err.details!.map((d) => d.message).join('\n')}` : '';
  return `${err.message}${more}`;
}

const OWN_KINDS = ['总工会', '内设部门'];

export default function SetupPage() {
  const { sets, set, setSetId, reload } = useLedgerSet();
  const [tab, setTab] = useState('sets');
  return (
    <div data-testid="ledger-setup">
      <PageHeading title="账套设置" sub={set?.name} extra={tab !== 'sets' && <SetPicker sets={sets} set={set} onChange={setSetId} />} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'sets', label: '账套', children: <SetsTab onCreated={(id) => { setSetId(id); reload(); }} /> },
          { key: 'accounts', label: '会计科目', disabled: !set, children: set && <AccountsTab set={set} /> },
          { key: 'dims', label: '辅助核算', disabled: !set, children: set && <DimsTab set={set} /> },
          { key: 'opening', label: '期初余额', disabled: !set, children: set && <OpeningTab set={set} /> },
        ]}
      />
    </div>
  );
}

// ── 账套 ─────────────────────────────────────────────────────────────────────────────────────────────

function SetsTab({ onCreated }: { onCreated: (id: number) => void }) {
  const list = useApi('ledger.sets.list', { includeInactive: true });
  const [q, setQ] = useState('');
  const units = useApi('units.list', { q: q || null, page: 1, pageSize: 50 } as InputOf<'units.list'>);
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const chart = Form.useWatch('chart', form);
  const canCreate = hasAnyRole(user, LEDGER_ROLES.chartAdmins);
  const unitKinds = useMemo(() => new Map((units.data?.rows ?? []).map((u) => [u.id, u.kind])), [units.data]);

  async function create() {
    setError(null);
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const s = await api.invoke('ledger.sets.create', {
        name: String(v.name ?? ''),
        unitId: Number(v.unitId),
        chart: v.chart as 'G' | 'C',
        fiscalFunding: v.chart === 'C' ? Boolean(v.fiscalFunding) : false,
        startYear: Number(v.startYear),
        startMonth: Number(v.startMonth),
        notes: (v.notes as string) || null,
      });
      message.success(`已新建账套“${s.name}”`);
      setOpen(false);
      form.resetFields();
      list.reload();
      onCreated(s.id);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Flex justify="space-between" style={{ marginBottom: 8 }}>
        <Text type="secondary">一个数据库可有多个账套：本级账套，以及为小型基层工会代理记账的代管账套。每个账套有自己的科目表、会计期间和凭证编号。</Text>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="set-new">
            新建账套
          </Button>
        )}
      </Flex>
      {list.error && <LoadError testId="sets-error" title="账套加载失败" error={list.error} onRetry={list.reload} />}
      <Table<LedgerSetRow>
        size="small"
        bordered
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.data ?? []}
        data-testid="set-table"
        columns={[
          { title: '账套名称', dataIndex: 'name', render: (n: string) => <Text data-testid="set-row-name">{n}</Text> },
          { title: '核算单位', dataIndex: 'unitName' },
          { title: '科目体系', dataIndex: 'chartName', width: 170 },
          { title: '财政拨款核算', dataIndex: 'fiscalFunding', width: 110, render: (f: boolean) => (f ? '是' : '否') },
          { title: '启用期间', width: 110, render: (_, s) => `${s.startYear}年${s.startMonth}月` },
          { title: '当前年度', dataIndex: 'currentYear', width: 90 },
          { title: '状态', dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          { title: '备注', dataIndex: 'notes' },
        ]}
      />
      {open && (
        <Modal
          open
          title="新建账套"
          onCancel={() => setOpen(false)}
          onOk={create}
          okText="新建"
          okButtonProps={{ loading: saving, ...({ 'data-testid': 'set-create-ok' } as object) }}
          width={560}
        >
          <Form form={form} layout="vertical" initialValues={{ chart: 'G', fiscalFunding: false, startYear: new Date().getFullYear(), startMonth: 1 }}>
            <Form.Item name="unitId" label="核算单位" rules={[{ required: true, message: '请选择核算单位' }]} extra="为基层工会建立的账套即代管（代理记账）账套。">
              <Select
                showSearch={{ filterOption: false, onSearch: setQ }}
                placeholder="输入单位名称或编码搜索"
                options={(units.data?.rows ?? []).map((u) => ({ value: u.id, label: `${u.code} ${u.name}（${u.kind}）` }))}
                onChange={(id: number) => {
                  const kind = unitKinds.get(id);
                  const own = kind ? OWN_KINDS.includes(kind) : false;
                  const u = units.data?.rows.find((x) => x.id === id);
                  form.setFieldsValue({ chart: own ? 'C' : 'G', fiscalFunding: own, name: form.getFieldValue('name') || (u ? (own ? `${u.name}本级` : `代管：${u.name}`) : '') });
                }}
                data-testid="set-unit"
              />
            </Form.Item>
            <Form.Item name="name" label="账套名称" rules={[{ required: true, message: '请填写账套名称' }]}>
              <Input maxLength={60} data-testid="set-name" />
            </Form.Item>
            <Form.Item name="chart" label="科目体系">
              <Radio.Group data-testid="set-chart">
                <Radio value="G">基层工会会计科目（24 个一级科目）</Radio>
                <Radio value="C">县级以上工会会计科目（45 个一级科目）</Radio>
              </Radio.Group>
            </Form.Item>
            {chart === 'C' && (
              <Form.Item name="fiscalFunding" valuePropName="checked">
                <Checkbox data-testid="set-fiscal">核算同级财政拨款（支出按财政拨款/工会资金分列）</Checkbox>
              </Form.Item>
            )}
            <Space>
              <Form.Item name="startYear" label="启用年度" rules={[{ required: true, message: '请填写启用年度' }]}>
                <InputNumber min={2000} max={2100} data-testid="set-start-year" />
              </Form.Item>
              <Form.Item name="startMonth" label="启用月份" rules={[{ required: true, message: '请填写启用月份' }]}>
                <InputNumber min={1} max={12} data-testid="set-start-month" />
              </Form.Item>
            </Space>
            <Form.Item name="notes" label="备注">
              <Input maxLength={200} />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon title={error} style={{ whiteSpace: 'pre-line' }} data-testid="set-error" />}
        </Modal>
      )}
    </>
  );
}

// ── 会计科目 ─────────────────────────────────────────────────────────────────────────────────────────

function nextChildCode(parent: string, accounts: AccountRow[]): string {
  const used = new Set(accounts.filter((a) => a.parentCode === parent).map((a) => a.code));
  for (let i = 1; i < 100; i++) {
    const c = `${parent}${String(i).padStart(2, '0')}`;
    if (!used.has(c)) return c;
  }
  return `${parent}99`;
}

function AccountsTab({ set }: { set: LedgerSetRow }) {
  const list = useApi('ledger.accounts.list', { setId: set.id, includeInactive: true });
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const canEdit = hasAnyRole(user, LEDGER_ROLES.chartAdmins);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState<AccountRow | null>(null);
  const [renaming, setRenaming] = useState<AccountRow | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [modalError, setModalError] = useState<string | null>(null);
  const rows = (list.data ?? []).filter((a) => !filter || a.code.startsWith(filter) || a.fullName.includes(filter));

  async function add() {
    if (!adding) return;
    setModalError(null);
    try {
      const a = await api.invoke('ledger.accounts.create', { setId: set.id, parentCode: adding.code, code: code.trim(), name: name.trim() });
      message.success(`已增设科目 ${a.code} ${a.fullName}`);
      setAdding(null);
      list.reload();
    } catch (e) {
      setModalError(errorText(e));
    }
  }

  async function rename() {
    if (!renaming) return;
    setModalError(null);
    try {
      await api.invoke('ledger.accounts.rename', { setId: set.id, code: renaming.code, name: name.trim() });
      message.success('科目名称已修改');
      setRenaming(null);
      list.reload();
    } catch (e) {
      setModalError(errorText(e));
    }
  }

  async function remove(a: AccountRow) {
    setError(null);
    try {
      await api.invoke('ledger.accounts.delete', { setId: set.id, code: a.code });
      message.success(`已删除科目 ${a.code} ${a.name}`);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder="按编码或名称筛选" style={{ width: 260 }} onSearch={setFilter} data-testid="account-filter" />
        <Text type="secondary">《工会会计制度》规定的一级科目和明细科目不能改名或删除；可在其下增设下级科目（上级编码加 2 位）；已有凭证或余额的科目不能删除。</Text>
      </Flex>
      {list.error && <LoadError testId="accounts-error" title="科目加载失败" error={list.error} onRetry={list.reload} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} closable={{ onClose: () => setError(null) }} data-testid="account-error" />}
      <Table<AccountRow>
        size="small"
        bordered
        rowKey="code"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 100, showSizeChanger: false }}
        data-testid="account-table"
        onRow={(r) => ({ 'data-testid': `account-row-${r.code}` }) as object}
        columns={[
          { title: '科目编码', dataIndex: 'code', width: 110 },
          {
            title: '科目名称',
            dataIndex: 'name',
            render: (n: string, r) => <span style={{ paddingLeft: (r.level - 1) * 16, fontWeight: r.level === 1 ? 600 : undefined }}>{n}</span>,
          },
          { title: '类别', dataIndex: 'type', width: 70 },
          { title: '方向', dataIndex: 'side', width: 60 },
          {
            title: '来源',
            width: 90,
            render: (_, r) => (r.seeded ? <Tag color="blue">{r.level === 1 ? '一级科目' : '制度明细'}</Tag> : <Tag color="gold">自设</Tag>),
          },
          { title: '必填辅助核算', width: 220, render: (_, r) => r.requiredDimensions.map((k) => DIMENSION_LABELS[k]).join('、') },
          { title: '使用', width: 70, render: (_, r) => (r.inUse ? <Tag color="green">已使用</Tag> : '') },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  width: 220,
                  render: (_: unknown, r: AccountRow) => (
                    <Space size={4}>
                      <Button
                        size="small"
                        onClick={() => {
                          setAdding(r);
                          setCode(nextChildCode(r.code, list.data ?? []));
                          setName('');
                          setModalError(null);
                        }}
                        data-testid={`account-add-${r.code}`}
                      >
                        增设下级
                      </Button>
                      {r.seeded ? (
                        <Tooltip title={r.level === 1 ? '一级科目由制度统一规定，不能修改或删除' : '制度规定的明细科目不能改名或删除'}>
                          <Text type="secondary">制度科目</Text>
                        </Tooltip>
                      ) : (
                        <>
                          <Button size="small" onClick={() => { setRenaming(r); setName(r.name); setModalError(null); }} data-testid={`account-rename-${r.code}`}>
                            改名
                          </Button>
                          <Popconfirm title={`删除科目 ${r.code} ${r.name}？`} okText="删除" okButtonProps={{ danger: true, ...({ 'data-testid': 'account-delete-ok' } as object) }} onConfirm={() => remove(r)}>
                            <Button size="small" danger icon={<DeleteOutlined />} data-testid={`account-delete-${r.code}`} />
                          </Popconfirm>
                        </>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && (
        <Modal open title={`在 ${adding.code} ${adding.fullName} 下增设科目`} onCancel={() => setAdding(null)} onOk={add} okText="增设" okButtonProps={{ ...({ 'data-testid': 'account-add-ok' } as object) }}>
          <Form layout="vertical">
            <Form.Item label="科目编码" extra={`上级编码 ${adding.code} 后加 2 位数字`}>
              <Input value={code} onChange={(e) => setCode(e.target.value)} data-testid="account-code" />
            </Form.Item>
            <Form.Item label="科目名称">
              <Input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="account-name" />
            </Form.Item>
          </Form>
          {modalError && <Alert type="error" showIcon title={modalError} style={{ whiteSpace: 'pre-line' }} data-testid="account-modal-error" />}
        </Modal>
      )}
      {renaming && (
        <Modal open title={`修改科目名称 ${renaming.code}`} onCancel={() => setRenaming(null)} onOk={rename} okText="保存" okButtonProps={{ ...({ 'data-testid': 'account-rename-ok' } as object) }}>
          <Input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="account-new-name" />
          {modalError && <Alert type="error" showIcon title={modalError} style={{ marginTop: 8 }} data-testid="account-modal-error" />}
        </Modal>
      )}
    </>
  );
}

// ── 辅助核算 ─────────────────────────────────────────────────────────────────────────────────────────

function DimsTab({ set }: { set: LedgerSetRow }) {
  const info = useApi('ledger.dimensions.list', { setId: set.id });
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const canRules = hasAnyRole(user, LEDGER_ROLES.chartAdmins);
  const canProjects = hasAnyRole(user, LEDGER_ROLES.projectEditors);
  const [project, setProject] = useState({ code: '', name: '', special: false });
  const [rule, setRule] = useState<{ prefix: string; kind: (typeof DIMENSION_KINDS)[number]; required: boolean; whenExpenseType: string | null; basis: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [econ, setEcon] = useState({ code: '', name: '', active: true });

  async function saveEcon() {
    setError(null);
    try {
      const e = await api.invoke('ledger.dimensions.saveEconClass', { code: econ.code.trim(), name: econ.name.trim(), active: econ.active });
      message.success(`已保存经济分类 ${e.code} ${e.name}`);
      setEcon({ code: '', name: '', active: true });
      info.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function addProject() {
    setError(null);
    try {
      const p = await api.invoke('ledger.dimensions.createProject', { setId: set.id, code: project.code.trim(), name: project.name.trim(), special: project.special });
      message.success(`已新增项目 ${p.code} ${p.name}`);
      setProject({ code: '', name: '', special: false });
      info.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function saveRule() {
    if (!rule) return;
    setError(null);
    try {
      await api.invoke('ledger.dimensions.saveRule', {
        setId: set.id,
        prefix: rule.prefix.trim(),
        kind: rule.kind,
        required: rule.required,
        whenExpenseType: (rule.whenExpenseType as '基本支出' | '项目支出' | null) || null,
        basis: rule.basis.trim(),
      });
      message.success('辅助核算规则已保存');
      setRule(null);
      info.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      {info.error && <LoadError testId="dims-error" title="辅助核算加载失败" error={info.error} onRetry={info.reload} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8, whiteSpace: 'pre-line' }} closable={{ onClose: () => setError(null) }} data-testid="dims-error-msg" />}
      <Typography.Title level={5}>必填辅助核算规则</Typography.Title>
      <Flex justify="space-between" style={{ marginBottom: 8 }}>
        <Text type="secondary">
          规则按科目编码前缀匹配：以该前缀开头的科目在凭证和期初余额中必须填写所列辅助核算（“项目支出时”只在支出类型为项目支出时要求）。
          {info.data && !info.data.fiscalFunding && ' 本账套未启用财政拨款核算。'}
        </Text>
        {canRules && (
          <Button icon={<PlusOutlined />} onClick={() => setRule({ prefix: '', kind: 'project', required: true, whenExpenseType: null, basis: '' })} data-testid="rule-new">
            新增规则
          </Button>
        )}
      </Flex>
      <Table<DimensionRuleRow>
        size="small"
        bordered
        rowKey="id"
        loading={info.loading}
        pagination={false}
        dataSource={info.data?.rules ?? []}
        data-testid="rule-table"
        columns={[
          { title: '科目前缀', dataIndex: 'prefix', width: 100 },
          { title: '辅助核算', dataIndex: 'kindLabel', width: 160 },
          { title: '要求', dataIndex: 'required', width: 80, render: (r: boolean) => (r ? <Tag color="red">必填</Tag> : <Tag>不要求</Tag>) },
          { title: '条件', dataIndex: 'whenExpenseType', width: 110, render: (w: string | null) => (w ? `${w}时` : '') },
          { title: '依据', dataIndex: 'basis' },
          ...(canRules
            ? [
                {
                  title: '操作',
                  width: 80,
                  render: (_: unknown, r: DimensionRuleRow) => (
                    <Button size="small" onClick={() => setRule({ prefix: r.prefix, kind: r.kind, required: r.required, whenExpenseType: r.whenExpenseType, basis: r.basis })}>
                      修改
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        核算项目
      </Typography.Title>
      {canProjects && (
        <Space style={{ marginBottom: 8 }}>
          <Input placeholder="项目编码" style={{ width: 120 }} value={project.code} onChange={(e) => setProject({ ...project, code: e.target.value })} data-testid="project-code" />
          <Input placeholder="项目名称" style={{ width: 220 }} value={project.name} onChange={(e) => setProject({ ...project, name: e.target.value })} data-testid="project-name" />
          <Checkbox checked={project.special} onChange={(e) => setProject({ ...project, special: e.target.checked })} data-testid="project-special">
            专项（年末结转至工会资金结转）
          </Checkbox>
          <Button icon={<PlusOutlined />} onClick={addProject} data-testid="project-add">
            新增项目
          </Button>
        </Space>
      )}
      <Table<ProjectRow>
        size="small"
        bordered
        rowKey="id"
        loading={info.loading}
        pagination={false}
        dataSource={info.data?.projects ?? []}
        data-testid="project-table"
        columns={[
          { title: '项目编码', dataIndex: 'code', width: 140 },
          { title: '项目名称', dataIndex: 'name' },
          { title: '专项', dataIndex: 'special', width: 80, render: (s: boolean) => (s ? <Tag color="purple">专项</Tag> : '') },
          { title: '状态', dataIndex: 'active', width: 80, render: (a: boolean) => (a ? '启用' : '停用') },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        政府支出经济分类（款级，全部账套共用）
      </Typography.Title>
      {canRules && (
        <Space style={{ marginBottom: 8 }}>
          <Input placeholder="款级编码（5 位）" style={{ width: 140 }} value={econ.code} onChange={(e) => setEcon({ ...econ, code: e.target.value })} data-testid="econ-code" />
          <Input placeholder="名称" style={{ width: 220 }} value={econ.name} onChange={(e) => setEcon({ ...econ, name: e.target.value })} data-testid="econ-name" />
          <Checkbox checked={econ.active} onChange={(e) => setEcon({ ...econ, active: e.target.checked })}>
            启用
          </Checkbox>
          <Button icon={<SaveOutlined />} onClick={saveEcon} data-testid="econ-save">
            新增或修改
          </Button>
        </Space>
      )}
      <Table<EconClassRow>
        size="small"
        bordered
        rowKey="code"
        loading={info.loading}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        dataSource={info.data?.econClasses ?? []}
        data-testid="econ-table"
        columns={[
          { title: '编码', dataIndex: 'code', width: 100 },
          { title: '名称', dataIndex: 'name', render: (n: string, e) => <span style={{ paddingLeft: e.level === '款' ? 16 : 0, fontWeight: e.level === '类' ? 600 : undefined }}>{n}</span> },
          { title: '级次', dataIndex: 'level', width: 60 },
          { title: '来源', dataIndex: 'seeded', width: 80, render: (x: boolean) => (x ? '预置' : '自设') },
          { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? '启用' : <Tag>停用</Tag>) },
          ...(canRules
            ? [{ title: '操作', width: 70, render: (_: unknown, e: EconClassRow) => e.level === '款' && <Button size="small" onClick={() => setEcon({ code: e.code, name: e.name, active: e.active })}>修改</Button> }]
            : []),
        ]}
      />
      {rule && (
        <Modal open title="辅助核算规则" onCancel={() => setRule(null)} onOk={saveRule} okText="保存" okButtonProps={{ ...({ 'data-testid': 'rule-save' } as object) }}>
          <Form layout="vertical">
            <Form.Item label="科目编码前缀">
              <Input value={rule.prefix} onChange={(e) => setRule({ ...rule, prefix: e.target.value })} data-testid="rule-prefix" />
            </Form.Item>
            <Form.Item label="辅助核算">
              <Select value={rule.kind} options={DIMENSION_KINDS.map((k) => ({ value: k, label: DIMENSION_LABELS[k] }))} onChange={(k) => setRule({ ...rule, kind: k })} data-testid="rule-kind" />
            </Form.Item>
            <Form.Item label="必填">
              <Switch checked={rule.required} onChange={(v) => setRule({ ...rule, required: v })} data-testid="rule-required" />
            </Form.Item>
            <Form.Item label="条件">
              <Select
                allowClear
                placeholder="总是"
                value={rule.whenExpenseType}
                options={[{ value: '项目支出', label: '仅项目支出时' }, { value: '基本支出', label: '仅基本支出时' }]}
                onChange={(v) => setRule({ ...rule, whenExpenseType: v ?? null })}
              />
            </Form.Item>
            <Form.Item label="依据">
              <Input value={rule.basis} onChange={(e) => setRule({ ...rule, basis: e.target.value })} data-testid="rule-basis" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}

// ── 期初余额 ─────────────────────────────────────────────────────────────────────────────────────────

interface OpenLine extends EditLine {
  ytdDebit: string;
  ytdCredit: string;
}

let openKey = 1;
const blankOpen = (): OpenLine => ({
  key: openKey++, summary: '', accountCode: null, debit: '', credit: '', ytdDebit: '', ytdCredit: '',
  projectId: null, fundSource: null, expenseType: null, econCode: null, unitId: null,
});

function fen(text: string): number | null {
  if (!text.trim()) return 0;
  try {
    return parseFen(text);
  } catch {
    return null;
  }
}

const showFen = (n: number) => (n ? formatFen(n) : '');

function linesOf(view: OpeningView): OpenLine[] {
  const rows = view.rows.map((r) => ({
    key: openKey++,
    summary: '',
    accountCode: r.accountCode,
    debit: showFen(r.debit),
    credit: showFen(r.credit),
    ytdDebit: showFen(r.ytdDebit),
    ytdCredit: showFen(r.ytdCredit),
    projectId: r.projectId,
    fundSource: r.fundSource,
    expenseType: r.expenseType,
    econCode: r.econCode,
    unitId: r.unitId,
  }));
  return rows.length ? rows : [blankOpen(), blankOpen(), blankOpen()];
}

function OpeningTab({ set }: { set: LedgerSetRow }) {
  const view = useApi('ledger.opening.get', { setId: set.id });
  return view.data ? <OpeningEditor key={`${set.id}`} set={set} initial={view.data} /> : view.error ? <LoadError testId="opening-load-error" title="期初余额加载失败" error={view.error} onRetry={view.reload} /> : <Text>加载中…</Text>;
}

function OpeningEditor({ set, initial }: { set: LedgerSetRow; initial: OpeningView }) {
  const accounts = useApi('ledger.accounts.list', { setId: set.id, includeInactive: false });
  const dims = useApi('ledger.dimensions.list', { setId: set.id });
  const units = useApi('units.list', { page: 1, pageSize: 200 } as InputOf<'units.list'>);
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<OpeningView>(initial);
  const [lines, setLines] = useState<OpenLine[]>(() => linesOf(initial));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const canEdit = view.editable && hasAnyRole(user, LEDGER_ROLES.openingEditors);
  const ytd = set.startMonth > 1;
  const byCode = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.code, a])), [accounts.data]);
  const options = useMemo(() => (accounts.data ?? []).filter((a) => a.isLeaf && a.active).map((a) => ({ value: a.code, label: `${a.code} ${a.fullName}` })), [accounts.data]);
  const parsed = lines.map((l) => ({ debit: fen(l.debit), credit: fen(l.credit), ytdDebit: fen(l.ytdDebit), ytdCredit: fen(l.ytdCredit) }));
  const sum = (k: 'debit' | 'credit') => parsed.reduce((s, p) => s + (p[k] ?? 0), 0);
  const update = (key: number, p: Partial<OpenLine>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...p } : l)));

  async function save() {
    setError(null);
    const bad = parsed.findIndex((p) => p.debit === null || p.credit === null || p.ytdDebit === null || p.ytdCredit === null);
    if (bad >= 0) {
      setError(`第 ${bad + 1} 行金额格式不正确`);
      return;
    }
    setSaving(true);
    try {
      const rows = lines
        .map((l, i) => ({ l, p: parsed[i] }))
        .filter(({ l }) => l.accountCode)
        .map(({ l, p }) => ({
          accountCode: l.accountCode!,
          debit: p.debit!,
          credit: p.credit!,
          ytdDebit: p.ytdDebit!,
          ytdCredit: p.ytdCredit!,
          projectId: l.projectId,
          fundSource: l.fundSource as '工会资金' | '财政拨款' | null,
          expenseType: l.expenseType as '基本支出' | '项目支出' | null,
          econCode: l.econCode,
          unitId: l.unitId,
        }));
      const v = await api.invoke('ledger.opening.set', { setId: set.id, rows });
      setView(v);
      message.success(v.check.balanced && (!v.check.equationApplies || v.check.equationHolds) ? '期初余额已保存，试算平衡' : '期初余额已保存，但试算不平衡');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  }

  const c = view.check;
  const ok = c.balanced && (!c.equationApplies || c.equationHolds);
  return (
    <>
      <Alert
        type={ok ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 8 }}
        data-testid="opening-check"
        title={ok ? '试算平衡' : '试算不平衡'}
        description={
          <>
            <Descriptions size="small" column={4}>
              <Descriptions.Item label="借方合计"><span style={numStyle} data-testid="opening-debit-total">{formatFen(c.debitTotal)}</span></Descriptions.Item>
              <Descriptions.Item label="贷方合计"><span style={numStyle} data-testid="opening-credit-total">{formatFen(c.creditTotal)}</span></Descriptions.Item>
              <Descriptions.Item label="资产"><span style={numStyle}>{formatFen(c.assets)}</span></Descriptions.Item>
              <Descriptions.Item label="负债 + 净资产"><span style={numStyle}>{formatFen(c.liabilities + c.netAssets)}</span></Descriptions.Item>
            </Descriptions>
            <div data-testid="opening-messages">{c.messages.join('；')}</div>
          </>
        }
      />
      {!view.editable && <Alert type="info" showIcon title={`账套启用期间 ${set.startYear}年${set.startMonth}月已结账，期初余额不能再修改。`} style={{ marginBottom: 8 }} />}
      <Table<OpenLine>
        size="small"
        bordered
        rowKey="key"
        pagination={false}
        dataSource={lines}
        data-testid="opening-table"
        columns={[
          { title: '#', width: 40, render: (_, __, i) => i + 1 },
          {
            title: '会计科目',
            render: (_, l, i) => {
              const a = l.accountCode ? byCode.get(l.accountCode) : undefined;
              return (
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    disabled={!canEdit}
                    style={{ width: '100%' }}
                    value={l.accountCode}
                    placeholder="输入编码或名称搜索"
                    options={options}
                    onChange={(code) => update(l.key, { accountCode: code })}
                    data-testid={`opening-account-${i}`}
                  />
                  {a && <DimensionInputs line={l} account={a} dims={dims.data} units={units.data?.rows ?? []} index={i} onChange={(p) => update(l.key, p)} />}
                </Space>
              );
            },
          },
          ...((ytd ? ['debit', 'credit', 'ytdDebit', 'ytdCredit'] : ['debit', 'credit']) as Array<'debit' | 'credit' | 'ytdDebit' | 'ytdCredit'>).map((k) => ({
            title: { debit: '借方余额', credit: '贷方余额', ytdDebit: '本年累计借方', ytdCredit: '本年累计贷方' }[k],
            width: 150,
            render: (_: unknown, l: OpenLine, i: number) => (
              <Input
                disabled={!canEdit}
                value={l[k]}
                status={parsed[i][k] === null ? 'error' : undefined}
                style={{ ...numStyle, textAlign: 'right' }}
                onChange={(e) => update(l.key, { [k]: e.target.value })}
                data-testid={`opening-${k}-${i}`}
              />
            ),
          })),
          {
            title: '',
            width: 50,
            render: (_, l) => canEdit && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))} />,
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>合计（未保存的输入）</Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right"><span style={numStyle}>{formatFen(sum('debit'))}</span></Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right"><span style={numStyle}>{formatFen(sum('credit'))}</span></Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {canEdit && (
        <Space style={{ marginTop: 8 }}>
          <Button icon={<PlusOutlined />} type="dashed" onClick={() => setLines((ls) => [...ls, blankOpen()])} data-testid="opening-add">
            增加一行
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="opening-save">
            保存并试算
          </Button>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8, whiteSpace: 'pre-line' }} data-testid="opening-error" />}
    </>
  );
}
