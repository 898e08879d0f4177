// The unit drawer: every field in a form (Enter moves to the next field, Ctrl+Enter saves), 停用/启用,
// and the 变更历史 tab (who changed what, when: before → after) from the audit log.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { UnitChange, UnitDetail, UnitHistoryEntry, UnitTreeNode } from '../../../../shared/contract';
import {
  ALLOWED_PARENT_KINDS,
  CREDIT_CODE_REQUIRED,
  ORG_TYPE_REQUIRED,
  ORG_TYPES_BY_KIND,
  OWNERSHIPS,
  UNION_STATUSES,
  UNIT_CODE_RE,
  UNIT_KINDS,
  type UnitKind,
} from '../../../../shared/units';
import { formatFen, tryParseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTimeSeconds } from '../../format';
import { LoadError, Loading, enterMovesToNextField, showFieldErrors } from '../../components/page';
import { creditCodeRules } from '../../pages/SetupWizard';
import { NEW_UNIT_VALUES, formFieldOf, fromFormValues, toFormValues, type UnitFormValues } from './unitForm';
import { subtreeIds, unitTreeOptions } from './tree';

const { Text } = Typography;

export type DrawerTarget = { mode: 'new' } | { mode: 'edit'; id: number };

export const KIND_COLORS: Record<string, string> = {
  总工会: 'red',
  内设部门: 'default',
  工会联合会: 'geekblue',
  工作站: 'cyan',
  基层工会: 'blue',
};

const payrollRules = [
  {
    validator: async (_r: unknown, value: string | undefined) => {
      if (!value || !value.trim()) return;
      const r = tryParseFen(value);
      if (!r.ok) throw new Error(r.message);
      if (r.fen < 0) throw new Error('月工资总额不能为负数');
    },
  },
];

function Section({ title }: { title: string }) {
  return (
    <Col span={24}>
      <div style={{ fontWeight: 600, color: '#3a4556', borderLeft: '3px solid #1d5fa8', paddingLeft: 8, margin: '4px 0 12px' }}>
        {title}
      </div>
    </Col>
  );
}

