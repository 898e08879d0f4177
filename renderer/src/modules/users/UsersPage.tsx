// 用户与角色: the users (create, edit, assign roles, reset password, enable/disable), the roles with
// their descriptions and holders, and the 不相容职务 (separation-of-duties) rules. The 只读审阅 role
// sees everything and changes nothing; the core refuses writes from anyone but the 系统管理员 anyway.
import { useMemo, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
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
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { usersCreate, type RoleRow, type SodRuleRow, type UserRow } from '../../../../shared/contract';
import { ALL_ROLES, ROLE_DESCRIPTIONS, type RoleCode } from '../../../../shared/roles';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDate, formatDateTime, formatInt } from '../../format';
import { LoadError, PageHeading, RoleTags, numStyle, showFieldErrors } from '../../components/page';
import { PasswordChecklist, confirmRules, newPasswordRules } from '../../components/password';
import { hasAnyRole, useSession } from '../../session';
import { unitTreeOptions } from '../units/tree';

const { Text, Paragraph } = Typography;

// ---- separation of duties ---------------------------------------------------------------------

/** The rules in force that a set of roles breaks. */
function sodViolations(roles: readonly string[], rules: readonly SodRuleRow[]): SodRuleRow[] {
  return rules.filter((r) => r.active && roles.includes(r.roleA) && roles.includes(r.roleB));
}

