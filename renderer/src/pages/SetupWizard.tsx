// 首次使用: a three-step wizard — 本级工会 (name, 统一社会信用代码, level, fiscal year) → 系统管理员
// (user name, name, password twice) → 确认 — and, clearly apart, 打开演示数据 for trying the software.
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Steps,
  Table,
  Typography,
} from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { ORG_LEVELS, type SetupStatus } from '../../../shared/contract';
import { normalizeCreditCode, validateCreditCode } from '../../../shared/validate/creditCode';
import { api, ApiCallError } from '../api/client';
import { enterMovesToNextField } from '../components/page';
import { PasswordChecklist, confirmRules, newPasswordRules } from '../components/password';
import { BrandMark, startScreenStyle } from './SignInPage';
import { RoleTags } from '../components/page';

const { Title, Text, Paragraph } = Typography;

interface Values {
  orgName: string;
  creditCode: string;
  level: (typeof ORG_LEVELS)[number];
  fiscalYear: number;
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

const STEP_FIELDS: (keyof Values)[][] = [
  ['orgName', 'creditCode', 'level', 'fiscalYear'],
  ['username', 'displayName', 'password', 'confirm'],
  [],
];

/** The form rule of a 统一社会信用代码 field (empty allowed unless `required`), with the validator's Chinese message. */
export function creditCodeRules(required: boolean, label = '统一社会信用代码') {
  return [
    ...(required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []),
    {
      validator: async (_r: unknown, value: string | undefined) => {
        if (!value || !value.trim()) return;
        const r = validateCreditCode(value);
        if (!r.ok) throw new Error(r.message.replace('统一社会信用代码', label));
      },
    },
    {
      warningOnly: true,
      validator: async (_r: unknown, value: string | undefined) => {
        if (!value || !value.trim()) return;
        const r = validateCreditCode(value);
        if (r.ok && r.warnings.length) throw new Error(r.warnings[0]);
      },
    },
  ];
}

/** A demo account, when the core lists them in its answer to setup.loadDemo. */
interface DemoAccount {
  username: string;
  displayName: string;
  roles: string[];
  title?: string | null;
}

function demoAccountsOf(status: SetupStatus): { accounts: DemoAccount[]; password: string | null } {
  const s = status as SetupStatus & { demoAccounts?: DemoAccount[]; demoUsers?: DemoAccount[]; demoPassword?: string };
  return { accounts: s.demoAccounts ?? s.demoUsers ?? [], password: s.demoPassword ?? null };
}

export function SetupWizard({ onDone }: { onDone: (status: SetupStatus, username?: string) => void }) {
  const { modal } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<SetupStatus | null>(null);
  const password = Form.useWatch('password', form);

  async function next() {
    try {
      await form.validateFields(STEP_FIELDS[step]);
    } catch {
      return;
    }
    setError(null);
    setStep((s) => Math.min(s + 1, 2));
  }

  async function finish() {
    const v = form.getFieldsValue(true) as Values;
    setBusy(true);
    setError(null);
    try {
      const status = await api.invoke('setup.initialise', {
        orgName: v.orgName.trim(),
        creditCode: normalizeCreditCode(v.creditCode),
        level: v.level,
        fiscalYear: v.fiscalYear,
        admin: { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password },
      });
      onDone(status, v.username.trim());
    } catch (e) {
      const err = ApiCallError.from(e, 'setup.initialise');
      // Field problems go next to their fields, on the step that has them.
      const fields = (err.details ?? [])
        .map((d) => ({ name: (d.path.split('.').pop() ?? d.path) as keyof Values, errors: [d.message] }))
        .filter((f) => STEP_FIELDS.some((s) => s.includes(f.name)));
      if (fields.length) {
        form.setFields(fields);
        setStep(STEP_FIELDS.findIndex((s) => s.includes(fields[0]!.name)));
      }
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  function openDemo() {
    modal.confirm({
      title: '打开演示数据',
      width: 480,
      content: (
        <div data-testid="setup-demo-dialog">
          <Paragraph style={{ marginTop: 8 }}>
            将创建一个虚构的“演示县总工会”：内设部门、乡镇（街道）工会联合会、工作站和约 150 个基层工会，并为每个角色各建一个登录账户。
          </Paragraph>
          <Paragraph type="warning" style={{ marginBottom: 0 }}>
            演示数据仅供熟悉软件使用。载入后本数据库即为演示库，不能再登记真实的本级工会；正式使用时请另建数据库。
          </Paragraph>
        </div>
      ),
      okText: '载入演示数据',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'setup-demo-confirm' } as Record<`data-${string}`, string>,
      onOk: async () => {
        try {
          setDemo(await api.invoke('setup.loadDemo', {}));
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      },
    });
  }

  if (demo) {
    const { accounts, password: demoPassword } = demoAccountsOf(demo);
    const admin = accounts.find((a) => a.roles.includes('系统管理员'));
    return (
      <div style={startScreenStyle} data-testid="setup-demo-done">
        <Flex justify="center">
          <Card style={{ width: 760, maxWidth: '100%' }}>
            <Result
              status="success"
              title="演示数据已载入"
              subTitle={`${demo.orgName ?? '演示县总工会'}${demo.fiscalYear ? `，${demo.fiscalYear} 年度` : ''}`}
              style={{ padding: '16px 0 8px' }}
            />
            {accounts.length > 0 ? (
              <>
                <Paragraph>
                  每个角色各有一个演示账户
                  {demoPassword ? (
                    <>
                      ，初始密码均为 <Text code copyable data-testid="setup-demo-password">{demoPassword}</Text>
                    </>
                  ) : (
                    '，初始密码见使用说明（README）'
                  )}
                  。用不同账户登录，可以看到不同角色的菜单和权限。
                </Paragraph>
                <Table<DemoAccount>
                  data-testid="setup-demo-accounts"
                  size="small"
                  rowKey="username"
                  pagination={false}
                  dataSource={accounts}
                  scroll={{ y: 320 }}
                  columns={[
                    { title: '用户名', dataIndex: 'username', width: 120, render: (u: string) => <Text code>{u}</Text> },
                    { title: '姓名', dataIndex: 'displayName', width: 100 },
                    { title: '角色', dataIndex: 'roles', render: (r: string[]) => <RoleTags roles={r} /> },
                    { title: '职务', dataIndex: 'title' },
                  ]}
                />
              </>
            ) : (
              <Alert
                type="info"
                showIcon
                data-testid="setup-demo-note"
                title="演示账户"
                description="演示数据为每个角色各建了一个登录账户（系统管理员的用户名为 admin）。各账户的用户名和初始密码见使用说明（README）中的“演示数据”一节。"
              />
            )}
            <Flex justify="center" style={{ marginTop: 20 }}>
              <Button type="primary" size="large" onClick={() => onDone(demo, admin?.username)} data-testid="setup-go-signin">
                前往登录
              </Button>
            </Flex>
          </Card>
        </Flex>
      </div>
    );
  }

  const v = form.getFieldsValue(true) as Partial<Values>;

  return (
    <div style={startScreenStyle} data-testid="setup-wizard">
      <Flex vertical align="center" gap={16}>
        <Card style={{ width: 760, maxWidth: '100%', boxShadow: '0 8px 28px rgba(18,51,91,0.18)' }} styles={{ body: { padding: '28px 36px' } }}>
          <Flex align="center" gap={14} style={{ marginBottom: 24 }}>
            <BrandMark />
            <div>
              <Title level={3} style={{ margin: 0 }}>
                欢迎使用县级工会财务工作台
              </Title>
              <Text type="secondary">首次使用，请登记本级工会并创建系统管理员账户。</Text>
            </div>
          </Flex>
          <Steps
            current={step}
            style={{ marginBottom: 28 }}
            data-testid="setup-steps"
            items={[
              { title: '本级工会', content: '名称与信用代码' },
              { title: '系统管理员', content: '登录账户' },
              { title: '确认', content: '核对后完成' },
            ]}
          />
          <Form<Values>
            form={form}
            layout="horizontal"
            labelCol={{ flex: '150px' }}
            wrapperCol={{ flex: 'auto' }}
            requiredMark
            disabled={busy}
            initialValues={{ level: '县级', fiscalYear: new Date().getFullYear() }}
            onKeyDown={(e) => {
              // Enter on the last field of a step goes on to the next step.
              if (e.key === 'Enter' && !e.nativeEvent.isComposing && step < 2) {
                const t = e.target as HTMLElement;
                const last = t.getAttribute('data-last') === 'true';
                if (last) {
                  e.preventDefault();
                  void next();
                  return;
                }
              }
              enterMovesToNextField(e);
            }}
            style={{ maxWidth: 600, margin: '0 auto' }}
          >
            <div hidden={step !== 0} data-testid="setup-step-org">
              <Form.Item
                label="本级工会名称"
                name="orgName"
                rules={[
                  { required: true, whitespace: true, message: '请填写本级工会名称' },
                  { min: 2, message: '工会名称至少 2 个字' },
                  { max: 80, message: '工会名称最多 80 个字' },
                ]}
                extra="填写全称，如“××县总工会”，将显示在标题栏和报表表头。"
              >
                <Input placeholder="如：××县总工会" data-testid="setup-org-name" autoFocus />
              </Form.Item>
              <Form.Item
                label="统一社会信用代码"
                name="creditCode"
                rules={creditCodeRules(true)}
                extra="18 位，见工会法人资格证书；系统会核对第 18 位校验码。"
                validateFirst
              >
                <Input maxLength={20} placeholder="18 位代码" style={{ fontFamily: 'monospace' }} data-testid="setup-credit-code" />
              </Form.Item>
              <Form.Item label="工会级别" name="level" rules={[{ required: true, message: '请选择工会级别' }]}>
                <Select options={ORG_LEVELS.map((l) => ({ value: l, label: l }))} style={{ width: 200 }} data-testid="setup-level" />
              </Form.Item>
              <Form.Item
                label="当前会计年度"
                name="fiscalYear"
                rules={[{ required: true, message: '请填写会计年度' }]}
                extra="工会会计年度与公历年度一致。"
              >
                <InputNumber min={2000} max={2100} precision={0} suffix="年" style={{ width: 200 }} data-testid="setup-fiscal-year" data-last="true" />
              </Form.Item>
            </div>

            <div hidden={step !== 1} data-testid="setup-step-admin">
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 20 }}
                title="系统管理员负责创建其他用户、分配角色和备份数据。日常财务工作请由系统管理员另建账户办理。"
              />
              <Form.Item
                label="用户名"
                name="username"
                rules={[
                  { required: true, whitespace: true, message: '请填写用户名' },
                  { min: 2, message: '用户名至少 2 个字符' },
                  { max: 32, message: '用户名最多 32 个字符' },
                  { pattern: /^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, message: '用户名只能包含字母、数字、汉字、下划线、点和连字符' },
                ]}
                extra="登录时使用，如 admin。"
              >
                <Input autoComplete="off" data-testid="setup-admin-username" />
              </Form.Item>
              <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 40, message: '姓名最多 40 个字' }]}>
                <Input data-testid="setup-admin-name" />
              </Form.Item>
              <Form.Item label="密码" name="password" rules={newPasswordRules}>
                <Input.Password autoComplete="new-password" data-testid="setup-admin-password" />
              </Form.Item>
              <Form.Item label=" " colon={false} style={{ marginTop: -12, marginBottom: 8 }}>
                <PasswordChecklist value={password} />
              </Form.Item>
              <Form.Item label="再次输入密码" name="confirm" dependencies={['password']} rules={confirmRules('password')}>
                <Input.Password autoComplete="new-password" data-testid="setup-admin-confirm" data-last="true" />
              </Form.Item>
            </div>

            {step === 2 && (
              <div data-testid="setup-step-confirm">
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  styles={{ label: { width: 150 } }}
                  items={[
                    { key: 'org', label: '本级工会名称', children: <span data-testid="setup-summary-org">{v.orgName}</span> },
                    { key: 'code', label: '统一社会信用代码', children: <Text style={{ fontFamily: 'monospace' }}>{normalizeCreditCode(v.creditCode ?? '')}</Text> },
                    { key: 'level', label: '工会级别', children: v.level },
                    { key: 'year', label: '当前会计年度', children: `${v.fiscalYear} 年` },
                    { key: 'user', label: '系统管理员', children: `${v.displayName ?? ''}（用户名 ${v.username ?? ''}）` },
                  ]}
                />
                <Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                  完成后，本级工会将登记为单位名录中的“总工会”，随后请用系统管理员账户登录。本级工会名称等信息以后仍可在单位名录中修改。
                </Paragraph>
              </div>
            )}

            {error && (
              <Alert type="error" showIcon style={{ marginTop: 16 }} title={<span data-testid="setup-error">{error}</span>} />
            )}

            <Divider style={{ margin: '24px 0 16px' }} />
            <Flex justify="space-between">
              <Button onClick={() => setStep((s) => s - 1)} disabled={step === 0 || busy} data-testid="setup-prev">
                上一步
              </Button>
              {step < 2 ? (
                <Button type="primary" onClick={() => void next()} data-testid="setup-next">
                  下一步
                </Button>
              ) : (
                <Button type="primary" onClick={() => void finish()} loading={busy} data-testid="setup-finish">
                  完成设置
                </Button>
              )}
            </Flex>
          </Form>
        </Card>

        <Card size="small" style={{ width: 760, maxWidth: '100%' }} data-testid="setup-demo-card">
          <Flex align="center" justify="space-between" gap={16}>
            <Flex align="center" gap={12}>
              <ExperimentOutlined style={{ fontSize: 22, color: '#8c6d1f' }} />
              <div>
                <Text strong>只想先看看？</Text>
                <br />
                <Text type="secondary">载入虚构的“演示县总工会”数据和各角色的演示账户，熟悉软件后再正式使用。</Text>
              </div>
            </Flex>
            <Button onClick={openDemo} disabled={busy} data-testid="setup-demo">
              打开演示数据
            </Button>
          </Flex>
        </Card>
      </Flex>
    </div>
  );
}