function UnitForm({
  form,
  tree,
  unit,
  disabled,
  onSubmit,
}: {
  form: ReturnType<typeof Form.useForm<UnitFormValues>>[0];
  tree: readonly UnitTreeNode[];
  unit: UnitDetail | null;
  disabled: boolean;
  onSubmit: () => void;
}) {
  const kind = (Form.useWatch('kind', form) ?? unit?.kind ?? '基层工会') as UnitKind;
  const isFederation = unit?.kind === '总工会';
  const orgTypes = ORG_TYPES_BY_KIND[kind] ?? [];
  const orgTypeRequired = ORG_TYPE_REQUIRED.includes(kind);
  const creditRequired = CREDIT_CODE_REQUIRED.includes(kind);

  const excluded = useMemo(() => (unit ? subtreeIds(tree, unit.id) : new Set<number>()), [tree, unit]);
  const parentOptions = useMemo(
    () =>
      unitTreeOptions(tree, {
        exclude: (n) => excluded.has(n.id),
        disable: (n) => !ALLOWED_PARENT_KINDS[kind].includes(n.kind as UnitKind) || (!n.active && n.id !== unit?.parentId),
      }),
    [tree, excluded, kind, unit?.parentId],
  );

  return (
    <Form<UnitFormValues>
      form={form}
      layout="vertical"
      disabled={disabled}
      requiredMark
      onValuesChange={(changed: Partial<UnitFormValues>) => {
        if ('kind' in changed && changed.kind) {
          const allowed = ORG_TYPES_BY_KIND[changed.kind] ?? [];
          const current = form.getFieldValue('orgType') as string | null;
          if (current && !allowed.includes(current)) form.setFieldValue('orgType', null);
          void form.validateFields(['creditCode', 'orgType', 'parentId']).catch(() => undefined);
        }
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          onSubmit();
          return;
        }
        enterMovesToNextField(e);
      }}
      data-testid="unit-form"
    >
      <Row gutter={16}>
        <Section title="基本信息" />
        <Col span={16}>
          <Form.Item
            label="单位名称"
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请填写单位名称' },
              { max: 100, message: '单位名称最多 100 个字符' },
            ]}
          >
            <Input autoFocus data-testid="unit-field-name" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="简称" name="shortName" rules={[{ max: 40, message: '简称最多 40 个字符' }]}>
            <Input data-testid="unit-field-shortName" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
            <Select
              disabled={disabled || isFederation}
              data-testid="unit-field-kind"
              options={UNIT_KINDS.map((k) => ({ value: k, label: k, disabled: k === '总工会' && !isFederation }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="单位性质"
            name="orgType"
            rules={[{ required: orgTypeRequired, message: `${kind}须填写单位性质` }]}
          >
            <Select
              allowClear
              disabled={disabled || orgTypes.length === 0}
              placeholder={orgTypes.length === 0 ? '（不适用）' : '请选择'}
              options={orgTypes.map((t) => ({ value: t, label: t }))}
              data-testid="unit-field-orgType"
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="所有制" name="ownership">
            <Select allowClear placeholder="请选择" options={OWNERSHIPS.map((o) => ({ value: o, label: o }))} data-testid="unit-field-ownership" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="统一社会信用代码"
            name="creditCode"
            rules={creditCodeRules(creditRequired)}
            validateFirst
            extra={kind === '基层工会' ? '建会单位（用人单位）的 18 位代码' : undefined}
          >
            <Input maxLength={20} style={{ fontFamily: 'monospace' }} data-testid="unit-field-creditCode" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="工会统一社会信用代码" name="unionCreditCode" rules={creditCodeRules(false, '工会统一社会信用代码')} validateFirst>
            <Input maxLength={20} style={{ fontFamily: 'monospace' }} data-testid="unit-field-unionCreditCode" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="上级单位" name="parentId" extra={isFederation ? undefined : '留空则直属本级总工会'}>
            <TreeSelect
              allowClear
              showSearch={{ treeNodeFilterProp: 'title' }}
              disabled={disabled || isFederation}
              placeholder={isFederation ? '（无）' : '（本级总工会）'}
              treeData={parentOptions}
              treeDefaultExpandAll
              popupMatchSelectWidth={false}
              data-testid="unit-field-parentId"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="单位编码"
            name="code"
            rules={[{ pattern: UNIT_CODE_RE, message: '单位编码只能由字母、数字、-、_ 组成，最多 32 位' }]}
            extra={unit ? undefined : '留空自动生成'}
          >
            <Input style={{ fontFamily: 'monospace' }} disabled={disabled || isFederation} data-testid="unit-field-code" />
          </Form.Item>
        </Col>

        <Section title="工会组织" />
        <Col span={8}>
          <Form.Item label="建会状态" name="unionStatus">
            <Select allowClear placeholder="请选择" options={UNION_STATUSES.map((s) => ({ value: s, label: s }))} data-testid="unit-field-unionStatus" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="建会日期" name="unionFoundedOn">
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" placeholder="YYYY-MM-DD" data-testid="unit-field-unionFoundedOn" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="工会主席" name="chair" rules={[{ max: 40, message: '最多 40 个字符' }]}>
            <Input data-testid="unit-field-chair" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="会员人数" name="memberCount">
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} suffix="人" data-testid="unit-field-memberCount" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="职工人数"
            name="staffCount"
            dependencies={['memberCount']}
            rules={[
              ({ getFieldValue }) => ({
                warningOnly: true,
                validator: async (_r, v: number | null | undefined) => {
                  const m = getFieldValue('memberCount') as number | null | undefined;
                  if (typeof v === 'number' && typeof m === 'number' && m > v) throw new Error('会员人数多于职工人数，请核对');
                },
              }),
            ]}
          >
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} suffix="人" data-testid="unit-field-staffCount" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="月工资总额" name="payroll" rules={payrollRules} validateTrigger={['onChange', 'onBlur']}>
            <Input
              suffix="元"
              placeholder="0.00"
              style={{ textAlign: 'right' }}
              inputMode="decimal"
              data-testid="unit-field-payroll"
              onBlur={(e) => {
                const r = tryParseFen(e.target.value);
                if (e.target.value.trim() && r.ok && r.fen >= 0) form.setFieldValue('payroll', formatFen(r.fen));
              }}
            />
          </Form.Item>
        </Col>

        <Section title="经费账户与联系方式" />
        <Col span={12}>
          <Form.Item label="开户银行" name="bankName" rules={[{ max: 80, message: '最多 80 个字符' }]}>
            <Input data-testid="unit-field-bankName" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="银行账号" name="bankAccount" rules={[{ max: 40, message: '最多 40 个字符' }]}>
            <Input style={{ fontFamily: 'monospace' }} data-testid="unit-field-bankAccount" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="联系人" name="contactPerson" rules={[{ max: 40, message: '最多 40 个字符' }]}>
            <Input data-testid="unit-field-contactPerson" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label="联系电话" name="contactPhone" rules={[{ max: 40, message: '最多 40 个字符' }]}>
            <Input data-testid="unit-field-contactPhone" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="地址" name="address" rules={[{ max: 120, message: '最多 120 个字符' }]}>
            <Input data-testid="unit-field-address" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="备注" name="notes" rules={[{ max: 500, message: '最多 500 个字符' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="unit-field-notes" />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

function ChangeList({ changes }: { changes: UnitChange[] }) {
  if (changes.length === 0) return <Text type="secondary">—</Text>;
  return (
    <Flex vertical gap={2}>
      {changes.map((c) => (
        <div key={c.field} data-testid={`history-change-${c.field}`}>
          <Text type="secondary">{c.label}：</Text>
          {c.beforeText !== '' && (
            <>
              <Text delete type="secondary">
                {c.beforeText}
              </Text>
              <Text type="secondary"> → </Text>
            </>
          )}
          <Text>{c.afterText === '' ? '（空）' : c.afterText}</Text>
        </div>
      ))}
    </Flex>
  );
}

function UnitHistory({ id }: { id: number }) {
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const { data, error, loading, reload } = useApi('units.history', { id, page, pageSize });
  const columns: TableColumnsType<UnitHistoryEntry> = [
    { title: '时间', dataIndex: 'at', width: 160, render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTimeSeconds(at)}</span> },
    {
      title: '操作人',
      key: 'who',
      width: 130,
      render: (_: unknown, r) => (
        <Flex vertical>
          <span>{r.username}</span>
          <Text type="secondary" style={{ fontSize: 12 }}>
            {r.role}
          </Text>
        </Flex>
      ),
    },
    { title: '操作', dataIndex: 'action', width: 90, render: (a: string) => <Tag>{a}</Tag> },
    { title: '变更内容（变更前 → 变更后）', key: 'changes', render: (_: unknown, r) => (r.changes.length ? <ChangeList changes={r.changes} /> : r.summary) },
  ];
  if (error) return <LoadError testId="unit-history-error" title="无法读取变更历史" error={error} onRetry={reload} />;
  return (
    <Table<UnitHistoryEntry>
      data-testid="unit-history"
      size="small"
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={data?.rows ?? []}
      locale={{ emptyText: <Empty description="暂无变更记录" /> }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (t) => `共 ${t} 条`,
        onChange: setPage,
      }}
    />
  );
}

export function UnitDrawer({
  target,
  tree,
  canWrite,
  onClose,
  onChanged,
  onOpen,
}: {
  target: DrawerTarget | null;
  tree: readonly UnitTreeNode[];
  canWrite: boolean;
  onClose: () => void;
  /** Something was saved: the list reloads. */
  onChanged: () => void;
  /** Switch the drawer to another unit (after creating one). */
  onOpen: (t: DrawerTarget) => void;
}) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<UnitFormValues>();
  const [unit, setUnit] = useState<UnitDetail | null>(null);
  const [loadError, setLoadError] = useState<ApiCallError | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState('form');
  const [historyKey, setHistoryKey] = useState(0);

  const id = target?.mode === 'edit' ? target.id : null;

  useEffect(() => {
    setSaveError(null);
    setTab('form');
    setLoadError(null);
    if (!target) return;
    if (target.mode === 'new') {
      setUnit(null);
      form.resetFields();
      form.setFieldsValue(NEW_UNIT_VALUES);
      return;
    }
    let cancelled = false;
    setUnit(null);
    api.invoke('units.get', { id: target.id }).then(
      (u) => {
        if (cancelled) return;
        setUnit(u);
        form.resetFields();
        form.setFieldsValue(toFormValues(u));
      },
      (e: unknown) => !cancelled && setLoadError(ApiCallError.from(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [target, form]);

  async function save() {
    let values: UnitFormValues;
    try {
      values = await form.validateFields();
    } catch {
      setTab('form');
      return;
    }
    setBusy(true);
    setSaveError(null);
    try {
      const input = fromFormValues(values);
      const saved = unit
        ? await api.invoke('units.update', { ...input, id: unit.id, updatedAt: unit.updatedAt })
        : await api.invoke('units.create', input);
      for (const w of saved.warnings) message.warning(w, 6);
      message.success(unit ? `已保存“${saved.unit.name}”` : `已新增单位“${saved.unit.name}”（编码 ${saved.unit.code}）`);
      onChanged();
      if (unit) {
        setUnit(saved.unit);
        form.setFieldsValue(toFormValues(saved.unit));
        setHistoryKey((k) => k + 1);
      } else {
        onOpen({ mode: 'edit', id: saved.unit.id });
      }
    } catch (e) {
      const err = ApiCallError.from(e);
      showFieldErrors(form, err, formFieldOf);
      setSaveError(err.message);
    } finally {
      setBusy(false);
    }
  }

  async function setActive(active: boolean) {
    if (!unit) return;
    setBusy(true);
    setSaveError(null);
    try {
      const saved = await api.invoke('units.setActive', { id: unit.id, active, updatedAt: unit.updatedAt });
      setUnit(saved.unit);
      form.setFieldsValue(toFormValues(saved.unit));
      setHistoryKey((k) => k + 1);
      message.success(active ? `已启用“${saved.unit.name}”` : `已停用“${saved.unit.name}”`);
      onChanged();
    } catch (e) {
      setSaveError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const editable = canWrite && (target?.mode === 'new' || (unit !== null && unit.active));
  const title =
    target?.mode === 'new' ? (
      '新增单位'
    ) : unit ? (
      <Flex align="center" gap={8}>
        <span data-testid="unit-drawer-title">{unit.name}</span>
        <Tag color={KIND_COLORS[unit.kind]}>{unit.kind}</Tag>
        {!unit.active && <Tag color="default">已停用</Tag>}
      </Flex>
    ) : (
      '单位'
    );

  const extra =
    canWrite && unit && unit.kind !== '总工会' ? (
      unit.active ? (
        <Popconfirm
          title="停用该单位？"
          description="停用后不再出现在选择列表中，历史数据保留，可随时启用。"
          okText="停用"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={() => setActive(false)}
        >
          <Button danger disabled={busy} data-testid="unit-deactivate">
            停用
          </Button>
        </Popconfirm>
      ) : (
        <Button onClick={() => void setActive(true)} disabled={busy} data-testid="unit-activate">
          启用
        </Button>
      )
    ) : null;

  const footer = editable ? (
    <Flex justify="space-between" align="center">
      <Text type="secondary" style={{ fontSize: 12 }}>
        回车跳到下一项，Ctrl+回车保存
      </Text>
      <Space>
        <Button onClick={onClose}>取消</Button>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="unit-save">
          保存
        </Button>
      </Space>
    </Flex>
  ) : (
    <Flex justify="flex-end">
      <Button onClick={onClose}>关闭</Button>
    </Flex>
  );

  const loading = target?.mode === 'edit' && !unit && !loadError;

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={760}
      title={title}
      extra={extra}
      footer={footer}
      forceRender
      data-testid="unit-drawer"
    >
      <div data-testid="unit-drawer-body">
        {loadError && <LoadError testId="unit-load-error" title="无法读取单位" error={loadError} />}
        {loading && <Loading testId="unit-loading" text="正在读取…" />}
        {saveError && (
          <Alert type="error" showIcon closable={{ onClose: () => setSaveError(null) }} style={{ marginBottom: 16 }} title={<span data-testid="unit-save-error">{saveError}</span>} />
        )}
        {unit && !unit.active && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="该单位已停用，如需修改请先启用。" />
        )}
        {!canWrite && unit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="您的角色只能查看单位名录，不能修改。" />}
        <div hidden={loading || !!loadError}>
          {id !== null ? (
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                { key: 'form', label: '单位信息', children: <UnitForm form={form} tree={tree} unit={unit} disabled={!editable || busy} onSubmit={() => void save()} />, forceRender: true },
                { key: 'history', label: <span data-testid="unit-tab-history">变更历史</span>, children: <UnitHistory key={`${id}-${historyKey}`} id={id} /> },
              ]}
            />
          ) : (
            <UnitForm form={form} tree={tree} unit={null} disabled={!editable || busy} onSubmit={() => void save()} />
          )}
        </div>
      </div>
    </Drawer>
  );
}