function SodHint({ roles, rules }: { roles: readonly string[]; rules: readonly SodRuleRow[] }) {
  const broken = sodViolations(roles, rules);
  if (broken.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="sod-hint"
      style={{ marginBottom: 12 }}
      title="所选角色违反不相容职务规则，保存时将被拒绝"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {broken.map((r) => (
            <li key={r.id}>
              “{r.name}”：{r.roleA} 与 {r.roleB} 不得兼任（{r.basis}）
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The roles as checkboxes, each with its description; roles that clash with a ticked one are marked. */
function RoleChecklist({ value, onChange, rules }: { value?: string[]; onChange?: (v: string[]) => void; rules: readonly SodRuleRow[] }) {
  const selected = value ?? [];
  const clashes = (role: string) =>
    rules.some((r) => r.active && ((r.roleA === role && selected.includes(r.roleB)) || (r.roleB === role && selected.includes(r.roleA))));
  return (
    <Checkbox.Group value={selected} onChange={(v) => onChange?.(v as string[])} style={{ width: '100%' }} data-testid="role-checklist">
      <Row gutter={[8, 6]} style={{ width: '100%' }}>
        {ALL_ROLES.map((r) => (
          <Col span={12} key={r}>
            <Checkbox value={r} data-testid={`role-check-${r}`}>
              <Text strong={selected.includes(r)} type={!selected.includes(r) && clashes(r) ? 'danger' : undefined}>
                {r}
              </Text>
              <Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {ROLE_DESCRIPTIONS[r]}
              </Text>
            </Checkbox>
          </Col>
        ))}
      </Row>
    </Checkbox.Group>
  );
}

function CoreError({ error, testId }: { error: ApiCallError | null; testId: string }) {
  if (!error) return null;
  const sod = error.code === 'SOD_VIOLATION';
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginTop: 12 }}
      data-testid={testId}
      data-code={error.code}
      title={sod ? '违反不相容职务规则' : '保存失败'}
      description={<span data-testid={`${testId}-message`}>{error.message}</span>}
    />
  );
}

// ---- user dialogs ------------------------------------------------------------------------------

interface UserFormValues {
  username: string;
  displayName: string;
  title?: string;
  unitId?: number | null;
  password: string;
  confirm: string;
  roles: string[];
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserRow }
  | { kind: 'roles'; user: UserRow }
  | { kind: 'reset'; user: UserRow };

function UserDialog({
  dialog,
  rules,
  unitTree,
  onClose,
  onSaved,
}: {
  dialog: Dialog;
  rules: readonly SodRuleRow[];
  unitTree: ReturnType<typeof unitTreeOptions>;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const [form] = Form.useForm<UserFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  const roles = (Form.useWatch('roles', form) as string[] | undefined) ?? [];
  const password = Form.useWatch('password', form) as string | undefined;
  const user = dialog.kind === 'create' ? null : dialog.user;

  const titles = { create: '新增用户', edit: '编辑用户', roles: '分配角色', reset: '重置密码' } as const;
  const initial: Partial<UserFormValues> =
    dialog.kind === 'create'
      ? { roles: [], unitId: null }
      : { displayName: dialog.user.displayName, title: dialog.user.title ?? '', unitId: dialog.user.unitId, roles: dialog.user.roles };

  async function submit(v: UserFormValues) {
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'create') {
        const u = await api.invoke('users.create', {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          title: v.title?.trim() || null,
          unitId: v.unitId ?? null,
          password: v.password,
          roles: v.roles as RoleCode[],
        });
        onSaved(`已新增用户“${u.displayName}”（${u.username}）`);
      } else if (dialog.kind === 'edit') {
        const u = await api.invoke('users.update', {
          id: dialog.user.id,
          displayName: v.displayName.trim(),
          title: v.title?.trim() || null,
          unitId: v.unitId ?? null,
          active: dialog.user.active,
        });
        onSaved(`已保存“${u.displayName}”的资料`);
      } else if (dialog.kind === 'roles') {
        const u = await api.invoke('users.setRoles', { id: dialog.user.id, roles: v.roles as RoleCode[] });
        onSaved(`已更新“${u.displayName}”的角色`);
      } else {
        const u = await api.invoke('users.resetPassword', { id: dialog.user.id, newPassword: v.password });
        onSaved(`已重置“${u.displayName}”的密码，对方下次登录时须修改密码`);
      }
    } catch (e) {
      const err = ApiCallError.from(e);
      showFieldErrors(form, err, (p) => (p === 'newPassword' ? 'password' : p));
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const showIdentity = dialog.kind === 'create' || dialog.kind === 'edit';
  const showPassword = dialog.kind === 'create' || dialog.kind === 'reset';
  const showRoles = dialog.kind === 'create' || dialog.kind === 'roles';

  return (
    <Modal
      open
      title={
        <span>
          {titles[dialog.kind]}
          {user && (
            <Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }}>
              {user.displayName}（{user.username}）
            </Text>
          )}
        </span>
      }
      width={showRoles ? 760 : 520}
      onCancel={onClose}
      mask={{ closable: false }}
      okText={dialog.kind === 'reset' ? '重置密码' : '保存'}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'user-dialog-ok' } as Record<`data-${string}`, string>}
    >
      <div data-testid="user-dialog">
        <Form<UserFormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={busy}>
          {dialog.kind === 'create' && (
            <Form.Item
              label="用户名"
              name="username"
              rules={[
                { required: true, whitespace: true, message: '请填写用户名' },
                { min: 2, message: '用户名至少 2 个字符' },
                { max: 32, message: '用户名最多 32 个字符' },
                { pattern: /^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, message: '用户名只能包含字母、数字、汉字、下划线、点和连字符' },
              ]}
            >
              <Input autoComplete="off" autoFocus data-testid="user-field-username" />
            </Form.Item>
          )}
          {showIdentity && (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 40, message: '最多 40 个字' }]}>
                  <Input data-testid="user-field-displayName" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="职务" name="title" rules={[{ max: 40, message: '最多 40 个字' }]}>
                  <Input data-testid="user-field-title" />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item label="所在单位（部门）" name="unitId">
                  <TreeSelect
                    allowClear
                    showSearch={{ treeNodeFilterProp: 'title' }}
                    treeData={unitTree}
                    treeDefaultExpandAll
                    placeholder="可不填"
                    data-testid="user-field-unit"
                  />
                </Form.Item>
              </Col>
            </Row>
          )}
          {showPassword && (
            <>
              {dialog.kind === 'reset' && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title="重置后账户将解除锁定，对方须用新密码登录并立即修改密码。"
                />
              )}
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item label={dialog.kind === 'reset' ? '新密码' : '初始密码'} name="password" rules={newPasswordRules}>
                    <Input.Password autoComplete="new-password" data-testid="user-field-password" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label="再次输入" name="confirm" dependencies={['password']} rules={confirmRules('password')}>
                    <Input.Password autoComplete="new-password" data-testid="user-field-confirm" />
                  </Form.Item>
                </Col>
              </Row>
              <PasswordChecklist value={password} />
            </>
          )}
          {showRoles && (
            <>
              <SodHint roles={roles} rules={rules} />
              <Form.Item label="角色" name="roles" extra="可选多个角色；不相容的职务不能由同一人兼任。">
                <RoleChecklist rules={rules} />
              </Form.Item>
            </>
          )}
        </Form>
        <CoreError error={error} testId="user-dialog-error" />
      </div>
    </Modal>
  );
}

// ---- tabs --------------------------------------------------------------------------------------

function userStatus(u: UserRow) {
  if (!u.active) return <Tag data-testid="user-status">已停用</Tag>;
  if (u.locked)
    return (
      <Tag color="error" data-testid="user-status" title={u.lockedUntil ? `锁定至 ${formatDateTime(u.lockedUntil)}` : undefined}>
        已锁定
      </Tag>
    );
  return (
    <Tag color="success" data-testid="user-status">
      正常
    </Tag>
  );
}

function UsersTab({ canWrite, rules }: { canWrite: boolean; rules: readonly SodRuleRow[] }) {
  const { message } = AntApp.useApp();
  const { user: me } = useSession();
  const users = useApi('users.list', { includeInactive: true });
  const tree = useApi('units.tree', { includeInactive: false });
  const unitTree = useMemo(() => unitTreeOptions(tree.data ?? []), [tree.data]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [keyword, setKeyword] = useState('');

  async function toggle(u: UserRow) {
    try {
      await api.invoke('users.update', { id: u.id, displayName: u.displayName, title: u.title, unitId: u.unitId, active: !u.active });
      message.success(u.active ? `已停用“${u.displayName}”` : `已启用“${u.displayName}”`);
      users.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }

  const columns: TableColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username', width: 120, render: (u: string) => <Text code>{u}</Text> },
    { title: '姓名', dataIndex: 'displayName', width: 100 },
    { title: '职务', dataIndex: 'title', width: 130, render: (t: string | null) => t ?? <Text type="secondary">—</Text> },
    { title: '所在单位', dataIndex: 'unitName', width: 140, ellipsis: true, render: (t: string | null) => t ?? <Text type="secondary">—</Text> },
    { title: '角色', dataIndex: 'roles', render: (r: string[]) => <RoleTags roles={r} /> },
    {
      title: '状态',
      key: 'status',
      width: 120,
      render: (_: unknown, u) => (
        <Space size={4}>
          {userStatus(u)}
          {u.mustChangePassword && u.active && <Tag color="warning">待改密码</Tag>}
        </Space>
      ),
    },
    {
      title: '最后登录',
      dataIndex: 'lastSignInAt',
      width: 140,
      render: (t: string | null) => (t ? <span style={numStyle}>{formatDateTime(t)}</span> : <Text type="secondary">从未登录</Text>),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 230,
            render: (_: unknown, u: UserRow) => (
              <Space size={0} wrap={false}>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })} data-testid="user-edit">
                  编辑
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', user: u })} data-testid="user-roles">
                  分配角色
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'reset', user: u })} data-testid="user-reset">
                  重置密码
                </Button>
                <Popconfirm
                  title={u.active ? `停用“${u.displayName}”？` : `启用“${u.displayName}”？`}
                  description={u.active ? '停用后该用户不能登录，其历史记录保留。' : '启用后该用户可以登录。'}
                  okText={u.active ? '停用' : '启用'}
                  cancelText="取消"
                  okButtonProps={{ danger: u.active }}
                  onConfirm={() => toggle(u)}
                  disabled={u.id === me.id}
                >
                  <Button type="link" size="small" danger={u.active} disabled={u.id === me.id} data-testid="user-toggle">
                    {u.active ? '停用' : '启用'}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const k = keyword.trim().toLowerCase();
  const rows = (users.data ?? []).filter(
    (u) => !k || u.username.toLowerCase().includes(k) || u.displayName.includes(k) || u.roles.some((r) => r.includes(k)) || (u.title ?? '').includes(k),
  );

  return (
    <>
      <Flex justify="space-between" style={{ marginBottom: 12 }} gap={8} wrap>
        <Input.Search
          allowClear
          placeholder="用户名、姓名、职务或角色"
          style={{ width: 260 }}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={setKeyword}
          data-testid="users-filter"
        />
        <Space>
          <Button icon={<ReloadOutlined />} onClick={users.reload}>
            刷新
          </Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="users-new">
              新增用户
            </Button>
          )}
        </Space>
      </Flex>
      {users.error && <LoadError testId="users-error" title="无法读取用户列表" error={users.error} onRetry={users.reload} />}
      <div data-testid="users-table">
        <Table<UserRow>
          size="small"
          rowKey="id"
          loading={users.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个用户` }}
          onRow={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      {dialog && (
        <UserDialog
          dialog={dialog}
          rules={rules}
          unitTree={unitTree}
          onClose={() => setDialog(null)}
          onSaved={(text) => {
            message.success(text);
            setDialog(null);
            users.reload();
          }}
        />
      )}
    </>
  );
}

function RolesTab() {
  const roles = useApi('roles.list', {});
  const columns: TableColumnsType<RoleRow> = [
    { title: '角色', dataIndex: 'code', width: 160, render: (c: string) => <RoleTags roles={[c]} /> },
    { title: '职责说明', dataIndex: 'description' },
    { title: '类型', dataIndex: 'builtin', width: 90, render: (b: boolean) => (b ? <Tag>内置</Tag> : <Tag color="blue">自定义</Tag>) },
    {
      title: '用户数',
      dataIndex: 'userCount',
      width: 90,
      align: 'right',
      render: (n: number) => <span style={numStyle}>{formatInt(n)}</span>,
    },
  ];
  if (roles.error) return <LoadError testId="roles-error" title="无法读取角色" error={roles.error} onRetry={roles.reload} />;
  return (
    <div data-testid="roles-table">
      <Table<RoleRow>
        size="small"
        rowKey="code"
        loading={roles.loading}
        columns={columns}
        dataSource={roles.data ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'role-row', 'data-role': r.code }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

interface SodFormValues {
  name: string;
  roleA: RoleCode;
  roleB: RoleCode;
  basis: string;
  effectiveFrom: Dayjs;
}

function SodTab({ canWrite, sod }: { canWrite: boolean; sod: ReturnType<typeof useApi<'sod.list'>> }) {
  const { message } = AntApp.useApp();
  const [creating, setCreating] = useState(false);
  const [retiring, setRetiring] = useState<SodRuleRow | null>(null);
  const [retireDate, setRetireDate] = useState<Dayjs>(dayjs());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [form] = Form.useForm<SodFormValues>();
  const [showRetired, setShowRetired] = useState(true);

  async function create(v: SodFormValues) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('sod.create', {
        name: v.name.trim(),
        roleA: v.roleA,
        roleB: v.roleB,
        basis: v.basis.trim(),
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
      });
      message.success(`已新增规则“${r.name}”`);
      setCreating(false);
      form.resetFields();
      sod.reload();
    } catch (e) {
      const err = ApiCallError.from(e);
      showFieldErrors(form, err);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function retire() {
    if (!retiring) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('sod.retire', { id: retiring.id, effectiveTo: retireDate.format('YYYY-MM-DD') });
      message.success(`规则“${r.name}”于 ${r.effectiveTo} 后停用`);
      setRetiring(null);
      sod.reload();
    } catch (e) {
      setError(ApiCallError.from(e));
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<SodRuleRow> = [
    { title: '规则名称', dataIndex: 'name', width: 220 },
    {
      title: '不得兼任的角色',
      key: 'roles',
      width: 230,
      render: (_: unknown, r) => (
        <Space size={4}>
          <RoleTags roles={[r.roleA]} />
          <Text type="secondary">与</Text>
          <RoleTags roles={[r.roleB]} />
        </Space>
      ),
    },
    { title: '依据', dataIndex: 'basis' },
    { title: '生效日期', dataIndex: 'effectiveFrom', width: 110, render: (d: string) => <span style={numStyle}>{formatDate(d)}</span> },
    {
      title: '最后生效日',
      dataIndex: 'effectiveTo',
      width: 110,
      render: (d: string | null) => (d ? <span style={numStyle}>{formatDate(d)}</span> : <Text type="secondary">—</Text>),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => (a ? <Tag color="success">生效</Tag> : <Tag>已停用</Tag>),
    },
    ...(canWrite
      ? [
          {
            title: '操作',
            key: 'op',
            width: 80,
            render: (_: unknown, r: SodRuleRow) =>
              r.active ? (
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() => {
                    setError(null);
                    // Immediately: yesterday is the last day it applied (not before it took effect).
                    const yesterday = dayjs().subtract(1, 'day');
                    setRetireDate(yesterday.format('YYYY-MM-DD') < r.effectiveFrom ? dayjs(r.effectiveFrom) : yesterday);
                    setRetiring(r);
                  }}
                  data-testid="sod-retire"
                >
                  停用
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const rows = (sod.data ?? []).filter((r) => showRetired || r.active);

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Checkbox checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)}>
          显示已停用的规则
        </Checkbox>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setError(null);
              form.resetFields();
              setCreating(true);
            }}
            data-testid="sod-new"
          >
            新增规则
          </Button>
        )}
      </Flex>
      {sod.error && <LoadError testId="sod-error" title="无法读取不相容职务规则" error={sod.error} onRetry={sod.reload} />}
      <div data-testid="sod-table">
        <Table<SodRuleRow>
          size="small"
          rowKey="id"
          loading={sod.loading}
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 条规则` }}
          onRow={(r) => ({ 'data-testid': 'sod-row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
        />
      </div>
      <Modal
        open={creating}
        title="新增不相容职务规则"
        width={560}
        onCancel={() => setCreating(false)}
        mask={{ closable: false }}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'sod-dialog-ok' } as Record<`data-${string}`, string>}
        forceRender
      >
        <Form<SodFormValues> form={form} layout="vertical" onFinish={create} initialValues={{ effectiveFrom: dayjs() }} disabled={busy}>
          <Form.Item label="规则名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写规则名称' }, { min: 2, message: '至少 2 个字' }, { max: 60, message: '最多 60 个字' }]}>
            <Input placeholder="如：出纳不得兼任稽核" data-testid="sod-field-name" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label="角色一" name="roleA" rules={[{ required: true, message: '请选择角色' }]}>
                <Select showSearch options={ALL_ROLES.map((r) => ({ value: r, label: r }))} data-testid="sod-field-roleA" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                label="角色二"
                name="roleB"
                dependencies={['roleA']}
                rules={[
                  { required: true, message: '请选择角色' },
                  ({ getFieldValue }) => ({
                    validator: async (_r, v) => {
                      if (v && v === getFieldValue('roleA')) throw new Error('两个角色不能相同');
                    },
                  }),
                ]}
              >
                <Select showSearch options={ALL_ROLES.map((r) => ({ value: r, label: r }))} data-testid="sod-field-roleB" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="依据" name="basis" rules={[{ required: true, whitespace: true, message: '请写明依据' }, { min: 2, message: '请写明依据' }, { max: 200, message: '最多 200 个字' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：《工会会计制度》第×条" data-testid="sod-field-basis" />
          </Form.Item>
          <Form.Item label="生效日期" name="effectiveFrom" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker format="YYYY-MM-DD" data-testid="sod-field-effectiveFrom" />
          </Form.Item>
        </Form>
        <CoreError error={error} testId="sod-dialog-error" />
      </Modal>
      <Modal
        open={retiring !== null}
        title="停用不相容职务规则"
        onCancel={() => setRetiring(null)}
        okText="停用"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void retire()}
      >
        {retiring && (
          <>
            <Paragraph>
              规则“{retiring.name}”（{retiring.roleA} 与 {retiring.roleB} 不得兼任）停用后不再约束角色分配，规则本身保留以备查。
            </Paragraph>
            <Space>
              <Text>最后生效日：</Text>
              <DatePicker
                value={retireDate}
                onChange={(d) => d && setRetireDate(d)}
                format="YYYY-MM-DD"
                allowClear={false}
                disabledDate={(d) => d.format('YYYY-MM-DD') < retiring.effectiveFrom}
                data-testid="sod-retire-date"
              />
            </Space>
            <Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              规则在这一天之后停用（当天仍然生效）。默认为昨天，即立即停用。
            </Paragraph>
            <CoreError error={error} testId="sod-retire-error" />
          </>
        )}
      </Modal>
    </>
  );
}

export default function UsersPage() {
  const { user } = useSession();
  const canWrite = hasAnyRole(user, usersCreate.access as readonly string[]);
  const sod = useApi('sod.list', {});
  const [tab, setTab] = useState('users');

  return (
    <div data-testid="users-page">
      <PageHeading title="用户与角色" />
      {!canWrite && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="users-readonly" title="您以只读方式查看：可以查阅用户、角色和规则，不能修改。" />
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'users', label: <span data-testid="users-tab-users">用户</span>, children: <UsersTab canWrite={canWrite} rules={sod.data ?? []} /> },
            { key: 'roles', label: <span data-testid="users-tab-roles">角色</span>, children: <RolesTab /> },
            { key: 'sod', label: <span data-testid="users-tab-sod">不相容职务规则</span>, children: <SodTab canWrite={canWrite} sod={sod} /> },
          ]}
        />
      </Card>
    </div>
  );
}
